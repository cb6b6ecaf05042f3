"""Find the tables of an LKIP in its lines: by their header words, not by their number or position.

Three kinds of table are recognised (:func:`find_tables`):

* ``measurement`` — the Pengukuran / Capaian Kinerja table: an indicator column and TARGET, REALISASI
  and CAPAIAN columns (one group of them: tables that compare several years repeat the group and are
  left out);
* ``targets`` — the Perjanjian Kinerja table: an indicator column and a TARGET column, under a title
  naming the Perjanjian (or Penetapan) Kinerja; quarterly targets (Triwulan I-IV) are kept per period;
* ``budget`` — budget realisation per program: a PAGU/ANGGARAN (or program and target) column and a
  REALISASI column;
* ``plan`` — the plan's targets over several years (RPJMD, Renstra, RPD: ``Tabel 2.2 Target Indikator
  Kinerja Utama``): an indicator column and a column per year (the years printed in the header or on
  the line under it), with the baseline (``KONDISI AWAL (2018)``, ``BASELINE``) and the end target
  (``KONDISI AKHIR``) where printed; roles ``y<year>``, ``b<year>`` (or ``baseline``) and ``final``.

A table runs from its header to its source note (``Sumber ...``), the next table, or the first line of
prose; a header repeated after a page break continues the table, and column-number lines (``1 2 3``),
separator lines, page numbers and running headers or footers are skipped. A row of a measurement or
target table becomes an :class:`IndicatorRow` (an IKU), a misi or sasaran heading sets the misi or
sasaran of the rows under it, and a line of text only continues the cell above it (a row printed over
two lines or across a page break).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from lkip_helpers.data.i18n import Message
from lkip_helpers.data.numbers import NumberParseError, parse_cell

from .text_source import Cell, Line, Source

__all__ = ["BudgetRow", "Header", "IndicatorRow", "Table", "find_tables", "furniture", "looked_for"]

#: what the finder looks for, in one sentence (for the message when it finds nothing)
looked_for = Message("a measurement table (columns INDIKATOR/IKU, TARGET, REALISASI, CAPAIAN), a Perjanjian Kinerja "
              "table (INDIKATOR and TARGET under a 'Perjanjian Kinerja' title) or a budget table "
              "(PAGU/ANGGARAN and REALISASI per program)")

_VALUE_ROLES = ("satuan", "target", "realisasi", "capaian", "pagu", "period", "other")
_MISI = re.compile(r"^(?:target\s+)?misi\s*(?:ke\s*)?([IVXLC]+|\d+)?\s*[:.]?\s*(.*)$", re.IGNORECASE)
_SASARAN = re.compile(r"^sasaran(?:\s+strategis)?\s*(\d+)?\s*[:.]?\s*(.*)$", re.IGNORECASE)
_NUMBERED = re.compile(r"^(\d{1,3})[.)]?\s+(\S.*)$")
_BARE_NUMBER = re.compile(r"^(\d{1,3})[.)]?$")
_PERIOD = re.compile(r"^(?:triwulan|tw)\s*(I{1,3}|IV|[1-4])$|^semester\s*(I{1,2}|[12])$", re.IGNORECASE)
_PAGE_NUMBER = re.compile(r"^(?:hal(?:aman)?\.?\s*)?[-–]?\s*(?:\d{1,4}|[ivxlc]{1,7})\s*[-–]?$", re.IGNORECASE)
_TITLE = re.compile(r"^\**\s*tab(?:el|le)\s+\d", re.IGNORECASE)
_PROSE_LENGTH = 160
_YEAR = re.compile(r"^(19|20)\d\d$")
_PLAN_ROLE = re.compile(r"^(y\d{4}|b\d{4}|baseline|final)$")
_BASELINE = re.compile(r"kondisi\s+awal|baseline|^awal\b|capaian\s+awal", re.IGNORECASE)
_FINAL = re.compile(r"kondisi\s+akhir|^akhir\b|target\s+akhir", re.IGNORECASE)


@dataclass(frozen=True)
class Header:
    """A table header: one role per column (``no``, ``sasaran``, ``indicator``, ``satuan``, ``target``,
    ``realisasi``, ``capaian``, ``pagu``, ``program``, ``period``, ``text`` or ``other``), the columns'
    texts and positions."""

    roles: tuple[str, ...]
    texts: tuple[str, ...]
    positions: tuple[float, ...]

    def trailing(self) -> tuple[str, ...]:
        """The roles of the value columns after the indicator (or program) column."""
        anchor = "indicator" if "indicator" in self.roles else "program"
        start = self.roles.index(anchor) + 1 if anchor in self.roles else 0
        return tuple(role for role in self.roles[start:] if role in _VALUE_ROLES or _PLAN_ROLE.match(role))

    def signature(self) -> tuple[str, ...]:
        return tuple(text.upper() for text in self.texts)


@dataclass
class IndicatorRow:
    """One IKU row: its name and number, sasaran and misi, printed values by role, and its lines."""

    name: str
    iku_no: int | None
    sasaran: str | None
    sasaran_no: int | None
    misi: str | None
    misi_no: int | None
    values: dict[str, str]
    periods: dict[str, str]
    lines: list[Line]
    notes: list[str] = field(default_factory=list)


@dataclass
class BudgetRow:
    """One row of a budget table: the indicator it serves (if printed), its name, level and amounts."""

    indicator: str | None
    name: str
    level: str
    pagu: str | None
    realisasi: str | None
    line: Line
    #: why the realisasi is a guess (a row printing more amounts than pagu and realisasi whose
    #: total could not be told), ``None`` when it is not
    doubt: str | None = None


@dataclass
class Table:
    """A table found in the source: its kind, title, header, first line and rows."""

    kind: str
    title: str
    header: Header
    start: Line
    rows: list = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    #: the line printed just above the header (what a table without a title is introduced by)
    context: str = ""

    def label(self) -> str:
        """The table's number (``Tabel 3.1``) or, without one, where it starts."""
        m = re.match(r"^\**\s*(tab(?:el|le)\s+[\d.]*\d)", self.title, re.IGNORECASE)
        return m.group(1).replace("Table", "Tabel") if m else f"table at {self.start.where()}"


def _role(text: str) -> str:
    u = re.sub(r"TAHUN\s+ANGGARAN", "TAHUN", text.upper().strip(" *"))  # a year heading, not a budget
    if re.fullmatch(r"NO\.?|NOMOR", u):
        return "no"
    for role, words in (("realisasi", ("REALISASI",)), ("capaian", ("CAPAIAN",)), ("target", ("TARGET",)),
                        ("pagu", ("PAGU", "ANGGARAN", "ALOKASI")), ("indicator", ("INDIKATOR",)),
                        ("sasaran", ("SASARAN",)), ("program", ("PROGRAM", "URAIAN", "KEGIATAN")),
                        ("period", ("TRIWULAN", "SEMESTER", "PERIODE"))):
        if any(word in u for word in words):
            return role
    if u in ("IKU", "IKK") or u.startswith("IKU "):
        return "indicator"
    if u in ("SATUAN", "SAT", "SAT."):
        return "satuan"
    if u.startswith(("MISI", "TUJUAN")):
        return "text"
    return "other"


def _is_number_line(line: Line) -> bool:
    """A column-numbering line (``1 2 3 4 5``), a separator (``-----``) or a units line (``Rp %``)."""
    texts = line.texts
    if all(re.fullmatch(r"-{3,}|={3,}", t) for t in texts):
        return True
    if all(re.fullmatch(r"\d{1,2}", t) for t in texts) and len(texts) >= 2:
        numbers = [int(t) for t in texts]
        return numbers == sorted(numbers) and numbers[-1] <= 20
    return all(t.upper() in ("RP", "RP.", "%", "(RP)", "(%)") for t in texts)


def _header_line(line: Line) -> bool:
    roles = [_role(t) for t in line.texts]
    return len(roles) >= 2 and sum(r not in ("other", "no", "text") for r in roles) >= 2 and not any(
        _value_like(t) and role in ("other", "text") and not re.fullmatch(r"(19|20)\d\d|\(?%\)?|RP", t.upper())
        for t, role in zip(line.texts, roles))


def _merge_header(first: Line, second: Line | None) -> Header:
    """The header of ``first``, with the role words of a second header line put in place of the group
    heading they stand under (``Tahun 2024`` over ``Target | Realisasi``)."""
    cells = list(first.cells)
    roles = [_role(c.text) for c in cells]
    if second is not None:
        extra = [c for c in second.cells if _role(c.text) not in ("other", "no")]
        merged: list[tuple[str, Cell]] = []
        for role, cell in zip(roles, cells):
            if role == "other" and extra:
                merged.extend((_role(c.text), c) for c in extra)
                extra = []
            else:
                merged.append((role, cell))
        merged.extend((_role(c.text), c) for c in extra)
        roles = [role for role, _ in merged]
        cells = [cell for _, cell in merged]
    return Header(tuple(roles), tuple(c.text for c in cells), tuple(c.pos for c in cells))


def _kind(header: Header, title: str) -> str | None:
    roles = header.roles
    if "realisasi" in roles and ("pagu" in roles or ("program" in roles and "target" in roles)):
        return "budget"
    if "indicator" not in roles or roles.count("target") > 1 and "period" not in roles:
        return None
    if "target" in roles and "realisasi" in roles and "capaian" in roles:
        return None if roles.count("realisasi") > 1 else "measurement"
    if "target" in roles and "realisasi" not in roles and re.search(
            r"perjanjian\s+kinerja|penetapan\s+kinerja", title, re.IGNORECASE):
        return "targets"
    return None


def _value_like(text: str) -> bool:
    """A printed value: a number, a missing marker, a short code (``WTP``, ``BB``) or a short text with
    digits (``30 TP, 10 TN``)."""
    try:
        cell = parse_cell(text)
    except NumberParseError:
        return True  # malformed numbers are values that cannot be read
    if cell.number is not None or cell.is_missing:
        return True
    if re.fullmatch(r"[A-Z]{1,4}[+-]?", text):
        return True
    return bool(re.search(r"\d", text)) and len(text) <= 40 and not re.search(r"[a-z]{4,}", text)


def _texty(text: str) -> bool:
    return bool(re.search(r"[A-Za-z]{3,}", text)) and not _value_like(text)


def furniture(source: Source) -> set[int]:
    """Keys (see :func:`_line_key`) of the lines of page furniture: page numbers, and running headers or footers (a short line
    printed, digits aside, at the top or bottom of many pages or many times in a text)."""
    skip = {_line_key(source, line) for line in source.lines
            if len(line.cells) == 1 and _PAGE_NUMBER.match(line.text)}
    if source.kind == "pdf":
        by_page: dict[int, list[Line]] = {}
        for line in source.lines:
            by_page.setdefault(line.page or 0, []).append(line)
        edges = Counter()
        for lines in by_page.values():
            for line in {id(x): x for x in lines[:2] + lines[-2:]}.values():
                edges[re.sub(r"\d+", "#", line.text)] += 1
        pages = len(by_page)
        repeated = {text for text, n in edges.items() if pages >= 2 and n >= max(2, pages // 2)}
        for lines in by_page.values():
            for line in lines[:2] + lines[-2:]:
                if re.sub(r"\d+", "#", line.text) in repeated and not _header_line(line):
                    skip.add(_line_key(source, line))
        return skip
    counts = Counter(re.sub(r"\d+", "#", line.text) for line in source.lines
                     if len(line.cells) <= 2 and len(line.text) < 100)
    return skip | {line.line_no for line in source.lines
                   if counts.get(re.sub(r"\d+", "#", line.text), 0) >= 5 and not _header_line(line)
                   and not _MISI.match(line.text) and not _TITLE.match(line.text)}


def _line_key(source: Source, line: Line) -> int:
    return (line.page or 0) * 100000 + line.line_no if source.kind == "pdf" else line.line_no


def _title(lines: list[Line], index: int, previous: Table | None, header: Header) -> str:
    """The title above the header at ``lines[index]``: the nearest ``Tabel ...`` line and the lines
    between it and the header; a repeated header without a title continues the previous title."""
    for back in range(index - 1, max(index - 6, -1), -1):
        text = lines[back].text
        if len(text) > _PROSE_LENGTH or text.lower().startswith("sumber"):
            break
        if _TITLE.match(text):
            return " ".join(line.text.replace("\t", " ") for line in lines[back:index]).strip("* ")
    if previous is not None and previous.header.roles == header.roles:
        return previous.title
    return ""


def find_tables(source: Source) -> list[Table]:
    """Every measurement, target and budget table of ``source``, in the order they are printed."""
    skip = furniture(source)
    lines = [line for line in source.lines if _line_key(source, line) not in skip]
    tables: list[Table] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        below = lines[i + 1] if i + 1 < len(lines) else None
        if not _header_line(line):
            plan = _plan_header(line, below) if _years_line(below) else None
            if plan is None:
                i += 1
                continue
        second = below if below is not None and _header_line(below) else None
        header = _merge_header(line, second)
        title = _title(lines, i, tables[-1] if tables else None, header)
        kind = _kind(header, title) if _header_line(line) else None
        plan = _plan_header(line, below) if kind is None else None
        if plan is not None:
            header, years_below = plan
            previous = tables[-1] if tables else None
            title = _title(lines, i, previous, header)
            table = Table("plan", title or f"table at {line.where()}", header, line)
            continued = previous is not None and previous.kind == "plan" and previous.title == table.title
            table.context = previous.context if continued else (lines[i - 1].text if i else "")
            i = _collect(lines, i + (2 if years_below else 1), table)
            table.rows = _indicator_rows(table)
            if table.rows:
                tables.append(table)
            continue
        if kind is None and second is None and i + 1 < len(lines) and not _header_line(lines[i + 1]):
            i += 1
            continue
        if kind is None:
            i += 2 if second is not None else 1
            continue
        table = Table(kind, title or f"table at {line.where()}", header, line)
        i = _collect(lines, i + (2 if second is not None else 1), table)
        if table.kind == "budget":
            table.rows = _budget_rows(table)
        else:
            table.rows = _indicator_rows(table)
        if table.rows:
            tables.append(table)
    return tables


def _years_line(line: Line | None) -> bool:
    """A line of two or more ascending years only (the year columns under a ``Target`` heading)."""
    if line is None or len(line.cells) < 2 or not all(_YEAR.match(t) for t in line.texts):
        return False
    years = [int(t) for t in line.texts]
    return years == sorted(years) and len(set(years)) == len(years)


def _plan_role(text: str) -> str | None:
    """The plan role of a header cell: ``y<year>``, ``b<year>``/``baseline``, ``final``, else ``None``."""
    if _YEAR.match(text.strip()):
        return f"y{text.strip()}"
    if _BASELINE.search(text):
        m = re.search(r"\((\d{4})\)|\b((?:19|20)\d\d)\b", text)
        return f"b{m.group(1) or m.group(2)}" if m else "baseline"
    if _FINAL.search(text):
        return "final"
    return None


def _plan_header(first: Line, below: Line | None) -> tuple[Header, bool] | None:
    """The header of a plan table starting at ``first`` (its years on ``first`` or on the ``below``
    line) and whether the years are on the line below; ``None`` when ``first`` heads no plan table."""
    roles = [_role(c.text) for c in first.cells]
    if "indicator" not in roles or any(r in ("realisasi", "capaian", "pagu") for r in roles):
        return None
    cells: list[tuple[str, Cell]] = []
    years_below = _years_line(below)
    year_cells = list(below.cells) if years_below and below is not None else []
    # the heading the years stand under sits over their columns: within half a column of them
    # (a tab in a text source, some points in a PDF)
    half = min((b.pos - a.pos for a, b in zip(year_cells, year_cells[1:])), default=1.0) / 2
    span = (year_cells[0].pos - half, year_cells[-1].pos + half) if year_cells else None
    for role, cell in zip(roles, first.cells):
        if span and span[0] <= cell.pos <= span[1] and _plan_role(cell.text) is None:
            continue  # the group heading the years stand under (Target, TAHUN)
        plan = _plan_role(cell.text) if role in ("other", "target", "text", "period") else None
        cells.append((plan or role, cell))
    cells.extend((f"y{c.text}", c) for c in year_cells)
    cells.sort(key=lambda rc: rc[1].pos)
    if sum(1 for role, _ in cells if role.startswith("y") and _PLAN_ROLE.match(role)) < 2:
        return None
    return Header(tuple(r for r, _ in cells), tuple(c.text for _, c in cells), tuple(c.pos for _, c in cells)), \
        years_below


def _collect(lines: list[Line], i: int, table: Table) -> int:
    """Put the body lines of ``table`` into ``table.lines``; return the index after the table."""
    signature = table.header.signature()
    pending: list[Line] = []
    while i < len(lines):
        line = lines[i]
        text = line.text
        if _is_number_line(line):
            i += 1
            continue
        below = lines[i + 1] if i + 1 < len(lines) else None
        if table.kind == "plan" and _years_line(below) and _plan_header(line, below) is not None:
            i += 2  # a plan table's header repeated after a page break
            pending = []
            continue
        if _header_line(line):
            if tuple(t.upper() for t in line.texts) == signature[:len(line.cells)] or \
                    _merge_header(line, None).trailing() == table.header.trailing():
                i += 1  # the header repeated after a page break; text before it is page furniture
                pending = []
                if i < len(lines) and _header_line(lines[i]):
                    i += 1
                continue
            break
        if text.lower().startswith("sumber") or _TITLE.match(text):
            break
        if len(line.cells) == 1 and len(text) > _PROSE_LENGTH and not _MISI.match(text):
            break
        has_values = any(_value_like(t) for t in line.texts[1:])
        if not has_values and not _MISI.match(text) and not _SASARAN.match(text):
            pending.append(line)  # text only: continues the row above if a row of the table follows
            if len(pending) > 2:
                break
            i += 1
            continue
        table.lines.extend(pending)
        pending = []
        table.lines.append(line)
        i += 1
    return i


def _roman(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    total = 0
    for a, b in zip(text.upper(), text.upper()[1:] + " "):
        total += -values[a] if values.get(b, 0) > values[a] else values[a]
    return total or None


def _column_of(header: Header, cell: Cell) -> str:
    """The role of the header column nearest left of ``cell`` (for continuation lines)."""
    best = header.roles[0]
    for role, pos in zip(header.roles, header.positions):
        if pos <= cell.pos + 0.5:
            best = role
    return best


def _split_periods(cells: list[Cell]) -> tuple[list[Cell], dict[str, str]]:
    periods: dict[str, str] = {}
    out: list[Cell] = []
    index = 0
    while index < len(cells):
        m = _PERIOD.match(cells[index].text)
        if m and index + 1 < len(cells):
            number = _roman(m.group(1) or m.group(2))
            periods[("Q" if m.group(1) else "S") + str(number)] = cells[index + 1].text
            index += 2
            continue
        out.append(cells[index])
        index += 1
    return out, periods


def _indicator_rows(table: Table) -> list[IndicatorRow]:
    header = table.header
    trailing = [role for role in header.trailing() if role != "period"]
    if "period" in header.roles:  # Triwulan | target per period come in pairs, split off per row
        cut = header.roles.index("period")
        trailing = [role for role in header.roles[:cut] if role in _VALUE_ROLES
                    and header.roles.index(role) > (header.roles.index("indicator"))]
    has_sasaran = "sasaran" in header.roles
    rows: list[IndicatorRow] = []
    misi = misi_no = sasaran = sasaran_no = None
    for line in table.lines:
        cells, periods = _split_periods(list(line.cells))
        texts = [c.text for c in cells]
        if texts and not periods and not any(_value_like(t) for t in texts[1:]):
            m = _MISI.match(texts[0]) if len(texts) == 1 or not any(_value_like(t) for t in texts) else None
            if m and (m.group(1) or m.group(2)):
                misi_no = _roman(m.group(1)) if m.group(1) else None
                misi = m.group(2).strip() or None
                continue
            m = _SASARAN.match(texts[0])
            if m and m.group(1):
                sasaran_no, sasaran = int(m.group(1)), (m.group(2).strip() or sasaran)
                continue
        name_index = _name_index(texts, len(trailing))
        if name_index is None:
            if rows and (periods or texts):
                _continue_row(rows[-1], header, cells, periods, line, has_sasaran)
                if has_sasaran and rows[-1].sasaran is not None:
                    sasaran = rows[-1].sasaran
            continue
        leading = texts[:name_index]
        name = texts[name_index]
        iku_no = None
        m = _NUMBERED.match(name)
        if m:
            iku_no, name = int(m.group(1)), m.group(2).strip()
        elif leading and _BARE_NUMBER.match(leading[-1]):
            iku_no = int(_BARE_NUMBER.match(leading.pop()).group(1))
        notes = []
        text_cells = [t for t in leading if _texty(t)]
        if has_sasaran and text_cells:
            printed = text_cells[-1]
            if printed[:1].islower() and sasaran:
                sasaran = f"{sasaran} {printed}"
                if rows:
                    rows[-1].sasaran = sasaran
            else:
                sasaran = printed
                before = leading[:leading.index(printed)]
                sasaran_no = int(_BARE_NUMBER.match(before[-1]).group(1)) if before and _BARE_NUMBER.match(
                    before[-1]) else None
        values = dict(zip(trailing, texts[name_index + 1:]))
        if table.kind == "plan" and len(texts) - name_index - 1 != len(trailing):
            # a plan row with an empty cell (no satuan): each value under its column
            values = {_column_of(header, c): c.text for c in cells[name_index + 1:]}
        elif len(texts) - name_index - 1 != len(trailing):
            notes.append(f"{len(texts) - name_index - 1} value cell(s) where the header has {len(trailing)}")
        rows.append(IndicatorRow(name, iku_no, sasaran, sasaran_no, misi, misi_no, values, periods, [line],
                                 notes))
    return rows


def _name_index(texts: list[str], k: int) -> int | None:
    """Which cell holds the indicator's name: the cell before the ``k`` value cells when it reads as a
    name, else the last cell that reads as a name and has a value after it."""
    if not texts:
        return None
    at = len(texts) - k - 1
    if 0 <= at < len(texts) and _texty(texts[at]) and any(_value_like(t) for t in texts[at + 1:]):
        return at
    for index in range(len(texts) - 2, -1, -1):
        if _texty(texts[index]) and len(texts[index]) > 6 and any(_value_like(t) for t in texts[index + 1:]):
            return index
    return None


def _continue_row(row: IndicatorRow, header: Header, cells: list[Cell], periods: dict[str, str], line: Line,
                  has_sasaran: bool) -> None:
    """A line without a name of its own continues the row above (period targets, a wrapped cell)."""
    row.periods.update(periods)
    for cell in cells:
        role = _column_of(header, cell)
        if has_sasaran and role in ("sasaran", "no", "text") and row.sasaran is not None:
            row.sasaran = f"{row.sasaran} {cell.text}"
        elif role == "indicator" or not has_sasaran:
            row.name = f"{row.name} {cell.text}"
            row.notes.append("name continued on the next line")
    row.lines.append(line)


def _budget_rows(table: Table) -> list[BudgetRow]:
    header = table.header
    program_header = next((t for r, t in zip(header.roles, header.texts) if r == "program"), "")
    all_programs = "PROGRAM" in program_header.upper()
    has_indicator = "indicator" in header.roles
    rows: list[BudgetRow] = []
    indicator = None
    for line in table.lines:
        texts = line.texts
        words = [t for t in texts if _texty(t)]
        amounts = [t for t in texts if _amount(t)]
        if not words:
            continue
        if has_indicator and len(words) >= 2:
            indicator = words[0]
        name = words[-1]
        if name.lower().startswith(("total", "jumlah")):
            level = "total"
        elif all_programs or name.upper().startswith("PROGRAM"):
            level = "program"
        else:
            level = "kegiatan"
        if has_indicator and len(words) == 1 and not amounts:
            cell = next(c for c in line.cells if c.text == name)
            if _column_of(header, cell) == "indicator":
                indicator = name  # the indicator's name alone on its line, its programs below
            continue
        if len(amounts) < 2:
            continue  # a budget row prints at least the ceiling and the spending
        realisasi, doubt = realisasi_amount(amounts)
        rows.append(BudgetRow(indicator, name, level, amounts[0], realisasi, line, doubt))
    return rows


def _near(a: float, b: float) -> bool:
    return abs(a - b) <= max(1.0, 1e-6 * max(abs(a), abs(b)))


def realisasi_amount(amounts: list[str]) -> tuple[str | None, str | None]:
    """The realisasi among a budget row's amounts (the first is the pagu) and why it is a guess.

    Two amounts: the second. More (realisasi broken down by kind of spending, then its total, then
    the remaining budget, as in ``ANGGARAN | PEGAWAI | BARANG & JASA | TOTAL | SISA``): each
    candidate scores one for a remainder that confirms it (pagu − amount = the next amount) and one
    for being the sum of the amounts between the pagu and it; the best score wins, a tie the later
    amount (a total is printed after its parts). With no confirmed candidate: the second, with the
    reason it is a guess.
    """
    if len(amounts) == 2:
        return amounts[1], None
    numbers = [_amount_value(a) for a in amounts]
    pagu = numbers[0]
    best, best_score = None, 0
    for j in range(1, len(numbers)):
        value = numbers[j]
        if value is None:
            continue
        rest = numbers[j + 1] if j + 1 < len(numbers) else None
        score = int(pagu is not None and rest is not None and _near(pagu - value, rest))
        parts = numbers[1:j]
        score += int(len(parts) >= 2 and value != 0 and None not in parts and _near(sum(parts), value))
        if score and score >= best_score:
            best, best_score = j, score
    if best is not None:
        return amounts[best], None
    return amounts[1], (f"the row prints {len(amounts)} amounts and none is confirmed as the total "
                        "realisasi; the second was taken")


def _amount_value(text: str) -> float | None:
    try:
        return parse_cell(text).number
    except NumberParseError:
        return None


def _amount(text: str) -> bool:
    """A rupiah amount: a number without a percent sign, either zero or in the thousands."""
    try:
        cell = parse_cell(text)
    except NumberParseError:
        return bool(re.fullmatch(r"\.?[\d.,]+", text))  # unreadable, but in an amount's place
    return cell.number is not None and not cell.is_percent and (cell.number == 0 or abs(cell.number) >= 1000)
