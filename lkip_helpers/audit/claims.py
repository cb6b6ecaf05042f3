"""Claims the reports make a second time, kept in stats ``text-claims``, against the data.

A claim row names its subject in ``category`` (as printed), the indicator it is about in
``indicator_id`` (a key of ``indicators.csv``: indicators are found by id, never by name, so a
renamed indicator changes no finding) and what it states in ``variable`` (the topic's description
in ``data/metadata/stats_topics.yaml``). Rules, by ``variable``:

* ``realisasi``, ``target``, ``target_national``, ``numerator`` — the figure of the claim's
  indicator for ``year`` = the stored figure
  (``indicator_values``, annual; a ``target`` is the first of
  :data:`lkip_helpers.data.dataset.TARGET_MEASURES`), exact at the coarser printed resolution (family
  ``consistency``). A predikat printed with an AKIP score (``“81.59” (AA)``) is also checked
  against the score's grade (family ``predicate``).
* ``capaian`` — recomputed from the *stored* target and realisasi of the year with
  :func:`lkip_helpers.measurement.capaian_from_text` (tolerance one printed unit).
* ``misi_count`` — the number of misi of the entity (``misi.csv``). Exact.
* ``plan_year`` — the year of the plan named in words = the position of ``year`` among the years
  with a yearly RPJMD target (``target_rpjmd``) of the entity's indicators. Exact.
* ``efisiensi_max`` / ``efisiensi_min`` — the largest / smallest efisiensi of the IKU lines of the
  numbered budget table (:func:`lkip_helpers.audit.budgets.iku_blocks`), as printed. Exact.
* ``efficiency_judgement`` — the efficiency word the text prints for an IKU and a year (its
  ``category`` is the IKU name of the budget rows of the same ``source_ref``) = the judgement of the
  capaian and serapan printed with it (``budgets`` rows of the same place and year): the report
  year by the reports' rule ``target_and_budget``, the previous year by ``combined`` (the only
  rule with "kurang efisien"). A label; the printed word is kept and shown beside.

* ``none_reached`` — the text says that no part of a total reached its target (``subcategory``
  names the declared sum check of ``data/checks.csv`` whose parts are meant; the words in
  ``value_text``, ``value`` empty) = the number of those parts whose realisasi reaches the target
  (realisasi / target × 100 ≥ 100, the ``realisasi`` and ``target`` rows of the check's table),
  printed 0. Exact (family ``count``); the rule names every part that reached it.

Handled by other checks: ``<what>_change`` (:func:`lkip_helpers.audit.indicators.check_yoy_claims`),
and the claims whose check depends on the report's own tables, declared in
``data/check_relations.csv``: ``program_count`` (a ``formula`` counting budget lines),
``kategori`` (a ``predicate`` by the report's band table), ``poor_population`` (a ``formula``:
the poverty rate from the population the text states) and ``growth_vs_average`` (a
``comparison`` of two printed rates).

Keys end with the claim's source_ref as a slug without the label of an unnumbered table
(``same-figure:<document>:<indicator>:realisasi-2024:bab-iii-3-2-2-b-unnumbered-table``).

Raises ``ValueError`` naming the row for a claim the audit cannot read (an unknown ``variable``,
a claim about an indicator without an ``indicator_id`` of the entity).
"""

from __future__ import annotations

import re

import pandas as pd

from lkip_helpers.data.dataset import TARGET_MEASURES, Dataset
from lkip_helpers.measurement import capaian_from_text
from lkip_helpers.data.numbers import NumberParseError, parse_cell
from .budgets import budget_lines, iku_blocks
from .consistency import pair
from lkip_helpers.data.i18n import Message
from .core import Collector, slug
from .indicators import capaian_rule
from .texts import catalog_message, formula_text, joined, number, reader_text
from .outcomes import capaian_outcome, indicator_scale, realisasi_outcome, target_outcome
from .predicate_checks import judge_akip

__all__ = ["CLAIM_VARIABLES", "check_text_claims"]

_FIGURES = ("realisasi", "target", "target_national", "numerator")
#: checked by declared rows of check_relations.csv (*_change by check_yoy_claims)
_DECLARED = ("program_count", "kategori", "poor_population", "growth_vs_average")
#: Every ``variable`` a ``text-claims`` row may have (``*_change`` as well).
CLAIM_VARIABLES: tuple[str, ...] = (*_FIGURES, "capaian", "misi_count", "plan_year", "efisiensi_max",
                                    "efisiensi_min", "efficiency_judgement", "none_reached", *_DECLARED)

#: the figure an efisiensi_max (True) or efisiensi_min (False) claim states, in words
_EXTREME_EFFICIENCY = {True: catalog_message("the largest efisiensi of the {n} IKU lines"),
                       False: catalog_message("the smallest efisiensi of the {n} IKU lines")}


def _src(source_ref: object) -> str:
    """Slug of a source_ref for a key, without the label of an unnumbered table or a text section
    ("Bab III 3.2.2 B (unnumbered table: IKM 2023 dan 2024)" → ``bab-iii-3-2-2-b-unnumbered-table``),
    so that the years of a label do not read as the year of the figure."""
    return slug(re.sub(r"\(([^:()]*):[^()]*\)", r"(\1)", str(source_ref)))


def _where(r: pd.Series, i: int) -> Message:
    return Message("stats/text-claims.csv row {row} ({source}, {label}, {variable})", row=str(i + 1),
                   source=str(r["source_ref"]), label=str(r["category"]), variable=str(r["variable"]))


def _indicator(ds: Dataset, r: pd.Series, i: int) -> str:
    """The claim's ``indicator_id``, which must be an indicator of the claim's entity."""
    ind = ds.tables["indicators"]
    own = ind.loc[ind["entity_id"] == r["entity_id"], "indicator_id"].astype(str)
    given = r.get("indicator_id")
    if given is None or pd.isna(given) or not str(given).strip():
        raise ValueError(Message("{where}: a {variable} claim needs the indicator_id of the indicator it is about "
                                 "(indicators of {entity}: {indicators})", where=_where(r, i), variable=str(r["variable"]),
                                 entity=str(r["entity_id"]), indicators=", ".join(own.head(40))))
    if str(given) not in set(own):
        raise ValueError(Message("{where}: indicator_id {indicator!r} is not an indicator of {entity} in indicators.csv "
                                 "(its indicators: {indicators})", where=_where(r, i), indicator=given,
                                 entity=str(r["entity_id"]), indicators=", ".join(own.head(40))))
    return str(given)


def _stored(ds: Dataset, entity: str, indicator: str, year: int, measure: str) -> pd.Series | None:
    iv = ds.tables["indicator_values"]
    rows = iv[(iv["entity_id"] == entity) & (iv["indicator_id"] == indicator) & (iv["year"] == year)
              & (iv["period"] == "annual")]
    for m in TARGET_MEASURES if measure == "target" else (measure,):
        hit = rows[rows["measure"] == m]
        if not hit.empty:
            return hit.iloc[0]
    return None


def _grade_label(text: object) -> str | None:
    try:
        label = parse_cell(str(text)).label
    except NumberParseError:
        label = None
    if label is None:
        m = re.search(r"\(\s*(AA|A|BB|B|CC|C|D)\s*\)", str(text))
        label = m.group(1) if m else None
    return label


def check_text_claims(ds: Dataset, out: Collector, documents: set[str]) -> None:
    """Every claim of stats ``text-claims`` in ``documents`` (rules in the module docstring)."""
    tc = ds.tables.get("stats-text-claims")
    if tc is None:
        return
    tc = tc.reset_index(drop=True)
    for i, r in tc.iterrows():
        if r["document_id"] not in documents:
            continue
        var = str(r["variable"])
        if var.endswith("_change") or var in _DECLARED:
            continue
        if var not in CLAIM_VARIABLES:
            raise ValueError(Message("{where}: unknown variable {variable!r}; known: {known}, *_change",
                                     where=_where(r, i), variable=var, known=", ".join(CLAIM_VARIABLES)))
        doc, src, year = r["document_id"], r["source_ref"], int(r["year"])
        if var in _FIGURES:
            _figure(out, ds, r, i, _indicator(ds, r, i))
        elif var == "capaian":
            _capaian(out, ds, r, i, _indicator(ds, r, i))
        elif var == "misi_count":
            misi = ds.tables["misi"]
            n = int((misi["entity_id"] == r["entity_id"]).sum())
            out.number(key=f"count:{doc}:misi:{_src(src)}", family="count",
                       check=reader_text("misi stated = misi of the plan"),
                       document_id=doc, source_ref=src, row=str(r["category"]), printed_text=r["value_text"],
                       printed=r["value"], recomputed=n, tolerance=0.0, resolution=1.0,
                       rule=reader_text("rows of misi.csv for {entity}", entity=r["entity_id"]))
        elif var == "plan_year":
            iv = ds.tables["indicator_values"]
            years = sorted(set(iv.loc[(iv["entity_id"] == r["entity_id"]) & (iv["measure"] == "target_rpjmd"), "year"]))
            if year in years:
                out.number(key=f"count:{doc}:plan-year:{_src(src)}", family="count",
                           check=reader_text("year of the plan = position of the report year among the plan's target years"),
                           document_id=doc, source_ref=src, row=str(r["category"]), printed_text=r["value_text"],
                           printed=r["value"], recomputed=years.index(year) + 1, tolerance=0.0, resolution=1.0,
                           rule=reader_text("yearly RPJMD targets {first}–{last}: {year} is year {k} of {n}",
                                            first=int(years[0]), last=int(years[-1]), year=year,
                                            k=years.index(year) + 1, n=len(years)))
        elif var in ("efisiensi_max", "efisiensi_min"):
            _efficiency_extreme(out, ds, r, documents)
        elif var == "efficiency_judgement":
            _efficiency_word(out, ds, r)
        elif var == "none_reached":
            _none_reached(out, ds, r, i)


def _figure(out: Collector, ds: Dataset, r: pd.Series, i: int, ind: str) -> None:
    var, year, doc, src = str(r["variable"]), int(r["year"]), r["document_id"], r["source_ref"]
    stored = _stored(ds, r["entity_id"], ind, year, var)
    if stored is not None and pd.notna(r["value"]) and pd.notna(stored["value"]):
        outcome = (realisasi_outcome(ds, r["entity_id"], ind, year) if var == "realisasi"
                   else target_outcome(ds, r["entity_id"], ind, year) if var == "target" else None)
        pair(out, key=f"same-figure:{doc}:{ind}:{var}-{year}:{_src(src)}", second=r, first=stored,
             row=f"{ind} {var} {year}", what=f"{ind} {var} {year}", outcome=outcome)
    grade = _grade_label(r["value_text"])
    if grade is not None and indicator_scale(ds, ind) == "akip" and pd.notna(r["value"]):
        judge_akip(out, key=f"predicate:{doc}:{ind}:{var}-{year}:{_src(src)}", printed_label=grade, score=float(r["value"]),
              where=dict(document_id=doc, source_ref=src, row=f"{ind} {var} {year}", printed_text=r["value_text"]))


def _capaian(out: Collector, ds: Dataset, r: pd.Series, i: int, ind: str) -> None:
    year = int(r["year"])
    t = _stored(ds, r["entity_id"], ind, year, "target")
    real = _stored(ds, r["entity_id"], ind, year, "realisasi")
    if t is None or real is None:
        return
    pol = ds.tables["indicators"].set_index("indicator_id").loc[ind, "polarity"]
    res = capaian_from_text(t["value_text"], real["value_text"], pol)
    if res.value is None:
        return
    out.number(key=f"capaian:{r['document_id']}:{ind}:{year}:{_src(r['source_ref'])}", family="capaian",
               check=reader_text("capaian in the text from the stored target and realisasi"),
               document_id=r["document_id"],
               source_ref=r["source_ref"], row=f"{ind} {year} capaian", printed_text=r["value_text"], printed=r["value"],
               recomputed=res.value, outcome=capaian_outcome,
               rule=capaian_rule(pol, res.rule, t, real))


def _efficiency_extreme(out: Collector, ds: Dataset, r: pd.Series, documents: set[str]) -> None:
    lines = budget_lines(ds, {r["document_id"]})
    ref = iku_blocks(lines)
    if ref is None or "efisiensi" not in ref.columns:
        return
    eff = ref.dropna(subset=["efisiensi"])
    if eff.empty:
        return
    largest = r["variable"] == "efisiensi_max"
    pick = eff.loc[eff["efisiensi"].idxmax() if largest else eff["efisiensi"].idxmin()]
    first = pd.Series({"value": pick["efisiensi"], "value_text": pick["efisiensi_text"],
                       "source_ref": formula_text("{line} ({indicator})", indicator=pick.name, line=reader_text(
                           "{table} line {line}", table=pick["source_ref"], line=int(pick["line_no"])))})
    pair(out, key=f"extreme:{r['document_id']}:budget-efisiensi:{'max' if largest else 'min'}", second=r, first=first,
         row=f"{r['category']} {r['subcategory']}", what=reader_text(_EXTREME_EFFICIENCY[largest], n=len(eff)))


def _efficiency_word(out: Collector, ds: Dataset, r: pd.Series) -> None:
    """The printed efficiency word of an IKU against the judgement of the capaian and serapan
    printed with it (module docstring)."""
    from lkip_helpers.measurement import efficiency_judgement

    b = ds.tables["budgets"]
    year = int(r["year"])
    rows = b[(b["document_id"] == r["document_id"]) & (b["source_ref"] == r["source_ref"]) & (b["name"] == r["category"])
             & (b["year"] == year)]
    vals = {m: g.iloc[0] for m, g in rows.groupby("measure")}
    if "capaian" not in vals or "serapan" not in vals:
        return
    report_year = int(ds.tables["documents"].set_index("document_id").loc[r["document_id"], "report_year"])
    rule = "target_and_budget" if year == report_year else "combined"
    c, s_ = vals["capaian"], vals["serapan"]
    got = efficiency_judgement(float(c["value"]), float(s_["value"]), rule)
    if got is None:
        return
    out.label(key=f"efficiency-word:{r['document_id']}:{c['indicator_id']}:{year}", family="efficiency",
              check=reader_text("efficiency word = judgement of the printed capaian and serapan ({rule})", rule=rule),
              document_id=r["document_id"], source_ref=r["source_ref"], row=f"{r['category']} ({year})",
              printed_text=r["value_text"], printed_label=str(r["value_text"]), recomputed_label=got,
              rule=reader_text("capaian {capaian}, serapan {serapan}: rule {rule}", capaian=c["value_text"],
                               serapan=s_["value_text"], rule=rule))


def _none_reached(out: Collector, ds: Dataset, r: pd.Series, i: int) -> None:
    """The claim that no part of a declared total reached its target (module docstring)."""
    from .declared import declared_checks, declared_parts

    checks = declared_checks(ds, {r["document_id"]}).set_index("check_id")
    cid = str(r.get("subcategory") or "")
    if cid not in checks.index:
        raise ValueError(Message("{where}: subcategory must name a check of checks.csv for {document} (its checks: "
                                 "{checks})", where=_where(r, i), document=str(r["document_id"]),
                                 checks=", ".join(checks.index)))
    parts = declared_parts(ds, checks.loc[cid])
    parts = parts[parts["year"] == r["year"]]
    wide = parts.pivot_table(index="category", columns="variable", values="value", aggfunc="first")
    if not {"target", "realisasi"} <= set(wide.columns):
        return
    share = (wide["realisasi"] / wide["target"] * 100).dropna()
    reached = share[share >= 100]
    out.number(key=f"count:{r['document_id']}:parts-reached:{cid}:{_src(r['source_ref'])}", family="count",
               check=reader_text("parts of {table} that reached their target (the text: none)",
                                 table=checks.loc[cid, "source_ref"]),
               document_id=r["document_id"], source_ref=r["source_ref"], row=f"{r['category']}: {r['value_text']}",
               printed_text=r["value_text"], printed=0.0, recomputed=float(len(reached)), tolerance=0.0,
               resolution=1.0,
               rule=reader_text("realisasi / target × 100 of the {n} parts of {table}: {parts}", n=len(share),
                                table=checks.loc[cid, "source_ref"],
                                parts=joined("; ", [formula_text("{part} {share}", part=c, share=number(v, 2))
                                                    for c, v in share.items()])))
