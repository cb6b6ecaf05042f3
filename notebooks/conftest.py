"""nbval's run over the notebooks (``make test``, second command).

Two test workers start kernels at the same moment; jupyter_client picks each kernel's ports by
binding and releasing them, so the other worker's kernel can take one before this kernel binds
it, and the kernel dies before replying to its first request (nothing has run). ``lkip run``
and the pytest executions start such a kernel again; nbval does not, so its public kernel-start
function is wrapped here with the same bounded retry
(:func:`lkip_helpers.batch.execution.retrying_kernel_start`).
"""

import nbval.kernel

from lkip_helpers.batch.execution import retrying_kernel_start

nbval.kernel.start_new_kernel = retrying_kernel_start(nbval.kernel.start_new_kernel)
