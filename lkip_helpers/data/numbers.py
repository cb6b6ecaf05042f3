"""Parse numbers as Indonesian reports print them.

LKIP reports write numbers the Indonesian way — ``.`` groups thousands and ``,`` is the decimal
separator (``2.752.218.697.944``, ``87,14``) — but conversions from PDF and spreadsheets also mix in
the English way (``92.48%``). Amounts carry ``Rp``/``Rp.`` prefixes, ``,-`` suffixes and scale words
(``2,9 T``, ``Rp. 2.637,2 Triliun``); some cells carry a label after the number (``78.75 (BB)``);
some are not numbers at all (``WTP``, ``N/A``, ``-``).

Rules (applied after stripping currency, percent sign, scale word and a trailing label):

* both ``.`` and ``,`` present: the one that comes last is the decimal separator;
* only ``,``: one comma is a decimal comma (``87,14``); several commas are thousands groups;
* only ``.``: several dots are thousands groups (``2.752.218``); a single dot followed by exactly
  three digits is a thousands group (``15.755`` is fifteen thousand) unless ``decimal="."`` is
  given; any other single dot is a decimal point (``92.48``);
* percentages are returned in percent points (``87,14%`` → ``87.14``);
* scale words multiply: ``rb``/``ribu`` 1e3, ``jt``/``juta`` 1e6, ``M``/``miliar`` 1e9,
  ``T``/``triliun`` 1e12 (the one-letter forms only in capitals: ``81 m`` is not a number).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from .i18n import Message

__all__ = [
    "MISSING_MARKERS",
    "NumberParseError",
    "ParsedCell",
    "is_missing",
    "parse_cell",
    "parse_number",
    "parse_number_or_none",
    "plausible_values",
    "printed_resolution",
]

#: Cell texts that mean "no value" (case-insensitive).
MISSING_MARKERS: frozenset[str] = frozenset(
    {"", "-", "–", "—", "n/a", "na", "n.a", "n.a.", "#n/a", "belum ada nilai", "belum ada data", "nan"}
)

_SCALES: dict[str, float] = {
    "rb": 1e3,
    "ribu": 1e3,
    "jt": 1e6,
    "juta": 1e6,
    "m": 1e9,
    "miliar": 1e9,
    "milyar": 1e9,
    "t": 1e12,
    "triliun": 1e12,
    "trilyun": 1e12,
}

_CURRENCY = re.compile(r"^(?:rp\.?|idr)\s*", re.IGNORECASE)
_LABEL = re.compile(r"\s*\(([^()]*)\)\s*$")
# Scale words are case-insensitive; the one-letter abbreviations only count in capitals
# ("2,9 T", "4,5 M"), so that "81 m" (metres) is not read as 81 miliar.
_SCALE = re.compile(
    r"\s*((?i:" + "|".join(sorted((k for k in _SCALES if len(k) > 1), key=len, reverse=True)) + r")|M|T)\.?$"
)
_BODY = re.compile(r"^[+-]?\d[\d.,]*$")


class NumberParseError(ValueError):
    """Raised when a cell's text is not a number in any accepted notation; ``reason`` is a catalog
    :class:`~lkip_helpers.data.i18n.Message` (English as a string)."""

    def __init__(self, text: str, reason: str) -> None:
        self.text = text
        self.reason = reason
        super().__init__(f"cannot parse {text!r} as a number: {reason}")


@dataclass(frozen=True)
class ParsedCell:
    """The result of reading one printed cell.

    Attributes:
        text: the cell as printed (stripped).
        number: the parsed number, or ``None`` when the cell is missing or text.
        is_percent: the cell carried a ``%`` sign.
        is_currency: the cell carried a rupiah prefix.
        label: a trailing label in parentheses, e.g. ``"BB"`` in ``"78.75 (BB)"``.
        is_missing: the cell is one of :data:`MISSING_MARKERS`.
    """

    text: str
    number: float | None
    is_percent: bool = False
    is_currency: bool = False
    label: str | None = None
    is_missing: bool = False

    @property
    def is_text(self) -> bool:
        """True when the cell is neither a number nor a missing marker (``WTP``, ``BB``)."""
        return self.number is None and not self.is_missing


def is_missing(text: object) -> bool:
    """Return True if ``text`` is empty, NaN or a missing marker such as ``N/A`` or ``-``."""
    if text is None:
        return True
    if isinstance(text, float) and math.isnan(text):
        return True
    return str(text).strip().lower() in MISSING_MARKERS


def _misplaced(separator: str) -> Message:
    return Message("misplaced thousands separator {separator!r}", separator=separator)


def _normalise_body(body: str, decimal: str | None) -> str:
    """Turn a digits-and-separators body into a Python float literal."""
    dots, commas = body.count("."), body.count(",")
    if dots and commas:
        dec = "," if body.rfind(",") > body.rfind(".") else "."
        thousands = "." if dec == "," else ","
        if body.count(dec) > 1:
            raise NumberParseError(body, Message("more than one decimal separator {separator!r}", separator=dec))
        whole = body.split(dec)[0]
        if not re.fullmatch(r"[+-]?\d{1,3}(" + re.escape(thousands) + r"\d{3})*", whole):
            raise NumberParseError(body, _misplaced(thousands))
        return body.replace(thousands, "").replace(dec, ".")
    if commas:
        if decimal == "." or commas > 1:
            if not re.fullmatch(r"[+-]?\d{1,3}(,\d{3})+", body):
                raise NumberParseError(body, _misplaced(","))
            return body.replace(",", "")
        return body.replace(",", ".")
    if dots:
        if dots > 1:
            if not re.fullmatch(r"[+-]?\d{1,3}(\.\d{3})+", body):
                raise NumberParseError(body, _misplaced("."))
            return body.replace(".", "")
        head, tail = body.split(".")
        if decimal is None and len(tail) == 3 and head.lstrip("+-") not in ("", "0"):
            return head + tail  # Indonesian thousands group: 15.755
        return body
    return body


def parse_cell(text: object, *, decimal: str | None = None) -> ParsedCell:
    """Read one printed cell into a :class:`ParsedCell`; never raises for text cells.

    Args:
        text: the cell as printed.
        decimal: force the decimal separator (``"."`` or ``","``) when the source is known to use
            one; ``None`` applies the rules in the module docstring.

    Returns:
        A :class:`ParsedCell`; ``number`` is ``None`` for missing markers and text cells.

    Raises:
        NumberParseError: the cell starts like a number but is malformed (``12,3,4``).
    """
    raw = "" if text is None else str(text)
    s = raw.strip()
    if is_missing(s):
        return ParsedCell(text=s, number=None, is_missing=True)
    label = None
    m = _LABEL.search(s)
    if m and s[: m.start()].strip():
        label = m.group(1).strip()
        s = s[: m.start()].strip()
    s = s.replace("\u2212", "-").replace("\u00a0", " ")
    is_currency = bool(_CURRENCY.match(s))
    s = _CURRENCY.sub("", s)
    if s.endswith(",-"):
        s = s[:-2]
    negative = False
    if s.startswith("-") or s.startswith("+"):
        negative = s.startswith("-")
        s = s[1:].lstrip()
        if _CURRENCY.match(s):
            is_currency = True
            s = _CURRENCY.sub("", s)
    is_percent = s.endswith("%")
    if is_percent:
        s = s[:-1].rstrip()
    scale = 1.0
    m = _SCALE.search(s)
    if m and _BODY.match(s[: m.start()].strip() or "x"):
        scale = _SCALES[m.group(1).lower()]
        s = s[: m.start()].strip()
    s = s.replace(" ", "")
    if not _BODY.match(s):
        if re.fullmatch(r"[\d.,+\-]+", s):
            raise NumberParseError(raw.strip(), Message("malformed number"))
        return ParsedCell(text=raw.strip(), number=None, label=label)
    number = float(_normalise_body(s, decimal)) * scale
    if negative:
        number = -number
    return ParsedCell(
        text=raw.strip(), number=number, is_percent=is_percent, is_currency=is_currency, label=label
    )


def parse_number(text: object, *, decimal: str | None = None) -> float | None:
    """Parse a printed number; ``None`` for a missing marker; raise for any other text.

    >>> parse_number("2.752.218.697.944")
    2752218697944.0
    >>> parse_number("87,14%")
    87.14
    >>> parse_number("2,9 T")
    2900000000000.0
    >>> parse_number("Rp13.868.153.684.143,-")
    13868153684143.0
    >>> parse_number("-7,17%")
    -7.17
    >>> parse_number("N/A") is None
    True

    Raises:
        NumberParseError: the text is neither a number nor a missing marker (``WTP``).
    """
    cell = parse_cell(text, decimal=decimal)
    if cell.is_text:
        raise NumberParseError(cell.text, Message("not a number"))
    return cell.number


def parse_number_or_none(text: object, *, decimal: str | None = None) -> float | None:
    """Like :func:`parse_number` but return ``None`` for text cells instead of raising."""
    try:
        return parse_cell(text, decimal=decimal).number
    except NumberParseError:
        return None


def plausible_values(text: object) -> list[float]:
    """Every number a printed cell can mean (two for ambiguous ``1.882``, else at most one).

    Used to check a stored value against its printed text without guessing the notation.
    """
    out: list[float] = []
    for dec in (None, "."):
        try:
            n = parse_cell(text, decimal=dec).number
        except NumberParseError:
            continue
        if n is not None and n not in out:
            out.append(n)
    return out


_NUMBER_TOKEN = re.compile(r"[+-]?\d[\d.,]*\d|\d")


def printed_resolution(text: object, value: float | None = None) -> float | None:
    """One unit of the last printed digit of a printed figure, in the unit of its parsed value.

    The first number in ``text`` is read with the rules of :func:`parse_cell`; its
    decimals are the digits after the decimal separator (none for a number with only thousands
    separators). A scale word multiplies the resolution (``2,9 T`` → 1e11). ``value`` is the
    parsed value (parsed from ``text`` when omitted). ``None`` when ``text`` holds no number.

    >>> printed_resolution("87,14%"), printed_resolution("2.290"), printed_resolution("93.7")
    (0.01, 1.0, 0.1)
    """
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return None
    s = str(text)
    if value is None:
        try:
            value = parse_cell(s).number
        except NumberParseError:
            value = None
    m = _NUMBER_TOKEN.search(s.replace("\u2212", "-"))
    if m is None or value is None:
        return None
    tok = m.group(0).lstrip("+-")
    last_sep = max(tok.rfind("."), tok.rfind(","))
    as_integer = float(re.sub(r"[.,]", "", tok))
    candidates: list[tuple[float, int]] = []
    if last_sep >= 0:
        frac = tok[last_sep + 1 :]
        whole = re.sub(r"[.,]", "", tok[:last_sep]) or "0"
        candidates.append((float(f"{whole}.{frac}"), len(frac)))
    candidates.append((as_integer, 0))
    target = abs(float(value))
    # an exact reading first (87,14 -> 87.14; 2.290 -> 2290), then a reading times a scale word
    for exact in (True, False):
        for token_value, decimals in candidates:
            if not token_value:
                if target == 0:
                    return 10.0**-decimals
                continue
            ratio = target / token_value
            k = round(math.log10(ratio)) if ratio > 0 else 0
            if exact and math.isclose(ratio, 1.0, rel_tol=1e-9):
                return 10.0**-decimals
            if not exact and k > 0 and math.isclose(ratio, 10.0**k, rel_tol=1e-9):
                return 10.0 ** (k - decimals)
    return None
