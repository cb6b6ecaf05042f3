"""The dataset snapshot: written once by ``lkip run``, read by every kernel's ``start()``,
refused (with the reason) when it is not a snapshot, of other versions, or of other data."""

from __future__ import annotations

import pickle
import re

import pandas as pd
import pytest

from lkip_helpers.data.snapshot import (
    SNAPSHOT_ENV,
    SNAPSHOT_FORMAT,
    SnapshotError,
    data_package_hash,
    read_snapshot,
    write_snapshot,
)

NAMESPACE = {"__annotations__": {"entity": str, "year": int}, "entity": "kota-bekasi", "year": 2023}


def _realisasi(ds, indicator: str = "kota-akip") -> float:
    iv = ds.tables["indicator_values"]
    row = iv[(iv["indicator_id"] == indicator) & (iv["year"] == 2023) & (iv["measure"] == "realisasi")]
    return float(row["value"].iloc[0])


def _change_akip(data_dir) -> None:
    """realisasi of kota-akip 2023 from 67,10 to 71,23 (still valid data)."""
    path = data_dir / "indicator_values.csv"
    text = path.read_text(encoding="utf-8")
    row = 'kota-bekasi,kota-akip,2023,annual,realisasi,67.1,"67,10",'
    assert text.count(row) == 1
    path.write_text(text.replace(row, 'kota-bekasi,kota-akip,2023,annual,realisasi,71.23,"71,23",'), encoding="utf-8")


def test_a_snapshot_reads_back_the_same_tables(ds, tmp_path):
    path = write_snapshot(ds, tmp_path / "ds.pickle")
    back = read_snapshot(path, data_dir=ds.data_dir)
    assert back.data_dir == ds.data_dir and back.descriptor == ds.descriptor
    assert back.tables.keys() == ds.tables.keys()
    for name, table in ds.tables.items():
        pd.testing.assert_frame_equal(back.tables[name], table, obj=name)
    assert back.indonesian_cells == ds.indonesian_cells
    assert _realisasi(back) == 67.1


def test_the_hash_covers_names_and_contents(data_copy):
    before = data_package_hash(data_copy)
    assert len(before) == 64 and data_package_hash(data_copy) == before
    (data_copy / "notes.txt").write_text("x")
    added = data_package_hash(data_copy)
    (data_copy / "notes.txt").rename(data_copy / "other.txt")
    assert len({before, added, data_package_hash(data_copy)}) == 3


def test_a_snapshot_of_other_data_is_refused(data_copy, tmp_path):
    from lkip_helpers.data.dataset import load_dataset

    path = write_snapshot(load_dataset(data_copy), tmp_path / "ds.pickle")
    assert read_snapshot(path, data_dir=data_copy).data_dir == data_copy.resolve()
    _change_akip(data_copy)
    with pytest.raises(SnapshotError, match="the data changed since the snapshot was written"):
        read_snapshot(path, data_dir=data_copy)


@pytest.mark.parametrize("content, message", [
    (b"", "not a dataset snapshot"),
    (b"plain text, not a pickle", "not a dataset snapshot"),
    (pickle.dumps({"format": "something-else/9"}), f"not a dataset snapshot of format {SNAPSHOT_FORMAT!r} (found 'something-else/9')"),
    (pickle.dumps({"format": SNAPSHOT_FORMAT, "versions": {"python": "2.7", "pandas": "0.1", "numpy": "0.1"}}),
     "written with {'python': '2.7'"),
])
def test_a_file_that_is_not_a_snapshot_of_this_installation_is_refused(tmp_path, content, message):
    path = tmp_path / "ds.pickle"
    path.write_bytes(content)
    with pytest.raises(SnapshotError, match=re.escape(message)):
        read_snapshot(path)


def test_a_missing_snapshot_is_refused(tmp_path):
    with pytest.raises(SnapshotError, match="does not exist"):
        read_snapshot(tmp_path / "nope.pickle")


def test_start_reads_the_snapshot_named_by_the_environment(ds, tmp_path, monkeypatch):
    """A kernel of ``lkip run`` gets the snapshot and the data folder: start() loads nothing."""
    from lkip_helpers.notebook import startup

    path = write_snapshot(ds, tmp_path / "ds.pickle")
    monkeypatch.setenv(SNAPSHOT_ENV, str(path))
    monkeypatch.setenv("LKIP_DATA_DIR", str(ds.data_dir))

    def no_load(*args, **kwargs):
        raise AssertionError("start() validated the data again instead of reading the snapshot")

    monkeypatch.setattr(startup, "load_dataset", no_load)
    got = startup.start(dict(NAMESPACE))
    assert _realisasi(got) == 67.1 and got.data_dir == ds.data_dir


def test_start_refuses_a_snapshot_of_other_data(ds, data_copy, tmp_path, monkeypatch):
    from lkip_helpers.notebook import startup

    monkeypatch.setenv(SNAPSHOT_ENV, str(write_snapshot(ds, tmp_path / "ds.pickle")))
    monkeypatch.setenv("LKIP_DATA_DIR", str(data_copy))
    _change_akip(data_copy)
    with pytest.raises(SnapshotError, match="the data changed"):
        startup.start(dict(NAMESPACE))


def test_start_without_a_snapshot_loads_the_data_folder_of_the_environment(data_copy, monkeypatch):
    from lkip_helpers.notebook import startup

    _change_akip(data_copy)
    monkeypatch.delenv(SNAPSHOT_ENV, raising=False)
    monkeypatch.setenv("LKIP_DATA_DIR", str(data_copy))
    got = startup.start(dict(NAMESPACE))
    assert _realisasi(got) == 71.23 and got.data_dir == data_copy.resolve()


def test_the_hash_follows_linked_folders_and_ignores_hidden_files(tmp_path):
    from lkip_helpers.data.snapshot import data_package_hash

    real = tmp_path / "real-stats"
    real.mkdir()
    (real / "a.csv").write_text("x\n1\n")
    data = tmp_path / "data"
    data.mkdir()
    (data / "datapackage.json").write_text("{}")
    (data / "stats").symlink_to(real, target_is_directory=True)
    before = data_package_hash(data)
    (data / ".~lock.a.csv#").write_text("lock")
    (data / "stats" / ".a.csv.swp").write_text("swap")
    assert data_package_hash(data) == before
    (real / "a.csv").write_text("x\n2\n")
    assert data_package_hash(data) != before
