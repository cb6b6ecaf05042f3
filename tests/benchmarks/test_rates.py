"""Rates beside counts (lkip_helpers.benchmarks.rates): hand-computed on a small fixture with a
population per region, and the real data (which hold no population per region)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from lkip_helpers import benchmarks as bm
from lkip_helpers.data.dataset import Dataset
from lkip_helpers.data.i18n import set_language
from test_benchmarks import ENTITIES as ALL_ENTITIES

# the regions of the benchmark fixture, Cimahi included (it has a count but no population)
ENTITIES = [e for e in ALL_ENTITIES if e[0] in
            {"indonesia", "jawa-barat", "kota-bekasi", "kota-bogor", "kota-depok", "kota-cimahi", "kab-bogor"}]
INDICATORS = [
    ("jumlah-penduduk-miskin", "Jumlah Penduduk Miskin", "ribu jiwa", "lower_is_better"),
    ("pad", "Pendapatan Asli Daerah", "rupiah", "higher_is_better"),
    ("jumlah-penduduk", "Jumlah Penduduk", "jiwa", "neutral"),
]
# poor people (ribu jiwa) and population (jiwa); rates = poor × 1000 / population × 100:
# bekasi 5,2 %, bogor 7 %, depok 3 %, kab-bogor 10 %, province 8 %; Cimahi has no population
POOR = {"kota-bekasi": 130, "kota-bogor": 70, "kota-depok": 60, "kota-cimahi": 20, "kab-bogor": 500, "jawa-barat": 4000}
POPULATION = {
    "kota-bekasi": 2_500_000,
    "kota-bogor": 1_000_000,
    "kota-depok": 2_000_000,
    "kab-bogor": 5_000_000,
    "jawa-barat": 50_000_000,
}
PAD = {"kota-bekasi": 3e12, "kota-bogor": 1.5e12, "kab-bogor": 4e12}  # per kapita 1,2 jt, 1,5 jt, 0,8 jt


def _rows(indicator: str, values: dict[str, float], year: int = 2023, measure: str = "value") -> list[dict]:
    return [
        {
            "entity_id": e,
            "indicator_id": indicator,
            "year": year,
            "measure": measure,
            "value": float(v),
            "value_text": str(v),
            "document_id": "doc",
            "source_ref": f"Tabel {indicator}",
        }
        for e, v in values.items()
    ]


def _dataset(with_population: bool = True) -> Dataset:
    rows = _rows("jumlah-penduduk-miskin", POOR) + _rows("pad", PAD, measure="realisasi")
    if with_population:
        rows += _rows("jumlah-penduduk", POPULATION)
    tables = {
        "regional_benchmarks": pd.DataFrame(rows),
        "entities": pd.DataFrame(ENTITIES, columns=["entity_id", "name", "level", "parent_id"]),
        "indicators": pd.DataFrame(INDICATORS, columns=["indicator_id", "name", "unit", "polarity"]),
    }
    return Dataset(data_dir=Path("."), descriptor={}, tables=tables)


@pytest.fixture()
def rated() -> Dataset:
    return bm.with_rates(_dataset())


def test_rate_values_hand_computed(rated):
    rb = rated.tables["regional_benchmarks"]
    rate = rb[rb["indicator_id"] == "jumlah-penduduk-miskin-per-kapita"].set_index("entity_id")["value"]
    assert rate.to_dict() == pytest.approx(
        {"kota-bekasi": 5.2, "kota-bogor": 7.0, "kota-depok": 3.0, "kab-bogor": 10.0, "jawa-barat": 8.0}
    )
    assert "kota-cimahi" not in rate.index  # no population: no rate, never imputed
    pad = rb[rb["indicator_id"] == "pad-per-kapita"].set_index("entity_id")
    assert pad["value"].to_dict() == pytest.approx({"kota-bekasi": 1.2e6, "kota-bogor": 1.5e6, "kab-bogor": 0.8e6})
    assert set(pad["measure"]) == {"realisasi"}
    # both figures' provenance on the derived row
    assert pad.loc["kota-bekasi", "source_ref"] == "Tabel pad; Tabel jumlah-penduduk"


def test_rate_registry_rows(rated):
    ind = rated.indicators.set_index("indicator_id")
    assert ind.loc["jumlah-penduduk-miskin-per-kapita", "unit"] == "%"
    assert ind.loc["jumlah-penduduk-miskin-per-kapita", "polarity"] == "lower_is_better"
    assert ind.loc["pad-per-kapita", "unit"] == "rupiah per kapita"
    assert ind.loc["pad-per-kapita", "polarity"] == "higher_is_better"


def test_rate_ranks_differ_from_count_ranks(rated):
    table = bm.count_and_rate(rated, "jumlah-penduduk-miskin", 2023, "kota-bekasi")
    count, rate = table.iloc[0], table.iloc[1]
    # count (lower is better): cimahi 20, depok 60, bogor 70, bekasi 130, kab-bogor 500 → 4th of 5
    assert (count["rank"], count["n_ranked"]) == (4, 5)
    # rate: depok 3, bekasi 5,2, bogor 7, kab-bogor 10 → 2nd of 4; Cimahi (no population) missing → 2–3 of 5
    assert (rate["rank"], rate["n_ranked"]) == (2, 4)
    assert (rate["rank_best"], rate["rank_worst"], rate["n_possible"]) == (2, 3, 5)
    assert rate["unit"] == "%"


def test_rate_is_not_a_total_so_the_province_is_a_reference(rated):
    count = bm.benchmark_position(rated, "jumlah-penduduk-miskin", 2023, "kota-bekasi", "all")
    rate = bm.benchmark_position(rated, "jumlah-penduduk-miskin-per-kapita", 2023, "kota-bekasi", "all")
    assert count.gap_to_province is None and count.share_of_province is not None
    assert rate.gap_to_province == pytest.approx(5.2 - 8.0)
    assert rate.share_of_province is None
    assert "Kota Cimahi" in rate.missing_peer_names


def test_no_population_no_rates_and_the_reason():
    ds = _dataset(with_population=False)
    assert bm.with_rates(ds) is ds
    table = bm.count_and_rate(ds, "jumlah-penduduk-miskin", 2023, "kota-bekasi")
    assert list(table["metric"]) == ["Jumlah Penduduk Miskin"]
    try:
        set_language("id")
        assert "jumlah penduduk per wilayah" in bm.rates_note(ds, "jumlah-penduduk-miskin", 2023)
        set_language("en")
        assert "No population per region" in bm.rates_note(ds, "jumlah-penduduk-miskin", 2023)
    finally:
        set_language("id")
    assert bm.rates_note(bm.with_rates(_dataset()), "jumlah-penduduk-miskin", 2023) is None


def test_population_in_thousands_is_scaled():
    ds = _dataset()
    ind = ds.tables["indicators"]
    ds.tables["indicators"] = ind.assign(unit=ind["unit"].where(ind["indicator_id"] != "jumlah-penduduk", "ribu jiwa"))
    rb = ds.tables["regional_benchmarks"]
    is_pop = rb["indicator_id"] == "jumlah-penduduk"
    rb.loc[is_pop, "value"] = rb.loc[is_pop, "value"] / 1000
    rate = bm.with_rates(ds).tables["regional_benchmarks"]
    got = rate[rate["indicator_id"] == "jumlah-penduduk-miskin-per-kapita"].set_index("entity_id")["value"]
    assert got["kota-bekasi"] == pytest.approx(5.2)


def test_real_data_hold_no_population_per_region(ds):
    assert bm.with_rates(ds) is ds
    assert bm.rates_note(ds, "jumlah-penduduk-miskin", 2023)
