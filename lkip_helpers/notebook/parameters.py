"""Validate notebook parameters in the cell after the papermill ``parameters`` cell.

papermill injects ``-p year abc`` as a string without complaint and only warns about unknown
names, so every notebook calls :func:`check_parameters` right after its parameters: it rejects
unknown names, wrong types and values the data do not support, with one message that lists the
valid choices.
"""

from __future__ import annotations

from typing import Any

from lkip_helpers.data.dataset import Dataset
from lkip_helpers.data.errors import ParameterError

__all__ = ["check_parameters", "runtime_types", "unknown_parameter_names"]

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


def runtime_types(annotation: Any) -> tuple[type, ...]:
    """The classes ``isinstance`` can check for an annotation: ``int | None`` → (int, NoneType),
    ``list[str]`` → (list,), ``float`` → (float, int)."""
    import types as _types
    import typing

    origin = typing.get_origin(annotation)
    if origin in (typing.Union, _types.UnionType):
        out: tuple[type, ...] = ()
        for arg in typing.get_args(annotation):
            out += runtime_types(arg)
        return out
    if annotation is None or annotation is type(None):
        return (type(None),)
    if origin is not None:
        return (origin,)
    if annotation is float:
        return (float, int)
    if isinstance(annotation, type):
        return (annotation,)
    return (object,)


def _check_type(name: str, value: Any, expected: Any) -> None:
    allowed = expected if isinstance(expected, tuple) else runtime_types(expected)
    ok = isinstance(value, allowed)
    if isinstance(value, bool) and bool not in allowed:
        ok = False
    if not ok:
        names = " or ".join("None" if t is type(None) else t.__name__ for t in allowed)
        raise ParameterError("parameter {name} must be of type {types}, got {value} ({type})", name=repr(name),
                             types=names, value=repr(value), type=type(value).__name__)


def _valid_choices(ds: Dataset, name: str, namespace: dict[str, Any]) -> str:
    """The valid values of a well-known parameter, for error messages ('' when unknown)."""
    entity = namespace.get("entity")
    years = ds.entity_years()
    if name == "entity":
        return ", ".join(ds.reporting_entities())
    if name == "year":
        rows = years[years["entity_id"] == entity] if entity in set(years["entity_id"]) else years
        return ", ".join(str(y) for y in sorted(set(rows["year"])))
    if name == "misi":
        m = ds.tables["misi"]
        return ", ".join(str(n) for n in sorted(m.loc[m["entity_id"] == entity, "misi_no"].dropna().astype(int)))
    return ""


def check_parameters(
    ds: Dataset,
    namespace: dict[str, Any],
    *,
    types: dict[str, Any],
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
        raise ParameterError("unknown parameter(s) {names}; this notebook takes: {known}", names=", ".join(unknown),
                             known=", ".join(sorted(types)))
    for name, expected in types.items():
        if name in namespace:
            try:
                _check_type(name, namespace[name], expected)
            except ParameterError as exc:
                hint = _valid_choices(ds, name, namespace)
                if not hint:
                    raise
                raise ParameterError("{error}; valid: {choices}", error=exc, choices=hint) from None
    if entity is not None:
        ds.check_entity(entity)
    if year is not None and entity is not None:
        ds.check_entity_year(entity, year)
    if misi is not None and entity is not None:
        m = ds.tables["misi"]
        valid = sorted(m.loc[m["entity_id"] == entity, "misi_no"].dropna().astype(int).tolist())
        if not valid:
            with_misi = ", ".join(sorted(m["entity_id"].unique()))
            raise ParameterError("{entity} has no RPJMD misi (entities with misi: {with_misi}); run the overview "
                                 "notebook for it instead", entity=repr(entity), with_misi=with_misi)
        if misi not in valid:
            raise ParameterError("misi {misi} is out of range for {entity}; valid: {choices}", misi=repr(misi),
                                 entity=repr(entity), choices=", ".join(map(str, valid)))
