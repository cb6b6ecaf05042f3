"""Breakdown of an IKU into its sub-indicators, with coverage numerators and denominators.

The Disdukcapil IKU "cakupan kepemilikan dokumen kependudukan" (document coverage) is built from
per-document coverages (KTP-el, KK, KIA, akta kelahiran/perkawinan/kematian), each a ratio of
people holding the document to people who should; this module lays them side by side with the
ratio recomputed from the printed numerator and denominator.
"""

from __future__ import annotations

import pandas as pd

from lkip_helpers.data.dataset import Dataset
from lkip_helpers.measurement import capaian as capaian_of
from .scorecard import discrepancy_ids, discrepancy_links, year_target

__all__ = ["sub_indicator_breakdown"]


def sub_indicator_breakdown(ds: Dataset, entity: str, year: int) -> pd.DataFrame:
    """One row per sub-indicator of ``entity``'s IKU for ``year``.

    Columns: ``parent_indicator_id``, ``indicator_id``, ``name``, ``numerator``, ``denominator``,
    ``ratio`` (numerator / denominator × 100, recomputed), ``realisasi`` and ``realisasi_text``
    (printed), ``target`` (the year's target, :func:`~lkip_helpers.reports.scorecard.year_target`),
    ``target_national``, ``capaian_printed``, ``capaian`` (recomputed from target and printed
    realisasi by polarity), ``ratio_matches`` (the printed realisasi equals the recomputed ratio
    at 2 decimals; ``None`` without numerator and denominator) and ``discrepancies`` (comma-joined
    ids of the known discrepancies about the sub-indicator in ``year``, see
    :func:`~lkip_helpers.reports.scorecard.discrepancy_links`; ``""`` when none). Empty for an entity
    without sub-indicators.

    A ratio that does not match is explained by its discrepancies: e.g. the Disdukcapil's KTP-el
    numerator is printed ``.882.346`` (a digit lost), so the recomputed ratio (46.87 %) stands
    beside the printed 99.95 % with ``dukcapil-a-005`` and ``dukcapil-a-007`` in ``discrepancies``.

    Raises:
        ParameterError: unknown entity or year.
    """
    ds.check_entity_year(entity, year)
    ind = ds.tables["indicators"]
    subs = ind[(ind["entity_id"] == entity) & (ind["role"] == "sub_indicator")]
    iv = ds.tables["indicator_values"]
    vals = iv[(iv["entity_id"] == entity) & (iv["year"] == year) & (iv["period"] == "annual")]
    vals = vals[vals["indicator_id"].isin(subs["indicator_id"])]
    wide = vals.pivot_table(index="indicator_id", columns="measure", values="value", aggfunc="first")
    texts = vals[vals["measure"] == "realisasi"].set_index("indicator_id")["value_text"]
    targets = year_target(vals).set_index("indicator_id")
    links = discrepancy_links(ds)
    rows = []
    for sub in subs.itertuples():
        w = wide.loc[sub.indicator_id] if sub.indicator_id in wide.index else pd.Series(dtype=float)
        target = targets["target"].get(sub.indicator_id) if sub.indicator_id in targets.index else None
        rows.append({
            **_sub_indicator_row(sub, w, target),
            "realisasi_text": texts.get(sub.indicator_id),
            "discrepancies": discrepancy_ids(links, sub.indicator_id, year),
        })
    out = pd.DataFrame(rows, columns=_BREAKDOWN_COLUMNS) if rows else pd.DataFrame()
    for c in ("numerator", "denominator", "ratio", "realisasi", "target", "target_national", "capaian_printed", "capaian"):
        if c in out.columns:
            out[c] = pd.to_numeric(out[c], errors="coerce").astype(float)
    return out


_BREAKDOWN_COLUMNS = [
    "parent_indicator_id", "indicator_id", "name", "numerator", "denominator", "ratio", "realisasi",
    "realisasi_text", "target", "target_national", "capaian_printed", "capaian", "ratio_matches", "discrepancies",
]


def _sub_indicator_row(sub: object, w: pd.Series, target: float | None) -> dict[str, object]:
    """The figures of one sub-indicator (``sub``: its ``indicators`` row) from its printed
    measures ``w`` and its ``target``: the recomputed ratio and capaian, and whether they match."""
    num, den = w.get("numerator"), w.get("denominator")
    ratio = num / den * 100.0 if pd.notna(num) and pd.notna(den) and den else None
    real = w.get("realisasi")
    cap = capaian_of(target, real, sub.polarity) if pd.notna(target) and pd.notna(real) else None
    matches = None if ratio is None or pd.isna(real) else bool(round(ratio, 2) == round(float(real), 2))
    return {
        "parent_indicator_id": sub.parent_indicator_id,
        "indicator_id": sub.indicator_id,
        "name": sub.name,
        "numerator": num,
        "denominator": den,
        "ratio": ratio,
        "realisasi": real,
        "target": target,
        "target_national": w.get("target_national"),
        "capaian_printed": w.get("capaian"),
        "capaian": cap,
        "ratio_matches": matches,
    }
