"""A subset re-run (``lkip run --notebooks ...``) keeps the rest of the last report.

Before such a run is published, the executed notebooks and HTML reports of the notebooks it did
not run are copied from the last good report into the run's temporary folder, and their entries
of the last manifest are kept (marked with ``kept_from``, the start of the run that produced
them, and ``kept_data_sha256`` / ``kept_with_code``, the data and settings it ran with), so that
the published report, its index and its manifest still hold every notebook; so are the notebooks
the last report listed as not applying, unless this run planned them again.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from .results import RunResult

__all__ = ["carry_over", "kept_skipped", "readable_manifest"]


def carry_over(previous: Path, staging: Path, ran: set[str], replaced: set[str] = frozenset()) -> list[RunResult]:
    """Copy the files of every successful notebook of the report in ``previous`` whose run name is
    not in ``ran`` and whose notebook file is not in ``replaced`` (the notebooks this run executed
    or found not to apply: a misi that no longer exists is not kept) into ``staging``; return their
    results (in the previous report's order).

    A previous report without a readable manifest gives nothing (see :func:`readable_manifest`);
    an entry whose files are gone, or are links, is not kept.
    """
    manifest = _manifest(previous)
    try:
        entries = list(manifest["runs"])
        produced_by = {"kept_from": str(manifest["started"]), "kept_data_sha256": manifest.get("data_package_sha256"),
                       "kept_with_code": manifest.get("with_code")}
    except (KeyError, TypeError):
        return []
    kept = []
    for entry in entries:
        result = _result(entry, produced_by)
        if result is None or result.name in ran or result.notebook in replaced or result.status != "ok":
            continue
        files = [f for f in (result.ipynb, result.html) if f]
        if not files or not all(_plain(f) and _own_file(previous / f) for f in files):
            continue
        for name in files:
            shutil.copy2(previous / name, staging / name)
        kept.append(result)
    return kept


def kept_skipped(previous: Path, replaced: set[str]) -> dict[str, dict[str, str]]:
    """The notebooks the report in ``previous`` listed as not applying whose notebook file is not
    in ``replaced`` (this run planned them: it ran them or found them not to apply), each with
    its reason in every language the manifest holds (``{"id": ..., "en": ...}``; only ``en`` from
    a manifest written before ``skipped_text``); nothing for a previous report without a
    readable manifest."""
    manifest = _manifest(previous)
    skipped, texts = manifest.get("skipped"), manifest.get("skipped_text")
    if not isinstance(skipped, dict):
        return {}
    texts = texts if isinstance(texts, dict) else {}
    return {str(stem): {**_texts(texts.get(stem)), "en": str(why)}
            for stem, why in skipped.items() if f"{stem}.ipynb" not in replaced}


def _texts(entry: object) -> dict[str, str]:
    """The ``lang -> text`` pairs of a ``skipped_text`` entry (none from one that is not a mapping)."""
    if not isinstance(entry, dict):
        return {}
    return {str(lang): text for lang, text in entry.items() if isinstance(text, str)}


def _manifest(report: Path) -> dict:
    """The manifest of ``report`` (empty when it cannot be read or is not a mapping)."""
    try:
        manifest = json.loads((report / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return manifest if isinstance(manifest, dict) else {}


def _result(entry: object, produced_by: dict) -> RunResult | None:
    """The :class:`RunResult` of a manifest entry (``None`` for an entry that is not one); an entry
    that was itself kept keeps its origin, any other one gets ``produced_by`` (the last run's)."""
    if not isinstance(entry, dict):
        return None
    try:
        fields = {k: entry[k] for k in ("name", "notebook", "parameters", "status", "seconds", "error", "ipynb", "html")}
    except KeyError:
        return None
    origin = produced_by if not entry.get("kept_from") else {k: entry.get(k) for k in produced_by}
    return RunResult(**fields, **origin, retried=int(entry.get("retried") or 0))


def readable_manifest(report: Path) -> bool:
    """True when ``report`` has a manifest a subset re-run can keep the rest of the report from."""
    manifest = _manifest(report)
    return isinstance(manifest.get("runs"), list) and "started" in manifest


def _own_file(path: Path) -> bool:
    """A regular file of the report itself, not a link to elsewhere."""
    return path.is_file() and not path.is_symlink()


def _plain(name: str) -> bool:
    """A file name without a folder (a manifest cannot make us copy from elsewhere)."""
    return bool(name) and Path(name).name == name and name not in (".", "..")
