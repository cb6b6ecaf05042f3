"""Shared fixtures: the project's dataset (loaded once) and a writable copy of data/."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lkip_helpers.dataset import load_dataset
from lkip_helpers.paths import PROJECT_ROOT, sources_dir

DATA_DIR = PROJECT_ROOT / "data"


@pytest.fixture(scope="session")
def ds():
    return load_dataset(DATA_DIR)


@pytest.fixture()
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


@pytest.fixture(scope="session")
def sources() -> Path:
    found = sources_dir()
    if found is None:
        pytest.skip("../shared/sources/ is not beside the checkout: provenance cannot be checked")
    return found
