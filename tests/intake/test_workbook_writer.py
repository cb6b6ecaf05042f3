"""The workbook writer: every sheet with its headers and glosses, rows from row 3, drop-downs, errors."""

from __future__ import annotations

import pandas as pd
import pytest
from openpyxl import load_workbook

from lkip_helpers.intake import FIRST_DATA_ROW, REVIEW_SHEET, SHEETS, sheet
from lkip_helpers.intake.workbook_writer import write_workbook


@pytest.fixture
def iku_frame() -> pd.DataFrame:
    return pd.DataFrame([
        {"indicator_id": "a-1", "iku_no": 1, "name": "Indeks <Uji>", "sasaran_id": "s1", "unit": "%",
         "polarity": "higher_is_better", "lower_bound": 0.0, "upper_bound": 100.0},
        {"indicator_id": "a-2", "iku_no": 2, "name": "Angka kemiskinan", "sasaran_id": "s1",
         "unit": "%", "polarity": "lower_is_better"},
    ])


def test_every_sheet_has_headers_and_glosses(tmp_path, iku_frame) -> None:
    path = tmp_path / "report.xlsx"
    write_workbook(path, {"IKU": iku_frame})
    book = load_workbook(path)
    for spec in SHEETS:
        ws = book[spec.name]
        assert [c.value for c in ws[1]] == [c.header for c in spec.columns]
        assert [c.value for c in ws[2]] == [c.gloss for c in spec.columns]
    assert "Periksa" not in book.sheetnames


def test_rows_start_on_the_first_data_row_and_keep_their_values(tmp_path, iku_frame) -> None:
    path = tmp_path / "report.xlsx"
    write_workbook(path, {"IKU": iku_frame})
    ws = load_workbook(path)["IKU"]
    spec = sheet("IKU")
    col = {c.key: i + 1 for i, c in enumerate(spec.columns)}
    assert ws.cell(FIRST_DATA_ROW, col["name"]).value == "Indeks <Uji>"
    assert ws.cell(FIRST_DATA_ROW + 1, col["polarity"]).value == "lower_is_better"
    assert ws.cell(FIRST_DATA_ROW, col["upper_bound"]).value == 100.0
    assert ws.cell(FIRST_DATA_ROW + 1, col["upper_bound"]).value is None  # NaN stays blank
    assert ws.cell(FIRST_DATA_ROW + 2, col["name"]).value is None


def test_choice_columns_get_drop_downs(tmp_path) -> None:
    path = tmp_path / "report.xlsx"
    write_workbook(path, {})
    ws = load_workbook(path)["IKU"]
    from openpyxl.utils import get_column_letter

    spec = sheet("IKU")
    by_column = {str(v.sqref).split(":")[0].rstrip("0123456789"): v for v in ws.data_validations.dataValidation}
    letters = {c.key: get_column_letter(i + 1) for i, c in enumerate(spec.columns)}
    choice_keys = {c.key for c in spec.columns if c.kind == "choice"}
    assert set(by_column) == {letters[k] for k in choice_keys}
    assert by_column[letters["polarity"]].type == "list"
    assert by_column[letters["polarity"]].showErrorMessage  # a closed list
    assert not by_column[letters["unit"]].showErrorMessage  # the unit list only suggests


def test_review_sheet_written_when_given(tmp_path) -> None:
    path = tmp_path / "draft.xlsx"
    review = pd.DataFrame([{"sheet": "Realisasi", "cell": "D7", "value": ".882.346",
                            "reason": "leading digit lost"}])
    write_workbook(path, {}, review=review)
    ws = load_workbook(path)[REVIEW_SHEET.name]
    assert ws.cell(FIRST_DATA_ROW, 4).value == ".882.346"


def test_unknown_sheet_or_column_is_refused_before_writing(tmp_path, iku_frame) -> None:
    path = tmp_path / "report.xlsx"
    with pytest.raises(ValueError, match="unknown sheet.*Nope"):
        write_workbook(path, {"Nope": iku_frame})
    with pytest.raises(ValueError, match="IKU: unknown column.*colour"):
        write_workbook(path, {"IKU": iku_frame.assign(colour="red")})
    assert not path.exists()


def test_libreoffice_opens_the_workbook(tmp_path) -> None:
    """LibreOffice opens the workbook and saves it again (headless), and the saved file reads back;
    skipped where LibreOffice is not installed."""
    import shutil
    import subprocess

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed on this machine: apt install libreoffice-calc")
    from minimal_reports import minimal_frames

    path = tmp_path / "report.xlsx"
    write_workbook(path, minimal_frames())
    saved = tmp_path / "saved"
    subprocess.run([soffice, "--headless", "--convert-to", "xlsx", "--outdir", str(saved), str(path)],
                   check=True, capture_output=True, timeout=120)
    from lkip_helpers.intake import read_workbook

    sheets, _ = read_workbook(saved / "report.xlsx")  # the workbook as LibreOffice saved it reads back
    assert len(sheets["IKU"].frame) == 5
    assert sheets["Realisasi"].frame["realisasi"].iloc[0].text == "72,5"
