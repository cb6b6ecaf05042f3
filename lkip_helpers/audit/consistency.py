"""The same figure printed in two places: the second printing must equal the first (exact, at
the coarser of the two printed resolutions: a figure printed as ``2,9 T`` matches
2.997.679.830.479 when it rounds to it).

Pairs checked: a PAD figure of the five-year table vs the component table; a document coverage of
the coverage table vs the sub-indicator realisasi; a programme budget quoted in the text vs the
programme line of the budget table.
"""

from __future__ import annotations

import difflib
import re

import pandas as pd

from ..dataset import Dataset
from .core import Collector, printed_resolution, slug

__all__ = ["check_consistency"]


def _pair(out: Collector, *, key: str, second: pd.Series, first: pd.Series, row: str, what: str) -> None:
    res = max(printed_resolution(second["value_text"], second["value"]) or 1.0,
              printed_resolution(first["value_text"], first["value"]) or 1.0)
    out.number(key=key, family="consistency", check=f"{what} printed twice", document_id=second["document_id"],
               source_ref=second["source_ref"], row=row, printed_text=second["value_text"], printed=second["value"],
               recomputed=first["value"], resolution=res, tolerance=0.0,
               rule=f"{first['value_text']} in {first['source_ref']}")


def _norm(s: object) -> str:
    return re.sub(r"[^a-z0-9]", "", str(s).lower())


def check_consistency(ds: Dataset, out: Collector, documents: set[str]) -> None:
    """Every pair of the module docstring."""
    st = ds.tables
    p5 = st.get("stats-pad-5-tahun")
    pk = st.get("stats-pad-komponen")
    if p5 is not None and pk is not None:
        p5 = p5[p5["document_id"].isin(documents) & p5["source_ref"].str.startswith("Tabel")]
        tot = pk[pk["document_id"].isin(documents) & (pk["category"] == "PENDAPATAN ASLI DAERAH")]
        names = {"target": "target", "realisasi": "realisasi", "capaian": "persen_realisasi"}
        for _, r in p5.iterrows():
            if str(r["category"]) != str(r["year"]) or r["variable"] not in names:
                continue
            other = tot[(tot["variable"] == names[r["variable"]]) & (tot["year"] == r["year"])]
            if not other.empty:
                _pair(out, key=f"same-figure:{r['document_id']}:pad-5-tahun:{r['variable']}-{int(r['year'])}",
                      second=r, first=other.iloc[0], row=f"{r['year']} {r['variable']}", what=f"PAD {r['variable']}")
    cov = st.get("stats-dukcapil-document-coverage")
    if cov is not None:
        iv = st["indicator_values"]
        ind = st["indicators"]
        for _, r in cov[cov["document_id"].isin(documents) & (cov["variable"] == "coverage_pct")].iterrows():
            if pd.isna(r["year"]):
                continue
            cands = ind[ind["entity_id"] == r["entity_id"]]
            scores = cands["name"].map(lambda n: difflib.SequenceMatcher(None, _norm(n), _norm(r["category"])).ratio())
            if scores.empty or scores.max() < 0.9:
                continue
            ind_id = cands.loc[scores.idxmax(), "indicator_id"]
            real = iv[(iv["indicator_id"] == ind_id) & (iv["year"] == r["year"]) & (iv["period"] == "annual")
                      & (iv["measure"] == "realisasi")]
            if not real.empty:
                _pair(out, key=f"same-figure:{r['document_id']}:dukcapil-document-coverage:{ind_id}:{int(r['year'])}",
                      second=r, first=real.iloc[0], row=r["category"], what="coverage")
    infra = st.get("stats-infrastructure")
    if infra is not None:
        b = st["budgets"]
        prog = b[b["document_id"].isin(documents) & (b["level"] == "program") & (b["measure"] == "pagu")
                 & b["source_ref"].str.startswith("Tabel")]
        for _, r in infra[infra["document_id"].isin(documents)
                          & infra["variable"].isin(["anggaran_perubahan"])].iterrows():
            hit = prog[prog["name"].map(_norm) == _norm(r["category"])]
            if not hit.empty:
                _pair(out, key=f"same-figure:{r['document_id']}:infrastructure:{slug(r['category'])}:pagu",
                      second=r, first=hit.iloc[0], row=r["category"], what="programme pagu")
