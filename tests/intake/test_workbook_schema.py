"""The workbook schema: every sheet fills columns its data table has, keys are columns, choices exist."""

from __future__ import annotations

import pytest

from lkip_helpers.data.dataset import load_dataset
from lkip_helpers.intake import CHOICES, SHEETS, sheet

#: sheet columns that are not columns of the target table (they are reshaped on import)
RESHAPED = {"Target": {"value_text"}, "Realisasi": {"realisasi", "capaian", "numerator", "denominator"},
            "Anggaran": {"pagu", "realisasi"}, "AKIP": set(), "IKM": set()}


@pytest.fixture(scope="module")
def dataset():
    return load_dataset()


@pytest.mark.parametrize("spec", SHEETS, ids=lambda s: s.name)
def test_sheet_columns_exist_in_its_table(spec, dataset) -> None:
    table = dataset.tables[spec.table]
    extra = {c.key for c in spec.columns} - set(table.columns) - RESHAPED.get(spec.name, set())
    assert not extra, f"{spec.name}: {sorted(extra)} are not columns of {spec.table}"


@pytest.mark.parametrize("spec", SHEETS, ids=lambda s: s.name)
def test_keys_are_columns_and_choices_are_declared(spec) -> None:
    keys = {c.key for c in spec.columns}
    assert set(spec.key) <= keys
    for column in spec.columns:
        assert (column.kind == "choice") == (column.choices is not None)
        if column.choices:
            assert CHOICES[column.choices]


def test_polarity_choices_match_the_data(dataset) -> None:
    indicators = dataset.tables["indicators"]
    assert set(indicators["polarity"]) <= set(CHOICES["polarity"])


def test_unknown_sheet_names_the_known_ones() -> None:
    with pytest.raises(KeyError, match="Entitas"):
        sheet("Nope")


#: closed drop-down lists and the data column whose values each must cover
CLOSED_LISTS = {"akip_component": ("akip_components", "component"), "ikm_measure": ("ikm_unsur", "measure"),
                "budget_level": ("budgets", "level"), "period": ("indicator_values", "period"),
                "level": ("entities", "level"), "unit": ("indicators", "unit")}


@pytest.mark.parametrize("choices", sorted(CLOSED_LISTS))
def test_drop_down_lists_cover_the_values_in_the_data(choices, dataset) -> None:
    table, column = CLOSED_LISTS[choices]
    values = set(dataset.tables[table][column].dropna().astype(str))
    assert values <= set(CHOICES[choices]), f"{choices} lacks {sorted(values - set(CHOICES[choices]))}"


def test_target_measures_are_measures_of_the_data(dataset) -> None:
    targets = {m for m in dataset.tables["indicator_values"]["measure"] if m.startswith(("target_", "baseline"))}
    assert targets - {"baseline_other_unit"} <= set(CHOICES["target_measure"])


def test_docs_name_every_sheet_and_column() -> None:
    from lkip_helpers.data.paths import PROJECT_ROOT
    from lkip_helpers.intake.workbook_schema import REVIEW_SHEET

    text = (PROJECT_ROOT / "docs" / "workbook.md").read_text(encoding="utf-8")
    missing = [f"{spec.name}: {column.header}" for spec in SHEETS for column in spec.columns
               if f"| {column.header} |" not in text]
    missing += [spec.name for spec in (*SHEETS, REVIEW_SHEET) if f"### {spec.name}" not in text]
    assert not missing, missing


def test_the_check_sheets_lists_are_the_values_the_data_schema_allows(dataset) -> None:
    import re

    fields = {(r["name"], f["name"]): f.get("constraints", {}) for r in dataset.descriptor["resources"]
              for f in r["schema"]["fields"]}
    assert list(CHOICES["relation_kind"]) == fields[("check_relations", "kind")]["enum"]
    assert set(CHOICES["tolerance"]) == set(fields[("check_relations", "tolerance")]["enum"]) - {""}
    group_by = fields[("checks", "group_by")]["pattern"]
    assert all(re.fullmatch(group_by, value) for value in CHOICES["sum_group_by"])
    assert {v for v in dataset.tables["checks"]["group_by"].dropna()} <= set(CHOICES["sum_group_by"])
