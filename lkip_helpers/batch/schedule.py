"""Schedule a run's notebook executions: the worker pool, the order, the progress bar, and the
clean-up when the run is interrupted."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from contextlib import contextmanager
from typing import Any

from .results import RunResult
from .suite import NotebookRun

__all__ = ["longest_first", "run_all", "running"]

_RUNNING: set[str] = set()
_RUNNING_LOCK = threading.Lock()
#: seconds an interrupted run waits for its executions to notice that their kernels were stopped
_INTERRUPT_GRACE_SECONDS = 10.0
#: seconds between refreshes of the progress bar's list of running notebooks
_REFRESH_SECONDS = 1.0


@contextmanager
def running(name: str) -> Iterator[None]:
    """Within the block, ``name`` is listed as running on the progress bar."""
    with _RUNNING_LOCK:
        _RUNNING.add(name)
    try:
        yield
    finally:
        with _RUNNING_LOCK:
            _RUNNING.discard(name)


def _running_label() -> str:
    with _RUNNING_LOCK:
        names = sorted(_RUNNING)
    return "running: " + ", ".join(names) if names else ""


def longest_first(runs: list[NotebookRun], durations: dict[str, float]) -> list[NotebookRun]:
    """Order runs for a parallel pool: unknown durations first, then the longest known first.

    Starting the long notebooks first keeps a worker from picking up a long one at the end while
    the others sit idle (longest-processing-time scheduling); the report order is unaffected.
    """
    unknown = [r for r in runs if r.name not in durations]
    known = sorted((r for r in runs if r.name in durations), key=lambda r: -durations[r.name])
    return unknown + known


def run_all(
    runs: list[NotebookRun],
    execute: Callable[..., RunResult],
    args: tuple[Any, ...],
    *,
    jobs: int = 1,
    submit: Callable[..., Future] | None = None,
    progress: bool = True,
    label: str = "",
    durations: dict[str, float] | None = None,
) -> dict[str, RunResult]:
    """Call ``execute(run, *args)`` for every run and return the results by run name.

    Runs start longest first (by ``durations``) on ``submit`` (e.g. a Dask client's executor) or
    on a local pool of ``jobs`` threads. An execution that raises becomes a failed result. When
    the run is interrupted (Ctrl-C, SIGTERM, any exception here), the executions not yet started
    are cancelled (on a Dask cluster too), no new kernel starts, every kernel is killed, and the executions get a short grace period to finish writing before the
    exception propagates (so that nothing lands in a folder the caller then removes).
    """
    from tqdm.auto import tqdm

    pool = None
    if submit is None:
        pool = ThreadPoolExecutor(max_workers=max(1, jobs))
        submit = pool.submit
    futures: dict[Future, NotebookRun] = {}
    try:
        for run in longest_first(runs, durations or {}):
            futures[submit(execute, run, *args)] = run
        with tqdm(total=len(runs), desc=label, unit="notebook", disable=not progress) as bar:
            results = _collect(futures, bar)
    except BaseException as exc:
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
        _cancel_pending(futures)
        _stop_executions(futures, interrupted=isinstance(exc, (KeyboardInterrupt, SystemExit)))
        raise
    if pool is not None:
        pool.shutdown()
    return results


def _collect(futures: dict[Future, NotebookRun], bar: Any) -> dict[str, RunResult]:
    """Wait for every future, updating ``bar``; an exception becomes a failed result."""
    results: dict[str, RunResult] = {}
    pending = set(futures)
    while pending:
        done, pending = wait(pending, timeout=_REFRESH_SECONDS, return_when=FIRST_COMPLETED)
        for fut in done:
            run = futures[fut]
            try:
                results[run.name] = fut.result()
            except Exception as exc:
                results[run.name] = RunResult(run.name, run.notebook.name, dict(run.parameters), "failed",
                                              error=repr(exc))
            bar.update(1)
        bar.set_postfix_str(_running_label(), refresh=True)
    return results


def _cancel_pending(futures: dict[Future, NotebookRun]) -> int:
    """Cancel every execution that has not started (a Dask client's future cancels its task on
    the cluster); return how many were cancelled."""
    return sum(fut.cancel() for fut in futures if not fut.done())


def _stop_executions(futures: dict[Future, NotebookRun], *, interrupted: bool) -> None:
    """Kill every kernel (and, for Ctrl-C/SIGTERM, refuse new ones), then let the executions
    whose kernel was just killed write their last notebook, briefly."""
    from .kernels import kill_all_kernels, stop_new_kernels

    if interrupted:
        stop_new_kernels()
    kill_all_kernels()
    still_running = [f for f in futures if not f.done()]
    if still_running:
        wait(still_running, timeout=_INTERRUPT_GRACE_SECONDS)
        kill_all_kernels()
