"""One run at a time per report: a second run of the same report waits, or stops with one message.

The runs here execute no kernel: their executions are a stand-in ``submit`` that waits on events,
so a test knows exactly when the first run holds the report.
"""

from __future__ import annotations

import json
import threading
from concurrent.futures import Future
from pathlib import Path

import pytest

from lkip_helpers.batch import lock
from lkip_helpers.batch.lock import ReportLocked, lock_path, report_lock
from lkip_helpers.batch.results import RunResult
from lkip_helpers.batch.runner import RunData, execute_runs
from lkip_helpers.batch.suite import NotebookRun


class _HeldExecution:
    """A ``submit`` whose execution writes ``<name>.html`` once :attr:`release` is set."""

    def __init__(self, label: str, log: list[str]):
        self.label, self.log = label, log
        self.entered, self.release = threading.Event(), threading.Event()

    def __call__(self, fn, run: NotebookRun, staging: Path, *args) -> Future:
        self.log.append(f"{self.label} started")
        self.entered.set()
        assert self.release.wait(60), "the test never released the execution"
        (staging / f"{run.name}.html").write_text(self.label)
        self.log.append(f"{self.label} done")
        future: Future = Future()
        future.set_result(RunResult(run.name, run.notebook.name, {}, "ok", html=f"{run.name}.html"))
        return future


@pytest.fixture()
def one_run(tmp_path, ds):
    notebook = tmp_path / "01_a.ipynb"
    notebook.write_text("{}")

    def start(label: str, submit, **kw):
        return execute_runs([NotebookRun(notebook, "01_a")], output_dir=tmp_path / "out", entity="kota-bekasi",
                            year=2023, data=RunData(ds, "hash"), progress=False, submit=submit, **kw)

    return start, tmp_path / "out" / "kota-bekasi" / "2023"


def _in_thread(fn, *args, **kw) -> tuple[threading.Thread, dict]:
    outcome: dict = {}

    def target():
        try:
            outcome["result"] = fn(*args, **kw)
        except BaseException as exc:  # noqa: BLE001 - handed to the test
            outcome["error"] = exc

    thread = threading.Thread(target=target)
    thread.start()
    return thread, outcome


def test_a_second_run_of_the_same_report_stops_with_one_message(one_run):
    start, report = one_run
    log: list[str] = []
    first = _HeldExecution("first", log)
    thread, outcome = _in_thread(start, "first", first)
    try:
        assert first.entered.wait(60)
        second = _HeldExecution("second", log)
        second.release.set()
        with pytest.raises(ReportLocked) as err:
            start("second", second, lock_wait=0)
        assert str(report) in str(err.value) and str(lock_path(report)) in str(err.value)
        assert not second.entered.is_set(), "the second run executed nothing"
    finally:
        first.release.set()
        thread.join(60)
    assert "error" not in outcome, outcome
    assert (report / "01_a.html").read_text() == "first"
    assert log == ["first started", "first done"]


def test_a_second_run_waits_for_the_first_to_publish(one_run, monkeypatch):
    start, report = one_run
    log: list[str] = []
    waiting = threading.Event()

    class _Stderr:  # the notice of a run that waits for the lock is the event the test waits on
        def write(self, text):
            if "another run is writing" in text:
                waiting.set()

        def flush(self):
            pass

    first, second = _HeldExecution("first", log), _HeldExecution("second", log)
    second.release.set()
    first_thread, first_outcome = _in_thread(start, "first", first)
    assert first.entered.wait(60)
    monkeypatch.setattr("sys.stderr", _Stderr())
    second_thread, second_outcome = _in_thread(start, "second", second, lock_wait=60)
    try:
        assert waiting.wait(60), "the second run did not wait for the lock"
        assert not second.entered.is_set()
    finally:
        first.release.set()
        first_thread.join(60)
        second_thread.join(60)
    assert "error" not in first_outcome and "error" not in second_outcome, (first_outcome, second_outcome)
    assert log == ["first started", "first done", "second started", "second done"]
    assert (report / "01_a.html").read_text() == "second"
    assert json.loads((report / "manifest.json").read_text())["status"] == "ok"


def test_the_lock_is_released_after_a_failure(tmp_path):
    final = tmp_path / "kota-bekasi" / "2023"
    with pytest.raises(RuntimeError), report_lock(final, wait=0):
        raise RuntimeError("planted")
    with report_lock(final, wait=0) as path:
        assert path == tmp_path / "kota-bekasi" / ".2023.lock"


def test_lkip_run_exits_2_when_the_report_is_locked(tmp_path, monkeypatch, capsys):
    from lkip_helpers.batch.cli import main

    monkeypatch.setattr(lock, "LOCK_WAIT_SECONDS", 0.0)
    out = tmp_path / "out"
    held = threading.Event()
    done = threading.Event()

    def hold():  # another thread (a separate lock on the same file) holds the report
        with report_lock(out / "kota-bekasi" / "2023", wait=0):
            held.set()
            done.wait(60)

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert held.wait(60)
        code = main(["run", "--entity", "kota-bekasi", "--year", "2023", "--output-dir", str(out), "--quiet",
                     "--lang", "en"])
    finally:
        done.set()
        holder.join(60)
    err = capsys.readouterr().err
    assert code == 2
    assert f"another lkip run is writing the report {out / 'kota-bekasi' / '2023'}" in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert not (out / "kota-bekasi" / "2023").exists()
