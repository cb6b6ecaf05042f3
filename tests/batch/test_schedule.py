"""Scheduling a run's executions: an interrupted run cancels what has not started."""

from __future__ import annotations

from concurrent.futures import Future
from pathlib import Path

import pytest

from lkip_helpers.batch import kernels
from lkip_helpers.batch.schedule import run_all
from lkip_helpers.batch.suite import NotebookRun


@pytest.fixture()
def runs():
    yield [NotebookRun(Path(f"0{i}_n.ipynb"), f"0{i}_n") for i in range(1, 5)]
    kernels.allow_new_kernels()  # the interruption stopped new kernels in this process


def test_an_interrupt_cancels_the_executions_not_yet_started(runs):
    """A cluster's executor (a stand-in that starts nothing by itself, as a busy cluster would):
    Ctrl-C while the run waits for its results leaves no submitted execution pending (a Dask
    client's future cancels its task on the cluster when it is cancelled)."""
    submitted: list[Future] = []

    def submit(fn, run, *args):
        future: Future = Future()
        if not submitted:  # the wait for the first execution is where the Ctrl-C arrives
            future.set_exception(KeyboardInterrupt())
        submitted.append(future)
        return future

    with pytest.raises(KeyboardInterrupt):
        run_all(runs, lambda run: None, (), submit=submit, progress=False)
    assert len(submitted) == len(runs)
    assert all(f.cancelled() for f in submitted[1:]), "every execution not started is cancelled"


def test_an_interrupt_during_the_submissions_cancels_those_submitted(runs):
    submitted: list[Future] = []

    def submit(fn, run, *args):
        if len(submitted) == 2:
            raise KeyboardInterrupt
        submitted.append(Future())
        return submitted[-1]

    with pytest.raises(KeyboardInterrupt):
        run_all(runs, lambda run: None, (), submit=submit, progress=False)
    assert len(submitted) == 2 and all(f.cancelled() for f in submitted)
