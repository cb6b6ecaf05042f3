"""The lkip batch command: end-to-end runs, failures, invalid parameters, path escapes, parallel
runs, Dask, and timeouts."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import nbformat
import pytest

from lkip_helpers.batch.cli import main
from lkip_helpers.data.errors import ParameterError
from lkip_helpers.batch.forkserver import supported as fork_supported
from lkip_helpers.batch.runner import safe_output_folder

FIXTURES = Path(__file__).parent.parent / "fixtures"


def _ok_suite(tmp_path: Path) -> Path:
    """A copy of the fixture suite without its failing notebook."""
    suite = tmp_path / "ok-suite"
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


def test_end_to_end_on_the_real_data(tmp_path, capsys):
    code = main(["run", "--entity", "disdukcapil-kota-bekasi", "--year", "2024", "--output-dir", str(tmp_path), "--quiet"])
    assert code == 0, capsys.readouterr().err
    report = tmp_path / "disdukcapil-kota-bekasi" / "2024"
    manifest = json.loads((report / "manifest.json").read_text())
    assert manifest["status"] == "ok" and manifest["runs"]
    assert len(manifest["data_package_sha256"]) == 64
    index = (report / "index.html").read_text()
    for run in manifest["runs"]:
        assert run["status"] == "ok" and run["parameters"]["entity"] == "disdukcapil-kota-bekasi"
        assert (report / run["html"]).exists() and run["html"] in index
        nb = nbformat.read(str(report / run["ipynb"]), as_version=4)
        assert not [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    html = (report / "01_overview.html").read_text()
    assert "start(globals())" not in html, "code cells are hidden by default"
    assert not list(tmp_path.rglob(".*partial*")), "no temporary folder is left behind"


def test_a_failing_notebook_does_not_stop_the_others_nor_destroy_the_last_report(tmp_path, capsys):
    previous = tmp_path / "out" / "kota-bekasi" / "2023"
    previous.mkdir(parents=True)
    (previous / "index.html").write_text("last good report")
    code = main(["run", "--entity", "kota-bekasi", "--year", "2023", "--output-dir", str(tmp_path / "out"),
                 "--notebook-dir", str(FIXTURES / "suite"), "--jobs", "2", "--quiet"])
    assert code == 1
    assert (previous / "index.html").read_text() == "last good report"
    failed = previous.with_name("2023.failed")
    manifest = json.loads((failed / "manifest.json").read_text())
    status = {r["name"]: r["status"] for r in manifest["runs"]}
    assert status == {"01_first": "ok", "02_second": "ok", "03_broken": "failed"}
    broken = next(r for r in manifest["runs"] if r["name"] == "03_broken")
    assert broken["error"] == "RuntimeError: planted failure for kota-bekasi"
    assert "planted failure" in (failed / "index.html").read_text()
    assert "03_broken failed" in capsys.readouterr().err


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
    code = main(["run", *args, "--output-dir", str(tmp_path / "out"), "--quiet"])
    assert code == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "out").exists(), "nothing is written for invalid parameters"


@pytest.mark.parametrize("entity, year", [("..", 2023), ("a/../../b", 2023), ("kota-bekasi", "../x"), ("", 2023)])
def test_output_folder_cannot_escape(tmp_path, entity, year):
    with pytest.raises(ParameterError):
        safe_output_folder(tmp_path, entity, year)
    assert safe_output_folder(tmp_path, "kota-bekasi", 2023) == (tmp_path / "kota-bekasi" / "2023").resolve()


def test_parallel_run_equals_serial_run_with_forked_or_fresh_kernels(tmp_path):
    suite = _ok_suite(tmp_path)
    for name, extra in (("serial", ["--jobs", "1"]), ("parallel", ["--jobs", "2"]),
                        ("fresh", ["--jobs", "2", "--fresh-kernels"])):
        assert main(["run", "--entity", "kota-bekasi", "--year", "2023", "--output-dir", str(tmp_path / name),
                     "--notebook-dir", str(suite), "--quiet", *extra]) == 0
    serial, parallel, fresh = (_outputs(tmp_path / name / "kota-bekasi" / "2023") for name in ("serial", "parallel", "fresh"))
    assert serial == parallel == fresh and len(serial) == 2
    assert "kota-bekasi 2023 " + str(sum(range(23))) in json.dumps(serial)
    manifests = {name: json.loads((tmp_path / name / "kota-bekasi" / "2023" / "manifest.json").read_text())
                 for name in ("serial", "fresh")}
    forked = "forked" if fork_supported() else "fresh"
    assert manifests["serial"]["settings"]["kernels"] == forked and manifests["fresh"]["settings"]["kernels"] == "fresh"
    assert [r["kernel"] for r in manifests["serial"]["runs"]] == [forked, forked]
    assert [r["kernel"] for r in manifests["fresh"]["runs"]] == ["fresh", "fresh"]


def test_the_real_suite_gives_the_same_reports_serial_and_parallel(tmp_path):
    """Every output of every notebook of kota-bekasi 2023 — tables, text and figures, byte for
    byte — is the same with --jobs 1 and --jobs 2 (random jitter in a figure would show here)."""
    for jobs in ("1", "2"):
        assert main(["run", "--entity", "kota-bekasi", "--year", "2023", "--output-dir", str(tmp_path / jobs),
                     "--jobs", jobs, "--quiet"]) == 0
    serial = _outputs(tmp_path / "1" / "kota-bekasi" / "2023")
    parallel = _outputs(tmp_path / "2" / "kota-bekasi" / "2023")
    assert len(serial) == 11 and serial.keys() == parallel.keys()
    images = sum("image/png" in o.get("data", {}) for cells in serial.values() for outs in cells for o in outs)
    assert images >= 20
    for name in serial:
        assert serial[name] == parallel[name], f"{name} differs between the serial and the parallel run"


def test_dask_scheduler_on_a_local_cluster(tmp_path):
    distributed = pytest.importorskip("distributed")
    suite = _ok_suite(tmp_path)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, protocol="tcp://", host="127.0.0.1",
                                  dashboard_address=None) as cluster:
        address = cluster.scheduler_address
        assert address.startswith("tcp://127.0.0.1:")
        code = main(["run", "--entity", "kota-bekasi", "--year", "2023", "--output-dir", str(tmp_path / "dask"),
                     "--notebook-dir", str(suite), "--scheduler", address, "--quiet"])
    assert code == 0
    assert main(["run", "--entity", "kota-bekasi", "--year", "2023", "--output-dir", str(tmp_path / "local"),
                 "--notebook-dir", str(suite), "--jobs", "1", "--quiet"]) == 0
    assert _outputs(tmp_path / "dask" / "kota-bekasi" / "2023") == _outputs(tmp_path / "local" / "kota-bekasi" / "2023")


@pytest.mark.parametrize("suite", ["slow", "many_cells"])
def test_a_notebook_that_runs_too_long_is_stopped_with_a_clear_message(tmp_path, suite):
    """One 30 s cell (slow) and six 1.5 s cells (many_cells) both exceed a 3 s notebook limit."""
    code = main(["run", "--entity", "kota-bekasi", "--year", "2023", "--output-dir", str(tmp_path),
                 "--notebook-dir", str(FIXTURES / suite), "--timeout", "3", "--quiet"])
    assert code == 1
    manifest = json.loads((tmp_path / "kota-bekasi" / "2023.failed" / "manifest.json").read_text())
    run = manifest["runs"][0]
    assert run["status"] == "timeout"
    assert run["error"] == f"{run['notebook']} did not finish within its time limit of 3 s"
    assert run["seconds"] < 8


@pytest.mark.parametrize("args, message", [
    (["--timeout", "0"], "--timeout must be a positive number of seconds"),
    (["--notebooks", ","], "--notebooks selects no notebook"),
    (["--scheduler", "tcp://127.0.0.1:9"], "cannot reach the Dask scheduler at tcp://127.0.0.1:9"),
])
def test_more_invalid_run_options_exit_2(tmp_path, capsys, args, message):
    code = main(["run", "--entity", "kota-bekasi", "--year", "2023", "--output-dir", str(tmp_path / "out"), "--quiet", *args])
    assert code == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_a_notebook_that_does_not_apply_is_listed_not_run(tmp_path, capsys):
    code = main(["run", "--entity", "disdukcapil-kota-bekasi", "--year", "2024", "--notebooks", "mission",
                 "--output-dir", str(tmp_path), "--quiet"])
    assert code == 2
    assert "none of the selected notebooks applies to disdukcapil-kota-bekasi 2024 (02_mission: disdukcapil-kota-bekasi has no RPJMD misi)" in capsys.readouterr().err


def test_a_successful_run_clears_the_previous_failure_and_records_its_settings(tmp_path):
    out = tmp_path / "out"
    assert main(["run", "--entity", "kota-bekasi", "--year", "2023", "--output-dir", str(out),
                 "--notebook-dir", str(FIXTURES / "suite"), "--quiet"]) == 1
    assert (out / "kota-bekasi" / "2023.failed").exists()
    suite = _ok_suite(tmp_path)
    assert main(["run", "--entity", "kota-bekasi", "--year", "2023", "--output-dir", str(out),
                 "--notebook-dir", str(suite), "--timeout", "120", "--quiet"]) == 0
    assert not (out / "kota-bekasi" / "2023.failed").exists()
    manifest = json.loads((out / "kota-bekasi" / "2023" / "manifest.json").read_text())
    assert manifest["timeout_seconds"] == 120 and manifest["with_code"] is False
    assert manifest["settings"]["notebook_dir"] == str(suite)
    assert "--timeout 120" in manifest["settings"]["command"]
    assert sorted(manifest["notebooks"]) == sorted(str(p) for p in suite.glob("*.ipynb"))
    assert manifest["finished"] >= manifest["started"]
    nb = nbformat.read(str(out / "kota-bekasi" / "2023" / "01_first.ipynb"), as_version=4)
    assert "injected-parameters" in [c.get("id") for c in nb.cells]


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


def _kernels(tree: dict[int, tuple[int, str]]) -> list[int]:
    """The kernel processes of a tree: fresh ones run ipykernel_launcher, forked ones are the
    children of the fork server."""
    servers = {pid for pid, (_, cmd) in tree.items() if "lkip_helpers.batch.forkserver" in cmd and tree.get(pid)}
    return [pid for pid, (ppid, cmd) in tree.items() if "ipykernel_launcher" in cmd or ppid in servers]


def _start_slow_run(out: Path, *extra: str, env: dict | None = None):
    import subprocess
    import sys

    return subprocess.Popen(
        [sys.executable, "-m", "lkip_helpers.batch.cli", "run", "--entity", "kota-bekasi", "--year", "2023",
         "--output-dir", str(out), "--notebook-dir", str(FIXTURES / "slow"), "--quiet", *extra],
        stderr=subprocess.PIPE, text=True, env=env,
    )


def _wait_until(condition, seconds: float = 60.0) -> bool:
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def _gone(pids) -> bool:
    return not any(Path(f"/proc/{p}").exists() and (Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z")
                   for p in pids if Path(f"/proc/{p}/stat").exists())


needs_proc = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the process table from /proc")


@needs_proc
def test_sigterm_stops_the_run_cleanly_and_keeps_the_last_report(tmp_path):
    import signal

    out = tmp_path / "out"
    previous = out / "kota-bekasi" / "2023"
    previous.mkdir(parents=True)
    (previous / "index.html").write_text("last good report")
    proc = _start_slow_run(out)
    assert _wait_until(lambda: _kernels(_process_tree(proc.pid))), "a kernel runs the slow cell"
    started = _process_tree(proc.pid)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert "interrupted; nothing was published and the previous report is kept" in err
    assert (previous / "index.html").read_text() == "last good report"
    assert not list((out / "kota-bekasi").glob(".*partial*"))
    assert not (out / "kota-bekasi" / "2023.failed").exists()
    assert _wait_until(lambda: _gone(started), 10), f"left running: {started}"


@needs_proc
@pytest.mark.parametrize("extra", [[], ["--fresh-kernels"]], ids=["forked", "fresh"])
def test_no_kernel_outlives_a_killed_run(tmp_path, extra):
    """SIGKILL gives the command no chance to clean up: its kernels (and the fork server) notice
    that their parent is gone and stop by themselves."""
    import signal

    proc = _start_slow_run(tmp_path / "out", *extra)
    assert _wait_until(lambda: _kernels(_process_tree(proc.pid))), "a kernel runs the slow cell"
    started = _process_tree(proc.pid)
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=30)
    assert _wait_until(lambda: _gone(started), 15), f"left running: {started}"


@needs_proc
def test_an_interrupt_while_the_fork_server_is_still_importing_stops_at_once(tmp_path):
    """The fork server imports a module that takes a minute: the run waits for it, and SIGTERM
    must neither wait for the import nor start a kernel afterwards."""
    import signal
    import time

    (tmp_path / "slowimport.py").write_text("import time\ntime.sleep(60)\n")
    marker = f"LKIP_TEST_RUN={tmp_path.name}"
    env = {**os.environ, "PYTHONPATH": str(tmp_path), "LKIP_FORK_SERVER_PRELOAD": "slowimport",
           "LKIP_TEST_RUN": tmp_path.name}
    out = tmp_path / "out"
    proc = _start_slow_run(out, env=env)
    assert _wait_until(lambda: list((out / "kota-bekasi").glob(".*partial*")))
    time.sleep(1.5)
    started = _process_tree(proc.pid)
    assert any("lkip_helpers.batch.forkserver" in cmd for _, cmd in started.values()), "the server is importing"
    assert not _kernels(started), "no kernel yet: the server is importing"
    sent = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130 and time.monotonic() - sent < 8, err
    time.sleep(1.5)  # a kernel started after the clean-up would be running now
    assert not _processes_with(marker), "no process of the run is left, and no kernel started late"


def _processes_with(marker: str) -> list[int]:
    """Live processes whose environment holds ``marker`` (``NAME=value``)."""
    found = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit() and int(d.name) != os.getpid():
            try:
                if marker.encode() in (d / "environ").read_bytes().split(b"\0"):
                    state = (d / "stat").read_text().rsplit(")", 1)[1].split()[0]
                    if state != "Z":
                        found.append(int(d.name))
            except OSError:
                continue
    return found


def test_stale_temporary_folders_of_dead_runs_are_swept(tmp_path):
    from lkip_helpers.batch.runner import sweep_stale_partials

    dead = tmp_path / ".2023.partial-999999999-abc"
    alive = tmp_path / f".2023.partial-{os.getpid()}-def"
    for folder in (dead, alive):
        folder.mkdir()
    assert sweep_stale_partials(tmp_path) == [dead]
    assert alive.exists() and not dead.exists()


def test_list_shows_entities_and_years(capsys):
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    assert "kota-bekasi\t2023\tKota Bekasi" in out and "disdukcapil-kota-bekasi\t2024" in out
    assert "01_overview" in out


def test_all_runs_every_entity_and_year(tmp_path, capsys):
    suite = _ok_suite(tmp_path)
    code = main(["run", "--all", "--output-dir", str(tmp_path / "out"), "--notebook-dir", str(suite), "--quiet"])
    assert code == 0
    for entity, year in (("kota-bekasi", 2023), ("disdukcapil-kota-bekasi", 2024)):
        manifest = json.loads((tmp_path / "out" / entity / str(year) / "manifest.json").read_text())
        assert manifest["entity"] == entity and manifest["year"] == year and len(manifest["runs"]) == 2
    assert "disdukcapil-kota-bekasi 2024: ok" in capsys.readouterr().out


def test_published_reports_are_readable_by_others(tmp_path):
    suite = _ok_suite(tmp_path)
    assert main(["run", "--entity", "kota-bekasi", "--year", "2023", "--output-dir", str(tmp_path / "out"),
                 "--notebook-dir", str(suite), "--quiet"]) == 0
    report = tmp_path / "out" / "kota-bekasi" / "2023"
    assert report.stat().st_mode & 0o055 == 0o055
    for name in ("index.html", "manifest.json"):
        assert (report / name).stat().st_mode & 0o044 == 0o044


def test_longest_known_notebooks_start_first():
    from lkip_helpers.batch.runner import longest_first
    from lkip_helpers.batch.suite import NotebookRun

    runs = [NotebookRun(Path(f"{n}.ipynb"), n) for n in ("a", "b", "c", "d")]
    order = longest_first(runs, {"a": 1.0, "b": 9.0, "c": 4.0})
    assert [r.name for r in order] == ["d", "b", "c", "a"]


def test_adjacent_chunks_of_printed_text_are_joined_in_order():
    from lkip_helpers.batch.runner import join_adjacent_streams

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
