"""Helpers every notebook calls right after its ``parameters`` cell.

>>> ds = start(globals())   # doctest: +SKIP

:func:`start` loads the dataset, validates the notebook's parameters (names and types come from
the annotations of the parameters cell, ``year: int = 2023  # comment``, which is also what
``papermill --help-notebook`` shows), applies the figure theme, and returns the dataset. A bad
parameter stops the notebook at once with one :class:`~lkip_helpers.data.errors.ParameterError`
message listing the valid choices.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from lkip_helpers.data.dataset import Dataset, load_dataset
from lkip_helpers.data.errors import ParameterError
from .figures import use_theme
from .parameters import check_parameters

__all__ = ["format_float", "show_table", "start"]


def start(
    namespace: dict[str, Any],
    *,
    data_dir: str | Path | None = None,
    extra_checks: Callable[[Dataset, dict[str, Any]], None] | None = None,
) -> Dataset:
    """Load the data, validate the notebook's parameters and set the figure theme.

    Args:
        namespace: the notebook's ``globals()``; its ``__annotations__`` declare the parameters.
        data_dir: data package folder (default: the project's ``data/`` or ``$LKIP_DATA_DIR``).
        extra_checks: called with the dataset and the parameter values for notebook-specific
            checks (e.g. a peer group); raise :class:`ParameterError` to reject.

    Raises:
        ParameterError: an unknown parameter name, a wrong type, or a value the data do not support.
    """
    declared: dict[str, Any] = dict(namespace.get("__annotations__", {}))
    if not declared:
        raise ParameterError("the parameters cell declares no typed parameters (name: type = default)")
    ds = load_dataset(data_dir)
    values = {name: namespace.get(name) for name in declared}
    check_parameters(
        ds,
        namespace,
        types=declared,
        entity=values.get("entity") if "entity" in declared else None,
        year=values.get("year") if "year" in declared and "entity" in declared else None,
        misi=values.get("misi") if "misi" in declared else None,
    )
    if extra_checks is not None:
        extra_checks(ds, values)
    use_theme()
    pd.set_option("display.max_columns", 30)
    pd.set_option("display.width", 200)
    pd.set_option("display.float_format", format_float)
    return ds


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


def show_table(frame: pd.DataFrame, columns: dict[str, str] | None = None, *, decimals: int = 2) -> pd.DataFrame:
    """A display copy of ``frame``: selected and renamed ``columns``, floats rounded, index reset.

    Returns a plain DataFrame (its text form is stable, so nbval can compare it).
    """
    out = frame.copy()
    if columns:
        out = out[list(columns)].rename(columns=columns)
    for c in out.columns:
        if pd.api.types.is_float_dtype(out[c]):
            out[c] = out[c].round(decimals)
    return out.reset_index(drop=True)
