"""The overview and mission notebooks: every valid parameter set runs and shows the right numbers;
every kind of invalid parameter stops in the validation cell with one clear message."""

from __future__ import annotations

import pytest

from conftest import assert_stops_in_validation_cell, run_notebook, shown_text, tagged_outputs
from lkip_helpers.measurement import status_rollup
from lkip_helpers.reports.scorecard import iku_scorecard

REPORTS = [("kota-bekasi", 2023), ("disdukcapil-kota-bekasi", 2024)]

# Figures printed in the reports, counted by hand (independent of the code under test):
# city Tabel 3.1, IKU tercapai when the printed capaian is >= 100, per misi;
# Disdukcapil Tabel 3.1 (all three IKU reached).
REPORTED_ENTITY = {
    ("kota-bekasi", 2023): "11 of 26 reached, 42.31%",
    ("disdukcapil-kota-bekasi", 2024): "3 of 3 reached, 100.00%",
}
REPORTED_MISI = {1: "0 of 5 reached, 0.00%", 2: "3 of 4 reached, 75.00%", 3: "2 of 8 reached, 25.00%",
                 4: "3 of 4 reached, 75.00%", 5: "3 of 5 reached, 60.00%"}
# the same counts as a reader of the default language (Bahasa Indonesia) sees them
REPORTED_ENTITY_ID = {
    ("kota-bekasi", 2023): "11 dari 26 tercapai, 42,31 %",
    ("disdukcapil-kota-bekasi", 2024): "3 dari 3 tercapai, 100,00 %",
}
REPORTED_MISI_ID = {1: "0 dari 5 tercapai, 0,00 %", 2: "3 dari 4 tercapai, 75,00 %", 3: "2 dari 8 tercapai, 25,00 %",
                    4: "3 dari 4 tercapai, 75,00 %", 5: "3 dari 5 tercapai, 60,00 %"}


@pytest.fixture()
def in_language(monkeypatch):
    """``in_language(lang)``: the helpers called by the test write ``lang`` (as the notebook's
    ``lang`` parameter makes them do in the kernel)."""
    from lkip_helpers.data import i18n

    return lambda lang: monkeypatch.setattr(i18n, "_language", lang)


def _rows(text: str) -> list[list[str]]:
    """The whitespace-split data rows of a DataFrame's text form (header dropped)."""
    return [line.split() for line in text.splitlines()[1:] if line.strip()]


def _markdown(nb, tag: str) -> str:
    """The Markdown shown by the cells tagged ``tag``, as a reader sees it (escapes resolved)."""
    return shown_text("".join(
        o.get("data", {}).get("text/markdown", "")
        for c in nb.cells if tag in c.get("metadata", {}).get("tags", [])
        for o in c.get("outputs", [])
    ))


@pytest.mark.parametrize("entity, year", REPORTS)
@pytest.mark.parametrize("lang", ["en", "id"])
def test_overview_shows_the_status_counts(ds, executed_notebook, in_language, entity, year, lang):
    nb = executed_notebook("01_overview", entity=entity, year=year, lang=lang)
    shown = tagged_outputs(nb, "summary")
    reported, reported_misi = (REPORTED_ENTITY, REPORTED_MISI) if lang == "en" else (REPORTED_ENTITY_ID, REPORTED_MISI_ID)
    assert reported[(entity, year)] in shown  # the report's own count
    in_language(lang)
    expected = status_rollup(iku_scorecard(ds, entity, year), "entity").iloc[0]  # consistency with the engine
    assert expected["summary"] in shown
    assert f"{expected['share_tercapai']:.2f}" in shown
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors
    if entity == "kota-bekasi":
        by_misi = tagged_outputs(nb, "by-level")
        for misi, summary in reported_misi.items():
            assert summary in by_misi, f"misi {misi}: expected {summary!r} in\n{by_misi}"


def test_overview_of_the_disdukcapil_shows_coverage_ikm_and_discrepancies(executed_notebook):
    """Tabel 3.4: KK coverage 98.96% (799.841 / 808.259); the per-period IKM table: Triwulan IV
    93.86, annual 93.71. The KTP-el ratio recomputed from the printed '.882.346' is 46.87%, shown
    with the discrepancies that explain it (dukcapil-a-005 misprint, dukcapil-a-007 ratio)."""
    nb = executed_notebook("01_overview", entity="disdukcapil-kota-bekasi", year=2024, lang="en")
    coverage = _rows(tagged_outputs(nb, "coverage"))
    kk = [r for r in coverage if "Keluarga" in r]
    assert kk and "98.96" in kk[0] and "98.96%" in kk[0] and "799,841" in kk[0] and "808,259" in kk[0]
    ktp = [r for r in coverage if "KTP-el" in r]
    assert ktp and "46.87" in ktp[0] and "99.95%" in ktp[0] and "882,346" in ktp[0]
    notes = _markdown(nb, "coverage-discrepancies")
    assert "**dukcapil-a-005**" in notes and ".882.346" in notes and "**dukcapil-a-007**" in notes
    periods = {r[1]: r for r in _rows(tagged_outputs(nb, "ikm-periods"))}
    assert "93.86" in periods["Q4"] and "93.71" in periods["annual"]
    narrative = _markdown(nb, "narrative")
    assert "Rp 66.38 billion" in narrative and "TOTAL BELANJA, Tabel 3.20) is a pagu of Rp 40.17 billion" in narrative
    assert "**3 of 3 IKU with a previous value improved**" in narrative  # 85,51% / 91.55% / 80,97 in 2023


def test_overview_of_the_city_lists_the_capaian_discrepancies(executed_notebook):
    """Tabel 3.1 capaian 249,12 (IKU 6), 570,00 (IKU 21) and 99,83 (IKU 25) do not follow from the
    printed target and realisasi; each is listed with its discrepancy row under the table."""
    nb = executed_notebook("01_overview", lang="en")
    notes = _markdown(nb, "mismatch-discrepancies")
    for did in ("city-a-014", "city-a-015", "city-a-016"):
        assert f"**{did}**" in notes
    # the note and location of data/discrepancies.csv in English (its note / location columns)
    assert "IKU 6 Indeks Infrastruktur Ke-PU-an, column CAPAIAN (%)): Printed capaian does not follow" in notes
    assert "tercetak" not in notes and "kolom" not in notes
    table = tagged_outputs(nb, "iku-table")
    assert "improved" in table and "worsened" in table and "unchanged" in table
    # Bab III.B: 10 of the 17 IKU with a numeric 2022 realisasi moved the right way (counted by hand)
    assert "**10 of 17 IKU with a previous value improved**" in _markdown(nb, "narrative")


def test_overview_numbers_for_the_city_match_the_report(executed_notebook):
    """Tabel 3.1 and Bab III.A: 11 of 26 IKU reached (42,31%), 13 not (50,00%), 2 without value."""
    shown = tagged_outputs(executed_notebook("01_overview", lang="en"), "summary")
    assert "11 of 26 reached, 42.31%" in shown
    line = [l for l in shown.splitlines() if "26" in l][0].split()
    assert line[1:5] == ["26", "11", "13", "2"]


def _html(nb, tag: str) -> str:
    """The HTML shown by the cells tagged ``tag``."""
    return "".join(o.get("data", {}).get("text/html", "")
                   for c in nb.cells if tag in c.get("metadata", {}).get("tags", []) for o in c.get("outputs", []))


def test_overview_in_bahasa_indonesia_by_default(executed_notebook):
    """The default report speaks Bahasa Indonesia with Indonesian numbers: the status count, the
    narrative (Bab III.B: 10 of 17 IKU improved) and the AKIP capaian 87,14 of Tabel 3.1."""
    nb = executed_notebook("01_overview")
    assert "11 dari 26 tercapai, 42,31 %" in _html(nb, "summary")
    narrative = _markdown(nb, "narrative")
    assert "Pada tahun 2023, kinerja Kota Bekasi diukur dengan **26 IKU**" in narrative
    assert "**10 dari 17 IKU yang memiliki nilai tahun sebelumnya membaik**" in narrative
    assert "(capaian 249,10 %;" in narrative and "249.10" not in narrative
    assert "Rp 6,81 T" in narrative and "trillion" not in narrative and " of " not in narrative
    table = _html(nb, "iku-table")
    assert "87,14" in table and "87.14" not in table
    notes = _markdown(nb, "mismatch-discrepancies")
    assert "**city-a-014** (aritmetika;" in notes
    # the note and location in Bahasa Indonesia (note_id / location_id of data/discrepancies.csv)
    assert ("(aritmetika; IKU 6 Indeks Infrastruktur Ke-PU-an, kolom CAPAIAN (%)): Capaian yang tercetak tidak "
            "sesuai dengan hasil bagi realisasi/target yang tercetak (selisih 0,02).") in notes
    assert "Printed capaian" not in notes and "column" not in notes


def test_best_and_weakest_of_a_misi_without_any_reached_iku(executed_notebook):
    """Misi 1 (Tabel 3.1): none of its IKU reached its target, so the narrative names the closest
    and the furthest result, never a "strongest" one."""
    narrative = _markdown(executed_notebook("02_mission", misi=1, lang="en"), "narrative")
    assert "No numeric result reached its target: the closest to it was" in narrative
    assert "strongest" not in narrative


@pytest.mark.parametrize("misi", [1, 2, 3, 4, 5])
def test_mission_runs_for_every_misi(ds, executed_notebook, in_language, misi):
    nb = executed_notebook("02_mission", entity="kota-bekasi", year=2023, misi=misi)
    assert REPORTED_MISI_ID[misi] in tagged_outputs(nb, "misi-summary")  # the report's own count
    shown = tagged_outputs(nb, "summary")
    in_language("id")
    card = iku_scorecard(ds, "kota-bekasi", 2023)
    card = card[card["misi_no"] == misi]
    for _, row in status_rollup(card, "sasaran").iterrows():  # consistency with the engine
        assert row["summary"] in shown
    table = tagged_outputs(nb, "iku-table")
    assert "direction" in table and "discrepancies" in table
    assert f"Misi {misi}:" in "".join(
        o.get("data", {}).get("text/markdown", "") for c in nb.cells for o in c.get("outputs", [])
    )


def test_misi_1_summary_matches_the_report(executed_notebook):
    """Misi I: 5 IKU under one sasaran, none reached (AKIP 87,14, EPPD 91,35, PAD 47,95, IKM 97,79; BPK no value)."""
    shown = tagged_outputs(executed_notebook("02_mission", misi=1, lang="en"), "summary")
    assert "0 of 5 reached, 0.00%" in shown
    assert "0 dari 5 tercapai, 0,00 %" in tagged_outputs(executed_notebook("02_mission", misi=1), "summary")


INVALID = [
    ("01_overview", {"entity": "kota-atlantis"}, "unknown entity 'kota-atlantis'; valid choices: disdukcapil-kota-bekasi, kota-bekasi"),
    ("01_overview", {"year": 2031}, "valid years: 2023"),
    ("01_overview", {"year": "abc"}, "parameter 'year' must be of type int, got 'abc'"),
    ("01_overview", {"colour": "red"}, "unknown parameter(s) colour; this notebook takes: entity, lang, year"),
    ("01_overview", {"lang": "fr"}, "unknown language 'fr'; valid: id, en (id: Bahasa Indonesia, en: English)"),
    ("02_mission", {"misi": 9}, "misi 9 is out of range for 'kota-bekasi'; valid: 1, 2, 3, 4, 5"),
    ("02_mission", {"misi": "2"}, "parameter 'misi' must be of type int"),
    ("02_mission", {"entity": "disdukcapil-kota-bekasi", "year": 2024}, "has no RPJMD misi"),
]


@pytest.mark.parametrize("name, params, message", INVALID)
def test_invalid_parameters_stop_in_the_validation_cell(tmp_path, name, params, message):
    assert_stops_in_validation_cell(name, tmp_path, params, message)


def test_a_bad_parameter_is_refused_in_the_reports_language(tmp_path):
    """Without ``lang`` the report is in Bahasa Indonesia, and so is the message that stops it."""
    assert_stops_in_validation_cell("01_overview", tmp_path, {"entity": "kota-atlantis", "lang": "id"},
                                    "entitas 'kota-atlantis' tidak dikenal; pilihan yang sah: disdukcapil-kota-bekasi, kota-bekasi")
