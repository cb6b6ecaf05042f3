"""lkip_helpers: load, validate and analyse standardised LKIP (Laporan Kinerja Instansi Pemerintah,
government performance report) tables under SAKIP (the government performance accountability system).

The package is grouped by layer, each a subpackage:

* :mod:`.data` — loading, validation, the data-package descriptor, errors, the number parser;
* :mod:`.measurement` — the SAKIP engine (capaian, status, predicates, budget efficiency);
* :mod:`.reports` — per-report views (scorecard, efficiency, coverage, IKM, narrative, units);
* :mod:`.forecasting`, :mod:`.benchmarks`, :mod:`.audit` — forecasts, regional benchmarks, the audit;
* :mod:`.primer` — the SAKIP lesson: worked examples, exercises, the cycle diagram;
* :mod:`.notebook` — what the notebooks call at start-up, figures, tables, translated lines;
* :mod:`.batch` — the ``lkip`` command and the papermill runs behind it.

Names are imported from their module on first use, so that a notebook kernel starts quickly.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from importlib import import_module
from typing import Any

__version__ = "0.1.0"


def lazy_exports(package: str, exports: Mapping[str, str]) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """``__getattr__`` and ``__dir__`` for a package that re-exports ``exports`` (name -> module
    of ``package``) and imports each module only when one of its names is first used (PEP 562)."""

    def __getattr__(name: str) -> Any:
        if name in exports:
            return getattr(import_module(f"{package}.{exports[name]}"), name)
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    def __dir__() -> list[str]:
        return sorted(exports)

    return __getattr__, __dir__


_EXPORTS = {
    "load_dataset": "data.dataset",
    "Dataset": "data.dataset",
    "DataValidationError": "data.errors",
    "DataIssue": "data.errors",
    "ParameterError": "data.errors",
    "parse_number": "data.numbers",
    "parse_cell": "data.numbers",
    "NumberParseError": "data.numbers",
}

__all__ = sorted(_EXPORTS) + ["__version__", "lazy_exports"]
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
