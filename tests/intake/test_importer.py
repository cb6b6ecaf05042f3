"""lkip import: a workbook into a data package, all or nothing, with provenance; the round trip
template -> import gives back the core tables of each report."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pandas as pd
import pytest
from minimal_reports import minimal_frames
from openpyxl import load_workbook

from lkip_helpers.data.dataset import load_dataset
from lkip_helpers.data.paths import PROJECT_ROOT
from lkip_helpers.intake import ImportRefused, import_report, write_template, write_workbook
from lkip_helpers.intake.workbook_schema import SHEETS

CORE = ["entities", "documents", "misi", "sasaran", "indicators", "indicator_values", "akip_components", "ikm_unsur"]


def _tree(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Blank cells as None (an all-blank column loads as None or NaN)."""
    return frame.astype(object).where(frame.notna(), None)


def _report_rows(ds, table: str, entities: set[str], document: str) -> pd.DataFrame:
    frame = ds.tables[table]
    if table == "documents":
        frame = frame[frame["document_id"] == document]
    elif table == "entities":
        frame = frame[frame["entity_id"].isin(entities)]
    elif table == "budgets":
        frame = frame[(frame["document_id"] == document) & frame["measure"].isin(["pagu", "realisasi"])]
    else:
        frame = frame[frame["entity_id"] == next(iter(entities))]
    frame = _plain(frame)
    return frame.sort_values(list(frame.columns), key=lambda c: c.astype(str)).reset_index(drop=True)


@pytest.fixture()
def minimal_workbook(tmp_path) -> Path:
    path = tmp_path / "kota-contoh.xlsx"
    write_workbook(path, minimal_frames())
    return path


@pytest.mark.parametrize("entity, year", [("kota-bekasi", 2023), ("disdukcapil-kota-bekasi", 2024)])
def test_template_of_a_report_imported_into_an_empty_folder_gives_back_its_tables(tmp_path, ds, entity, year) -> None:
    workbook = tmp_path / "report.xlsx"
    assert write_template(workbook, PROJECT_ROOT / "data", entity, year) == "report"
    result = import_report(workbook, tmp_path / "new")
    assert result.new_package
    back = load_dataset(tmp_path / "new")
    document = ds.tables["documents"].set_index(["entity_id", "report_year"]).loc[(entity, year), "document_id"]
    entities = set(back.tables["entities"]["entity_id"])
    assert entity in entities
    for table in [*CORE, "budgets"]:
        expected = _report_rows(ds, table, {entity} if table != "entities" else entities, document)
        got = _report_rows(back, table, {entity} if table != "entities" else entities, document)
        pd.testing.assert_frame_equal(got, expected, check_dtype=False, obj=table)
        assert len(got) or table in {"misi", "ikm_unsur", "akip_components"}
    # the report's checks: those on stats tables (which a new package lacks) are left out and named
    # in a note; the others get in whole
    imported = 0
    for table, sheet in (("checks", "CekJumlah"), ("check_relations", "CekRelasi")):
        mine = _plain(ds.tables[table][ds.tables[table]["document_id"] == document]).set_index("check_id")
        got = _plain(back.tables[table]).set_index("check_id")
        assert got.index.isin(mine.index).all()
        pd.testing.assert_frame_equal(got, mine.loc[got.index], check_dtype=False, check_index_type=False, obj=table)
        left_out = mine.index.difference(got.index)
        note = next((n for n in result.report.notes if n.startswith(f"{sheet}: {len(left_out)} check(s) not imported")),
                    "")
        assert all(f"{check_id} (" in note for check_id in left_out)
        imported += len(got)
    assert imported  # the checks on the figures the workbook carries (formula, unit-score) got in


def test_a_minimal_report_gets_in_with_provenance_on_every_row(tmp_path, minimal_workbook) -> None:
    result = import_report(minimal_workbook, tmp_path / "d")
    assert result.merges["indicator_values"].added == 5 + 5 + 2  # 5 targets, 5 realisasi, 2 capaian printed
    ds = load_dataset(tmp_path / "d")
    assert ds.entity_years().values.tolist() == [["kota-contoh", 2024]]
    values = ds.tables["indicator_values"]
    assert set(values["document_id"]) == {"lkip-kota-contoh-2024"}
    realisasi = values[values["measure"] == "realisasi"].set_index("indicator_id")
    assert realisasi.loc["kota-contoh-akip", "source_ref"] == "Lembar Realisasi baris 3"
    assert realisasi.loc["kota-contoh-pad", "value"] == 2733723365213
    assert pd.isna(realisasi.loc["kota-contoh-opini", "value"]) and realisasi.loc["kota-contoh-opini", "value_text"] == "WTP"
    targets = values[values["measure"] == "target_pk"].set_index("indicator_id")
    assert targets.loc["kota-contoh-pad", "value"] == 2.9e12 and targets.loc["kota-contoh-pad", "source_ref"] == "Tabel 3.1"
    indicators = ds.tables["indicators"].set_index("indicator_id")
    assert indicators.loc["kota-contoh-akip", "name_en"] == "Nilai AKIP (fixture)"  # no English name given
    assert any("without an English name" in line for line in result.summary())


def test_importing_the_same_workbook_again_changes_nothing(tmp_path, minimal_workbook) -> None:
    import_report(minimal_workbook, tmp_path / "d")
    before = _tree(tmp_path / "d")
    again = import_report(minimal_workbook, tmp_path / "d")
    assert sum(m.added for m in again.merges.values()) == 0 and not again.changes
    assert _tree(tmp_path / "d") == before


def _change_realisasi(path: Path, text: str) -> None:
    book = load_workbook(path)
    book["Realisasi"]["D3"] = text
    book.save(path)


def test_a_changed_figure_needs_replace(tmp_path, minimal_workbook) -> None:
    import_report(minimal_workbook, tmp_path / "d")
    before = _tree(tmp_path / "d")
    _change_realisasi(minimal_workbook, "73,1")
    with pytest.raises(ImportRefused) as err:
        import_report(minimal_workbook, tmp_path / "d")
    assert "1 existing figure(s) would change; nothing was imported (pass --replace" in str(err.value)
    assert "value_text: '72,5' -> '73,1' [Realisasi row 3]" in str(err.value)
    assert _tree(tmp_path / "d") == before
    dry = import_report(minimal_workbook, tmp_path / "d", dry_run=True)
    assert len(dry.changes) == 1 and _tree(tmp_path / "d") == before
    import_report(minimal_workbook, tmp_path / "d", replace=True)
    values = load_dataset(tmp_path / "d").tables["indicator_values"]
    row = values[(values["indicator_id"] == "kota-contoh-akip") & (values["measure"] == "realisasi")].iloc[0]
    assert (row["value"], row["value_text"]) == (73.1, "73,1")


def test_a_dry_run_writes_nothing(tmp_path, data_copy, minimal_workbook) -> None:
    before = _tree(data_copy)
    result = import_report(minimal_workbook, data_copy, dry_run=True)
    assert result.merges["indicators"].added == 5
    assert _tree(data_copy) == before
    assert not (tmp_path / "never").exists()
    import_report(minimal_workbook, tmp_path / "never", dry_run=True)
    assert not (tmp_path / "never").exists()


def test_an_interrupted_import_leaves_the_data_as_it_was(tmp_path, data_copy, minimal_workbook, monkeypatch) -> None:
    import lkip_helpers.data.atomic as atomic

    before = _tree(data_copy)

    def interrupted(staged, target):
        raise KeyboardInterrupt

    monkeypatch.setattr(atomic, "replace_directory", interrupted)
    with pytest.raises(KeyboardInterrupt):
        import_report(minimal_workbook, data_copy)
    assert _tree(data_copy) == before
    assert [p.name for p in data_copy.parent.iterdir() if p.name.startswith(".")] == []


def test_data_that_would_be_invalid_after_the_merge_are_refused_naming_the_workbook_row(tmp_path, data_copy) -> None:
    frames = minimal_frames()
    frames["Realisasi"].loc[0, "realisasi"] = "150"  # AKIP is bounded 0-100
    write_workbook(tmp_path / "bad.xlsx", frames)
    before = _tree(data_copy)
    with pytest.raises(ImportRefused) as err:
        import_report(tmp_path / "bad.xlsx", data_copy)
    message = str(err.value)
    assert "Realisasi row 3: " in message and "realisasi 150 is above the bounds of indicator 'kota-contoh-akip'" in message
    assert str(data_copy / "indicator_values.csv") in message
    assert _tree(data_copy) == before


@pytest.mark.parametrize("edit, message", [
    (lambda f: f["IKU"].__setitem__("sasaran_id", "kota-contoh-s09"), "IKU!E3: unknown sasaran 'kota-contoh-s09'"),
    (lambda f: f["Target"].loc.__setitem__((0, "indicator_id"), "nope"), "Target!A3: unknown IKU 'nope'"),
    (lambda f: f["Sasaran"].loc.__setitem__((0, "misi_no"), 7), "Sasaran!B3: unknown misi 7"),
    (lambda f: f["Entitas"].__setitem__("parent_id", "prov-atlantis"), "Entitas row 3: unknown parent entity 'prov-atlantis'"),
    (lambda f: f.__setitem__("Dokumen", pd.DataFrame()), "Dokumen: one report per workbook"),
])
def test_references_between_sheets_are_checked_by_cell(tmp_path, edit, message) -> None:
    frames = minimal_frames()
    edit(frames)
    write_workbook(tmp_path / "r.xlsx", frames)
    with pytest.raises(ValueError) as err:
        import_report(tmp_path / "r.xlsx", tmp_path / "d")
    assert message in str(err.value)
    assert not (tmp_path / "d").exists()


def test_a_second_document_for_the_same_report_is_refused(tmp_path, data_copy) -> None:
    frames = minimal_frames("kota-bekasi", 2023)
    frames["Entitas"] = pd.DataFrame([{"entity_id": "kota-bekasi", "name": "Kota Bekasi", "level": "kota"}])
    frames["Dokumen"].loc[0, "document_id"] = "lkip-kota-bekasi-2023-revisi"
    write_workbook(tmp_path / "r.xlsx", frames)
    with pytest.raises(ValueError, match="already hold the report of kota-bekasi for 2023 as document 'lkip-kota-bekasi-2023'"):
        import_report(tmp_path / "r.xlsx", data_copy)


def test_a_folder_that_is_no_data_package_is_refused(tmp_path, minimal_workbook) -> None:
    (tmp_path / "stuff").mkdir()
    (tmp_path / "stuff" / "notes.txt").write_text("mine")
    with pytest.raises(ImportRefused, match="neither a data package"):
        import_report(minimal_workbook, tmp_path / "stuff")


def test_the_sheets_as_csv_files_import_like_the_workbook(tmp_path, minimal_workbook) -> None:
    folder = tmp_path / "sheets"
    folder.mkdir()
    book = load_workbook(minimal_workbook)
    for spec in SHEETS:
        rows = [[cell.value for cell in row] for row in book[spec.name].iter_rows()]
        pd.DataFrame(rows).to_csv(folder / f"{spec.name}.csv", index=False, header=False)
    import_report(minimal_workbook, tmp_path / "from-xlsx")
    import_report(folder, tmp_path / "from-csv")
    a, b = load_dataset(tmp_path / "from-xlsx"), load_dataset(tmp_path / "from-csv")
    for table in CORE:
        left = a.tables[table].drop(columns=["source_ref"], errors="ignore")
        right = b.tables[table].drop(columns=["source_ref"], errors="ignore")
        pd.testing.assert_frame_equal(left, right, check_dtype=False, obj=table)


def test_an_older_copy_without_the_formula_column_still_imports(tmp_path, data_copy, minimal_workbook) -> None:
    import json

    descriptor = json.loads((data_copy / "datapackage.json").read_text())
    for resource in descriptor["resources"]:
        if resource["name"] == "indicators":
            resource["schema"]["fields"] = [f for f in resource["schema"]["fields"] if f["name"] != "formula"]
    (data_copy / "datapackage.json").write_text(json.dumps(descriptor))
    frame = pd.read_csv(data_copy / "indicators.csv", dtype=str, keep_default_na=False).drop(columns=["formula"])
    frame.to_csv(data_copy / "indicators.csv", index=False)
    frames = minimal_frames()
    frames["IKU"]["formula"] = "realisasi / target x 100"
    write_workbook(minimal_workbook, frames)
    result = import_report(minimal_workbook, data_copy)
    assert any("column 'formula' is not kept" in line for line in result.summary())
    assert "formula" not in load_dataset(data_copy).tables["indicators"]
    shutil.rmtree(data_copy)


def test_frictionless_checks_the_tables_an_import_rewrote(data_copy) -> None:
    from lkip_helpers.intake.importer import _validate_frictionless

    values = data_copy / "indicator_values.csv"
    _validate_frictionless(data_copy, {values: {}})  # the data as they are pass
    values.write_text(values.read_text(encoding="utf-8").replace(",2023,annual,", ",tahun,annual,", 1), encoding="utf-8")
    with pytest.raises(ImportRefused, match="indicator_values: .*year"):
        _validate_frictionless(data_copy, {values: {}})
    _validate_frictionless(data_copy, {data_copy / "indicators.csv": {}})  # a table left alone is not re-checked


def test_a_refusal_lists_the_removed_checks_before_a_long_list_of_changes():
    from types import SimpleNamespace

    from lkip_helpers.intake.importer import ImportRefused, _refuse_changes

    result = SimpleNamespace(source="report.xlsx", changes=[f"Realisasi!D{i}: 1 → 2" for i in range(4, 44)],
                             removals=["check kota-x-sum", "check kota-x-ratio"])
    with pytest.raises(ImportRefused) as refused:
        _refuse_changes(result)
    text = refused.value.in_language("en")
    lines = text.splitlines()
    assert "40 existing figure(s) would change and 2 check(s) of the report would be removed" in lines[0]
    # both removals are shown although the 40 changes exceed the 30 lines listed
    assert "removed: check kota-x-sum" in text and "removed: check kota-x-ratio" in text
    assert "Realisasi!D4: 1 → 2" in text and "Realisasi!D43: 1 → 2" not in text
