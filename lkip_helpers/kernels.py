"""A kernel manager that keeps the kernel's own log lines off the terminal.

ipykernel logs start-up notices (e.g. about TCP transport) and shutdown messages to the kernel
process's stderr, which would interleave with the batch command's progress bar. Notebook output
(including warnings and errors raised in cells) travels over the kernel's messaging channels and is
unaffected.
"""

from __future__ import annotations

import subprocess
from typing import Any

from jupyter_client.manager import AsyncKernelManager

__all__ = ["QuietKernelManager"]


class QuietKernelManager(AsyncKernelManager):
    """:class:`AsyncKernelManager` whose kernel process writes its stdout/stderr nowhere."""

    async def _async_start_kernel(self, **kw: Any) -> None:  # type: ignore[override]
        kw.setdefault("stdout", subprocess.DEVNULL)
        kw.setdefault("stderr", subprocess.DEVNULL)
        await super()._async_start_kernel(**kw)

    start_kernel = _async_start_kernel  # type: ignore[assignment]
