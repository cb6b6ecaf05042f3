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

__all__ = ["NOTEBOOK_DIR", "NotebookRun", "SuitePlan", "declared_parameters", "list_notebooks", "plan_runs", "plan_suite",
           "reason_texts"]

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


def declared_parameters(path: Path) -> set[str]:
    """The names the notebook's ``parameters`` cell declares (``name: type = default`` lines)."""
    with path.open(encoding="utf-8") as fh:
        nb = json.load(fh)
    for cell in nb.get("cells", []):
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            source = "".join(cell.get("source", []))
            return set(re.findall(r"^([A-Za-z_]\w*)\s*:", source, re.M))
    return set()


def _not_applicable(ds: Dataset, check: str | None, parameters: dict[str, Any]) -> ParameterError | None:
    """Why a notebook does not apply, from the check its metadata names (``applies_if``:
    ``"package.module:function"``, called as ``function(ds, parameters)``, the same check the
    notebook runs on its parameters); ``None`` when it applies or names no check."""
    if not check:
        return None
    import importlib

    module, _, name = check.partition(":")
    function = getattr(importlib.import_module(module), name)
    try:
        function(ds, dict(parameters))
    except ParameterError as exc:
        return exc
    return None


def list_notebooks(notebook_dir: Path | None = None) -> list[Path]:
    """The suite's notebooks (``notebooks/*.ipynb`` whose metadata has an ``lkip`` section)."""
    notebook_dir = notebook_dir or NOTEBOOK_DIR
    return [p for p in sorted(notebook_dir.glob("*.ipynb")) if _suite_metadata(p)]


def reason_texts(reason: ParameterError) -> dict[str, str]:
    """A reason a notebook does not apply in every language of the reports (``{"id": ..., "en": ...}``)."""
    from lkip_helpers.data.i18n import LANGUAGES

    return {lang: reason.in_language(lang) for lang in LANGUAGES}


@dataclass(frozen=True)
class SuitePlan:
    """The executions of one (entity, year) and the notebooks that do not apply to it.

    Attributes:
        runs: the executions.
        reasons: notebook stem -> why it does not apply (a catalog message with its values,
            not raised).
    """

    runs: list[NotebookRun]
    reasons: dict[str, ParameterError] = field(default_factory=dict)

    @property
    def skipped(self) -> dict[str, str]:
        """Notebook stem -> why it does not apply, in English (what the ``lkip`` command prints)."""
        return {stem: str(reason) for stem, reason in self.reasons.items()}

    @property
    def skipped_text(self) -> dict[str, dict[str, str]]:
        """Notebook stem -> why it does not apply in every language (see :func:`reason_texts`)."""
        return {stem: reason_texts(reason) for stem, reason in self.reasons.items()}


def plan_runs(
    ds: Dataset,
    entity: str,
    year: int,
    notebooks: list[str] | None = None,
    notebook_dir: Path | None = None,
) -> list[NotebookRun]:
    """Every notebook execution for ``entity`` and ``year`` (see :func:`plan_suite`)."""
    return plan_suite(ds, entity, year, notebooks, notebook_dir).runs


def _select(available: list[Path], notebooks: list[str]) -> list[Path]:
    """The notebooks named by file stem (``01_overview``) or short name (``overview``)."""
    names = {p.stem: p for p in available}
    short = {p.stem.split("_", 1)[-1]: p for p in available}
    chosen = []
    for n in notebooks:
        p = names.get(n) or short.get(n)
        if p is None:
            raise ParameterError(f"unknown notebook {n!r}; valid: {', '.join(sorted(short))}")
        chosen.append(p)
    return [p for p in available if p in chosen]


def plan_suite(
    ds: Dataset,
    entity: str,
    year: int,
    notebooks: list[str] | None = None,
    notebook_dir: Path | None = None,
    lang: str | None = None,
) -> SuitePlan:
    """Every notebook execution for ``entity`` and ``year``.

    A notebook's ``metadata.lkip`` says how it fans out: ``{"per": "misi"}`` runs it once per misi
    of the entity (skipped for an entity without misi), ``{"per": "entity"}`` once; and when it
    applies: ``"applies_if": "module:function"`` names the notebook's own parameter check, and a
    report that fails it skips the notebook with the check's message as the reason. ``lang`` is
    passed to every notebook that declares a ``lang`` parameter. ``notebooks``
    selects a subset by file stem (``01_overview``) or by the part after the number (``overview``).

    Raises:
        ParameterError: unknown entity or year (listing the valid choices) or unknown notebook.
    """
    if not _SLUG.match(str(entity)):
        raise ParameterError(f"entity must be a lowercase slug such as 'kota-bekasi', got {entity!r}")
    ds.check_entity_year(entity, year)
    available = list_notebooks(notebook_dir)
    if notebooks is not None and not notebooks:
        raise ParameterError("--notebooks selects no notebook; give names such as overview,mission")
    if notebooks:
        available = _select(available, notebooks)
    runs: list[NotebookRun] = []
    skipped: dict[str, ParameterError] = {}
    misi = ds.tables["misi"]
    for path in available:
        meta = _suite_metadata(path)
        base: dict[str, Any] = {"entity": entity, "year": int(year)}
        if lang is not None and "lang" in declared_parameters(path):
            base["lang"] = lang
        entities = meta.get("entities")
        if entities and entity not in entities:
            skipped[path.stem] = ParameterError("applies only to {entities}", entities=", ".join(entities))
            continue
        reason = _not_applicable(ds, meta.get("applies_if"), base)
        if reason is not None:
            skipped[path.stem] = reason
            continue
        if meta.get("per") == "misi":
            numbers = sorted(misi.loc[misi["entity_id"] == entity, "misi_no"].dropna().astype(int).tolist())
            if not numbers:
                skipped[path.stem] = ParameterError("{entity} has no RPJMD misi", entity=entity)
            for n in numbers:
                runs.append(NotebookRun(path, f"{path.stem}-misi-{n}", {**base, "misi": n}))
        else:
            runs.append(NotebookRun(path, path.stem, base))
    if notebooks and not runs:
        reasons = "; ".join(f"{k}: {v}" for k, v in skipped.items())
        raise ParameterError(f"none of the selected notebooks applies to {entity} {year} ({reasons})")
    return SuitePlan(runs, skipped)
