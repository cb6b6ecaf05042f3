"""Merging workbook rows into a table by key: added, unchanged, changed (old -> new), replace."""

from __future__ import annotations

import pandas as pd

from lkip_helpers.intake.merge import merge_table

KEY = ["indicator_id", "year", "measure"]
EXISTING = pd.DataFrame([
    {"indicator_id": "a", "year": "2023", "measure": "realisasi", "value": "87.14", "value_text": "87,14",
     "document_id": "d1", "source_ref": "Tabel 3.1"},
    {"indicator_id": "b", "year": "2023", "measure": "realisasi", "value": "", "value_text": "WTP",
     "document_id": "d1", "source_ref": "Tabel 3.1"},
])


def _incoming(**changes) -> pd.DataFrame:
    row = {"indicator_id": "a", "year": "2023", "measure": "realisasi", "value": "87.14", "value_text": "87.14",
           "document_id": "d2", "source_ref": None, "_where": "Realisasi row 3"}
    row.update(changes)
    return pd.DataFrame([row], dtype=object)


def test_the_same_figure_in_another_notation_is_unchanged_and_keeps_its_provenance() -> None:
    merge = merge_table("indicator_values", EXISTING, _incoming(), KEY)
    assert (merge.added, merge.unchanged, merge.changes) == (0, 1, [])
    assert not merge.modified
    assert merge.merged.equals(EXISTING)


def test_a_new_key_is_added_with_its_origin() -> None:
    merge = merge_table("indicator_values", EXISTING, _incoming(year="2024"), KEY)
    assert merge.added == 1 and merge.modified
    assert merge.merged.iloc[-1]["document_id"] == "d2" and merge.merged.iloc[-1]["source_ref"] == ""
    assert merge.origins == {3: "Realisasi row 3"}


def test_a_changed_figure_is_listed_and_applied_only_with_replace() -> None:
    merge = merge_table("indicator_values", EXISTING, _incoming(value="88.0", value_text="88"), KEY)
    assert [str(c) for c in merge.changes] == [
        "indicator_values (a, 2023, realisasi) value_text: '87,14' -> '88' [Realisasi row 3]"]
    assert merge.merged.equals(EXISTING) and not merge.modified
    replaced = merge_table("indicator_values", EXISTING, _incoming(value="88.0", value_text="88"), KEY, replace=True)
    row = replaced.merged.iloc[0]
    assert (row["value"], row["value_text"], row["document_id"], row["source_ref"]) == ("88.0", "88", "d2", "Tabel 3.1")
    assert replaced.modified and replaced.origins == {1: "Realisasi row 3"}


def test_a_number_replaced_by_a_text_loses_its_value() -> None:
    merged = merge_table("indicator_values", EXISTING, _incoming(value=None, value_text="N/A"), KEY, replace=True).merged
    assert (merged.iloc[0]["value"], merged.iloc[0]["value_text"]) == ("", "N/A")


def test_a_blank_cell_never_erases() -> None:
    merge = merge_table("indicator_values", EXISTING, _incoming(value=None, value_text=None), KEY, replace=True)
    assert merge.unchanged == 1 and merge.merged.equals(EXISTING)


def test_a_column_the_table_lacks_is_reported_not_written() -> None:
    merge = merge_table("indicator_values", EXISTING, _incoming(year="2024", formula="x / y"), KEY)
    assert merge.dropped_columns == ["formula"] and "formula" not in merge.merged
