"""Model choice for one series: rolling-origin backtest, or a documented fallback for short series.

Rolling-origin backtest (evaluation on a rolling forecasting origin): for every origin ``k``
from ``k0`` to ``n - 1`` each candidate is fitted to the first ``k`` observations and forecasts
the next *observed* year (``h`` = the gap to it, so irregular years are respected). With
``e = median forecast - actual`` on the indicator's own scale:

* ``MAE = mean(|e|)``;
* ``MAPE = 100 · mean(|e| / |actual|)`` — left empty, with the reason in ``mape_note``, when
  the actuals change sign, one is 0, or one is *near zero*: smaller in magnitude than
  :data:`MAPE_NEAR_ZERO` (10 %) of the largest actual (a percentage error against a value near
  zero explodes and says nothing about the model, e.g. PAD growth of 1.7 % after 25.9 %);
* ``relative MAE = MAE / MAE(naive)`` — below 1 the model beats the naive last-value forecast
  (a scale-free measure that stays defined when MAPE is not).

Rules (constants below):

* a backtest is run (and shown) for series with :data:`MIN_BACKTEST_POINTS` (5) observations;
  ``k0 = 3`` (the smallest training set of the trend models), or ``k0 = 4`` when the Holt
  models are candidates (no gaps and at least ``4 + 3 = 7`` points, so that they too are
  fitted at every origin and all candidates are compared on the same ≥ 3 forecasts);
* the model is **chosen by backtest only when there are at least**
  :data:`MIN_BACKTEST_FORECASTS` **(3) one-step forecasts** per model; two forecasts cannot
  rank models (one lucky step decides). The chosen model has the smallest MAE; ties go to
  the simpler model (order of :data:`~.models.MODELS`). The naive forecast is itself a
  candidate: if nothing beats it, it is the honest choice;
* **fallback** for 3 or 4 observations, and for 5 observations (or a 6-point series whose
  backtest still has fewer than 3 forecasts): the ``linear_trend``. It uses the year as
  regressor (gaps handled) and its Student-t interval has ``n - 2`` degrees of freedom (with
  3 points, 1 degree of freedom: the 95 % interval is ±12.7 standard errors). With 3–4 points
  its residual variance is floored by the random-walk-with-drift estimate
  (:mod:`.models`), but three nearly collinear points can still give a narrow interval: such
  forecasts are labelled **low confidence** (:attr:`~.core.SeriesForecast.confidence`);
* fewer than 3 observations: "insufficient data" and no model — two points give a direction
  but no estimate of uncertainty.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from lkip_helpers.data.i18n import format_percent
from lkip_helpers.notebook.messages import phrase

from .models import (
    MIN_HOLT_POINTS,
    MIN_POINTS,
    MODELS,
    Transform,
    capture_warnings,
    check_annual_series,
    fit_model,
    is_regular,
)

__all__ = ["MAPE_NEAR_ZERO", "MIN_BACKTEST_FORECASTS", "MIN_BACKTEST_POINTS", "ModelChoice", "backtest",
           "candidate_models", "choose_model", "mape"]

#: Fewest observations for a rolling-origin backtest (3 to fit, at least 2 to test).
MIN_BACKTEST_POINTS = 5
#: Fewest one-step backtest forecasts per model to *choose* a model by backtest.
MIN_BACKTEST_FORECASTS = 3
#: MAPE is left empty when an actual is smaller in magnitude than this share of the largest one.
MAPE_NEAR_ZERO = 0.1


def candidate_models(series: pd.Series) -> list[str]:
    """Models compared by the backtest for this series (Holt only without gaps and ≥ 7 points,
    so that it gets :data:`MIN_BACKTEST_FORECASTS` forecasts from ``k0 = 4``)."""
    models = ["naive", "drift", "linear_trend", "mean"]  # mean: the historical mean
    if is_regular(series) and len(series) >= MIN_HOLT_POINTS + MIN_BACKTEST_FORECASTS:
        models += ["holt", "holt_damped"]
    return models


def mape(errors: pd.Series, actuals: pd.Series) -> tuple[float, str]:
    """``(MAPE in %, note)``; NaN with the reason when the actuals make it meaningless."""
    a = actuals.to_numpy(dtype=float)
    if (a == 0).any():
        return float("nan"), phrase("an actual is 0: percentage errors undefined")
    if (a > 0).any() and (a < 0).any():
        return float("nan"), phrase("actuals change sign: percentage errors meaningless")
    big = float(np.abs(a).max())
    small = float(np.abs(a).min())
    if small < MAPE_NEAR_ZERO * big:
        return float("nan"), phrase("an actual ({small}) is near zero (below {share} of the largest, {big}): "
                                    "percentage errors explode", small=small, big=big,
                                    share=format_percent(MAPE_NEAR_ZERO * 100, 0))
    return float(100 * np.mean(np.abs(errors.to_numpy(dtype=float)) / np.abs(a))), ""


def _first_origin(series: pd.Series) -> int:
    return MIN_HOLT_POINTS if "holt" in candidate_models(series) else MIN_POINTS


def backtest(
    series: pd.Series,
    transform: Transform | None = None,
    models: list[str] | None = None,
    diagnostics: list[dict[str, str]] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Rolling-origin one-step (next observed year) backtest.

    Returns ``(errors, accuracy)``: ``errors`` has one row per model and origin (``origin_year``,
    ``year``, ``h``, ``actual``, ``forecast``, ``error``); ``accuracy`` one row per model with
    ``n_forecasts``, ``mae``, ``mape``, ``mape_note`` (why MAPE is empty) and ``relative_mae``
    (vs naive).

    Raises:
        ValueError: fewer than :data:`MIN_BACKTEST_POINTS` observations.
    """
    check_annual_series(series)
    series = series.sort_index()
    n = len(series)
    if n < MIN_BACKTEST_POINTS:
        raise ValueError(f"a backtest needs at least {MIN_BACKTEST_POINTS} observations, got {n}")
    models = models or candidate_models(series)
    sink = diagnostics if diagnostics is not None else []
    rows = []
    for k in range(_first_origin(series), n):
        train = series.iloc[:k]
        year = int(series.index[k].year)
        actual = float(series.iloc[k])
        for name in models:
            with capture_warnings(sink, model=name, stage=f"backtest origin {int(train.index[-1].year)}"):
                forecast = fit_model(name, train, transform).predict(year).median
            rows.append(
                {
                    "model": name,
                    "origin_year": int(train.index[-1].year),
                    "year": year,
                    "h": year - int(train.index[-1].year),
                    "actual": actual,
                    "forecast": forecast,
                    "error": forecast - actual,
                }
            )
    errors = pd.DataFrame(rows)
    acc = []
    for name in models:
        e = errors[errors["model"] == name]
        m, note = mape(e["error"], e["actual"])
        acc.append({"model": name, "n_forecasts": len(e), "mae": float(e["error"].abs().mean()), "mape": m,
                    "mape_note": note})
    accuracy = pd.DataFrame(acc)
    naive = accuracy.loc[accuracy["model"] == "naive", "mae"]
    base = float(naive.iloc[0]) if len(naive) else float("nan")
    accuracy["relative_mae"] = accuracy["mae"] / base if base and np.isfinite(base) else float("nan")
    return errors, accuracy


@dataclass
class ModelChoice:
    """Which model a series gets and why.

    ``model`` is ``None`` when no model is fitted; ``method`` is ``"backtest"``, ``"fallback"``,
    ``"given"`` (a model was asked for), ``"insufficient data"`` or ``"not assessable"`` (values
    outside the indicator's bounds); ``reason`` says why in one sentence. ``errors`` and
    ``accuracy`` hold the backtest whenever one was run (≥ 5 points), also when it had too
    few forecasts to choose the model.
    """

    model: str | None
    method: str
    reason: str
    errors: pd.DataFrame | None = None
    accuracy: pd.DataFrame | None = None
    diagnostics: list[dict[str, str]] = field(default_factory=list)


def choose_model(series: pd.Series, transform: Transform | None = None) -> ModelChoice:
    """Choose the model of a series by backtest (≥ 3 one-step forecasts), fallback (3–5 points,
    or too few backtest forecasts) or none (< 3 points).

    Raises:
        ValueError: not an annual ``PeriodIndex`` series (see :func:`~.models.check_annual_series`).
    """
    check_annual_series(series)
    series = series.sort_index()
    n = len(series)
    years = ", ".join(str(p.year) for p in series.index)
    if n < MIN_POINTS:
        return ModelChoice(
            None,
            "insufficient data",
            phrase("only {n} numeric observations ({years}); at least {need} are needed to estimate a trend and its "
                   "uncertainty", n=n, years=years or phrase("none"), need=MIN_POINTS).replace(
                "1 numeric observations", "1 numeric observation"),
        )
    if n < MIN_BACKTEST_POINTS:
        return ModelChoice(
            "linear_trend",
            "fallback",
            f"{n} observations ({years}): too few for a backtest (needs {MIN_BACKTEST_POINTS}); linear trend "
            "with small-sample t intervals",
        )
    diags: list[dict[str, str]] = []
    errors, accuracy = backtest(series, transform, diagnostics=diags)
    nf = int(accuracy["n_forecasts"].min())
    if nf < MIN_BACKTEST_FORECASTS:
        return ModelChoice(
            "linear_trend",
            "fallback",
            f"{n} observations ({years}): the backtest has only {nf} one-step forecasts per model, too few to choose "
            f"a model (needs {MIN_BACKTEST_FORECASTS}); linear trend with small-sample t intervals",
            errors,
            accuracy,
            diags,
        )
    order = {m: i for i, m in enumerate(MODELS)}
    ranked = accuracy.assign(_o=accuracy["model"].map(order)).sort_values(["mae", "_o"])
    best = str(ranked.iloc[0]["model"])
    return ModelChoice(
        best,
        "backtest",
        f"lowest MAE in a rolling-origin backtest over {nf} one-step forecasts ({n} observations, {years})",
        errors,
        accuracy,
        diags,
    )
