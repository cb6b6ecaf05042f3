"""Tables as notebooks show them: chosen columns under their display labels, floats rounded.

>>> show_table(card, ["iku_no", "name", "capaian"])          # doctest: +SKIP
>>> show_table(pov, ["name", "rank"], labels={"name": "region"})   # doctest: +SKIP

Labels come from :data:`lkip_helpers.notebook.labels.LABELS`, declared once for every notebook.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from lkip_helpers.data.i18n import translate

from .labels import UnknownColumnError, label_of

__all__ = ["ROW_ID", "format_float", "show_table"]


def format_float(value: float) -> str:
    """How tables show floats: rupiah-sized values with thousands separators and no decimals,
    ordinary values with two decimals, small fractions with four significant digits."""
    if value != value:  # NaN
        return "NaN"
    if abs(value) >= 1e4:
        return f"{value:,.0f}"
    if value == 0 or abs(value) >= 0.01:
        return f"{value:,.2f}"
    return f"{value:.4g}"


def _renaming(frame: pd.DataFrame, columns: Sequence[str] | Mapping[str, str],
              labels: Mapping[str, str] | None) -> dict[str, str]:
    """Column name -> display label for ``columns`` (a list looked up in the labels, or a dict
    giving the labels itself), after checking that ``frame`` has every one of them."""
    if isinstance(columns, str):
        raise TypeError("columns must be a list of column names, not one string")
    names = list(columns)
    missing = [c for c in names if c not in frame.columns]
    if missing:
        raise UnknownColumnError(
            f"the table has no column {', '.join(map(repr, missing))}; "
            f"it has: {', '.join(map(str, frame.columns))}"
        )
    if isinstance(columns, Mapping):
        return {c: columns[c] for c in names}
    return {c: label_of(c, dict(labels or {})) for c in names}


@dataclass(frozen=True)
class NoRows:
    """What :func:`show_table` shows for a table without rows: one line saying so."""

    message: str
    columns: tuple[str, ...] = ()
    empty: bool = True

    def __repr__(self) -> str:
        return self.message

    def _repr_html_(self) -> str:
        return f"<p><em>{html.escape(self.message)}</em></p>"


#: the key of ``DataFrame.attrs`` that marks a table made by :func:`show_table`
TABLE_ATTR = "lkip_table"

#: the column of a table's row ids (``show_table(..., row_id=...)``): last in the text form, a
#: ``data-id`` attribute of the row in the HTML
ROW_ID = "id"

#: the line shown for a table without rows, unless the notebook gives its own
NO_ROWS = "Nothing to show: the data hold no rows for this table."


def show_table(
    frame: pd.DataFrame,
    columns: Sequence[str] | Mapping[str, str] | None = None,
    *,
    labels: Mapping[str, str] | None = None,
    decimals: int = 2,
    empty: str = NO_ROWS,
    row_id: str | None = None,
) -> pd.DataFrame | NoRows:
    """A display copy of ``frame``: the ``columns`` chosen, in that order, under their display
    labels (:data:`~lkip_helpers.notebook.labels.LABELS`, or ``labels`` for this table), floats
    rounded to ``decimals``, index reset. ``columns`` may also be a dict (name -> label) for a
    one-off table; ``None`` keeps every column under its own name.

    Returns a DataFrame (its text form is stable, so nbval can compare it) marked in its
    ``attrs`` as a report table, which a notebook shows in HTML in the reader's language and
    notation (:func:`~lkip_helpers.notebook.html_tables.register_html_tables`); a frame without rows gives
    :class:`NoRows`, shown as the one line ``empty`` in the reader's language (the columns are
    still checked).

    ``row_id`` names a column of ids (``indicator_id``) that links each row to the data without
    being shown to the reader: it becomes the last column, :data:`ROW_ID`, of the returned frame
    (so its text form, which nbval and the tests read, still names each row), and the HTML puts it
    in the row's ``data-id`` attribute instead of a cell.

    Raises:
        UnknownColumnError: a column is not in ``frame`` or has no display label.
    """
    out = frame.copy()
    if columns is not None:
        renaming = _renaming(frame, columns, labels)
        out = out[list(renaming)].rename(columns=renaming)
    if row_id is not None:
        if row_id not in frame.columns:
            raise UnknownColumnError(f"row_id {row_id!r} is not a column of the table (columns: {', '.join(map(str, frame.columns))})")
        hidden = [ROW_ID] if columns is not None else [ROW_ID, row_id]
        out = out.drop(columns=hidden, errors="ignore").assign(**{ROW_ID: frame[row_id].to_numpy()})
    if out.empty:
        return NoRows(translate(empty), tuple(map(str, out.columns)))
    for c in out.columns:
        if pd.api.types.is_float_dtype(out[c]):
            out[c] = out[c].round(decimals)
    table = out.reset_index(drop=True)
    table.attrs[TABLE_ATTR] = {"decimals": decimals, "row_id": ROW_ID if row_id is not None else None}
    return table
