"""The focal region beside its province and the nation, and the standing the reports print
themselves: the level comparison of one metric, the IPG beside the province and the nation
(derived from the printed gaps), and a printed rank with the percentile it implies.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..dataset import Dataset
from .peers import PEER_LEVELS
from .ranking import compare_word
from .values import _f, _numeric_indicator, benchmark_values

__all__ = ["ipg_comparison", "level_comparison", "printed_rank"]


def level_comparison(ds: Dataset, indicator: str, year: int, focal: str, measure: str = "value") -> pd.DataFrame:
    """The focal region beside its province and the nation on one metric.

    One row per level present (focal, province = ``parent_id`` of the focal, nation): ``entity_id``,
    ``name``, ``level``, ``value``, ``value_text``, ``focal_gap`` (focal − this row) and ``reading``
    (the focal is ``better``/``worse``/``equal`` — or ``above``/``below`` for neutral — than this
    row). A focal value missing from the table leaves ``focal_gap`` and ``reading`` empty.

    Raises:
        ParameterError: unknown indicator or focal region, or no rows for the year/measure.
    """
    _, polarity, f = _numeric_indicator(ds, indicator, focal)
    frame = benchmark_values(ds, indicator, year, measure)
    parent = f["parent_id"]
    keep = (frame["entity_id"] == focal) | (frame["entity_id"] == parent) | (frame["level"] == "nasional")
    out = frame[keep].copy()
    order = {"kota": 0, "kabupaten": 0, "provinsi": 1, "nasional": 2}
    out["_o"] = out["level"].map(order)
    out = out.sort_values("_o").drop(columns="_o")
    fv = out.loc[out["entity_id"] == focal, "value"]
    focal_value = _f(fv.iloc[0]) if len(fv) else None
    out["focal_gap"] = [
        None if focal_value is None or e == focal else focal_value - float(v) for e, v in zip(out["entity_id"], out["value"])
    ]
    out["reading"] = [
        None if e == focal else compare_word(g, polarity) for e, g in zip(out["entity_id"], out["focal_gap"])
    ]
    out["focal_gap"] = out["focal_gap"].astype(float)
    return out[["entity_id", "name", "level", "value", "value_text", "focal_gap", "reading"]].reset_index(drop=True)


def ipg_comparison(ds: Dataset, focal: str, year: int) -> pd.DataFrame:
    """The IPG (Indeks Pembangunan Gender) of the focal region beside the province and the nation.

    The report prints only the city's IPG (``indicator_values``, the IKU whose name is "Indeks
    Pembangunan Gender", measure ``realisasi`` of ``year``) and its gaps to the province and the
    nation (``stats/ipg-comparison``, ``ipg_gap_points``: "lebih tinggi" = the city is higher).
    The province and nation values are therefore *derived*: city IPG − printed gap. Empty frame
    when the data have no IPG for the focal region.

    Columns: ``entity_id``, ``level``, ``value``, ``source`` (printed or derived), ``gap_year``.
    """
    ind = ds.indicators
    ids = ind.loc[(ind["entity_id"] == focal) & ind["name"].str.contains("Pembangunan Gender", case=False), "indicator_id"]
    cols = ["entity_id", "level", "value", "source", "gap_year"]
    if ids.empty:
        return pd.DataFrame(columns=cols)
    iv = ds.tables["indicator_values"]
    v = iv[(iv["indicator_id"].isin(ids)) & (iv["year"] == year) & (iv["measure"] == "realisasi")]
    if v.empty or "stats-ipg-comparison" not in ds.tables:
        return pd.DataFrame(columns=cols)
    city = float(v["value"].iloc[0])
    gaps = ds.stats("ipg-comparison")
    gaps = gaps[gaps["variable"] == "ipg_gap_points"]
    rows = [{"entity_id": focal, "level": "kota/kabupaten", "value": city, "source": f"printed ({v['source_ref'].iloc[0]})", "gap_year": np.nan}]
    levels = ds.entities.set_index("entity_id")["level"]
    for _, g in gaps.iterrows():
        sign = -1.0 if "lebih rendah" in str(g["subcategory"]) else 1.0
        rows.append(
            {
                "entity_id": g["entity_id"],
                "level": levels.get(g["entity_id"], ""),
                "value": city - sign * float(g["value"]),
                "source": f"derived: city IPG − printed gap {g['value_text']} ({g['source_ref']})",
                "gap_year": int(g["year"]),
            }
        )
    return pd.DataFrame(rows, columns=cols)


def printed_rank(ds: Dataset, indicator: str, year: int, focal: str, n_assessed: int | None = None) -> dict[str, object]:
    """The rank the report prints for the focal region (``measure == "rank"``) and what it implies.

    Returns ``rank`` (or ``None``), ``rank_text``, ``n_assessed`` (given, else the EPPD count from
    ``stats/eppd-peringkat`` for ``eppd``, else the regions of the table's ``value``/``realisasi``
    rows) and ``percentile`` = 100 × (n − rank + 1) / n (the weak percentile assuming no ties).
    """
    rb = ds.tables["regional_benchmarks"]
    hit = rb[(rb["indicator_id"] == indicator) & (rb["year"] == year) & (rb["measure"] == "rank") & (rb["entity_id"] == focal)]
    if n_assessed is None:
        if indicator == "eppd" and "stats-eppd-peringkat" in ds.tables:
            s = ds.stats("eppd-peringkat")
            s = s[(s["variable"] == "jumlah_kabupaten_kota_dinilai") & (s["year"] == year)]
            n_assessed = int(s["value"].iloc[0]) if len(s) else None
        else:
            rows = rb[(rb["indicator_id"] == indicator) & (rb["year"] == year) & rb["measure"].isin(["value", "realisasi"])]
            rows = rows.merge(ds.entities[["entity_id", "level"]], on="entity_id")
            n = int(rows.loc[rows["level"].isin(PEER_LEVELS), "entity_id"].nunique())
            n_assessed = n or None
    if hit.empty:
        return {"rank": None, "rank_text": None, "n_assessed": n_assessed, "percentile": None, "source_ref": None}
    r = float(hit["value"].iloc[0])
    pct = None if not n_assessed else 100.0 * (n_assessed - r + 1) / n_assessed
    return {
        "rank": r,
        "rank_text": str(hit["value_text"].iloc[0]),
        "n_assessed": n_assessed,
        "percentile": pct,
        "source_ref": str(hit["source_ref"].iloc[0]),
    }
