"""lkip template: the workbook of a report in the data, of a new year pre-filled from the last, and
of a new entity; the instructions sheet's example rows."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from lkip_helpers.data.errors import ParameterError
from lkip_helpers.data.paths import PROJECT_ROOT
from lkip_helpers.intake import SHEETS, WorkbookError, read_workbook, template_sheets, write_template
from lkip_helpers.intake.workbook_schema import EXAMPLES

DATA = PROJECT_ROOT / "data"


def test_a_new_year_is_prefilled_from_the_last_report(ds) -> None:
    sheets, case = template_sheets(DATA, "kota-bekasi", 2024, from_year=2023)
    assert case == "next_year"
    assert sheets["Dokumen"].iloc[0]["document_id"] == "lkip-kota-bekasi-2024"
    assert sheets["Dokumen"].iloc[0]["report_year"] == 2024
    indicators = ds.tables["indicators"]
    own = indicators[indicators["entity_id"] == "kota-bekasi"]
    assert len(sheets["IKU"]) == len(own)
    new_rows = sheets["Realisasi"][sheets["Realisasi"]["year"] == 2024]
    assert sorted(new_rows["indicator_id"]) == sorted(own["indicator_id"])
    assert new_rows["realisasi"].isna().all()
    values = ds.tables["indicator_values"]
    plan = values[(values["entity_id"] == "kota-bekasi") & values["measure"].str.startswith("target")]
    assert len(sheets["Target"]) == len(plan) + len(values[(values["entity_id"] == "kota-bekasi") & (values["measure"] == "baseline")]) + 3
    assert sheets["Anggaran"]["pagu"].isna().all() and (sheets["Anggaran"]["year"] == 2024).all()
    # the checks of 2023 belong to its document: not carried over
    assert all(sheets.get(name) is None or sheets[name].empty for name in ("CekJumlah", "CekRelasi"))


def test_a_report_in_the_data_is_filled_with_its_figures(ds) -> None:
    sheets, case = template_sheets(DATA, "disdukcapil-kota-bekasi", 2024)
    assert case == "report"
    assert sheets["Entitas"]["entity_id"].tolist()[0] == "disdukcapil-kota-bekasi"
    assert "Misi" in sheets and sheets["Misi"].empty
    values = ds.tables["indicator_values"]
    assert sheets["Realisasi"]["capaian"].notna().sum() == ((values["entity_id"] == "disdukcapil-kota-bekasi")
                                                            & (values["measure"] == "capaian")).sum()


def test_a_new_entity_gets_an_empty_workbook(tmp_path) -> None:
    path = tmp_path / "new.xlsx"
    assert write_template(path, DATA, "kabupaten-contoh", 2025) == "new_entity"
    book = load_workbook(path)
    assert book["Entitas"]["A3"].value == "kabupaten-contoh" and book["Entitas"]["B3"].value is None
    assert (book["Dokumen"]["A3"].value, book["Dokumen"]["C3"].value) == ("lkip-kabupaten-contoh-2025", 2025)
    assert all(book[name].max_row == 2 for name in ("Misi", "Sasaran", "IKU", "Target", "Realisasi"))
    with pytest.raises(WorkbookError, match="Entitas!B3: Nama entitas: a value is required"):
        read_workbook(path)  # the name and level are still to be typed


def test_the_instructions_sheet_has_a_filled_example_row_per_sheet(tmp_path) -> None:
    path = tmp_path / "new.xlsx"
    write_template(path, DATA, "kabupaten-contoh", 2025)
    rows = [[c for c in row] for row in load_workbook(path)["Petunjuk"].iter_rows(values_only=True)]
    for spec in SHEETS:
        title = next(n for n, r in enumerate(rows) if r[0] == f"Lembar {spec.name}")
        headers, example = rows[title + 1], rows[title + 2]
        assert list(headers[: len(spec.columns)]) == [c.header for c in spec.columns]
        filled = {c.key: v for c, v in zip(spec.columns, example) if v not in (None, "")}
        assert filled == {k: v for k, v in EXAMPLES[spec.name].items() if v != ""}
        assert all(c.key in filled for c in spec.columns if c.required)


def test_an_existing_workbook_is_not_overwritten(tmp_path) -> None:
    path = tmp_path / "mine.xlsx"
    path.write_bytes(b"my filled workbook")
    with pytest.raises(FileExistsError, match="pass --force"):
        write_template(path, DATA, "kota-bekasi", 2023)
    assert path.read_bytes() == b"my filled workbook"
    write_template(path, DATA, "kota-bekasi", 2023, overwrite=True)
    assert path.read_bytes() != b"my filled workbook"


@pytest.mark.parametrize("kwargs, message", [
    ({"entity": "kota-bekasi", "year": 2024, "from_year": 2022}, "no report of 'kota-bekasi' for 2022 in the data; years with a report: 2023"),
    ({"entity": "kota-bekasi", "year": 2023, "from_year": 2023}, "--from-year 2023 must be before --year 2023"),
    ({"entity": "kota-bekasi", "year": 2023, "from_year": 2020}, "already hold the report of kota-bekasi for 2023"),
    ({"entity": "kota-bekasi", "year": 20245}, "--year must be a calendar year"),
])
def test_bad_template_options(kwargs, message) -> None:
    with pytest.raises(ParameterError, match=message):
        template_sheets(DATA, **kwargs)
