"""Markdown of the primer's AKIP section (3) and IKM section (4), from the real data.

Each function takes what the notebook has already computed (the AKIP components example and its
what-if base and headroom table, the per-unsur NRR example, the scorecard) and returns the
Markdown text of one cell. Data strings (entity names, components, predikat, periods, unsur,
discrepancy ids) go through :func:`lkip_helpers.notebook.escape_markdown`.
:func:`akip_full_marks_total` and :func:`mutu_exercise_ikm` give the figures exercises 3 and 5
are checked against, so that the question and the checker use one number.
"""

from __future__ import annotations

import pandas as pd

from lkip_helpers.data.dataset import Dataset
from lkip_helpers.data.i18n import format_number
from lkip_helpers.notebook.messages import phrase
from lkip_helpers.measurement import akip_grade, ikm_from_nrr, mutu_pelayanan, points_to_next_grade, round_half_up
from lkip_helpers.notebook.markdown import escape_markdown as md
from lkip_helpers.primer.lesson_capaian import explanation_markdown
from lkip_helpers.primer.teaching import AkipWhatIfBase, BorrowedTable
from lkip_helpers.reports import AKIP_LABELS, ikm_by_period

__all__ = [
    "akip_components_text",
    "akip_exercise_text",
    "akip_full_marks_total",
    "akip_next_predikat_text",
    "ikm_exercise_text",
    "ikm_nrr_text",
    "ikm_units_text",
    "mutu_exercise_ikm",
    "mutu_exercise_text",
]


# --- section 3: AKIP --------------------------------------------------------------------------------
def _akip_total_warning(ds: Dataset, akip: BorrowedTable, base: AkipWhatIfBase) -> str:
    """The warning paragraph for a printed AKIP total that does not add up, citing the
    discrepancies the data record for it."""
    d = ds["discrepancies"]
    known = d[(d["resource"] == "akip_components") & d["document_id"].isin(akip.frame["document_id"])]
    recorded = (phrase("recorded in `data/discrepancies.csv` ({ids})", ids=", ".join(md(i) for i in known["discrepancy_id"]))
                if len(known) else phrase("not yet recorded in `data/discrepancies.csv`"))
    official = akip_grade(base.official)
    return "\n\n" + phrase(
        "**Warning: the total does not add up.** {note} The slip is kept as printed and {recorded}. Official predikat "
        "(from the printed {total}): **{grade}** ({label}). Checking that a total adds up is part of reading any LKIP.",
        note=base.note, recorded=recorded, total=format_number(base.official), grade=official,
        label=AKIP_LABELS[official])


def akip_components_text(ds: Dataset, akip: BorrowedTable, base: AkipWhatIfBase, headroom: pd.DataFrame) -> str:
    """Where the AKIP components come from, their sum and predikat, the printed total and, when
    the total does not add up, a warning (``headroom``: :func:`~lkip_helpers.primer.teaching.akip_component_headroom`)."""
    now = akip_grade(base.base)
    parts = " + ".join(format_number(v) for v in headroom["score"])
    text = f"{explanation_markdown(akip)}\n\n" + phrase(
        "Sum of the components = {parts} = **{total}**, predikat **{grade}** ({label}).", parts=parts,
        total=format_number(base.component_sum), grade=now, label=AKIP_LABELS[now])
    if base.printed_total is not None:
        values = dict(total=format_number(base.printed_total), grade=md(base.printed_predicate))
        text += " " + (phrase("The report prints a total of **{total}** with predikat {grade}, the same figure.", **values)
                       if base.consistent else
                       phrase("The report prints a total of **{total}** with predikat {grade}.", **values))
    if not base.consistent:
        text += _akip_total_warning(ds, akip, base)
    return text


def _weakest(headroom: pd.DataFrame) -> pd.Series:
    """The component with the most points still open."""
    return headroom.loc[headroom["headroom"].idxmax()]


def akip_next_predikat_text(base: AkipWhatIfBase, headroom: pd.DataFrame) -> str:
    """How many points the sum of the components needs for the next predikat, and the largest
    single headroom."""
    score = base.base
    step = points_to_next_grade(score)
    if step is None:
        return phrase("{score} is already **AA**, the best predikat.", score=format_number(score))
    start = phrase("{score}, the sum of the components", score=format_number(score)) + (
        "" if base.consistent else
        phrase("; the printed {total} does not add up, see above", total=format_number(base.printed_total)))
    weakest = _weakest(headroom)
    return phrase(
        "From **{current}** ({start}), the next predikat **{next}** starts at {min_score}: **{points} points** to go. "
        "The largest single headroom is {headroom} points ({component}).", current=step.current, start=start,
        next=step.next, min_score=format_number(step.min_score), points=format_number(step.points),
        headroom=format_number(weakest["headroom"]), component=md(weakest["component"]))


def akip_full_marks_total(headroom: pd.DataFrame) -> float:
    """Exercise 3's total: the sum of the components with full marks on the weakest one (2 decimals)."""
    return float(round_half_up(float(_weakest(headroom)["total_if_full"]), 2))


def akip_exercise_text(akip: BorrowedTable, base: AkipWhatIfBase, headroom: pd.DataFrame) -> str:
    """The question of exercise 3: the predikat with full marks on the weakest component."""
    weakest = _weakest(headroom)
    caveat = "" if base.consistent else " " + phrase(
        "This starts from the sum of the components, {base}, not from the printed total {total}, which does not add "
        "up (see above).", base=format_number(base.base), total=format_number(base.printed_total))
    return phrase(
        "**Exercise 3: AKIP predikat.** Suppose {entity} had scored full marks on *{component}* ({weight} instead of "
        "{score}) with the other components unchanged. Its total would then be {base} + {headroom} = **{total}**."
        "{caveat} Which predikat is that? Type it in quotes, e.g. \"BB\".", entity=md(akip.entity_name),
        component=md(weakest["component"]), weight=format_number(weakest["weight"], 0),
        score=format_number(weakest["score"]), base=format_number(base.base), headroom=format_number(weakest["headroom"]),
        total=format_number(akip_full_marks_total(headroom)), caveat=caveat)


# --- section 4: IKM ---------------------------------------------------------------------------------
def _printed_ikm(ds: Dataset, nrr_ex: BorrowedTable) -> str | None:
    """The IKM the report prints for the example's survey period, ``None`` if none."""
    periods = ikm_by_period(ds, nrr_ex.entity, nrr_ex.year).set_index("period")
    if nrr_ex.detail not in periods.index:
        return None
    printed = periods["realisasi_text"].get(nrr_ex.detail)
    return str(printed) if pd.notna(printed) and str(printed) else None


def ikm_nrr_text(ds: Dataset, nrr_ex: BorrowedTable) -> str:
    """The worked IKM: where the NRR come from, mean NRR × 25, the mutu, the result when each
    unsur is rounded first, and the IKM the report prints (``nrr_ex``:
    :func:`~lkip_helpers.primer.teaching.ikm_nrr_example`)."""
    nrr = nrr_ex.frame["nrr"]
    ikm_value = ikm_from_nrr(nrr)
    grade, label = mutu_pelayanan(ikm_value)
    printed = _printed_ikm(ds, nrr_ex)
    values = dict(period=md(nrr_ex.detail), mean=format_number(nrr.mean(), 4), ikm=format_number(ikm_value),
                  grade=grade, label=label, rounded=format_number(ikm_from_nrr(nrr, round_per_unsur=True)))
    if printed:
        return explanation_markdown(nrr_ex) + " " + phrase(
            "Survey period: **{period}**.\n\nIKM = mean NRR × 25 = {mean} × 25 = **{ikm}**, mutu **{grade}** ({label}). "
            "Rounding each unsur's NRR × 25 first gives {rounded}; the report prints {printed}.", printed=md(printed),
            **values)
    return explanation_markdown(nrr_ex) + " " + phrase(
        "Survey period: **{period}**.\n\nIKM = mean NRR × 25 = {mean} × 25 = **{ikm}**, mutu **{grade}** ({label}). "
        "Rounding each unsur's NRR × 25 first gives {rounded}.", **values)


def ikm_units_text(entity_name: str, year: int, units: pd.DataFrame) -> str:
    """How many service units report an IKM, and their median (``units``: ``unit_score_table``)."""
    return phrase("{n} service units of {entity} with an IKM in {year} (median {median}).", n=len(units),
                  entity=md(entity_name), year=year, median=format_number(units["value"].median()))


def ikm_exercise_text(ex4: BorrowedTable) -> str:
    """The question of exercise 4: the IKM from the per-unsur NRR of ``ex4``."""
    values = ", ".join(f"{md(u)} {format_number(v, 3)}" for u, v in zip(ex4.frame["unsur"], ex4.frame["nrr"]))
    borrowed = f" *{explanation_markdown(ex4)}*" if ex4.borrowed else ""
    return phrase(
        "**Exercise 4: IKM from NRR.** The per-unsur NRR of {entity}'s survey, period {period} ({year}), are: "
        "{values}. What is the IKM (2 decimals)?{note}", entity=md(ex4.entity_name), period=md(ex4.detail),
        year=ex4.year, values=values, note=borrowed)


def _ikm_iku(card: pd.DataFrame) -> pd.DataFrame:
    """The scorecard rows of an IKM (Indeks Kepuasan Masyarakat) IKU with a realisasi."""
    return card[card["name"].str.contains("Kepuasan Masyarakat", case=False) & card["realisasi"].notna()]


def mutu_exercise_ikm(card: pd.DataFrame, ikm_value: float | None) -> float | None:
    """Exercise 5's IKM: the realisasi of the entity's IKM IKU, else ``ikm_value`` (the worked
    example's IKM) rounded half up to 2 decimals; ``None`` when there is neither."""
    rows = _ikm_iku(card)
    if len(rows):
        return float(rows["realisasi"].iloc[0])
    return None if ikm_value is None else float(round_half_up(ikm_value, 2))


def mutu_exercise_text(card: pd.DataFrame, entity_name: str, year: int, ikm_value: float | None) -> str:
    """The question of exercise 5: the mutu pelayanan of :func:`mutu_exercise_ikm`."""
    rows = _ikm_iku(card)
    value = mutu_exercise_ikm(card, ikm_value)
    what = (phrase("{entity}'s IKM IKU in {year} (*{name}*) has a realisasi of **{value}**.", entity=md(entity_name),
                   year=year, name=md(rows["name"].iloc[0]), value=format_number(value))
            if len(rows) else phrase("The IKM computed in the worked example above is **{value}**.",
                                     value=format_number(value)))
    return phrase("**Exercise 5: mutu pelayanan.** {what} What is its mutu (A, B, C or D, in quotes)?", what=what)
