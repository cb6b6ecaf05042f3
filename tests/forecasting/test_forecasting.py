"""Forecasting: models checked against statsmodels/scipy and hand-computed formulas, probability,
polarity, bounds, short-series fallbacks, progress classes and the dataset series."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from lkip_helpers.data.errors import ParameterError
from lkip_helpers.forecasting import (
    MODELS,
    Predictive,
    Transform,
    annual_series,
    assess_progress,
    backtest,
    capture_warnings,
    check_forecast_parameters,
    choose_model,
    fit_model,
    forecast_entity,
    forecast_series,
    growth_rates,
    indicator_series,
    probability_of_meeting,
    progress_class,
    recommend_targets,
)
from lkip_helpers.data.paths import PROJECT_ROOT

IV = PROJECT_ROOT / "data" / "indicator_values.csv"

pytestmark = pytest.mark.usefixtures("english")



# --- models against statsmodels and hand formulas ---------------------------------------------------
def test_perfect_linear_series_gives_its_line_and_a_narrow_interval():
    years = [2016, 2017, 2019, 2020, 2023]
    s = annual_series(years, [2.0 + 1.5 * (y - 2016) for y in years])
    fc = forecast_series(s, model="linear_trend")
    pred = fc.predict(2026)
    assert pred.median == pytest.approx(2.0 + 1.5 * 10, abs=1e-9)
    lo, hi = pred.interval(0.95)
    assert hi - lo < 1e-6


def test_noisy_series_interval_matches_statsmodels_ols_and_the_t_formula():
    import statsmodels.api as sm

    years = np.array([2015, 2016, 2018, 2019, 2021, 2022], dtype=float)
    values = np.array([10.2, 11.9, 12.8, 15.1, 15.9, 18.4])
    fc = forecast_series(annual_series(years.astype(int), values), model="linear_trend")
    pred = fc.predict(2025)
    # statsmodels called directly on the raw years
    res = sm.OLS(values, sm.add_constant(years)).fit()
    frame = res.get_prediction(np.array([[1.0, 2025.0]])).summary_frame(alpha=0.05)
    assert pred.median == pytest.approx(float(frame["mean"].iloc[0]), rel=1e-9)
    lo, hi = pred.interval(0.95)
    assert lo == pytest.approx(float(frame["obs_ci_lower"].iloc[0]), rel=1e-9)
    assert hi == pytest.approx(float(frame["obs_ci_upper"].iloc[0]), rel=1e-9)
    # and by hand: width = 2 t(0.975, n-2) s sqrt(1 + 1/n + (x0 - xbar)^2 / Sxx)
    n = len(years)
    b, a = np.polyfit(years, values, 1)
    s2 = np.sum((values - (a + b * years)) ** 2) / (n - 2)
    se = math.sqrt(s2 * (1 + 1 / n + (2025 - years.mean()) ** 2 / np.sum((years - years.mean()) ** 2)))
    assert hi - lo == pytest.approx(2 * stats.t.ppf(0.975, n - 2) * se, rel=1e-9)
    lo80, hi80 = pred.interval(0.8)
    assert hi80 - lo80 == pytest.approx(2 * stats.t.ppf(0.9, n - 2) * se, rel=1e-9)


def test_gaps_are_absent_years_not_zeros():
    s = annual_series([2018, 2022, 2023], [5.0, 9.0, 10.0])
    assert [p.year for p in s.index] == [2018, 2022, 2023]
    assert isinstance(s.index, pd.PeriodIndex)
    # the OLS line through the three points (years as x), not through a zero-filled 2019-2021
    b, a = np.polyfit([2018, 2022, 2023], [5.0, 9.0, 10.0], 1)
    assert fit_model("linear_trend", s).predict(2024).median == pytest.approx(a + b * 2024)


def test_random_walk_with_drift_on_irregular_years_by_hand():
    # years 2018, 2020, 2021; values 10, 14, 15: increments 4 (over 2 years) and 1 (over 1 year)
    s = annual_series([2018, 2020, 2021], [10.0, 14.0, 15.0])
    pred = fit_model("drift", s).predict(2023)
    mu = 5 / 3
    s2 = ((4 - 2 * mu) ** 2 / 2 + (1 - mu) ** 2 / 1) / (2 - 1)  # = 2/3
    assert s2 == pytest.approx(2 / 3)
    var = s2 * (2 + 2**2 / 3)
    assert pred.median == pytest.approx(15 + 2 * mu)
    assert pred.scale == pytest.approx(math.sqrt(var))
    lo, hi = pred.interval(0.95)
    assert hi - lo == pytest.approx(2 * stats.t.ppf(0.975, 1) * math.sqrt(var))


def test_naive_forecast_is_the_last_value():
    s = annual_series([2019, 2020, 2021], [3.0, 7.0, 6.0])
    pred = fit_model("naive", s).predict(2024)
    assert pred.median == 6.0
    s2 = (4.0**2 + 1.0**2) / 2
    assert pred.scale == pytest.approx(math.sqrt(3 * s2))


def test_holt_uses_known_initialisation_and_matches_statsmodels():
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    values = [50.0, 52.5, 53.1, 56.0, 57.2, 59.9, 61.0]
    s = annual_series(range(2016, 2023), values)
    # initial states from the OLS line through the first 4 points (not the first change alone):
    # x = 0..3, y = 50, 52.5, 53.1, 56 -> slope = sum((x - 1.5)(y - 52.9)) / 5 = 9.3 / 5 = 1.86,
    # intercept = 52.9 - 1.86 * 1.5 = 50.11; level before the first year = 50.11 - 1.86 = 48.25
    slope = ((-1.5) * (50.0 - 52.9) + (-0.5) * (52.5 - 52.9) + 0.5 * (53.1 - 52.9) + 1.5 * (56.0 - 52.9)) / 5
    assert slope == pytest.approx(1.86)
    level0, trend0 = 52.9 - slope * 1.5 - slope, slope
    for damped, name in ((False, "holt"), (True, "holt_damped")):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # optimiser chatter is not under test here
            fitted = fit_model(name, s)
            ours = fitted.predict(2025)
            ref = ETSModel(s, error="add", trend="add", damped_trend=damped, initialization_method="known",
                           initial_level=level0, initial_trend=trend0).fit(disp=False)
            frame = ref.get_prediction(start=7, end=9).summary_frame(alpha=0.05)
        assert fitted.details["initial_trend"] == pytest.approx(1.86)
        assert fitted.details["initial_level"] == pytest.approx(48.25)
        assert ours.median == pytest.approx(float(frame["mean"].iloc[-1]), rel=1e-6)
        lo, hi = ours.interval(0.95)
        assert lo == pytest.approx(float(frame["pi_lower"].iloc[-1]), rel=1e-4)
        assert hi == pytest.approx(float(frame["pi_upper"].iloc[-1]), rel=1e-4)


def test_holt_refuses_gaps_and_unknown_models():
    s = annual_series([2015, 2016, 2017, 2019, 2020, 2021], [1, 2, 3, 4, 5, 6])
    with pytest.raises(ValueError, match="without gaps"):
        fit_model("holt", s)
    with pytest.raises(ValueError, match="unknown model 'arima'"):
        fit_model("arima", s)
    with pytest.raises(ValueError, match="after the last observation"):
        fit_model("linear_trend", s).predict(2021)


def test_any_horizon_and_intervals_widen():
    s = annual_series([2017, 2018, 2020, 2021, 2023], [4.0, 5.1, 6.8, 8.2, 9.7])
    fc = forecast_series(s, model="linear_trend")
    widths = [np.subtract(*fc.predict(y).interval(0.95)[::-1]) for y in (2024, 2030, 2040)]
    assert widths[0] < widths[1] < widths[2]


# --- probability and polarity -----------------------------------------------------------------------
@pytest.fixture()
def pred() -> Predictive:
    s = annual_series([2018, 2019, 2021, 2022, 2023], [60.0, 62.5, 63.0, 66.1, 66.9])
    return forecast_series(s, model="linear_trend").predict(2025)


def test_probability_is_monotone_in_the_target(pred):
    targets = np.linspace(pred.median - 20, pred.median + 20, 41)
    up = [probability_of_meeting(pred, t, "higher_is_better") for t in targets]
    down = [probability_of_meeting(pred, t, "lower_is_better") for t in targets]
    assert all(a >= b for a, b in zip(up, up[1:])) and up[0] > 0.95 and up[-1] < 0.05
    assert all(a <= b for a, b in zip(down, down[1:]))
    assert probability_of_meeting(pred, pred.median, "higher_is_better") == pytest.approx(0.5)


def test_polarity_lower_is_better_is_the_complement(pred):
    for t in (pred.median - 3, pred.median + 1):
        assert probability_of_meeting(pred, t, "higher_is_better") + probability_of_meeting(
            pred, t, "lower_is_better"
        ) == pytest.approx(1.0)
    with pytest.raises(ValueError, match="neutral"):
        probability_of_meeting(pred, 1.0, "neutral")


def test_probability_matches_the_t_distribution(pred):
    t = pred.median + 2.0
    expected = 1 - stats.t.cdf(2.0 / pred.scale, pred.df)
    assert probability_of_meeting(pred, t, "higher_is_better") == pytest.approx(expected)


# --- bounds -----------------------------------------------------------------------------------------
def test_bounded_indicator_stays_inside_its_bounds():
    s = annual_series([2018, 2021, 2022, 2023], [90.0, 96.0, 98.5, 99.6])
    fc = forecast_series(s, lower=0, upper=100)
    for y in range(2024, 2034):
        p = fc.predict(y)
        lo, hi = p.interval(0.95)
        assert 0 < lo <= p.median <= hi <= 100  # a limit beyond 99.9 reads as the bound itself
    # unbounded, the same trend would cross 100
    assert forecast_series(s, model="linear_trend").predict(2030).median > 100


def test_lower_bound_only_keeps_forecasts_positive():
    s = annual_series([2019, 2020, 2021, 2022, 2023], [9.0, 6.0, 4.5, 2.6, 1.4])
    fc = forecast_series(s, lower=0, model="linear_trend")
    assert fc.predict(2030).interval(0.95)[0] > 0
    assert Transform(0, None).kind == "log" and Transform(0, 100).kind == "logit"
    with pytest.raises(ValueError, match="below upper"):
        Transform(5, 5)


# --- model choice, backtest and fallbacks -------------------------------------------------------------
def test_short_series_fallbacks():
    two = choose_model(annual_series([2022, 2023], [1.0, 2.0]))
    assert two.model is None and two.method == "insufficient data"
    assert "only 2 numeric observations (2022, 2023)" in two.reason and "at least 3" in two.reason
    fc = forecast_series(annual_series([2022, 2023], [1.0, 2.0]))
    with pytest.raises(ValueError, match="insufficient data"):
        fc.predict(2024)
    for n in (3, 4):
        c = choose_model(annual_series(range(2020, 2020 + n), np.arange(n) + 1.0))
        assert (c.model, c.method) == ("linear_trend", "fallback") and c.accuracy is None
    # 5 points: the backtest is run and shown, but 2 one-step forecasts cannot choose a model
    five = choose_model(annual_series(range(2015, 2020), [1.0, 3.0, 2.0, 5.0, 4.0]))
    assert (five.model, five.method) == ("linear_trend", "fallback")
    assert set(five.accuracy["n_forecasts"]) == {2} and "only 2 one-step forecasts" in five.reason


def test_backtest_errors_by_hand():
    s = annual_series(range(2015, 2020), [1.0, 3.0, 2.0, 5.0, 4.0])
    errors, acc = backtest(s)
    naive = acc.set_index("model").loc["naive"]
    # origins 2017 (train 1, 3, 2 -> forecast 2 vs 5) and 2018 (forecast 5 vs 4)
    assert naive["n_forecasts"] == 2
    assert naive["mae"] == pytest.approx((3 + 1) / 2)
    assert naive["mape"] == pytest.approx(100 * (3 / 5 + 1 / 4) / 2)
    assert naive["relative_mae"] == pytest.approx(1.0)
    lin = errors[(errors["model"] == "linear_trend") & (errors["origin_year"] == 2017)].iloc[0]
    b, a = np.polyfit([2015, 2016, 2017], [1.0, 3.0, 2.0], 1)
    assert lin["forecast"] == pytest.approx(a + b * 2018)
    assert set(acc["model"]) == {"naive", "drift", "linear_trend", "mean"}  # 5 points: no Holt


def test_model_choice_picks_lowest_mae_and_breaks_ties_by_simplicity():
    line = annual_series(range(2014, 2022), [3.0 + 2 * i for i in range(8)])
    c = choose_model(line)
    acc = c.accuracy.set_index("model")
    assert acc.loc["drift", "mae"] == pytest.approx(0, abs=1e-9)
    assert acc.loc["linear_trend", "mae"] == pytest.approx(0, abs=1e-9)
    assert c.model == "drift" and c.method == "backtest"  # tie: drift comes before linear_trend
    assert {"holt", "holt_damped"} <= set(acc.index)  # 8 consecutive points: Holt compared too
    flat = annual_series(range(2014, 2020), [5.0, 9.0, 4.0, 8.0, 5.0, 9.0])
    assert choose_model(flat).accuracy.sort_values("mae").iloc[0]["model"] == choose_model(flat).model
    assert list(MODELS)[:3] == ["naive", "drift", "linear_trend"]


# --- progress -----------------------------------------------------------------------------------------
def test_progress_anticipated_by_hand():
    p = assess_progress(polarity="higher_is_better", last_year=2023, last_value=60.0, target_year=2026,
                        target=70.0, anticipated_value=66.0)
    req = (70 / 60) ** (1 / 3) - 1
    ant = (66 / 60) ** (1 / 3) - 1
    assert p.required_rate == pytest.approx(req) and p.achieved_rate == pytest.approx(ant)
    assert p.ratio == pytest.approx(ant / req)  # 0.62
    assert p.progress_class == "acceleration needed" and p.basis == "anticipated" and p.method == "cagr"


def test_progress_classes_and_polarity():
    worse = assess_progress(polarity="lower_is_better", last_year=2024, last_value=10.0, target_year=2026,
                            target=8.0, anticipated_value=11.0)
    assert worse.progress_class == "deterioration" and worse.ratio < 0
    fast = assess_progress(polarity="lower_is_better", last_year=2024, last_value=10.0, target_year=2026,
                           target=8.0, anticipated_value=7.5)
    assert fast.progress_class == "on track"
    done = assess_progress(polarity="higher_is_better", last_year=2024, last_value=93.7, target_year=2025,
                           target=85.15, anticipated_value=95.0)
    assert done.progress_class == "target already reached"
    assert [progress_class(r) for r in (1.2, 0.95, 0.94, 0.6, 0.59, 0.0, -0.01)] == [
        "on track", "on track", "acceleration needed", "acceleration needed", "limited progress",
        "limited progress", "deterioration"]


def test_progress_negative_values_use_absolute_change_and_observed_basis():
    rates, method = growth_rates([(-2.0, 4.0, 3), (-2.0, 1.0, 3)])
    assert method == "absolute change" and rates == pytest.approx([2.0, 1.0])
    # observed basis (target year = last year): Open SDG current status from the base year
    p = assess_progress(polarity="higher_is_better", last_year=2023, last_value=67.10, target_year=2023,
                        target=77.00, base_year=2018, base_value=63.49)
    obs = (67.10 / 63.49) ** (1 / 5) - 1
    req = (77.00 / 63.49) ** (1 / 5) - 1
    assert p.basis == "observed" and p.ratio == pytest.approx(obs / req)
    # the target's year has passed: not met (R 0.28 would read "limited progress"), with the share achieved
    assert p.progress_class == "not met"
    share = (67.10 - 63.49) / (77.00 - 63.49)
    assert f"{share:.0%} of the change required since 2018 achieved" in p.note
    # a growth-rate indicator uses absolute change even with positive values
    g = assess_progress(polarity="higher_is_better", last_year=2023, last_value=4.8, target_year=2026, target=8.0,
                        anticipated_value=6.0, kind="growth rate")
    assert g.method == "absolute change" and g.ratio == pytest.approx((6.0 - 4.8) / (8.0 - 4.8))
    # an observed rate continued for a future target stays inside the bounds (0-100 coverage)
    b = assess_progress(polarity="higher_is_better", last_year=2023, last_value=99.0, target_year=2026, target=98.0,
                        base_year=2021, base_value=80.0, transform=Transform(0, 100))
    assert b.progress_class == "target already reached" and b.note.endswith("for 2026 (100)")  # not 136


def test_target_suggestions_follow_polarity(pred):
    up = recommend_targets(pred, "higher_is_better")
    assert up["conservative"] < up["moderate"] < up["ambitious"]
    assert probability_of_meeting(pred, up["conservative"], "higher_is_better") == pytest.approx(0.8)
    assert probability_of_meeting(pred, up["ambitious"], "higher_is_better") == pytest.approx(0.2)
    down = recommend_targets(pred, "lower_is_better")
    assert down["conservative"] > down["moderate"] > down["ambitious"]
    assert probability_of_meeting(pred, down["conservative"], "lower_is_better") == pytest.approx(0.8)


def test_warnings_are_captured_not_printed():
    sink: list[dict[str, str]] = []
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # anything escaping would raise here
        with capture_warnings(sink, indicator_id="x"):
            warnings.warn("something odd", RuntimeWarning)
    assert sink == [{"indicator_id": "x", "category": "RuntimeWarning", "message": "something odd"}]


# --- the dataset -----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def iv() -> pd.DataFrame:
    from lkip_helpers.data.numbers import parse_cell

    raw = pd.read_csv(IV, dtype=str)  # read independently of the package's loader, numbers from the printed text
    raw = raw[raw["indicator_id"].isin(["kota-akip", "dukcapil-ikm"]) & (raw["period"] == "annual")].copy()
    raw["num"] = [parse_cell(t).number if isinstance(t, str) else None for t in raw["value_text"]]
    return raw


def test_non_numeric_indicators_are_skipped_with_a_reason(ds):
    r = forecast_entity(ds, "kota-bekasi", 2023)
    sk = r.skipped.set_index("indicator_id")
    assert "not numeric" in sk.loc["kota-opini-bpk", "reason"]
    assert "composite" in sk.loc["kota-prestasi-pemuda", "reason"]
    # every IKU is accounted for: forecast or listed with a reason
    iku = ds.indicators.query("entity_id == 'kota-bekasi' and role == 'iku'")["indicator_id"]
    assert set(r.summary["indicator_id"]) == set(iku)
    assert set(r.summary.loc[r.summary["status"] != "forecast", "indicator_id"]) == set(sk.index)
    assert r.diagnostics.empty or set(r.diagnostics.columns) >= {"category", "message"}


def test_baseline_in_another_unit_is_excluded_with_the_reason(ds, iv):
    s = indicator_series(ds, "kota-bekasi", "kota-pertumbuhan-investasi", 2023)
    assert 2018 not in s.observations["year"].tolist()
    reason = s.excluded.loc[s.excluded["year"] == 2018, "reason"].iloc[0]
    assert "another unit" in reason and "city-a-010" in reason
    # a baseline in the indicator's own unit counts (kota-akip: 63,49 in 2018, as printed)
    akip = indicator_series(ds, "kota-bekasi", "kota-akip", 2023).observations
    printed = iv[(iv["indicator_id"] == "kota-akip") & (iv["measure"] == "baseline")]["value_text"].iloc[0]
    assert printed == "63,49"
    assert akip.set_index("year").loc[2018, "value"] == pytest.approx(63.49)
    assert akip["year"].tolist() == [2018, 2022, 2023]


def test_disdukcapil_targets_come_from_the_revised_renstra(ds, iv):
    s = indicator_series(ds, "disdukcapil-kota-bekasi", "dukcapil-ikm", 2024)
    t = s.targets.set_index("year")
    rows = iv[(iv["indicator_id"] == "dukcapil-ikm") & (iv["measure"] == "target_renstra_revised")]
    printed = dict(zip(rows["year"].astype(int), rows["num"]))
    assert t.loc[2025, "target_measure"] == "target_renstra_revised"
    assert t.loc[2025, "target"] == pytest.approx(printed[2025]) == pytest.approx(85.15)
    assert t.loc[2026, "target"] == pytest.approx(printed[2026]) == pytest.approx(86.10)


def test_disdukcapil_ikm_probability_by_hand(ds, iv):
    """The index kind's pooled model (drift or linear trend) on the logit scale, with the
    posterior residual variance of the kind's prior and the pooled interval factor."""
    r = forecast_entity(ds, "disdukcapil-kota-bekasi", 2024)
    rows = iv[(iv["indicator_id"] == "dukcapil-ikm") & (iv["measure"] == "realisasi")]
    obs = sorted((int(y), v) for y, v in zip(rows["year"], rows["num"]))
    assert [y for y, _ in obs] == [2022, 2023, 2024]
    x = np.array([y for y, _ in obs], dtype=float)
    z = np.log((np.array([v for _, v in obs]) / 100) / (1 - np.array([v for _, v in obs]) / 100))
    model = r.fits["dukcapil-ikm"].model
    assert model == r.pooled.model_for("index")[0]
    xf = 2025.0
    if model == "drift":  # mean step, steps' variance on 1 df, variance s2 (h + h^2 / 2)
        d = np.diff(z)
        mu = (z[-1] - z[0]) / 2
        s2_own, df_own, loc, mult2 = np.sum((d - mu) ** 2) / 1, 1.0, z[-1] + mu, 1 + 1 / 2
    else:
        assert model == "linear_trend"
        b, a = np.polyfit(x, z, 1)
        s2_own, df_own, loc = np.sum((z - (a + b * x)) ** 2) / 1, 1.0, a + b * xf
        mult2 = 1 + 1 / 3 + (xf - x.mean()) ** 2 / np.sum((x - x.mean()) ** 2)
    prior = r.pooled.priors[("index", model)]
    s2 = (prior.d0 * prior.s0_2 + df_own * s2_own) / (prior.d0 + df_own)
    se = math.sqrt(s2 * mult2) * r.pooled.factor("index", model, 1)
    zt = math.log(0.8515 / (1 - 0.8515))
    expected = 1 - stats.t.cdf((zt - loc) / se, prior.d0 + df_own)
    row = r.targets[(r.targets["indicator_id"] == "dukcapil-ikm") & (r.targets["year"] == 2025)].iloc[0]
    assert row["p_model"] == pytest.approx(expected, rel=1e-9)
    assert row["p_meet"] == pytest.approx(min(max(expected, 0.02), 0.98), rel=1e-9)
    if expected > 0.98:
        assert "shown as 0.98" in row["note"]
    assert row["forecast"] == pytest.approx(100 / (1 + math.exp(-loc)), rel=1e-9)
    assert row["progress"] == "target already reached"  # 93,71 in 2024 already exceeds 85,15
    summ = r.summary.set_index("indicator_id")
    assert summ.loc["dukcapil-akip", "status"] == "insufficient data"  # 2022 printed as "A"
    assert "2022" in summ.loc["dukcapil-akip", "reason"]
    assert summ.loc["dukcapil-ikm", "confidence"] == "low"  # 3 points


def test_forecast_entity_and_notebook_parameter_checks(ds):
    with pytest.raises(ValueError, match="horizon"):
        forecast_entity(ds, "kota-bekasi", 2023, horizon=0)
    with pytest.raises(ParameterError, match="valid: .*kota-akip"):
        check_forecast_parameters(ds, {"entity": "kota-bekasi", "horizon": 3, "indicators": ["kota-nope"]})
    with pytest.raises(ParameterError, match="between 1 and 10"):
        check_forecast_parameters(ds, {"entity": "kota-bekasi", "horizon": 11, "indicators": None})
    r = forecast_entity(ds, "kota-bekasi", 2023, horizon=2, indicators=["kota-peningkatan-pad"])
    assert sorted(r.forecasts["year"]) == [2024, 2025]
    assert set(r.backtest["model"]) >= {"naive", "linear_trend"} and r.backtest["chosen"].sum() == 1


# --- review fixes ------------------------------------------------------------------------------------
# 1. values outside the bounds are never clipped
@pytest.mark.parametrize(
    ("values", "lower", "upper", "named"),
    [([90.0, 105.0, 110.0], 0, 100, ["105 (2022)", "110 (2023)"]), ([-1.0, 2.0, 3.0], 0, None, ["-1 (2021)"])],
)
def test_values_outside_the_bounds_are_not_fitted(values, lower, upper, named):
    s = annual_series([2021, 2022, 2023], values)
    fc = forecast_series(s, lower=lower, upper=upper)
    assert fc.fitted is None and fc.choice.method == "not assessable"
    assert all(n in fc.choice.reason for n in named) and "outside the indicator's bounds" in fc.choice.reason
    with pytest.raises(ValueError, match="not assessable"):
        fc.predict(2024)
    with pytest.raises(ValueError, match="outside the bounds"):
        fit_model("linear_trend", s, Transform(lower, upper))
    assert forecast_series(s, lower=lower, upper=upper, model="drift").fitted is None  # not even on request


def test_entity_lists_a_series_outside_its_bounds_as_not_assessable(ds):
    import dataclasses

    iv = ds.tables["indicator_values"].copy()
    hit = ((iv["indicator_id"] == "dukcapil-ikm") & (iv["measure"] == "realisasi") & (iv["year"] == 2024)
           & (iv["period"] == "annual"))
    assert hit.sum() == 1
    iv.loc[hit, "value"] = 105.0  # an IKM above its 0-100 scale
    bad = dataclasses.replace(ds, tables={**ds.tables, "indicator_values": iv})
    r = forecast_entity(bad, "disdukcapil-kota-bekasi", 2024, indicators=["dukcapil-ikm"])
    row = r.summary.iloc[0]
    assert row["status"] == "not assessable" and "105 (2024)" in row["reason"] and pd.isna(row["forecast"])
    assert r.skipped.iloc[0]["status"] == "not assessable"
    assert r.forecasts.empty and r.targets.empty


# 2. values and targets at a bound; point masses
def test_a_series_sitting_at_the_bound_forecasts_the_bound():
    fc = forecast_series(annual_series([2021, 2022, 2023], [100.0, 100.0, 100.0]), lower=0, upper=100)
    p = fc.predict(2024)
    assert p.is_point_mass
    assert p.median == 100.0 and p.interval(0.95) == (100.0, 100.0)
    assert probability_of_meeting(p, 100.0, "higher_is_better") == 1.0
    assert probability_of_meeting(p, 99.95, "higher_is_better") == 1.0  # within 0.1 of the bound: the bound
    assert probability_of_meeting(p, 99.0, "lower_is_better") == 0.0
    zero = forecast_series(annual_series([2021, 2022, 2023], [0.0, 0.0, 0.0]), lower=0, upper=100).predict(2025)
    assert zero.median == 0.0 and probability_of_meeting(zero, 0.0, "lower_is_better") == 1.0


def test_a_target_at_the_bound_means_at_least_bound_minus_eps():
    fc = forecast_series(annual_series([2020, 2021, 2022, 2023], [96.0, 98.0, 99.0, 100.0]), lower=0, upper=100)
    p = fc.predict(2024)
    # on the logit scale P(value >= 100) is P(z >= logit(0.999)), i.e. P(value >= 99.9), by the t distribution
    z_top = math.log(0.999 / 0.001)
    expected = 1 - stats.t.cdf((z_top - p.loc) / p.scale, p.df)
    assert probability_of_meeting(p, 100.0, "higher_is_better") == pytest.approx(expected)
    assert probability_of_meeting(p, 99.9, "higher_is_better") == pytest.approx(expected)
    assert probability_of_meeting(p, 100.0, "lower_is_better") == 1.0  # nothing lies above the bound
    assert probability_of_meeting(p, 100.5, "higher_is_better") == 0.0


@pytest.mark.parametrize("values", [[0.1, 0.2, 0.3], [0.3, 0.7, 1.1], [1.1, 2.2, 3.3]])
def test_a_perfect_fit_is_a_point_mass_for_every_model(values):
    step = values[1] - values[0]
    line = values[2] + step  # the value of the line in 2024, by hand
    three = forecast_series(annual_series([2021, 2022, 2023], values), model="linear_trend").predict(2024)
    six = forecast_series(annual_series(range(2018, 2024), [values[0] + step * (i - 3) for i in range(6)]),
                          model="drift").predict(2024)
    for p in (three, six):
        assert p.median == pytest.approx(line)
        assert probability_of_meeting(p, line, "higher_is_better") == 1.0  # rounding noise is not uncertainty
        assert probability_of_meeting(p, line, "lower_is_better") == 1.0
        assert probability_of_meeting(p, line + 1e-6, "higher_is_better") == 0.0
        assert probability_of_meeting(p, line - 1e-6, "lower_is_better") == 0.0


def test_meets_reads_values_at_the_bound_as_the_bound():
    from lkip_helpers.forecasting import meets

    assert not meets(99.95, 100.0, "higher_is_better")
    assert meets(99.95, 100.0, "higher_is_better", Transform(0, 100))
    assert not meets(99.5, 100.0, "higher_is_better", Transform(0, 100))


# 3. small-sample floor under the linear-trend variance
def test_three_point_linear_trend_has_a_variance_floor_and_low_confidence():
    # kota-indeks-pendidikan: 73,96 (2018), 77,33 (2022), 78,09 (2023), bounds 0-100
    years = np.array([2018.0, 2022.0, 2023.0])
    values = np.array([73.96, 77.33, 78.09])
    fc = forecast_series(annual_series(years.astype(int), values), lower=0, upper=100)
    assert fc.model == "linear_trend" and fc.choice.method == "fallback" and fc.confidence == "low"
    z = np.log(values / (100 - values))
    b, a = np.polyfit(years, z, 1)
    s2_ols = np.sum((z - (a + b * years)) ** 2) / (3 - 2)
    g, d = np.diff(years), np.diff(z)
    mu = (z[-1] - z[0]) / (years[-1] - years[0])
    s2_drift = np.sum((d - mu * g) ** 2 / g) / (2 - 1)
    assert s2_drift > s2_ols  # the floor binds for this series
    lev = 1 + 1 / 3 + (2024 - years.mean()) ** 2 / np.sum((years - years.mean()) ** 2)
    p = fc.predict(2024)
    assert p.scale == pytest.approx(math.sqrt(s2_drift * lev), rel=1e-9)
    assert p.median == pytest.approx(100 / (1 + math.exp(-(a + b * 2024))), rel=1e-9)
    assert fc.fitted.details["sigma_floor"] == pytest.approx(math.sqrt(s2_drift))
    assert fc.fitted.details["sigma_ols"] == pytest.approx(math.sqrt(s2_ols))
    # five points: no floor, the plain OLS interval (statsmodels)
    five = forecast_series(annual_series([2016, 2017, 2019, 2021, 2023], [1.0, 1.2, 1.9, 2.0, 2.9]),
                           model="linear_trend")
    assert "sigma_floor" not in five.fitted.details and five.confidence == "moderate"


# 4. two observations: progress without a model
def test_two_point_series_get_a_progress_class_but_no_forecast(ds, iv):
    r = forecast_entity(ds, "disdukcapil-kota-bekasi", 2024)
    summ = r.summary.set_index("indicator_id")
    # printed: cakupan dokumen 85,51 (2023), 92,48 (2024), Renstra 2025 target 81,61; AKIP 80,97, 81,59 vs 78,80
    for iid, last, target in (("dukcapil-cakupan-dokumen", 92.48, 81.61), ("dukcapil-akip", 81.59, 78.80)):
        row = summ.loc[iid]
        assert row["status"] == "insufficient data" and row["n_obs"] == 2 and "only 2" in row["reason"]
        assert pd.isna(row["forecast"]) and pd.isna(row["next_p_meet"])
        assert row["last_value"] == pytest.approx(last) and row["next_target"] == pytest.approx(target)
        assert row["next_target_year"] == 2025 and row["next_progress"] == "target already reached"
        assert row["report_target_year"] == 2024 and row["report_progress"] == "target already reached"
        t = r.targets[(r.targets["indicator_id"] == iid) & (r.targets["year"] == 2025)].iloc[0]
        assert t["basis"] == "observed" and pd.isna(t["p_meet"]) and "no P(meet)" in t["note"]
    assert set(r.skipped["indicator_id"]) >= {"dukcapil-cakupan-dokumen", "dukcapil-akip"}


def test_two_point_progress_uses_open_sdg_observed_ratio(ds):
    # kota-eppd: 3,25 (2018 kondisi awal), 3,17 (2023); RPJMD 2023 target 3,47
    r = forecast_entity(ds, "kota-bekasi", 2023, indicators=["kota-eppd"])
    row = r.summary.iloc[0]
    observed = (3.17 / 3.25) ** (1 / 5) - 1
    required = (3.47 / 3.25) ** (1 / 5) - 1
    assert row["status"] == "insufficient data"
    assert row["report_ratio"] == pytest.approx(observed / required) and row["report_progress"] == "not met"
    # a future target with two observations: the observed ratio (Open SDG needs only base and latest)
    p = assess_progress(polarity="higher_is_better", last_year=2023, last_value=60.0, target_year=2026, target=70.0,
                        base_year=2021, base_value=50.0)
    assert p.basis == "observed" and p.start_year == 2021
    assert p.ratio == pytest.approx(((60 / 50) ** 0.5 - 1) / ((70 / 50) ** 0.2 - 1))
    assert p.progress_class == "on track"


# 5. "target already reached" looks ahead for future targets
def test_target_reached_now_but_not_at_the_target_year_is_at_risk():
    at_risk = assess_progress(polarity="higher_is_better", last_year=2024, last_value=95.0, target_year=2026,
                              target=90.0, anticipated_value=80.0)
    assert at_risk.progress_class == "deterioration" and at_risk.note.startswith("currently met, at risk")
    still = assess_progress(polarity="higher_is_better", last_year=2024, last_value=95.0, target_year=2026,
                            target=90.0, anticipated_value=92.0)
    assert still.progress_class == "target already reached"
    down = assess_progress(polarity="lower_is_better", last_year=2024, last_value=4.0, target_year=2026,
                           target=5.0, anticipated_value=5.5)
    assert down.progress_class == "deterioration" and "at risk" in down.note
    # observed basis (no forecast): the observed rate continued, 100 -> 90 in one year (-10 %/yr)
    # -> 90 x 0.9^2 = 72.9 in 2026, below the target 85
    obs = assess_progress(polarity="higher_is_better", last_year=2024, last_value=90.0, target_year=2026,
                          target=85.0, base_year=2023, base_value=100.0)
    assert obs.progress_class == "deterioration" and "(72.9)" in obs.note
    # a past target met by the last observation stays "already reached"
    past = assess_progress(polarity="higher_is_better", last_year=2024, last_value=95.0, target_year=2024,
                           target=90.0, base_year=2020, base_value=99.0)
    assert past.progress_class == "target already reached"


# 6. model choice needs 3 backtest forecasts; MAPE only where it means something
def test_six_points_give_three_backtest_forecasts_without_holt():
    six = annual_series(range(2018, 2024), [10.0, 12.0, 13.5, 16.0, 17.0, 19.5])
    c = choose_model(six)
    assert c.method == "backtest" and set(c.accuracy["n_forecasts"]) == {3}
    assert set(c.accuracy["model"]) == {"naive", "drift", "linear_trend", "mean"}  # Holt would leave only 2 forecasts
    seven = choose_model(annual_series(range(2017, 2024), [9.0, 10.0, 12.0, 13.5, 16.0, 17.0, 19.5]))
    assert {"holt", "holt_damped"} <= set(seven.accuracy["model"]) and set(seven.accuracy["n_forecasts"]) == {3}


def test_mape_is_blank_with_a_reason_near_zero_or_across_zero():
    from lkip_helpers.forecasting.backtest import mape

    m, note = mape(pd.Series([1.0, -2.0]), pd.Series([10.0, 20.0]))
    assert m == pytest.approx(100 * (0.1 + 0.1) / 2) and note == ""
    assert math.isnan(mape(pd.Series([1.0, 1.0]), pd.Series([5.0, -3.0]))[0])
    assert "change sign" in mape(pd.Series([1.0, 1.0]), pd.Series([5.0, -3.0]))[1]
    m, note = mape(pd.Series([1.0, 1.0, 1.0]), pd.Series([25.91, 1.7, 4.8]))  # PAD growth 2021-2023
    assert math.isnan(m) and "near zero" in note and "1.7" in note
    assert "is 0" in mape(pd.Series([1.0]), pd.Series([0.0]))[1]
    # in the backtest table: PAD growth (realisasi 2018-2023) has an actual near zero
    pad = annual_series(range(2018, 2024), [11.10, 22.62, -16.34, 25.91, 1.70, 4.80])
    _, acc = backtest(pad)
    assert acc["mape"].isna().all() and acc["mape_note"].str.contains("near zero").all()


# 7. Holt: parameters stuck at their bounds are recorded
def test_holt_parameters_at_their_bounds_are_recorded():
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    s = annual_series(range(2016, 2023), [50.0, 52.5, 53.1, 56.0, 57.2, 59.9, 61.0])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = ETSModel(s, error="add", trend="add", damped_trend=True, initialization_method="known",
                       initial_level=48.25, initial_trend=1.86).fit(disp=False)
    alpha, beta, phi = (float(v) for v in np.asarray(ref.params))
    candidates = (("alpha", alpha, (1e-4, 0.9999)), ("beta / alpha", beta / alpha, (1e-4, 0.9999)),
                  ("phi", phi, (0.8, 0.98)))  # statsmodels' ETS bounds
    expected = {name for name, v, bounds in candidates if min(abs(v - b) for b in bounds) < 1e-6}
    assert expected  # the reference fit does end at a bound (otherwise this test proves nothing)
    sink: list[dict[str, str]] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with capture_warnings(sink, model="holt_damped"):
            fit_model("holt_damped", s)
    flagged = {d["message"].split(" = ")[0] for d in sink if d["category"] == "ParameterAtBoundWarning"}
    assert flagged == expected


# 8. a clear error for a series without an annual PeriodIndex
def test_series_without_an_annual_period_index_is_rejected_clearly():
    with pytest.raises(ValueError, match="annual PeriodIndex .*got RangeIndex.*annual_series"):
        forecast_series(pd.Series([1.0, 2, 3, 4]))
    monthly = pd.Series([1.0, 2, 3], index=pd.period_range("2023-01", periods=3, freq="M"))
    with pytest.raises(ValueError, match="annual PeriodIndex"):
        forecast_series(monthly)
    with pytest.raises(TypeError, match="pandas Series"):
        forecast_series([1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="annual PeriodIndex"):
        choose_model(pd.Series([1.0, 2, 3, 4, 5]))


# 9. the summary separates the report-year target from the next target and its forecast
def test_summary_separates_report_year_and_next_target(ds):
    city = forecast_entity(ds, "kota-bekasi", 2023).summary
    fc = city[city["status"] == "forecast"]
    assert (fc["report_target_year"] == 2023).all() and fc["next_target_year"].isna().all()  # RPJMD ends 2023
    assert fc["next_p_meet"].isna().all() and (fc["forecast_year"] == 2024).all()
    akip = fc.set_index("indicator_id").loc["kota-akip"]
    assert akip["report_target"] == pytest.approx(77.00) and akip["report_progress"] == "not met"
    duk = forecast_entity(ds, "disdukcapil-kota-bekasi", 2024).summary.set_index("indicator_id").loc["dukcapil-ikm"]
    assert duk["report_target_year"] == 2024 and duk["report_target"] == pytest.approx(84.20)
    assert duk["next_target_year"] == duk["forecast_year"] == 2025 and duk["next_target"] == pytest.approx(85.15)
    assert 0 < duk["next_p_meet"] < 1


# 10. suggestions worse than the last observation are flagged
def test_suggestions_worse_than_the_last_value_are_flagged(ds):
    from lkip_helpers.forecasting import worse_than_last

    up = {"conservative": 3.0, "moderate": 5.0, "ambitious": 7.0}
    assert worse_than_last(up, 4.8, "higher_is_better") == "conservative"
    assert worse_than_last(up, 4.8, "lower_is_better") == "moderate, ambitious"
    assert worse_than_last(up, 2.0, "higher_is_better") == ""
    neutral = {"conservative": float("nan"), "moderate": 1.0, "ambitious": float("nan")}
    assert worse_than_last(neutral, 5, "neutral") == ""
    rec = forecast_entity(ds, "kota-bekasi", 2023).recommendations.set_index(["indicator_id", "year"])
    pad = rec.loc[("kota-peningkatan-pad", 2024)]  # PAD growth 4,80 % in 2023
    assert pad["last_value"] == pytest.approx(4.80)
    # the trend alone would accept a decline; the anchored suggestion is no worse than today
    assert pad["trend_conservative"] < 4.80 and pad["conservative"] == pytest.approx(4.80)
    assert pad["worse_than_last"] == "" and "no worse than today" in pad["anchors"]
    gini = rec.loc[("kota-gini-ratio", 2024)]  # Gini 0,44 in 2023, lower is better
    assert gini["trend_conservative"] > 0.44 and gini["conservative"] <= 0.44 and gini["worse_than_last"] == ""
    infl = rec.loc[("kota-laju-inflasi", 2024)]  # a band target: never deflation
    assert 1.5 <= infl["conservative"] <= 3.5 and infl["ambitious"] == pytest.approx(2.5)
    assert "band" in infl["anchors"]


def test_progress_notes_in_bahasa_indonesia_with_indonesian_notation(monkeypatch):
    from lkip_helpers.data import i18n

    monkeypatch.setattr(i18n, "_language", "id")
    obs = assess_progress(polarity="higher_is_better", last_year=2024, last_value=90.5, target_year=2026,
                          target=85.0, base_year=2023, base_value=100.0)
    assert obs.note.startswith("kini terpenuhi, berisiko: nilai 2024 (90,5) memenuhi target 85, tetapi laju teramati")
    assert " the " not in obs.note and "90.5" not in obs.note
