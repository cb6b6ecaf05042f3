"""Tests of lkip_helpers.benchmarks.sections: the notebook's sections follow the regional tables
the data hold — Kota Bekasi's, a copy with some tables removed, a copy with a table added."""

from __future__ import annotations

import pandas as pd
import pytest

from lkip_helpers.benchmarks import benchmark_sections, indicator_kind, section_positions
from lkip_helpers.data import i18n
from lkip_helpers.data.dataset import load_dataset


def _by_key(sections):
    return {s.key: s for s in sections}


def _text(section) -> str:
    return "\n".join(p for p in section.parts if isinstance(p, str))


def test_sections_of_the_city_report(ds, english):
    sections = benchmark_sections(ds, "kota-bekasi", 2023)
    assert [(s.kind, s.key) for s in sections] == [
        ("ranked", "Tabel 3.7"), ("ranked", "Tabel 3.13"), ("ranked", "Tabel 3.14"), ("categorical", "Tabel 3.4"),
        ("levels", "levels"), ("ipg", "ipg"), ("few", "Tabel 3.12"), ("average", "Bab III.B Sasaran 1 IKU 1 (text)"),
        ("printed_rank", "Bab III.B Sasaran 1 IKU 2 (text)"), ("heatmap", "heatmap")]
    by = _by_key(sections)
    assert set(by["levels"].indicators) == {"tpt", "laju-inflasi", "kemantapan-jalan"}
    assert by["Tabel 3.12"].indicators == ("jumlah-lkpm", "jumlah-tenaga-kerja-investasi", "nilai-investasi",
                                           "kontribusi-investasi-provinsi")
    # the description is read from the rows: 23 kabupaten/kota and the province, 2020–2023, the unit and polarity
    poverty = by["Tabel 3.13"]
    assert poverty.title == "Jumlah Penduduk Miskin (Tabel 3.13)"
    assert "Tabel 3\\.13 of Laporan Kinerja Instansi Pemerintah" in poverty.description
    assert ("Jumlah Penduduk Miskin: 23 kabupaten/kota, the province; 2020–2023; unit ribu jiwa; lower is better."
            in poverty.description)
    assert "no gap to the province" in poverty.description
    # the numbers: the poverty rank among the 23 regions, computed here from the CSV
    rb = ds.tables["regional_benchmarks"].merge(ds.entities[["entity_id", "level"]], on="entity_id")
    pov = rb[(rb["indicator_id"] == "jumlah-penduduk-miskin") & (rb["year"] == 2023) & rb["level"].isin(["kota", "kabupaten"])]
    mine = pov.loc[pov["entity_id"] == "kota-bekasi", "value"].iloc[0]
    (p,) = poverty.positions
    assert (p.rank, p.n_ranked) == (1 + int((pov["value"] < mine).sum()), len(pov)) == (9, 23)
    assert len(poverty.figures) == 2  # dot plot and slope chart 2021→2023
    assert {(i, y) for i, y, _ in poverty.rank_items} == {("jumlah-penduduk-miskin", y) for y in (2021, 2022, 2023)}
    # PAD: three measures ranked, the printed "urutan ke-2" checked
    pad = by["Tabel 3.7"]
    assert [p.measure for p in pad.positions] == ["target", "realisasi", "capaian"]
    assert [int(p.rank) for p in pad.positions] == [1, 2, 4]
    assert "by realisasi 2 = 2 (matches); by target 1 ≠ 2 (does not match)" in _text(pad)
    assert "Governments in Tabel 3.7: Kabupaten Bekasi, Kota Bogor, Kota Depok, Kota Cilegon, Kota Bekasi" in _text(pad)
    # Tabel 3.12 whole, with the West Java total implied by each printed share
    assert "The ranges overlap: the printed shares agree with one provincial total." in _text(by["Tabel 3.12"])
    assert "67,10 (Tabel 3.1), 2.31 points below" in _text(by["Bab III.B Sasaran 1 IKU 1 (text)"])
    assert "Kota Bekasi: printed rank ke-17 of 27 → percentile 40.74" in _text(by["Bab III.B Sasaran 1 IKU 2 (text)"])
    assert len(section_positions(sections)) == 5  # PAD ×3, poverty, garis kemiskinan


def test_descriptions_in_both_languages(ds, monkeypatch):
    monkeypatch.setattr(i18n, "_language", "id")
    poverty = _by_key(benchmark_sections(ds, "kota-bekasi", 2023))["Tabel 3.13"]
    assert "Dimuat dalam Bab III\\.B Sasaran 4 IKU 11 \\(text\\); Tabel 3\\.13 pada" in poverty.description
    assert "23 kabupaten/kota, provinsi; 2020–2023; satuan ribu jiwa; makin rendah makin baik." in poverty.description


def test_sections_follow_the_tables_a_copy_has(data_copy, english):
    """Tables removed give no section; an added table of another kind gets its own, ranked from its rows."""
    rb = pd.read_csv(data_copy / "regional_benchmarks.csv", dtype=str, keep_default_na=False)
    rb = rb[~rb["indicator_id"].isin(["opini-bpk", "pad", "eppd", "tpt", "laju-inflasi", "kemantapan-jalan"])]
    # an added table: the garis kemiskinan of 2023 printed again as an index where higher is better
    extra = rb[(rb["indicator_id"] == "garis-kemiskinan") & (rb["year"] == "2023")].copy()
    extra = extra.assign(indicator_id="indeks-uji", source_ref="Tabel 9.1")
    pd.concat([rb, extra]).to_csv(data_copy / "regional_benchmarks.csv", index=False)
    ind = pd.read_csv(data_copy / "indicators.csv", dtype=str, keep_default_na=False)
    row = ind[ind["indicator_id"] == "garis-kemiskinan"].assign(indicator_id="indeks-uji", name="Indeks Uji (IU)",
                                                                polarity="higher_is_better", unit="indeks")
    pd.concat([ind, row]).to_csv(data_copy / "indicators.csv", index=False)
    copy = load_dataset(data_copy)
    sections = benchmark_sections(copy, "kota-bekasi", 2023)
    keys = [s.key for s in sections]
    assert "Tabel 3.7" not in keys and "Tabel 3.4" not in keys and "levels" not in keys
    assert "Bab III.B Sasaran 1 IKU 2 (text)" not in keys
    added = _by_key(sections)["Tabel 9.1"]
    assert added.kind == "ranked" and added.title == "IU (Tabel 9.1)"
    assert "23 kabupaten/kota, the province; 2023; unit indeks; higher is better." in added.description
    values = extra.merge(copy.entities[["entity_id", "level"]], on="entity_id")
    values = values[values["level"].isin(["kota", "kabupaten"])].set_index("entity_id")["value"].astype(float)
    (p,) = added.positions
    assert p.rank == 1 + int((values > values["kota-bekasi"]).sum())
    assert len(added.figures) == 1  # one year: a dot plot, no change


def test_a_table_after_the_report_year_is_a_note(ds, english):
    """Read for 2022, Tabel 3.12 (2023 only) says it is left out; the poverty table is read at 2022."""
    by = _by_key(benchmark_sections(ds, "kota-bekasi", 2022))
    assert by["Tabel 3.12"].note.startswith("The regional tables hold no jumlah-lkpm, jumlah-tenaga-kerja-investasi")
    assert by["Tabel 3.12"].parts == ()
    assert [p.year for p in by["Tabel 3.13"].positions] == [2022]


@pytest.mark.parametrize(("indicator", "kind"), [("jumlah-penduduk-miskin", "ranked"), ("opini-bpk", "categorical"),
                                                 ("tpt", "levels"), ("kontribusi-investasi-provinsi", "few"),
                                                 ("akip-rata-rata-kabupaten-kota", "average"), ("eppd", "printed_rank"),
                                                 ("pendapatan-nasional", None), ("nilai-investasi-pma", None)])
def test_indicator_kind(ds, indicator, kind):
    assert indicator_kind(ds, indicator, 2023) == kind


def test_figures_draw(ds, english):
    import matplotlib.pyplot as plt

    for section in benchmark_sections(ds, "kota-bekasi", 2023):
        for draw in section.figures:
            drawn = draw()
            fig = drawn if hasattr(drawn, "savefig") else drawn.figure
            assert fig.axes, section.key
            plt.close(fig)
