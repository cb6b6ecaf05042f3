"""Anchored target suggestions: floor at today's value, the plan's path, peers' pace, bands, bounds."""

from __future__ import annotations

import pandas as pd
import pytest

from lkip_helpers.forecasting.models import Predictive, Transform
from lkip_helpers.forecasting.suggestions import anchored_targets, peer_benchmark, peer_pace, plan_path, target_band

TARGETS = pd.DataFrame({"year": [2024, 2025, 2026], "target": [70.0, 75.0, 80.0]})

pytestmark = pytest.mark.usefixtures("english")



def test_plan_path_is_the_line_to_the_end_target():
    assert plan_path(2023, 60.0, TARGETS, 2024) == (pytest.approx(60 + 20 / 3), 2026, 80.0)
    assert plan_path(2023, 60.0, TARGETS, 2027)[0] == 80.0
    assert plan_path(2026, 60.0, TARGETS, 2027) is None


def test_a_falling_trend_never_suggests_a_decline_and_the_plan_sets_the_ambition():
    pred = Predictive(2024, loc=55.0, scale=5.0, df=None)  # the trend points down from 60
    s = anchored_targets(pred, "higher_is_better", 2023, 60.0, targets=TARGETS)
    assert s["conservative"] == 60.0  # no worse than today
    path = 60 + 20 / 3
    assert s["moderate"] == pytest.approx(60 + (path - 60) / 2)  # halfway along the plan's path
    assert s["ambitious"] == pytest.approx(max(pred.quantile(0.8), path))
    assert s["plan_path"] == pytest.approx(path) and "plan's path to 80" in s["anchors"]


def test_lower_is_better_peers_pace_and_bounds():
    pred = Predictive(2025, loc=5.0, scale=0.5, df=None)
    s = anchored_targets(pred, "lower_is_better", 2023, 4.0, pace=0.5, transform=Transform(0, 100))
    assert s["conservative"] == 4.0 and s["moderate"] == 4.0  # the median 5.0 would be worse than today
    assert s["ambitious"] == pytest.approx(3.0)  # peers improve 0.5 a year: 4.0 - 2 * 0.5
    deep = anchored_targets(pred, "lower_is_better", 2023, 4.0, pace=5.0, transform=Transform(0, 100))
    assert deep["ambitious"] == 0.0  # never below the lower bound
    with pytest.raises(ValueError, match="direction"):
        anchored_targets(pred, "neutral", 2023, 4.0)


def test_band_targets_stay_in_the_band():
    pred = Predictive(2024, loc=0.5, scale=1.0, df=None)  # deflation forecast
    s = anchored_targets(pred, "lower_is_better", 2023, 3.14, band=(1.5, 3.5, "2.5 ± 1"))
    assert all(1.5 <= s[k] <= 3.5 for k in ("conservative", "moderate", "ambitious"))
    assert s["ambitious"] == 2.5 and "band" in s["anchors"]


def test_peer_pace_is_the_upper_quartile_improvement():
    b = pd.DataFrame({"entity_id": ["a", "a", "b", "b", "c", "c", "d", "me", "me"],
                      "indicator_id": ["tpt"] * 9, "year": [2021, 2023, 2021, 2023, 2022, 2023, 2023, 2021, 2023],
                      "value": [8.0, 7.0, 9.0, 9.0, 6.0, 5.0, 4.0, 10.0, 2.0]})
    # improvements (lower is better): a 0.5/yr, b 0, c 1.0; d has one year; "me" is excluded
    assert peer_pace(b, "tpt", "lower_is_better", exclude="me") == pytest.approx(pd.Series([0.5, 0.0, 1.0]).quantile(0.75))
    assert peer_pace(b[b["entity_id"] != "c"], "tpt", "lower_is_better", exclude="me") is None


@pytest.mark.parametrize(
    ("year", "band", "said"),
    [(2023, (2.0, 4.0), "for 2023 (PMK 101/PMK.010/2021)"), (2025, (1.5, 3.5), "for 2025 (PMK 62 Tahun 2024)"),
     (2031, (1.5, 3.5), "for 2027, the latest set"), (2010, (2.5, 4.5), "for 2018, the earliest set")],
)
def test_an_inflation_rate_gets_the_national_target_band_of_its_year(year, band, said):
    lo, hi, source = target_band("any-id", "Tingkat Inflasi Kabupaten", "%", year)
    assert (lo, hi) == band and said in source


def test_only_an_inflation_rate_in_percent_is_a_band():
    assert target_band("x", "Tingkat Pengangguran Terbuka", "%", 2024) is None
    assert target_band("x", "Indeks Harga Konsumen (inflasi)", "indeks", 2024) is None


def test_the_peer_series_is_found_by_name_and_unit(ds):
    ids = ds.tables["regional_benchmarks"]["indicator_id"].unique()
    found = {i: peer_benchmark(ds.indicators, i, ids) for i in ds.indicators["indicator_id"]}
    assert {i: b for i, b in found.items() if b} == {"kota-tpt": "tpt", "kota-laju-inflasi": "laju-inflasi",
                                                      "kota-eppd": "eppd"}
    # a new report's IKU of the same name finds it too; another unit does not
    extra = pd.DataFrame([("new-tpt", "Tingkat Pengangguran Terbuka", "%"), ("new-x", "Laju Inflasi", "indeks")],
                         columns=["indicator_id", "name", "unit"])
    indicators = pd.concat([ds.indicators, extra], ignore_index=True)
    assert peer_benchmark(indicators, "new-tpt", ids) == "tpt"
    assert peer_benchmark(indicators, "new-x", ids) is None
