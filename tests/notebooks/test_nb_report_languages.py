"""The helpers' sentences, table words and numbers of a report come out in the reader's language:
each notebook executed with ``lang="id"`` and ``lang="en"``; an Indonesian sentence (or number
notation) is in the Indonesian report and its English counterpart is not, and vice versa."""

from __future__ import annotations

import html
import re

import pytest

from lkip_helpers.forecasting import forecast_entity

LANGS = ("id", "en")


def shown(nb) -> str:
    """Everything a reader sees of the outputs of ``nb``: printed lines, Markdown, the text of
    HTML tables (tags removed, entities resolved) and plain reprs, whitespace squeezed to single spaces."""
    texts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream":
                texts.append(out.get("text", ""))
            data = out.get("data", {})
            if "text/html" in data:
                texts.append(html.unescape(re.sub(r"<[^>]+>", " ", data["text/html"])))
            elif "text/markdown" in data:
                texts.append(data["text/markdown"])
            elif "text/plain" in data and "image/png" not in data:  # an object's repr, e.g. an exercise's verdict
                texts.append(data["text/plain"])
    return " ".join(" ".join(texts).split())


def assert_language(text: str, own: list[str], other: list[str], lang: str) -> None:
    for words in own:
        assert words in text, f"{words!r} missing from the {lang} report"
    for words in other:
        assert words not in text, f"{words!r} (the other language) in the {lang} report"


# --- 03_forecast ------------------------------------------------------------------------------------
FORECAST_WORDS = {
    "id": ["pengamatan sampai dengan 2023, proyeksi 2024–2026", "Target tahun laporan (2023), teramati",
           "Proyeksi dan target berikutnya", "data tidak cukup", "target sudah tercapai", "dilewati (tidak numerik)"],
    "en": ["observations up to 2023, forecast 2024–2026", "Report-year target (2023), observed",
           "Forecast and next target", "insufficient data", "target already reached", "skipped (not numeric)"],
}


@pytest.fixture(scope="module")
def forecast_reports(executed_notebook):
    return {lang: shown(executed_notebook("03_forecast", lang=lang)) for lang in LANGS}


@pytest.mark.parametrize("lang", LANGS)
def test_forecast_sentences_and_table_words_in_the_readers_language(forecast_reports, lang):
    other = "en" if lang == "id" else "id"
    assert_language(forecast_reports[lang], FORECAST_WORDS[lang], FORECAST_WORDS[other], lang)


def test_forecast_numbers_in_the_readers_notation(ds, forecast_reports):
    """The AKIP row of the report-year table: last value and target in each notation."""
    row = forecast_entity(ds, "kota-bekasi", 2023, horizon=3).summary.set_index("indicator_id").loc["kota-akip"]
    for lang, sep in (("id", ","), ("en", ".")):
        value, target = (f"{v:.2f}".replace(".", sep) for v in (row["last_value"], row["report_target"]))
        assert f"{row['name']} 2023 {value} 2023 {target}" in forecast_reports[lang]
    assert "67,10" in forecast_reports["id"] and "67.10" not in forecast_reports["id"]
    assert "67.10" in forecast_reports["en"] and "67,10" not in forecast_reports["en"]


# --- 04_regional_benchmarks and 05_unit_performance ------------------------------------------------
BENCHMARK_WORDS = {
    "id": ["Daerah fokus: Kota Bekasi (kota-bekasi); kelompok pembanding: all", "Kota Bekasi termuat dalam",
           "Pemerintah daerah dalam Tabel 3.7:", "porsi yang tercetak sesuai dengan satu total provinsi",
           "poin di bawah", "daerah berada dalam kategori dasar", "Kota Bekasi berperingkat", ", persentil",
           "daripada median kelompok pembanding"],
    "en": ["Focal region: Kota Bekasi (kota-bekasi); peer group: all", "Kota Bekasi appears in",
           "Governments in Tabel 3.7:", "the printed shares agree with one provincial total",
           "points below", "regions share the base category", "Kota Bekasi ranks", ", percentile",
           "than the peer median"],
}
UNIT_WORDS = {
    "id": ["perangkat daerah dengan nilai AKIP (Tabel 3.3)", "unit pelayanan dengan nilai IKM",
           "predikat AKIP tercetak berbeda dari rentang nilainya", "unit hanya dinilai dalam satu tabel"],
    "en": ["perangkat daerah with an AKIP score (Tabel 3.3)", "service units with an IKM score",
           "AKIP predicates printed differently from their score's band", "units scored in one table only"],
}


@pytest.mark.parametrize("lang", LANGS)
def test_benchmark_sentences_in_the_readers_language(executed_notebook, lang):
    other = "en" if lang == "id" else "id"
    text = shown(executed_notebook("04_regional_benchmarks", lang=lang))
    assert_language(text, BENCHMARK_WORDS[lang], BENCHMARK_WORDS[other], lang)


def test_benchmark_numbers_in_the_readers_notation(executed_notebook):
    """The AKIP gap to the West Java average: 67,10 against 69,41 (Tabel 3.1, Bab III), 2,31 points."""
    import pandas as pd

    from lkip_helpers.data.dataset import load_dataset
    from lkip_helpers.data.paths import PROJECT_ROOT

    regional = pd.read_csv(PROJECT_ROOT / "data" / "regional_benchmarks.csv")
    average = regional[(regional["indicator_id"] == "akip-rata-rata-kabupaten-kota") & (regional["year"] == 2023)]
    gap = f"{float(average['value'].iloc[0]) - 67.10:.2f}"
    texts = {lang: shown(executed_notebook("04_regional_benchmarks", lang=lang)) for lang in LANGS}
    assert f"{gap.replace('.', ',')} poin di bawah" in texts["id"]
    assert f"{gap} points below" in texts["en"]
    from lkip_helpers.benchmarks import benchmark_position, latest_year

    ds = load_dataset(PROJECT_ROOT / "data")
    poverty = benchmark_position(ds, "jumlah-penduduk-miskin", latest_year(ds, "jumlah-penduduk-miskin", 2023, "value"),
                                 "kota-bekasi", "all")
    percentile = f"{poverty.percentile:.2f}"
    assert f"persentil {percentile.replace('.', ',')}" in texts["id"]
    assert f"percentile {percentile}" in texts["en"]


@pytest.mark.parametrize("lang", LANGS)
def test_unit_lines_in_the_readers_language(ds, executed_notebook, lang):
    other = "en" if lang == "id" else "id"
    text = shown(executed_notebook("05_unit_performance", lang=lang))
    assert_language(text, UNIT_WORDS[lang], UNIT_WORDS[other], lang)
    from lkip_helpers.reports.unit_performance import akip_ikm_match

    rho = f"{akip_ikm_match(ds, 'kota-bekasi', 2023).spearman:.3f}"
    assert f"Spearman rho = {rho.replace('.', ',') if lang == 'id' else rho}" in text


# --- 06_sakip_primer ------------------------------------------------------------------------------
PRIMER_WORDS = {
    "id": ["Latihan 1: capaian, makin tinggi makin baik", "Belum dijawab: ganti None dengan jawaban Anda", "belum dijawab",
           "Berapa capaiannya dalam % (2 desimal)?", "Jumlah komponen =", "Tidak ada target mendatang",
           "makin rendah makin baik, sehingga capaian = target / realisasi × 100"],
    "en": ["Exercise 1: capaian, higher is better", "Not answered yet: replace None with your answer", "not answered yet",
           "What is the capaian in % (2 decimals)?", "Sum of the components =", "No future target",
           "lower-is-better, so capaian = target / realisasi × 100"],
}


@pytest.mark.parametrize("lang", LANGS)
def test_primer_lesson_and_exercises_in_the_readers_language(executed_notebook, lang):
    other = "en" if lang == "id" else "id"
    text = shown(executed_notebook("06_sakip_primer", lang=lang))
    assert_language(text.replace("\\", ""), PRIMER_WORDS[lang], PRIMER_WORDS[other], lang)


def test_primer_numbers_in_the_readers_notation(ds, executed_notebook):
    """The AKIP components of the city (Tabel 3.2) sum to 67,10 / 67.10 in the lesson's sentence."""
    from lkip_helpers.primer import akip_components_example, akip_what_if_base

    total = akip_what_if_base(akip_components_example(ds, "kota-bekasi", 2023).frame).component_sum
    for lang, sep in (("id", ","), ("en", ".")):
        text = shown(executed_notebook("06_sakip_primer", lang=lang)).replace("\\", "")
        assert f"= **{total:.2f}**".replace(".", sep) in text
