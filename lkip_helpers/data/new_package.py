"""Start an empty data package: the same tables and columns as the project's ``data/``, no rows.

``lkip import`` into a folder that does not exist yet (or is empty) starts from here, so a new
entity's report can live in a data folder of its own.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from .atomic import atomic_write_text
from .datapackage import build_descriptor, write_descriptor
from .paths import PROJECT_ROOT

__all__ = ["create_empty_package"]

_METADATA_FILES = ("fields.yaml", "resources.yaml")


def create_empty_package(folder: Path | str, template: Path | str | None = None) -> Path:
    """Create a data package in ``folder`` with every table of ``template`` (default: the
    project's ``data/``) as a header-only CSV, its ``metadata/`` and its ``datapackage.json``.

    The ``stats/`` tables are not created (they are added per report). Returns ``folder``.

    Raises:
        FileExistsError: ``folder`` exists and is not empty.
    """
    folder = Path(folder)
    template = Path(template) if template else PROJECT_ROOT / "data"
    if folder.exists() and any(folder.iterdir()):
        raise FileExistsError(f"{folder} is not empty: a new data package needs an empty folder")
    (folder / "metadata").mkdir(parents=True, exist_ok=True)
    for name in _METADATA_FILES:
        shutil.copyfile(template / "metadata" / name, folder / "metadata" / name)
    atomic_write_text(folder / "metadata" / "stats_topics.yaml", "{}\n")
    for resource in build_descriptor(folder)["resources"]:
        header = ",".join(field["name"] for field in resource["schema"]["fields"])
        atomic_write_text(folder / resource["path"], header + "\n")
    write_descriptor(folder)
    return folder
