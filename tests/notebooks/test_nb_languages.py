"""The prose of the notebooks in both languages: every Markdown cell comes as an English cell
(tagged ``lang-en``) followed by its Bahasa Indonesia translation (``lang-id``), and a report in
one language shows none of the other language's prose."""

from __future__ import annotations

import html
import re

import nbformat
import pytest

from conftest import NOTEBOOKS
from lkip_helpers.batch.execution import _to_html

#: the notebooks whose prose is in both languages
BILINGUAL = ["01_overview", "02_mission", "03_forecast", "04_regional_benchmarks", "05_unit_performance",
             "06_sakip_primer", "07_audit"]
LANG_TAGS = {"lang-en", "lang-id"}


def _notebook(name: str) -> nbformat.NotebookNode:
    return nbformat.read(str(NOTEBOOKS / f"{name}.ipynb"), as_version=4)


def _language(cell) -> str | None:
    tags = LANG_TAGS & set(cell.get("metadata", {}).get("tags", []))
    assert len(tags) <= 1, f"a cell tagged with both languages: {cell.source[:60]!r}"
    return next(iter(tags), None)


@pytest.mark.parametrize("name", BILINGUAL)
def test_every_markdown_cell_is_an_english_cell_followed_by_its_translation(name):
    cells = _notebook(name).cells
    for i, cell in enumerate(cells):
        if cell.cell_type != "markdown":
            assert _language(cell) is None, f"{name}: a code cell tagged with a language"
            continue
        lang = _language(cell)
        assert lang is not None, f"{name} cell {i}: Markdown without a language tag: {cell.source[:60]!r}"
        if lang == "lang-en":
            partner = cells[i + 1] if i + 1 < len(cells) else None
            assert partner is not None and partner.cell_type == "markdown" and _language(partner) == "lang-id", \
                f"{name} cell {i}: no Bahasa Indonesia cell after {cell.source[:60]!r}"
            assert partner.source.strip() and partner.source != cell.source
        else:
            assert i > 0 and _language(cells[i - 1]) == "lang-en", f"{name} cell {i}: an Indonesian cell without English"


def _lines(cell) -> list[str]:
    """The lines of a Markdown cell as a reader sees them (markup left out, blank lines dropped)."""
    lines = [" ".join(re.sub(r"[#*>`_\\|]", "", line).split()) for line in cell.source.splitlines()]
    return [line for line in lines if len(line) > 3]


def _own_line(cell, partner) -> str:
    """The first line of ``cell`` that its translation ``partner`` does not have (a heading such
    as "Opini BPK (Tabel 3.4)" is the same in both languages)."""
    theirs = set(_lines(partner))
    return next(line for line in _lines(cell) if line not in theirs)


def _page_text(path) -> str:
    body = path.read_text(encoding="utf-8")
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return _squeezed(html.unescape(re.sub(r"<[^>]+>", " ", body)))


def _squeezed(text: str) -> str:
    """``text`` without whitespace (Markdown wraps lines, HTML puts tags between words)."""
    return "".join(text.split())


@pytest.mark.parametrize("name", BILINGUAL)
def test_a_report_shows_only_its_own_languages_prose(tmp_path, name):
    nb = _notebook(name)
    pages = {}
    for lang in ("id", "en"):
        _to_html(nbformat.from_dict(nb), tmp_path / f"{lang}.html", False, lang, name)
        pages[lang] = _page_text(tmp_path / f"{lang}.html")
    for i, cell in enumerate(nb.cells):
        lang = _language(cell)
        if lang is None:
            continue
        own, other = ("id", "en") if lang == "lang-id" else ("en", "id")
        line = _own_line(cell, nb.cells[i + 1] if lang == "lang-en" else nb.cells[i - 1])
        assert _squeezed(line) in pages[own], f"{name}: {line!r} missing from the {own} report"
        assert _squeezed(line) not in pages[other], f"{name}: {line!r} (prose in {own}) in the {other} report"
