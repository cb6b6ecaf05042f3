"""Merge the rows a workbook brings into a table of ``data/``, keyed by the table's primary key.

A row whose key is new is added. A row whose key exists is compared column by column, leaving out
provenance (``document_id``, ``source_ref``) and blank cells of the workbook (a blank never erases
a figure): when everything agrees the existing row stays as it is, with its original provenance;
when a figure differs, it is a change (old → new), applied only when the import is told to replace.
Numbers are compared as numbers (``87,14`` equals ``87.14``), and a printed figure and its parsed
value count as one figure.

The declared checks (``checks``, ``check_relations``) are declarations, not figures: a row is
compared whole (its ``source_ref`` included, a blank cell being a value too: an empty ``variables``
means every variable), and a replaced row takes the workbook's row whole.

Tables are handled as strings (``""`` for a blank), so that rows the import does not touch are
written back exactly as they were.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from lkip_helpers.data.numbers import NumberParseError, parse_cell
from lkip_helpers.intake.workbook_tables import WHERE

__all__ = ["FigureChange", "TableMerge", "merge_table"]

PROVENANCE = frozenset({"document_id", "source_ref"})
#: a parsed number column and the printed text it comes from: replaced together
FIGURE_PAIRS = {"value": "value_text", "weight": "weight_text"}
#: tables whose rows are compared and replaced whole (declarations of checks, not figures)
WHOLE_ROW_TABLES = frozenset({"checks", "check_relations"})


@dataclass(frozen=True)
class FigureChange:
    """One existing cell the workbook would change."""

    table: str
    key: tuple[str, ...]
    column: str
    old: str
    new: str
    where: str

    def __str__(self) -> str:
        return f"{self.table} ({', '.join(self.key)}) {self.column}: {self.old!r} -> {self.new!r} [{self.where}]"


@dataclass
class TableMerge:
    """The outcome of merging one table: the merged rows and what changed."""

    table: str
    merged: pd.DataFrame
    added: int = 0
    unchanged: int = 0
    changes: list[FigureChange] = field(default_factory=list)
    #: workbook columns the existing table has no column for (an older copy of ``data/``)
    dropped_columns: list[str] = field(default_factory=list)
    replaced: bool = False
    #: 1-based data row of the merged file → the workbook row it came from (added or replaced rows)
    origins: dict[int, str] = field(default_factory=dict)

    @property
    def modified(self) -> bool:
        """Whether the table's file must be rewritten."""
        return bool(self.added) or (self.replaced and bool(self.changes))


def merge_table(table: str, existing: pd.DataFrame, incoming: pd.DataFrame, key: list[str],
                *, replace: bool = False) -> TableMerge:
    """Merge ``incoming`` rows (with a ``_where`` column) into ``existing`` (strings).

    Args:
        table: the table's name, for messages.
        existing: the table as read from its CSV file, every cell a string.
        incoming: the workbook's rows for the table; ``None`` is a blank cell.
        key: the table's primary key.
        replace: apply the changes to existing rows (else they are only listed).
    """
    columns = list(existing.columns)
    result = TableMerge(table, existing, replaced=replace)
    if incoming.empty:
        return result
    result.dropped_columns = sorted(c for c in incoming.columns if c != WHERE and c not in columns
                                    and incoming[c].notna().any())
    rows = existing.to_dict("records")
    index = {tuple(row[k] for k in key): n for n, row in enumerate(rows)}
    for record in incoming.to_dict("records"):
        new = {c: _cell(record.get(c)) for c in columns}
        record_key = tuple(new[k] for k in key)
        where = str(record.get(WHERE, ""))
        if record_key not in index:
            index[record_key] = len(rows)
            rows.append(new)
            result.added += 1
            result.origins[len(rows)] = where
            continue
        old = rows[index[record_key]]
        whole = table in WHOLE_ROW_TABLES
        changes = (_row_changes if whole else _changes)(table, record_key, old, new, where)
        if not changes:
            result.unchanged += 1
            continue
        result.changes.extend(changes)
        if replace:
            rows[index[record_key]] = new if whole else _replaced(old, new)
            result.origins[index[record_key] + 1] = where
    result.merged = pd.DataFrame.from_records(rows, columns=columns)
    return result


def _cell(value: object) -> str:
    """A workbook cell as the CSV text it becomes (``""`` for a blank)."""
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)


def _compared_columns(row: dict[str, str]) -> list[str]:
    paired = set(FIGURE_PAIRS)
    return [c for c in row if c not in PROVENANCE and c not in paired]


def _changes(table: str, key: tuple[str, ...], old: dict[str, str], new: dict[str, str], where: str) -> list[FigureChange]:
    found = []
    for column in _compared_columns(new):
        if new[column] and not _same(old[column], new[column]):
            found.append(FigureChange(table, key, column, old[column], new[column], where))
    return found


def _row_changes(table: str, key: tuple[str, ...], old: dict[str, str], new: dict[str, str],
                 where: str) -> list[FigureChange]:
    """Every cell of a declaration that differs (blanks too), its document left out."""
    return [FigureChange(table, key, column, old[column], new[column], where)
            for column in new if column != "document_id" and old[column] != new[column]]


def _replaced(old: dict[str, str], new: dict[str, str]) -> dict[str, str]:
    """The existing row with the workbook's non-blank cells; a figure's number follows its text."""
    row = dict(old)
    for column, value in new.items():
        if value:
            row[column] = value
    for number, text in FIGURE_PAIRS.items():
        if number in new and new.get(text):
            row[number] = new[number]
    return row


def _same(old: str, new: str) -> bool:
    if old == new:
        return True
    a, b = _number(old), _number(new)
    return a is not None and b is not None and math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def _number(text: str) -> float | None:
    try:
        return parse_cell(text).number
    except NumberParseError:
        return None
