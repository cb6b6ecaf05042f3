"""One line for the reader, in the reader's language: what a notebook prints when a section has
nothing to show.

>>> say("{entity} reports no IKM series for {year}.", entity="Kota Bekasi", year=2023)  # doctest: +SKIP
Kota Bekasi tidak melaporkan seri IKM untuk tahun 2023.

The message is English with ``{name}`` placeholders and goes through the catalog
(:func:`lkip_helpers.data.i18n.translate`); numbers are written in the reader's notation (a whole
number such as a year as it is).
"""

from __future__ import annotations

from numbers import Number

from lkip_helpers.data.i18n import format_number, translate

__all__ = ["phrase", "say", "signed_number"]


def _value(value: object) -> str:
    if isinstance(value, bool) or not isinstance(value, Number):
        return str(value)
    if float(value).is_integer():  # type: ignore[arg-type]
        return str(int(value))  # type: ignore[arg-type]
    return format_number(value)


def phrase(message: str, **values: object) -> str:
    """``message`` in the reader's language with ``values`` filled in."""
    return translate(message).format(**{name: _value(v) for name, v in values.items()})


def say(message: str, **values: object) -> None:
    """Print :func:`phrase` of ``message`` (a plain line, as a notebook's ``print``)."""
    print(phrase(message, **values))


def signed_number(value: float, decimals: int = 2) -> str:
    """``value`` with its sign, in the reader's notation (``+1,25`` / ``-6.00``)."""
    return ("+" if value > 0 else "") + format_number(value, decimals)
