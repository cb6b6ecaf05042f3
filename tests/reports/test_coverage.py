"""Every numbered table of both reports, and the narrative series named in the data brief, are in data/."""

from __future__ import annotations

import re

import pytest


def _refs(ds) -> set[tuple[str, str]]:
    out = set()
    for table in ds.tables.values():
        if "source_ref" in table.columns and "document_id" in table.columns:
            for doc, ref in zip(table["document_id"], table["source_ref"]):
                out |= {(doc, part) for part in ref.split("; ")}
    return out


def test_every_numbered_table_is_present(ds, sources):
    refs = _refs(ds)
    missing = []
    for doc in ds["documents"].itertuples():
        text = (sources / doc.source_file).read_text(encoding="utf-8")
        numbers = set(re.findall(r"^\**Tabel\s+(\d+\.\d+)\b", text, flags=re.MULTILINE))
        assert len(numbers) >= 20, f"too few tables found in {doc.source_file}"
        for n in sorted(numbers):
            if (doc.document_id, f"Tabel {n}") not in refs:
                missing.append(f"{doc.document_id}: Tabel {n}")
    assert not missing, missing


@pytest.mark.parametrize(
    "table, column, value",
    [
        ("indicator_values", "indicator_id", "kota-prevalensi-stunting"),
        ("indicator_values", "indicator_id", "kota-harapan-lama-sekolah"),
        ("indicator_values", "indicator_id", "kota-rata-rata-lama-sekolah"),
        ("indicator_values", "indicator_id", "kota-pengeluaran-perkapita"),
        ("regional_benchmarks", "indicator_id", "tpt"),
        ("regional_benchmarks", "indicator_id", "laju-inflasi"),
        ("regional_benchmarks", "indicator_id", "garis-kemiskinan"),
        ("regional_benchmarks", "indicator_id", "jumlah-penduduk-miskin"),
        ("regional_benchmarks", "indicator_id", "opini-bpk"),
        ("regional_benchmarks", "indicator_id", "pad"),
        ("stats-dtks", "category", "Kecamatan Bekasi Barat"),
        ("stats-ipg-comparison", "variable", "ipg_gap_points"),
        ("stats-kelurahan-areas", "variable", "rw_count"),
        ("stats-crime-cases", "variable", "cases"),
        ("stats-pad-komponen", "variable", "realisasi"),
        ("stats-dukcapil-ikm-respondents", "variable", "respondents"),
    ],
)
def test_narrative_series_are_present(ds, table, column, value):
    assert (ds[table][column] == value).any(), f"{table}.{column} has no {value!r}"


def test_stunting_series_covers_2020_to_2023(ds):
    iv = ds["indicator_values"]
    years = set(iv.loc[iv["indicator_id"] == "kota-prevalensi-stunting", "year"])
    assert {2020, 2021, 2022, 2023} <= years


def test_unit_scores_cover_44_offices_and_96_service_units(ds):
    us = ds["unit_scores"]
    assert (us["score_type"] == "akip").sum() == 44
    assert (us["score_type"] == "ikm").sum() == 96


def test_city_plan_structure(ds):
    ind = ds.indicators
    city_iku = ind[(ind["entity_id"] == "kota-bekasi") & (ind["role"] == "iku")]
    assert len(city_iku) == 26 and sorted(city_iku["iku_no"]) == list(range(1, 27))
    assert len(ds["misi"]) == 5
    sas = ds["sasaran"]
    assert (sas["entity_id"] == "kota-bekasi").sum() == 14
    assert city_iku["sasaran_id"].notna().all()


def test_discrepancies_name_existing_tables(ds):
    tables = {name.replace("stats-", "stats/", 1) for name in ds.tables}
    bad = [r for r in ds["discrepancies"]["resource"].dropna() if r not in tables]
    assert not bad, bad
