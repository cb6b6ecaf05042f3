"""A regional table printed whole, and the provincial total that each region's printed share implies.

Tabel 3.12 of Kota Bekasi's LKIP 2023 prints, for Kota Bekasi and Kabupaten Bandung, the number of
LKPM (investment activity reports), the workers, the realised investment and each region's share
(rasio, %) of West Java's realised investment. A value and its share imply the province's total:
``total = value / share × 100``. The share is printed to two decimals, so each region's total is
only known within a range; when the ranges of the regions overlap, the table agrees with itself.
"""

from __future__ import annotations

import pandas as pd

from lkip_helpers.data.numbers import printed_resolution
from lkip_helpers.data.dataset import Dataset
from lkip_helpers.data.errors import ParameterError
from lkip_helpers.data.i18n import format_number
from lkip_helpers.notebook.messages import phrase
from .values import benchmark_values

__all__ = ["describe_implied_totals", "implied_totals", "printed_table"]


def printed_table(ds: Dataset, source_ref: str, year: int) -> pd.DataFrame:
    """Every ``regional_benchmarks`` figure of one printed table and year, one row per region
    (in table order) and one column per indicator, holding the printed text.

    Raises:
        ParameterError: no figure of ``source_ref`` for ``year`` (the message lists the tables).
    """
    rb = ds.tables["regional_benchmarks"]
    rows = rb[(rb["source_ref"] == source_ref) & (rb["year"] == year)]
    if rows.empty:
        tables = sorted(set(rb.loc[rb["year"] == year, "source_ref"]))
        raise ParameterError(f"no regional figure of {source_ref!r} for {year}; tables of {year}: {', '.join(tables)}")
    wide = rows.pivot_table(index="entity_id", columns="indicator_id", values="value_text", aggfunc="first", sort=False)
    names = ds.entities.set_index("entity_id")["name"]
    wide.insert(0, "name", [names.get(e, e) for e in wide.index])
    wide.columns.name = None
    return wide.reset_index()


def implied_totals(ds: Dataset, value: str, share: str, year: int) -> pd.DataFrame:
    """The total each region's ``value`` and printed ``share`` (%) imply: ``value / share × 100``.

    One row per region printed with both: ``entity_id``, ``name``, ``value``, ``value_text``,
    ``share``, ``share_text``, ``implied_total`` and ``low``/``high``, the total implied by the
    share's printed precision (``87,14`` stands for 87,135 to 87,145), and ``consistent``: whether
    every region's range overlaps the others' (the same column on every row).

    Raises:
        ParameterError: unknown indicator or no rows for ``year``.
    """
    v = benchmark_values(ds, value, year)
    s = benchmark_values(ds, share, year)
    both = v.merge(s[["entity_id", "value", "value_text"]], on="entity_id", suffixes=("", "_share"))
    both = both[both["value"].notna() & both["value_share"].notna() & (both["value_share"] != 0)]
    rows = []
    for r in both.itertuples(index=False):
        half = (printed_resolution(r.value_text_share, r.value_share) or 0.0) / 2
        total = r.value / r.value_share * 100
        rows.append({
            "entity_id": r.entity_id, "name": r.name, "value": r.value, "value_text": r.value_text,
            "share": r.value_share, "share_text": r.value_text_share, "implied_total": total,
            "low": r.value / (r.value_share + half) * 100,
            "high": r.value / (r.value_share - half) * 100 if r.value_share > half else float("inf"),
        })
    out = pd.DataFrame(rows, columns=["entity_id", "name", "value", "value_text", "share", "share_text",
                                      "implied_total", "low", "high"])
    out["consistent"] = bool(len(out)) and out["low"].max() <= out["high"].min()
    return out


def describe_implied_totals(frame: pd.DataFrame, *, scale: float = 1e12, unit: str = "T") -> str:
    """One line per region and a verdict, amounts in ``unit`` (default: trillions, ``T``)."""
    if frame.empty:
        return phrase("No region is printed with both a value and its share.")
    lines = [
        phrase("{name}: {value} / {share} % × 100 = {total} {unit} (with the share's rounding {low}–{high} {unit})",
               name=r.name, value=r.value_text, share=r.share_text, total=format_number(r.implied_total / scale),
               unit=unit, low=format_number(r.low / scale), high=format_number(r.high / scale))
        for r in frame.itertuples(index=False)
    ]
    if len(frame) < 2:
        verdict = phrase("Only one region: nothing to cross-check.")
    elif frame["consistent"].iloc[0]:
        verdict = phrase("The ranges overlap: the printed shares agree with one provincial total.")
    else:
        verdict = phrase("The ranges do not overlap: the printed shares imply different provincial totals.")
    return "\n".join([*lines, verdict])
