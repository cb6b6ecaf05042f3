"""Audit of a report's arithmetic: recompute every derived figure it prints.

>>> from lkip_helpers.audit import audit_report   # doctest: +SKIP
>>> findings = audit_report(ds, "kota-bekasi", 2023)   # doctest: +SKIP

Each finding is one printed figure (a capaian, a total, an average, a share, a predikat, a
year-on-year change, ...) beside the value recomputed from the figures it is derived from, with
its location (``document_id``, ``source_ref``, ``row``), the gap and a status:

* ``match`` — the recomputed value rounded (half up) to the printed resolution is the printed
  figure (``87,14`` is compared at 0.01, ``2.290`` at 1);
* ``rounding difference`` — not a match, but within the check's tolerance: by default one unit of
  the last printed digit (a figure truncated instead of rounded), plus half a unit of each summed
  component for a total, plus the error the rounding of printed inputs can cause for a ratio;
* ``discrepancy`` — beyond the tolerance, or a label (predikat, category, direction word) that
  differs from the recomputed one.

Findings are sorted most material first (status, then the relative gap; 100 per band for
labels). A figure printed identically in several places with the same non-match result is one
finding whose ``source_ref`` joins the places with ``"; "``.

Check families (module): ``capaian``, ``coverage``, ``average`` (IKM periods), ``consistency``,
``summary``, ``yoy`` (:mod:`.indicators`); ``sum``, ``ratio``, ``formula``, ``average``, ``count``,
``ikm`` (:mod:`.sums`); ``sum``, ``efficiency``, ``budget-text``, ``count`` (:mod:`.budgets`);
``predicate`` (:mod:`.predicates`); ``consistency`` (:mod:`.consistency`).
"""

from __future__ import annotations

import pandas as pd

from ..dataset import Dataset
from .budgets import budget_lines, check_budgets
from .consistency import check_consistency
from .core import FINDING_COLUMNS, STATUSES, Collector, Finding, classify, findings_frame, printed_resolution
from .indicators import (
    check_aggregate_targets,
    check_capaian,
    check_coverage,
    check_ikm_periods,
    check_plan_targets,
    check_status_summary,
    check_yoy_claims,
)
from .predicates import check_predicates
from .sums import check_akip_components, check_ikm, check_stats

__all__ = [
    "CHECKS",
    "FINDING_COLUMNS",
    "ROUNDING_RULES",
    "STATUSES",
    "Finding",
    "audit_documents",
    "audit_report",
    "budget_lines",
    "classify",
    "known_vs_new",
    "printed_resolution",
    "summary_counts",
]

#: Every check function, in the order the audit runs them.
CHECKS = (
    check_capaian,
    check_coverage,
    check_ikm_periods,
    check_plan_targets,
    check_aggregate_targets,
    check_status_summary,
    check_yoy_claims,
    check_stats,
    check_akip_components,
    check_ikm,
    check_budgets,
    check_predicates,
    check_consistency,
)

#: The rounding rules in words (shown by the audit notebook).
ROUNDING_RULES: dict[str, str] = {
    "match": "the recomputed value, rounded half up to the printed resolution, equals the printed figure",
    "rounding difference": (
        "not a match, but within the tolerance: one unit of the last printed digit (truncation instead of "
        "rounding), plus half a unit per summed component (totals of rounded figures), plus the error that "
        "the rounding of the printed inputs can cause (ratios); exact checks (counts, the same figure "
        "printed twice) have no tolerance"
    ),
    "discrepancy": "beyond the tolerance, or a label (predikat, category, direction word) that differs",
}


def audit_documents(ds: Dataset, documents: set[str] | list[str]) -> pd.DataFrame:
    """All findings for the figures printed in ``documents`` (see the module docstring)."""
    docs = set(documents)
    known = set(ds.tables["documents"]["document_id"])
    unknown = docs - known
    if unknown:
        raise ValueError(f"unknown document_id(s) {sorted(unknown)}; valid: {', '.join(sorted(known))}")
    out = Collector()
    for check in CHECKS:
        check(ds, out, docs)
    return _merge_repeats(out.frame())


def audit_report(ds: Dataset, entity: str, year: int) -> pd.DataFrame:
    """All findings for the report of ``entity`` for ``year`` (one row per finding, most material
    first; columns :data:`FINDING_COLUMNS`).

    Raises:
        ParameterError: no report of ``entity`` for ``year`` in the data.
    """
    ds.check_entity_year(entity, year)
    d = ds.tables["documents"]
    docs = set(d.loc[(d["entity_id"] == entity) & (d["report_year"] == year), "document_id"])
    return audit_documents(ds, docs)


def _merge_repeats(df: pd.DataFrame) -> pd.DataFrame:
    """One finding for a non-match repeated identically in several places (same check, same
    printed text, same recomputed value); the first key is kept, places are joined with '; '."""
    bad = df[df["status"] != "match"].copy()
    if bad.empty:
        return df
    bad["_sig"] = list(zip(bad["document_id"], bad["family"], bad["check"], bad["printed_text"],
                           bad["recomputed"].round(6)))
    keep = []
    for _, g in bad.groupby("_sig", sort=False):
        if g["source_ref"].nunique() < len(g):  # several lines of one table: distinct figures
            keep.extend(r.drop(labels="_sig") for _, r in g.iterrows())
            continue
        g = g.sort_values(["source_ref", "key"], key=lambda s: s.str.startswith("Tabel").map({True: 0, False: 1})
                          if s.name == "source_ref" else s)
        first = g.iloc[0].copy()
        if len(g) > 1:
            first["source_ref"] = "; ".join(dict.fromkeys(g["source_ref"]))
            first["row"] = "; ".join(dict.fromkeys(g["row"]))
        keep.append(first.drop(labels="_sig"))
    merged = pd.concat([df[df["status"] == "match"], pd.DataFrame(keep)], ignore_index=True)
    return findings_frame(Finding(**{c: r[c] for c in FINDING_COLUMNS}) for _, r in merged.iterrows())


def summary_counts(findings: pd.DataFrame) -> pd.DataFrame:
    """Counts of findings per check family and status (a column per status, plus ``total``)."""
    t = pd.crosstab(findings["family"], findings["status"]).reindex(columns=list(STATUSES), fill_value=0)
    t["total"] = t.sum(axis=1)
    t.loc["all"] = t.sum()
    t.columns.name = None
    return t.astype(int)


def known_vs_new(findings: pd.DataFrame, discrepancies: pd.DataFrame) -> pd.DataFrame:
    """The non-match findings with the discrepancy rows whose ``audit_key`` names them.

    Columns: ``key``, ``status``, ``family``, ``source_ref``, ``printed_text``, ``recomputed``,
    ``gap``, ``discrepancy_ids`` (comma-joined, empty for a finding not in the table) and
    ``known`` (bool).
    """
    bad = findings[findings["status"] != "match"]
    keyed = discrepancies.dropna(subset=["audit_key"]) if "audit_key" in discrepancies else discrepancies.iloc[0:0]
    ids = keyed.groupby("audit_key")["discrepancy_id"].agg(lambda s: ", ".join(sorted(s)))
    out = bad[["key", "status", "family", "source_ref", "printed_text", "recomputed", "gap"]].copy()
    out["discrepancy_ids"] = out["key"].map(ids).fillna("")
    out["known"] = out["discrepancy_ids"] != ""
    return out.reset_index(drop=True)
