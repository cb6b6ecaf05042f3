"""Warm kernels in jupyter_client: a kernel provisioner and the kernel specs that name it.

jupyter_client starts a kernel through the provisioner its kernel spec names (``metadata`` →
``kernel_provisioner``), looked up among the ``jupyter_client.kernel_provisioners`` entry points;
this package registers :class:`WarmKernelProvisioner` there as :data:`PROVISIONER_NAME`
(``pyproject.toml``). The provisioner is jupyter_client's local one whose ``launch_kernel`` forks
the kernel from a warm-kernel process (:mod:`~lkip_helpers.batch.warm_kernels`) when it can, and
otherwise launches it as the local provisioner does.

:class:`WarmKernelSpecManager` hands out the installed kernel specs with that provisioner named
when the kernel is ipykernel's and warm kernels are enabled; the batch kernel managers
(:class:`~lkip_helpers.batch.kernels.QuietKernelManager`) use it, so ``lkip run`` and the test
suite's executions get warm kernels and other Jupyter programs are unaffected.
"""

from __future__ import annotations

import functools
import os
import pathlib
from importlib.metadata import entry_points
from typing import Any

from jupyter_client.connect import KernelConnectionInfo
from jupyter_client.kernelspec import KernelSpec, KernelSpecManager, NoSuchKernel
from jupyter_client.provisioning import LocalProvisioner

from . import warm_kernels

__all__ = [
    "PROVISIONER_NAME",
    "WarmKernelProvisioner",
    "WarmKernelSpecManager",
    "prestart_kernels",
    "provisioner_registered",
]

#: the name under which ``pyproject.toml`` registers :class:`WarmKernelProvisioner`
PROVISIONER_NAME = "lkip-warm-kernel"
_GROUP = "jupyter_client.kernel_provisioners"


@functools.lru_cache(maxsize=1)
def provisioner_registered() -> bool:
    """True when :data:`PROVISIONER_NAME` is an installed entry point (the package is installed)."""
    return any(ep.name == PROVISIONER_NAME for ep in entry_points(group=_GROUP))


class WarmKernelProvisioner(LocalProvisioner):
    """jupyter_client's local provisioner, forking the kernel from a warm-kernel process."""

    async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> KernelConnectionInfo:
        """Fork the kernel when :func:`~lkip_helpers.batch.warm_kernels.eligible`, else launch
        it as :class:`LocalProvisioner` does."""
        if warm_kernels.eligible(cmd, kwargs):
            cwd = kwargs.get("cwd")
            # blocks this loop (it has nothing else to do meanwhile); an interrupted run ends the wait
            process = warm_kernels.fork_kernel(cmd, kwargs["env"], cwd)
            if process is not None:
                self.process = process
                self.pid = self.pgid = process.pid  # the kernel leads its own process group
                self.cwd = cwd or pathlib.Path.cwd()
                return self.connection_info
        return await super().launch_kernel(cmd, **kwargs)


class WarmKernelSpecManager(KernelSpecManager):
    """Kernel specs of ipykernel kernels with :class:`WarmKernelProvisioner` named."""

    def get_kernel_spec(self, kernel_name: str) -> KernelSpec:
        """The installed spec, naming the warm provisioner when warm kernels are enabled, the
        kernel is ``python -m ipykernel_launcher`` and the spec names no provisioner itself."""
        spec = super().get_kernel_spec(kernel_name)
        metadata = dict(spec.metadata or {})
        if (
            warm_kernels.warm_kernels_enabled()
            and warm_kernels.split_command(spec.argv) is not None
            and "kernel_provisioner" not in metadata
            and provisioner_registered()
        ):
            metadata["kernel_provisioner"] = {"provisioner_name": PROVISIONER_NAME}
            spec.metadata = metadata
        return spec


def prestart_kernels(kernel_name: str, cwd: str | pathlib.Path) -> bool:
    """Start the warm-kernel process for the kernels ``kernel_name`` will get in ``cwd`` with this
    process's environment, so that its imports overlap this process's own work; True when one
    was started (False: fresh kernels, an unknown kernel, or not ipykernel)."""
    try:
        spec = WarmKernelSpecManager().get_kernel_spec(kernel_name)
    except NoSuchKernel:
        return False
    provisioner = (spec.metadata or {}).get("kernel_provisioner", {})
    if provisioner.get("provisioner_name") != PROVISIONER_NAME:
        return False
    warm_kernels.prestart(spec.argv, os.environ, cwd)
    return True
