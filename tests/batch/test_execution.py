"""One notebook execution: a kernel that died before running anything is started again."""

from __future__ import annotations

from pathlib import Path

import lkip_helpers.batch.execution as execution
from lkip_helpers.batch.suite import NotebookRun

FIXTURES = Path(__file__).parent.parent / "fixtures"


def _flaky(failures: int, message: str):
    calls = []

    def papermill(run, out_nb, timeout, key, env, result):
        calls.append(key)
        if len(calls) <= failures:
            result.status, result.error = "failed", message
        else:
            result.status, result.error = "ok", None

    return papermill, calls


def _run(tmp_path, monkeypatch, failures, message="RuntimeError: Kernel died before replying to kernel_info"):
    papermill, calls = _flaky(failures, message)
    monkeypatch.setattr(execution, "_papermill", papermill)
    run = NotebookRun(notebook=FIXTURES / "suite" / "01_first.ipynb", name="01_first", parameters={})
    return execution.execute_notebook_run(run, tmp_path, 60, False, {}), calls


def test_a_kernel_that_died_at_start_is_started_again(tmp_path, monkeypatch):
    result, calls = _run(tmp_path, monkeypatch, failures=1)
    assert result.status == "ok" and result.error is None and result.retried == 1
    assert len(calls) == 2 and len(set(calls)) == 2  # each attempt is its own kernel (own deadline key)


def test_retries_are_bounded(tmp_path, monkeypatch):
    result, calls = _run(tmp_path, monkeypatch, failures=10)
    assert result.status == "failed" and len(calls) == 1 + execution.START_RETRIES
    assert result.error.endswith("Kernel died before replying to kernel_info")


def test_a_notebook_that_failed_in_a_cell_is_not_run_again(tmp_path, monkeypatch):
    result, calls = _run(tmp_path, monkeypatch, failures=1, message="ZeroDivisionError: division by zero")
    assert result.status == "failed" and len(calls) == 1 and result.retried == 0


def _starter(failures: int, error: Exception):
    calls = []

    def start(name, **kwargs):
        calls.append((name, kwargs))
        if len(calls) <= failures:
            raise error
        return f"kernel {name}"

    return start, calls


def test_a_kernel_start_that_died_is_tried_again_with_the_same_arguments():
    start, calls = _starter(1, RuntimeError("Kernel died before replying to kernel_info"))
    assert execution.retrying_kernel_start(start)("python3", cwd="x") == "kernel python3"
    assert calls == [("python3", {"cwd": "x"})] * 2


def test_kernel_start_retries_are_bounded_and_other_errors_pass_at_once():
    start, calls = _starter(10, RuntimeError("Kernel died before replying to kernel_info"))
    try:
        execution.retrying_kernel_start(start)("python3")
    except RuntimeError as exc:
        assert execution.died_at_start(exc)
    else:
        raise AssertionError("the last failure must go through")
    assert len(calls) == 1 + execution.START_RETRIES
    start, calls = _starter(1, RuntimeError("No such kernel named python4"))
    try:
        execution.retrying_kernel_start(start)("python4")
    except RuntimeError as exc:
        assert "python4" in str(exc)
    assert len(calls) == 1
