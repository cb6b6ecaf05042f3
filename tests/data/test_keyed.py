"""Keyed stats topics: the tables the audit computes on have a primary key, declared variables with
their units, and the declared checks naming them are checked when the data load."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import yaml

from lkip_helpers import DataValidationError, load_dataset
from lkip_helpers.data.datapackage import build_descriptor
from lkip_helpers.data.declared_rows import named_topics
from lkip_helpers.data.keyed import DEFAULT_KEY, is_keyed, keyed_schema

TOPICS_YAML = Path("metadata") / "stats_topics.yaml"


def _rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _write(path: Path, rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def _edit(path: Path, number: int, **changes: str) -> None:
    """Change the cells of data row ``number`` (1-based) of ``path``."""
    rows = _rows(path)
    rows[number - 1].update(changes)
    _write(path, rows)


def _issues(data: Path) -> list:
    with pytest.raises(DataValidationError) as err:
        load_dataset(data)
    return err.value.issues


def _only_issue(data: Path, file: str) -> object:
    issues = _issues(data)
    assert len(issues) == 1, [str(i) for i in issues]
    assert issues[0].path == data / file
    return issues[0]


def _topics(data: Path) -> dict:
    return yaml.safe_load((data / TOPICS_YAML).read_text(encoding="utf-8"))


# --- the schema ----------------------------------------------------------------------------------
def test_each_keyed_topic_gets_its_key_variables_and_units_in_the_descriptor(ds) -> None:
    topics = _topics(ds.data_dir)
    resources = {r["name"]: r["schema"] for r in ds.descriptor["resources"]}
    keyed = [t for t, entry in topics.items() if "variables" in entry]
    assert keyed
    for topic in keyed:
        schema = resources[f"stats-{topic}"]
        variable = next(f for f in schema["fields"] if f["name"] == "variable")
        assert schema["primaryKey"] == topics[topic]["primaryKey"], topic
        assert variable["constraints"]["enum"] == sorted(topics[topic]["variables"]), topic
        assert "lkip:uniqueKey" not in schema and is_keyed(schema)
    unkeyed = [t for t in topics if t not in keyed]
    assert all(not is_keyed(resources[f"stats-{t}"]) for t in unkeyed)


def test_every_variable_in_the_data_of_a_keyed_topic_is_declared_with_its_units(ds) -> None:
    """Not a copy of the yaml: the rows on disk, grouped, give the same variables and units."""
    for name, schema in ((r["name"], r["schema"]) for r in ds.descriptor["resources"]):
        if not is_keyed(schema):
            continue
        table = ds.tables[name]
        printed = {var: sorted({u or "" for u in g.fillna("")}) for var, g in table.groupby("variable")["unit"]}
        assert set(printed) <= set(schema["lkip:units"]), name
        assert all(set(units) <= set(schema["lkip:units"][var]) for var, units in printed.items()), name


def test_the_project_topics_are_unique_under_their_key(ds) -> None:
    for name, schema in ((r["name"], r["schema"]) for r in ds.descriptor["resources"]):
        if is_keyed(schema):
            key = ds.tables[name][schema["primaryKey"]].astype(object)
            assert not key.where(key.notna(), None).duplicated().any(), name


@pytest.mark.parametrize("entry, problem", [
    ({"title": "t", "variables": {"x": "%"}}, "both 'primaryKey' and 'variables'"),
    ({"title": "t", "primaryKey": list(DEFAULT_KEY)}, "both 'primaryKey' and 'variables'"),
    ({"title": "t", "primaryKey": ["source_ref", "row_label"], "variables": {"x": "%"}}, "'row_label', not a column"),
    ({"title": "t", "primaryKey": list(DEFAULT_KEY), "variables": {"x": "%"}, "categories": "A"}, "list of the row"),
])
def test_an_incomplete_keyed_schema_is_refused_naming_the_topic(entry: dict, problem: str) -> None:
    schema = {"fields": [{"name": c, "type": "string"} for c in (*DEFAULT_KEY, "unit")]}
    with pytest.raises(ValueError, match="topic 'demo'") as err:
        keyed_schema(schema, entry, "demo")
    assert problem in str(err.value)


def test_declared_categories_become_an_enum_of_category(data_copy: Path) -> None:
    topics = _topics(data_copy)
    labels = sorted({r["category"] for r in _rows(data_copy / "stats" / "pad-komponen.csv")})
    topics["pad-komponen"]["categories"] = labels
    (data_copy / TOPICS_YAML).write_text(yaml.safe_dump(topics, allow_unicode=True), encoding="utf-8")
    schema = next(r["schema"] for r in build_descriptor(data_copy)["resources"] if r["name"] == "stats-pad-komponen")
    assert next(f for f in schema["fields"] if f["name"] == "category")["constraints"]["enum"] == labels


# --- the data of a keyed topic -------------------------------------------------------------------
def test_a_duplicate_key_is_refused_naming_file_row_and_key(data_copy: Path) -> None:
    path = data_copy / "stats" / "pad-komponen.csv"
    rows = _rows(path)
    _write(path, rows + [dict(rows[1], value_text=rows[1]["value_text"], value=rows[1]["value"])])
    issue = _only_issue(data_copy, "stats/pad-komponen.csv")
    assert issue.row == 2 and issue.column == ",".join(DEFAULT_KEY)
    assert "duplicated primary key" in issue.message and f"row(s) {len(rows) + 1}" in issue.message


def test_a_variable_not_declared_for_the_topic_is_refused(data_copy: Path) -> None:
    _edit(data_copy / "stats" / "pad-komponen.csv", 3, variable="realisasi_total")
    issue = _only_issue(data_copy, "stats/pad-komponen.csv")
    assert (issue.row, issue.column) == (3, "variable")
    assert "'realisasi_total' is not allowed" in issue.message and "persen_realisasi" in issue.message


def test_a_unit_other_than_the_declared_one_is_refused(data_copy: Path) -> None:
    path = data_copy / "stats" / "pad-komponen.csv"
    number = next(n for n, r in enumerate(_rows(path), start=1) if r["variable"] == "target")
    _edit(path, number, unit="%")
    issue = _only_issue(data_copy, "stats/pad-komponen.csv")
    assert (issue.row, issue.column) == (number, "unit")
    assert "unit '%' is not the unit of variable 'target' ('rupiah'" in issue.message
    assert issue.in_language("id").endswith(": satuan '%' bukan satuan variabel 'target' ('rupiah', dideklarasikan "
                                            "di metadata/stats_topics.yaml)")


def test_an_empty_unit_where_one_is_declared_is_refused(data_copy: Path) -> None:
    path = data_copy / "stats" / "kelurahan-areas.csv"
    _edit(path, 1, unit="")
    issue = _only_issue(data_copy, "stats/kelurahan-areas.csv")
    assert (issue.row, issue.column) == (1, "unit") and "unit '' is not the unit of variable" in issue.message
    assert "satuan '' bukan satuan variabel" in issue.in_language("id")


def test_frictionless_checks_the_key_and_the_variables(data_copy: Path) -> None:
    from frictionless import Package

    path = data_copy / "stats" / "pad-komponen.csv"
    rows = _rows(path)
    _write(path, rows + [dict(rows[0])] + [dict(rows[0], category="Lain-lain", variable="realisasi_total")])
    report = Package(str(data_copy / "datapackage.json")).get_resource("stats-pad-komponen").validate()
    types = sorted(e.type for e in report.tasks[0].errors)
    assert types == ["constraint-error", "primary-key"], types


# --- the declared checks -------------------------------------------------------------------------
def _declared_row(data: Path, file: str, check_id: str) -> int:
    return next(n for n, r in enumerate(_rows(data / file), start=1) if r["check_id"] == check_id)


@pytest.mark.parametrize("file, check_id, column, cell, message", [
    ("checks.csv", "city-sum-pad-3-5", "variables", "target|realisasi_total",
     "'realisasi_total' is not a variable of the keyed stats topic 'pad-komponen'"),
    ("checks.csv", "city-sum-crime-3-16", "topic", "crime-case", "no stats topic 'crime-case'"),
    ("checks.csv", "city-sum-iklh-3-18", "outcome", "bands:iklh-category", "no stats topic 'iklh-category'"),
    ("check_relations.csv", "city-ratio-pad-3-5", "variable", "persen", "'persen' is not a variable"),
    ("check_relations.csv", "city-ratio-pad-3-5", "inputs", "realisasi|pagu", "'pagu' is not a variable"),
    ("check_relations.csv", "city-ratio-pad-3-5", "subject", "pad-komponen-2023", "no stats topic 'pad-komponen-2023'"),
    ("check_relations.csv", "city-same-pad-target", "inputs", "pad-komponen|Tabel 3.5|PENDAPATAN ASLI DAERAH|pagu",
     "'pagu' is not a variable of the keyed stats topic 'pad-komponen'"),
    ("check_relations.csv", "city-index-air-3-19", "inputs", "[variable=rerata] / [variable=baku_mutu]",
     "'rerata' is not a variable of the keyed stats topic 'iku-air-quality'"),
    ("check_relations.csv", "city-iku-22-crime-decrease", "inputs", "[table=crime; variable=cases] * 2",
     "no stats topic 'crime'"),
    ("check_relations.csv", "city-fire-posts-iku-25", "rows", "[variable=posts]", "'posts' is not a variable"),
    ("check_relations.csv", "city-index-air-3-19", "inputs", "[variable] / 2", "'variable' in [variable] is not"),
    ("check_relations.csv", "city-range-elevation-bab-i", "variable", "elevation_bands", "'elevation_bands' is not"),
    ("check_relations.csv", "city-range-elevation-bab-i", "inputs",
     "[variable=elevation_min_m]|[variable=elevation_top_m]", "'elevation_top_m' is not a variable"),
    ("check_relations.csv", "city-range-elevation-bab-i", "subject", "topografi-2023", "no stats topic 'topografi-2023'"),
    ("check_relations.csv", "city-same-pad-accumulation", "inputs", "[source_ref=Tabel 3.6; variable=capaian_total]",
     "'capaian_total' is not a variable of the keyed stats topic 'pad-5-tahun'"),
    ("check_relations.csv", "city-period-pad-accumulation", "inputs", "[table=pad-5; variable=capaian]",
     "no stats topic 'pad-5'"),
    ("check_relations.csv", "city-same-pagu-drainase-iku-6", "variable", "anggaran", "'anggaran' is not a variable"),
    ("check_relations.csv", "city-rls-growth-vs-average", "inputs",
     "[table=hls-rls; variable=change_vs_prev_year_pct]|[table=hls-rls; variable=avg_growth]",
     "'avg_growth' is not a variable of the keyed stats topic 'hls-rls'"),
    ("check_relations.csv", "city-rls-growth-vs-average", "variable", "growth_vs_avg", "'growth_vs_avg' is not a variable"),
    ("check_relations.csv", "city-rls-growth-vs-average", "inputs", "[table=hls-rls; variable=change_vs_prev_year_pct]",
     "a comparison needs two cell references joined by | (the first and the second figure), got "
     "'[table=hls-rls; variable=change_vs_prev_year_pct]'"),
    ("check_relations.csv", "city-rls-growth-vs-average", "inputs",
     "sum[table=hls-rls; variable=change_vs_prev_year_pct]|[table=hls-rls; variable=avg_growth_pct_per_year]",
     "a comparison needs two cell references joined by |"),
])
def test_a_declared_check_naming_what_a_keyed_topic_lacks_is_refused_when_loading(
    data_copy: Path, file: str, check_id: str, column: str, cell: str, message: str
) -> None:
    number = _declared_row(data_copy, file, check_id)
    _edit(data_copy / file, number, **{column: cell})
    issue = _only_issue(data_copy, file)
    assert (issue.row, issue.column) == (number, column)
    assert message in issue.message


def test_a_comparison_without_two_references_is_refused_in_the_reader_language(data_copy: Path) -> None:
    number = _declared_row(data_copy, "check_relations.csv", "city-rls-growth-vs-average")
    _edit(data_copy / "check_relations.csv", number, inputs="[table=hls-rls; variable=change_vs_prev_year_pct] * 2")
    issue = _only_issue(data_copy, "check_relations.csv")
    assert "perbandingan memerlukan dua rujukan sel yang digabung dengan | (angka pertama dan angka kedua), " \
           "tertulis '[table=hls-rls; variable=change_vs_prev_year_pct] * 2'" in issue.in_language("id")


def test_a_declared_variable_of_an_unkeyed_topic_is_left_to_the_audit(data_copy: Path) -> None:
    """Only keyed topics declare their variables; the test below keeps every checked topic keyed."""
    topics = _topics(data_copy)
    for key in ("primaryKey", "variables"):
        topics["pad-komponen"].pop(key)
    (data_copy / TOPICS_YAML).write_text(yaml.safe_dump(topics, allow_unicode=True), encoding="utf-8")
    from lkip_helpers.data.datapackage import write_descriptor

    write_descriptor(data_copy)
    _edit(data_copy / "checks.csv", _declared_row(data_copy, "checks.csv", "city-sum-pad-3-5"), variables="pagu")
    assert load_dataset(data_copy).tables["checks"]["variables"].eq("pagu").sum() == 1


def test_every_stats_topic_a_declared_check_names_is_keyed(ds) -> None:
    """A new row of checks.csv or check_relations.csv on a topic without a keyed schema fails here."""
    schemas = {r["name"]: r["schema"] for r in ds.descriptor["resources"]}
    named = named_topics(ds.tables)
    assert {topic for _, _, _, topic in named} >= {"pad-komponen", "crime-cases", "iklh-categories"}
    unkeyed = [f"{table}.csv row {row}, column {column!r}: {topic!r}" for table, row, column, topic in named
               if not is_keyed(schemas.get(f"stats-{topic}", {}))]
    assert not unkeyed, (
        "declared checks name stats topics without a keyed schema; declare primaryKey and variables in "
        "data/metadata/stats_topics.yaml (draft: python scripts/draft_topic_schema.py <topic>), then "
        "lkip build-datapackage:\n  " + "\n  ".join(unkeyed))


def _declare_categories(data: Path, topic: str) -> None:
    """Declare the row labels of ``topic`` in the copy ``data`` as they are in its rows, and rebuild."""
    from lkip_helpers.data.datapackage import write_descriptor

    topics = _topics(data)
    topics[topic]["categories"] = sorted({r["category"] for r in _rows(data / "stats" / f"{topic}.csv")})
    (data / TOPICS_YAML).write_text(yaml.safe_dump(topics, allow_unicode=True), encoding="utf-8")
    write_descriptor(data)


def test_with_declared_categories_a_check_naming_another_label_is_refused(data_copy: Path) -> None:
    _declare_categories(data_copy, "pad-komponen")
    assert load_dataset(data_copy)  # the labels the checks name are the data's
    number = _declared_row(data_copy, "checks.csv", "city-sum-pad-3-5")
    _edit(data_copy / "checks.csv", number, total_category="PENDAPATAN ASLI DAERAH (PAD)")
    issue = _only_issue(data_copy, "checks.csv")
    assert (issue.row, issue.column) == (number, "total_category")
    assert "'PENDAPATAN ASLI DAERAH (PAD)' is not a category of the keyed stats topic 'pad-komponen'" in issue.message


def test_with_declared_categories_a_row_with_another_label_is_refused(data_copy: Path) -> None:
    _declare_categories(data_copy, "pad-komponen")
    _edit(data_copy / "stats" / "pad-komponen.csv", 2, category="Pajak Daerah (baru)")
    issue = _only_issue(data_copy, "stats/pad-komponen.csv")
    assert (issue.row, issue.column) == (2, "category") and "'Pajak Daerah (baru)' is not allowed" in issue.message
