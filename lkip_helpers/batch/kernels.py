"""Kernel managers for the batch runs: quiet kernels, a per-notebook time limit, and clean-up.

ipykernel logs start-up notices (e.g. about TCP transport) and shutdown messages to the kernel
process's stderr, which would interleave with the batch command's progress bar; the managers here
send the kernel's own stdout/stderr nowhere. Notebook output (including warnings and errors raised
in cells) travels over the kernel's messaging channels and is unaffected.

:func:`deadline_manager` makes a manager class that kills its kernel once a notebook has run for
its time limit (papermill itself only limits single cells); :func:`kill_all_kernels` stops every
kernel still alive, for an interrupted run.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from jupyter_client.manager import AsyncKernelManager
from jupyter_client.provisioning import LocalProvisioner

from .forkserver import ForkServer, kernel_args
from .forkserver import supported as fork_supported

__all__ = [
    "ForkingProvisioner",
    "QuietKernelManager",
    "allow_new_kernels",
    "deadline_expired",
    "deadline_manager",
    "forked_kernels",
    "kernel_was_forked",
    "kill_all_kernels",
    "stop_new_kernels",
]

_LIVE: set[QuietKernelManager] = set()
_EXPIRED: set[str] = set()
_FORKED: set[str] = set()
_LOCK = threading.Lock()
_FORK_SERVER: ForkServer | None = None
_STOPPING = threading.Event()
_STOPPING_MESSAGE = "the run is being stopped: no new kernel is started"


def stop_new_kernels() -> None:
    """For an interrupted run: from now on no kernel starts (a start in progress is undone),
    and the fork server stops at once, so a launch waiting for it gives up instead of forking a
    kernel after the clean-up. :func:`allow_new_kernels` lifts this for the next run."""
    _STOPPING.set()
    server = _FORK_SERVER
    if server is not None:
        server.close()


def allow_new_kernels() -> None:
    """Let kernels start again (a new run in the same process)."""
    _STOPPING.clear()


@contextmanager
def forked_kernels(enabled: bool = True) -> Iterator[ForkServer | None]:
    """Within the block, kernels of :class:`QuietKernelManager` are forked from a
    :class:`~lkip_helpers.batch.forkserver.ForkServer` that has imported the suite's modules once.

    The server starts at once (its imports overlap whatever the caller does next) and stops at
    the end of the block. ``enabled=False`` (``lkip run --fresh-kernels``), or a platform other
    than Linux, changes nothing: the block gets ``None`` and kernels start the usual way.
    """
    global _FORK_SERVER
    previous = _FORK_SERVER  # blocks nest: the outer block's server is back after this one
    if not enabled or not fork_supported():
        _FORK_SERVER = None
        try:
            yield None
        finally:
            _FORK_SERVER = previous
        return
    server = ForkServer()
    _FORK_SERVER = server
    try:
        yield server
    finally:
        _FORK_SERVER = previous
        server.close()


class ForkingProvisioner(LocalProvisioner):  # type: ignore[misc]
    """jupyter_client's local provisioner, forking the kernel from the active fork server when
    there is one and it runs the kernel's interpreter; otherwise launching it as usual."""

    #: whether the kernel was forked (False: launched the usual way)
    forked = False

    async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> Any:
        if _STOPPING.is_set():
            raise RuntimeError(_STOPPING_MESSAGE)
        server = _FORK_SERVER
        args = kernel_args(cmd)
        if server is None or args is None or not server.alive or not _same_python(cmd[0], server.python):
            return await super().launch_kernel(cmd, **kwargs)
        env = kwargs.get("env") or dict(os.environ)
        # like a subprocess, the kernel starts in the given folder or in ours (papermill's ``cwd``
        # changes this process's folder while it starts the kernel)
        cwd = kwargs.get("cwd") or os.getcwd()
        try:
            process = server.launch(args, env, str(cwd))
        except OSError:
            if _STOPPING.is_set():  # the server was stopped because the run is being stopped
                raise RuntimeError(_STOPPING_MESSAGE) from None
            return await super().launch_kernel(cmd, **kwargs)
        self.process = process
        self.forked = True
        self.pid = process.pid
        self.pgid = process.pid  # the forked kernel leads its own session and process group
        self.cwd = cwd or Path.cwd()
        return self.connection_info


def _same_python(command: str, python: str) -> bool:
    found = shutil.which(command) or command
    return os.path.abspath(found) == os.path.abspath(python)


class QuietKernelManager(AsyncKernelManager):
    """:class:`AsyncKernelManager` whose kernel process writes its stdout/stderr nowhere."""

    #: seconds the kernel may live before it is killed (``None``: no limit); set by :func:`deadline_manager`
    deadline: float | None = None
    #: name of the run, recorded in :func:`deadline_expired` when the deadline kills the kernel
    run_key: str = ""

    async def _async_pre_start_kernel(self, **kw: Any) -> Any:  # type: ignore[override]
        if self.provisioner is None and _FORK_SERVER is not None:
            self.kernel_id = self.kernel_id or kw.pop("kernel_id", str(uuid.uuid4()))
            self.provisioner = ForkingProvisioner(kernel_id=self.kernel_id, kernel_spec=self.kernel_spec, parent=self)
        return await super()._async_pre_start_kernel(**kw)

    async def _async_start_kernel(self, **kw: Any) -> None:  # type: ignore[override]
        if _STOPPING.is_set():
            raise RuntimeError(_STOPPING_MESSAGE)
        kw.setdefault("stdout", subprocess.DEVNULL)
        kw.setdefault("stderr", subprocess.DEVNULL)
        await super()._async_start_kernel(**kw)
        with _LOCK:
            _LIVE.add(self)
            if self.run_key and getattr(self.provisioner, "forked", False):
                _FORKED.add(self.run_key)
        if _STOPPING.is_set():  # stopped while this kernel was starting
            self._kill_process()
            raise RuntimeError(_STOPPING_MESSAGE)
        if self.deadline is not None:
            timer = threading.Timer(self.deadline, self._expire)
            timer.daemon = True
            timer.start()
            self._deadline_timer = timer

    start_kernel = _async_start_kernel  # type: ignore[assignment]

    def _kill_process(self) -> None:
        """Kill the kernel and whatever it started in its process group (it leads one)."""
        process = getattr(self.provisioner, "process", None)
        if process is None or process.poll() is not None:
            return
        pgid = getattr(self.provisioner, "pgid", None)
        if pgid and pgid != os.getpgrp():
            try:
                os.killpg(pgid, signal.SIGKILL)
            except OSError:
                pass
        try:
            process.kill()
        except OSError:
            pass

    def _expire(self) -> None:
        with _LOCK:
            _EXPIRED.add(self.run_key)
        self._kill_process()

    async def _async_shutdown_kernel(self, *args: Any, **kw: Any) -> None:  # type: ignore[override]
        timer = getattr(self, "_deadline_timer", None)
        if timer is not None:
            timer.cancel()
        with _LOCK:
            _LIVE.discard(self)
        await super()._async_shutdown_kernel(*args, **kw)

    shutdown_kernel = _async_shutdown_kernel  # type: ignore[assignment]


def deadline_manager(run_key: str, seconds: float | None) -> type[QuietKernelManager]:
    """A :class:`QuietKernelManager` subclass whose kernel is killed after ``seconds``."""
    return type(f"DeadlineKernelManager_{abs(hash(run_key))}", (QuietKernelManager,),
                {"deadline": seconds, "run_key": run_key})


def kernel_was_forked(run_key: str) -> bool:
    """True when the kernel of ``run_key`` was forked from the fork server."""
    with _LOCK:
        return run_key in _FORKED


def deadline_expired(run_key: str) -> bool:
    """True when the kernel of ``run_key`` was killed by its time limit."""
    with _LOCK:
        return run_key in _EXPIRED


def kill_all_kernels() -> int:
    """Kill every kernel started by these managers that is still alive; return how many."""
    with _LOCK:
        live = list(_LIVE)
        _LIVE.clear()
    for manager in live:
        manager._kill_process()
    return len(live)
