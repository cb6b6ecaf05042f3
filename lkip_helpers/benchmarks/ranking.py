"""Ranking statistics of regional benchmarks, independent of the data: ranks and percentiles by
polarity, the robust z-score, and the polarity-aware words "better"/"worse"/"above"/"below".

The rules (tie handling, weak percentile, robust z and its outlier cut-off, what a neutral metric
may be called) are stated in :mod:`lkip_helpers.benchmarks`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Literal

import numpy as np
import pandas as pd

__all__ = [
    "MAD_SCALE",
    "MIN_Z_REFERENCE",
    "OUTLIER_Z",
    "TIE_METHODS",
    "compare_word",
    "percentile_ranks",
    "rank_values",
    "robust_z",
    "robust_z_reason",
]

Ties = Literal["min", "average"]

#: Tie rules of :func:`rank_values`: ``"min"`` = competition ranking "1224", ``"average"`` = mean rank.
TIE_METHODS: tuple[str, ...] = ("min", "average")
#: 1 / Φ⁻¹(0.75): scales the MAD to a standard deviation for normal data.
MAD_SCALE: float = 1.4826
#: |robust z| above this is an outlier (Iglewicz & Hoaglin's cut-off for the modified z-score).
OUTLIER_Z: float = 3.5
#: Fewest known reference values for which :func:`robust_z` is computed. A median and a MAD of 3
#: or 4 values are too unstable to call anything an outlier (with 4 values the MAD is the mean of
#: the two middle deviations, so one region sets the scale).
MIN_Z_REFERENCE: int = 5
#: Polarities that can be ranked (a categorical metric cannot).
_NUMERIC = ("higher_is_better", "lower_is_better", "neutral")


def _check_ties(ties: str) -> None:
    if ties not in TIE_METHODS:
        raise ValueError(f"unknown tie rule {ties!r} (one of: {', '.join(TIE_METHODS)})")


def _check_numeric_polarity(polarity: str) -> None:
    if polarity == "categorical":
        raise ValueError("a categorical metric has no rank: use categorical_position()")
    if polarity not in _NUMERIC:
        raise ValueError(f"unknown polarity {polarity!r} (one of: {', '.join(_NUMERIC + ('categorical',))})")


def rank_values(values: pd.Series, polarity: str, ties: Ties = "min") -> pd.Series:
    """Rank values by the metric's polarity; 1 = best (or highest, for ``neutral``).

    ``higher_is_better`` and ``neutral`` rank descending, ``lower_is_better`` ascending. Ties:
    ``"min"`` competition ranking (10, 8, 8, 5 → 1, 2, 2, 4), ``"average"`` mean rank
    (→ 1, 2.5, 2.5, 4). Missing values stay NaN and are not counted.

    Raises:
        ValueError: categorical or unknown polarity, unknown tie rule.
    """
    _check_numeric_polarity(polarity)
    _check_ties(ties)
    v = pd.to_numeric(values, errors="coerce").astype(float)
    return v.rank(method=ties, ascending=(polarity == "lower_is_better"), na_option="keep")


def percentile_ranks(values: pd.Series, polarity: str) -> pd.Series:
    """Weak percentile rank of each value: 100 × share of values no better than it (itself included).

    ``higher_is_better``/``neutral``: share of values ≤ v; ``lower_is_better``: share ≥ v. The best
    value gets 100, the worst 100/n; missing values are NaN and not counted.

    Raises:
        ValueError: categorical or unknown polarity.
    """
    _check_numeric_polarity(polarity)
    v = pd.to_numeric(values, errors="coerce").astype(float)
    known = v.dropna().to_numpy()
    n = len(known)
    out = pd.Series(np.nan, index=v.index, dtype=float)
    for idx, x in v.items():
        if math.isnan(x) or n == 0:
            continue
        worse_or_equal = (known >= x) if polarity == "lower_is_better" else (known <= x)
        out[idx] = 100.0 * worse_or_equal.sum() / n
    return out


def robust_z(
    value: float | None, reference: Iterable[float | None], *, min_reference: int = MIN_Z_REFERENCE
) -> float | None:
    """Robust z-score of ``value`` against ``reference``: (x − median) / (1.4826 × MAD).

    ``MAD = median(|r − median(r)|)``. ``None`` when the value is missing, fewer than
    ``min_reference`` (default :data:`MIN_Z_REFERENCE` = 5) reference values are known, or MAD is 0
    (no spread to scale by); :func:`robust_z_reason` says which.

    >>> robust_z(10, [1, 2, 3, 4, 5])  # median 3, MAD 1 # doctest: +ELLIPSIS
    4.721...
    """
    if robust_z_reason(value, reference, min_reference=min_reference) is not None:
        return None
    ref = _known(reference)
    med = float(np.median(ref))
    mad = float(np.median(np.abs(ref - med)))
    return (float(value) - med) / (MAD_SCALE * mad)  # type: ignore[arg-type]


def _known(reference: Iterable[float | None]) -> np.ndarray:
    return np.array([float(r) for r in reference if r is not None and not pd.isna(r)], dtype=float)


def robust_z_reason(
    value: float | None, reference: Iterable[float | None], *, min_reference: int = MIN_Z_REFERENCE
) -> str | None:
    """Why :func:`robust_z` is undefined for these inputs, ``None`` when it is defined.

    ``"no value"``; ``"only n reference values (needs at least 5)"``; ``"no spread (MAD 0)"``.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "no value"
    ref = _known(reference)
    if len(ref) < min_reference:
        return f"only {len(ref)} reference values (needs at least {min_reference})"
    if float(np.median(np.abs(ref - np.median(ref)))) == 0:
        return "no spread (MAD 0)"
    return None


def compare_word(gap: float | None, polarity: str, *, ndigits: int = 6) -> str | None:
    """Word for ``focal − reference = gap``: ``better``/``worse``/``equal`` by polarity, or
    ``above``/``below``/``equal`` for a neutral metric. ``None`` for a missing gap.

    The gap is rounded to ``ndigits`` decimals first, so float noise does not read as a difference.

    Raises:
        ValueError: categorical or unknown polarity.
    """
    _check_numeric_polarity(polarity)
    if gap is None or (isinstance(gap, float) and math.isnan(gap)):
        return None
    g = round(float(gap), ndigits)
    if g == 0:
        return "equal"
    if polarity == "neutral":
        return "above" if g > 0 else "below"
    higher = g > 0
    return "better" if higher == (polarity == "higher_is_better") else "worse"


def _rank_rows(
    frame: pd.DataFrame, peers: pd.Series, focal: str, key: str, polarity: str, ties: Ties
) -> pd.DataFrame:
    """Rank the focal region and its peers on column ``key`` of ``frame``; return the ranked rows.

    Adds to ``frame`` (in place): ``is_focal``; ``ranked`` (focal or in ``peers``, and ``key``
    known); ``role`` (``focal``, ``peer``, ``province``, ``nation`` or ``other region``); ``rank``
    (:func:`rank_values`) and ``percentile`` (:func:`percentile_ranks`) among the ranked rows, NaN
    for the others. The returned ranked rows are taken before ``rank``/``percentile`` are added.
    """
    frame["is_focal"] = frame["entity_id"] == focal
    frame["ranked"] = (peers | frame["is_focal"]) & frame[key].notna()
    frame["role"] = np.select(
        [frame["is_focal"], peers, frame["level"] == "provinsi", frame["level"] == "nasional"],
        ["focal", "peer", "province", "nation"],
        default="other region",
    )
    ranked = frame[frame["ranked"]]
    frame["rank"] = rank_values(ranked[key], polarity, ties).reindex(frame.index)
    frame["percentile"] = percentile_ranks(ranked[key], polarity).reindex(frame.index)
    return ranked


def _rank_text(rank: float | None) -> str:
    """A rank as printed in sentences and tables: ``"2"``, ``"2.5"`` (average ties), ``"n/a"``."""
    if rank is None:
        return "n/a"
    return str(int(rank)) if float(rank).is_integer() else f"{rank:g}"
