"""Warm kernels: kernels forked from a process that has already imported what the notebooks import.

A fresh kernel spends about 1.4 s before it has run ``import pandas, matplotlib.pyplot``: the
interpreter starts, then ipykernel, pandas and matplotlib are imported, in every notebook. A warm
kernel is forked from a :mod:`~lkip_helpers.batch.kernel_zygote` process that paid those imports
once: the fork takes some 30 ms and the kernel has run those imports after about 0.4 s (its own
IPython shell is made after the fork); it shares the imported modules' memory with its siblings.

One such process serves the kernels of one interpreter and environment (variables named
``LKIP_*`` and ``JPY_*`` excepted: each kernel gets its own, as it gets its own working folder;
this package reads ``LKIP_*`` only when code runs, and the one ``JPY_*`` variable ipykernel
reads on import, ``JPY_PARENT_PID``, names the warm-kernel process, so that a kernel ends when
it is gone); it is started at the first kernel, or earlier with
:func:`prestart` (``lkip run`` starts it while it checks the data), and ends with this process.
A kernel that cannot be forked — not Linux (macOS, where forking a process that loaded
system frameworks without ``exec`` is unsafe, and Windows have no warm kernels), a kernel that is not
``ipykernel_launcher``, output that is not discarded, a ``matplotlibrc`` in the working folder,
or a warm-kernel process that failed to start — is started fresh, as jupyter_client does.
``LKIP_FRESH_KERNELS=1`` or :func:`use_fresh_kernels` (``lkip run --fresh-kernels``) starts every
kernel fresh.

:class:`ForkedKernelProcess` is what jupyter_client's local provisioner expects of its
``process``; :mod:`~lkip_helpers.batch.warm_provisioner` plugs this into jupyter_client through
its public provisioner entry point.
"""

from __future__ import annotations

import atexit
import itertools
import json
import os
import queue
import signal
import subprocess
import sys
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

__all__ = [
    "ENV_SWITCH",
    "ForkedKernelProcess",
    "KernelStartStopped",
    "WarmKernelError",
    "end_all",
    "eligible",
    "fork_kernel",
    "prestart",
    "resume",
    "stop",
    "split_command",
    "use_fresh_kernels",
    "warm_kernels_enabled",
    "zygote_count",
]

#: ``LKIP_FRESH_KERNELS=1`` starts every kernel fresh
ENV_SWITCH = "LKIP_FRESH_KERNELS"
#: variables that may differ between the kernels of one warm-kernel process
PER_KERNEL_PREFIXES: tuple[str, ...] = ("LKIP_", "JPY_")
#: seconds to wait for the warm-kernel process's imports and for each fork
READY_SECONDS = 120.0
#: seconds the warm-kernel process has to kill its kernels and end on SIGTERM before SIGKILL
KILL_GRACE_SECONDS = 2.0
_STOPPED_MESSAGE = "the run is being stopped: no new kernel is started"

_LOCK = threading.Lock()
_ZYGOTES: dict[tuple, _Zygote] = {}
_BROKEN: set[tuple] = set()
_FRESH = threading.Event()
_STOPPED = threading.Event()


class WarmKernelError(RuntimeError):
    """The warm-kernel process could not fork a kernel (the kernel is then started fresh)."""


class KernelStartStopped(WarmKernelError):
    """The run is being stopped (:func:`stop`): no kernel is forked, none is started fresh."""


def use_fresh_kernels(fresh: bool = True) -> None:
    """Start every kernel of this process fresh (``True``) or warm again (``False``)."""
    if fresh:
        _FRESH.set()
    else:
        _FRESH.clear()


def warm_kernels_enabled() -> bool:
    """True on Linux unless :func:`use_fresh_kernels` or ``LKIP_FRESH_KERNELS=1`` asked for
    fresh kernels."""
    return sys.platform.startswith("linux") and not _FRESH.is_set() and os.environ.get(ENV_SWITCH, "") in ("", "0")


class ForkedKernelProcess:
    """A forked kernel, with the part of :class:`subprocess.Popen` that jupyter_client's local
    provisioner and :mod:`~lkip_helpers.batch.kernels` use: ``pid``, ``returncode``,
    :meth:`poll`, :meth:`wait`, :meth:`send_signal`, :meth:`terminate`, :meth:`kill`.

    Its exit is reported by the warm-kernel process that forked it (its parent), so :meth:`wait`
    waits for that report, not for the process itself."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None
        self._ended = threading.Event()

    def ended_with(self, status: int) -> None:
        """Record the kernel's exit status (negative: killed by that signal)."""
        self.returncode = status
        self._ended.set()

    def poll(self) -> int | None:
        """The exit status, or ``None`` while the kernel runs."""
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        """Wait for the kernel to end; :class:`subprocess.TimeoutExpired` after ``timeout`` s."""
        if not self._ended.wait(timeout):
            raise subprocess.TimeoutExpired(f"kernel {self.pid}", timeout or 0.0)
        assert self.returncode is not None
        return self.returncode

    def send_signal(self, signum: int) -> None:
        """Send ``signum`` to the kernel unless it has ended."""
        if self.returncode is None:
            os.kill(self.pid, signum)

    def terminate(self) -> None:
        """SIGTERM the kernel."""
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        """SIGKILL the kernel."""
        self.send_signal(signal.SIGKILL)


class _Zygote:
    """One warm-kernel process and the kernels it forked."""

    def __init__(self, interpreter: Sequence[str], env: Mapping[str, str], cwd: str) -> None:
        self._process = subprocess.Popen(
            [*interpreter, "-m", "lkip_helpers.batch.kernel_zygote"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            env=dict(env), cwd=cwd,
        )
        self._children: dict[int, ForkedKernelProcess] = {}
        self._waiting: dict[int, queue.Queue[dict[str, Any]]] = {}
        self._requests = itertools.count(1)
        self._lock = threading.Lock()  # the children and the waiting requests
        self._write_lock = threading.Lock()  # one request written at a time
        self.ready = threading.Event()
        self.ended = threading.Event()
        self.failed_imports: list[str] = []
        threading.Thread(target=self._read, name="lkip-warm-kernels", daemon=True).start()

    def _read(self) -> None:
        assert self._process.stdout is not None
        try:
            for line in self._process.stdout:
                self._receive(json.loads(line))
        finally:  # also when a reply cannot be read: the process is killed, waiting forks fail
            if self._process.poll() is None:
                self._process.kill()
            self._ended()

    def _receive(self, message: dict[str, Any]) -> None:
        if "ready" in message:
            self.failed_imports = list(message.get("failed", []))
            self.ready.set()
        elif "exit" in message:
            with self._lock:
                child = self._children.pop(message["exit"], None)
            if child is not None:
                child.ended_with(int(message["status"]))
        else:
            with self._lock:
                waiting = self._waiting.pop(message.get("request", 0), None)
                child = ForkedKernelProcess(int(message["pid"])) if "pid" in message else None
                if child is not None:
                    self._children[child.pid] = child
            if waiting is not None:
                waiting.put({"process": child} if child is not None else message)
            elif child is not None:  # its request was given up (the run was stopped)
                _kill_group(child.pid)

    def _ended(self) -> None:
        """The warm-kernel process is gone: its kernels are killed (they would end on their
        own once they notice) and every waiting request fails."""
        self.ended.set()
        self._process.wait()
        with self._lock:
            children, self._children = list(self._children.values()), {}
            waiting, self._waiting = list(self._waiting.values()), {}
        for child in children:
            _kill_group(child.pid)
            child.ended_with(-signal.SIGKILL)
        for request in waiting:
            request.put({"error": "the warm-kernel process ended"})

    def fork(self, argv: Sequence[str], env: Mapping[str, str], cwd: str) -> ForkedKernelProcess:
        """A kernel forked with ``argv`` (ipykernel_launcher's arguments), ``env`` and ``cwd``."""
        reply: queue.Queue[dict[str, Any]] = queue.Queue(maxsize=1)
        with self._lock:
            if self.ended.is_set():
                raise WarmKernelError("the warm-kernel process ended")
            number = next(self._requests)
            self._waiting[number] = reply
        request = json.dumps({"request": number, "argv": list(argv), "env": dict(env), "cwd": cwd}) + "\n"
        assert self._process.stdin is not None
        try:
            with self._write_lock:  # not under self._lock: the reader may need it meanwhile
                self._process.stdin.write(request.encode())
                self._process.stdin.flush()
        except (OSError, ValueError) as error:  # ValueError: the pipe was closed
            with self._lock:
                self._waiting.pop(number, None)
            raise WarmKernelError(f"the warm-kernel process cannot be reached: {error}") from error
        try:
            answer = reply.get(timeout=READY_SECONDS)
        except queue.Empty:
            raise WarmKernelError("the warm-kernel process did not answer") from None
        finally:
            with self._lock:
                self._waiting.pop(number, None)
        if answer.get("process") is None:
            raise WarmKernelError(str(answer.get("error", answer)))
        return answer["process"]

    def kill(self) -> None:
        """End the warm-kernel process and the kernels it forked now (also one being forked:
        SIGTERM makes the process kill all of its kernels); waiting requests fail."""
        with self._lock:
            children = list(self._children)
        for pid in children:
            _kill_group(pid)
        if self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=KILL_GRACE_SECONDS)
            except subprocess.TimeoutExpired:
                self._process.kill()


def _kill_group(pid: int) -> None:
    """SIGKILL the process group a forked kernel leads."""
    try:
        os.killpg(pid, signal.SIGKILL)
    except OSError:
        pass


def _key(interpreter: Sequence[str], env: Mapping[str, str]) -> tuple:
    """Kernels of one interpreter whose environments differ only in per-kernel variables share
    a warm-kernel process (the working folder is each kernel's own: nothing reads it on import
    but ``matplotlibrc``, see :func:`eligible`)."""
    shared = tuple(sorted((k, v) for k, v in env.items() if not k.startswith(PER_KERNEL_PREFIXES)))
    return (tuple(interpreter), shared)


def _zygote(interpreter: Sequence[str], env: Mapping[str, str], cwd: str) -> _Zygote | None:
    key = _key(interpreter, env)
    with _LOCK:
        if _STOPPED.is_set():
            raise KernelStartStopped(_STOPPED_MESSAGE)
        if key in _BROKEN:
            return None
        zygote = _ZYGOTES.get(key)
        if zygote is None or zygote.ended.is_set():
            try:
                zygote = _Zygote(interpreter, env, cwd)
            except OSError:
                _BROKEN.add(key)
                return None
            _ZYGOTES[key] = zygote
        return zygote


def split_command(cmd: Sequence[str]) -> tuple[tuple[str, ...], list[str]] | None:
    """``(interpreter, arguments)`` of a kernel command ``python [options] -m ipykernel_launcher
    arguments...``: the interpreter with its options, and ipykernel_launcher's arguments;
    ``None`` for any other command."""
    for i in range(1, len(cmd) - 1):
        if cmd[i] == "-m":
            if cmd[i + 1] != "ipykernel_launcher" or not all(o.startswith("-X") or o in ("-E", "-s", "-B") for o in cmd[1:i]):
                return None
            return tuple(cmd[:i]), list(cmd[i + 2:])
    return None


def eligible(cmd: Sequence[str], kwargs: Mapping[str, Any]) -> bool:
    """Whether the kernel of ``cmd`` (a kernelspec's command) and jupyter_client's launch
    arguments can be forked: ``python -m ipykernel_launcher``, output discarded, an environment
    given, no ``matplotlibrc`` in the working folder (matplotlib reads it when imported)."""
    if not warm_kernels_enabled() or split_command(cmd) is None:
        return False
    if kwargs.get("stdout") != subprocess.DEVNULL or kwargs.get("stderr") != subprocess.DEVNULL:
        return False
    if kwargs.get("env") is None:
        return False
    cwd = Path(kwargs.get("cwd") or os.getcwd())
    return not (cwd / "matplotlibrc").exists()


def fork_kernel(cmd: Sequence[str], env: Mapping[str, str], cwd: str | None) -> ForkedKernelProcess | None:
    """Fork the kernel of ``cmd`` with ``env`` in ``cwd``; ``None`` when it must be started fresh
    (the warm-kernel process failed: it is not tried again for these kernels)."""
    split = split_command(cmd)
    if split is None:
        return None
    interpreter, arguments = split
    folder = str(cwd or os.getcwd())
    zygote = _zygote(interpreter, env, folder)
    if zygote is None:
        return None
    try:
        return zygote.fork(arguments, env, folder)
    except WarmKernelError:
        if _STOPPED.is_set():
            raise KernelStartStopped(_STOPPED_MESSAGE) from None
        with _LOCK:
            _BROKEN.add(_key(interpreter, env))
        return None


def prestart(cmd: Sequence[str], env: Mapping[str, str], cwd: str | Path) -> None:
    """Start the warm-kernel process of the kernels of ``cmd`` (a kernelspec's command) now, so
    its imports run while this process does other work (nothing happens when kernels are started
    fresh or ``cmd`` cannot be forked)."""
    split = split_command(cmd)
    if warm_kernels_enabled() and split is not None and not _STOPPED.is_set():
        _zygote(split[0], env, str(cwd))


def stop() -> None:
    """For an interrupted run: no kernel is forked from now on, kernels waiting to be forked
    fail at once with :class:`KernelStartStopped`, and the warm-kernel processes end now (with
    the kernels they forked). :func:`resume` lifts this for the next run."""
    _STOPPED.set()
    end_all()


def resume() -> None:
    """Fork kernels again (a new run in the same process)."""
    _STOPPED.clear()


def zygote_count() -> int:
    """How many warm-kernel processes this process has started and not seen end."""
    with _LOCK:
        return sum(not z.ended.is_set() for z in _ZYGOTES.values())


def end_all() -> None:
    """End every warm-kernel process of this process and the kernels they forked that are still
    alive (at exit: no kernel outlives the command)."""
    with _LOCK:
        zygotes = list(_ZYGOTES.values())
        _ZYGOTES.clear()
    for zygote in zygotes:
        zygote.kill()


atexit.register(end_all)
