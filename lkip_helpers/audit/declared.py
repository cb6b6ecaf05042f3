"""Report-specific checks declared in data (``data/checks.csv``), applied to any report.

A row of ``checks.csv`` declares that, in the stats table ``topic`` of ``document_id`` at
``source_ref``, the row labelled ``total_category`` (one of several labels joined with ``|``; with
``total_subcategory`` when given) equals the sum of ``parts`` — the categories joined with ``|``,
or ``*`` for every other row of the same group. Rows are grouped by ``variable`` (only those of
``variables`` when given), ``year`` and ``period``, and also by ``subcategory`` when ``group_by``
is ``subcategory`` (a table with a block per kind of staff); otherwise ``*`` takes only the rows
with an empty subcategory. ``group_by`` ``variable`` groups by variable and period only: the rows
are the years of one series and the total row (of any year) is their sum (a five-year table).
``group_by`` ``category``: each row label is a block — its row with subcategory
``total_subcategory`` (empty by default) is the sum of its other rows (a kecamatan and its
kelurahan); ``total_category`` ``*`` then takes every label. Tolerances as every sum (:func:`lkip_helpers.audit.sums._total`).

``outcome`` ``bands:<topic>`` makes the total decide a category: the band of the numbered band
table of that stats topic (an environment index and its kategori), so ``affects_status`` says
whether the printed and the recomputed total fall in different bands.

A new report's tables get their sum checks from new rows of ``checks.csv``, without new code;
``docs/data-model.md`` documents the columns. Keys:
``sum:<document>:<topic>:<source_ref slug>:<total slug>:<variable>:<year>[-<period>]``.

The row's ``description`` and ``description_id`` (in the finding's ``check``) are data, shown as
written in English and in Bahasa Indonesia. The rule ("sum of {n} printed rows") is a catalog message composed in the reader's
language (:mod:`lkip_helpers.audit.texts`).
"""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd

from lkip_helpers.data.dataset import Dataset
from lkip_helpers.data.i18n import Message
from .core import Collector, Outcome, in_column, slug
from .outcomes import declared_outcome
from .texts import description_text, reader_text

__all__ = ["check_declared", "declared_checks", "declared_groups", "declared_parts"]


def declared_checks(ds: Dataset, documents: set[str]) -> pd.DataFrame:
    """The rows of ``checks.csv`` for ``documents`` (empty when the data declares none)."""
    t = ds.tables.get("checks")
    if t is None:
        return pd.DataFrame(columns=["check_id", "document_id", "topic", "source_ref", "variables", "total_category",
                                     "total_subcategory", "parts", "group_by", "outcome", "description"])
    return t[t["document_id"].isin(documents)].fillna("")


def _split(cell: object) -> list[str]:
    return [p.strip() for p in str(cell or "").split("|") if p.strip()]


def declared_groups(ds: Dataset, c: pd.Series, i: int = 0) -> Iterator[tuple[pd.Series, pd.DataFrame]]:
    """``(total row, its part rows)`` of every group of the declared check ``c`` (a row of
    :func:`declared_checks`, ``i`` its index for messages).

    Raises:
        ValueError: the check names a stats topic the data does not have (naming the check row).
    """
    table = ds.tables.get(f"stats-{c['topic']}")
    if table is None:
        raise ValueError(Message("{where}: no stats table {topic!r} in the data", where=_where(i, c), topic=c["topic"]))
    rows = table[(table["document_id"] == c["document_id"]) & (table["source_ref"] == c["source_ref"])].copy()
    rows["subcategory"] = rows["subcategory"].fillna("")
    if _split(c["variables"]):
        rows = rows[rows["variable"].isin(_split(c["variables"]))]
    by = c["group_by"]
    keys = (["variable", "period"] if by == "variable"
            else ["variable", "year", "period"] + ([by] if by in ("subcategory", "category") else []))
    totals, parts_of = _split(c["total_category"]), _split(c["parts"])
    for _, g in rows.groupby(keys, dropna=False, sort=False):
        tot = g if totals == ["*"] else g[g["category"].isin(totals)]
        if c["total_subcategory"] or by == "category":
            tot = tot[tot["subcategory"] == str(c["total_subcategory"] or "")]
        if tot.empty:
            continue
        if parts_of == ["*"]:
            parts = g.drop(tot.index)
            if by not in ("subcategory", "category"):
                parts = parts[parts["subcategory"] == ""]
        else:
            parts = g[g["category"].isin(parts_of)]
        if not parts.empty:
            yield tot.iloc[0], parts


def declared_parts(ds: Dataset, c: pd.Series) -> pd.DataFrame:
    """Every part row of the declared check ``c`` (all its groups)."""
    frames = [parts for _, parts in declared_groups(ds, c)]
    return pd.concat(frames) if frames else pd.DataFrame(columns=["category", "variable", "year", "value"])


def check_declared(ds: Dataset, out: Collector, documents: set[str]) -> None:
    """Apply every declared sum check of ``documents`` (module docstring).

    Raises:
        ValueError: a check names a stats topic the data does not have (naming the check row).
    """
    from .sums import _total

    for i, c in declared_checks(ds, documents).iterrows():
        for t, parts in declared_groups(ds, c, i):
            year, period, var = t["year"], t["period"], t["variable"]
            _total(out, key=f"sum:{t['document_id']}:{c['topic']}:{slug(c['source_ref'])}:{slug(t['category'])}:"
                            f"{slug(var)}:{'' if pd.isna(year) else int(year)}"
                            f"{'' if period == 'annual' else '-' + str(period).lower()}",
                   check=reader_text("total of {topic} ({check_id}: {description})", topic=str(c["topic"]),
                                     check_id=str(c["check_id"]), description=description_text(c)),
                   total=t, parts=parts,
                   row=f"{t['category']} ({var}, {'' if pd.isna(year) else int(year)})",
                   outcome=_outcome(ds, c, i))


def _outcome(ds: Dataset, c: pd.Series, i: int) -> Outcome | None:
    """The outcome a declared total decides (:func:`lkip_helpers.audit.outcomes.declared_outcome`;
    a total decides no status of an indicator, so only ``bands:<topic>``, ``mutu`` or ``akip``)."""
    return declared_outcome(ds, str(c.get("outcome", "") or ""), c["document_id"], in_column(_where(i, c), "outcome"))(c)


def _where(i: int, c: pd.Series) -> Message:
    """The row ``i`` of ``checks.csv`` a refusal names (its line in the file and its check)."""
    return Message("checks.csv row {row} ({check})", row=str(i + 2), check=str(c["check_id"]))
