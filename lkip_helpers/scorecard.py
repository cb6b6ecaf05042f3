"""The IKU scorecard of an entity and year: target, realisasi, capaian and status per IKU.

This joins the standardised tables (indicator registry, sasaran, misi, indicator values) with the
measurement engine: the capaian printed in the report stands beside the capaian recomputed from
the printed target and realisasi, so every notebook and the audit show both.
"""

from __future__ import annotations

import pandas as pd

from .dataset import TARGET_MEASURES, Dataset
from .measurement import akip_grade, capaian_from_text, mutu_pelayanan, round_half_up, status

__all__ = ["best_and_worst", "iku_budget", "iku_scorecard", "iku_trajectory", "predicate", "trajectories", "year_target"]


def year_target(values: pd.DataFrame) -> pd.DataFrame:
    """One target per indicator and year: the first measure of :data:`TARGET_MEASURES` present.

    ``values`` are long indicator values (``indicator_id``, ``year``, ``measure``, ``value``,
    ``value_text``); returns ``indicator_id``, ``year``, ``target``, ``target_text``,
    ``target_measure``.
    """
    rank = {m: i for i, m in enumerate(TARGET_MEASURES)}
    t = values[values["measure"].isin(rank)].copy()
    t["_rank"] = t["measure"].map(rank)
    t = t.sort_values("_rank").drop_duplicates(["indicator_id", "year"])
    return t.rename(columns={"value": "target", "value_text": "target_text", "measure": "target_measure"})[
        ["indicator_id", "year", "target", "target_text", "target_measure"]
    ]


def predicate(name: str, realisasi: float | None) -> str | None:
    """The official predicate of a realisasi when the indicator has one, else ``None``.

    An AKIP score (name mentions "Akuntabilitas Kinerja" or "AKIP") gets its PermenPANRB 88/2021
    grade; an IKM score (name mentions "Kepuasan Masyarakat") its PermenPANRB 14/2017 mutu.
    """
    if realisasi is None or pd.isna(realisasi):
        return None
    lowered = name.lower()
    if "akuntabilitas kinerja" in lowered or "akip" in lowered:
        return akip_grade(float(realisasi)) if 0 <= realisasi <= 100 else None
    if "kepuasan masyarakat" in lowered:
        grade = mutu_pelayanan(float(realisasi)) if 25 <= realisasi <= 100 else None
        return f"{grade[0]} ({grade[1]})" if grade else None
    return None


def best_and_worst(card: pd.DataFrame, n: int = 3) -> pd.DataFrame:
    """The ``n`` highest and ``n`` lowest recomputed numeric capaian of a scorecard, labelled."""
    numeric = card[card["capaian"].notna() & (card["rule"] == "report")].sort_values("capaian", ascending=False)
    best = numeric.head(n).assign(rank="best")
    worst = numeric.tail(min(n, max(0, len(numeric) - len(best)))).assign(rank="weakest")
    return pd.concat([best, worst]).reset_index(drop=True)


def iku_scorecard(ds: Dataset, entity: str, year: int, *, method: str = "report") -> pd.DataFrame:
    """One row per IKU of ``entity`` for ``year``.

    Columns: ``misi_no``, ``sasaran_id``, ``sasaran_no``, ``sasaran``, ``iku_no``,
    ``indicator_id``, ``name``, ``name_en``, ``unit``, ``polarity``, ``target_text``, ``target``,
    ``realisasi_text``, ``realisasi``, ``capaian_printed_text``, ``capaian_printed``, ``capaian``
    (recomputed with ``method``), ``achieved``, ``rule``, ``status``, ``note``,
    ``capaian_matches`` (the printed capaian rounds to the recomputed one at 2 decimals; ``None``
    when either is missing), and ``label`` (``"1. Nilai AKIP"``) for charts.

    The status follows the recomputed capaian, so a printed capaian that does not follow from its
    inputs (a known discrepancy) does not decide the status.

    Raises:
        ParameterError: unknown entity or year.
    """
    ds.check_entity_year(entity, year)
    ind = ds.tables["indicators"]
    iku = ind[(ind["entity_id"] == entity) & (ind["role"] == "iku")]
    sas = ds.tables["sasaran"][["sasaran_id", "misi_no", "sasaran_no", "name"]].rename(columns={"name": "sasaran"})
    iv = ds.tables["indicator_values"]
    vals = iv[(iv["entity_id"] == entity) & (iv["year"] == year) & (iv["period"] == "annual")]
    vals = vals[vals["indicator_id"].isin(iku["indicator_id"])]
    targets = year_target(vals)

    def measure(name: str) -> pd.DataFrame:
        m = vals[vals["measure"] == name][["indicator_id", "value", "value_text"]]
        return m.rename(columns={"value": name if name != "capaian" else "capaian_printed",
                                 "value_text": f"{name if name != 'capaian' else 'capaian_printed'}_text"})

    out = (
        iku[["indicator_id", "name", "name_en", "unit", "polarity", "value_type", "sasaran_id", "iku_no"]]
        .merge(sas, on="sasaran_id", how="left")
        .merge(targets.drop(columns="year"), on="indicator_id", how="left")
        .merge(measure("realisasi"), on="indicator_id", how="left")
        .merge(measure("capaian"), on="indicator_id", how="left")
    )
    results = [
        capaian_from_text(t if isinstance(t, str) else None, r if isinstance(r, str) else None, p, method)
        for t, r, p in zip(out["target_text"], out["realisasi_text"], out["polarity"])
    ]
    out["capaian"] = [res.value for res in results]
    out["achieved"] = [res.achieved for res in results]
    out["rule"] = [res.rule for res in results]
    out["note"] = [res.note for res in results]
    out["status"] = [status(res.value, res.achieved) for res in results]
    out["capaian"] = pd.to_numeric(out["capaian"], errors="coerce").astype(float)

    def matches(printed: float, computed: float) -> bool | None:
        if pd.isna(printed) or pd.isna(computed):
            return None
        return bool(round_half_up(computed, 2) == round_half_up(printed, 2))

    out["capaian_matches"] = [matches(p, c) for p, c in zip(out["capaian_printed"], out["capaian"])]
    out["label"] = [f"{int(n)}. {name}" for n, name in zip(out["iku_no"], out["name"])]
    out["predicate"] = [predicate(nm, r) for nm, r in zip(out["name"], out["realisasi"])]
    cols = [
        "misi_no", "sasaran_id", "sasaran_no", "sasaran", "iku_no", "indicator_id", "name", "name_en", "unit",
        "polarity", "value_type", "target_text", "target", "target_measure", "realisasi_text", "realisasi",
        "capaian_printed_text", "capaian_printed", "capaian", "achieved", "rule", "status", "note",
        "capaian_matches", "predicate", "label",
    ]
    return out[cols].sort_values("iku_no").reset_index(drop=True)


def iku_trajectory(ds: Dataset, entity: str, indicator_id: str) -> pd.DataFrame:
    """Baseline, yearly plan targets and realisasi of one indicator over the years, long format.

    Columns ``year``, ``measure`` (``baseline``, the target measures, ``realisasi``), ``value``,
    ``value_text``; numeric values only are plotted by the notebooks, text cells stay visible.
    """
    iv = ds.tables["indicator_values"]
    rows = iv[(iv["entity_id"] == entity) & (iv["indicator_id"] == indicator_id) & (iv["period"] == "annual")]
    keep = ["baseline", "realisasi", *TARGET_MEASURES]
    rows = rows[rows["measure"].isin(keep)]
    return rows[["year", "measure", "value", "value_text", "source_ref"]].sort_values(["year", "measure"]).reset_index(
        drop=True
    )


def iku_budget(ds: Dataset, entity: str, year: int) -> pd.DataFrame:
    """Pagu, realisasi, serapan and efisiensi of the programs behind each IKU, as printed.

    One row per printed budget line that names an IKU (``level`` ``program`` or ``iku``) from the
    numbered budget tables of the entity's report; columns ``indicator_id``, ``level``, ``name``,
    ``unit_text``, ``pagu``, ``realisasi``, ``serapan_printed``, ``efisiensi_printed``,
    ``source_ref``, ``line_no``.
    """
    b = ds.tables["budgets"]
    b = b[(b["entity_id"] == entity) & (b["year"] == year) & b["indicator_id"].notna()]
    b = b[b["source_ref"].str.startswith("Tabel") & b["level"].isin(["program", "iku"])]
    wide = b.pivot_table(
        index=["source_ref", "line_no", "indicator_id", "level", "name"],
        columns="measure",
        values="value",
        aggfunc="first",
    ).reset_index()
    wide.columns.name = None
    units = b.drop_duplicates(["source_ref", "line_no"])[["source_ref", "line_no", "unit_text"]]
    wide = wide.merge(units, on=["source_ref", "line_no"], how="left")
    wide = wide.rename(columns={"serapan": "serapan_printed", "efisiensi": "efisiensi_printed"})
    for c in ("pagu", "realisasi", "serapan_printed", "efisiensi_printed"):
        if c not in wide.columns:
            wide[c] = float("nan")
    return wide[
        ["indicator_id", "level", "name", "unit_text", "pagu", "realisasi", "serapan_printed", "efisiensi_printed",
         "source_ref", "line_no"]
    ].sort_values(["source_ref", "line_no"]).reset_index(drop=True)


def trajectories(ds: Dataset, entity: str, card: pd.DataFrame) -> pd.DataFrame:
    """Plot-ready trajectories of the IKU in ``card``: ``label``, ``year``, ``kind``, ``value``.

    ``kind`` is ``baseline``, ``target`` (the year's target, see :func:`year_target`) or
    ``realisasi``; rows whose printed cell is text (``N/A``, ``WTP``) have no value and are left
    for the table beside the chart.
    """
    iv = ds.tables["indicator_values"]
    v = iv[(iv["entity_id"] == entity) & (iv["period"] == "annual") & iv["indicator_id"].isin(card["indicator_id"])]
    targets = year_target(v).rename(columns={"target": "value"}).assign(kind="target")[["indicator_id", "year", "kind", "value"]]
    other = v[v["measure"].isin(["baseline", "realisasi"])].rename(columns={"measure": "kind"})[
        ["indicator_id", "year", "kind", "value"]
    ]
    out = pd.concat([targets, other], ignore_index=True)
    labels = card.set_index("indicator_id")["label"]
    out["label"] = out["indicator_id"].map(labels)
    order = {k: i for i, k in enumerate(card["indicator_id"])}
    out["_o"] = out["indicator_id"].map(order)
    return out.sort_values(["_o", "year", "kind"]).drop(columns="_o").reset_index(drop=True)
