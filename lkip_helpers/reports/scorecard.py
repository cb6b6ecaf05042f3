"""The IKU scorecard of an entity and year: target, realisasi, capaian and status per IKU.

This joins the standardised tables (indicator registry, sasaran, misi, indicator values) with the
measurement engine: the capaian printed in the report stands beside the capaian recomputed from
the printed target and realisasi, so every notebook and the audit show both.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd

from lkip_helpers.data.dataset import TARGET_MEASURES, Dataset
from lkip_helpers.data.i18n import in_language
from lkip_helpers.measurement import akip_grade, capaian_from_text, mutu_pelayanan, round_half_up, yoy_change
from lkip_helpers.data.numbers import parse_number_or_none

__all__ = [
    "best_and_worst",
    "discrepancy_ids",
    "discrepancy_links",
    "discrepancy_notes",
    "entity_budget_total",
    "iku_budget",
    "iku_scorecard",
    "iku_trajectory",
    "localized_discrepancies",
    "predicate",
    "related_discrepancies",
    "trajectories",
    "year_target",
]


def year_target(values: pd.DataFrame) -> pd.DataFrame:
    """One target per indicator and year: the first measure of :data:`TARGET_MEASURES` present.

    ``values`` are long indicator values (``indicator_id``, ``year``, ``measure``, ``value``,
    ``value_text``); returns ``indicator_id``, ``year``, ``target``, ``target_text``,
    ``target_measure``.
    """
    rank = {m: i for i, m in enumerate(TARGET_MEASURES)}
    t = values[values["measure"].isin(rank)].copy()
    t["_rank"] = t["measure"].map(rank)
    t = t.sort_values("_rank").drop_duplicates(["indicator_id", "year"])
    return t.rename(columns={"value": "target", "value_text": "target_text", "measure": "target_measure"})[
        ["indicator_id", "year", "target", "target_text", "target_measure"]
    ]


def predicate(name: str, realisasi: float | None) -> str | None:
    """The official predicate of a realisasi when the indicator has one, else ``None``.

    An AKIP score (name mentions "Akuntabilitas Kinerja" or "AKIP") gets its PermenPANRB 88/2021
    grade; an IKM score (name mentions "Kepuasan Masyarakat") its PermenPANRB 14/2017 mutu.
    """
    if realisasi is None or pd.isna(realisasi):
        return None
    lowered = name.lower()
    if "akuntabilitas kinerja" in lowered or "akip" in lowered:
        return akip_grade(float(realisasi)) if 0 <= realisasi <= 100 else None
    if "kepuasan masyarakat" in lowered:
        grade = mutu_pelayanan(float(realisasi)) if 25 <= realisasi <= 100 else None
        return f"{grade[0]} ({grade[1]})" if grade else None
    return None


def best_and_worst(card: pd.DataFrame, n: int = 3) -> pd.DataFrame:
    """The ``n`` highest and ``n`` lowest recomputed numeric capaian of a scorecard, labelled in
    ``rank``: ``best`` for a high one that reached its target (status ``tercapai``), ``closest to
    target`` for a high one that did not, ``weakest`` for the low ones."""
    numeric = card[card["capaian"].notna() & (card["rule"] == "report")].sort_values("capaian", ascending=False)
    best = numeric.head(n)
    best = best.assign(rank=best["status"].eq("tercapai").map({True: "best", False: "closest to target"}))
    worst = numeric.tail(min(n, max(0, len(numeric) - len(best)))).assign(rank="weakest")
    return pd.concat([best, worst]).reset_index(drop=True)



# --- known discrepancies ----------------------------------------------------------------------------

_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_LINK_COLUMNS = ["discrepancy_id", "indicator_id", "year", "matched_by"]


def _token(needle: str) -> re.Pattern[str]:
    """``needle`` as a whole token: not inside a longer slug, word or number."""
    return re.compile(rf"(?<![\w-]){re.escape(needle)}(?![\w-]|\.\d)")


def _ref_named(refs: str, haystack: str) -> bool:
    """Whether one of the ``"; "``-joined references ``refs`` is named in ``haystack``
    (``Tabel 3.1`` does not match ``Tabel 3.16``)."""
    return any(re.search(re.escape(ref) + r"(?![\d])", haystack) for ref in refs.split("; ") if ref)


def _cells(text: object) -> list[tuple[str, str]]:
    """The printed cells a discrepancy quotes: ``(value, remark)`` per ``" / "``-separated part,
    the remark being what follows the value in parentheses (``"93.71 (Tabel 3.9)"``)."""
    if not isinstance(text, str):
        return []
    out = []
    for part in text.split(" / "):
        value, _, remark = part.strip().partition(" (")
        out.append((value.strip(), remark))
    return out


def _same_cell(value_text: object, value: object, printed: str, number: float | None) -> bool:
    """Whether a stored cell (``value_text``, ``value``) is the ``printed`` text, or the same
    ``number`` (``printed`` parsed once by the caller)."""
    if isinstance(value_text, str) and value_text.strip() == printed:
        return True
    return number is not None and pd.notna(value) and float(value) == number


def discrepancy_links(ds: Dataset) -> pd.DataFrame:
    """Which indicator (and year) each row of ``discrepancies.csv`` is about.

    One row per link: ``discrepancy_id``, ``indicator_id``, ``year`` (nullable integer; empty when
    the discrepancy names no year and so concerns every year) and ``matched_by``. Rules, in order:

    * ``audit_key``: the key's segments after the document id (``kind:document:segment:…``) hold
      the ``indicator_id`` as a whole segment; its years are the 4-digit years in those segments
      (``capaian:lkip-kota-bekasi-2023:kota-prestasi-pemuda:2023`` → ``kota-prestasi-pemuda``,
      2023; ``…:dukcapil-cakupan-dokumen:target-2024`` → 2024).
    * rows without ``audit_key`` are matched only when reliable, and only for ``resource``
      ``indicator_values``:

      - ``location``: the location names the ``indicator_id`` as a token (its years likewise);
      - ``printed cell``: a printed cell of ``printed_value`` is the printed text (or the same
        number) of an ``indicator_values`` row of the same document whose ``source_ref`` the
        discrepancy names (in its ``source_ref`` or ``location``);
      - ``conflicting cell``: failing that, a cell of ``conflicting_value`` is such a row's printed
        text and its parenthesised remark names that row's ``source_ref``
        (``".882.346 (Bab III 3.2.1.A (formula: …))"``).

    Rows about other tables (budgets, stats, labels of sasaran) are not linked to indicators.
    """
    disc = ds.tables["discrepancies"]
    iv = ds.tables["indicator_values"]
    indicator_ids = set(ds.tables["indicators"]["indicator_id"])
    links: list[dict[str, object]] = []
    for row in disc.itertuples(index=False):
        key = row.audit_key if "audit_key" in disc.columns else None
        if isinstance(key, str) and key:
            found = _audit_key_links(key, indicator_ids)
        elif row.resource != "indicator_values":
            continue
        else:
            location = row.location if isinstance(row.location, str) else ""
            found = (_location_links(location, indicator_ids)
                     or _cell_links(row, iv[iv["document_id"] == row.document_id], location))
        for ind, years, how in found:
            for y in (sorted(set(years)) if years else [None]):
                links.append({"discrepancy_id": row.discrepancy_id, "indicator_id": ind, "year": y, "matched_by": how})
    out = pd.DataFrame(links, columns=_LINK_COLUMNS).drop_duplicates()
    out["year"] = out["year"].astype("Int64")
    return out.sort_values(["indicator_id", "year", "discrepancy_id"]).reset_index(drop=True)


#: One link found by a rule of :func:`discrepancy_links`: indicator, its years (empty: every year), rule.
_Link = tuple[str, list[int], str]


def _audit_key_links(key: str, indicator_ids: set[str]) -> list[_Link]:
    """The ``audit_key`` rule of :func:`discrepancy_links`."""
    segments = key.split(":")[2:]
    years = [int(y) for seg in segments for y in _YEAR.findall(seg)]
    return [(ind, years, "audit_key") for ind in {seg for seg in segments if seg in indicator_ids}]


def _location_links(location: str, indicator_ids: set[str]) -> list[_Link]:
    """The ``location`` rule of :func:`discrepancy_links`: indicator ids named as tokens."""
    named = [ind for ind in indicator_ids if ind in location and _token(ind).search(location)]
    years = [int(y) for y in _YEAR.findall(location)]
    return [(ind, years, "location") for ind in named]


def _cell_links(row: object, facts: pd.DataFrame, location: str) -> list[_Link]:
    """The ``printed cell`` rule of :func:`discrepancy_links`, failing that the ``conflicting
    cell`` rule; ``facts`` are the ``indicator_values`` rows of the discrepancy's document."""
    where = f"{row.source_ref} {location}"
    found = _facts_printing(facts, [(printed, where) for printed, _ in _cells(row.printed_value)])
    how = "printed cell"
    if not found:
        how = "conflicting cell"
        found = _facts_printing(facts, [(other, remark) for other, remark in _cells(row.conflicting_value) if remark])
    return [(ind, [year], how) for ind, year in sorted(found)]


def _facts_printing(facts: pd.DataFrame, cells: list[tuple[str, str]]) -> set[tuple[str, int]]:
    """(indicator_id, year) of the ``facts`` that print a cell's text (or number) and whose
    ``source_ref`` the cell's ``where`` text names; ``cells`` are (text, where) pairs."""
    found: set[tuple[str, int]] = set()
    for printed, where in cells:
        number = parse_number_or_none(printed)
        for fact in facts.itertuples(index=False):
            if _same_cell(fact.value_text, fact.value, printed, number) and _ref_named(fact.source_ref, where):
                found.add((fact.indicator_id, int(fact.year)))
    return found


def related_discrepancies(
    ds: Dataset, indicator_id: str, year: int | None = None, *, links: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The known discrepancies about ``indicator_id`` (in ``year``, or any year when ``None``).

    Rows of ``discrepancies.csv`` linked by :func:`discrepancy_links` (a discrepancy that names no
    year concerns every year), with the columns ``discrepancy_id``, ``kind``, ``location``,
    ``printed_value``, ``conflicting_value``, ``note`` (``location``, ``conflicting_value`` and
    ``note`` in the reader's language, see :func:`localized_discrepancies`), ``year`` and ``matched_by``. Pass ``links``
    to reuse a computed :func:`discrepancy_links` table.

    Raises:
        ValueError: ``indicator_id`` is not in the indicator registry.
    """
    known = ds.tables["indicators"]["indicator_id"]
    if indicator_id not in set(known):
        raise ValueError(f"unknown indicator_id {indicator_id!r}: not an indicator_id of indicators.csv")
    links = discrepancy_links(ds) if links is None else links
    mine = links[links["indicator_id"] == indicator_id]
    if year is not None:
        mine = mine[mine["year"].isna() | (mine["year"] == year)]
    disc = localized_discrepancies(ds.tables["discrepancies"])
    cols = ["discrepancy_id", "kind", "location", "printed_value", "conflicting_value", "note"]
    out = mine[["discrepancy_id", "year", "matched_by"]].merge(disc[cols], on="discrepancy_id", how="left")
    return out[cols + ["year", "matched_by"]].drop_duplicates("discrepancy_id").reset_index(drop=True)


#: columns of ``discrepancies.csv`` kept in English (``<column>``) and Bahasa Indonesia (``<column>_id``);
#: ``conflicting_value_id`` is filled only where ``conflicting_value`` has an English remark
BILINGUAL_COLUMNS = ("note", "location", "conflicting_value")


def localized_discrepancies(rows: pd.DataFrame, lang: str | None = None) -> pd.DataFrame:
    """A copy of ``rows`` (of ``discrepancies.csv``) whose :data:`BILINGUAL_COLUMNS` (``note``,
    ``location``, ``conflicting_value``) are in ``lang``.

    Each text comes from :func:`~lkip_helpers.data.i18n.in_language`: the reader's language
    (default: the current one), else the other language when that one is empty (a
    ``conflicting_value`` that is only a figure or a quote has no ``conflicting_value_id``). The
    Indonesian columns (``note_id``, ``location_id``, ``conflicting_value_id``) are dropped, so the
    result shows one text per column; rows without them (texts in English only) keep their English
    text. For display only: code that parses ``conflicting_value`` reads the English column of the
    data set (see :func:`discrepancy_links`).
    """
    out = rows.copy()
    records = out.to_dict("records")
    for column in BILINGUAL_COLUMNS:
        if column in out or f"{column}_id" in out:
            out[column] = [in_language(r, column, lang) for r in records]
    return out.drop(columns=[f"{c}_id" for c in BILINGUAL_COLUMNS if f"{c}_id" in out])


def discrepancy_ids(links: pd.DataFrame, indicator_id: str, year: int | None = None) -> str:
    """Comma-joined ids of the discrepancies linked to ``indicator_id`` (and ``year``), ``""`` if none."""
    mine = links[links["indicator_id"] == indicator_id]
    if year is not None:
        mine = mine[mine["year"].isna() | (mine["year"] == year)]
    return ", ".join(sorted(set(mine["discrepancy_id"])))


def discrepancy_notes(ds: Dataset, ids: Iterable[str]) -> pd.DataFrame:
    """``discrepancy_id``, ``kind``, ``location`` and ``note`` (the latter two in the reader's
    language, see :func:`localized_discrepancies`) of the discrepancies named in ``ids``.

    ``ids`` may hold comma-joined lists as in the ``discrepancies`` column of
    :func:`iku_scorecard`; order follows ``discrepancies.csv``.

    Raises:
        ValueError: an id that is not in ``discrepancies.csv``.
    """
    wanted = {part.strip() for item in ids if isinstance(item, str) for part in item.split(",") if part.strip()}
    disc = ds.tables["discrepancies"]
    unknown = wanted - set(disc["discrepancy_id"])
    if unknown:
        raise ValueError(f"unknown discrepancy_id(s) {sorted(unknown)}: not in discrepancies.csv")
    rows = localized_discrepancies(disc[disc["discrepancy_id"].isin(wanted)])
    return rows[["discrepancy_id", "kind", "location", "note"]].reset_index(drop=True)


def iku_scorecard(ds: Dataset, entity: str, year: int, *, method: str = "report") -> pd.DataFrame:
    """One row per IKU of ``entity`` for ``year``.

    Columns: ``misi_no``, ``sasaran_id``, ``sasaran_no``, ``sasaran``, ``iku_no``,
    ``indicator_id``, ``name``, ``name_en``, ``unit``, ``polarity``, ``target_text``, ``target``,
    ``realisasi_text``, ``realisasi``, ``capaian_printed_text``, ``capaian_printed``, ``capaian``
    (recomputed with ``method``), ``achieved``, ``rule``, ``status``, ``note``,
    ``capaian_matches`` (the printed capaian rounds to the recomputed one at 2 decimals; ``None``
    when either is missing), ``predicate``, ``label`` (``"1. Nilai AKIP"``) for charts, and:

    * ``realisasi_previous`` / ``realisasi_previous_text``: the annual realisasi of ``year − 1``
      when the data hold it; ``yoy_change`` = realisasi − realisasi_previous (in the indicator's
      unit, percent points for a percentage); ``yoy_direction`` judged by polarity with
      :func:`~lkip_helpers.measurement.yoy_change` (``improved`` / ``worsened`` / ``unchanged``
      at 2 decimals; empty when either value is missing or the indicator is categorical);
    * ``discrepancies``: comma-joined ids of the known discrepancies about the IKU in ``year``
      (:func:`discrepancy_links`), ``""`` when none.

    The status follows the recomputed capaian, so a printed capaian that does not follow from its
    inputs (a known discrepancy) does not decide the status.

    Raises:
        ParameterError: unknown entity or year.
    """
    ds.check_entity_year(entity, year)
    out = _iku_printed_values(ds, entity, year)
    _add_recomputed_capaian(out, method)
    out["label"] = [f"{int(n)}. {name}" for n, name in zip(out["iku_no"], out["name"])]
    out["predicate"] = [predicate(nm, r) for nm, r in zip(out["name"], out["realisasi"])]
    out = _add_previous_realisasi(out, ds, entity, year)
    links = discrepancy_links(ds)
    out["discrepancies"] = [discrepancy_ids(links, ind, year) for ind in out["indicator_id"]]
    cols = [
        "misi_no", "sasaran_id", "sasaran_no", "sasaran", "iku_no", "indicator_id", "name", "name_en", "unit",
        "polarity", "value_type", "target_text", "target", "target_measure", "realisasi_text", "realisasi",
        "capaian_printed_text", "capaian_printed", "capaian", "achieved", "rule", "status", "note",
        "capaian_matches", "predicate", "label", "realisasi_previous_text", "realisasi_previous", "yoy_change",
        "yoy_direction", "discrepancies",
    ]
    return out[cols].sort_values("iku_no").reset_index(drop=True)


def _iku_printed_values(ds: Dataset, entity: str, year: int) -> pd.DataFrame:
    """The IKU of ``entity`` with their sasaran and the printed target, realisasi and capaian of
    ``year`` (``capaian_printed``, ``capaian_printed_text``)."""
    ind = ds.tables["indicators"]
    iku = ind[(ind["entity_id"] == entity) & (ind["role"] == "iku")]
    sas = ds.tables["sasaran"][["sasaran_id", "misi_no", "sasaran_no", "name"]].rename(columns={"name": "sasaran"})
    iv = ds.tables["indicator_values"]
    vals = iv[(iv["entity_id"] == entity) & (iv["year"] == year) & (iv["period"] == "annual")]
    vals = vals[vals["indicator_id"].isin(iku["indicator_id"])]

    def measure(name: str) -> pd.DataFrame:
        m = vals[vals["measure"] == name][["indicator_id", "value", "value_text"]]
        column = name if name != "capaian" else "capaian_printed"
        return m.rename(columns={"value": column, "value_text": f"{column}_text"})

    return (
        iku[["indicator_id", "name", "name_en", "unit", "polarity", "value_type", "sasaran_id", "iku_no"]]
        .merge(sas, on="sasaran_id", how="left")
        .merge(year_target(vals).drop(columns="year"), on="indicator_id", how="left")
        .merge(measure("realisasi"), on="indicator_id", how="left")
        .merge(measure("capaian"), on="indicator_id", how="left")
    )


def _capaian_matches(printed: float, computed: float) -> bool | None:
    """Whether the printed capaian rounds to the recomputed one at 2 decimals (``None`` if either is missing)."""
    if pd.isna(printed) or pd.isna(computed):
        return None
    return bool(round_half_up(computed, 2) == round_half_up(printed, 2))


def _add_recomputed_capaian(out: pd.DataFrame, method: str) -> None:
    """Add ``capaian`` (recomputed from the printed cells with ``method``), ``achieved``, ``rule``,
    ``note``, ``status`` and ``capaian_matches`` to ``out`` in place."""
    results = [
        capaian_from_text(t if isinstance(t, str) else None, r if isinstance(r, str) else None, p, method)
        for t, r, p in zip(out["target_text"], out["realisasi_text"], out["polarity"])
    ]
    out["capaian"] = [res.value for res in results]
    out["achieved"] = [res.achieved for res in results]
    out["rule"] = [res.rule for res in results]
    out["note"] = [res.note for res in results]
    out["status"] = [res.status for res in results]
    out["capaian"] = pd.to_numeric(out["capaian"], errors="coerce").astype(float)
    out["capaian_matches"] = [_capaian_matches(p, c) for p, c in zip(out["capaian_printed"], out["capaian"])]


def _add_previous_realisasi(out: pd.DataFrame, ds: Dataset, entity: str, year: int) -> pd.DataFrame:
    """``out`` with the annual realisasi of ``year - 1`` (``realisasi_previous``, ``…_text``) and
    the year-on-year ``yoy_change`` and ``yoy_direction``."""
    iv = ds.tables["indicator_values"]
    prev = iv[(iv["entity_id"] == entity) & (iv["year"] == year - 1) & (iv["period"] == "annual")
              & (iv["measure"] == "realisasi")]
    prev = prev[["indicator_id", "value", "value_text"]].drop_duplicates("indicator_id")
    out = out.merge(
        prev.rename(columns={"value": "realisasi_previous", "value_text": "realisasi_previous_text"}),
        on="indicator_id", how="left",
    )
    changes = [yoy_change(p, c, pol) for p, c, pol in zip(out["realisasi_previous"], out["realisasi"], out["polarity"])]
    out["realisasi_previous"] = pd.to_numeric(out["realisasi_previous"], errors="coerce").astype(float)
    out["yoy_change"] = pd.to_numeric(pd.Series([ch.change for ch in changes], index=out.index, dtype=object),
                                      errors="coerce").astype(float)
    out["yoy_direction"] = [ch.direction for ch in changes]
    return out


def iku_trajectory(ds: Dataset, entity: str, indicator_id: str) -> pd.DataFrame:
    """Baseline, yearly plan targets and realisasi of one indicator over the years, long format.

    Columns ``year``, ``measure`` (``baseline``, the target measures, ``realisasi``), ``value``,
    ``value_text``; numeric values only are plotted by the notebooks, text cells stay visible.
    """
    iv = ds.tables["indicator_values"]
    rows = iv[(iv["entity_id"] == entity) & (iv["indicator_id"] == indicator_id) & (iv["period"] == "annual")]
    keep = ["baseline", "realisasi", *TARGET_MEASURES]
    rows = rows[rows["measure"].isin(keep)]
    return rows[["year", "measure", "value", "value_text", "source_ref"]].sort_values(["year", "measure"]).reset_index(
        drop=True
    )


def iku_budget(ds: Dataset, entity: str, year: int) -> pd.DataFrame:
    """Pagu, realisasi, serapan and efisiensi of the programs behind each IKU, as printed.

    One row per printed budget line that names an IKU (``level`` ``program`` or ``iku``) from the
    numbered budget tables of the entity's report; columns ``indicator_id``, ``iku_no`` (of the
    indicator registry), ``level``, ``name``,
    ``unit_text``, ``pagu``, ``realisasi``, ``serapan_printed``, ``efisiensi_printed``,
    ``source_ref``, ``line_no``.
    """
    b = ds.tables["budgets"]
    b = b[(b["entity_id"] == entity) & (b["year"] == year) & b["indicator_id"].notna()]
    b = b[b["source_ref"].str.startswith("Tabel") & b["level"].isin(["program", "iku"])]
    wide = b.pivot_table(
        index=["source_ref", "line_no", "indicator_id", "level", "name"],
        columns="measure",
        values="value",
        aggfunc="first",
    ).reset_index()
    wide.columns.name = None
    units = b.drop_duplicates(["source_ref", "line_no"])[["source_ref", "line_no", "unit_text"]]
    wide = wide.merge(units, on=["source_ref", "line_no"], how="left")
    wide = wide.rename(columns={"serapan": "serapan_printed", "efisiensi": "efisiensi_printed"})
    for c in ("pagu", "realisasi", "serapan_printed", "efisiensi_printed"):
        if c not in wide.columns:
            wide[c] = float("nan")
    wide["iku_no"] = wide["indicator_id"].map(ds.indicators.set_index("indicator_id")["iku_no"])
    return wide[
        ["indicator_id", "iku_no", "level", "name", "unit_text", "pagu", "realisasi", "serapan_printed", "efisiensi_printed",
         "source_ref", "line_no"]
    ].sort_values(["source_ref", "line_no"]).reset_index(drop=True)


def entity_budget_total(ds: Dataset, entity: str, year: int) -> dict[str, object] | None:
    """The entity's own printed budget total for ``year``, or ``None`` when the report prints none.

    Taken from ``budgets`` rows of level ``total`` that belong to no IKU (``indicator_id`` empty):
    the first line of a numbered table (``Tabel 3.20`` TOTAL BELANJA of the Disdukcapil) before a
    figure stated in the text (the city's Bab III.C programme total). Returns ``name``, ``pagu``,
    ``realisasi``, ``serapan`` (realisasi / pagu × 100, recomputed), ``source_ref``.

    Programs behind several IKU are listed under each IKU, so a sum over IKU can exceed this total.
    """
    b = ds.tables["budgets"]
    b = b[(b["entity_id"] == entity) & (b["year"] == year) & (b["level"] == "total") & b["indicator_id"].isna()]
    b = b[b["measure"].isin(["pagu", "realisasi"]) & b["value"].notna()]
    if b.empty:
        return None
    lines = b[["source_ref", "line_no"]].drop_duplicates()
    lines = lines.assign(_text=~lines["source_ref"].str.startswith("Tabel"))
    lines = lines.sort_values(["_text", "source_ref", "line_no"])
    ref, line = lines.iloc[0]["source_ref"], lines.iloc[0]["line_no"]
    rows = b[(b["source_ref"] == ref) & (b["line_no"] == line)]
    amounts = rows.set_index("measure")["value"]
    pagu, real = amounts.get("pagu"), amounts.get("realisasi")
    return {
        "name": rows["name"].iloc[0],
        "pagu": None if pagu is None else float(pagu),
        "realisasi": None if real is None else float(real),
        "serapan": float(real) / float(pagu) * 100.0 if pagu and real is not None else None,
        "source_ref": ref,
    }


def trajectories(ds: Dataset, entity: str, card: pd.DataFrame) -> pd.DataFrame:
    """Plot-ready trajectories of the IKU in ``card``: ``label``, ``year``, ``kind``, ``value``.

    ``kind`` is ``baseline``, ``target`` (the year's target, see :func:`year_target`) or
    ``realisasi``; rows whose printed cell is text (``N/A``, ``WTP``) have no value and are left
    for the table beside the chart.
    """
    iv = ds.tables["indicator_values"]
    v = iv[(iv["entity_id"] == entity) & (iv["period"] == "annual") & iv["indicator_id"].isin(card["indicator_id"])]
    targets = year_target(v).rename(columns={"target": "value"}).assign(kind="target")[["indicator_id", "year", "kind", "value"]]
    other = v[v["measure"].isin(["baseline", "realisasi"])].rename(columns={"measure": "kind"})[
        ["indicator_id", "year", "kind", "value"]
    ]
    out = pd.concat([targets, other], ignore_index=True)
    labels = card.set_index("indicator_id")["label"]
    out["label"] = out["indicator_id"].map(labels)
    order = {k: i for i, k in enumerate(card["indicator_id"])}
    out["_o"] = out["indicator_id"].map(order)
    return out.sort_values(["_o", "year", "kind"]).drop(columns="_o").reset_index(drop=True)
