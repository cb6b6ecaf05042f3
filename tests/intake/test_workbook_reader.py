"""Reading a filled workbook: every problem named by sheet and cell, Excel's own cell types, CSV folders."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from minimal_reports import minimal_frames
from openpyxl import load_workbook

from lkip_helpers.intake import SHEETS, WorkbookError, read_workbook, write_workbook


@pytest.fixture()
def workbook(tmp_path):
    path = tmp_path / "report.xlsx"
    write_workbook(path, minimal_frames())
    return path


def _edit(path, sheet: str, cell: str, value) -> None:
    book = load_workbook(path)
    book[sheet][cell] = value
    book.save(path)


def _problems(path) -> list[str]:
    with pytest.raises(WorkbookError) as err:
        read_workbook(path)
    assert "nothing was imported" in str(err.value)
    return [str(issue) for issue in err.value.issues]


def test_a_filled_workbook_reads_back_its_rows(workbook) -> None:
    sheets, warnings = read_workbook(workbook)
    assert len(sheets["IKU"].frame) == 5 and len(sheets["Realisasi"].frame) == 5
    assert sheets["Realisasi"].frame["realisasi"].iloc[0].text == "72,5"
    assert sheets["Realisasi"].frame["realisasi"].iloc[0].value == 72.5
    assert sheets["IKU"].frame["iku_no"].tolist() == [1, 2, 3, 4, 5]
    assert sheets["Realisasi"].where[0] == "Realisasi row 3"
    assert warnings == []


def test_a_malformed_number_is_named_by_sheet_and_cell(workbook) -> None:
    _edit(workbook, "Realisasi", "D4", "12,3,4")
    assert _problems(workbook) == ["Realisasi!D4: Realisasi: cannot read '12,3,4' as a number; correct it, or put it "
                                   'in double quotes to keep it as printed without a value, or write "TEXT" = NUMBER '
                                   "to give its value"]


@pytest.mark.parametrize("sheet, cell, value, message", [
    ("IKU", "I3", "naik", "IKU!I3: Polaritas: 'naik' is not one of: higher_is_better"),
    ("IKU", "C4", None, "IKU!C4: Indikator Kinerja Utama: a value is required"),
    ("IKU", "B3", "satu", "IKU!B3: No. IKU: cannot read 'satu' as a whole number"),
    ("Target", "B3", dt.datetime(2024, 1, 1), "Target!B3: Tahun: the cell holds a date"),
    ("Realisasi", "D3", ".882.346", "Realisasi!D3: Realisasi: '.882.346' starts with a separator"),
    ("IKU", "L3", "WTP", "IKU!L3: Batas bawah: cannot read 'WTP' as a number"),
])
def test_each_kind_of_bad_cell(workbook, sheet, cell, value, message) -> None:
    _edit(workbook, sheet, cell, value)
    problems = _problems(workbook)
    assert len(problems) == 1 and problems[0].startswith(message), problems


def test_every_problem_is_listed_at_once(workbook) -> None:
    _edit(workbook, "Realisasi", "D4", "12,3,4")
    _edit(workbook, "IKU", "I3", "naik")
    assert len(_problems(workbook)) == 2


def test_a_choice_is_read_in_any_case(workbook) -> None:
    _edit(workbook, "IKU", "I3", "Higher_Is_Better")
    sheets, _ = read_workbook(workbook)
    assert sheets["IKU"].frame["polarity"].iloc[0] == "higher_is_better"


def test_numbers_excel_stored_are_read_in_indonesian_notation(workbook) -> None:
    book = load_workbook(workbook)
    book["Realisasi"]["D3"] = 72.5
    book["Realisasi"]["E3"] = 1.0357
    book["Realisasi"]["E3"].number_format = "0.00%"
    book["Target"]["E3"] = 3400
    book.save(workbook)
    sheets, _ = read_workbook(workbook)
    realisasi = sheets["Realisasi"].frame.iloc[0]
    assert (realisasi["realisasi"].text, realisasi["capaian"].text) == ("72,5", "103,57%")
    assert realisasi["capaian"].value == pytest.approx(103.57)
    assert sheets["Target"].frame["value_text"].iloc[0].text == "3400"


def test_a_dotted_thousands_group_is_read_as_thousands_with_a_warning(workbook) -> None:
    _edit(workbook, "Realisasi", "D3", "722.022")
    sheets, warnings = read_workbook(workbook)
    assert sheets["Realisasi"].frame["realisasi"].iloc[0].value == 722022
    assert [str(w) for w in warnings] == ["Realisasi!D3: Realisasi: '722.022' read as 722022 (Indonesian notation: '.' "
                                          "separates thousands); write it with a comma if a decimal was meant"]


def test_rows_without_figures_are_skipped_and_counted(tmp_path) -> None:
    frames = minimal_frames()
    frames["Realisasi"] = pd.concat([frames["Realisasi"],
                                     pd.DataFrame([{"indicator_id": "kota-contoh-akip", "year": 2025}])])
    write_workbook(tmp_path / "r.xlsx", frames)
    sheets, _ = read_workbook(tmp_path / "r.xlsx")
    assert len(sheets["Realisasi"].frame) == 5 and sheets["Realisasi"].unfilled == 1


def test_the_same_row_twice_is_refused(tmp_path) -> None:
    frames = minimal_frames()
    frames["IKU"] = pd.concat([frames["IKU"], frames["IKU"].iloc[[0]]])
    write_workbook(tmp_path / "r.xlsx", frames)
    assert _problems(tmp_path / "r.xlsx") == ["IKU row 8: the same row as IKU row 3 (indicator_id=kota-contoh-akip)"]


def test_columns_are_found_by_header_gloss_or_key_in_any_order(tmp_path) -> None:
    folder = tmp_path / "sheets"
    folder.mkdir()
    frames = minimal_frames()
    for spec in SHEETS:
        frame = frames.get(spec.name, pd.DataFrame(columns=[c.key for c in spec.columns]))
        headers = {c.key: (c.gloss if n % 2 else c.header) for n, c in enumerate(spec.columns)}
        frame.rename(columns=headers)[list(reversed(frame.rename(columns=headers).columns))].to_csv(
            folder / f"{spec.name}.csv", index=False, sep=";" if spec.name == "IKU" else ",")
    sheets, _ = read_workbook(folder)
    assert sheets["IKU"].frame["polarity"].tolist()[:2] == ["higher_is_better", "lower_is_better"]
    assert sheets["Realisasi"].frame["realisasi"].iloc[0].text == "72,5"
    assert sheets["IKU"].where[0] == "IKU.csv, row 2"


def test_unknown_and_missing_columns(tmp_path) -> None:
    folder = tmp_path / "sheets"
    folder.mkdir()
    (folder / "IKU.csv").write_text("Kode IKU,Warna\nx,merah\n", encoding="utf-8")
    problems = _problems(folder)
    assert problems[0].startswith("IKU.csv, row 1, column 2: unknown column 'Warna'")
    assert problems[1].startswith("IKU.csv, row 1: missing column(s) Indikator Kinerja Utama, Kode sasaran")


@pytest.mark.parametrize("name, content, message", [
    ("report.txt", b"hello", "not an Excel workbook"),
    ("report.xlsx", b"not a zip", "cannot be opened as an .xlsx workbook"),
])
def test_a_file_that_is_no_workbook(tmp_path, name, content, message) -> None:
    (tmp_path / name).write_bytes(content)
    assert message in _problems(tmp_path / name)[0]


def test_a_missing_workbook() -> None:
    with pytest.raises(FileNotFoundError, match="no such workbook"):
        read_workbook("/nonexistent/report.xlsx")
