"""lkip_helpers: load, validate and analyse standardised LKIP (Laporan Kinerja Instansi Pemerintah,
government performance report) tables under SAKIP (the government performance accountability system).

Submodules are imported on first use so that a notebook kernel starts quickly.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "load_dataset": "dataset",
    "Dataset": "dataset",
    "DataValidationError": "errors",
    "DataIssue": "errors",
    "ParameterError": "errors",
    "parse_number": "numbers",
    "parse_cell": "numbers",
    "NumberParseError": "numbers",
}

__all__ = sorted(_EXPORTS) + ["__version__"]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module 'lkip_helpers' has no attribute {name!r}")
