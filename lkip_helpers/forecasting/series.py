"""The observed series and the future targets of one indicator, from ``ds["indicator_values"]``.

Observations
    ``realisasi`` rows (period ``annual``) up to the report year, numeric values only (a
    realisasi printed as text, e.g. ``A`` or ``N/A``, is listed as excluded). The ``baseline``
    (kondisi awal, year 2018) counts as an observation of the same quantity **only when its unit
    matches the indicator's**; it is excluded, with the reason, when

    * it is stored as measure ``baseline_other_unit`` (the data's own flag for a kondisi awal
      printed in another unit), or
    * ``discrepancies.csv`` has a row of kind ``other`` about the indicator's baseline column
      (``KONDISI AWAL``) — e.g. investment growth (%) whose baseline is printed in rupiah, or
    * the baseline is printed in rupiah (``Rp``) while the indicator's unit is not rupiah.

    A realisasi of the same year wins over the baseline.

Targets
    One numeric target per year from the target measures, by the project's precedence
    :data:`~lkip_helpers.data.dataset.TARGET_MEASURES` (``target_pk`` > ``target_renstra_revised`` >
    ``target_rpjmd`` > ``target_rpd`` > ``target_renstra`` > ``target_final``): the agreed
    Perjanjian Kinerja target of the year first, then the latest revision of the entity's own
    plan. Targets printed without a number (``BB``, ``WTP``) are ignored, so a numeric target of
    a lower-precedence plan is used for that year. Disdukcapil's 2025/2026 targets therefore
    come from the revised Renstra.

Skipped
    Indicators whose ``value_type`` is not ``numeric`` or whose polarity is ``categorical``
    (opini BPK, composite prestasi counts) cannot be forecast: skipped with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from lkip_helpers.data.dataset import TARGET_MEASURES, Dataset
from lkip_helpers.notebook.messages import phrase

from .models import Transform, annual_series

__all__ = ["INDICATOR_KINDS", "IndicatorSeries", "baseline_unit_problem", "entity_iku", "forecastable_indicators",
           "indicator_kind", "indicator_series", "skip_reason"]

#: Kinds of indicator whose forecast errors are pooled (model choice and residual scale):
#: ``rate`` (a share in % with both bounds: coverage, poverty, unemployment), ``growth rate``
#: (a change in %, unbounded: PAD growth, inflation, % decrease), ``index`` (a score or index:
#: nilai/indeks units) and ``level`` (counts, rupiah, years, anything else).
INDICATOR_KINDS: tuple[str, ...] = ("rate", "growth rate", "index", "level")
#: Words of an indicator's name that mark a change from one year to the next.
_GROWTH_WORDS = ("pertumbuhan", "peningkatan", "penurunan", "laju", "inflasi", "growth", "increase", "decrease")


@dataclass
class IndicatorSeries:
    """What the forecast of one indicator starts from.

    Attributes:
        observations: ``year``, ``value``, ``measure`` (realisasi/baseline), ``value_text``.
        excluded: values not used: ``year``, ``measure``, ``value_text``, ``reason``.
        targets: ``year``, ``target``, ``target_measure``, ``target_text`` (numeric only).
        skip: why the indicator cannot be forecast at all (``None`` when it can be tried).
    """

    indicator_id: str
    name: str
    unit: str
    polarity: str
    value_type: str
    iku_no: float | None
    lower_bound: float | None
    upper_bound: float | None
    observations: pd.DataFrame
    excluded: pd.DataFrame
    targets: pd.DataFrame
    skip: str | None = None
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def series(self) -> pd.Series:
        """Observations as an annual ``PeriodIndex`` series (gaps stay absent)."""
        return annual_series(self.observations["year"].tolist(), self.observations["value"].tolist())

    @property
    def transform(self) -> Transform:
        return Transform(self.lower_bound, self.upper_bound)

    @property
    def kind(self) -> str:
        """The indicator's kind (:func:`indicator_kind`)."""
        return indicator_kind(self.name, self.unit, self.lower_bound, self.upper_bound)


def indicator_kind(name: str, unit: str, lower: float | None = None, upper: float | None = None) -> str:
    """The kind of an indicator (one of :data:`INDICATOR_KINDS`) from its name, unit and bounds.

    ``growth rate``: unit ``%``, not bounded on both sides, and a name about a change
    (pertumbuhan, peningkatan, penurunan, laju, inflasi); ``rate``: any other ``%``;
    ``index``: unit ``nilai`` or ``indeks``, or "indeks"/"index" in the name; else ``level``.
    """
    text, u = str(name).casefold(), str(unit).strip().casefold()
    if u == "%":
        bounded = lower is not None and upper is not None
        return "growth rate" if not bounded and any(w in text for w in _GROWTH_WORDS) else "rate"
    if u in ("nilai", "indeks", "index") or "indeks" in text or "index" in text:
        return "index"
    return "level"


def _num(x) -> float | None:
    return None if x is None or pd.isna(x) else float(x)


def skip_reason(indicator: pd.Series) -> str | None:
    """Why an indicator registry row cannot be forecast, or ``None``."""
    if indicator["value_type"] != "numeric":
        return phrase("not numeric (value_type {kind}, unit {unit}): no numeric series to forecast",
                      kind=indicator["value_type"], unit=indicator["unit"])
    if indicator["polarity"] == "categorical":
        return "categorical polarity: a grade or opinion, not a quantity"
    return None


def baseline_unit_problem(ds: Dataset, indicator: pd.Series, baseline: pd.Series) -> str | None:
    """Why the baseline row is not the same quantity as the indicator, or ``None`` when it is."""
    d = ds.tables["discrepancies"]
    name = str(indicator["name"]).casefold()
    loc = d["location"].fillna("").str.casefold()
    hit = d[
        (d["kind"] == "other")
        & (d["resource"] == "indicator_values")
        & loc.str.contains("kondisi awal", regex=False)
        & loc.apply(lambda s: name in s)
    ]
    if len(hit):
        row = hit.iloc[0]
        return phrase("kondisi awal in another unit than the indicator's ({unit}); discrepancy {id}",
                      unit=indicator["unit"], id=row["discrepancy_id"])
    text = str(baseline.get("value_text", ""))
    if "rp" in text.casefold() and str(indicator["unit"]).casefold() != "rupiah":
        return f"baseline printed in rupiah ({text}) while the indicator unit is {indicator['unit']}"
    return None


def indicator_series(ds: Dataset, entity: str, indicator_id: str, year: int) -> IndicatorSeries:
    """Observations up to ``year``, excluded values and numeric targets of one indicator.

    Raises:
        KeyError: the indicator is not in the registry for ``entity``.
    """
    ind = ds.tables["indicators"]
    rows = ind[(ind["indicator_id"] == indicator_id) & (ind["entity_id"] == entity)]
    if rows.empty:
        raise KeyError(f"indicator {indicator_id!r} is not an indicator of {entity!r}")
    meta = rows.iloc[0]
    iv = ds.tables["indicator_values"]
    v = iv[(iv["entity_id"] == entity) & (iv["indicator_id"] == indicator_id) & (iv["period"] == "annual")]

    observations, excluded = _observations(ds, meta, v, year)
    targets = _numeric_targets(v)
    return IndicatorSeries(
        indicator_id=indicator_id,
        name=str(meta["name"]),
        unit=str(meta["unit"]),
        polarity=str(meta["polarity"]),
        value_type=str(meta["value_type"]),
        iku_no=_num(meta["iku_no"]),
        lower_bound=_num(meta["lower_bound"]),
        upper_bound=_num(meta["upper_bound"]),
        observations=observations.reset_index(drop=True),
        excluded=excluded.reset_index(drop=True),
        targets=targets,
        skip=skip_reason(meta),
    )


def _observations(ds: Dataset, meta: pd.Series, v: pd.DataFrame, year: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The observations up to ``year`` (realisasi, and baselines of a year without one) and the
    values left out with the reason, from ``v``: the annual values of the indicator ``meta``."""
    obs, excl = [], []
    real = v[(v["measure"] == "realisasi") & (v["year"] <= year)]
    for _, r in real.iterrows():
        if pd.isna(r["value"]):
            excl.append({"year": int(r["year"]), "measure": "realisasi", "value_text": r["value_text"],
                         "reason": phrase("printed without a number")})
        else:
            obs.append({"year": int(r["year"]), "value": float(r["value"]), "measure": "realisasi",
                        "value_text": r["value_text"]})
    real_years = {o["year"] for o in obs}
    for _, b in v[v["measure"].isin(["baseline", "baseline_other_unit"]) & (v["year"] <= year)].iterrows():
        base = {"year": int(b["year"]), "measure": b["measure"], "value_text": b["value_text"]}
        problem = baseline_unit_problem(ds, meta, b)
        if b["measure"] == "baseline_other_unit":
            excl.append({**base, "reason": problem or phrase("kondisi awal printed in another unit than the indicator's")})
        elif pd.isna(b["value"]):
            excl.append({**base, "reason": phrase("printed without a number")})
        elif problem:
            excl.append({**base, "reason": problem})
        elif int(b["year"]) in real_years:
            excl.append({**base, "reason": "a realisasi of the same year is used instead"})
        else:
            obs.append({**base, "value": float(b["value"])})
    observations = pd.DataFrame(obs, columns=["year", "value", "measure", "value_text"]).sort_values("year")
    excluded = pd.DataFrame(excl, columns=["year", "measure", "value_text", "reason"]).sort_values("year")
    return observations, excluded


def _numeric_targets(v: pd.DataFrame) -> pd.DataFrame:
    """One numeric target per year (``year``, ``target``, ``target_measure``, ``target_text``):
    the first measure of :data:`TARGET_MEASURES` printed with a number."""
    rank = {m: i for i, m in enumerate(TARGET_MEASURES)}
    t = v[v["measure"].isin(rank) & v["value"].notna()].copy()
    t["_rank"] = t["measure"].map(rank)
    t = t.sort_values(["year", "_rank"]).drop_duplicates("year")
    targets = t.rename(columns={"value": "target", "measure": "target_measure", "value_text": "target_text"})[
        ["year", "target", "target_measure", "target_text"]
    ].reset_index(drop=True)
    targets["year"] = targets["year"].astype(int)
    return targets


def entity_iku(ds: Dataset, entity: str) -> list[str]:
    """The entity's IKU ids in IKU order (numeric or not: the forecast lists skipped ones)."""
    ind = ds.tables["indicators"]
    iku = ind[(ind["entity_id"] == entity) & (ind["role"] == "iku")].sort_values("iku_no")
    return iku["indicator_id"].tolist()


def forecastable_indicators(ds: Dataset, entity: str) -> list[str]:
    """Indicator ids of ``entity`` with at least one annual realisasi (valid ``indicators`` choices)."""
    iv = ds.tables["indicator_values"]
    rows = iv[(iv["entity_id"] == entity) & (iv["measure"] == "realisasi") & (iv["period"] == "annual")]
    return sorted(rows["indicator_id"].unique().tolist())
