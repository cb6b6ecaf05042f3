"""The validated dataset of a run, cached in the output folder between runs of the same data.

Validating the data package takes about a second; a re-run of one notebook would pay it every
time. After a validation, ``lkip run`` keeps a snapshot of the validated tables (see
:mod:`lkip_helpers.data.snapshot`) in ``<output_dir>/.cache/``, named by the data folder and the
hash of every file of its package. The next run of the same, unchanged data reads the snapshot
(a few milliseconds) instead of validating again; any change to any file of the package changes
the hash, so changed data are always validated. A cache that cannot be read or written is
ignored: the data are then validated as usual.
"""

from __future__ import annotations

import hashlib
import pickle
from functools import lru_cache
from pathlib import Path

from lkip_helpers.data.snapshot import SnapshotError, data_package_hash, read_snapshot, write_snapshot

from .runner import RunData

__all__ = ["CACHE_FOLDER", "KEPT_SNAPSHOTS", "cached_snapshot_path", "loader_fingerprint", "remember_validated", "validated_data"]

#: folder of the output directory that holds the cached snapshots
CACHE_FOLDER = ".cache"
#: snapshots kept in the cache (the newest); older ones are removed after a new one is written
KEPT_SNAPSHOTS = 4


def cached_snapshot_path(output_dir: Path, data_dir: Path, sha256: str) -> Path:
    """Where the snapshot of ``data_dir`` with package hash ``sha256``, validated by this version
    of the data layer's code, is cached."""
    key = hashlib.sha256(f"{data_dir}\n{sha256}\n{loader_fingerprint()}".encode()).hexdigest()[:24]
    return output_dir / CACHE_FOLDER / f"dataset-{key}.pickle"


@lru_cache(maxsize=1)
def loader_fingerprint() -> str:
    """A hash of the code that reads and validates the data (the modules of
    :mod:`lkip_helpers.data`) and the package version: a changed validation never serves a
    dataset the old code validated."""
    from importlib.resources import files

    from lkip_helpers import __version__

    digest = hashlib.sha256(__version__.encode())
    for module in sorted(f for f in files("lkip_helpers.data").iterdir() if f.name.endswith(".py")):
        digest.update(module.name.encode())
        digest.update(module.read_bytes())
    return digest.hexdigest()


def validated_data(data_dir: Path, output_dir: Path | None) -> RunData:
    """The dataset of ``data_dir``, validated: from the cache in ``output_dir`` when the data are
    unchanged since a previous run, else loaded and validated now. Writes nothing: the command
    calls :func:`remember_validated` once its parameters are known to be valid.

    Raises:
        DataValidationError, FileNotFoundError: the data are invalid or missing.
    """
    from lkip_helpers.data.dataset import load_dataset

    sha256 = data_package_hash(data_dir)  # first: the hash of what is read next
    cached = cached_snapshot_path(output_dir, data_dir, sha256) if output_dir is not None else None
    if cached is not None and cached.is_file():
        try:
            return RunData(read_snapshot(cached), sha256)
        except (SnapshotError, OSError, pickle.UnpicklingError):
            pass  # another installation's or a damaged file: validate again (and replace it)
    return RunData(load_dataset(data_dir), sha256)


def remember_validated(data: RunData, output_dir: Path) -> None:
    """Keep ``data`` in the cache of ``output_dir`` unless a readable copy is already there."""
    cached = cached_snapshot_path(output_dir, data.data_dir, data.sha256)
    if cached.is_file():
        try:
            read_snapshot(cached)
            return
        except (SnapshotError, OSError, pickle.UnpicklingError):
            pass
    _store(data, cached)


def _store(data: RunData, path: Path) -> None:
    """Write the snapshot atomically and prune the cache; a failure (read-only or full output
    folder) only means the next run validates again."""
    try:
        write_snapshot(data.dataset, path, data_hash=data.sha256)  # atomic, creates the folder
        snapshots = sorted(path.parent.glob("dataset-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in snapshots[KEPT_SNAPSHOTS:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass
