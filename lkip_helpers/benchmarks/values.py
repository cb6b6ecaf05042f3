"""Reading the ``regional_benchmarks`` table: one indicator's rows with the entity registry, the
latest year available, and which slices of the table cover a region.

A region missing from a slice is never imputed; :func:`coverage` says where it is missing.
"""

from __future__ import annotations

import math

import pandas as pd

from lkip_helpers.data.dataset import Dataset
from lkip_helpers.data.i18n import translate
from lkip_helpers.data.errors import ParameterError
from lkip_helpers.notebook.messages import phrase
from .peers import PEER_LEVELS, resolve_focal
# package-internal helpers shared by the benchmarks modules (underscored: not part of the public API)
from .ranking import _check_numeric_polarity

__all__ = ["benchmark_values", "coverage", "describe_coverage", "absent_table_note", "latest_year", "table_source"]


def _indicator(ds: Dataset, indicator: str) -> pd.Series:
    """The indicator registry row of ``indicator``; :class:`ParameterError` listing the regional ones."""
    ind = ds.indicators
    hit = ind[ind["indicator_id"] == indicator]
    if hit.empty:
        rb = sorted(ds.tables["regional_benchmarks"]["indicator_id"].unique())
        raise ParameterError(f"unknown indicator {indicator!r}; regional indicators: {', '.join(rb)}")
    return hit.iloc[0]


def _numeric_indicator(ds: Dataset, indicator: str, focal: str) -> tuple[pd.Series, str, pd.Series]:
    """``(indicator row, polarity, focal region row)`` for a metric that can be ranked.

    Raises:
        ParameterError: unknown indicator or focal region.
        ValueError: a categorical or unknown polarity.
    """
    meta = _indicator(ds, indicator)
    polarity = str(meta["polarity"])
    _check_numeric_polarity(polarity)
    return meta, polarity, resolve_focal(ds, focal)


def benchmark_values(ds: Dataset, indicator: str, year: int, measure: str = "value") -> pd.DataFrame:
    """Rows of ``regional_benchmarks`` for one indicator, year and measure, with the entity registry.

    Columns: ``entity_id``, ``name``, ``level``, ``parent_id``, ``value``, ``value_text``,
    ``source_ref``.

    Raises:
        ParameterError: unknown indicator, or no rows for that year/measure (the message lists the
            years and measures the table has for the indicator).
    """
    _indicator(ds, indicator)
    rb = ds.tables["regional_benchmarks"]
    rows = rb[rb["indicator_id"] == indicator]
    sel = rows[(rows["year"] == year) & (rows["measure"] == measure)]
    if sel.empty:
        have = rows[["year", "measure"]].drop_duplicates().sort_values(["year", "measure"])
        choices = ", ".join(f"{y} {m}" for y, m in have.itertuples(index=False))
        raise ParameterError(f"no {indicator!r} {measure!r} values for {year!r}; the table has: {choices}")
    e = ds.entities[["entity_id", "name", "level", "parent_id"]]
    out = sel.merge(e, on="entity_id", how="left")
    return out[["entity_id", "name", "level", "parent_id", "value", "value_text", "source_ref"]].reset_index(drop=True)


def latest_year(ds: Dataset, indicator: str, year: int, measure: str = "value") -> int | None:
    """The latest year ≤ ``year`` for which ``indicator``/``measure`` has rows, else ``None``."""
    rb = ds.tables["regional_benchmarks"]
    years = rb.loc[(rb["indicator_id"] == indicator) & (rb["measure"] == measure) & (rb["year"] <= year), "year"]
    return int(years.max()) if len(years) else None


def absent_table_note(ds: Dataset, indicator: str, year: int, measure: str = "value") -> str | None:
    """A sentence saying that the data hold no regional table of ``indicator``/``measure`` up to
    ``year`` (a report with other regional tables: that part of the benchmarks is left out), or
    ``None`` when they do."""
    if latest_year(ds, indicator, year, measure) is not None:
        return None
    return translate("The regional tables hold no {indicator} up to {year}: this part is left out.").format(
        indicator=indicator, year=year)


def table_source(ds: Dataset, indicator: str, year: int | None, measure: str = "value") -> str:
    """Where the regional table of ``indicator``/``measure`` for ``year`` is printed (its
    ``source_ref`` values joined, ``Tabel 3.7``); empty when the data hold no such table."""
    rb = ds.tables["regional_benchmarks"]
    rows = rb[(rb["indicator_id"] == indicator) & (rb["measure"] == measure) & (rb["year"] == year)]
    return "; ".join(dict.fromkeys(rows["source_ref"].dropna().astype(str)))


def coverage(ds: Dataset, focal: str) -> pd.DataFrame:
    """Every slice of ``regional_benchmarks`` (indicator, year, measure) and whether ``focal`` is in it.

    Columns: ``indicator_id``, ``name``, ``year``, ``measure``, ``source_ref``, ``n_regions``
    (kabupaten/kota rows), ``province`` and ``nation`` (rows present), ``focal_in_table``.
    A slice with ``n_regions == 0`` (a provincial average, a national total) lists no
    kabupaten/kota at all, so no region can be in it: :func:`describe_coverage` leaves it out of
    the count.
    """
    rb = ds.tables["regional_benchmarks"].merge(ds.entities[["entity_id", "level"]], on="entity_id", how="left")
    ind = ds.indicators.set_index("indicator_id")["name"]
    rows = []
    for (i, y, m), g in rb.groupby(["indicator_id", "year", "measure"], sort=True):
        rows.append(
            {
                "indicator_id": i,
                "name": ind.get(i, i),
                "year": int(y),
                "measure": m,
                "source_ref": "; ".join(sorted(g["source_ref"].unique())),
                "n_regions": int(g["level"].isin(PEER_LEVELS).sum()),
                "province": bool((g["level"] == "provinsi").any()),
                "nation": bool((g["level"] == "nasional").any()),
                "focal_in_table": bool((g["entity_id"] == focal).any()),
            }
        )
    return pd.DataFrame(rows)


def describe_coverage(cov: pd.DataFrame, focal_name: str) -> str:
    """One sentence on a :func:`coverage` table: in how many of the slices that list
    kabupaten/kota the focal region appears, and how many slices list only the province or the
    nation (named, not counted).
    """
    regional = cov[cov["n_regions"] > 0]
    other = cov[cov["n_regions"] == 0]
    text = phrase("{name} appears in {n} of {total} table slices (indicator × year × measure) that list "
                  "kabupaten/kota", name=focal_name, n=int(regional["focal_in_table"].sum()), total=len(regional))
    if len(other):
        names = ", ".join(dict.fromkeys(f"{n} ({r})" for n, r in zip(other["name"], other["source_ref"])))
        further = (phrase("; {n} further slices list only the province or the nation and are not counted: {names}",
                          n=len(other), names=names) if len(other) != 1 else
                   phrase("; 1 further slice lists only the province or the nation and is not counted: {names}",
                          names=names))
        text += further
    return text + "."


def _f(x: object) -> float | None:
    """A table cell as a float, ``None`` for missing or non-numeric values."""
    if x is None:
        return None
    try:
        v = float(x)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(v) else v
