"""Sums and averages of the AKIP components and the IKM; the tolerances of every sum.

Tolerances: a total of *n* printed components matches when it equals their sum rounded to the
total's printed resolution; otherwise it is a rounding difference when the gap is within one unit
of the total plus *n* × half a unit of the components (each component may itself be rounded), else
a discrepancy. A ratio or mean of printed inputs gets one printed unit plus the error the rounding
of its inputs can cause (relative half-units, added). Counts are exact (tolerance 0).

Besides the totals: the per-unsur IKM of a semester = the mean of its two triwulan (the same rule
as the IKM of the period). The report-specific sums, ratios and formulas of the stats tables —
an IKM calculation table, the summary of a city's service units — are declared in data
(``data/checks.csv``, :mod:`.declared`; the ``formula`` rows of ``data/check_relations.csv``,
:mod:`.formulas`).

``affects_status`` (:mod:`.outcomes`): an AKIP total decides the predikat, an IKM the mutu
pelayanan, an environment index its category, an IKU realisasi its status.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from lkip_helpers.data.dataset import Dataset
from .core import Collector, Outcome, RuleText, measure_pairs, printed_resolution
from .outcomes import akip_outcome, mutu_outcome
from .texts import formula_text, joined, reader_text

__all__ = ["check_akip_components", "check_ikm", "input_error", "sum_tolerance"]


def sum_tolerance(texts: Iterable[object], values: Iterable[float]) -> float:
    """n × half a printed unit of the summed components (their possible rounding); 0 for a sum
    of whole numbers printed in full (counts, rupiah), which are exact."""
    tol = 0.0
    for t, v in zip(texts, values):
        r = printed_resolution(t, v)
        if r is not None and r != 1.0:
            tol += 0.5 * r
    return tol


def _exact(text: object, value: float) -> bool:
    return printed_resolution(text, value) == 1.0


def input_error(result: float, inputs: Iterable[tuple[object, float]]) -> float:
    """Error of a product/quotient ``result`` caused by rounding of its printed ``inputs``:
    |result| × Σ (half a printed unit / |input|)."""
    rel = 0.0
    for t, v in inputs:
        r = printed_resolution(t, v)
        if r and v:
            rel += 0.5 * r / abs(v)
    return abs(result) * rel


def _total(out: Collector, *, key: str, check: RuleText, total: pd.Series, parts: pd.DataFrame, row: str,
           family: str = "sum", outcome: Outcome | None = None) -> None:
    vals = parts["value"].fillna(0.0)
    exact = _exact(total["value_text"], total["value"]) and all(
        pd.isna(v) or _exact(t, v) for t, v in zip(parts["value_text"], parts["value"]))
    out.number(tolerance=0.0 if exact else None,
        key=key, family=family, check=check, document_id=total["document_id"], source_ref=total["source_ref"],
        row=row, printed_text=total["value_text"], printed=total["value"], recomputed=float(vals.sum()),
        extra_tolerance=sum_tolerance(parts["value_text"], vals), outcome=outcome,
        rule=(reader_text("sum of {n} printed rows ('-' as 0)", n=len(parts)) if parts["value"].isna().any()
              else reader_text("sum of {n} printed rows", n=len(parts))),
    )


def _unsur_period_means(out: Collector, iu: pd.DataFrame) -> None:
    """Per-unsur IKM of a semester = mean of the per-unsur IKM of its two triwulan."""
    plans = {"S1": ("Q1", "Q2"), "S2": ("Q3", "Q4")}
    ikm = iu[iu["measure"] == "ikm"].set_index(["entity_id", "service", "year", "period", "unsur"])
    for _, r in iu[(iu["measure"] == "ikm") & iu["period"].isin(list(plans))].iterrows():
        parts = [(r["entity_id"], r["service"], r["year"], p, r["unsur"]) for p in plans[r["period"]]]
        if not all(p in ikm.index for p in parts):
            continue
        rows = [ikm.loc[p] for p in parts]
        out.number(key=f"period-mean:{r['document_id']}:ikm-unsur:{r['service']}:{int(r['year'])}-"
                       f"{r['period'].lower()}:{r['unsur'].lower()}",
                   family="average", check=reader_text("per-unsur IKM of {period} = mean of {first} and {second}",
                                                        period=str(r["period"]), first=plans[r["period"]][0],
                                                        second=plans[r["period"]][1]),
                   document_id=r["document_id"], source_ref=r["source_ref"],
                   row=f"{r['unsur']} {r['unsur_name']} ({r['period']})", printed_text=r["value_text"],
                   printed=r["value"], recomputed=sum(float(x["value"]) for x in rows) / 2.0,
                   extra_tolerance=sum_tolerance([x["value_text"] for x in rows], [x["value"] for x in rows]) / 2.0,
                   outcome=mutu_outcome,
                   rule=formula_text("({parts}) / 2 ({first}, {second})", parts=joined(" + ", [str(x["value_text"]) for x in rows]),
                                     first=rows[0]["source_ref"], second=rows[1]["source_ref"]))


def check_akip_components(ds: Dataset, out: Collector, documents: set[str]) -> None:
    """AKIP total = perencanaan + pengukuran + pelaporan + evaluasi internal."""
    ac = ds.tables["akip_components"]
    ac = ac[ac["document_id"].isin(documents)]
    for (ent, year), g in ac.groupby(["entity_id", "year"]):
        tot = g[g["component"] == "total"]
        parts = g[g["component"] != "total"]
        if tot.empty or len(parts) != 4:
            continue
        _total(out, key=f"sum:{tot.iloc[0]['document_id']}:akip-components:{ent}:{int(year)}",
               check=reader_text("AKIP total = sum of the four components"), total=tot.iloc[0], parts=parts,
               row=reader_text("{entity} {year} total", entity=str(ent), year=int(year)), outcome=akip_outcome)


def check_ikm(ds: Dataset, out: Collector, documents: set[str]) -> None:
    """IKM per unsur = NRR × 25, and the per-unsur IKM of a semester = the mean of its triwulan
    (``ikm_unsur``, any report). A report's IKM calculation and the summary of its service units
    are declared (``formula`` rows of ``data/check_relations.csv``)."""
    iu = ds.tables["ikm_unsur"]
    iu = iu[iu["document_id"].isin(documents)]
    _unsur_ikm(out, iu)
    _unsur_period_means(out, iu)


def _unsur_ikm(out: Collector, iu: pd.DataFrame) -> None:
    """IKM per unsur = NRR × 25 (``iu``: the ``ikm_unsur`` rows of the documents)."""
    for r, n in measure_pairs(iu, "ikm", "nrr"):
        out.number(key=f"ikm-unsur:{r['document_id']}:{r['service']}:{int(r['year'])}-{r['period'].lower()}:{r['unsur'].lower()}",
                   family="ikm", check=reader_text("IKM per unsur = NRR × 25"), document_id=r["document_id"],
                   source_ref=r["source_ref"], row=f"{r['unsur']} {r['unsur_name']} ({r['period']})",
                   printed_text=r["value_text"], printed=r["value"], recomputed=n["value"] * 25,
                   outcome=mutu_outcome, rule=formula_text("{nrr} × 25", nrr=n["value_text"]))
