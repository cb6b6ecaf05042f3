"""Validation enforces what the notebooks rely on: declared bounds, targets capaian can be computed
from, one reading of every number, readable files, and a true count of the problems found."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from lkip_helpers import DataValidationError, load_dataset
from lkip_helpers.data.errors import DataIssue
from lkip_helpers.data.validation import read_table


def _rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _write(path: Path, rows: list[dict], delimiter: str = ",") -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n", delimiter=delimiter)
        w.writeheader()
        w.writerows(rows)


def _edit_value(data: Path, changes: dict[str, str], **match: object) -> int:
    """Edit the one row of indicator_values matching ``match``; return its 1-based row number."""
    path = data / "indicator_values.csv"
    rows = _rows(path)
    hits = [i for i, r in enumerate(rows) if all(r[k] == str(v) for k, v in match.items())]
    assert len(hits) == 1, f"{match} matches rows {hits}"
    rows[hits[0]].update(changes)
    _write(path, rows)
    return hits[0] + 1


def _load_error(data: Path) -> DataValidationError:
    with pytest.raises(DataValidationError) as err:
        load_dataset(data)
    return err.value


AKIP_2023 = {"indicator_id": "kota-akip", "year": 2023, "period": "annual"}  # bounds 0-100
PAD_2023 = {"indicator_id": "kota-peningkatan-pad", "year": 2023, "period": "annual"}  # no bounds


# --- 5. the count of further issues is the real count ---------------------------------------------
def test_fifty_thousand_bad_cells_are_all_counted(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("n\n" + "x\n" * 50_000, encoding="utf-8")
    issues: list[DataIssue] = []
    read_table(path, {"fields": [{"name": "n", "type": "integer"}]}, issues)
    err = DataValidationError(issues)
    assert err.total == 50_000
    assert len(err.issues) == 21  # 20 listed, one counting the rest
    assert str(err).startswith(f"{path}, row 1 (line 2), column 'n': 'x' is not a whole number\n"
                               "(49,999 more issues; the first 9 listed:\n")
    assert "49,980 more bad cells not listed" in str(err.issues[-1])


def test_unknown_keys_beyond_the_cap_are_counted(data_copy):
    path = data_copy / "indicator_values.csv"
    rows = _rows(path)
    for i in range(25):
        rows[i]["indicator_id"] = f"no-such-{i}"
    _write(path, rows)
    err = _load_error(data_copy)
    assert err.total == 25
    assert str(err).startswith(f"{path}, row 1 (line 2), column 'indicator_id': unknown indicator_id 'no-such-0'")
    assert "(24 more issues; the first 9 listed:" in str(err)


def test_a_few_issues_are_all_listed_without_a_cap_note(data_copy):
    _edit_value(data_copy, {"year": "19x"}, **AKIP_2023, measure="realisasi")
    err = _load_error(data_copy)
    assert err.total == len(err.issues) == 1
    assert "more issue" not in str(err)


# --- 4. semicolon-separated CSVs ------------------------------------------------------------------
@pytest.mark.parametrize("table", ["indicator_values.csv", "entities.csv", "stats/crime-cases.csv"])
def test_semicolon_separated_table_gets_the_hint(data_copy, table):
    path = data_copy / table
    rows = _rows(path)
    for row in rows:  # as a spreadsheet in Indonesian locale saves it: 87,14 unquoted
        row.update({k: v.replace(".", ",") for k, v in row.items() if k == "value"})
    rows[1][list(rows[1])[-1]] += ", 30 TP, 10 TN"  # rows with different numbers of commas: unparseable as CSV
    _write(path, rows, delimiter=";")
    err = _load_error(data_copy)
    assert len(err.issues) == 1
    assert str(err).startswith(f"{path}: the header is one column containing ';': save the file as comma-separated")


# --- 3. value and value_text read with the same parser --------------------------------------------
def test_ambiguous_value_with_ambiguous_text_is_an_issue(data_copy):
    row = _edit_value(data_copy, {"value": "3.400", "value_text": "3.400"}, **PAD_2023, measure="realisasi")
    err = _load_error(data_copy)
    assert str(err.issues[0]) == (
        f"{data_copy / 'indicator_values.csv'}, row {row} (line {row + 1}), column 'value': value '3.400' is "
        "ambiguous: it reads as 3.4 (decimal point) or 3400 (thousands group) and the printed text '3.400' "
        "does not decide; write 3400 or 3,4"
    )


@pytest.mark.parametrize(("text", "expected"), [("3,4", 3.4), ("3400", 3400.0), ("3.400,00", 3400.0), ("3,40%", 3.4)])
def test_ambiguous_value_is_decided_by_an_unambiguous_text(data_copy, text, expected):
    row = _edit_value(data_copy, {"value": "3.400", "value_text": text}, **PAD_2023, measure="realisasi")
    ds = load_dataset(data_copy)
    assert ds.tables["indicator_values"].loc[row - 1, "value"] == expected


def test_ambiguous_value_its_text_contradicts_gives_both_readings(data_copy):
    row = _edit_value(data_copy, {"value": "3.400", "value_text": "5"}, **PAD_2023, measure="realisasi")
    err = _load_error(data_copy)
    assert (err.issues[0].row, err.issues[0].column) == (row, "value")
    assert "value '3.400', read as 3.4 (decimal point) or 3400 (thousands group), does not match the printed " \
           "text '5' (which reads as 5)" in err.issues[0].message


def test_file_printing_dot_decimals_decides_an_ambiguous_value(ds):
    # stats/kapasitas-fiskal.csv prints 0.947 and 1.658: an index with '.' as the decimal point
    table = ds.stats("kapasitas-fiskal")
    assert table.loc[table["value_text"] == "1.658", "value"].tolist() == [1.658]


# --- 1. declared bounds ---------------------------------------------------------------------------
def test_realisasi_above_the_upper_bound_is_an_issue(data_copy):
    row = _edit_value(data_copy, {"value": "150", "value_text": "150"}, **AKIP_2023, measure="realisasi")
    err = _load_error(data_copy)
    assert str(err) == (
        f"{data_copy / 'indicator_values.csv'}, row {row} (line {row + 1}), column 'value': realisasi 150 is "
        "above the bounds of indicator 'kota-akip' (lower_bound 0, upper_bound 100 in indicators.csv)"
    )


def test_target_below_the_lower_bound_is_an_issue(data_copy):
    row = _edit_value(data_copy, {"value": "-1", "value_text": "-1"}, **AKIP_2023, measure="target_pk")
    err = _load_error(data_copy)
    assert (err.issues[0].row, err.issues[0].column) == (row, "value")
    assert err.issues[0].message.startswith("target_pk -1 is below the bounds of indicator 'kota-akip'")


def test_capaian_is_not_bounded(data_copy):
    row = _edit_value(data_copy, {"value": "150", "value_text": "150"}, **AKIP_2023, measure="capaian")
    assert load_dataset(data_copy).tables["indicator_values"].loc[row - 1, "value"] == 150


# --- 2. targets that make capaian undefined --------------------------------------------------------
def test_zero_target_is_a_warning_naming_its_row(data_copy):
    row = _edit_value(data_copy, {"value": "0", "value_text": "0"}, **AKIP_2023, measure="target_pk")
    ds = load_dataset(data_copy)
    mine = [w for w in ds.warnings if w.row == row]
    assert [str(w) for w in mine] == [
        f"{data_copy / 'indicator_values.csv'}, row {row} (line {row + 1}), column 'value': target_pk is 0: "
        "capaian cannot be computed from this target ('kota-akip', 2023, annual, higher_is_better)"
    ]


def test_target_of_the_other_sign_than_realisasi_is_a_warning(data_copy):
    real = _edit_value(data_copy, {"value": "-2", "value_text": "-2"}, **PAD_2023, measure="realisasi")
    ds = load_dataset(data_copy)
    iv = ds.tables["indicator_values"]
    targets = iv[(iv["indicator_id"] == PAD_2023["indicator_id"]) & (iv["year"] == 2023)
                 & iv["measure"].str.startswith("target") & (iv["value"] > 0)]
    assert len(targets) > 0
    flagged = {w.row: w.message for w in ds.warnings}
    for idx, target in targets.iterrows():
        assert f"and realisasi -2 (row {real}) have opposite signs: capaian cannot be computed" in flagged[idx + 1]


def test_project_data_load_and_validate_prints_its_warnings(ds, capsys):
    from lkip_helpers.batch.cli import main

    assert ds.warnings, "the reports print targets of 0 (dukcapil-ikm 2024 Q1) and of the other sign"
    assert all("capaian cannot be computed" in w.message and w.row and w.column == "value" for w in ds.warnings)
    assert main(["validate", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert out.count("\nwarning: ") == len(ds.warnings)
    assert f"warning: {ds.warnings[0]}" in out
    assert main(["validate", "--lang", "id"]) == 0
    indonesian = capsys.readouterr().out
    assert indonesian.count("\nperingatan: ") == len(ds.warnings)
    assert f"{ds.data_dir}: {len(ds.tables)} tabel, " in indonesian and "baris: pemeriksaan lkip lolos" in indonesian


# --- 6. many rows (their speed is measured by make benchmark, not here) ----------------------------
def test_fifty_thousand_more_valid_rows_load_and_are_all_kept(data_copy):
    path = data_copy / "indicator_values.csv"
    rows = _rows(path)
    template = rows[0]
    seen = {(r["indicator_id"], r["year"], r["period"], r["measure"]) for r in rows if r["entity_id"] == "kota-bekasi"}
    indicators = [i["indicator_id"] for i in _rows(data_copy / "indicators.csv") if i["entity_id"] == "kota-bekasi"]
    extra = [
        dict(template, indicator_id=ind, year=str(year), period=period, measure=measure, value="0.5",
             value_text="0,5", source_ref="synthetic")
        for measure in ("realisasi", "baseline")
        for ind in indicators
        for year in range(1990, 2101)
        for period in ("annual", "Q1", "Q2", "Q3", "Q4", "S1", "S2")
        if (ind, str(year), period, measure) not in seen
    ][:50_000]
    assert len(extra) == 50_000
    _write(path, rows + extra)
    loaded = load_dataset(data_copy).tables["indicator_values"]
    assert len(loaded) == len(rows) + 50_000
    assert (loaded["source_ref"] == "synthetic").sum() == 50_000


# --- rows with the wrong number of fields ----------------------------------------------------------
def test_a_row_with_a_field_too_few_or_too_many_is_named(data_copy):
    path = data_copy / "indicator_values.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    header = lines[0].rstrip("\n").split(",")
    lines[3] = lines[3].rstrip("\n").rsplit(",", 1)[0] + "\n"  # data row 3 loses its last field
    lines[7] = lines[7].rstrip("\n") + ",extra\n"  # data row 7 gets one more
    path.write_text("".join(lines), encoding="utf-8")
    err = _load_error(data_copy)
    messages = [str(issue) for issue in err.issues if issue.path == path]
    assert messages == [
        f"{path}, row 3 (line 4): {len(header) - 1} fields where the header has {len(header)}: "
        f"no value for {header[-1]}",
        f"{path}, row 7 (line 8): {len(header) + 1} fields where the header has {len(header)} "
        "(a comma in an unquoted cell?)",
    ]


# --- 7. the sentences in the reader's language ------------------------------------------------------
#: words of the English sentences of validation (none may remain in the Indonesian text)
ENGLISH_WORDS = ("cannot", "parse", "misplaced", "separator", "required", "one of", "unknown", "not a ", " of ",
                 "below", "above", "bounds", "duplicated", "also on", "does not", "ambiguous", "reads as",
                 "decimal point", "thousands", "write ", " or ", "more ", "listed", "row ", "line ", "column ",
                 "opposite", "signs", "computed", "target ", "whole number")


def _english_left(text: str) -> list[str]:
    """The English words of :data:`ENGLISH_WORDS` in ``text`` (its file paths left out)."""
    sentences = " ".join(part.split(": ", 1)[-1] for part in text.splitlines())
    return [word for word in ENGLISH_WORDS if word in sentences]


def _readme_examples(data: Path) -> DataValidationError:
    """The three problems the README shows: a malformed number, a required cell left empty, an unknown id."""
    path = data / "indicator_values.csv"
    rows = _rows(path)
    rows[11]["value"] = "12,3,4"
    rows[2]["indicator_id"] = "kota-foo"
    _write(path, rows)
    indicators = _rows(data / "indicators.csv")
    indicators[4]["polarity"] = ""
    _write(data / "indicators.csv", indicators)
    return _load_error(data)


def test_validation_sentences_in_english_as_the_readme_shows_them(data_copy):
    issues = {str(issue).removeprefix(f"{data_copy}/") for issue in _readme_examples(data_copy).issues}
    assert issues == {
        "indicator_values.csv, row 12 (line 13), column 'value': cannot parse '12,3,4' as a number (misplaced "
        "thousands separator ',')",
        "indicators.csv, row 5 (line 6), column 'polarity': a value is required (one of: higher_is_better, "
        "lower_is_better, categorical, neutral)",
        "indicator_values.csv, row 3 (line 4), column 'indicator_id': unknown indicator_id 'kota-foo': not a "
        "indicator_id of indicators.csv",
    }


def test_validation_sentences_in_bahasa_indonesia(data_copy):
    error = _readme_examples(data_copy)
    issues = {issue.in_language("id").removeprefix(f"{data_copy}/") for issue in error.issues}
    assert issues == {
        "indicator_values.csv, baris 12 (baris berkas 13), kolom 'value': '12,3,4' tidak dapat dibaca sebagai angka "
        "(pemisah ribuan ',' salah letak)",
        "indicators.csv, baris 5 (baris berkas 6), kolom 'polarity': nilai wajib diisi (salah satu dari: "
        "higher_is_better, lower_is_better, categorical, neutral)",
        "indicator_values.csv, baris 3 (baris berkas 4), kolom 'indicator_id': indicator_id 'kota-foo' tidak "
        "dikenal: bukan indicator_id di indicators.csv",
    }
    assert "2 masalah lain:" in error.in_language("id") and not _english_left(error.in_language("id"))
    assert _english_left(str(error)), "the English error has English words"


def test_bounds_readings_keys_and_counts_in_bahasa_indonesia(data_copy, tmp_path):
    _edit_value(data_copy, {"value": "150.5", "value_text": "150,5"}, **AKIP_2023, measure="realisasi")
    _edit_value(data_copy, {"value": "3.400", "value_text": "3.400"}, **PAD_2023, measure="realisasi")
    path = data_copy / "indicator_values.csv"
    rows = _rows(path)
    _write(path, rows + [rows[0]])  # the first row twice: a duplicated primary key
    issues = _load_error(data_copy).issues
    indonesian = [issue.in_language("id") for issue in issues]
    assert len(issues) == 3 and not _english_left("\n".join(indonesian)), indonesian
    assert any(t.endswith("kolom 'value': realisasi 150,5 di atas batas indikator 'kota-akip' (lower_bound 0, "
                          "upper_bound 100 di indicators.csv)") for t in indonesian), indonesian
    assert len(_english_left("\n".join(map(str, issues)))) > 5  # the English: the check finds English words
    assert any("nilai '3.400' ambigu: terbaca 3,4 (titik sebagai pemisah desimal) atau 3400 (titik sebagai pemisah "
               "ribuan), dan teks tercetak '3.400' tidak menentukannya; tulis 3400 atau 3,4" in t for t in indonesian)
    assert any(f"kunci utama ganda (entity_id='kota-bekasi', indicator_id='kota-akip', year=2018, period='annual', "
               f"measure='baseline') juga di baris {len(rows) + 1}" in t for t in indonesian), indonesian
    counted = tmp_path / "t.csv"
    counted.write_text("n\n" + "x\n" * 30, encoding="utf-8")
    capped: list[DataIssue] = []
    read_table(counted, {"fields": [{"name": "n", "type": "integer"}]}, capped)
    assert capped[0].in_language("id").endswith("kolom 'n': 'x' bukan bilangan bulat")
    assert capped[-1].in_language("id").endswith("kolom 'n': 10 sel bermasalah lain tidak dicantumkan")
    assert str(capped[-1]).endswith("column 'n': 10 more bad cells not listed")


def test_warnings_in_bahasa_indonesia(data_copy):
    row = _edit_value(data_copy, {"value": "0", "value_text": "0"}, **AKIP_2023, measure="target_pk")
    warning = next(w for w in load_dataset(data_copy).warnings if w.row == row)
    assert warning.in_language("id") == (
        f"{data_copy / 'indicator_values.csv'}, baris {row} (baris berkas {row + 1}), kolom 'value': target_pk "
        "bernilai 0: capaian tidak dapat dihitung dari target ini ('kota-akip', 2023, annual, higher_is_better)")


def test_lkip_validate_speaks_indonesian_by_default_and_english_with_lang_en(data_copy, capsys, monkeypatch):
    from lkip_helpers.batch.cli import main

    monkeypatch.delenv("LKIP_LANG", raising=False)
    _readme_examples(data_copy)
    assert main(["--data-dir", str(data_copy), "validate"]) == 2
    indonesian = capsys.readouterr().err
    assert indonesian.startswith("lkip: data tidak valid: ") and "tidak dikenal: bukan indicator_id" in indonesian
    assert not _english_left(indonesian.removeprefix("lkip: data tidak valid: ")), indonesian
    monkeypatch.setenv("LKIP_LANG", "en")
    assert main(["--data-dir", str(data_copy), "validate"]) == 2
    assert "unknown indicator_id 'kota-foo': not a indicator_id of indicators.csv" in capsys.readouterr().err
    monkeypatch.setenv("LKIP_LANG", "id")
    assert main(["--data-dir", str(data_copy), "validate", "--lang", "en"]) == 2
    assert "a value is required (one of: higher_is_better" in capsys.readouterr().err
