"""Rewrite numbers typed in Indonesian notation as plain numbers, for tools that need them.

An analyst may type ``87,14`` or ``2.752.218`` in a numeric column of a copy of ``data/``;
:func:`lkip_helpers.load_dataset` reads them, but frictionless (and most other tools) expect plain
numbers (``87.14``, ``2752218``). :func:`normalise_numbers` rewrites exactly those cells, after the
copy has passed validation, file by file and atomically; every other byte of the file is kept.
This is the only function of the package that changes a data file, and only when asked to
(``lkip normalise``).
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from pathlib import Path

from .atomic import atomic_write_text
from .dataset import load_dataset
from .validation import _convert_number

__all__ = ["normalise_numbers"]


def _plain(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else repr(float(number))


def normalise_numbers(data_dir: Path | str) -> dict[Path, int]:
    """Rewrite the Indonesian-notation numeric cells of a valid data package in ``data_dir``.

    Returns the number of cells rewritten per file (empty when nothing needed rewriting).

    Raises:
        DataValidationError: the package is not valid (nothing is written).
    """
    ds = load_dataset(data_dir)
    by_file: dict[Path, dict[tuple[int, str], str]] = defaultdict(dict)
    for path, row, column, text in ds.indonesian_cells:
        by_file[path][(row, column)] = _plain(_convert_number(text))
    changed: dict[Path, int] = {}
    for path, cells in by_file.items():
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
        header = rows[0]
        for (row, column), value in cells.items():
            rows[row][header.index(column)] = value
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows(rows)
        atomic_write_text(path, buffer.getvalue())
        changed[path] = len(cells)
    return changed
