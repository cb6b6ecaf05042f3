"""Print a draft keyed schema for stats topics, derived from their current rows.

    python scripts/draft_topic_schema.py crime-cases pad-komponen

For each topic: the ``primaryKey`` (the default key, checked to be unique in the data) and the
``variables`` with the unit(s) each is printed in, as YAML to paste into
``data/metadata/stats_topics.yaml`` after reviewing it (docs/data-model.md, "Keyed stats topics").
"""

from __future__ import annotations

import sys

import pandas as pd
import yaml

from lkip_helpers.data.keyed import DEFAULT_KEY
from lkip_helpers.data.paths import default_data_dir


def draft(topic: str) -> dict:
    """The draft schema of ``data/stats/<topic>.csv``; a note instead of a key when rows repeat it."""
    df = pd.read_csv(default_data_dir() / "stats" / f"{topic}.csv", dtype=str, keep_default_na=False)
    units = {var: sorted(set(g)) for var, g in df.groupby("variable")["unit"]}
    out: dict = {"primaryKey": list(DEFAULT_KEY)}
    if df.duplicated(list(DEFAULT_KEY)).any():
        out["primaryKey"] = f"NOT UNIQUE: {int(df.duplicated(list(DEFAULT_KEY)).sum())} rows repeat the key"
    out["variables"] = {var: u[0] if len(u) == 1 else u for var, u in units.items()}
    return out


if __name__ == "__main__":
    for name in sys.argv[1:]:
        print(yaml.safe_dump({name: draft(name)}, allow_unicode=True, sort_keys=False, default_flow_style=None), end="")
