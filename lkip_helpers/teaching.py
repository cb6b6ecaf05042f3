"""Lesson material drawn from the real data for the SAKIP primer: worked examples and what it takes
to reach a better AKIP predikat.

**Teaching examples.** :func:`pick_example` finds a real indicator of a given kind (higher- or
lower-is-better, negative realisasi, text target) in an entity's own IKU scorecard and, when the
entity has none, borrows one from another report in the data (the parent entity first) or from the
regional benchmarks, saying so in ``explanation``. :func:`akip_components_example` and
:func:`ikm_nrr_example` do the same for the AKIP component scores and the per-unsur NRR of an IKM
survey (:class:`BorrowedTable`); :func:`pick_forecast_indicator` chooses the indicator of the
forecast lesson.

**AKIP headroom.** :func:`akip_next_grades` and :func:`akip_component_headroom` tabulate what it
would take to reach a better AKIP predikat.

The self-checking exercises set on these examples are in :mod:`lkip_helpers.exercises`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from .dataset import Dataset
from .measurement import (
    AKIP_BANDS,
    AKIP_COMPONENT_WEIGHTS,
    akip_grade,
    points_to_next_grade,
    round_half_up,
)
from .numbers import NumberParseError, parse_number

__all__ = [
    "EXAMPLE_KINDS",
    "BorrowedTable",
    "TeachingExample",
    "akip_component_headroom",
    "akip_components_example",
    "akip_next_grades",
    "example_candidates",
    "ikm_nrr_example",
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


def akip_component_headroom(
    components: Mapping[str, float] | pd.DataFrame, *, total: float | None = None
) -> pd.DataFrame:
    """Per AKIP component: its weight, score, share of the weight and the points still open.

    ``components`` maps the four component ids of
    :data:`lkip_helpers.measurement.AKIP_COMPONENT_WEIGHTS` to their scores, or is an
    ``akip_components``-shaped frame of one entity and year (``component``, ``value``; a
    ``total`` row is ignored). Columns: ``component``, ``weight``, ``score``, ``share`` (score /
    weight × 100), ``headroom`` (weight − score), ``total_if_full`` (``total`` + headroom: the
    total if this component alone got full marks) and ``grade_if_full`` (its predikat).

    ``total`` is the score the gains are added to: by default the sum of the components; pass
    the printed total when a report's total does not equal the sum of its components (the
    official predikat follows the printed total).

    Raises:
        ValueError: a component missing, unknown, or outside 0–weight; a total outside 0–100.
    """
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
    total_sum = 0.0
    for name, weight in AKIP_COMPONENT_WEIGHTS.items():
        v = comp[name]
        if v is None or pd.isna(v) or not 0 <= float(v) <= weight:
            raise ValueError(f"component {name} = {v!r} is not between 0 and its weight {weight:g}")
        total_sum += float(v)
    base = total_sum if total is None else float(total)
    if not 0 <= base <= 100:
        raise ValueError(f"AKIP total {total!r} is outside 0–100")
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
        rule, status, note: from the scorecard (:func:`lkip_helpers.scorecard.iku_scorecard`).
        iku_no: IKU number in its report (``None`` for a benchmark).
        source: ``"own"`` (the entity's own IKU), ``"other_report"`` (another report's IKU) or
            ``"regional_benchmark"``.
        explanation: one sentence saying where the example comes from and, when borrowed, why.
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

    @property
    def borrowed(self) -> bool:
        """``True`` when the example is not the entity's own IKU."""
        return self.source != "own"


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
    from .scorecard import iku_scorecard

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
    from .measurement import capaian_from_text, status

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
            "capaian": res.value, "rule": res.rule, "status": status(res.value, res.achieved), "note": res.note,
            "iku_no": None,
        })
    pool = pd.DataFrame(rows)
    if pool.empty:
        return pool
    return pool[_matches_kind(pool, kind)].sort_values(["entity", "year", "indicator_id"])


def _number_or_none(text: object) -> float | None:
    """:func:`lkip_helpers.numbers.parse_number`, ``None`` for text that is not a number."""
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
    what = EXAMPLE_KINDS[kind].split(" (")[0]
    iku_no = _opt(row.get("iku_no"))
    label = f"IKU {int(iku_no)}, {row['name']}" if iku_no is not None else str(row["name"])
    if row["source"] == "own":
        explanation = f"From {own_name}'s own LKIP {year}: {label}."
    else:
        n_own = int((cands["source"] == "own").sum())
        why = (
            f"{own_name} has no {what} in its LKIP {year}"
            if n_own == 0
            else f"{own_name} has only {n_own} {what} in its LKIP {year}"
        )
        where = (
            f"{src_name}'s LKIP {int(row['year'])}"
            if row["source"] == "other_report"
            else f"the regional benchmarks ({src_name}, {int(row['year'])})"
        )
        explanation = f"{why}, so this example is borrowed from {where}: {label}."
    return TeachingExample(
        kind=kind, entity=str(row["entity"]), entity_name=src_name, year=int(row["year"]),
        indicator_id=str(row["indicator_id"]), name=str(row["name"]), polarity=str(row["polarity"]),
        unit=_opt(row.get("unit")), target_text=_opt(row.get("target_text")),
        realisasi_text=_opt(row.get("realisasi_text")), capaian_printed_text=_opt(row.get("capaian_printed_text")),
        target=_opt(row.get("target")), realisasi=_opt(row.get("realisasi")), capaian=_opt(row.get("capaian")),
        rule=_opt(row.get("rule")), status=_opt(row.get("status")), note=_opt(row.get("note")),
        iku_no=None if iku_no is None else int(iku_no), source=str(row["source"]), explanation=explanation,
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
    """

    entity: str
    entity_name: str
    year: int
    frame: pd.DataFrame
    source: str
    explanation: str
    detail: str | None = None

    @property
    def borrowed(self) -> bool:
        """``True`` when the figures are not the lesson entity's own."""
        return self.source != "own"


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
            if (e, y) == (entity, year):
                return BorrowedTable(e, name, y, frame, "own", f"From {own_name}'s own LKIP {year}.", detail)
            return BorrowedTable(
                e, name, y, frame, "other_report",
                f"{own_name}'s LKIP {year} has no {what}, so these figures are borrowed from {name}'s LKIP {y}.", detail,
            )
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
    ``ikm_printed`` (the printed per-unsur IKM, NaN if none), ``source_ref``.
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
                out = out.assign(ikm_printed=out["unsur"].map(ikm).astype(float)).sort_values("unsur")
                found.append((out[["unsur", "unsur_name", "nrr", "ikm_printed", "source_ref"]].reset_index(drop=True), period))
        return found

    return _borrow(ds, entity, year, finder, "per-unsur NRR of its IKM survey", skip=skip)


def pick_forecast_indicator(summary: pd.DataFrame) -> str | None:
    """The indicator to use for the forecast lesson from a forecast summary table.

    ``summary`` is :attr:`lkip_helpers.forecasting.EntityForecast.summary` (``indicator_id``,
    ``iku_no``, ``status``, ``p_meet``, ``progress``). Preference: a forecast with a future
    target (a probability of meeting it), then a forecast with a progress class, then any
    forecast; IKU order within each. ``None`` when nothing could be forecast.
    """
    f = summary[summary["status"] == "forecast"]
    if f.empty:
        return None
    rank = (
        f["p_meet"].isna().astype(int) * 2 + f["progress"].isna().astype(int)
        if {"p_meet", "progress"} <= set(f.columns)
        else pd.Series(0, index=f.index)
    )
    order = f.assign(_r=rank, _n=pd.to_numeric(f.get("iku_no"), errors="coerce")).sort_values(["_r", "_n"], kind="stable")
    return str(order["indicator_id"].iloc[0])
