"""Strip notebook outputs before committing, keeping the nbval summary cells.

    python scripts/clean_notebooks.py            # strip outputs, normalise kernelspec (all notebooks)
    python scripts/clean_notebooks.py --refresh  # first execute each notebook with its defaults and
                                                 # keep the outputs of cells marked keep_output

Cells with metadata ``"keep_output": true`` keep their outputs (nbval compares them); every other
cell is cleared; execution counts are removed; the kernelspec becomes ``python3``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
KERNELSPEC = {"name": "python3", "display_name": "Python 3", "language": "python"}


def clean(nb: nbformat.NotebookNode, executed: nbformat.NotebookNode | None = None) -> nbformat.NotebookNode:
    fresh = {c.get("id"): c for c in executed.cells} if executed is not None else {}
    count = 0
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        keep = cell.get("metadata", {}).get("keep_output")
        if keep and cell.get("id") in fresh:
            cell.outputs = fresh[cell["id"]].get("outputs", [])
        elif not keep:
            cell.outputs = []
        # nbval only compares cells that look executed: a kept output needs an execution count
        count = count + 1 if cell.outputs else count
        cell.execution_count = count if cell.outputs else None
        for out in cell.get("outputs", []):
            if "execution_count" in out:
                out["execution_count"] = cell.execution_count
        cell.metadata.pop("execution", None)
        cell.metadata.pop("papermill", None)
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata.pop("papermill", None)
    return nb


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path)
    parser.add_argument("--refresh", action="store_true", help="execute first and keep summary outputs")
    args = parser.parse_args(argv)
    paths = args.notebooks or sorted((ROOT / "notebooks").glob("*.ipynb"))
    for path in paths:
        nb = nbformat.read(str(path), as_version=4)
        executed = None
        if args.refresh:
            import papermill as pm

            with tempfile.TemporaryDirectory() as tmp:
                out = Path(tmp) / path.name
                pm.execute_notebook(str(path), str(out), kernel_name="python3", cwd=str(path.parent), progress_bar=False)
                executed = nbformat.read(str(out), as_version=4)
        nbformat.write(clean(nb, executed), str(path))
        print(f"cleaned {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
