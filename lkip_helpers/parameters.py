"""Validate notebook parameters in the cell after the papermill ``parameters`` cell.

papermill injects ``-p year abc`` as a string without complaint and only warns about unknown
names, so every notebook calls :func:`check_parameters` right after its parameters: it rejects
unknown names, wrong types and values the data do not support, with one message that lists the
valid choices.
"""

from __future__ import annotations

from typing import Any

from .dataset import Dataset
from .errors import ParameterError

__all__ = ["check_parameters", "unknown_parameter_names"]

_IPYTHON_NAMES = {"In", "Out", "get_ipython", "exit", "quit", "open"}


def unknown_parameter_names(namespace: dict[str, Any], known: set[str]) -> list[str]:
    """Names defined in a notebook's namespace that are not declared parameters.

    Called in the cell right after the parameters, the only user names defined so far are the
    declared parameters and whatever papermill injected.
    """
    import types

    out = []
    for name, value in namespace.items():
        if name.startswith("_") or name in known or name in _IPYTHON_NAMES:
            continue
        if isinstance(value, (types.ModuleType, types.FunctionType, type)):
            continue
        out.append(name)
    return sorted(out)


def _check_type(name: str, value: Any, expected: type | tuple[type, ...]) -> None:
    if isinstance(value, bool) and expected is not bool:
        ok = False
    else:
        ok = isinstance(value, expected)
    if not ok:
        names = expected.__name__ if isinstance(expected, type) else " or ".join(t.__name__ for t in expected)
        raise ParameterError(f"parameter {name!r} must be of type {names}, got {value!r} ({type(value).__name__})")


def check_parameters(
    ds: Dataset,
    namespace: dict[str, Any],
    *,
    types: dict[str, type | tuple[type, ...]],
    entity: str | None = None,
    year: int | None = None,
    misi: int | None = None,
) -> None:
    """Validate a notebook's parameters; raise :class:`ParameterError` with the valid choices.

    Args:
        ds: the loaded dataset (what entities, years and misi exist).
        namespace: the notebook's ``globals()``, to find unknown parameter names.
        types: declared parameter names and their types.
        entity, year, misi: the values to check against the data (``None`` = not a parameter).
    """
    unknown = unknown_parameter_names(namespace, set(types))
    if unknown:
        raise ParameterError(
            f"unknown parameter(s) {', '.join(unknown)}; this notebook takes: {', '.join(sorted(types))}"
        )
    for name, expected in types.items():
        if name in namespace:
            _check_type(name, namespace[name], expected)
    if entity is not None:
        ds.check_entity(entity)
    if year is not None and entity is not None:
        ds.check_entity_year(entity, year)
    if misi is not None and entity is not None:
        m = ds.tables["misi"]
        valid = sorted(m.loc[m["entity_id"] == entity, "misi_no"].dropna().astype(int).tolist())
        if not valid:
            raise ParameterError(f"{entity!r} has no RPJMD misi; run the overview notebook for it instead")
        if misi not in valid:
            raise ParameterError(f"misi {misi!r} is out of range for {entity!r}; valid: {', '.join(map(str, valid))}")
