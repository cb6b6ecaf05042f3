"""The audit's reader texts (a finding's rule, the printing the evidence supports, a label's
recomputed text) as a catalog message with parameters, composed in the reader's language.

A check records what it says where it says it: :func:`reader_text` ("sum of {n} printed rows",
``n=7``) — a message of the catalog — or :func:`formula_text` ("{a} / {b} × 100") — an expression
with no words, the same in every language. Both give a JSON-serialisable dict
``{"message": ..., "params": {...}}``. A parameter is

* a string — data (a table name, an id, a figure as the report printed it), shown as it is;
* an integer — a count or a year, shown as it is;
* :func:`number` — a number the code computed, shown in the reader's notation with the decimals
  it was written with (``36.93`` in English, ``36,93`` in Bahasa Indonesia);
* another text (a dict of :func:`reader_text`), composed in the same language;
* :func:`joined` — texts or strings joined with a separator;
* :func:`data_text` — data written in both languages (a declared check's description).

:func:`compose` writes a text: without ``lang``, the English text the findings store (their
``rule``, ``supported``, ...; numbers as the checks always printed them, e.g. ``36.93``); with
``lang``, the message through the catalog and numbers through
:func:`lkip_helpers.data.i18n.format_number`.

>>> rule = reader_text("{value} in band {band} of {table}", value=number(36.93, 2), band="Waspada",
...                    table="Tabel 3.17")
>>> compose(rule)
'36.93 in band Waspada of Tabel 3.17'
>>> compose(rule, "id")
'36,93 pada rentang Waspada menurut Tabel 3.17'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from lkip_helpers.data.i18n import cell_text, format_number, translate

__all__ = ["catalog_message", "compose", "data_text", "description_text", "formula_text", "g_number", "joined", "number",
           "plain_text", "reader_text"]


def catalog_message(message: str) -> str:
    """``message`` itself: marks a message of the catalog kept in a constant (the catalog test
    extracts the literal arguments of :func:`reader_text` and of this function)."""
    return message


def reader_text(message: str, **params: object) -> dict:
    """A catalog message (English, ``{name}`` placeholders) with its parameters."""
    return {"message": message, "params": params}


def formula_text(template: str, **params: object) -> dict:
    """An expression without words ("{a} / {b} × 100"): composed like :func:`reader_text`, but
    the template is the same in every language, so it is no message of the catalog."""
    return {"message": template, "params": params}


def plain_text(text: str) -> dict:
    """A text that is data as it is (a description of ``data/checks.csv``): no parameters; it
    stays as written in every language (a literal ``{`` is kept)."""
    return formula_text("{text}", text=str(text))


def data_text(english: str, indonesian: str | None = None) -> dict:
    """A text that is data written in both languages (a declared check's ``description`` and
    ``description_id``): shown as written, the Indonesian one in ``id`` (the English one when it
    is empty)."""
    return {"by_lang": {"en": str(english), "id": str(indonesian or english)}}


def description_text(row: Mapping[str, object]) -> dict:
    """The description of a declared check (a row of ``checks.csv`` or ``check_relations.csv``) in
    both languages (:func:`data_text`; a missing or empty ``description_id`` falls back to English)."""
    return data_text(cell_text(row.get("description")), cell_text(row.get("description_id")))


def number(value: float, decimals: int, *, sign: bool = False) -> dict:
    """A number the code computed, written with ``decimals`` decimals (``sign``: with ``+``)."""
    return {"number": float(value), "decimals": int(decimals), "sign": bool(sign)}


def g_number(value: float) -> dict:
    """:func:`number` with the decimals Python's ``{value:g}`` writes (``36.93``, ``80``)."""
    written = f"{float(value):g}"
    decimals = len(written.split(".", 1)[1]) if "." in written and "e" not in written else 0
    return number(value, decimals)


def joined(separator: str, items: Sequence[object]) -> dict:
    """``items`` (strings or texts) joined with ``separator`` (punctuation, no words)."""
    return {"join": separator, "items": list(items)}


def compose(text: Mapping[str, object] | str | None, lang: str | None = None) -> str:
    """``text`` written out: in English as stored without ``lang``, else in ``lang`` (module
    docstring). A plain string is returned as it is; ``None`` gives ``""``."""
    if text is None:
        return ""
    if isinstance(text, str):
        return text
    if "message" not in text:  # a number or a joined list by itself
        return _param(text, lang)
    template = str(text["message"])
    params = text.get("params") or {}
    shown = translate(template, lang) if lang is not None else template
    return shown.format(**{k: _param(v, lang) for k, v in params.items()})  # type: ignore[union-attr]


def _param(value: object, lang: str | None) -> str:
    if isinstance(value, Mapping):
        if "number" in value:
            return _number(value, lang)
        if "by_lang" in value:
            texts = value["by_lang"]
            return str(texts.get(lang or "en") or texts["en"])  # type: ignore[union-attr]
        if "join" in value:
            return str(value["join"]).join(_param(v, lang) for v in value["items"])  # type: ignore[union-attr]
        return compose(value, lang)
    return str(value)


def _number(value: Mapping[str, object], lang: str | None) -> str:
    v, d = float(value["number"]), int(value["decimals"])  # type: ignore[arg-type]
    if lang is None:
        return f"{v:+.{d}f}" if value.get("sign") else f"{v:.{d}f}"
    return ("+" if value.get("sign") and v >= 0 else "") + format_number(v, d, lang)
