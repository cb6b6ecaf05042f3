"""A subset re-run (``lkip run --notebooks ...``) keeps the rest of the last report.

Before such a run is published, the executed notebooks and HTML reports of the notebooks it did
not run are copied from the last good report into the run's temporary folder, and their entries
of the last manifest are kept (marked with ``kept_from``, the start of the run that produced
them), so that the published report, its index and its manifest still hold every notebook.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from .results import RunResult

__all__ = ["carry_over", "readable_manifest"]


def carry_over(previous: Path, staging: Path, ran: set[str], replaced: set[str] = frozenset()) -> list[RunResult]:
    """Copy the files of every successful notebook of the report in ``previous`` whose run name is
    not in ``ran`` and whose notebook file is not in ``replaced`` (the notebooks this run executed
    or found not to apply: a misi that no longer exists is not kept) into ``staging``; return their
    results (in the previous report's order).

    A previous report without a readable manifest gives nothing (see :func:`readable_manifest`);
    an entry whose files are gone, or are links, is not kept.
    """
    try:
        manifest = json.loads((previous / "manifest.json").read_text(encoding="utf-8"))
        entries = list(manifest["runs"])
        started = str(manifest["started"])
    except (OSError, ValueError, KeyError, TypeError):
        return []
    kept = []
    for entry in entries:
        result = _result(entry, started)
        if result is None or result.name in ran or result.notebook in replaced or result.status != "ok":
            continue
        files = [f for f in (result.ipynb, result.html) if f]
        if not files or not all(_plain(f) and _own_file(previous / f) for f in files):
            continue
        for name in files:
            shutil.copy2(previous / name, staging / name)
        kept.append(result)
    return kept


def _result(entry: object, started: str) -> RunResult | None:
    """The :class:`RunResult` of a manifest entry (``None`` for an entry that is not one)."""
    if not isinstance(entry, dict):
        return None
    try:
        fields = {k: entry[k] for k in ("name", "notebook", "parameters", "status", "seconds", "error", "ipynb", "html")}
    except KeyError:
        return None
    return RunResult(**fields, kept_from=entry.get("kept_from") or started, retried=int(entry.get("retried") or 0))


def readable_manifest(report: Path) -> bool:
    """True when ``report`` has a manifest a subset re-run can keep the rest of the report from."""
    try:
        manifest = json.loads((report / "manifest.json").read_text(encoding="utf-8"))
        return isinstance(manifest.get("runs"), list) and "started" in manifest
    except (OSError, ValueError, AttributeError):
        return False


def _own_file(path: Path) -> bool:
    """A regular file of the report itself, not a link to elsewhere."""
    return path.is_file() and not path.is_symlink()


def _plain(name: str) -> bool:
    """A file name without a folder (a manifest cannot make us copy from elsewhere)."""
    return bool(name) and Path(name).name == name and name not in (".", "..")
