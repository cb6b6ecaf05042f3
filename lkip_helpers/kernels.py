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

import subprocess
import threading
from typing import Any

from jupyter_client.manager import AsyncKernelManager

__all__ = ["QuietKernelManager", "deadline_expired", "deadline_manager", "kill_all_kernels"]

_LIVE: set[QuietKernelManager] = set()
_EXPIRED: set[str] = set()
_LOCK = threading.Lock()


class QuietKernelManager(AsyncKernelManager):
    """:class:`AsyncKernelManager` whose kernel process writes its stdout/stderr nowhere."""

    #: seconds the kernel may live before it is killed (``None``: no limit); set by :func:`deadline_manager`
    deadline: float | None = None
    #: name of the run, recorded in :func:`deadline_expired` when the deadline kills the kernel
    run_key: str = ""

    async def _async_start_kernel(self, **kw: Any) -> None:  # type: ignore[override]
        kw.setdefault("stdout", subprocess.DEVNULL)
        kw.setdefault("stderr", subprocess.DEVNULL)
        await super()._async_start_kernel(**kw)
        with _LOCK:
            _LIVE.add(self)
        if self.deadline is not None:
            timer = threading.Timer(self.deadline, self._expire)
            timer.daemon = True
            timer.start()
            self._deadline_timer = timer

    start_kernel = _async_start_kernel  # type: ignore[assignment]

    def _kill_process(self) -> None:
        process = getattr(self.provisioner, "process", None)
        if process is not None and process.poll() is None:
            process.kill()

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
