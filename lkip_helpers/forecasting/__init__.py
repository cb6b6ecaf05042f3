"""Forecast indicators against their targets (statsmodels), honestly for very short series.

Modules, one responsibility each:

* :mod:`.models` — model scale for bounded indicators (:class:`Transform`), the models
  (linear trend, random walk with/without drift, Holt and damped Holt with *known*
  initialisation) and the :class:`Predictive` distribution (quantiles, intervals, probabilities);
* :mod:`.backtest` — rolling-origin backtest, model choice, short-series fallback,
  "insufficient data" (one series on its own);
* :mod:`.pooled` — the pooled backtest of every report (MASE, interval coverage, Brier score),
  model choice per kind of indicator and partially pooled residual scales;
* :mod:`.calibration` — the seeded simulation check of coverage and Brier skill;
* :mod:`.progress` — probability of meeting a target, Open SDG / ESCAP progress classes, target
  suggestions;
* :mod:`.series` — observations (baseline only when its unit matches), targets (precedence) and
  skip reasons from the dataset;
* :mod:`.core` — :func:`forecast_series` and :func:`forecast_entity` (every table the notebook shows);
* :mod:`.plots` — small-multiple fan charts (:func:`forecast_fan_grid`).
"""

from __future__ import annotations

from .backtest import MIN_BACKTEST_POINTS, ModelChoice, backtest, candidate_models, choose_model
from .calibration import simulate_calibration
from .core import EntityForecast, SeriesForecast, forecast_entity, forecast_series, interval_row, pooled_accuracy
from .models import (
    MIN_POINTS,
    MODELS,
    FittedModel,
    ParameterAtBoundWarning,
    Predictive,
    Transform,
    annual_series,
    capture_warnings,
    check_annual_series,
    fit_model,
)
from .pooled import PooledAccuracy, PoolSeries, clamp_probability, collect_pool, pooled_backtest
from .narrative import (
    describe_accuracy,
    describe_forecast_scope,
    describe_next_target_heading,
    describe_report_target_heading,
    pooled_accuracy_table,
    progress_rollup_table,
    published_progress_table,
    suggestions_table,
)
from .published import published_progress, published_table, rollup_progress
from .plots import forecast_fan_grid
from .progress import (
    PROGRESS_CLASSES,
    Progress,
    assess_progress,
    growth_rates,
    meets,
    probability_of_meeting,
    progress_class,
    recommend_targets,
    worse_than_last,
)
from .series import INDICATOR_KINDS, IndicatorSeries, entity_iku, forecastable_indicators, indicator_kind, indicator_series

__all__ = [
    "MIN_BACKTEST_POINTS", "MIN_POINTS", "MODELS", "PROGRESS_CLASSES", "EntityForecast", "FittedModel",
    "ParameterAtBoundWarning", "check_annual_series",
    "IndicatorSeries", "ModelChoice", "Predictive", "Progress", "SeriesForecast", "Transform", "annual_series",
    "assess_progress", "backtest", "candidate_models", "capture_warnings", "check_forecast_parameters",
    "choose_model", "describe_accuracy", "describe_forecast_scope", "describe_next_target_heading", "describe_report_target_heading", "entity_iku", "fit_model", "forecast_entity", "forecast_fan_grid", "forecast_series",
    "forecastable_indicators",
    "growth_rates", "indicator_series", "interval_row", "meets", "probability_of_meeting", "progress_class",
    "recommend_targets", "worse_than_last",
    "INDICATOR_KINDS", "PoolSeries", "PooledAccuracy", "clamp_probability", "collect_pool", "indicator_kind",
    "pooled_accuracy", "pooled_accuracy_table", "pooled_backtest", "progress_rollup_table", "published_progress",
    "published_progress_table", "published_table", "rollup_progress", "suggestions_table", "simulate_calibration",
]


def check_forecast_parameters(ds, values: dict) -> None:
    """``extra_checks`` for the forecast notebook: ``horizon`` 1–10 and known ``indicators``.

    Raises:
        ParameterError: horizon out of range, or indicator ids that are not the entity's
            (the message lists the valid ids).
    """
    from lkip_helpers.data.errors import ParameterError

    horizon = values.get("horizon")
    if horizon is not None and not 1 <= horizon <= 10:
        raise ParameterError("horizon must be between 1 and 10 years, got {horizon}", horizon=repr(horizon))
    chosen = values.get("indicators")
    if chosen is not None:
        valid = forecastable_indicators(ds, values["entity"])
        bad = [i for i in chosen if i not in valid]
        if bad or not chosen:
            if bad:
                raise ParameterError("unknown indicator id(s) {ids} for {entity}; valid: {choices}",
                                     ids=", ".join(map(repr, bad)), entity=repr(values["entity"]), choices=", ".join(valid))
            raise ParameterError("indicators is an empty list for {entity}; valid: {choices}",
                                 entity=repr(values["entity"]), choices=", ".join(valid))
