"""Loading validates every table and reports bad input by file, row and column."""

from __future__ import annotations

import csv
import hashlib
import json
import re
from pathlib import Path

import pandas as pd
import pytest

from lkip_helpers import DataValidationError, ParameterError, load_dataset
from lkip_helpers.data.datapackage import build_descriptor


def _rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _write(path: Path, rows: list[dict], fieldnames: list[str] | None = None) -> None:
    fieldnames = fieldnames or list(rows[0])
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=fieldnames, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def _edit(data: Path, table: str, row: int, **changes: str) -> None:
    rows = _rows(data / f"{table}.csv")
    rows[row - 1].update(changes)
    _write(data / f"{table}.csv", rows)


def _tree_hash(folder: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            h.update(p.as_posix().encode() + p.read_bytes())
    return h.hexdigest()


def test_project_data_loads(ds):
    assert {"indicator_values", "indicators", "entities", "discrepancies"} <= set(ds.tables)
    assert len(ds["indicator_values"]) > 300
    assert ds["indicators"]["polarity"].notna().all()


#: English function words: an Indonesian text of ours holding one was left half English
ENGLISH_FUNCTION_WORDS = {"the", "of", "is", "and", "not", "in", "printed", "but", "from", "with", "are", "row",
                          "column", "than"}
#: the words of the English remarks in discrepancies.conflicting_value ("sum of the 12 kecamatan rows",
#: "unit % (a numeric baseline is expected)"): a cell holding one has a remark to translate. Words
#: the two languages share (target, total, per, unit, program, vs) are left out; so is the English
#: name "Poverty Severity Index (P2)" of city-c-016, which is the conflicting value itself
ENGLISH_REMARK_WORDS = ENGLISH_FUNCTION_WORDS | {
    "all", "also", "an", "as", "average", "band", "bands", "baseline", "be", "blocks", "bounds", "by", "cases",
    "category", "columns", "comparisons", "covers", "decrease", "divides", "elevation", "evaluation", "existing",
    "expected", "faster", "for", "formula", "four", "header", "heading", "headings", "highest", "increase", "level",
    "listed", "lowest", "maximum", "mean", "medal", "minimum", "named", "national", "needed", "numeric", "only",
    "or", "other", "paragraph", "period", "points", "preceding", "previous", "prints", "programme", "ratios",
    "relative", "revised", "rounds", "rows", "rule", "same", "section", "sentence", "slower", "stated", "sum",
    "table", "tabels", "targets", "text", "title", "to", "twice", "unnumbered", "upper", "value", "values", "would",
    "year", "yearly",
}
#: remarks in English word order whose words the two languages share ("Tabel 3.5 PAD target"):
#: translated too (by row)
ENGLISH_WORD_ORDER = {"city-b-008"}
#: a figure as printed (``21,311.75``, ``2.997.679.830.479``, ``0,79``)
FIGURE = re.compile(r"\d+(?:[.,]\d+)*")


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z]+", text.lower()))


def _text(value: object) -> str:
    return "" if pd.isna(value) else str(value).strip()


def _conflicting_value_problems(d: pd.DataFrame) -> list[tuple[str, str]]:
    """(discrepancy_id, problem) of the rows whose conflicting_value_id does not translate the
    English remark of conflicting_value: missing, copied, left half English, with other figures
    (as a multiset), or filled where the cell has no English remark (a figure or a quote)."""
    problems = []
    for r in d.itertuples():
        english, indonesian = _text(r.conflicting_value), _text(r.conflicting_value_id)
        if not _words(english) & ENGLISH_REMARK_WORDS and r.discrepancy_id not in ENGLISH_WORD_ORDER:
            if indonesian:
                problems.append((r.discrepancy_id, "conflicting_value_id filled without an English remark"))
        elif not indonesian or indonesian == english:
            problems.append((r.discrepancy_id, "English remark without conflicting_value_id"))
        elif _words(indonesian) & ENGLISH_REMARK_WORDS:
            problems.append((r.discrepancy_id, f"English left: {sorted(_words(indonesian) & ENGLISH_REMARK_WORDS)}"))
        elif sorted(FIGURE.findall(english)) != sorted(FIGURE.findall(indonesian)):
            problems.append((r.discrepancy_id, "figures differ from conflicting_value"))
    return problems


def test_every_discrepancy_note_and_location_in_both_languages(ds):
    """Our own data: note / location (English) and note_id / location_id (Bahasa Indonesia) filled
    on every row of data/discrepancies.csv, and the two texts differ (translated, not copied)."""
    d = ds["discrepancies"]
    assert len(d) > 150
    for english, indonesian in (("note", "note_id"), ("location", "location_id")):
        for column in (english, indonesian):
            empty = d.loc[d[column].isna() | (d[column].astype(str).str.strip() == ""), "discrepancy_id"]
            assert empty.empty, f"{column} empty for {list(empty)}"
    same = d.loc[d["note"] == d["note_id"], "discrepancy_id"]
    assert same.empty, f"note_id is the English note for {list(same)}"
    # translated, not left half English: no English function word in any Indonesian text
    left = [(r.discrepancy_id, column) for r in d.itertuples() for column in ("note_id", "location_id")
            if _words(getattr(r, column)) & ENGLISH_FUNCTION_WORDS]
    assert not left, left


def test_every_english_remark_of_a_conflicting_value_in_bahasa_indonesia(ds):
    """Our own data: where conflicting_value adds an English remark to the figure ("21,311.75 (sum
    of the 12 kecamatan rows ...)"), conflicting_value_id says it in Bahasa Indonesia with the same
    figures; where it is only a figure or a quote of the report, conflicting_value_id is empty (the
    reports fall back to conflicting_value)."""
    d = ds["discrepancies"]
    assert not _conflicting_value_problems(d), _conflicting_value_problems(d)
    translated = d["conflicting_value_id"].map(_text) != ""
    assert 60 < translated.sum() < len(d)  # remarks and bare figures both occur


def test_an_untranslated_conflicting_value_remark_is_caught(ds):
    """The check above fails on a new English remark without conflicting_value_id, on a translation
    that changes a figure or keeps English, and on a translated bare figure."""
    d = ds["discrepancies"].set_index("discrepancy_id")
    d.loc["city-a-003", "conflicting_value_id"] = None
    d.loc["city-b-010", "conflicting_value_id"] = "2.752.218.697.944 (jumlah baris a-d)"
    d.loc["city-c-017", "conflicting_value_id"] = "920.910 (sum dari 12 kecamatan)"
    d.loc["city-c-001", "conflicting_value_id"] = "249,10 (dihitung ulang)"
    d.loc["city-e-001", "conflicting_value"] = "4 (counted in the list)"
    found = dict(_conflicting_value_problems(d.reset_index()))
    assert found == {
        "city-a-003": "English remark without conflicting_value_id",
        "city-b-010": "figures differ from conflicting_value",
        "city-c-017": "English left: ['sum']",
        "city-c-001": "conflicting_value_id filled without an English remark",
        "city-e-001": "English remark without conflicting_value_id",
    }


def test_descriptor_is_up_to_date(ds):
    """data/datapackage.json is what lkip build-datapackage generates from data/metadata/."""
    assert build_descriptor(ds.data_dir) == json.loads((ds.data_dir / "datapackage.json").read_text())


def test_loading_never_writes(data_copy):
    before = _tree_hash(data_copy)
    load_dataset(data_copy)
    assert _tree_hash(data_copy) == before


def test_unparseable_number_names_file_row_column(data_copy):
    _edit(data_copy, "indicator_values", 3, value="12,3,4")
    with pytest.raises(DataValidationError) as err:
        load_dataset(data_copy)
    msg = str(err.value)
    assert "indicator_values.csv, row 3 (line 4), column 'value'" in msg
    assert "12,3,4" in msg


def test_value_contradicting_its_printed_text(data_copy):
    rows = _rows(data_copy / "indicator_values.csv")
    i = next(i for i, r in enumerate(rows) if r["value_text"] == "87,14")
    rows[i]["value"] = "88.14"
    _write(data_copy / "indicator_values.csv", rows)
    with pytest.raises(DataValidationError, match=rf"row {i + 1} .*'value': value 88.14 does not match the printed text '87,14'"):
        load_dataset(data_copy)


def test_indonesian_number_in_an_analysts_file_is_read(data_copy):
    rows = _rows(data_copy / "indicator_values.csv")
    i = next(i for i, r in enumerate(rows) if r["value_text"] == "87,14")
    rows[i]["value"] = "87,14"
    _write(data_copy / "indicator_values.csv", rows)
    ds = load_dataset(data_copy)
    assert ds["indicator_values"].loc[i, "value"] == pytest.approx(87.14)


def test_unknown_entity_and_indicator(data_copy):
    _edit(data_copy, "indicator_values", 2, entity_id="kota-atlantis")
    _edit(data_copy, "indicator_values", 5, indicator_id="kota-foo")
    with pytest.raises(DataValidationError) as err:
        load_dataset(data_copy)
    text = str(err.value)
    assert "row 2 (line 3), column 'entity_id': unknown entity_id 'kota-atlantis'" in text
    assert "row 5 (line 6), column 'indicator_id': unknown indicator_id 'kota-foo'" in text


def test_duplicated_key(data_copy):
    rows = _rows(data_copy / "indicator_values.csv")
    rows.append(dict(rows[0]))
    _write(data_copy / "indicator_values.csv", rows)
    with pytest.raises(DataValidationError, match=r"indicator_values.csv, row 1 .*duplicated primary key .*row\(s\) " + str(len(rows))):
        load_dataset(data_copy)


def test_dangling_foreign_key_in_a_registry(data_copy):
    _edit(data_copy, "indicators", 1, sasaran_id="kota-bekasi-s99")
    with pytest.raises(DataValidationError, match=r"indicators.csv, row 1 .*'sasaran_id': unknown sasaran_id 'kota-bekasi-s99'"):
        load_dataset(data_copy)


def test_missing_column(data_copy):
    rows = _rows(data_copy / "regional_benchmarks.csv")
    for r in rows:
        r.pop("source_ref")
    _write(data_copy / "regional_benchmarks.csv", rows)
    with pytest.raises(DataValidationError, match=r"regional_benchmarks.csv, column 'source_ref': missing column"):
        load_dataset(data_copy)


def test_missing_polarity(data_copy):
    _edit(data_copy, "indicators", 4, polarity="")
    with pytest.raises(DataValidationError, match=r"indicators.csv, row 4 \(line 5\), column 'polarity': a value is required \(one of: higher_is_better"):
        load_dataset(data_copy)


def test_missing_descriptor_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="datapackage.json"):
        load_dataset(tmp_path)


def test_a_new_year_in_a_copy_is_validated_the_same_way(data_copy):
    rows = _rows(data_copy / "indicator_values.csv")
    new = dict(rows[0], year="2024", measure="realisasi", period="annual", value="", value_text="68,02")
    rows.append(new)
    _write(data_copy / "indicator_values.csv", rows)
    ds = load_dataset(data_copy)
    got = ds["indicator_values"]
    row = got[(got["year"] == 2024) & (got["indicator_id"] == new["indicator_id"])]
    assert row["value"].tolist() == [pytest.approx(68.02)]  # filled from the printed text
    new_bad = dict(new, value_text="enam puluh", value="")
    rows[-1] = new_bad
    rows.append(dict(new, measure="capaian", value="x"))
    _write(data_copy / "indicator_values.csv", rows)
    with pytest.raises(DataValidationError, match=rf"row {len(rows)} .*'value': cannot parse 'x'"):
        load_dataset(data_copy)


def test_accessors(ds):
    wide = ds.indicator_values("kota-bekasi", 2023, wide=True)
    akip = wide.set_index("indicator_id").loc["kota-akip"]
    assert akip["realisasi"] == pytest.approx(67.10) and akip["capaian_text"] == "87,14"
    assert set(wide.loc[wide["role"] == "iku", "indicator_id"]) >= {"kota-akip", "kota-ikplh"}
    years = ds.entity_years()
    assert ("kota-bekasi", 2023) in set(map(tuple, years.to_numpy().tolist()))
    assert ("disdukcapil-kota-bekasi", 2024) in set(map(tuple, years.to_numpy().tolist()))
    with pytest.raises(ParameterError, match="valid choices: .*kota-bekasi"):
        ds.indicator_values("kota-atlantis")
    with pytest.raises(ParameterError, match="valid years: 2023"):
        ds.check_entity_year("kota-bekasi", 2031)
    assert isinstance(ds.stats("crime-cases"), pd.DataFrame)
    with pytest.raises(KeyError, match="topics:"):
        ds.stats("nope")


def test_frictionless_validates_the_data_package(ds):
    """The descriptor and every table pass frictionless' own validation (types, keys, foreign keys)."""
    from frictionless import Package

    report = Package(str(ds.data_dir / "datapackage.json")).validate()
    errors = [f"{task.name}: {err.message}" for task in report.tasks for err in task.errors]
    assert report.valid, errors[:10]
    assert len(report.tasks) == len(ds.tables)


def test_frictionless_catches_a_planted_error(data_copy):
    from frictionless import Package

    _edit(data_copy, "indicators", 2, polarity="sideways")
    report = Package(str(data_copy / "datapackage.json")).validate()
    assert not report.valid
    assert any("polarity" in err.message or "constraint" in err.type for t in report.tasks for err in t.errors)


def test_sasaran_must_name_an_existing_misi_of_its_entity(data_copy):
    _edit(data_copy, "sasaran", 1, misi_no="9")
    with pytest.raises(DataValidationError, match=r"sasaran.csv, row 1 .*unknown \(entity_id, misi_no\) \('kota-bekasi', 9\): no such row in misi.csv"):
        load_dataset(data_copy)


def test_semicolon_separated_file_gets_one_clear_error(data_copy):
    text = (data_copy / "entities.csv").read_text(encoding="utf-8").replace(",", ";")
    (data_copy / "entities.csv").write_text(text, encoding="utf-8")
    with pytest.raises(DataValidationError) as err:
        load_dataset(data_copy)
    assert str(err.value).startswith(f"{data_copy / 'entities.csv'}: the header is one column containing ';'")


def test_normalise_rewrites_indonesian_numbers_for_frictionless(data_copy):
    from frictionless import Package

    from lkip_helpers.data.normalise import normalise_numbers

    rows = _rows(data_copy / "indicator_values.csv")
    i = next(i for i, r in enumerate(rows) if r["value_text"] == "87,14")
    rows[i]["value"] = "87,14"
    _write(data_copy / "indicator_values.csv", rows)
    ds = load_dataset(data_copy)
    assert [(row, column, text) for _, row, column, text in ds.indonesian_cells] == [(i + 1, "value", "87,14")]
    assert not Package(str(data_copy / "datapackage.json")).validate().valid
    assert normalise_numbers(data_copy) == {data_copy / "indicator_values.csv": 1}
    assert _rows(data_copy / "indicator_values.csv")[i]["value"] == "87.14"
    assert Package(str(data_copy / "datapackage.json")).validate().valid
    assert normalise_numbers(data_copy) == {}


def test_accessor_rejects_years_and_periods_without_values(ds):
    with pytest.raises(ParameterError, match="years with values: .*2023"):
        ds.indicator_values("kota-bekasi", "2023")
    with pytest.raises(ParameterError, match="unknown period 'Q9'"):
        ds.indicator_values("kota-bekasi", 2023, period="Q9")


def test_a_parameter_error_keeps_its_message_for_either_language():
    inner = ParameterError("parameter {name} must be of type {types}, got {value} ({type})", name="'year'",
                           types="int", value="'abc'", type="str")
    outer = ParameterError("{error}; valid: {choices}", error=inner, choices="2023")
    assert str(outer) == "parameter 'year' must be of type int, got 'abc' (str); valid: 2023"  # what lkip prints
    assert outer.in_language("id") == "parameter 'year' harus bertipe int, diberikan 'abc' (str); yang sah: 2023"
    assert outer.in_language("en") == str(outer)
    assert ParameterError("a message {with} braces").in_language("id") == "a message {with} braces"  # no values: as it is
    from lkip_helpers.data.errors import CatalogText

    none = ParameterError("focal_region {focal} is not a kabupaten/kota in the regional tables; valid choices: {choices}",
                          focal="'x'", choices=CatalogText("none (the regional tables hold no kabupaten/kota)"))
    assert str(none).endswith("valid choices: none (the regional tables hold no kabupaten/kota)")
    assert none.in_language("id").endswith("pilihan yang sah: tidak ada (tabel perbandingan daerah tidak memuat kabupaten/kota)")
