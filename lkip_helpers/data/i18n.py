"""The language of the reports: a message catalog (Bahasa Indonesia and English) and numbers in
the reader's notation.

Messages are written in English in the code (``translate("improved")``) and translated through the
gettext catalogs in ``lkip_helpers/data/locale/<lang>/LC_MESSAGES/lkip.po``, read with Babel; a test
checks that every message the code uses is in both catalogs with a translation. Official terms
(IKU, capaian, realisasi, sasaran, misi, perangkat daerah, tercapai ...) stay Indonesian in both.

Numbers go through Babel's number formatting in the locale of the language: ``87,14`` and
``2.733.723.365.213`` in Indonesian, ``87.14`` and ``2,733,723,365,213`` in English.

The language of a process is set once (:func:`set_language`, called by a notebook's ``start`` from
its ``lang`` parameter); the default is Bahasa Indonesia, or ``$LKIP_LANG``.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

from .errors import CatalogText, ParameterError

__all__ = ["DEFAULT_LANGUAGE", "Figure", "LANGUAGES", "LOCALE_DIR", "MISSING", "Message", "check_language", "current_language",
           "format_timestamp", "shown",
           "cell_text", "format_figure", "format_number", "format_percent", "format_rupiah", "in_language",
           "is_missing_value",
           "set_language",
           "translate"]

LANGUAGES: tuple[str, ...] = ("id", "en")
DEFAULT_LANGUAGE = "id"
LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "lkip"
#: what a table shows for a missing value
MISSING = "–"
_LOCALES = {"id": "id_ID", "en": "en_US"}
_language: str | None = None


def check_language(lang: object) -> str:
    """``lang`` if it is a supported language; else :class:`ParameterError` naming the choices."""
    if lang not in LANGUAGES:
        raise ParameterError(f"unknown language {lang!r}; valid: {', '.join(LANGUAGES)} (id: Bahasa Indonesia, en: English)")
    return str(lang)


def set_language(lang: str) -> None:
    """Set the language of this process's reports (``id`` or ``en``)."""
    global _language
    _language = check_language(lang)


def current_language() -> str:
    """The language set by :func:`set_language`, else ``$LKIP_LANG``, else Bahasa Indonesia."""
    if _language is not None:
        return _language
    env = os.environ.get("LKIP_LANG")
    return env if env in LANGUAGES else DEFAULT_LANGUAGE


@lru_cache(maxsize=None)
def catalog(lang: str) -> dict[str, str]:
    """The translations of ``lang``: English message → text (untranslated messages left out)."""
    from babel.messages.pofile import read_po

    path = LOCALE_DIR / check_language(lang) / "LC_MESSAGES" / f"{DOMAIN}.po"
    with path.open("rb") as fh:
        messages = read_po(fh, locale=lang)
    return {m.id: m.string for m in messages if m.id and isinstance(m.id, str) and m.string}


def translate(message: str, lang: str | None = None) -> str:
    """``message`` (English) in ``lang`` (default: :func:`current_language`); the message itself
    when the catalog has no translation."""
    return catalog(lang or current_language()).get(message, message)


class Message(str):
    """A catalog message with its values, kept so that it reads in either language.

    ``Message("{sheet}: {n} row(s) added", sheet="IKU", n=3)`` is the English text as a string
    (``str()``, ``==``, ``in`` and a log see English, as the library always wrote); :meth:`in_language`
    writes it in the reader's language through the catalog. A value is shown as it is (a file, a sheet,
    a cell, data), except: a value with an ``in_language`` method (another :class:`Message`, an error,
    an issue) is put in the same language; an integer goes through :func:`format_number` (grouped
    from 10 000 up: ``49.980`` / ``49,980``; a year or a row stays ``2024``) and a float through
    :func:`format_figure`. Templates carry no format specs (``{n}``, not ``{n:,}``); ``!r`` is fine.
    The catalog test extracts the literal first argument of every ``Message(...)``.

    >>> Message("{sheet}: {n} row(s) without figures skipped (still to be filled)", sheet="IKU", n=3).in_language("id")
    'IKU: 3 baris tanpa angka dilewati (masih harus diisi)'
    """

    message: str
    values: dict[str, object]

    def __new__(cls, message: str, **values: object) -> Message:
        text = super().__new__(cls, _compose(message, values, "en", through_catalog=False))
        text.message, text.values = message, dict(values)
        return text

    def __reduce__(self) -> tuple:
        return (_message, (self.message, self.values))

    def in_language(self, lang: str | None = None) -> str:
        """The message in ``lang`` (default: :func:`current_language`), its values too."""
        return _compose(self.message, self.values, lang or current_language())


class Figure:
    """A number inside a :class:`Message` written exactly, with the reader's decimal mark.

    ``format(number, spec)`` (default ``.10g``: up to ten significant digits, not grouped) in
    English, the same with a decimal comma in Bahasa Indonesia: ``Figure(3.4)`` reads ``3.4`` /
    ``3,4``, ``Figure(150.0, "")`` ``150.0`` / ``150,0``. For the figures a check compares (a bound,
    a reading of a typed cell), which :func:`format_figure`'s three decimals would round.

    >>> Message("{value} is above the maximum {maximum}", value=Figure(100.0001), maximum=Figure(100)).in_language("id")
    '100,0001 di atas nilai maksimum 100'
    """

    __slots__ = ("number", "spec")

    def __init__(self, number: float, spec: str = ".10g") -> None:
        self.number, self.spec = number, spec

    def __str__(self) -> str:
        return format(self.number, self.spec)

    def __repr__(self) -> str:
        return f"Figure({self.number!r}, {self.spec!r})"

    def __reduce__(self) -> tuple:
        return (Figure, (self.number, self.spec))

    def in_language(self, lang: str | None = None) -> str:
        """The number in ``lang`` (default: :func:`current_language`)."""
        text = str(self)
        return text.replace(".", ",") if (lang or current_language()) == "id" else text


def _message(message: str, values: dict[str, object]) -> Message:
    return Message(message, **values)


def shown(text: object, lang: str | None = None) -> str:
    """``text`` as the reader reads it: in ``lang`` (default: :func:`current_language`) when it
    can say itself in a language (an ``in_language`` method: a :class:`Message`, an error or issue
    of the intake and data layers, a :class:`~lkip_helpers.data.errors.ParameterError`; an exception
    raised with a :class:`Message`), else as it is."""
    method = getattr(text, "in_language", None)
    if callable(method):
        return method(lang or current_language())
    if isinstance(text, BaseException) and len(text.args) == 1:
        return shown(text.args[0], lang) if isinstance(text.args[0], Message) else str(text)
    return str(text)


def _compose(message: str, values: Mapping[str, object], lang: str, *, through_catalog: bool = True) -> str:
    if not values:
        return translate(message, lang) if through_catalog else message
    template = translate(message, lang) if through_catalog else message
    return template.format(**{key: _value(value, lang) for key, value in values.items()})


def _value(value: object, lang: str) -> str:
    if isinstance(value, CatalogText):
        return translate(value, lang)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return format_number(value, 0, lang)
    if isinstance(value, float):
        return format_figure(value, lang)
    return shown(value, lang)


def in_language(row: Mapping[str, object], column: str, lang: str | None = None) -> str:
    """The text of a data column kept in both languages, in ``lang`` (default: the reader's).

    ``row[column]`` holds the English text and ``row[column + "_id"]`` the Indonesian (e.g.
    ``note`` / ``note_id`` of ``data/discrepancies.csv``). Either may be missing or empty (a report
    imported with its notes in one language): then the other language's text is returned, and
    ``""`` when both are empty.
    """
    texts = {"en": row.get(column), "id": row.get(f"{column}_id")}
    first = check_language(lang or current_language())
    for text in (texts[first], texts["en" if first == "id" else "id"]):
        if not is_missing_value(text) and str(text).strip():
            return str(text)
    return ""


def is_missing_value(value: object) -> bool:
    """Whether a table cell holds no value: ``None``, NaN, ``pd.NA``/``NaT`` (shown as a dash)."""
    if value is None:
        return True
    try:
        return bool(isinstance(value, float) and math.isnan(value)) or str(value) in {"<NA>", "NaT", "nan"}
    except (TypeError, ValueError):
        return False


def cell_text(value: object) -> str:
    """A table cell as text: ``""`` for no value (:func:`is_missing_value`), else ``str(value)``."""
    return "" if is_missing_value(value) else str(value)


def format_number(value: object, decimals: int = 2, lang: str | None = None) -> str:
    """A number in the reader's notation with ``decimals`` decimals (``87,14`` / ``87.14``);
    thousands are grouped from 10 000 up (``2.733.723.365.213``; a year stays ``2024``);
    a missing value is :data:`MISSING`."""
    from babel.numbers import format_decimal

    if is_missing_value(value):
        return MISSING
    number = float(value)  # type: ignore[arg-type]
    fraction = "." + "0" * decimals if decimals > 0 else ""
    pattern = ("#,##0" if abs(number) >= 10_000 else "0") + fraction
    return format_decimal(number, format=pattern, locale=_LOCALES[lang or current_language()],
                          decimal_quantization=True)


def format_timestamp(stamp: str, lang: str | None = None) -> str:
    """An ISO time stamp (``2026-12-03T13:39:31+00:00``) as the reader writes a date and time
    (Babel's medium format: ``3 Des 2026, 13.39.31`` / ``Dec 3, 2026, 1:39:31 PM``); any other
    text as it is."""
    from datetime import datetime

    from babel.dates import format_datetime

    try:
        when = datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    return format_datetime(when, "medium", tzinfo=when.tzinfo, locale=_LOCALES[lang or current_language()])


def format_figure(value: object, lang: str | None = None) -> str:
    """A figure in the reader's notation with as few decimals as it needs, at most three
    (``72,9``, ``0,994``, ``85``): for numbers inside a sentence."""
    if is_missing_value(value):
        return MISSING
    number = float(value)  # type: ignore[arg-type]
    decimals = next((d for d in range(3) if abs(round(number, d) - number) < 1e-9), 3)
    return format_number(number, decimals, lang)


def format_percent(value: object, decimals: int = 2, lang: str | None = None) -> str:
    """A percentage given in percent points: ``87,14 %`` / ``87.14%``."""
    if is_missing_value(value):
        return MISSING
    lang = lang or current_language()
    return format_number(value, decimals, lang) + (" %" if lang == "id" else "%")


#: (threshold, Indonesian abbreviation, English word) for rupiah amounts
_RUPIAH_SCALES = ((1e12, "T", "trillion"), (1e9, "M", "billion"), (1e6, "jt", "million"))


def format_rupiah(value: object, lang: str | None = None, *, compact: bool = True) -> str:
    """Rupiah in the reader's notation: ``Rp 2,73 T`` / ``Rp 2.73 trillion`` (compact), or every
    digit: ``Rp 2.733.723.365.213`` / ``Rp 2,733,723,365,213``."""
    if is_missing_value(value):
        return MISSING
    lang = lang or current_language()
    number = float(value)  # type: ignore[arg-type]
    if compact:
        for threshold, short, word in _RUPIAH_SCALES:
            if abs(number) >= threshold:
                return f"Rp {format_number(number / threshold, 2, lang)} {short if lang == 'id' else word}"
    from babel.numbers import format_decimal

    return "Rp " + format_decimal(round(number), format="#,##0", locale=_LOCALES[lang])
