"""Execute the notebook suite for an entity and year with papermill and publish HTML reports.

A run writes everything into a temporary folder inside the output directory and moves it to
``<output_dir>/<entity>/<year>/`` only when every notebook succeeded, so an interrupted or failed
run never leaves a half-written report and never destroys the last good one. A run with failures
is kept beside it as ``<year>.failed/`` (its index and manifest say what failed); the next
successful run removes it.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import platform
import shutil
import tempfile
import threading
import time
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from lkip_helpers.data.atomic import atomic_write_text, replace_directory
from lkip_helpers.data.errors import ParameterError
from .suite import NotebookRun

__all__ = [
    "RunResult",
    "SuiteResult",
    "data_package_hash",
    "execute_runs",
    "join_adjacent_streams",
    "longest_first",
    "previous_durations",
    "safe_output_folder",
    "sweep_stale_partials",
]

_PARTIAL = ".partial-"
_RUNNING: set[str] = set()
_RUNNING_LOCK = threading.Lock()


@dataclass
class RunResult:
    """Outcome of one notebook execution."""

    name: str
    notebook: str
    parameters: dict[str, Any]
    status: str = "pending"  # ok | failed | timeout
    seconds: float = 0.0
    error: str | None = None
    ipynb: str | None = None
    html: str | None = None
    kernel: str = ""  # forked (from the fork server) | fresh


@dataclass
class SuiteResult:
    """Outcome of a suite run: where it went, how every notebook did, whether it replaced a report."""

    folder: Path
    results: list[RunResult] = field(default_factory=list)
    had_previous: bool = False

    @property
    def ok(self) -> bool:
        return all(r.status == "ok" for r in self.results)


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


def data_package_hash(data_dir: Path) -> str:
    """SHA-256 over every file of the data package (names and contents), for the manifest."""
    digest = hashlib.sha256()
    for path in sorted(p for p in data_dir.rglob("*") if p.is_file()):
        digest.update(path.relative_to(data_dir).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def sweep_stale_partials(folder: Path) -> list[Path]:
    """Remove temporary run folders in ``folder`` left by runs whose process no longer exists.

    A run names its temporary folder ``.<year>.partial-<pid>-<random>``; a folder whose process
    is still running (a concurrent run) is left alone.
    """
    removed = []
    if not folder.is_dir():
        return removed
    for path in folder.glob(f".*{_PARTIAL}*"):
        try:
            pid = int(path.name.split(_PARTIAL, 1)[1].split("-", 1)[0])
        except (IndexError, ValueError):
            continue
        if pid != os.getpid() and not _pid_alive(pid):
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


#: seconds an interrupted run waits for its executions to notice that their kernels were stopped
_INTERRUPT_GRACE_SECONDS = 10.0


def _execute_one(run: NotebookRun, staging: Path, timeout: int, with_code: bool) -> RunResult:
    """Execute one notebook in a fresh thread.

    papermill drives the kernel with an asyncio event loop of its own; a worker thread of a Dask
    worker (or any thread that already has a loop) would make it fail with "event loop is already
    running", so the execution always gets a new thread without a loop.
    """
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="lkip-notebook") as pool:
        return pool.submit(_execute_here, run, staging, timeout, with_code).result()


def _normalise_output(path: Path) -> None:
    """Make reports of equal runs equal: papermill's injected-parameters cell gets a fixed id,
    and a cell's printed text arrives in chunks whose boundaries depend on timing (a busy machine
    splits it differently), so adjacent chunks of the same stream are joined into one output."""
    import nbformat

    nb = nbformat.read(str(path), as_version=4)
    for cell in nb.cells:
        if "injected-parameters" in cell.get("metadata", {}).get("tags", []):
            cell["id"] = "injected-parameters"
        if cell.get("cell_type") == "code" and cell.get("outputs"):
            cell["outputs"] = join_adjacent_streams(cell["outputs"])
    nbformat.write(nb, str(path))


def join_adjacent_streams(outputs: list[Any]) -> list[Any]:
    """``outputs`` with each run of consecutive ``stream`` outputs of the same name (stdout or
    stderr) joined into one; order and text are unchanged."""
    joined: list[Any] = []
    for out in outputs:
        last = joined[-1] if joined else None
        if (last is not None and out.get("output_type") == "stream" and last.get("output_type") == "stream"
                and last.get("name") == out.get("name")):
            last["text"] = last["text"] + out["text"]
        else:
            joined.append(out)
    return joined


def _execute_here(run: NotebookRun, staging: Path, timeout: int, with_code: bool) -> RunResult:
    import papermill as pm

    from .engine import ENGINE_NAME
    from .kernels import deadline_expired, deadline_manager, kernel_was_forked

    key = f"{staging.name}/{run.name}"
    result = RunResult(name=run.name, notebook=run.notebook.name, parameters=dict(run.parameters))
    out_nb = staging / f"{run.name}.ipynb"
    start = time.perf_counter()
    with _RUNNING_LOCK:
        _RUNNING.add(run.name)
    try:
        pm.execute_notebook(
            str(run.notebook),
            str(out_nb),
            parameters=run.parameters,
            kernel_name="python3",
            cwd=str(run.notebook.parent),
            progress_bar=False,
            execution_timeout=timeout,
            log_output=False,
            kernel_manager_class=deadline_manager(key, timeout),
            engine_name=ENGINE_NAME,
        )
        result.status = "ok"
    except Exception as exc:  # papermill raises PapermillExecutionError, timeouts, kernel deaths
        name = type(exc).__name__
        if deadline_expired(key) or "Timeout" in name or "timed out" in str(exc).lower():
            result.status = "timeout"
            result.error = f"{run.notebook.name} did not finish within its time limit of {timeout} s"
        else:
            result.status = "failed"
            ename = getattr(exc, "ename", name)
            evalue = getattr(exc, "evalue", str(exc))
            result.error = f"{ename}: {evalue}".strip()
    finally:
        with _RUNNING_LOCK:
            _RUNNING.discard(run.name)
    result.seconds = round(time.perf_counter() - start, 2)
    result.kernel = "forked" if kernel_was_forked(key) else "fresh"
    if out_nb.exists():
        result.ipynb = out_nb.name
        try:
            _normalise_output(out_nb)
            result.html = _to_html(out_nb, with_code)
        except Exception as exc:  # keep the run's result even if the HTML conversion fails
            result.error = (result.error or "") + f" (HTML export failed: {exc})"
    return result


def _to_html(notebook: Path, with_code: bool) -> str:
    import nbformat
    from nbconvert import HTMLExporter

    exporter = HTMLExporter()
    exporter.exclude_input = not with_code
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    nb = nbformat.read(str(notebook), as_version=4)
    body, _ = exporter.from_notebook_node(nb)
    target = notebook.with_suffix(".html")
    target.write_text(body, encoding="utf-8")
    return target.name


def _index_html(title: str, results: list[RunResult], manifest: dict[str, Any]) -> str:
    rows = []
    for r in results:
        link = f'<a href="{html.escape(r.html)}">{html.escape(r.name)}</a>' if r.html else html.escape(r.name)
        params = ", ".join(f"{k}={v}" for k, v in r.parameters.items())
        err = html.escape(r.error or "")
        rows.append(
            f"<tr class='{r.status}'><td>{link}</td><td>{r.status}</td><td>{r.seconds:.1f} s</td>"
            f"<td>{html.escape(params)}</td><td>{err}</td></tr>"
        )
    skipped = "".join(
        f"<li>{html.escape(name)}: {html.escape(reason)}</li>" for name, reason in manifest["skipped"].items()
    )
    skipped_html = f"<p>Not run for this report:</p><ul>{skipped}</ul>" if skipped else ""
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>body{{font-family:sans-serif;margin:2em}}td,th{{padding:4px 10px;border-bottom:1px solid #ddd;text-align:left}}
tr.failed td,tr.timeout td{{background:#fde2e1}}tr.ok td:nth-child(2){{color:#1a7f37}}</style></head>
<body><h1>{html.escape(title)}</h1>
<p>Package version {html.escape(manifest['package_version'])}; data package {manifest['data_package_sha256'][:12]};
started {html.escape(manifest['started'])}, finished {html.escape(manifest['finished'])};
{sum(r.status == 'ok' for r in results)} of {len(results)} notebooks succeeded.</p>
<table><tr><th>Report</th><th>Status</th><th>Duration</th><th>Parameters</th><th>Error</th></tr>
{''.join(rows)}</table>{skipped_html}</body></html>
"""


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


def longest_first(runs: list[NotebookRun], durations: dict[str, float]) -> list[NotebookRun]:
    """Order runs for a parallel pool: unknown durations first, then the longest known first.

    Starting the long notebooks first keeps a worker from picking up a long one at the end while
    the others sit idle (longest-processing-time scheduling); the report order is unaffected.
    """
    unknown = [r for r in runs if r.name not in durations]
    known = sorted((r for r in runs if r.name in durations), key=lambda r: -durations[r.name])
    return unknown + known


def _running_label() -> str:
    with _RUNNING_LOCK:
        names = sorted(_RUNNING)
    return "running: " + ", ".join(names) if names else ""


def execute_runs(
    runs: list[NotebookRun],
    *,
    output_dir: Path,
    entity: str,
    year: int,
    data_dir: Path,
    jobs: int = 1,
    timeout: int = 600,
    with_code: bool = False,
    progress: bool = True,
    submit: Any = None,
    skipped: dict[str, str] | None = None,
    settings: dict[str, Any] | None = None,
) -> SuiteResult:
    """Execute ``runs`` and publish them as ``<output_dir>/<entity>/<year>/``.

    Args:
        runs: the executions (see :func:`lkip_helpers.batch.suite.plan_suite`).
        jobs: notebooks executed at once.
        timeout: seconds one notebook may run before its kernel is stopped (every cell is limited
            to the same number of seconds).
        with_code: keep code cells in the HTML reports.
        progress: show a progress bar on stderr with the notebooks that are running.
        submit: optional ``callable(fn, *args) -> Future`` to run executions elsewhere (a Dask
            client's executor); the default is a local thread pool of ``jobs`` workers.
        skipped: notebooks that do not apply to this report and why (shown in index and manifest).
        settings: run settings recorded in the manifest (command line, selection, scheduler ...).

    Returns:
        A :class:`SuiteResult`; ``folder`` is the published report (or the ``.failed`` folder).
    """
    from tqdm.auto import tqdm

    from lkip_helpers import __version__
    from .kernels import allow_new_kernels, kill_all_kernels, stop_new_kernels

    if timeout <= 0:
        raise ParameterError(f"the time limit must be a positive number of seconds, got {timeout}")
    allow_new_kernels()
    final = safe_output_folder(output_dir, entity, year)
    final.parent.mkdir(parents=True, exist_ok=True)
    sweep_stale_partials(final.parent)
    staging = Path(tempfile.mkdtemp(prefix=f".{year}{_PARTIAL}{os.getpid()}-", dir=final.parent))
    staging.chmod(0o755)  # mkdtemp creates 0700; the published report is meant to be shared
    started = datetime.now(timezone.utc).isoformat(timespec="seconds")
    t0 = time.perf_counter()
    results: dict[str, RunResult] = {}
    pool = None
    futures: dict[Future, NotebookRun] = {}
    try:
        bar = tqdm(total=len(runs), desc=f"{entity} {year}", unit="notebook", disable=not progress)
        if submit is None:
            pool = ThreadPoolExecutor(max_workers=max(1, jobs))
            submit = pool.submit
        for run in longest_first(runs, previous_durations(final)):
            futures[submit(_execute_one, run, staging, timeout, with_code)] = run
        pending = set(futures)
        while pending:
            done, pending = wait(pending, timeout=1.0, return_when=FIRST_COMPLETED)
            for fut in done:
                run = futures[fut]
                try:
                    res = fut.result()
                except Exception as exc:
                    res = RunResult(run.name, run.notebook.name, dict(run.parameters), "failed", error=repr(exc))
                results[run.name] = res
                bar.update(1)
            bar.set_postfix_str(_running_label(), refresh=True)
        bar.close()
        if pool is not None:
            pool.shutdown()
        ordered = [results[r.name] for r in runs]
        manifest = {
            "entity": entity,
            "year": int(year),
            "started": started,
            "finished": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "wall_seconds": round(time.perf_counter() - t0, 2),
            "jobs": jobs,
            "timeout_seconds": timeout,
            "with_code": with_code,
            "settings": settings or {},
            "package_version": __version__,
            "python": platform.python_version(),
            "data_dir": str(data_dir),
            "data_package_sha256": data_package_hash(data_dir),
            "notebooks": {
                str(p): _file_hash(p) for p in sorted({r.notebook for r in runs})
            },
            "skipped": dict(skipped or {}),
            "status": "ok" if all(r.status == "ok" for r in ordered) else "failed",
            "runs": [asdict(r) for r in ordered],
        }
        atomic_write_text(staging / "manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
        atomic_write_text(staging / "index.html", _index_html(f"LKIP reports: {entity} {year}", ordered, manifest))
        had_previous = final.exists()
        failed = final.with_name(f"{final.name}.failed")
        if manifest["status"] == "ok":
            replace_directory(staging, final)
            if failed.exists():
                shutil.rmtree(failed, ignore_errors=True)
            return SuiteResult(final, ordered, had_previous)
        replace_directory(staging, failed)
        return SuiteResult(failed, ordered, had_previous)
    except BaseException as exc:
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
        if isinstance(exc, (KeyboardInterrupt, SystemExit)):  # Ctrl-C, SIGTERM: stop every start too
            stop_new_kernels()
        kill_all_kernels()
        # executions whose kernel was just killed still write their last notebook and HTML:
        # let them finish (briefly) so that nothing lands in the folder after it is removed
        running = [f for f in futures if not f.done()]
        if running:
            wait(running, timeout=_INTERRUPT_GRACE_SECONDS)
            kill_all_kernels()
        shutil.rmtree(staging, ignore_errors=True)
        raise

