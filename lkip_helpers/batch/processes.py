"""Whether a process still exists: what tells a dead run's leftovers (temporary folders, kernel
connection files, named after the run's process) from those of a run that is still going."""

from __future__ import annotations

import os

__all__ = ["pid_alive"]


def pid_alive(pid: int) -> bool:
    """True when a process ``pid`` exists (also one of another user, which we may not signal)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OverflowError:  # beyond any process id
        return False
    return True
