"""The nbval run of ``make test`` starts a kernel again when it died at start (notebooks/conftest.py)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[2]

#: a plugin whose first kernel exits at once, as a kernel does that lost its ports to another one
DIES_ONCE = '''
import sys
import nbval.kernel

STARTS = []


class DiesOnce(nbval.kernel.KernelManager):
    def format_kernel_cmd(self, extra_arguments=None):
        STARTS.append(1)
        if len(STARTS) == 1:
            return [sys.executable, "-c", "import sys; sys.exit(3)"]
        return super().format_kernel_cmd(extra_arguments)


nbval.kernel.KernelManager = DiesOnce


def pytest_sessionfinish(session):
    print("kernel starts:", len(STARTS))
'''


def _nbval(folder: Path, with_conftest: bool) -> subprocess.CompletedProcess:
    if with_conftest:
        shutil.copy(ROOT / "notebooks" / "conftest.py", folder / "conftest.py")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print(6 * 7)")])
    nbformat.write(nb, str(folder / "tiny.ipynb"))
    (folder / "dies_once.py").write_text(DIES_ONCE)
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "dies_once", "--nbval-lax", "--nbval-current-env",
         "-p", "no:cacheprovider", "-s", "-q", "--rootdir", str(folder), str(folder / "tiny.ipynb")],
        cwd=folder, capture_output=True, text=True, timeout=120,
        env={**os.environ, "PYTHONPATH": str(folder)},
    )


def test_a_kernel_that_died_at_start_is_started_again_by_the_nbval_run(tmp_path):
    done = _nbval(tmp_path, with_conftest=True)
    assert done.returncode == 0, done.stdout[-2000:]
    assert "kernel starts: 2" in done.stdout and "1 passed" in done.stdout


def test_without_the_wrapper_the_same_death_fails_the_notebook(tmp_path):
    done = _nbval(tmp_path, with_conftest=False)
    assert done.returncode != 0 and "Kernel died before replying to kernel_info" in done.stdout
