"""The audit's texts in the reader's language, composed from their messages and parameters.

A finding keeps each reader text twice: the English text (``check``, ``rule``, ``supported``,
``recomputed_text``) and the message with its parameters (``rule_message`` / ``rule_params``, ...,
:mod:`lkip_helpers.audit.texts`), recorded by the check that made it. A display composes the
message in the reader's language (:func:`text_of` + :func:`in_language`), with the numbers the code
computed in the reader's notation. What the data says stays as written: a description of
``data/checks.csv`` or ``data/check_relations.csv`` and the ``audit_note`` of a discrepancy
(each written in both languages) and a figure as the report printed it. A whole text that is a
catalog message (a detail of :func:`~lkip_helpers.audit.known.recorded_discrepancies`) goes
through the catalog as it is.

>>> in_language({"message": "sum of {n} printed rows", "params": {"n": 7}}, "id")
'jumlah 7 baris tercetak'
"""

from __future__ import annotations

from collections.abc import Mapping

from lkip_helpers.data.i18n import translate
from .texts import compose

__all__ = ["in_language", "text_of", "texts_in_language"]


def text_of(row: Mapping[str, object], column: str) -> object:
    """The text of ``column`` of a finding ``row``: its message and parameters
    (``{column}_message``, ``{column}_params``) where the row has them, else the text itself."""
    message = row.get(f"{column}_message")
    if isinstance(message, str) and message:
        params = row.get(f"{column}_params")
        return {"message": message, "params": params if isinstance(params, Mapping) else {}}
    return row.get(column)


def in_language(text: object, lang: str | None = None) -> object:
    """``text`` in ``lang`` (default: the current language): a message with parameters composed
    (:func:`~lkip_helpers.audit.texts.compose`), a string through the catalog (itself when the
    catalog does not have it), anything else (missing values, numbers) as it is."""
    if isinstance(text, Mapping):
        return compose(text, lang or _current())
    if isinstance(text, str):
        return translate(text, lang)
    return text


def texts_in_language(frame, columns: tuple[str, ...], lang: str | None = None,
                      sources: Mapping[str, str] | None = None):
    """A copy of the DataFrame ``frame`` with the texts of ``columns`` in ``lang``: each composed
    from the message of its source column (``sources[column]``, default the column itself; e.g.
    ``recomputed_as`` from ``recomputed``) where ``frame`` has one (:func:`text_of`), else the
    text through :func:`in_language`."""
    sources = sources or {}
    records = frame.to_dict("records")
    return frame.assign(**{c: [in_language(_source_text(r, c, sources.get(c, c)), lang) for r in records]
                           for c in columns})


def _source_text(row: Mapping[str, object], column: str, source: str) -> object:
    text = text_of(row, source)
    return text if isinstance(text, Mapping) else row.get(column)


def _current() -> str:
    from lkip_helpers.data.i18n import current_language

    return current_language()
