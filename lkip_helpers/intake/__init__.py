"""Getting a report in: the report workbook (``lkip template``, ``lkip import``) and drafting it from a
report's PDF or text (``lkip extract``).

Modules: :mod:`.workbook_schema` (the sheets and columns, declared once), :mod:`.workbook_writer`
(writes the workbook with headers, glosses and drop-downs), :mod:`.template_frames` and
:mod:`.template` (``lkip template``: the workbook filled from the data), :mod:`.printed_figures`
(a printed figure in a cell and its value), :mod:`.workbook_reader` (reads a filled workbook cell by
cell), :mod:`.workbook_tables` (its rows as rows of the data tables), :mod:`.merge` (merging them by
key), :mod:`.raw_tables` and :mod:`.importer` (``lkip import``, all or nothing); for ``lkip extract``,
:mod:`.text_source` (reads a report's PDF or text into lines with page/line provenance),
:mod:`.table_finder` (finds its measurement, Perjanjian Kinerja and budget tables) and
:mod:`.extract` (drafts the workbook's frames and review sheet from them).

Names are imported from their module on first use, so that importing the layer stays cheap.
"""

from __future__ import annotations

from lkip_helpers import lazy_exports

_EXPORTS = {
    "CHOICES": "workbook_schema",
    "Extraction": "extract",
    "NoTableError": "extract",
    "SourceError": "text_source",
    "Table": "table_finder",
    "extract_report": "extract",
    "find_tables": "table_finder",
    "read_source": "text_source",
    "suggest_polarity": "extract",
    "write_draft": "extract",
    "ColumnSpec": "workbook_schema",
    "FIRST_DATA_ROW": "workbook_schema",
    "REVIEW_SHEET": "workbook_schema",
    "SHEETS": "workbook_schema",
    "SheetSpec": "workbook_schema",
    "sheet": "workbook_schema",
    "write_workbook": "workbook_writer",
    "write_template": "template",
    "template_sheets": "template",
    "import_report": "importer",
    "ImportRefused": "importer",
    "ImportResult": "importer",
    "WorkbookError": "workbook_reader",
    "CellIssue": "workbook_reader",
    "read_workbook": "workbook_reader",
    "PrintedFigure": "printed_figures",
    "read_printed": "printed_figures",
}

__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
