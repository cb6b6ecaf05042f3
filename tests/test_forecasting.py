"""Forecasting: models checked against statsmodels/scipy and hand-computed formulas, probability,
polarity, bounds, short-series fallbacks, progress classes and the dataset series."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from lkip_helpers.errors import ParameterError
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
from lkip_helpers.paths import PROJECT_ROOT

IV = PROJECT_ROOT / "data" / "indicator_values.csv"


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
    for damped, name in ((False, "holt"), (True, "holt_damped")):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # optimiser chatter is not under test here
            ours = fit_model(name, s).predict(2025)
            ref = ETSModel(s, error="add", trend="add", damped_trend=damped, initialization_method="known",
                           initial_level=50.0 - 2.5, initial_trend=2.5).fit(disp=False)
            frame = ref.get_prediction(start=7, end=9).summary_frame(alpha=0.05)
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
        assert 0 < lo <= p.median <= hi < 100
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
    assert set(acc["model"]) == {"naive", "drift", "linear_trend"}  # 5 points: no Holt


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
    assert p.progress_class == "limited progress"


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
    from lkip_helpers.numbers import parse_cell

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
    r = forecast_entity(ds, "disdukcapil-kota-bekasi", 2024)
    rows = iv[(iv["indicator_id"] == "dukcapil-ikm") & (iv["measure"] == "realisasi")]
    obs = sorted((int(y), v) for y, v in zip(rows["year"], rows["num"]))
    assert [y for y, _ in obs] == [2022, 2023, 2024]
    x = np.array([y for y, _ in obs], dtype=float)
    z = np.log((np.array([v for _, v in obs]) / 100) / (1 - np.array([v for _, v in obs]) / 100))
    b, a = np.polyfit(x, z, 1)
    s2 = np.sum((z - (a + b * x)) ** 2) / 1
    xf = 2025.0
    se = math.sqrt(s2 * (1 + 1 / 3 + (xf - x.mean()) ** 2 / np.sum((x - x.mean()) ** 2)))
    zt = math.log(0.8515 / (1 - 0.8515))
    expected = 1 - stats.t.cdf((zt - (a + b * xf)) / se, 1)
    row = r.targets[(r.targets["indicator_id"] == "dukcapil-ikm") & (r.targets["year"] == 2025)].iloc[0]
    assert row["p_meet"] == pytest.approx(expected, rel=1e-9)
    assert row["forecast"] == pytest.approx(100 / (1 + math.exp(-(a + b * xf))), rel=1e-9)
    assert row["progress"] == "target already reached"  # 93,71 in 2024 already exceeds 85,15
    summ = r.summary.set_index("indicator_id")
    assert summ.loc["dukcapil-akip", "status"] == "insufficient data"  # 2022 printed as "A"
    assert "2022" in summ.loc["dukcapil-akip", "reason"]


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
