"""A broken ``datapackage.json`` gives one clear message naming the file, from the loader and the command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lkip_helpers.batch.cli import main as lkip
from lkip_helpers.data import DataValidationError, load_dataset, read_descriptor

BROKEN = {
    "invalid JSON": ('{"resources": [', "not valid JSON"),
    "empty": ("", "the file is empty"),
    "whitespace only": ("  \n", "the file is empty"),
    "empty object": ("{}", "lists no resources"),
    "list": ("[]", "is a JSON object, found a JSON list"),
    "string": ('"x"', "found a JSON str"),
    "resources not a list": ('{"resources": {"a": 1}}', "lists no resources"),
    "resource not an object": ('{"resources": [3]}', "resource 1 is not a JSON object"),
    "resource without schema": ('{"resources": [{"name": "entities", "path": "entities.csv"}]}',
                                "resource 1 ('entities') has no 'schema'"),
    "resource without path": ('{"resources": [{"name": "entities", "schema": {"fields": []}}]}',
                              "resource 1 ('entities') has no 'path'"),
    "schema without fields": ('{"resources": [{"name": "e", "path": "e.csv", "schema": {"fields": [1]}}]}',
                              "has a schema without a list of named 'fields'"),
}


def _write(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "datapackage.json").write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_descriptor_names_the_file(tmp_path: Path, case: str) -> None:
    text, message = BROKEN[case]
    folder = _write(tmp_path / "data", text)
    with pytest.raises(DataValidationError) as err:
        load_dataset(folder)
    assert str(err.value).startswith(str(folder / "datapackage.json") + ": ")
    assert message in str(err.value)


@pytest.mark.parametrize("case", ["invalid JSON", "empty", "list", "resource without schema"])
def test_validate_command_prints_one_line_and_exits_2(tmp_path: Path, case: str, capsys) -> None:
    folder = _write(tmp_path / "data", BROKEN[case][0])
    assert lkip(["--data-dir", str(folder), "validate", "--lang", "en"]) == 2
    err = capsys.readouterr().err.strip()
    assert "Traceback" not in err
    assert str(folder / "datapackage.json") in err
    assert BROKEN[case][1] in err


#: the Indonesian of some cases of :data:`BROKEN`, as ``lkip validate`` prints it by default
BROKEN_ID = {
    "empty": "berkasnya kosong",
    "list": "deskriptor paket data harus berupa objek JSON, ditemukan JSON list",
    "resource without schema": "sumber daya 1 ('entities') tidak memiliki 'schema'",
    "schema without fields": "sumber daya 1 ('e') memiliki schema tanpa daftar 'fields' yang bernama",
}


@pytest.mark.parametrize("case", sorted(BROKEN_ID))
def test_validate_command_speaks_bahasa_indonesia_by_default(tmp_path: Path, case: str, capsys,
                                                             monkeypatch) -> None:
    monkeypatch.delenv("LKIP_LANG", raising=False)
    folder = _write(tmp_path / "data", BROKEN[case][0])
    assert lkip(["--data-dir", str(folder), "validate"]) == 2
    err = capsys.readouterr().err.strip()
    assert err == f"lkip: data tidak valid: {folder / 'datapackage.json'}: {BROKEN_ID[case]}"


def test_not_utf8(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "datapackage.json").write_bytes(b'{"title": "\xff"}')
    with pytest.raises(DataValidationError, match="not a UTF-8 text file"):
        read_descriptor(folder)


def test_the_project_descriptor_is_accepted(ds) -> None:
    descriptor = read_descriptor(ds.data_dir)
    assert len(descriptor["resources"]) == len(json.loads((ds.data_dir / "datapackage.json").read_text())["resources"])


def test_a_stats_topic_adds_its_own_columns_with_their_keys() -> None:
    """text-claims has the statistic columns, then its indicator_id: optional, a key of indicators."""
    from lkip_helpers.data.datapackage import build_descriptor

    resources = {r["name"]: r for r in build_descriptor()["resources"]}
    claims, other = resources["stats-text-claims"]["schema"], resources["stats-poverty"]["schema"]
    names = [f["name"] for f in claims["fields"]]
    assert names[:-1] == [f["name"] for f in other["fields"]] and names[-1] == "indicator_id"
    assert not claims["fields"][-1].get("constraints", {}).get("required")
    assert {"fields": "indicator_id", "reference": {"resource": "indicators", "fields": "indicator_id"}} in claims["foreignKeys"]


def test_a_text_claim_about_an_unknown_indicator_is_refused(data_copy: Path) -> None:
    path = data_copy / "stats" / "text-claims.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[1].endswith(",kota-ikm")
    lines[1] = lines[1][: -len("kota-ikm")] + "kota-ikm-renamed"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataValidationError) as err:
        load_dataset(data_copy)
    assert "text-claims.csv, row 1 (line 2), column 'indicator_id': unknown indicator_id 'kota-ikm-renamed'" in str(err.value)
