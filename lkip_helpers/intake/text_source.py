"""Read a report — a PDF or the text of a PDF — into lines of cells that remember where they came from.

A text source is read as its conversions from PDF print it: one table row per line, cells separated by
tabs, pages separated by form feeds when the converter kept them. A PDF is read with pdfplumber (pure
Python): the words of each page are grouped into lines by their height on the page and split into cells
where the gap between two words is wider than a few spaces, so that a PDF table comes out like the text
of one. Every :class:`Line` carries its page (``None`` when the text has no page breaks) and its line
number (in the file for text, on the page for a PDF); every :class:`Cell` its position (the tab index
for text, the left edge in points for a PDF).

A PDF that needs a password, or whose pages carry no text (a scan: there is no OCR here), is refused with
a :class:`SourceError` that says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = ["Cell", "Line", "Source", "SourceError", "read_source"]

#: a gap between two words wider than this many times the font's average character width starts a new
#: cell (a single space is about 0.3-0.5 times it)
_CELL_GAP = 1.6
#: words whose tops differ by less than this many points are on the same line
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
        raise SourceError(f"{path}: no such file")
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
        raise SourceError(f"{path}: not a text file or a PDF (binary content)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(f"{path}: not UTF-8 text (byte {exc.start}); save the text as UTF-8") from None
    lines, pages = _text_lines(text)
    if not lines:
        raise SourceError(f"{path}: the file is empty")
    return Source(path, "text", tuple(lines), pages)


def _read_pdf(path: Path) -> Source:
    try:
        import pdfplumber
        from pdfminer.pdfdocument import PDFPasswordIncorrect
        from pdfplumber.utils.exceptions import PdfminerException
    except ImportError as exc:  # pragma: no cover - a dependency of the project
        raise SourceError(f"{path}: reading PDFs needs pdfplumber ({exc})") from None
    try:
        pdf = pdfplumber.open(path)
    except (PDFPasswordIncorrect, PdfminerException) as exc:
        cause = exc.args[0] if exc.args else exc
        if isinstance(cause, PDFPasswordIncorrect) or "password" in repr(cause).lower():
            raise SourceError(f"{path}: the PDF is encrypted (it needs a password); "
                              "save an unprotected copy and extract from that") from None
        raise SourceError(f"{path}: not a readable PDF ({cause})") from None
    except Exception as exc:  # pdfminer raises many kinds of errors for broken files
        raise SourceError(f"{path}: not a readable PDF ({exc.__class__.__name__}: {exc})") from None
    lines: list[Line] = []
    images = 0
    with pdf:
        try:
            for page_no, page in enumerate(pdf.pages, start=1):
                images += len(page.images)
                lines.extend(_page_lines(page, page_no))
            pages = len(pdf.pages)
        except Exception as exc:
            if "password" in repr(exc).lower() or "encrypt" in repr(exc).lower():
                raise SourceError(f"{path}: the PDF is encrypted (it needs a password)") from None
            raise SourceError(f"{path}: not a readable PDF ({exc.__class__.__name__}: {exc})") from None
    if not lines:
        what = "image-only (scanned pages)" if images else "without any text"
        raise SourceError(f"{path}: the PDF is {what}: it has no text layer to read, and there is no OCR here; "
                          "run it through OCR first or give the report's text")
    return Source(path, "pdf", tuple(lines), pages)


def _page_lines(page, page_no: int) -> list[Line]:
    words = page.extract_words(x_tolerance=1.5, y_tolerance=_LINE_TOLERANCE, keep_blank_chars=False,
                               extra_attrs=["size"])
    rows: list[list[dict]] = []
    for word in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if rows and abs(rows[-1][0]["top"] - word["top"]) < _LINE_TOLERANCE:
            rows[-1].append(word)
        else:
            rows.append([word])
    lines = []
    for line_no, row in enumerate(rows, start=1):
        row.sort(key=lambda w: w["x0"])
        cells: list[Cell] = []
        parts: list[str] = []
        start = row[0]["x0"]
        previous = None
        for word in row:
            if previous is not None:
                char_width = (previous["x1"] - previous["x0"]) / max(len(previous["text"]), 1)
                if word["x0"] - previous["x1"] > _CELL_GAP * max(char_width, 0.3 * word.get("size", 10)):
                    cells.append(Cell(" ".join(parts), round(start, 1)))
                    parts, start = [], word["x0"]
            parts.append(word["text"])
            previous = word
        cells.append(Cell(" ".join(parts), round(start, 1)))
        lines.append(Line(tuple(cells), page_no, line_no))
    return lines
