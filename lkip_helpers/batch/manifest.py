"""The manifest of a run (``manifest.json``): what ran, with which settings, code and data, and
how every notebook did; and the durations of the last run, read back for scheduling."""

from __future__ import annotations

import hashlib
import json
import platform
from dataclasses import asdict
from pathlib import Path
from typing import Any

from .results import RunResult
from .suite import NotebookRun

__all__ = ["build_manifest", "previous_durations"]


def _file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def build_manifest(
    runs: list[NotebookRun],
    results: list[RunResult],
    *,
    run_info: dict[str, Any],
    data_dir: Path,
    data_hash: str,
    skipped: dict[str, dict[str, str]] | None = None,
    settings: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The manifest of a run.

    Args:
        runs: the planned executions (their notebooks are hashed).
        results: their outcomes, in report order.
        run_info: entity, year, started, finished, wall_seconds, jobs, timeout_seconds, with_code.
        data_dir: the data package the kernels read; ``data_hash`` its hash, taken before it was
            validated and written to the run's dataset snapshot.
        skipped: notebooks that do not apply to this report and why, in each language
            (``{stem: {"id": ..., "en": ...}}``): written as ``skipped_text``, and in English as
            ``skipped`` (what manifests always held).
        settings: run settings (command line, selection, scheduler ...).
    """
    from lkip_helpers import __version__

    return {
        **run_info,
        "settings": settings or {},
        "package_version": __version__,
        "python": platform.python_version(),
        "data_dir": str(data_dir),
        "data_package_sha256": data_hash,
        "notebooks": {str(p): _file_hash(p) for p in sorted({r.notebook for r in runs})},
        "skipped": {stem: texts["en"] for stem, texts in (skipped or {}).items()},
        "skipped_text": {stem: dict(texts) for stem, texts in (skipped or {}).items()},
        "status": "ok" if all(r.status == "ok" for r in results) else "failed",
        "runs": [asdict(r) for r in results],
    }


def previous_durations(folder: Path) -> dict[str, float]:
    """Seconds each notebook took in the last run published in ``folder`` (or its ``.failed`` twin)."""
    for candidate in (folder, folder.with_name(f"{folder.name}.failed")):
        manifest = candidate / "manifest.json"
        if manifest.exists():
            try:
                runs = json.loads(manifest.read_text(encoding="utf-8")).get("runs", [])
                return {r["name"]: float(r["seconds"]) for r in runs if r.get("seconds")}
            except (ValueError, KeyError, TypeError):
                return {}
    return {}
