"""Seeded simulation check of the pooled forecasts on short series (issue 15, "Done when").

:func:`simulate_calibration` draws pools of short annual series (3, 4 and 6 points) from
several processes, treats each process as one kind of indicator, runs the pooled backtest
(:func:`~.pooled.pooled_backtest`) to choose the model and estimate the partially pooled
residual scale exactly as for the reports, then forecasts 1 and 3 years beyond each series
and scores the forecasts against the simulated future:

* coverage of the 80 % and 95 % intervals, per case (process × points × horizon) and pooled;
* the Brier score of ``P(value ≥ target)`` against climatology (the case's share of targets
  met), where each target is the last value plus a uniform offset of up to
  :data:`TARGET_SPREAD` (1.5) noise standard deviations (planners' targets sit near today's
  value);
* the share of *unclamped* probabilities at ≥ 0.99 or ≤ 0.01.

Processes (noise ``σ_i`` varies between series, lognormal with sd 0.3 around 1):

``random walk with drift``  ``x_t = x_{t-1} + μ_i + σ_i ε_t``, ``μ_i ~ U(-1, 1) σ_i``;
``trend plus noise``        ``x_t = a_i + b_i t + σ_i ε_t``, ``|b_i| ~ U(0.5, 2) σ_i``;
``noise around a level``    ``x_t = a_i + σ_i ε_t``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .models import annual_series
from .pooled import P_CLAMP, PoolSeries, forecast_moments, pooled_backtest, score_rows, summarise_scores

__all__ = ["PROCESSES", "simulate_calibration", "simulate_pool"]

PROCESSES: tuple[str, ...] = ("random walk with drift", "trend plus noise", "noise around a level")
HORIZONS = (1, 3)
LENGTHS = (3, 4, 6)
#: The pooled models without damped trend (statsmodels' optimiser is too slow for thousands of fits).
SIM_MODELS = ("naive", "mean", "drift", "linear_trend", "ensemble")
#: Targets are the last value plus a uniform offset of up to this many noise standard deviations.
TARGET_SPREAD = 1.5


def _path(process: str, n: int, rng: np.random.Generator) -> tuple[np.ndarray, float]:
    """``n + max(HORIZONS)`` values of one series and its noise scale."""
    sigma = float(np.exp(rng.normal(0.0, 0.3)))
    total = n + max(HORIZONS)
    eps = rng.normal(size=total)
    t = np.arange(total, dtype=float)
    level = rng.uniform(20, 80)
    if process == "random walk with drift":
        mu = rng.uniform(-1, 1) * sigma
        x = level + np.cumsum(mu + sigma * eps)
    elif process == "trend plus noise":
        b = rng.uniform(0.5, 2) * sigma * rng.choice([-1.0, 1.0])
        x = level + b * t + sigma * eps
    elif process == "noise around a level":
        x = level + sigma * eps
    else:
        raise ValueError(f"unknown process {process!r}; processes: {', '.join(PROCESSES)}")
    return x, sigma


def simulate_pool(process: str, n_per_length: int, rng: np.random.Generator,
                  lengths: tuple[int, ...] = LENGTHS) -> tuple[list[PoolSeries], list[np.ndarray], list[float]]:
    """``n_per_length`` series of each length from ``process`` (kind = the process): the observed
    pool series, their future values (``max(HORIZONS)`` years) and noise scales."""
    pool, futures, sigmas = [], [], []
    for n in lengths:
        for i in range(n_per_length):
            x, sigma = _path(process, n, rng)
            s = annual_series(range(2001, 2001 + n), x[:n])
            pool.append(PoolSeries("sim", f"{process}-{n}-{i}", process, "higher_is_better", s))
            futures.append(x[n:])
            sigmas.append(sigma)
    return pool, futures, sigmas


def simulate_calibration(seed: int = 15, n_per_length: int = 100,
                         processes: tuple[str, ...] = PROCESSES) -> tuple[pd.DataFrame, dict[str, float]]:
    """Run the check; returns per-case scores (``kind`` = process, ``n_points``, ``h``, ``model``,
    coverage, Brier and skill, ``extreme_share``) and the pooled summary (``coverage80``,
    ``coverage95``, ``min_case_coverage95``, ``brier_skill``, ``min_case_brier_skill``,
    ``extreme_share``, ``n_forecasts``)."""
    rng = np.random.default_rng(seed)
    rows = []
    for process in processes:
        pool, futures, sigmas = simulate_pool(process, n_per_length, rng)
        acc = pooled_backtest(pool, models=SIM_MODELS)
        model, _ = acc.model_for(process)
        for ps, fut, sigma in zip(pool, futures, sigmas):
            last = float(ps.series.iloc[-1])
            last_year = int(ps.series.index[-1].year)
            for h, (loc, scale, df) in zip(HORIZONS, forecast_moments(ps, model, acc.priors, HORIZONS, SIM_MODELS)):
                scale *= acc.factor(process, model, h)
                target = last + rng.uniform(-TARGET_SPREAD, TARGET_SPREAD) * sigma
                rows.append({"key": ps.key, "kind": process, "n_points": len(ps.series), "h": h, "model": model,
                             "year": last_year + h, "actual": float(fut[h - 1]), "loc": loc, "scale": scale,
                             "df": df, "q": np.nan, "target": target, "polarity": "higher_is_better",
                             "_t": ps.transform})
    scored = score_rows(pd.DataFrame(rows))
    scored["extreme"] = (scored["p_raw"] >= 0.99) | (scored["p_raw"] <= 0.01)
    cases = summarise_scores(scored, by=("kind", "n_points", "h", "model"))
    cases["extreme_share"] = scored.groupby(["kind", "n_points", "h"], sort=False)["extreme"].mean().to_numpy()
    pooled = summarise_scores(scored.assign(all="all"), by=("all",)).iloc[0]
    summary = {
        "coverage80": float(pooled["coverage80"]),
        "coverage95": float(pooled["coverage95"]),
        "min_case_coverage95": float(cases["coverage95"].min()),
        "brier_skill": float(pooled["brier_skill"]),
        "min_case_brier_skill": float(cases["brier_skill"].min()),
        "extreme_share": float(scored["extreme"].mean()),
        "clamped_share": float(((scored["p_raw"] > P_CLAMP[1]) | (scored["p_raw"] < P_CLAMP[0])).mean()),
        "n_forecasts": float(len(scored)),
    }
    return cases.drop(columns=["mase"]), summary
