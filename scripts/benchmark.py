"""Benchmark the notebook suite: full runs serial and parallel, per notebook, and the floor.

    python scripts/benchmark.py [--entity kota-bekasi] [--year 2023] [--jobs N] [--repeat 1]

Prints, in seconds:
  * the floor: papermill running an empty notebook (kernel start + papermill overhead), and the
    same notebook importing the suite's modules (the cost of our imports), each in a fresh
    kernel; and the notebook with imports in a kernel forked from lkip's fork server (what each
    notebook of a batch run pays once the server has imported the modules);
  * re-running one notebook (the overview);
  * a full run of the suite serial (--jobs 1) and parallel (--jobs N), with the time of every
    notebook, and the ratio of the parallel run to the floor for the same number of notebooks and
    cores: floor_parallel = ceil(n_notebooks / jobs) × (empty notebook with imports, fresh kernel);
  * the same parallel run with --fresh-kernels (every kernel imports the modules itself), and
    its ratio to the same floor.

Speed is measured here, not in timed tests. Everything is written to a temporary folder.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_notebook

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lkip_helpers.batch.cli import main as lkip  # noqa: E402

SUITE_IMPORTS = """
import lkip_helpers.notebook.startup, lkip_helpers.reports.scorecard, lkip_helpers.reports.iku_efficiency, lkip_helpers.measurement
import lkip_helpers.notebook.figures, lkip_helpers.reports.narrative
ds = lkip_helpers.notebook.startup.start({"__annotations__": {"entity": str, "year": int}, "entity": "kota-bekasi", "year": 2023})
"""


def _papermill(nb_path: Path, out: Path) -> float:
    import papermill as pm

    start = time.perf_counter()
    pm.execute_notebook(str(nb_path), str(out), kernel_name="python3", progress_bar=False,
                        kernel_manager_class="lkip_helpers.batch.kernels.QuietKernelManager")
    return time.perf_counter() - start


def _floor(tmp: Path, repeat: int) -> tuple[float, float, float | None]:
    from lkip_helpers.batch.kernels import forked_kernels

    empty = tmp / "empty.ipynb"
    nbformat.write(new_notebook(cells=[new_code_cell("1 + 1")], metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}), str(empty))
    imports = tmp / "imports.ipynb"
    nbformat.write(new_notebook(cells=[new_code_cell(SUITE_IMPORTS)], metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}), str(imports))
    e = statistics.median(_papermill(empty, tmp / "e-out.ipynb") for _ in range(repeat))
    i = statistics.median(_papermill(imports, tmp / "i-out.ipynb") for _ in range(repeat))
    forked = None
    with forked_kernels() as server:
        if server is not None:
            _papermill(empty, tmp / "warm-out.ipynb")  # waits for the server's imports
            forked = statistics.median(_papermill(imports, tmp / "f-out.ipynb") for _ in range(repeat))
    return e, i, forked


def _suite(entity: str, year: int, jobs: int, out: Path, notebooks: list[str] | None = None,
           fresh: bool = False) -> dict:
    args = ["run", "--entity", entity, "--year", str(year), "--output-dir", str(out), "--jobs", str(jobs), "--quiet"]
    if notebooks:
        args += ["--notebooks", ",".join(notebooks)]
    if fresh:
        args.append("--fresh-kernels")
    start = time.perf_counter()
    code = lkip(args)
    wall = time.perf_counter() - start
    folder = out / entity / str(year)
    if code != 0:
        folder = folder.with_name(f"{year}.failed")
    manifest = json.loads((folder / "manifest.json").read_text())
    return {"wall": wall, "exit": code, "runs": manifest["runs"]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark the notebook suite")
    parser.add_argument("--entity", default="kota-bekasi")
    parser.add_argument("--year", type=int, default=2023)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--repeat", type=int, default=1, help="repetitions of the floor measurements (median)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        empty, imports, forked = _floor(tmp, args.repeat)
        print(f"floor: empty notebook            {empty:6.2f} s")
        print(f"floor: notebook with our imports {imports:6.2f} s  (imports + data load: {imports - empty:.2f} s)")
        if forked is not None:
            print(f"  the same in a forked kernel    {forked:6.2f} s  (modules imported once by the fork server)")
        one = _suite(args.entity, args.year, 1, tmp / "one", ["overview"])
        print(f"re-run one notebook (overview)   {one['wall']:6.2f} s")
        serial = _suite(args.entity, args.year, 1, tmp / "serial")
        parallel = _suite(args.entity, args.year, args.jobs, tmp / "parallel")
        fresh = _suite(args.entity, args.year, args.jobs, tmp / "fresh", fresh=True)
        n = len(serial["runs"])
        print(f"\nfull suite, {n} notebook runs:")
        print(f"  serial   (--jobs 1)  {serial['wall']:6.2f} s  exit {serial['exit']}")
        print(f"  parallel (--jobs {args.jobs})  {parallel['wall']:6.2f} s  exit {parallel['exit']}")
        print(f"  parallel (--jobs {args.jobs} --fresh-kernels)  {fresh['wall']:6.2f} s  exit {fresh['exit']}")
        floor_parallel = math.ceil(n / args.jobs) * imports
        failed = [r["name"] for run in (one, serial, parallel, fresh) for r in run["runs"] if r["status"] != "ok"]
        if failed:
            print(f"\nINVALID: {len(failed)} notebook run(s) failed ({', '.join(sorted(set(failed)))}); "
                  "timings of failed runs are not comparable", file=sys.stderr)
        print(f"  floor for {n} notebooks on {args.jobs} workers (fresh kernels): {floor_parallel:6.2f} s")
        print(f"  parallel / floor = {parallel['wall'] / floor_parallel:.2f} (aim: <= 1.3); "
              f"with --fresh-kernels {fresh['wall'] / floor_parallel:.2f}")
        print(f"  re-run of one notebook: {one['wall']:.2f} s (aim: < 5 s)")
        print("\nper notebook (serial run):")
        for run in sorted(serial["runs"], key=lambda r: -r["seconds"]):
            print(f"  {run['name']:32s} {run['seconds']:6.2f} s  {run['status']}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
