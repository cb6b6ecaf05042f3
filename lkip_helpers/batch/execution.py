"""Execute one notebook with papermill in a fresh kernel and export it to HTML.

The executed notebook is normalised so that equal runs give equal reports (see
:func:`join_adjacent_streams`); a failure, a timeout or a dead kernel becomes a
:class:`~lkip_helpers.batch.results.RunResult` with a one-line error instead of an exception.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from .results import RunResult
from .schedule import running
from .suite import NotebookRun

__all__ = [
    "KERNEL_NAME",
    "START_RETRIES",
    "died_at_start",
    "execute_notebook_run",
    "join_adjacent_streams",
    "retrying_kernel_start",
    "warm_up_html_export",
]

#: the kernel every notebook runs in (the notebooks' kernelspec is normalised to it)
KERNEL_NAME = "python3"
#: how often a notebook is started again when its kernel died before it ran anything (a kernel
#: that cannot bind the ports jupyter_client chose for it, taken meanwhile by another process)
START_RETRIES = 2
_DIED_AT_START = "Kernel died before replying to kernel_info"

_P = ParamSpec("_P")
_T = TypeVar("_T")


def died_at_start(error: BaseException | str | None) -> bool:
    """Whether ``error`` (an exception or a run's one-line error) says that the kernel died
    before it replied to its first request, that is before it ran anything."""
    return error is not None and str(error).rstrip().endswith(_DIED_AT_START)


def retrying_kernel_start(start: Callable[_P, _T]) -> Callable[_P, _T]:
    """Wrap ``start`` (a function that starts a kernel and waits for it, such as nbval's
    ``nbval.kernel.start_new_kernel``) so that a kernel that died at start (:func:`died_at_start`)
    is started again, :data:`START_RETRIES` times at most; any other error goes through at once."""

    def start_again(*args: _P.args, **kwargs: _P.kwargs) -> _T:
        for attempt in range(START_RETRIES + 1):
            try:
                return start(*args, **kwargs)
            except RuntimeError as exc:
                if not died_at_start(exc) or attempt == START_RETRIES:
                    raise
        raise AssertionError("unreachable")  # the loop returns or raises

    start_again.__doc__ = start.__doc__
    start_again.__name__ = getattr(start, "__name__", "start_again")
    return start_again


def execute_notebook_run(
    run: NotebookRun, staging: Path, timeout: int, with_code: bool, env: Mapping[str, str]
) -> RunResult:
    """Execute ``run`` into ``staging`` in a new thread; its kernel gets ``env`` (see
    :func:`~lkip_helpers.batch.kernels.batch_kernel_manager`).

    papermill drives the kernel with an asyncio event loop of its own; a worker thread of a Dask
    worker (or any thread that already has a loop) would make it fail with "event loop is already
    running", so the execution always gets a new thread without a loop.
    """
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="lkip-notebook") as pool:
        return pool.submit(_execute_here, run, staging, timeout, with_code, dict(env)).result()


def warm_up_html_export() -> threading.Thread:
    """Import nbconvert and export an empty notebook in a background thread.

    The first HTML export of a process costs about 0.5 s more than the next ones (imports,
    templates); the command would pay it after the first notebook has finished. Started while
    the first kernel starts and runs (the command only waits for it then), it costs nothing on
    the way to the first report. A failure here is ignored: the real export reports its own.
    """

    def warm_up() -> None:
        try:
            from nbconvert import HTMLExporter
            from nbformat.v4 import new_code_cell, new_notebook

            HTMLExporter().from_notebook_node(new_notebook(cells=[new_code_cell("")]))
        except Exception:  # noqa: BLE001 - only a warm-up
            pass

    thread = threading.Thread(target=warm_up, name="lkip-html-warm-up", daemon=True)
    thread.start()
    return thread


def _execute_here(run: NotebookRun, staging: Path, timeout: int, with_code: bool, env: dict[str, str]) -> RunResult:
    result = RunResult(name=run.name, notebook=run.notebook.name, parameters=dict(run.parameters))
    out_nb = staging / f"{run.name}.ipynb"
    start = time.perf_counter()
    with running(run.name):
        for attempt in range(1 + START_RETRIES):
            _papermill(run, out_nb, timeout, f"{staging.name}/{run.name}/{attempt}", env, result)
            if not died_at_start(result.error) or attempt == START_RETRIES:
                break
            result.retried = attempt + 1  # the kernel died before it ran a cell: nothing ran, start again
    result.seconds = round(time.perf_counter() - start, 2)
    if out_nb.exists():
        result.ipynb = out_nb.name
        try:
            result.html = _to_html(_normalise_output(out_nb), out_nb.with_suffix(".html"), with_code,
                                   run.parameters.get("lang"), _page_title(run))
        except Exception as exc:  # keep the run's result even if the HTML conversion fails
            result.error = (result.error or "") + f" (HTML export failed: {exc})"
    return result


def _papermill(run: NotebookRun, out_nb: Path, timeout: int, key: str, env: dict[str, str], result: RunResult) -> None:
    """Execute the notebook and set ``result.status`` and ``result.error``."""
    result.status, result.error = "pending", None
    import papermill as pm

    from .engine import ENGINE_NAME
    from .kernels import batch_kernel_manager, deadline_expired

    try:
        pm.execute_notebook(
            str(run.notebook),
            str(out_nb),
            parameters=run.parameters,
            kernel_name=KERNEL_NAME,
            cwd=str(run.notebook.parent),
            progress_bar=False,
            execution_timeout=timeout,
            log_output=False,
            kernel_manager_class=batch_kernel_manager(key, timeout, env),
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


def _normalise_output(path: Path) -> Any:
    """Make reports of equal runs equal: papermill's injected-parameters cell gets a fixed id,
    and a cell's printed text arrives in chunks whose boundaries depend on timing (a busy machine
    splits it differently), so adjacent chunks of the same stream are joined into one output.
    Returns the normalised notebook node (also written back to ``path``)."""
    import nbformat

    nb = nbformat.read(str(path), as_version=4)
    for cell in nb.cells:
        if "injected-parameters" in cell.get("metadata", {}).get("tags", []):
            cell["id"] = "injected-parameters"
        if cell.get("cell_type") == "code" and cell.get("outputs"):
            cell["outputs"] = join_adjacent_streams(cell["outputs"])
    nbformat.write(nb, str(path))
    return nb


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


def _page_title(run: NotebookRun) -> str:
    """The browser tab's title: notebook, entity, year (and misi)."""
    p = run.parameters
    misi = f" misi {p['misi']}" if "misi" in p else ""
    return f"{run.notebook.stem} · {p.get('entity', '')} {p.get('year', '')}{misi}".strip()


def _to_html(nb: Any, target: Path, with_code: bool, lang: str | None = None, title: str | None = None) -> str:
    """Write the notebook node ``nb`` as HTML to ``target`` (code cells only ``with_code``; the
    Markdown cells of the other language, tagged ``lang-<code>``, removed; ``title`` as the page
    title); return the file name."""
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    from lkip_helpers.data.i18n import LANGUAGES

    exporter = HTMLExporter()
    exporter.exclude_input = not with_code
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    if lang is not None:
        other = {f"lang-{code}" for code in LANGUAGES if code != lang}
        exporter.register_preprocessor(TagRemovePreprocessor(remove_cell_tags=other), enabled=True)
    if title:
        nb.metadata["title"] = title  # the HTML template's <title>
    body, _ = exporter.from_notebook_node(nb)
    target.write_text(_with_print_style(body), encoding="utf-8")
    return target.name


def _with_print_style(body: str) -> str:
    """The report's HTML with the package's print stylesheet (A4, no prompts, tables that break
    across pages, images within the page) at the end of its ``<head>``."""
    from importlib.resources import files

    css = files("lkip_helpers.batch").joinpath("templates", "print.css").read_text(encoding="utf-8")
    return body.replace("</head>", f"<style>\n{css}</style>\n</head>", 1)
