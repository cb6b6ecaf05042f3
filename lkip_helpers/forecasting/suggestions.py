"""Target suggestions anchored in today's value, the plan's own path and peers' pace.

The forecast quantiles alone (:func:`~.progress.recommend_targets`, "under the recorded trend")
can suggest accepting a decline (PAD growth "conservative" −27 %), deflation as an "ambitious"
inflation target, or a Gini worse than today. The anchored suggestions for year ``y`` are:

* **conservative**: the value the trend reaches with 80 % probability, but **no worse than
  today** (the last observation) — a target never plans a decline;
* **moderate**: the median forecast, no worse than today, and at least halfway along the
  plan's own path (below) when the plan has a later target;
* **ambitious**: the best of the value the trend reaches with 20 % probability, the **plan's
  path** and the **peers' pace**, no worse than today;

where the plan's path is the straight line from the last observation to the plan's end target
(the last numeric target in the data; its value after the end year), and the peers' pace is
the upper-quartile annual improvement of comparable regions (trackr-style; when the data has a
multi-year peer series for the indicator, :data:`PEER_BENCHMARKS`) continued from today.

Band indicators (:data:`BAND_TARGETS`: inflation's 2.5 ± 1 % target of Bank Indonesia and the
government for 2024–2026) are not "lower is better": every suggestion is moved into the band
(moderate and ambitious towards its centre), never into deflation. Every suggestion stays
inside the indicator's bounds.
"""

from __future__ import annotations

import math

import pandas as pd

from .models import Predictive, Transform

__all__ = ["BAND_TARGETS", "PEER_BENCHMARKS", "anchored_targets", "peer_pace", "plan_path"]

#: Indicators whose target is a band ``(low, high)``, with the source.
BAND_TARGETS: dict[str, tuple[float, float, str]] = {
    "kota-laju-inflasi": (1.5, 3.5, "inflation target 2.5 ± 1 % for 2024–2026 (PMK 101/PMK.010/2021)"),
}
#: The benchmark series of comparable regions for an IKU (``indicator_id`` in regional_benchmarks).
PEER_BENCHMARKS: dict[str, str] = {
    "kota-tpt": "tpt",
    "kota-laju-inflasi": "laju-inflasi",
    "kota-eppd": "eppd",
}
TEXT = {
    "floor": "no worse than today ({v:g})",
    "plan": "plan's path to {t:g} in {y}",
    "peers": "peers' pace {p:+.3g}/year",
    "band": "inside the target band {lo:g}–{hi:g} ({src})",
}


def plan_path(last_year: int, last_value: float, targets: pd.DataFrame, year: int) -> tuple[float, int, float] | None:
    """``(value in year, end year, end target)`` of the straight line from the last observation to
    the plan's end target (the last target after ``last_year``); ``None`` without one."""
    later = targets[targets["year"] > last_year].sort_values("year")
    if later.empty:
        return None
    end_year, end = int(later["year"].iloc[-1]), float(later["target"].iloc[-1])
    if year >= end_year:
        return end, end_year, end
    return last_value + (end - last_value) * (year - last_year) / (end_year - last_year), end_year, end


def peer_pace(benchmarks: pd.DataFrame, benchmark_id: str, polarity: str, exclude: str | None = None) -> float | None:
    """The upper-quartile annual improvement (in the indicator's unit, signed by polarity: a
    positive number is an improvement) of the peers with at least two years of ``benchmark_id``;
    ``None`` with fewer than 3 such peers."""
    b = benchmarks[(benchmarks["indicator_id"] == benchmark_id) & benchmarks["value"].notna()]
    if exclude:
        b = b[b["entity_id"] != exclude]
    speeds = []
    for _, g in b.groupby("entity_id"):
        g = g.sort_values("year")
        if len(g) >= 2 and g["year"].iloc[-1] > g["year"].iloc[0]:
            change = (float(g["value"].iloc[-1]) - float(g["value"].iloc[0])) / (int(g["year"].iloc[-1])
                                                                              - int(g["year"].iloc[0]))
            speeds.append(change if polarity == "higher_is_better" else -change)
    if len(speeds) < 3:
        return None
    return float(pd.Series(speeds).quantile(0.75))


def _clip(x: float, transform: Transform | None) -> float:
    return transform.clip(x) if transform is not None else x


def anchored_targets(pred: Predictive, polarity: str, last_year: int, last_value: float, *,
                     targets: pd.DataFrame | None = None, pace: float | None = None,
                     band: tuple[float, float, str] | None = None,
                     transform: Transform | None = None) -> dict[str, float | str]:
    """Conservative / moderate / ambitious suggestions for ``pred.year`` (rules in the module
    docstring), the plan's path value (``plan_path``, NaN without a later target), the peers'
    pace (``peer_pace``) and ``anchors`` (which anchors were used, as a sentence).

    Raises:
        ValueError: a neutral or unknown polarity (a neutral indicator has no better direction).
    """
    if polarity not in ("higher_is_better", "lower_is_better"):
        raise ValueError(f"anchored suggestions need a direction, got polarity {polarity!r}")
    y = pred.year
    sign = 1.0 if polarity == "higher_is_better" else -1.0

    def best(*xs: float) -> float:
        xs = [x for x in xs if x is not None and not math.isnan(x)]
        return max(xs) if sign > 0 else min(xs)

    q_cons, q_amb = (pred.quantile(0.2), pred.quantile(0.8)) if sign > 0 else (pred.quantile(0.8), pred.quantile(0.2))
    notes = [TEXT["floor"].format(v=last_value)]
    path = plan_path(last_year, last_value, targets, y) if targets is not None else None
    path_value = path[0] if path else float("nan")
    if path:
        notes.append(TEXT["plan"].format(t=path[2], y=path[1]))
    peers_value = last_value + sign * pace * (y - last_year) if pace is not None else float("nan")
    if pace is not None:
        notes.append(TEXT["peers"].format(p=sign * pace))
    conservative = best(q_cons, last_value)
    halfway = last_value + (path_value - last_value) / 2 if path else float("nan")
    moderate = best(pred.median, last_value, halfway)
    ambitious = best(q_amb, path_value, peers_value, last_value)
    if band is not None:
        lo, hi, src = band
        mid = (lo + hi) / 2
        conservative = min(max(conservative, lo), hi)
        moderate = min(max((min(max(pred.median, lo), hi) + mid) / 2, lo), hi)
        ambitious = mid
        notes = [TEXT["band"].format(lo=lo, hi=hi, src=src)]
    out = {k: _clip(v, transform) for k, v in
           (("conservative", conservative), ("moderate", moderate), ("ambitious", ambitious))}
    return {**out, "plan_path": path_value, "peer_pace": pace if pace is not None else float("nan"),
            "anchors": "; ".join(notes)}
