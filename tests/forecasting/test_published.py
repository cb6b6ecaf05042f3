"""Published progress classes (UNSD Progress Chart, ESCAP anticipated progress and current status
index), past targets met / not met, and roll-ups to sasaran and misi, checked by hand."""

from __future__ import annotations

import pytest

from lkip_helpers.forecasting import forecast_entity
from lkip_helpers.forecasting.models import Transform
from lkip_helpers.forecasting.published import (
    ESCAP_CUTOFFS,
    UNSD_CUTOFFS,
    published_progress,
    published_table,
    rollup_progress,
)


def test_unsd_and_escap_by_hand_for_a_future_target():
    # base 2018 50.0, latest 2023 60.0, target 80.0 in 2026 (higher is better)
    p = published_progress(polarity="higher_is_better", base_year=2018, base_value=50.0, last_year=2023,
                           last_value=60.0, target_year=2026, target=80.0)
    actual = (60 / 50) ** (1 / 5) - 1
    required = (80 / 50) ** (1 / 8) - 1
    assert p.method == "cagr" and p.unsd_ratio == pytest.approx(actual / required)
    assert p.unsd_class == "fair progress, acceleration needed"  # 0.5 <= R < 0.95
    anticipated = 60 * (1 + actual) ** 3
    assert p.escap_value == pytest.approx(anticipated)
    assert p.escap_ratio == pytest.approx((anticipated - 50) / 30)
    assert p.escap_class == "accelerate progress to achieve target"
    assert p.csi == pytest.approx(10 / 30)
    assert p.status is None and p.achievement is None  # the target's year is ahead


@pytest.mark.parametrize(("ratio", "cls"), [(1.2, "substantial progress/on track"), (0.95, "substantial progress/on track"),
                                            (0.6, "fair progress, acceleration needed"),
                                            (0.0, "limited or no progress"), (-0.1, "limited or no progress"),
                                            (-0.5, "deterioration")])
def test_unsd_cutoffs(ratio, cls):
    assert next(name for lo, name in UNSD_CUTOFFS if ratio >= lo) == cls


def test_growth_rate_uses_absolute_change_and_past_targets_are_met_or_not():
    # PAD growth 11.1 (2018) -> 4.8 (2023), target 2023 of 8.0: a CAGR of a growth rate is meaningless
    p = published_progress(polarity="higher_is_better", base_year=2018, base_value=11.1, last_year=2023,
                           last_value=4.8, target_year=2023, target=8.0, kind="growth rate")
    assert p.method == "absolute change"
    assert p.unsd_ratio == pytest.approx(((4.8 - 11.1) / 5) / ((8.0 - 11.1) / 5))
    assert p.status == "not met" and p.achievement == pytest.approx((4.8 - 11.1) / (8.0 - 11.1))
    assert p.capaian == pytest.approx(4.8 / 8.0)
    low = published_progress(polarity="lower_is_better", base_year=2018, base_value=9.07, last_year=2023,
                             last_value=7.9, target_year=2023, target=8.0)
    assert low.status == "met" and low.capaian == pytest.approx(8.0 / 7.9) and low.unsd_class == "target met"
    assert low.csi == 1.0 and low.escap_class == ESCAP_CUTOFFS[0][1]


def test_escap_anticipation_respects_bounds_and_reverse_trend():
    up = published_progress(polarity="higher_is_better", base_year=2018, base_value=60.0, last_year=2023,
                            last_value=95.0, target_year=2030, target=100.0, transform=Transform(0, 100))
    assert up.escap_value == 100.0  # the continued CAGR would pass 100
    down = published_progress(polarity="lower_is_better", base_year=2018, base_value=4.0, last_year=2023,
                              last_value=5.0, target_year=2026, target=3.0)
    assert down.escap_class == "reverse trend to achieve target" and down.escap_ratio < 0
    assert down.unsd_class == "deterioration" and down.csi == 0.0


def test_published_table_and_rollup_for_the_city(ds):
    r = forecast_entity(ds, "kota-bekasi", 2023)
    t = published_table(r, ds)
    akip = t[(t["indicator_id"] == "kota-akip") & (t["year"] == 2023)].iloc[0]
    assert akip["own_progress"] == "not met" and akip["status"] == "not met"
    assert akip["csi"] == pytest.approx((67.10 - 63.49) / (77.00 - 63.49))
    assert akip["unsd_ratio"] == pytest.approx(((67.10 / 63.49) ** 0.2 - 1) / ((77.00 / 63.49) ** 0.2 - 1))
    assert akip["sasaran_id"] == "kota-bekasi-s01"
    pad = t[t["indicator_id"] == "kota-peningkatan-pad"].iloc[0]
    assert pad["method"] == "absolute change"
    roll = rollup_progress(t, ds, "kota-bekasi", 2023)
    s01 = roll[(roll["level"] == "sasaran") & (roll["id"] == "kota-bekasi-s01")].iloc[0]
    members = t[(t["sasaran_id"] == "kota-bekasi-s01") & (t["year"] == 2023)].dropna(subset=["csi"])
    assert s01["n_indicators"] == len(members) and s01["csi"] == pytest.approx(members["csi"].mean())
    assert set(roll["level"]) == {"sasaran", "misi"}
    assert roll.loc[roll["level"] == "misi", "n_indicators"].sum() == roll.loc[roll["level"] == "sasaran",
                                                                              "n_indicators"].sum()


def test_the_rollup_names_each_sasaran_and_misi(ds, monkeypatch):
    """Names for the reader beside the ids that link them; an entity without misi says so."""
    from lkip_helpers.data import i18n

    t = published_table(forecast_entity(ds, "kota-bekasi", 2023), ds)
    roll = rollup_progress(t, ds, "kota-bekasi", 2023)
    sasaran = ds.tables["sasaran"].set_index("sasaran_id")["name"]
    s01 = roll[roll["id"] == "kota-bekasi-s01"].iloc[0]
    assert s01["name"] == sasaran["kota-bekasi-s01"]
    misi = ds.tables["misi"].query("entity_id == 'kota-bekasi'").set_index("misi_no")["name"]
    one = roll[(roll["level"] == "misi") & (roll["id"] == 1)].iloc[0]
    assert one["name"] == misi[1]
    office = published_table(forecast_entity(ds, "disdukcapil-kota-bekasi", 2024), ds)
    monkeypatch.setattr(i18n, "_language", "id")
    no_misi = rollup_progress(office, ds, "disdukcapil-kota-bekasi", 2024).query("level == 'misi'")
    assert no_misi["name"].tolist() == ["tanpa misi"] and no_misi["id"].tolist() == ["(none)"]
