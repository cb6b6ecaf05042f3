"""IKM (Indeks Kepuasan Masyarakat, public satisfaction index) by period and by unsur.

PermenPANRB 14/2017: each of up to nine survey elements (unsur U1–U9) gets a mean score NRR on a
1–4 scale; IKM = mean of the filled unsur NRR × 25 (see
:func:`lkip_helpers.measurement.ikm_from_nrr`), graded into mutu pelayanan A–D.
"""

from __future__ import annotations

import pandas as pd

from lkip_helpers.data.dataset import Dataset
from lkip_helpers.measurement import ikm_from_nrr, mutu_pelayanan, score_indicator

__all__ = ["PERIOD_ORDER", "ikm_by_period", "ikm_indicator", "ikm_unsur_matrix"]

#: Display order of periods.
PERIOD_ORDER: tuple[str, ...] = ("Q1", "Q2", "S1", "Q3", "Q4", "S2", "annual")


_PERIOD_COLUMNS = ["period", "target", "realisasi", "realisasi_text", "mutu", "mutu_label", "recomputed_from_unsur"]


def ikm_indicator(ds: Dataset, entity: str) -> str | None:
    """The entity's IKM indicator (:func:`lkip_helpers.measurement.score_indicator`: named Indeks
    Kepuasan Masyarakat or IKM, or with an id ending in ``-ikm``); ``None`` when it has none."""
    return score_indicator(ds, entity, "ikm")


def ikm_by_period(ds: Dataset, entity: str, year: int, indicator_id: str | None = None) -> pd.DataFrame:
    """Printed IKM realisasi and target per period of ``year``, with the recomputed mutu.

    ``indicator_id`` defaults to :func:`ikm_indicator`; no such IKU or no value in ``year`` gives an
    empty table with the same columns. Columns ``period``,
    ``target``, ``realisasi``, ``realisasi_text``, ``mutu`` (grade of the printed realisasi),
    ``mutu_label``, ``recomputed_from_unsur`` (IKM from the period's unsur NRR, when printed).
    """
    ds.check_entity_year(entity, year)
    iv = ds.tables["indicator_values"]
    if indicator_id is None:
        indicator_id = ikm_indicator(ds, entity)
        if indicator_id is None:
            return pd.DataFrame(columns=_PERIOD_COLUMNS)
    v = iv[(iv["entity_id"] == entity) & (iv["indicator_id"] == indicator_id) & (iv["year"] == year)]
    real = v[v["measure"] == "realisasi"].set_index("period")
    targ = v[v["measure"] == "target_pk"].set_index("period")["value"]
    unsur = ikm_unsur_matrix(ds, entity, year)
    recomputed = unsur.groupby("period")["nrr"].apply(lambda s: ikm_from_nrr(s.tolist())) if not unsur.empty else pd.Series(dtype=float)
    periods = [p for p in PERIOD_ORDER if p in set(real.index) | set(targ.index) | set(recomputed.index)]
    rows = []
    for p in periods:
        value = real["value"].get(p) if p in real.index else None
        grade = mutu_pelayanan(float(value)) if value is not None and pd.notna(value) and value >= 25 else None
        rows.append(
            {
                "period": p,
                "target": targ.get(p),
                "realisasi": value,
                "realisasi_text": real["value_text"].get(p) if p in real.index else None,
                "mutu": grade[0] if grade else None,
                "mutu_label": grade[1] if grade else None,
                "recomputed_from_unsur": recomputed.get(p),
            }
        )
    out = pd.DataFrame(rows, columns=_PERIOD_COLUMNS)
    for c in ("target", "realisasi", "recomputed_from_unsur"):
        out[c] = pd.to_numeric(out[c], errors="coerce").astype(float)
    return out


def ikm_unsur_matrix(ds: Dataset, entity: str, year: int, service: str = "semua-layanan") -> pd.DataFrame:
    """Per-unsur NRR and printed per-unsur IKM for each period of ``year`` (long format).

    Columns ``period``, ``unsur``, ``unsur_name``, ``nrr``, ``ikm_printed``, ``ikm`` (NRR × 25,
    recomputed).
    """
    u = ds.tables["ikm_unsur"]
    u = u[(u["entity_id"] == entity) & (u["year"] == year) & (u["service"] == service)]
    if u.empty:
        return pd.DataFrame(columns=["period", "unsur", "unsur_name", "nrr", "ikm_printed", "ikm"])
    w = u.pivot_table(index=["period", "unsur"], columns="measure", values="value", aggfunc="first").reset_index()
    w.columns.name = None
    names = u.drop_duplicates("unsur").set_index("unsur")["unsur_name"]
    w["unsur_name"] = w["unsur"].map(names)
    if "nrr" not in w.columns:
        w["nrr"] = float("nan")
    w["ikm_printed"] = w["ikm"] if "ikm" in w.columns else float("nan")
    w["ikm"] = w["nrr"] * 25.0
    w["_order"] = w["period"].map({p: i for i, p in enumerate(PERIOD_ORDER)})
    return w.sort_values(["_order", "unsur"])[["period", "unsur", "unsur_name", "nrr", "ikm_printed", "ikm"]].reset_index(drop=True)
