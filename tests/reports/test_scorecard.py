"""Scorecard, efficiency, coverage, IKM and narrative on the reports' own figures."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from conftest import shown_text

from lkip_helpers.data import i18n
from lkip_helpers.reports.coverage import sub_indicator_breakdown
from lkip_helpers.reports import iku_efficiency
from lkip_helpers.reports.ikm_views import ikm_by_period, ikm_unsur_matrix
from lkip_helpers.reports.narrative import describe_scorecard
from lkip_helpers.reports.scorecard import (
    best_and_worst,
    discrepancy_links,
    discrepancy_notes,
    entity_budget_total,
    iku_scorecard,
    predicate,
    related_discrepancies,
    trajectories,
)


@pytest.fixture(scope="module")
def city(ds):
    return iku_scorecard(ds, "kota-bekasi", 2023)


@pytest.fixture()
def indonesian(monkeypatch):
    """The helpers write Bahasa Indonesia for the test (the default language of the reports)."""
    monkeypatch.setattr(i18n, "_language", "id")


def test_city_scorecard_reproduces_tabel_3_1(city):
    assert len(city) == 26 and list(city["iku_no"]) == list(range(1, 27))
    akip = city.set_index("indicator_id").loc["kota-akip"]
    assert (akip["target"], akip["realisasi"], akip["capaian_printed"]) == (77.0, 67.10, 87.14)
    assert round(akip["capaian"], 2) == 87.14 and akip["status"] == "tidak tercapai"
    counts = city["status"].value_counts().to_dict()
    assert counts == {"tercapai": 11, "tidak tercapai": 13, "belum ada nilai": 2}


def test_lower_is_better_and_negative_rows(city):
    rows = city.set_index("indicator_id")
    assert round(rows.loc["kota-laju-inflasi", "capaian"], 2) == 112.42  # 3,53 / 3,14
    assert round(rows.loc["kota-pertumbuhan-investasi", "capaian"], 2) == -179.25  # -7,17 / 4,00
    assert rows.loc["kota-opini-bpk", "status"] == "belum ada nilai"  # realisasi N/A, never 0


def test_every_capaian_mismatch_is_a_known_discrepancy(ds, city):
    """Each printed capaian that does not follow from its inputs has a discrepancy row whose
    audit_key is ``capaian:<document>:<indicator>:<year>`` (the audit's key for that figure)."""
    off = city[city["capaian_matches"].eq(False)]
    assert set(off["iku_no"]) == {6, 21, 25}
    disc = ds["discrepancies"]
    keys = set(disc["audit_key"].dropna())
    for ind in off["indicator_id"]:
        key = f"capaian:lkip-kota-bekasi-2023:{ind}:2023"
        assert key in keys, f"capaian of {ind} has no discrepancy row with audit_key {key}"
        ids = set(disc.loc[disc["audit_key"] == key, "discrepancy_id"])
        shown = set(city.set_index("indicator_id").loc[ind, "discrepancies"].split(", "))
        assert ids <= shown, f"{ind}: scorecard lists {shown}, audit_key rows are {ids}"
    # the keys as written in data/discrepancies.csv (checked by hand)
    infra = "capaian:lkip-kota-bekasi-2023:kota-indeks-infrastruktur-pu:2023"
    assert {"city-a-014", "city-c-001"} <= set(disc.loc[disc["audit_key"] == infra, "discrepancy_id"])
    assert {"city-a-015", "city-d-001"} == set(
        disc.loc[disc["audit_key"] == "capaian:lkip-kota-bekasi-2023:kota-prestasi-pemuda:2023", "discrepancy_id"]
    )


def test_related_discrepancies_of_the_ktp_el_coverage(ds):
    """KTP-el 2024: the '.882.346' numerator (dukcapil-a-005, keyed by the audit's coverage check),
    the 99.95% ratio (a-007) and the capaian (a-013); the 2023 capaian (a-010) belongs to 2023 only."""
    rel = related_discrepancies(ds, "dukcapil-cakupan-ktp-el", 2024)
    assert set(rel["discrepancy_id"]) == {"dukcapil-a-005", "dukcapil-a-007", "dukcapil-a-013"}
    how = rel.set_index("discrepancy_id")["matched_by"]
    assert how["dukcapil-a-005"] == "audit_key" and how["dukcapil-a-007"] == "audit_key"
    assert set(related_discrepancies(ds, "dukcapil-cakupan-ktp-el", 2023)["discrepancy_id"]) == {"dukcapil-a-010"}
    everything = set(related_discrepancies(ds, "dukcapil-cakupan-ktp-el")["discrepancy_id"])
    assert everything == {"dukcapil-a-005", "dukcapil-a-007", "dukcapil-a-010", "dukcapil-a-013"}
    with pytest.raises(ValueError, match="unknown indicator_id 'kota-foo'"):
        related_discrepancies(ds, "kota-foo")


def test_discrepancy_links_rules(ds):
    links = discrepancy_links(ds)
    pairs = {(r.discrepancy_id, r.indicator_id, None if r.year is pd.NA else int(r.year)) for r in links.itertuples()}
    # location names the indicator id and the year
    assert ("dukcapil-a-002", "dukcapil-cakupan-dokumen", 2024) in pairs
    # audit_key with a year inside a segment ("target-2024")
    assert ("dukcapil-a-016", "dukcapil-cakupan-dokumen", 2024) in pairs
    # printed cell '45,00' is the 2018 baseline of Tabel 2.2, not the targets quoted as context
    trantib = {p for p in pairs if p[0] == "city-g-001"}
    assert trantib == {("city-g-001", "kota-penurunan-pelanggaran-trantib", 2018)}
    # label discrepancies (sasaran, indicators) and budget rows are not linked to an indicator
    assert not {"city-a-006", "dukcapil-a-018", "city-e-029"} & set(links["discrepancy_id"])
    # the per-capita expenditure cited without a year in the Gini section is the 2022 level
    assert ("city-h-001", "kota-pengeluaran-perkapita", 2022) in pairs


def test_scorecard_lists_discrepancies_and_notes(ds, city):
    rows = city.set_index("indicator_id")
    assert rows.loc["kota-akip", "discrepancies"] == ""
    assert set(rows.loc["kota-prestasi-pemuda", "discrepancies"].split(", ")) == {"city-a-015", "city-d-001"}
    notes = discrepancy_notes(ds, [rows.loc["kota-prestasi-pemuda", "discrepancies"], ""])
    assert list(notes.columns) == ["discrepancy_id", "kind", "location", "note"]
    assert set(notes["discrepancy_id"]) == {"city-a-015", "city-d-001"} and notes["note"].str.contains("570").all()
    with pytest.raises(ValueError, match="city-zz-999"):
        discrepancy_notes(ds, ["city-zz-999"])


def test_year_on_year_realisasi_by_polarity(city):
    """2022 realisasi from Bab III.B (e.g. AKIP 65,48, angka kemiskinan 4,43%) against Tabel 3.1."""
    rows = city.set_index("indicator_id")
    akip = rows.loc["kota-akip"]
    assert akip["realisasi_previous"] == 65.48 and round(akip["yoy_change"], 2) == 1.62
    assert akip["yoy_direction"] == "improved"
    kemiskinan = rows.loc["kota-angka-kemiskinan"]  # lower is better: 4,43% -> 4,10% is better
    assert round(kemiskinan["yoy_change"], 2) == -0.33 and kemiskinan["yoy_direction"] == "improved"
    assert rows.loc["kota-laju-inflasi", "yoy_direction"] == "improved"  # 5,37% -> 3,14%
    assert rows.loc["kota-gini-ratio", "yoy_direction"] == "unchanged"  # 0,44 -> 0,44
    assert rows.loc["kota-pertumbuhan-investasi", "yoy_direction"] == "worsened"  # 63,27% -> -7,17%
    assert rows.loc["kota-indeks-risiko-bencana", "yoy_direction"] == "improved"  # 118 -> 111,58, lower is better
    assert pd.isna(rows.loc["kota-opini-bpk", "yoy_direction"])  # categorical (WDP -> N/A)
    assert pd.isna(rows.loc["kota-eppd", "realisasi_previous"])  # no 2022 value in the report
    # by hand from the 17 IKU with a numeric 2022 and 2023 realisasi: 10 improved, 5 worsened, 2 unchanged
    assert city["yoy_direction"].value_counts().to_dict() == {"improved": 10, "worsened": 5, "unchanged": 2}


def test_entity_budget_totals_are_the_printed_totals(ds):
    dukcapil = entity_budget_total(ds, "disdukcapil-kota-bekasi", 2024)
    assert dukcapil["source_ref"] == "Tabel 3.20" and dukcapil["pagu"] == 40173444790  # TOTAL BELANJA
    assert dukcapil["realisasi"] == 36526846261 and round(dukcapil["serapan"], 2) == 90.92
    city = entity_budget_total(ds, "kota-bekasi", 2023)
    assert city["source_ref"] == "Bab III.C (text)" and city["pagu"] == 6773159503776
    assert round(city["serapan"], 2) == 78.32


def test_predicates(city, ds):
    rows = city.set_index("indicator_id")
    assert rows.loc["kota-akip", "predicate"] == "B"  # 67,10 is in B (>60-70)
    assert rows.loc["kota-ikm", "predicate"] == "B (Baik)"  # 86,84 is in 76,61-88,30
    assert predicate("Gini Ratio", 0.44) is None
    dukcapil = iku_scorecard(ds, "disdukcapil-kota-bekasi", 2024).set_index("indicator_id")
    assert dukcapil.loc["dukcapil-akip", "predicate"] == "A"  # 81,59


def test_the_year_target_is_the_perjanjian_kinerja_target(ds):
    card = iku_scorecard(ds, "disdukcapil-kota-bekasi", 2024).set_index("indicator_id")
    assert card.loc["dukcapil-ikm", "target"] == 84.20  # not the original Renstra 85
    assert card.loc["dukcapil-ikm", "target_measure"] == "target_pk"


def test_best_and_worst(city):
    bw = best_and_worst(city, 2)
    assert list(bw["iku_no"]) == [6, 22, 15, 10]
    assert list(bw["rank"]) == ["best", "best", "weakest", "weakest"]


def test_best_and_worst_never_calls_a_result_that_missed_its_target_best(city):
    """Misi 1 (Tabel 3.1): no IKU reached its target, so the highest capaian (IKM 97,79, AKIP 87,14)
    are the closest to target, not the best; in a mix, each high row is labelled by its own status."""
    misi_1 = best_and_worst(city[city["misi_no"] == 1], 2)
    assert list(misi_1["rank"]) == ["closest to target", "closest to target", "weakest", "weakest"]
    assert (misi_1["status"] != "tercapai").all()
    mixed = best_and_worst(city, 12)
    high = mixed.iloc[:12]
    assert set(high.loc[high["status"] == "tercapai", "rank"]) == {"best"}
    assert set(high.loc[high["status"] != "tercapai", "rank"]) == {"closest to target"}


def test_trajectories_leave_out_baselines_in_another_unit(ds, city):
    paths = trajectories(ds, "kota-bekasi", city)
    inv = paths[paths["indicator_id"] == "kota-pertumbuhan-investasi"]
    assert "baseline" not in set(inv["kind"])
    akip = paths[paths["indicator_id"] == "kota-akip"].set_index(["kind", "year"])["value"]
    assert akip[("baseline", 2018)] == 63.49 and akip[("target", 2021)] == 73.25
    assert akip[("realisasi", 2022)] == 65.48 and akip[("realisasi", 2023)] == 67.10


def test_efficiency_of_the_akip_iku(ds):
    eff = iku_efficiency(ds, "kota-bekasi", 2023).set_index("indicator_id")
    row = eff.loc["kota-akip"]
    assert (row["pagu"], row["realisasi"]) == (2733723365213, 1956349844251)
    assert math.isclose(row["serapan"], 1956349844251 / 2733723365213 * 100)
    assert round(row["serapan"], 2) == 71.56  # printed in Tabel 3.21
    assert row["judgement"] == "tidak efisien"  # target not reached
    assert math.isclose(row["capaian_per_serapan"], (67.10 / 77 * 100) / row["serapan"])
    assert row["serapan_previous"] == 89.36 and row["capaian_previous"] == 87.31
    infra = eff.loc["kota-indeks-infrastruktur-pu"]
    assert infra["judgement"] == "efisien"


def test_disdukcapil_document_coverage_components(ds):
    cov = sub_indicator_breakdown(ds, "disdukcapil-kota-bekasi", 2024).set_index("indicator_id")
    assert len(cov) == 6
    kia = cov.loc["dukcapil-cakupan-kia"]
    assert math.isclose(kia["ratio"], 495457 / 688989 * 100) and kia["ratio_matches"]
    # the KTP-el numerator is printed '.882.346' (a digit lost): the ratio cannot match 99,95%
    assert cov.loc["dukcapil-cakupan-ktp-el", "ratio_matches"] == False  # noqa: E712 (numpy bool)
    assert round(cov.loc["dukcapil-cakupan-ktp-el", "ratio"], 2) == 46.87  # 882.346 / 1.882.356
    ktp_ids = set(cov.loc["dukcapil-cakupan-ktp-el", "discrepancies"].split(", "))
    assert {"dukcapil-a-005", "dukcapil-a-007"} <= ktp_ids  # the misprint and the ratio
    assert cov.loc["dukcapil-cakupan-akta-perkawinan", "discrepancies"] == ""
    assert sub_indicator_breakdown(ds, "kota-bekasi", 2023)["indicator_id"].str.startswith("kota-").all()


def test_narrative_tells_a_missing_target_from_a_missing_realisasi(city, english):
    # a new year after the plan ended: the realisasi is there, the year's target is not
    card = city[city["misi_no"] == 1].copy()
    first = card.index[0]
    card.loc[first, ["target_text", "target", "capaian", "achieved"]] = [None, float("nan"), float("nan"), None]
    card.loc[first, "status"] = "belum ada nilai"
    text = describe_scorecard(card, "misi 1", 2023)
    name = card.loc[first, "name"].split(" (")[0]  # names are Markdown-escaped in the text
    assert f"A realisasi but no target for the year in the data: {name}" in text
    assert f"No realisasi is available yet for: {name}" not in text
    assert "No realisasi is available yet for: Nilai Kinerja Pengelolaan Keuangan" in text


def test_ikm_by_period_and_unsur(ds):
    periods = ikm_by_period(ds, "disdukcapil-kota-bekasi", 2024).set_index("period")
    assert periods.loc["Q4", "realisasi"] == 93.86 and periods.loc["annual", "realisasi"] == 93.71
    assert periods.loc["annual", "mutu"] == "A"
    unsur = ikm_unsur_matrix(ds, "disdukcapil-kota-bekasi", 2024)
    s1 = unsur[unsur["period"] == "S1"]
    assert len(s1) == 9
    assert math.isclose(periods.loc["S1", "recomputed_from_unsur"], s1["nrr"].mean() * 25)


def test_narrative_is_filled_from_the_numbers(city, ds, english):
    text = describe_scorecard(city[city["misi_no"] == 1], "misi 1", 2023)
    assert "**5 IKU**" in text and "**0 reached their target**" in text
    assert "Persentase Peningkatan PAD (capaian 47.95%" in text
    assert "No realisasi is available yet for: Nilai Kinerja Pengelolaan Keuangan" in text
    # misi 1 in 2022 (Bab III.B): AKIP 65,48, PAD 1,70%, IKM 84,40 all rose; EPPD has no 2022 value,
    # opini BPK is categorical
    assert "**3 of 3 IKU with a previous value improved**" in text
    # no IKU of misi 1 reached its target: the highest is the closest, not the strongest
    assert "the closest to it was Indeks Kepuasan Masyarakat" in text and "strongest" not in text
    assert describe_scorecard(city.iloc[0:0], "nothing", 2023) == "nothing has no IKU with data for 2023."


def test_narrative_in_bahasa_indonesia_with_indonesian_numbers(city, indonesian):
    text = describe_scorecard(city[city["misi_no"] == 1], "misi 1", 2023)
    assert "**5 IKU**" in text and "**0 IKU tercapai** (0,00 %)" in text
    assert "Persentase Peningkatan PAD (capaian 47,95 %" in text and "47.95" not in text
    assert "Belum ada realisasi untuk: Nilai Kinerja Pengelolaan Keuangan" in text
    assert "**3 dari 3 IKU yang memiliki nilai tahun sebelumnya membaik**" in text
    assert "Tidak ada hasil numerik yang mencapai targetnya" in text
    assert " of " not in text and "reached" not in text
    assert describe_scorecard(city.iloc[0:0], "Kota X", 2023) == "Kota X tidak memiliki IKU dengan data untuk tahun 2023."


def test_narrative_names_the_strongest_result_when_one_was_reached(city, english):
    """Misi 2 (Tabel 3.1): 3 of its 4 IKU reached their target, so its highest is the strongest."""
    text = describe_scorecard(city[city["misi_no"] == 2], "misi 2", 2023)
    assert "The strongest result was" in text and "closest" not in text


def test_narrative_of_printed_targets_negatives_and_mismatches_in_both_languages(city, monkeypatch):
    """The whole city: the negative capaian, the text targets and the printed capaian that do
    not follow from their inputs (IKU 6, 21, 25) are named, in each language."""
    sentences = {}
    for lang in ("en", "id"):
        monkeypatch.setattr(i18n, "_language", lang)
        sentences[lang] = describe_scorecard(city, "Kota Bekasi", 2023)
    negative = city[city["capaian"] < 0]
    assert len(negative) and all(name in sentences["id"] for name in negative["name"])
    assert "has a negative capaian" in sentences["en"] and "memiliki capaian negatif" in sentences["id"]
    assert "is judged on its printed target" in sentences["en"]
    assert "dinilai terhadap target yang tercetak di laporan" in sentences["id"]
    for did in ("city-a-014", "city-a-015", "city-a-016"):
        assert did.replace("-", "\\-") in sentences["en"] and did.replace("-", "\\-") in sentences["id"]
    assert "recomputed" in sentences["en"] and "hasil hitung ulang" in sentences["id"]


def test_narrative_states_the_entity_budget_total_beside_the_per_iku_sum(ds, english):
    """Disdukcapil: the three IKU tables (3.8, 3.15, 3.19) list the sekretariat program under two
    IKU, so their sum (13.97 + 26.21 + 26.21 = Rp 66.38 billion) exceeds Tabel 3.20's TOTAL
    BELANJA of Rp 40.17 billion."""
    card = iku_scorecard(ds, "disdukcapil-kota-bekasi", 2024)
    eff = iku_efficiency(ds, "disdukcapil-kota-bekasi", 2024)
    text = shown_text(describe_scorecard(card, "Disdukcapil", 2024, eff, entity_budget_total(ds, "disdukcapil-kota-bekasi", 2024)))
    assert "pagu of Rp 66.38 billion" in text
    assert "(TOTAL BELANJA, Tabel 3.20) is a pagu of Rp 40.17 billion with a realisasi of Rp 36.53 billion" in text
    assert "serapan 90.92%" in text and "Rp 26.21 billion larger" in text
    assert "Rp 40.17 billion" not in describe_scorecard(card, "Disdukcapil", 2024, eff)


def test_budget_narrative_in_bahasa_indonesia_with_rupiah_in_indonesian_notation(ds, indonesian):
    card = iku_scorecard(ds, "disdukcapil-kota-bekasi", 2024)
    eff = iku_efficiency(ds, "disdukcapil-kota-bekasi", 2024)
    text = shown_text(describe_scorecard(card, "Disdukcapil", 2024, eff, entity_budget_total(ds, "disdukcapil-kota-bekasi", 2024)))
    assert "pagu Rp 66,38 M" in text and "(serapan 91,30 %)" in text
    assert "(TOTAL BELANJA, Tabel 3.20) adalah pagu Rp 40,17 M dengan realisasi Rp 36,53 M (serapan 90,92 %)" in text
    assert "Jumlah per IKU lebih besar Rp 26,21 M" in text and "billion" not in text
    assert "Hasil terbaik adalah" in text  # all three IKU reached their target


def test_discrepancy_list_in_both_languages(ds, monkeypatch):
    """city-a-014 (Tabel 3.1, IKU 6 capaian 249,12 against 249,10 recomputed): kind, location and
    note in the reader's language, from note / note_id and location / location_id."""
    from lkip_helpers.reports.narrative import describe_discrepancies

    monkeypatch.setattr(i18n, "_language", "id")
    notes = discrepancy_notes(ds, ["city-a-014"])
    indonesian = shown_text(describe_discrepancies(notes))
    assert indonesian == ("- **city-a-014** (aritmetika; IKU 6 Indeks Infrastruktur Ke-PU-an, kolom CAPAIAN (%)): "
                          "Capaian yang tercetak tidak sesuai dengan hasil bagi realisasi/target yang tercetak "
                          "(selisih 0,02).")
    assert describe_discrepancies(notes.iloc[0:0]) == "Tidak ada ketidaksesuaian tercatat yang menyangkut baris-baris ini."
    assert (describe_discrepancies(notes.iloc[0:0], "Every printed capaian follows from its target and realisasi.")
            == "Setiap capaian yang tercetak di laporan sesuai dengan target dan realisasinya.")
    monkeypatch.setattr(i18n, "_language", "en")
    english = shown_text(describe_discrepancies(discrepancy_notes(ds, ["city-a-014"])))
    assert english == ("- **city-a-014** (arithmetic; IKU 6 Indeks Infrastruktur Ke-PU-an, column CAPAIAN (%)): "
                       "Printed capaian does not follow from printed realisasi/target (difference 0,02).")
    assert describe_discrepancies(notes.iloc[0:0]) == "No known discrepancy concerns these rows."


def test_discrepancy_rows_are_localized_by_describe_discrepancies_too(ds, monkeypatch):
    """Raw rows of discrepancies.csv (with note_id) given to describe_discrepancies show one language."""
    from lkip_helpers.reports.narrative import describe_discrepancies

    raw = ds.tables["discrepancies"].set_index("discrepancy_id").loc[["dukcapil-a-017"]].reset_index()
    monkeypatch.setattr(i18n, "_language", "en")
    english = shown_text(describe_discrepancies(raw))
    assert english.endswith("(conflicting values; KIA target 2024 'sesuai target Pusat'): Three different values are "
                            "given for the central-government KIA target for 2024.")
    monkeypatch.setattr(i18n, "_language", "id")
    assert shown_text(describe_discrepancies(raw)).endswith(
        "Ada tiga nilai berbeda untuk target KIA pemerintah pusat tahun 2024.")


def test_a_note_in_one_language_only_falls_back_to_it(ds, monkeypatch):
    """A report with its notes in English only (empty note_id / location_id) shows them in English
    to the Indonesian reader; one with only note_id shows that to the English reader."""
    from lkip_helpers.reports.scorecard import localized_discrepancies

    rows = ds.tables["discrepancies"].set_index("discrepancy_id").loc[["city-a-014", "city-a-017"]].reset_index()
    rows.loc[0, ["note_id", "location_id"]] = ""
    rows.loc[1, ["note", "location"]] = [None, pd.NA]
    monkeypatch.setattr(i18n, "_language", "id")
    shown = localized_discrepancies(rows)
    assert "note_id" not in shown and "location_id" not in shown
    assert shown.loc[0, "note"].startswith("Printed capaian does not follow")
    assert shown.loc[0, "location"] == "IKU 6 Indeks Infrastruktur Ke-PU-an, column CAPAIAN (%)"
    assert shown.loc[1, "note"] == "Tabel 3.1 mencetak nama indikator di tempat nama sasaran."
    english = localized_discrepancies(rows, "en")
    assert english.loc[1, "note"] == "Tabel 3.1 mencetak nama indikator di tempat nama sasaran."
    assert english.loc[1, "location"] == "baris 8, kolom SASARAN STRATEGIS"
    assert english.loc[0, "note"].startswith("Printed capaian")
    # data without the Indonesian columns at all keep their English text
    only_english = localized_discrepancies(rows.drop(columns=["note_id", "location_id"]), "id")
    assert only_english.loc[0, "note"].startswith("Printed capaian") and only_english.loc[1, "note"] == ""


def test_related_discrepancies_in_the_readers_language(ds, monkeypatch):
    monkeypatch.setattr(i18n, "_language", "id")
    rel = related_discrepancies(ds, "dukcapil-cakupan-ktp-el", 2024).set_index("discrepancy_id")
    assert rel.loc["dukcapil-a-007", "location"] == "cakupan KTP-el 2024"
    assert rel.loc["dukcapil-a-007", "note"].startswith("Cakupan KTP-el yang tercetak 99.95% tidak dapat diturunkan")
    monkeypatch.setattr(i18n, "_language", "en")
    rel = related_discrepancies(ds, "dukcapil-cakupan-ktp-el", 2024).set_index("discrepancy_id")
    assert rel.loc["dukcapil-a-007", "note"].startswith("The printed KTP-el coverage 99.95% does not follow")


def test_conflicting_value_in_the_readers_language_with_the_figure_as_printed(ds):
    """city-a-003 (Tabel 1.1 JUMLAH 21,311.74 against 21,311.75 summed) has an English remark and
    its conflicting_value_id; city-a-014 (249,10, a figure and its formula) has none, so both
    readers see the English cell. The Indonesian column is dropped."""
    from lkip_helpers.reports.scorecard import localized_discrepancies

    rows = ds.tables["discrepancies"].set_index("discrepancy_id").loc[["city-a-003", "city-a-014"]].reset_index()
    indonesian = localized_discrepancies(rows, "id").set_index("discrepancy_id")["conflicting_value"]
    assert indonesian["city-a-003"] == "21,311.75 (jumlah ke-12 baris kecamatan, juga jumlah ke-56 baris kelurahan)"
    assert indonesian["city-a-014"] == "249,10 (51,24 / 20,57 x 100)"
    english = localized_discrepancies(rows, "en")
    assert "conflicting_value_id" not in english
    assert english.set_index("discrepancy_id").loc["city-a-003", "conflicting_value"] == (
        "21,311.75 (sum of the 12 kecamatan rows and of the 56 kelurahan rows)")
    # a report with its remarks in Indonesian only shows them to the English reader
    rows.loc[0, "conflicting_value"] = ""
    assert localized_discrepancies(rows, "en").loc[0, "conflicting_value"].startswith("21,311.75 (jumlah")


def test_related_discrepancies_show_the_conflicting_value_in_the_readers_language(ds, monkeypatch):
    """dukcapil-a-005 (the '.882.346' numerator of the KTP-el coverage 2024): the remark in the
    reader's language; the links themselves come from the English cell either way."""
    monkeypatch.setattr(i18n, "_language", "id")
    rel = related_discrepancies(ds, "dukcapil-cakupan-ktp-el", 2024).set_index("discrepancy_id")
    assert rel.loc["dukcapil-a-005", "conflicting_value"] == ".882.346 (Bab III 3.2.1.A (rumus: Cakupan Kepemilikan KTP-el))"
    monkeypatch.setattr(i18n, "_language", "en")
    english = related_discrepancies(ds, "dukcapil-cakupan-ktp-el", 2024).set_index("discrepancy_id")
    assert english.loc["dukcapil-a-005", "conflicting_value"] == ".882.346 (Bab III 3.2.1.A (formula: Cakupan Kepemilikan KTP-el))"
    assert list(english.index) == list(rel.index)


@pytest.mark.parametrize("payload", ["[klik](javascript:alert(1))", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>"])
def test_narratives_make_names_from_the_data_inert(ds, payload):
    """A name, scope or note holding markup comes out as text, never as a link or a tag."""
    import markdown_it

    from lkip_helpers.reports.narrative import describe_discrepancies

    card = iku_scorecard(ds, "kota-bekasi", 2023).copy()
    card["name"] = payload
    card["realisasi_text"] = payload
    rendered = markdown_it.MarkdownIt().render(describe_scorecard(card, payload, 2023))
    notes = pd.DataFrame([{"discrepancy_id": payload, "kind": payload, "location": payload, "note": payload}])
    rendered += markdown_it.MarkdownIt().render(describe_discrepancies(notes))
    assert "<a " not in rendered and "<script" not in rendered and "<img" not in rendered
    assert shown_text(describe_scorecard(card, payload, 2023)).count(payload) >= 2


def test_efficiency_shows_the_printed_word_beside_the_recomputed_previous_judgement():
    from lkip_helpers.data.dataset import load_dataset
    from lkip_helpers.reports import iku_efficiency

    eff = iku_efficiency(load_dataset(), "kota-bekasi", 2023).set_index("iku_no")
    # IKU 9: 95,40 % capaian with 93,03 % serapan in 2022, printed "kurang efisien"
    assert eff.loc[9, "judgement_previous_printed"] == "kurang efisien"
    assert eff.loc[9, "judgement_previous"] == "kurang efisien"  # the report's previous-year rule
    # IKU 5: 97,27 % with 93,03 % — the report prints "tidak efisien", its own rule says otherwise;
    # both words are shown, the printed one is not overwritten
    assert eff.loc[5, "judgement_previous_printed"] == "tidak efisien"
    assert eff.loc[5, "judgement_previous"] == "kurang efisien"
    assert eff.loc[1, "judgement_printed"] == eff.loc[1, "judgement"] == "tidak efisien"
    assert eff["judgement_previous_printed"].notna().sum() >= 20


def test_ikm_by_period_without_any_value_keeps_its_columns(ds):
    import dataclasses

    iv = ds.tables["indicator_values"]
    empty = dataclasses.replace(ds, tables={**ds.tables, "indicator_values": iv.iloc[0:0],
                                            "ikm_unsur": ds.tables["ikm_unsur"].iloc[0:0]})
    periods = ikm_by_period(empty, "disdukcapil-kota-bekasi", 2024)
    assert periods.empty
    assert list(periods.columns) == ["period", "target", "realisasi", "realisasi_text", "mutu", "mutu_label",
                                     "recomputed_from_unsur"]


def test_narrative_counts_an_iku_that_cannot_be_judged_apart(city, english):
    card = city[city["misi_no"] == 1].copy()
    card.iloc[0, card.columns.get_loc("status")] = "tidak dapat dinilai"
    text = describe_scorecard(card, "misi 1", 2023)
    n, reached = len(card), int((card["status"] == "tercapai").sum())
    missing = int((card["status"] == "belum ada nilai").sum())
    assert f"{n - reached - missing - 1} did not" in text
    assert "1 cannot be judged (a target of 0 or below)." in text
