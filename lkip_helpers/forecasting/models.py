"""Forecast models for short, irregular annual indicator series, and their predictive distributions.

Every model works on an annual series indexed by a ``PeriodIndex`` (freq ``"Y"``) that may have
gaps: a missing year is simply absent (never a zero). Models are fitted on a *model scale*
chosen by :class:`Transform` so that forecasts of bounded indicators stay inside their bounds,
and every forecast is a :class:`Predictive` distribution on that scale, back-transformed for
quantiles and probabilities.

Models (names used everywhere):

``linear_trend``
    OLS of the value on the year (statsmodels ``OLS``): ``z_t = a + b (t - t_last) + e_t``,
    ``e_t ~ N(0, s²)``. Gaps need no special handling (the year is the regressor). The
    predictive distribution at year ``T`` is Student-t with ``n - 2`` degrees of freedom,
    location ``a + b (T - t_last)`` and scale ``se_obs = sqrt(s² + Var(a + b h))`` (statsmodels'
    ``get_prediction(...).se_obs``). Needs 3 observations.
``drift``
    Random walk with drift, written for irregular years: the increments
    ``d_i = z_i - z_{i-1}`` over gaps ``g_i = t_i - t_{i-1}`` years are ``N(mu g_i, s² g_i)``, so
    ``mu = (z_last - z_first) / (t_last - t_first)`` and
    ``s² = sum((d_i - mu g_i)² / g_i) / (m - 1)`` with ``m = n - 1`` increments. ``h`` years ahead:
    location ``z_last + mu h``, variance ``s² (h + h² / sum(g_i))`` (the second term is the
    uncertainty of ``mu``; with yearly data this is Hyndman's ``s² h (1 + h / m)``), Student-t
    with ``m - 1`` degrees of freedom. Closed form, no statsmodels model exists for gaps. Needs 3
    observations.
``naive``
    Random walk without drift (the "last value" benchmark): location ``z_last``, variance
    ``s² h`` with ``s² = sum(d_i² / g_i) / m``, Student-t with ``m`` degrees of freedom.
``holt`` / ``holt_damped``
    Additive-error exponential smoothing with additive (optionally damped) trend, statsmodels
    ``ETSModel(error="add", trend="add", damped_trend=...)``, prediction intervals from its
    analytic forecast variance (normal). Only for series **without gaps** and with at least
    :data:`MIN_HOLT_POINTS` points. **Initialisation is fixed, not estimated**: with fewer than
    ~10 points statsmodels' estimated (or heuristic) initial states are unreliable, so we pass
    ``initialization_method="known"`` with ``initial_trend = z_2 - z_1`` (the first change) and
    ``initial_level = z_1 - initial_trend`` (so the first one-step forecast equals the first
    observation); only the smoothing parameters (and the damping) are estimated.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "MIN_HOLT_POINTS",
    "MIN_POINTS",
    "MODELS",
    "FittedModel",
    "Predictive",
    "Transform",
    "annual_series",
    "capture_warnings",
    "fit_model",
    "holt_eligible",
    "is_regular",
]

#: Fewest observations for any forecast (a trend and its uncertainty need at least 3 points).
MIN_POINTS = 3
#: Fewest consecutive yearly observations for the Holt models.
MIN_HOLT_POINTS = 4
#: Every model name, simplest first (the order breaks ties in model selection).
MODELS: tuple[str, ...] = ("naive", "drift", "linear_trend", "holt", "holt_damped")
#: How far inside a bound a value *at* the bound is moved before the logit/log transform,
#: as a share of the range (logit) or in the indicator's unit (log): 0.1 %.
BOUND_EPS = 1e-3


# --- series and transforms ------------------------------------------------------------------------
def annual_series(years: Sequence[int], values: Sequence[float]) -> pd.Series:
    """A float series on an annual ``PeriodIndex``, sorted by year; missing years stay absent.

    Raises:
        ValueError: duplicate years, unequal lengths, or a missing/non-finite value.
    """
    years = [int(y) for y in years]
    vals = [float(v) for v in values]
    if len(years) != len(vals):
        raise ValueError(f"{len(years)} years but {len(vals)} values")
    if len(set(years)) != len(years):
        raise ValueError(f"duplicate years in {years}")
    if any(not math.isfinite(v) for v in vals):
        raise ValueError(f"values must be finite numbers, got {vals}")
    s = pd.Series(vals, index=pd.PeriodIndex([pd.Period(str(y), freq="Y") for y in years], freq="Y"), dtype=float)
    return s.sort_index()


def years_of(series: pd.Series) -> np.ndarray:
    """The calendar years of an annual ``PeriodIndex`` series as floats."""
    return np.array([p.year for p in series.index], dtype=float)


def is_regular(series: pd.Series) -> bool:
    """True when the series has one value for every year between its first and last."""
    y = years_of(series)
    return len(y) > 0 and bool(np.all(np.diff(y) == 1))


def holt_eligible(series: pd.Series) -> bool:
    """Holt models need consecutive years (no gaps) and :data:`MIN_HOLT_POINTS` observations."""
    return len(series) >= MIN_HOLT_POINTS and is_regular(series)


@dataclass(frozen=True)
class Transform:
    """The model scale of an indicator, from its natural bounds.

    * both bounds ``[lo, hi]``: logit, ``z = log(p / (1 - p))`` with ``p = (x - lo) / (hi - lo)``
      clipped to ``[eps, 1 - eps]`` (``eps`` = :data:`BOUND_EPS`), so back-transformed forecasts
      and intervals can never leave ``(lo, hi)``;
    * a lower bound only: ``z = log(max(x - lo, eps))``;
    * no bounds: identity.

    Quantiles map through a monotone transform unchanged, so the back-transformed median and
    interval limits are exact; the back-transformed *mean* is not, which is why the point
    forecast reported everywhere is the median.
    """

    lower: float | None = None
    upper: float | None = None

    def __post_init__(self) -> None:
        if self.lower is not None and self.upper is not None and not self.lower < self.upper:
            raise ValueError(f"lower bound {self.lower} must be below upper bound {self.upper}")

    @property
    def kind(self) -> str:
        if self.lower is not None and self.upper is not None:
            return "logit"
        if self.lower is not None:
            return "log"
        if self.upper is not None:
            return "log_upper"
        return "identity"

    def forward(self, x: Any) -> Any:
        x = np.asarray(x, dtype=float)
        k = self.kind
        if k == "logit":
            p = np.clip((x - self.lower) / (self.upper - self.lower), BOUND_EPS, 1 - BOUND_EPS)
            out = np.log(p / (1 - p))
        elif k == "log":
            out = np.log(np.maximum(x - self.lower, BOUND_EPS))
        elif k == "log_upper":
            out = np.log(np.maximum(self.upper - x, BOUND_EPS))
        else:
            out = x
        return out if out.ndim else float(out)

    def inverse(self, z: Any) -> Any:
        z = np.asarray(z, dtype=float)
        k = self.kind
        if k == "logit":
            out = self.lower + (self.upper - self.lower) / (1 + np.exp(-z))
        elif k == "log":
            out = self.lower + np.exp(z)
        elif k == "log_upper":
            out = self.upper - np.exp(z)
        else:
            out = z
        return out if out.ndim else float(out)

    @property
    def increasing(self) -> bool:
        """False for ``log_upper`` (the transform reverses the order)."""
        return self.kind != "log_upper"


# --- predictive distribution ------------------------------------------------------------------------
@dataclass(frozen=True)
class Predictive:
    """Predictive distribution of the indicator in one year.

    On the model scale it is Student-t with ``df`` degrees of freedom (normal when ``df`` is
    ``None``), location ``loc`` and scale ``scale``; ``scale == 0`` is a point mass (a perfect
    fit). Quantiles and probabilities are computed on that scale and mapped back with
    ``transform``.
    """

    year: int
    loc: float
    scale: float
    df: float | None
    transform: Transform = field(default_factory=Transform)
    model: str = ""

    def _dist(self):
        from scipy import stats

        if self.df is None:
            return stats.norm(loc=self.loc, scale=self.scale)
        return stats.t(df=self.df, loc=self.loc, scale=self.scale)

    def quantile(self, q: float) -> float:
        """The ``q``-quantile (0 < q < 1) on the indicator's own scale."""
        if not 0 < q < 1:
            raise ValueError(f"quantile level must be in (0, 1), got {q}")
        qq = q if self.transform.increasing else 1 - q
        z = self.loc if self.scale == 0 else float(self._dist().ppf(qq))
        return float(self.transform.inverse(z))

    @property
    def median(self) -> float:
        """The point forecast: the back-transformed location."""
        return float(self.transform.inverse(self.loc))

    def interval(self, level: float) -> tuple[float, float]:
        """Central prediction interval with coverage ``level`` (e.g. 0.8, 0.95)."""
        if not 0 < level < 1:
            raise ValueError(f"interval level must be in (0, 1), got {level}")
        a = (1 - level) / 2
        return self.quantile(a), self.quantile(1 - a)

    def prob_at_most(self, x: float) -> float:
        """P(value ≤ x)."""
        if self.scale == 0:
            return 1.0 if self.median <= x else 0.0
        z = float(self.transform.forward(x))
        p = float(self._dist().cdf(z))
        return p if self.transform.increasing else 1 - p

    def prob_at_least(self, x: float) -> float:
        """P(value ≥ x) (= 1 - P(value ≤ x) for a continuous distribution)."""
        if self.scale == 0:
            return 1.0 if self.median >= x else 0.0
        return 1 - self.prob_at_most(x)


# --- warnings ---------------------------------------------------------------------------------------
@contextmanager
def capture_warnings(sink: list[dict[str, str]], **context: str) -> Iterator[None]:
    """Record every warning raised inside the block into ``sink`` instead of printing it.

    Each record is ``{**context, "category": ..., "message": ...}``; notebooks show the records
    as a diagnostics table.
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield
    seen = set()
    for w in caught:
        key = (w.category.__name__, str(w.message))
        if key in seen:
            continue
        seen.add(key)
        sink.append({**context, "category": w.category.__name__, "message": str(w.message)})


# --- fitted models ----------------------------------------------------------------------------------
@dataclass
class FittedModel:
    """A model fitted to one series (on the model scale); :meth:`predict` gives a :class:`Predictive`."""

    name: str
    series: pd.Series  # observed values, indicator scale
    transform: Transform
    _predict: Any = field(repr=False)
    details: dict[str, float] = field(default_factory=dict)

    @property
    def last_year(self) -> int:
        return int(self.series.index[-1].year)

    def predict(self, year: int) -> Predictive:
        """Predictive distribution for a calendar ``year`` after the last observation."""
        h = int(year) - self.last_year
        if h < 1:
            raise ValueError(f"forecast year {year} must be after the last observation ({self.last_year})")
        loc, scale, df = self._predict(h)
        return Predictive(int(year), float(loc), max(float(scale), 0.0), df, self.transform, self.name)


def _fit_linear(t: np.ndarray, z: np.ndarray):
    import statsmodels.api as sm

    x = sm.add_constant(t - t[-1], has_constant="add")
    res = sm.OLS(z, x).fit()
    df = float(res.df_resid)

    def predict(h: int):
        pr = res.get_prediction(np.array([[1.0, float(h)]]))
        se = float(np.sqrt(max(float(pr.var_pred_mean[0]) + float(res.scale), 0.0)))
        return float(pr.predicted_mean[0]), se, df

    return predict, {"intercept": float(res.params[0]), "slope": float(res.params[1]), "sigma": float(np.sqrt(res.scale))}


def _fit_random_walk(t: np.ndarray, z: np.ndarray, *, drift: bool):
    g = np.diff(t)
    d = np.diff(z)
    m = len(d)
    if drift:
        mu = float(d.sum() / g.sum())
        s2 = float(np.sum((d - mu * g) ** 2 / g) / (m - 1))
        df = float(m - 1)
    else:
        mu = 0.0
        s2 = float(np.sum(d**2 / g) / m)
        df = float(m)
    total = float(g.sum())

    def predict(h: int):
        var = s2 * (h + (h * h / total if drift else 0.0))
        return float(z[-1] + mu * h), math.sqrt(var), df

    return predict, {"drift": mu, "sigma": math.sqrt(s2)}


def _fit_holt(series_z: pd.Series, *, damped: bool):
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    z = series_z.to_numpy()
    b0 = float(z[1] - z[0])
    model = ETSModel(
        series_z,
        error="add",
        trend="add",
        damped_trend=damped,
        initialization_method="known",
        initial_level=float(z[0] - b0),
        initial_trend=b0,
    )
    res = model.fit(disp=False)
    n = len(z)

    def predict(h: int):
        pr = res.get_prediction(start=n, end=n + h - 1)
        mean = float(np.asarray(pr.predicted_mean)[-1])
        var = float(np.asarray(pr.forecast_variance)[-1])
        return mean, math.sqrt(max(var, 0.0)), None

    names = ["alpha", "beta"] + (["phi"] if damped else [])
    params = np.asarray(res.params)
    return predict, {k: float(v) for k, v in zip(names, params)}


def fit_model(name: str, series: pd.Series, transform: Transform | None = None) -> FittedModel:
    """Fit model ``name`` (one of :data:`MODELS`) to an annual ``PeriodIndex`` series.

    Warnings raised by statsmodels propagate; wrap calls in :func:`capture_warnings`.

    Raises:
        ValueError: unknown model, too few points, or gaps for a Holt model.
    """
    if name not in MODELS:
        raise ValueError(f"unknown model {name!r}; models: {', '.join(MODELS)}")
    if not isinstance(series.index, pd.PeriodIndex):
        raise ValueError("series must have an annual PeriodIndex (see annual_series)")
    transform = transform or Transform()
    series = series.sort_index().astype(float)
    n = len(series)
    need = 2 if name == "naive" else MIN_POINTS
    if n < need:
        raise ValueError(f"model {name!r} needs at least {need} observations, got {n}")
    t = years_of(series)
    z = np.asarray(transform.forward(series.to_numpy()), dtype=float).reshape(-1)
    if name == "linear_trend":
        predict, details = _fit_linear(t, z)
    elif name in ("drift", "naive"):
        predict, details = _fit_random_walk(t, z, drift=name == "drift")
    else:
        if not holt_eligible(series):
            raise ValueError(
                f"model {name!r} needs at least {MIN_HOLT_POINTS} consecutive yearly observations without gaps"
            )
        predict, details = _fit_holt(pd.Series(z, index=series.index), damped=name == "holt_damped")
    return FittedModel(name, series, transform, predict, details)
