"""Progress classes as published by the SDG trackers, beside the project's own (:mod:`.progress`).

Each method is anchored at a **base year**: the first observation of the series (for the
RPJMD indicators the 2018 kondisi awal, the plan's starting point), ``(t0, x0)``; the latest
observation is ``(tc, xc)``; the target ``x*`` is due in year ``T``. Rates are **compound
annual growth rates** ``(x1 / x0) ** (1 / years) - 1``, except for growth-rate indicators
(:data:`~.series.INDICATOR_KINDS` ``"growth rate"``: PAD growth, inflation, % decrease) and
series with a value ≤ 0, where the **absolute annual change** ``(x1 - x0) / years`` is used —
a CAGR of a growth rate is meaningless, as the UNSD technical note says.

UNSD SDG Progress Chart (trend assessment of indicators with a numerical target)
    UN Statistics Division, *Sustainable Development Goals Progress Chart, Technical Note*
    (2022 and later editions): ratio of actual to required growth from the base year,
    ``R = rate(x0 → xc, t0 → tc) / rate(x0 → x*, t0 → T)``, classed by :data:`UNSD_CUTOFFS`:
    ``R ≥ 0.95`` substantial progress / on track; ``0.5 ≤ R < 0.95`` fair progress, but
    acceleration needed; ``-0.1 ≤ R < 0.5`` limited or no progress; ``R < -0.1``
    deterioration. A target already met by the latest value is "target met".
ESCAP anticipated progress
    UN ESCAP, *Asia and the Pacific SDG Progress Report*, technical notes (progress assessment
    methodology): the value anticipated for ``T`` by continuing the observed base-year rate,
    ``x̂ = xc (1 + CAGR)^(T - tc)`` (or ``xc + Δ (T - tc)`` for absolute change; kept inside
    the indicator's bounds), and the anticipated progress ratio
    ``(x̂ - x0) / (x* - x0)``: ``≥ 1`` maintain progress to achieve target; ``0–1`` accelerate
    progress to achieve target; ``< 0`` reverse trend to achieve target (:data:`ESCAP_CUTOFFS`).
    ESCAP's newer editions anticipate with a time-weighted regression; with 2–4 points per
    series the base-year rate is used here.
ESCAP current status index (per indicator)
    The share of the required progress made since the base year,
    ``(xc - x0) / (x* - x0)`` kept inside ``[0, 1]`` (1 when the base value already met the
    target); sasaran and misi get the mean of their indicators (:func:`rollup_progress`).
Past targets
    A target whose year is not after the latest observation is **met** or **not met** (the
    value of that year, else the latest before it), with its degree of achievement
    ``(x - x0) / (x* - x0)`` (share of the required change achieved) and ``x / x*`` (the
    capaian, reversed for lower-is-better).

The cut-offs and class names are this module's reading of the documents named above; they are
kept in :data:`UNSD_CUTOFFS` and :data:`ESCAP_CUTOFFS` so that a change of edition is one edit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from lkip_helpers.data.i18n import translate

from .models import Transform
from .progress import meets

__all__ = ["ESCAP_CUTOFFS", "METHOD_NOTES", "PUBLISHED_COLUMNS", "UNSD_CUTOFFS", "PublishedProgress",
           "published_progress", "published_table", "rollup_progress"]

#: UNSD Progress Chart classes by the lower bound of R, best first.
UNSD_CUTOFFS: tuple[tuple[float, str], ...] = (
    (0.95, "substantial progress/on track"),
    (0.5, "fair progress, acceleration needed"),
    (-0.1, "limited or no progress"),
    (-math.inf, "deterioration"),
)
#: ESCAP anticipated progress classes by the lower bound of the anticipated progress ratio.
ESCAP_CUTOFFS: tuple[tuple[float, str], ...] = (
    (1.0, "maintain progress to achieve target"),
    (0.0, "accelerate progress to achieve target"),
    (-math.inf, "reverse trend to achieve target"),
)
#: One sentence per method for the method note (English; one place, for the message catalog).
METHOD_NOTES = {
    "own": "project: forecast-based ratio (last point to forecast vs last point to target), Open SDG cut-offs",
    "unsd": "UNSD SDG Progress Chart technical note: actual vs required base-year growth, cut-offs 0.95/0.5/-0.1",
    "escap": "UN ESCAP SDG Progress Report technical notes: anticipated progress ratio from the base-year rate, "
             "cut-offs 1/0",
    "csi": "UN ESCAP current status index: share of the required progress made since the base year, in [0, 1]",
    "met": "target year not after the latest observation: met or not met, with the degree of achievement",
}
TEXT = {
    "met": "met", "not_met": "not met", "target_met": "target met",
    "no_base": "one observation: no base-year rate",
    "no_change": "the target equals the base value: no change required",
}


def _rate(x0: float, x1: float, years: float, absolute: bool) -> float:
    return (x1 - x0) / years if absolute else (x1 / x0) ** (1 / years) - 1


def _classify(value: float, cutoffs: tuple[tuple[float, str], ...]) -> str:
    return next(name for lo, name in cutoffs if value >= lo)


def _clip(x: float, transform: Transform | None) -> float:
    return transform.clip(x) if transform is not None else x


@dataclass(frozen=True)
class PublishedProgress:
    """The published assessments of one target (``None`` where a method does not apply)."""

    target_year: int
    target: float
    method: str  # "cagr" or "absolute change"
    status: str | None  # "met" / "not met" for a target year not after the latest observation
    achievement: float | None  # share of the required change achieved (past targets)
    capaian: float | None  # value / target (target / value for lower-is-better), past targets
    unsd_ratio: float | None
    unsd_class: str | None
    escap_value: float | None
    escap_ratio: float | None
    escap_class: str | None
    csi: float | None
    note: str = ""


def published_progress(*, polarity: str, base_year: int, base_value: float, last_year: int, last_value: float,
                       target_year: int, target: float, kind: str = "level",
                       transform: Transform | None = None, value_at_target_year: float | None = None
                       ) -> PublishedProgress:
    """Every published assessment of ``target`` (formulas in the module docstring).

    Args:
        value_at_target_year: the observed value of ``target_year`` when it is observed (past
            targets are judged on it; else on the latest value).

    Raises:
        ValueError: a polarity other than higher_is_better / lower_is_better.
    """
    if polarity not in ("higher_is_better", "lower_is_better"):
        raise ValueError(f"published progress needs a direction, got polarity {polarity!r}")
    absolute = kind == "growth rate" or min(base_value, last_value, target) <= 0
    method = "absolute change" if absolute else "cagr"
    past = target_year <= last_year
    judged = last_value if value_at_target_year is None else value_at_target_year
    need = target - base_value
    status = achievement = capaian = None
    if past:
        status = TEXT["met"] if meets(judged, target, polarity, transform) else TEXT["not_met"]
        achievement = (judged - base_value) / need if need else None
        if target and judged:
            capaian = judged / target if polarity == "higher_is_better" else target / judged
    base_meets = meets(base_value, target, polarity, transform)
    now_meets = meets(last_value, target, polarity, transform)
    csi = 1.0 if base_meets else max(0.0, min(1.0, (last_value - base_value) / need)) if need else None
    if last_year <= base_year:
        return PublishedProgress(target_year, target, method, status, achievement, capaian, None,
                                 TEXT["target_met"] if now_meets else None, None, None, None, csi, TEXT["no_base"])
    if not need:
        return PublishedProgress(target_year, target, method, status, achievement, capaian, None,
                                 TEXT["target_met"] if now_meets else None, None, None, None, csi, TEXT["no_change"])
    span = last_year - base_year
    actual = _rate(base_value, last_value, span, absolute)
    required = _rate(base_value, target, target_year - base_year, absolute) if target_year > base_year else None
    unsd_ratio = actual / required if required else None
    if now_meets:
        unsd_class = TEXT["target_met"]
    elif unsd_ratio is not None:
        unsd_class = _classify(unsd_ratio, UNSD_CUTOFFS)
    else:
        unsd_class = None
    ahead = max(target_year - last_year, 0)
    anticipated = last_value + actual * ahead if absolute else last_value * (1 + actual) ** ahead
    anticipated = _clip(anticipated, transform)
    escap_ratio = (anticipated - base_value) / need
    if meets(anticipated, target, polarity, transform):
        escap_class = ESCAP_CUTOFFS[0][1]
    else:
        escap_class = _classify(min(escap_ratio, 0.999999), ESCAP_CUTOFFS)
    return PublishedProgress(target_year, target, method, status, achievement, capaian, unsd_ratio, unsd_class,
                             anticipated, escap_ratio, escap_class, csi)


PUBLISHED_COLUMNS = ["indicator_id", "sasaran_id", "year", "target", "own_progress", "status", "achievement",
                     "capaian", "unsd_ratio", "unsd_class", "escap_value", "escap_ratio", "escap_class", "csi",
                     "method", "note"]


def published_table(result, ds) -> pd.DataFrame:
    """The published classes of every target of a forecast (``result``:
    :class:`~.core.EntityForecast`) beside the project's own class (``own_progress``); one row
    per indicator and target year (directed indicators with a base and a latest value)."""
    ind = ds.tables["indicators"].set_index(["entity_id", "indicator_id"])
    rows = []
    for t in result.targets.itertuples():
        s = result.series[t.indicator_id]
        obs = s.observations
        if s.polarity not in ("higher_is_better", "lower_is_better") or len(obs) == 0:
            continue
        by_year = dict(zip(obs["year"].astype(int), obs["value"].astype(float)))
        upto = [y for y in by_year if y <= int(t.year)]
        at = by_year[max(upto)] if upto else None
        p = published_progress(polarity=s.polarity, base_year=int(obs["year"].iloc[0]),
                               base_value=float(obs["value"].iloc[0]), last_year=int(obs["year"].iloc[-1]),
                               last_value=float(obs["value"].iloc[-1]), target_year=int(t.year),
                               target=float(t.target), kind=s.kind, transform=s.transform, value_at_target_year=at)
        sasaran = ind.loc[(result.entity, t.indicator_id), "sasaran_id"] if (result.entity, t.indicator_id) in ind.index \
            else None
        rows.append({"indicator_id": t.indicator_id, "sasaran_id": sasaran, "year": int(t.year),
                     "target": float(t.target), "own_progress": t.progress, **{
                         k: getattr(p, k) for k in PUBLISHED_COLUMNS[5:]}})
    return pd.DataFrame(rows, columns=PUBLISHED_COLUMNS)


def rollup_progress(table: pd.DataFrame, ds, entity: str, year: int | None = None) -> pd.DataFrame:
    """The current status index and class counts rolled up to sasaran and misi: for each
    sasaran (and misi) the mean ``csi`` of its indicators' targets of ``year`` (default: each
    indicator's first target in the table), how many are met / on track by UNSD, and how many
    ESCAP expects to be achieved. ``id`` is the sasaran id or misi number, ``name`` its name
    (``no misi`` for indicators of an entity without misi)."""
    t = table.dropna(subset=["csi"])
    if year is not None:
        t = t[t["year"] == year]
    t = t.sort_values("year").drop_duplicates("indicator_id")
    sas = ds.tables["sasaran"]
    sas = sas[sas["entity_id"] == entity][["sasaran_id", "misi_no", "name"]]
    t = t.merge(sas, on="sasaran_id", how="left")
    on_track = t["unsd_class"].isin([UNSD_CUTOFFS[0][1], TEXT["target_met"]])
    achieved = t["escap_class"] == ESCAP_CUTOFFS[0][1]
    t = t.assign(on_track=on_track.astype(int), achieved=achieved.astype(int))
    names = {"sasaran": dict(zip(sas["sasaran_id"], sas["name"])), "misi": _misi_names(ds, entity)}
    rows = []
    for level, key in (("sasaran", "sasaran_id"), ("misi", "misi_no")):
        for k, g in t.groupby(key, dropna=False):
            key_id = "(none)" if pd.isna(k) else int(k) if level == "misi" else k
            name = translate(f"no {level}") if pd.isna(k) else names[level].get(key_id, str(key_id))
            rows.append({"level": level, "id": key_id, "name": name, "n_indicators": len(g), "csi": float(g["csi"].mean()),
                         "unsd_on_track": int(g["on_track"].sum()), "escap_achieved": int(g["achieved"].sum())})
    return pd.DataFrame(rows, columns=["level", "id", "name", "n_indicators", "csi", "unsd_on_track", "escap_achieved"])


def _misi_names(ds, entity: str) -> dict[int, str]:
    """Misi number -> name for ``entity`` (empty when the data hold no misi for it)."""
    misi = ds.tables.get("misi")
    if misi is None:
        return {}
    misi = misi[misi["entity_id"] == entity]
    return {int(n): str(name) for n, name in zip(misi["misi_no"], misi["name"])}
