"""Benchmark the notebook suite: the floor, one notebook re-run, and full runs serial and parallel.

    python scripts/benchmark.py [--entity kota-bekasi] [--year 2023] [--jobs N] [--repeat 1] [--floor-only]

Prints, in seconds:
  * the data: loading and validating ``data/`` (what every kernel paid before ``lkip run`` wrote a
    snapshot) against reading the run's dataset snapshot (what each kernel pays now);
  * the floor, each in a fresh kernel: papermill running an empty notebook (kernel start +
    papermill overhead); the same notebook importing the suite's modules and reading the dataset
    snapshot, as a kernel of ``lkip run`` does; and the same validating the data itself instead
    (a notebook opened outside ``lkip run``);
  * re-running one notebook (the overview) with ``lkip run``, the whole command;
  * a full run of the suite serial (--jobs 1) and parallel (--jobs N), with the time of every
    notebook, and the ratio of the parallel run to the floor for the same number of notebooks and
    cores: floor_parallel = ceil(n_notebooks / jobs) × (notebook with imports and snapshot).

  * ``lkip import``: a 30-IKU workbook into a copy of ``data/`` (aim: under 2 s), and as a dry run;
  * ``lkip extract``: drafting the workbook from a 100-page PDF (the measurement table of the tests'
    PDF fixture and 98 pages of prose; aim: under 5 s) and from each source report's text.

``--floor-only`` stops after the data, the floor and the extract timings (a quick check that the
script works); ``--extract-only`` measures only ``lkip extract``.
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
from collections.abc import Callable
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_notebook

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lkip_helpers.batch.cli import main as lkip  # noqa: E402
from lkip_helpers.batch.kernels import batch_kernel_manager  # noqa: E402
from lkip_helpers.batch.warm_kernels import use_fresh_kernels  # noqa: E402
from lkip_helpers.data.dataset import load_dataset  # noqa: E402
from lkip_helpers.data.paths import default_data_dir  # noqa: E402
from lkip_helpers.data.snapshot import SNAPSHOT_ENV, data_package_hash, read_snapshot, write_snapshot  # noqa: E402

SUITE_IMPORTS = """
import lkip_helpers.notebook.startup, lkip_helpers.reports.scorecard, lkip_helpers.measurement
import lkip_helpers.notebook.figures, lkip_helpers.reports.narrative
ds = lkip_helpers.notebook.startup.start({"__annotations__": {"entity": str, "year": int}, "entity": "kota-bekasi", "year": 2023})
"""
KERNELSPEC = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}


def _median(repeat: int, measure: Callable[[], float]) -> float:
    return statistics.median(measure() for _ in range(repeat))


def _timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _papermill(nb_path: Path, out: Path, env: dict[str, str] | None = None) -> float:
    import papermill as pm

    manager = batch_kernel_manager(f"benchmark/{out.name}", None, env or {})
    return _timed(lambda: pm.execute_notebook(str(nb_path), str(out), kernel_name="python3", progress_bar=False,
                                              kernel_manager_class=manager))


def _data(tmp: Path, repeat: int) -> tuple[float, float, Path]:
    """Seconds to load and validate the data, to read its snapshot; and the snapshot's path."""
    data_dir = default_data_dir()
    load = _median(repeat, lambda: _timed(lambda: load_dataset(data_dir)))
    snapshot = write_snapshot(load_dataset(data_dir), tmp / "dataset.pickle", data_hash=data_package_hash(data_dir))
    read = _median(repeat, lambda: _timed(lambda: read_snapshot(snapshot, data_dir=data_dir)))
    return load, read, snapshot


def _floor(tmp: Path, repeat: int, snapshot: Path) -> tuple[float, float, float]:
    """Empty notebook; notebook with our imports reading the snapshot; the same validating the data."""
    empty = tmp / "empty.ipynb"
    nbformat.write(new_notebook(cells=[new_code_cell("1 + 1")], metadata=KERNELSPEC), str(empty))
    imports = tmp / "imports.ipynb"
    nbformat.write(new_notebook(cells=[new_code_cell(SUITE_IMPORTS)], metadata=KERNELSPEC), str(imports))
    env = {"LKIP_DATA_DIR": str(default_data_dir()), SNAPSHOT_ENV: str(snapshot)}
    _papermill(empty, tmp / "e-out.ipynb")  # starts the warm-kernel process
    e = _median(repeat, lambda: _papermill(empty, tmp / "e-out.ipynb"))
    s = _median(repeat, lambda: _papermill(imports, tmp / "s-out.ipynb", env))
    v = _median(repeat, lambda: _papermill(imports, tmp / "v-out.ipynb"))
    return e, s, v


def _fresh_floor(tmp: Path, repeat: int, snapshot: Path) -> tuple[float, float, float]:
    """:func:`_floor` with fresh kernels (``--fresh-kernels``)."""
    use_fresh_kernels(True)
    try:
        return _floor(tmp, repeat, snapshot)
    finally:
        use_fresh_kernels(False)


def _suite(entity: str, year: int, jobs: int, out: Path, notebooks: list[str] | None = None, fresh: bool = False) -> dict:
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


def _command_seconds(entity: str, year: int, out: Path, fresh: bool = False) -> float:
    """Seconds of ``lkip run --notebooks overview`` in a new process (what a user waits for)."""
    import subprocess

    cmd = [sys.executable, "-c", "import sys; from lkip_helpers.batch.cli import main; sys.exit(main())",
           "run", "--entity", entity, "--year", str(year), "--output-dir", str(out), "--notebooks", "overview",
           "--quiet", *(["--fresh-kernels"] if fresh else [])]
    return _timed(lambda: subprocess.run(cmd, check=True, cwd=ROOT))


def _many_rows(tmp: Path, extra: int = 50_000) -> tuple[float, float]:
    """Seconds to load data/ and a copy of it with ``extra`` more valid rows of indicator_values."""
    import csv
    import shutil

    copy = tmp / "many-rows"
    shutil.copytree(default_data_dir(), copy)
    path = copy / "indicator_values.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    city = [r for r in rows if r["entity_id"] == "kota-bekasi"]
    indicators = sorted({r["indicator_id"] for r in city})
    taken = {(r["indicator_id"], r["year"], r["period"], r["measure"]) for r in rows}
    new = (dict(city[0], indicator_id=i, year=str(y), period=p, measure=m, value="0.5", value_text="0,5",
                source_ref="synthetic")
           for m in ("realisasi", "baseline") for i in indicators for y in range(1990, 2101)
           for p in ("annual", "Q1", "Q2", "Q3", "Q4", "S1", "S2") if (i, str(y), p, m) not in taken)
    with path.open("a", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        for _, row in zip(range(extra), new):
            writer.writerow(row)
    return _timed(lambda: load_dataset(default_data_dir())), _timed(lambda: load_dataset(copy))


def _extract(tmp: Path, pages: int = 100) -> tuple[float, int, list[tuple[str, float]]]:
    """Seconds to extract (and write) the draft of a ``pages``-page PDF, its IKU count, and the seconds
    for each source report's text (when ../shared/sources is beside the checkout)."""
    sys.path.insert(0, str(ROOT / "tests" / "intake"))
    from pdf_fixtures import measurement_pdf

    from lkip_helpers.data.paths import sources_dir
    from lkip_helpers.intake.extract import extract_report, write_draft

    pdf = measurement_pdf(tmp / "report.pdf", pages_of_prose=pages - 2)
    found: list = []
    seconds = _timed(lambda: found.append(extract_report(pdf)) or write_draft(found[0], tmp / "draft.xlsx"))
    texts = []
    folder = sources_dir()
    for text in sorted(folder.glob("*.txt")) if folder else []:
        texts.append((text.name, _timed(lambda: write_draft(extract_report(text), tmp / "draft-text.xlsx"))))
    return seconds, len(found[0].frames["IKU"]), texts


def _import_seconds(tmp: Path, n_iku: int = 30) -> tuple[float, float]:
    """Seconds to import a workbook of ``n_iku`` IKU (targets and realisasi) into a copy of ``data/``
    (read, check, merge, stage, validate with the package's checks and frictionless, swap), and of
    the same import as a dry run."""
    import shutil

    sys.path.insert(0, str(ROOT / "tests" / "intake"))
    from minimal_reports import minimal_frames

    from lkip_helpers.data.paths import default_data_dir
    from lkip_helpers.intake import import_report, write_workbook

    workbook = tmp / "import-30.xlsx"
    write_workbook(workbook, minimal_frames(n_iku=n_iku))
    copy = tmp / "import-data"
    shutil.copytree(default_data_dir(), copy)
    dry = _timed(lambda: import_report(workbook, copy, dry_run=True))
    return _timed(lambda: import_report(workbook, copy)), dry


def _print_extract(tmp: Path) -> bool:
    """Print the extract timings; False when the 100-page PDF took 5 s or more."""
    seconds, iku, texts = _extract(tmp)
    print(f"extract: 100-page PDF -> draft workbook       {seconds:6.2f} s  ({iku} IKU; aim: under 5 s)")
    for name, took in texts:
        print(f"extract: {name:38s} {took:6.2f} s")
    return seconds < 5


def _print_suites(args: argparse.Namespace, tmp: Path, with_snapshot: float) -> list[str]:
    """Run and print the one-notebook re-run and the full suite; return the failed runs."""
    first = _suite(args.entity, args.year, 1, tmp / "one", ["overview"])
    one = min((_suite(args.entity, args.year, 1, tmp / "one", ["overview"]) for _ in range(3)), key=lambda r: r["wall"])
    one_fresh = min((_suite(args.entity, args.year, 1, tmp / "one", ["overview"], fresh=True) for _ in range(3)),
                    key=lambda r: r["wall"])
    print(f"one notebook (overview), first run (validates)   {first['wall']:6.2f} s  exit {first['exit']}")
    print(f"re-run of one notebook (cached validation)      {one['wall']:6.2f} s  exit {one['exit']} "
          "(best of 3; aim: < 2.5 s on a fast machine)")
    print(f"  the same with --fresh-kernels                 {one_fresh['wall']:6.2f} s  exit {one_fresh['exit']}")
    command = min(_command_seconds(args.entity, args.year, tmp / "one") for _ in range(3))
    command_fresh = min(_command_seconds(args.entity, args.year, tmp / "one", fresh=True) for _ in range(3))
    print(f"  the same re-run as a new lkip process         {command:6.2f} s  (best of 3, with Python's start and imports)")
    print(f"  as a new process with --fresh-kernels         {command_fresh:6.2f} s")
    serial = _suite(args.entity, args.year, 1, tmp / "serial")
    parallel = _suite(args.entity, args.year, args.jobs, tmp / "parallel")
    parallel_fresh = _suite(args.entity, args.year, args.jobs, tmp / "parallel-fresh", fresh=True)
    n = len(serial["runs"])
    print(f"\nfull suite, {n} notebook runs:")
    print(f"  serial   (--jobs 1)  {serial['wall']:6.2f} s  exit {serial['exit']}")
    print(f"  parallel (--jobs {args.jobs})  {parallel['wall']:6.2f} s  exit {parallel['exit']}")
    print(f"  parallel, --fresh-kernels  {parallel_fresh['wall']:6.2f} s  exit {parallel_fresh['exit']}")
    floor_parallel = math.ceil(n / args.jobs) * with_snapshot
    print(f"  floor for {n} notebooks on {args.jobs} workers: {floor_parallel:6.2f} s")
    print(f"  parallel / floor = {parallel['wall'] / floor_parallel:.2f} (aim: <= 1.3)")
    print("\nper notebook (serial run):")
    for run in sorted(serial["runs"], key=lambda r: -r["seconds"]):
        print(f"  {run['name']:32s} {run['seconds']:6.2f} s  {run['status']}")
    return [r["name"] for run in (one, one_fresh, serial, parallel, parallel_fresh) for r in run["runs"]
            if r["status"] != "ok"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark the notebook suite")
    parser.add_argument("--entity", default="kota-bekasi")
    parser.add_argument("--year", type=int, default=2023)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--repeat", type=int, default=1, help="repetitions of the data and floor measurements (median)")
    parser.add_argument("--floor-only", action="store_true", help="stop after the data, floor and extract measurements")
    parser.add_argument("--extract-only", action="store_true", help="measure only lkip extract")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        fast_extract = _print_extract(tmp)
        if args.extract_only:
            return 0 if fast_extract else 1
        imported, dry = _import_seconds(tmp)
        print(f"import: a 30-IKU workbook into data/        {imported:6.2f} s  (dry run {dry:.2f} s; aim: under 2 s)")
        load, read, snapshot = _data(tmp, args.repeat)
        print(f"data: load and validate data/      {load:6.2f} s")
        print(f"data: read the dataset snapshot    {read:6.2f} s")
        normal, many = _many_rows(tmp)
        print(f"data: load with 50,000 more rows   {many:6.2f} s  (+{many - normal:.2f} s; aim: under 2 s)")
        empty, with_snapshot, validating = _floor(tmp, args.repeat, snapshot)
        fresh = _fresh_floor(tmp, args.repeat, snapshot)
        print("                                               warm kernel   fresh kernel")
        print(f"floor: empty notebook                          {empty:6.2f} s      {fresh[0]:6.2f} s")
        print(f"floor: our imports + dataset snapshot          {with_snapshot:6.2f} s      {fresh[1]:6.2f} s  (as in lkip run)")
        print(f"floor: our imports + load and validate data/   {validating:6.2f} s      {fresh[2]:6.2f} s  (a notebook outside lkip run)")
        if args.floor_only:
            return 0 if fast_extract else 1
        failed = _print_suites(args, tmp, with_snapshot)
    if failed:
        print(f"\nINVALID: {len(failed)} notebook run(s) failed ({', '.join(sorted(set(failed)))}); "
              "timings of failed runs are not comparable", file=sys.stderr)
    if not fast_extract:
        print("SLOW: lkip extract took 5 s or more for a 100-page PDF", file=sys.stderr)
    return 1 if failed or not fast_extract else 0


if __name__ == "__main__":
    sys.exit(main())
