"""Draft the report workbook from a report's PDF or text (``lkip extract``).

:func:`extract_report` reads the report (:mod:`.text_source`), finds its tables (:mod:`.table_finder`)
and builds the frames of the workbook's sheets: the IKU with their sasaran and misi from the
measurement table(s), their Perjanjian Kinerja targets (per quarter when printed), their realisasi and
capaian, and the budget per program. Every value is written as printed, with its provenance (table,
page and line) in ``source_ref``; every cell read gets a confidence (:class:`CellRecord`). What could
not be read — an unreadable number such as ``.882.346``, a missing value, a value two tables print
differently — is left blank and listed on the review sheet (``Periksa``) with the reason, never
guessed. Polarity is suggested, from which formula reproduces the printed capaian (realisasi/target
or target/realisasi) and from the indicator's name, and listed on the review sheet as a suggestion;
so are the entity and year when they are read from a title rather than given.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from lkip_helpers.data.i18n import Message
from lkip_helpers.data.numbers import NumberParseError, parse_cell, printed_resolution

from .plan_targets import name_similarity, plan_cells, plan_measure
from .table_finder import BudgetRow, IndicatorRow, Table, find_tables, looked_for
from .text_source import Line, Source, read_source
from .workbook_schema import FIRST_DATA_ROW, REVIEW_SHEET, SHEETS, sheet

__all__ = ["CellRecord", "Extraction", "NoTableError", "extract_report", "suggest_polarity", "write_draft"]

#: confidence of a value read from a complete row of a recognised table
_SURE = 0.95
_UNITS = {"persen": "%", "%": "%", "nilai": "nilai", "indeks": "indeks", "nilai / indeks": "nilai",
          "nilai/indeks": "nilai", "opini": "opini", "prestasi": "prestasi", "predikat": "predikat",
          "rupiah": "rupiah", "rp": "rupiah", "jiwa": "jiwa", "orang": "orang", "kasus": "kasus",
          "dokumen": "dokumen", "laporan": "laporan", "rasio": "rasio", "unit": "unit", "hari": "hari",
          "titik": "titik", "km": "km", "tahun": "tahun"}
_LOWER_WORDS = ("kemiskinan", "pengangguran", "inflasi", "risiko", "gini", "kematian", "stunting", "kasus",
                "kecelakaan", "kemacetan", "pelanggaran", "kumuh", "ketimpangan", "kriminalitas")
_DECREASE_WORDS = ("penurunan", "menurunnya", "berkurangnya")


class NoTableError(ValueError):
    """The report has no table the extractor recognises."""


@dataclass(frozen=True)
class CellRecord:
    """One cell the extractor filled: sheet, frame row (0-based), column key, value, where it was
    read and how sure the extractor is (0-1)."""

    sheet: str
    row: int
    column: str
    value: object
    source: str
    confidence: float


@dataclass
class Extraction:
    """The draft: sheet frames, review rows, the tables found, the cells filled with their confidence."""

    source: Source
    frames: dict[str, pd.DataFrame]
    review: pd.DataFrame
    tables: list[Table]
    cells: list[CellRecord] = field(default_factory=list)
    entity_id: str = ""
    year: int | None = None

    @property
    def indicators(self) -> pd.DataFrame:
        """The IKU sheet's frame."""
        return self.frames["IKU"]


@dataclass
class _Indicator:
    row: IndicatorRow
    table: Table
    indicator_id: str = ""
    sasaran_id: str = ""
    target: tuple[str, Line, Table] | None = None
    pk_target: tuple[str, Line, Table] | None = None
    periods: dict[str, tuple[str, Line, Table]] = field(default_factory=dict)
    unit: str | None = None


class _Builder:
    def __init__(self, source: Source, entity: str | None, year: int | None) -> None:
        self.source = source
        self.entity = entity
        self.year = year
        self.rows: dict[str, list[dict]] = {spec.name: [] for spec in SHEETS}
        self.cells: list[CellRecord] = []
        self.review: list[dict] = []

    # -- bookkeeping ---------------------------------------------------------------------------
    def add(self, sheet_name: str, record: dict, where: str, confidence: float = _SURE) -> int:
        index = len(self.rows[sheet_name])
        self.rows[sheet_name].append(record)
        for key, value in record.items():
            if value is not None and key != "source_ref":
                self.cells.append(CellRecord(sheet_name, index, key, value, where, confidence))
        return index

    def flag(self, sheet_name: str, row: int | None, column: str, value: object, reason: str, where: str) -> None:
        """A review row: the cell (``IKU!G3``; the sheet alone when the row was left out)."""
        cell = sheet_name
        if row is not None:
            keys = [c.key for c in sheet(sheet_name).columns]
            letter = chr(ord("A") + keys.index(column)) if column in keys else ""
            cell = f"{sheet_name}!{letter}{FIRST_DATA_ROW + row}"
        header = sheet(sheet_name).column(column).header if column in [c.key for c in
                                                                        sheet(sheet_name).columns] else column
        self.review.append({"sheet": sheet_name, "cell": cell, "column": header,
                            "value": "" if value is None else str(value), "reason": reason, "source": where})


def _slug(text: str, words: int = 8) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    parts = re.findall(r"[a-z0-9]+", ascii_text.lower())
    return "-".join(parts[:words]) or "x"


def _key(name: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", name.lower()))


def _ref(table: Table, line: Line) -> str:
    return f"{table.label()} ({line.where()})"


def _number(text: str | None) -> float | None:
    if text is None:
        return None
    try:
        return parse_cell(text).number
    except NumberParseError:
        return None


def _readable(text: str | None) -> tuple[bool, str]:
    """Whether a printed value can go into the workbook as printed; the reason when not."""
    if text is None or not text.strip():
        return False, "not printed"
    try:
        cell = parse_cell(text)
    except NumberParseError as exc:
        return False, f"unreadable number ({exc.reason}; a digit may have been lost in the conversion)"
    if cell.is_missing:
        return False, f"printed as {text!r} (no value)"
    return True, ""


def suggest_polarity(name: str, target: str | None, realisasi: str | None,
                     capaian: str | None) -> tuple[str, str]:
    """A polarity for an indicator and why: categorical when the target is printed as text (``WTP``);
    else the formula that reproduces the printed capaian (realisasi/target × 100 → higher is better,
    target/realisasi × 100 → lower is better); else the words of its name (``Angka Kemiskinan`` →
    lower; ``Persentase Penurunan ...`` → higher)."""
    t, r, c = _number(target), _number(realisasi), _number(capaian)
    if target and t is None and _readable(target)[0]:
        return "categorical", f"the target is printed as text ({target!r}), not as a number"
    if t and r and c is not None:
        res = [printed_resolution(x) or 0.01 for x in (target, realisasi, capaian)]
        higher, lower = r / t * 100, t / r * 100
        tolerance = abs(c) * (res[0] / 2 / abs(t) + res[1] / 2 / abs(r)) + res[2] / 2 + 1e-9
        fits_higher, fits_lower = abs(higher - c) <= tolerance, abs(lower - c) <= tolerance
        if fits_higher and not fits_lower:
            return "higher_is_better", f"capaian {capaian} = realisasi/target × 100"
        if fits_lower and not fits_higher:
            return "lower_is_better", f"capaian {capaian} = target/realisasi × 100"
    words = _key(name)
    if any(w in words for w in _DECREASE_WORDS):
        return "higher_is_better", "name counts a decrease (penurunan): a larger decrease is better"
    if any(w in words for w in _LOWER_WORDS) and "cakupan" not in words:
        return "lower_is_better", "name names something to reduce"
    return "higher_is_better", "no formula reproduces the printed capaian; the name suggests more is better"


def _entity_from_title(title: str) -> str | None:
    m = re.search(r"capaian\s+kinerja\s+(?:sasaran\s+|utama\s+)?(.+?)\s+tahun\s+(?:anggaran\s+)?20\d\d", title,
                  re.IGNORECASE)
    if not m:
        return None
    return re.sub(r"^pemerintah\s+", "", m.group(1).strip(), flags=re.IGNORECASE)


def is_abbreviation(word: str, name: str) -> bool:
    """Whether ``word`` can be an Indonesian abbreviation of ``name``: it starts as the name's first
    word does and its letters follow one another through the name's letters (``Disdukcapil`` in
    *Dinas Kependudukan dan Pencatatan Sipil*, ``Bappeda`` in *Badan Perencanaan Pembangunan
    Daerah*)."""
    letters = re.sub(r"[^a-z]", "", name.lower())
    word = word.lower()
    if len(word) < 4 or not letters.startswith(word[:2]) or word in name.lower().split():
        return False
    rest = iter(letters)
    return all(ch in rest for ch in word)


def _entity_id(name: str, lines: Iterable[Line]) -> str:
    """A short id for ``name``: a perangkat daerah's abbreviation as the report prints it (the most
    frequent word of the text that abbreviates the office's name, seen at least three times),
    followed by its region (``disdukcapil-kota-bekasi``); else the name's first words."""
    m = re.match(r"(.+?)\s+((?:kota|kabupaten|provinsi)\s+.+)$", name, re.IGNORECASE)
    if not m or _level(name) != "perangkat_daerah":
        return _slug(name, 12)
    office, region = m.group(1), m.group(2)
    counts: dict[str, int] = {}
    for line in lines:
        for word in re.findall(r"\b[A-Z][A-Za-z]{3,}\b", " ".join(line.texts)):
            counts[word.lower()] = counts.get(word.lower(), 0) + 1
    candidates = [(n, w) for w, n in counts.items() if n >= 3 and is_abbreviation(w, office)]
    if not candidates:
        return _slug(name, 12)
    return _slug(f"{max(candidates)[1]} {region}", 12)


def _level(name: str) -> str:
    low = name.lower()
    if low.startswith("kota"):
        return "kota"
    if low.startswith("kabupaten"):
        return "kabupaten"
    if low.startswith("provinsi"):
        return "provinsi"
    return "perangkat_daerah"


def extract_report(path: Path | str, entity: str | None = None, year: int | None = None) -> Extraction:
    """Read the report at ``path`` and build the draft workbook's frames and review rows.

    Raises:
        SourceError: the file cannot be read (missing, encrypted, image-only, not text).
        NoTableError: no measurement, Perjanjian Kinerja or budget table was found.
    """
    source = read_source(path)
    tables = find_tables(source)
    if not tables:
        raise NoTableError(Message("{file}: no table recognised; looked for {tables}", file=str(source.path),
                                   tables=looked_for))
    b = _Builder(source, entity, year)
    measurement = [t for t in tables if t.kind == "measurement"]
    title = measurement[0].title if measurement else tables[0].title
    _identify(b, title, measurement[0] if measurement else tables[0])
    indicators = _indicators(b, measurement, [t for t in tables if t.kind == "targets"])
    _fill_indicator_sheets(b, indicators)
    _fill_budget(b, [t for t in tables if t.kind == "budget"], indicators)
    _fill_plan(b, [t for t in tables if t.kind == "plan"], indicators)
    frames = {spec.name: pd.DataFrame(b.rows[spec.name], columns=[c.key for c in spec.columns])
              for spec in SHEETS}
    review = pd.DataFrame(b.review, columns=[c.key for c in REVIEW_SHEET.columns])
    return Extraction(source, frames, review, tables, b.cells, b.entity or "", b.year)


def _identify(b: _Builder, title: str, table: Table) -> None:
    where = f"{table.label()} ({table.start.where()})"
    name = _entity_from_title(title)
    confidence = _SURE if b.entity is not None and b.year is not None else 0.6
    if b.year is None:
        m = re.search(r"\b(20\d\d)\b", title)
        if m:
            b.year = int(m.group(1))
            b.flag("Dokumen", 0, "report_year", b.year, f"year read from the title of {table.label()}: check",
                   where)
        else:
            b.flag("Dokumen", 0, "report_year", None, "no year in the table's title: give --year or fill it in",
                   where)
    if b.entity is None:
        b.entity = _entity_id(name, b.source.lines) if name else "entitas"
        b.flag("Entitas", 0, "entity_id", b.entity,
               f"entity read from the title of {table.label()}: check the id and name" if name
               else "no entity in the table's title: give --entity or fill it in", where)
    entity_name = name or b.entity
    level = _level(entity_name)
    b.add("Entitas", {"entity_id": b.entity, "name": entity_name, "level": level}, where, confidence)
    b.flag("Entitas", 0, "level", level, "level suggested from the entity's name", where)
    b.add("Dokumen", {"document_id": f"lkip-{b.entity}-{b.year or 'tahun'}",
                      "title": f"Laporan Kinerja Instansi Pemerintah {entity_name} {b.year or ''}".strip(),
                      "report_year": b.year, "source_file": b.source.path.name}, where, confidence)


def _indicators(b: _Builder, measurement: list[Table], targets: list[Table]) -> list[_Indicator]:
    found: dict[str, _Indicator] = {}
    for number, table in enumerate(measurement):
        for row in table.rows:
            key = _key(row.name)
            known = found.get(key)
            if known is None:
                item = _Indicator(row, table)
                item.target = (row.values.get("target"), row.lines[0], table) if "target" in row.values else None
                item.unit = _unit(row.values.get("satuan"), row.values)
                found[key] = item
                if number:
                    b.review.append({"sheet": "IKU", "cell": "IKU", "column": "Indikator Kinerja Utama",
                                     "value": row.name, "source": _ref(table, row.lines[0]),
                                     "reason": f"only in {table.label()}, not in the first measurement table "
                                               f"({measurement[0].label()}): an IKU, a sub-indicator or a "
                                               "supporting indicator?"})
                continue
            known.unit = known.unit or _unit(row.values.get("satuan"), row.values)
            for role in ("target", "realisasi", "capaian"):
                mine, theirs = known.row.values.get(role), row.values.get(role)
                if mine and theirs and _number(mine) != _number(theirs) and _key(mine) != _key(theirs):
                    b.review.append({"sheet": "Realisasi" if role != "target" else "Target", "cell": "",
                                     "column": role, "value": theirs, "source": _ref(table, row.lines[0]),
                                     "reason": f"{table.label()} prints {theirs!r}, {known.table.label()} "
                                               f"prints {mine!r} (kept)"})
    items = list(found.values())
    for table in targets:
        for row in table.rows:
            match = found.get(_key(row.name))
            if match is None and items:
                best = max(items, key=lambda item: name_similarity(item.row.name, row.name))
                if name_similarity(best.row.name, row.name) >= 0.5:
                    match = best
            if match is None:
                match = _Indicator(row, table)
                found[_key(row.name)] = match
                items.append(match)
                b.review.append({"sheet": "IKU", "cell": "IKU", "column": "Indikator Kinerja Utama",
                                 "value": row.name, "source": _ref(table, row.lines[0]),
                                 "reason": f"in {table.label()} (Perjanjian Kinerja) but in no measurement table"})
            if "target" in row.values:
                match.pk_target = (row.values["target"], row.lines[0], table)
            match.periods.update({p: (v, row.lines[-1], table) for p, v in row.periods.items()})
            match.unit = match.unit or _unit(row.values.get("satuan"), row.values)
            if match.row.iku_no is None and row.iku_no is not None and table is targets[0] and \
                    row.sasaran_no is not None and len(targets[0].rows) > 3:
                match.row.iku_no = row.iku_no
    return items


def _unit(satuan: str | None, values: dict[str, str]) -> str | None:
    if satuan:
        return _UNITS.get(satuan.strip().lower(), satuan.strip())
    if any((v or "").rstrip().endswith("%") for k, v in values.items() if k in ("target", "realisasi")):
        return "%"
    return None


def _fill_indicator_sheets(b: _Builder, items: list[_Indicator]) -> None:
    misi: dict[int, tuple[str, str]] = {}
    sasaran: dict[str, str] = {}
    used: set[str] = set()
    for number, item in enumerate(items, start=1):
        row, table = item.row, item.table
        where = _ref(table, row.lines[0])
        if row.misi_no is not None and row.misi_no not in misi and row.misi:
            misi[row.misi_no] = (row.misi, where)
        text = row.sasaran or ""
        if _key(text) not in sasaran:
            no = row.sasaran_no if row.sasaran_no is not None else len(sasaran) + 1
            sid = f"{b.entity}-s{no:02d}"
            while sid in sasaran.values():
                sid += "x"
            sasaran[_key(text)] = sid
            index = b.add("Sasaran", {"sasaran_id": sid, "misi_no": row.misi_no, "sasaran_no": no,
                                      "name": text or None, "source_ref": where}, where)
            if not text:
                b.flag("Sasaran", index, "name", None, f"{table.label()} prints no sasaran for this IKU", where)
        item.sasaran_id = sasaran[_key(text)]
        iid = f"{b.entity}-{_slug(row.name, 6)}"
        while iid in used:
            iid += "-2"
        used.add(iid)
        item.indicator_id = iid
        values = row.values
        polarity, why = suggest_polarity(row.name, values.get("target"), values.get("realisasi"),
                                         values.get("capaian"))
        confidence = _SURE if not row.notes else 0.7
        index = b.add("IKU", {"indicator_id": iid, "iku_no": row.iku_no if row.iku_no is not None else number,
                              "name": row.name, "sasaran_id": item.sasaran_id, "unit": item.unit,
                              "role": "iku" if item.table is items[0].table else None,
                              "polarity": polarity, "source_ref": where}, where, confidence)
        b.flag("IKU", index, "polarity", polarity, f"suggestion: {why}", where)
        if row.iku_no is None:
            b.flag("IKU", index, "iku_no", number, "IKU number not printed: numbered in the order of the table",
                   where)
        if item.unit is None:
            b.flag("IKU", index, "unit", None, "unit (satuan) not printed in the tables read", where)
        for note in row.notes:
            b.flag("IKU", index, "name", row.name, f"check the row: {note}", _ref(table, row.lines[-1]))
        _fill_values(b, item)
    for no, (name, where) in sorted(misi.items()):
        b.add("Misi", {"misi_no": no, "name": name, "source_ref": where}, where)


def _fill_values(b: _Builder, item: _Indicator) -> None:
    row = item.row
    chosen = item.pk_target or item.target
    if item.pk_target and item.target and _number(item.pk_target[0]) != _number(item.target[0]) \
            and _key(item.pk_target[0]) != _key(item.target[0]):
        b.flag("Target", None, "value_text", item.target[0],
               f"{item.target[2].label()} prints target {item.target[0]!r}; the Perjanjian Kinerja "
               f"({item.pk_target[2].label()}) prints {item.pk_target[0]!r} (kept)", _ref(item.target[2], item.target[1]))
    targets = [("annual", chosen)] + sorted(item.periods.items())
    for period, printed in targets:
        if printed is None:
            if period == "annual":
                b.flag("Target", None, "value_text", None, f"no target printed for {row.name!r}",
                       _ref(item.table, row.lines[0]))
            continue
        text, line, table = printed
        ok, why = _readable(text)
        if not ok:
            if period == "annual" or "unreadable" in why:
                b.flag("Target", None, "value_text", text, f"{row.name} ({period}): {why}; left out",
                       _ref(table, line))
            continue
        b.add("Target", {"indicator_id": item.indicator_id, "year": b.year, "period": period,
                         "measure": "target_pk", "value_text": text, "source_ref": _ref(table, line)},
              _ref(table, line))
    realisasi, capaian = row.values.get("realisasi"), row.values.get("capaian")
    if "realisasi" not in row.values and "capaian" not in row.values:
        return
    where = _ref(item.table, row.lines[0])
    ok, why = _readable(realisasi)
    if not ok:
        b.flag("Realisasi", None, "realisasi", realisasi, f"{row.name}: realisasi {why}; row left out", where)
        return
    record = {"indicator_id": item.indicator_id, "year": b.year, "period": "annual", "realisasi": realisasi,
              "capaian": None, "source_ref": where}
    ok_c, why_c = _readable(capaian)
    confidence = _SURE if not row.notes else 0.7
    if ok_c:
        record["capaian"] = capaian
    index = b.add("Realisasi", record, where, confidence)
    if not ok_c and capaian is not None:
        b.flag("Realisasi", index, "capaian", capaian, f"capaian {why_c}; left blank", where)


def _fill_budget(b: _Builder, tables: list[Table], items: list[_Indicator]) -> None:
    seen: set[tuple[str, str]] = set()
    for table in tables:
        for row in table.rows:
            assert isinstance(row, BudgetRow)
            where = _ref(table, row.line)
            if row.level == "total":
                continue
            served = row.indicator or _indicator_in_title(table.title)
            key = (row.level, _key(row.name), served, row.pagu, row.realisasi)
            if key in seen:
                continue  # the same table printed twice
            seen.add(key)
            indicator_id = None
            if served and items:
                best = max(items, key=lambda item: name_similarity(item.row.name, served))
                if name_similarity(best.row.name, served) >= 0.5:
                    indicator_id = best.indicator_id
            name, unit_text = row.name, None
            m = re.fullmatch(r"(.+?)\s*\(([^()]+)\)", row.name)
            if m and table.header.roles.count("program") + table.header.roles.count("indicator") == 2:
                name, unit_text = m.group(1), m.group(2)  # the office that runs it, printed after the name
            record = {"level": row.level, "name": name, "unit_text": unit_text, "indicator_id": indicator_id,
                      "year": b.year,
                      "pagu": None, "realisasi": None, "source_ref": where}
            problems = []
            for column, text in (("pagu", row.pagu), ("realisasi", row.realisasi)):
                ok, why = _readable(text)
                if ok:
                    record[column] = text
                else:
                    problems.append((column, text, why))
            index = b.add("Anggaran", record, where, _SURE if indicator_id or not served else 0.7)
            for column, text, why in problems:
                b.flag("Anggaran", index, column, text, f"{why}; left blank", where)
            if row.doubt and record["realisasi"] is not None:
                b.flag("Anggaran", index, "realisasi", row.realisasi, row.doubt, where)
            if served and indicator_id is None:
                b.flag("Anggaran", index, "indicator_id", served,
                       "the indicator this program serves matches no IKU read", where)


def _plan_match(items: list[_Indicator], name: str) -> _Indicator | None:
    """The indicator read from the measurement tables that a plan row names (same words, or most)."""
    best = max(items, key=lambda item: name_similarity(item.row.name, name), default=None)
    return best if best is not None and name_similarity(best.row.name, name) >= 0.75 else None


def _fill_plan(b: _Builder, tables: list[Table], items: list[_Indicator]) -> None:
    """The plan targets and baselines of every plan table, on the Target sheet; a second printing
    of the same target with another value is listed for review (the first is kept)."""
    level = b.rows["Entitas"][0]["level"] if b.rows["Entitas"] else "kota"
    kept: dict[tuple[str, int, str], tuple[str, str]] = {}
    for row in b.rows["Target"]:
        kept[(row["indicator_id"], row["year"], row["measure"])] = (row["value_text"], row["source_ref"])
    for table in tables:
        measure, guess = plan_measure(table.title, table.context, level)
        where_table = _ref(table, table.start)
        if guess:
            b.flag("Target", None, "measure", measure, f"{table.label()}: {guess}", where_table)
        for row in table.rows:
            where = _ref(table, row.lines[0])
            item = _plan_match(items, row.name)
            if item is None:
                b.flag("Target", None, "indicator_id", row.name, "a plan target row that matches no IKU read; "
                       "left out", where)
                continue
            for cell in plan_cells(row.values, measure):
                _add_plan_cell(b, item, cell.measure, cell.year, cell.text, where, kept)


def _add_plan_cell(b: _Builder, item: _Indicator, measure: str, year: int, text: str, where: str,
                   kept: dict[tuple[str, int, str], tuple[str, str]]) -> None:
    ok, why = _readable(text)
    if not ok:
        if "no value" not in why:
            b.flag("Target", None, "value_text", text, f"{item.row.name} {measure} {year}: {why}; left out", where)
        return
    if measure == "baseline" and item.unit == "%" and (re.search(r"\bRp", text) or abs(_number(text) or 0) >= 1000):
        measure = "baseline_other_unit"  # a baseline printed as an amount for a percentage indicator
        b.flag("Target", None, "measure", text, f"{item.row.name}: the baseline is printed as an amount, not in %; "
               "kept as baseline_other_unit", where)
    key = (item.indicator_id, year, measure)
    if key in kept:
        if _number(kept[key][0]) != _number(text) or _key(kept[key][0]) != _key(text):
            b.flag("Target", None, "value_text", text,
                   f"{item.row.name} {measure} {year}: printed {text!r} here and {kept[key][0]!r} in "
                   f"{kept[key][1]} (the first kept)", where)
        return
    kept[key] = (text, where)
    b.add("Target", {"indicator_id": item.indicator_id, "year": year, "period": "annual", "measure": measure,
                     "value_text": text, "source_ref": where}, where)


def _indicator_in_title(title: str) -> str | None:
    """The indicator a budget table serves when its title names it (``... untuk Indikator X``)."""
    m = re.search(r"\bindikator\s+(.{6,})$", title, re.IGNORECASE)
    return m.group(1).strip() if m else None


def write_draft(extraction: Extraction | None, path: Path | str) -> None:
    """Write the draft workbook (an empty template with an empty review sheet when ``extraction`` is
    ``None``), atomically."""
    from .workbook_writer import write_workbook

    if extraction is None:
        write_workbook(path, {}, review=pd.DataFrame(columns=[c.key for c in REVIEW_SHEET.columns]))
        return
    write_workbook(path, extraction.frames, review=extraction.review)
