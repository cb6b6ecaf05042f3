"""escape_markdown: data strings come out inert in Markdown and HTML."""

from __future__ import annotations

import markdown_it
import pytest

from lkip_helpers.notebook import escape_markdown


def _render(text: str) -> str:
    return markdown_it.MarkdownIt("commonmark").render(text)


@pytest.mark.parametrize("name", ["<script>alert(1)</script>", "[x](javascript:alert(1))",
                                  "![img](http://e.x/a.png)", "<img src=x onerror=alert(1)>"])
def test_markup_in_a_name_is_shown_not_run(name):
    html = _render(f"Unit **{escape_markdown(name)}** scored 87.14")
    assert "<script" not in html and "<a " not in html and "<img" not in html
    assert "<strong>" in html  # the surrounding Markdown still works
    assert "87.14" in html


def test_the_text_reads_as_typed():
    html = _render(escape_markdown("Dinas A & B_C *1* #2"))
    assert html.strip() == "<p>Dinas A &amp; B_C *1* #2</p>"


def test_a_line_break_cannot_start_a_heading():
    assert "<h1>" not in _render("x " + escape_markdown("a\n# heading"))


def test_numbers_are_accepted():
    assert escape_markdown(93.5) == "93\\.5"


def test_quotes_stay_readable():
    """An apostrophe or a quote in a name shows as typed (an entity such as ``&#x27;`` would get
    its ``#`` escaped and show as text)."""
    assert escape_markdown("Jum'at \"Bersih\"") == "Jum'at \"Bersih\""
