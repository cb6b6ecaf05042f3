"""Read a filled report workbook (or the same sheets as CSV files in a folder) into checked rows.

Every cell is read by the kind its column declares in :mod:`.workbook_schema`: a whole number, a
number in Indonesian or mixed notation, a figure as printed (a number, or a text such as ``WTP``),
or one of a drop-down list. Every problem is collected with the sheet and cell it is in
(``Realisasi!D7``; ``Realisasi.csv, row 7`` for a folder) and raised together as one
:class:`WorkbookError`, so a person fixes the whole workbook in one pass.

Messages are :class:`~lkip_helpers.data.i18n.Message` (English as a string; ``in_language`` writes
an issue, and the whole error, in the reader's language for ``lkip import``).

Columns are found by their header (the Indonesian header, the English gloss or the column key, in
any order and any case); the gloss row of the template is recognised and skipped. Rows with no
cell filled are skipped; rows of a figures sheet whose figures are all blank are rows still to be
filled (a pre-filled template row) and are skipped too, and counted in :attr:`SheetRows.unfilled`.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from lkip_helpers.data.i18n import Message, shown
from lkip_helpers.intake.printed_figures import (
    FigureError, PrintedFigure, indonesian_plain, read_printed, thousands_or_decimal,
)
from lkip_helpers.intake.workbook_schema import CHOICES, FIRST_DATA_ROW, HEADER_ROW, SHEETS, ColumnSpec, SheetSpec

__all__ = ["CellIssue", "SheetRows", "WorkbookError", "listed", "object_frame", "read_workbook"]



@dataclass(frozen=True)
class CellIssue:
    """One problem (or, with ``warning=True``, one note) about a cell, a row or a sheet."""

    where: str
    message: str
    warning: bool = False

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"

    def in_language(self, lang: str | None = None) -> str:
        """The issue in ``lang`` (the place and the message; default: the current language)."""
        return f"{shown(self.where, lang)}: {shown(self.message, lang)}"


class WorkbookError(ValueError):
    """Raised when a workbook cannot be imported; ``issues`` lists every problem found."""

    def __init__(self, source: Path, issues: list[CellIssue]) -> None:
        if not issues:
            raise ValueError("WorkbookError needs at least one issue")
        self.source = source
        self.issues = list(issues)
        super().__init__(self.in_language("en"))

    def in_language(self, lang: str | None = None) -> str:
        """The error in ``lang`` (default: the current language): the workbook, how many problems,
        and the first 30 of them, one a line."""
        count = len(self.issues)
        head = (Message("{source}: 1 problem; nothing was imported", source=str(self.source)) if count == 1 else
                Message("{source}: {n} problems; nothing was imported", source=str(self.source), n=count))
        return listed(head, self.issues, lang)


def listed(head: object, items: list, lang: str | None = None, more: int = 0, limit: int = 30) -> str:
    """``head``, then the first ``limit`` of ``items`` one a line (indented), then how many more
    (those left out, and ``more`` not in ``items``); each in ``lang`` (:func:`~lkip_helpers.data.i18n.shown`)."""
    lines = [shown(head, lang), *(f"  {shown(item, lang)}" for item in items[:limit])]
    more += max(0, len(items) - limit)
    if more > 0:
        lines.append("  " + shown(Message("({n} more)", n=more), lang))
    return "\n".join(lines)


@dataclass
class SheetRows:
    """The checked rows of one sheet.

    Attributes:
        spec: the sheet's declaration.
        frame: one row per filled row, a column per column key; cells are ``str`` (text, choices and
            choices), :class:`PrintedFigure` (figures), ``int`` (whole numbers) or ``None`` (blank).
        where: for every row of ``frame``, where it is (``Realisasi row 7`` / ``Realisasi.csv, row 7``).
        unfilled: rows skipped because their figures are blank.
    """

    spec: SheetSpec
    frame: pd.DataFrame
    where: list[str] = field(default_factory=list)
    unfilled: int = 0
    #: column key → its letter in the workbook (or its header in a CSV file)
    columns: dict[str, str] = field(default_factory=dict)
    csv: bool = False

    def cell(self, position: int, key: str) -> str:
        """The cell of column ``key`` in the ``position``-th row (``Realisasi!D7``)."""
        where = self.where[position]
        if key not in self.columns:
            return where
        if self.csv:
            return Message("{where}, column {column}", where=where, column=self.columns[key])
        sheet, row = where.rsplit(" row ", 1)
        return f"{sheet}!{self.columns[key]}{row}"


@dataclass
class _Grid:
    """A sheet's cells as read from a file: rows of values, and how to name a cell."""

    rows: list[list[object]]
    formats: list[list[str]]
    csv_name: str | None = None  # the CSV file's name, or None for a workbook sheet

    def cell_name(self, sheet: str, row: int, column: int) -> str:
        if self.csv_name is not None:
            return Message("{file}, row {row}, column {column}", file=self.csv_name, row=str(row), column=str(column))
        from openpyxl.utils import get_column_letter

        return f"{sheet}!{get_column_letter(column)}{row}"

    def row_name(self, sheet: str, row: int) -> str:
        if self.csv_name is not None:
            return Message("{file}, row {row}", file=self.csv_name, row=str(row))
        return Message("{sheet} row {row}", sheet=sheet, row=str(row))


def read_workbook(source: Path | str) -> tuple[dict[str, SheetRows], list[CellIssue]]:
    """Read every sheet of :data:`SHEETS` from an ``.xlsx`` workbook or a folder of ``<Sheet>.csv``.

    Returns:
        The rows of each sheet by sheet name, and the warnings (cells read one way of two).

    Raises:
        FileNotFoundError: ``source`` does not exist.
        WorkbookError: any cell, row or sheet cannot be read; lists every problem by sheet and cell.
    """
    source = Path(source)
    if not source.exists():
        raise FileNotFoundError(Message("{source}: no such workbook or folder", source=str(source)))
    grids = _folder_grids(source) if source.is_dir() else _workbook_grids(source)
    issues: list[CellIssue] = []
    sheets = {spec.name: _read_sheet(spec, grids.get(spec.name), issues) for spec in SHEETS}
    errors = [issue for issue in issues if not issue.warning]
    if errors:
        raise WorkbookError(source, errors)
    return sheets, [issue for issue in issues if issue.warning]


def _workbook_grids(path: Path) -> dict[str, _Grid]:
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    if path.suffix.lower() not in {".xlsx", ".xlsm"}:
        raise WorkbookError(path, [CellIssue(path.name, Message("not an Excel workbook (.xlsx) nor a folder of CSV files"))])
    try:
        book = load_workbook(path, data_only=True, read_only=True)
    except (BadZipFile, KeyError, OSError, ValueError) as exc:
        raise WorkbookError(path, [CellIssue(path.name, Message("cannot be opened as an .xlsx workbook ({reason})",
                                                                reason=str(exc)))]) from None
    try:
        grids = {}
        for spec in SHEETS:
            if spec.name in book.sheetnames:
                rows, formats = [], []
                for cells in book[spec.name].iter_rows():
                    rows.append([cell.value for cell in cells])
                    formats.append([getattr(cell, "number_format", "") or "" for cell in cells])
                grids[spec.name] = _Grid(rows, formats)
        return grids
    finally:
        book.close()


def _folder_grids(folder: Path) -> dict[str, _Grid]:
    grids = {}
    for spec in SHEETS:
        path = folder / f"{spec.name}.csv"
        if not path.exists():
            continue
        try:
            with path.open(encoding="utf-8-sig", newline="") as fh:
                text = fh.read()
        except UnicodeDecodeError:
            raise WorkbookError(folder, [CellIssue(path.name, Message("not a UTF-8 text file"))]) from None
        first = text.splitlines()[0] if text.strip() else ""
        delimiter = ";" if first.count(";") > first.count(",") else ","
        rows = [list(r) for r in csv.reader(text.splitlines(), delimiter=delimiter)]
        grids[spec.name] = _Grid(rows, [[""] * len(r) for r in rows], csv_name=path.name)
    return grids


def _read_sheet(spec: SheetSpec, grid: _Grid | None, issues: list[CellIssue]) -> SheetRows:
    keys = [column.key for column in spec.columns]
    empty = SheetRows(spec, pd.DataFrame(columns=keys))
    if grid is None or not grid.rows:
        return empty
    positions = _header_positions(spec, grid, issues)
    if positions is None:
        return empty
    records, where, unfilled = [], [], 0
    first = _first_data_row(spec, grid)
    for index in range(first - 1, len(grid.rows)):
        row_no = index + 1
        raw = grid.rows[index]
        if all(_blank(v) for v in raw):
            continue
        record: dict[str, object] = {}
        row_issues: list[CellIssue] = []
        unreadable: set[str] = set()
        for column in spec.columns:
            position = positions.get(column.key)
            value = raw[position] if position is not None and position < len(raw) else None
            formats = grid.formats[index]
            fmt = formats[position] if position is not None and position < len(formats) else ""
            before = len([i for i in row_issues if not i.warning])
            record[column.key] = _read_cell(column, value, fmt, _cell(grid, spec, row_no, position), row_issues)
            if len([i for i in row_issues if not i.warning]) > before:
                unreadable.add(column.key)
        if spec.values and all(record[key] is None for key in spec.values) and not unreadable & set(spec.values):
            unfilled += 1
            continue
        for column in spec.columns:
            if column.required and record[column.key] is None and column.key not in unreadable:
                cell = _cell(grid, spec, row_no, positions.get(column.key))
                row_issues.append(CellIssue(cell, Message("{column}: a value is required", column=column.header)))
        issues.extend(row_issues)
        records.append(record)
        where.append(grid.row_name(spec.name, row_no))
    frame = object_frame(records, keys)
    _check_unique(spec, frame, where, issues)
    return SheetRows(spec, frame, where, unfilled, _column_names(spec, grid, positions), grid.csv_name is not None)


def object_frame(records: list[dict], columns: list[str]) -> pd.DataFrame:
    """A frame of ``records`` whose cells stay as they are (``int``, ``str``, ``None``): no column
    becomes float because it has a blank."""
    return pd.DataFrame({c: pd.Series([r.get(c) for r in records], dtype=object) for c in columns})


def _column_names(spec: SheetSpec, grid: _Grid, positions: dict[str, int]) -> dict[str, str]:
    from openpyxl.utils import get_column_letter

    if grid.csv_name is not None:
        return {key: spec.column(key).header for key in positions}
    return {key: get_column_letter(position + 1) for key, position in positions.items()}


def _cell(grid: _Grid, spec: SheetSpec, row_no: int, position: int | None) -> str:
    """The name of a cell, or of its row when the column is absent from the sheet."""
    if position is None:
        return grid.row_name(spec.name, row_no)
    return grid.cell_name(spec.name, row_no, position + 1)


def _header_positions(spec: SheetSpec, grid: _Grid, issues: list[CellIssue]) -> dict[str, int] | None:
    """Column key → 0-based position, found by header, gloss or key (any order and case)."""
    header = grid.rows[HEADER_ROW - 1]
    names: dict[str, str] = {}
    for column in spec.columns:
        for label in (column.header, column.gloss, column.key):
            names[_norm(label)] = column.key
    positions: dict[str, int] = {}
    for position, value in enumerate(header):
        if _blank(value):
            continue
        key = names.get(_norm(str(value)))
        where = grid.cell_name(spec.name, HEADER_ROW, position + 1)
        if key is None:
            issues.append(CellIssue(where, Message("unknown column {column!r}; the sheet's columns are {columns}",
                                                   column=str(value).strip(),
                                                   columns=", ".join(c.header for c in spec.columns))))
        elif key in positions:
            issues.append(CellIssue(where, Message("column {column!r} appears twice", column=str(value).strip())))
        else:
            positions[key] = position
    missing = [c.header for c in spec.columns if c.required and c.key not in positions]
    if missing:
        issues.append(CellIssue(grid.row_name(spec.name, HEADER_ROW),
                                Message("missing column(s) {columns}", columns=", ".join(missing))))
        return None
    return positions


def _first_data_row(spec: SheetSpec, grid: _Grid) -> int:
    """Row 3 when row 2 is the template's gloss row, else row 2 (a sheet typed without glosses)."""
    if len(grid.rows) < 2:
        return HEADER_ROW + 1
    glosses = {_norm(c.gloss) for c in spec.columns}
    second = [_norm(str(v)) for v in grid.rows[1] if not _blank(v)]
    return FIRST_DATA_ROW if second and all(v in glosses for v in second) else HEADER_ROW + 1


def _read_cell(column: ColumnSpec, value: object, fmt: str, cell: str, issues: list[CellIssue]) -> object:
    if _blank(value):
        return None
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        issues.append(CellIssue(cell, Message("{column}: the cell holds a date ({value}); type the value as text",
                                              column=column.header, value=str(value))))
        return None
    if column.kind == "integer":
        return _read_integer(column, value, cell, issues)
    text = _cell_text(value, fmt)
    if column.kind == "choice":
        return _read_choice(column, text, cell, issues)
    if column.kind in ("number", "printed"):
        return _read_figure(column, text, cell, issues)
    return text


def _read_integer(column: ColumnSpec, value: object, cell: str, issues: list[CellIssue]) -> int | None:
    if isinstance(value, bool):
        value = str(value)
    if isinstance(value, (int, float)) and float(value).is_integer():
        return int(value)
    text = str(value).strip()
    if re.fullmatch(r"[+-]?\d+", text):
        return int(text)
    issues.append(CellIssue(cell, Message("{column}: cannot read {text!r} as a whole number", column=column.header,
                                          text=text)))
    return None


def _read_choice(column: ColumnSpec, text: str, cell: str, issues: list[CellIssue]) -> str | None:
    options = CHOICES[column.choices or ""]
    for option in options:
        if option.casefold() == text.casefold():
            return option
    if column.open_choice:
        return text
    issues.append(CellIssue(cell, Message("{column}: {text!r} is not one of: {options}", column=column.header,
                                          text=text, options=", ".join(options))))
    return None


def _read_figure(column: ColumnSpec, text: str, cell: str, issues: list[CellIssue]) -> PrintedFigure | None:
    try:
        figure = read_printed(text, allow_text=column.kind == "printed")
    except FigureError as exc:
        issues.append(CellIssue(cell, Message("{column}: {reason}", column=column.header, reason=exc.args[0])))
        return None
    if figure.value is not None and thousands_or_decimal(figure.text):
        issues.append(CellIssue(cell, Message("{column}: {text!r} read as {value} (Indonesian notation: '.' separates "
                                              "thousands); write it with a comma if a decimal was meant",
                                              column=column.header, text=figure.text, value=f"{figure.value:.0f}"),
                                warning=True))
    return figure


def _cell_text(value: object, fmt: str) -> str:
    """The text of a cell: a typed text as it is; a number Excel stored is written in Indonesian
    notation without thousands separators (``87,14``; ``87,14%`` for a cell formatted as percent)."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)):
        if "%" in fmt:
            return indonesian_plain(round(float(value) * 100, 10)) + "%"
        return indonesian_plain(value)
    return str(value).strip()


def _check_unique(spec: SheetSpec, frame: pd.DataFrame, where: list[str], issues: list[CellIssue]) -> None:
    if frame.empty or not spec.key:
        return
    seen: dict[tuple, str] = {}
    for position, key in enumerate(frame[list(spec.key)].itertuples(index=False, name=None)):
        if key in seen:
            issues.append(CellIssue(where[position], f"the same row as {seen[key]} ("
                                    + ", ".join(f"{k}={v}" for k, v in zip(spec.key, key) if v is not None) + ")"))
        else:
            seen[key] = where[position]


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or (
        isinstance(value, float) and value != value)


def _norm(label: str) -> str:
    return " ".join(label.split()).casefold()
