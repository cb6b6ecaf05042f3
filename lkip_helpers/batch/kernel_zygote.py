"""The warm-kernel process: it imports what the notebooks import once, then forks a kernel per request.

Started by :mod:`lkip_helpers.batch.warm_kernels` as ``python -m lkip_helpers.batch.kernel_zygote``
with the environment and working folder of the kernels it will fork. It imports
:data:`PRELOAD` (pandas, matplotlib, IPython, ipykernel, the suite's start-up), says it is ready,
and then serves one request per line on its standard input: a JSON object with the kernel's
``argv`` (the arguments of ``ipykernel_launcher``), ``env``, ``cwd`` and a ``request`` number. For each it forks a child
that becomes the kernel — its own session and process group (before the pid is answered),
standard streams on ``/dev/null``, the requested environment and folder — and answers ``{"request": R, "pid": N}`` on its standard
output (or ``{"request": R, "error": "..."}``). When a child ends it reports ``{"exit": N, "status": S}`` (``S`` is the
child's exit code, or minus the signal that killed it).

This process starts no thread of its own: BLAS libraries are limited to one thread before numpy
is imported (:data:`SINGLE_THREADED`), so that forking copies a single-threaded process. It
ignores SIGINT (a terminal's Ctrl-C reaches the command, which stops the run) and ends when its
standard input closes — the command ended or was killed — or on SIGTERM, after killing the
kernels it forked that are still alive, so no kernel outlives its run.

Only public API is used: :func:`os.fork`, :func:`signal.set_wakeup_fd` and ipykernel's
``kernelapp.launch_new_instance``, the function ``python -m ipykernel_launcher`` calls.
"""

from __future__ import annotations

import importlib
import json
import os
import select
import signal
import sys
import traceback
from collections.abc import Iterable
from typing import Any, NoReturn

__all__ = ["PRELOAD", "SINGLE_THREADED", "INLINE_BACKEND", "main"]

#: modules every notebook of the suite imports (a module that fails to import is left to the kernel)
PRELOAD: tuple[str, ...] = (
    "numpy",
    "pandas",
    "matplotlib",
    "matplotlib.pyplot",
    "IPython",
    "IPython.display",
    "ipykernel.kernelapp",
    "ipykernel.ipkernel",
    "lkip_helpers.notebook.startup",
    "lkip_helpers.notebook.figures",
    "lkip_helpers.notebook.tables",
    "lkip_helpers.data.dataset",
    "lkip_helpers.measurement",
    "lkip_helpers.reports",
    "lkip_helpers.reports.scorecard",
    "lkip_helpers.reports.budget_efficiency",
    "lkip_helpers.reports.coverage",
    "lkip_helpers.notebook.figure_layout",
    "lkip_helpers.notebook.html_tables",
)
#: set before numpy is imported: one BLAS thread, so the process forks single-threaded
SINGLE_THREADED: dict[str, str] = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
#: the backend ipykernel sets for matplotlib when none is set (``IPKernelApp.init_gui_pylab``);
#: set here before matplotlib is imported, as a fresh kernel has it
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"

_BUFFER = 65536


def _prepare() -> None:
    """Set what must be set before the imports: one BLAS thread, the kernel's matplotlib backend,
    this process as the kernels' parent (ipykernel reads ``JPY_PARENT_PID`` when it is imported:
    a kernel ends when this process is gone), and no working folder on ``sys.path`` (as
    ``ipykernel_launcher``; the kernel puts its own back)."""
    os.environ.update(SINGLE_THREADED)
    os.environ.setdefault("MPLBACKEND", INLINE_BACKEND)
    os.environ["JPY_PARENT_PID"] = str(os.getpid())
    if sys.path and sys.path[0] in ("", os.getcwd()):
        del sys.path[0]


def _preload(modules: Iterable[str]) -> list[str]:
    """Import ``modules``; return those that failed (the kernel will import them itself)."""
    failed = []
    for name in modules:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - a module that cannot be preloaded is not fatal
            failed.append(name)
    return failed


def _write(fd: int, message: dict[str, Any]) -> None:
    os.write(fd, (json.dumps(message) + "\n").encode())


def _run_kernel(request: dict[str, Any], keep: set[int], started: int) -> NoReturn:
    """In the forked child: lead a session of its own (then say so on ``started``), become the
    kernel of ``request`` and exit with its exit code.

    The rest is set as a fresh interpreter has it: default signal handlers (SIGPIPE ignored, as
    Python ignores it), numpy's global random state seeded anew, the request's environment,
    folder and arguments; ``matplotlib_inline`` is imported by the kernel itself (not
    preloaded), so that it sets the inline backend up as in a fresh kernel."""
    code: int | str | None = 1
    try:
        os.setsid()  # before the pid is answered: the kernel's process group can be killed at once
        os.write(started, b"1")
        os.close(started)
        signal.set_wakeup_fd(-1)
        for signum in (signal.SIGCHLD, signal.SIGTERM):
            signal.signal(signum, signal.SIG_DFL)
        signal.signal(signal.SIGPIPE, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        devnull = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(devnull, fd)
        for fd in keep | ({devnull} - {0, 1, 2}):
            os.close(fd)
        if "numpy" in sys.modules:
            sys.modules["numpy"].random.seed()  # each kernel its own unseeded random state
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        argv = list(request["argv"])
        sys.argv = ["ipykernel_launcher", *argv]
        from ipykernel import kernelapp

        kernelapp.launch_new_instance(argv=argv)
        code = 0
    except SystemExit as stop:
        code = stop.code
    except BaseException:  # noqa: BLE001 - the kernel failed: its stderr is /dev/null, exit 1
        traceback.print_exc()
        code = 1
    sys.exit(code)


def _reap(replies: int, children: set[int]) -> None:
    """Report every child that has ended."""
    while children:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        children.discard(pid)
        _write(replies, {"exit": pid, "status": os.waitstatus_to_exitcode(status)})


def _fork(request: dict[str, Any], keep: set[int]) -> int:
    """Fork the kernel of ``request``; return its pid once it leads its own process group."""
    if not os.path.isdir(request["cwd"]):
        raise FileNotFoundError(f"no such folder: {request['cwd']}")
    started_read, started_write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(started_read)
        _run_kernel(request, keep, started_write)
    os.close(started_write)
    try:
        os.read(started_read, 1)  # end of file if the child died first: its exit is reported
    finally:
        os.close(started_read)
    return pid


def _kill_children(children: set[int]) -> None:
    for pid in children:
        try:
            os.killpg(pid, signal.SIGKILL)
        except OSError:
            pass


def _serve(requests: int, replies: int, wakeup: int, keep: set[int], stopping: list[int]) -> None:
    """Answer requests until standard input closes or SIGTERM arrives (``stopping`` is not empty);
    ``keep``: this process's descriptors, which a kernel closes."""
    children: set[int] = set()
    pending = b""
    while True:
        if stopping:
            _kill_children(children)
            return
        ready, _, _ = select.select([requests, wakeup], [], [])
        if wakeup in ready:
            os.read(wakeup, _BUFFER)
            _reap(replies, children)
        if requests not in ready:
            continue
        chunk = os.read(requests, _BUFFER)
        if not chunk:
            _kill_children(children)
            return
        pending += chunk
        *lines, pending = pending.split(b"\n")
        for line in lines:
            request = json.loads(line)
            try:
                pid = _fork(request, keep)
            except Exception as error:  # noqa: BLE001 - answered, the command falls back
                _write(replies, {"request": request.get("request"), "error": f"{type(error).__name__}: {error}"})
                continue
            children.add(pid)
            _write(replies, {"request": request.get("request"), "pid": pid})
        _reap(replies, children)


def main() -> None:
    """Preload, say ready (with the modules that failed to import), serve."""
    requests, replies = os.dup(0), os.dup(1)
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 0)
    os.dup2(devnull, 1)  # what the imports print does not reach the replies
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _prepare()
    failed = _preload(PRELOAD)
    wakeup_read, wakeup_write = os.pipe()
    os.set_blocking(wakeup_write, False)
    signal.set_wakeup_fd(wakeup_write)
    signal.signal(signal.SIGCHLD, lambda signum, frame: None)
    stopping: list[int] = []  # SIGTERM (until here it ends this process at once: no kernel yet)
    signal.signal(signal.SIGTERM, lambda signum, frame: stopping.append(signum))
    _write(replies, {"ready": os.getpid(), "failed": failed})
    _serve(requests, replies, wakeup_read, {requests, replies, wakeup_read, wakeup_write, devnull}, stopping)


if __name__ == "__main__":
    main()
