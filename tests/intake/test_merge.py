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


CHECKS = pd.DataFrame([
    {"check_id": "x-1", "document_id": "d1", "topic": "t", "description": "first"},
    {"check_id": "y-1", "document_id": "d2", "topic": "t", "description": "of another report"},
    {"check_id": "x-2", "document_id": "d1", "topic": "t", "description": "second"},
    {"check_id": "x-3", "document_id": "d1", "topic": "t", "description": "third"},
])


def _checks(*rows: dict) -> pd.DataFrame:
    return pd.DataFrame([{"document_id": "d1", "topic": "t", "_where": f"CekJumlah row {n + 3}", **row}
                         for n, row in enumerate(rows)], dtype=object)


def test_a_declaration_the_incoming_rows_no_longer_list_is_removed_only_with_replace() -> None:
    incoming = _checks({"check_id": "x-3", "description": "third"}, {"check_id": "x-4", "description": "new"})
    listed = merge_table("checks", CHECKS, incoming, ["check_id"])
    assert listed.removed == [("x-1",), ("x-2",)] and listed.merged["check_id"].tolist() == ["x-1", "y-1", "x-2", "x-3", "x-4"]
    assert listed.origins == {5: "CekJumlah row 4"}
    replaced = merge_table("checks", CHECKS, incoming, ["check_id"], replace=True)
    assert replaced.removed == [("x-1",), ("x-2",)] and replaced.modified
    # the other report's check stays, in its place; the added row's origin follows the removals
    assert replaced.merged["check_id"].tolist() == ["y-1", "x-3", "x-4"]
    assert replaced.origins == {3: "CekJumlah row 4"}


def test_no_incoming_declarations_remove_nothing_and_figures_are_never_removed() -> None:
    empty = merge_table("checks", CHECKS, _checks().reindex(columns=list(CHECKS.columns)), ["check_id"], replace=True)
    assert empty.removed == [] and not empty.modified and empty.merged.equals(CHECKS)
    figures = merge_table("indicator_values", EXISTING, _incoming(document_id="d1"), KEY, replace=True)
    assert figures.removed == [] and len(figures.merged) == len(EXISTING)
