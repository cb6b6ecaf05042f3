"""Keyed stats topics: the schema a table of ``data/stats/`` declares when the audit computes on it.

Every file of ``data/stats/`` is stored in the long format of the ``statistic`` template
(``source_ref, category, subcategory, variable, year, period, entity_id, unit, value, value_text,
document_id``). A topic the audit computes on declares in ``data/metadata/stats_topics.yaml``:

* ``primaryKey`` — the columns that identify a row (usually :data:`DEFAULT_KEY`);
* ``variables`` — each allowed variable with its unit as printed (``{target: rupiah}``; a list
  when the reports print one variable in several units, ``''`` when they print none);
* ``categories`` (optional) — the allowed row labels.

:func:`keyed_schema` turns that into the resource's Table Schema (``primaryKey``, an ``enum`` on
``variable`` and ``category``, which frictionless checks, and ``lkip:units``);
:func:`unit_problems` finds a row whose unit is not its variable's.
"""

from __future__ import annotations

import copy
from typing import Any

import pandas as pd

from .i18n import Message

__all__ = ["DEFAULT_KEY", "UNITS", "is_keyed", "keyed_schema", "topic_categories", "topic_variables", "unit_problems"]

#: the key that identifies a row of a stats topic: one printed cell of one report
DEFAULT_KEY: tuple[str, ...] = ("document_id", "source_ref", "category", "subcategory", "variable", "year", "period")
#: the schema property holding, per variable, the units it may be printed in
UNITS = "lkip:units"


def _units(spec: Any) -> list[str]:
    return [str(u or "") for u in spec] if isinstance(spec, list) else [str(spec or "")]


def keyed_schema(schema: dict[str, Any], topic: dict[str, Any], name: str) -> dict[str, Any]:
    """``schema`` (of the stats topic ``name``) with the keyed schema its ``topic`` entry declares;
    unchanged when the entry declares no ``variables``.

    Raises:
        ValueError: the entry declares only one of ``primaryKey`` and ``variables``, a key column
            the table does not have, or ``categories`` that are not a list (naming the topic).
    """
    if "variables" not in topic and "primaryKey" not in topic:
        return schema
    where = f"stats_topics.yaml, topic {name!r}"
    if not isinstance(topic.get("variables"), dict) or not topic["variables"] or not topic.get("primaryKey"):
        raise ValueError(f"{where}: a keyed topic declares both 'primaryKey' and 'variables' (a mapping "
                         "variable: unit)")
    out = copy.deepcopy(schema)
    names = [f["name"] for f in out["fields"]]
    unknown = [c for c in topic["primaryKey"] if c not in names]
    if unknown:
        raise ValueError(f"{where}: primaryKey names {unknown[0]!r}, not a column of the table")
    out["primaryKey"] = list(topic["primaryKey"])
    out.pop("lkip:uniqueKey", None)  # the primary key replaces the template's key
    out[UNITS] = {str(var): _units(spec) for var, spec in topic["variables"].items()}
    _constrain(out, "variable", sorted(out[UNITS]))
    if "categories" in topic:
        if not isinstance(topic["categories"], list) or not topic["categories"]:
            raise ValueError(f"{where}: 'categories' is a list of the row labels")
        _constrain(out, "category", [str(c) for c in topic["categories"]])
    return out


def _constrain(schema: dict[str, Any], column: str, allowed: list[str]) -> None:
    field = next(f for f in schema["fields"] if f["name"] == column)
    field.setdefault("constraints", {})["enum"] = allowed


def is_keyed(schema: dict[str, Any]) -> bool:
    """True if ``schema`` (a resource's Table Schema) is a keyed stats topic's."""
    return isinstance(schema.get(UNITS), dict)


def topic_variables(schema: dict[str, Any]) -> list[str]:
    """The variables a keyed topic's ``schema`` declares (``[]`` for an unkeyed one)."""
    return sorted(schema.get(UNITS, {}))


def topic_categories(schema: dict[str, Any]) -> list[str]:
    """The row labels a keyed topic's ``schema`` declares (``[]`` when it declares none)."""
    if not is_keyed(schema):
        return []
    field = next((f for f in schema["fields"] if f["name"] == "category"), {})
    return list(field.get("constraints", {}).get("enum", []))


def unit_problems(df: pd.DataFrame, schema: dict[str, Any]) -> list[tuple[int, str]]:
    """``(row, message)`` for each row of a keyed topic whose unit is not one declared for its
    variable; a variable not declared is left to the ``enum`` of ``variable``."""
    units = schema.get(UNITS)
    if not units or "unit" not in df.columns or "variable" not in df.columns:
        return []
    problems = []
    for row, var, unit in zip(range(1, len(df) + 1), df["variable"], df["unit"]):
        allowed = units.get(var)
        text = "" if unit is None or (isinstance(unit, float) and pd.isna(unit)) else str(unit)
        if allowed is not None and text not in allowed:
            problems.append((row, Message("unit {unit!r} is not the unit of variable {variable!r} ({allowed}, declared "
                                          "in metadata/stats_topics.yaml)", unit=text, variable=var,
                                          allowed=_either(allowed))))
    return problems


def _either(units: list[str]) -> str:
    """The declared ``units`` quoted and joined by "or" (``''`` reads "no unit")."""
    shown: list[str] = [repr(u) if u else Message("no unit") for u in units]
    text = shown[0]
    for unit in shown[1:]:
        text = Message("{first} or {second}", first=text, second=unit)
    return text
