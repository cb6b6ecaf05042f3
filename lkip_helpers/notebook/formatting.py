"""Number formatting for notebook text and tables (English notation, rupiah in words)."""

from __future__ import annotations

import math

__all__ = ["format_number", "format_percent", "format_rupiah"]


def _missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def format_number(value: float | None, decimals: int = 2) -> str:
    """``1234.5`` → ``"1,234.50"``; missing → ``"–"``."""
    return "–" if _missing(value) else f"{value:,.{decimals}f}"


def format_percent(value: float | None, decimals: int = 2) -> str:
    """``87.142`` → ``"87.14%"``; missing → ``"–"``."""
    return "–" if _missing(value) else f"{value:,.{decimals}f}%"


def format_rupiah(value: float | None) -> str:
    """Rupiah with a scale word: ``2.73e12`` → ``"Rp 2.73 trillion"``, ``4.6e9`` → ``"Rp 4.60 billion"``."""
    if _missing(value):
        return "–"
    for scale, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(value) >= scale:
            return f"Rp {value / scale:,.2f} {word}"
    return f"Rp {value:,.0f}"
