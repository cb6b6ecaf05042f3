"""``lkip extract``: the source reports' measurement tables against the curated data, a PDF in another
layout, polarity suggestions, the review sheet, and the command's refusals."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from openpyxl import load_workbook
from pdf_fixtures import EXPECTED, PLAN_ROWS, encrypted_pdf, image_only_pdf, measurement_pdf, plan_pdf

from lkip_helpers.batch.cli import main
from lkip_helpers.data.numbers import parse_cell
from lkip_helpers.data.paths import PROJECT_ROOT
from lkip_helpers.intake.extract import NoTableError, extract_report, suggest_polarity
from lkip_helpers.intake.table_finder import realisasi_amount
from lkip_helpers.intake.text_source import SourceError
from lkip_helpers.intake.workbook_schema import CHECK_SHEETS, FIRST_DATA_ROW, GLOSS_ROW, HEADER_ROW, REVIEW_SHEET, sheet

REPORTS = {
    "kota-bekasi": ("lkip-kota-bekasi-2023.txt", 2023),
    "disdukcapil-kota-bekasi": ("lkip-disdukcapil-kota-bekasi-2024.txt", 2024),
}


def _number(text: object) -> float | None:
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return None
    cell = parse_cell(str(text))
    return cell.number if cell.number is not None else (None if cell.is_missing else str(text).strip())


def _words(name: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", name.lower()))


def _extracted_rows(extraction) -> dict[str, dict]:
    """name -> iku_no, target, realisasi, capaian as read (numbers, or the printed text of a text value)."""
    frames = extraction.frames
    target_sheet = frames["Target"]
    targets = target_sheet[(target_sheet["period"] == "annual") & (target_sheet["measure"] == "target_pk")]
    targets = targets.set_index("indicator_id")["value_text"]
    realisasi = frames["Realisasi"].set_index("indicator_id")
    out = {}
    for row in frames["IKU"].itertuples():
        out[row.name] = {
            "iku_no": row.iku_no,
            "target": _number(targets.get(row.indicator_id)),
            "realisasi": _number(realisasi["realisasi"].get(row.indicator_id)),
            "capaian": _number(realisasi["capaian"].get(row.indicator_id)),
        }
    return out


def _curated(ds, entity: str, year: int) -> dict[str, dict]:
    """The reference: the curated IKU (and sub-indicators) whose realisasi comes from a measurement
    table of the report (Tabel 3.1, 3.4), with their target_pk, realisasi and capaian."""
    values = ds.tables["indicator_values"]
    values = values[(values["entity_id"] == entity) & (values["year"] == year) & (values["period"] == "annual")]
    measured = values[(values["measure"] == "realisasi")
                      & values["source_ref"].fillna("").str.contains(r"Tabel 3\.[14]\b")]
    indicators = ds.tables["indicators"].set_index("indicator_id")
    reference = {}
    for indicator_id in measured["indicator_id"]:
        rows = values[values["indicator_id"] == indicator_id].set_index("measure")

        def value(measure: str) -> object:
            if measure not in rows.index:
                return None
            number, text = rows.loc[measure, "value"], rows.loc[measure, "value_text"]
            return float(number) if pd.notna(number) else _number(text)

        info = indicators.loc[indicator_id]
        reference[info["name"]] = {"iku_no": info["iku_no"] if indicators.loc[indicator_id, "role"] == "iku"
                                   else None, "target": value("target_pk"), "realisasi": value("realisasi"),
                                   "capaian": value("capaian")}
    return reference


def _match(name: str, wanted: dict, extracted: dict[str, dict]) -> dict | None:
    """The extracted row for a curated indicator: same name, else same IKU number, else mostly the same
    words."""
    for found_name, found in extracted.items():
        if _words(found_name) == _words(name):
            return found
    if pd.notna(wanted["iku_no"]) and wanted["iku_no"] is not None:
        for found in extracted.values():
            if found["iku_no"] == int(wanted["iku_no"]):
                return found
    # the curated name may differ in a word from the printed one (Kepemilikan / Penerbitan KIA)
    scored = sorted(((len(_words(n) & _words(name)) / len(_words(n) | _words(name)), n) for n in extracted),
                    reverse=True)
    return extracted[scored[0][1]] if scored and scored[0][0] >= 0.5 else None


def _share_matching(ds, sources, entity: str) -> tuple[float, list[str]]:
    file, year = REPORTS[entity]
    extraction = extract_report(sources / file)
    extracted = _extracted_rows(extraction)
    reference = _curated(ds, entity, year)
    misses = []
    for name, wanted in reference.items():
        found = _match(name, wanted, extracted)
        if found is None or any(found[k] != wanted[k] for k in ("target", "realisasi", "capaian")):
            misses.append(f"{name}: curated {wanted}, extracted {found}")
    return 1 - len(misses) / len(reference), misses


@pytest.mark.parametrize("entity", sorted(REPORTS))
def test_source_reports_measurement_rows_match_the_curated_data(ds, sources, entity) -> None:
    share, misses = _share_matching(ds, sources, entity)
    assert share >= 0.95, "\n".join(misses)


def test_the_city_report_gives_every_iku_with_sasaran_misi_and_provenance(sources) -> None:
    extraction = extract_report(sources / "lkip-kota-bekasi-2023.txt")
    iku = extraction.frames["IKU"]
    assert list(iku["iku_no"]) == list(range(1, 27))
    assert extraction.frames["Misi"]["misi_no"].tolist() == [1, 2, 3, 4, 5]
    assert len(extraction.frames["Sasaran"]) == 14
    assert iku["source_ref"].str.match(r"Tabel 3\.1 \(line \d+\)").all()
    assert extraction.entity_id == "kota-bekasi" and extraction.year == 2023
    # N/A realisasi (opini BPK, PDRB ekraf) are left out and listed for review
    na = extraction.review[extraction.review["reason"].str.contains("'N/A'")]
    assert len(na) == 2 and (na["sheet"] == "Realisasi").all()
    assert all(0 < cell.confidence <= 1 for cell in extraction.cells)


def test_the_office_report_reads_quarterly_pk_targets(sources) -> None:
    extraction = extract_report(sources / "lkip-disdukcapil-kota-bekasi-2024.txt")
    target = extraction.frames["Target"]
    target = target[target["measure"] == "target_pk"]
    ikm = extraction.frames["IKU"].set_index("name").loc["Indeks Kepuasan Masyarakat", "indicator_id"]
    quarters = target[target["indicator_id"] == ikm].set_index("period")["value_text"]
    assert quarters.to_dict() == {"annual": "84.20", "Q1": "0", "Q2": "84.00", "Q3": "0", "Q4": "84.20"}
    assert target["source_ref"].str.startswith(("Tabel 2.3", "Tabel 3.4")).all()


def test_budget_per_program_is_read_with_the_indicator_it_serves(sources) -> None:
    budget = extract_report(sources / "lkip-kota-bekasi-2023.txt").frames["Anggaran"]
    first = budget.iloc[0]
    assert first["name"].startswith("Penunjang Urusan Pemerintahan Daerah")
    assert (first["pagu"], first["realisasi"]) == ("2.724.097.390.413", "1.949.314.065.322")
    assert first["indicator_id"] == "kota-bekasi-nilai-akuntabilitas-kinerja-instansi-pemerintah-akip"
    assert first["unit_text"] == "Seluruh PD"
    assert "total" not in set(budget["level"])
    # a program that serves two IKU is listed for each
    social = budget[budget["name"] == "Program Perlindungan dan Jaminan Sosial"]["indicator_id"]
    assert set(social) == {"kota-bekasi-angka-kemiskinan", "kota-bekasi-gini-ratio"}


def test_a_budget_table_printed_twice_is_read_once(sources) -> None:
    budget = extract_report(sources / "lkip-disdukcapil-kota-bekasi-2024.txt").frames["Anggaran"]
    assert not budget.duplicated(["level", "name", "indicator_id", "pagu", "realisasi"]).any()
    served = budget[budget["source_ref"].str.startswith("Tabel 3.15")]["indicator_id"]
    assert set(served) == {"disdukcapil-kota-bekasi-indeks-kepuasan-masyarakat"}


def test_a_budget_table_with_realisasi_by_kind_of_spending_reads_the_total(sources) -> None:
    """Tabel 3.21 of the office prints ANGGARAN | PEGAWAI | BARANG & JASA | TOTAL | % | SISA: the
    realisasi is the TOTAL (confirmed by the remainder), never the first breakdown column."""
    budget = extract_report(sources / "lkip-disdukcapil-kota-bekasi-2024.txt").frames["Anggaran"]
    read = budget[budget["source_ref"].str.startswith("Tabel 3.21")]
    curated = pd.read_csv(PROJECT_ROOT / "data" / "budgets.csv", dtype=str)
    curated = curated[(curated["document_id"] == "lkip-disdukcapil-kota-bekasi-2024")
                      & (curated["source_ref"] == "Tabel 3.21")]
    wide = curated.pivot_table(index="line_no", columns="measure", values="value_text", aggfunc="first")
    expected = set(zip(wide["pagu"], wide["realisasi"]))
    got = set(zip(read["pagu"], read["realisasi"]))
    assert len(expected) >= 40
    assert len(expected & got) / len(expected) >= 0.95


def test_realisasi_among_several_amounts() -> None:
    # pagu | realisasi: the second
    assert realisasi_amount(["1.000.000", "900.000"]) == ("900.000", None)
    # pagu | pegawai | barang | total | sisa, a zero first part: the total (sum and remainder agree)
    assert realisasi_amount(["25.000.000", "0", "25.000.000", "25.000.000", "0"]) == ("25.000.000", None)
    # parts that do not add up to the printed total: the remainder confirms it
    assert realisasi_amount(["26.205.098.690", "13.537.530.486", "9.405.643.625", "24.079.470.111",
                             "2.125.628.579"])[0] == "24.079.470.111"
    # nothing confirms any amount: the second, with the reason
    value, doubt = realisasi_amount(["1.000.000", "700.000", "100.000", "50.000"])
    assert value == "700.000" and "4 amounts" in doubt


def test_an_unconfirmed_realisasi_is_listed_for_review(tmp_path) -> None:
    report = tmp_path / "anggaran.txt"
    report.write_text(
        "Tabel 3.9 Realisasi Anggaran per Program\n"
        "PROGRAM\tPAGU\tREALISASI\tLAINNYA\tCATATAN\n"
        "Program Contoh Pertama\t1.000.000,00\t700.000,00\t100.000,00\t50.000,00\n"
        "Program Contoh Kedua\t2.000.000,00\t1.500.000,00\t500.000,00\n",
        encoding="utf-8",
    )
    extraction = extract_report(report, entity="kota-contoh", year=2024)
    budget = extraction.frames["Anggaran"].set_index("name")
    assert budget.loc["Program Contoh Kedua", "realisasi"] == "1.500.000,00"  # the remainder confirms it
    flagged = extraction.review[extraction.review["reason"].str.contains("amounts")]
    assert list(flagged["value"]) == ["700.000,00"]
    assert flagged.iloc[0]["cell"].startswith("Anggaran!")


def test_a_pdf_in_another_layout_comes_out_the_same(tmp_path) -> None:
    extraction = extract_report(measurement_pdf(tmp_path / "contoh.pdf"))
    extracted = _extracted_rows(extraction)
    assert set(extracted) == set(EXPECTED)
    for name, (iku_no, target, realisasi, capaian) in EXPECTED.items():
        assert (extracted[name]["iku_no"], extracted[name]["target"], extracted[name]["realisasi"],
                extracted[name]["capaian"]) == (iku_no, target, realisasi, capaian), name
    assert extraction.entity_id == "kabupaten-contoh" and extraction.year == 2025
    iku = extraction.frames["IKU"].set_index("name")
    assert iku.loc["Indeks Kepuasan Masyarakat", "unit"] == "indeks"
    assert iku.loc["Angka Kemiskinan", "polarity"] == "lower_is_better"
    assert iku.loc["Nilai AKIP", "source_ref"] == "Tabel 3.1 (p. 1, line 8)"
    assert extraction.frames["Sasaran"]["name"].tolist() == ["Meningkatnya tata kelola pemerintahan",
                                                            "Menurunnya kemiskinan dan pengangguran"]


def test_an_unreadable_number_is_left_blank_and_listed_for_review(tmp_path) -> None:
    extraction = extract_report(measurement_pdf(tmp_path / "contoh.pdf"))
    review = extraction.review
    lost = review[review["value"] == ".882.346"]
    assert len(lost) == 1
    assert "unreadable number" in lost.iloc[0]["reason"] and lost.iloc[0]["source"] == "Tabel 3.1 (p. 2, line 6)"
    ktp = extraction.frames["IKU"].set_index("name").loc["Cakupan Kepemilikan KTP-el", "indicator_id"]
    assert ktp not in set(extraction.frames["Realisasi"]["indicator_id"])


def test_the_draft_workbook_has_the_rows_and_the_review_sheet(tmp_path, capsys) -> None:
    out = tmp_path / "draft.xlsx"
    assert main(["extract", str(measurement_pdf(tmp_path / "contoh.pdf")), "-o", str(out), "--lang", "en"]) == 0
    assert "7 IKU" in capsys.readouterr().out
    book = load_workbook(out)
    assert book["IKU"].cell(FIRST_DATA_ROW, 3).value == "Nilai AKIP"
    periksa = book[REVIEW_SHEET.name]
    reasons = [periksa.cell(row, 5).value for row in range(FIRST_DATA_ROW, periksa.max_row + 1)]
    assert any(r and r.startswith("suggestion:") for r in reasons)
    assert any(r and "unreadable number" in r for r in reasons)
    for name in CHECK_SHEETS:  # the report's own checks are left to a person: headers only
        assert book[name].max_row == GLOSS_ROW
        assert [c.value for c in book[name][HEADER_ROW]] == [c.header for c in sheet(name).columns]


@pytest.mark.parametrize(("name", "target", "realisasi", "capaian", "expected"), [
    ("Indeks Pendidikan", "76,95", "78,09", "101,48", "higher_is_better"),
    ("Indeks Risiko Bencana", "113", "111,58", "101,27", "lower_is_better"),
    ("Persentase Pertumbuhan Nilai Investasi", "4,00%", "-7,17%", "-179,25", "higher_is_better"),
    ("Angka Kemiskinan", "N/A", "N/A", "N/A", "lower_is_better"),  # no figures: from the name
    ("Opini BPK", "WTP", "N/A", "N/A", "categorical"),  # a target printed as text
    ("Persentase Penurunan Jumlah Pelanggaran", None, None, None, "higher_is_better"),
    ("Cakupan Kepemilikan Akte Kematian", None, None, None, "higher_is_better"),
])
def test_polarity_is_suggested_from_the_capaian_formula_then_the_name(name, target, realisasi, capaian,
                                                                     expected) -> None:
    assert suggest_polarity(name, target, realisasi, capaian)[0] == expected


def test_polarity_suggestions_agree_with_the_curated_polarity(ds, sources) -> None:
    extraction = extract_report(sources / "lkip-kota-bekasi-2023.txt")
    indicators = ds.tables["indicators"]
    curated = indicators[indicators["entity_id"] == "kota-bekasi"].set_index("name")["polarity"]
    iku = extraction.frames["IKU"]
    numeric = [(n, p) for n, p in zip(iku["name"], iku["polarity"]) if curated.get(n) in
               ("higher_is_better", "lower_is_better")]
    agree = sum(curated[n] == p for n, p in numeric)
    assert agree / len(numeric) >= 0.9


def test_a_report_without_tables_gives_one_line_and_an_empty_template(tmp_path, capsys) -> None:
    report = tmp_path / "laporan.txt"
    report.write_text("Laporan kinerja tanpa tabel.\nHanya uraian.\n", encoding="utf-8")
    with pytest.raises(NoTableError, match="looked for a measurement table"):
        extract_report(report)
    out = tmp_path / "draft.xlsx"
    assert main(["extract", str(report), "-o", str(out), "--lang", "en"]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "looked for" in err and "empty template" in err
    book = load_workbook(out)
    assert book["IKU"].max_row == 2  # headers and glosses only


@pytest.mark.parametrize("make, message", [
    (encrypted_pdf, "encrypted"),
    (image_only_pdf, "image-only"),
])
def test_encrypted_and_image_only_pdfs_are_refused(tmp_path, capsys, make, message) -> None:
    pdf = make(tmp_path / "laporan.pdf")
    with pytest.raises(SourceError, match=message):
        extract_report(pdf)
    out = tmp_path / "draft.xlsx"
    assert main(["extract", str(pdf), "-o", str(out), "--lang", "en"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and message in err
    assert not out.exists()


def test_a_missing_file_is_one_line_and_exit_2(tmp_path, capsys) -> None:
    assert main(["extract", str(tmp_path / "nope.pdf"), "-o", str(tmp_path / "d.xlsx"), "--lang", "en"]) == 2
    err = capsys.readouterr().err.strip()
    assert err == f"lkip: error: {tmp_path / 'nope.pdf'}: no such file"


def test_the_command_speaks_bahasa_indonesia_by_default_and_lkip_lang_chooses(tmp_path, capsys, monkeypatch) -> None:
    """Without --lang the messages are Indonesian; $LKIP_LANG=en makes them English; --lang wins."""
    from lkip_helpers.data import i18n

    monkeypatch.setattr(i18n, "_language", None)
    monkeypatch.delenv("LKIP_LANG", raising=False)
    missing = tmp_path / "nope.pdf"
    assert main(["extract", str(missing), "-o", str(tmp_path / "d.xlsx")]) == 2
    assert capsys.readouterr().err.strip() == f"lkip: galat: {missing}: berkas tidak ada"
    report = tmp_path / "laporan.txt"
    report.write_text("Laporan kinerja tanpa tabel.\nHanya uraian.\n", encoding="utf-8")
    assert main(["extract", str(report), "-o", str(tmp_path / "draft.xlsx")]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert err.startswith(f"lkip: {report}: tidak ada tabel yang dikenali; yang dicari: tabel pengukuran (kolom ")
    assert err.endswith(f"; templat kosong ditulis ke {tmp_path / 'draft.xlsx'}")
    monkeypatch.setenv("LKIP_LANG", "en")
    assert main(["extract", str(missing), "-o", str(tmp_path / "d.xlsx")]) == 2
    assert capsys.readouterr().err.strip() == f"lkip: error: {missing}: no such file"
    assert main(["extract", str(missing), "-o", str(tmp_path / "d.xlsx"), "--lang", "id"]) == 2
    assert capsys.readouterr().err.strip() == f"lkip: galat: {missing}: berkas tidak ada"


def test_the_extract_summary_in_both_languages(tmp_path, capsys) -> None:
    pdf, out = measurement_pdf(tmp_path / "contoh.pdf"), tmp_path / "draft.xlsx"
    assert main(["extract", str(pdf), "-o", str(out), "--lang", "id"]) == 0
    indonesian = capsys.readouterr().out.strip()
    assert re.fullmatch(rf"{re.escape(str(out))}: 7 IKU, \d+ target, \d+ realisasi, \d+ baris anggaran dari \d+ tabel; "
                        r"\d+ butir untuk diperiksa di lembar Periksa", indonesian), indonesian
    assert main(["extract", str(pdf), "-o", str(out), "--lang", "en"]) == 0
    english = capsys.readouterr().out.strip()
    assert re.fullmatch(rf"{re.escape(str(out))}: 7 IKU, \d+ target\(s\), \d+ realisasi, \d+ budget row\(s\) from "
                        r"\d+ table\(s\); \d+ item\(s\) to check on sheet Periksa", english), english
    assert re.findall(r"\d+", indonesian) == re.findall(r"\d+", english)  # the same counts in both


def test_entity_and_year_given_override_the_title(tmp_path) -> None:
    extraction = extract_report(measurement_pdf(tmp_path / "contoh.pdf"), entity="kab-contoh", year=2024)
    assert set(extraction.frames["Realisasi"]["year"]) == {2024}
    assert extraction.frames["IKU"]["indicator_id"].str.startswith("kab-contoh-").all()
    assert not extraction.review["reason"].str.contains("read from the title").any()


def test_round_trip_extract_import_scorecard_reproduces_the_curated_city_scorecard(ds, sources, tmp_path) -> None:
    from lkip_helpers.data.dataset import load_dataset
    from lkip_helpers.reports.scorecard import iku_scorecard

    draft = tmp_path / "draft.xlsx"
    assert main(["extract", str(sources / "lkip-kota-bekasi-2023.txt"), "-o", str(draft)]) == 0
    assert main(["--data-dir", str(tmp_path / "data"), "import", str(draft)]) == 0
    columns = ["iku_no", "target", "realisasi", "capaian_printed", "capaian", "status", "polarity", "sasaran_no",
               "misi_no"]
    ours = iku_scorecard(load_dataset(tmp_path / "data"), "kota-bekasi", 2023)[columns]
    curated = iku_scorecard(ds, "kota-bekasi", 2023)[columns]
    pd.testing.assert_frame_equal(ours.reset_index(drop=True), curated.reset_index(drop=True), check_dtype=False)


def test_an_office_gets_the_short_id_its_report_prints(sources) -> None:
    office = extract_report(sources / "lkip-disdukcapil-kota-bekasi-2024.txt")
    assert office.entity_id == "disdukcapil-kota-bekasi"  # as the curated data call it
    assert office.frames["Entitas"].iloc[0]["name"] == "Dinas Kependudukan dan Pencatatan Sipil Kota Bekasi"
    assert extract_report(sources / "lkip-kota-bekasi-2023.txt").entity_id == "kota-bekasi"


@pytest.mark.parametrize(
    ("word", "name", "expected"),
    [
        ("Bappeda", "Badan Perencanaan Pembangunan Daerah", True),
        ("Dinkes", "Dinas Kesehatan", True),
        ("Dinas", "Dinas Kesehatan", False),  # a word of the name, not an abbreviation
        ("Daerah", "Badan Perencanaan Pembangunan Daerah", False),  # does not start as the name does
        ("Bapenda", "Dinas Kesehatan", False),
    ],
)
def test_abbreviation_of_an_office_name(word, name, expected) -> None:
    from lkip_helpers.intake.extract import is_abbreviation

    assert is_abbreviation(word, name) is expected


# --- plan tables (targets over several years) ------------------------------------------------------
PLAN_MEASURES = ("baseline", "baseline_other_unit", "target_rpjmd", "target_renstra", "target_renstra_revised",
                 "target_rpd", "target_final")


def _plan_targets(extraction) -> dict[tuple[str, int, str], str]:
    names = extraction.frames["IKU"].set_index("indicator_id")["name"]
    target = extraction.frames["Target"]
    target = target[target["measure"].isin(PLAN_MEASURES)]
    return {(names[r.indicator_id], int(r.year), r.measure): r.value_text for r in target.itertuples()}


def test_the_city_plan_table_comes_out_as_curated(sources, ds) -> None:
    """Tabel 2.2 (baseline 2018, a target per year 2019–2023, the end target; a header repeated
    after a page break): at least 95 % of its curated cells, each equal to the curated figure."""
    got = _plan_targets(extract_report(sources / "lkip-kota-bekasi-2023.txt"))
    iv, names = ds.tables["indicator_values"], ds.indicators.set_index("indicator_id")["name"]
    curated = iv[(iv["source_ref"] == "Tabel 2.2") & iv["measure"].isin(PLAN_MEASURES)]
    assert len(curated) > 150
    from lkip_helpers.intake.plan_targets import name_similarity

    extracted_names = {name for name, _, _ in got}
    equal = 0
    for r in curated.itertuples():
        name = max(extracted_names, key=lambda n: name_similarity(n, names[r.indicator_id]))
        printed = got.get((name, int(r.year), r.measure))
        equal += printed is not None and _number(printed) == _number(r.value_text)
    assert equal / len(curated) >= 0.95
    assert not any("INDIKATOR" in name for name, _, _ in got)  # the repeated header is no row
    assert got[("Nilai Akuntabilitas Kinerja Instansi Pemerintah (AKIP)", 2018, "baseline")] == "63,49"
    assert got[("Nilai Akuntabilitas Kinerja Instansi Pemerintah (AKIP)", 2023, "target_final")] == "77,00"


def test_the_office_plans_are_told_apart_and_kept_as_printed(sources) -> None:
    """The office prints its RPD targets and its revised Renstra targets; with the KK and KIA rows
    of the revised table swapped against the RPD table, both are kept as printed, never repaired."""
    extraction = extract_report(sources / "lkip-disdukcapil-kota-bekasi-2024.txt")
    got = _plan_targets(extraction)
    kk = "Cakupan Kepemilikan Kartu Keluarga"
    assert got[(kk, 2024, "target_rpd")] == "94.97"
    assert got[(kk, 2024, "target_renstra_revised")] == "65%"
    assert got[("Cakupan Kepemilikan Dokumen Kependudukan dan Pencatatan Sipil", 2026, "target_renstra")] == "84.52%"
    review = extraction.review
    plan_named = review[review["reason"].str.contains("plan read from the line above the table")]
    assert set(plan_named["value"]) == {"target_rpd", "target_renstra_revised"}
    unmatched = review[review["reason"].str.startswith("a plan target row that matches no IKU")]
    assert "Cakupan Kepemilikan KIA" in set(unmatched["value"])  # the measured IKU is "Penerbitan KIA"


def test_plan_measure_from_title_context_or_level() -> None:
    from lkip_helpers.intake.plan_targets import plan_measure

    assert plan_measure("Tabel 2.2 Target RPJMD 2019-2023", "", "kota") == ("target_rpjmd", None)
    assert plan_measure("Tabel 2.1 Target Renstra", "", "perangkat_daerah") == ("target_renstra", None)
    measure, why = plan_measure("table at line 9", "Perubahan target pada Renstra 2024 - 2026 :", "perangkat_daerah")
    assert measure == "target_renstra_revised" and "line above" in why
    assert plan_measure("Tabel 2.2 Target Indikator Kinerja Utama", "", "kabupaten")[0] == "target_rpjmd"
    assert plan_measure("Tabel 2.2 Target Indikator Kinerja Utama", "", "perangkat_daerah")[0] == "target_renstra"


def test_plan_cells_baseline_years_and_end() -> None:
    from lkip_helpers.intake.plan_targets import PlanCell, plan_cells

    cells = plan_cells({"satuan": "%", "b2018": "1", "y2019": "2", "y2020": "3", "final": "4"}, "target_rpjmd")
    assert cells == [PlanCell("baseline", 2018, "1"), PlanCell("target_rpjmd", 2019, "2"),
                     PlanCell("target_rpjmd", 2020, "3"), PlanCell("target_final", 2020, "4")]
    assert plan_cells({"baseline": "7", "y2025": "8"}, "target_renstra")[0] == PlanCell("baseline", 2024, "7")


@pytest.mark.parametrize(
    ("a", "b", "alike"),
    [
        ("Cakupan kepemilikan KTPel", "Cakupan Kepemilikan KTP-el", True),
        ("Cakupan Kepemilikan KK", "Cakupan Kepemilikan Kartu Keluarga", True),
        ("Nilai Akuntabilitas Kinerja Instansi Pemerintah (AKIP)", "Nilai Evaluasi AKIP", True),
        ("Cakupan Kepemilikan KK", "Cakupan Kepemilikan KIA", False),
        ("Cakupan Kepemilikan Akte Kelahiran", "Cakupan Kepemilikan Akte Kematian", False),
    ],
)
def test_plan_rows_find_their_indicator_by_name(a, b, alike) -> None:
    from lkip_helpers.intake.plan_targets import name_similarity

    assert (name_similarity(a, b) >= 0.75) is alike


def test_a_plan_table_in_a_pdf_comes_out_year_by_year(tmp_path) -> None:
    got = _plan_targets(extract_report(plan_pdf(tmp_path / "renstra.pdf")))
    for name, _, baseline, *targets, end in PLAN_ROWS:
        assert got[(name, 2020, "baseline")] == baseline
        assert [got[(name, y, "target_renstra")] for y in (2021, 2022, 2023)] == targets
        assert got[(name, 2023, "target_final")] == end
