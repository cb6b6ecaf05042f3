"""The lkip batch command: end-to-end runs, the data folder and snapshot the kernels read,
failures, invalid parameters, path escapes, parallel runs, Dask, timeouts and interruptions.

Runs are expensive (each starts kernels), so tests that look at the same run share it through a
module-scoped fixture; each slow behaviour runs on the smallest fixture notebooks that show it.
Waiting is done on events (a FIFO the fixture kernel writes to, pidfds of processes), not sleeps.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from lkip_helpers.batch.cli import main
from lkip_helpers.batch.publish import safe_output_folder
from lkip_helpers.batch.runner import SNAPSHOT_NAME
from lkip_helpers.data.errors import ParameterError
from lkip_helpers.data.paths import PROJECT_ROOT
from lkip_helpers.data.snapshot import data_package_hash

FIXTURES = Path(__file__).parent.parent / "fixtures"
KOTA = ["--entity", "kota-bekasi", "--year", "2023"]


def _ok_suite(folder: Path) -> Path:
    """A copy of the fixture suite without its failing notebook."""
    suite = folder / "ok-suite"
    shutil.copytree(FIXTURES / "suite", suite)
    (suite / "03_broken.ipynb").unlink()
    return suite


def _outputs(folder: Path) -> dict[str, list]:
    """Cell outputs of every executed notebook in a report folder."""
    out = {}
    for path in sorted(folder.glob("*.ipynb")):
        nb = nbformat.read(str(path), as_version=4)
        out[path.name] = [c.get("outputs", []) for c in nb.cells if c.cell_type == "code"]
    return out


def _manifest(folder: Path) -> dict:
    return json.loads((folder / "manifest.json").read_text())


def _lkip(*args: str) -> tuple[int, str, str]:
    """Run the command in this process; return exit code, stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


# --- shared runs --------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def real_suite(tmp_path_factory, published_run):
    """The real suite, serial (kota-bekasi 2023) and with --jobs 2 (every report, in Bahasa
    Indonesia: the run the published-HTML tests read too): the report folders of kota-bekasi 2023
    by jobs, the exit codes and stderr, and the run's output folders."""
    root = tmp_path_factory.mktemp("real")
    out, code, err = published_run("id")  # first: the notebook tests read its executions too
    serial = _lkip("run", *KOTA, "--output-dir", str(root / "1"), "--jobs", "1", "--quiet")
    reports = {"1": root / "1" / "kota-bekasi" / "2023", "2": out / "kota-bekasi" / "2023"}
    return reports, {"1": serial, "2": (code, "", err)}, {"1": root / "1", "2": out}


@pytest.fixture(scope="module")
def ok_runs(tmp_path_factory):
    """The two-notebook fixture suite: --all serially (both entities), and kota-bekasi with --jobs 2."""
    root = tmp_path_factory.mktemp("ok")
    suite = _ok_suite(root)
    serial = _lkip("run", "--all", "--jobs", "1", "--output-dir", str(root / "serial"), "--notebook-dir", str(suite), "--quiet")
    parallel = _lkip("run", *KOTA, "--jobs", "2", "--output-dir", str(root / "parallel"), "--notebook-dir", str(suite), "--quiet")
    return root, suite, serial, parallel


@pytest.fixture(scope="module")
def failure_then_success(tmp_path_factory):
    """A run with a failing notebook over a last good report, then a successful run in the same
    output folder; what each left behind is recorded before the next one starts."""
    root = tmp_path_factory.mktemp("failing")
    out = root / "out"
    previous = out / "kota-bekasi" / "2023"
    previous.mkdir(parents=True)
    (previous / "index.html").write_text("last good report")
    failed = previous.with_name("2023.failed")
    code, _, err = _lkip("run", *KOTA, "--output-dir", str(out), "--notebook-dir", str(FIXTURES / "suite"), "--jobs", "2", "--quiet",
                         "--lang", "en")
    first = {"code": code, "err": err, "previous_index": (previous / "index.html").read_text(),
             "failed_exists": failed.exists(), "manifest": _manifest(failed), "index": (failed / "index.html").read_text(),
             "failed_files": sorted(p.name for p in failed.iterdir())}
    suite = _ok_suite(root)
    code, _, _ = _lkip("run", *KOTA, "--output-dir", str(out), "--notebook-dir", str(suite), "--timeout", "120", "--quiet")
    return first, {"code": code, "suite": suite, "report": previous, "failed_exists": failed.exists()}


# --- the real suite -----------------------------------------------------------------------------
def test_end_to_end_on_the_real_data(real_suite):
    reports, codes, roots = real_suite
    assert codes["2"][0] == 0, codes["2"][2]
    report = reports["2"]
    manifest = _manifest(report)
    assert manifest["status"] == "ok" and manifest["runs"]
    assert manifest["data_dir"] == str(PROJECT_ROOT / "data")
    assert manifest["data_package_sha256"] == data_package_hash(PROJECT_ROOT / "data")
    index = (report / "index.html").read_text()
    for run in manifest["runs"]:
        assert run["status"] == "ok" and run["parameters"]["entity"] == "kota-bekasi"
        assert (report / run["html"]).exists() and run["html"] in index
        nb = nbformat.read(str(report / run["ipynb"]), as_version=4)
        assert not [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    html = (report / "01_overview.html").read_text()
    assert "start(globals())" not in html, "code cells are hidden by default"
    for root in roots.values():
        assert not list(root.rglob(".*partial*")), "no temporary folder is left behind"
        assert not list(root.rglob(SNAPSHOT_NAME)), "the dataset snapshot is never published"


def test_the_real_suite_gives_the_same_reports_serial_and_parallel(real_suite):
    """Every output of every notebook of kota-bekasi 2023 — tables, text and figures, byte for
    byte — is the same with --jobs 1 and --jobs 2 (random jitter in a figure would show here)."""
    reports, codes, _ = real_suite
    assert codes["1"][0] == 0 and codes["2"][0] == 0, codes["1"][2] + codes["2"][2]
    serial = _outputs(reports["1"])
    parallel = _outputs(reports["2"])
    assert len(serial) == 11 and serial.keys() == parallel.keys()
    images = sum("image/png" in o.get("data", {}) for cells in serial.values() for outs in cells for o in outs)
    assert images >= 20
    for name in serial:
        assert serial[name] == parallel[name], f"{name} differs between the serial and the parallel run"


@pytest.mark.parametrize("fresh", [False, True])
def test_the_kernels_are_warm_unless_the_command_is_given_fresh_kernels(tmp_path, fresh):
    """A warm kernel is forked from the warm-kernel process (pandas already imported when the
    first cell runs); --fresh-kernels starts each kernel as a child of the command itself."""
    from lkip_helpers.batch.warm_kernels import use_fresh_kernels

    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["lkip"] = {"per": "entity"}
    params = nbformat.v4.new_code_cell('entity: str = "kota-bekasi"\nyear: int = 2023')
    params.metadata["tags"] = ["parameters"]
    probe = nbformat.v4.new_code_cell("import os, sys\nprint(f'parent={os.getppid()} preloaded={\"pandas\" in sys.modules}')")
    nb.cells = [params, probe]
    nbformat.write(nb, str(notebooks / "01_kernel.ipynb"))
    try:
        code, _, err = _lkip("run", *KOTA, "--output-dir", str(tmp_path / "out"), "--notebook-dir", str(notebooks),
                             "--quiet", *(["--fresh-kernels"] if fresh else []))
    finally:
        use_fresh_kernels(False)  # later tests of this process run kernels without the command
    assert code == 0, err
    shown = json.dumps(_outputs(tmp_path / "out" / "kota-bekasi" / "2023"))
    found = re.search(r"parent=(\d+) preloaded=(\w+)", shown)
    assert found, shown
    parent, preloaded = found.groups()
    if fresh:
        assert int(parent) == os.getpid() and preloaded == "False"
    else:
        assert int(parent) != os.getpid() and preloaded == "True"


def test_a_notebook_folder_without_suite_notebooks_is_refused_before_any_work(tmp_path):
    folder = tmp_path / "plain"
    folder.mkdir()
    nbformat.write(nbformat.v4.new_notebook(), str(folder / "01_plain.ipynb"))  # no 'lkip' metadata
    code, _, err = _lkip("run", *KOTA, "--output-dir", str(tmp_path / "out"), "--notebook-dir", str(folder),
                         "--quiet", "--lang", "en")
    assert code == 2
    assert f"--notebook-dir {folder} holds no notebook of the suite" in err and "'lkip' section" in err
    assert not (tmp_path / "out").exists()


def test_the_notebooks_read_the_data_folder_given_to_the_command(tmp_path, data_copy):
    """lkip --data-dir COPY: the kernels are given COPY and the run's snapshot of it, and the
    overview shows COPY's values, not those of data/."""
    values = data_copy / "indicator_values.csv"
    row = 'kota-bekasi,kota-akip,2023,annual,realisasi,67.1,"67,10",'
    text = values.read_text(encoding="utf-8")
    assert text.count(row) == 1
    values.write_text(text.replace(row, 'kota-bekasi,kota-akip,2023,annual,realisasi,71.23,"71,23",'), encoding="utf-8")
    notebooks = tmp_path / "notebooks"  # the overview, and a probe that shows what the kernel was given
    notebooks.mkdir()
    shutil.copy(PROJECT_ROOT / "notebooks" / "01_overview.ipynb", notebooks)
    shutil.copy(FIXTURES / "probe" / "01_probe.ipynb", notebooks / "02_probe.ipynb")
    code, _, err = _lkip("--data-dir", str(data_copy), "run", *KOTA, "--output-dir", str(tmp_path / "out"),
                         "--notebook-dir", str(notebooks), "--jobs", "2", "--quiet")
    assert code == 0, err
    report = tmp_path / "out" / "kota-bekasi" / "2023"
    probe = json.dumps(_outputs(report)["02_probe.ipynb"])
    assert f"data_dir={data_copy.resolve()}" in probe and "realisasi=71,23" in probe
    assert "snapshot_folder=.2023.partial-" in probe, "the snapshot is in the run's temporary folder"
    nb = nbformat.read(str(report / "01_overview.ipynb"), as_version=4)
    shown = "\n".join(o.get("data", {}).get("text/plain", "") for c in nb.cells if c.cell_type == "code"
                      for o in c.get("outputs", []))
    akip = next(line for line in shown.splitlines() if "Nilai Akuntabilitas Kinerja" in line and "87,14" in line)
    assert "71,23" in akip and "92.51" in akip, akip  # realisasi as printed, capaian recomputed: 71.23 / 77 × 100
    assert "67,10" not in shown
    manifest = _manifest(report)
    assert manifest["data_dir"] == str(data_copy.resolve())
    assert manifest["data_package_sha256"] == data_package_hash(data_copy) != data_package_hash(PROJECT_ROOT / "data")
    assert not list((tmp_path / "out").rglob(SNAPSHOT_NAME))


# --- the fixture suite ----------------------------------------------------------------------------
def test_parallel_run_equals_serial_run(ok_runs):
    root, _, serial_run, parallel_run = ok_runs
    assert serial_run[0] == 0 and parallel_run[0] == 0, serial_run[2] + parallel_run[2]
    serial = _outputs(root / "serial" / "kota-bekasi" / "2023")
    parallel = _outputs(root / "parallel" / "kota-bekasi" / "2023")
    assert serial == parallel and len(serial) == 2
    assert "kota-bekasi 2023 " + str(sum(range(23))) in json.dumps(serial)
    manifest = _manifest(root / "parallel" / "kota-bekasi" / "2023")
    assert manifest["jobs"] == 2 and "kernels" not in manifest["settings"]
    assert all("kernel" not in run for run in manifest["runs"]), "every kernel starts fresh: nothing to record"


def test_all_runs_every_entity_and_year(ok_runs):
    root, _, (code, out, _), _ = ok_runs
    assert code == 0
    for entity, year in (("kota-bekasi", 2023), ("disdukcapil-kota-bekasi", 2024)):
        manifest = _manifest(root / "serial" / entity / str(year))
        assert manifest["entity"] == entity and manifest["year"] == year and len(manifest["runs"]) == 2
        assert [r["parameters"] for r in manifest["runs"]] == [{"entity": entity, "year": year}] * 2
    assert "disdukcapil-kota-bekasi 2024: ok" in out


def test_published_reports_are_readable_by_others(ok_runs):
    report = ok_runs[0] / "serial" / "kota-bekasi" / "2023"
    assert report.stat().st_mode & 0o055 == 0o055
    for name in ("index.html", "manifest.json"):
        assert (report / name).stat().st_mode & 0o044 == 0o044


def test_dask_scheduler_on_a_local_cluster(ok_runs, tmp_path):
    distributed = pytest.importorskip("distributed")
    root, suite, _, _ = ok_runs
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, protocol="tcp://", host="127.0.0.1",
                                  dashboard_address=None) as cluster:
        address = cluster.scheduler_address
        assert address.startswith("tcp://127.0.0.1:")
        code, _, err = _lkip("run", *KOTA, "--output-dir", str(tmp_path / "dask"), "--notebook-dir", str(suite),
                             "--scheduler", address, "--quiet")
    assert code == 0, err
    assert _outputs(tmp_path / "dask" / "kota-bekasi" / "2023") == _outputs(root / "serial" / "kota-bekasi" / "2023")
    assert _manifest(tmp_path / "dask" / "kota-bekasi" / "2023")["settings"]["scheduler"] == address


def test_a_failing_notebook_does_not_stop_the_others_nor_destroy_the_last_report(failure_then_success):
    first, _ = failure_then_success
    assert first["code"] == 1
    assert first["previous_index"] == "last good report"
    assert first["failed_exists"]
    status = {r["name"]: r["status"] for r in first["manifest"]["runs"]}
    assert status == {"01_first": "ok", "02_second": "ok", "03_broken": "failed"}
    broken = next(r for r in first["manifest"]["runs"] if r["name"] == "03_broken")
    assert broken["error"] == "RuntimeError: planted failure for kota-bekasi"
    assert "planted failure" in first["index"]
    assert "03_broken failed" in first["err"]
    assert SNAPSHOT_NAME not in first["failed_files"], "the dataset snapshot is not kept in the failed folder"


def test_a_successful_run_clears_the_previous_failure_and_records_its_settings(failure_then_success):
    first, second = failure_then_success
    assert first["failed_exists"] and second["code"] == 0
    assert not second["failed_exists"]
    manifest = _manifest(second["report"])
    assert manifest["timeout_seconds"] == 120 and manifest["with_code"] is False
    assert manifest["settings"]["notebook_dir"] == str(second["suite"])
    assert "--timeout 120" in manifest["settings"]["command"]
    assert sorted(manifest["notebooks"]) == sorted(str(p) for p in second["suite"].glob("*.ipynb"))
    assert manifest["finished"] >= manifest["started"]
    nb = nbformat.read(str(second["report"] / "01_first.ipynb"), as_version=4)
    assert "injected-parameters" in [c.get("id") for c in nb.cells]


@pytest.fixture(scope="module")
def timed_out(tmp_path_factory):
    """One run of two notebooks that exceed a 3 s notebook limit: one 30 s cell (01_slow) and
    six 1.5 s cells (01_steady, each cell within the limit)."""
    root = tmp_path_factory.mktemp("timeout")
    suite = root / "suite"
    suite.mkdir()
    for source in (FIXTURES / "slow" / "01_slow.ipynb", FIXTURES / "many_cells" / "01_steady.ipynb"):
        shutil.copy(source, suite / source.name)
    code, _, _ = _lkip("run", *KOTA, "--output-dir", str(root), "--notebook-dir", str(suite), "--timeout", "3",
                       "--jobs", "2", "--quiet")
    return code, _manifest(root / "kota-bekasi" / "2023.failed")


@pytest.mark.parametrize("name", ["01_slow", "01_steady"])
def test_a_notebook_that_runs_too_long_is_stopped_with_a_clear_message(timed_out, name):
    code, manifest = timed_out
    assert code == 1
    run = next(r for r in manifest["runs"] if r["name"] == name)
    assert run["status"] == "timeout"
    assert run["error"] == f"{run['notebook']} did not finish within its time limit of 3 s"
    assert run["seconds"] < 8


# --- invalid runs -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "args, message",
    [
        (["--entity", "kota-atlantis", "--year", "2023"], "unknown entity 'kota-atlantis'; valid choices: disdukcapil-kota-bekasi, kota-bekasi"),
        (["--entity", "kota-bekasi", "--year", "2030"], "valid years: 2023"),
        (["--entity", "kota-bekasi", "--year", "2023", "--notebooks", "nope"], "unknown notebook 'nope'; valid:"),
        (["--entity", "../../etc", "--year", "2023"], "entity must be a lowercase slug"),
        (["--entity", "kota-bekasi"], "give --entity and --year (or --all)"),
    ],
)
def test_invalid_parameters_exit_2_before_any_kernel_starts(tmp_path, capsys, args, message):
    code = main(["run", *args, "--output-dir", str(tmp_path / "out"), "--quiet", "--lang", "en"])
    assert code == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "out").exists(), "nothing is written for invalid parameters"


@pytest.mark.parametrize("args, message", [
    (["--timeout", "0"], "--timeout must be a positive number of seconds"),
    (["--notebooks", ","], "--notebooks selects no notebook"),
    (["--scheduler", "tcp://127.0.0.1:9"], "cannot reach the Dask scheduler at tcp://127.0.0.1:9"),
])
def test_more_invalid_run_options_exit_2(tmp_path, capsys, args, message):
    code = main(["run", *KOTA, "--output-dir", str(tmp_path / "out"), "--quiet", "--lang", "en", *args])
    assert code == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_a_notebook_that_does_not_apply_is_listed_not_run(tmp_path, capsys):
    code = main(["run", "--entity", "disdukcapil-kota-bekasi", "--year", "2024", "--notebooks", "mission",
                 "--output-dir", str(tmp_path), "--quiet", "--lang", "en"])
    assert code == 2
    assert "none of the selected notebooks applies to disdukcapil-kota-bekasi 2024 (02_mission: disdukcapil-kota-bekasi has no RPJMD misi)" in capsys.readouterr().err


@pytest.mark.parametrize("entity, year", [("..", 2023), ("a/../../b", 2023), ("kota-bekasi", "../x"), ("", 2023)])
def test_output_folder_cannot_escape(tmp_path, entity, year):
    with pytest.raises(ParameterError):
        safe_output_folder(tmp_path, entity, year)
    assert safe_output_folder(tmp_path, "kota-bekasi", 2023) == (tmp_path / "kota-bekasi" / "2023").resolve()


# --- interruptions --------------------------------------------------------------------------------
needs_linux = pytest.mark.skipif(not (Path("/proc/self/stat").exists() and hasattr(os, "pidfd_open")),
                                 reason="reads the process table from /proc and waits on pidfds")


def _process_tree(root: int) -> dict[int, tuple[int, str]]:
    """``pid: (ppid, command line)`` of every live process below ``root`` (Linux /proc)."""
    table: dict[int, tuple[int, str]] = {}
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            fields = (d / "stat").read_text().rsplit(")", 1)[1].split()
            cmd = (d / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if fields[0] != "Z":
            table[int(d.name)] = (int(fields[1]), cmd)
    below, todo = {}, [root]
    while todo:
        parent = todo.pop()
        for pid, (ppid, cmd) in table.items():
            if ppid == parent and pid not in below:
                below[pid] = (ppid, cmd)
                todo.append(pid)
    return below


def _still_running(pids, seconds: float) -> list[int]:
    """The processes of ``pids`` that have not ended within ``seconds`` (waits on their pidfds)."""
    fds = {}
    for pid in pids:
        try:
            fds[os.pidfd_open(pid)] = pid
        except ProcessLookupError:
            continue
    remaining, deadline = set(fds), time.monotonic() + seconds
    try:
        while remaining and (left := deadline - time.monotonic()) > 0:
            ready, _, _ = select.select(list(remaining), [], [], left)
            remaining -= set(ready)
    finally:
        for fd in fds:
            os.close(fd)
    return sorted(fds[fd] for fd in remaining)


class _Fifo:
    """A FIFO a kernel of the test writes its process id to: the test waits for that event."""

    def __init__(self, path: Path):
        os.mkfifo(path)
        self.path = path
        self._read = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        self._keep_open = os.open(path, os.O_WRONLY | os.O_NONBLOCK)  # no end-of-file before the kernel writes

    def wait(self, seconds: float = 60.0) -> int:
        ready, _, _ = select.select([self._read], [], [], seconds)
        assert ready, f"no kernel wrote to {self.path} within {seconds} s"
        return int(os.read(self._read, 64).split()[0])

    def close(self) -> None:
        os.close(self._read)
        os.close(self._keep_open)


@pytest.fixture()
def fifo(tmp_path):
    f = _Fifo(tmp_path / "signal.fifo")
    yield f
    f.close()


def _start_run(out: Path, notebook_dir: Path, env: dict[str, str], *extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "lkip_helpers.batch.cli", "run", *KOTA, "--output-dir", str(out),
         "--notebook-dir", str(notebook_dir), "--quiet", *extra],
        stderr=subprocess.PIPE, text=True, env={**os.environ, **env},
    )


def _processes_with(marker: str) -> list[int]:
    """Live processes whose environment holds ``marker`` (``NAME=value``)."""
    found = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit() and int(d.name) != os.getpid():
            try:
                if marker.encode() in (d / "environ").read_bytes().split(b"\0"):
                    if (d / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z":
                        found.append(int(d.name))
            except OSError:
                continue
    return found


@needs_linux
def test_sigterm_stops_the_run_cleanly_and_keeps_the_last_report(tmp_path, fifo):
    out = tmp_path / "out"
    previous = out / "kota-bekasi" / "2023"
    previous.mkdir(parents=True)
    (previous / "index.html").write_text("last good report")
    proc = _start_run(out, FIXTURES / "signal", {"LKIP_TEST_SIGNAL": str(fifo.path)}, "--lang", "en")
    kernel = fifo.wait()  # the kernel runs the 30 s cell
    started = _process_tree(proc.pid)
    assert kernel in started
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert "interrupted; nothing was published and the previous report is kept" in err
    assert (previous / "index.html").read_text() == "last good report"
    assert not list((out / "kota-bekasi").glob(".*partial*"))
    assert not (out / "kota-bekasi" / "2023.failed").exists()
    assert not _still_running(started, 10), f"left running: {started}"


@needs_linux
def test_no_kernel_outlives_a_killed_run(tmp_path, fifo, monkeypatch):
    """SIGKILL gives the command no chance to clean up: its kernels stop without it (a warm
    kernel's parent, the warm-kernel process, kills them when the command's end closes its
    input; a fresh kernel notices that its parent is gone). The connection files go to a folder
    of this test's own, where no other test's run sweeps them meanwhile."""
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(tmp_path / "runtime"))
    proc = _start_run(tmp_path / "out", FIXTURES / "signal", {"LKIP_TEST_SIGNAL": str(fifo.path)})
    kernel = fifo.wait()
    started = _process_tree(proc.pid)
    assert kernel in started
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=30)
    assert not _still_running(started, 15), f"left running: {started}"
    from lkip_helpers.batch.kernels import connection_dir, sweep_stale_connection_files

    left = set(connection_dir().glob(f"kernel-lkip-{proc.pid}-*.json"))
    assert left, "a killed run cannot remove its kernel's connection file"
    assert left <= set(sweep_stale_connection_files()), "the next run removes it"


@needs_linux
def test_an_interrupt_while_a_kernel_is_still_starting_stops_at_once(tmp_path, fifo):
    """Kernels that take a minute to start (a ``sitecustomize`` that waits, in kernels only, and
    in the warm-kernel process they are forked from): SIGTERM during the first start must
    neither wait for it nor start the second notebook's kernel; once the command has exited, no
    process of the run is left."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(
        "import os, sys, time\n"
        "starting = {'ipykernel_launcher', 'lkip_helpers.batch.kernel_zygote'} & set(sys.orig_argv)\n"
        "if starting and os.environ.get('LKIP_TEST_SIGNAL'):\n"
        "    with open(os.environ['LKIP_TEST_SIGNAL'], 'w') as fifo:\n"
        "        fifo.write(f'{os.getpid()}\\n')\n"
        "    time.sleep(60)\n"
    )
    marker = f"LKIP_TEST_RUN={tmp_path.name}"
    env = {"PYTHONPATH": str(site), "LKIP_TEST_SIGNAL": str(fifo.path), "LKIP_TEST_RUN": tmp_path.name}
    proc = _start_run(tmp_path / "out", _ok_suite(tmp_path), env, "--jobs", "1")
    kernel = fifo.wait()  # the first kernel process exists and is still starting
    assert kernel in _process_tree(proc.pid)
    sent = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130 and time.monotonic() - sent < 8, err
    # the command has exited: whatever it started is found now, and must end (killed, not late)
    assert not _still_running(_processes_with(marker), 5), "no process of the run is left, and no kernel started late"


# --- small parts --------------------------------------------------------------------------------
def test_stale_temporary_folders_of_dead_runs_are_swept(tmp_path):
    from lkip_helpers.batch.publish import sweep_stale_partials

    dead = tmp_path / ".2023.partial-999999999-abc"
    alive = tmp_path / f".2023.partial-{os.getpid()}-def"
    for folder in (dead, alive):
        folder.mkdir()
    assert sweep_stale_partials(tmp_path) == [dead]
    assert alive.exists() and not dead.exists()


def test_list_shows_entities_and_years(capsys):
    assert main(["list", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "kota-bekasi\t2023\tKota Bekasi" in out and "disdukcapil-kota-bekasi\t2024" in out
    assert out.startswith("entity\tyear\tname\n") and "\nnotebooks: 01_overview, " in out


def test_list_speaks_bahasa_indonesia_by_default(capsys, monkeypatch):
    monkeypatch.delenv("LKIP_LANG", raising=False)
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("entitas\ttahun\tnama\n") and "\nnotebook: 01_overview, " in out
    assert "kota-bekasi\t2023\tKota Bekasi" in out  # the data stay as they are
    assert "entity" not in out.splitlines()[0] and "notebooks" not in out
    monkeypatch.setenv("LKIP_LANG", "en")
    assert main(["list"]) == 0
    assert capsys.readouterr().out.startswith("entity\tyear\tname\n")


def test_longest_known_notebooks_start_first():
    from lkip_helpers.batch.schedule import longest_first
    from lkip_helpers.batch.suite import NotebookRun

    runs = [NotebookRun(Path(f"{n}.ipynb"), n) for n in ("a", "b", "c", "d")]
    order = longest_first(runs, {"a": 1.0, "b": 9.0, "c": 4.0})
    assert [r.name for r in order] == ["d", "b", "c", "a"]


def test_adjacent_chunks_of_printed_text_are_joined_in_order():
    from lkip_helpers.batch.execution import join_adjacent_streams

    outs = [
        {"output_type": "stream", "name": "stdout", "text": "a\n"},
        {"output_type": "stream", "name": "stdout", "text": "b\n"},
        {"output_type": "stream", "name": "stderr", "text": "warning\n"},
        {"output_type": "stream", "name": "stdout", "text": "c\n"},
        {"output_type": "display_data", "data": {"text/plain": "table"}, "metadata": {}},
        {"output_type": "stream", "name": "stdout", "text": "d\n"},
        {"output_type": "stream", "name": "stdout", "text": "e\n"},
    ]
    assert join_adjacent_streams(outs) == [
        {"output_type": "stream", "name": "stdout", "text": "a\nb\n"},
        {"output_type": "stream", "name": "stderr", "text": "warning\n"},
        {"output_type": "stream", "name": "stdout", "text": "c\n"},
        {"output_type": "display_data", "data": {"text/plain": "table"}, "metadata": {}},
        {"output_type": "stream", "name": "stdout", "text": "d\ne\n"},
    ]


def test_a_subset_rerun_keeps_the_rest_of_the_report(ok_runs, tmp_path):
    """lkip run --notebooks second over a full report: 02 is replaced, 01 is kept (its files, its
    index row and its manifest entry, marked with the run it comes from)."""
    root, suite, _, parallel = ok_runs
    assert parallel[0] == 0
    out = tmp_path / "out"
    shutil.copytree(root / "parallel", out)
    report = out / "kota-bekasi" / "2023"
    before = {**_manifest(report), "skipped": {"09_other": "applies only to kota-lain"}}  # as if it had not applied
    (report / "manifest.json").write_text(json.dumps(before))
    first_html = (report / "01_first.html").read_bytes()
    code, _, err = _lkip("run", *KOTA, "--output-dir", str(out), "--notebook-dir", str(suite),
                         "--notebooks", "second", "--quiet")
    assert code == 0, err
    after = _manifest(report)
    by_name = {r["name"]: r for r in after["runs"]}
    assert set(by_name) == {r["name"] for r in before["runs"]} == {"01_first", "02_second"}
    assert by_name["01_first"]["kept_from"] == before["started"]
    assert by_name["01_first"]["kept_data_sha256"] == before["data_package_sha256"]
    assert by_name["01_first"]["kept_with_code"] is before["with_code"] is False
    assert by_name["02_second"]["kept_from"] is None and by_name["02_second"]["kept_data_sha256"] is None
    assert after["skipped"] == before["skipped"], "a notebook that did not apply stays listed"
    assert (report / "01_first.html").read_bytes() == first_html
    assert (report / "01_first.ipynb").is_file() and (report / "02_second.html").is_file()
    index = (report / "index.html").read_text()
    assert "01_first.html" in index and "02_second.html" in index and "disimpan dari proses" in index  # lang id


def test_a_failed_subset_rerun_leaves_the_report_alone(ok_runs, tmp_path):
    root, _, _, _ = ok_runs
    out = tmp_path / "out"
    shutil.copytree(root / "parallel", out)
    report = out / "kota-bekasi" / "2023"
    listing = sorted(p.name for p in report.iterdir())
    code, _, _ = _lkip("run", *KOTA, "--output-dir", str(out), "--notebook-dir", str(FIXTURES / "suite"),
                       "--notebooks", "broken", "--quiet")
    assert code == 1
    assert sorted(p.name for p in report.iterdir()) == listing
    failed = _manifest(report.with_name("2023.failed"))
    assert [r["name"] for r in failed["runs"]] == ["03_broken"]


def test_an_output_folder_that_is_a_file_exits_2_before_the_data_load(tmp_path, capsys):
    not_a_folder = tmp_path / "out"
    not_a_folder.write_text("x")
    code, _, err = _lkip("run", *KOTA, "--output-dir", str(not_a_folder), "--quiet", "--lang", "en")
    assert code == 2 and "is a file, not a folder" in err and str(not_a_folder) in err
    code, _, err = _lkip("run", *KOTA, "--output-dir", str(not_a_folder / "below"), "--quiet", "--lang", "en")
    assert code == 2 and f"{not_a_folder} is a file" in err


def test_a_write_error_during_a_run_is_one_line_naming_the_file(tmp_path, monkeypatch):
    import errno

    import lkip_helpers.batch.publish as publish_module

    def full_disk(path, text, encoding="utf-8"):
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(publish_module, "atomic_write_text", full_disk)
    out = tmp_path / "out"
    code, _, err = _lkip("run", *KOTA, "--output-dir", str(out), "--notebook-dir", str(_ok_suite(tmp_path)), "--quiet")
    assert code == 2
    assert "manifest.json: No space left on device" in err and "Traceback" not in err
    assert not (out / "kota-bekasi" / "2023").exists()
    assert not list((out / "kota-bekasi").glob(".*partial*")), "the temporary folder is removed"


def test_an_unwritable_output_folder_exits_2(tmp_path, monkeypatch):
    """(As root every folder is writable by mode bits, so the refusal is simulated.)"""
    import os

    out = tmp_path / "readonly"
    out.mkdir()
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: False if Path(p) == out else real_access(p, mode))
    code, _, err = _lkip("run", *KOTA, "--output-dir", str(out), "--quiet", "--lang", "en")
    assert code == 2 and f"the output folder {out} is not writable" in err
    assert not list(out.iterdir())


def test_a_subset_rerun_over_an_unreadable_manifest_stops_before_any_kernel(ok_runs, tmp_path):
    root, suite, _, _ = ok_runs
    out = tmp_path / "out"
    shutil.copytree(root / "parallel", out)
    report = out / "kota-bekasi" / "2023"
    (report / "manifest.json").write_text("{damaged")
    listing = sorted(p.name for p in report.iterdir())
    code, _, err = _lkip("run", *KOTA, "--output-dir", str(out), "--notebook-dir", str(suite),
                         "--notebooks", "second", "--quiet", "--lang", "en")
    assert code == 2 and "cannot be read" in err and "run the whole suite" in err
    assert sorted(p.name for p in report.iterdir()) == listing


def test_a_full_disk_stops_the_run_before_any_kernel(tmp_path, monkeypatch):
    import shutil as shutil_module
    from collections import namedtuple

    out = tmp_path / "out"
    previous = out / "kota-bekasi" / "2023"
    previous.mkdir(parents=True)
    (previous / "index.html").write_text("last good report" * 100)
    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(shutil_module, "disk_usage", lambda path: usage(10**9, 10**9 - 1000, 1000))
    code, _, err = _lkip("run", *KOTA, "--output-dir", str(out), "--notebook-dir", str(_ok_suite(tmp_path)), "--quiet",
                         "--lang", "en")
    assert code == 2 and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert f"not enough free space for the output folder {out}" in err and f"last report {previous}" in err
    assert sorted(p.name for p in out.rglob("*")) == ["2023", "index.html", "kota-bekasi"]


@pytest.mark.parametrize("fault, code, first_line", [
    (KeyboardInterrupt(), 130, "lkip: interrupted; "),
    (OSError(28, "No space left on device", "/out/manifest.json"), 2, "lkip: error: /out/manifest.json: No space left on device; "),
])
def test_a_stop_during_all_says_which_reports_were_published(tmp_path, monkeypatch, fault, code, first_line):
    """lkip run --all stopped during its second report: the first one was published, the second not."""
    import lkip_helpers.batch.runner as runner_module
    from lkip_helpers.batch.results import RunResult, SuiteResult

    calls = []

    def execute_runs(runs, *, entity, year, output_dir, **kw):
        calls.append(f"{entity} {year}")
        if len(calls) == 2:
            raise fault
        return SuiteResult(output_dir / entity / str(year), [RunResult("01_first", "01_first.ipynb", {}, "ok")])

    monkeypatch.setattr(runner_module, "execute_runs", execute_runs)
    got, _, err = _lkip("run", "--all", "--output-dir", str(tmp_path / "out"), "--notebook-dir", str(_ok_suite(tmp_path)),
                        "--quiet", "--lang", "en")
    assert got == code and len(calls) == 2
    assert err == f"{first_line}published: {calls[0]}; not published (their previous reports are kept): {calls[1]}\n"


def test_the_commands_lines_are_in_the_reports_language(tmp_path, monkeypatch):
    """lkip run speaks the language of its reports: Bahasa Indonesia by default, English with --lang en."""
    import lkip_helpers.batch.runner as runner_module
    from lkip_helpers.batch.results import RunResult, SuiteResult

    def execute_runs(runs, *, entity, year, output_dir, **kw):
        raise KeyboardInterrupt

    monkeypatch.setattr(runner_module, "execute_runs", execute_runs)
    base = ["run", *KOTA, "--notebook-dir", str(_ok_suite(tmp_path)), "--quiet"]
    code, _, err = _lkip(*base, "--output-dir", str(tmp_path / "id"))
    assert code == 130 and err == "lkip: dihentikan; tidak ada yang diterbitkan dan laporan sebelumnya dipertahankan\n"
    code, _, err = _lkip(*base, "--output-dir", str(tmp_path / "en"), "--lang", "en")
    assert code == 130 and err == "lkip: interrupted; nothing was published and the previous report is kept\n"
    code, _, err = _lkip("run", *KOTA, "--timeout", "0", "--output-dir", str(tmp_path / "x"))
    assert code == 2 and "--timeout harus berupa jumlah detik yang positif, diberikan 0" in err
    monkeypatch.setattr(runner_module, "execute_runs", lambda runs, *, entity, year, output_dir, **kw: SuiteResult(
        output_dir / entity / str(year), [RunResult("01_first", "01_first.ipynb", {}, "failed", error="boom")]))
    code, out, err = _lkip(*base, "--output-dir", str(tmp_path / "f"))
    assert code == 1 and "kota-bekasi 2023: 01_first gagal: boom" in err
    assert "kota-bekasi 2023: GAGAL (belum ada laporan sebelumnya) -> " in out
