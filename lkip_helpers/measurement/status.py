"""Status per IKU (tercapai / tidak tercapai / belum ada nilai), roll-ups per sasaran, misi and entity, and year-on-year change.

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

from lkip_helpers.data.i18n import format_percent, translate
from lkip_helpers.data.numbers import NumberParseError, ParsedCell, parse_cell

from ._common import (  # noqa: F401
    CANNOT_JUDGE,
    Direction,
    STATUSES,
    Status,
    _NUMERIC_POLARITIES,
    _POLARITIES,
    _check_polarity,
    _num,
    _round_series,
    round_half_up,
)

__all__ = [
    "YoyChange",
    "add_yoy",
    "capaian_yoy",
    "status",
    "status_rollup",
    "status_series",
    "yoy_change",
]

# --------------------------------------------------------------------------------------------------
# 2. status, roll-ups, year-on-year change
# --------------------------------------------------------------------------------------------------


def status(
    capaian: float | None,
    achieved: bool | None = None,
    *,
    threshold: float = 100.0,
    ndigits: int | None = None,
    judgeable: bool = True,
) -> Status:
    """Status of one indicator: ``"tercapai"``, ``"tidak tercapai"``, ``"belum ada nilai"`` or
    ``"tidak dapat dinilai"``.

    Rule: ``judgeable=False`` (the target makes the capaian undefined, e.g. a target of 0) gives
    ``"tidak dapat dinilai"``; otherwise when ``achieved`` is given (the realisasi compared with the
    target by polarity, or a categorical target) it decides; otherwise a missing capaian
    (``None``/NaN) is ``"belum ada nilai"``; otherwise ``"tercapai"`` when capaian ≥ ``threshold``
    (100), compared on the **unrounded** value: a capaian of 99.995 (realisasi 19,999 against a
    target of 20) is not reached although it prints as 100,00. Pass ``ndigits`` to compare the
    value rounded half up to that many decimals instead (the printed reading).
    """
    if not judgeable:
        return CANNOT_JUDGE
    if achieved is not None:
        return "tercapai" if achieved else "tidak tercapai"
    v = _num(capaian)
    if v is None:
        return "belum ada nilai"
    if ndigits is not None:
        v = cast(float, round_half_up(v, ndigits))
    return "tercapai" if v >= threshold else "tidak tercapai"


def status_series(
    capaian: pd.Series,
    achieved: pd.Series | None = None,
    *,
    threshold: float = 100.0,
    ndigits: int | None = None,
) -> pd.Series:
    """Vectorised :func:`status` (same rule, unrounded unless ``ndigits`` is given);
    ``achieved`` (True/False/NA) overrides per row."""
    c = pd.to_numeric(capaian, errors="coerce").astype(float)
    if ndigits is not None:
        c = _round_series(c, ndigits)
    out = pd.Series(
        np.where(c.isna(), "belum ada nilai", np.where(c >= threshold, "tercapai", "tidak tercapai")),
        index=c.index,
        dtype=object,
    )
    if achieved is not None:
        a = achieved.reindex(c.index)
        known = a.notna()
        out[known] = np.where(a[known].astype(bool), "tercapai", "tidak tercapai")
    return out.rename("status")


def _col(status_code: str) -> str:
    """A status as a column-name part (``"tidak tercapai"`` → ``tidak_tercapai``)."""
    return status_code.replace(" ", "_")


_LEVEL_KEYS: dict[str, list[str]] = {
    "sasaran": ["sasaran_id"],
    "misi": ["misi_no"],
    "entity": [],
}


def status_rollup(df: pd.DataFrame, level: str = "sasaran") -> pd.DataFrame:
    """Counts and shares of statuses per sasaran, per misi or per entity.

    Input columns: ``misi_no``, ``sasaran_id``, ``indicator_id``, ``status`` (one of
    :data:`STATUSES`; NaN/None counts as ``"belum ada nilai"``) and optionally ``entity_id`` (when
    present, every level is grouped within entity; without it ``level="entity"`` is one group).

    Rules: an indicator is counted once per group (distinct ``indicator_id``); an indicator with
    two different statuses in one group is an error. Shares are percent of **all** indicators of
    the group (including belum ada nilai), rounded half up to 2 decimals as reports print.

    Returns one row per group: the key columns, ``n_indicators``, ``n_<status>`` and
    ``share_<status>`` for every status of :data:`STATUSES` (``n_tercapai``, ``n_tidak_tercapai``,
    ``n_belum_ada_nilai``, ``n_tidak_dapat_dinilai``, ...) and ``summary`` in the reader's language
    (``"11 of 26 reached, 42.31%"``, ``"11 dari 26 tercapai, 42,31 %"``).

    Raises:
        ValueError: unknown level, a missing column, an unknown status or a conflicting status.
    """
    if level not in _LEVEL_KEYS:
        raise ValueError(f"unknown level {level!r} (one of: {', '.join(_LEVEL_KEYS)})")
    keys = (["entity_id"] if "entity_id" in df.columns else []) + _LEVEL_KEYS[level]
    needed = set(keys) | {"indicator_id", "status"}
    missing = needed - set(df.columns)
    if missing:
        raise ValueError(f"status_rollup needs column(s) {', '.join(sorted(missing))}")
    work = df[keys + ["indicator_id", "status"]].copy()
    work["status"] = work["status"].where(work["status"].notna(), "belum ada nilai")
    unknown = set(work["status"].unique()) - set(STATUSES)
    if unknown:
        raise ValueError(f"unknown status value(s) {sorted(map(str, unknown))!r}")
    work = work.drop_duplicates()
    dup = work.duplicated(keys + ["indicator_id"], keep=False)
    if dup.any():
        ids = sorted(work.loc[dup, "indicator_id"].astype(str).unique())
        raise ValueError(f"indicator(s) with conflicting statuses in one group: {ids}")
    grouper = keys if keys else (lambda _: "all")
    counts = (
        work.groupby(grouper, dropna=False)["status"]
        .value_counts()
        .unstack(fill_value=0)
        .reindex(columns=list(STATUSES), fill_value=0)
    )
    counts.columns = [f"n_{_col(s)}" for s in STATUSES]
    counts.insert(0, "n_indicators", counts.sum(axis=1))
    for col in map(_col, STATUSES):
        counts[f"share_{col}"] = _round_series(counts[f"n_{col}"] / counts["n_indicators"] * 100.0)
    summary = translate("{n} of {total} reached, {share}")  # in the reader's language and notation
    counts["summary"] = [
        summary.format(n=a, total=n, share=format_percent(s))
        for a, n, s in zip(counts["n_tercapai"], counts["n_indicators"], counts["share_tercapai"])
    ]
    out = counts.reset_index()
    if not keys:
        out = out.drop(columns=out.columns[0])
    for c in ["n_indicators"] + [f"n_{_col(s)}" for s in STATUSES]:
        out[c] = out[c].astype(int)
    return out


@dataclass(frozen=True)
class YoyChange:
    """Year-on-year change of one value.

    Attributes:
        previous, current: the two values (``None`` when missing).
        change: current − previous (absolute; percent points for a percentage).
        change_pct: change / |previous| × 100, ``None`` when previous is 0 or missing.
        direction: ``"improved"``, ``"worsened"``, ``"unchanged"`` or ``None`` (missing value, or
            a ``categorical``/``neutral`` polarity).
    """

    previous: float | None
    current: float | None
    change: float | None
    change_pct: float | None
    direction: Direction | None


def yoy_change(
    previous: float | None, current: float | None, polarity: str, *, ndigits: int | None = 2
) -> YoyChange:
    """Change of a realisasi (or capaian) from the previous year, judged by polarity.

    change = current − previous; change_pct = change / |previous| × 100 (``None`` when previous
    is 0). Direction: ``higher_is_better`` → improved when current > previous;
    ``lower_is_better`` → improved when current < previous; ``"unchanged"`` when the two are
    equal after rounding half up to ``ndigits`` (2) decimals (``ndigits=None``: exact);
    ``None`` when a value is missing or the polarity is ``categorical``/``neutral``.
    """
    _check_polarity(polarity)
    p, c = _num(previous), _num(current)
    if p is None or c is None:
        return YoyChange(p, c, None, None, None)
    change = c - p
    change_pct = change / abs(p) * 100.0 if p != 0 else None
    direction: Direction | None = None
    if polarity in _NUMERIC_POLARITIES:
        pc, cc = (round_half_up(p, ndigits), round_half_up(c, ndigits)) if ndigits is not None else (p, c)
        assert pc is not None and cc is not None
        if pc == cc:
            direction = "unchanged"
        elif (cc > pc) == (polarity == "higher_is_better"):
            direction = "improved"
        else:
            direction = "worsened"
    return YoyChange(p, c, change, change_pct, direction)


def capaian_yoy(previous: float | None, current: float | None) -> YoyChange:
    """Year-on-year change of capaian: always higher is better (see :func:`yoy_change`)."""
    return yoy_change(previous, current, "higher_is_better")


def add_yoy(
    df: pd.DataFrame,
    value: str = "value",
    *,
    keys: Sequence[str] = ("entity_id", "indicator_id"),
    year: str = "year",
    polarity: str = "polarity",
    ndigits: int | None = 2,
) -> pd.DataFrame:
    """Vectorised :func:`yoy_change`: add ``previous``, ``change``, ``change_pct``, ``direction``.

    The previous value of a row is the row with the same ``keys`` and ``year − 1`` (no gap
    filling: a missing previous year gives NaN and direction ``None``). ``polarity`` names a column,
    or if ``df`` has no such column it is one polarity for every row (use ``"higher_is_better"``
    for capaian). Rows must be unique per ``keys`` + ``year``.

    Raises:
        ValueError: duplicated keys/year, or an unknown polarity.
    """
    k = list(keys)
    if df.duplicated(k + [year]).any():
        raise ValueError(f"rows are not unique per {k + [year]}")
    out = df.copy()
    pol = out[polarity] if polarity in out.columns else pd.Series(polarity, index=out.index)
    bad = set(pol.dropna().unique()) - _POLARITIES
    if bad:
        raise ValueError(f"unknown polarity {sorted(bad)!r}")
    prev = df[k + [year, value]].copy()
    prev[year] = prev[year] + 1
    prev = prev.rename(columns={value: "previous"})
    merged = out[k + [year]].merge(prev, on=k + [year], how="left")
    out["previous"] = pd.to_numeric(merged["previous"], errors="coerce").astype(float).to_numpy()
    cur = pd.to_numeric(out[value], errors="coerce").astype(float)
    out["change"] = cur - out["previous"]
    out["change_pct"] = np.where(
        out["previous"].fillna(0) != 0, out["change"] / out["previous"].abs() * 100.0, np.nan
    )
    pc = _round_series(out["previous"], ndigits) if ndigits is not None else out["previous"]
    cc = _round_series(cur, ndigits) if ndigits is not None else cur
    higher = (pol == "higher_is_better").to_numpy()
    lower = (pol == "lower_is_better").to_numpy()
    known = (pc.notna() & cc.notna()).to_numpy() & (higher | lower)
    up, down = (cc > pc).to_numpy(), (cc < pc).to_numpy()
    out["direction"] = np.select(
        [~known, cc.to_numpy() == pc.to_numpy(), (up & higher) | (down & lower)],
        [None, "unchanged", "improved"],
        default="worsened",
    )
    out["direction"] = out["direction"].astype(object).where(known, None)
    return out
