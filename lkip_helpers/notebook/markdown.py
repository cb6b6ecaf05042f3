"""Data strings made inert before they reach Markdown or HTML.

A name, a printed figure or a note from the data is text, never markup: :func:`escape_markdown`
turns every character Markdown or HTML would read as syntax into a literal, so a unit called
``<script>`` or ``[x](javascript:alert(1))`` shows as typed and links or runs nothing.
"""

from __future__ import annotations

import html
import re

__all__ = ["escape_markdown"]

#: Characters with a meaning in (CommonMark / GitHub-flavoured) Markdown, backslash-escaped.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")


def escape_markdown(value: object) -> str:
    """``value`` as text that Markdown and HTML renderers show literally.

    HTML is escaped first (``<``, ``>`` and ``&`` become entities; quotes stay: Markdown text is
    never an attribute), then every Markdown
    punctuation character gets a backslash, and line breaks become spaces (a data string stays
    on its line: it cannot start a heading, a list or a table row).
    """
    text = html.escape(str(value), quote=False)  # quotes are harmless in text; their entities hold a "#"
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    return re.sub(r"[\r\n]+", " ", text)
