"""The sections of the regional-benchmarks notebook, built from the regional tables a report has.

:func:`benchmark_sections` reads ``regional_benchmarks`` (the rows of the report's own documents
when it has any) and yields one :class:`Section` per printed table — or, for the figures that set
the focal region only beside its province and the nation, one section for all of them. What a
section shows follows from its rows, never from a list of one report's tables:

* ``ranked`` — a numeric metric listing at least :data:`MIN_RANKED` kabupaten/kota: the focal
  region's position on each measure, its ranked table and a dot plot; the change between its
  first and last year when it has several; a total's rate where the data hold population; the
  rank the report prints, checked against the table;
* ``categorical`` — the distribution of the categories each year and the focal region's place;
* ``levels`` — the focal region beside its province and the nation;
* ``few`` — a table printed for fewer regions than can be ranked: shown whole, and the total each
  region's printed share implies (:data:`SHARE_OF`);
* ``average`` — a provincial average of a score (AKIP, IKM) beside the focal region's own IKU;
* ``printed_rank`` — a rank the report prints among more regions than its table lists: the rank
  as printed, its percentile, and why it cannot be recomputed;
* ``ipg`` — the IPG beside the province and the nation (from the printed gaps), when the data
  hold them; ``heatmap`` — ranks on every ranked slice, last.

Every title and description is built from the data (table and document from the rows'
provenance, number of regions, years, unit, polarity) through the message catalog; a table whose
rows all lie after the report year is a section with a note. :func:`show_section` displays one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

import pandas as pd

from lkip_helpers.data.dataset import Dataset
from lkip_helpers.data.i18n import translate
from lkip_helpers.measurement import score_indicator, score_scale
from lkip_helpers.notebook.markdown import escape_markdown
from lkip_helpers.notebook.messages import phrase
from lkip_helpers.notebook.tables import show_table
from .categorical import categorical_position
from .change import change_table, describe_change
from . import levels
from .peers import PEER_LEVELS, regions, resolve_focal, resolve_peers
from .plots import category_bar_chart, dot_plot, level_comparison_chart, measure_dot_plots, rank_heatmap, slope_chart
from .positions import TOTAL_INDICATORS, BenchmarkPosition, benchmark_position, benchmark_table, rank_matrix
from .rates import count_and_rate, rates_note, with_rates
from .shares import describe_implied_totals, implied_totals, printed_table
from .values import absent_table_note, benchmark_values, latest_year

__all__ = [
    "KIND_ORDER",
    "MIN_RANKED",
    "SHARE_OF",
    "Section",
    "benchmark_sections",
    "indicator_kind",
    "report_dataset",
    "section_positions",
    "short_name",
    "show_section",
]

#: A numeric table is ranked when it lists at least this many kabupaten/kota (the heat map's rule).
MIN_RANKED = 3
#: Measures in the order a section shows them (``rank`` is the printed rank, never ranked itself).
MEASURES: tuple[str, ...] = ("value", "target", "realisasi", "capaian")
#: The order of the sections by kind.
KIND_ORDER: tuple[str, ...] = ("ranked", "categorical", "levels", "ipg", "few", "average", "printed_rank", "heatmap")
#: Indicators that are a region's share (%) of its province's total of another indicator:
#: share → value. A value divided by its share gives the province's total (:func:`implied_totals`).
SHARE_OF: dict[str, str] = {"kontribusi-investasi-provinsi": "nilai-investasi"}

Part = object  # a printed line (str) or a display table (show_table's result)


@dataclass(frozen=True)
class Section:
    """One part of the regional benchmarks, ready to display.

    Attributes:
        key: what it covers (the printed table's ``source_ref``, or the kind for a section that
            gathers several tables).
        kind: one of :data:`KIND_ORDER`.
        title, description: plain text and Markdown, in the reader's language, from the data.
        indicators: the indicator ids it shows.
        parts: printed lines (``str``) and display tables, in order.
        figures: functions that draw the section's figures (each returns a Figure or Axes).
        positions: the numeric positions it computed (for the summary).
        rank_items: ``(indicator, year, measure)`` slices it ranked (for the heat map).
        note: why the section shows nothing (its table lies after the report year).
    """

    key: str
    kind: str
    title: str
    description: str = ""
    indicators: tuple[str, ...] = ()
    parts: tuple[Part, ...] = ()
    figures: tuple[Callable[[], object], ...] = field(default=(), repr=False)
    positions: tuple[BenchmarkPosition, ...] = field(default=(), repr=False)
    rank_items: tuple[tuple[str, int, str], ...] = ()
    note: str | None = None

    @property
    def markdown(self) -> str:
        """The section's heading and description as Markdown (data strings escaped)."""
        return f"## {escape_markdown(self.title)}\n\n{self.description}".rstrip()


@dataclass(frozen=True)
class _Context:
    """What every section builder needs: the (report's) data, the year, the focal region, the peers."""

    ds: Dataset
    year: int
    focal: str
    focal_name: str
    peer_group: str | Sequence[str]


@dataclass
class _Build:
    """The pieces of one section while it is built."""

    parts: list[Part] = field(default_factory=list)
    figures: list[Callable[[], object]] = field(default_factory=list)
    positions: list[BenchmarkPosition] = field(default_factory=list)
    items: list[tuple[str, int, str]] = field(default_factory=list)

    def line(self, text: str) -> None:
        if text:
            self.parts.append(text)

    def add(self, other: _Build) -> None:
        self.parts += other.parts
        self.figures += other.figures
        self.positions += other.positions
        self.items += other.items


# --------------------------------------------------------------------------------------------------
# which rows, which kind
# --------------------------------------------------------------------------------------------------


def report_dataset(ds: Dataset, entity: str, year: int) -> Dataset:
    """``ds`` with ``regional_benchmarks`` cut to the rows of ``entity``'s report of ``year``
    (its documents in ``documents.csv``); ``ds`` itself when those documents hold no regional row
    (the tables of every report are then read, as printed)."""
    docs = ds.tables.get("documents")
    if docs is None:
        return ds
    mine = set(docs.loc[(docs["entity_id"] == entity) & (docs["report_year"] == year), "document_id"])
    rb = ds.tables["regional_benchmarks"]
    own = rb[rb["document_id"].isin(mine)]
    if own.empty or len(own) == len(rb):
        return ds
    return replace(ds, tables={**ds.tables, "regional_benchmarks": own.reset_index(drop=True)})


def _rows(ds: Dataset, indicator: str, year: int | None = None) -> pd.DataFrame:
    """The indicator's regional rows (up to ``year``) with each entity's ``level``."""
    rb = ds.tables["regional_benchmarks"]
    rows = rb[rb["indicator_id"] == indicator]
    if year is not None:
        rows = rows[rows["year"] <= year]
    return rows.merge(ds.entities[["entity_id", "level"]], on="entity_id", how="left")


def _latest_slices(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows of each measure (``rank`` left out) at its latest year."""
    rows = rows[rows["measure"] != "rank"]
    latest = rows.groupby("measure")["year"].transform("max")
    return rows[rows["year"] == latest]


def _n_regions(rows: pd.DataFrame) -> int:
    """The most kabupaten/kota any measure's slice of ``rows`` lists."""
    regional = rows[rows["level"].isin(PEER_LEVELS)]
    return int(regional.groupby("measure")["entity_id"].nunique().max()) if len(regional) else 0


def indicator_kind(ds: Dataset, indicator: str, year: int) -> str | None:
    """How a section shows ``indicator`` (one of :data:`KIND_ORDER`), read from its rows up to
    ``year`` (all its rows when none is that early); ``None`` when there is nothing to compare
    (one region alone, or only the nation)."""
    rows = _rows(ds, indicator, year)
    if rows.empty:
        rows = _rows(ds, indicator)
    polarity = str(ds.indicators.set_index("indicator_id")["polarity"].get(indicator, ""))
    latest = _latest_slices(rows)
    n = _n_regions(latest)
    listed = set(latest["level"])
    if polarity == "categorical":
        return "categorical" if n else None
    ranks = rows[rows["measure"] == "rank"]
    if len(ranks):
        assessed = levels.printed_rank(ds, indicator, int(ranks["year"].max()), str(ranks["entity_id"].iloc[0]))["n_assessed"]
        if assessed and assessed > n:
            return "printed_rank"
    if n >= MIN_RANKED:
        return "ranked"
    if n == 0:
        if listed == {"provinsi"}:
            return "average" if _average_scale(ds, indicator) else "levels"
        return None
    if listed & {"provinsi", "nasional"}:
        return "levels"
    return "few" if n >= 2 else None


def _average_scale(ds: Dataset, indicator: str) -> str | None:
    """The score scale (``akip``, ``ikm``) a provincial average averages: that of its name
    without the leading "Rata-rata" (``Rata-rata nilai AKIP …`` → ``akip``), else ``None``."""
    name = str(ds.indicators.set_index("indicator_id")["name"].get(indicator, ""))
    averaged = re.sub(r"^\s*rata-rata\s+", "", name, flags=re.IGNORECASE)
    return score_scale(indicator, averaged) if averaged != name else None


def _home_table(ds: Dataset, indicator: str, year: int) -> str:
    """The table that prints most of the indicator's rows (up to ``year`` when it has such rows;
    ties: the one listing more regions)."""
    rows = _rows(ds, indicator, year)
    if rows.empty:
        rows = _rows(ds, indicator)
    counts = rows.groupby("source_ref").agg(n=("entity_id", "size"), regions=("entity_id", "nunique"))
    return str(counts.sort_values(["n", "regions"], ascending=False, kind="stable").index[0])


def _natural(text: str) -> tuple:
    """Sort key that orders ``Tabel 3.9`` before ``Tabel 3.12``."""
    return tuple(int(t) if t.isdigit() else t for t in re.split(r"(\d+)", text))


def _groups(ds: Dataset, year: int) -> list[tuple[str, str, list[str]]]:
    """``(kind, key, indicators)`` of every section, in display order: one per printed table,
    and one ``levels`` section for every figure set only beside the province and the nation."""
    tables: dict[str, list[str]] = {}
    kinds: dict[str, str] = {}
    for indicator in dict.fromkeys(ds.tables["regional_benchmarks"]["indicator_id"]):
        kind = indicator_kind(ds, indicator, year)
        if kind is None:
            continue
        kinds[indicator] = kind
        key = "levels" if kind == "levels" else _home_table(ds, indicator, year)
        tables.setdefault(key, []).append(indicator)
    groups = []
    for key, indicators in tables.items():
        kind = min((kinds[i] for i in indicators), key=KIND_ORDER.index)
        groups.append((kind, key, indicators))
    return sorted(groups, key=lambda g: (KIND_ORDER.index(g[0]), _natural(g[1])))


# --------------------------------------------------------------------------------------------------
# descriptions
# --------------------------------------------------------------------------------------------------


def _meta(ds: Dataset, indicator: str) -> pd.Series:
    return ds.indicators.set_index("indicator_id").loc[indicator]


def short_name(ds: Dataset, indicator: str) -> str:
    """An indicator's short name: the abbreviation its name ends with (``… (EPPD)`` → ``EPPD``),
    else its name."""
    name = str(_meta(ds, indicator)["name"])
    hit = re.search(r"\(([A-Z][A-Za-z]{1,9})\)\s*$", name)
    return hit.group(1) if hit else name


def _years_text(years: Sequence[int]) -> str:
    years = sorted(set(int(y) for y in years))
    if len(years) > 2 and years == list(range(years[0], years[-1] + 1)):
        return f"{years[0]}–{years[-1]}"
    return ", ".join(map(str, years))


_POLARITY = {
    "higher_is_better": "higher is better",
    "lower_is_better": "lower is better",
    "neutral": "neutral: ordered by value and described only as above or below, never better or worse",
    "categorical": "categorical: a distribution of the categories and the focal region's place in it, no rank",
}

_KIND_NOTE = {
    "few": "Printed for too few regions to rank: the table is shown as printed.",
    "average": "An average the report prints for the province's kabupaten/kota, set beside the focal region's own IKU.",
    "printed_rank": "The report prints a rank among more regions than it lists: the rank is read as printed, not "
                    "recomputed.",
}


def _coverage_text(rows: pd.DataFrame) -> str:
    """Who an indicator's rows list: "23 kabupaten/kota, the province, the nation"."""
    latest = _latest_slices(rows) if len(rows[rows["measure"] != "rank"]) else rows
    pieces = []
    n = _n_regions(latest)
    if n:
        pieces.append(phrase("{n} kabupaten/kota", n=n))
    if (latest["level"] == "provinsi").any():
        pieces.append(translate("the province"))
    if (latest["level"] == "nasional").any():
        pieces.append(translate("the nation"))
    return ", ".join(pieces)


def _indicator_line(ds: Dataset, indicator: str, year: int) -> str:
    """One Markdown bullet on an indicator: who its rows list, its years, unit and polarity."""
    meta = _meta(ds, indicator)
    rows = _rows(ds, indicator, year)
    if rows.empty:
        rows = _rows(ds, indicator)
    line = phrase("{indicator}: {regions}; {years}; unit {unit}; {polarity}.",
                  indicator=escape_markdown(meta["name"]), regions=_coverage_text(rows),
                  years=_years_text(rows["year"]), unit=escape_markdown(meta["unit"]),
                  polarity=translate(_POLARITY.get(str(meta["polarity"]), str(meta["polarity"]))))
    if indicator in TOTAL_INDICATORS:
        line += " " + translate("A total over the region: no gap to the province, the focal region's share of it "
                                "instead.")
    return f"* {line}"


def _sources_line(ds: Dataset, indicators: Sequence[str], year: int) -> str:
    """Where the indicators' rows are printed: tables and documents from their provenance."""
    rb = ds.tables["regional_benchmarks"]
    rows = rb[rb["indicator_id"].isin(indicators) & (rb["year"] <= year)]
    if rows.empty:
        rows = rb[rb["indicator_id"].isin(indicators)]
    titles = ds.tables["documents"].set_index("document_id")["title"] if "documents" in ds.tables else pd.Series()
    tables = sorted(dict.fromkeys(rows["source_ref"]), key=_natural)
    documents = [str(titles.get(d, d)) for d in dict.fromkeys(rows["document_id"])]
    return phrase("Printed in {tables} of {documents}.", tables=escape_markdown("; ".join(tables)),
                  documents=escape_markdown("; ".join(documents)))


def _description(ds: Dataset, kind: str, indicators: Sequence[str], year: int) -> str:
    lines = [_sources_line(ds, indicators, year), ""]
    lines += [_indicator_line(ds, i, year) for i in indicators]
    if kind in _KIND_NOTE:
        lines += ["", translate(_KIND_NOTE[kind])]
    return "\n".join(lines)


def _title(ds: Dataset, kind: str, key: str, indicators: Sequence[str]) -> str:
    if kind == "levels":
        return translate("The focal region beside the province and the nation")
    names = ", ".join(short_name(ds, i) for i in indicators)
    return phrase("{names} ({table})", names=names, table=key)


# --------------------------------------------------------------------------------------------------
# the parts of each kind
# --------------------------------------------------------------------------------------------------


_SCALES = ((1e12, "trillion rupiah"), (1e9, "billion rupiah"), (1e6, "million rupiah"), (1e3, "thousand rupiah"))


def _axis(ds: Dataset, indicator: str, values: pd.Series) -> tuple[float, str]:
    """``(scale, label)`` of a figure's value axis: rupiah in thousands to trillions by size, the
    unit and, for a ranked metric, which way is better."""
    meta = _meta(ds, indicator)
    unit, scale = str(meta["unit"]), 1.0
    size = float(values.abs().median()) if values.notna().any() else 0.0
    if unit.lower() in {"rupiah", "rp"}:
        scale, label = next(((s, l) for s, l in _SCALES if size >= s), (1.0, "rupiah"))
        unit = translate(label)
    polarity = str(meta["polarity"])
    if polarity in ("higher_is_better", "lower_is_better"):
        return scale, phrase("{unit} ({direction})", unit=unit, direction=translate(_POLARITY[polarity]))
    return scale, unit


def _regions_line(ctx: _Context, b: _Build, indicator: str, measure: str) -> None:
    """Name the governments of a table that lists fewer than half of the province's regions, and
    say when the focal region is not among them."""
    y = latest_year(ctx.ds, indicator, ctx.year, measure)
    rows = benchmark_values(ctx.ds, indicator, y, measure)
    rows = rows[rows["level"].isin(PEER_LEVELS)]
    focal = resolve_focal(ctx.ds, ctx.focal)
    province = regions(ctx.ds)
    province = province[province["parent_id"] == focal["parent_id"]]
    table = "; ".join(dict.fromkeys(rows["source_ref"]))
    if len(rows) * 2 < len(province):
        b.line(phrase("Governments in {table}: {names}", table=table, names=", ".join(rows["name"])))
    if ctx.focal not in set(rows["entity_id"]):
        b.line(phrase("{name} is not in {table}.", name=ctx.focal_name, table=table))


def _ranked(ctx: _Context, indicator: str) -> _Build:
    """Positions on every measure, the ranked tables and their figure, change, rates, printed rank."""
    b = _Build()
    measures = [m for m in MEASURES if latest_year(ctx.ds, indicator, ctx.year, m) is not None]
    _regions_line(ctx, b, indicator, measures[0])
    tables = []
    for m in measures:
        y = latest_year(ctx.ds, indicator, ctx.year, m)
        p = benchmark_position(ctx.ds, indicator, y, ctx.focal, ctx.peer_group, measure=m)
        b.positions.append(p)
        b.line(p.sentence if len(measures) == 1 else f"{m}: {p.sentence}")
        tables.append(benchmark_table(ctx.ds, indicator, y, ctx.focal, ctx.peer_group, measure=m).assign(measure=m,
                                                                                                         year=y))
        b.items.append((indicator, y, m))
    b.figures.append(_ranked_figure(ctx, indicator, pd.concat(tables, ignore_index=True)))
    b.add(_change(ctx, indicator))
    b.add(_rates(ctx, indicator))
    b.add(_rank_check(ctx, indicator))
    return b


def _ranked_figure(ctx: _Context, indicator: str, tables: pd.DataFrame) -> Callable[[], object]:
    """A dot plot of one measure, or one panel per measure."""
    name, measures = short_name(ctx.ds, indicator), list(dict.fromkeys(tables["measure"]))
    if len(measures) == 1:
        scale, label = _axis(ctx.ds, indicator, tables["value"])
        y = int(tables["year"].iloc[0])
        return lambda: dot_plot(tables, title=f"{name} {y}", xlabel=label, scale=scale,
                                show_levels=indicator not in TOTAL_INDICATORS)
    units = {m: _axis(ctx.ds, indicator, tables.loc[tables["measure"] == m, "value"]) for m in measures}
    units = {m: (1.0, "capaian (%)") if m == "capaian" else u for m, u in units.items()}
    return lambda: measure_dot_plots(tables, what=name, measures=tuple(measures), units=units,
                                     reference={"capaian": 100.0})


def _change(ctx: _Context, indicator: str) -> _Build:
    """The change between the first and the last year that rank regions (nothing with one year)."""
    b = _Build()
    rows = _rows(ctx.ds, indicator, ctx.year)
    rows = rows[(rows["measure"] == "value") & rows["level"].isin(PEER_LEVELS)]
    counts = rows.groupby("year")["entity_id"].nunique()
    years = sorted(int(y) for y, n in counts.items() if n >= MIN_RANKED)
    if len(years) < 2:
        return b
    start, end = years[0], years[-1]
    change = change_table(ctx.ds, indicator, start, end, ctx.focal, ctx.peer_group)
    b.line(describe_change(change))
    unit = str(_meta(ctx.ds, indicator)["unit"])
    b.parts.append(show_table(change[change["rank"].notna()].head(10),
                              ["name", "start", "end", "change", "pct_change", "rank"],
                              labels={"name": "region", "start": str(start), "end": str(end),
                                      "change": phrase("change ({unit})", unit=unit), "rank": "rank of change"}))
    scale, label = _axis(ctx.ds, indicator, change["end"])
    name = short_name(ctx.ds, indicator)
    b.figures.append(lambda: slope_chart(change, title=f"{name} {start}→{end}", ylabel=label, scale=scale))
    b.items += [(indicator, y, "value") for y in years[:-1]]
    return b


def _rates(ctx: _Context, indicator: str) -> _Build:
    """A total's rank beside its rate's, where the data hold each region's population."""
    b = _Build()
    y = latest_year(ctx.ds, indicator, ctx.year, "value")
    if indicator not in TOTAL_INDICATORS or y is None:
        return b
    rated = with_rates(ctx.ds)
    b.line(rates_note(rated, indicator, y) or "")
    b.parts.append(show_table(count_and_rate(rated, indicator, y, ctx.focal, ctx.peer_group),
                              ["metric", "unit", "value_shown", "rank_text", "rank_bounds"]))
    return b


def _rank_check(ctx: _Context, indicator: str) -> _Build:
    """The rank the report prints, checked against the table (when it prints one for any region)."""
    b = _Build()
    rows = _rows(ctx.ds, indicator, ctx.year)
    ranks = rows[rows["measure"] == "rank"]
    if len(ranks):
        y = int(ranks["year"].max())
        b.line(levels.describe_printed_rank_check(levels.printed_rank_check(ctx.ds, indicator, y, ctx.focal)))
    return b


def _categorical(ctx: _Context, indicator: str) -> _Build:
    """The distribution of every year up to the report year, and the focal region's place."""
    b = _Build()
    rows = _rows(ctx.ds, indicator, ctx.year)
    frames = []
    for y in sorted(set(int(y) for y in rows["year"])):
        c = categorical_position(ctx.ds, indicator, y, ctx.focal, ctx.peer_group)
        b.line(c.sentence)
        frames.append(c.distribution.assign(year=y))
    dist = pd.concat(frames, ignore_index=True)
    b.parts.append(show_table(dist, ["year", "base", "count", "share", "printed", "focal"],
                              labels={"printed": "as printed"}, decimals=1))
    name = short_name(ctx.ds, indicator)
    b.figures.append(lambda: category_bar_chart(
        dist, focal_name=ctx.focal_name, title=phrase("Distribution of {indicator}", indicator=name),
        xlabel=translate("kabupaten/kota in the peer group"), ylabel=name))
    return b


def _level_parts(ctx: _Context, indicators: Sequence[str]) -> _Build:
    """The focal region beside its province and the nation on each indicator, one table and figure."""
    b = _Build()
    frames = []
    for indicator in indicators:
        measure = next(m for m in MEASURES if latest_year(ctx.ds, indicator, ctx.year, m) is not None)
        y = latest_year(ctx.ds, indicator, ctx.year, measure)
        rows = levels.level_comparison(ctx.ds, indicator, y, ctx.focal, measure)
        if not (rows["entity_id"] == ctx.focal).any():
            b.line(phrase("{indicator} {year}: {name} is not in this table (only {names}).", indicator=indicator,
                          year=y, name=ctx.focal_name, names=", ".join(rows["name"])))
        frames.append(rows.assign(year=y))
    table = pd.concat(frames, ignore_index=True)
    b.parts.append(show_table(table, ["indicator_name", "year", "name", "value_text", "focal_gap", "reading"],
                              labels={"name": "region", "reading": "focal is"}, row_id="indicator"))
    units = {str(_meta(ctx.ds, i)["unit"]) for i in indicators}
    names = {i: short_name(ctx.ds, i) for i in indicators}
    b.figures.append(lambda: level_comparison_chart(table, names=names, xlabel=units.pop() if len(units) == 1 else ""))
    return b


def _few(ctx: _Context, key: str, indicators: Sequence[str]) -> _Build:
    """A table printed for a few regions, whole, and the totals its printed shares imply."""
    b = _Build()
    y = max(latest_year(ctx.ds, i, ctx.year, "value") or 0 for i in indicators)
    table = printed_table(ctx.ds, key, y)
    shown = [i for i in indicators if i in table.columns]
    if ctx.focal not in set(table["entity_id"]):
        b.line(phrase("{name} is not in {table}: only {names}.", name=ctx.focal_name, table=key,
                      names=", ".join(table["name"])))
    b.parts.append(show_table(table, ["name", *shown], labels={"name": "region",
                                                               **{i: short_name(ctx.ds, i) for i in shown}}))
    for share, value in SHARE_OF.items():
        if share in shown and value in shown:
            b.line(describe_implied_totals(implied_totals(ctx.ds, value, share, y)))
    return b


def _average(ctx: _Context, indicator: str) -> _Build:
    """The focal region's own IKU of the same score beside the printed provincial average."""
    b = _Build()
    y = latest_year(ctx.ds, indicator, ctx.year, "value")
    scale = _average_scale(ctx.ds, indicator) or ""
    iku = score_indicator(ctx.ds, ctx.focal, scale)
    if iku is None:
        b.line(phrase("{name} has no {score} IKU in the data.", name=ctx.focal_name, score=scale.upper()))
        return b
    frame = levels.iku_against_average(ctx.ds, ctx.focal, iku, indicator, y)
    b.line(levels.describe_iku_against_average(frame, y))
    if not frame.empty:
        b.parts.append(show_table(frame, ["name", "value_text", "source_ref", "focal_gap", "reading"],
                                  labels={"name": "who", "value_text": scale.upper(), "focal_gap": "focal − average"}))
    return b


def _printed_rank(ctx: _Context, indicator: str) -> _Build:
    """The values a report prints, the rank it prints for the focal region and its percentile."""
    b = _Build()
    y = latest_year(ctx.ds, indicator, ctx.year, "value")
    name = short_name(ctx.ds, indicator)
    if y is not None:
        b.parts.append(show_table(benchmark_values(ctx.ds, indicator, y), ["name", "value_text", "source_ref"],
                                  labels={"name": "region", "value_text": name}))
    rows = _rows(ctx.ds, indicator, ctx.year)
    y_rank = int(rows.loc[rows["measure"] == "rank", "year"].max())
    pr = levels.printed_rank(ctx.ds, indicator, y_rank, ctx.focal)
    if pr["rank"] is None:
        b.line(phrase("No {indicator} rank is printed for {name}.", indicator=name, name=ctx.focal_name))
        return b
    b.line(phrase("{name}: printed rank {rank} of {n} → percentile {percentile}", name=ctx.focal_name,
                  rank=pr["rank_text"], n=pr["n_assessed"], percentile=pr["percentile"]))
    b.line(levels.describe_printed_rank_check(levels.printed_rank_check(ctx.ds, indicator, y_rank, ctx.focal)))
    return b


def _parts(ctx: _Context, kind: str, key: str, indicators: Sequence[str]) -> _Build:
    """The parts of one section: each indicator's by its kind (a table of a few regions whole)."""
    if kind == "levels":
        return _level_parts(ctx, indicators)
    b = _Build()
    few = [i for i in indicators if indicator_kind(ctx.ds, i, ctx.year) == "few"]
    builders = {"ranked": _ranked, "categorical": _categorical, "average": _average, "printed_rank": _printed_rank}
    for indicator in indicators:
        built = builders.get(str(indicator_kind(ctx.ds, indicator, ctx.year)))
        if built is not None:
            b.add(built(ctx, indicator))
    if few:
        b.add(_few(ctx, key, few))
    return b


# --------------------------------------------------------------------------------------------------
# the sections
# --------------------------------------------------------------------------------------------------


def _absent(ds: Dataset, indicators: Sequence[str], year: int) -> str | None:
    """The note of a section none of whose indicators has a row up to ``year``."""
    notes = [absent_table_note(ds, i, year, m) for i in indicators
             for m in dict.fromkeys(_rows(ds, i)["measure"]) if m != "rank"]
    if notes and all(notes):
        return absent_table_note(ds, ", ".join(indicators), year)
    return None


def _section(ctx: _Context, kind: str, key: str, indicators: list[str]) -> Section:
    title = _title(ctx.ds, kind, key, indicators)
    description = _description(ctx.ds, kind, indicators, ctx.year)
    note = _absent(ctx.ds, indicators, ctx.year)
    if note:
        return Section(key, kind, title, description, tuple(indicators), note=note)
    b = _parts(ctx, kind, key, indicators)
    return Section(key, kind, title, description, tuple(indicators), tuple(b.parts), tuple(b.figures),
                   tuple(b.positions), tuple(b.items))


def _ipg_section(ctx: _Context) -> Section | None:
    """The IPG beside the province and the nation, when the data hold printed IPG gaps."""
    if "stats-ipg-comparison" not in ctx.ds.tables:
        return None
    title = translate("Indeks Pembangunan Gender (IPG) beside the province and the nation")
    description = translate("The regional tables hold no IPG: the focal region's own IPG and its printed gaps to the "
                            "province and the nation give the two other values; each row states the year its figure "
                            "is filed under.")
    ipg = levels.ipg_comparison(ctx.ds, ctx.focal, ctx.year)
    if ipg.empty:
        return Section("ipg", "ipg", title, description, note=phrase("No IPG comparison in the data for {name}.",
                                                                      name=ctx.focal_name))
    table = show_table(ipg, ["name", "value", "year", "source"],
                       labels={"name": "region", "value": "IPG", "year": "year (filed under)"}, row_id="entity_id")
    return Section("ipg", "ipg", title, description, parts=(levels.describe_ipg_years(ipg, ctx.focal_name), table))


def _heatmap_section(ctx: _Context, sections: Sequence[Section], group_label: str) -> Section:
    """Ranks of every region on each ranked slice that ranks at least :data:`MIN_RANKED` regions."""
    title = translate("Rank heat map")
    description = translate("Ranks of every region on each numeric table that ranks at least three regions (1 = best, "
                            "or highest for a neutral metric; competition ranking for ties). A blank cell means the "
                            "region is not in that table. Each column ranks a different number of regions, so compare "
                            "colours within a column.")
    items = list(dict.fromkeys(sorted(i for s in sections for i in s.rank_items)))
    matrix = rank_matrix(ctx.ds, items, ctx.focal, ctx.peer_group) if items else None
    matrix = None if matrix is None else matrix.loc[:, matrix.notna().sum() >= MIN_RANKED]
    if matrix is None or matrix.shape[1] == 0:
        return Section("heatmap", "heatmap", title, description, note=phrase(
            "No numeric table ranks at least three regions of the peer group ({group}) with {name}: no heat map.",
            group=group_label, name=ctx.focal_name))
    return Section("heatmap", "heatmap", title, description, figures=(lambda: rank_heatmap(
        matrix, focal_name=ctx.focal_name, title=phrase("Ranks among the peer group ({group})", group=group_label)),))


def benchmark_sections(ds: Dataset, entity: str, year: int, focal: str | None = None,
                       peer_group: str | Sequence[str] = "all") -> list[Section]:
    """Every section of the regional benchmarks of ``entity``'s report of ``year`` for ``focal``
    (``None`` or empty: the entity) among ``peer_group``, in display order (rules: module docstring).

    Raises:
        ParameterError: unknown focal region or peer group.
    """
    focal = focal or entity
    rds = report_dataset(ds, entity, year)
    ctx = _Context(rds, int(year), focal, str(resolve_focal(rds, focal)["name"]), peer_group)
    sections = [_section(ctx, kind, key, indicators) for kind, key, indicators in _groups(rds, int(year))]
    ipg = _ipg_section(ctx)
    if ipg is not None:
        at = next((i for i, s in enumerate(sections) if KIND_ORDER.index(s.kind) > KIND_ORDER.index("ipg")),
                  len(sections))
        sections.insert(at, ipg)
    sections.append(_heatmap_section(ctx, sections, resolve_peers(rds, peer_group, focal)[0]))
    return sections


def section_positions(sections: Sequence[Section]) -> list[BenchmarkPosition]:
    """Every numeric position of ``sections``, in order (for :func:`position_summary`)."""
    return [p for s in sections for p in s.positions]


def show_section(section: Section) -> None:
    """Display one section in a notebook: its heading and description, then its note, or its
    lines, tables and figures."""
    from IPython.display import Markdown, display

    from .plots import show_figure

    display(Markdown(section.markdown))
    if section.note:
        print(section.note)
        return
    for part in section.parts:
        if isinstance(part, str):
            print(part)
        else:
            display(part)
    for draw in section.figures:
        show_figure(draw())
