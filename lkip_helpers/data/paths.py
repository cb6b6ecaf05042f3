"""Where the project's data and outputs live."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["PROJECT_ROOT", "default_data_dir", "default_output_dir", "sources_dir"]

#: The repository root when the package is used from a checkout (editable install).
PROJECT_ROOT = Path(__file__).resolve().parents[2]


def default_data_dir() -> Path:
    """The data package directory: ``$LKIP_DATA_DIR`` if set, else the checkout's ``data/``."""
    env = os.environ.get("LKIP_DATA_DIR")
    if env:
        return Path(env).expanduser().resolve()
    candidate = PROJECT_ROOT / "data"
    if (candidate / "datapackage.json").exists():
        return candidate
    return (Path.cwd() / "data").resolve()


def default_output_dir() -> Path:
    """The output directory: ``$LKIP_OUTPUT_DIR`` if set, else the checkout's ``outputs/``."""
    env = os.environ.get("LKIP_OUTPUT_DIR")
    return Path(env).expanduser().resolve() if env else PROJECT_ROOT / "outputs"


def sources_dir() -> Path | None:
    """The folder of source report texts (``../shared/sources`` beside the checkout), if present."""
    env = os.environ.get("LKIP_SOURCES_DIR")
    candidates = [Path(env)] if env else []
    candidates.append(PROJECT_ROOT.parent / "shared" / "sources")
    for c in candidates:
        if c.is_dir():
            return c.resolve()
    return None
