"""Read a report — a PDF or the text of a PDF — into lines of cells that remember where they came from.

A text source is read as its conversions from PDF print it: one table row per line, cells separated by
tabs, pages separated by form feeds when the converter kept them. A PDF is read with pypdfium2 (PDFium, shipped
inside the Python wheel: no system binaries): the glyphs of each page are grouped into lines by their
baseline and split into cells where the gap between two glyphs is wider than about a character, so that a PDF table comes out like the text
of one. Every :class:`Line` carries its page (``None`` when the text has no page breaks) and its line
number (in the file for text, on the page for a PDF); every :class:`Cell` its position (the tab index
for text, the left edge in points for a PDF).

A PDF that needs a password, or whose pages carry no text (a scan: there is no OCR here), is refused with
a :class:`SourceError` that says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lkip_helpers.data.i18n import Message

__all__ = ["Cell", "Line", "Source", "SourceError", "read_source"]

#: a gap between two glyphs wider than this many times half the font size (about one character) starts
#: a new cell; a space between words is about 0.3 times the font size
_CELL_GAP = 1.6
#: glyphs whose baselines differ by less than this many points are on the same line
_LINE_TOLERANCE = 3.0


class SourceError(ValueError):
    """The report cannot be read: missing, not a PDF or text, encrypted, or without a text layer."""


@dataclass(frozen=True)
class Cell:
    """One cell of a line: its text (stripped) and its position (tab index, or x in points)."""

    text: str
    pos: float


@dataclass(frozen=True)
class Line:
    """One line of the report: its non-empty cells, its page (``None`` if unknown) and line number."""

    cells: tuple[Cell, ...]
    page: int | None
    line_no: int

    @property
    def texts(self) -> list[str]:
        """The cells' texts."""
        return [cell.text for cell in self.cells]

    @property
    def text(self) -> str:
        """The line's text, cells joined by a tab."""
        return "\t".join(self.texts)

    def where(self) -> str:
        """``p. 12, line 7`` or ``line 780``: where the line is in the source."""
        return f"p. {self.page}, line {self.line_no}" if self.page is not None else f"line {self.line_no}"


@dataclass(frozen=True)
class Source:
    """A report read into lines: its path, its kind (``pdf`` or ``text``) and its number of pages."""

    path: Path
    kind: str
    lines: tuple[Line, ...]
    pages: int | None


def read_source(path: Path | str) -> Source:
    """Read a report's PDF (``.pdf``) or text (any other file) into a :class:`Source`.

    Raises:
        SourceError: the file is missing, empty, not text, an encrypted PDF or a PDF without text.
    """
    path = Path(path)
    if not path.is_file():
        raise SourceError(Message("{file}: no such file", file=str(path)))
    with path.open("rb") as fh:
        head = fh.read(5)
    if head.startswith(b"%PDF") or path.suffix.lower() == ".pdf":
        return _read_pdf(path)
    return _read_text(path)


def _text_lines(text: str) -> tuple[list[Line], int | None]:
    pages = text.split("\f")
    lines: list[Line] = []
    line_no = 0
    for page_no, page in enumerate(pages, start=1):
        for raw in page.split("\n"):
            line_no += 1
            cells = tuple(Cell(part.strip(), float(index)) for index, part in enumerate(raw.rstrip("\r").split("\t"))
                          if part.strip())
            if cells:
                lines.append(Line(cells, page_no if len(pages) > 1 else None, line_no))
    return lines, (len(pages) if len(pages) > 1 else None)


def _read_text(path: Path) -> Source:
    data = path.read_bytes()
    if b"\x00" in data[:4096]:
        raise SourceError(Message("{file}: not a text file or a PDF (binary content)", file=str(path)))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(Message("{file}: not UTF-8 text (byte {byte}); save the text as UTF-8", file=str(path),
                                  byte=str(exc.start))) from None
    lines, pages = _text_lines(text)
    if not lines:
        raise SourceError(Message("{file}: the file is empty", file=str(path)))
    return Source(path, "text", tuple(lines), pages)


def _open_pdf(path: Path):
    try:
        import pypdfium2 as pdfium
    except ImportError as exc:  # pragma: no cover - a dependency of the project
        raise SourceError(Message("{file}: reading PDFs needs pypdfium2 ({reason})", file=str(path),
                                  reason=str(exc))) from None
    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise SourceError(Message("{file}: the PDF is encrypted (it needs a password); save an unprotected copy "
                                      "and extract from that", file=str(path))) from None
        raise SourceError(Message("{file}: not a readable PDF ({reason})", file=str(path), reason=str(exc))) from None


def _read_pdf(path: Path) -> Source:
    import pypdfium2.raw as pdfium_c

    document = _open_pdf(path)
    lines: list[Line] = []
    images = 0
    try:
        pages = len(document)
        for page_no in range(pages):
            page = document[page_no]
            images += sum(1 for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=1))
            lines.extend(_page_lines(page, page_no + 1))
    finally:
        document.close()
    if not lines:
        what = Message("image-only (scanned pages)") if images else Message("without any text")
        raise SourceError(Message("{file}: the PDF is {what}: it has no text layer to read, and there is no OCR here; "
                                  "run it through OCR first or give the report's text", file=str(path), what=what))
    return Source(path, "pdf", tuple(lines), pages)


def _page_glyphs(page) -> list[tuple[float, float, float, float, str]]:
    """The page's glyphs as (left, right, baseline, size, character) from their advance boxes; a space
    is kept as the character ``" "`` of the glyph after it."""
    import pypdfium2.raw as pdfium_c

    textpage = page.get_textpage()
    raw = textpage.raw
    box = pdfium_c.FS_RECTF()
    glyphs = []
    space = False
    for index in range(textpage.count_chars()):
        char = chr(pdfium_c.FPDFText_GetUnicode(raw, index))
        if char.isspace() or not char.isprintable():
            space = True
            continue
        pdfium_c.FPDFText_GetLooseCharBox(raw, index, box)
        size = pdfium_c.FPDFText_GetFontSize(raw, index) or (box.top - box.bottom) or 10.0
        glyphs.append((box.left, box.right, box.bottom, size, " " + char if space else char))
        space = False
    textpage.close()
    return glyphs


def _page_lines(page, page_no: int) -> list[Line]:
    """Glyphs on one baseline make a line (top of the page first); a gap wider than about one
    character's width starts a new cell, a narrower one is a space between words."""
    height = page.get_height()
    rows: list[list[tuple[float, float, float, float, str]]] = []
    for glyph in sorted(_page_glyphs(page), key=lambda g: -g[2]):
        if rows and abs(rows[-1][0][2] - glyph[2]) < _LINE_TOLERANCE:
            rows[-1].append(glyph)
        else:
            rows.append([glyph])
    rows.sort(key=lambda row: height - row[0][2])
    lines = []
    for line_no, row in enumerate(rows, start=1):
        row.sort(key=lambda g: g[0])
        cells: list[Cell] = []
        text = row[0][4].lstrip()
        start, previous = row[0][0], row[0]
        for glyph in row[1:]:
            gap = glyph[0] - previous[1]
            char = glyph[4].lstrip()
            if gap > _CELL_GAP * 0.5 * glyph[3]:
                cells.append(Cell(text, round(start, 1)))
                text, start = char, glyph[0]
            else:
                text += (" " if gap > 0.2 * glyph[3] or glyph[4].startswith(" ") else "") + char
            previous = glyph
        cells.append(Cell(text, round(start, 1)))
        lines.append(Line(tuple(cells), page_no, line_no))
    return lines
