"""Sentences that introduce a forecast: what was forecast, and which targets lie ahead."""

from __future__ import annotations

import pandas as pd

from lkip_helpers.notebook.markdown import escape_markdown
from lkip_helpers.notebook.messages import phrase

from .core import EntityForecast

__all__ = ["ACCURACY_LABELS", "PUBLISHED_LABELS", "ROLLUP_LABELS", "describe_accuracy", "describe_forecast_scope", "describe_next_target_heading",
           "describe_report_target_heading",
           "pooled_accuracy_table", "progress_rollup_table", "published_progress_table", "SUGGESTION_LABELS",
           "suggestions_table"]

#: Display labels of the pooled accuracy table (English; one place, for the message catalog).
ACCURACY_LABELS = {
    "kind": "kind", "model": "model", "n_series": "series", "n_forecasts": "forecasts", "mase": "MASE",
    "coverage80": "cover 80 %", "coverage95": "cover 95 %", "n_brier": "targets", "brier": "Brier",
    "brier_skill": "Brier skill", "chosen": "in use",
}
#: Display labels of the published progress table.
PUBLISHED_LABELS = {
    "name": "indicator", "year": "target year", "target": "target", "own_progress": "project (Open SDG)",
    "status": "met?", "achievement": "achieved share", "unsd_ratio": "UNSD R", "unsd_class": "UNSD Progress Chart",
    "escap_ratio": "ESCAP ratio", "escap_class": "ESCAP anticipated", "csi": "ESCAP CSI", "method": "rates",
}
#: Display labels of the suggested targets.
SUGGESTION_LABELS = {
    "name": "indicator", "year": "year", "conservative": "conservative", "moderate": "moderate",
    "ambitious": "ambitious", "last_value": "last value", "trend_conservative": "trend 80 %",
    "trend_ambitious": "trend 20 %", "plan_path": "plan's path", "anchors": "anchored on",
}
#: Display labels of the progress roll-up.
ROLLUP_LABELS = {"level": "level", "name": "sasaran / misi", "n_indicators": "indicators", "csi": "mean CSI",
                 "unsd_on_track": "on track (UNSD)", "escap_achieved": "expected (ESCAP)"}


def _scope_counts(counts: pd.Series, total: int) -> str:
    """The clauses of :func:`describe_forecast_scope` that count the indicators by status."""
    clauses = [phrase("{n} of {total} indicators forecast", n=int(counts.get("forecast", 0)), total=total),
               phrase("{n} with insufficient data for a forecast", n=int(counts.get("insufficient data", 0)))]
    if counts.get("not assessable", 0):
        clauses.append(phrase("{n} not assessable (values outside their bounds)", n=int(counts["not assessable"])))
    clauses.append(phrase("{n} skipped (not numeric)", n=int(counts.get("skipped", 0))))
    return ", ".join(clauses)


def describe_forecast_scope(result: EntityForecast, entity_name: str, year: int, horizon: int) -> str:
    """Markdown, in the reader's language: observations up to ``year``, forecast years, how many
    indicators were forecast, had too little data, were not assessable or skipped, and the target
    years after ``year`` (or that the plan period ends with ``year``)."""
    counts = result.summary["status"].value_counts()
    future = result.targets[result.targets["year"] > year]
    text = phrase("**{entity}**, observations up to {year}, forecast {first}–{last}: {counts}.",
                  entity=escape_markdown(entity_name), year=year, first=year + 1, last=year + horizon,
                  counts=_scope_counts(counts, len(result.summary)))
    if len(future):
        years = ", ".join(sorted({str(int(y)) for y in future["year"]}))
        return text + " " + phrase("The data hold {n} target(s) after {year} ({years}).", n=len(future), year=year,
                                   years=years)
    return text + " " + phrase("The data hold no target after {year}: the plan period ends with {year}, so progress "
                               "is judged on what was observed up to {year}.", year=year)


def describe_report_target_heading(year: int) -> str:
    """Markdown heading of the report-year target table, in the reader's language."""
    return phrase("**Report-year target ({year}), observed**", year=year)


def describe_next_target_heading(ahead: pd.DataFrame, year: int) -> str:
    """Markdown heading of the forecast-and-next-target table, in the reader's language; says
    when no target lies after ``year`` (then the table is a forecast of the following year only)."""
    if "next_target_year" in ahead.columns and ahead["next_target_year"].notna().any():
        return phrase("**Forecast and next target**")
    return phrase("**Forecast and next target**: the data hold no target after {year} (the plan period ends with "
                  "{year}), so there is no probability of meeting a future target; the forecast is of the following "
                  "year.", year=year)


def pooled_accuracy_table(result: EntityForecast) -> pd.DataFrame:
    """The pooled backtest scores of every report (:attr:`EntityForecast.pooled`) for display:
    one row per kind and model (and "all kinds"), the model in use flagged."""
    from lkip_helpers.notebook import show_table

    scores = result.pooled.scores if result.pooled is not None else pd.DataFrame(columns=list(ACCURACY_LABELS))
    return show_table(scores, list(ACCURACY_LABELS), labels=ACCURACY_LABELS)


def published_progress_table(result: EntityForecast, ds) -> pd.DataFrame:
    """The published progress classes of every target (:func:`~.published.published_table`)
    beside the project's own, for display."""
    from lkip_helpers.notebook import show_table

    from .published import published_table

    return show_table(result.named(published_table(result, ds)), list(PUBLISHED_LABELS), labels=PUBLISHED_LABELS,
                      row_id="indicator_id")


def progress_rollup_table(result: EntityForecast, ds) -> pd.DataFrame:
    """The current status index and class counts rolled up to sasaran and misi for the targets of
    the first target year from the report year on (:func:`~.published.rollup_progress`)."""
    from lkip_helpers.notebook import show_table

    from .published import published_table, rollup_progress

    table = published_table(result, ds)
    years = sorted(y for y in table["year"].unique() if y >= result.year)
    roll = rollup_progress(table, ds, result.entity, years[0] if years else None)
    return show_table(roll, list(ROLLUP_LABELS), labels=ROLLUP_LABELS, row_id="id")


def suggestions_table(result: EntityForecast) -> pd.DataFrame:
    """The anchored target suggestions beside the trend's own quantiles, for display."""
    from lkip_helpers.notebook import show_table

    return show_table(result.named(result.recommendations), list(SUGGESTION_LABELS), labels=SUGGESTION_LABELS,
                      row_id="indicator_id")


def describe_accuracy(result: EntityForecast) -> str:
    """What the pooled backtest says about the probabilities of meeting a target, per kind of
    indicator (the model in use): where P(meet) did better than the base rate of targets met
    (Brier skill above 0) and where it did not, so that a reader weighs the probabilities of the
    latter as indicative only."""
    from lkip_helpers.data.i18n import format_number, translate

    scores = result.pooled.scores if result.pooled is not None else pd.DataFrame()
    if scores.empty or "brier_skill" not in scores:
        return phrase("No pooled backtest scored a probability of meeting a target.")
    chosen = scores[scores["chosen"].astype(bool) & (scores["kind"] != "all kinds") & scores["brier_skill"].notna()]
    if chosen.empty:
        return phrase("No pooled backtest scored a probability of meeting a target.")

    def kinds(rows: pd.DataFrame) -> str:
        return ", ".join(f"{translate(k)} ({format_number(s, 2)})" for k, s in zip(rows["kind"], rows["brier_skill"]))

    better, worse = chosen[chosen["brier_skill"] > 0], chosen[chosen["brier_skill"] <= 0]
    parts = []
    if len(better):
        parts.append(phrase("In the pooled backtest, P(meet) beat the base rate of targets met (Brier skill above 0) for: {kinds}.",
                            kinds=kinds(better)))
    if len(worse):
        parts.append(phrase("It did not for: {kinds}; read the probabilities of those indicators as indicative only.",
                            kinds=kinds(worse)))
    return " ".join(parts)
