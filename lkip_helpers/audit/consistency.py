"""The same figure printed in two places: the second printing must equal the first (exact, at
the coarser of the two printed resolutions: a figure printed as ``2,9 T`` matches
2.997.679.830.479 when it rounds to it).

The chain of band bounds (kind ``bands-chain``) and the elevation bands within the city's range
(kind ``within-range``) are declared in ``data/check_relations.csv``. Pairs
checked (the PAD figures of the five-year table vs the component table are declared in
``data/check_relations.csv``, :mod:`.relations`): a document coverage of
the coverage table vs the sub-indicator realisasi; a programme budget quoted in the text vs the
programme line of the budget table; the five-year PAD capaian quoted in the text vs the table's
total, and the period the text names for it vs the years the table covers (a label).

Other statements of one fact checked here:

* **rank**: a rank the text states for a region (``regional_benchmarks`` measure ``rank``) = its
  position among the regions of the numbered comparison table, for each measure the table prints
  (target, realisasi, value; by polarity, ties share the best rank). Exact.

``affects_status``: a realisasi printed twice → its status against the target (:mod:`.outcomes`);
a capaian → the status.
"""

from __future__ import annotations

import difflib
import re

import pandas as pd

from lkip_helpers.data.dataset import Dataset
from .core import Collector, Outcome, printed_resolution, slug
from .outcomes import capaian_outcome, realisasi_outcome
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


def _norm(s: object) -> str:
    return re.sub(r"[^a-z0-9]", "", str(s).lower())


def check_consistency(ds: Dataset, out: Collector, documents: set[str]) -> None:
    """Every pair of the module docstring."""
    st = ds.tables
    cov = st.get("stats-dukcapil-document-coverage")
    if cov is not None:
        iv = st["indicator_values"]
        ind = st["indicators"]
        for _, r in cov[cov["document_id"].isin(documents) & (cov["variable"] == "coverage_pct")].iterrows():
            if pd.isna(r["year"]):
                continue
            cands = ind[ind["entity_id"] == r["entity_id"]]
            scores = cands["name"].map(lambda n: difflib.SequenceMatcher(None, _norm(n), _norm(r["category"])).ratio())
            if scores.empty or scores.max() < 0.9:
                continue
            ind_id = cands.loc[scores.idxmax(), "indicator_id"]
            real = iv[(iv["indicator_id"] == ind_id) & (iv["year"] == r["year"]) & (iv["period"] == "annual")
                      & (iv["measure"] == "realisasi")]
            if not real.empty:
                pair(out, key=f"same-figure:{r['document_id']}:dukcapil-document-coverage:{ind_id}:{int(r['year'])}",
                     second=r, first=real.iloc[0], row=r["category"], what=reader_text("coverage"),
                     outcome=realisasi_outcome(ds, real.iloc[0]["entity_id"], ind_id, int(r["year"])))
    infra = st.get("stats-infrastructure")
    if infra is not None:
        b = st["budgets"]
        prog = b[b["document_id"].isin(documents) & (b["level"] == "program") & (b["measure"] == "pagu")
                 & b["source_ref"].str.startswith("Tabel")]
        for _, r in infra[infra["document_id"].isin(documents)
                          & infra["variable"].isin(["anggaran_perubahan"])].iterrows():
            hit = prog[prog["name"].map(_norm) == _norm(r["category"])]
            if not hit.empty:
                pair(out, key=f"same-figure:{r['document_id']}:infrastructure:{slug(r['category'])}:pagu",
                     second=r, first=hit.iloc[0], row=r["category"], what=reader_text("programme pagu"))
    _pad_accumulation(out, ds, documents)
    _ranks(out, ds, documents)


def _stats(ds: Dataset, topic: str, documents: set[str]) -> pd.DataFrame:
    t = ds.tables.get(f"stats-{topic}")
    if t is None:
        return pd.DataFrame(columns=["source_ref", "category", "subcategory", "variable", "year", "period",
                                     "entity_id", "unit", "value", "value_text", "document_id"])
    t = t[t["document_id"].isin(documents)].copy()
    t["subcategory"] = t["subcategory"].fillna("")
    return t


_PERIOD = re.compile(r"(\d{4})\s*[-–]\s*(\d{4})")


def _pad_accumulation(out: Collector, ds: Dataset, documents: set[str]) -> None:
    """The five-year PAD capaian quoted in the text = the total of the five-year table, and the
    period the text names for it = the years of the table's total."""
    p5 = _stats(ds, "pad-5-tahun", documents)
    total = p5[p5["source_ref"].str.startswith("Tabel") & (p5["category"] == "Total") & (p5["variable"] == "capaian")]
    if total.empty:
        return
    t = total.iloc[0]
    for _, r in p5[p5["variable"] == "capaian_akumulasi"].iterrows():
        key = f"same-figure:{r['document_id']}:pad-5-tahun:capaian-akumulasi"
        pair(out, key=key, second=r, first=t, row=r["category"], what=reader_text("five-year PAD capaian"),
             outcome=capaian_outcome)
        said, covered = _PERIOD.search(str(r["category"])), _PERIOD.search(str(t["subcategory"]))
        if said and covered:
            out.label(key=f"{key}:period", family="consistency",
                      check=reader_text("period of the five-year total of {table}", table=t["source_ref"]),
                      document_id=r["document_id"], source_ref=r["source_ref"], row=r["category"],
                      printed_text=said.group(0), printed_label=f"{said.group(1)}-{said.group(2)}",
                      recomputed_label=f"{covered.group(1)}-{covered.group(2)}",
                      rule=reader_text("the total of {table} covers {period} ({value})", table=t["source_ref"],
                                       period=t["subcategory"], value=t["value_text"]))


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
