"""Budget efficiency: serapan, tingkat efisiensi, the efficiency judgement and year-on-year comparison.

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

from ._common import (  # noqa: F401
    Direction,
    Efficiency,
    _num,
    _round_series,
    round_half_up,
)
from .status import (  # noqa: F401
    yoy_change,
)

__all__ = [
    "DEFAULT_EFFICIENCY_RULE",
    "EFFICIENCY_RULES",
    "BudgetComparison",
    "add_budget_measures",
    "capaian_per_serapan",
    "compare_budget_years",
    "efficiency_judgement",
    "efficiency_series",
    "serapan",
    "tingkat_efisiensi",
]

# --------------------------------------------------------------------------------------------------
# 4. budget efficiency
# --------------------------------------------------------------------------------------------------


def serapan(realisasi: float | None, pagu: float | None) -> float | None:
    """Serapan (budget absorption, %): realisasi anggaran / pagu × 100.

    Missing realisasi or pagu → ``None``; pagu 0 → ``None`` (undefined, never ``inf``).

    Raises:
        ValueError: a negative pagu or realisasi.
    """
    r, p = _num(realisasi), _num(pagu)
    if r is None or p is None:
        return None
    if p < 0 or r < 0:
        raise ValueError("pagu and realisasi anggaran must not be negative")
    if p == 0:
        return None
    return r / p * 100.0


def tingkat_efisiensi(realisasi: float | None, pagu: float | None) -> float | None:
    """Tingkat efisiensi (%): 100 − serapan (the unspent share of the pagu); ``None`` as serapan.

    Negative when spending exceeds the pagu. IKM programme 2024: 100 − 91.89 = 8.11.
    """
    s = serapan(realisasi, pagu)
    return None if s is None else 100.0 - s


#: Efficiency judgement rules (name → description). All compare on values rounded to 2 decimals.
#: ``"target_and_budget"`` (the default) is the rule the city LKIP 2023 applies to every IKU in
#: Bab III (e.g. capaian 87,14% with serapan 71,56% is "tidak efisien karena capaian indikator
#: sasaran tidak tercapai"; 249,12% with 91,64% is "efisien"); its comparisons with 2022 follow
#: ``"combined"`` (95,40% with 93,03% is "kurang efisien", 87,31% with 89,36% "tidak efisien").
EFFICIENCY_RULES: dict[str, str] = {
    "target_and_budget": "efisien when capaian ≥ 100 and serapan ≤ 100, else tidak efisien",
    "combined": (
        "efisien when capaian ≥ 100 and serapan ≤ 100; otherwise kurang efisien when "
        "capaian ≥ serapan (output at least proportional to spending); otherwise tidak efisien"
    ),
    "proportional": "efisien when capaian ≥ serapan, else tidak efisien",
}
DEFAULT_EFFICIENCY_RULE: str = "target_and_budget"


def efficiency_judgement(
    capaian: float | None, serapan: float | None, rule: str = DEFAULT_EFFICIENCY_RULE
) -> Efficiency | None:
    """Judge the efficiency of a programme from its capaian (%) and serapan (%).

    Rules (:data:`EFFICIENCY_RULES`; values compared after rounding half up to 2 decimals):

    * ``"target_and_budget"`` (default, the city report's rule for the report year):
      ``"efisien"`` when capaian ≥ 100 (tercapai) and serapan ≤ 100, else ``"tidak efisien"``;
    * ``"combined"`` (the report's wording for previous-year comparisons): ``"efisien"`` when
      capaian ≥ 100 and serapan ≤ 100; else ``"kurang efisien"`` when capaian ≥ serapan; else
      ``"tidak efisien"``;
    * ``"proportional"``: ``"efisien"`` when capaian ≥ serapan, else ``"tidak efisien"``.

    A missing capaian or serapan → ``None``.

    Raises:
        ValueError: unknown rule.
    """
    if rule not in EFFICIENCY_RULES:
        raise ValueError(f"unknown efficiency rule {rule!r} (one of: {', '.join(EFFICIENCY_RULES)})")
    c, s = round_half_up(_num(capaian)), round_half_up(_num(serapan))
    if c is None or s is None:
        return None
    on_target = c >= 100.0 and s <= 100.0
    proportional = c >= s
    if rule == "target_and_budget":
        return "efisien" if on_target else "tidak efisien"
    if rule == "proportional":
        return "efisien" if proportional else "tidak efisien"
    if on_target:
        return "efisien"
    return "kurang efisien" if proportional else "tidak efisien"


def capaian_per_serapan(capaian: float | None, serapan: float | None) -> float | None:
    """Capaian per serapan: capaian% / serapan% (>1: more output than budget share spent).

    A unit-free ratio for comparing programmes; missing value or serapan 0 → ``None``.
    """
    c, s = _num(capaian), _num(serapan)
    if c is None or s is None or s == 0:
        return None
    return c / s


def efficiency_series(
    capaian: pd.Series, serapan: pd.Series, rule: str = DEFAULT_EFFICIENCY_RULE
) -> pd.Series:
    """Vectorised :func:`efficiency_judgement` (same rules; ``None`` where a value is missing)."""
    if rule not in EFFICIENCY_RULES:
        raise ValueError(f"unknown efficiency rule {rule!r} (one of: {', '.join(EFFICIENCY_RULES)})")
    c = _round_series(pd.to_numeric(capaian, errors="coerce").astype(float))
    s = _round_series(pd.to_numeric(serapan, errors="coerce").astype(float).reindex(c.index))
    known = (c.notna() & s.notna()).to_numpy()
    on_target = ((c >= 100) & (s <= 100)).to_numpy()
    prop = (c >= s).to_numpy()
    if rule == "target_and_budget":
        res = np.where(on_target, "efisien", "tidak efisien")
    elif rule == "proportional":
        res = np.where(prop, "efisien", "tidak efisien")
    else:
        res = np.where(on_target, "efisien", np.where(prop, "kurang efisien", "tidak efisien"))
    return pd.Series(res, index=c.index, dtype=object).where(known, None).rename("efisiensi_judgement")


def add_budget_measures(
    df: pd.DataFrame,
    *,
    pagu: str = "pagu",
    realisasi: str = "realisasi",
    capaian: str | None = "capaian",
    rule: str = DEFAULT_EFFICIENCY_RULE,
) -> pd.DataFrame:
    """Return a copy of ``df`` with ``serapan``, ``tingkat_efisiensi`` and, when a ``capaian``
    column is given and present, ``capaian_per_serapan`` and ``efisiensi_judgement``.

    Same formulas as :func:`serapan`, :func:`tingkat_efisiensi`, :func:`capaian_per_serapan` and
    :func:`efficiency_judgement`; pagu 0 or a missing value gives NaN/None.

    Raises:
        ValueError: a negative pagu or realisasi.
    """
    out = df.copy()
    p = pd.to_numeric(out[pagu], errors="coerce").astype(float)
    r = pd.to_numeric(out[realisasi], errors="coerce").astype(float)
    if (p < 0).any() or (r < 0).any():
        raise ValueError("pagu and realisasi anggaran must not be negative")
    with np.errstate(divide="ignore", invalid="ignore"):
        out["serapan"] = np.where(p > 0, r / p * 100.0, np.nan)
    out["tingkat_efisiensi"] = 100.0 - out["serapan"]
    if capaian is not None and capaian in out.columns:
        c = pd.to_numeric(out[capaian], errors="coerce").astype(float)
        with np.errstate(divide="ignore", invalid="ignore"):
            out["capaian_per_serapan"] = np.where(out["serapan"] != 0, c / out["serapan"], np.nan)
        out["efisiensi_judgement"] = efficiency_series(c, out["serapan"], rule)
    return out


@dataclass(frozen=True)
class BudgetComparison:
    """A programme's budget efficiency this year against the previous year.

    Attributes:
        serapan_previous, serapan_current: serapan in percent (``None`` when undefined).
        serapan_change: current − previous serapan, in percent points.
        efisiensi_previous, efisiensi_current: tingkat efisiensi (100 − serapan).
        ratio_previous, ratio_current: capaian per serapan (``None`` without capaian).
        judgement_previous, judgement_current: :func:`efficiency_judgement`.
        direction: change of capaian per serapan, higher is better (``"improved"``, ...); when a
            capaian is missing, the change of tingkat efisiensi, higher is better.
    """

    serapan_previous: float | None
    serapan_current: float | None
    serapan_change: float | None
    efisiensi_previous: float | None
    efisiensi_current: float | None
    ratio_previous: float | None
    ratio_current: float | None
    judgement_previous: Efficiency | None
    judgement_current: Efficiency | None
    direction: Direction | None


def compare_budget_years(
    previous_realisasi: float | None,
    previous_pagu: float | None,
    current_realisasi: float | None,
    current_pagu: float | None,
    *,
    previous_capaian: float | None = None,
    current_capaian: float | None = None,
    rule: str = DEFAULT_EFFICIENCY_RULE,
) -> BudgetComparison:
    """Compare a programme's serapan, tingkat efisiensi and capaian per serapan across two years.

    Formulas of :func:`serapan`, :func:`tingkat_efisiensi`, :func:`capaian_per_serapan`,
    :func:`efficiency_judgement` (``rule``). ``direction`` judges capaian per serapan (higher is
    better, compared at 4 decimals) when both capaian are given, otherwise tingkat efisiensi
    (higher is better, at 2 decimals); ``None`` when undefined.
    """
    sp, sc = serapan(previous_realisasi, previous_pagu), serapan(current_realisasi, current_pagu)
    ep = None if sp is None else 100.0 - sp
    ec = None if sc is None else 100.0 - sc
    rp, rc = capaian_per_serapan(previous_capaian, sp), capaian_per_serapan(current_capaian, sc)
    if previous_capaian is not None and current_capaian is not None:
        direction = yoy_change(rp, rc, "higher_is_better", ndigits=4).direction
    else:
        direction = yoy_change(ep, ec, "higher_is_better").direction
    return BudgetComparison(
        serapan_previous=sp,
        serapan_current=sc,
        serapan_change=None if sp is None or sc is None else sc - sp,
        efisiensi_previous=ep,
        efisiensi_current=ec,
        ratio_previous=rp,
        ratio_current=rc,
        judgement_previous=efficiency_judgement(previous_capaian, sp, rule),
        judgement_current=efficiency_judgement(current_capaian, sc, rule),
        direction=direction,
    )
