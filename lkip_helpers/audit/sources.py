"""Where a printed figure stands in the text of its report: the line and a short quote.

The source texts (``documents.source_file`` in :func:`lkip_helpers.data.paths.sources_dir`, the
reports turned into text) are searched as follows:

* a numbered table (``Tabel 3.5``): from the table's caption (a line starting with the number,
  not a line of the list of tables, which ends in a page number or dots) up to the next caption,
  the first line holding the printed text;
* any other place (a section of the text): the printed text where it occurs exactly once in the
  whole report (a figure printed several times cannot be placed without guessing).

Nothing is found (``None``) when the source text is absent, the printed text is too short to be
placed (fewer than three characters) or it does not occur as printed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

__all__ = ["SourcePlace", "find_in_source", "source_lines"]

#: the longest quote kept, in characters
QUOTE_CHARS = 240
_TABLE = re.compile(r"^(Tabel\s+\d+(?:\.\d+)*)\b")
_TOC_LINE = re.compile(r"\.{4,}|\t\s*\d+\s*$")


@dataclass(frozen=True)
class SourcePlace:
    """A line of the source text: its number (1-based) and the line, shortened to a quote."""

    line: int
    quote: str


@lru_cache(maxsize=8)
def source_lines(path: Path) -> tuple[str, ...]:
    """The lines of a source text (empty when the file cannot be read)."""
    try:
        return tuple(path.read_text(encoding="utf-8", errors="replace").splitlines())
    except OSError:
        return ()


def _caption_lines(lines: tuple[str, ...], table: str) -> list[int]:
    """Indexes of the caption lines of ``table`` (the list of tables left out)."""
    pat = re.compile(rf"^{re.escape(table)}(?![\d.]\d)")
    return [i for i, s in enumerate(lines) if pat.match(s.strip()) and not _TOC_LINE.search(s)]


def _next_caption(lines: tuple[str, ...], start: int) -> int:
    for j in range(start + 1, len(lines)):
        if _TABLE.match(lines[j].strip()) and not _TOC_LINE.search(lines[j]):
            return j
    return len(lines)


def _quote(line: str, text: str) -> str:
    s = " ".join(line.split())
    if len(s) <= QUOTE_CHARS:
        return s
    at = max(0, s.find(text) - QUOTE_CHARS // 3)
    return ("…" if at else "") + s[at:at + QUOTE_CHARS] + "…"


def find_in_source(path: Path | None, source_ref: str, printed_text: str) -> SourcePlace | None:
    """The line of ``printed_text`` in the source text ``path`` for ``source_ref`` (module
    docstring), or ``None``."""
    text = str(printed_text or "").strip()
    if path is None or len(text) < 3:
        return None
    lines = source_lines(Path(path))
    if not lines:
        return None
    ref = str(source_ref).split(";")[0].strip()
    table = _TABLE.match(ref)
    if table:
        for start in _caption_lines(lines, table.group(1)):
            for i in range(start, _next_caption(lines, start)):
                if text in lines[i]:
                    return SourcePlace(i + 1, _quote(lines[i], text))
        return None
    hits = [i for i, s in enumerate(lines) if text in s]
    if len(hits) != 1:
        return None
    return SourcePlace(hits[0] + 1, _quote(lines[hits[0]], text))
