"""Lesson material drawn from the real data for the SAKIP primer: worked examples and what it takes
to reach a better AKIP predikat.

**Teaching examples.** :func:`pick_example` finds a real indicator of a given kind (higher- or
lower-is-better, negative realisasi, text target) in an entity's own IKU scorecard and, when the
entity has none, borrows one from another report in the data (the parent entity first) or from the
regional benchmarks, saying so in ``explanation``. :func:`akip_components_example` and
:func:`ikm_nrr_example` do the same for the AKIP component scores and the per-unsur NRR of an IKM
survey (:class:`BorrowedTable`); :func:`pick_forecast_indicator` chooses the indicator of the
forecast lesson.

**AKIP headroom.** :func:`akip_what_if_base` says which score the what-ifs start from (always the
sum of the components, and why when the printed total differs from it);
:func:`akip_next_grades` and :func:`akip_component_headroom` tabulate what it would take to reach a
better AKIP predikat.

**Forecast lesson.** :func:`pick_forecast_indicator` prefers an indicator with a target after the
report year; :func:`last_plan_target_year` tells when the entity's plan ends, so the lesson can
say why there is no future target to forecast against.

The self-checking exercises set on these examples are in :mod:`lkip_helpers.primer.exercises`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from lkip_helpers.data.dataset import Dataset
from lkip_helpers.measurement import (
    AKIP_BANDS,
    AKIP_COMPONENT_WEIGHTS,
    akip_grade,
    ikm_from_nrr,
    points_to_next_grade,
    round_half_up,
)
from lkip_helpers.data.numbers import NumberParseError, parse_number
from lkip_helpers.data.i18n import format_number, translate
from lkip_helpers.notebook.markdown import escape_markdown
from lkip_helpers.notebook.messages import phrase

__all__ = [
    "EXAMPLE_KINDS",
    "BorrowedTable",
    "TeachingExample",
    "AkipWhatIfBase",
    "akip_component_headroom",
    "akip_components_example",
    "akip_next_grades",
    "akip_what_if_base",
    "example_candidates",
    "ikm_nrr_example",
    "PLAN_TARGET_MEASURES",
    "last_plan_target_year",
    "pick_example",
    "pick_forecast_indicator",
]


# --------------------------------------------------------------------------------------------------
# AKIP: what it takes to reach a better predikat
# --------------------------------------------------------------------------------------------------


def akip_next_grades(score: float) -> pd.DataFrame:
    """Every predikat better than ``score``'s, with the lowest score of its band and the gap.

    Columns ``grade``, ``band`` (``">80–90"``), ``min_score`` (the band's lower boundary + 0.01,
    since a boundary score belongs to the lower band) and ``points_needed`` (``min_score − score``,
    2 decimals), built by chaining :func:`lkip_helpers.measurement.points_to_next_grade`. An
    ``AA`` score gives an empty table.

    Raises:
        ValueError: a missing score or one outside 0–100.
    """
    current = akip_grade(score)
    if current is None:
        raise ValueError("akip_next_grades needs a score")
    rows = []
    step = points_to_next_grade(float(score))
    while step is not None:
        lo, hi = next((lo, hi) for g, lo, hi in AKIP_BANDS if g == step.next)
        rows.append(
            {"grade": step.next, "band": f">{lo:g}–{hi:g}", "min_score": step.min_score,
             "points_needed": round_half_up(step.min_score - float(score), 2)}
        )
        step = points_to_next_grade(step.min_score)
    return pd.DataFrame(rows, columns=["grade", "band", "min_score", "points_needed"])


def _component_scores(components: Mapping[str, float] | pd.DataFrame) -> dict[str, float]:
    """The four AKIP component scores as a dict, checked (see :func:`akip_component_headroom`)."""
    if isinstance(components, pd.DataFrame):
        frame = components[components["component"] != "total"]
        if frame["component"].duplicated().any():
            raise ValueError("components of more than one entity/year given: filter to one first")
        comp = dict(zip(frame["component"], pd.to_numeric(frame["value"], errors="coerce")))
    else:
        comp = dict(components)
    unknown = set(comp) - set(AKIP_COMPONENT_WEIGHTS)
    missing = set(AKIP_COMPONENT_WEIGHTS) - set(comp)
    if unknown or missing:
        raise ValueError(
            "AKIP components must be exactly " + ", ".join(AKIP_COMPONENT_WEIGHTS)
            + (f"; unknown: {', '.join(sorted(unknown))}" if unknown else "")
            + (f"; missing: {', '.join(sorted(missing))}" if missing else "")
        )
    out = {}
    for name, weight in AKIP_COMPONENT_WEIGHTS.items():
        v = comp[name]
        if v is None or pd.isna(v) or not 0 <= float(v) <= weight:
            raise ValueError(f"component {name} = {v!r} is not between 0 and its weight {weight:g}")
        out[name] = float(v)
    return out


def _sum2(scores: Mapping[str, float]) -> float:
    """The sum of the component scores, rounded half up to 2 decimals like a printed total."""
    return float(round_half_up(sum(scores.values()), 2) or 0.0)


@dataclass(frozen=True)
class AkipWhatIfBase:
    """The score an AKIP what-if starts from, and how it relates to the printed total.

    Attributes:
        component_sum: the sum of the four components (2 decimals).
        printed_total: the total as printed (``None`` if the report prints none).
        printed_predicate: the printed predikat of the total (``None`` if none).
        consistent: ``True`` when no total is printed or it equals ``component_sum`` at 2 decimals.
        base: the score every what-if starts from: always ``component_sum``. A what-if changes one
            component and keeps the others, so it is only defined on the components' own sum.
        official: the score the official predikat follows: the printed total, else the sum.
        note: one or two plain sentences for the lesson: why ``base`` is what it is (empty when
            the printed total adds up).
    """

    component_sum: float
    printed_total: float | None
    printed_predicate: str | None
    consistent: bool
    base: float
    official: float
    note: str

    @property
    def gap(self) -> float:
        """``component_sum − printed_total`` (0 when no total is printed), 2 decimals."""
        if self.printed_total is None:
            return 0.0
        return float(round_half_up(self.component_sum - self.printed_total, 2) or 0.0)


def akip_what_if_base(components: pd.DataFrame | Mapping[str, float], *, printed_total: float | None = None) -> AkipWhatIfBase:
    """Which score the AKIP what-ifs (headroom, next predikat, exercises) start from.

    ``components`` is an ``akip_components``-shaped frame of one entity and year (its ``total``
    row, if any, is the printed total, with ``predicate_text``) or a mapping of the four
    components (then ``printed_total`` may be given). The base is always the sum of the
    components rounded to 2 decimals: adding a component's open points to anything else would
    mix figures that do not belong together. When the printed total differs from that sum (a
    report's arithmetic slip, e.g. Disdukcapil 2024: 24,69 + 29,84 + 12,02 + 21,04 = 87,59 but
    81,59 printed), ``consistent`` is ``False`` and ``note`` says so; the official predikat
    still follows the printed total (``official``).

    Raises:
        ValueError: components missing, unknown or out of range (as :func:`akip_component_headroom`);
            more than one total row; a printed total outside 0–100.
    """
    scores = _component_scores(components)
    predicate = None
    if isinstance(components, pd.DataFrame):
        tot = components[components["component"] == "total"]
        if len(tot) > 1:
            raise ValueError("more than one total row given: filter to one entity and year first")
        if len(tot) and printed_total is None:
            value = pd.to_numeric(tot["value"], errors="coerce").iloc[0]
            printed_total = None if pd.isna(value) else float(value)
            if "predicate_text" in tot.columns and pd.notna(tot["predicate_text"].iloc[0]):
                predicate = str(tot["predicate_text"].iloc[0])
    if printed_total is not None and not 0 <= float(printed_total) <= 100:
        raise ValueError(f"printed AKIP total {printed_total!r} is outside 0–100")
    total_sum = _sum2(scores)
    printed = None if printed_total is None else float(printed_total)
    consistent = printed is None or round_half_up(printed, 2) == total_sum
    note = ""
    if not consistent:
        assert printed is not None
        gap = total_sum - printed
        note = phrase(
            "The printed total {printed} does not equal the sum of its components, {total} (a gap of {gap} points). "
            "A what-if raises one component and keeps the others, so it can only be computed from the components "
            "themselves: the what-ifs below start from their sum, {total}, not from the printed {printed}. If the "
            "printed total were the right one, one of the components would be misprinted and we could not tell "
            "which. The official predikat still follows the printed total.", printed=format_number(printed),
            total=format_number(total_sum), gap=("+" if gap >= 0 else "") + format_number(gap))
    return AkipWhatIfBase(
        component_sum=total_sum, printed_total=printed, printed_predicate=predicate, consistent=consistent,
        base=total_sum, official=total_sum if printed is None else printed, note=note,
    )


def akip_component_headroom(
    components: Mapping[str, float] | pd.DataFrame, *, total: float | None = None
) -> pd.DataFrame:
    """Per AKIP component: its weight, score, share of the weight and the points still open.

    ``components`` maps the four component ids of
    :data:`lkip_helpers.measurement.AKIP_COMPONENT_WEIGHTS` to their scores, or is an
    ``akip_components``-shaped frame of one entity and year (``component``, ``value``; a
    ``total`` row is ignored). Columns: ``component``, ``weight``, ``score``, ``share`` (score /
    weight × 100), ``headroom`` (weight − score), ``total_if_full`` (the sum of the components +
    headroom: the total if this component alone got full marks, at most 100) and
    ``grade_if_full`` (its predikat).

    The gains are always added to the sum of the components. ``total``, if given (e.g. the
    printed total), is only checked against that sum: a what-if on a total that does not equal
    the sum of its components would mix figures that do not belong together (see
    :func:`akip_what_if_base`), so it is refused.

    Raises:
        ValueError: a component missing, unknown, or outside 0–weight; a ``total`` outside 0–100
            or different (at 2 decimals) from the sum of the components.
    """
    comp = _component_scores(components)
    base = _sum2(comp)
    if total is not None:
        t = float(total)
        if not 0 <= t <= 100:
            raise ValueError(f"AKIP total {total!r} is outside 0–100")
        if round_half_up(t, 2) != base:
            raise ValueError(
                f"AKIP total {t:.2f} does not equal the sum of the components {base:.2f}: a what-if can "
                f"only start from the components' own sum (see akip_what_if_base)"
            )
    rows = []
    for name, weight in AKIP_COMPONENT_WEIGHTS.items():
        v = float(comp[name])
        if_full = min(base + weight - v, 100.0)
        rows.append(
            {"component": name, "weight": weight, "score": v, "share": v / weight * 100.0,
             "headroom": weight - v, "total_if_full": if_full, "grade_if_full": akip_grade(if_full)}
        )
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------------------------------
# teaching examples from the real data
# --------------------------------------------------------------------------------------------------

#: Kinds of teaching example :func:`pick_example` looks for, with a short description.
EXAMPLE_KINDS: dict[str, str] = {
    "higher_is_better": "higher-is-better IKU with a numeric target and realisasi",
    "lower_is_better": "lower-is-better IKU with a numeric target and realisasi",
    "negative_realisasi": "IKU with a negative realisasi (or target)",
    "text_target": "IKU with a text target (an opinion, a predikat, a composite count)",
}


@dataclass(frozen=True)
class TeachingExample:
    """One real indicator used as a worked example.

    Attributes:
        kind: one of :data:`EXAMPLE_KINDS`.
        entity, entity_name, year: where the figure comes from.
        indicator_id, name, polarity, unit: the indicator.
        target_text, realisasi_text, capaian_printed_text: as printed (``None`` if not printed).
        target, realisasi: the parsed numbers (``None`` for text).
        capaian: recomputed capaian (``None`` for a text target without a numeric rule).
        rule, status, note: from the scorecard (:func:`lkip_helpers.reports.scorecard.iku_scorecard`).
        iku_no: IKU number in its report (``None`` for a benchmark).
        source: ``"own"`` (the entity's own IKU), ``"other_report"`` (another report's IKU) or
            ``"regional_benchmark"``.
        explanation: one sentence saying where the example comes from and, when borrowed, why.
        explanation_markdown: the same sentence for Markdown, its data strings escaped (empty when
            not given: then escape ``explanation`` as a whole).
    """

    kind: str
    entity: str
    entity_name: str
    year: int
    indicator_id: str
    name: str
    polarity: str
    unit: str | None
    target_text: str | None
    realisasi_text: str | None
    capaian_printed_text: str | None
    target: float | None
    realisasi: float | None
    capaian: float | None
    rule: str | None
    status: str | None
    note: str | None
    iku_no: int | None
    source: str
    explanation: str
    explanation_markdown: str = ""

    @property
    def borrowed(self) -> bool:
        """``True`` when the example is not the entity's own IKU."""
        return self.source != "own"


def _explained(template: str, **values: object) -> tuple[str, str]:
    """``template`` (``str.format`` fields, no data in it) filled with ``values`` twice: as plain
    text, and for Markdown with every value passed through :func:`escape_markdown`."""
    return template.format(**values), template.format(**{k: escape_markdown(v) for k, v in values.items()})


def _opt(x: object) -> object:
    return None if x is None or (isinstance(x, float) and math.isnan(x)) or x is pd.NA else x


def _matches_kind(frame: pd.DataFrame, kind: str) -> pd.Series:
    target = pd.to_numeric(frame["target"], errors="coerce")
    real = pd.to_numeric(frame["realisasi"], errors="coerce")
    numeric = target.notna() & real.notna()
    if kind == "higher_is_better":
        return (frame["polarity"] == kind) & numeric & (target > 0) & (real >= 0)
    if kind == "lower_is_better":
        return (frame["polarity"] == kind) & numeric & (target > 0) & (real > 0)
    if kind == "negative_realisasi":
        return numeric & ((real < 0) | (target < 0))
    if kind == "text_target":
        return target.isna() & frame["target_text"].notna() & (frame["target_text"].astype(str).str.strip() != "")
    raise ValueError(f"unknown example kind {kind!r} (one of: {', '.join(EXAMPLE_KINDS)})")


def _scorecard_pool(ds: Dataset, entity: str, year: int, kind: str) -> pd.DataFrame:
    from lkip_helpers.reports.scorecard import iku_scorecard

    card = iku_scorecard(ds, entity, year)
    pool = card[_matches_kind(card, kind)].copy()
    # prefer rows whose printed capaian follows from the printed inputs, and (text targets) rows
    # with a realisasi, so the first example is the clearest one; then IKU order
    pool["_mismatch"] = pool["capaian_matches"].eq(False).astype(int)
    pool["_no_value"] = (pool["realisasi_text"].isna() | (pool["status"] == "belum ada nilai")).astype(int)
    pool = pool.sort_values(["_mismatch", "_no_value", "iku_no"])
    pool["entity"], pool["year"] = entity, year
    return pool


def _benchmark_pool(ds: Dataset, kind: str) -> pd.DataFrame:
    """Regional benchmark rows printed with both a target and a realisasi, scored like an IKU."""
    from lkip_helpers.measurement import capaian_from_text

    rb = ds.tables["regional_benchmarks"]
    wide = rb[rb["measure"].isin(["target", "realisasi", "capaian"])].pivot_table(
        index=["entity_id", "indicator_id", "year"], columns="measure", values="value_text", aggfunc="first"
    )
    if wide.empty or not {"target", "realisasi"} <= set(wide.columns):
        return pd.DataFrame()
    wide = wide.dropna(subset=["target", "realisasi"]).reset_index()
    ind = ds.tables["indicators"].set_index("indicator_id")
    rows = []
    for r in wide.itertuples(index=False):
        polarity = ind.at[r.indicator_id, "polarity"]
        res = capaian_from_text(r.target, r.realisasi, polarity)
        rows.append({
            "entity": r.entity_id, "year": int(r.year), "indicator_id": r.indicator_id, "name": ind.at[r.indicator_id, "name"],
            "polarity": polarity, "unit": ind.at[r.indicator_id, "unit"], "target_text": r.target,
            "realisasi_text": r.realisasi, "capaian_printed_text": getattr(r, "capaian", None),
            "target": _number_or_none(r.target), "realisasi": _number_or_none(r.realisasi),
            "capaian": res.value, "rule": res.rule, "status": res.status, "note": res.note,
            "iku_no": None,
        })
    pool = pd.DataFrame(rows)
    if pool.empty:
        return pool
    return pool[_matches_kind(pool, kind)].sort_values(["entity", "year", "indicator_id"])


def _number_or_none(text: object) -> float | None:
    """:func:`lkip_helpers.data.numbers.parse_number`, ``None`` for text that is not a number."""
    try:
        return parse_number(text)
    except NumberParseError:
        return None


def _other_reports(ds: Dataset, entity: str, year: int) -> list[tuple[str, int]]:
    ents = ds.tables["entities"].set_index("entity_id")
    parent = ents["parent_id"].get(entity)
    children = set(ents.index[ents["parent_id"] == entity])
    pairs = [(e, int(y)) for e, y in ds.entity_years().itertuples(index=False) if (e, int(y)) != (entity, year)]

    def order(p: tuple[str, int]) -> tuple[int, int, str]:
        e, y = p
        rank = 0 if e == entity else 1 if e == parent else 2 if e in children else 3
        return rank, abs(y - year), e

    return sorted(pairs, key=order)


def example_candidates(ds: Dataset, entity: str, year: int, kind: str) -> pd.DataFrame:
    """Every candidate of ``kind`` in the search order of :func:`pick_example`.

    Columns are the scorecard's (``entity``, ``year``, ``indicator_id``, ``name``, ``polarity``,
    ``target_text``, ``realisasi_text``, ``capaian`` ...) plus ``source``.

    Raises:
        ParameterError: unknown entity or year; ValueError: unknown kind.
    """
    ds.check_entity_year(entity, year)
    if kind not in EXAMPLE_KINDS:
        raise ValueError(f"unknown example kind {kind!r} (one of: {', '.join(EXAMPLE_KINDS)})")
    frames = [_scorecard_pool(ds, entity, year, kind).assign(source="own")]
    for e, y in _other_reports(ds, entity, year):
        frames.append(_scorecard_pool(ds, e, y, kind).assign(source="other_report"))
    frames.append(_benchmark_pool(ds, kind).assign(source="regional_benchmark"))
    frames = [f for f in frames if not f.empty]
    if not frames:
        return pd.DataFrame(columns=["entity", "year", "indicator_id", "name", "polarity", "source"])
    return pd.concat(frames, ignore_index=True).drop(columns=["_mismatch", "_no_value"], errors="ignore")


def _entity_name(ds: Dataset, entity: str) -> str:
    ents = ds.tables["entities"].set_index("entity_id")
    return str(ents["name"].get(entity, entity))


def pick_example(ds: Dataset, entity: str, year: int, kind: str, *, skip: int = 0) -> TeachingExample | None:
    """A real example of ``kind`` for the lesson on ``entity``'s report of ``year``.

    Search order: the entity's own IKU scorecard (rows whose printed capaian follows from their
    inputs first, then by IKU number); then the IKU of the other reports in the data (the
    entity's parent first, then its children, then the rest, nearest year first); then regional
    benchmarks printed with a target and a realisasi. ``skip`` passes over the first candidates
    (``skip=1`` gives a second, different example, e.g. for an exercise after a worked example).
    ``None`` when the data hold no such case at all.

    Raises:
        ParameterError: unknown entity or year; ValueError: unknown kind or a negative ``skip``.
    """
    if skip < 0:
        raise ValueError("skip must be ≥ 0")
    cands = example_candidates(ds, entity, year, kind)
    if len(cands) <= skip:
        return None
    row = cands.iloc[skip]
    own_name = _entity_name(ds, entity)
    src_name = _entity_name(ds, row["entity"])
    what = translate(EXAMPLE_KINDS[kind].split(" (")[0])
    iku_no = _opt(row.get("iku_no"))
    label = f"IKU {int(iku_no)}, {row['name']}" if iku_no is not None else str(row["name"])
    n_own = int((cands["source"] == "own").sum())
    explanation, explanation_md = _explained(
        _example_template(str(row["source"]), n_own), own=own_name, year=year, src=src_name, src_year=int(row["year"]),
        label=label, what=what, n=n_own,
    )
    return TeachingExample(
        kind=kind, entity=str(row["entity"]), entity_name=src_name, year=int(row["year"]),
        indicator_id=str(row["indicator_id"]), name=str(row["name"]), polarity=str(row["polarity"]),
        unit=_opt(row.get("unit")), target_text=_opt(row.get("target_text")),
        realisasi_text=_opt(row.get("realisasi_text")), capaian_printed_text=_opt(row.get("capaian_printed_text")),
        target=_opt(row.get("target")), realisasi=_opt(row.get("realisasi")), capaian=_opt(row.get("capaian")),
        rule=_opt(row.get("rule")), status=_opt(row.get("status")), note=_opt(row.get("note")),
        iku_no=None if iku_no is None else int(iku_no), source=str(row["source"]), explanation=explanation,
        explanation_markdown=explanation_md,
    )


@dataclass(frozen=True)
class BorrowedTable:
    """A table of real figures for a lesson section, with where it comes from.

    Attributes:
        entity, entity_name, year: whose figures these are.
        frame: the rows (see the function that returns it).
        source: ``"own"`` or ``"other_report"``.
        explanation: one sentence saying where the figures come from and, when borrowed, why.
        detail: an extra label (the IKM period, ...), or ``None``.
        explanation_markdown: ``explanation`` for Markdown, its data strings escaped (empty when
            not given: then escape ``explanation`` as a whole).
    """

    entity: str
    entity_name: str
    year: int
    frame: pd.DataFrame
    source: str
    explanation: str
    detail: str | None = None
    explanation_markdown: str = ""

    @property
    def borrowed(self) -> bool:
        """``True`` when the figures are not the lesson entity's own."""
        return self.source != "own"


def _example_template(source: str, n_own: int) -> str:
    """The sentence (``str.format`` fields) that says where a worked example comes from: the entity's
    own LKIP, or why it is borrowed (``n_own`` examples of its own) from another report or the
    regional benchmarks; in the reader's language."""
    if source == "own":
        return translate("From {own}'s own LKIP {year}: {label}.")
    if source == "other_report":
        return (translate("{own} has no {what} in its LKIP {year}, so this example is borrowed from {src}'s LKIP "
                          "{src_year}: {label}.") if n_own == 0 else
                translate("{own} has only {n} {what} in its LKIP {year}, so this example is borrowed from {src}'s LKIP "
                          "{src_year}: {label}."))
    return (translate("{own} has no {what} in its LKIP {year}, so this example is borrowed from the regional "
                      "benchmarks ({src}, {src_year}): {label}.") if n_own == 0 else
            translate("{own} has only {n} {what} in its LKIP {year}, so this example is borrowed from the regional "
                      "benchmarks ({src}, {src_year}): {label}."))


def _borrow(ds: Dataset, entity: str, year: int, finder, what: str, *, skip: int = 0) -> BorrowedTable | None:
    """The ``skip``-th candidate of ``finder`` over the reports (own first, then
    :func:`_other_reports` order); ``finder(entity, year)`` returns a list of ``(frame, detail)``."""
    ds.check_entity_year(entity, year)
    if skip < 0:
        raise ValueError("skip must be ≥ 0")
    own_name = _entity_name(ds, entity)
    seen = 0
    for e, y in [(entity, year), *_other_reports(ds, entity, year)]:
        for frame, detail in finder(e, y):
            if seen < skip:
                seen += 1
                continue
            name = _entity_name(ds, e)
            own = (e, y) == (entity, year)
            template = (translate("From {own}'s own LKIP {year}.") if own else
                        translate("{own}'s LKIP {year} has no {what}, so these figures are borrowed from {src}'s LKIP "
                                  "{src_year}."))
            text, markdown = _explained(template, own=own_name, year=year, src=name, src_year=y, what=translate(what))
            return BorrowedTable(e, name, y, frame, "own" if own else "other_report", text, detail, markdown)
    return None


def akip_components_example(ds: Dataset, entity: str, year: int) -> BorrowedTable | None:
    """The AKIP components (``akip_components`` rows, ``total`` included) for the lesson.

    The entity's own of ``year`` when printed, else another report's (search order of
    :func:`pick_example`); ``None`` when no report prints them. ``frame`` has ``component``,
    ``weight``, ``value``, ``value_text``, ``predicate_text``, ``document_id``, ``source_ref``, in the order of
    :data:`lkip_helpers.measurement.AKIP_COMPONENT_WEIGHTS` then ``total``.

    Raises:
        ParameterError: unknown entity or year.
    """
    ak = ds.tables["akip_components"]
    order = {c: i for i, c in enumerate([*AKIP_COMPONENT_WEIGHTS, "total"])}

    def finder(e: str, y: int):
        rows = ak[(ak["entity_id"] == e) & (ak["year"] == y)]
        if not set(AKIP_COMPONENT_WEIGHTS) <= set(rows["component"]):
            return []
        rows = rows.assign(_o=rows["component"].map(order)).sort_values("_o")
        cols = ["component", "weight", "value", "value_text", "predicate_text", "document_id", "source_ref"]
        return [(rows[cols].reset_index(drop=True), None)]

    return _borrow(ds, entity, year, finder, "AKIP component scores")


def _nrr_x25(nrr: float) -> float:
    """One unsur's NRR × 25 to 2 decimals as printed (half up, in decimal: 3.711 → 92.78)."""
    if pd.isna(nrr):
        return math.nan
    value = ikm_from_nrr([float(nrr)], round_per_unsur=True)
    return math.nan if value is None else float(value)


#: Periods tried for the IKM lesson, the most complete first.
_IKM_PERIODS: tuple[str, ...] = ("annual", "Q4", "S2", "Q3", "S1", "Q2", "Q1")


def ikm_nrr_example(
    ds: Dataset, entity: str, year: int, service: str = "semua-layanan", *, skip: int = 0
) -> BorrowedTable | None:
    """Per-unsur NRR of one survey period for the IKM lesson.

    The entity's own ``ikm_unsur`` rows of ``year`` when it prints NRR, else another report's
    (search order of :func:`pick_example`). The period is the first of annual, Q4, S2, Q3, S1,
    Q2, Q1 with NRR printed (``detail``); ``skip=1`` gives the next period (or report), e.g. for
    an exercise after the worked example. ``frame``: ``unsur``, ``unsur_name``, ``nrr``,
    ``nrr_x25`` (NRR × 25 rounded half up to 2 decimals, multiplied in decimal so that
    3.749 × 25 = 93.725 shows as 93.73, as the reports print it), ``ikm_printed`` (the printed
    per-unsur IKM, NaN if none), ``source_ref``.
    ``None`` when no report prints per-unsur NRR.

    Raises:
        ParameterError: unknown entity or year.
    """
    u = ds.tables["ikm_unsur"]

    def finder(e: str, y: int):
        rows = u[(u["entity_id"] == e) & (u["year"] == y) & (u["service"] == service)]
        found = []
        for period in _IKM_PERIODS:
            p = rows[rows["period"] == period]
            nrr = p[p["measure"] == "nrr"]
            if nrr["value"].notna().any():
                ikm = p[p["measure"] == "ikm"].set_index("unsur")["value"]
                out = nrr[["unsur", "unsur_name", "value", "source_ref"]].rename(columns={"value": "nrr"})
                out = out.assign(
                    nrr_x25=out["nrr"].map(_nrr_x25).astype(float), ikm_printed=out["unsur"].map(ikm).astype(float)
                ).sort_values("unsur")
                cols = ["unsur", "unsur_name", "nrr", "nrr_x25", "ikm_printed", "source_ref"]
                found.append((out[cols].reset_index(drop=True), period))
        return found

    return _borrow(ds, entity, year, finder, "per-unsur NRR of its IKM survey", skip=skip)


def pick_forecast_indicator(summary: pd.DataFrame) -> str | None:
    """The indicator to use for the forecast lesson from a forecast summary table.

    ``summary`` is :attr:`lkip_helpers.forecasting.EntityForecast.summary`. Preference, IKU order
    within each:

    1. a forecast with a target after the report year and a probability of meeting it
       (``next_p_meet``): the lesson can ask "will it reach its next target?";
    2. a forecast with a target after the report year (``next_target``) but no probability;
    3. a forecast with a progress class for the report year (``report_progress``);
    4. any forecast.

    Summaries without the ``next_*``/``report_*`` columns fall back on the headline ``p_meet``
    and ``progress``. ``None`` when nothing could be forecast.
    """
    f = summary[summary["status"] == "forecast"]
    if f.empty:
        return None

    def has(*names: str) -> pd.Series:
        for name in names:
            if name in f.columns:
                return f[name].notna()
        return pd.Series(False, index=f.index)

    rank = pd.Series(3, index=f.index)
    rank[has("report_progress", "progress")] = 2
    rank[has("next_target")] = 1
    rank[has("next_p_meet", "p_meet")] = 0
    order = f.assign(_r=rank, _n=pd.to_numeric(f.get("iku_no"), errors="coerce")).sort_values(["_r", "_n"], kind="stable")
    return str(order["indicator_id"].iloc[0])


#: ``indicator_values`` measures that are the entity's own planned targets (not national ones).
PLAN_TARGET_MEASURES: tuple[str, ...] = (
    "target_rpjmd", "target_final", "target_renstra", "target_renstra_revised", "target_rpd", "target_pk",
)


def last_plan_target_year(ds: Dataset, entity: str) -> int | None:
    """The latest year for which the entity's plans set any target (``indicator_values`` rows of
    the entity with a measure in :data:`PLAN_TARGET_MEASURES`); ``None`` when it has none.

    Tells the forecast lesson whether a target after the report year exists at all: the city's
    RPJMD 2018–2023 sets none after 2023.

    Raises:
        ParameterError: unknown entity.
    """
    ds.check_entity(entity)
    v = ds.tables["indicator_values"]
    rows = v[(v["entity_id"] == entity) & v["measure"].isin(PLAN_TARGET_MEASURES)]
    years = pd.to_numeric(rows["year"], errors="coerce").dropna()
    return None if years.empty else int(years.max())
