"""Start notebook kernels by forking a process that has already imported the suite's modules.

Every notebook of a batch run needs a fresh kernel, and every fresh kernel spends about 1.5 s
importing pandas, seaborn (which pulls in scipy.stats), statsmodels and this package before its
first cell does any work. A batch run of eleven notebooks pays that eleven times. The fork
server pays it once: it is a small Python process that imports those modules and then waits;
for each kernel it forks a child, which becomes an ordinary ipykernel (``ipykernel_launcher -f
<connection file>``) with the requested environment and working directory. The child shares the
imported modules with the server (copy-on-write) and starts in a few milliseconds.

What stays the same for a notebook: a fresh kernel process per notebook (its own namespace,
session and process group), the kernel's environment, working directory, connection file,
``sys.path`` and ``sys.argv``, the inline matplotlib backend, fresh random state, a kernel that
stops when its parent does, and the end of an interpreter (joined threads, atexit handlers, the
notebook's objects released so that unclosed files are flushed). What differs: modules are
already in ``sys.modules`` when the first cell runs (importing them again is free); the server's
string-hash seed is shared by its kernels (set iteration order is the same in all of them; it
still changes from run to run); BLAS and OpenMP run one thread per kernel whatever
``OPENBLAS_NUM_THREADS``/``OMP_NUM_THREADS`` say (the runner already runs kernels in parallel).

:class:`ForkServer` is used by :mod:`lkip_helpers.batch.kernels` when the batch runner enables it
(``lkip run`` does unless ``--fresh-kernels`` is given); any problem starting or reaching the
server falls back to launching kernels the usual way. ``$LKIP_FORK_SERVER_PRELOAD``
(comma-separated module names) replaces the :data:`PRELOAD` list.

Run as ``python -m lkip_helpers.batch.forkserver`` it is the server itself: it imports the modules
named in ``$LKIP_FORK_SERVER_PRELOAD`` (default :data:`PRELOAD`), says ``ready``, then reads
requests as JSON lines on stdin (``{"id": N, "args": [...], "env": {...}, "cwd": "..."}``),
answering each with ``{"id": N, "pid": P}`` on stdout; end of input stops it. Forked kernels
share its command line, so ``ps`` lists them as ``python -m lkip_helpers.batch.forkserver`` too.
"""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from typing import Any

__all__ = ["PRELOAD", "ForkServer", "ForkedProcess", "kernel_args", "supported"]

#: modules the server imports before forking kernels (missing ones are skipped)
PRELOAD: tuple[str, ...] = (
    "numpy",
    "pandas",
    "scipy.stats",
    "matplotlib.pyplot",
    "seaborn",
    "statsmodels.api",
    "statsmodels.tsa.holtwinters",
    "IPython",
    "ipykernel.kernelapp",
    "lkip_helpers.notebook.startup",
    "lkip_helpers.notebook.figures",
    "lkip_helpers.reports.scorecard",
    "lkip_helpers.reports.iku_efficiency",
    "lkip_helpers.reports.narrative",
    "lkip_helpers.reports.coverage",
    "lkip_helpers.reports.ikm_views",
    "lkip_helpers.forecasting",
    "lkip_helpers.benchmarks",
    "lkip_helpers.reports.unit_performance",
    "lkip_helpers.audit",
    "lkip_helpers.primer.teaching",
    "lkip_helpers.primer.exercises",
    "lkip_helpers.primer.sakip_diagram",
)

_INLINE_BACKEND = "module://matplotlib_inline.backend_inline"
_PRELOAD_VARIABLE = "LKIP_FORK_SERVER_PRELOAD"
_LAUNCHER = ("-m", "ipykernel_launcher")


def supported() -> bool:
    """Whether kernels can be forked here: Linux only (no ``fork`` on Windows; on macOS, forking
    a process that has loaded system frameworks is unsafe, which is why Python itself stopped
    forking there by default)."""
    return sys.platform.startswith("linux") and hasattr(os, "fork")


def kernel_args(cmd: Sequence[str]) -> list[str] | None:
    """The ipykernel arguments of a kernel command ``[python, -m, ipykernel_launcher, ...]``,
    or ``None`` when the command starts something else (which the server cannot fork).

    ``-X`` interpreter options before ``-m`` are accepted and not applied: ipykernel's
    kernelspec adds ``-Xfrozen_modules=off``, which only matters for stepping into the standard
    library with a debugger.
    """
    for i in range(1, len(cmd) - 1):
        if tuple(cmd[i : i + 2]) == _LAUNCHER:
            if all(opt.startswith("-X") for opt in cmd[1:i]):
                return list(cmd[i + 2 :])
            return None
    return None


class ForkedProcess:
    """The part of :class:`subprocess.Popen` that jupyter_client's provisioner uses, for a
    kernel forked by the server (a child of the server, not of this process). Thread-safe: the
    notebook's event loop, a time-limit timer and an interrupted run may poll or kill it at once.

    Its exit code cannot be collected here; ``returncode`` is ``-SIGKILL`` when this object
    killed it and 0 otherwise.
    """

    stdin = stdout = stderr = None

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None
        self._killed = False
        self._lock = threading.RLock()
        try:
            self._pidfd: int | None = os.pidfd_open(pid)
        except (AttributeError, OSError):  # no pidfd (old kernel) or already gone
            self._pidfd = None

    def _alive(self) -> bool:
        if self._pidfd is not None:
            readable, _, _ = select.select([self._pidfd], [], [], 0)
            return not readable
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:  # pragma: no cover - pid reused by another user's process
            return False
        return True

    def poll(self) -> int | None:
        with self._lock:
            if self.returncode is None and not self._alive():
                self.returncode = -signal.SIGKILL if self._killed else 0
                if self._pidfd is not None:
                    os.close(self._pidfd)
                    self._pidfd = None
            return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(str(self.pid), timeout or 0)
            time.sleep(0.02)
        return self.returncode  # type: ignore[return-value]

    def send_signal(self, signum: int) -> None:
        with self._lock:
            if self.poll() is not None:
                return
            if self._pidfd is not None and hasattr(signal, "pidfd_send_signal"):
                signal.pidfd_send_signal(self._pidfd, signum)  # never a reused pid
            else:
                os.kill(self.pid, signum)

    def kill(self) -> None:
        self._killed = True
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


class ForkServer:
    """A running fork server (see the module docstring); thread-safe.

    Args:
        python: interpreter of the kernels (the server must import the same modules they would).
        preload: modules to import before forking.
    """

    #: seconds to wait for the server's imports (then kernels start the usual way)
    start_timeout: float = 60.0
    #: seconds to wait for the answer to one launch request
    reply_timeout: float = 10.0

    def __init__(self, python: str = sys.executable, preload: Sequence[str] | None = None) -> None:
        if preload is None:
            configured = os.environ.get(_PRELOAD_VARIABLE)
            preload = PRELOAD if configured is None else [m for m in configured.split(",") if m]
        self.python = python
        self._lock = threading.Lock()
        self._closed = threading.Event()
        self._ready = False
        self._buffer = b""
        self._last_id = 0
        # the module list travels in the environment, so that ``ps`` shows the server (and the
        # kernels forked from it, which share its command line) as ``python -m lkip_helpers.batch.forkserver``
        env = {**os.environ, _PRELOAD_VARIABLE: ",".join(preload)}
        self._proc: subprocess.Popen[bytes] | None = subprocess.Popen(
            [python, "-m", "lkip_helpers.batch.forkserver"],
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            bufsize=0,
            start_new_session=True,
        )

    @property
    def alive(self) -> bool:
        proc = self._proc
        return not self._closed.is_set() and proc is not None and proc.poll() is None

    def launch(self, args: Sequence[str], env: dict[str, str], cwd: str | None) -> ForkedProcess:
        """Fork a kernel running ``ipykernel_launcher args``; returns its process handle.

        A server that does not start in :attr:`start_timeout`, does not answer in
        :attr:`reply_timeout` or answers anything but the pid for this very request is closed:
        its answers could no longer be matched to kernels. (A kernel it forked late stops with it.)

        Raises:
            OSError: the server is not running, or was closed for one of the reasons above.
        """
        with self._lock:
            proc = self._proc
            if not self.alive or proc is None or proc.stdin is None or proc.stdout is None:
                raise OSError("the kernel fork server is not running")
            if not self._ready:
                if self._read_line(proc, self.start_timeout) != b"ready":
                    self.close()
                    self._close_pipes(proc)
                    raise OSError("the kernel fork server did not start")
                self._ready = True
            self._last_id += 1
            ident = self._last_id
            request = json.dumps({"id": ident, "args": list(args), "env": dict(env), "cwd": cwd}).encode() + b"\n"
            try:
                proc.stdin.write(request)
                proc.stdin.flush()
                reply = self._read_line(proc, self.reply_timeout)
            except (OSError, ValueError) as exc:
                self.close()
                self._close_pipes(proc)
                raise OSError(f"the kernel fork server stopped: {exc}") from exc
            try:
                answer = json.loads(reply)
                pid = int(answer["pid"]) if answer.get("id") == ident else None
            except (ValueError, KeyError, TypeError, AttributeError):
                pid = None
            if pid is None:
                self.close()
                self._close_pipes(proc)
                raise OSError(f"the kernel fork server answered {reply!r} to request {ident}")
        return ForkedProcess(pid)

    def _read_line(self, proc: subprocess.Popen[bytes], timeout: float) -> bytes:
        """One line from the server, without its newline; ``b""`` on end of output or timeout."""
        assert proc.stdout is not None
        fd = proc.stdout.fileno()
        deadline = time.monotonic() + timeout
        while b"\n" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                return b""
            chunk = os.read(fd, 4096)
            if not chunk:
                return b""
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        return line.strip()

    def _close_pipes(self, proc: subprocess.Popen[bytes]) -> None:
        for pipe in (proc.stdin, proc.stdout):
            if pipe is not None:
                try:
                    pipe.close()
                except OSError:
                    pass

    def close(self) -> None:
        """Stop the server at once (it holds no state); a launch waiting for it gives up.

        Kernels forked from it that are still running stop within about a second (ipykernel
        exits when its parent goes). Does not wait for a launch in progress, so an interrupted
        run is not held up by a server that is still importing.
        """
        self._closed.set()
        proc, self._proc = self._proc, None
        if proc is None:
            return
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        if self._lock.acquire(blocking=False):  # no launch is reading the pipes
            try:
                self._close_pipes(proc)
            finally:
                self._lock.release()


# --- the server process -------------------------------------------------------------------------


def _end_kernel(code: int) -> None:  # pragma: no cover - runs in forked children
    """End a forked kernel the way an interpreter ends — non-daemon threads joined, atexit
    handlers run (IPython's releases the notebook's objects, so their ``__del__`` runs), every
    file the kernel opened flushed — without tearing down every module the server imported,
    which takes 0.3 s with pandas, scipy and statsmodels loaded and shows nothing to a notebook.

    Where this interpreter lacks the hooks used here, the child exits normally (``SystemExit``).
    """
    import atexit
    import threading

    join_threads = getattr(threading, "_shutdown", None)
    run_exit_functions = getattr(atexit, "_run_exitfuncs", None)
    if join_threads is None or run_exit_functions is None:
        raise SystemExit(code)
    try:
        join_threads()
        run_exit_functions()  # IPython's own handler releases the notebook's namespace
        _flush_open_files()
    finally:
        os._exit(code)


def _flush_open_files() -> None:  # pragma: no cover - runs in forked children
    """Flush every file object the kernel opened (a fresh interpreter flushes them when it tears
    its modules down). The server's objects are frozen out of the garbage collector, so
    ``gc.get_objects()`` lists only the kernel's own; ipykernel's output streams are left alone
    (their channel is closed by now)."""
    import gc
    import io

    for obj in gc.get_objects():
        if isinstance(obj, io.IOBase) and not type(obj).__module__.startswith("ipykernel"):
            try:
                if not obj.closed:
                    obj.flush()
            except Exception:
                pass
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            pass


def _forget_server_exit_handlers() -> None:  # pragma: no cover - runs in forked children
    """Drop the exit handlers the server's imports registered: they belong to the server (e.g.
    matplotlib deletes the temporary config folder it made when it cannot write its own; the
    first kernel to end would delete it for all). Handlers every process needs are registered
    again (logging's flush, matplotlib's figure clean-up), and the server's ``weakref.finalize``
    objects no longer run at exit while the kernel's own still do."""
    import atexit
    import weakref

    clear = getattr(atexit, "_clear", None)
    if clear is None:
        return
    clear()
    for finalizer in list(getattr(weakref.finalize, "_registry", {})):
        finalizer.atexit = False
    if "logging" in sys.modules:
        atexit.register(sys.modules["logging"].shutdown)
    if "matplotlib._pylab_helpers" in sys.modules:
        atexit.register(sys.modules["matplotlib._pylab_helpers"].Gcf.destroy_all)
    if getattr(weakref.finalize, "_registered_with_atexit", False):
        atexit.register(weakref.finalize._exitfunc)


def _become_kernel(request: dict[str, Any]) -> int:  # pragma: no cover - runs in forked children
    """In a forked child: run ``python -m ipykernel_launcher <args>``; returns its exit code
    (the caller ends the child with :func:`_end_kernel`)."""
    os.setsid()
    server_pid = os.getppid()
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    if devnull > 2:
        os.close(devnull)
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    _forget_server_exit_handlers()
    try:
        if request.get("cwd"):
            os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        os.environ["JPY_PARENT_PID"] = str(server_pid)
        if "numpy" in sys.modules:
            sys.modules["numpy"].random.seed()
        if "matplotlib" in sys.modules:
            sys.modules["matplotlib"].rcParams["backend"] = os.environ.get("MPLBACKEND", _INLINE_BACKEND)
        # ipykernel read JPY_PARENT_PID when the server imported it; the option makes the kernel
        # watch its parent (this server) and stop when it goes, as a fresh kernel watches its own
        sys.argv = [_launcher_path(), *request["args"], f"--IPKernelApp.parent_handle={server_pid}"]
        from ipykernel import kernelapp

        kernelapp.launch_new_instance()
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 0
    except BaseException:
        import traceback

        traceback.print_exc()
        return 1
    return 0


def _launcher_path() -> str:  # pragma: no cover - runs in forked children
    """What ``sys.argv[0]`` is in a kernel started as ``python -m ipykernel_launcher``."""
    import importlib.util

    spec = importlib.util.find_spec("ipykernel_launcher")
    return spec.origin if spec is not None and spec.origin else "ipykernel_launcher"


def _serve(preload: Sequence[str]) -> int:  # pragma: no cover - runs in the server process
    import importlib
    from pathlib import Path

    # like ipykernel_launcher: the folder we were started from is not an import location (the
    # kernel's shell adds its own working folder back)
    if sys.path and (sys.path[0] == "" or Path(sys.path[0]) == Path.cwd()):
        del sys.path[0]
    os.environ.setdefault("MPLBACKEND", _INLINE_BACKEND)
    # no BLAS/OpenMP thread pools in the server: fork copies only the forking thread
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(name, "1")
    for name in preload:
        try:
            importlib.import_module(name)
        except Exception:  # a missing optional module only makes its kernels import it themselves
            pass
    import gc

    # what the server imported is never collected: leave it out of every kernel's garbage
    # collections (faster, and the shared memory pages stay shared)
    gc.collect()
    gc.freeze()
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # forked kernels are reaped automatically
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C goes to the runner, which closes us
    out = sys.stdout.buffer
    out.write(b"ready\n")
    out.flush()
    for line in sys.stdin.buffer:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            _end_kernel(_become_kernel(request))
        out.write(json.dumps({"id": request.get("id"), "pid": pid}).encode() + b"\n")
        out.flush()
    return 0


if __name__ == "__main__":  # pragma: no cover
    _modules = os.environ.pop(_PRELOAD_VARIABLE, None)
    sys.exit(_serve(PRELOAD if _modules is None else [m for m in _modules.split(",") if m]))
