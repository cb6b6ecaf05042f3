"""Merge the rows a workbook brings into a table of ``data/``, keyed by the table's primary key.

A row whose key is new is added. A row whose key exists is compared column by column, leaving out
provenance (``document_id``, ``source_ref``) and blank cells of the workbook (a blank never erases
a figure): when everything agrees the existing row stays as it is, with its original provenance;
when a figure differs, it is a change (old → new), applied only when the import is told to replace.
Numbers are compared as numbers (``87,14`` equals ``87.14``), and a printed figure and its parsed
value count as one figure.

The declared checks (``checks``, ``check_relations``) are declarations, not figures: a row is
compared whole (its ``source_ref`` included, a blank cell being a value too: an empty ``variables``
means every variable), and a replaced row takes the workbook's row whole. Rows of a declaration
table are the complete list of their document's declarations: an existing row of that document
whose key the incoming rows do not have is a **removal**, listed (:attr:`TableMerge.removed`) and,
like a change, applied only when the import is told to replace. No incoming rows means no list:
nothing is removed (an empty or absent check sheet keeps the report's checks).

Tables are handled as strings (``""`` for a blank), so that rows the import does not touch are
written back exactly as they were.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from lkip_helpers.data.i18n import shown
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
        return self.in_language("en")

    def in_language(self, lang: str | None = None) -> str:
        """The change with the workbook row in ``lang`` (the rest is data, the same in every language)."""
        where = shown(self.where, lang)
        return f"{self.table} ({', '.join(self.key)}) {self.column}: {self.old!r} -> {self.new!r} [{where}]"


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
    #: keys of existing declarations the workbook no longer lists (removed only with ``replace``)
    removed: list[tuple[str, ...]] = field(default_factory=list)

    @property
    def modified(self) -> bool:
        """Whether the table's file must be rewritten."""
        return bool(self.added) or (self.replaced and bool(self.changes or self.removed))


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
        where = record.get(WHERE)
        where = where if isinstance(where, str) else ""  # a Message (the workbook row) is kept as it is
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
    if table in WHOLE_ROW_TABLES:
        rows = _remove_unlisted(result, rows, key, incoming)
    result.merged = pd.DataFrame.from_records(rows, columns=columns)
    return result


def _remove_unlisted(result: TableMerge, rows: list[dict[str, str]], key: list[str],
                     incoming: pd.DataFrame) -> list[dict[str, str]]:
    """Record in ``result`` the existing declarations of the incoming rows' document that the
    incoming rows do not list; with ``replace`` return ``rows`` without them (the other rows in their
    order, :attr:`TableMerge.origins` renumbered), else ``rows`` as they are."""
    documents = {_cell(d) for d in incoming["document_id"]}
    listed = {tuple(_cell(record.get(k)) for k in key) for record in incoming.to_dict("records")}
    gone = [n for n, row in enumerate(rows) if row["document_id"] in documents
            and tuple(row[k] for k in key) not in listed]
    result.removed = [tuple(rows[n][k] for k in key) for n in gone]
    if not (gone and result.replaced):
        return rows
    dropped = set(gone)
    position = {n: n - sum(1 for g in gone if g < n) for n in range(len(rows)) if n not in dropped}
    result.origins = {position[row - 1] + 1: where for row, where in result.origins.items()}
    return [row for n, row in enumerate(rows) if n not in dropped]


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
