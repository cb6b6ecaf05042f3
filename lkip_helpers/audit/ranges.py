"""The ``within-range`` kind of ``data/check_relations.csv``: each printed band or figure lies within a
stated minimum and maximum (an elevation band of a kecamatan within the city's lowest and highest
elevation).

The checked rows: those of the stats table ``subject`` at ``source_ref`` with a ``variable`` (several
joined with ``|``) and a label of ``rows`` (``|``-joined, ``*`` or empty for every label). ``inputs``
names the bounds: two cell references, the minimum then the maximum, ``[column=value; ...]|[column=value;
...]``, read as the references of a ``formula`` (:mod:`.formulas`: a column a reference does not name
is the checked row's — for the own table also ``source_ref``, ``category``, ``subcategory`` and
``variable``; the first row it selects that has a value).

A row with a value is a figure: it must lie within the minimum and the maximum. A row without one
prints a band in ``value_text``: ``a – b``, ``kurang dari b`` / ``di bawah b`` (up to ``b``),
``di atas a`` / ``lebih dari a`` (from ``a``); it must not start below the minimum, end above the
maximum or start above it. A text that is none of these is not checked. One label finding per
printed band or figure (the rows that print the same text share it, their labels named). Keys:
``range:<document>:<subject>:<source_ref slug>:<band slug>``.

Reader texts: the check is the row's ``check_id`` and ``description`` / ``description_id`` (data, as
written, in the reader's language); the rule
names the bounds as printed (and where, when another section prints them).
"""

from __future__ import annotations

import re

import pandas as pd

from lkip_helpers.data.dataset import Dataset
from lkip_helpers.data.i18n import Message
from .core import Collector, slug
from .formulas import Reference, one_cell, selected, two_references
from .texts import description_text, formula_text, reader_text

__all__ = ["check_within_range", "band_bounds"]

_BAND = re.compile(r"(?i)^\s*(?:(kurang dari|di bawah)\s+(\d+)|(di atas|lebih dari)\s+(\d+)|(\d+)\s*[-–]\s*(\d+))")


def band_bounds(text: str) -> tuple[float | None, float | None] | None:
    """``(from, up to)`` of a printed band (``None`` for an open end), or ``None`` when ``text`` is no band.

    >>> band_bounds("25 – 100 m"), band_bounds("kurang dari 30 mdpl"), band_bounds("di atas 45 mdpl")
    ((25.0, 100.0), (None, 30.0), (45.0, None))
    """
    m = _BAND.match(str(text))
    if not m:
        return None
    if m.group(5):
        return float(m.group(5)), float(m.group(6))
    return (float(m.group(4)) if m.group(4) else None), (float(m.group(2)) if m.group(2) else None)


def _bounds(ds: Dataset, c: pd.Series, table: str, where: str) -> tuple[Reference, Reference]:
    return two_references(ds, str(c["inputs"] or ""), table, where,
                          Message("within-range needs two cell references, the minimum and the maximum"))


def _problems(text: str, value: object, lo: pd.Series, hi: pd.Series) -> list[dict] | None:
    """What puts the band or figure outside ``lo`` – ``hi`` (empty: within), ``None``: not a band."""
    if not pd.isna(value):
        return ([reader_text("below the minimum {value}", value=lo["value_text"])] if value < lo["value"] else []) + \
               ([reader_text("above the maximum {value}", value=hi["value_text"])] if value > hi["value"] else [])
    bounds = band_bounds(text)
    if bounds is None:
        return None
    a, b = bounds
    problems = []
    if a is not None and a < lo["value"]:
        problems.append(reader_text("starts below the minimum {value}", value=lo["value_text"]))
    if b is not None and b > hi["value"]:
        problems.append(reader_text("ends above the maximum {value}", value=hi["value_text"]))
    if a is not None and a > hi["value"]:
        problems.append(reader_text("starts above the maximum {value}", value=hi["value_text"]))
    return problems


def _and(items: list[dict]) -> dict:
    """``items`` joined with "and" (one, two or three problems of a band)."""
    return items[0] if len(items) == 1 else reader_text("{first} and {rest}", first=items[0], rest=_and(items[1:]))


def _rule(band: pd.Series, lo: pd.Series, hi: pd.Series) -> dict:
    message = ("the band must lie within {low} – {high}" if pd.isna(band["value"])
               else "the figure must lie within {low} – {high}")
    rule = reader_text(message, low=lo["value_text"], high=hi["value_text"])
    others = sorted({str(lo["source_ref"]), str(hi["source_ref"])} - {str(band["source_ref"])})
    return formula_text("{formula} ({tables})", formula=rule, tables="; ".join(others)) if others else rule


def check_within_range(ds: Dataset, out: Collector, c: pd.Series, rows: pd.DataFrame, where: str) -> None:
    """Every printed band or figure of ``rows`` (the selected rows of the declared row ``c``, module
    docstring) within the minimum and the maximum ``inputs`` names.

    Raises:
        ValueError: ``inputs`` is not two cell references of the data (naming ``where`` and the column).
    """
    table = f"stats-{c['subject']}"
    refs = _bounds(ds, c, table, where)
    variables = [p.strip() for p in str(c["variable"]).split("|") if p.strip()]
    for text, g in rows[rows["variable"].isin(variables)].groupby("value_text", sort=False):
        band = g.iloc[0]
        lo, hi = (selected(ds, ref, band, table) for ref in refs)
        problems = None if lo.empty or hi.empty else _problems(str(text), band["value"], one_cell(lo, refs[0], where),
                                                               one_cell(hi, refs[1], where))
        if problems is None:
            continue
        out.label(key=f"range:{band['document_id']}:{c['subject']}:{slug(band['source_ref'])}:{slug(text)}",
                  family="consistency", check=formula_text("{check_id}: {description}", check_id=str(c["check_id"]),
                                                           description=description_text(c)),
                  document_id=band["document_id"], source_ref=band["source_ref"], row=", ".join(g["category"]),
                  printed_text=text, printed_label=str(text),
                  recomputed_label=str(text) if not problems else formula_text(
                      "{band}: {problems}", band=str(text), problems=_and(problems)),
                  rule=_rule(band, lo.iloc[0], hi.iloc[0]))
