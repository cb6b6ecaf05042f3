"""Rates beside counts: a total over a region (poor people, PAD, investment) divided by the
region's population, so that a large region is not ranked "worst" only for being large.

A rate needs the population of every region it ranks. The population is read from
``regional_benchmarks`` rows of a population indicator (:data:`POPULATION_INDICATORS`, unit
``jiwa``, ``ribu jiwa`` or ``juta jiwa``) of the same region and year; a region without one gets
no rate (it is then a missing peer of the rate ranking, named like any other). Nothing is
imputed: without population figures in the data there are no rates, and :func:`rates_note` says so.

:func:`with_rates` returns a copy of the dataset whose ``regional_benchmarks`` also holds one
derived indicator per count (``<indicator>-per-kapita``, registered with its own name, unit and
the count's polarity), so every benchmark function (:func:`~lkip_helpers.benchmarks.benchmark_position`,
tables, changes, plots) ranks the rate exactly as it ranks the count. A rate is not a total: the
province's rate (its count over its population) is a fair reference, so gaps to it are given.

Scale of a rate, by the count's unit: people (``jiwa``) → per 100 inhabitants (``%``, the
poverty rate); rupiah → rupiah per inhabitant; anything else → per 1.000 inhabitants.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import pandas as pd

from lkip_helpers.data.dataset import Dataset
from lkip_helpers.data.errors import ParameterError
from lkip_helpers.data.i18n import format_number, translate
from .positions import TOTAL_INDICATORS, benchmark_position

__all__ = [
    "POPULATION_INDICATORS",
    "RATE_SUFFIX",
    "RateScale",
    "count_and_rate",
    "rate_indicator_id",
    "rate_scale",
    "rates_note",
    "with_rates",
]

#: indicator ids whose ``regional_benchmarks`` rows give a region's population
POPULATION_INDICATORS: tuple[str, ...] = ("jumlah-penduduk",)
#: the suffix of a derived rate indicator's id
RATE_SUFFIX = "-per-kapita"

#: people in one unit of a population or people count
_PEOPLE_PER_UNIT = {"jiwa": 1.0, "orang": 1.0, "ribu jiwa": 1e3, "juta jiwa": 1e6}


@dataclass(frozen=True)
class RateScale:
    """How a count becomes a rate: ``count × factor / population × per``, in ``unit``."""

    factor: float
    per: float
    unit: str


def rate_indicator_id(indicator: str) -> str:
    """The id of the rate derived from ``indicator`` (``pad`` → ``pad-per-kapita``)."""
    return indicator + RATE_SUFFIX


def rate_scale(unit: str) -> RateScale:
    """The scale of the rate of a count in ``unit`` (rules in the module docstring)."""
    unit = unit.strip().lower()
    if unit in _PEOPLE_PER_UNIT:
        return RateScale(_PEOPLE_PER_UNIT[unit], 100.0, "%")
    if unit in {"rupiah", "rp"}:
        return RateScale(1.0, 1.0, "rupiah per kapita")
    return RateScale(1.0, 1000.0, "per 1.000 penduduk")


def _population(rb: pd.DataFrame, indicators: pd.DataFrame) -> pd.DataFrame:
    """``entity_id``, ``year``, ``people`` and the population's ``pop_source`` (one row per region
    and year; the first population indicator that has a value wins)."""
    units = indicators.set_index("indicator_id")["unit"]
    frames = []
    for ind in POPULATION_INDICATORS:
        rows = rb[(rb["indicator_id"] == ind) & (rb["measure"] == "value") & rb["value"].notna()]
        if rows.empty or ind not in units.index:
            continue
        factor = _PEOPLE_PER_UNIT.get(str(units[ind]).strip().lower(), 1.0)
        frames.append(rows.assign(people=rows["value"].astype(float) * factor, pop_source=rows["source_ref"]))
    if not frames:
        return pd.DataFrame(columns=["entity_id", "year", "people", "pop_source"])
    pop = pd.concat(frames)[["entity_id", "year", "people", "pop_source"]]
    return pop[pop["people"] > 0].drop_duplicates(["entity_id", "year"])


def _rate_rows(counts: pd.DataFrame, pop: pd.DataFrame, scale: RateScale, rate_id: str) -> pd.DataFrame:
    """The derived ``regional_benchmarks`` rows of one count (regions with both figures only)."""
    joined = counts[counts["value"].notna()].merge(pop, on=["entity_id", "year"], how="inner")
    if joined.empty:
        return joined.iloc[0:0][list(counts.columns)]
    value = joined["value"].astype(float) * scale.factor / joined["people"] * scale.per
    return joined.assign(
        indicator_id=rate_id,
        value=value,
        value_text=[format_number(v, 2, "id") for v in value],
        source_ref=joined["source_ref"] + "; " + joined["pop_source"],
    )[list(counts.columns)]


def _registry_row(meta: pd.Series, scale: RateScale, columns: pd.Index) -> dict[str, object]:
    row = {c: meta.get(c) for c in columns}
    row.update(
        indicator_id=rate_indicator_id(str(meta["indicator_id"])),
        name=f"{meta['name']} per kapita",
        unit=scale.unit,
    )
    return row


def with_rates(ds: Dataset) -> Dataset:
    """A copy of ``ds`` whose ``regional_benchmarks`` and indicator registry also hold the rate of
    every count in :data:`~lkip_helpers.benchmarks.TOTAL_INDICATORS` for the regions and years with
    a population; ``ds`` itself when the data hold no population (or no count has one)."""
    rb, indicators = ds.tables["regional_benchmarks"], ds.tables["indicators"]
    pop = _population(rb, indicators)
    if pop.empty:
        return ds
    derived, registry = [], []
    for ind in sorted(TOTAL_INDICATORS & set(rb["indicator_id"])):
        hit = indicators[indicators["indicator_id"] == ind]
        if hit.empty:
            continue
        scale = rate_scale(str(hit.iloc[0]["unit"]))
        rows = _rate_rows(rb[rb["indicator_id"] == ind], pop, scale, rate_indicator_id(ind))
        if len(rows):
            derived.append(rows)
            registry.append(_registry_row(hit.iloc[0], scale, indicators.columns))
    if not derived:
        return ds
    tables = dict(ds.tables)
    tables["regional_benchmarks"] = pd.concat([rb, *derived], ignore_index=True)
    tables["indicators"] = pd.concat([indicators, pd.DataFrame(registry)], ignore_index=True)
    return replace(ds, tables=tables)


def rates_note(ds: Dataset, indicator: str, year: int, measure: str = "value") -> str | None:
    """Why ``indicator`` has no rate in ``year`` (``None`` when :func:`with_rates` gives it one),
    in the reader's language."""
    rate_id = rate_indicator_id(indicator)
    rb = ds.tables["regional_benchmarks"]
    have = rb[(rb["indicator_id"] == rate_id) & (rb["year"] == year) & (rb["measure"] == measure)]
    if len(have):
        return None
    return translate(
        "No population per region in the data for {year}: counts are ranked as printed, and a larger "
        "region ranks worse on a count only for being larger."
    ).format(year=year)


def count_and_rate(
    ds: Dataset, indicator: str, year: int, focal: str, peer_group: str = "all", measure: str = "value"
) -> pd.DataFrame:
    """The focal region's rank on a count beside its rank on the count's rate (``ds`` as given by
    :func:`with_rates`): one row per metric with ``metric``, ``unit``, ``value``, ``rank``,
    ``n_ranked``, ``rank_best``, ``rank_worst``, ``n_possible``, and for display ``value_shown``
    (the reader's notation), ``rank_text`` ("2 of 4") and ``rank_bounds`` ("2–3 of 5" when peers
    are missing, else empty). Only the count's row when there is no rate (see :func:`rates_note`)."""
    rows = []
    ids = [indicator, rate_indicator_id(indicator)]
    have = set(ds.tables["regional_benchmarks"]["indicator_id"])
    for ind in [i for i in ids if i in have]:
        try:
            p = benchmark_position(ds, ind, year, focal, peer_group, measure=measure)
        except ParameterError:  # no rate for this year/measure: the count alone
            if ind == indicator:
                raise
            continue
        rank = None if p.rank is None or math.isnan(p.rank) else int(p.rank)
        of = translate("{rank} of {n}")
        bounds = (translate("{best}–{worst} of {n}").format(best=int(p.rank_best), worst=int(p.rank_worst),
                                                            n=p.n_possible)
                  if rank is not None and p.rank_worst is not None and p.rank_worst != p.rank_best else None)
        rows.append(
            {
                "metric": p.name,
                "unit": p.unit,
                "value": p.value,
                "value_shown": format_number(p.value, 2),
                "rank": rank,
                "n_ranked": p.n_ranked,
                "rank_best": p.rank_best,
                "rank_worst": p.rank_worst,
                "n_possible": p.n_possible,
                "rank_text": of.format(rank=rank, n=p.n_ranked) if rank is not None else None,
                "rank_bounds": bounds,
            }
        )
    return pd.DataFrame(rows)
