"""The focal region beside its province and the nation, and the standing the reports print
themselves: the level comparison of one metric, an IKU against a printed provincial average, the IPG beside the province and the nation
(derived from the printed gaps, with the year each figure refers to), a printed rank with the
percentile it implies, and that printed rank checked against the rank recomputed from the table.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from lkip_helpers.data.dataset import Dataset
from lkip_helpers.data.i18n import format_number, in_language, translate
from lkip_helpers.notebook.messages import phrase
from .peers import PEER_LEVELS, resolve_focal
# package-internal helpers shared by the benchmarks modules (underscored: not part of the public API)
from .ranking import _rank_text, compare_word, rank_values
from .values import _f, _numeric_indicator, benchmark_values

__all__ = [
    "AVERAGE_COLUMNS",
    "describe_iku_against_average",
    "describe_ipg_years",
    "describe_printed_rank_check",
    "iku_against_average",
    "ipg_comparison",
    "level_comparison",
    "printed_rank",
    "printed_rank_check",
]


def _discrepancies(ds: Dataset) -> pd.DataFrame:
    """``discrepancies`` (empty with its key columns when the data set has none)."""
    d = ds.tables.get("discrepancies")
    cols = ["discrepancy_id", "document_id", "source_ref", "location", "resource", "printed_value", "conflicting_value"]
    return d if d is not None else pd.DataFrame(columns=cols)


def level_comparison(ds: Dataset, indicator: str, year: int, focal: str, measure: str = "value") -> pd.DataFrame:
    """The focal region beside its province and the nation on one metric.

    One row per level present (focal, province = ``parent_id`` of the focal, nation): ``indicator``
    and ``indicator_name`` (the registry's name of ``indicator``), ``entity_id``, ``name``, ``level``, ``value``, ``value_text``, ``focal_gap`` (focal − this row) and ``reading``
    (the focal is ``better``/``worse``/``equal`` — or ``above``/``below`` for neutral — than this
    row). A focal value missing from the table leaves ``focal_gap`` and ``reading`` empty.

    Raises:
        ParameterError: unknown indicator or focal region, or no rows for the year/measure.
    """
    meta, polarity, f = _numeric_indicator(ds, indicator, focal)
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
    out = out.assign(indicator=indicator, indicator_name=str(meta["name"]))
    return out[["indicator", "indicator_name", "entity_id", "name", "level", "value", "value_text", "focal_gap",
                "reading"]].reset_index(drop=True)


def ipg_comparison(ds: Dataset, focal: str, year: int) -> pd.DataFrame:
    """The IPG (Indeks Pembangunan Gender) of the focal region beside the province and the nation.

    The report prints only the city's IPG (``indicator_values``, the IKU whose name is "Indeks
    Pembangunan Gender", measure ``realisasi`` of ``year``) and its gaps to the province and the
    nation (``stats/ipg-comparison``, ``ipg_gap_points``: "lebih tinggi" = the city is higher).
    The province and nation values are therefore *derived*: city IPG − printed gap. Empty frame
    when the data have no IPG for the focal region.

    Columns: ``entity_id``, ``name`` (the registry's), ``level``, ``value``, ``value_text``, ``year`` — the year the figure is
    filed under: the realisasi year on the city's row, the year of the printed gap on the derived
    rows (the two can differ: Kota Bekasi's LKIP 2023 files the IPG as its 2023 realisasi while the
    gaps are for 2022) —, ``source`` (printed or derived) and ``note`` (on the city's row: the
    discrepancies recorded for that printed figure, e.g. that the text calls it the 2022 IPG).
    """
    ind = ds.indicators
    ids = ind.loc[(ind["entity_id"] == focal) & ind["name"].str.contains("Pembangunan Gender", case=False), "indicator_id"]
    cols = ["entity_id", "name", "level", "value", "value_text", "year", "source", "note"]
    if ids.empty:
        return pd.DataFrame(columns=cols)
    iv = ds.tables["indicator_values"]
    v = iv[(iv["indicator_id"].isin(ids)) & (iv["year"] == year) & (iv["measure"] == "realisasi")]
    if v.empty or "stats-ipg-comparison" not in ds.tables:
        return pd.DataFrame(columns=cols)
    city = float(v["value"].iloc[0])
    city_text = str(v["value_text"].iloc[0])
    city_ref = str(v["source_ref"].iloc[0])
    gaps = ds.stats("ipg-comparison")
    gaps = gaps[gaps["variable"] == "ipg_gap_points"]
    rows = [
        {
            "entity_id": focal,
            "level": "kota/kabupaten",
            "value": city,
            "value_text": city_text,
            "year": int(year),
            "source": translate("printed: realisasi {year} ({ref})").format(year=year, ref=city_ref),
            "note": _ipg_note(ds, v, city_text, city_ref),
        }
    ]
    rows.extend(_derived_ipg_rows(ds, gaps, city))
    names = ds.entities.set_index("entity_id")["name"]
    return pd.DataFrame(rows).assign(name=lambda t: t["entity_id"].map(names))[cols]


def _ipg_note(ds: Dataset, v: pd.DataFrame, city_text: str, city_ref: str) -> str | None:
    """The discrepancies recorded for the city's printed IPG (``v``: its realisasi rows)."""
    d = _discrepancies(ds)
    d = d[
        (d["resource"] == "indicator_values")
        & (d["printed_value"].astype(str) == city_text)
        & d["location"].astype(str).str.contains(city_ref, regex=False)
    ]
    if "document_id" in v.columns:
        d = d[d["document_id"] == v["document_id"].iloc[0]]
    return "; ".join(translate("discrepancy {id}: {note}").format(id=r["discrepancy_id"], note=in_language(r, "note"))
                     for _, r in d.iterrows()) or None


def _derived_ipg_rows(ds: Dataset, gaps: pd.DataFrame, city: float) -> list[dict[str, object]]:
    """The province's and the nation's IPG derived from the city's IPG and the printed ``gaps``."""
    levels = ds.entities.set_index("entity_id")["level"]
    rows = []
    for _, g in gaps.iterrows():
        sign = -1.0 if "lebih rendah" in str(g["subcategory"]) else 1.0
        rows.append(
            {
                "entity_id": g["entity_id"],
                "level": levels.get(g["entity_id"], ""),
                "value": city - sign * float(g["value"]),
                "value_text": None,
                "year": int(g["year"]),
                "source": translate("derived: the focal region's IPG − the printed gap {gap} ({ref})").format(
                    gap=g["value_text"], ref=g["source_ref"]),
                "note": None,
            }
        )
    return rows


def describe_ipg_years(table: pd.DataFrame, focal_name: str) -> str:
    """One sentence on the years of an :func:`ipg_comparison` table ("" for an empty table).

    When the city's row and the printed gaps refer to different years it says so, and quotes the
    discrepancies recorded for the city's figure (which may explain the mismatch).
    """
    if table.empty:
        return ""
    city = table.iloc[0]
    gap_years = sorted({int(y) for y in table["year"].iloc[1:]})
    if not gap_years or gap_years == [int(city["year"])]:
        return phrase("All IPG values refer to {year}.", year=int(city["year"]))
    years = ", ".join(map(str, gap_years))
    text = phrase("Reference years differ: {name}'s IPG {value} is filed as the realisasi of {year}, but the gaps to "
                  "the province and the nation are printed for {years}; the derived values are {years} values only "
                  "if the city figure is itself of {years}", name=focal_name, value=city["value_text"],
                  year=int(city["year"]), years=years)
    if isinstance(city["note"], str) and city["note"]:
        text += f" — {city['note']}"
    return text + "."


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


def printed_rank_check(
    ds: Dataset, indicator: str, year: int, focal: str, measures: Sequence[str] = ("realisasi", "target")
) -> pd.DataFrame:
    """The rank the report prints for the focal region beside the rank recomputed from the table.

    The printed rank refers to the regions the report compares, i.e. every kabupaten/kota of the
    table (of any province: Tabel 3.7 ranks Kota Bekasi among four neighbours, one in Banten), so
    the recomputed rank uses exactly those regions, by the metric's polarity with competition
    ties. One row per measure of ``measures`` present in the table for ``year`` (``value`` when
    none is): ``measure``, ``n`` (regions with a value), ``rank`` (recomputed), ``printed_rank``,
    ``printed_text``, ``n_assessed`` (:func:`printed_rank`), ``comparable`` (the table holds all
    ``n_assessed`` regions; otherwise the rank cannot be recomputed and ``rank`` is NaN),
    ``matches``. Empty when no rank is printed for the focal region.

    ``attrs``: ``focal_name``, ``source_ref`` of the printed rank, ``table_ref`` of the values,
    ``discrepancies`` (ids of ``discrepancies.csv`` rows on the printed rank's source).

    Raises:
        ParameterError: unknown indicator or focal region.
    """
    _, polarity, f = _numeric_indicator(ds, indicator, focal)
    pr = printed_rank(ds, indicator, year, focal)
    cols = ["measure", "n", "rank", "printed_rank", "printed_text", "n_assessed", "comparable", "matches"]
    out = pd.DataFrame(columns=cols)
    out.attrs.update(focal_name=str(f["name"]), source_ref=pr["source_ref"], table_ref=None, discrepancies=())
    if pr["rank"] is None:
        return out
    rb = ds.tables["regional_benchmarks"]
    have = set(rb.loc[(rb["indicator_id"] == indicator) & (rb["year"] == year), "measure"]) - {"rank"}
    chosen = [m for m in measures if m in have] or (["value"] if "value" in have else [])
    rows, refs = [], set()
    for m in chosen:
        row, table_refs = _recomputed_rank(ds, indicator, year, focal, m, polarity, pr)
        rows.append(row)
        refs.update(table_refs)
    out = pd.DataFrame(rows, columns=cols)
    out.attrs.update(
        focal_name=str(f["name"]),
        source_ref=pr["source_ref"],
        table_ref="; ".join(sorted(refs)),
        discrepancies=_printed_rank_discrepancies(ds, indicator, year, focal, pr["source_ref"]),
    )
    return out


def _recomputed_rank(
    ds: Dataset, indicator: str, year: int, focal: str, measure: str, polarity: str, pr: dict
) -> tuple[dict[str, object], set[str]]:
    """One row of :func:`printed_rank_check` (``pr``: the :func:`printed_rank`) and the
    ``source_ref`` of the values ranked."""
    t = benchmark_values(ds, indicator, year, measure)
    t = t[t["level"].isin(PEER_LEVELS) & t["value"].notna()].reset_index(drop=True)
    n = len(t)
    comparable = pr["n_assessed"] is not None and n == pr["n_assessed"] and (t["entity_id"] == focal).any()
    rank = None
    if comparable:
        ranks = rank_values(t["value"], polarity, "min")
        rank = float(ranks[t["entity_id"] == focal].iloc[0])
    row = {
        "measure": measure,
        "n": n,
        "rank": rank,
        "printed_rank": pr["rank"],
        "printed_text": pr["rank_text"],
        "n_assessed": pr["n_assessed"],
        "comparable": bool(comparable),
        "matches": None if rank is None else rank == pr["rank"],
    }
    return row, set(t["source_ref"])


def _printed_rank_discrepancies(ds: Dataset, indicator: str, year: int, focal: str, source_ref: str) -> tuple:
    """Ids of the ``discrepancies.csv`` rows on the source of the focal region's printed rank."""
    rb = ds.tables["regional_benchmarks"]
    d = _discrepancies(ds)
    doc = rb.loc[
        (rb["indicator_id"] == indicator) & (rb["year"] == year) & (rb["measure"] == "rank") & (rb["entity_id"] == focal),
        "document_id",
    ]
    d = d[(d["resource"] == "regional_benchmarks") & (d["source_ref"] == source_ref)]
    if len(doc) and "document_id" in d.columns:
        d = d[d["document_id"] == doc.iloc[0]]
    return tuple(d["discrepancy_id"])


def describe_printed_rank_check(check: pd.DataFrame) -> str:
    """Sentences on a :func:`printed_rank_check`: the printed rank, each recomputed rank compared
    with it ("2 = 2, matches" / "1 ≠ 2, does not match"), for which measures the printed rank holds
    and for which not, and the discrepancy rows that record it."""
    a = check.attrs
    name = a.get("focal_name") or phrase("the focal region")
    if check.empty:
        return phrase("The report prints no rank for {name}.", name=name)
    first = check.iloc[0]
    text = phrase("Printed rank of {name}: {rank} of {n} ({source}).", name=name, rank=first["printed_text"],
                  n=first["n_assessed"], source=a.get("source_ref"))
    comparable = check[check["comparable"]]
    for _, r in check[~check["comparable"]].iterrows():
        text += " " + phrase("By {measure}: the table ({table}) holds {n} of the {total} regions assessed, so the rank "
                             "cannot be recomputed.", measure=r["measure"], table=a.get("table_ref"), n=r["n"],
                             total=r["n_assessed"])
    if comparable.empty:
        return text
    return text + _rank_comparison(comparable, first, name, a)


def _rank_comparison(comparable: pd.DataFrame, first: pd.Series, name: str, a: dict) -> str:
    """The sentences of :func:`describe_printed_rank_check` on the recomputed ranks (with a leading space)."""
    printed = _rank_text(float(first["printed_rank"]))
    cmp = [phrase("by {measure} {rank} = {printed} (matches)", measure=r["measure"], rank=_rank_text(float(r["rank"])),
                  printed=printed) if r["matches"] else
           phrase("by {measure} {rank} ≠ {printed} (does not match)", measure=r["measure"],
                  rank=_rank_text(float(r["rank"])), printed=printed)
           for _, r in comparable.iterrows()]
    text = " " + phrase("Recomputed among the {n} regions of {table}: {comparisons}.", n=int(comparable["n"].iloc[0]),
                        table=a.get("table_ref"), comparisons="; ".join(cmp))
    holds = list(comparable.loc[comparable["matches"] == True, "measure"])  # noqa: E712
    fails = comparable[comparable["matches"] == False]  # noqa: E712
    and_ = " " + translate("and") + " "
    if not len(fails):
        return text + " " + phrase("The printed rank holds for {measures}.", measures=and_.join(holds))
    where = ", ".join(phrase("{name} ranks {rank} by {measure}", name=name, rank=_rank_text(float(r["rank"])),
                             measure=r["measure"]) for _, r in fails.iterrows())
    text += " " + phrase("The printed rank holds for {holds} but not for {fails} ({where})",
                         holds=and_.join(holds) if holds else translate("no measure"), fails=and_.join(fails["measure"]),
                         where=where)
    ids = a.get("discrepancies") or ()
    return text + (phrase("; recorded in data/discrepancies.csv as {ids}.", ids=", ".join(ids)) if ids else
                   phrase("; no discrepancy is recorded for it."))


AVERAGE_COLUMNS = ["what", "entity_id", "name", "value", "value_text", "source_ref", "focal_gap", "reading"]


def iku_against_average(ds: Dataset, focal: str, iku: str, average: str, year: int) -> pd.DataFrame:
    """The focal region's realisasi of an IKU beside an average its report prints for the regions
    of its province — e.g. Kota Bekasi's AKIP (67,10 in 2023) against the average AKIP of West
    Java's kabupaten/kota (69,41), which the LKIP quotes in its text.

    Two rows, ``what`` = ``focal`` then ``average``, with ``entity_id``, ``name``, ``value``,
    ``value_text`` and ``source_ref``; on the average row ``focal_gap`` (focal − average) and
    ``reading`` (``better``/``worse``/``equal`` by the IKU's polarity). Empty (same columns) when
    the focal region has no numeric realisasi of ``iku`` in ``year`` or no average of its province
    is printed for ``year``.

    Raises:
        ParameterError: ``focal`` is not a kabupaten/kota of the registry.
        ValueError: unknown indicator, or the two indicators have different polarities.
    """
    f = resolve_focal(ds, focal)
    ind = ds.tables["indicators"].set_index("indicator_id")
    for name in (iku, average):
        if name not in ind.index:
            raise ValueError(f"unknown indicator_id {name!r}: not in indicators.csv")
    polarity = ind.at[iku, "polarity"]
    if ind.at[average, "polarity"] != polarity:
        raise ValueError(f"{iku} is {polarity} but {average} is {ind.at[average, 'polarity']}: not comparable")
    iv = ds.tables["indicator_values"]
    mine = iv[(iv["entity_id"] == focal) & (iv["indicator_id"] == iku) & (iv["year"] == year)
              & (iv["period"] == "annual") & (iv["measure"] == "realisasi") & iv["value"].notna()]
    rb = ds.tables["regional_benchmarks"]
    avg = rb[(rb["entity_id"] == f["parent_id"]) & (rb["indicator_id"] == average) & (rb["year"] == year)
             & (rb["measure"] == "value") & rb["value"].notna()]
    if mine.empty or avg.empty:
        return pd.DataFrame(columns=AVERAGE_COLUMNS)
    m, a = mine.iloc[0], avg.iloc[0]
    gap = float(m["value"]) - float(a["value"])
    rows = [
        {"what": "focal", "entity_id": focal, "name": f["name"], "value": float(m["value"]),
         "value_text": m["value_text"], "source_ref": m["source_ref"], "focal_gap": None, "reading": None},
        {"what": "average", "entity_id": a["entity_id"], "name": ind.at[average, "name"],
         "value": float(a["value"]), "value_text": a["value_text"], "source_ref": a["source_ref"],
         "focal_gap": gap, "reading": compare_word(gap, polarity)},
    ]
    out = pd.DataFrame(rows, columns=AVERAGE_COLUMNS)
    out["focal_gap"] = out["focal_gap"].astype(float)
    return out


def describe_iku_against_average(frame: pd.DataFrame, year: int) -> str:
    """One sentence on :func:`iku_against_average` (or why there is nothing to compare)."""
    if frame.empty:
        return phrase("Nothing to compare for {year}: the focal region has no realisasi of this IKU, or its "
                      "province has no printed average.", year=year)
    focal, avg = frame.iloc[0], frame.iloc[1]
    gap = avg["focal_gap"]
    if gap > 0:
        template = translate("{name} {year}: {value} ({ref}), {gap} points above the {average} of {average_value} "
                             "({average_ref}): {reading}.")
    elif gap < 0:
        template = translate("{name} {year}: {value} ({ref}), {gap} points below the {average} of {average_value} "
                             "({average_ref}): {reading}.")
    else:
        template = translate("{name} {year}: {value} ({ref}), level with the {average} of {average_value} "
                             "({average_ref}): {reading}.")
    return template.format(
        name=focal["name"], year=year, value=focal["value_text"], ref=focal["source_ref"], gap=format_number(abs(gap)),
        average=avg["name"], average_value=avg["value_text"], average_ref=avg["source_ref"],
        reading=translate(str(avg["reading"])))
