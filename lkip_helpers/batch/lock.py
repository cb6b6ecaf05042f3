"""One run at a time per report: a lock file beside the report, ``<output>/<entity>/.<year>.lock``.

A run holds the lock of its report from the moment it reads the last report (the durations, the
manifest a subset re-run keeps the rest from) until its own report is published, so that two
runs of the same report never publish over each other, sweep each other's files or remove each
other's ``.failed`` folder. A second run waits for the lock a bounded time, then stops with one
clear message (:class:`ReportLocked`, exit 2 in ``lkip run``). The lock is an operating-system
lock (filelock): a run that is killed releases it with its process.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from lkip_helpers.data.errors import ParameterError

__all__ = ["LOCK_WAIT_SECONDS", "ReportLocked", "lock_path", "report_lock"]

#: seconds a run waits for another run of the same report before it gives up
LOCK_WAIT_SECONDS = 60.0


class ReportLocked(ParameterError):
    """Another run is writing the same report and did not finish within the wait."""


def lock_path(final: Path) -> Path:
    """The lock file of the report folder ``final`` (``<entity>/<year>`` -> ``<entity>/.<year>.lock``)."""
    return final.with_name(f".{final.name}.lock")


@contextmanager
def report_lock(final: Path, wait: float = LOCK_WAIT_SECONDS) -> Iterator[Path]:
    """Hold the lock of the report ``final`` within the block (its folder's parent is created).

    When another run holds it, a line on stderr says so and the lock is awaited for
    at most ``wait`` seconds; then :class:`ReportLocked` is raised, naming the report and the lock.
    """
    from filelock import FileLock, Timeout

    path = lock_path(final)
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(path))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        if wait > 0:
            print(f"lkip: another run is writing {final}; waiting up to {wait:g} s for it to finish", file=sys.stderr)
        try:
            lock.acquire(timeout=max(0.0, wait))
        except Timeout:
            raise ReportLocked(
                "another lkip run is writing the report {report} (it holds {lock}) and did not finish within "
                "{seconds} s: try again when it has finished", report=str(final), lock=str(path), seconds=f"{wait:g}"
            ) from None
    try:
        yield path
    finally:
        lock.release()
