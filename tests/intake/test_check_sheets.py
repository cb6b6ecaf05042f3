"""A report's own checks get in through the workbook (sheets CekJumlah and CekRelasi): read and
checked by cell, merged by check_id with the rest of the import, validated, and applied by the audit;
the template of a report in the data carries them back; a check deleted from a sheet with rows is
removed (with --replace), an empty or absent sheet removes nothing."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import pandas as pd
import pytest
from minimal_reports import minimal_frames
from openpyxl import load_workbook

from lkip_helpers.audit import audit_report
from lkip_helpers.data.dataset import load_dataset
from lkip_helpers.data.paths import PROJECT_ROOT
from lkip_helpers.intake import ImportRefused, WorkbookError, import_report, write_template, write_workbook
from lkip_helpers.intake.workbook_schema import SHEETS

DATA = PROJECT_ROOT / "data"
DOCUMENT = "lkip-kota-contoh-2024"
#: a formula on a figure the workbook carries: the printed capaian of the AKIP IKU = realisasi / target x 100
CAPAIAN_CHECK = {"check_id": "kota-contoh-capaian-akip", "kind": "formula", "subject": "indicator_values",
                 "source_ref": "Lembar Realisasi baris 3", "variable": "capaian", "rows": "2024",
                 "inputs": "[measure=realisasi] / [measure=target_pk; source_ref=*] * 100",
                 "indicator_id": "kota-contoh-akip", "tolerance": "inputs",
                 "description": "capaian = realisasi / target x 100 (fixture)"}
#: a sum check on a stats table of the data (the workbook carries no stats rows)
PAD_SUM = {"check_id": "kota-contoh-sum-pad", "topic": "pad-komponen", "source_ref": "Tabel 3.5",
           "variables": "target|realisasi", "total_category": "PENDAPATAN ASLI DAERAH", "parts": "*",
           "description": "PAD = the sum of its components (fixture)"}


def _tree(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _workbook(path: Path, *, sums: list[dict] = (), relations: list[dict] = (), capaian: str | None = None) -> Path:
    frames = minimal_frames()
    if capaian is not None:
        frames["Realisasi"].loc[0, "capaian"] = capaian  # the AKIP IKU, on Realisasi row 3
    frames["CekJumlah"] = pd.DataFrame(list(sums))
    frames["CekRelasi"] = pd.DataFrame(list(relations))
    write_workbook(path, frames)
    return path


def _formula_findings(data_dir: Path) -> pd.DataFrame:
    findings = audit_report(load_dataset(data_dir), "kota-contoh", 2024)
    return findings[findings["check"].str.startswith(CAPAIAN_CHECK["check_id"])]


def test_an_imported_relation_is_applied_by_the_audit_and_finds_a_wrong_printed_capaian(tmp_path) -> None:
    # 72,5 / 70 x 100 = 103,57; the report printed 110,00
    _workbook(tmp_path / "w.xlsx", relations=[CAPAIAN_CHECK], capaian="110,00")
    result = import_report(tmp_path / "w.xlsx", tmp_path / "d")
    assert result.merges["check_relations"].added == 1
    relations = load_dataset(tmp_path / "d").tables["check_relations"]
    assert relations.set_index("check_id").loc[CAPAIAN_CHECK["check_id"], "document_id"] == DOCUMENT
    found = _formula_findings(tmp_path / "d")
    assert len(found) == 1
    finding = found.iloc[0]
    assert finding["status"] == "discrepancy" and finding["printed_text"] == "110,00"
    assert finding["recomputed"] == pytest.approx(72.5 / 70 * 100)


def test_the_same_relation_on_a_right_capaian_matches_and_without_it_the_audit_has_no_such_check(tmp_path) -> None:
    _workbook(tmp_path / "ok.xlsx", relations=[CAPAIAN_CHECK])  # the fixture's 103,57
    import_report(tmp_path / "ok.xlsx", tmp_path / "ok")
    assert _formula_findings(tmp_path / "ok")["status"].tolist() == ["match"]
    _workbook(tmp_path / "none.xlsx", capaian="110,00")
    import_report(tmp_path / "none.xlsx", tmp_path / "none")
    assert _formula_findings(tmp_path / "none").empty


def test_a_sum_check_on_a_stats_table_of_the_data_imports_and_validates(tmp_path, data_copy) -> None:
    _workbook(tmp_path / "w.xlsx", sums=[PAD_SUM])
    result = import_report(tmp_path / "w.xlsx", data_copy)
    assert result.merges["checks"].added == 1
    checks = load_dataset(data_copy).tables["checks"].set_index("check_id")
    assert checks.loc[PAD_SUM["check_id"], "document_id"] == DOCUMENT
    assert checks.loc[PAD_SUM["check_id"], "total_category"] == "PENDAPATAN ASLI DAERAH"


@pytest.mark.parametrize("sums, relations, message", [
    ([{**PAD_SUM, "document_id": "lkip-kota-bekasi-2023"}], [],
     "CekJumlah!B3: document 'lkip-kota-bekasi-2023' is not this report's"),
    ([{**PAD_SUM, "check_id": "city-sum-pad-3-5"}], [],
     "CekJumlah!A3: check 'city-sum-pad-3-5' is already in the data as a check of document 'lkip-kota-bekasi-2023'"),
    ([{**PAD_SUM, "parts": None}], [], "CekJumlah!H3: Baris bagian: a value is required"),
    ([PAD_SUM, PAD_SUM], [], "CekJumlah row 4: the same row as CekJumlah row 3"),
    ([], [{**CAPAIAN_CHECK, "kind": "product"}], "CekRelasi!C3: Jenis relasi: 'product' is not one of: ratio"),
    ([], [{**CAPAIAN_CHECK, "indicator_id": "nope"}], "CekRelasi!I3: unknown IKU 'nope'"),
])
def test_a_bad_check_row_is_refused_by_cell_and_nothing_is_written(tmp_path, data_copy, sums, relations, message) -> None:
    _workbook(tmp_path / "bad.xlsx", sums=sums, relations=relations)
    before = _tree(data_copy)
    with pytest.raises(WorkbookError) as err:
        import_report(tmp_path / "bad.xlsx", data_copy)
    assert message in str(err.value)
    assert _tree(data_copy) == before


def test_a_check_the_data_cannot_apply_is_refused_naming_the_workbook_row(tmp_path, data_copy) -> None:
    _workbook(tmp_path / "bad.xlsx", sums=[PAD_SUM, {**PAD_SUM, "check_id": "kota-contoh-sum-x", "topic": "pad-x"}])
    before = _tree(data_copy)
    with pytest.raises(ImportRefused) as err:
        import_report(tmp_path / "bad.xlsx", data_copy)
    assert "CekJumlah row 4: " in str(err.value) and "no stats topic 'pad-x'" in str(err.value)
    assert _tree(data_copy) == before


#: a comparison word of the text against two figures (the fixture's report prints no text claims)
COMPARISON = {"check_id": "kota-contoh-cmp", "kind": "comparison", "subject": "text-claims",
              "source_ref": "Bab III (text)", "variable": "growth_vs_average", "rows": "*",
              "inputs": "[variable=capaian]|[variable=capaian_change]", "description": "cmp (fixture)"}


def test_a_comparison_on_the_relation_sheet_imports_and_one_without_two_references_is_refused(
        tmp_path, data_copy) -> None:
    _workbook(tmp_path / "w.xlsx", relations=[COMPARISON])
    assert import_report(tmp_path / "w.xlsx", data_copy).merges["check_relations"].added == 1
    relations = load_dataset(data_copy).tables["check_relations"].set_index("check_id")
    assert relations.loc[COMPARISON["check_id"], "kind"] == "comparison"
    _workbook(tmp_path / "bad.xlsx", relations=[{**COMPARISON, "inputs": "[variable=capaian]"}])
    before = _tree(data_copy)
    with pytest.raises(ImportRefused) as err:
        import_report(tmp_path / "bad.xlsx", data_copy, replace=True)
    assert "CekRelasi row 3: " in str(err.value) and "column 'inputs': a comparison needs two cell references" in str(err.value)
    assert _tree(data_copy) == before


def test_a_reimport_merges_the_checks_by_id_and_a_changed_check_needs_replace(tmp_path, data_copy) -> None:
    _workbook(tmp_path / "w.xlsx", sums=[PAD_SUM], relations=[CAPAIAN_CHECK])
    import_report(tmp_path / "w.xlsx", data_copy)
    before = _tree(data_copy)
    again = import_report(tmp_path / "w.xlsx", data_copy)
    assert again.merges["checks"].added == again.merges["check_relations"].added == 0 and not again.changes
    assert _tree(data_copy) == before
    # a blank cell of a check is a value: an empty Variabel means every variable
    _workbook(tmp_path / "w2.xlsx", sums=[{**PAD_SUM, "variables": None}], relations=[CAPAIAN_CHECK])
    with pytest.raises(ImportRefused, match="checks \\(kota-contoh-sum-pad\\) variables: 'target\\|realisasi' -> ''"):
        import_report(tmp_path / "w2.xlsx", data_copy)
    assert _tree(data_copy) == before
    import_report(tmp_path / "w2.xlsx", data_copy, replace=True)
    checks = load_dataset(data_copy).tables["checks"]
    mine = checks[checks["document_id"] == DOCUMENT]
    assert mine["check_id"].tolist() == [PAD_SUM["check_id"]] and mine["variables"].isna().all()


def test_a_workbook_without_the_check_sheets_still_imports(tmp_path, data_copy) -> None:
    path = _workbook(tmp_path / "old.xlsx")
    book = load_workbook(path)
    for name in ("CekJumlah", "CekRelasi"):
        del book[name]
    book.save(path)
    checks_before = (data_copy / "checks.csv").read_bytes(), (data_copy / "check_relations.csv").read_bytes()
    result = import_report(path, data_copy)
    assert result.merges["checks"].added == result.merges["check_relations"].added == 0
    assert result.merges["indicator_values"].added == 12
    assert ((data_copy / "checks.csv").read_bytes(), (data_copy / "check_relations.csv").read_bytes()) == checks_before


REPORTS = [("kota-bekasi", 2023), ("disdukcapil-kota-bekasi", 2024)]
SHEET_OF = {"checks": "CekJumlah", "check_relations": "CekRelasi"}


def _csv_rows(data_dir: Path, table: str, document: str) -> list[dict]:
    with (data_dir / f"{table}.csv").open(encoding="utf-8", newline="") as fh:
        return [row for row in csv.DictReader(fh) if row["document_id"] == document]


def _sheet_rows(path: Path, sheet: str) -> list[dict]:
    """The data rows of a check sheet, by column key; a blank cell as ''."""
    spec = next(s for s in SHEETS if s.name == sheet)
    keys = {c.header: c.key for c in spec.columns}
    rows = list(load_workbook(path)[sheet].iter_rows(values_only=True))
    header = [keys[h] for h in rows[0]]
    return [{k: "" if v is None else v for k, v in zip(header, row)} for row in rows[2:]]


def _document(ds, entity: str, year: int) -> str:
    docs = ds.tables["documents"]
    return docs[(docs["entity_id"] == entity) & (docs["report_year"] == year)]["document_id"].item()


@pytest.mark.parametrize("entity, year", REPORTS)
def test_the_template_of_a_report_carries_its_checks_and_imports_back_byte_for_byte(tmp_path, ds, data_copy,
                                                                                  entity, year) -> None:
    # every (entity, year) of the data is covered
    assert sorted(ds.entity_years().itertuples(index=False, name=None)) == sorted(REPORTS)
    document = _document(ds, entity, year)
    workbook = tmp_path / "report.xlsx"
    write_template(workbook, data_copy, entity, year)
    for table, sheet in SHEET_OF.items():
        stored = _csv_rows(data_copy, table, document)
        assert stored and _sheet_rows(workbook, sheet) == stored  # every column, values as stored, in order
    before = _tree(data_copy)
    result = import_report(workbook, data_copy)
    for table in SHEET_OF:
        merge = result.merges[table]
        assert (merge.added, merge.changes, merge.removed) == (0, [], [])
        assert merge.unchanged == len(_csv_rows(data_copy, table, document))
    # the data folder is byte for byte as it was, so the audit's findings are too
    assert _tree(data_copy) == before


def _delete_sheet_row(path: Path, sheet: str, check_id: str) -> None:
    book = load_workbook(path)
    ws = book[sheet]
    row = next(cell.row for cell in ws["A"] if cell.value == check_id)
    ws.delete_rows(row)
    book.save(path)


def test_a_check_deleted_from_its_sheet_is_removed_with_replace_and_named(tmp_path, ds, data_copy) -> None:
    removed = "dukcapil-sum-coverage-3-2"
    workbook = tmp_path / "report.xlsx"
    write_template(workbook, data_copy, "disdukcapil-kota-bekasi", 2024)
    _delete_sheet_row(workbook, "CekRelasi", removed)
    before, lines = _tree(data_copy), (data_copy / "check_relations.csv").read_text(encoding="utf-8").splitlines()
    named = f"removed: check_relations: {removed} (not on sheet CekRelasi)"
    with pytest.raises(ImportRefused, match="1 check\\(s\\) of the report would be removed") as err:
        import_report(workbook, data_copy)
    assert named in str(err.value) and _tree(data_copy) == before
    result = import_report(workbook, data_copy, replace=True)
    assert f"  {named}" in result.summary()
    after = (data_copy / "check_relations.csv").read_text(encoding="utf-8").splitlines()
    assert after == [line for line in lines if not line.startswith(f"{removed},")] and len(after) == len(lines) - 1
    assert (data_copy / "checks.csv").read_bytes() == (DATA / "checks.csv").read_bytes()
    # the audit no longer finds what the removed check found, and everything else as before
    old = audit_report(ds, "disdukcapil-kota-bekasi", 2024).set_index("key")
    new = audit_report(load_dataset(data_copy), "disdukcapil-kota-bekasi", 2024).set_index("key")
    lost = old.index.difference(new.index)
    assert len(lost) and old.loc[lost, "check"].str.startswith(f"{removed}: ").all()
    assert new.index.isin(old.index).all()
    pd.testing.assert_frame_equal(new[["check", "status", "printed", "recomputed"]],
                                  old.drop(index=lost)[["check", "status", "printed", "recomputed"]].loc[new.index])


def test_an_absent_or_empty_check_sheet_keeps_the_reports_checks(tmp_path, data_copy) -> None:
    document = "lkip-disdukcapil-kota-bekasi-2024"
    workbook = tmp_path / "report.xlsx"
    write_template(workbook, data_copy, "disdukcapil-kota-bekasi", 2024)
    book = load_workbook(workbook)
    del book["CekRelasi"]  # absent
    book["CekJumlah"].delete_rows(3, book["CekJumlah"].max_row)  # present, headers only
    book.save(workbook)
    before = {table: (data_copy / f"{table}.csv").read_bytes() for table in SHEET_OF}
    result = import_report(workbook, data_copy, replace=True)  # even with --replace: nothing is removed
    assert not result.removals
    for table, sheet in SHEET_OF.items():
        assert result.merges[table].removed == [] and (data_copy / f"{table}.csv").read_bytes() == before[table]
        held = sorted(row["check_id"] for row in _csv_rows(data_copy, table, document))
        note = next(n for n in result.report.notes if n.startswith(f"{sheet}: no rows"))
        assert note.endswith(f"the report's {len(held)} check(s) in {table}.csv are kept (an empty or absent "
                             f"sheet removes nothing): {', '.join(held)}")
