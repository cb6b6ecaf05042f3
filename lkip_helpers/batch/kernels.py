"""Kernel managers for the batch runs: quiet kernels, their environment, a per-notebook time
limit, and clean-up.

ipykernel logs start-up notices (e.g. about TCP transport) and shutdown messages to the kernel
process's stderr, which would interleave with the batch command's progress bar; the managers here
send the kernel's own stdout/stderr nowhere. Notebook output (including warnings and errors raised
in cells) travels over the kernel's messaging channels and is unaffected.

:func:`batch_kernel_manager` makes a manager class whose kernel gets extra environment variables
(the run's data folder and dataset snapshot) and is killed once the notebook has run for its time
limit (papermill itself only limits single cells); :func:`kill_all_kernels` stops every kernel
still alive, for an interrupted run. Kernels are forked from a warm-kernel process when they can
be (:mod:`~lkip_helpers.batch.warm_kernels`: the managers' kernel specs name its provisioner).

A kernel's connection file (its ports and key) is ``kernel-lkip-<pid>-<random>.json`` in Jupyter's
runtime folder, ``<pid>`` being the process that started the kernel; it is removed when the kernel
is shut down. A run that was killed cannot remove its files: :func:`sweep_stale_connection_files`
(at the start of every run) removes those whose process is gone, and no other file.

Only public API of jupyter_client is overridden: :meth:`AsyncKernelManager.start_kernel`,
:meth:`AsyncKernelManager.shutdown_kernel`, :meth:`AsyncKernelManager.cleanup_resources` and the
default of the ``kernel_spec_manager`` trait; the kernel's process is the ``process`` attribute of
jupyter_client's local provisioner (public, documented in its provisioning API).
"""

from __future__ import annotations

import os
import signal
import subprocess
import tempfile
import threading
import time
import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar

from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import AsyncKernelManager
from traitlets import default

from . import warm_kernels
from .processes import pid_alive
from .warm_provisioner import WarmKernelSpecManager

__all__ = [
    "QuietKernelManager",
    "allow_new_kernels",
    "batch_kernel_manager",
    "connection_dir",
    "deadline_expired",
    "kill_all_kernels",
    "live_kernel_count",
    "stop_new_kernels",
    "sweep_stale_connection_files",
    "wait_for_kernel_exits",
]

_LIVE: set[QuietKernelManager] = set()
_EXPIRED: set[str] = set()
_LOCK = threading.Lock()
#: threads waiting for kernels that were asked to shut down (see QuietKernelManager.shutdown_kernel)
_EXITING: set[threading.Thread] = set()
#: seconds a kernel asked to shut down may take to end before it is killed
SHUTDOWN_GRACE_SECONDS = 5.0
_STOPPING = threading.Event()
_STOPPING_MESSAGE = "the run is being stopped: no new kernel is started"


_CONNECTION_PREFIX = "kernel-lkip-"


def connection_dir() -> Path:
    """Where the kernels' connection files go: Jupyter's runtime folder (created, private), or
    the temporary folder when that cannot be made."""
    from jupyter_core.paths import jupyter_runtime_dir

    folder = Path(jupyter_runtime_dir())
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:
        return Path(tempfile.gettempdir())
    return folder if os.access(folder, os.W_OK | os.X_OK) else Path(tempfile.gettempdir())


def _new_connection_file() -> str:
    return str(connection_dir() / f"{_CONNECTION_PREFIX}{os.getpid()}-{uuid.uuid4().hex}.json")


def sweep_stale_connection_files(folder: Path | None = None) -> list[Path]:
    """Remove the connection files in ``folder`` (default :func:`connection_dir`) that kernels of
    a process that no longer exists left behind (a run killed with SIGKILL); the files of this
    process, of live processes and of other programs (Jupyter's own ``kernel-<id>.json``) stay."""
    folder = connection_dir() if folder is None else folder
    removed = []
    for path in folder.glob(f"{_CONNECTION_PREFIX}*.json"):
        try:
            pid = int(path.name[len(_CONNECTION_PREFIX):].split("-", 1)[0])
        except ValueError:
            continue
        if pid != os.getpid() and not pid_alive(pid):
            try:
                path.unlink()
            except OSError:
                continue
            removed.append(path)
    return removed


def stop_new_kernels() -> None:
    """For an interrupted run: from now on no kernel starts (a start in progress is undone).
    :func:`allow_new_kernels` lifts this for the next run."""
    _STOPPING.set()
    warm_kernels.stop()


def allow_new_kernels() -> None:
    """Let kernels start again (a new run in the same process)."""
    _STOPPING.clear()
    warm_kernels.resume()


class QuietKernelManager(AsyncKernelManager):
    """:class:`AsyncKernelManager` whose kernel process writes its stdout/stderr nowhere, warm
    when it can be (:mod:`~lkip_helpers.batch.warm_kernels`)."""

    #: seconds the kernel may live before it is killed (``None``: no limit); set by :func:`batch_kernel_manager`
    deadline: ClassVar[float | None] = None
    #: name of the run, recorded in :func:`deadline_expired` when the deadline kills the kernel
    run_key: ClassVar[str] = ""
    #: variables added to the kernel's environment (on top of this process's environment)
    kernel_env: ClassVar[Mapping[str, str]] = {}

    @default("kernel_spec_manager")
    def _warm_kernel_specs(self) -> KernelSpecManager:
        return WarmKernelSpecManager(data_dir=self.data_dir)

    async def start_kernel(self, **kw: Any) -> None:  # type: ignore[override]
        """Start the kernel quietly, with :attr:`kernel_env` and a connection file named after
        this process, and arm its deadline."""
        if _STOPPING.is_set():
            raise RuntimeError(_STOPPING_MESSAGE)
        if not self.connection_file:  # named after this process (see sweep_stale_connection_files)
            self.connection_file = _new_connection_file()
        kw.setdefault("stdout", subprocess.DEVNULL)
        kw.setdefault("stderr", subprocess.DEVNULL)
        if self.kernel_env:
            kw["env"] = {**(kw.get("env") or os.environ), **self.kernel_env}
        await super().start_kernel(**kw)
        with _LOCK:
            _LIVE.add(self)
        if _STOPPING.is_set():  # stopped while this kernel was starting
            self.kill_process()
            raise RuntimeError(_STOPPING_MESSAGE)
        if self.deadline is not None:
            timer = threading.Timer(self.deadline, self._expire)
            timer.daemon = True
            timer.start()
            self._deadline_timer = timer  # our own attribute

    def kill_process(self) -> None:
        """Kill the kernel and whatever it started in its process group (it leads one)."""
        process = getattr(self.provisioner, "process", None)
        if process is not None:
            _kill(process, getattr(self.provisioner, "pgid", None))
        elif getattr(self, "_exiting", None) is not None:  # asked to shut down, not yet ended
            _kill(*self._exiting)

    def _expire(self) -> None:
        with _LOCK:
            _EXPIRED.add(self.run_key)
        self.kill_process()

    async def shutdown_kernel(self, now: bool = False, restart: bool = False) -> None:  # type: ignore[override]
        """Cancel the deadline and shut the kernel down without waiting for it to exit.

        The kernel gets jupyter_client's shutdown request and ends as it would otherwise (its
        exit handlers run); a thread waits for the process and kills it if it has not ended
        within :data:`SHUTDOWN_GRACE_SECONDS`, so the notebook's report does not wait for the
        kernel's exit (0.5-0.8 s). :func:`wait_for_kernel_exits` waits for those threads; a
        restart or ``now=True`` is jupyter_client's own shutdown.
        """
        timer = getattr(self, "_deadline_timer", None)
        if timer is not None:
            timer.cancel()
        process = getattr(self.provisioner, "process", None)
        if now or restart or process is None:
            await super().shutdown_kernel(now=now, restart=restart)
            with _LOCK:
                _LIVE.discard(self)
            return
        pgid = getattr(self.provisioner, "pgid", None)
        self._exiting = (process, pgid)  # our own attribute, for kill_process
        try:
            await self.request_shutdown()
        except Exception:  # noqa: BLE001 - a kernel that cannot be asked is killed
            _kill(process, pgid)
        reaper = threading.Thread(target=self._reap, args=(process, pgid, self.connection_file),
                                  name="lkip-kernel-exit", daemon=True)
        with _LOCK:
            _EXITING.add(reaper)
        reaper.start()
        await self.cleanup_resources()

    async def cleanup_resources(self, restart: bool = False) -> None:  # type: ignore[override]
        """jupyter_client's clean-up; a kernel whose process has ended (it died, or its deadline
        killed it, so nothing shut it down) is forgotten here."""
        process = getattr(self.provisioner, "process", None)
        if process is not None and process.poll() is not None:
            with _LOCK:
                _LIVE.discard(self)
        await super().cleanup_resources(restart=restart)

    def _reap(self, process: subprocess.Popen, pgid: int | None, connection_file: str) -> None:
        """Wait for the kernel process to end (kill it after the grace period), then forget it
        and remove its connection file (a kernel still starting at its shutdown writes it
        again, and a killed kernel cannot remove it)."""
        try:
            process.wait(timeout=SHUTDOWN_GRACE_SECONDS)
        except subprocess.TimeoutExpired:
            _kill(process, pgid)
            process.wait()
        finally:
            if connection_file:
                Path(connection_file).unlink(missing_ok=True)
            with _LOCK:
                _LIVE.discard(self)
                _EXITING.discard(threading.current_thread())


def _kill(process: subprocess.Popen, pgid: int | None) -> None:
    """Kill ``process`` and its process group (a kernel leads one)."""
    if process.poll() is not None:
        return
    if pgid and pgid != os.getpgrp():
        try:
            os.killpg(pgid, signal.SIGKILL)
        except OSError:
            pass
    try:
        process.kill()
    except OSError:
        pass


def wait_for_kernel_exits(timeout: float | None = None) -> bool:
    """Wait until every kernel shut down by :meth:`QuietKernelManager.shutdown_kernel` has ended
    (each is killed after :data:`SHUTDOWN_GRACE_SECONDS`); True when none is left."""
    with _LOCK:
        reapers = list(_EXITING)
    deadline = None if timeout is None else time.monotonic() + timeout
    for reaper in reapers:
        reaper.join(None if deadline is None else max(0.0, deadline - time.monotonic()))
    with _LOCK:
        return not _EXITING


def batch_kernel_manager(
    run_key: str, seconds: float | None, env: Mapping[str, str] | None = None
) -> type[QuietKernelManager]:
    """A :class:`QuietKernelManager` subclass whose kernel gets ``env`` on top of this process's
    environment and is killed after ``seconds``; its expiry is recorded under ``run_key``."""
    return type(f"BatchKernelManager_{abs(hash(run_key))}", (QuietKernelManager,),
                {"deadline": seconds, "run_key": run_key, "kernel_env": dict(env or {})})


def deadline_expired(run_key: str) -> bool:
    """True when the kernel of ``run_key`` was killed by its time limit."""
    with _LOCK:
        return run_key in _EXPIRED


def live_kernel_count() -> int:
    """How many kernels started by these managers are not known to have ended."""
    with _LOCK:
        return len(_LIVE)


def kill_all_kernels() -> int:
    """Kill every kernel started by these managers that is still alive; return how many."""
    with _LOCK:
        live = list(_LIVE)
        _LIVE.clear()
    for manager in live:
        manager.kill_process()
    return len(live)
