"""Budget efficiency of each IKU: serapan, tingkat efisiensi and the efficiency judgement.

Joins the budget behind each IKU (``budgets`` rows of level ``iku``; the sum of its ``program``
rows when a table prints no IKU total) with the IKU's recomputed capaian from the scorecard.
Serapan (absorption) = realisasi / pagu × 100, tingkat efisiensi = 100 − serapan; the judgement
follows :func:`lkip_helpers.measurement.efficiency_judgement`; the previous year is compared when
the report prints its serapan and capaian.
"""

from __future__ import annotations

import pandas as pd

from lkip_helpers.data.dataset import Dataset
from lkip_helpers.notebook.messages import phrase
from lkip_helpers.measurement import DEFAULT_EFFICIENCY_RULE, capaian_per_serapan, efficiency_judgement, serapan
from .scorecard import iku_scorecard

__all__ = ["iku_efficiency"]


def _iku_amounts(budgets: pd.DataFrame, year: int) -> pd.DataFrame:
    """pagu and realisasi per indicator for ``year``: IKU totals first, numbered tables first."""
    b = budgets[(budgets["year"] == year) & budgets["measure"].isin(["pagu", "realisasi"])]
    b = b.assign(_from_text=~b["source_ref"].str.startswith("Tabel"))
    rows = []
    for ind, grp in b.groupby("indicator_id"):
        iku = grp[grp["level"] == "iku"].sort_values(["_from_text", "source_ref", "line_no"])
        if not iku.empty:
            first = iku.iloc[0]
            pick = iku[(iku["source_ref"] == first["source_ref"]) & (iku["line_no"] == first["line_no"])]
            basis = phrase("IKU total, {ref}", ref=first["source_ref"])
        else:
            prog = grp[(grp["level"] == "program") & ~grp["_from_text"]]
            if prog.empty:
                continue
            ref = sorted(prog["source_ref"].unique())[0]
            pick = prog[prog["source_ref"] == ref]
            n = pick["line_no"].nunique()
            basis = (phrase("sum of {n} programs, {ref}", n=n, ref=ref) if n > 1
                     else phrase("sum of 1 program, {ref}", ref=ref))
        amounts = pick.groupby("measure")["value"].sum(min_count=1)
        rows.append({"indicator_id": ind, "pagu": amounts.get("pagu"), "realisasi": amounts.get("realisasi"), "basis": basis})
    return pd.DataFrame(rows, columns=["indicator_id", "pagu", "realisasi", "basis"])


def _previous(budgets: pd.DataFrame, year: int) -> pd.DataFrame:
    """Printed serapan and capaian of the previous year per indicator (Bab III.C style rows)."""
    b = budgets[(budgets["year"] == year - 1) & (budgets["level"] == "iku") & budgets["measure"].isin(["serapan", "capaian"])]
    if b.empty:
        return pd.DataFrame(columns=["indicator_id", "serapan_previous", "capaian_previous"])
    w = b.pivot_table(index="indicator_id", columns="measure", values="value", aggfunc="first").reset_index()
    w.columns.name = None
    return w.rename(columns={"serapan": "serapan_previous", "capaian": "capaian_previous"})


#: The rule the reports apply to the previous year's comparison (see
#: :data:`lkip_helpers.measurement.EFFICIENCY_RULES`): "kurang efisien" appears only there.
PREVIOUS_YEAR_RULE: str = "combined"


def _printed_judgements(ds: Dataset, entity: str) -> pd.DataFrame:
    """The efficiency words the text prints per IKU and year (stats ``text-claims``, variable
    ``efficiency_judgement``), keyed by the claim's ``indicator_id``."""
    tc = ds.tables.get("stats-text-claims")
    cols = ["indicator_id", "year", "judgement_printed"]
    if tc is None or "indicator_id" not in tc:
        return pd.DataFrame(columns=cols)
    w = tc[(tc["entity_id"] == entity) & (tc["variable"] == "efficiency_judgement") & tc["indicator_id"].notna()]
    return w.rename(columns={"value_text": "judgement_printed"})[cols].drop_duplicates(["indicator_id", "year"])


def iku_efficiency(
    ds: Dataset, entity: str, year: int, *, rule: str = DEFAULT_EFFICIENCY_RULE,
    previous_rule: str = PREVIOUS_YEAR_RULE,
) -> pd.DataFrame:
    """Budget efficiency per IKU of ``entity`` in ``year``.

    Columns: ``iku_no``, ``indicator_id``, ``name``, ``pagu``, ``realisasi``, ``serapan``,
    ``efisiensi``, ``capaian``, ``judgement`` (``rule``), ``capaian_per_serapan``, ``basis`` (which
    printed rows the budget comes from), ``serapan_previous``, ``capaian_previous``,
    ``judgement_previous`` (recomputed with ``previous_rule``, the rule of the reports' comparisons
    with the previous year), ``judgement_printed`` and ``judgement_previous_printed`` (the words the
    report prints, empty where it prints none: always shown beside a recomputation, which is not
    the report's own judgement) and ``ratio_change`` (change of capaian per serapan; positive = more
    achievement per rupiah absorbed than the year before). IKU without a budget are kept with
    empty amounts.
    """
    card = iku_scorecard(ds, entity, year)
    b = ds.tables["budgets"]
    b = b[(b["entity_id"] == entity) & b["indicator_id"].notna()]
    out = card[["iku_no", "indicator_id", "name", "capaian"]].merge(_iku_amounts(b, year), on="indicator_id", how="left")
    out = out.merge(_previous(b, year), on="indicator_id", how="left")
    out["serapan"] = [serapan(r, p) if pd.notna(r) and pd.notna(p) else None for r, p in zip(out["realisasi"], out["pagu"])]
    out["serapan"] = pd.to_numeric(out["serapan"], errors="coerce").astype(float)
    out["efisiensi"] = 100.0 - out["serapan"]

    def _val(x: object) -> float | None:
        return None if pd.isna(x) else float(x)

    out["judgement"] = [efficiency_judgement(_val(c), _val(s), rule) for c, s in zip(out["capaian"], out["serapan"])]
    out["capaian_per_serapan"] = [capaian_per_serapan(_val(c), _val(s)) for c, s in zip(out["capaian"], out["serapan"])]
    out["judgement_previous"] = [
        efficiency_judgement(_val(c), _val(s), previous_rule)
        for c, s in zip(out["capaian_previous"], out["serapan_previous"])
    ]
    words = _printed_judgements(ds, entity)
    for y, col in ((year, "judgement_printed"), (year - 1, "judgement_previous_printed")):
        w = words[words["year"] == y].set_index("indicator_id")["judgement_printed"]
        out[col] = out["indicator_id"].map(w)
    prev_ratio = [capaian_per_serapan(_val(c), _val(s)) for c, s in zip(out["capaian_previous"], out["serapan_previous"])]
    out["ratio_change"] = [
        None if a is None or b_ is None else b_ - a for a, b_ in zip(prev_ratio, out["capaian_per_serapan"])
    ]
    for c in ("capaian_per_serapan", "ratio_change", "pagu", "realisasi", "serapan_previous", "capaian_previous"):
        out[c] = pd.to_numeric(out[c], errors="coerce").astype(float)
    return out[
        ["iku_no", "indicator_id", "name", "pagu", "realisasi", "serapan", "efisiensi", "capaian", "judgement",
         "judgement_printed", "capaian_per_serapan", "basis", "serapan_previous", "capaian_previous",
         "judgement_previous", "judgement_previous_printed", "ratio_change"]
    ]
