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

Findings are sorted most material first (status, then the materiality: the relative gap in % of
the recomputed value, capped at 1000 %, the cap also when the recomputed value is 0; 100 per band
for labels, which have no numeric gap). ``affects_status`` says whether the printed and the
recomputed value lead to a different status (tercapai / tidak tercapai), predikat, mutu or
category, where such an outcome depends on the figure. A figure printed identically in several
places with the same non-match result is one finding whose ``source_ref`` joins the places with
``"; "``.

The known-discrepancies table links its rows to findings by ``audit_key`` (:mod:`.known`):
:func:`known_vs_new` marks each non-match finding known or new, :func:`recorded_discrepancies`
says for each row of a report whether the audit rediscovered it, or why it cannot be recomputed.

Check families (module): ``capaian``, ``coverage``, ``average`` (IKM periods), ``consistency``,
``summary``, ``yoy`` (:mod:`.indicators`); ``sum``, ``average``, ``count``, ``ikm`` (:mod:`.sums`); ``sum``, ``efficiency``, ``budget-text``, ``count`` (:mod:`.budgets`);
``predicate`` (:mod:`.predicates`); ``consistency`` (:mod:`.consistency`); claims the text makes a
second time, stored in stats ``text-claims`` (:mod:`.claims`); the sums declared in
``data/checks.csv`` (:mod:`.declared`) and the ratios, shares, formulas (families ``formula``,
``ratio``, ``average``, ``sum``, ``count``, :mod:`.formulas`), bands within a stated range
(:mod:`.ranges`) and same-figure pairs — also across reports — declared in ``data/check_relations.csv`` (:mod:`.relations`); target series swapped
between two tables of a plan (:mod:`.swaps`); formulas printed with their numbers
(:mod:`.expressions`). :mod:`.workpaper` writes the findings as an Excel work paper.
"""

from __future__ import annotations

import pandas as pd

from lkip_helpers.data.dataset import Dataset
from lkip_helpers.data.errors import ParameterError
from .rule_text import text_of, texts_in_language
from .texts import joined
from .budgets import budget_lines, check_budgets
from .claims import check_text_claims
from .consistency import check_consistency
from .core import (
    FINDING_COLUMNS,
    MATERIALITY_CAP,
    STATUSES,
    Collector,
    Finding,
    classify,
    findings_frame,
    order_findings,
    materiality,
    printed_resolution,
)
from .indicators import (
    check_capaian,
    check_coverage,
    check_ikm_periods,
    check_plan_targets,
    check_status_summary,
    check_yoy_claims,
)
from .declared import check_declared
from .expressions import check_printed_formulas
from .relations import check_relations
from .swaps import check_swapped_targets
from .grouping import CONSEQUENCES, GROUP_COLUMNS, UNREADABLE, group_findings, unreadable_reason
from .known import key_matches, known_vs_new, recorded_discrepancies
from .predicate_checks import check_predicates
from .sums import check_akip_components, check_ikm

__all__ = [
    "texts_in_language",
    "CHECKS",
    "CONSEQUENCES",
    "GROUP_COLUMNS",
    "UNREADABLE",
    "group_findings",
    "unreadable_reason",
    "FINDING_COLUMNS",
    "MATERIALITY_CAP",
    "ROUNDING_RULES",
    "rounding_rules_markdown",
    "STATUSES",
    "Finding",
    "audit_documents",
    "audit_report",
    "budget_lines",
    "classify",
    "findings_table",
    "key_matches",
    "known_vs_new",
    "materiality",
    "printed_resolution",
    "recorded_discrepancies",
    "report_documents",
    "rediscovery_summary",
    "summary_counts",
]

#: Every check function, in the order the audit runs them.
CHECKS = (
    check_capaian,
    check_coverage,
    check_ikm_periods,
    check_plan_targets,
    check_swapped_targets,
    check_status_summary,
    check_yoy_claims,
    check_declared,
    check_relations,
    check_printed_formulas,
    check_akip_components,
    check_ikm,
    check_budgets,
    check_predicates,
    check_consistency,
    check_text_claims,
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
    "materiality": (
        "orders the findings: the relative gap |printed − recomputed| / |recomputed| × 100, capped at "
        f"{MATERIALITY_CAP:g} %; a figure printed where 0 is recomputed gets the cap; a label mismatch counts "
        "100 per band or grade apart and has no numeric gap"
    ),
    "affects_status": (
        "True when the printed and the recomputed value lead to a different status (tercapai / tidak "
        "tercapai), AKIP predikat, IKM mutu or environment category; False when they lead to the same; "
        "empty where no such outcome depends on the figure (sums of rupiah, counts, year-on-year sizes)"
    ),
}


def rounding_rules_markdown(lang: str | None = None) -> str:
    """:data:`ROUNDING_RULES` as a Markdown list (``* **match** — ...``) in the reader's language
    (``lang``, default the current one; each name and rule through the message catalog), as the
    audit notebook shows them."""
    from lkip_helpers.data.i18n import translate

    return "\n".join(f"* **{translate(name, lang)}** — {translate(rule, lang)}" for name, rule in ROUNDING_RULES.items())


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


def report_documents(ds: Dataset, entity: str, year: int) -> set[str]:
    """The document_id(s) of the report of ``entity`` for ``year``.

    Raises:
        ParameterError: no report of ``entity`` for ``year`` in the data.
    """
    ds.check_entity_year(entity, year)
    d = ds.tables["documents"]
    docs = set(d.loc[(d["entity_id"] == entity) & (d["report_year"] == year), "document_id"])
    if not docs:  # pragma: no cover - check_entity_year already refuses this
        raise ParameterError(f"no document of {entity} for {year}")
    return docs


def audit_report(ds: Dataset, entity: str, year: int, *, grouped: bool = True) -> pd.DataFrame:
    """The findings for the report of ``entity`` for ``year``.

    ``grouped`` (default): one row per underlying error with its repeats under it, ordered by
    consequence, with readable locations (:func:`lkip_helpers.audit.grouping.group_findings`;
    columns :data:`FINDING_COLUMNS` + :data:`GROUP_COLUMNS`). ``grouped=False``: every recomputed
    figure, as :func:`audit_documents` (most material first; columns :data:`FINDING_COLUMNS`).

    Raises:
        ParameterError: no report of ``entity`` for ``year`` in the data.
    """
    raw = audit_documents(ds, report_documents(ds, entity, year))
    return group_findings(ds, raw) if grouped else raw


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
            rows = [text_of(r, "row") for r in g.to_dict("records")]
            first["row_message"], first["row_params"] = "{rows}", {"rows": joined("; ", rows)}
        keep.append(first.drop(labels="_sig"))
    kept = pd.DataFrame(keep, columns=FINDING_COLUMNS).astype({"affects_status": "object"})
    matches = df[df["status"] == "match"].astype({"affects_status": "object"})
    return order_findings(pd.concat([matches, kept], ignore_index=True))


def findings_table(findings: pd.DataFrame, *, only_non_matching: bool = True, lang: str | None = None) -> pd.DataFrame:
    """A display copy of ``findings`` for a reader, in the findings' order.

    For grouped findings (:func:`audit_report`): consequence, status, location (table and row as
    printed), printed and recomputed in the report's notation, the size in the figure's own terms,
    the printing the evidence supports, the repeats grouped under the finding, rule and key. For
    ungrouped findings: status, family, source_ref, row, printed, recomputed, gap, materiality,
    affects status, rule and key. Numbers are text with 2 decimals (thousands separated); the gap
    is empty for a label finding; ``affects status`` is ``yes`` / ``no``, empty where no status
    depends on the figure. ``only_non_matching`` drops the matches. ``lang`` (grouped findings):
    the headers and the consequence and status words in that language through the message
    catalog, and the size in its notation; without it the table is in English. The ``key`` column
    keeps its name in every language: a report shows it as the row's link
    (``show_table(..., row_id="key")``), not as a cell.
    """
    f = findings[findings["status"] != "match"] if only_non_matching else findings

    def num(v: object) -> str:
        return "" if v is None or pd.isna(v) else f"{float(v):,.2f}"

    if "consequence" in f.columns:
        out = pd.DataFrame({
            "consequence": f["consequence"], "status": f["status"], "location": f["location"],
            "printed": f["printed_as"], "recomputed": f["recomputed_as"], "size": f["weight"].map(num),
            "supported printing": f["supported"],
            "repeats": [f"{n}: {at}" if n else "" for n, at in zip(f["repeats"], f["repeated_at"])],
            "rule": f["rule"],
            "key": [k if not r else f"{k}; {r}" for k, r in zip(f["key"], f["repeat_keys"])],
        })
        return _in_language(out, f, lang).reset_index(drop=True)
    out = pd.DataFrame({
        "status": f["status"], "family": f["family"], "source_ref": f["source_ref"], "row": f["row"],
        "printed": f["printed_text"], "recomputed": f["recomputed_text"], "gap": f["gap"].map(num),
        "materiality": f["materiality"].map(num),
        "affects status": f["affects_status"].map(lambda v: "" if v is pd.NA or v is None else ("yes" if v else "no")),
        "rule": f["rule"], "key": f["key"],
    })
    return out.reset_index(drop=True)


def _in_language(table: pd.DataFrame, findings: pd.DataFrame, lang: str | None) -> pd.DataFrame:
    """The grouped findings table with its headers and words in ``lang`` (unchanged without)."""
    if lang is None:
        return table
    from lkip_helpers.data.i18n import check_language, format_number, translate

    from .rule_text import in_language, text_of

    lang = check_language(lang)
    rows = findings.to_dict("records")
    # each text composed in the reader's language from the message its check recorded (numbers in
    # the reader's notation); a text without a message (a number, a location) through the catalog
    composed = {column: [in_language(t if isinstance(t := text_of(r, source), dict) else shown, lang)
                         for r, shown in zip(rows, table[column])]
                for column, source in (("rule", "rule"), ("supported printing", "supported"),
                                       ("recomputed", "recomputed"), ("location", "location"),
                                       ("repeats", "repeats"))}
    table = table.assign(consequence=[translate(c, lang) for c in table["consequence"]],
                         status=[translate(c, lang) for c in table["status"]],
                         size=["" if pd.isna(v) else format_number(v, 2, lang) for v in findings["weight"]],
                         **composed)
    headers = {"consequence": translate("consequence", lang), "status": translate("status", lang),
               "location": translate("location", lang), "printed": translate("printed", lang),
               "recomputed": translate("recomputed", lang), "size": translate("size", lang),
               "supported printing": translate("supported printing", lang), "repeats": translate("repeats", lang),
               "rule": translate("rule", lang)}
    return table.rename(columns=headers)


def summary_counts(findings: pd.DataFrame, lang: str | None = None) -> pd.DataFrame:
    """Counts of findings per check family and status (a column per status, plus ``total``);
    with ``lang``, the family and status words and the headers in that language."""
    t = pd.crosstab(findings["family"], findings["status"]).reindex(columns=list(STATUSES), fill_value=0)
    t["total"] = t.sum(axis=1)
    t.loc["all"] = t.sum()
    t.columns.name = None
    t = t.astype(int)
    if lang is None:
        return t
    from lkip_helpers.data.i18n import check_language, translate

    lang = check_language(lang)
    words = {w: translate(w, lang) for w in [*t.index, *t.columns, "family"]}
    t = t.rename(index=words, columns=words)
    t.index.name = words["family"]
    return t


def rediscovery_summary(findings: pd.DataFrame, discrepancies: pd.DataFrame, documents: set[str],
                        lang: str | None = None) -> str:
    """Three lines on the audit against the known-discrepancies table of ``documents``:

    * findings and how many match / do not match;
    * ``rediscovered: X of Y computable`` — Y rows of the table for the report have an
      ``audit_key``, X of them link a finding that does not match; and how many rows cannot be
      recomputed (no ``audit_key``);
    * the non-matching findings known to the table and the new ones.
    """
    table = known_vs_new(findings, discrepancies)
    rec = recorded_discrepancies(findings, discrepancies, documents)
    computable = rec[rec["result"] != "not recomputable"]
    found = int((computable["result"] == "rediscovered").sum())
    from lkip_helpers.data.i18n import translate

    return "\n".join([
        translate("findings: {n}; matches: {matches}; non-matching: {other}", lang).format(
            n=len(findings), matches=int((findings["status"] == "match").sum()), other=len(table)),
        translate("recorded discrepancies: {n}; rediscovered: {found} of {computable} computable; not recomputable: "
                  "{rest}", lang).format(n=len(rec), found=found, computable=len(computable),
                                         rest=len(rec) - len(computable)),
        translate("non-matching findings known to the table: {known}; new findings beyond the table: {new}",
                  lang).format(known=int(table["known"].sum()), new=int((~table["known"]).sum())),
    ])
