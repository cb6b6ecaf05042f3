"""Kernel managers of the batch runs: quiet kernels, a shutdown the report does not wait for."""

from __future__ import annotations

import asyncio

from lkip_helpers.batch import kernels
from lkip_helpers.batch.kernels import QuietKernelManager, live_kernel_count, wait_for_kernel_exits


def _start_and_shut_down(**shutdown):
    async def scenario():
        km = QuietKernelManager(kernel_name="python3")
        await km.start_kernel()
        process = km.provisioner.process
        await km.shutdown_kernel(**shutdown)
        return process

    return asyncio.run(scenario())


def test_a_graceful_shutdown_does_not_wait_and_the_kernel_still_ends():
    wait_for_kernel_exits(timeout=kernels.SHUTDOWN_GRACE_SECONDS + 5)  # earlier tests' kernels
    before = live_kernel_count()
    process = _start_and_shut_down()
    assert wait_for_kernel_exits(timeout=kernels.SHUTDOWN_GRACE_SECONDS + 5)
    assert process.poll() is not None  # ended (and reaped)
    assert live_kernel_count() == before  # forgotten once it ended


def test_a_kernel_that_died_is_forgotten_at_clean_up():
    async def scenario():
        km = QuietKernelManager(kernel_name="python3")
        await km.start_kernel()
        km.kill_process()
        km.provisioner.process.wait()
        await km.cleanup_resources()

    wait_for_kernel_exits(timeout=kernels.SHUTDOWN_GRACE_SECONDS + 5)  # earlier tests' kernels
    before = live_kernel_count()
    asyncio.run(scenario())
    assert live_kernel_count() == before


def test_an_immediate_shutdown_is_jupyter_clients_own():
    process = _start_and_shut_down(now=True)
    assert process.poll() is not None
    assert wait_for_kernel_exits(timeout=0)


def test_a_kernel_that_ignores_the_shutdown_request_is_killed(monkeypatch):
    monkeypatch.setattr(kernels, "SHUTDOWN_GRACE_SECONDS", 0.0)

    async def no_request(self):  # the request never reaches the kernel
        return None

    monkeypatch.setattr(QuietKernelManager, "request_shutdown", no_request)
    process = _start_and_shut_down()
    assert wait_for_kernel_exits(timeout=10)
    assert process.poll() is not None


def test_a_kernels_connection_file_is_named_after_this_process_and_removed_at_shutdown():
    import os
    from pathlib import Path

    async def scenario():
        km = QuietKernelManager(kernel_name="python3")
        await km.start_kernel()
        path = Path(km.connection_file)
        existed = path.is_file()
        await km.shutdown_kernel()
        return path, existed

    path, existed = asyncio.run(scenario())
    assert existed and path.parent == kernels.connection_dir()
    assert path.name.startswith(f"kernel-lkip-{os.getpid()}-")
    assert wait_for_kernel_exits(timeout=10)
    assert not path.exists(), "removed once the kernel has ended (it may write it again while starting)"


def test_only_connection_files_of_processes_that_are_gone_are_swept(tmp_path):
    import os
    import subprocess
    import sys

    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead = int(ended.stdout)
    files = {
        "dead": tmp_path / f"kernel-lkip-{dead}-abc.json",
        "never": tmp_path / "kernel-lkip-999999999-def.json",
        "ours": tmp_path / f"kernel-lkip-{os.getpid()}-ghi.json",
        "live": tmp_path / f"kernel-lkip-{os.getppid()}-jkl.json",
        "jupyter": tmp_path / "kernel-5f0c2d7e.json",  # another program's kernel
        "odd": tmp_path / "kernel-lkip-notapid-x.json",
    }
    for path in files.values():
        path.write_text("{}")
    removed = kernels.sweep_stale_connection_files(tmp_path)
    assert sorted(removed) == sorted([files["dead"], files["never"]])
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(files[k].name for k in ("ours", "live", "jupyter", "odd"))
