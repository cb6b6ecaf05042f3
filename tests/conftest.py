"""Shared fixtures: the project's dataset (loaded once) and a writable copy of data/."""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import shutil
from pathlib import Path

import pytest
from filelock import FileLock

from lkip_helpers.data.dataset import load_dataset
from lkip_helpers.data.paths import PROJECT_ROOT, sources_dir

DATA_DIR = PROJECT_ROOT / "data"


@pytest.fixture(scope="session")
def ds():
    return load_dataset(DATA_DIR)


@pytest.fixture()
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


@pytest.fixture(scope="session")
def shared_run(tmp_path_factory, worker_id):
    """``shared_run(*args)``: ``(output folder, exit code, stderr)`` of ``lkip run *args --output-dir
    <folder> --quiet``, run once per test session even when several xdist workers ask for it (a file
    lock and the recorded result in the session's shared temporary folder). Tests that read the same
    full run (the published HTML, the end-to-end checks) share it instead of running it again."""
    base = tmp_path_factory.getbasetemp()
    root = (base if worker_id == "master" else base.parent) / "shared-runs"
    root.mkdir(exist_ok=True)

    def run(*args: str) -> tuple[Path, int, str]:
        from lkip_helpers.batch.cli import main

        key = hashlib.sha256("\0".join(args).encode()).hexdigest()[:16]
        out, result = root / key, root / f"{key}.json"
        with FileLock(str(root / f"{key}.lock")):
            if not result.exists():
                err = io.StringIO()
                with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
                    code = main(["run", *args, "--output-dir", str(out), "--quiet"])
                result.write_text(json.dumps({"code": code, "err": err.getvalue()}), encoding="utf-8")
        recorded = json.loads(result.read_text(encoding="utf-8"))
        return out, recorded["code"], recorded["err"]

    return run


@pytest.fixture()
def english(monkeypatch):
    """The helpers write English for the test (as ``lang="en"`` does in a notebook); the reports'
    default is Bahasa Indonesia. A module whose tests read English throughout marks itself with
    ``pytestmark = pytest.mark.usefixtures("english")``."""
    from lkip_helpers.data import i18n

    monkeypatch.setattr(i18n, "_language", "en")


@pytest.fixture(scope="session")
def sources() -> Path:
    found = sources_dir()
    if found is None:
        pytest.skip("../shared/sources/ is not beside the checkout: provenance cannot be checked")
    return found


# --- notebooks ------------------------------------------------------------------------------------
NOTEBOOKS = PROJECT_ROOT / "notebooks"


def run_notebook(name: str, tmp_path: Path, *, source: Path | None = None, **parameters):
    """Execute notebooks/<name>.ipynb (or ``source``, an edited copy) with papermill into
    ``tmp_path/<name>-out.ipynb`` and return the executed notebook node.

    Raises papermill's PapermillExecutionError when a cell fails (its ``ename``/``evalue`` say why).
    """
    import nbformat
    import papermill as pm

    from lkip_helpers.batch.engine import ENGINE_NAME

    from lkip_helpers.batch.execution import START_RETRIES, died_at_start

    out = tmp_path / f"{name}-out.ipynb"
    for attempt in range(1 + START_RETRIES):
        try:
            pm.execute_notebook(
                str(source or NOTEBOOKS / f"{name}.ipynb"),
                str(out),
                parameters=parameters,
                kernel_name="python3",
                cwd=str(NOTEBOOKS),
                progress_bar=False,
                kernel_manager_class="lkip_helpers.batch.kernels.QuietKernelManager",
                engine_name=ENGINE_NAME,
            )
            break
        except RuntimeError as exc:  # as lkip run does: a kernel that died before running a cell starts again
            if not died_at_start(exc) or attempt == START_RETRIES:
                raise
    return nbformat.read(str(out), as_version=4)


def parameter_key(name: str, parameters: dict) -> tuple:
    """What a run of notebooks/<name> depends on: its declared defaults overridden by
    ``parameters``, as a hashable key (``run(NB)`` and ``run(NB, year=2023)`` are one run when
    2023 is the default)."""
    import ast

    import papermill as pm

    declared = pm.inspect_notebook(str(NOTEBOOKS / f"{name}.ipynb"))
    values = {p: ast.literal_eval(d["default"]) for p, d in declared.items()}
    values.update(parameters)
    return (name, tuple(sorted((p, repr(v)) for p, v in values.items())))


@pytest.fixture(scope="session")
def executed_notebook(tmp_path_factory):
    """``executed_notebook(name, **parameters)``: notebooks/<name> executed with ``parameters``,
    once per test session; later calls with the same (notebook, parameters) get a copy of the
    cached result. A run that fails is not repeated either: its error is raised again to every
    test that asks for it. Invalid-parameter tests call :func:`run_notebook` themselves (they
    inspect the partly executed notebook)."""
    import copy

    cache: dict[tuple, object] = {}

    def execute(name: str, **parameters):
        key = parameter_key(name, parameters)
        if key not in cache:
            try:
                cache[key] = run_notebook(name, tmp_path_factory.mktemp(name), **parameters)
            except Exception as exc:  # noqa: BLE001 - kept and raised again below
                cache[key] = exc
        if isinstance(cache[key], Exception):
            raise cache[key]
        return copy.deepcopy(cache[key])

    return execute


def output_text(nb, tag: str | None = None, kinds: tuple[str, ...] = ("text/plain",)) -> str:
    """The printed (stream) output and the ``kinds`` of display output of every cell of ``nb``
    (only the cells tagged ``tag``, when given), joined by newlines."""
    texts = []
    for cell in nb.cells:
        if tag is not None and tag not in cell.get("metadata", {}).get("tags", []):
            continue
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream":
                texts.append(out.get("text", ""))
            texts.extend(out["data"][kind] for kind in kinds if kind in out.get("data", {}))
    return "\n".join(texts)


def tagged_outputs(nb, tag: str) -> str:
    """The text/plain (or stream) output of every cell tagged ``tag``, joined."""
    return output_text(nb, tag)


def error_of(exc) -> str:
    """``ename: evalue`` of a papermill execution error."""
    return f"{getattr(exc, 'ename', type(exc).__name__)}: {getattr(exc, 'evalue', str(exc))}"


def assert_stops_in_validation_cell(name: str, tmp_path: Path, params: dict, message: str) -> None:
    """Run notebooks/<name> with bad ``params``: it must fail in the ``start(globals())`` cell
    only, with a one-line ``ParameterError`` containing ``message``, and run no later cell. The
    notebook runs in English unless ``params`` name a ``lang`` (the message is in the report's
    language)."""
    import nbformat
    from papermill.exceptions import PapermillExecutionError

    with pytest.raises(PapermillExecutionError) as err:
        run_notebook(name, tmp_path, **{"lang": "en", **params})
    assert error_of(err.value).startswith("ParameterError: ")
    assert message in error_of(err.value)
    nb = nbformat.read(str(tmp_path / f"{name}-out.ipynb"), as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    failing = [i for i, c in enumerate(code) if any(o.get("output_type") == "error" for o in c.get("outputs", []))]
    start_cell = next(i for i, c in enumerate(code) if "start(globals()" in c.source)
    assert failing == [start_cell]
    tb = [o for o in code[start_cell].outputs if o.get("output_type") == "error"][0]["traceback"]
    assert len(tb) == 1, "the error shows as one line, not a traceback"
    assert all(not c.get("outputs") for c in code[start_cell + 1 :])


def shown_text(markdown: str) -> str:
    """What a reader sees of ``markdown``'s escaped text: backslash escapes and HTML entities
    resolved (the emphasis markers stay), so tests can look for figures as printed."""
    import html
    import re

    return html.unescape(re.sub(r"\\([\\`*_{}\[\]()#+\-.!|~>])", r"\1", markdown))


# --- the batch tests: a plan with every kind of reason a notebook does not apply -------------------
#: a notebook of each kind of reason -> its ``metadata.lkip``
SKIP_NOTEBOOKS = {
    "02_per_misi": {"per": "misi"},
    "04_regions": {"applies_if": "lkip_helpers.benchmarks:check_benchmark_parameters", "per": "entity"},
    "05_units": {"applies_if": "lkip_helpers.reports:check_unit_parameters", "per": "entity"},
    "09_elsewhere": {"entities": ["kota-cilegon", "kota-depok"], "per": "entity"},
    "10_runs": {"per": "entity"},
}


@pytest.fixture()
def skip_plan(ds, tmp_path):
    """The plan of kota-bekasi 2023 over :data:`SKIP_NOTEBOOKS` with data where none but ``10_runs``
    applies: no misi, no regional figures (a check whose choices are none), unit scores only of
    2022 (a check failing with its choices), and a notebook only for two other entities."""
    for stem, lkip in SKIP_NOTEBOOKS.items():
        (tmp_path / f"{stem}.ipynb").write_text(json.dumps({"cells": [], "metadata": {"lkip": lkip}, "nbformat": 4,
                                                            "nbformat_minor": 5}), encoding="utf-8")
    import dataclasses

    from lkip_helpers.batch.suite import plan_suite

    odd = dataclasses.replace(ds, tables={
        **ds.tables, "misi": ds.tables["misi"].iloc[0:0], "regional_benchmarks": ds.tables["regional_benchmarks"].iloc[0:0],
        "unit_scores": ds.tables["unit_scores"].assign(year=2022)})
    return plan_suite(odd, "kota-bekasi", 2023, notebook_dir=tmp_path)
