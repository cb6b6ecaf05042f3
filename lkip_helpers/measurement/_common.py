"""Shared types, constants and rounding rules of the SAKIP measurement engine.

Part of :mod:`lkip_helpers.measurement`; see its docstring for the general rules.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal, cast

import numpy as np
import pandas as pd

from lkip_helpers.data.numbers import NumberParseError, ParsedCell, parse_cell


__all__ = [
    "CANNOT_JUDGE",
    "DEFAULT_CAP",
    "STATUS_MEANINGS",
    "STATUSES",
    "round_half_up",
]

Polarity = Literal["higher_is_better", "lower_is_better", "categorical", "neutral"]
Status = Literal["tercapai", "tidak tercapai", "belum ada nilai", "tidak dapat dinilai"]
Direction = Literal["improved", "worsened", "unchanged"]
Efficiency = Literal["efisien", "kurang efisien", "tidak efisien"]

#: The statuses, in report order. ``"tidak dapat dinilai"`` (cannot be judged) is the status of an
#: indicator whose target makes the capaian undefined (a target of 0 or below, see
#: :func:`lkip_helpers.measurement.capaian_detail`): it has a realisasi, but no capaian.
STATUSES: tuple[Status, ...] = ("tercapai", "tidak tercapai", "belum ada nilai", "tidak dapat dinilai")

#: The status code of an indicator that cannot be judged, and what it means in English.
CANNOT_JUDGE: Status = "tidak dapat dinilai"

#: English descriptions of the statuses (one place for the message catalog to pick them up).
STATUS_MEANINGS: dict[str, str] = {
    "tercapai": "reached",
    "tidak tercapai": "not reached",
    "belum ada nilai": "no value yet",
    "tidak dapat dinilai": "cannot be judged (the target makes the capaian undefined)",
}
_POLARITIES: frozenset[str] = frozenset({"higher_is_better", "lower_is_better", "categorical", "neutral"})
_NUMERIC_POLARITIES: frozenset[str] = frozenset({"higher_is_better", "lower_is_better"})

#: Default upper cap (percent) of the ``"capped"`` capaian method.
DEFAULT_CAP: float = 150.0


# --------------------------------------------------------------------------------------------------
# small helpers
# --------------------------------------------------------------------------------------------------


def round_half_up(value: float | None, ndigits: int = 2) -> float | None:
    """Round like the reports (and spreadsheet ``ROUND``): half away from zero, on the decimal repr.

    ``round_half_up(88.305) == 88.31`` and ``round_half_up(2.675) == 2.68`` (Python's ``round``
    gives 88.3 and 2.67 because of binary floating point and banker's rounding). The value is
    rounded from its shortest decimal representation (``repr``). ``None``/NaN give ``None``;
    ``±inf`` raises ``ValueError``.
    """
    if value is None:
        return None
    v = float(value)
    if math.isnan(v):
        return None
    if math.isinf(v):
        raise ValueError("cannot round an infinite value")
    q = Decimal(1).scaleb(-ndigits)
    return float(Decimal(repr(v)).quantize(q, rounding=ROUND_HALF_UP))


def _round_series(values: pd.Series, ndigits: int = 2) -> pd.Series:
    """:func:`round_half_up` applied element-wise (NaN stays NaN)."""
    return values.map(lambda v: np.nan if pd.isna(v) else round_half_up(float(v), ndigits)).astype(
        float
    )


def _num(value: float | int | None) -> float | None:
    """A finite float, or ``None`` for ``None``/NaN. ``±inf`` raises ``ValueError``; a bool or a
    string raises ``TypeError`` (read printed cells with :func:`lkip_helpers.data.numbers.parse_cell`)."""
    if value is None:
        return None
    if isinstance(value, (bool, str, bytes)):
        raise TypeError(f"expected a number, got {value!r} ({type(value).__name__}); parse printed text first")
    v = float(value)
    if math.isnan(v):
        return None
    if math.isinf(v):
        raise ValueError("infinite value")
    return v


def _check_polarity(polarity: str) -> str:
    if polarity not in _POLARITIES:
        raise ValueError(f"unknown polarity {polarity!r} (one of: {', '.join(sorted(_POLARITIES))})")
    return polarity
