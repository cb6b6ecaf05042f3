"""Sentences that introduce a forecast: what was forecast, and which targets lie ahead."""

from __future__ import annotations

import pandas as pd

from lkip_helpers.notebook.markdown import escape_markdown

from .core import EntityForecast

__all__ = ["ACCURACY_LABELS", "PUBLISHED_LABELS", "ROLLUP_LABELS", "describe_forecast_scope", "describe_next_target_heading",
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
    "indicator_id": "indicator", "year": "target year", "target": "target", "own_progress": "project (Open SDG)",
    "status": "met?", "achievement": "achieved share", "unsd_ratio": "UNSD R", "unsd_class": "UNSD Progress Chart",
    "escap_ratio": "ESCAP ratio", "escap_class": "ESCAP anticipated", "csi": "ESCAP CSI", "method": "rates",
}
#: Display labels of the suggested targets.
SUGGESTION_LABELS = {
    "indicator_id": "indicator", "year": "year", "conservative": "conservative", "moderate": "moderate",
    "ambitious": "ambitious", "last_value": "last value", "trend_conservative": "trend 80 %",
    "trend_ambitious": "trend 20 %", "plan_path": "plan's path", "anchors": "anchored on",
}
#: Display labels of the progress roll-up.
ROLLUP_LABELS = {"level": "level", "id": "sasaran / misi", "n_indicators": "indicators", "csi": "mean CSI",
                 "unsd_on_track": "on track (UNSD)", "escap_achieved": "expected (ESCAP)"}


def describe_forecast_scope(result: EntityForecast, entity_name: str, year: int, horizon: int) -> str:
    """Markdown: observations up to ``year``, forecast years, how many indicators were forecast,
    had too little data, were not assessable or skipped, and the target years after ``year``
    (or that the plan period ends with ``year``)."""
    counts = result.summary["status"].value_counts()
    future = result.targets[result.targets["year"] > year]
    text = (
        f"**{escape_markdown(entity_name)}**, observations up to {year}, forecast {year + 1}–{year + horizon}: "
        f"{counts.get('forecast', 0)} of {len(result.summary)} indicators forecast, "
        f"{counts.get('insufficient data', 0)} with insufficient data for a forecast, "
    )
    if counts.get("not assessable", 0):
        text += f"{counts.get('not assessable', 0)} not assessable (values outside their bounds), "
    text += f"{counts.get('skipped', 0)} skipped (not numeric). The data hold {len(future)} target(s) after {year}"
    if len(future):
        return text + f" ({', '.join(sorted({str(y) for y in future['year']}))})."
    return text + f": the plan period ends with {year}, so progress is judged on what was observed up to {year}."


def describe_next_target_heading(ahead: pd.DataFrame, year: int) -> str:
    """Markdown heading of the forecast-and-next-target table; says when no target lies after
    ``year`` (then the table is a forecast of the following year only)."""
    if "next_target_year" in ahead.columns and ahead["next_target_year"].notna().any():
        return "**Forecast and next target**"
    return ("**Forecast and next target**: the data hold no target after "
            f"{year} (the plan period ends with {year}), so there is no probability of meeting a future "
            "target; the forecast is of the following year")


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

    return show_table(published_table(result, ds), list(PUBLISHED_LABELS), labels=PUBLISHED_LABELS)


def progress_rollup_table(result: EntityForecast, ds) -> pd.DataFrame:
    """The current status index and class counts rolled up to sasaran and misi for the targets of
    the first target year from the report year on (:func:`~.published.rollup_progress`)."""
    from lkip_helpers.notebook import show_table

    from .published import published_table, rollup_progress

    table = published_table(result, ds)
    years = sorted(y for y in table["year"].unique() if y >= result.year)
    roll = rollup_progress(table, ds, result.entity, years[0] if years else None)
    return show_table(roll, list(ROLLUP_LABELS), labels=ROLLUP_LABELS)


def suggestions_table(result: EntityForecast) -> pd.DataFrame:
    """The anchored target suggestions beside the trend's own quantiles, for display."""
    from lkip_helpers.notebook import show_table

    return show_table(result.recommendations, list(SUGGESTION_LABELS), labels=SUGGESTION_LABELS)
