"""Where a run writes and how it publishes: the output folder, the temporary (staging) folder,
the HTML index, and the all-or-nothing replacement of the last report.

A run writes into ``<output_dir>/<entity>/.<year>.partial-<pid>-<random>/`` and, when every
notebook succeeded, replaces ``<output_dir>/<entity>/<year>/`` with it in one step; a run with
failures is kept beside it as ``<year>.failed/`` (removed by the next successful run).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

from lkip_helpers.data.atomic import atomic_write_text, replace_directory
from lkip_helpers.data.errors import ParameterError
from lkip_helpers.data.i18n import Message
from .processes import pid_alive
from .results import RunResult

__all__ = [
    "MIN_FREE_BYTES",
    "check_free_space",
    "index_html",
    "make_staging",
    "publish",
    "safe_output_folder",
    "skip_reasons",
    "sweep_stale_partials",
]

_PARTIAL = ".partial-"
_TEMPLATE = "index.html.j2"
#: free space a report without a previous one needs (the real suite's report is about 10 MB)
MIN_FREE_BYTES = 50 * 2**20


def safe_output_folder(output_dir: Path, entity: str, year: int) -> Path:
    """``<output_dir>/<entity>/<year>``, refusing any entity or year that would leave output_dir."""
    output_dir = output_dir.resolve()
    parts = [str(entity), str(year)]
    for p in parts:
        if not p or p in (".", "..") or "/" in p or "\\" in p or "\x00" in p:
            raise ParameterError(f"invalid path component {p!r}: entity and year must be plain names")
    folder = (output_dir / parts[0] / parts[1]).resolve()
    if not folder.is_relative_to(output_dir):
        raise ParameterError(f"{folder} is outside the output directory {output_dir}")
    return folder


def _folder_bytes(folder: Path) -> int:
    """The size of the files in ``folder`` (links not followed)."""
    return sum(p.lstat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def check_free_space(output_dir: Path, reports: list[Path], minimum: int = MIN_FREE_BYTES) -> None:
    """Refuse (ParameterError) a run whose output folder lacks the room for its largest report.

    A report needs as much room as its last published version takes (it is written beside it
    before it replaces it), or ``minimum`` when it has none; the free space is that of the
    output folder's file system (of its nearest existing parent when it does not exist yet).
    """
    if not reports:
        return
    need, like = max((_folder_bytes(r) if r.is_dir() else minimum, r) for r in reports)
    existing = next(p for p in (output_dir, *output_dir.parents) if p.exists())
    free = shutil.disk_usage(existing).free
    if free < need:
        why = (Message("the size of the last report {report}", report=str(like)) if like.is_dir()
               else Message("the least a report takes"))
        raise ParameterError("not enough free space for the output folder {folder}: {free} free, a report needs "
                             "about {need} ({why})", folder=str(output_dir), free=_mb(free), need=_mb(need), why=why)


def _mb(size: int) -> str:
    return f"{size / 2**20:.1f} MB"


def sweep_stale_partials(folder: Path) -> list[Path]:
    """Remove temporary run folders in ``folder`` left by runs whose process no longer exists.

    A run names its temporary folder ``.<year>.partial-<pid>-<random>``; a folder whose process
    is still running (a concurrent run) is left alone.
    """
    removed: list[Path] = []
    if not folder.is_dir():
        return removed
    for path in folder.glob(f".*{_PARTIAL}*"):
        try:
            pid = int(path.name.split(_PARTIAL, 1)[1].split("-", 1)[0])
        except (IndexError, ValueError):
            continue
        if pid != os.getpid() and not pid_alive(pid):
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


def make_staging(final: Path, year: int) -> Path:
    """A new temporary folder beside ``final`` (after sweeping those of dead runs), readable by others."""
    final.parent.mkdir(parents=True, exist_ok=True)
    sweep_stale_partials(final.parent)
    staging = Path(tempfile.mkdtemp(prefix=f".{year}{_PARTIAL}{os.getpid()}-", dir=final.parent))
    staging.chmod(0o755)  # mkdtemp creates 0700; the published report is meant to be shared
    return staging


@lru_cache(maxsize=1)
def _template() -> Any:
    from importlib.resources import files

    from jinja2 import Environment

    source = files("lkip_helpers.batch").joinpath("templates", _TEMPLATE).read_text(encoding="utf-8")
    return Environment(autoescape=True, keep_trailing_newline=True).from_string(source)


def skip_reasons(manifest: dict[str, Any], lang: str) -> dict[str, str]:
    """Why each notebook of the manifest did not run, in ``lang`` (from ``skipped_text``); the
    English reason of ``skipped`` where the manifest has none in ``lang`` (one written before
    ``skipped_text``)."""
    texts = manifest.get("skipped_text")
    texts = texts if isinstance(texts, dict) else {}
    reasons = {}
    for name, reason in manifest["skipped"].items():
        entry = texts.get(name)
        text = entry.get(lang) if isinstance(entry, dict) else None
        reasons[name] = text if isinstance(text, str) else str(reason)
    return reasons


def index_html(title: str, results: list[RunResult], manifest: dict[str, Any]) -> str:
    """The report's ``index.html``: status, duration, parameters and error of every run, and the
    notebooks not run; every value is HTML-escaped (the template is rendered with autoescape)."""
    from lkip_helpers.data.i18n import DEFAULT_LANGUAGE, format_number, format_timestamp, translate

    lang = (manifest.get("settings") or {}).get("lang") or DEFAULT_LANGUAGE
    rows = [
        {"name": r.name, "html": r.html, "status": r.status, "seconds": format_number(r.seconds, 1, lang),
         "parameters": ", ".join(f"{k}={v}" for k, v in r.parameters.items()), "error": r.error or "",
         "kept_from": r.kept_from}
        for r in results
    ]
    n_ok = sum(r.status == "ok" for r in results)
    words = {"report": "Report", "status": "Status", "duration": "Duration", "parameters": "Parameters",
             "error": "Error", "not_run": "Not run for this report:", "kept_from": "kept from the run of"}
    t = {key: translate(message, lang) for key, message in words.items()}
    t["run"] = translate("Package version {version}; data package {data}; started {started}, finished {finished}; "
                         "{n} of {total} notebooks succeeded.", lang).format(
        version=manifest["package_version"], data=str(manifest["data_package_sha256"])[:12],
        started=format_timestamp(str(manifest["started"]), lang), finished=format_timestamp(str(manifest["finished"]), lang),
        n=n_ok, total=len(results))
    return _template().render(
        t=t, lang=lang,
        back=translate("Back to all reports", lang),
        title=title,
        manifest=manifest,
        data_hash=str(manifest["data_package_sha256"])[:12],
        n_ok=n_ok,
        rows=rows,
        skipped=skip_reasons(manifest, lang),
    )


def publish(staging: Path, final: Path, results: list[RunResult], manifest: dict[str, Any], title: str) -> Path:
    """Write manifest and index into ``staging`` and publish it: as ``final`` when the run
    succeeded (removing an earlier ``.failed`` folder), else as ``final``'s ``.failed`` twin,
    leaving the last good report untouched. Returns the published folder."""
    atomic_write_text(staging / "manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    atomic_write_text(staging / "index.html", index_html(title, results, manifest))
    failed = final.with_name(f"{final.name}.failed")
    if manifest["status"] != "ok":
        replace_directory(staging, failed)
        return failed
    replace_directory(staging, final)
    if failed.exists():
        shutil.rmtree(failed, ignore_errors=True)
    return final
