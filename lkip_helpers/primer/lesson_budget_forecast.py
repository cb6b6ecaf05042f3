"""Markdown of the primer's budget section (5) and forecast section (6), from the real data.

Each function takes what the notebook has already computed (a row of
:func:`lkip_helpers.reports.iku_efficiency`, a row of a forecast summary of
:func:`lkip_helpers.forecasting.forecast_entity`) and returns the Markdown text of one cell.
Data strings (indicator and entity names, judgements, models, progress classes) go through
:func:`lkip_helpers.notebook.escape_markdown`.
"""

from __future__ import annotations

import pandas as pd

from lkip_helpers.data.i18n import format_number, format_percent, format_rupiah, translate
from lkip_helpers.notebook.markdown import escape_markdown as md
from lkip_helpers.notebook.messages import phrase

__all__ = [
    "forecast_text",
    "report_progress_counts",
    "report_progress_intro",
    "serapan_exercise_text",
    "serapan_text",
]


# --- section 5: budget efficiency -------------------------------------------------------------------
def serapan_text(b: pd.Series) -> str:
    """The worked serapan of one IKU (a row of ``iku_efficiency`` with a pagu and a realisasi)."""
    return phrase(
        "**IKU {iku}, {name}**: serapan = {realisasi} / {pagu} × 100 = **{serapan} %**; tingkat efisiensi = "
        "100 − {serapan} = {efisiensi} %. With a capaian of {capaian} % the IKU is **{judgement}**.",
        iku=int(b["iku_no"]), name=md(b["name"]), realisasi=format_number(b["realisasi"], 0),
        pagu=format_number(b["pagu"], 0), serapan=format_number(b["serapan"]), efisiensi=format_number(b["efisiensi"]),
        capaian=format_number(b["capaian"]), judgement=md(translate(str(b["judgement"]))))


def serapan_exercise_text(ex6: pd.Series) -> str:
    """The question of exercise 6: the serapan of one IKU's programmes (an ``iku_efficiency`` row)."""
    return phrase(
        "**Exercise 6: serapan.** The programmes behind IKU {iku} (*{name}*) had a pagu of Rp{pagu} and spent "
        "Rp{realisasi}. What is the serapan in % (2 decimals)?", iku=int(ex6["iku_no"]), name=md(ex6["name"]),
        pagu=format_rupiah(ex6["pagu"], compact=False)[3:], realisasi=format_rupiah(ex6["realisasi"], compact=False)[3:])


# --- section 6: forecasts and progress to target ----------------------------------------------------
def _forecast_head(s: pd.Series) -> str:
    """The forecast of one indicator: observations, last value, model, the first forecast."""
    return phrase(
        "**{name}**: {n} observations ({first}–{last}), last value {value}; model *{model}* ({selection}). Forecast "
        "for {year}: {forecast} (80 % interval {lo}–{hi}).", name=md(s["name"]), n=int(s["n_obs"]),
        first=int(s["first_year"]), last=int(s["last_year"]), value=_short(s["last_value"]), model=md(s["model"]),
        selection=md(s["selection"]), year=int(s["forecast_year"]), forecast=format_number(s["forecast"]),
        lo=format_number(s["lo80"]), hi=format_number(s["hi80"]))


def _short(value: float) -> str:
    """``value`` with as few decimals as it needs (``4.1``, ``77``), in the reader's notation."""
    text = f"{float(value):g}"
    return text if "e" in text else format_number(float(value), len(text.partition(".")[2]))


def _report_part(s: pd.Series) -> str:
    """What can be said of the report year's target (a clause, no full stop)."""
    if pd.notna(s["report_target"]) and pd.notna(s["report_progress"]):
        return phrase("the {year} target was {target}; its progress class: **{progress}**",
                      year=int(s["report_target_year"]), target=_short(s["report_target"]),
                      progress=md(translate(str(s["report_progress"]))))
    return phrase("the data hold no assessable target for the report year either")


def _no_target_reason(entity_name: str, year: int, plan: str, plan_end: int | None) -> str:
    """Why there is no future target: the plan ends with the report year, or only this indicator
    has none."""
    if plan_end is None or plan_end <= year:
        return phrase("{entity}'s {plan} sets no target after {year}: the latest target of any of its indicators in "
                      "the data is for {plan_end}, so the plan ends with the report year and the next plan's targets "
                      "are not in the data", entity=md(entity_name), plan=plan.upper() if plan == "rpjmd" else "Renstra",
                      year=year, plan_end=plan_end if plan_end is not None else "–")
    return phrase("this indicator has no target after {year} in the data (other indicators have targets up to "
                  "{plan_end}, but none of them has enough observations for a forecast)", year=year, plan_end=plan_end)


def forecast_text(s: pd.Series, entity_name: str, year: int, plan: str, plan_end: int | None) -> str:
    """The forecast lesson on one indicator (``s``: its row of the forecast summary): the forecast,
    then its next target and the probability of meeting it, or why there is none and what can be
    judged for the report year. ``plan`` is ``"rpjmd"`` or ``"renstra"``; ``plan_end`` the last
    year any plan target is set for (:func:`~lkip_helpers.primer.teaching.last_plan_target_year`)."""
    text = _forecast_head(s)
    report_part = _report_part(s)
    if pd.notna(s["next_target"]):
        p = (phrase("probability of meeting it **{p}**", p=format_percent(100 * s["next_p_meet"], 0))
             if pd.notna(s["next_p_meet"]) else phrase("no probability"))
        return text + "\n\n" + phrase(
            "Its next target is **{target} for {year}**: {p}; progress anticipated from the forecast: **{progress}**. "
            "For the report year, {report}.", target=_short(s["next_target"]), year=int(s["next_target_year"]), p=p,
            progress=md(translate(str(s["next_progress"]))), report=report_part)
    why = _no_target_reason(entity_name, year, plan, plan_end)
    return text + "\n\n" + phrase(
        "**No future target to forecast against.** {why}. So the question \"will it reach its next target?\" cannot "
        "be answered, and there is no probability of meeting one. What can be judged is the report year: {report}.",
        why=why, report=report_part)


def report_progress_counts(summary: pd.DataFrame) -> pd.DataFrame:
    """Per progress class of the report year: how many IKU (``n``) and which (``iku``, e.g. ``"1, 4"``),
    from an entity's forecast summary; IKU without an assessable progress are left out."""
    rp = summary.dropna(subset=["report_progress"])
    return (rp.groupby("report_progress", sort=False)["iku_no"]
            .agg(n="count", iku=lambda x: ", ".join(str(int(v)) for v in x)).reset_index())


def report_progress_intro(summary: pd.DataFrame, year: int) -> str:
    """The line over the table of :func:`report_progress_counts`."""
    assessed = int(summary["report_progress"].notna().sum())
    return phrase("Progress towards the {year} targets: the {n} IKU (of {total}) whose progress can be assessed:",
                  year=year, n=assessed, total=len(summary))
