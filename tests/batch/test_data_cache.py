"""The validated dataset is cached in the output folder and used only for unchanged data."""

from __future__ import annotations

from pathlib import Path

import pytest

import lkip_helpers.data.dataset as dataset_module
from lkip_helpers.batch.data_cache import KEPT_SNAPSHOTS, cached_snapshot_path, remember_validated
from lkip_helpers.batch.data_cache import validated_data as _validated_data
from lkip_helpers.data import DataValidationError
from lkip_helpers.data.snapshot import data_package_hash


@pytest.fixture()
def loads(monkeypatch):
    """Counts the validations (calls of load_dataset)."""
    calls: list[Path] = []
    real = dataset_module.load_dataset

    def counting(data_dir=None):
        calls.append(Path(data_dir))
        return real(data_dir)

    monkeypatch.setattr(dataset_module, "load_dataset", counting)
    return calls


def validated_data(data_dir: Path, out: Path):
    """What ``lkip run`` does: validate (or read the cache), then remember the result."""
    data = _validated_data(data_dir, out)
    remember_validated(data, out)
    return data


def test_reading_writes_nothing(data_copy, tmp_path):
    _validated_data(data_copy, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def _change_a_value(data_dir: Path) -> None:
    path = data_dir / "entities.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("Kota Bekasi", "Kota Bekasi (copy)", 1), encoding="utf-8")


def test_unchanged_data_are_read_from_the_cache(data_copy, tmp_path, loads):
    out = tmp_path / "out"
    first = validated_data(data_copy, out)
    second = validated_data(data_copy, out)
    assert len(loads) == 1
    assert second.sha256 == first.sha256 == data_package_hash(data_copy)
    assert second.dataset.tables.keys() == first.dataset.tables.keys()
    assert second.dataset.entities.equals(first.dataset.entities)
    assert cached_snapshot_path(out, data_copy, first.sha256).is_file()


def test_changed_data_are_validated_again(data_copy, tmp_path, loads):
    out = tmp_path / "out"
    validated_data(data_copy, out)
    _change_a_value(data_copy)
    again = validated_data(data_copy, out)
    assert len(loads) == 2
    assert "Kota Bekasi (copy)" in set(again.dataset.entities["name"])


def test_a_damaged_cache_file_is_replaced(data_copy, tmp_path, loads):
    out = tmp_path / "out"
    data = validated_data(data_copy, out)
    cached = cached_snapshot_path(out, data_copy, data.sha256)
    cached.write_bytes(b"not a snapshot")
    validated_data(data_copy, out)
    validated_data(data_copy, out)
    assert len(loads) == 2  # the damaged file was validated around once, then the new file used
    assert cached.read_bytes() != b"not a snapshot"


def test_invalid_data_are_never_cached(data_copy, tmp_path):
    out = tmp_path / "out"
    path = data_copy / "indicators.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("higher_is_better", "upwards", 1), encoding="utf-8")
    with pytest.raises(DataValidationError):
        validated_data(data_copy, out)
    assert not list(out.rglob("*.pickle"))


def test_an_unwritable_output_folder_only_skips_the_cache(data_copy, tmp_path, loads):
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    validated_data(data_copy, not_a_folder)
    validated_data(data_copy, not_a_folder)
    assert len(loads) == 2


def test_the_cache_keeps_the_newest_snapshots(data_copy, tmp_path):
    out = tmp_path / "out"
    for _ in range(KEPT_SNAPSHOTS + 2):
        _change_a_value(data_copy)
        newest = validated_data(data_copy, out)
    kept = list((out / ".cache").glob("dataset-*.pickle"))
    assert len(kept) == KEPT_SNAPSHOTS
    assert cached_snapshot_path(out, data_copy, newest.sha256) in kept


def test_other_validation_code_never_gets_the_cached_dataset(data_copy, tmp_path, loads, monkeypatch):
    import lkip_helpers.batch.data_cache as data_cache

    out = tmp_path / "out"
    validated_data(data_copy, out)
    monkeypatch.setattr(data_cache, "loader_fingerprint", lambda: "another version of lkip_helpers.data")
    validated_data(data_copy, out)
    assert len(loads) == 2
