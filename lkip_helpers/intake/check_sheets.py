"""The report's own checks on sheets ``CekJumlah`` (→ ``checks``) and ``CekRelasi`` (→ ``check_relations``).

A row declares one check of the imported report: its document is the report's (a blank
``Kode dokumen`` is filled with it; another document is refused), and its ``check_id`` is new in the
data or already the same report's. The rest — a topic the data hold, a variable its keyed schema
declares, an expression that parses — is the data package's validation of the two tables
(``load_dataset``), run on the merged package before anything is written; it names the workbook row
first.

A sheet with rows is the report's complete list of that table's checks (``lkip template`` writes
them all): on a re-import, a row is merged by its ``check_id`` (so nothing is duplicated), and a
check of the report that the sheet no longer lists is removed — listed in the import's summary and,
like a changed check, applied only with ``--replace`` (:mod:`.merge`). A sheet with no rows, or no
such sheet, lists nothing and removes nothing: the report's checks in the data are kept, and the
import says so (:func:`kept_checks_notes`), so that a workbook written before these sheets were
filled never wipes them.

Into a new data package (an empty folder) the checks that name a stats topic are left out, each one
named in a note (:func:`leave_out_stats_checks`): the workbook carries no stats tables, so a new
package cannot hold what they check.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from lkip_helpers.data.declared_rows import named_topics
from lkip_helpers.data.i18n import Message
from lkip_helpers.intake.workbook_reader import CellIssue, SheetRows, object_frame
from lkip_helpers.intake.workbook_schema import CHECK_SHEETS, CHECK_TABLES

__all__ = ["check_tables", "kept_checks_notes", "leave_out_stats_checks"]


def check_tables(sheets: Mapping[str, SheetRows], document_id: str, known: Mapping[str, Mapping[str, str]],
                 where_column: str) -> tuple[dict[str, pd.DataFrame], list[CellIssue]]:
    """The rows of ``checks`` and ``check_relations`` the check sheets bring, and their problems.

    Args:
        sheets: the workbook's sheets (an absent check sheet is an empty one).
        document_id: the imported report's document.
        known: table name → (check id → its document) of the data imported into.
        where_column: the name of the column that records each row's workbook row.
    """
    tables: dict[str, pd.DataFrame] = {}
    issues: list[CellIssue] = []
    for name in CHECK_SHEETS:
        rows = sheets.get(name)
        if rows is None:
            continue
        table = rows.spec.table
        records = [_record(rows, position, record, document_id, known.get(table, {}), issues)
                   for position, record in enumerate(rows.frame.to_dict("records"))]
        frame = object_frame(records, [c.key for c in rows.spec.columns])
        frame[where_column] = pd.Series(list(rows.where), dtype=object)
        tables[table] = frame
    return tables, issues


def _record(rows: SheetRows, position: int, record: Mapping, document_id: str, known: Mapping[str, str],
            issues: list[CellIssue]) -> dict:
    """One row as the table stores it (strings), after checking its document and its id."""
    row = {key: None if value is None else str(value) for key, value in record.items()}
    given = row.get("document_id")
    if given and given != document_id:
        issues.append(CellIssue(rows.cell(position, "document_id"),
                                Message("document {given!r} is not this report's ({document!r}, sheet {sheet}); a "
                                        "workbook brings the checks of its own report only (leave it empty)",
                                        given=given, document=document_id, sheet="Dokumen")))
    row["document_id"] = document_id
    check_id = row.get("check_id")
    owner = known.get(check_id or "")
    if owner and owner != document_id:
        issues.append(CellIssue(rows.cell(position, "check_id"),
                                Message("check {check!r} is already in the data as a check of document {owner!r}; "
                                        "give this check another id", check=check_id, owner=owner)))
    return row


def kept_checks_notes(sheets: Mapping[str, SheetRows], document_id: str,
                      known: Mapping[str, Mapping[str, str]]) -> list[Message]:
    """A note for each check sheet with no rows (or absent) while the data hold checks of the
    report: they are kept (an empty sheet removes nothing; module docstring)."""
    notes = []
    for table, sheet in CHECK_TABLES.items():
        rows = sheets.get(sheet)
        held = sorted(c for c, d in known.get(table, {}).items() if d == document_id)
        if held and (rows is None or rows.frame.empty):
            notes.append(Message("{sheet}: no rows; the report's {n} check(s) in {file} are kept (an empty or absent "
                                 "sheet removes nothing): {checks}", sheet=sheet, n=len(held), file=f"{table}.csv",
                                 checks=", ".join(held)))
    return notes


def leave_out_stats_checks(tables: dict[str, pd.DataFrame]) -> list[Message]:
    """Drop, in place, the check rows of ``tables`` that name a stats topic (for a new data package,
    which holds no stats tables); return a note per sheet naming each check left out and its topics."""
    topics: dict[tuple[str, int], list[str]] = {}
    for table, number, _column, topic in named_topics({t: tables[t] for t in CHECK_TABLES if t in tables}):
        named = topics.setdefault((table, number - 1), [])
        if topic not in named:
            named.append(topic)
    notes = []
    for table, sheet in CHECK_TABLES.items():
        positions = sorted(p for t, p in topics if t == table)
        if not positions:
            continue
        frame = tables[table]
        left_out = [f"{frame.iloc[p]['check_id']} ({', '.join(topics[(table, p)])})" for p in positions]
        notes.append(Message("{sheet}: {n} check(s) not imported: they name stats topics, which a new data package "
                             "does not hold (the workbook carries no stats tables): {checks}", sheet=sheet,
                             n=len(positions), checks=", ".join(left_out)))
        tables[table] = frame.drop(index=frame.index[positions]).reset_index(drop=True)
    return notes
