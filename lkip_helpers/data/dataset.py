"""Load the standardised tables of ``data/`` as one validated :class:`Dataset`.

::

    ds = load_dataset()                      # the project's data/ (or $LKIP_DATA_DIR)
    ds.indicator_values("kota-bekasi", 2023) # target, realisasi, capaian of every indicator
    ds["regional_benchmarks"]                # any table by name
    ds.stats("crime-cases")                  # a table of data/stats/

Loading validates every table against ``datapackage.json`` and raises one
:class:`~lkip_helpers.data.errors.DataValidationError` naming file, row and column of each problem.
Files are only read, never written.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from .datapackage import read_descriptor
from .declared_rows import check_declared_rows
from .errors import DataIssue, DataValidationError, ParameterError
from .i18n import Message
from .paths import default_data_dir
from .validation import check_foreign_keys, check_indicator_values, read_table

__all__ = ["Dataset", "load_dataset"]

#: Measures of indicator_values that are targets, in order of precedence for "the" target of a year.
TARGET_MEASURES: tuple[str, ...] = (
    "target_pk",
    "target_renstra_revised",
    "target_rpjmd",
    "target_rpd",
    "target_renstra",
    "target_final",
)


@dataclass
class Dataset:
    """The validated tables of one data package.

    Attributes:
        data_dir: folder holding ``datapackage.json``.
        descriptor: the parsed descriptor.
        tables: every table by resource name (``stats-<topic>`` for files in ``stats/``).
    """

    data_dir: Path
    descriptor: dict[str, Any]
    tables: dict[str, pd.DataFrame] = field(repr=False)
    #: numeric cells written in Indonesian notation: (file, row, column, text); see :func:`normalise_numbers`
    indonesian_cells: list[tuple[Path, int, str, str]] = field(default_factory=list, repr=False)
    #: findings that do not stop loading (the reports print such figures): a target of 0 or of the
    #: other sign than the realisasi, from which capaian cannot be computed; ``lkip validate`` prints them
    warnings: list[DataIssue] = field(default_factory=list, repr=False)

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.table(name)

    def table(self, name: str) -> pd.DataFrame:
        """Return a copy of the table ``name``; raise KeyError listing the table names."""
        if name not in self.tables:
            raise KeyError(f"no table {name!r}; tables: {', '.join(sorted(self.tables))}")
        return self.tables[name].copy()

    # --- registries -------------------------------------------------------------------------
    @property
    def entities(self) -> pd.DataFrame:
        """The entity registry (governments, offices and regions)."""
        return self.table("entities")

    @property
    def indicators(self) -> pd.DataFrame:
        """The indicator registry (name, unit, polarity, sasaran ...)."""
        return self.table("indicators")

    def stats(self, topic: str) -> pd.DataFrame:
        """Return the table ``data/stats/<topic>.csv``."""
        key = f"stats-{topic}"
        if key not in self.tables:
            topics = sorted(k.removeprefix("stats-") for k in self.tables if k.startswith("stats-"))
            raise KeyError(f"no stats topic {topic!r}; topics: {', '.join(topics)}")
        return self.table(key)

    def reporting_entities(self) -> list[str]:
        """Entities that publish a report in the data (the city, the Disdukcapil office)."""
        return sorted(self.tables["documents"]["entity_id"].unique().tolist())

    def entity_years(self) -> pd.DataFrame:
        """(entity_id, year) pairs the data hold a report for: each document's entity and report year."""
        docs = self.tables["documents"].rename(columns={"report_year": "year"})
        return (
            docs[["entity_id", "year"]].drop_duplicates().sort_values(["entity_id", "year"]).reset_index(drop=True)
        )

    def check_entity(self, entity: str) -> None:
        """Raise :class:`ParameterError` (listing valid choices) if ``entity`` reports no values."""
        valid = self.reporting_entities()
        if entity not in valid:
            raise ParameterError("unknown entity {entity}; valid choices: {choices}", entity=repr(entity),
                                 choices=", ".join(valid))

    def check_entity_year(self, entity: str, year: int) -> None:
        """Raise :class:`ParameterError` if the data have no report of ``entity`` for ``year``."""
        self.check_entity(entity)
        years = self.entity_years()
        valid = sorted(years.loc[years["entity_id"] == entity, "year"].tolist())
        if isinstance(year, bool) or not isinstance(year, int) or year not in valid:
            raise ParameterError("no report of {entity} for year {year}; valid years: {years}", entity=repr(entity),
                                 year=repr(year), years=", ".join(map(str, valid)))

    # --- facts ------------------------------------------------------------------------------
    def indicator_values(
        self,
        entity: str,
        year: int | None = None,
        *,
        measures: Iterable[str] | None = None,
        period: str | None = "annual",
        wide: bool = False,
    ) -> pd.DataFrame:
        """Indicator values of ``entity`` joined with the indicator registry.

        Args:
            entity: an entity id with values (see :meth:`reporting_entities`).
            year: keep one year; ``None`` keeps every year.
            measures: keep these measures only (e.g. ``["target_pk", "realisasi"]``).
            period: ``"annual"`` (default), a quarter/semester, or ``None`` for all periods.
            wide: one row per indicator and year with a column per measure (numbers) and a
                ``<measure>_text`` column per measure (as printed).

        Raises:
            ParameterError: unknown entity, measure or period, or a year without values.
        """
        self.check_entity(entity)
        iv = self.tables["indicator_values"]
        rows = iv[iv["entity_id"] == entity]
        if year is not None:
            years = sorted(set(rows["year"].dropna().astype(int)))
            if isinstance(year, bool) or not isinstance(year, int) or year not in years:
                raise ParameterError(f"no values of {entity!r} for year {year!r}; years with values: "
                                     f"{', '.join(map(str, years))}")
        if period is not None and period not in set(iv["period"]):
            raise ParameterError(f"unknown period {period!r}; valid: {', '.join(sorted(set(iv['period'])))}")
        if year is not None:
            rows = rows[rows["year"] == year]
        if period is not None:
            rows = rows[rows["period"] == period]
        if measures is not None:
            measures = list(measures)
            known = set(iv["measure"].unique())
            unknown = [m for m in measures if m not in known]
            if unknown:
                raise ParameterError(f"unknown measure {unknown[0]!r}; valid: {', '.join(sorted(known))}")
            rows = rows[rows["measure"].isin(measures)]
        ind = self.tables["indicators"][
            ["indicator_id", "name", "name_en", "unit", "polarity", "value_type", "role", "sasaran_id", "iku_no"]
        ]
        out = rows.merge(ind, on="indicator_id", how="left")
        if not wide:
            return out.sort_values(["iku_no", "indicator_id", "year", "measure"], na_position="last").reset_index(
                drop=True
            )
        keys = ["indicator_id", "year", "period"]
        num = out.pivot_table(index=keys, columns="measure", values="value", aggfunc="first", dropna=False)
        txt = out.pivot_table(index=keys, columns="measure", values="value_text", aggfunc="first", dropna=False)
        txt.columns = [f"{c}_text" for c in txt.columns]
        wide_df = num.join(txt).reset_index()
        wide_df.columns.name = None
        wide_df = wide_df.merge(ind, on="indicator_id", how="left")
        return wide_df.sort_values(["iku_no", "indicator_id", "year"], na_position="last").reset_index(drop=True)

    def unit_id(self, name: str) -> str | None:
        """Canonical unit id for a printed unit name (exact alias or canonical name), else None."""
        aliases = self.tables["unit_aliases"]
        hit = aliases.loc[aliases["alias"].str.casefold() == name.strip().casefold(), "unit_id"]
        if len(hit):
            return str(hit.iloc[0])
        units = self.tables["units"]
        hit = units.loc[units["name"].str.casefold() == name.strip().casefold(), "unit_id"]
        return str(hit.iloc[0]) if len(hit) else None


def load_dataset(data_dir: Path | str | None = None) -> Dataset:
    """Load and validate every table of the data package in ``data_dir``.

    Args:
        data_dir: folder with ``datapackage.json`` (default: ``$LKIP_DATA_DIR`` or the project's
            ``data/``). Point it at a copy of ``data/`` with a new year added to analyse that year.

    Raises:
        FileNotFoundError: the folder has no ``datapackage.json``.
        DataValidationError: any table breaks its schema (unparseable number, unknown entity or
            indicator, duplicated key, dangling foreign key, missing column, missing polarity, a
            variable or unit a keyed stats topic does not declare, a declared check naming a stats
            topic or variable the data do not have ...);
            the message names file, row and column.
    """
    data_dir = Path(data_dir).expanduser().resolve() if data_dir else default_data_dir()
    descriptor = read_descriptor(data_dir)
    issues: list[DataIssue] = []
    indonesian: list[tuple[Path, int, str, str]] = []
    tables: dict[str, pd.DataFrame] = {}
    schemas: dict[str, dict] = {}
    paths: dict[str, Path] = {}
    for res in descriptor["resources"]:
        rel = Path(res["path"])
        if rel.is_absolute() or ".." in rel.parts:
            issues.append(DataIssue(data_dir / "datapackage.json",
                                    Message("resource path {path!r} must stay inside the folder", path=res["path"])))
            continue
        path = data_dir / rel
        paths[res["name"]] = path
        schemas[res["name"]] = res["schema"]
        found: list[tuple[int, str, str]] = []
        df = read_table(path, res["schema"], issues, found)
        indonesian.extend((path, row, column, text) for row, column, text in found)
        if df is not None:
            tables[res["name"]] = df
    check_foreign_keys(tables, schemas, paths, issues)
    check_declared_rows(tables, schemas, paths, issues)
    warnings: list[DataIssue] = []
    check_indicator_values(tables, paths, issues, warnings)
    if issues:
        raise DataValidationError(issues)
    return Dataset(data_dir=data_dir, descriptor=descriptor, tables=tables, indonesian_cells=indonesian,
                   warnings=warnings)
