"""Validate CSV tables against their Table Schema, with errors that name file, row and column.

The checks follow the schemas in ``datapackage.json`` (so a copy of ``data/`` with a new year gets
exactly the same validation): header, required cells, types, enums, patterns, ranges, primary and
unique keys, foreign keys, the unit of each variable of a keyed stats topic (:mod:`.keyed`), and the agreement of each ``value`` with its printed ``value_text``.
Numbers in analyst-supplied files may be written the Indonesian way (``87,14``); they are read with
:mod:`lkip_helpers.data.numbers`. Nothing is ever written back to disk.
"""

from __future__ import annotations

import csv

import math
import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .errors import DataIssue
from .i18n import Figure, Message
from .keyed import unit_problems
from .numbers import NumberParseError, parse_cell, plausible_values

__all__ = ["LEVEL_MEASURES", "TARGET_MEASURES", "check_foreign_keys", "check_indicator_values", "read_table"]

_PLAIN_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_INTEGER = re.compile(r"^[+-]?\d+$")
_MAX_ISSUES_PER_COLUMN = 20
# a plain-number cell with one dot and three decimals (not 0.xxx): 3.4 or 3400?
_AMBIGUOUS_DOT = re.compile(r"[+-]?(?!0\.)\d+\.\d{3}")
_DOT_DECIMAL = re.compile(r"(?<![\d.,])\d+\.\d+(?![\d.,])")
_COMMA_BETWEEN_DIGITS = re.compile(r"\d,\d")


def _add_capped(
    issues: list[DataIssue], path: Path, column: str | None, problems: list[tuple[int, str]], what: Message
) -> None:
    """Append the first ``_MAX_ISSUES_PER_COLUMN`` problems as issues and count the rest.

    The rest become one issue whose ``count`` is their number, so that the error message gives
    the true number of problems however many were found (``what`` names them, plural).
    """
    listed = problems[:_MAX_ISSUES_PER_COLUMN]
    issues.extend(DataIssue(path, message, row=row, column=column) for row, message in listed)
    rest = len(problems) - _MAX_ISSUES_PER_COLUMN
    if rest > 0:
        issues.append(DataIssue(path, Message("{n} more {what} not listed", n=rest, what=what), column=column,
                                count=rest))


def _choices(field: dict) -> str | None:
    """The allowed values of ``field`` (its ``enum``) joined by commas, or ``None``."""
    enum = field.get("constraints", {}).get("enum")
    return ", ".join(map(str, enum)) if enum else None


def _convert_number(text: str) -> float:
    if _PLAIN_NUMBER.match(text):
        return float(text)
    number = parse_cell(text).number  # Indonesian notation from an analyst's file
    if number is None:
        raise NumberParseError(text, Message("not a number"))
    return number


def _check_field(
    raw: pd.Series,
    field: dict,
    path: Path,
    issues: list[DataIssue],
    indonesian: list[tuple[int, str, str]] | None = None,
) -> pd.Series:
    """Type-convert one column, appending an issue for each bad cell.

    Numbers written in Indonesian notation (``87,14``, ``2.752.218``) are read and, when
    ``indonesian`` is given, recorded there as ``(row, column, text)``. Each distinct text is
    checked once (a column of 50,000 rows holds few distinct entity ids, years or measures).
    """
    name = field["name"]
    ftype = field.get("type", "string")
    cons = field.get("constraints", {})
    pattern = re.compile(cons["pattern"]) if "pattern" in cons else None
    codes, texts = pd.factorize(raw.str.strip())
    checked = [_check_cell(text, field, pattern) for text in texts]
    bad = [c for c, (_, messages, _) in enumerate(checked) if messages]
    problems = [
        (int(i) + 1, message)
        for i in np.flatnonzero(np.isin(codes, bad))
        for message in checked[codes[i]][1]
    ]
    _add_capped(issues, path, name, problems, Message("bad cells"))
    if indonesian is not None:
        marked = [c for c, (_, _, is_indonesian) in enumerate(checked) if is_indonesian]
        indonesian.extend((int(i) + 1, name, texts[codes[i]]) for i in np.flatnonzero(np.isin(codes, marked)))
    if ftype == "number":
        numbers = np.array([math.nan if v is None else v for v, _, _ in checked], dtype="float64")
        return pd.array(numbers[codes], dtype="float64")
    values = np.empty(len(checked), dtype=object)
    values[:] = [v for v, _, _ in checked]
    return pd.array(values[codes], dtype="Int64" if ftype == "integer" else "object")


def _check_cell(text: str, field: dict, pattern: re.Pattern[str] | None) -> tuple[Any, list[str], bool]:
    """The value of one stripped cell of ``field`` (``None`` when empty or unreadable), what is
    wrong with it, and whether it is a number in Indonesian notation."""
    cons = field.get("constraints", {})
    choices = _choices(field)
    if text == "":
        if not cons.get("required", False):
            return None, [], False
        return None, [Message("a value is required (one of: {choices})", choices=choices) if choices
                      else Message("a value is required")], False
    value, problem = _convert_cell(text, field)
    if problem is not None:
        return None, [problem], False
    is_indonesian = field.get("type") == "number" and not _PLAIN_NUMBER.match(text)
    messages: list[str] = []
    if cons.get("enum") is not None and value not in cons["enum"]:
        messages.append(Message("{text!r} is not allowed (one of: {choices})", text=text, choices=choices))
    if pattern is not None and isinstance(value, str) and not pattern.match(value):
        messages.append(Message("{text!r} does not match the pattern {pattern}", text=text, pattern=pattern.pattern))
    if "minimum" in cons and isinstance(value, (int, float)) and value < cons["minimum"]:
        messages.append(Message("{value} is below the minimum {minimum}", value=Figure(value, ""),
                                minimum=Figure(cons["minimum"], "")))
    if "maximum" in cons and isinstance(value, (int, float)) and value > cons["maximum"]:
        messages.append(Message("{value} is above the maximum {maximum}", value=Figure(value, ""),
                                maximum=Figure(cons["maximum"], "")))
    return value, messages, is_indonesian


def _convert_cell(text: str, field: dict) -> tuple[Any, str | None]:
    """A non-empty cell converted to the type of ``field`` (text stays text), or ``None`` and why not."""
    ftype = field.get("type", "string")
    if ftype == "integer":
        if not _INTEGER.match(text):
            return None, Message("{text!r} is not a whole number", text=text)
        return int(text), None
    if ftype != "number":
        return text, None
    try:
        value = _convert_number(text)
    except NumberParseError as exc:
        return None, Message("cannot parse {text!r} as a number ({reason})", text=text, reason=exc.reason)
    if math.isnan(value) or math.isinf(value):
        return None, Message("{text!r} is not a finite number", text=text)
    return value, None


def _text_readings(text: object) -> list[float]:
    """The numbers a printed cell can mean; ``[]`` for text, a missing marker or a malformed number."""
    if not isinstance(text, str) or not text:
        return []
    try:
        parse_cell(text)
        return plausible_values(text)
    except NumberParseError:
        return []  # a malformed printed figure is kept as text; its value was set by hand


def _decisive_reading(text: str) -> float:
    """The one number ``text`` means by the parser's rules, or NaN when it has a ``1.234``-style
    number (read as a thousands group only by a guess) or no number."""
    try:
        default, comma = parse_cell(text).number, parse_cell(text, decimal=",").number
    except NumberParseError:
        return math.nan
    return default if default is not None and default == comma else math.nan


def _prints_dot_decimals(texts: list[str]) -> bool:
    """True if the printed texts use ``.`` as the decimal point (``0.947``, ``92.48``) and no ``,``
    between digits: then an ambiguous ``1.658`` in the same file is a decimal too."""
    if any(_COMMA_BETWEEN_DIGITS.search(t) for t in texts):
        return False
    return any(
        not _AMBIGUOUS_DOT.fullmatch(m.group()) for t in texts for m in _DOT_DECIMAL.finditer(t)
    )


def _close(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.isclose(a, b, rtol=1e-9, atol=1e-9)  # NaN is close to nothing


def _check_value_text(df: pd.DataFrame, raw: pd.Series, path: Path, issues: list[DataIssue]) -> None:
    """Fill an empty ``value`` from its printed text; flag a value its text cannot mean.

    A ``value`` such as ``3.400`` (one dot, three digits) is ambiguous: 3.4 or 3400. The printed
    text decides when it reads one way only (``3,4``, ``3400``, ``3.400,00``); else the file's
    other printed texts decide when they use ``.`` as the decimal point; else the cell is an
    issue giving both readings.
    """
    texts = df["value_text"]
    unique = [t for t in pd.unique(texts) if isinstance(t, str)]
    readings = {t: _text_readings(t) for t in unique}
    first = texts.map({t: r[0] for t, r in readings.items() if r}).to_numpy(dtype=float, na_value=np.nan)
    second = texts.map({t: r[1] for t, r in readings.items() if len(r) > 1}).to_numpy(dtype=float, na_value=np.nan)
    values = df["value"].to_numpy(dtype=float, copy=True)
    cells = raw.str.strip()
    ambiguous = cells.str.fullmatch(_AMBIGUOUS_DOT.pattern).to_numpy(dtype=bool, copy=True)
    if ambiguous.any() and _prints_dot_decimals(unique):
        ambiguous[:] = False
    grouped = cells.where(ambiguous).str.replace(".", "", regex=False)
    thousands = pd.to_numeric(grouped, errors="coerce").to_numpy(dtype=float)
    decisive = texts.map({t: _decisive_reading(t) for t in unique}).to_numpy(dtype=float, na_value=np.nan)
    decided = ambiguous & (_close(decisive, values) | _close(decisive, thousands))
    values[decided] = decisive[decided]
    empty = np.isnan(values) & ~np.isnan(first)
    values[empty] = first[empty]
    mismatch = ~np.isnan(values) & ~np.isnan(first) & ~_close(values, first) & ~_close(values, second)
    bad = np.flatnonzero((ambiguous & ~decided) | (mismatch & ~ambiguous))
    problems = [
        (int(i) + 1, _value_text_message(cells.iat[i], values[i], thousands[i], texts.iat[i], first[i], decisive[i]))
        for i in bad
    ]
    _add_capped(issues, path, "value", problems, Message("values that do not agree with their printed text"))
    df["value"] = values


def _value_text_message(cell: str, value: float, thousands: float, text: str, first: float, decisive: float) -> Message:
    """Why ``value`` (stored as ``cell``) does not agree with its printed ``text``."""
    if math.isnan(thousands):
        return Message("value {value} does not match the printed text {text!r} (which reads as {reading})",
                       value=Figure(value, "g"), text=text, reading=Figure(first, "g"))
    readings = Message("{decimal} (decimal point) or {thousands} (thousands group)", decimal=Figure(value),
                       thousands=Figure(thousands))
    # what to type: in Indonesian notation whatever the reader's language (the data's notation)
    fix = Message("write {grouped} or {decimal}", grouped=f"{thousands:.0f}", decimal=f"{value:.10g}".replace(".", ","))
    if not math.isnan(decisive):
        return Message("value {cell!r}, read as {readings}, does not match the printed text {text!r} "
                       "(which reads as {reading}); {fix}", cell=cell, readings=readings, text=text,
                       reading=Figure(first), fix=fix)
    return Message("value {cell!r} is ambiguous: it reads as {readings} and the printed text {text!r} does not "
                   "decide; {fix}", cell=cell, readings=readings, text=text, fix=fix)


def _check_unique(
    df: pd.DataFrame, key: list[str], path: Path, issues: list[DataIssue], primary: bool
) -> None:
    """An issue for each group of rows that repeat a key (``primary``: the primary key)."""
    missing = [k for k in key if k not in df.columns]
    if missing:
        return
    keyed = df[key].astype("object").where(df[key].notna(), None)
    dup = keyed.duplicated(keep=False)
    if not dup.any():
        return
    groups: dict[tuple, list[int]] = {}
    rows_of_dups = (dup[dup].index + 1).tolist()
    for values, row in zip(keyed[dup].itertuples(index=False, name=None), rows_of_dups):
        groups.setdefault(values, []).append(int(row))  # one pass, no per-row .loc
    template = ("duplicated primary key ({values}) also on row(s) {rows}" if primary
                else "duplicated key ({values}) also on row(s) {rows}")
    problems = []
    for values, rows in groups.items():
        shown = ", ".join(f"{k}={v!r}" for k, v in zip(key, values))
        problems.append((rows[0], Message(template, values=shown, rows=", ".join(map(str, rows[1:])))))
    _add_capped(issues, path, ",".join(key), problems,
                Message("duplicated primary keys") if primary else Message("duplicated keys"))


_SEMICOLON_HINT = Message(
    "the header is one column containing ';': save the file as comma-separated CSV "
    "(spreadsheets in Indonesian locale use ';' by default)"
)


def _semicolon_header(path: Path) -> bool:
    """True if the first line of ``path`` holds ``;`` and no ``,`` (a ``;``-separated CSV).

    Checked before parsing: the commas of Indonesian decimals (``"87,14"``) in the rows of such a
    file would otherwise make it unparseable and hide the real cause.
    """
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            header = fh.readline()
    except (UnicodeDecodeError, OSError):
        return False  # reported by the parser
    return ";" in header and "," not in header


def _ragged_rows(path: Path, issues: list[DataIssue], limit: int = 20) -> bool:
    """Report every data row with more or fewer fields than the header (pandas would fill a short
    row with empty cells without a word, or stop at the first long one); ``True`` if any.

    A blank line is skipped, as pandas skips it. At most ``limit`` rows are listed, the rest counted.
    """
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.reader(fh)
            header = next(reader, None)
            if header is None:
                return False  # an empty file: reported by the parser
            bad = [(row_no, row) for row_no, row in enumerate(reader, start=1) if row and len(row) != len(header)]
    except (UnicodeDecodeError, csv.Error, OSError):
        return False  # reported by the parser
    for row_no, row in bad[:limit]:
        if len(row) < len(header):
            missing = ", ".join(header[len(row):])
            message = Message("{n} fields where the header has {header}: no value for {missing}", n=len(row),
                              header=len(header), missing=missing)
        else:
            message = Message("{n} fields where the header has {header} (a comma in an unquoted cell?)", n=len(row),
                              header=len(header))
        issues.append(DataIssue(path, message, row=row_no))
    if len(bad) > limit:
        issues.append(DataIssue(path, Message("{n} more rows with the wrong number of fields not listed",
                                              n=len(bad) - limit), count=len(bad) - limit))
    return bool(bad)


def read_table(
    path: Path,
    schema: dict,
    issues: list[DataIssue],
    indonesian: list[tuple[int, str, str]] | None = None,
) -> pd.DataFrame | None:
    """Read one CSV and check it against ``schema``; return the typed table or ``None``.

    Problems are appended to ``issues``; numeric cells written in Indonesian notation are
    appended to ``indonesian`` as ``(row, column, text)``. The file is only read.
    """
    if not path.exists():
        issues.append(DataIssue(path, Message("file not found")))
        return None
    if _semicolon_header(path):
        issues.append(DataIssue(path, _SEMICOLON_HINT))
        return None
    if _ragged_rows(path, issues):
        return None
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False, encoding="utf-8")
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        issues.append(DataIssue(path, Message("not a readable UTF-8 CSV file: {reason}", reason=str(exc))))
        return None
    fields = schema["fields"]
    names = [f["name"] for f in fields]
    before = len(issues)
    for name in names:
        if name not in raw.columns:
            issues.append(DataIssue(path, Message("missing column"), column=name))
    for name in raw.columns:
        if name not in names:
            issues.append(DataIssue(path, Message("unexpected column (expected: {columns})", columns=", ".join(names)),
                                    column=name))
    if len(issues) > before:
        return None
    df = pd.DataFrame(index=raw.index)
    for field in fields:
        df[field["name"]] = _check_field(raw[field["name"]], field, path, issues, indonesian)
    if "value" in df.columns and "value_text" in df.columns:
        _check_value_text(df, raw["value"], path, issues)
    if schema.get("primaryKey"):
        _check_unique(df, list(schema["primaryKey"]), path, issues, primary=True)
    if schema.get("lkip:uniqueKey"):
        _check_unique(df, list(schema["lkip:uniqueKey"]), path, issues, primary=False)
    _add_capped(issues, path, "unit", unit_problems(df, schema), Message("units not declared for their variable"))
    return df


def check_foreign_keys(
    tables: dict[str, pd.DataFrame],
    schemas: dict[str, dict],
    paths: dict[str, Path],
    issues: list[DataIssue],
) -> None:
    """Check every foreign key: each non-empty value must exist in the referenced table.

    Keys may span several columns (``sasaran.(entity_id, misi_no)`` → ``misi``). A row whose key
    columns are all empty is not checked. A partly empty key is an error for the schema's
    ``foreignKeys`` (as frictionless treats it) and is not checked for ``lkip:foreignKeys``
    (SQL "MATCH SIMPLE": a sasaran of a perangkat daerah has an entity but no misi).
    """
    for name, schema in schemas.items():
        df = tables.get(name)
        if df is None:
            continue
        keys = [(fk, False) for fk in schema.get("foreignKeys", [])]
        keys += [(fk, True) for fk in schema.get("lkip:foreignKeys", [])]
        for fk, match_simple in keys:
            columns = [fk["fields"]] if isinstance(fk["fields"], str) else list(fk["fields"])
            ref = fk["reference"]
            ref_columns = [ref["fields"]] if isinstance(ref["fields"], str) else list(ref["fields"])
            target = tables.get(ref["resource"] or name)
            if target is None or any(c not in df.columns for c in columns):
                continue
            known = set(map(tuple, target[ref_columns].astype(object).itertuples(index=False, name=None)))
            values = df[columns].astype(object)
            present = values.notna()
            checked = present.all(axis=1) if match_simple else present.any(axis=1)
            target_name = paths.get(ref["resource"], Path(ref["resource"])).name
            rows = values[checked]
            complete = present[checked].all(axis=1).tolist()
            keys_of_rows = rows.itertuples(index=False, name=None)  # one pass, no per-row .loc
            bad = [(idx, key, whole) for idx, key, whole in zip(rows.index, keys_of_rows, complete)
                   if not whole or key not in known]
            problems = []
            for idx, key, whole in bad[:_MAX_ISSUES_PER_COLUMN]:
                problems.append((int(idx) + 1, _key_message(columns, ref_columns, key, whole, target_name)))
            problems += [(int(idx) + 1, "") for idx, _, _ in bad[_MAX_ISSUES_PER_COLUMN:]]  # counted only
            _add_capped(issues, paths[name], ",".join(columns), problems, Message("unknown or incomplete keys"))


def _key_message(columns: list[str], ref_columns: list[str], key: tuple, whole: bool, target: str) -> Message:
    """Why the foreign ``key`` of ``columns`` is refused: incomplete (not ``whole``), or no row of ``target``."""
    if not whole:
        return Message("incomplete key ({columns}) = {key}: all or none must be given", columns=", ".join(columns),
                       key=repr(key))
    if len(columns) == 1:
        return Message("unknown {column} {value!r}: not a {reference} of {file}", column=columns[0], value=key[0],
                       reference=ref_columns[0], file=target)
    return Message("unknown ({columns}) {key}: no such row in {file}", columns=", ".join(columns), key=repr(key),
                   file=target)


#: measures of ``indicator_values`` that are targets (capaian is computed from them)
TARGET_MEASURES: frozenset[str] = frozenset(
    {"target_rpjmd", "target_final", "target_renstra", "target_renstra_revised", "target_rpd", "target_pk",
     "target_national"}
)
#: measures in the indicator's own unit, checked against its declared bounds; not ``capaian`` (a
#: percentage of achievement), ``baseline_other_unit``, ``numerator`` or ``denominator`` (counts)
LEVEL_MEASURES: frozenset[str] = TARGET_MEASURES | {"baseline", "realisasi"}
_DIRECTED = ("higher_is_better", "lower_is_better")


def check_indicator_values(
    tables: dict[str, pd.DataFrame],
    paths: dict[str, Path],
    issues: list[DataIssue],
    warnings: list[DataIssue],
) -> None:
    """Check ``indicator_values`` against the registry of ``indicators``.

    Errors (appended to ``issues``): a level of an indicator (baseline, target, realisasi) outside
    its declared ``lower_bound``/``upper_bound``. Warnings (appended to ``warnings``; the reports
    print such figures, so they must load): a target of 0, or a target whose sign differs from the
    realisasi's, of a higher/lower_is_better indicator, from which capaian cannot be computed.
    """
    iv, ind = tables.get("indicator_values"), tables.get("indicators")
    needed = {"indicator_id", "lower_bound", "upper_bound", "polarity"}
    if iv is None or ind is None or not needed <= set(ind.columns):
        return
    facts = iv.assign(row=iv.index + 1).merge(
        ind[list(needed)].drop_duplicates("indicator_id"), on="indicator_id", how="left"
    )
    path = paths.get("indicator_values", Path("indicator_values.csv"))
    _check_bounds(facts, path, issues)
    _check_targets(facts, path, warnings)


def _bound_text(bound: float) -> Message | Figure:
    return Message("none") if math.isnan(bound) else Figure(bound)


def _check_bounds(facts: pd.DataFrame, path: Path, issues: list[DataIssue]) -> None:
    """A level of an indicator outside the bounds declared in indicators.csv is an issue."""
    level = facts["measure"].isin(LEVEL_MEASURES)
    below = facts["value"] < facts["lower_bound"]  # NaN (no value, no bound) compares False
    above = facts["value"] > facts["upper_bound"]
    bad = facts[level & (below | above)]
    below_template = ("{measure} {value} is below the bounds of indicator {indicator!r} (lower_bound {lower}, "
                      "upper_bound {upper} in indicators.csv)")
    above_template = ("{measure} {value} is above the bounds of indicator {indicator!r} (lower_bound {lower}, "
                      "upper_bound {upper} in indicators.csv)")
    problems = [
        (int(r.row), Message(below_template if r.value < r.lower_bound else above_template, measure=r.measure,
                             value=Figure(r.value), indicator=r.indicator_id, lower=_bound_text(r.lower_bound),
                             upper=_bound_text(r.upper_bound)))
        for r in bad.itertuples(index=False)
    ]
    _add_capped(issues, path, "value", problems, Message("values outside their indicator's bounds"))


def _check_targets(facts: pd.DataFrame, path: Path, warnings: list[DataIssue]) -> None:
    """A target of 0, or of the other sign than the realisasi, makes capaian undefined: a warning."""
    keys = ["entity_id", "indicator_id", "year", "period"]
    directed = facts[facts["polarity"].isin(_DIRECTED) & facts["value"].notna()]
    targets = directed[directed["measure"].isin(TARGET_MEASURES)]
    realised = directed.loc[directed["measure"] == "realisasi", keys + ["value", "row"]]
    paired = targets.merge(realised, on=keys, how="left", suffixes=("", "_realisasi"))
    zero = paired["value"] == 0
    opposite = (np.sign(paired["value"]) * np.sign(paired["value_realisasi"])) < 0
    problems = []
    for r in paired[zero | opposite].sort_values("row").itertuples(index=False):
        if r.value == 0:
            why = Message("{measure} is 0", measure=r.measure)
        else:
            why = Message("{measure} {value} and realisasi {realisasi} (row {row}) have opposite signs", measure=r.measure,
                          value=Figure(r.value), realisasi=Figure(r.value_realisasi), row=str(int(r.row_realisasi)))
        problems.append((int(r.row), Message("{why}: capaian cannot be computed from this target ({indicator!r}, "
                                             "{year}, {period}, {polarity})", why=why, indicator=r.indicator_id,
                                             year=str(r.year), period=r.period, polarity=r.polarity)))
    _add_capped(warnings, path, "value", problems, Message("targets from which capaian cannot be computed"))
