"""Change of a metric between two years per region, ranked by polarity (the largest fall ranks
first for a lower-is-better metric), and a one-sentence reading of the focal region's change.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
import pandas as pd

from lkip_helpers.data.dataset import Dataset
from lkip_helpers.data.i18n import format_number
from lkip_helpers.notebook.messages import phrase
# package-internal helpers shared by the benchmarks modules (underscored: not part of the public API)
from .peers import _peer_mask
from .ranking import Ties, _rank_rows, _rank_text
from .values import _f, _numeric_indicator, benchmark_values

__all__ = ["change_table", "describe_change"]


def change_table(
    ds: Dataset,
    indicator: str,
    start: int,
    end: int,
    focal: str,
    peer_group: str | Sequence[str] = "all",
    *,
    basis: Literal["percent", "absolute"] = "percent",
    measure: str = "value",
    ties: Ties = "min",
) -> pd.DataFrame:
    """Change of one metric from ``start`` to ``end`` per region, ranked by polarity.

    ``change = v_end − v_start`` (metric's unit), ``pct_change = (v_end / v_start − 1) × 100``.
    The ranked quantity is ``pct_change`` (``basis="percent"``, default: comparable across regions
    of different size) or ``change``. Ranking: ``lower_is_better`` → the largest fall ranks 1;
    ``higher_is_better`` → the largest rise ranks 1; ``neutral`` → the largest rise ranks 1 but is
    only "highest growth", not better. Ties per ``ties``. Regions lacking either year keep NaN
    changes and no rank. Rows: ranked regions first (focal and peers), then the province, the
    nation and the rest (unranked).

    Raises:
        ParameterError: unknown indicator/focal/peer group, or a year the table lacks.
        ValueError: categorical indicator, ``start >= end``, unknown basis.
    """
    if start >= end:
        raise ValueError(f"start year {start} must be before end year {end}")
    if basis not in ("percent", "absolute"):
        raise ValueError(f"unknown basis {basis!r} (percent or absolute)")
    meta, polarity, _ = _numeric_indicator(ds, indicator, focal)
    frame = _changes(ds, indicator, start, end, measure)
    peers = _peer_mask(frame, peer_group, focal, ds)
    key = "pct_change" if basis == "percent" else "change"
    # a change of a lower-is-better metric is better when it is lower: same orientation as the metric
    _rank_rows(frame, peers, focal, key, polarity, ties)
    frame.attrs.update(indicator_id=indicator, polarity=polarity, basis=key, start=start, end=end, unit=str(meta["unit"]))
    frame = frame.sort_values(["rank", "role", "name"], na_position="last").reset_index(drop=True)
    return frame[_CHANGE_COLUMNS]


_CHANGE_COLUMNS = [
    "entity_id", "name", "level", "role", "is_focal", "start", "end", "change", "pct_change", "rank", "percentile",
    "value_text_start", "value_text_end",
]


def _changes(ds: Dataset, indicator: str, start: int, end: int, measure: str) -> pd.DataFrame:
    """Every region of the ``start`` or the ``end`` table with both values (``start``, ``end``,
    ``value_text_start``, ``value_text_end``), ``change`` and ``pct_change`` (NaN from a start of 0)."""
    a = benchmark_values(ds, indicator, start, measure)
    b = benchmark_values(ds, indicator, end, measure)
    frame = a[["entity_id", "name", "level", "value", "value_text"]].merge(
        b[["entity_id", "name", "level", "value", "value_text"]],
        on=["entity_id", "name", "level"],
        how="outer",
        suffixes=("_start", "_end"),
    )
    frame = frame.rename(columns={"value_start": "start", "value_end": "end"})
    frame["change"] = frame["end"] - frame["start"]
    with np.errstate(divide="ignore", invalid="ignore"):
        frame["pct_change"] = np.where(frame["start"] != 0, (frame["end"] / frame["start"] - 1.0) * 100.0, np.nan)
    return frame


def describe_change(table: pd.DataFrame) -> str:
    """One sentence on the focal region's row of a :func:`change_table` (polarity-aware wording)."""
    attrs = table.attrs
    polarity, key = attrs.get("polarity", "neutral"), attrs.get("basis", "pct_change")
    focal = table[table["is_focal"]]
    span = f"{attrs.get('start')}→{attrs.get('end')}"
    if focal.empty or pd.isna(focal.iloc[0][key]):
        name = focal.iloc[0]["name"] if not focal.empty else phrase("the focal region")
        return phrase("{name} has no value for both years of {span}: no change can be ranked.", name=name, span=span)
    row = focal.iloc[0]
    n = int(table["rank"].notna().sum())
    what = phrase("percentage change") if key == "pct_change" else phrase("change")
    unit = "%" if key == "pct_change" else f" {attrs.get('unit', '')}"
    if polarity == "neutral":
        order = phrase("1 = highest growth; a neutral metric: a position, not a judgement")
    elif polarity == "lower_is_better":
        order = phrase("1 = largest fall, the best for a lower-is-better metric")
    else:
        order = phrase("1 = largest rise, the best for a higher-is-better metric")
    value = format_number(row[key]) if row[key] < 0 else "+" + format_number(row[key])
    return phrase("{name}: {what} {span} {value}{unit}, rank {rank} of {n} ({order}).", name=row["name"], what=what,
                  span=span, value=value, unit=unit, rank=_rank_text(_f(row["rank"])), n=n, order=order)
