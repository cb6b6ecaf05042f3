"""Forecast models for short, irregular annual indicator series, and their predictive distributions.

Every model works on an annual series indexed by a ``PeriodIndex`` (freq ``"Y"``) that may have
gaps: a missing year is simply absent (never a zero). Models are fitted on a *model scale*
chosen by :class:`Transform` so that forecasts of bounded indicators stay inside their bounds,
and every forecast is a :class:`Predictive` distribution on that scale, back-transformed for
quantiles and probabilities.

Models (names used everywhere):

``linear_trend``
    OLS of the value on the year (closed form, identical to statsmodels ``OLS``):
    ``z_t = a + b (t - t_last) + e_t``,
    ``e_t ~ N(0, s²)``. Gaps need no special handling (the year is the regressor). The
    predictive distribution at year ``T`` is Student-t with ``n - 2`` degrees of freedom,
    location ``a + b (T - t_last)`` and scale ``se_obs = sqrt(s² (1 + x0' (X'X)⁻¹ x0))`` with
    ``x0 = (1, T - t_last)`` (statsmodels' ``get_prediction(...).se_obs`` when ``s²`` is the OLS
    estimate). Needs 3 observations.

    **Small-sample floor** (``n ≤`` :data:`SMALL_SAMPLE_POINTS` = 4, i.e. 1 or 2 residual degrees
    of freedom): three or four points can lie almost exactly on a line by chance, and the OLS
    ``s²`` is then tiny and the interval falsely narrow. For these series
    ``s² = max(s²_OLS, s²_drift)``, where ``s²_drift`` is the random-walk-with-drift estimate of
    the same series (below): the linear trend is never more certain than the year-to-year
    changes around their mean drift allow. The floor is recorded in ``details``
    (``sigma_ols``, ``sigma_floor``, ``sigma``). It only helps when the changes vary: three
    points that are almost collinear *and* change almost evenly still give a narrow interval,
    which is why every forecast from ``n ≤ 4`` points is labelled "low confidence"
    (:attr:`~.core.SeriesForecast.confidence`).
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
``mean``
    Historical mean (noise around a fixed level): location ``mean(z)``, variance
    ``s² (1 + 1/n)`` with the sample variance ``s²`` on ``n - 1`` degrees of freedom, the same
    at every horizon. The pooled backtest found it the most accurate model for growth-rate
    indicators (PAD growth, inflation).
``holt`` / ``holt_damped``
    Additive-error exponential smoothing with additive (optionally damped) trend, statsmodels
    ``ETSModel(error="add", trend="add", damped_trend=...)``, prediction intervals from its
    analytic forecast variance (normal). Only for series **without gaps** and with at least
    :data:`MIN_HOLT_POINTS` points. **Initialisation is fixed, not estimated**: with fewer than
    ~10 points statsmodels' estimated (or heuristic) initial states are unreliable, so we pass
    ``initialization_method="known"`` with the OLS line through the first
    ``k = min(4, n)`` points (:data:`HOLT_INIT_POINTS`), ``z_j ≈ a + b j`` (``j = 0 … k-1``):
    ``initial_trend = b`` and ``initial_level = a - b`` (so the undamped first one-step
    forecast is the line's value in the first year). A single first change would let one noisy
    step set the trend for the whole fit. Only the smoothing parameters (and the damping) are
    estimated; statsmodels keeps them inside ``0.0001 ≤ alpha ≤ 0.9999``,
    ``0.0001 ≤ beta / alpha ≤ 0.9999`` and ``0.8 ≤ phi ≤ 0.98``. A parameter that ends *at* one
    of these bounds (e.g. ``alpha = 0.0001``: the level never updates, a fixed line) is reported
    as a :class:`ParameterAtBoundWarning`, which :func:`capture_warnings` records in the
    diagnostics table.

Bounds and values at a bound
    Values outside an indicator's bounds are never clipped: :func:`fit_model` refuses them
    (``ValueError``) and :func:`~.core.forecast_series` reports the series as not assessable,
    naming the values. A value *at* a bound cannot be represented on a logit/log scale, so
    values within :data:`BOUND_EPS` of a bound (0.1 % of the range for a two-sided bound, e.g.
    0.1 point on a 0–100 scale; 0.001 unit for a one-sided bound) are treated as the bound
    itself, both ways: such an observation is fitted as ``bound ∓ eps``, model-scale values
    at or beyond ``bound ∓ eps`` are read back as the bound (a series sitting at 100 forecasts
    100), and a target within ``eps`` of a bound means "at least ``bound - eps``" (for an
    upper bound, and "at most ``bound + eps``" for a lower one): ``P(value ≥ 100)`` on a 0–100
    scale is ``P(value ≥ 99.9)``.

Replaceable residual scale
    Every model is fitted as :class:`ModelParts`: a location and a horizon multiplier of the
    residual scale, plus the series' own residual variance and degrees of freedom, so that
    :mod:`.pooled` can replace the (1–3 df) own variance by the partially pooled posterior of
    the indicator's kind (:meth:`FittedModel.with_scale`).

Point masses
    A predictive scale below ``1e-9 · (1 + |loc|)`` (:data:`POINT_MASS_RTOL`) is rounding
    noise of a perfect fit, not uncertainty: the distribution is treated as a point mass at
    its location, and probabilities are 0 or 1 by comparing the location with the threshold
    (with the same relative tolerance). A perfect line of 3 points and a perfect drift of 6
    points therefore give the same answer.
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
    "BOUND_EPS",
    "HOLT_INIT_POINTS",
    "MIN_HOLT_POINTS",
    "MIN_POINTS",
    "MODELS",
    "POINT_MASS_RTOL",
    "ModelParts",
    "SMALL_SAMPLE_POINTS",
    "FittedModel",
    "ParameterAtBoundWarning",
    "Predictive",
    "Transform",
    "annual_series",
    "capture_warnings",
    "check_annual_series",
    "fit_model",
    "holt_eligible",
    "holt_initial_states",
    "is_regular",
    "model_parts",
]

#: Fewest observations for any forecast (a trend and its uncertainty need at least 3 points).
MIN_POINTS = 3
#: Fewest consecutive yearly observations for the Holt models.
MIN_HOLT_POINTS = 4
#: Every model name, simplest first (the order breaks ties in model selection).
MODELS: tuple[str, ...] = ("naive", "drift", "linear_trend", "mean", "holt", "holt_damped")
#: How far inside a bound a value *at* the bound is moved before the logit/log transform,
#: as a share of the range (logit) or in the indicator's unit (log): 0.1 %. Values (and
#: targets) within this distance of a bound count as the bound.
BOUND_EPS = 1e-3
#: Series with at most this many points get the small-sample variance floor of ``linear_trend``
#: (and are labelled low confidence).
SMALL_SAMPLE_POINTS = 4
#: How many first points set Holt's initial level and trend (OLS line through them).
HOLT_INIT_POINTS = 4
#: A predictive scale below ``POINT_MASS_RTOL * (1 + |loc|)`` is a point mass (a perfect fit).
POINT_MASS_RTOL = 1e-9


class ParameterAtBoundWarning(UserWarning):
    """A Holt smoothing parameter (or the damping) ended at its optimisation bound."""


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


def check_annual_series(series: Any, what: str = "series") -> None:
    """Raise a clear error unless ``series`` is a float series on an annual ``PeriodIndex``.

    Raises:
        TypeError: not a pandas Series.
        ValueError: not indexed by an annual ``PeriodIndex``, duplicate years, or a
            missing/non-finite/non-numeric value.
    """
    hint = "build it with annual_series(years, values)"
    if not isinstance(series, pd.Series):
        raise TypeError(f"{what} must be a pandas Series on an annual PeriodIndex, got {type(series).__name__}; {hint}")
    idx = series.index
    if not isinstance(idx, pd.PeriodIndex):
        raise ValueError(
            f"{what} must be indexed by an annual PeriodIndex (freq 'Y'), got {type(idx).__name__}; {hint}")
    if not str(idx.freqstr).upper().startswith(("Y", "A")):
        raise ValueError(f"{what} must have an annual PeriodIndex (freq 'Y'), got freq {idx.freqstr!r}; {hint}")
    if idx.has_duplicates:
        raise ValueError(f"{what} has duplicate years: {sorted({p.year for p in idx[idx.duplicated()]})}")
    if not pd.api.types.is_numeric_dtype(series) or not np.all(np.isfinite(series.to_numpy(dtype=float))):
        raise ValueError(f"{what} values must be finite numbers, got {series.tolist()}")


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
      and intervals can never leave ``[lo, hi]``;
    * a lower bound only: ``z = log(max(x - lo, eps))``;
    * an upper bound only: ``z = log(max(hi - x, eps))`` (order reversed);
    * no bounds: identity.

    The clip only moves values *at* a bound (within ``eps``, see :meth:`snap`): values
    outside the bounds are an error for fitting (:meth:`outside` lists them). Back-transformed,
    model-scale values at or beyond the clipped bound read as the bound itself.

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

    @property
    def band(self) -> float:
        """Width of the band next to a bound that counts as the bound (indicator units)."""
        if self.kind == "logit":
            return BOUND_EPS * (self.upper - self.lower)
        return BOUND_EPS

    def outside(self, series: pd.Series) -> list[tuple[int, float]]:
        """``(year, value)`` of every observation outside ``[lower, upper]`` (none may be fitted)."""
        bad = []
        for p, v in series.items():
            if (self.lower is not None and v < self.lower) or (self.upper is not None and v > self.upper):
                bad.append((int(p.year) if hasattr(p, "year") else p, float(v)))
        return bad

    def clip(self, x: float) -> float:
        """``x`` kept inside ``[lower, upper]`` (for values computed outside the model scale, e.g.
        a growth rate continued or a suggestion)."""
        x = float(x)
        if self.lower is not None:
            x = max(x, self.lower)
        if self.upper is not None:
            x = min(x, self.upper)
        return x

    def snap(self, x: float) -> float:
        """``x`` moved onto a bound when it lies within :attr:`band` of it (inside the bounds)."""
        x = float(x)
        if self.upper is not None and self.upper - self.band <= x <= self.upper:
            return float(self.upper)
        if self.lower is not None and self.lower <= x <= self.lower + self.band:
            return float(self.lower)
        return x

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
        """Back to the indicator's scale; model-scale values at or beyond a clipped bound give the bound."""
        z = np.asarray(z, dtype=float)
        k = self.kind
        if k == "logit":
            with np.errstate(over="ignore"):  # exp(-z) = inf for very negative z gives the lower bound
                out = self.lower + (self.upper - self.lower) / (1 + np.exp(-z))
            z_hi = math.log((1 - BOUND_EPS) / BOUND_EPS)
            out = np.where(z >= z_hi - _tol(z_hi), self.upper, np.where(z <= -z_hi + _tol(z_hi), self.lower, out))
        elif k == "log":
            z_lo = math.log(BOUND_EPS)
            out = np.where(z <= z_lo + _tol(z_lo), self.lower, self.lower + np.exp(z))
        elif k == "log_upper":
            z_lo = math.log(BOUND_EPS)
            out = np.where(z <= z_lo + _tol(z_lo), self.upper, self.upper - np.exp(z))
        else:
            out = z
        out = np.asarray(out, dtype=float)
        return out if out.ndim else float(out)

    @property
    def increasing(self) -> bool:
        """False for ``log_upper`` (the transform reverses the order)."""
        return self.kind != "log_upper"


def _tol(ref: float) -> float:
    """The comparison tolerance around a model-scale value ``ref``."""
    return POINT_MASS_RTOL * (1 + abs(float(ref)))


# --- predictive distribution ------------------------------------------------------------------------
@dataclass(frozen=True)
class Predictive:
    """Predictive distribution of the indicator in one year.

    On the model scale it is Student-t with ``df`` degrees of freedom (normal when ``df`` is
    ``None``), location ``loc`` and scale ``scale``; a scale below
    ``POINT_MASS_RTOL · (1 + |loc|)`` is a point mass (a perfect fit, see
    :attr:`is_point_mass`). Quantiles and probabilities are computed on that scale and mapped
    back with ``transform``; thresholds within :attr:`Transform.band` of a bound are read as the
    bound (``P(value ≥ 100)`` on 0–100 is ``P(value ≥ 99.9)``).
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

    @property
    def is_point_mass(self) -> bool:
        """True when the scale is rounding noise: below ``POINT_MASS_RTOL · (1 + |loc|)``."""
        return self.scale <= _tol(self.loc)

    def quantile(self, q: float) -> float:
        """The ``q``-quantile (0 < q < 1) on the indicator's own scale."""
        if not 0 < q < 1:
            raise ValueError(f"quantile level must be in (0, 1), got {q}")
        qq = q if self.transform.increasing else 1 - q
        z = self.loc if self.is_point_mass else float(self._dist().ppf(qq))
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

    def _z_at_most(self, z: float) -> float:
        if self.is_point_mass:
            return 1.0 if self.loc <= z + _tol(z) else 0.0
        return float(self._dist().cdf(z))

    def _z_at_least(self, z: float) -> float:
        if self.is_point_mass:
            return 1.0 if self.loc >= z - _tol(z) else 0.0
        return float(self._dist().sf(z))

    def prob_at_most(self, x: float) -> float:
        """P(value ≤ x); ``x`` within the band of a bound counts as the bound."""
        t = self.transform
        x = t.snap(x)
        if t.upper is not None and x >= t.upper:
            return 1.0
        if t.lower is not None and x < t.lower:
            return 0.0
        z = float(t.forward(x))
        return self._z_at_most(z) if t.increasing else self._z_at_least(z)

    def prob_at_least(self, x: float) -> float:
        """P(value ≥ x); ``x`` within the band of a bound counts as the bound.

        For a continuous distribution this is ``1 - P(value ≤ x)``; for a point mass both are 1
        at the point itself.
        """
        t = self.transform
        x = t.snap(x)
        if t.lower is not None and x <= t.lower:
            return 1.0
        if t.upper is not None and x > t.upper:
            return 0.0
        z = float(t.forward(x))
        return self._z_at_least(z) if t.increasing else self._z_at_most(z)


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
@dataclass(frozen=True)
class ModelParts:
    """A model fitted on the model scale, split so that its residual scale can be replaced.

    The predictive distribution ``h`` years ahead is Student-t (normal when ``df`` is ``None``
    or infinite) with location ``loc(h)`` and scale ``sqrt(sigma2) * mult(h)``: ``sigma2`` is the
    series' own residual variance estimate on ``df`` degrees of freedom (``nan`` with ``df = 0``
    when the series is too short to estimate it, e.g. a drift from two points) and ``mult``
    carries the horizon and parameter uncertainty of the model. Partial pooling
    (:mod:`.pooled`) replaces ``(sigma2, df)`` by the posterior of the indicator's kind.
    """

    loc: Any
    mult: Any
    sigma2: float
    df: float | None
    details: dict[str, float] = field(default_factory=dict)


@dataclass
class FittedModel:
    """A model fitted to one series (on the model scale); :meth:`predict` gives a :class:`Predictive`."""

    name: str
    series: pd.Series  # observed values, indicator scale
    transform: Transform
    parts: ModelParts = field(repr=False)
    details: dict[str, float] = field(default_factory=dict)

    @property
    def last_year(self) -> int:
        return int(self.series.index[-1].year)

    def model_scale(self, h: int) -> tuple[float, float, float | None]:
        """``(loc, scale, df)`` on the model scale ``h`` years after the last observation."""
        p = self.parts
        s2 = p.sigma2 if math.isfinite(p.sigma2) else 0.0
        return float(p.loc(h)), math.sqrt(max(s2, 0.0)) * float(p.mult(h)), p.df

    def predict(self, year: int) -> Predictive:
        """Predictive distribution for a calendar ``year`` after the last observation."""
        h = int(year) - self.last_year
        if h < 1:
            raise ValueError(f"forecast year {year} must be after the last observation ({self.last_year})")
        loc, scale, df = self.model_scale(h)
        return Predictive(int(year), loc, max(scale, 0.0), df, self.transform, self.name)

    def with_scale(self, sigma2: float, df: float | None, **details: float) -> FittedModel:
        """The same model with the residual variance ``sigma2`` on ``df`` degrees of freedom
        (e.g. the partially pooled posterior); ``details`` are added to :attr:`details`."""
        parts = ModelParts(self.parts.loc, self.parts.mult, float(sigma2), df, self.parts.details)
        return FittedModel(self.name, self.series, self.transform, parts,
                           {**self.details, **details, "sigma": math.sqrt(max(float(sigma2), 0.0))})


def _drift_variance(t: np.ndarray, z: np.ndarray) -> float:
    """``s²`` of the random walk with drift (module docstring); needs 3 observations."""
    g = np.diff(t)
    d = np.diff(z)
    mu = float(d.sum() / g.sum())
    return float(np.sum((d - mu * g) ** 2 / g) / (len(d) - 1))


def _fit_linear(t: np.ndarray, z: np.ndarray, *, floor: bool = True) -> ModelParts:
    """OLS line in closed form (identical to statsmodels ``OLS`` on ``(1, t - t_last)``); with
    ``floor`` the small-sample variance floor of the module docstring. Two points give the line
    through them with ``sigma2 = nan`` on 0 degrees of freedom."""
    x = t - t[-1]
    xm, zm = float(x.mean()), float(z.mean())
    sxx = float(np.sum((x - xm) ** 2))
    slope = float(np.sum((x - xm) * (z - zm)) / sxx)
    intercept = zm - slope * xm
    n = len(z)
    df = float(n - 2)
    resid = z - (intercept + slope * x)
    s2_ols = float(np.sum(resid**2) / df) if df > 0 else float("nan")
    s2 = s2_ols
    details = {"intercept": intercept, "slope": slope, "sigma_ols": math.sqrt(s2_ols) if df > 0 else float("nan")}
    if floor and 2 < n <= SMALL_SAMPLE_POINTS:
        s2_floor = _drift_variance(t, z)
        s2 = max(s2_ols, s2_floor)
        details["sigma_floor"] = math.sqrt(s2_floor)
    details["sigma"] = math.sqrt(s2) if df > 0 else float("nan")

    def loc(h: int) -> float:
        return intercept + slope * float(h)

    def mult(h: int) -> float:  # sqrt(1 + x0' (X'X)^-1 x0) with x0 = (1, h)
        return math.sqrt(1.0 + 1.0 / n + (float(h) - xm) ** 2 / sxx)

    return ModelParts(loc, mult, s2, df, details)


def _fit_random_walk(t: np.ndarray, z: np.ndarray, *, drift: bool) -> ModelParts:
    g = np.diff(t)
    d = np.diff(z)
    m = len(d)
    total = float(g.sum())
    if drift:
        mu = float(d.sum() / total)
        df = float(m - 1)
        s2 = float(np.sum((d - mu * g) ** 2 / g) / df) if df > 0 else float("nan")
    else:
        mu = 0.0
        df = float(m)
        s2 = float(np.sum(d**2 / g) / m)
    last = float(z[-1])

    def loc(h: int) -> float:
        return last + mu * h

    def mult(h: int) -> float:
        return math.sqrt(h + (h * h / total if drift else 0.0))

    return ModelParts(loc, mult, s2, df, {"drift": mu, "sigma": math.sqrt(s2) if df > 0 else float("nan")})


def _fit_mean(z: np.ndarray) -> ModelParts:
    """Historical mean: ``loc = mean(z)``, ``s²`` the sample variance (``n - 1`` df), predictive
    variance ``s² (1 + 1/n)`` at every horizon (noise around a fixed level)."""
    n = len(z)
    mean = float(z.mean())
    df = float(n - 1)
    s2 = float(np.sum((z - mean) ** 2) / df) if df > 0 else float("nan")
    return ModelParts(lambda h: mean, lambda h: math.sqrt(1.0 + 1.0 / n), s2, df,
                      {"mean": mean, "sigma": math.sqrt(s2) if df > 0 else float("nan")})


def holt_initial_states(z: Sequence[float]) -> tuple[float, float]:
    """``(initial_level, initial_trend)`` from the OLS line through the first
    :data:`HOLT_INIT_POINTS` values: ``z_j ≈ a + b j`` gives ``(a - b, b)``."""
    first = np.asarray(z, dtype=float)[:HOLT_INIT_POINTS]
    j = np.arange(len(first), dtype=float)
    jc = j - j.mean()
    b = float(np.sum(jc * (first - first.mean())) / np.sum(jc**2))
    a = float(first.mean() - b * j.mean())
    return a - b, b


#: statsmodels' default optimisation bounds of the ETS parameters (``beta`` as ``beta / alpha``).
_ETS_BOUNDS = {"alpha": (1e-4, 1 - 1e-4), "beta / alpha": (1e-4, 1 - 1e-4), "phi": (0.8, 0.98)}


def _warn_parameters_at_bounds(params: dict[str, float]) -> None:
    """Warn (:class:`ParameterAtBoundWarning`) about every parameter at its optimisation bound."""
    values = {"alpha": params["alpha"], "beta / alpha": params["beta"] / params["alpha"]}
    if "phi" in params:
        values["phi"] = params["phi"]
    for name, v in values.items():
        lo, hi = _ETS_BOUNDS[name]
        for side, b in (("lower", lo), ("upper", hi)):
            if abs(v - b) <= 1e-6:
                warnings.warn(f"{name} = {v:.6g} is at its {side} bound {b:g}", ParameterAtBoundWarning, stacklevel=3)


def _fit_holt(series_z: pd.Series, *, damped: bool) -> ModelParts:
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    z = series_z.to_numpy()
    level0, trend0 = holt_initial_states(z)
    model = ETSModel(
        series_z,
        error="add",
        trend="add",
        damped_trend=damped,
        initialization_method="known",
        initial_level=level0,
        initial_trend=trend0,
    )
    res = model.fit(disp=False)
    n = len(z)
    cache: dict[int, tuple[float, float]] = {}

    def moments(h: int) -> tuple[float, float]:
        if h not in cache:
            pr = res.get_prediction(start=n, end=n + h - 1)
            cache[h] = (float(np.asarray(pr.predicted_mean)[-1]), float(np.asarray(pr.forecast_variance)[-1]))
        return cache[h]

    sigma2 = moments(1)[1]
    names = ["alpha", "beta"] + (["phi"] if damped else [])
    params = {k: float(v) for k, v in zip(names, np.asarray(res.params))}
    _warn_parameters_at_bounds(params)
    n_params = len(names)

    def mult(h: int) -> float:
        return math.sqrt(moments(h)[1] / sigma2) if sigma2 > 0 else math.sqrt(h)

    # ETS intervals are normal (df None); the residual df, n minus the smoothing parameters, is
    # kept in the details for partial pooling
    return ModelParts(lambda h: moments(h)[0], mult, sigma2, None,
                      {**params, "initial_level": level0, "initial_trend": trend0,
                       "df_resid": float(max(n - n_params, 1))})


def fit_model(name: str, series: pd.Series, transform: Transform | None = None) -> FittedModel:
    """Fit model ``name`` (one of :data:`MODELS`) to an annual ``PeriodIndex`` series.

    Warnings raised by statsmodels (and :class:`ParameterAtBoundWarning`) propagate; wrap
    calls in :func:`capture_warnings`.

    Raises:
        ValueError: unknown model, not an annual ``PeriodIndex`` series, values outside the
            transform's bounds (never clipped), too few points, or gaps for a Holt model.
    """
    if name not in MODELS:
        raise ValueError(f"unknown model {name!r}; models: {', '.join(MODELS)}")
    check_annual_series(series)
    transform = transform or Transform()
    series = series.sort_index().astype(float)
    bad = transform.outside(series)
    if bad:
        raise ValueError(f"values outside the bounds [{transform.lower}, {transform.upper}]: "
                         + ", ".join(f"{v:g} ({y})" for y, v in bad))
    n = len(series)
    need = 2 if name in ("naive", "mean") else MIN_POINTS
    if n < need:
        raise ValueError(f"model {name!r} needs at least {need} observations, got {n}")
    t = years_of(series)
    z = np.asarray(transform.forward(series.to_numpy()), dtype=float).reshape(-1)
    return FittedModel(name, series, transform, *_model_parts(name, series, t, z))


def _model_parts(name: str, series: pd.Series, t: np.ndarray, z: np.ndarray,
                 floor: bool = True) -> tuple[ModelParts, dict[str, float]]:
    """The :class:`ModelParts` of model ``name`` and its details (checks done by the caller)."""
    if name == "linear_trend":
        parts = _fit_linear(t, z, floor=floor)
    elif name in ("drift", "naive"):
        parts = _fit_random_walk(t, z, drift=name == "drift")
    elif name == "mean":
        parts = _fit_mean(z)
    else:
        if not holt_eligible(series):
            raise ValueError(
                f"model {name!r} needs at least {MIN_HOLT_POINTS} consecutive yearly observations without gaps"
            )
        parts = _fit_holt(pd.Series(z, index=series.index), damped=name == "holt_damped")
    return parts, dict(parts.details)


def model_parts(name: str, series: pd.Series, transform: Transform | None = None) -> ModelParts:
    """The :class:`ModelParts` of a model for partial pooling and pooled backtests: like
    :func:`fit_model` but without the small-sample variance floor, and accepting two points for
    every model but Holt (then ``sigma2`` is ``nan`` on 0 df where it cannot be estimated;
    the pooled scale supplies it)."""
    transform = transform or Transform()
    t = years_of(series)
    z = np.asarray(transform.forward(series.to_numpy(dtype=float)), dtype=float).reshape(-1)
    if len(z) < 2:
        raise ValueError(f"model {name!r} needs at least 2 observations, got {len(z)}")
    return _model_parts(name, series, t, z, floor=False)[0]
