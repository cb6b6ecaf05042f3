"""The findings of both reports stay what they were when report-specific checks move from code to
declared data (issue 16): a snapshot of every recomputed figure and of the handed-over findings.

Compared: for every recomputed figure (``audit_report(..., grouped=False)``) and for every
handed-over finding (``audit_report``, with its number of repeats), the family of the check, the
printed text, the recomputed value (6 significant digits) and the status — a multiset, so that a
check moved into data with a new key or wording is still the same check. Write the snapshot
again only when a change of the findings is intended:

    .venv/bin/python tests/audit/test_findings_snapshot.py --write
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pandas as pd

SNAPSHOT = Path(__file__).with_name("findings_snapshot.csv")
COLUMNS = ["view", "document_id", "family", "printed_text", "recomputed", "status", "repeats"]


def current_findings() -> pd.DataFrame:
    """The snapshot's rows for the data of ``$LKIP_DATA_DIR`` or ``data/``."""
    from lkip_helpers.audit import audit_report
    from lkip_helpers.data.dataset import load_dataset
    from lkip_helpers.data.paths import default_data_dir

    ds = load_dataset(default_data_dir())
    frames = []
    for entity, year in ds.entity_years().itertuples(index=False):
        for view, f in (("raw", audit_report(ds, entity, int(year), grouped=False)),
                        ("grouped", audit_report(ds, entity, int(year)))):
            frames.append(pd.DataFrame({
                "view": view, "document_id": f["document_id"], "family": f["family"],
                "printed_text": f["printed_text"].astype(str),
                "recomputed": [("" if pd.isna(v) else f"{float(v):.6g}") for v in f["recomputed"]],
                "status": f["status"], "repeats": f["repeats"] if "repeats" in f.columns else 0,
            }))
    return pd.concat(frames, ignore_index=True)[COLUMNS].astype(str)


def _multiset(df: pd.DataFrame) -> Counter:
    return Counter(map(tuple, df[COLUMNS].astype(str).itertuples(index=False)))


def test_findings_are_those_of_the_snapshot():
    saved = pd.read_csv(SNAPSHOT, dtype=str, keep_default_na=False)
    now, before = _multiset(current_findings()), _multiset(saved)
    gone, new = sorted(before - now), sorted(now - before)
    assert not gone and not new, f"findings no longer found: {gone[:10]}; findings not in the snapshot: {new[:10]}"
    assert (saved["view"] == "raw").sum() > 800 and (saved["status"] != "match").sum() > 100


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        raise SystemExit("usage: python tests/audit/test_findings_snapshot.py --write")
    current_findings().to_csv(SNAPSHOT, index=False)
    print(f"wrote {SNAPSHOT}")
