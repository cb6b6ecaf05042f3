"""Build and read ``data/datapackage.json``, the Frictionless descriptor of every table.

The descriptor is generated from ``data/metadata/fields.yaml`` (every column described once),
``data/metadata/resources.yaml`` (the tables) and ``data/metadata/stats_topics.yaml`` (the titles
of the files in ``data/stats/``, the columns a topic has beyond the ``statistic`` template, as
``fields``, and the keyed schema of a topic the audit computes on, see :mod:`.keyed`), so a column shared by ten tables has one description. Run
``lkip build-datapackage`` after changing any of them; a test checks that the committed descriptor
is up to date.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from .atomic import atomic_write_text
from .errors import DataIssue, DataValidationError
from .i18n import Message
from .keyed import keyed_schema
from .paths import default_data_dir

__all__ = ["DESCRIPTOR_NAME", "build_descriptor", "descriptor_issues", "read_descriptor", "write_descriptor"]

DESCRIPTOR_NAME = "datapackage.json"
_META = "metadata"


def _load_yaml(path: Path) -> Any:
    import yaml  # only needed when (re)building the descriptor

    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _field(column: str, source: str, fields: dict[str, Any], override: dict[str, Any] | None) -> dict:
    if source not in fields:
        raise KeyError(f"fields.yaml has no field {source!r} (used for column {column!r})")
    spec = copy.deepcopy(fields[source])
    if override:
        spec.update(copy.deepcopy(override))
    out: dict[str, Any] = {"name": column, "type": spec.pop("type")}
    out.update(spec)
    return out


def _schema(entry: dict, fields: dict, common_fks: dict, resource_name: str) -> dict:
    overrides = entry.get("override", {}) or {}
    schema_fields = []
    for item in entry["fields"]:
        column, source = next(iter(item.items())) if isinstance(item, dict) else (item, item)
        schema_fields.append(_field(column, source, fields, overrides.get(column)))
    names = [f["name"] for f in schema_fields]
    schema: dict[str, Any] = {"fields": schema_fields, "missingValues": [""]}
    if entry.get("primaryKey"):
        schema["primaryKey"] = list(entry["primaryKey"])
    if entry.get("uniqueKey"):
        schema["lkip:uniqueKey"] = list(entry["uniqueKey"])
    fks = [copy.deepcopy(fk) for fk in entry.get("foreignKeys", [])]
    explicit = {fk["fields"] for fk in fks if isinstance(fk["fields"], str)}  # single-column keys
    for column, ref in common_fks.items():
        if column not in names or column in explicit:
            continue
        if ref["resource"] == resource_name and schema.get("primaryKey") == [ref["fields"]]:
            continue  # a table's own key
        fks.append({"fields": column, "reference": dict(ref)})
    if fks:
        schema["foreignKeys"] = fks
    if entry.get("lkipForeignKeys"):
        schema["lkip:foreignKeys"] = copy.deepcopy(entry["lkipForeignKeys"])
    return schema


def build_descriptor(data_dir: Path | str | None = None) -> dict[str, Any]:
    """Return the data package descriptor for ``data_dir`` (default: the project's ``data/``).

    Raises:
        KeyError: a table names a column that ``fields.yaml`` does not describe.
        ValueError: a file in ``stats/`` has no entry in ``stats_topics.yaml``, or an entry's keyed
            schema is incomplete (:func:`lkip_helpers.data.keyed.keyed_schema`).
    """
    data_dir = Path(data_dir) if data_dir else default_data_dir()
    meta = data_dir / _META
    fields = _load_yaml(meta / "fields.yaml")
    spec = _load_yaml(meta / "resources.yaml")
    topics_path = meta / "stats_topics.yaml"
    topics = (_load_yaml(topics_path) or {}) if topics_path.exists() else {}
    common = spec.get("common_foreign_keys", {})
    resources = []
    for entry in spec["resources"]:
        resources.append(
            {
                "name": entry["name"],
                "path": entry.get("path", f"{entry['name']}.csv"),
                "title": entry["title"],
                "profile": "tabular-data-resource",
                "format": "csv",
                "encoding": "utf-8",
                "schema": _schema(entry, fields, common, entry["name"]),
            }
        )
    template = spec["templates"]["statistic"]
    stats_files = sorted((data_dir / "stats").glob("*.csv"))
    unknown = [p.stem for p in stats_files if p.stem not in topics]
    if unknown:
        raise ValueError(f"stats_topics.yaml has no entry for stats/{unknown[0]}.csv")
    for path in stats_files:
        topic = topics[path.stem]
        entry = {**template, "fields": [*template["fields"], *topic.get("fields", [])]}  # a topic's own columns last
        res = {
            "name": f"stats-{path.stem}",
            "path": f"stats/{path.name}",
            "title": topic["title"],
            "profile": "tabular-data-resource",
            "format": "csv",
            "encoding": "utf-8",
            "schema": keyed_schema(_schema(entry, fields, common, f"stats-{path.stem}"), topic, path.stem),
        }
        if topic.get("description"):
            res["description"] = topic["description"]
        resources.append(res)
    return {
        "name": spec["name"],
        "title": spec["title"],
        "description": spec["description"],
        "licenses": spec.get("licenses", []),
        "profile": "tabular-data-package",
        "resources": resources,
    }


def write_descriptor(data_dir: Path | str | None = None) -> Path:
    """Build the descriptor and write it atomically to ``<data_dir>/datapackage.json``."""
    data_dir = Path(data_dir) if data_dir else default_data_dir()
    text = json.dumps(build_descriptor(data_dir), indent=2, ensure_ascii=False) + "\n"
    target = data_dir / DESCRIPTOR_NAME
    atomic_write_text(target, text)
    return target


def read_descriptor(data_dir: Path | str | None = None) -> dict[str, Any]:
    """Read ``<data_dir>/datapackage.json`` and check its shape (an object with a list of
    resources, each with a ``name``, a relative ``path`` and a ``schema`` with ``fields``).

    Raises:
        FileNotFoundError: with the path, when the descriptor is missing.
        DataValidationError: the descriptor is not readable JSON or not shaped like a data
            package; each issue names the file and the resource.
    """
    data_dir = Path(data_dir) if data_dir else default_data_dir()
    path = data_dir / DESCRIPTOR_NAME
    if not path.exists():
        raise FileNotFoundError(f"{path}: no data package descriptor (expected datapackage.json)")
    try:
        descriptor = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise DataValidationError([DataIssue(path, Message("not a UTF-8 text file"))]) from None
    except json.JSONDecodeError as exc:
        message = Message("the file is empty") if not exc.doc.strip() else Message(
            "not valid JSON: {reason} at line {line}, column {column}", reason=exc.msg, line=str(exc.lineno),
            column=str(exc.colno))
        raise DataValidationError([DataIssue(path, message)]) from None
    issues = descriptor_issues(descriptor, path)
    if issues:
        raise DataValidationError(issues)
    return descriptor


def descriptor_issues(descriptor: Any, path: Path) -> list[DataIssue]:
    """What keeps ``descriptor`` (read from ``path``) from being used as a data package: a
    non-object, no ``resources`` list, or a resource without ``name``, ``path`` or ``schema.fields``."""
    if not isinstance(descriptor, dict):
        return [DataIssue(path, Message("a data package descriptor is a JSON object, found a JSON {type}",
                                        type=type(descriptor).__name__))]
    resources = descriptor.get("resources")
    if not isinstance(resources, list) or not resources:
        return [DataIssue(path, Message("the descriptor lists no resources (expected a non-empty 'resources' list)"))]
    issues = []
    for number, resource in enumerate(resources, start=1):
        label = Message("resource {number}", number=str(number))
        if not isinstance(resource, dict):
            issues.append(DataIssue(path, Message("{resource} is not a JSON object", resource=label)))
            continue
        if isinstance(resource.get("name"), str):
            label = Message("resource {number} ({name!r})", number=str(number), name=resource["name"])
        for key in ("name", "path"):
            if not isinstance(resource.get(key), str) or not resource.get(key):
                issues.append(DataIssue(path, Message("{resource} has no {key!r}", resource=label, key=key)))
        schema = resource.get("schema")
        if not isinstance(schema, dict):
            issues.append(DataIssue(path, Message("{resource} has no 'schema'", resource=label)))
        elif not isinstance(schema.get("fields"), list) or not all(
            isinstance(f, dict) and isinstance(f.get("name"), str) for f in schema["fields"]
        ):
            issues.append(DataIssue(path, Message("{resource} has a schema without a list of named 'fields'",
                                                  resource=label)))
    return issues
