"""The SAKIP primer notebook: runs for every report, shows the right key numbers, its exercise
cells call the checkers (and say "not answered yet" by default), and bad parameters stop in the
validation cell."""

from __future__ import annotations

import ast
import html
import json
import re

import nbformat
import pytest

from conftest import NOTEBOOKS, assert_stops_in_validation_cell, run_notebook, tagged_outputs
from lkip_helpers.reports import iku_efficiency
from lkip_helpers.measurement import AKIP_GRADES, akip_grade, ikm_from_nrr, points_to_next_grade
from lkip_helpers.primer.teaching import akip_components_example, ikm_nrr_example, pick_example

NAME = "06_sakip_primer"
REPORTS = [("kota-bekasi", 2023), ("disdukcapil-kota-bekasi", 2024)]
N_EXERCISES = 6


def _code(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


def _outputs_text(cell) -> str:
    parts = []
    for o in cell.get("outputs", []):
        if o.get("output_type") == "stream":
            parts.append(o.get("text", ""))
        elif "data" in o:
            parts.append(o["data"].get("text/plain", "") + o["data"].get("text/markdown", ""))
    return "\n".join(parts)


def _shown(markdown: str) -> str:
    """What a reader sees of Markdown text: backslash escapes and HTML entities resolved (data
    strings reach the Markdown escaped, see ``lkip_helpers.notebook.escape_markdown``)."""
    return html.unescape(re.sub(r"\\([\\`*_{}\[\]()#+\-.!|~>])", r"\1", markdown))


@pytest.fixture()
def executed(executed_notebook):
    """The primer executed in English for each report (once per test session), by entity."""
    return {entity: executed_notebook(NAME, entity=entity, year=year, lang="en") for entity, year in REPORTS}


def test_notebook_shape():
    nb = nbformat.read(str(NOTEBOOKS / f"{NAME}.ipynb"), as_version=4)
    assert nb.metadata["lkip"] == {"per": "entity"}
    assert nb.metadata["kernelspec"]["name"] == "python3"
    assert nb.cells[0].cell_type == "markdown"
    code = _code(nb)
    assert code[0].metadata.get("tags") == ["parameters"]
    assert "entity: str = " in code[0].source and "year: int = " in code[0].source
    assert "ds = start(globals())" in code[1].source
    summary = [c for c in code if "nbval-check-output" in c.metadata.get("tags", [])]
    assert len(summary) == 1 and summary[0].metadata.get("keep_output") is True
    # committed without outputs, except the nbval summary cell
    assert all(not c.get("outputs") for c in code if not c.metadata.get("keep_output"))


def test_markdown_text_comes_from_the_package():
    """No Markdown assembled in the notebook: every ``Markdown(...)`` gets a call of the package
    (or a fixed sentence), never an f-string or a concatenation."""
    nb = nbformat.read(str(NOTEBOOKS / f"{NAME}.ipynb"), as_version=4)
    built = []
    for cell in _code(nb):
        for node in ast.walk(ast.parse(cell.source)):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Markdown":
                if any(isinstance(a, (ast.JoinedStr, ast.BinOp)) for a in node.args):
                    built.append(ast.unparse(node)[:80])
    assert not built, built


def test_exercise_cells_are_editable_and_call_the_checkers():
    nb = nbformat.read(str(NOTEBOOKS / f"{NAME}.ipynb"), as_version=4)
    cells = [c for c in _code(nb) if "exercise" in c.metadata.get("tags", [])]
    assert len(cells) == N_EXERCISES
    used = set()
    for c in cells:
        first = c.source.splitlines()[0]
        assert first.startswith("my_answer = None  # type"), first
        used |= {name for name in ("check_capaian", "check_akip_grade", "check_ikm", "check_mutu", "check_serapan") if name in c.source}
    assert used == {"check_capaian", "check_akip_grade", "check_ikm", "check_mutu", "check_serapan"}


@pytest.mark.parametrize("entity, year", REPORTS)
def test_runs_without_errors_and_exercises_wait_for_answers(executed, entity, year):
    nb = executed[entity]
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors
    stderr = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "stream" and o.get("name") == "stderr"]
    assert not stderr, "warnings must not be printed into the notebook"
    for c in _code(nb):
        if "exercise" in c.metadata.get("tags", []):
            assert _outputs_text(c).startswith("Not answered yet: "), c.source
    progress = tagged_outputs(nb, "exercise-progress")
    assert progress.count("not answered yet") == N_EXERCISES
    assert f"0 of {N_EXERCISES} correct" in progress


@pytest.mark.parametrize("entity, year", REPORTS)
def test_key_numbers_match_the_package(ds, executed, entity, year):
    shown = tagged_outputs(executed[entity], "summary")
    for kind in ("higher_is_better", "lower_is_better", "negative_realisasi"):
        ex = pick_example(ds, entity, year, kind)
        assert f"{ex.capaian:.2f}" in shown, kind
        assert f"{ex.entity} {ex.year}" in shown
    akip = akip_components_example(ds, entity, year).frame.set_index("component")
    printed = float(akip.loc["total", "value"])
    component_sum = round(float(akip.drop(index="total")["value"].sum()), 2)
    step = points_to_next_grade(component_sum)  # the what-ifs start from the sum of the components
    assert f"{printed:.2f}" in shown and f"{component_sum:.2f}" in shown
    assert f"{akip_grade(component_sum)}, {step.points:.2f} points to {step.next}" in shown
    nrr = ikm_nrr_example(ds, entity, year)
    assert f"{ikm_from_nrr(nrr.frame['nrr']):.2f}" in shown
    eff = iku_efficiency(ds, entity, year).dropna(subset=["pagu", "realisasi"])
    assert f"{eff['serapan'].iloc[0]:.2f}" in shown


def test_key_numbers_for_the_city_match_the_report(executed):
    """City LKIP 2023: IKU 1 87,14; IKU 11 97,80; IKU 10 −179,25 (Tabel 3.1); AKIP 67,10 B (Tabel 3.2);
    serapan of IKU 1: 71,56% (Bab III.C)."""
    shown = tagged_outputs(executed["kota-bekasi"], "summary")
    for figure in ("87.14", "97.80", "-179.25", "67.10", "B, 2.91 points to BB", "71.56"):
        assert figure in shown, figure


def test_disdukcapil_borrows_and_flags_the_akip_total(ds, executed):
    """Disdukcapil LKIP 2024 Tabel 3.16: components 24,69 + 29,84 + 12,02 + 21,04 = 87,59 but the
    printed total is 81,59 (A). The what-ifs start from the components: AA needs 90.01 − 87.59 =
    2.42 points, full marks on perencanaan give 87.59 + 5.31 = 92.90 (AA). No lower-is-better IKU:
    borrowed from the city."""
    nb = executed["disdukcapil-kota-bekasi"]
    shown = tagged_outputs(nb, "summary")
    assert "87.59" in shown and "81.59" in shown and "A, 2.42 points to AA" in shown
    assert "does not add up (-6.00)" in shown
    assert "kota-bekasi 2023" in shown  # the borrowed examples say where they come from
    text = _shown("\n".join(_outputs_text(c) for c in _code(nb)))
    assert "has no lower-is-better IKU" in text
    assert "does not equal the sum of its components" in text
    assert "87.59 + 5.31 = **92.90**" in text  # exercise 3, from the component sum, saying why
    assert "not from the printed total 81.59" in text
    # no arithmetic on the inconsistent printed total anywhere in the lesson
    assert "81.59 + " not in text and "8.42" not in text and "86.90" not in text
    d = ds["discrepancies"]
    recorded = d[(d["resource"] == "akip_components") & (d["document_id"] == "lkip-disdukcapil-kota-bekasi-2024")]
    assert len(recorded)  # the data record the report's arithmetic slip ...
    assert all(i in text for i in recorded["discrepancy_id"])  # ... and the lesson cites it


@pytest.mark.parametrize("entity, year", REPORTS)
def test_exercise_3_is_not_answered_above_it(executed, entity, year):
    """The headroom table shown before exercise 3 has no predikat column (it would give the answer)."""
    cells = _code(executed[entity])
    ex3 = [i for i, c in enumerate(cells) if "exercise" in c.metadata.get("tags", []) and "check_akip_grade" in c.source]
    assert len(ex3) == 1
    above = [_outputs_text(c) for c in cells[: ex3[0]]]
    headroom = [t for t in above if "points still open" in t]
    assert len(headroom) == 1
    at = headroom[0].index("points still open")
    table = headroom[0][headroom[0].rfind("\n", 0, at) + 1:]  # from the table's header line on
    assert table.lstrip().startswith("component")
    assert "predikat" not in table
    assert not any(f" {g}\n" in table or f" {g} " in table for g in AKIP_GRADES)


def test_city_forecast_says_there_is_no_future_target(executed):
    """City: the RPJMD's last targets are for 2023, the report year, so the lesson says so and shows
    the report-year progress (AKIP: target 77,00 for 2023, realisasi 67,10, Tabel 3.1)."""
    text = "\n".join(_outputs_text(c) for c in _code(executed["kota-bekasi"]))
    assert "No future target to forecast against" in text
    assert "sets no target after 2023" in text
    assert "the 2023 target was 77; its progress class" in text
    assert "Progress towards the 2023 targets" in text and "progress class" in text


def test_disdukcapil_forecast_has_a_next_target(executed):
    """Disdukcapil: the revised Renstra sets the IKM target 85,15 for 2025, after the report year 2024."""
    text = "\n".join(_outputs_text(c) for c in _code(executed["disdukcapil-kota-bekasi"]))
    assert "Its next target is **85.15 for 2025**" in text
    assert "probability of meeting it" in text
    assert "No future target" not in text


@pytest.mark.parametrize("entity, year", REPORTS)
def test_nrr_x25_is_shown_as_printed(executed, entity, year):
    """Tabel 3.11: NRR 3,749 × 25 = 93,725 is printed 93,73 (not 93.72); every row's NRR × 25
    column equals the printed per-unsur IKM beside it."""
    text = next(t for t in map(_outputs_text, _code(executed[entity])) if "NRR × 25" in t)
    rows = [line.split() for line in text.splitlines() if line.rstrip().endswith("Tabel 3.11")]
    assert len(rows) == 9
    for r in rows:
        assert r[-4] == r[-3], r  # NRR × 25 == IKM printed
    u2 = next(r for r in rows if r[1] == "U2")
    assert "3.749" in u2 and u2[-4] == "93.73"


def test_first_cell_says_where_to_do_the_exercises():
    nb = nbformat.read(str(NOTEBOOKS / f"{NAME}.ipynb"), as_version=4)
    intro = nb.cells[0].source
    assert "make lab" in intro and "Jupyter" in intro
    assert intro.index("make lab") < intro.index("A lesson for staff")  # at the top, before the lesson
    assert "HTML" in intro and "not answered yet" in intro


def _with_answers(tmp_path, answers: dict[int, str], **parameters):
    """A copy of the notebook with exercise ``n``'s ``my_answer = None`` replaced by an answer,
    run in English with ``parameters`` (the default report when none)."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    nb = nbformat.read(str(NOTEBOOKS / f"{NAME}.ipynb"), as_version=4)
    cells = [c for c in _code(nb) if "exercise" in c.metadata.get("tags", [])]
    for n, answer in answers.items():
        cells[n - 1].source = cells[n - 1].source.replace("my_answer = None", f"my_answer = {answer}", 1)
    path = tmp_path / "answered.ipynb"
    nbformat.write(nb, str(path))
    out = run_notebook(NAME, tmp_path, source=path, **{"lang": "en", **parameters})
    return [c for c in _code(out) if "exercise" in c.metadata.get("tags", [])]


def test_an_edited_answer_is_checked(tmp_path):
    """City: exercise 2 is the Gini ratio (target 0,34, realisasi 0,44: 0.34 / 0.44 × 100 = 77.27);
    exercise 3 asks for the predikat of 67.10 + 9.53 (pengukuran full marks) = 76.63 → BB."""
    cells = _with_answers(tmp_path, {2: "77.27", 3: '"BB"', 5: '"A"', 6: '"abc"'})
    assert _outputs_text(cells[1]).startswith("Correct: ")
    assert _outputs_text(cells[2]).startswith("Correct: ")
    assert _outputs_text(cells[4]).startswith("Not quite: ")  # city IKM 86,84 is mutu B
    assert _outputs_text(cells[5]).startswith("Cannot read your answer: ")
    assert _outputs_text(cells[0]).startswith("Not answered yet: ")


def test_disdukcapil_exercise_3_is_checked_against_the_component_sum(tmp_path):
    """87.59 + 5.31 = 92.90 → AA (from the printed 81.59 it would have been 86.90 → A)."""
    right = _with_answers(tmp_path / "aa", {3: '"AA"'}, entity="disdukcapil-kota-bekasi", year=2024)
    assert _outputs_text(right[2]).startswith("Correct: ") and "92.90" in _outputs_text(right[2])
    wrong = _with_answers(tmp_path / "a", {3: '"A"'}, entity="disdukcapil-kota-bekasi", year=2024)
    assert _outputs_text(wrong[2]).startswith("Not quite: ")


INVALID = [
    ({"entity": "kota-atlantis"}, "unknown entity 'kota-atlantis'"),
    ({"year": 2031}, "valid years: 2023"),
    ({"year": "abc"}, "parameter 'year' must be of type int, got 'abc'"),
    ({"colour": "red"}, "unknown parameter(s) colour; this notebook takes: entity, lang, year"),
]


@pytest.mark.parametrize("params, message", INVALID)
def test_invalid_parameters_stop_in_the_validation_cell(tmp_path, params, message):
    assert_stops_in_validation_cell(NAME, tmp_path, params, message)


def test_committed_summary_is_the_city_default():
    nb = json.loads((NOTEBOOKS / f"{NAME}.ipynb").read_text())
    cell = next(c for c in nb["cells"] if "summary" in c.get("metadata", {}).get("tags", []))
    text = "".join(cell["outputs"][0]["data"]["text/plain"])
    assert "B, 2,91 poin menuju BB" in text and "87.14" in text  # committed in Bahasa Indonesia (the default)
