"""The report's own checks on sheets ``CekJumlah`` (→ ``checks``) and ``CekRelasi`` (→ ``check_relations``).

A row declares one check of the imported report: its document is the report's (a blank
``Kode dokumen`` is filled with it; another document is refused), and its ``check_id`` is new in the
data or already the same report's (a re-import of the report merges its checks by ``check_id``, as
every table is merged by its key, so they are never duplicated). The rest — a topic the data hold, a
variable its keyed schema declares, an expression that parses — is the data package's validation of
the two tables (``load_dataset``), run on the merged package before anything is written; it names
the workbook row first.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from lkip_helpers.intake.workbook_reader import CellIssue, SheetRows, object_frame
from lkip_helpers.intake.workbook_schema import CHECK_SHEETS

__all__ = ["check_tables"]


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
                                f"document {given!r} is not this report's ({document_id!r}, sheet Dokumen); "
                                "a workbook brings the checks of its own report only (leave it empty)"))
    row["document_id"] = document_id
    check_id = row.get("check_id")
    owner = known.get(check_id or "")
    if owner and owner != document_id:
        issues.append(CellIssue(rows.cell(position, "check_id"),
                                f"check {check_id!r} is already in the data as a check of document {owner!r}; "
                                "give this check another id"))
    return row
