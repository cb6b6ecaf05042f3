"""Warm kernels: forked from a process that imported the notebooks' modules, through jupyter_client's
public provisioner entry point; fresh kernels when asked or when a kernel cannot be forked."""

from __future__ import annotations

import asyncio
import json
import os
import select
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from jupyter_client.provisioning import LocalProvisioner

from lkip_helpers.batch import warm_kernels
from lkip_helpers.batch.kernels import QuietKernelManager, wait_for_kernel_exits
from lkip_helpers.batch.warm_provisioner import (
    PROVISIONER_NAME,
    WarmKernelProvisioner,
    WarmKernelSpecManager,
    provisioner_registered,
)

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="warm kernels are Linux only")

PROBE = (
    "import json, os, sys\n"
    "print(json.dumps({'ppid': os.getppid(), 'pid': os.getpid(), 'cwd': os.getcwd(),"
    " 'x': os.environ.get('LKIP_TEST_X'), 'preloaded': 'pandas' in sys.modules,"
    " 'pgid': os.getpgid(0)}))"
)


async def _run(code: str, env: dict[str, str] | None = None, cwd: str | None = None):
    """Start a batch kernel, run ``code``, shut it down; (manager, outputs of the cell)."""
    km = QuietKernelManager(kernel_name="python3")
    await km.start_kernel(env={**os.environ, **(env or {})}, cwd=cwd or os.getcwd())
    kc = km.client()
    kc.start_channels()
    outputs = []
    try:
        await kc.wait_for_ready(timeout=60)
        await kc.execute_interactive(code, timeout=60, output_hook=lambda msg: outputs.append(msg))
    finally:
        kc.stop_channels()
        await km.shutdown_kernel()
    return km, outputs


def _probe(env: dict[str, str] | None = None, cwd: str | None = None) -> tuple[QuietKernelManager, dict]:
    km, outputs = asyncio.run(_run(PROBE, env, cwd))
    text = "".join(m["content"].get("text", "") for m in outputs if m["msg_type"] == "stream")
    return km, json.loads(text)


@pytest.fixture(autouse=True)
def _warm_again():
    warm_kernels.use_fresh_kernels(False)
    yield
    warm_kernels.use_fresh_kernels(False)
    wait_for_kernel_exits(timeout=10)


def test_the_provisioner_is_registered_through_jupyter_clients_entry_point():
    assert provisioner_registered()
    spec = WarmKernelSpecManager().get_kernel_spec("python3")
    assert spec.metadata["kernel_provisioner"] == {"provisioner_name": PROVISIONER_NAME}


def test_warm_kernels_share_one_preloaded_parent_and_get_their_own_environment_and_folder(tmp_path):
    one_km, one = _probe({"LKIP_TEST_X": "one"}, str(tmp_path))
    two_km, two = _probe({"LKIP_TEST_X": "two"})
    assert isinstance(one_km.provisioner, WarmKernelProvisioner)
    assert one["ppid"] != os.getpid() and one["ppid"] == two["ppid"], "both forked from one warm-kernel process"
    assert one["preloaded"] and two["preloaded"], "pandas is imported before the first cell"
    assert (one["x"], two["x"]) == ("one", "two")
    assert one["cwd"] == str(tmp_path) and two["cwd"] == os.getcwd()
    assert one["pgid"] == one["pid"], "a kernel leads its own process group"


def test_a_warm_kernel_shows_figures_inline():
    _, outputs = asyncio.run(_run("import matplotlib.pyplot as plt\nplt.plot([1, 2, 3]);"))
    images = [m for m in outputs if m["msg_type"] == "display_data" and "image/png" in m["content"]["data"]]
    assert len(images) == 1


def test_a_variable_read_at_import_gives_another_warm_kernel_process():
    _, plain = _probe()
    _, other = _probe({"LKIP_TEST_X": "a", "PYTHONWARNINGS": "ignore::DeprecationWarning"})
    assert plain["ppid"] != other["ppid"]
    assert other["ppid"] != os.getpid() and other["preloaded"], "warm too, from a process of its own"


@pytest.mark.parametrize("how", ["environment", "function"])
def test_fresh_kernels_when_asked(monkeypatch, how):
    if how == "environment":
        monkeypatch.setenv(warm_kernels.ENV_SWITCH, "1")
    else:
        warm_kernels.use_fresh_kernels()
    km, probe = _probe()
    assert type(km.provisioner) is LocalProvisioner
    assert probe["ppid"] == os.getpid() and not probe["preloaded"]


def test_a_killed_warm_kernel_is_reported_ended():
    async def scenario():
        km = QuietKernelManager(kernel_name="python3")
        await km.start_kernel(env=dict(os.environ))
        process = km.provisioner.process
        assert isinstance(process, warm_kernels.ForkedKernelProcess) and process.poll() is None
        km.kill_process()
        status = process.wait(timeout=10)
        await km.cleanup_resources()
        return process.pid, status

    pid, status = asyncio.run(scenario())
    assert status == -signal.SIGKILL
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)  # ended and reaped


def test_when_the_warm_kernel_process_dies_its_kernels_end_and_the_next_kernel_gets_a_new_one():
    async def scenario():
        km = QuietKernelManager(kernel_name="python3")
        await km.start_kernel(env=dict(os.environ))
        process = km.provisioner.process
        parent = int(Path(f"/proc/{process.pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
        os.kill(parent, signal.SIGKILL)
        status = process.wait(timeout=10)
        await km.cleanup_resources()
        return parent, status

    parent, status = asyncio.run(scenario())
    assert status == -signal.SIGKILL
    _, probe = _probe()
    assert probe["ppid"] != parent and probe["preloaded"]


def test_a_stopped_run_fails_a_waiting_fork_at_once_and_forks_again_after_resume(tmp_path):
    """A warm-kernel process that takes a minute to start (a ``sitecustomize`` that says so
    through a FIFO, then waits): stop() ends the wait of the kernel being forked at once."""
    site = tmp_path / "site"
    site.mkdir()
    fifo = tmp_path / "starting.fifo"
    os.mkfifo(fifo)
    read_end = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    (site / "sitecustomize.py").write_text(
        "import sys, time\n"
        "if 'lkip_helpers.batch.kernel_zygote' in sys.orig_argv:\n"
        f"    open({str(fifo)!r}, 'w').write('starting\\n')\n"
        "    time.sleep(60)\n"
    )
    cmd = WarmKernelSpecManager().get_kernel_spec("python3").argv
    env = {**os.environ, "PYTHONPATH": f"{site}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    errors = []

    def fork():
        try:
            warm_kernels.fork_kernel(cmd, env, os.getcwd())
        except warm_kernels.KernelStartStopped as error:
            errors.append(error)

    thread = threading.Thread(target=fork)
    thread.start()
    try:
        ready, _, _ = select.select([read_end], [], [], 60)
        assert ready, "the warm-kernel process started"
        warm_kernels.stop()
        thread.join(timeout=10)
        assert not thread.is_alive() and len(errors) == 1
        with pytest.raises(warm_kernels.KernelStartStopped):
            warm_kernels.fork_kernel(cmd, env, os.getcwd())
    finally:
        warm_kernels.resume()
        os.close(read_end)
    _, probe = _probe()
    assert probe["preloaded"]


def test_a_warm_kernel_process_that_cannot_start_is_not_tried_again(tmp_path, monkeypatch):
    cmd = [sys.executable, "-m", "ipykernel_launcher", "-f", str(tmp_path / "k.json")]
    env = {**os.environ, "PYTHONHOME": str(tmp_path / "no-such-python")}
    started = []
    popen = subprocess.Popen

    def counting(*args, **kwargs):
        started.append(args[0])
        return popen(*args, **kwargs)

    monkeypatch.setattr(warm_kernels.subprocess, "Popen", counting)
    assert warm_kernels.fork_kernel(cmd, env, str(tmp_path)) is None
    assert warm_kernels.fork_kernel(cmd, env, str(tmp_path)) is None
    assert len(started) == 1, "not tried again"


def test_a_kernel_whose_warm_kernel_process_fails_runs_fresh(tmp_path):
    """A ``sitecustomize`` that stops the warm-kernel process only: the kernel starts fresh."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(
        "import sys\nif 'lkip_helpers.batch.kernel_zygote' in sys.orig_argv:\n    raise SystemExit(3)\n"
    )
    km, probe = _probe({"PYTHONPATH": f"{site}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"})
    assert isinstance(km.provisioner, WarmKernelProvisioner)
    assert probe["ppid"] == os.getpid() and not probe["preloaded"], "a fresh child of this process"


COMPARED = (
    "import json, signal, sys, hashlib, io\n"
    "import numpy, matplotlib\n"
    "import matplotlib.pyplot as plt\n"
    "fig, ax = plt.subplots(figsize=(2, 2)); ax.plot([1, 3, 2]); buf = io.BytesIO(); fig.savefig(buf, format='png')\n"
    "plt.close(fig)\n"
    "print(json.dumps({'sigpipe': str(signal.getsignal(signal.SIGPIPE)), 'sigint': str(signal.getsignal(signal.SIGINT)),"
    " 'sigterm': str(signal.getsignal(signal.SIGTERM)), 'path': sys.path, 'backend': matplotlib.get_backend(),"
    " 'interactive_before': INTERACTIVE, 'png': hashlib.sha256(buf.getvalue()).hexdigest(),"
    " 'random': float(numpy.random.rand())}))"
)


def _compared(fresh: bool) -> dict:
    warm_kernels.use_fresh_kernels(fresh)
    code = "import matplotlib\nINTERACTIVE = matplotlib.is_interactive()\n" + COMPARED
    _, outputs = asyncio.run(_run(code))
    text = "".join(m["content"].get("text", "") for m in outputs if m["msg_type"] == "stream")
    return json.loads(text)


def test_a_warm_kernel_is_set_up_as_a_fresh_one():
    """Signal handlers, sys.path, matplotlib's backend and interactive mode, a figure's bytes are
    the same in warm and fresh kernels; numpy's unseeded random state differs between kernels."""
    warm, other_warm, fresh = _compared(False), _compared(False), _compared(True)
    for key in ("sigpipe", "sigint", "sigterm", "path", "backend", "interactive_before", "png"):
        assert warm[key] == fresh[key], key
    assert warm["random"] != other_warm["random"], "each warm kernel gets its own random state"


@pytest.mark.parametrize(
    ("cmd", "split"),
    [
        (["py", "-m", "ipykernel_launcher", "-f", "c.json"], (("py",), ["-f", "c.json"])),
        (["py", "-Xfrozen_modules=off", "-m", "ipykernel_launcher", "-f", "c"], (("py", "-Xfrozen_modules=off"), ["-f", "c"])),
        (["py", "-m", "other_kernel", "-f", "c"], None),
        (["py", "-c", "code", "-m", "ipykernel_launcher"], None),
        (["R", "--slave"], None),
    ],
)
def test_only_ipykernel_commands_are_forked(cmd, split):
    assert warm_kernels.split_command(cmd) == split


def test_kernels_whose_output_is_kept_or_folder_has_a_matplotlibrc_start_fresh(tmp_path):
    cmd = ["py", "-m", "ipykernel_launcher", "-f", "c"]
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "env": {}, "cwd": str(tmp_path)}
    assert warm_kernels.eligible(cmd, quiet)
    assert not warm_kernels.eligible(cmd, {**quiet, "stdout": None})
    (tmp_path / "matplotlibrc").write_text("figure.dpi: 50\n")
    assert not warm_kernels.eligible(cmd, quiet)


def test_a_forked_kernel_leads_its_process_group_as_soon_as_its_pid_is_known(tmp_path):
    """The pid is answered only once the kernel has its own session: killing its process group
    right away cannot miss it (ten kernels, each killed the moment it is forked)."""
    interpreter, _ = warm_kernels.split_command(WarmKernelSpecManager().get_kernel_spec("python3").argv)
    for n in range(10):
        cmd = [*interpreter, "-m", "ipykernel_launcher", "-f", str(tmp_path / f"k{n}.json")]
        process = warm_kernels.fork_kernel(cmd, dict(os.environ), str(tmp_path))
        assert process is not None
        os.killpg(process.pid, signal.SIGKILL)  # raises ProcessLookupError if it had no group yet
        assert process.wait(timeout=10) == -signal.SIGKILL
