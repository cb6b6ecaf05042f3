"""Helpers every notebook calls right after its ``parameters`` cell.

>>> ds = start(globals())   # doctest: +SKIP

:func:`start` loads the dataset (in a batch run: the snapshot the command validated), validates
the notebook's parameters (names and types come from the annotations of the parameters cell,
``year: int = 2023  # comment``, which is also what ``papermill --help-notebook`` shows), applies
the figure theme, sets the report language from a ``lang`` parameter (``id`` or ``en``; see
:mod:`lkip_helpers.data.i18n`), and returns the dataset. A bad parameter stops the notebook at once with one
:class:`~lkip_helpers.data.errors.ParameterError` message listing the valid choices, in the report's
language (the ``lang`` parameter is checked first; its own message names the choices in both).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from lkip_helpers.data.dataset import Dataset, load_dataset
from lkip_helpers.data.errors import ParameterError
from lkip_helpers.data.i18n import check_language, set_language
from lkip_helpers.data.paths import default_data_dir
from lkip_helpers.data.snapshot import SNAPSHOT_ENV, read_snapshot
from .figures import use_theme
from .html_tables import register_html_tables
from .parameters import check_parameters
from .tables import format_float

__all__ = ["start"]


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
            Without it, a kernel started by ``lkip run`` reads the dataset the command has
            already validated, from the snapshot named by ``$LKIP_DATASET_SNAPSHOT`` (checked
            against the hash of ``$LKIP_DATA_DIR``), instead of loading and validating again.
        extra_checks: called with the dataset and the parameter values for notebook-specific
            checks (e.g. a peer group); raise :class:`ParameterError` to reject.

    Raises:
        ParameterError: an unknown parameter name, a wrong type, or a value the data do not support.
    """
    declared: dict[str, Any] = dict(namespace.get("__annotations__", {}))
    if not declared:
        raise ParameterError("the parameters cell declares no typed parameters (name: type = default)")
    values = {name: namespace.get(name) for name in declared}
    if "lang" in declared:  # first, so that every other message is in the report's language
        set_language(check_language(values.get("lang")))
    ds = _notebook_dataset(data_dir)
    try:
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
    except ParameterError as exc:
        raise ParameterError(exc.in_language()) from None
    use_theme()
    register_html_tables()
    pd.set_option("display.max_columns", 30)
    pd.set_option("display.width", 200)
    # a table's text form (what nbval compares and the tests read) keeps each row on one line,
    # however many columns it has; readers see the HTML
    pd.set_option("display.expand_frame_repr", False)
    pd.set_option("display.float_format", format_float)
    return ds


def _notebook_dataset(data_dir: str | Path | None) -> Dataset:
    """The dataset of ``data_dir`` if given; else the run's snapshot if ``$LKIP_DATASET_SNAPSHOT``
    is set (refused, with the reason, if it does not match the data folder); else the default
    data folder, loaded and validated."""
    snapshot = os.environ.get(SNAPSHOT_ENV)
    if data_dir is None and snapshot:
        return read_snapshot(snapshot, data_dir=default_data_dir())
    return load_dataset(data_dir)
