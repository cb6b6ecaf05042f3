"""Pooled accuracy, model choice per kind of indicator and partially pooled residual scales.

A single report's series have 3–6 points: one series cannot choose its own model (three
backtest errors decide nothing) nor estimate its own residual scale (1–3 degrees of freedom
give intervals that are either absurdly wide or, by chance, far too narrow). Both are therefore
borrowed from every series of the same **kind** (:data:`~.series.INDICATOR_KINDS`) across every
report in the data.

Pooled rolling-origin backtest (:func:`pooled_backtest`)
    For every series with at least 3 observations and every origin ``k ≥ 2`` (the first ``k``
    observations as training data), each model of :data:`POOLED_MODELS` forecasts **every later
    observed year** (horizon ``h`` = the gap in years). Models: ``naive`` (last value),
    ``drift`` (random walk with drift), ``mean`` (historical mean), ``linear_trend`` (OLS on the
    year), ``holt_damped`` (damped trend, only where the training data has at least 4
    consecutive years) and ``ensemble`` (equal-weight combination of the others available).
    Scores, per kind and model:

    * **MASE** (Hyndman & Koehler 2006): ``mean(|e| / q)`` with ``e`` the error of the median
      forecast and ``q`` the series' mean absolute year-on-year change (the in-sample error of
      the naive forecast per year, over the whole series; series with ``q = 0`` are left out).
      Below 1 the model beats the naive forecast's typical one-year error;
    * **coverage** of the 80 % and 95 % prediction intervals (share of actuals inside);
    * **Brier score** of ``P(meet target)`` for every forecast year with a numeric target
      (``mean((p - met)²)``, probabilities clamped as shown, :data:`P_CLAMP`), its
      climatology reference ``b(1 - b)`` (``b`` the pooled share of targets met) and the skill
      ``1 - Brier / climatology``.

    The scale priors used for the backtest intervals are estimated from the full series (a
    mild look-ahead, stated in the accuracy note).

Model choice (:func:`choose_models`)
    Per kind, the model with the lowest pooled MASE among those that forecast every case of the
    kind (so ``holt_damped``, rarely possible, competes only where it always could); ties go to
    the simpler model (order of :data:`POOLED_MODELS`). A kind with fewer than
    :data:`MIN_KIND_FORECASTS` backtest forecasts takes the choice pooled over every kind.

Partial pooling of the residual scale (:func:`estimate_prior`, empirical Bayes)
    Each series ``i`` gives, for a model, its own residual variance ``s_i²`` on ``d_i`` degrees
    of freedom on the model scale (logit/log for bounded indicators). Across the series of a
    kind the true variances are taken as scaled inverse chi-square, ``σ_i² ~ s0² d0 / χ²_{d0}``;
    ``(s0², d0)`` are estimated by the moments of ``log s_i²`` (Smyth 2004, the moderated
    variances of limma) and each series gets the posterior

        ``s̃_i² = (d0 s0² + d_i s_i²) / (d0 + d_i)`` on ``d0 + d_i`` degrees of freedom,

    so a 3-point series is no longer on 1 degree of freedom, and a perfect fit (``s_i² = 0``)
    still has the kind's uncertainty. ``d0`` is capped at :data:`MAX_PRIOR_DF`. A kind with
    fewer than :data:`MIN_POOL_SERIES` series with an own estimate borrows the prior pooled
    over every kind; with fewer than that in total the series keeps its own scale (noted).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from lkip_helpers.data.i18n import format_number
from lkip_helpers.notebook.messages import phrase

from .models import (
    MIN_HOLT_POINTS,
    FittedModel,
    ModelParts,
    Transform,
    capture_warnings,
    check_annual_series,
    holt_eligible,
    model_parts,
    years_of,
)

__all__ = [
    "ALL_KINDS", "BASE_MODELS", "collect_pool", "MAX_PRIOR_DF", "MIN_KIND_FORECASTS", "MIN_POOL_SERIES", "POOLED_MODELS", "P_CLAMP",
    "PoolSeries", "PooledAccuracy", "ScalePrior", "choose_models", "clamp_probability", "estimate_prior",
    "fit_pooled", "forecast_moments", "pooled_backtest", "scale_priors",
]

#: Models scored by the pooled backtest, simplest first (the order breaks ties).
BASE_MODELS: tuple[str, ...] = ("naive", "mean", "drift", "linear_trend", "holt_damped")
POOLED_MODELS: tuple[str, ...] = (*BASE_MODELS, "ensemble")
#: Probabilities shown are kept inside this range.
P_CLAMP = (0.02, 0.98)
#: Fewest series with an own variance estimate for a kind's own prior.
MIN_POOL_SERIES = 3
#: Fewest backtest forecasts for a kind to choose its own model.
MIN_KIND_FORECASTS = 8
#: Cap on the prior degrees of freedom (complete pooling would claim certainty about the scale).
MAX_PRIOR_DF = 30.0
#: Backtest errors at which an interval factor gets half its own weight (shrinkage towards 1).
FACTOR_SHRINK_N = 20
#: Interval factors come from backtest forecasts trained on at least this many points when
#: there are enough of them (training sets of 2 points behave unlike the series forecast).
FACTOR_TRAIN_POINTS = 3
#: Interval factors are kept inside this range.
FACTOR_RANGE = (0.5, 3.0)
#: The label of scores and priors pooled over every kind.
ALL_KINDS = "all kinds"

#: User-facing sentences of this module (English; one place, for the message catalog).
TEXT = {
    "clamp_high": "P(meet) {p} from the model shown as {c}: with a few annual points no model is more "
                  "certain than that (the pooled backtest is the evidence)",
    "clamp_low": "P(meet) {p} from the model shown as {c}: with a few annual points no model is more "
                 "certain than that (the pooled backtest is the evidence)",
    "prior_kind": "residual scale pooled over {n} {kind} series (prior df {d0:.1f})",
    "prior_all": "too few {kind} series with an own scale ({n}): residual scale pooled over every kind "
                 "(prior df {d0:.1f})",
    "prior_none": "too few series to pool the residual scale: the series' own scale",
    "choice_kind": "lowest pooled MASE among {kind} series ({n} backtest forecasts)",
    "choice_all": "too few {kind} backtest forecasts ({n}, needs {need}): the model with the lowest MASE over "
                  "every kind",
    "choice_none": "no pooled backtest forecast: linear trend",
    "fallback": "{model} cannot be fitted to this series ({why}); next best for {kind}: {alt}",
}


def clamp_probability(p: float | None) -> tuple[float | None, str]:
    """``p`` kept inside :data:`P_CLAMP` and the reason when it was moved (``""`` otherwise)."""
    if p is None or (isinstance(p, float) and math.isnan(p)):
        return p, ""
    lo, hi = P_CLAMP
    if p > hi:
        return hi, phrase(TEXT["clamp_high"], p=format_number(p, 3), c=format_number(hi, 2))
    if p < lo:
        return lo, phrase(TEXT["clamp_low"], p=format_number(p, 3), c=format_number(lo, 2))
    return float(p), ""


@dataclass
class PoolSeries:
    """One series of the pool: an indicator of one report, its kind, bounds, polarity and targets."""

    entity_id: str
    indicator_id: str
    kind: str
    polarity: str
    series: pd.Series
    transform: Transform = field(default_factory=Transform)
    targets: dict[int, float] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return f"{self.entity_id}/{self.indicator_id}"


# --- scale priors -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ScalePrior:
    """The prior of the residual variance of ``model`` for ``kind``: ``s0²`` on ``d0`` df."""

    kind: str
    model: str
    s0_2: float
    d0: float
    n_series: int
    note: str

    def posterior(self, s2: float, df: float | None) -> tuple[float, float]:
        """``(s̃², df)`` of a series with its own ``s2`` on ``df`` degrees of freedom."""
        d = float(df or 0.0)
        own = s2 if (d > 0 and math.isfinite(s2)) else 0.0
        if d <= 0:
            d = 0.0
        return (self.d0 * self.s0_2 + d * own) / (self.d0 + d), self.d0 + d


def _trigamma_inverse(x: float) -> float:
    """``y`` with ``trigamma(y) = x`` (Newton iteration of limma's ``trigammaInverse``)."""
    from scipy.special import polygamma

    if x > 1e7:
        return 1.0 / math.sqrt(x)
    if x < 1e-6:
        return 1.0 / x
    y = 0.5 + 1.0 / x
    for _ in range(50):
        tri = float(polygamma(1, y))
        dif = tri * (1 - tri / x) / float(polygamma(2, y))
        y += dif
        if -dif / y < 1e-8:
            break
    return y


def estimate_prior(s2: Sequence[float], df: Sequence[float]) -> tuple[float, float]:
    """``(s0², d0)`` from residual variances ``s2`` on ``df`` degrees of freedom (Smyth 2004):
    moments of ``log s²`` corrected by ``digamma``/``trigamma`` of ``df / 2``; ``d0`` capped at
    :data:`MAX_PRIOR_DF`.

    Raises:
        ValueError: fewer than 2 usable variances (positive, finite, df > 0).
    """
    from scipy.special import digamma, polygamma

    s2a, dfa = np.asarray(s2, dtype=float), np.asarray(df, dtype=float)
    ok = np.isfinite(s2a) & (s2a > 0) & (dfa > 0)
    s2a, dfa = s2a[ok], dfa[ok]
    n = len(s2a)
    if n < 2:
        raise ValueError(f"a scale prior needs at least 2 positive variances, got {n}")
    e = np.log(s2a) - digamma(dfa / 2) + np.log(dfa / 2)
    emean = float(e.mean())
    evar = float(np.sum((e - emean) ** 2) / (n - 1) - np.mean(polygamma(1, dfa / 2)))
    if evar > 0:
        d0 = min(2 * _trigamma_inverse(evar), MAX_PRIOR_DF)
    else:
        d0 = MAX_PRIOR_DF
    s0_2 = float(math.exp(emean + float(digamma(d0 / 2)) - math.log(d0 / 2)))
    return s0_2, float(d0)


def _own_scale(parts: ModelParts) -> tuple[float, float]:
    df = parts.df if parts.df is not None else parts.details.get("df_resid", 0.0)
    return parts.sigma2, float(df or 0.0)


def _eligible(model: str, series: pd.Series) -> str | None:
    """Why ``model`` cannot be fitted to ``series`` (``None`` when it can)."""
    if len(series) < 2:
        return "fewer than 2 observations"
    if model == "holt_damped" and not holt_eligible(series):
        return f"needs {MIN_HOLT_POINTS} consecutive years without gaps"
    return None


def scale_priors(pool: Iterable[PoolSeries], models: Sequence[str] = BASE_MODELS) -> dict[tuple[str, str], ScalePrior]:
    """The scale prior of every ``(kind, model)`` from the full series of ``pool`` (kinds with too
    few own estimates get the all-kinds prior; see the module docstring)."""
    pool = list(pool)
    own: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for ps in pool:
        for m in models:
            if m == "ensemble" or _eligible(m, ps.series):
                continue
            s2, df = _own_scale(_parts(m, ps.series, ps.transform))
            if df > 0 and math.isfinite(s2) and s2 > 0:
                own.setdefault((ps.kind, m), []).append((s2, df))
                own.setdefault((ALL_KINDS, m), []).append((s2, df))
    priors: dict[tuple[str, str], ScalePrior] = {}
    kinds = sorted({ps.kind for ps in pool})
    for m in models:
        if m == "ensemble":
            continue
        everything = own.get((ALL_KINDS, m), [])
        all_prior = None
        if len(everything) >= MIN_POOL_SERIES:
            s0, d0 = estimate_prior(*zip(*everything))
            all_prior = ScalePrior(ALL_KINDS, m, s0, d0, len(everything),
                                   TEXT["prior_kind"].format(n=len(everything), kind="", d0=d0).replace("  ", " "))
            priors[(ALL_KINDS, m)] = all_prior
        for k in kinds:
            mine = own.get((k, m), [])
            if len(mine) >= MIN_POOL_SERIES:
                s0, d0 = estimate_prior(*zip(*mine))
                priors[(k, m)] = ScalePrior(k, m, s0, d0, len(mine), TEXT["prior_kind"].format(n=len(mine), kind=k,
                                                                                                d0=d0))
            elif all_prior is not None:
                priors[(k, m)] = ScalePrior(k, m, all_prior.s0_2, all_prior.d0, all_prior.n_series,
                                            TEXT["prior_all"].format(kind=k, n=len(mine), d0=all_prior.d0))
    return priors


# --- pooled predictive ----------------------------------------------------------------------------------
def _parts(model: str, series: pd.Series, transform: Transform) -> ModelParts:
    return model_parts(model, series, transform)


def _member_moments(parts: ModelParts, prior: ScalePrior | None, h: int) -> tuple[float, float, float]:
    """``(loc, variance, df)`` of one model ``h`` years ahead with its posterior (or own) scale."""
    s2, df = _own_scale(parts)
    if prior is not None:
        s2, df = prior.posterior(s2, df)
    elif not (df > 0 and math.isfinite(s2)):
        s2, df = float("nan"), 0.0
    return float(parts.loc(h)), float(s2) * float(parts.mult(h)) ** 2, df


def _ensemble_parts(series: pd.Series, transform: Transform, kind: str,
                    priors: dict[tuple[str, str], ScalePrior], models: Sequence[str] = BASE_MODELS,
                    fitted: dict[str, ModelParts] | None = None) -> ModelParts:
    """Equal-weight ensemble of every base model of ``models`` that can be fitted (``fitted``:
    parts already fitted): mean location; variance the mean member variance plus the variance
    of the member locations (the mixture's); the smallest member df."""
    fitted = fitted or {}
    members = [(m, fitted[m] if m in fitted else _parts(m, series, transform)) for m in models
               if m in BASE_MODELS and not _eligible(m, series)]
    cache: dict[int, tuple[float, float, float]] = {}

    def moments(h: int) -> tuple[float, float, float]:
        if h not in cache:
            mom = [_member_moments(p, priors.get((kind, m)), h) for m, p in members]
            locs = np.array([x[0] for x in mom])
            var = float(np.mean([x[1] for x in mom]) + np.var(locs))
            cache[h] = (float(locs.mean()), var, float(min(x[2] for x in mom)))
        return cache[h]

    df = moments(1)[2]
    return ModelParts(lambda h: moments(h)[0], lambda h: math.sqrt(max(moments(h)[1], 0.0)), 1.0, df,
                      {"members": float(len(members))})


def _scaled(parts: ModelParts, factor) -> ModelParts:
    """``parts`` with its scale multiplied by ``factor(h)``."""
    return ModelParts(parts.loc, lambda h: parts.mult(h) * factor(h), parts.sigma2, parts.df, parts.details)


def fit_pooled(model: str, series: pd.Series, transform: Transform | None, kind: str,
               accuracy: PooledAccuracy) -> tuple[FittedModel, str]:
    """``model`` fitted to ``series`` with the partially pooled residual scale of ``kind`` and the
    pooled interval factor, and a note on the pooling.

    Raises:
        ValueError: the model cannot be fitted to the series (see :func:`_eligible`).
    """
    check_annual_series(series)
    transform = transform or Transform()
    series = series.sort_index().astype(float)
    why = _eligible(model, series)
    if why:
        raise ValueError(f"{model}: {why}")
    priors = accuracy.priors

    def factor(h: int) -> float:
        return accuracy.factor(kind, model, h)

    if model == "ensemble":
        parts = _scaled(_ensemble_parts(series, transform, kind, priors, accuracy.models), factor)
        fm = FittedModel(model, series, transform, parts, dict(parts.details))
        members = [m for m in accuracy.models if m in BASE_MODELS and not _eligible(m, series)]
        return fm, "equal-weight ensemble of " + ", ".join(members)
    parts = _parts(model, series, transform)
    prior = priors.get((kind, model))
    s2, df = _own_scale(parts)
    if prior is None:
        fm = FittedModel(model, series, transform, _scaled(parts, factor), dict(parts.details))
        return fm, TEXT["prior_none"]
    post, dfp = prior.posterior(s2, df)
    fm = FittedModel(model, series, transform, _scaled(parts, factor), dict(parts.details))
    return fm.with_scale(post, dfp, sigma_own=math.sqrt(s2) if df > 0 and s2 >= 0 else float("nan"),
                         prior_sigma=math.sqrt(prior.s0_2), prior_df=prior.d0, pooled_df=dfp), prior.note


def collect_pool(ds, year: int | None = None) -> list[PoolSeries]:
    """Every numeric indicator of every report in ``ds`` with at least 2 observations up to
    ``year`` (all years when ``None``) and inside its bounds, as :class:`PoolSeries`."""
    from .series import indicator_series

    ind = ds.tables["indicators"]
    pool = []
    for r in ind[ind["entity_id"].notna() & (ind["entity_id"].astype(str) != "")].itertuples():
        s = indicator_series(ds, str(r.entity_id), str(r.indicator_id), 9999 if year is None else int(year))
        if s.skip or len(s.observations) < 2 or s.transform.outside(s.series):
            continue
        targets = dict(zip(s.targets["year"].astype(int), s.targets["target"].astype(float)))
        pool.append(PoolSeries(str(r.entity_id), s.indicator_id, s.kind, s.polarity, s.series, s.transform,
                               targets))
    return pool


def forecast_moments(ps: PoolSeries, model: str, priors: dict[tuple[str, str], ScalePrior],
                     horizons: Sequence[int], members: Sequence[str] = BASE_MODELS) -> list[tuple[float, float, float]]:
    """``(loc, scale, df)`` on the model scale of ``model`` fitted to the whole of ``ps`` with the
    pooled scale, for each horizon (used by the calibration check; ``members`` of an ensemble)."""
    if model == "ensemble":
        ens = _ensemble_parts(ps.series, ps.transform, ps.kind, priors, members)
        return [(float(ens.loc(h)), float(ens.mult(h)), ens.df) for h in horizons]
    parts = _parts(model, ps.series, ps.transform)
    out = []
    for h in horizons:
        loc, var, df = _member_moments(parts, priors.get((ps.kind, model)), h)
        out.append((loc, math.sqrt(var) if var >= 0 else float("nan"), df))
    return out


# --- pooled backtest ---------------------------------------------------------------------------------
def _naive_scale(series: pd.Series) -> float:
    """Mean absolute year-on-year change per year (the MASE denominator)."""
    v, t = series.to_numpy(dtype=float), years_of(series)
    return float(np.mean(np.abs(np.diff(v)) / np.diff(t))) if len(v) > 1 else float("nan")


def _forecast_rows(ps: PoolSeries, priors: dict[tuple[str, str], ScalePrior], models: Sequence[str],
                   min_train: int) -> list[dict]:
    """One row per model, origin and later observed year of one series (model-scale moments)."""
    s, rows = ps.series, []
    q = _naive_scale(s)
    years = [int(p.year) for p in s.index]
    for k in range(min_train, len(s)):
        train = s.iloc[:k]
        fitted = {}
        for m in models:
            if m == "ensemble":
                continue
            if _eligible(m, train) or (m != "naive" and m != "mean" and len(train) < 2):
                continue
            fitted[m] = _parts(m, train, ps.transform)
        ens = (_ensemble_parts(train, ps.transform, ps.kind, priors, models, fitted)
               if "ensemble" in models else None)
        for j in range(k, len(s)):
            h = years[j] - years[k - 1]
            for m in models:
                if m == "ensemble":
                    loc, sd, df = float(ens.loc(h)), float(ens.mult(h)), ens.df
                    var = sd * sd
                elif m in fitted:
                    loc, var, df = _member_moments(fitted[m], priors.get((ps.kind, m)), h)
                else:
                    continue
                rows.append({"key": ps.key, "entity_id": ps.entity_id, "indicator_id": ps.indicator_id,
                             "kind": ps.kind, "model": m, "n_train": k, "origin_year": years[k - 1],
                             "year": years[j], "h": h, "actual": float(s.iloc[j]), "loc": loc,
                             "scale": math.sqrt(var) if var >= 0 and math.isfinite(var) else float("nan"),
                             "df": df if df and df > 0 else float("nan"), "q": q,
                             "target": ps.targets.get(years[j], float("nan")), "polarity": ps.polarity,
                             "_t": ps.transform})
    return rows


def _t_ppf(q: float, df: np.ndarray) -> np.ndarray:
    from scipy import stats

    d = np.where(np.isfinite(df), df, np.inf)
    return stats.t.ppf(q, d)


def _prob_meet(tr: Transform, loc: np.ndarray, scale: np.ndarray, d: np.ndarray, tg: np.ndarray,
               pol: np.ndarray) -> np.ndarray:
    """P(meet target) of rows sharing one transform, on the model scale; a target at a bound
    reads as the bound, beyond it 0 or 1; a point mass compares its value (NaN without a
    target or a direction)."""
    from scipy import stats

    p = np.full(len(tg), np.nan)
    for i in range(len(tg)):
        if not math.isfinite(tg[i]) or pol[i] not in ("higher_is_better", "lower_is_better"):
            continue
        x = tr.snap(tg[i])
        at_least = pol[i] == "higher_is_better"
        if at_least and tr.lower is not None and x <= tr.lower:
            p[i] = 1.0
        elif at_least and tr.upper is not None and x > tr.upper:
            p[i] = 0.0
        elif not at_least and tr.upper is not None and x >= tr.upper:
            p[i] = 1.0
        elif not at_least and tr.lower is not None and x < tr.lower:
            p[i] = 0.0
        else:
            zt = float(tr.forward(x))
            s_i, l_i = scale[i], loc[i]
            if not s_i > 0:  # a point mass: compare its value with the target
                v = float(tr.inverse(l_i))
                p[i] = float(v >= x if at_least else v <= x)
                continue
            upper_tail = float(stats.t.sf((zt - l_i) / s_i, d[i]))
            # P(value >= target) is the upper model-scale tail for an increasing transform
            p_ge = upper_tail if tr.increasing else 1 - upper_tail
            p[i] = p_ge if at_least else 1 - p_ge
    return p


def score_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """Add ``median``, ``lo80``/``hi80``/``lo95``/``hi95``, ``inside80``/``inside95``, ``scaled_error``,
    ``p_raw``/``p_meet`` (clamped) and ``met`` to backtest rows with model-scale ``loc``, ``scale``,
    ``df`` and a transform per row (column ``_t``), vectorised per transform."""
    out = rows.copy()
    for col in ("median", "lo80", "hi80", "lo95", "hi95", "p_raw"):
        out[col] = np.nan
    loc, scale, df = out["loc"].to_numpy(float), out["scale"].to_numpy(float), out["df"].to_numpy(float)
    d = np.where(np.isfinite(df), df, np.inf)
    z_act = np.full(len(out), np.nan)  # the actuals on the model scale (for the interval factors)
    actual = out["actual"].to_numpy(float)
    for tr, idx in out.groupby("_t", sort=False).indices.items():
        z_act[idx] = np.asarray(tr.forward([tr.clip(a) for a in actual[idx]]), dtype=float)
        sign = 1.0 if tr.increasing else -1.0
        out.iloc[idx, out.columns.get_loc("median")] = tr.inverse(loc[idx])
        for level, lo_c, hi_c in ((0.8, "lo80", "hi80"), (0.95, "lo95", "hi95")):
            a = (1 - level) / 2
            z1 = loc[idx] + _t_ppf(a, d[idx]) * scale[idx]
            z2 = loc[idx] + _t_ppf(1 - a, d[idx]) * scale[idx]
            lo, hi = (z1, z2) if sign > 0 else (z2, z1)
            out.iloc[idx, out.columns.get_loc(lo_c)] = tr.inverse(lo)
            out.iloc[idx, out.columns.get_loc(hi_c)] = tr.inverse(hi)
        sub = out.iloc[idx]
        p = _prob_meet(tr, loc[idx], scale[idx], d[idx], sub["target"].to_numpy(float), sub["polarity"].to_numpy())
        out.iloc[idx, out.columns.get_loc("p_raw")] = p
    with np.errstate(divide="ignore", invalid="ignore"):
        out["u"] = np.where(scale > 0, (z_act - loc) / scale, np.nan)
    lo, hi = P_CLAMP
    out["p_meet"] = out["p_raw"].clip(lo, hi)
    act = out["actual"]
    has_scale = out["scale"].notna()
    for level in ("80", "95"):
        inside = (act >= out[f"lo{level}"]) & (act <= out[f"hi{level}"])
        out[f"inside{level}"] = np.where(has_scale, inside.astype(float), np.nan)
    out["abs_error"] = (out["median"] - act).abs()
    out["scaled_error"] = np.where(out["q"] > 0, out["abs_error"] / out["q"], np.nan)
    met = np.where(out["polarity"] == "higher_is_better", act >= out["target"], act <= out["target"])
    out["met"] = np.where(out["p_raw"].notna(), met.astype(float), np.nan)
    return out


SCORE_COLUMNS = ["kind", "model", "n_series", "n_forecasts", "mase", "coverage80", "coverage95", "n_brier", "brier",
                 "brier_climatology", "brier_skill", "chosen"]


def summarise_scores(scored: pd.DataFrame, by: Sequence[str] = ("kind", "model")) -> pd.DataFrame:
    """Pooled scores (columns :data:`SCORE_COLUMNS` but ``chosen``) per group of ``by``; the
    climatology of the Brier score is the pooled share of targets met in each group."""
    rows = []
    for key, g in scored.groupby(list(by), sort=False):
        key = key if isinstance(key, tuple) else (key,)
        b = g.dropna(subset=["p_meet"])
        base = float(b["met"].mean()) if len(b) else float("nan")
        brier = float(((b["p_meet"] - b["met"]) ** 2).mean()) if len(b) else float("nan")
        clim = base * (1 - base) if len(b) else float("nan")
        rows.append({**dict(zip(by, key)), "n_series": g["key"].nunique(), "n_forecasts": len(g),
                     "mase": float(g["scaled_error"].mean()),
                     "coverage80": float(g["inside80"].mean()), "coverage95": float(g["inside95"].mean()), "n_brier": len(b), "brier": brier,
                     "brier_climatology": clim,
                     "brier_skill": 1 - brier / clim if clim and clim > 0 else float("nan")})
    return pd.DataFrame(rows)


def horizon_bucket(h: int) -> int:
    """Horizons 1, 2 and 3+ (3) share an interval factor."""
    return min(int(h), 3)


def interval_factors(scored: pd.DataFrame) -> dict[tuple[str, str, int], float]:
    """The interval calibration factor of every ``(kind, model, horizon bucket)`` (and
    :data:`ALL_KINDS`) from the standardised backtest errors ``u`` (module docstring)."""
    from scipy import stats

    out: dict[tuple[str, str, int], float] = {}
    data = scored.dropna(subset=["u"]).assign(hb=lambda d: d["h"].map(horizon_bucket))
    d = np.where(np.isfinite(data["df"].to_numpy(float)), data["df"].to_numpy(float), np.inf)
    data = data.assign(r80=np.abs(data["u"]) / stats.t.ppf(0.9, d), r95=np.abs(data["u"]) / stats.t.ppf(0.975, d))
    for kind_col in ("kind", None):
        frame = data if kind_col else data.assign(kind=ALL_KINDS)
        for (kind, model, hb), g in frame.groupby(["kind", "model", "hb"]):
            longer = g[g["n_train"] >= FACTOR_TRAIN_POINTS]
            g = longer if len(longer) >= FACTOR_SHRINK_N // 2 else g
            n = len(g)
            lam = math.sqrt(float(g["r80"].quantile(0.8)) * float(g["r95"].quantile(0.95)))
            if not (lam > 0 and math.isfinite(lam)):
                continue
            w = n / (n + FACTOR_SHRINK_N)
            out[(kind, model, hb)] = float(min(max(math.exp(w * math.log(lam)), FACTOR_RANGE[0]), FACTOR_RANGE[1]))
    return out


def factor_for(factors: dict[tuple[str, str, int], float], kind: str, model: str, h: int) -> float:
    """The factor for ``h`` years ahead: the kind's, else every kind's, else 1; a horizon bucket
    without backtest errors takes the nearest shorter one."""
    for k in (kind, ALL_KINDS):
        for hb in range(horizon_bucket(h), 0, -1):
            if (k, model, hb) in factors:
                return factors[(k, model, hb)]
    return 1.0


@dataclass
class PooledAccuracy:
    """The pooled backtest: ``scores`` (:data:`SCORE_COLUMNS`, per kind and model plus
    :data:`ALL_KINDS`), ``forecasts`` (every scored backtest forecast), ``choice`` (kind →
    model), ``choice_reason`` (kind → sentence) and the scale ``priors``."""

    scores: pd.DataFrame
    forecasts: pd.DataFrame
    choice: dict[str, str]
    choice_reason: dict[str, str]
    priors: dict[tuple[str, str], ScalePrior]
    factors: dict[tuple[str, str, int], float] = field(default_factory=dict)
    models: tuple[str, ...] = POOLED_MODELS
    diagnostics: list[dict[str, str]] = field(default_factory=list)

    def factor(self, kind: str, model: str, h: int) -> float:
        """The interval calibration factor (:func:`factor_for`)."""
        return factor_for(self.factors, kind, model, h)

    def model_for(self, kind: str) -> tuple[str, str]:
        """``(model, reason)`` for a kind (a kind absent from the backtest takes the all-kinds choice)."""
        if kind in self.choice:
            return self.choice[kind], self.choice_reason[kind]
        return self.choice.get(ALL_KINDS, "linear_trend"), self.choice_reason.get(ALL_KINDS, TEXT["choice_none"])

    def ranking(self, kind: str) -> list[str]:
        """Models of a kind by pooled MASE (best first; the all-kinds ranking when absent)."""
        s = self.scores[self.scores["kind"] == (kind if (self.scores["kind"] == kind).any() else ALL_KINDS)]
        order = {m: i for i, m in enumerate(POOLED_MODELS)}
        s = s.assign(_o=s["model"].map(order)).sort_values(["mase", "_o"], na_position="last")
        return s["model"].tolist()

    def priors_table(self) -> pd.DataFrame:
        """``kind``, ``model``, ``prior_sigma`` (model scale), ``prior_df``, ``n_series``, ``note``."""
        rows = [{"kind": p.kind, "model": p.model, "prior_sigma": math.sqrt(p.s0_2), "prior_df": p.d0,
                 "n_series": p.n_series, "note": p.note} for p in self.priors.values()]
        return pd.DataFrame(rows, columns=["kind", "model", "prior_sigma", "prior_df", "n_series", "note"])


def choose_models(scores: pd.DataFrame) -> tuple[dict[str, str], dict[str, str]]:
    """``(choice, reason)`` per kind from pooled scores (rule in the module docstring)."""
    order = {m: i for i, m in enumerate(POOLED_MODELS)}
    choice, reason = {}, {}

    def best(g: pd.DataFrame) -> str | None:
        full = g[(g["n_forecasts"] == g["n_forecasts"].max()) & g["mase"].notna()]
        if full.empty:
            return None
        return str(full.assign(_o=full["model"].map(order)).sort_values(["mase", "_o"]).iloc[0]["model"])

    overall = scores[scores["kind"] == ALL_KINDS]
    all_best = best(overall) if len(overall) else None
    if all_best:
        choice[ALL_KINDS] = all_best
        reason[ALL_KINDS] = TEXT["choice_kind"].format(kind="every kind's", n=int(overall["n_forecasts"].max()))
    for kind, g in scores[scores["kind"] != ALL_KINDS].groupby("kind"):
        n = int(g["n_forecasts"].max())
        b = best(g)
        if n >= MIN_KIND_FORECASTS and b:
            choice[kind], reason[kind] = b, TEXT["choice_kind"].format(kind=kind, n=n)
        elif all_best:
            choice[kind] = all_best
            reason[kind] = TEXT["choice_all"].format(kind=kind, n=n, need=MIN_KIND_FORECASTS)
    return choice, reason


def pooled_backtest(pool: Iterable[PoolSeries], *, models: Sequence[str] = POOLED_MODELS,
                    min_train: int = 2) -> PooledAccuracy:
    """Run the pooled rolling-origin backtest of ``pool`` (module docstring) and choose a model per kind."""
    pool = [ps for ps in pool if len(ps.series) > min_train]
    diagnostics: list[dict[str, str]] = []
    with capture_warnings(diagnostics, model="pooled", stage="pooled backtest"):
        priors = scale_priors(pool, [m for m in models if m != "ensemble"])
        rows = [r for ps in pool for r in _forecast_rows(ps, priors, models, min_train)]
    if not rows:
        empty = pd.DataFrame(columns=SCORE_COLUMNS)
        return PooledAccuracy(empty, pd.DataFrame(), {}, {}, priors, diagnostics=diagnostics)
    scored = score_rows(pd.DataFrame(rows))
    scores = pd.concat([summarise_scores(scored), summarise_scores(scored.assign(kind=ALL_KINDS))],
                       ignore_index=True)
    choice, reason = choose_models(scores)
    scores["chosen"] = [choice.get(k) == m for k, m in zip(scores["kind"], scores["model"])]
    return PooledAccuracy(scores[SCORE_COLUMNS], scored.drop(columns=["_t"]), choice, reason, priors,
                          interval_factors(scored), tuple(models), diagnostics)
