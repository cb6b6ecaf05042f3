"""Model choice for one series: rolling-origin backtest, or a documented fallback for short series.

Rolling-origin backtest (evaluation on a rolling forecasting origin): for every origin ``k``
from ``k0`` to ``n - 1`` each candidate is fitted to the first ``k`` observations and forecasts
the next *observed* year (``h`` = the gap to it, so irregular years are respected). With
``e = median forecast - actual`` on the indicator's own scale:

* ``MAE = mean(|e|)``;
* ``MAPE = 100 · mean(|e| / |actual|)`` (undefined, left empty, when an actual is 0);
* ``relative MAE = MAE / MAE(naive)`` — below 1 the model beats the naive last-value forecast.

Rules (constants below):

* a backtest needs :data:`MIN_BACKTEST_POINTS` (5) observations; ``k0 = 3`` (the smallest
  training set of the trend models) or ``k0 = 4`` when the series has no gaps and at least 6
  points, so that the Holt models can be fitted at every origin and all candidates are compared
  on the same forecasts;
* the chosen model has the smallest MAE; ties go to the simpler model (order of
  :data:`~.models.MODELS`). The naive forecast is itself a candidate: if nothing beats it, it is
  the honest choice;
* **fallback** for 3 or 4 observations (no backtest possible): the ``linear_trend``. It uses the
  year as regressor (gaps handled) and its Student-t interval with ``n - 2`` degrees of freedom
  widens honestly with so few points (with 3 points, 1 degree of freedom: the 95 % interval is
  ±12.7 standard errors);
* fewer than 3 observations: "insufficient data" and no model — two points give a direction
  but no estimate of uncertainty.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .models import MIN_HOLT_POINTS, MIN_POINTS, MODELS, Transform, capture_warnings, fit_model, is_regular

__all__ = ["MIN_BACKTEST_POINTS", "ModelChoice", "backtest", "candidate_models", "choose_model"]

#: Fewest observations for a rolling-origin backtest (3 to fit, at least 2 to test).
MIN_BACKTEST_POINTS = 5


def candidate_models(series: pd.Series) -> list[str]:
    """Models compared by the backtest for this series (Holt only without gaps and ≥ 6 points)."""
    models = ["naive", "drift", "linear_trend"]
    if is_regular(series) and len(series) >= MIN_HOLT_POINTS + 2:
        models += ["holt", "holt_damped"]
    return models


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
    ``n_forecasts``, ``mae``, ``mape``, ``relative_mae`` (vs naive).

    Raises:
        ValueError: fewer than :data:`MIN_BACKTEST_POINTS` observations.
    """
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
        absolute = e["error"].abs()
        mape = float("nan") if (e["actual"] == 0).any() else float(100 * (absolute / e["actual"].abs()).mean())
        acc.append({"model": name, "n_forecasts": len(e), "mae": float(absolute.mean()), "mape": mape})
    accuracy = pd.DataFrame(acc)
    naive = accuracy.loc[accuracy["model"] == "naive", "mae"]
    base = float(naive.iloc[0]) if len(naive) else float("nan")
    accuracy["relative_mae"] = accuracy["mae"] / base if base and np.isfinite(base) else float("nan")
    return errors, accuracy


@dataclass
class ModelChoice:
    """Which model a series gets and why.

    ``model`` is ``None`` for insufficient data; ``method`` is ``"backtest"``, ``"fallback"`` or
    ``"insufficient data"``; ``reason`` says why in one sentence.
    """

    model: str | None
    method: str
    reason: str
    errors: pd.DataFrame | None = None
    accuracy: pd.DataFrame | None = None
    diagnostics: list[dict[str, str]] = field(default_factory=list)


def choose_model(series: pd.Series, transform: Transform | None = None) -> ModelChoice:
    """Choose the model of a series by backtest (≥ 5 points), fallback (3–4) or none (< 3)."""
    n = len(series)
    years = ", ".join(str(p.year) for p in series.index)
    if n < MIN_POINTS:
        return ModelChoice(
            None,
            "insufficient data",
            f"only {n} numeric observation{'s' if n != 1 else ''} ({years or 'none'}); at least {MIN_POINTS} are "
            "needed to estimate a trend and its uncertainty",
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
    order = {m: i for i, m in enumerate(MODELS)}
    ranked = accuracy.assign(_o=accuracy["model"].map(order)).sort_values(["mae", "_o"])
    best = str(ranked.iloc[0]["model"])
    nf = int(ranked.iloc[0]["n_forecasts"])
    return ModelChoice(
        best,
        "backtest",
        f"lowest MAE in a rolling-origin backtest over {nf} one-step forecasts ({n} observations, {years})",
        errors,
        accuracy,
        diags,
    )
