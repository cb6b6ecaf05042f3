"""Markdown of the primer's budget section (5) and forecast section (6), from the real data.

Each function takes what the notebook has already computed (a row of
:func:`lkip_helpers.reports.iku_efficiency`, a row of a forecast summary of
:func:`lkip_helpers.forecasting.forecast_entity`) and returns the Markdown text of one cell.
Data strings (indicator and entity names, judgements, models, progress classes) go through
:func:`lkip_helpers.notebook.escape_markdown`.
"""

from __future__ import annotations

import pandas as pd

from lkip_helpers.notebook.markdown import escape_markdown as md

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
    return (
        f"**IKU {int(b['iku_no'])}, {md(b['name'])}**: serapan = {b['realisasi']:,.0f} / {b['pagu']:,.0f} × 100 = "
        f"**{b['serapan']:.2f} %**; tingkat efisiensi = 100 − {b['serapan']:.2f} = {b['efisiensi']:.2f} %. "
        f"With a capaian of {b['capaian']:.2f} % the IKU is **{md(b['judgement'])}**."
    )


def serapan_exercise_text(ex6: pd.Series) -> str:
    """The question of exercise 6: the serapan of one IKU's programmes (an ``iku_efficiency`` row)."""
    return (
        f"**Exercise 6: serapan.** The programmes behind IKU {int(ex6['iku_no'])} (*{md(ex6['name'])}*) had a pagu of "
        f"Rp{ex6['pagu']:,.0f} and spent Rp{ex6['realisasi']:,.0f}. What is the serapan in % (2 decimals)?"
    )


# --- section 6: forecasts and progress to target ----------------------------------------------------
def _forecast_head(s: pd.Series) -> str:
    """The forecast of one indicator: observations, last value, model, the first forecast."""
    return (f"**{md(s['name'])}**: {int(s['n_obs'])} observations ({int(s['first_year'])}–{int(s['last_year'])}), "
            f"last value {s['last_value']:g}; model *{md(s['model'])}* ({md(s['selection'])}). Forecast for "
            f"{int(s['forecast_year'])}: {s['forecast']:.2f} (80 % interval {s['lo80']:.2f}–{s['hi80']:.2f}).")


def _report_part(s: pd.Series) -> str:
    """What can be said of the report year's target (a clause, no full stop)."""
    if pd.notna(s["report_target"]) and pd.notna(s["report_progress"]):
        return (f"the {int(s['report_target_year'])} target was {s['report_target']:g}; its progress class: "
                f"**{md(s['report_progress'])}**")
    return "the data hold no assessable target for the report year either"


def _no_target_reason(entity_name: str, year: int, plan: str, plan_end: int | None) -> str:
    """Why there is no future target: the plan ends with the report year, or only this indicator
    has none."""
    if plan_end is None or plan_end <= year:
        return (f"{md(entity_name)}'s {plan.upper() if plan == 'rpjmd' else 'Renstra'} sets no target after {year}: "
                f"the latest target of any of its indicators in the data is for {plan_end}, so the plan ends "
                f"with the report year and the next plan's targets are not in the data")
    return (f"this indicator has no target after {year} in the data (other indicators have targets up to "
            f"{plan_end}, but none of them has enough observations for a forecast)")


def forecast_text(s: pd.Series, entity_name: str, year: int, plan: str, plan_end: int | None) -> str:
    """The forecast lesson on one indicator (``s``: its row of the forecast summary): the forecast,
    then its next target and the probability of meeting it, or why there is none and what can be
    judged for the report year. ``plan`` is ``"rpjmd"`` or ``"renstra"``; ``plan_end`` the last
    year any plan target is set for (:func:`~lkip_helpers.primer.teaching.last_plan_target_year`)."""
    text = _forecast_head(s)
    report_part = _report_part(s)
    if pd.notna(s["next_target"]):
        p = f"probability of meeting it **{s['next_p_meet']:.0%}**" if pd.notna(s["next_p_meet"]) else "no probability"
        return text + (f"\n\nIts next target is **{s['next_target']:g} for {int(s['next_target_year'])}**: {p}; progress "
                       f"anticipated from the forecast: **{md(s['next_progress'])}**. For the report year, {report_part}.")
    why = _no_target_reason(entity_name, year, plan, plan_end)
    return text + (f"\n\n**No future target to forecast against.** {why}. So the question \"will it reach its next "
                   f"target?\" cannot be answered, and there is no probability of meeting one. What can be judged is the "
                   f"report year: {report_part}.")


def report_progress_counts(summary: pd.DataFrame) -> pd.DataFrame:
    """Per progress class of the report year: how many IKU (``n``) and which (``iku``, e.g. ``"1, 4"``),
    from an entity's forecast summary; IKU without an assessable progress are left out."""
    rp = summary.dropna(subset=["report_progress"])
    return (rp.groupby("report_progress", sort=False)["iku_no"]
            .agg(n="count", iku=lambda x: ", ".join(str(int(v)) for v in x)).reset_index())


def report_progress_intro(summary: pd.DataFrame, year: int) -> str:
    """The line over the table of :func:`report_progress_counts`."""
    assessed = int(summary["report_progress"].notna().sum())
    return (f"Progress towards the {year} targets: the {assessed} IKU (of {len(summary)}) "
            f"whose progress can be assessed:")
