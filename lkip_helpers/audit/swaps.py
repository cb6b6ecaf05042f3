"""Targets moved between indicators from one table of a plan to another.

Two tables of the same plan (two target measures of ``indicator_values`` of one entity and
document, printed at different places: a revised Renstra table and an RPD table) print a yearly
target series per indicator. When the series printed for indicator *A* in one table is, year for
year, the series printed for another indicator *B* in the other table — and not *A*'s own series
there — the two tables disagree on which indicator the targets belong to (rows swapped or
mislabelled). Such a pair is one label finding (family ``consistency``): printed the indicator
the first table names, recomputed the indicator whose targets the figures are in the other
table; its rule says which years of the reverse direction agree too (a full swap).

Only series of at least :data:`MIN_YEARS` years count (a single equal figure is no evidence).
Keys: ``swap:<document>:<indicator A>:<measure A>:<indicator B>:<measure B>``.
"""

from __future__ import annotations

from itertools import combinations, permutations

import pandas as pd

from lkip_helpers.data.dataset import TARGET_MEASURES, Dataset
from .core import Collector
from .texts import reader_text

__all__ = ["MIN_YEARS", "check_swapped_targets"]

#: the fewest years a series must cover to be compared
MIN_YEARS = 2


def _series(rows: pd.DataFrame) -> dict[tuple[str, str], dict[int, float]]:
    """(indicator, measure) → {year: value} of annual targets."""
    out: dict[tuple[str, str], dict[int, float]] = {}
    for (ind, measure), g in rows.groupby(["indicator_id", "measure"]):
        out[(ind, measure)] = {int(y): float(v) for y, v in zip(g["year"], g["value"])}
    return out


def _same(a: dict[int, float], b: dict[int, float], years: list[int]) -> bool:
    return all(abs(a[y] - b[y]) < 1e-9 for y in years)


def check_swapped_targets(ds: Dataset, out: Collector, documents: set[str]) -> None:
    """Every target series printed under one indicator in one table and under another in a second
    table of the same plan (module docstring)."""
    iv = ds.tables["indicator_values"]
    iv = iv[iv["document_id"].isin(documents) & (iv["period"] == "annual") & iv["measure"].isin(TARGET_MEASURES)
            & iv["value"].notna()]
    names = ds.tables["indicators"].set_index("indicator_id")["name"]
    for (doc, _entity), rows in iv.groupby(["document_id", "entity_id"]):
        series = _series(rows)
        places = rows.drop_duplicates(["indicator_id", "measure"]).set_index(["indicator_id", "measure"])
        for m1, m2 in combinations(sorted(set(rows["measure"])), 2):  # each pair of tables once
            inds = sorted({i for i, m in series if m == m1} & {i for i, m in series if m == m2})
            for a, b in permutations(inds, 2):
                sa1, sa2, sb1, sb2 = series[(a, m1)], series[(a, m2)], series[(b, m1)], series[(b, m2)]
                years = sorted(set(sa1) & set(sb2) & set(sa2))
                if len(years) < MIN_YEARS or not _same(sa1, sb2, years) or _same(sa1, sa2, years):
                    continue
                p1, p2 = places.loc[(a, m1)], places.loc[(b, m2)]
                texts = rows[(rows["indicator_id"] == a) & (rows["measure"] == m1) & rows["year"].isin(years)]
                back = [y for y in sorted(set(sb1) & set(sa2)) if abs(sb1[y] - sa2[y]) < 1e-9]
                out.label(key=f"swap:{doc}:{a}:{m1}:{b}:{m2}", family="consistency",
                          check=reader_text("targets of one indicator in {first} printed under another in {second}",
                                            first=m1, second=m2),
                          document_id=doc, source_ref=p1["source_ref"],
                          row=f"{a} {m1} {years[0]}–{years[-1]}",
                          printed_text=" / ".join(texts.sort_values("year")["value_text"].astype(str)),
                          printed_label=str(names.get(a, a)), recomputed_label=str(names.get(b, b)),
                          rule=_swap_rule(m1, m2, a, b, p2["source_ref"], years, back))


def _swap_rule(m1: str, m2: str, a: str, b: str, ref: str, years: list[int], back: list[int]) -> dict:
    """The rule of a swap: the years ``m1`` of ``a`` equals ``m2`` of ``b``, and those of the reverse."""
    params = dict(m1=m1, m2=m2, a=a, b=b, ref=ref, years=", ".join(map(str, years)))
    if not back:
        return reader_text("{m1} of {a} = {m2} of {b} ({ref}) in {years}; the reverse ({m1} of {b} = {m2} of {a}) "
                           "in no year", **params)
    return reader_text("{m1} of {a} = {m2} of {b} ({ref}) in {years}; the reverse ({m1} of {b} = {m2} of {a}) in "
                       "{back}", back=", ".join(map(str, back)), **params)
