"""Getting a report in: the report workbook (``lkip template``, ``lkip import``) and drafting it from a
report's PDF or text (``lkip extract``).

Modules: :mod:`.workbook_schema` (the sheets and columns, declared once) and
:mod:`.workbook_writer` (writes the workbook with headers, glosses and drop-downs).

Names are imported from their module on first use, so that importing the layer stays cheap.
"""

from __future__ import annotations

from lkip_helpers import lazy_exports

_EXPORTS = {
    "CHOICES": "workbook_schema",
    "ColumnSpec": "workbook_schema",
    "FIRST_DATA_ROW": "workbook_schema",
    "REVIEW_SHEET": "workbook_schema",
    "SHEETS": "workbook_schema",
    "SheetSpec": "workbook_schema",
    "sheet": "workbook_schema",
    "write_workbook": "workbook_writer",
}

__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
