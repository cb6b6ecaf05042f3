"""Execute the notebook suite for an entity and year with papermill and publish HTML reports.

:func:`execute_runs` is the orchestrator: a temporary folder (:mod:`.publish`), the validated
dataset written there once as a snapshot for every kernel (:mod:`lkip_helpers.data.snapshot`),
the executions (:mod:`.schedule`, :mod:`.execution`), the manifest (:mod:`.manifest`) and the
all-or-nothing publication (:mod:`.publish`), all under the report's lock (:mod:`.lock`: one
run at a time per report). An interrupted or failed run never leaves a
half-written report and never destroys the last good one.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lkip_helpers.data.errors import ParameterError
from lkip_helpers.data.snapshot import SNAPSHOT_ENV, write_snapshot
from .carry_over import carry_over, kept_skipped, readable_manifest
from .execution import execute_notebook_run, warm_up_html_export
from . import lock
from .kernels import (
    SHUTDOWN_GRACE_SECONDS,
    allow_new_kernels,
    kill_all_kernels,
    sweep_stale_connection_files,
    wait_for_kernel_exits,
)
from .manifest import build_manifest, previous_durations
from .publish import make_staging, publish, safe_output_folder
from .results import RunResult, SuiteResult
from .schedule import run_all
from .suite import NotebookRun

if TYPE_CHECKING:
    from lkip_helpers.data.dataset import Dataset

__all__ = ["SNAPSHOT_NAME", "RunData", "execute_runs", "kernel_environment"]

#: file name of the dataset snapshot in a run's temporary folder (removed before publication)
SNAPSHOT_NAME = ".dataset-snapshot.pickle"


@dataclass(frozen=True)
class RunData:
    """The validated data of a run: the dataset every kernel reads and the hash of its package
    (taken before validation, so that it is the hash of what was validated)."""

    dataset: Dataset
    sha256: str

    @property
    def data_dir(self) -> Path:
        return Path(self.dataset.data_dir)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def kernel_environment(data: RunData, snapshot: Path) -> dict[str, str]:
    """The variables every kernel of the run gets: the data folder and the dataset snapshot
    (read by :func:`lkip_helpers.notebook.startup.start`)."""
    return {"LKIP_DATA_DIR": str(data.data_dir), SNAPSHOT_ENV: str(snapshot)}


def execute_runs(
    runs: list[NotebookRun],
    *,
    output_dir: Path,
    entity: str,
    year: int,
    data: RunData,
    jobs: int = 1,
    timeout: int = 600,
    with_code: bool = False,
    progress: bool = True,
    submit: Callable[..., Future] | None = None,
    skipped: dict[str, dict[str, str]] | None = None,
    settings: dict[str, Any] | None = None,
    keep_others: bool = False,
    lock_wait: float | None = None,
) -> SuiteResult:
    """Execute ``runs`` and publish them as ``<output_dir>/<entity>/<year>/``.

    Args:
        runs: the executions (see :func:`lkip_helpers.batch.suite.plan_suite`).
        data: the validated dataset and its hash; every kernel reads it from a snapshot.
        jobs: notebooks executed at once.
        timeout: seconds one notebook (and each of its cells) may run before its kernel is stopped.
        with_code: keep code cells in the HTML reports.
        progress: show a progress bar on stderr with the notebooks that are running.
        submit: optional ``callable(fn, *args) -> Future`` to run executions elsewhere (a Dask
            client's executor); the default is a local thread pool of ``jobs`` workers.
        skipped: notebooks that do not apply to this report and why, in each language
            (``{stem: {"id": ..., "en": ...}}``, :attr:`~.suite.SuitePlan.skipped_text`; shown in
            index and manifest).
        settings: run settings recorded in the manifest (command line, selection, scheduler ...).
        keep_others: a subset re-run: the notebooks of the last good report that this run does
            not execute are kept in the published report (see :mod:`.carry_over`).
        lock_wait: seconds to wait for another run of the same report (default
            :data:`.lock.LOCK_WAIT_SECONDS`); then :class:`.lock.ReportLocked` is raised.

    Returns:
        A :class:`SuiteResult`; ``folder`` is the published report (or the ``.failed`` folder).
    """
    if timeout <= 0:
        raise ParameterError(f"the time limit must be a positive number of seconds, got {timeout}")
    allow_new_kernels()
    sweep_stale_connection_files()  # those of killed runs; this run removes its own
    final = safe_output_folder(output_dir, entity, year)
    with lock.report_lock(final, lock.LOCK_WAIT_SECONDS if lock_wait is None else lock_wait):
        return _execute_and_publish(runs, final, entity=entity, year=year, data=data, jobs=jobs, timeout=timeout,
                                    with_code=with_code, progress=progress, submit=submit, skipped=skipped,
                                    settings=settings, keep_others=keep_others)


def _update_reports_index(output_dir: Path, settings: dict[str, Any] | None, data: RunData) -> None:
    """Rewrite ``<output>/index.html`` (every report); a failure to write it is reported, not raised
    (the report itself is published)."""
    import sys

    from lkip_helpers.data.i18n import DEFAULT_LANGUAGE

    from .report_index import write_reports_index

    lang = (settings or {}).get("lang") or DEFAULT_LANGUAGE
    try:
        names = dict(zip(data.dataset.entities["entity_id"], data.dataset.entities["name"]))
        write_reports_index(output_dir, lang, names)
    except OSError as exc:
        print(f"lkip: warning: the index of all reports was not updated: {exc}", file=sys.stderr)


def _execute_and_publish(runs: list[NotebookRun], final: Path, *, entity: str, year: int, data: RunData, jobs: int,
                         timeout: int, with_code: bool, progress: bool, submit: Any,
                         skipped: dict[str, dict[str, str]] | None, settings: dict[str, Any] | None, keep_others: bool) -> SuiteResult:
    """:func:`execute_runs` once the report's lock is held."""
    _check_subset_can_keep_the_rest(final, keep_others)
    staging = make_staging(final, year)
    started, t0 = _now(), time.perf_counter()
    try:
        results = _execute_all(runs, staging, data, jobs=jobs, timeout=timeout, with_code=with_code,
                               submit=submit, progress=progress, label=f"{entity} {year}",
                               durations=previous_durations(final))
        if keep_others and all(r.status == "ok" for r in results):
            results, skipped = _keep_the_rest(final, staging, runs, results, skipped)
        run_info = {"entity": entity, "year": int(year), "started": started, "finished": _now(), "jobs": jobs,
                    "wall_seconds": round(time.perf_counter() - t0, 2), "timeout_seconds": timeout, "with_code": with_code}
        manifest = build_manifest(runs, results, run_info=run_info, data_dir=data.data_dir, data_hash=data.sha256,
                                  skipped=skipped, settings=settings)
        had_previous = final.exists()
        folder = publish(staging, final, results, manifest, f"LKIP reports: {entity} {year}")
        _update_reports_index(final.parent.parent, settings, data)
        wait_for_kernel_exits(SHUTDOWN_GRACE_SECONDS + 1)  # no kernel outlives the run
        return SuiteResult(folder, results, had_previous)
    except BaseException:
        kill_all_kernels()  # an interrupt or a write error after the executions: no kernel is left
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _check_subset_can_keep_the_rest(final: Path, keep_others: bool) -> None:
    """A subset run over a report whose manifest cannot be read would lose the other notebooks."""
    if keep_others and final.is_dir() and not readable_manifest(final):
        raise ParameterError("{manifest} cannot be read, so a run of some notebooks would lose the others: run the "
                             "whole suite (without --notebooks) to rebuild the report",
                             manifest=str(final / "manifest.json"))


def _keep_the_rest(final: Path, staging: Path, runs: list[NotebookRun], results: list[RunResult],
                   skipped: dict[str, dict[str, str]] | None) -> tuple[list[RunResult], dict[str, dict[str, str]]]:
    """``results`` and ``skipped`` with the notebooks of the last report that this subset run
    neither executed nor found not to apply: their files copied into ``staging``, and those the
    last report listed as not applying (see :mod:`~lkip_helpers.batch.carry_over`)."""
    replaced = {r.notebook.name for r in runs} | {f"{stem}.ipynb" for stem in (skipped or {})}
    kept = carry_over(final, staging, {r.name for r in results}, replaced)
    return results + kept, {**kept_skipped(final, replaced), **(skipped or {})}


def _execute_all(runs: list[NotebookRun], staging: Path, data: RunData, *, jobs: int, timeout: int,
                 with_code: bool, submit: Any, progress: bool, label: str,
                 durations: dict[str, float]) -> list[RunResult]:
    """Execute every run into ``staging``, its kernels reading the dataset snapshot written there
    first (and removed after: it is never published); results in the order of ``runs``."""
    snapshot = write_snapshot(data.dataset, staging / SNAPSHOT_NAME, data_hash=data.sha256)
    if submit is None:  # the exports run here (with Dask, on the workers)
        warm_up_html_export()
    by_name = run_all(runs, execute_notebook_run, (staging, timeout, with_code, kernel_environment(data, snapshot)),
                      jobs=jobs, submit=submit, progress=progress, label=label, durations=durations)
    snapshot.unlink()
    return [by_name[r.name] for r in runs]
