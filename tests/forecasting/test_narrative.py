"""The sentences that introduce a forecast say what the result holds."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import shown_text

from lkip_helpers.data import i18n
from lkip_helpers.forecasting import (
    describe_accuracy, describe_forecast_scope, describe_next_target_heading, describe_report_target_heading,
    forecast_entity,
)


@pytest.fixture(scope="module")
def city(ds):
    return forecast_entity(ds, "kota-bekasi", 2023, horizon=2)


pytestmark = pytest.mark.usefixtures("english")


def test_scope_counts_what_was_forecast(city):
    text = describe_forecast_scope(city, "Kota Bekasi", 2023, 2)
    counts = city.summary["status"].value_counts()
    assert text.startswith("**Kota Bekasi**, observations up to 2023, forecast 2024–2025: ")
    assert f"{counts.get('forecast', 0)} of {len(city.summary)} indicators forecast" in text
    assert f"{counts.get('skipped', 0)} skipped (not numeric)" in text
    if not (city.targets["year"] > 2023).any():
        assert text.endswith("The data hold no target after 2023: the plan period ends with 2023, so progress is "
                             "judged on what was observed up to 2023.")


def test_scope_in_bahasa_indonesia(city, monkeypatch):
    monkeypatch.setattr(i18n, "_language", "id")
    text = describe_forecast_scope(city, "Kota Bekasi", 2023, 2)
    counts = city.summary["status"].value_counts()
    assert text.startswith("**Kota Bekasi**, pengamatan sampai dengan 2023, proyeksi 2024–2025: ")
    assert f"{counts.get('forecast', 0)} dari {len(city.summary)} indikator diproyeksikan" in text
    assert f"{counts.get('skipped', 0)} dilewati (tidak numerik)" in text
    assert "observations" not in text and "forecast" not in text
    assert describe_report_target_heading(2023) == "**Target tahun laporan (2023), teramati**"


def test_scope_lists_the_target_years_ahead(ds):
    office = forecast_entity(ds, "disdukcapil-kota-bekasi", 2024, horizon=1)
    years = sorted({str(y) for y in office.targets.loc[office.targets["year"] > 2024, "year"]})
    text = describe_forecast_scope(office, "Disdukcapil", 2024, 1)
    n_targets = int((office.targets["year"] > 2024).sum())
    assert n_targets and f"The data hold {n_targets} target(s) after 2024" in text
    if years:
        assert f"({', '.join(years)})." in text


def test_entity_name_is_inert(city):
    text = describe_forecast_scope(city, "[klik](javascript:alert(1))", 2023, 2)
    assert "](javascript:" not in text
    assert shown_text(text).startswith("**[klik](javascript:alert(1))**")


def test_next_target_heading_says_when_no_target_lies_ahead():
    with_target = pd.DataFrame({"next_target_year": [2025.0, None]})
    without = pd.DataFrame({"next_target_year": [None, None]})
    assert describe_next_target_heading(with_target, 2023) == "**Forecast and next target**"
    assert "no target after 2023" in describe_next_target_heading(without, 2023)
    assert describe_report_target_heading(2024) == "**Report-year target (2024), observed**"


def test_accuracy_names_the_kinds_whose_probabilities_beat_the_base_rate(city):
    scores = city.pooled.scores
    chosen = scores[scores["chosen"].astype(bool) & (scores["kind"] != "all kinds")]
    text = describe_accuracy(city)
    for kind, skill in zip(chosen["kind"], chosen["brier_skill"]):
        clause = f"{kind} ({skill:.2f})"
        assert clause in text
        before_did_not = text.index(clause) < text.index("It did not") if "It did not" in text else True
        assert before_did_not == (skill > 0), (kind, skill, text)


def test_accuracy_without_a_backtest_says_so(city):
    import copy

    empty = copy.copy(city)
    empty.pooled = None
    assert describe_accuracy(empty) == "No pooled backtest scored a probability of meeting a target."


def test_each_forecast_table_can_show_names_beside_its_ids(ds):
    from lkip_helpers.forecasting import forecast_entity

    result = forecast_entity(ds, "kota-bekasi", 2023, horizon=2)
    named = result.named(result.targets)
    assert list(named.columns[:2]) == ["indicator_id", "name"]
    names = ds.indicators.set_index("indicator_id")["name"]
    assert (named["name"] == named["indicator_id"].map(names)).all() and named["name"].notna().all()
    assert result.named(result.summary) is result.summary  # a table with names stays as it is
