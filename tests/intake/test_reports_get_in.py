"""A new year or a new report gets in and every notebook that applies runs on it: by hand as the
data model documents, through template -> import, and for minimal reports (only the core)."""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import re
from pathlib import Path

import nbformat
import pytest
from minimal_reports import minimal_frames
from openpyxl import load_workbook

from lkip_helpers.batch.cli import main
from lkip_helpers.intake import import_report, write_workbook

#: the three IKU the new year reports, and their realisasi as typed (fixture numbers)
NEW_REALISASI = {"kota-akip": "71,5", "kota-eppd": "3,41", "kota-gini-ratio": "0,412"}


def _lkip(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


def _tree(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _shown(path: Path) -> str:
    nb = nbformat.read(str(path), as_version=4)
    return "\n".join(o.get("text", "") + o.get("data", {}).get("text/plain", "") + o.get("data", {}).get("text/markdown", "")
                     for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))


def _overview_rows(report: Path, notebook: str = "01_overview.ipynb") -> dict[str, str]:
    """indicator -> the rows of a notebook's HTML tables that name it."""
    nb = nbformat.read(str(report / notebook), as_version=4)
    html = "".join(o.get("data", {}).get("text/html", "") for c in nb.cells if c.cell_type == "code"
                   for o in c.get("outputs", []))
    rows = html.split("<tr")
    names = {"kota-akip": "Nilai Akuntabilitas Kinerja", "kota-eppd": "Nilai Evaluasi Penyelenggaraan",
             "kota-gini-ratio": "Gini Ratio"}
    return {key: "\n".join(r for r in rows if name in r) for key, name in names.items()}


def _shows_new_figures(report: Path) -> bool:
    rows = _overview_rows(report)
    return all(f">{text}<" in rows[key] for key, text in NEW_REALISASI.items())


def _run(data_dir: Path, out: Path, entity: str, year: int, *more: str) -> tuple[int, str, str]:
    return _lkip("--data-dir", str(data_dir), "run", "--entity", entity, "--year", str(year), "--output-dir", str(out),
                 "--quiet", *more)


def test_a_new_year_typed_as_the_data_model_documents_runs(tmp_path, data_copy) -> None:
    with (data_copy / "documents.csv").open("a", encoding="utf-8") as fh:
        fh.write("lkip-kota-bekasi-2024,LKIP Kota Bekasi 2024 (fixture),kota-bekasi,2024,,,\n")
    with (data_copy / "indicator_values.csv").open("a", encoding="utf-8") as fh:
        for indicator, text in NEW_REALISASI.items():
            value = text.replace(",", ".")
            fh.write(f'kota-bekasi,{indicator},2024,annual,realisasi,{value},"{text}",lkip-kota-bekasi-2024,Tabel 3.1\n')
            fh.write(f'kota-bekasi,{indicator},2024,annual,target_pk,{value},"{text}",lkip-kota-bekasi-2024,Tabel 3.1\n')
    code, _, err = _run(data_copy, tmp_path / "out", "kota-bekasi", 2024, "--notebooks", "overview")
    assert code == 0, err
    assert _shows_new_figures(tmp_path / "out" / "kota-bekasi" / "2024")


@pytest.fixture(scope="module")
def second_year(tmp_path_factory):
    """kota-bekasi 2024 (fixture numbers) through template -> fill -> import --dry-run -> import,
    then ``lkip run --all --notebooks overview`` and the mission and forecast notebooks of 2024."""
    import shutil

    from lkip_helpers.data.paths import PROJECT_ROOT

    root = tmp_path_factory.mktemp("second-year")
    data = root / "data"
    shutil.copytree(PROJECT_ROOT / "data", data)
    workbook = root / "kota-bekasi-2024.xlsx"
    steps = {"template": _lkip("--data-dir", str(data), "template", "--entity", "kota-bekasi", "--year", "2024",
                               "--from-year", "2023", "-o", str(workbook), "--lang", "en")}
    book = load_workbook(workbook)
    book["Dokumen"]["B3"] = "LKIP Kota Bekasi 2024 (fixture numbers, not a real report)"
    for row in book["Realisasi"].iter_rows(min_row=3):
        if row[1].value == 2024 and row[0].value in NEW_REALISASI:
            row[3].value = NEW_REALISASI[row[0].value]
    book.save(workbook)
    before = _tree(data)
    steps["dry_run"] = _lkip("--data-dir", str(data), "import", str(workbook), "--dry-run", "--lang", "en")
    steps["dry_run_id"] = _lkip("--data-dir", str(data), "import", str(workbook), "--dry-run", "--lang", "id")
    steps["unchanged_by_dry_run"] = _tree(data) == before
    steps["import"] = _lkip("import", str(workbook), "--data-dir", str(data))
    steps["list"] = _lkip("--data-dir", str(data), "list")
    out = root / "out"
    steps["all"] = _lkip("--data-dir", str(data), "run", "--all", "--notebooks", "overview", "--output-dir", str(out),
                         "--quiet")
    steps["mission_forecast"] = _run(data, out, "kota-bekasi", 2024, "--notebooks", "mission,forecast", "--jobs", "2")
    return steps, out


def test_template_fill_and_import_a_new_year(second_year) -> None:
    steps, _ = second_year
    assert steps["template"][0] == 0 and "pre-filled from the report of 2023" in steps["template"][1]
    code, out, err = steps["dry_run"]
    assert code == 0, err
    assert "indicator_values: 3 row(s) added, 0 figure(s) changed" in out and "dry run: nothing was written" in out
    code, indonesian, err = steps["dry_run_id"]  # the same summary in Bahasa Indonesia, line for line
    assert code == 0, err
    assert "  indicator_values: 3 baris ditambahkan, 0 angka diubah, " in indonesian
    assert indonesian.splitlines()[-1] == "uji coba: tidak ada yang ditulis"
    assert len(indonesian.splitlines()) == len(out.splitlines())
    assert steps["unchanged_by_dry_run"]
    assert steps["import"][0] == 0, steps["import"][2]
    assert re.search(r"^kota-bekasi\t2024\t", steps["list"][1], re.M)


def test_all_runs_both_years_of_the_entity(second_year) -> None:
    steps, out = second_year
    code, printed, err = steps["all"]
    assert code == 0, err
    for year in (2023, 2024):
        assert f"kota-bekasi {year}: ok" in printed
        assert json.loads((out / "kota-bekasi" / str(year) / "manifest.json").read_text())["status"] == "ok"


def test_overview_and_mission_show_the_new_figures_beside_last_year_and_the_change(second_year) -> None:
    steps, out = second_year
    assert steps["mission_forecast"][0] == 0, steps["mission_forecast"][2]
    report = out / "kota-bekasi" / "2024"
    assert _shows_new_figures(report)
    for notebook in ("01_overview.ipynb", "02_mission-misi-1.ipynb"):
        akip = _overview_rows(report, notebook)["kota-akip"]
        assert ">71,5<" in akip and ">67,10<" in akip and ">4,40<" in akip and ">membaik<" in akip, notebook


def test_the_forecast_uses_the_new_observation(second_year) -> None:
    _, out = second_year
    nb = nbformat.read(str(out / "kota-bekasi" / "2024" / "03_forecast.ipynb"), as_version=4)
    shown = "\n".join(o.get("data", {}).get("text/plain", "") for c in nb.cells if c.cell_type == "code"
                      for o in c.get("outputs", []))
    # a row of the report-year table: the name first, the id last (the HTML links the row by it)
    akip = next(line for line in shown.splitlines()
                if re.search(r"\s2024\s+71\.50\b", line) and line.rstrip().endswith(" kota-akip"))
    assert "forecast" in akip


def test_a_workbook_with_a_bad_cell_is_refused_in_one_message(tmp_path, data_copy) -> None:
    frames = minimal_frames()
    frames["Realisasi"].loc[1, "realisasi"] = "12,3,4"
    write_workbook(tmp_path / "bad.xlsx", frames)
    before = _tree(data_copy)
    code, out, err = _lkip("--data-dir", str(data_copy), "import", str(tmp_path / "bad.xlsx"), "--lang", "en")
    assert code == 2 and out == ""
    assert err.startswith(f"lkip: import refused: {tmp_path / 'bad.xlsx'}: 1 problem; nothing was imported\n"
                          "  Realisasi!D4: Realisasi: cannot read '12,3,4' as a number")
    assert "Traceback" not in err and _tree(data_copy) == before


def test_a_bad_cell_is_named_in_bahasa_indonesia_by_default(tmp_path, data_copy, monkeypatch) -> None:
    """The same refusal without --lang: Indonesian words, the sheet, cell and typed text as they are."""
    from lkip_helpers.data import i18n

    monkeypatch.setattr(i18n, "_language", None)
    monkeypatch.delenv("LKIP_LANG", raising=False)
    frames = minimal_frames()
    frames["Realisasi"].loc[1, "realisasi"] = "12,3,4"
    workbook = tmp_path / "bad.xlsx"
    write_workbook(workbook, frames)
    code, out, err = _lkip("--data-dir", str(data_copy), "import", str(workbook))
    assert code == 2 and out == ""
    lines = err.splitlines()
    assert lines[:2] == [f"lkip: impor ditolak: {workbook}: 1 masalah; tidak ada yang diimpor",
                         "  Realisasi!D4: Realisasi: '12,3,4' tidak dapat dibaca sebagai angka; perbaiki, atau beri "
                         'tanda kutip ganda agar tetap seperti tercetak tanpa nilai, atau tulis "TEKS" = ANGKA untuk '
                         "memberi nilainya"]
    assert len(lines) == 2


def test_a_csv_folder_names_the_file_row_and_column_in_the_readers_language(tmp_path, data_copy) -> None:
    """A folder of sheet CSVs: the refusal names ``Realisasi.csv, baris 4, kolom 4`` (Indonesian)
    and ``Realisasi.csv, row 4, column 4`` (English)."""
    frames = minimal_frames()
    frames["Realisasi"].loc[1, "realisasi"] = "12,3,4"
    write_workbook(tmp_path / "bad.xlsx", frames)
    folder = tmp_path / "sheets"
    folder.mkdir()
    book = load_workbook(tmp_path / "bad.xlsx")
    for name in book.sheetnames:
        rows = [["" if v is None else str(v) for v in row] for row in book[name].iter_rows(values_only=True)]
        (folder / f"{name}.csv").write_text("\n".join(",".join(f'"{v}"' for v in row) for row in rows) + "\n",
                                            encoding="utf-8")
    code, _, indonesian = _lkip("--data-dir", str(data_copy), "import", str(folder), "--lang", "id")
    assert code == 2 and "\n  Realisasi.csv, baris 4, kolom 4: Realisasi: '12,3,4' tidak dapat dibaca" in indonesian
    code, _, english = _lkip("--data-dir", str(data_copy), "import", str(folder), "--lang", "en")
    assert code == 2 and "\n  Realisasi.csv, row 4, column 4: Realisasi: cannot read '12,3,4'" in english


def test_the_template_summary_in_bahasa_indonesia(tmp_path, data_copy, monkeypatch) -> None:
    from lkip_helpers.data import i18n

    monkeypatch.setattr(i18n, "_language", None)
    monkeypatch.delenv("LKIP_LANG", raising=False)
    workbook = tmp_path / "baru.xlsx"
    code, out, err = _lkip("--data-dir", str(data_copy), "template", "--entity", "kota-baru", "--year", "2024",
                           "-o", str(workbook))
    assert code == 0, err
    assert out == (f"{workbook} ditulis (kosong: ketik angka-angka laporan); lalu: lkip import baru.xlsx --dry-run\n")
    code, _, err = _lkip("--data-dir", str(data_copy), "template", "--entity", "kota-baru", "--year", "2024",
                         "-o", str(workbook))
    assert code == 2 and err == (f"lkip: galat: {workbook} sudah ada; pilih nama lain atau berikan --force untuk "
                                 "menimpanya\n")
    code, _, err = _lkip("--data-dir", str(data_copy), "template", "--entity", "kota-bekasi", "--year", "2023",
                         "--from-year", "2024", "-o", str(tmp_path / "x.xlsx"), "--lang", "en")
    assert code == 2 and err == "lkip: error: --from-year 2024 must be before --year 2023\n"
    code, _, err = _lkip("--data-dir", str(data_copy), "template", "--entity", "kota-bekasi", "--year", "2023",
                         "--from-year", "2024", "-o", str(tmp_path / "x.xlsx"))
    assert code == 2 and err == "lkip: galat: --from-year 2024 harus sebelum --year 2023\n"


def _suite(tmp_path: Path, data_dir: Path, entity: str, year: int = 2024) -> tuple[Path, dict]:
    code, _, err = _run(data_dir, tmp_path / "out", entity, year, "--jobs", "2")
    report = tmp_path / "out" / entity / str(year)
    assert code == 0, err
    return report, json.loads((report / "manifest.json").read_text())


def _skipped(manifest: dict) -> dict[str, str]:
    return {name: reason for name, reason in manifest.get("skipped", {}).items()}


def test_a_minimal_city_in_a_new_data_folder_runs_every_notebook_that_applies(tmp_path) -> None:
    """Only the core (entity, misi, sasaran, 5 IKU, one year's targets and realisasi), every
    optional table header-only."""
    write_workbook(tmp_path / "r.xlsx", minimal_frames())
    import_report(tmp_path / "r.xlsx", tmp_path / "data")
    report, manifest = _suite(tmp_path, tmp_path / "data", "kota-contoh")
    ran = {r["name"] for r in manifest["runs"]}
    assert {"01_overview", "02_mission-misi-1", "02_mission-misi-2", "03_forecast", "06_sakip_primer", "07_audit"} <= ran
    skipped = _skipped(manifest)
    assert "not a kabupaten/kota in the regional tables" in skipped["04_regional_benchmarks"]
    assert "no unit scores" in skipped["05_unit_performance"]
    index = (report / "index.html").read_text(encoding="utf-8")
    assert "tidak ada skor unit" in index  # the index speaks the report's language (Bahasa Indonesia)
    overview = _shown(report / "01_overview.ipynb")
    assert "72,5" in overview and "Nilai AKIP (fixture)" in overview
    assert "Contoh kota-contoh tidak melaporkan seri IKM untuk tahun 2024." in overview  # a section without data: one line
    primer = _shown(report / "06_sakip_primer.ipynb")  # in Bahasa Indonesia, the default language
    assert "Tidak ada latihan di sini: tidak ada laporan dalam data yang mencetak nilai komponen AKIP" in primer


def test_a_minimal_office_without_misi_runs(tmp_path) -> None:
    write_workbook(tmp_path / "r.xlsx", minimal_frames("dinas-contoh", level="perangkat_daerah", misi=False))
    import_report(tmp_path / "r.xlsx", tmp_path / "data")
    report, manifest = _suite(tmp_path, tmp_path / "data", "dinas-contoh")
    assert _skipped(manifest)["02_mission"] == "dinas-contoh has no RPJMD misi"
    assert "72,5" in _shown(report / "01_overview.ipynb")


def test_five_iku_and_nothing_else_beside_the_other_reports_runs(tmp_path, data_copy) -> None:
    write_workbook(tmp_path / "r.xlsx", minimal_frames())
    import_report(tmp_path / "r.xlsx", data_copy)
    report, manifest = _suite(tmp_path, data_copy, "kota-contoh")
    assert "01_overview" in {r["name"] for r in manifest["runs"]}
    assert "72,5" in _shown(report / "01_overview.ipynb")
