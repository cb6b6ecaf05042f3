"""Which notebooks make up the suite, and with which parameters they run for an entity and year."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lkip_helpers.data.dataset import Dataset
from lkip_helpers.data.errors import ParameterError
from lkip_helpers.data.paths import PROJECT_ROOT

__all__ = ["NOTEBOOK_DIR", "NotebookRun", "SuitePlan", "list_notebooks", "plan_runs", "plan_suite"]

NOTEBOOK_DIR = PROJECT_ROOT / "notebooks"
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class NotebookRun:
    """One execution of one notebook.

    Attributes:
        notebook: path of the source notebook.
        name: file stem of the output (``02_mission-misi-3``), unique within a run.
        parameters: papermill parameters.
    """

    notebook: Path
    name: str
    parameters: dict[str, Any] = field(default_factory=dict)


def _suite_metadata(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as fh:
        nb = json.load(fh)
    return nb.get("metadata", {}).get("lkip", {})


def list_notebooks(notebook_dir: Path | None = None) -> list[Path]:
    """The suite's notebooks (``notebooks/*.ipynb`` whose metadata has an ``lkip`` section)."""
    notebook_dir = notebook_dir or NOTEBOOK_DIR
    return [p for p in sorted(notebook_dir.glob("*.ipynb")) if _suite_metadata(p)]


@dataclass(frozen=True)
class SuitePlan:
    """The executions of one (entity, year) and the notebooks that do not apply to it."""

    runs: list[NotebookRun]
    skipped: dict[str, str] = field(default_factory=dict)  # notebook stem -> reason


def plan_runs(
    ds: Dataset,
    entity: str,
    year: int,
    notebooks: list[str] | None = None,
    notebook_dir: Path | None = None,
) -> list[NotebookRun]:
    """Every notebook execution for ``entity`` and ``year`` (see :func:`plan_suite`)."""
    return plan_suite(ds, entity, year, notebooks, notebook_dir).runs


def plan_suite(
    ds: Dataset,
    entity: str,
    year: int,
    notebooks: list[str] | None = None,
    notebook_dir: Path | None = None,
) -> SuitePlan:
    """Every notebook execution for ``entity`` and ``year``.

    A notebook's ``metadata.lkip`` says how it fans out: ``{"per": "misi"}`` runs it once per misi
    of the entity (skipped for an entity without misi), ``{"per": "entity"}`` once; ``entities``
    limits it to some entities, and ``requires`` names checks (``"lkip_helpers.<layer>:<function>"``,
    called with the dataset, entity and year) that raise :class:`ParameterError` when the data
    hold nothing the notebook could work on for this report: it is then skipped with that reason
    (valid data never fail a report for want of one kind of table). ``notebooks`` selects a
    subset by file stem (``01_overview``) or by the part after the number (``overview``).

    Raises:
        ParameterError: unknown entity or year (listing the valid choices) or unknown notebook.
    """
    if not _SLUG.match(str(entity)):
        raise ParameterError(f"entity must be a lowercase slug such as 'kota-bekasi', got {entity!r}")
    ds.check_entity_year(entity, year)
    available = _selected(list_notebooks(notebook_dir), notebooks)
    runs: list[NotebookRun] = []
    skipped: dict[str, str] = {}
    misi = ds.tables["misi"]
    for path in available:
        meta = _suite_metadata(path)
        base = {"entity": entity, "year": int(year)}
        entities = meta.get("entities")
        if entities and entity not in entities:
            skipped[path.stem] = f"applies only to {', '.join(entities)}"
            continue
        unmet = _unmet_requirement(ds, path, meta.get("requires") or [], entity, year)
        if unmet:
            skipped[path.stem] = unmet
            continue
        if meta.get("per") == "misi":
            numbers = sorted(misi.loc[misi["entity_id"] == entity, "misi_no"].dropna().astype(int).tolist())
            if not numbers:
                skipped[path.stem] = f"{entity} has no RPJMD misi"
            for n in numbers:
                runs.append(NotebookRun(path, f"{path.stem}-misi-{n}", {**base, "misi": n}))
        else:
            runs.append(NotebookRun(path, path.stem, base))
    if notebooks and not runs:
        reasons = "; ".join(f"{k}: {v}" for k, v in skipped.items())
        raise ParameterError(f"none of the selected notebooks applies to {entity} {year} ({reasons})")
    return SuitePlan(runs, skipped)


def _selected(available: list[Path], notebooks: list[str] | None) -> list[Path]:
    """The notebooks of ``available`` that ``notebooks`` names (all for ``None``), in suite order."""
    if notebooks is not None and not notebooks:
        raise ParameterError("--notebooks selects no notebook; give names such as overview,mission")
    if not notebooks:
        return available
    names = {p.stem: p for p in available}
    short = {p.stem.split("_", 1)[-1]: p for p in available}
    chosen = []
    for n in notebooks:
        p = names.get(n) or short.get(n)
        if p is None:
            raise ParameterError(f"unknown notebook {n!r}; valid: {', '.join(sorted(short))}")
        chosen.append(p)
    return [p for p in available if p in chosen]


def _unmet_requirement(ds: Dataset, notebook: Path, requires: list[str], entity: str, year: int) -> str | None:
    """The message of the first check of ``requires`` the data fail for ``entity`` and ``year``
    (``None`` when they pass every one); a check that is not ``lkip_helpers.<module>:<function>``
    is refused, naming the notebook."""
    import importlib

    for ref in requires:
        module, _, name = str(ref).partition(":")
        if not module.startswith("lkip_helpers.") or not name.isidentifier():
            raise ParameterError(f"{notebook}: metadata lkip.requires {ref!r} is not 'lkip_helpers.<module>:<function>'")
        try:
            check = getattr(importlib.import_module(module), name)
        except (ImportError, AttributeError):
            raise ParameterError(f"{notebook}: metadata lkip.requires {ref!r} names no function") from None
        try:
            check(ds, entity, int(year))
        except ParameterError as exc:
            return str(exc)
    return None
