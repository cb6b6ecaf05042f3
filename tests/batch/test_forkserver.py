"""Kernels forked from the fork server: they behave like fresh kernels, and kernels still start
when the server is unavailable."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import nbformat
import papermill as pm
import pytest

from lkip_helpers.batch import kernels
from lkip_helpers.batch.engine import ENGINE_NAME
from lkip_helpers.batch.forkserver import ForkServer, kernel_args, supported

pytestmark = pytest.mark.skipif(not supported(), reason="kernels are forked on Linux only")

PROBE = """
import json, os, sys
import matplotlib
import numpy as np
from ipykernel.kernelapp import IPKernelApp
app = IPKernelApp.instance()
print(json.dumps({
    "watches_parent": app.parent_handle == os.getppid() and app.poller is not None,
    "configdir_exists": os.path.isdir(matplotlib.get_configdir()),
    "ppid": os.getppid(),
    "cwd": os.getcwd(),
    "marker": os.environ.get("LKIP_FORK_TEST"),
    "preloaded": "seaborn" in sys.modules,
    "name": __name__,
    "backend": matplotlib.get_backend(),
    "random": float(np.random.rand()),
    "path": sys.path,
    "argv0": sys.argv[0],
    "executable": sys.executable,
}))
"""
#: what must be the same in a forked and in a fresh kernel
SAME = ("cwd", "marker", "name", "backend", "path", "argv0", "executable", "watches_parent", "configdir_exists")
#: a kernel ends like an interpreter: an unclosed file is flushed, atexit runs, threads are joined
EXIT = """
import atexit, os, threading, time
import exitmod  # a module of the notebook's folder that opened a file when imported
exitmod.sink.write("module data")
probe = os.environ["LKIP_EXIT_PROBE"]
unclosed = open(probe, "w")
unclosed.write("flushed")
atexit.register(lambda: open(probe + ".atexit", "w").write("ran"))
def late():
    time.sleep(1.5)
    open(probe + ".thread", "w").write("joined")
threading.Thread(target=late).start()
"""
EXIT_MODULE = 'import os\nsink = open(os.environ["LKIP_EXIT_PROBE"] + ".module", "w")\n'
FIGURE = "import matplotlib.pyplot as plt\nplt.plot([1, 2, 3]);"


def _run_probe(tmp_path: Path, name: str) -> tuple[dict, list]:
    nb = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(PROBE), nbformat.v4.new_code_cell(FIGURE), nbformat.v4.new_code_cell(EXIT)],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
    )
    src, out = tmp_path / f"{name}-in.ipynb", tmp_path / f"{name}.ipynb"
    nbformat.write(nb, str(src))
    (tmp_path / "exitmod.py").write_text(EXIT_MODULE)
    pm.execute_notebook(str(src), str(out), kernel_name="python3", cwd=str(tmp_path), progress_bar=False,
                        kernel_manager_class="lkip_helpers.batch.kernels.QuietKernelManager", engine_name=ENGINE_NAME)
    cells = nbformat.read(str(out), as_version=4).cells
    stdout = [o["text"] for o in cells[0].outputs if o.get("name") == "stdout"]
    probe = json.loads(stdout[-1].strip().splitlines()[-1])
    exit_probe = Path(os.environ["LKIP_EXIT_PROBE"])
    deadline = time.monotonic() + 10
    files = [exit_probe] + [exit_probe.with_name(exit_probe.name + ext) for ext in (".atexit", ".thread", ".module")]
    while time.monotonic() < deadline and not all(f.exists() and f.stat().st_size for f in files):
        time.sleep(0.1)
    probe["exit"] = [f.read_text() if f.exists() else None for f in files]
    return probe, cells[1].outputs


@pytest.mark.parametrize(
    "cmd, args",
    [
        (["/py", "-m", "ipykernel_launcher", "-f", "c.json"], ["-f", "c.json"]),
        (["/py", "-Xfrozen_modules=off", "-m", "ipykernel_launcher", "-f", "c.json"], ["-f", "c.json"]),
        (["/py", "-E", "-m", "ipykernel_launcher", "-f", "c.json"], None),
        (["/py", "-m", "other_kernel", "-f", "c.json"], None),
        (["julia", "-i", "kernel.jl", "c.json"], None),
    ],
)
def test_only_plain_ipykernel_commands_are_forked(cmd, args):
    assert kernel_args(cmd) == args


def test_a_forked_kernel_behaves_like_a_fresh_one(tmp_path, monkeypatch):
    monkeypatch.setenv("LKIP_FORK_TEST", "seen")
    # matplotlib cannot use this config folder: it makes a temporary one and deletes it at exit
    # (the server's must not be deleted by the first kernel that ends)
    (tmp_path / "not-a-folder").write_text("")
    monkeypatch.setenv("MPLCONFIGDIR", str(tmp_path / "not-a-folder"))
    with kernels.forked_kernels() as server:
        assert server is not None
        monkeypatch.setenv("LKIP_EXIT_PROBE", str(tmp_path / "exit-first"))
        first, figure = _run_probe(tmp_path, "first")
        monkeypatch.setenv("LKIP_EXIT_PROBE", str(tmp_path / "exit-second"))
        second, _ = _run_probe(tmp_path, "second")
        server_pid = server._proc.pid
    with kernels.forked_kernels(enabled=False):
        monkeypatch.setenv("LKIP_EXIT_PROBE", str(tmp_path / "exit-fresh"))
        fresh, fresh_figure = _run_probe(tmp_path, "fresh")
    assert fresh["exit"] == ["flushed", "ran", "joined", "module data"]
    assert first["exit"] == fresh["exit"], "the forked kernel exits like an interpreter"
    assert first["watches_parent"] and fresh["watches_parent"]
    assert first["configdir_exists"] and second["configdir_exists"] and fresh["configdir_exists"]
    assert second["exit"] == fresh["exit"]
    assert {k: first[k] for k in SAME} == {k: fresh[k] for k in SAME}
    assert fresh["ppid"] == os.getpid() and not fresh["preloaded"]
    assert figure == fresh_figure, "the same figure, byte for byte"
    assert first["ppid"] == server_pid, "the kernel is a child of the fork server"
    assert first["preloaded"], "the server's imports are there before the first cell"
    assert first["cwd"] == str(tmp_path) and first["marker"] == "seen"
    assert first["name"] == "__main__"
    assert first["backend"] == "module://matplotlib_inline.backend_inline"
    assert [o["output_type"] for o in figure] == ["display_data"] and "image/png" in figure[0]["data"]
    assert first["random"] != second["random"], "each kernel gets fresh random state"
    assert kernels._FORK_SERVER is not server and server._proc is None, "the server stops with the block"


def test_kernels_start_the_usual_way_without_a_server(tmp_path, monkeypatch):
    monkeypatch.setenv("LKIP_EXIT_PROBE", str(tmp_path / "exit"))
    with kernels.forked_kernels() as server:
        server.close()
        probe, figure = _run_probe(tmp_path, "closed")
    assert probe["ppid"] == os.getpid() and not probe["preloaded"]
    assert "image/png" in figure[0]["data"]
    with kernels.forked_kernels(enabled=False) as none:
        assert none is None and kernels._FORK_SERVER is None


def test_a_late_answer_retires_the_server(tmp_path):
    """An answer that misses its time could be read as the answer to the next request: the
    server is closed instead, and kernels start the usual way from then on."""
    server = ForkServer(preload=[])
    server.reply_timeout = 0.0
    try:
        with pytest.raises(OSError, match="answered b'' to request 1"):
            server.launch(["-f", str(tmp_path / "c.json")], dict(os.environ), str(tmp_path))
        assert not server.alive
        with pytest.raises(OSError, match="not running"):
            server.launch(["-f", str(tmp_path / "d.json")], dict(os.environ), str(tmp_path))
    finally:
        server.close()


def test_close_does_not_wait_for_a_launch_that_waits_for_the_server(tmp_path, monkeypatch):
    """An interrupted run stops a server that is still importing at once."""
    import threading

    (tmp_path / "slowimport.py").write_text("import time\ntime.sleep(60)\n")
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))
    server = ForkServer(preload=["slowimport"])
    errors: list[BaseException] = []

    def launch() -> None:
        try:
            server.launch(["-f", str(tmp_path / "c.json")], dict(os.environ), str(tmp_path))
        except BaseException as exc:  # noqa: BLE001 - recorded for the assertion
            errors.append(exc)

    waiting = threading.Thread(target=launch)
    waiting.start()
    deadline = time.monotonic() + 10
    while not server._lock.locked() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert server._lock.locked(), "the launch waits for the server's imports"
    started = time.monotonic()
    server.close()
    waiting.join(timeout=10)
    assert not waiting.is_alive() and time.monotonic() - started < 5
    assert len(errors) == 1 and "did not start" in str(errors[0]) and not server.alive


def test_a_server_that_never_gets_ready_is_given_up(tmp_path):
    server = ForkServer(preload=[])
    server.start_timeout = 0.0
    try:
        with pytest.raises(OSError, match="did not start"):
            server.launch(["-f", str(tmp_path / "c.json")], dict(os.environ), None)
        assert not server.alive
    finally:
        server.close()
