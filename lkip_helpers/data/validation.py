"""Validate CSV tables against their Table Schema, with errors that name file, row and column.

The checks follow the schemas in ``datapackage.json`` (so a copy of ``data/`` with a new year gets
exactly the same validation): header, required cells, types, enums, patterns, ranges, primary and
unique keys, foreign keys, and the agreement of each ``value`` with its printed ``value_text``.
Numbers in analyst-supplied files may be written the Indonesian way (``87,14``); they are read with
:mod:`lkip_helpers.data.numbers`. Nothing is ever written back to disk.
"""

from __future__ import annotations

import itertools

import math
import re
from pathlib import Path
from typing import Any

import pandas as pd

from .errors import DataIssue
from .numbers import NumberParseError, parse_cell, plausible_values

__all__ = ["check_foreign_keys", "read_table"]

_PLAIN_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_INTEGER = re.compile(r"^[+-]?\d+$")
_MAX_ISSUES_PER_COLUMN = 20


def _describe_choices(field: dict) -> str:
    enum = field.get("constraints", {}).get("enum")
    return f" (one of: {', '.join(map(str, enum))})" if enum else ""


def _convert_number(text: str) -> float:
    if _PLAIN_NUMBER.match(text):
        return float(text)
    number = parse_cell(text).number  # Indonesian notation from an analyst's file
    if number is None:
        raise NumberParseError(text, "not a number")
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
    ``indonesian`` is given, recorded there as ``(row, column, text)``.
    """
    name = field["name"]
    ftype = field.get("type", "string")
    cons = field.get("constraints", {})
    pattern = re.compile(cons["pattern"]) if "pattern" in cons else None
    problems: list[tuple[int, str]] = []
    out: list[Any] = []
    for i, text in enumerate(raw.tolist(), start=1):
        value, messages = _check_cell(text.strip(), i, field, pattern, indonesian)
        problems.extend((i, message) for message in messages)
        out.append(value)
    issues.extend(DataIssue(path, message, row=i, column=name) for i, message in problems[:_MAX_ISSUES_PER_COLUMN])
    if len(problems) > _MAX_ISSUES_PER_COLUMN:
        issues.append(
            DataIssue(path, f"{len(problems) - _MAX_ISSUES_PER_COLUMN} more bad cells not listed", column=name)
        )
    if ftype == "integer":
        return pd.array(out, dtype="Int64")
    if ftype == "number":
        return pd.array([math.nan if v is None else v for v in out], dtype="float64")
    return pd.array(out, dtype="object")


def _check_cell(
    text: str,
    row: int,
    field: dict,
    pattern: re.Pattern[str] | None,
    indonesian: list[tuple[int, str, str]] | None,
) -> tuple[Any, list[str]]:
    """The value of one stripped cell of ``field`` (``None`` when empty or unreadable) and what is
    wrong with it; a number in Indonesian notation is recorded in ``indonesian`` (when given)."""
    cons = field.get("constraints", {})
    if text == "":
        return None, ["a value is required" + _describe_choices(field)] if cons.get("required", False) else []
    value, problem = _convert_cell(text, row, field, indonesian)
    if problem is not None:
        return None, [problem]
    messages = []
    if cons.get("enum") is not None and value not in cons["enum"]:
        messages.append(f"{text!r} is not allowed" + _describe_choices(field))
    if pattern is not None and isinstance(value, str) and not pattern.match(value):
        messages.append(f"{text!r} does not match the pattern {pattern.pattern}")
    if "minimum" in cons and isinstance(value, (int, float)) and value < cons["minimum"]:
        messages.append(f"{value} is below the minimum {cons['minimum']}")
    if "maximum" in cons and isinstance(value, (int, float)) and value > cons["maximum"]:
        messages.append(f"{value} is above the maximum {cons['maximum']}")
    return value, messages


def _convert_cell(
    text: str, row: int, field: dict, indonesian: list[tuple[int, str, str]] | None
) -> tuple[Any, str | None]:
    """A non-empty cell converted to the type of ``field`` (text stays text), or ``None`` and why not."""
    ftype = field.get("type", "string")
    if ftype == "integer":
        if not _INTEGER.match(text):
            return None, f"{text!r} is not a whole number"
        return int(text), None
    if ftype != "number":
        return text, None
    try:
        value = _convert_number(text)
    except NumberParseError as exc:
        return None, f"cannot parse {text!r} as a number ({exc.reason})"
    if indonesian is not None and not _PLAIN_NUMBER.match(text):
        indonesian.append((row, field["name"], text))
    if math.isnan(value) or math.isinf(value):
        return None, f"{text!r} is not a finite number"
    return value, None


def _check_value_text(df: pd.DataFrame, path: Path, issues: list[DataIssue]) -> None:
    """Fill an empty ``value`` from its printed text; flag a value its text cannot mean."""
    values = df["value"].to_numpy(copy=True)
    for i, (value, text) in enumerate(zip(values, df["value_text"].tolist()), start=1):
        if not isinstance(text, str) or not text:
            continue
        try:
            candidates = plausible_values(text)
            parse_cell(text)
        except NumberParseError:
            continue  # a malformed printed figure is kept as text; its value was set by hand
        if not candidates:
            continue
        if value is None or (isinstance(value, float) and math.isnan(value)):
            values[i - 1] = candidates[0]
            continue
        if not any(math.isclose(value, c, rel_tol=1e-9, abs_tol=1e-9) for c in candidates):
            issues.append(
                DataIssue(
                    path,
                    f"value {value:g} does not match the printed text {text!r} "
                    f"(which reads as {candidates[0]:g})",
                    row=i,
                    column="value",
                )
            )
    df["value"] = values


def _check_unique(
    df: pd.DataFrame, key: list[str], path: Path, issues: list[DataIssue], label: str
) -> None:
    missing = [k for k in key if k not in df.columns]
    if missing:
        return
    keyed = df[key].astype("object").where(df[key].notna(), None)
    dup = keyed.duplicated(keep=False)
    if not dup.any():
        return
    groups: dict[tuple, list[int]] = {}
    for idx in dup[dup].index:
        groups.setdefault(tuple(keyed.loc[idx].tolist()), []).append(int(idx) + 1)
    for values, rows in list(groups.items())[:_MAX_ISSUES_PER_COLUMN]:
        shown = ", ".join(f"{k}={v!r}" for k, v in zip(key, values))
        issues.append(
            DataIssue(
                path,
                f"duplicated {label} ({shown}) also on row(s) {', '.join(map(str, rows[1:]))}",
                row=rows[0],
                column=",".join(key),
            )
        )


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
        issues.append(DataIssue(path, "file not found"))
        return None
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False, encoding="utf-8")
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        issues.append(DataIssue(path, f"not a readable UTF-8 CSV file: {exc}"))
        return None
    fields = schema["fields"]
    names = [f["name"] for f in fields]
    if len(raw.columns) == 1 and ";" in str(raw.columns[0]):
        issues.append(
            DataIssue(path, "the header is one column containing ';': save the file as comma-separated CSV "
                            "(spreadsheets in Indonesian locale use ';' by default)")
        )
        return None
    before = len(issues)
    for name in names:
        if name not in raw.columns:
            issues.append(DataIssue(path, "missing column", column=name))
    for name in raw.columns:
        if name not in names:
            issues.append(DataIssue(path, f"unexpected column (expected: {', '.join(names)})", column=name))
    if len(issues) > before:
        return None
    df = pd.DataFrame(index=raw.index)
    for field in fields:
        df[field["name"]] = _check_field(raw[field["name"]], field, path, issues, indonesian)
    if "value" in df.columns and "value_text" in df.columns:
        _check_value_text(df, path, issues)
    if schema.get("primaryKey"):
        _check_unique(df, list(schema["primaryKey"]), path, issues, "primary key")
    if schema.get("lkip:uniqueKey"):
        _check_unique(df, list(schema["lkip:uniqueKey"]), path, issues, "key")
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
            bad = ((idx, key, whole) for idx, key, whole in zip(rows.index, keys_of_rows, complete)
                   if not whole or key not in known)
            for idx, key, whole in itertools.islice(bad, _MAX_ISSUES_PER_COLUMN):
                if not whole:
                    message = f"incomplete key ({', '.join(columns)}) = {key!r}: all or none must be given"
                elif len(columns) == 1:
                    message = f"unknown {columns[0]} {key[0]!r}: not a {ref_columns[0]} of {target_name}"
                else:
                    message = f"unknown ({', '.join(columns)}) {key!r}: no such row in {target_name}"
                issues.append(DataIssue(paths[name], message, row=int(idx) + 1, column=",".join(columns)))
