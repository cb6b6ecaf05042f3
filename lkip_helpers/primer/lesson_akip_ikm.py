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
    recorded = (f"recorded in `data/discrepancies.csv` ({', '.join(md(i) for i in known['discrepancy_id'])})"
                if len(known) else "not yet recorded in `data/discrepancies.csv`")
    official = akip_grade(base.official)
    return (
        f"\n\n**Warning: the total does not add up.** {base.note} "
        f"The slip is kept as printed and {recorded}. Official predikat (from the printed "
        f"{base.official:.2f}): **{official}** ({AKIP_LABELS[official]}). "
        f"Checking that a total adds up is part of reading any LKIP."
    )


def akip_components_text(ds: Dataset, akip: BorrowedTable, base: AkipWhatIfBase, headroom: pd.DataFrame) -> str:
    """Where the AKIP components come from, their sum and predikat, the printed total and, when
    the total does not add up, a warning (``headroom``: :func:`~lkip_helpers.primer.teaching.akip_component_headroom`)."""
    now = akip_grade(base.base)
    parts = " + ".join(f"{v:.2f}" for v in headroom["score"])
    text = (f"{explanation_markdown(akip)}\n\nSum of the components = {parts} = **{base.component_sum:.2f}**, "
            f"predikat **{now}** ({AKIP_LABELS[now]}).")
    if base.printed_total is not None:
        text += (f" The report prints a total of **{base.printed_total:.2f}** with predikat "
                 f"{md(base.printed_predicate)}" + (", the same figure." if base.consistent else "."))
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
        return f"{score:.2f} is already **AA**, the best predikat."
    start = f"{score:.2f}, the sum of the components" + (
        "" if base.consistent else f"; the printed {base.printed_total:.2f} does not add up, see above")
    weakest = _weakest(headroom)
    return (
        f"From **{step.current}** ({start}), the next predikat **{step.next}** starts at {step.min_score:.2f}: "
        f"**{step.points:.2f} points** to go. The largest single headroom is {weakest['headroom']:.2f} points "
        f"({md(weakest['component'])})."
    )


def akip_full_marks_total(headroom: pd.DataFrame) -> float:
    """Exercise 3's total: the sum of the components with full marks on the weakest one (2 decimals)."""
    return float(round_half_up(float(_weakest(headroom)["total_if_full"]), 2))


def akip_exercise_text(akip: BorrowedTable, base: AkipWhatIfBase, headroom: pd.DataFrame) -> str:
    """The question of exercise 3: the predikat with full marks on the weakest component."""
    weakest = _weakest(headroom)
    caveat = "" if base.consistent else (
        f" This starts from the sum of the components, {base.base:.2f}, not from the printed total "
        f"{base.printed_total:.2f}, which does not add up (see above).")
    return (
        f"**Exercise 3: AKIP predikat.** Suppose {md(akip.entity_name)} had scored full marks on "
        f"*{md(weakest['component'])}* ({weakest['weight']:.0f} instead of {weakest['score']:.2f}) with the other "
        f"components unchanged. Its total would then be {base.base:.2f} + {weakest['headroom']:.2f} = "
        f"**{akip_full_marks_total(headroom):.2f}**.{caveat} Which predikat is that? Type it in quotes, e.g. \"BB\"."
    )


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
    return (
        f"{explanation_markdown(nrr_ex)} Survey period: **{md(nrr_ex.detail)}**.\n\n"
        f"IKM = mean NRR × 25 = {nrr.mean():.4f} × 25 = **{ikm_value:.2f}**, mutu **{grade}** ({label}). "
        f"Rounding each unsur's NRR × 25 first gives {ikm_from_nrr(nrr, round_per_unsur=True):.2f}"
        + (f"; the report prints {md(printed)}." if printed else ".")
    )


def ikm_units_text(entity_name: str, year: int, units: pd.DataFrame) -> str:
    """How many service units report an IKM, and their median (``units``: ``unit_score_table``)."""
    return f"{len(units)} service units of {md(entity_name)} with an IKM in {year} (median {units['value'].median():.2f})."


def ikm_exercise_text(ex4: BorrowedTable) -> str:
    """The question of exercise 4: the IKM from the per-unsur NRR of ``ex4``."""
    values = ", ".join(f"{md(u)} {v:.3f}" for u, v in zip(ex4.frame["unsur"], ex4.frame["nrr"]))
    borrowed = f" *{explanation_markdown(ex4)}*" if ex4.borrowed else ""
    return (
        f"**Exercise 4: IKM from NRR.** The per-unsur NRR of {md(ex4.entity_name)}'s survey, period "
        f"{md(ex4.detail)} ({ex4.year}), are: {values}. What is the IKM (2 decimals)?{borrowed}"
    )


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
    what = (f"{md(entity_name)}'s IKM IKU in {year} (*{md(rows['name'].iloc[0])}*) has a realisasi of **{value:.2f}**."
            if len(rows) else f"The IKM computed in the worked example above is **{value:.2f}**.")
    return f"**Exercise 5: mutu pelayanan.** {what} What is its mutu (A, B, C or D, in quotes)?"
