"""Shared fixtures: the project's dataset (loaded once) and a writable copy of data/."""

from __future__ import annotations

import contextlib
import functools
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


#: the test files that cost the most (their fixtures run whole suites or many notebooks), the most
#: expensive first (those that read the shared runs' executions after those that start the runs);
#: collected before every other file, so that ``-n 2 --dist loadfile --no-loadscope-reorder``
#: (make test) hands them out first and the workers finish together
EXPENSIVE_FIRST = (
    "batch/test_runner.py",  # starts the shared run of every report in Bahasa Indonesia at once
    "batch/test_odd_data.py",
    "batch/test_published_html.py",  # the shared run in English
    "intake/test_reports_get_in.py",
    "notebooks/test_nb_benchmarks.py",
    "notebooks/test_nb_primer.py",
    "intake/test_check_sheets.py",
    "audit/test_workpaper.py",
    # these read many executions of the shared runs (executed_notebook), later when they are done
    "notebooks/test_nb_overview_mission.py",
    "notebooks/test_nb_report_languages.py",
    "notebooks/test_nb_forecast.py",
    "batch/test_report_language.py",
    "batch/test_language.py",
    "data/test_validation.py",
    "audit/test_audit.py",
    "data/test_keyed.py",
    "audit/test_rule_text.py",
    "intake/test_importer.py",
    "data/test_dataset.py",
    "audit/test_missed_checks.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Put the tests of :data:`EXPENSIVE_FIRST` first, in that order; every other test keeps its
    place after them (a stable sort: each file's tests keep their order)."""
    tests = Path(__file__).parent
    rank = {tests / name: i for i, name in enumerate(EXPENSIVE_FIRST)}
    items.sort(key=lambda item: rank.get(item.path, len(rank)))


@pytest.fixture(scope="session")
def ds():
    return load_dataset(DATA_DIR)


@pytest.fixture()
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def _shared_run_key(args: tuple[str, ...]) -> str:
    """The name under which :func:`shared_run` keeps the run of ``lkip run *args``."""
    return hashlib.sha256("\0".join(args).encode()).hexdigest()[:16]


#: the arguments of the runs of every report that the tests share, by language (``published_run``)
PUBLISHED_RUN_ARGS = {"id": ("--all", "--jobs", "2"), "en": ("--all", "--jobs", "2", "--lang", "en")}


def _session_folder(tmp_path_factory, worker_id: str, name: str) -> Path:
    """The folder ``name`` in the temporary folder that every xdist worker of this test session
    shares (the session's own one without xdist), created if needed."""
    base = tmp_path_factory.getbasetemp()
    folder = (base if worker_id == "master" else base.parent) / name
    folder.mkdir(exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def shared_run(tmp_path_factory, worker_id):
    """``shared_run(*args)``: ``(output folder, exit code, stderr)`` of ``lkip run *args --output-dir
    <folder> --quiet``, run once per test session even when several xdist workers ask for it (a file
    lock and the recorded result in the session's shared temporary folder). Tests that read the same
    full run (the published HTML, the end-to-end checks) share it instead of running it again."""
    root = _session_folder(tmp_path_factory, worker_id, "shared-runs")

    def run(*args: str) -> tuple[Path, int, str]:
        from lkip_helpers.batch.cli import main

        key = _shared_run_key(args)
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


@pytest.fixture(scope="session")
def published_run(shared_run):
    """``published_run(lang)``: ``(output folder, exit code, stderr)`` of the run of every report
    in ``lang`` that the tests share (:func:`shared_run`): ``lkip run --all --jobs 2``, with
    ``--lang en`` for English and without ``--lang`` for Bahasa Indonesia (the default, so that
    the same run shows that it is the default)."""

    def run(lang: str) -> tuple[Path, int, str]:
        return shared_run(*PUBLISHED_RUN_ARGS[lang])

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
    values = dict(_declared_defaults(name))
    values.update(parameters)
    return (name, tuple(sorted((p, repr(v)) for p, v in values.items())))


@functools.cache
def _declared_defaults(name: str) -> tuple[tuple[str, object], ...]:
    """The parameters notebooks/<name> declares, with their default values."""
    import ast

    import papermill as pm

    declared = pm.inspect_notebook(str(NOTEBOOKS / f"{name}.ipynb"))
    return tuple((p, ast.literal_eval(d["default"])) for p, d in declared.items())


def _picklable_error(exc: Exception) -> bytes:
    """``exc`` pickled, or a RuntimeError naming it when it does not come back from a pickle (an
    exception whose constructor takes other arguments than it keeps)."""
    import pickle

    try:
        data = pickle.dumps(exc)
        pickle.loads(data)
    except Exception:  # noqa: BLE001 - any failure of the round trip
        data = pickle.dumps(RuntimeError(f"{type(exc).__name__}: {exc}"))
    return data


def _published_notebooks(shared_runs: Path, args: tuple[str, ...]) -> dict[tuple, Path] | None:
    """Every notebook that the run of every report ``lkip run *args`` (:data:`PUBLISHED_RUN_ARGS`,
    over data/ and notebooks/) executed without an error, by :func:`parameter_key`: the executed
    notebook it published; None while the run is not recorded in ``shared_runs``."""
    out = shared_runs / _shared_run_key(args)
    if not (shared_runs / f"{out.name}.json").exists():
        return None
    found: dict[tuple, Path] = {}
    for manifest in sorted(out.glob("*/*/manifest.json")):
        report = json.loads(manifest.read_text(encoding="utf-8"))
        if report["data_dir"] != str(DATA_DIR) or report["settings"]["notebook_dir"] is not None:
            continue
        for run in report["runs"]:
            if run["status"] == "ok" and run.get("ipynb"):
                found[parameter_key(Path(run["notebook"]).stem, run["parameters"])] = manifest.parent / run["ipynb"]
    return found


def _joined_streams(nb):
    """``nb`` with the adjacent chunks of each cell's printed text joined, as ``lkip run`` keeps
    them (:func:`~lkip_helpers.batch.execution.join_adjacent_streams`: where a chunk ends depends
    on timing; order and text are unchanged)."""
    from lkip_helpers.batch.execution import join_adjacent_streams

    for cell in nb.cells:
        if cell.get("cell_type") == "code" and cell.get("outputs"):
            cell["outputs"] = join_adjacent_streams(cell["outputs"])
    return nb


@pytest.fixture(scope="session")
def executed_notebook(tmp_path_factory, worker_id):
    """``executed_notebook(name, **parameters)``: notebooks/<name> executed with ``parameters``,
    once per test session even when several xdist workers ask for it (a file lock and the
    executed notebook, or the pickled error, in the session's shared temporary folder); later
    calls with the same (notebook, parameters) get a copy of the result. When a run of every
    report that the tests share (``published_run``) has already executed the notebook with the
    same parameters (same data, same defaults for the rest), its executed notebook is that
    execution. The printed text of a cell comes as one output per stream, as ``lkip run``
    keeps it. A run that fails is not repeated either: its error is raised again to every test
    that asks for it. Invalid-parameter tests call :func:`run_notebook` themselves (they inspect
    the partly executed notebook)."""
    import copy
    import pickle

    import nbformat

    root = _session_folder(tmp_path_factory, worker_id, "executed-notebooks")
    shared_runs = _session_folder(tmp_path_factory, worker_id, "shared-runs")
    cache: dict[tuple, object] = {}
    published: dict[tuple[str, ...], dict[tuple, Path]] = {}  # by run, once it is recorded

    def published_execution(key: tuple) -> Path | None:
        for args in PUBLISHED_RUN_ARGS.values():
            if args not in published and (found := _published_notebooks(shared_runs, args)) is not None:
                published[args] = found
        return next((found[key] for found in published.values() if key in found), None)

    def execute(name: str, **parameters):
        key = parameter_key(name, parameters)
        if key not in cache:
            digest = hashlib.sha256(repr(key).encode()).hexdigest()[:16]
            folder, error = root / digest, root / f"{digest}.error"
            with FileLock(str(root / f"{digest}.lock")):
                if not folder.exists() and not error.exists() and (execution := published_execution(key)) is not None:
                    folder.mkdir()
                    shutil.copy(execution, folder / f"{name}-out.ipynb")
                if not folder.exists() and not error.exists():
                    staging = root / f"{digest}.partial"
                    shutil.rmtree(staging, ignore_errors=True)
                    staging.mkdir()
                    try:
                        run_notebook(name, staging, **parameters)
                    except Exception as exc:  # noqa: BLE001 - kept and raised again below
                        error.write_bytes(_picklable_error(exc))
                    else:
                        staging.rename(folder)
            if error.exists():
                cache[key] = pickle.loads(error.read_bytes())
            else:
                cache[key] = _joined_streams(nbformat.read(str(folder / f"{name}-out.ipynb"), as_version=4))
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
