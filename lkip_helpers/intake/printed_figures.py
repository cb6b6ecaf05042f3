"""A figure as a report prints it, typed in one workbook cell, and the value it stands for.

A cell holds what the report printed (``87,14``, ``Rp 2,9 T``, ``92.48%``, ``78.75 (BB)``, ``WTP``);
its value is read with the parser the data checks use. Two written forms cover what the parser
cannot read:

* ``"TEXT"`` (in double quotes) keeps ``TEXT`` as printed, without a value: a misprint such as
  ``Rp515.000.00,00`` or ``.882.346`` (a leading digit lost when the PDF became text);
* ``"TEXT" = NUMBER`` keeps ``TEXT`` as printed and gives its value: ``"3 TI" = 3``,
  ``"A (80,97)" = 80,97``, ``"593,31 Ha" = 593,31``.

``lkip template`` writes figures of the data in these forms where needed, so that they import back
unchanged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lkip_helpers.data.i18n import Message
from lkip_helpers.data.numbers import NumberParseError, parse_cell

__all__ = ["FigureError", "PrintedFigure", "figure_cell", "indonesian_plain", "read_printed", "thousands_or_decimal"]

#: a printed figure that lost its leading digit in a PDF-to-text step (``.882.346``)
_LOST_DIGIT = re.compile(r"^[+-]?[.,]\d")
#: one group of three digits after a dot (``722.022``): thousands in Indonesian notation, a decimal
#: in English notation
_ONE_THOUSANDS_GROUP = re.compile(r"^[+-]?\d{1,3}\.\d{3}%?$")
_QUOTED = re.compile(r'^"(?P<text>.*)"\s*(?:=\s*(?P<value>.*))?$', re.DOTALL)
_HINT = Message('put it in double quotes to keep it as printed without a value, or write "TEXT" = NUMBER to give its value')


class FigureError(ValueError):
    """A cell that is not a figure in any accepted form; the message says what to write."""


@dataclass(frozen=True)
class PrintedFigure:
    """What a figure cell means: the text as printed and its value (``None`` for a text)."""

    text: str
    value: float | None


def read_printed(cell: str, *, allow_text: bool = True) -> PrintedFigure:
    """Read one cell (see the module docstring for the forms).

    Args:
        cell: the cell's text.
        allow_text: whether a text without a number (``WTP``, ``N/A``) is a figure; ``False`` for
            columns that must hold a number.

    Raises:
        FigureError: a malformed number, a lost leading digit, a text where a number is needed, or
            a ``"TEXT" = NUMBER`` whose number cannot be read.
    """
    quoted = _QUOTED.match(cell.strip())
    if quoted:
        text = quoted.group("text").strip()
        if quoted.group("value") is None:
            return PrintedFigure(text, None)
        value = _number(quoted.group("value").strip(), allow_text=False)
        return PrintedFigure(text, value)
    return PrintedFigure(cell.strip(), _number(cell.strip(), allow_text=allow_text))


def _number(text: str, *, allow_text: bool) -> float | None:
    if _LOST_DIGIT.match(text):
        raise FigureError(Message("{text!r} starts with a separator (a lost leading digit?); type the whole number, "
                                  "or {hint}", text=text, hint=_HINT))
    try:
        parsed = parse_cell(text)
    except NumberParseError:
        raise FigureError(Message("cannot read {text!r} as a number; correct it, or {hint}", text=text,
                                  hint=_HINT)) from None
    if parsed.is_text and not allow_text:
        raise FigureError(Message("cannot read {text!r} as a number", text=text))
    return parsed.number


def thousands_or_decimal(text: str) -> bool:
    """Whether ``text`` is a ``722.022``-style number: read as thousands (Indonesian notation), but
    a decimal in English notation."""
    return bool(_ONE_THOUSANDS_GROUP.match(text.strip()))


def figure_cell(text: str | None, value: float | None) -> str | None:
    """The workbook cell for a figure of the data: its printed text, quoted (with its value) where
    the text alone would not read back as the same value."""
    if not text:
        return None if value is None else indonesian_plain(value)
    try:
        read = read_printed(text)
    except FigureError:
        read = None
    if read is not None and _same(read.value, value) and not text.startswith('"'):
        return text
    return f'"{text}"' if value is None else f'"{text}" = {indonesian_plain(value)}'


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def indonesian_plain(value: float) -> str:
    """A value in Indonesian notation without thousands separators (``80,97``, ``708142``)."""
    if float(value).is_integer():
        return str(int(value))
    return repr(float(value)).replace(".", ",")
