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
multi-year peer series measuring the same, :func:`peer_benchmark`) continued from today.

Band indicators (:func:`target_band`: an inflation rate against the national target of the year,
e.g. 2,5 ± 1 % for 2024–2027, 3 ± 1 % for 2020–2023; or :data:`BAND_TARGETS`) are not "lower is
better": every suggestion is moved into the band
(moderate and ambitious towards its centre), never into deflation. Every suggestion stays
inside the indicator's bounds.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

import pandas as pd

from lkip_helpers.data.i18n import format_figure, format_number, translate
from lkip_helpers.notebook.messages import phrase

from .models import Predictive, Transform

__all__ = ["BAND_TARGETS", "INFLATION_TARGETS", "anchored_targets", "peer_benchmark", "peer_pace", "plan_path",
           "target_band"]

#: Bank Indonesia's and the government's inflation target (centre, ± 1 percentage point) by year,
#: with the regulation that set it (PMK 124/PMK.010/2017, PMK 101/PMK.010/2021, PMK 62 Tahun 2024).
INFLATION_TARGETS: dict[int, tuple[float, str]] = {
    2018: (3.5, "PMK 124/PMK.010/2017"),
    2019: (3.5, "PMK 124/PMK.010/2017"),
    2020: (3.0, "PMK 124/PMK.010/2017"),
    2021: (3.0, "PMK 124/PMK.010/2017"),
    2022: (3.0, "PMK 101/PMK.010/2021"),
    2023: (3.0, "PMK 101/PMK.010/2021"),
    2024: (2.5, "PMK 101/PMK.010/2021"),
    2025: (2.5, "PMK 62 Tahun 2024"),
    2026: (2.5, "PMK 62 Tahun 2024"),
    2027: (2.5, "PMK 62 Tahun 2024"),
}
#: Indicators whose target is a band ``(low, high, source)`` whatever the year, by id (an
#: analyst's override; inflation needs no entry: :func:`target_band` recognises it by name).
BAND_TARGETS: dict[str, tuple[float, float, str]] = {}

_INFLATION = re.compile(r"\b(inflasi|inflation)\b", re.IGNORECASE)


def target_band(indicator_id: str, name: str, unit: str, year: int) -> tuple[float, float, str] | None:
    """The target band of an indicator in ``year``: :data:`BAND_TARGETS` by id, else for an
    inflation rate (its name says *inflasi*, unit ``%``) the national target of that year
    (:data:`INFLATION_TARGETS`; after the last year set, the last one, said so); else ``None``.
    The third item says where the band comes from, in the reader's language."""
    if indicator_id in BAND_TARGETS:
        return BAND_TARGETS[indicator_id]
    if not _INFLATION.search(name) or unit.strip() != "%":
        return None
    first = min(INFLATION_TARGETS)
    known = max(y for y in INFLATION_TARGETS if y <= year) if year >= first else first
    centre, source = INFLATION_TARGETS[known]
    if known == year:
        when = str(year)
    elif year > known:
        when = translate("{year}, the latest set").format(year=known)
    else:
        when = translate("{year}, the earliest set").format(year=known)
    return centre - 1.0, centre + 1.0, translate("inflation target {centre} ± 1 % for {when} ({source})").format(
        centre=format_number(centre, 0 if float(centre).is_integer() else 1), when=when, source=source)


def _plain_name(name: str) -> str:
    return " ".join(re.sub(r"\([^)]*\)", " ", name).lower().split())


def peer_benchmark(indicators: pd.DataFrame, indicator_id: str, benchmark_ids: Iterable[str]) -> str | None:
    """The ``regional_benchmarks`` indicator that measures the same as IKU ``indicator_id``: the one
    among ``benchmark_ids`` with the same name (ignoring case and parenthesised abbreviations) and
    unit, e.g. the city's *Tingkat Pengangguran Terbuka* and the regions' *Tingkat Pengangguran
    Terbuka (TPT)*; ``None`` when none or several match."""
    reg = indicators.set_index("indicator_id")
    if indicator_id not in reg.index:
        return None
    own = reg.loc[indicator_id]
    hits = [b for b in benchmark_ids if b != indicator_id and b in reg.index
            and _plain_name(str(reg.loc[b, "name"])) == _plain_name(str(own["name"]))
            and str(reg.loc[b, "unit"]) == str(own["unit"])]
    return hits[0] if len(hits) == 1 else None


#: the anchors' notes (English; translated through the catalog when written)
TEXT = {
    "floor": "no worse than today ({v})",
    "plan": "plan's path to {t} in {y}",
    "peers": "peers' pace {p}/year",
    "band": "inside the target band {lo}–{hi} ({src})",
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
    notes = [phrase(TEXT["floor"], v=format_figure(last_value))]
    path = plan_path(last_year, last_value, targets, y) if targets is not None else None
    path_value = path[0] if path else float("nan")
    if path:
        notes.append(phrase(TEXT["plan"], t=format_figure(path[2]), y=path[1]))
    peers_value = last_value + sign * pace * (y - last_year) if pace is not None else float("nan")
    if pace is not None:
        notes.append(phrase(TEXT["peers"], p=("+" if sign * pace > 0 else "") + format_number(sign * pace, 3)))
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
        notes = [phrase(TEXT["band"], lo=format_figure(lo), hi=format_figure(hi), src=src)]
    out = {k: _clip(v, transform) for k, v in
           (("conservative", conservative), ("moderate", moderate), ("ambitious", ambitious))}
    return {**out, "plan_path": path_value, "peer_pace": pace if pace is not None else float("nan"),
            "anchors": "; ".join(notes)}
