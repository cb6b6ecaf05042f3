"""The audit's work paper (kertas kerja): an Excel workbook an evaluator can hand over.

``lkip audit --entity E --year Y -o FILE.xlsx [--lang id|en] [--force]`` writes two sheets:

* **findings** — one row per underlying error of :func:`lkip_helpers.audit.audit_report`, in its
  order (what changes an outcome first, then by size in the figure's own terms): consequence,
  status, table and row as printed, the line of the source text, the printed and the recomputed
  figure in the report's own notation (and as numbers), the size, the printing the evidence
  supports, the repeats grouped under it, the rule, the source quote and the key;
* **checks that matched** — every recomputed figure that matches, with the same location columns.

Headers and the words of the consequence and status columns go through the message catalog in
the work paper's language; figures stay in the report's notation. The workbook is built in memory
and written atomically (:func:`lkip_helpers.data.atomic.atomic_write_bytes`); an existing file is
kept unless ``overwrite``.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pandas as pd

from lkip_helpers.data.atomic import atomic_write_bytes
from lkip_helpers.data.dataset import Dataset
from lkip_helpers.data.errors import ParameterError
from lkip_helpers.data.i18n import check_language, translate
from lkip_helpers.data.paths import sources_dir
from .grouping import row_text
from .sources import find_in_source
from .texts import compose

__all__ = ["FINDING_SHEET_COLUMNS", "MATCH_SHEET_COLUMNS", "workpaper_sheets", "write_workpaper"]

#: (column of the frame, English header) of the findings sheet, in order
FINDING_SHEET_COLUMNS: tuple[tuple[str, str], ...] = (
    ("no", "No."), ("consequence", "Consequence"), ("status", "Status"), ("table", "Table"), ("row", "Row"),
    ("source_line", "Line in the source"), ("printed_as", "Printed"), ("recomputed_as", "Recomputed"),
    ("printed", "Printed (number)"), ("recomputed", "Recomputed (number)"), ("weight", "Size"),
    ("supported", "Printing the evidence supports"), ("repeats", "Repeats"), ("repeated_at", "Repeated at"),
    ("check", "Check"), ("rule", "Rule"), ("quote", "Source quote"), ("key", "Key"),
)
#: (column of the frame, English header) of the sheet of matching checks, in order
MATCH_SHEET_COLUMNS: tuple[tuple[str, str], ...] = (
    ("no", "No."), ("table", "Table"), ("row", "Row"), ("source_line", "Line in the source"),
    ("printed_as", "Printed"), ("recomputed_as", "Recomputed"), ("check", "Check"), ("rule", "Rule"),
    ("key", "Key"),
)
_WIDTHS = {"no": 5, "consequence": 18, "status": 16, "table": 22, "row": 40, "source_line": 8, "printed_as": 16,
           "recomputed_as": 18, "printed": 14, "recomputed": 14, "weight": 9, "supported": 30, "repeats": 8,
           "repeated_at": 40, "check": 36, "rule": 50, "quote": 60, "key": 40}


def _words(lang: str) -> dict[str, str]:
    """The consequence and status words in ``lang`` (each through the catalog)."""
    return {
        "changes an outcome": translate("changes an outcome", lang), "material": translate("material", lang),
        "label": translate("label", lang), "rounding": translate("rounding", lang),
        "unreadable": translate("unreadable", lang), "none": translate("none", lang),
        "discrepancy": translate("discrepancy", lang), "rounding difference": translate("rounding difference", lang),
        "unreadable in the source": translate("unreadable in the source", lang), "match": translate("match", lang),
    }


def _sources(ds: Dataset) -> dict[str, Path | None]:
    """document_id → its source text, where the texts are present."""
    folder = sources_dir()
    docs = ds.tables["documents"]
    files = docs["source_file"] if "source_file" in docs.columns else pd.Series("", index=docs.index)
    return {d: (folder / str(f) if folder is not None and isinstance(f, str) and f else None)
            for d, f in zip(docs["document_id"], files)}


def _located(ds: Dataset, f: pd.DataFrame, lang: str) -> pd.DataFrame:
    """``f`` with the table, the readable row (in ``lang``), the source line and the quote of every
    finding."""
    sources = _sources(ds)
    places = [find_in_source(sources.get(d), s, p) for d, s, p in zip(f["document_id"], f["source_ref"],
                                                                      f["printed_text"])]
    return f.assign(
        no=range(1, len(f) + 1), table=f["source_ref"], row=[compose(row_text(ds, r), lang) for r in f.to_dict("records")],
        source_line=[p.line if p else None for p in places], quote=[p.quote if p else "" for p in places],
    )


def workpaper_sheets(ds: Dataset, entity: str, year: int, lang: str = "id") -> dict[str, pd.DataFrame]:
    """The two sheets of the work paper (sheet name → frame with translated headers), findings
    in the order of :func:`lkip_helpers.audit.audit_report`.

    Raises:
        ParameterError: no report of ``entity`` for ``year``, or an unknown ``lang``.
    """
    from . import audit_report
    from .rule_text import texts_in_language

    lang = check_language(lang)
    findings = audit_report(ds, entity, year)
    words = _words(lang)
    bad = _located(ds, findings[findings["status"] != "match"].reset_index(drop=True), lang)
    bad = bad.assign(consequence=bad["consequence"].map(words), status=bad["status"].map(words),
                     weight=bad["weight"].round(4))
    good = _located(ds, findings[findings["status"] == "match"].reset_index(drop=True), lang)
    # every check, rule and evidence text composed in the reader's language from its message (rule_text)
    sources = {"recomputed_as": "recomputed"}
    bad = texts_in_language(bad, ("check", "rule", "supported", "recomputed_as"), lang, sources)
    good = texts_in_language(good, ("check", "rule", "recomputed_as"), lang, sources)

    def frame(df: pd.DataFrame, columns: tuple[tuple[str, str], ...]) -> pd.DataFrame:
        return df[[c for c, _ in columns]].rename(columns={c: translate(h, lang) for c, h in columns})

    return {translate("Findings", lang): frame(bad, FINDING_SHEET_COLUMNS),
            translate("Checks that matched", lang): frame(good, MATCH_SHEET_COLUMNS)}


def _write_sheet(ws, frame: pd.DataFrame, keys: list[str]) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    ws.append(list(frame.columns))
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in frame.itertuples(index=False):
        ws.append([None if v is None or (isinstance(v, float) and pd.isna(v)) or v is pd.NA else v for v in row])
    for i, key in enumerate(keys, start=1):
        ws.column_dimensions[get_column_letter(i)].width = _WIDTHS.get(key, 14)
    for cells in ws.iter_rows(min_row=2):
        for cell in cells:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    if frame.shape[0]:
        ws.auto_filter.ref = ws.dimensions


def write_workpaper(path: Path | str, ds: Dataset, entity: str, year: int, *, lang: str = "id",
                    overwrite: bool = False) -> tuple[int, int]:
    """Write the work paper of ``entity`` and ``year`` to ``path`` (atomically); return the
    numbers of findings and of matching checks.

    Raises:
        ParameterError: ``path`` is not an ``.xlsx`` file, no report of ``entity`` for ``year``,
            or an unknown ``lang``.
        FileExistsError: ``path`` exists and ``overwrite`` is false.
    """
    from openpyxl import Workbook

    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise ParameterError(f"the work paper must be an .xlsx file, got {path.name}")
    if path.exists() and not overwrite:
        raise FileExistsError(f"{path} exists; choose another name or pass --force to overwrite it")
    sheets = workpaper_sheets(ds, entity, year, lang)
    book = Workbook()
    book.remove(book.active)
    for (name, frame), columns in zip(sheets.items(), (FINDING_SHEET_COLUMNS, MATCH_SHEET_COLUMNS)):
        _write_sheet(book.create_sheet(name[:31]), frame, [c for c, _ in columns])
    book.properties.title = f"{translate('Audit work paper', lang)}: {entity} {year}"
    buffer = BytesIO()
    book.save(buffer)
    atomic_write_bytes(path, buffer.getvalue())
    counts = [len(f) for f in sheets.values()]
    return counts[0], counts[1]
