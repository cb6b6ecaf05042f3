"""The core tables of a data package as they are written: every cell a string (``""`` blank).

The template is filled and the import merges on these, so that a figure keeps exactly the text its
file holds and rows nobody touched are written back unchanged.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

__all__ = ["read_raw_tables"]


def read_raw_tables(descriptor: dict, data_dir: Path | None) -> dict[str, pd.DataFrame]:
    """Every non-``stats`` table as strings (``""`` blank); header-only frames for a new package."""
    tables = {}
    for resource in descriptor["resources"]:
        if resource["name"].startswith("stats-"):
            continue
        names = [f["name"] for f in resource["schema"]["fields"]]
        path = None if data_dir is None else data_dir / resource["path"]
        if path is not None and path.exists():
            tables[resource["name"]] = pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False,
                                                   encoding="utf-8")
        else:
            tables[resource["name"]] = pd.DataFrame(columns=names, dtype=str)
    return tables
