"""Forecast one series or every IKU of an entity against its targets.

>>> fc = forecast_series(annual_series([2019, 2020, 2022], [1.0, 2.0, 4.1]))   # doctest: +SKIP
>>> fc.predict(2025).interval(0.95)                                              # doctest: +SKIP
>>> result = forecast_entity(ds, "disdukcapil-kota-bekasi", 2024, horizon=3)    # doctest: +SKIP
>>> result.summary, result.targets, result.backtest, result.skipped             # doctest: +SKIP

Pipeline per indicator: :func:`~.series.indicator_series` (observations, excluded baselines,
targets) → :func:`~.backtest.choose_model` (backtest, fallback or insufficient data) →
:func:`~.models.fit_model` → a :class:`~.models.Predictive` for every year asked →
:func:`~.progress.probability_of_meeting`, :func:`~.progress.assess_progress` and
:func:`~.progress.recommend_targets`. Every statsmodels warning is captured into
``diagnostics`` (never printed).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd

from lkip_helpers.data.dataset import Dataset
from lkip_helpers.notebook.messages import phrase

from .backtest import MIN_BACKTEST_POINTS, ModelChoice, backtest, choose_model
from .models import (
    MIN_POINTS,
    SMALL_SAMPLE_POINTS,
    FittedModel,
    Predictive,
    Transform,
    capture_warnings,
    check_annual_series,
    fit_model,
)
from .pooled import PooledAccuracy, clamp_probability, collect_pool, fit_pooled, pooled_backtest
from .progress import assess_progress, probability_of_meeting, recommend_targets, worse_than_last
from .series import IndicatorSeries, entity_iku, indicator_series
from .suggestions import anchored_targets, peer_benchmark, peer_pace, target_band

__all__ = ["EntityForecast", "SeriesForecast", "forecast_entity", "forecast_series", "interval_row", "pooled_accuracy"]

LEVELS = (0.8, 0.95)


def interval_row(pred: Predictive) -> dict[str, float]:
    """``median``, ``lo80``, ``hi80``, ``lo95``, ``hi95`` of a predictive distribution."""
    lo80, hi80 = pred.interval(0.8)
    lo95, hi95 = pred.interval(0.95)
    return {"median": pred.median, "lo80": lo80, "hi80": hi80, "lo95": lo95, "hi95": hi95}


@dataclass
class SeriesForecast:
    """A model chosen for and fitted to one series; ``fitted`` is ``None`` when no model is
    fitted (``choice.method`` ``"insufficient data"`` or ``"not assessable"``, reason in
    ``choice.reason``)."""

    series: pd.Series
    transform: Transform
    choice: ModelChoice
    fitted: FittedModel | None
    diagnostics: list[dict[str, str]] = field(default_factory=list)

    @property
    def model(self) -> str | None:
        return self.fitted.name if self.fitted else None

    @property
    def last_year(self) -> int:
        return int(self.series.index[-1].year)

    @property
    def confidence(self) -> str | None:
        """``"low"`` when the forecast rests on at most :data:`~.models.SMALL_SAMPLE_POINTS` (4)
        observations or on the fallback model (no backtest choice), ``"moderate"`` when a
        rolling-origin backtest with at least 3 forecasts chose the model; ``None`` without a fit.

        With 3–4 points the interval rests on 1–2 residual degrees of freedom: even with the
        variance floor it can be narrow by chance, so such forecasts are never more than
        "low" confidence. No series this short earns "high".
        """
        if self.fitted is None:
            return None
        if len(self.series) <= SMALL_SAMPLE_POINTS or self.choice.method == "fallback":
            return "low"
        return "moderate"

    def predict(self, year: int) -> Predictive:
        """Predictive distribution for ``year`` (any horizon after the last observation).

        Raises:
            ValueError: no model (insufficient data or not assessable, with the reason), or
                ``year`` not after the last observation.
        """
        if self.fitted is None:
            raise ValueError(f"no forecast: {self.choice.method} ({self.choice.reason})")
        with capture_warnings(self.diagnostics, model=self.fitted.name, stage=f"predict {year}"):
            return self.fitted.predict(year)

    def table(self, years: Iterable[int]) -> pd.DataFrame:
        """``year``, ``model``, ``median``, ``lo80``, ``hi80``, ``lo95``, ``hi95`` for each year."""
        rows = [{"year": int(y), "model": self.model, **interval_row(self.predict(int(y)))} for y in years]
        return pd.DataFrame(rows, columns=["year", "model", "median", "lo80", "hi80", "lo95", "hi95"])


def forecast_series(
    series: pd.Series,
    *,
    lower: float | None = None,
    upper: float | None = None,
    model: str | None = None,
    kind: str | None = None,
    pooled: PooledAccuracy | None = None,
) -> SeriesForecast:
    """Choose (or take ``model``) and fit a model to an annual ``PeriodIndex`` series.

    Args:
        series: observations on an annual ``PeriodIndex`` (see :func:`~.models.annual_series`).
        lower, upper: the indicator's natural bounds (the forecast stays inside them).
        model: force a model of :data:`~.models.MODELS` instead of the backtest/fallback choice.
        kind, pooled: the indicator's kind and the pooled backtest of every report
            (:func:`~.pooled.pooled_backtest`): the model is the kind's choice by pooled MASE
            (the next best when it cannot be fitted to this series) and the residual scale is
            partially pooled (:mod:`.pooled`). Without them the series chooses and scales on
            its own (the single-series method of :mod:`.backtest`).

    Values outside ``[lower, upper]`` are never clipped: the series is not fitted and
    ``choice.method`` is ``"not assessable"`` with a reason naming the offending values.

    Raises:
        TypeError, ValueError: ``series`` is not a finite float series on an annual
            ``PeriodIndex`` (checked first, with a clear message); inconsistent bounds.
    """
    check_annual_series(series)
    series = series.sort_index().astype(float)
    transform = Transform(lower, upper)
    bad = transform.outside(series)
    if bad:
        values = ", ".join(f"{v:g} ({y})" for y, v in bad)
        lo = "-inf" if lower is None else f"{lower:g}"
        hi = "inf" if upper is None else f"{upper:g}"
        choice = ModelChoice(None, "not assessable",
                             f"value(s) outside the indicator's bounds [{lo}, {hi}]: {values}; not fitted "
                             "(clipping them would give a meaningless forecast): check the data or the bounds")
    elif pooled is not None and kind is not None and len(series) >= MIN_POINTS:
        return _forecast_pooled(series, transform, kind, pooled, model)
    elif model is None:
        choice = choose_model(series, transform)
    else:
        choice = ModelChoice(model, "given", f"model {model!r} requested")
    diags = list(choice.diagnostics)
    fitted = None
    if choice.model is not None:
        with capture_warnings(diags, model=choice.model, stage="fit"):
            fitted = fit_model(choice.model, series, transform)
    return SeriesForecast(series, transform, choice, fitted, diags)


def _forecast_pooled(series: pd.Series, transform: Transform, kind: str, pooled: PooledAccuracy,
                     model: str | None) -> SeriesForecast:
    """The pooled branch of :func:`forecast_series` (model of the kind, pooled scale)."""
    diags: list[dict[str, str]] = []
    errors = accuracy = None
    if len(series) >= MIN_BACKTEST_POINTS:  # the series' own backtest, shown beside the pooled one
        errors, accuracy = backtest(series, transform, diagnostics=diags)
    ranking = [model] if model else pooled.ranking(kind)
    chosen, reason = (model, f"model {model!r} requested") if model else pooled.model_for(kind)
    skipped = []
    for name in [chosen] + [m for m in ranking if m != chosen]:
        try:
            with capture_warnings(diags, model=name, stage="fit"):
                fitted, note = fit_pooled(name, series, transform, kind, pooled)
        except ValueError as exc:
            skipped.append(f"{name}: {exc}")
            continue
        why = f"{kind}: {reason}; {note}" + (f" (not fitted: {'; '.join(skipped)})" if skipped else "")
        return SeriesForecast(series, transform, ModelChoice(name, "pooled", why, errors, accuracy, diags),
                              fitted, diags)
    raise ValueError(f"no pooled model can be fitted: {'; '.join(skipped)}")


# --- entity level ------------------------------------------------------------------------------------
@dataclass
class EntityForecast:
    """Every table the forecast notebook shows; each is a DataFrame with ``indicator_id``.

    Attributes:
        summary: one row per indicator asked (columns :data:`SUMMARY_COLUMNS`):

            * ``status``: ``forecast``, ``insufficient data`` (fewer than 3 numeric
              observations: no model, no P(meet) — but progress is still assessed on the
              observed basis when there are 2), ``not assessable`` (values outside the
              indicator's bounds, named in ``reason``) or ``skipped`` (not numeric);
              ``confidence`` (``low``/``moderate``, :attr:`SeriesForecast.confidence`);
            * the last observation (``last_year``, ``last_value``) and the model;
            * **report-year target** (``report_*``): the target of the report year ``year``
              (or the latest target before it), its progress class, ratio and basis — a
              judgement on what was observed (``report_basis`` is ``anticipated`` only when the
              last observation is older than that target);
            * **next target** (``next_*``): the first target after ``year``, with ``next_p_meet``
              and the progress anticipated by the forecast (empty when the plan has no later
              target, e.g. the city's RPJMD ends in the report year);
            * the forecast of ``forecast_year`` (the next target's year, else ``year + 1``)
              with 80/95 % intervals — always in the same year as ``next_target_year`` when
              there is a next target;
            * the headline columns ``target_year``, ``target``, ``target_measure``,
              ``p_meet``, ``progress``, ``ratio``, ``basis``: the next target when there is
              one, else the report-year target (``basis`` says which).
        forecasts: median and intervals for every year of the horizon and every future target year.
        targets: every target from ``year`` on (from the last observation when it is
            earlier), with probability and progress assessment (also for series without a
            forecast when they have at least one observation).
        recommendations: suggested conservative/moderate/ambitious targets per horizon year,
            anchored (:mod:`.suggestions`: no worse than today, the plan's path, peers' pace,
            bands, bounds; ``anchors`` says which), beside the trend's own quantiles
            (``trend_*``), with ``last_value`` and ``worse_than_last`` (suggestions worse than
            the last observation; only possible for a band indicator).
        backtest: accuracy per model for series with ≥ 5 observations (``chosen`` flags the model;
            ``mape_note`` says why a MAPE is empty).
        backtest_errors: the individual backtest forecasts.
        skipped: indicators without a forecast and why (never silently dropped).
        excluded: values left out of a series (baselines in another unit, text values) and why.
        history: the observations used (``year``, ``value``, ``measure``).
        diagnostics: captured warnings (``indicator_id``, ``model``, ``stage``, ``category``, ``message``),
            including Holt parameters stuck at their bounds (``ParameterAtBoundWarning``).
    """

    entity: str
    year: int
    horizon: int
    summary: pd.DataFrame
    forecasts: pd.DataFrame
    targets: pd.DataFrame
    recommendations: pd.DataFrame
    backtest: pd.DataFrame
    backtest_errors: pd.DataFrame
    skipped: pd.DataFrame
    excluded: pd.DataFrame
    history: pd.DataFrame
    diagnostics: pd.DataFrame
    series: dict[str, IndicatorSeries] = field(default_factory=dict, repr=False)
    fits: dict[str, SeriesForecast] = field(default_factory=dict, repr=False)
    pooled: PooledAccuracy | None = field(default=None, repr=False)

    def named(self, frame: pd.DataFrame) -> pd.DataFrame:
        """``frame`` (one of the tables above) with each indicator's ``name`` right after its
        ``indicator_id``, so that a report shows names, not ids (unchanged when it has names)."""
        if "name" in frame.columns or "indicator_id" not in frame.columns:
            return frame
        names = dict(zip(self.summary["indicator_id"], self.summary["name"]))
        names.update(zip(self.skipped["indicator_id"], self.skipped["name"]))
        out = frame.copy()
        out.insert(out.columns.get_loc("indicator_id") + 1, "name", out["indicator_id"].map(names))
        return out


SUMMARY_COLUMNS = [
    "iku_no", "indicator_id", "name", "unit", "polarity", "status", "confidence", "n_obs", "first_year", "last_year",
    "last_value", "model", "selection",
    "report_target_year", "report_target", "report_progress", "report_ratio", "report_basis",
    "next_target_year", "next_target", "next_p_meet", "next_progress", "next_ratio",
    "forecast_year", "forecast", "lo80", "hi80", "lo95", "hi95",
    "target_year", "target", "target_measure", "p_meet", "progress", "ratio", "basis", "reason",
]
TARGET_COLUMNS = [
    "indicator_id", "year", "target", "target_measure", "target_text", "forecast", "p_meet", "p_model", "basis",
    "start_year",
    "start_value", "required_rate", "achieved_rate", "ratio", "method", "progress", "note",
]
RECOMMENDATION_COLUMNS = ["indicator_id", "year", "conservative", "moderate", "ambitious", "last_value",
                          "worse_than_last", "label", "trend_conservative", "trend_moderate", "trend_ambitious",
                          "plan_path", "peer_pace", "anchors"]


def _empty(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})


INT_COLUMNS = {"iku_no", "n_obs", "first_year", "last_year", "target_year", "forecast_year", "year", "start_year",
               "origin_year", "h", "n_forecasts", "report_target_year", "next_target_year"}
FLOAT_COLUMNS = {"last_value", "target", "forecast", "lo80", "hi80", "lo95", "hi95", "p_meet", "ratio", "median",
                 "start_value", "required_rate", "achieved_rate", "conservative", "moderate", "ambitious", "mae",
                 "mape", "relative_mae", "actual", "error", "value", "report_target", "report_ratio", "next_target",
                 "next_p_meet", "next_ratio", "p_model", "trend_conservative", "trend_moderate",
                 "trend_ambitious", "plan_path", "peer_pace"}


def _frame(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    """A frame with stable dtypes: nullable integers for years and counts, floats (NaN) for numbers."""
    out = pd.DataFrame(rows, columns=columns) if rows else _empty(columns)
    for c in out.columns:
        if c in INT_COLUMNS:
            out[c] = pd.to_numeric(out[c], errors="coerce").round().astype("Int64")
        elif c in FLOAT_COLUMNS:
            out[c] = pd.to_numeric(out[c], errors="coerce").astype(float)
    return out


def _target_rows(s: IndicatorSeries, fc: SeriesForecast | None, year: int,
                 by_year: pd.DataFrame | None) -> list[dict]:
    """Probability and progress of every target from ``min(year, last observation)`` on."""
    obs = s.observations
    last_year, last_value = int(obs["year"].iloc[-1]), float(obs["value"].iloc[-1])
    first_year, first_value = int(obs["year"].iloc[0]), float(obs["value"].iloc[0])
    fitted = fc is not None and fc.fitted is not None
    rows = []
    for t in s.targets[s.targets["year"] >= min(year, last_year)].itertuples():
        ty = int(t.year)
        median = float(by_year.loc[ty, "median"]) if fitted and ty in by_year.index else None
        p_model = (probability_of_meeting(fc.predict(ty), float(t.target), s.polarity)
                   if fitted and ty > last_year and s.polarity != "neutral" else None)
        p_meet, clamp_note = clamp_probability(p_model)
        pr = assess_progress(polarity=s.polarity, last_year=last_year, last_value=last_value, target_year=ty,
                             target=float(t.target), anticipated_value=median, base_year=first_year,
                             base_value=first_value, transform=s.transform, kind=s.kind)
        note = "; ".join(x for x in (pr.note, clamp_note) if x)
        if not fitted and ty > last_year and s.polarity != "neutral":
            none = phrase("no forecast ({n} observations): no P(meet)", n=len(obs)).replace(
                "(1 observations)", "(1 observation)")
            note = "; ".join(x for x in (note, none) if x)
        rows.append({
            "indicator_id": s.indicator_id, "year": ty, "target": float(t.target), "target_measure": t.target_measure,
            "target_text": t.target_text, "forecast": median, "p_meet": p_meet, "p_model": p_model,
            "basis": pr.basis,
            "start_year": pr.start_year, "start_value": pr.start_value, "required_rate": pr.required_rate,
            "achieved_rate": pr.achieved_rate, "ratio": pr.ratio, "method": pr.method,
            "progress": pr.progress_class, "note": note,
        })
    return rows


#: The columns of every per-indicator table of :class:`EntityForecast` (``summary`` and
#: ``targets`` use :data:`SUMMARY_COLUMNS` and :data:`TARGET_COLUMNS`).
FRAME_COLUMNS: dict[str, list[str]] = {
    "summary": SUMMARY_COLUMNS,
    "forecasts": ["indicator_id", "year", "model", "median", "lo80", "hi80", "lo95", "hi95"],
    "targets": TARGET_COLUMNS,
    "recommendations": RECOMMENDATION_COLUMNS,
    "backtest": ["indicator_id", "model", "n_forecasts", "mae", "mape", "mape_note", "relative_mae", "chosen"],
    "backtest_errors": ["indicator_id", "model", "origin_year", "year", "h", "actual", "forecast", "error"],
    "skipped": ["indicator_id", "name", "status", "reason"],
    "excluded": ["indicator_id", "year", "measure", "value_text", "reason"],
    "history": ["indicator_id", "year", "value", "measure"],
    "diagnostics": ["indicator_id", "model", "stage", "category", "message"],
}


@dataclass
class _IndicatorRecord:
    """Everything :func:`forecast_entity` found for one indicator: its summary row and its rows of
    every other table of :class:`EntityForecast` (one list per table of :data:`FRAME_COLUMNS`)."""

    series: IndicatorSeries
    summary: dict[str, object]
    fit: SeriesForecast | None = None
    forecasts: list[dict] = field(default_factory=list)
    targets: list[dict] = field(default_factory=list)
    recommendations: list[dict] = field(default_factory=list)
    backtest: list[dict] = field(default_factory=list)
    backtest_errors: list[dict] = field(default_factory=list)
    skipped: list[dict] = field(default_factory=list)
    excluded: list[dict] = field(default_factory=list)
    history: list[dict] = field(default_factory=list)
    diagnostics: list[dict] = field(default_factory=list)

    def skip(self, status: str, reason: str) -> None:
        """Mark the indicator as having no forecast (``status``), in the summary and in ``skipped``."""
        self.summary.update(status=status, reason=reason)
        self.skipped.append({"indicator_id": self.series.indicator_id, "name": self.series.name, "status": status,
                             "reason": reason})


def _insufficient_reason(s: IndicatorSeries, fc: SeriesForecast | None) -> str:
    """Why ``s`` has no fitted model, naming the values left out of it."""
    reason = fc.choice.reason if fc else phrase("no numeric observation up to the report year")
    if len(s.excluded):
        reason += "; " + phrase("excluded: {values}", values="; ".join(
            f"{r.measure} {r.year} ({r.reason})" for r in s.excluded.itertuples()))
    return reason


def _add_fitted(rec: _IndicatorRecord, fc: SeriesForecast, horizon_years: list[int],
                pace: float | None = None) -> pd.DataFrame:
    """Add the forecasts, recommendations and backtest of a fitted series to ``rec``; return the
    forecast table indexed by year (horizon years and every later target year)."""
    s, iid = rec.series, rec.series.indicator_id
    rec.fit = fc
    rec.summary.update(status="forecast", confidence=fc.confidence, model=fc.model, selection=fc.choice.method,
                       reason=fc.choice.reason)
    last_value = float(fc.series.iloc[-1])
    future = s.targets[s.targets["year"] > fc.last_year]
    table = fc.table(sorted(set(horizon_years) | set(future["year"].tolist())))
    rec.forecasts = [{"indicator_id": iid, **r} for r in table.to_dict("records")]
    if s.polarity in ("higher_is_better", "lower_is_better", "neutral"):
        for y in horizon_years:
            pred = fc.predict(y)
            trend = recommend_targets(pred, s.polarity)
            sug = dict(trend)
            extra: dict[str, object] = {}
            if s.polarity != "neutral":
                anchored = anchored_targets(pred, s.polarity, fc.last_year, last_value, targets=s.targets, pace=pace,
                                            band=target_band(iid, s.name, s.unit, y), transform=s.transform)
                sug = {k: anchored[k] for k in ("conservative", "moderate", "ambitious")}
                extra = {k: anchored[k] for k in ("plan_path", "peer_pace", "anchors")}
            rec.recommendations.append({"indicator_id": iid, "year": y, **sug, "last_value": last_value,
                                        "worse_than_last": worse_than_last(sug, last_value, s.polarity),
                                        "label": "suggestion", **{f"trend_{k}": v for k, v in trend.items()},
                                        **extra})
    if fc.choice.accuracy is not None:
        rec.backtest = [{"indicator_id": iid, **r, "chosen": r["model"] == fc.model}
                        for r in fc.choice.accuracy.to_dict("records")]
        rec.backtest_errors = [{"indicator_id": iid, **r} for r in fc.choice.errors.to_dict("records")]
    return table.set_index("year")


def _summarise_targets(row: dict[str, object], target_rows: list[dict], year: int,
                       by_year: pd.DataFrame | None) -> None:
    """Fill the ``report_*``, ``next_*``, headline and ``forecast_year`` columns of a summary row
    (see :class:`EntityForecast`)."""
    report = [r for r in target_rows if r["year"] <= year][-1:]
    nxt = [r for r in target_rows if r["year"] > year][:1]
    if report:
        r0 = report[0]
        row.update(report_target_year=r0["year"], report_target=r0["target"], report_progress=r0["progress"],
                   report_ratio=r0["ratio"], report_basis=r0["basis"])
    if nxt:
        n0 = nxt[0]
        row.update(next_target_year=n0["year"], next_target=n0["target"], next_p_meet=n0["p_meet"],
                   next_progress=n0["progress"], next_ratio=n0["ratio"])
    headline = nxt or report
    if headline:
        h0 = headline[0]
        row.update(target_year=h0["year"], target=h0["target"], target_measure=h0["target_measure"],
                   p_meet=h0["p_meet"], progress=h0["progress"], ratio=h0["ratio"], basis=h0["basis"])
    if by_year is not None:
        forecast_year = nxt[0]["year"] if nxt and nxt[0]["year"] in by_year.index else year + 1
        f = by_year.loc[forecast_year]
        row.update(forecast_year=forecast_year, forecast=f["median"], lo80=f["lo80"], hi80=f["hi80"],
                   lo95=f["lo95"], hi95=f["hi95"])


def _forecast_indicator(ds: Dataset, entity: str, indicator: str, year: int,
                       horizon_years: list[int], pooled: PooledAccuracy | None = None) -> _IndicatorRecord:
    """Forecast one indicator of ``entity`` from observations up to ``year`` for ``horizon_years``
    (and every later target year); the rows it adds to each table of :func:`forecast_entity`."""
    s = indicator_series(ds, entity, indicator, year)
    base = {"iku_no": s.iku_no, "indicator_id": indicator, "name": s.name, "unit": s.unit, "polarity": s.polarity}
    obs = s.observations
    rec = _IndicatorRecord(series=s, summary={**base, "n_obs": len(obs)})
    if s.skip:
        rec.skip("skipped", s.skip)
        return rec
    rec.excluded = [{"indicator_id": indicator, **e.to_dict()} for _, e in s.excluded.iterrows()]
    rec.history = [{"indicator_id": indicator, "year": int(o["year"]), "value": float(o["value"]),
                    "measure": o["measure"]} for _, o in obs.iterrows()]
    if len(obs):
        rec.summary.update(first_year=int(obs["year"].iloc[0]), last_year=int(obs["year"].iloc[-1]),
                           last_value=float(obs["value"].iloc[-1]))
    fc = (forecast_series(s.series, lower=s.lower_bound, upper=s.upper_bound, kind=s.kind, pooled=pooled)
          if len(obs) else None)
    if fc is not None:
        rec.diagnostics = [{"indicator_id": indicator, **d} for d in fc.diagnostics]
        if fc.choice.method == "not assessable":
            rec.skip("not assessable", fc.choice.reason)
            return rec
    by_year = None
    if fc is None or fc.fitted is None:
        rec.skip("insufficient data", _insufficient_reason(s, fc))
    else:
        bench = None
        if "regional_benchmarks" in ds.tables and s.polarity != "neutral":
            rb = ds.tables["regional_benchmarks"]
            bench = peer_benchmark(ds.tables["indicators"], indicator, rb["indicator_id"].unique())
        pace = peer_pace(ds.tables["regional_benchmarks"], bench, s.polarity, exclude=entity) if bench else None
        by_year = _add_fitted(rec, fc, horizon_years, pace)
    rec.targets = _target_rows(s, fc, year, by_year) if len(obs) else []
    _summarise_targets(rec.summary, rec.targets, year, by_year)
    return rec


def forecast_entity(
    ds: Dataset,
    entity: str,
    year: int,
    *,
    horizon: int = 3,
    indicators: list[str] | None = None,
) -> EntityForecast:
    """Forecast the indicators of ``entity`` from observations up to ``year`` (the report year).

    Each indicator is forecast by :func:`_forecast_indicator`; the tables stack its records.

    Args:
        ds: the dataset.
        entity, year: an entity and report year of the data.
        horizon: forecast ``year + 1`` … ``year + horizon`` (1–10); future targets beyond the
            horizon are forecast too.
        indicators: indicator ids (default: every IKU of the entity; non-numeric ones are listed
            in ``skipped``).

    Raises:
        ParameterError: unknown entity/year.
        ValueError: horizon outside 1–10.
        KeyError: an indicator id that is not the entity's.
    """
    ds.check_entity_year(entity, year)
    if isinstance(horizon, bool) or not isinstance(horizon, int) or not 1 <= horizon <= 10:
        raise ValueError(f"horizon must be an integer from 1 to 10, got {horizon!r}")
    ids = list(indicators) if indicators is not None else entity_iku(ds, entity)
    horizon_years = list(range(year + 1, year + horizon + 1))
    pooled = pooled_accuracy(ds, year)
    records = [(iid, _forecast_indicator(ds, entity, iid, year, horizon_years, pooled)) for iid in ids]

    def frame(name: str) -> pd.DataFrame:
        rows = [rec.summary for _, rec in records] if name == "summary" else [
            r for _, rec in records for r in getattr(rec, name)]
        return _frame(rows, FRAME_COLUMNS[name])

    return EntityForecast(
        entity=entity,
        year=year,
        horizon=horizon,
        **{name: frame(name) for name in FRAME_COLUMNS},
        series={iid: rec.series for iid, rec in records},
        fits={iid: rec.fit for iid, rec in records if rec.fit is not None},
        pooled=pooled,
    )


_POOLED_CACHE: dict[tuple[int, int], tuple[Dataset, PooledAccuracy]] = {}


def pooled_accuracy(ds: Dataset, year: int) -> PooledAccuracy:
    """The pooled backtest of every report's series with observations up to ``year`` (cached per
    dataset object and year)."""
    key = (id(ds), int(year))
    hit = _POOLED_CACHE.get(key)
    if hit is not None and hit[0] is ds:
        return hit[1]
    acc = pooled_backtest(collect_pool(ds, year))
    _POOLED_CACHE[key] = (ds, acc)
    return acc
