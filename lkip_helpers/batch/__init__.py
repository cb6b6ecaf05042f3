"""The ``lkip`` command: plan the suite, execute notebooks with papermill, publish the reports.

Modules: :mod:`.cli` (the command line), :mod:`.suite` (which notebooks run with which
parameters), :mod:`.runner` (the orchestrator of one report), :mod:`.schedule` (worker pool,
order, progress, interruption), :mod:`.execution` (one notebook with papermill, and its HTML),
:mod:`.engine` (the papermill engine), :mod:`.kernels` (kernel managers: quiet, time-limited, with
the run's environment), :mod:`.manifest`, :mod:`.publish` (staging folder, index, atomic
publication), :mod:`.lock` (one run at a time per report) and :mod:`.results`.

Names are imported from their module on first use, so that importing the layer stays cheap.
"""

from __future__ import annotations

from lkip_helpers import lazy_exports

_EXPORTS = {
    "main": "cli",
}

__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
