"""Write the report workbook: one sheet per part of an LKIP, as declared in :mod:`.workbook_schema`.

Each sheet gets its Indonesian headers on row 1, their English glosses on row 2 and the rows of its
frame from row 3; a column with a list of choices gets a drop-down (a closed list rejects other
values in Excel and LibreOffice, an open list such as ``unit`` only suggests). The file is built in
memory and written atomically, so a failure never leaves half a workbook.
"""

from __future__ import annotations

from collections.abc import Mapping
from io import BytesIO
from pathlib import Path

import pandas as pd

from lkip_helpers.data.atomic import atomic_write_bytes
from lkip_helpers.intake.workbook_schema import (
    CHOICES, EXAMPLES, FIRST_DATA_ROW, GLOSS_ROW, HEADER_ROW, INSTRUCTIONS_SHEET, REVIEW_SHEET, SHEETS, SheetSpec,
)

__all__ = ["write_workbook"]

#: the hidden sheet that holds the drop-down lists (referenced by the data validations)
LISTS_SHEET = "Daftar"

_INSTRUCTIONS = (
    ("Lembar kerja ini memuat satu laporan (satu entitas, satu tahun).",
     "This workbook holds one report (one entity, one year)."),
    ("Baris 1 berisi judul kolom, baris 2 terjemahan Inggrisnya; isi data mulai baris 3.",
     "Row 1 holds the column headers, row 2 their English gloss; data start on row 3."),
    ("Tulis angka seperti tercetak di laporan (87,14 atau Rp 2,9 T); teks sel disimpan apa adanya.",
     "Type numbers as the report prints them (87,14 or Rp 2,9 T); the cell text is kept as typed."),
    ("Kolom berwarna memiliki daftar pilihan.", "Columns with a list offer a drop-down."),
    ("Lembar CekJumlah dan CekRelasi (opsional) memuat pemeriksaan khusus laporan ini: baris checks.csv dan "
     "check_relations.csv (lihat docs/data-model.md). Kode dokumen boleh kosong; kosongkan lembar bila tidak ada.",
     "Sheets CekJumlah and CekRelasi (optional) hold this report's own checks: rows of checks.csv and "
     "check_relations.csv (see docs/data-model.md). Kode dokumen may be left empty; leave the sheets empty if none."),
    ("Lembar cek yang berisi baris adalah daftar lengkap: cek laporan ini yang barisnya dihapus ikut dihapus "
     "saat impor (dengan --replace). Lembar cek yang kosong tidak menghapus apa pun.",
     "A check sheet with rows is the complete list: a check of this report whose row was deleted is removed on "
     "import (with --replace). An empty check sheet removes nothing."),
)


def write_workbook(path: Path | str, frames: Mapping[str, pd.DataFrame],
                   review: pd.DataFrame | None = None) -> None:
    """Write the workbook to ``path``: every sheet of :data:`SHEETS` (empty ones too), filled from
    ``frames`` (sheet name → frame whose columns are the sheet's column keys), plus the
    ``Periksa`` review sheet when ``review`` is given. Unknown sheet names or columns raise
    ``ValueError`` naming them, before anything is written."""
    from openpyxl import Workbook

    _check_frames(frames, review)
    book = Workbook()
    _write_instructions(book.active)
    lists = book.create_sheet(LISTS_SHEET)
    lists.sheet_state = "hidden"
    ranges = _write_lists(lists)
    for spec in SHEETS:
        _write_sheet(book.create_sheet(spec.name), spec, frames.get(spec.name), ranges)
    if review is not None:
        _write_sheet(book.create_sheet(REVIEW_SHEET.name), REVIEW_SHEET, review, ranges)
    buffer = BytesIO()
    book.save(buffer)
    atomic_write_bytes(path, buffer.getvalue())


def _check_frames(frames: Mapping[str, pd.DataFrame], review: pd.DataFrame | None) -> None:
    specs = {spec.name: spec for spec in SHEETS}
    unknown = sorted(set(frames) - set(specs))
    if unknown:
        raise ValueError(f"unknown sheet(s) {', '.join(unknown)}; the workbook has {', '.join(specs)}")
    pairs = [(specs[name], frame) for name, frame in frames.items()]
    if review is not None:
        pairs.append((REVIEW_SHEET, review))
    for spec, frame in pairs:
        extra = sorted(set(frame.columns) - {column.key for column in spec.columns})
        if extra:
            raise ValueError(f"sheet {spec.name}: unknown column(s) {', '.join(map(str, extra))}")


def _write_instructions(ws) -> None:
    """The instructions, then for every sheet its headers and one filled example row."""
    from openpyxl.styles import Font

    ws.title = INSTRUCTIONS_SHEET
    ws.append(["Petunjuk", "Instructions"])
    for row in _INSTRUCTIONS:
        ws.append(list(row))
    ws.append([])
    ws.append(["Contoh isian per lembar (angka contoh, bukan dari laporan)",
               "A filled example row per sheet (example figures, not from a report)"])
    for spec in SHEETS:
        ws.append([])
        ws.append([f"Lembar {spec.name}"])
        ws.cell(row=ws.max_row, column=1).font = Font(bold=True)
        example = EXAMPLES.get(spec.name, {})
        ws.append([column.header for column in spec.columns])
        ws.append([_cell_value(example.get(column.key, "")) for column in spec.columns])
    ws.column_dimensions["A"].width = 60
    ws.column_dimensions["B"].width = 60


def _write_lists(ws) -> dict[str, str]:
    """One column per list of :data:`CHOICES`; returns list name → absolute cell range."""
    from openpyxl.utils import get_column_letter

    ranges = {}
    for index, (name, values) in enumerate(sorted(CHOICES.items()), start=1):
        letter = get_column_letter(index)
        ws.cell(row=1, column=index, value=name)
        for offset, value in enumerate(values, start=2):
            ws.cell(row=offset, column=index, value=value)
        ranges[name] = f"{LISTS_SHEET}!${letter}$2:${letter}${len(values) + 1}"
    return ranges


def _write_sheet(ws, spec: SheetSpec, frame: pd.DataFrame | None, ranges: Mapping[str, str]) -> None:
    from openpyxl.styles import Font

    for index, column in enumerate(spec.columns, start=1):
        ws.cell(row=HEADER_ROW, column=index, value=column.header).font = Font(bold=True)
        ws.cell(row=GLOSS_ROW, column=index, value=column.gloss).font = Font(italic=True, color="666666")
    ws.freeze_panes = ws.cell(row=FIRST_DATA_ROW, column=1)
    if frame is not None:
        keys = [column.key for column in spec.columns]
        for offset, record in enumerate(frame.reindex(columns=keys).itertuples(index=False)):
            for index, value in enumerate(record, start=1):
                if not pd.isna(value):
                    ws.cell(row=FIRST_DATA_ROW + offset, column=index, value=_cell_value(value))
    _add_drop_downs(ws, spec, ranges)
    _size_columns(ws, spec)


def _cell_value(value: object) -> object:
    """Numbers stay numbers, everything else is written as the text it is."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)):
        return value
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return str(value)


def _add_drop_downs(ws, spec: SheetSpec, ranges: Mapping[str, str]) -> None:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    for index, column in enumerate(spec.columns, start=1):
        if column.choices is None:
            continue
        validation = DataValidation(type="list", formula1=ranges[column.choices], allow_blank=True,
                                    showErrorMessage=not column.open_choice)
        validation.error = f"{column.header}: pilih dari daftar / choose from the list"
        letter = get_column_letter(index)
        validation.add(f"{letter}{FIRST_DATA_ROW}:{letter}1000")
        ws.add_data_validation(validation)


def _size_columns(ws, spec: SheetSpec) -> None:
    from openpyxl.utils import get_column_letter

    for index, column in enumerate(spec.columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = max(12, min(60, len(column.gloss) + 2))
