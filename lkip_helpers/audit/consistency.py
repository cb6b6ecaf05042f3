"""The same figure printed in two places: the second printing must equal the first (exact, at
the coarser of the two printed resolutions: a figure printed as ``2,9 T`` matches
2.997.679.830.479 when it rounds to it) — :func:`pair`, used by the declared relations
(``data/check_relations.csv``, :mod:`.relations`: kinds ``same``, ``same-period``, ``unit-score``,
``bands-chain``), which declare every report-specific pair (a coverage vs its sub-indicator's
realisasi, a programme pagu quoted in the text vs the budget table, the five-year PAD capaian and
its period).

One statement of a fact is checked here for any report, from the standard tables alone:

* **rank**: a rank the text states for a region (``regional_benchmarks`` measure ``rank``) = its
  position among the regions of the numbered comparison table, for each measure the table prints
  (target, realisasi, value; by polarity, ties share the best rank). Exact.
"""

from __future__ import annotations

import pandas as pd

from lkip_helpers.data.dataset import Dataset
from .core import Collector, Outcome, RuleText, printed_resolution
from .texts import catalog_message, joined, reader_text

__all__ = ["PRINTED_IN", "check_consistency", "pair"]

#: The rule of "the same figure printed twice": the first printing and where it is.
PRINTED_IN = catalog_message("{value} in {table}")


def pair(out: Collector, *, key: str, second: pd.Series, first: pd.Series, row: RuleText, what: RuleText,
         outcome: Outcome | None = None) -> None:
    """Record "the same figure printed twice": ``second`` (a row with value/value_text/document_id/
    source_ref) must equal ``first`` at the coarser of the two printed resolutions (exact). ``what``:
    the figure in words (a text, or data as a plain string)."""
    res = max(printed_resolution(second["value_text"], second["value"]) or 1.0,
              printed_resolution(first["value_text"], first["value"]) or 1.0)
    out.number(key=key, family="consistency", check=reader_text("{what} printed twice", what=what),
               document_id=second["document_id"],
               source_ref=second["source_ref"], row=row, printed_text=second["value_text"], printed=second["value"],
               recomputed=first["value"], resolution=res, tolerance=0.0, outcome=outcome,
               rule=reader_text(PRINTED_IN, value=first["value_text"], table=first["source_ref"]))


def check_consistency(ds: Dataset, out: Collector, documents: set[str]) -> None:
    """Every statement of the module docstring (the declared pairs are :mod:`.relations`')."""
    _ranks(out, ds, documents)


def _ranks(out: Collector, ds: Dataset, documents: set[str]) -> None:
    """A stated rank = the region's position in the numbered comparison table (module docstring)."""
    rb = ds.tables["regional_benchmarks"]
    rb = rb[rb["document_id"].isin(documents)]
    pol = ds.tables["indicators"].set_index("indicator_id")["polarity"]
    for _, r in rb[rb["measure"] == "rank"].iterrows():
        table = rb[(rb["indicator_id"] == r["indicator_id"]) & (rb["year"] == r["year"])
                   & rb["source_ref"].str.startswith("Tabel") & ~rb["measure"].isin(["rank", "capaian"])
                   & rb["value"].notna()]
        higher = pol.get(r["indicator_id"]) != "lower_is_better"
        for measure, g in table.groupby("measure"):
            own = g[g["entity_id"] == r["entity_id"]]
            if own.empty or len(g) < 2:
                continue
            v = float(own.iloc[0]["value"])
            better = (g["value"] > v) if higher else (g["value"] < v)
            rank = int(better.sum()) + 1
            out.number(key=f"rank:{r['document_id']}:{r['indicator_id']}:{measure}-{int(r['year'])}", family="consistency",
                       check=reader_text("stated rank = position by {measure} in {table}", measure=str(measure),
                                         table=g["source_ref"].iloc[0]),
                       document_id=r["document_id"], source_ref=r["source_ref"],
                       row=reader_text("{entity} {indicator} rank ({measure})", entity=str(r["entity_id"]),
                                       indicator=str(r["indicator_id"]), measure=str(measure)), printed_text=r["value_text"],
                       printed=r["value"], recomputed=rank, tolerance=0.0, resolution=1.0,
                       rule=_rank_rule(g, measure, higher))


def _rank_rule(g: pd.DataFrame, measure: str, higher: bool) -> dict:
    """The regions of the comparison table ``g`` in the order of ``measure`` (the rank's rule)."""
    ordered = g.sort_values("value", ascending=not higher)
    regions = joined(", ", [f"{e} {t}" for e, t in zip(ordered["entity_id"], ordered["value_text"])])
    if higher:
        return reader_text("{n} regions by {measure} (highest first): {regions}", n=len(g), measure=measure,
                           regions=regions)
    return reader_text("{n} regions by {measure} (lowest first): {regions}", n=len(g), measure=measure, regions=regions)
