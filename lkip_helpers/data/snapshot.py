"""A validated :class:`~lkip_helpers.data.dataset.Dataset` written to one file and read back.

``lkip run`` validates the data package once, writes a snapshot into the run's temporary folder
and points every notebook kernel at it (``$LKIP_DATASET_SNAPSHOT``), so that a kernel reads the
tables in a few milliseconds instead of parsing and validating every CSV again (about a second).

The snapshot records the hash of the data package it was built from (:func:`data_package_hash`)
and a format tag; :func:`read_snapshot` refuses a file whose format, package versions or hash do
not match, with a message saying which. The file is a pickle: it is our own temporary file, written
and read by the same installation, never published and never read from elsewhere.

>>> ds = load_dataset(data_dir)                                    # doctest: +SKIP
>>> write_snapshot(ds, staging / "dataset.pickle")                  # doctest: +SKIP
>>> read_snapshot(staging / "dataset.pickle", data_dir=data_dir)   # doctest: +SKIP
"""

from __future__ import annotations

import hashlib
import pickle
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .atomic import atomic_write_bytes

if TYPE_CHECKING:  # pandas is only needed when a snapshot is read or written
    from .dataset import Dataset

__all__ = ["SNAPSHOT_ENV", "SNAPSHOT_FORMAT", "SnapshotError", "data_package_hash", "read_snapshot", "write_snapshot"]

#: environment variable naming the snapshot a notebook kernel loads (see :func:`~lkip_helpers.notebook.startup.start`)
SNAPSHOT_ENV = "LKIP_DATASET_SNAPSHOT"
#: format tag of the snapshot header; bump it when the layout of :class:`Dataset` changes
SNAPSHOT_FORMAT = "lkip-dataset-snapshot/2"


class SnapshotError(ValueError):
    """A snapshot that cannot be used: missing, of another format or versions, or of other data."""


def data_package_hash(data_dir: Path | str) -> str:
    """SHA-256 over the files of the data package (relative names and contents), in name order.

    Folders reached through a symbolic link are included (the loader reads through them); hidden
    and temporary files (names starting with ``.`` or ``~``, such as an editor's swap file or an
    office suite's lock file) are not, so opening a table during a run does not change the hash.
    """
    data_dir = Path(data_dir)
    digest = hashlib.sha256()
    for path in sorted(_package_files(data_dir), key=lambda p: p.relative_to(data_dir).as_posix()):
        digest.update(path.relative_to(data_dir).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _package_files(data_dir: Path) -> list[Path]:
    """Every file below ``data_dir``, following links to folders (each real folder once)."""
    import os

    files, seen = [], set()
    for folder, subfolders, names in os.walk(data_dir, followlinks=True):
        real = os.path.realpath(folder)
        if real in seen:
            subfolders[:] = []
            continue
        seen.add(real)
        subfolders[:] = [s for s in subfolders if not s.startswith((".", "~"))]
        files.extend(Path(folder) / n for n in names if not n.startswith((".", "~")) and os.path.isfile(os.path.join(folder, n)))
    return files


def _versions() -> dict[str, str]:
    """Versions a pickled Dataset depends on: Python, pandas and numpy."""
    import numpy
    import pandas

    return {"python": sys.version.split()[0], "pandas": pandas.__version__, "numpy": numpy.__version__}


def write_snapshot(ds: Dataset, path: Path | str, *, data_hash: str | None = None) -> Path:
    """Write ``ds`` to ``path`` atomically: a header (format, versions, data package hash), then
    the dataset.

    Args:
        ds: a dataset returned by :func:`~lkip_helpers.data.dataset.load_dataset`.
        path: the file to write (its folder must exist).
        data_hash: the hash of ``ds.data_dir`` taken before it was loaded (computed now if omitted).

    Returns:
        ``path``.
    """
    path = Path(path)
    header = {
        "format": SNAPSHOT_FORMAT,
        "versions": _versions(),
        "data_dir": str(ds.data_dir),
        "data_package_sha256": data_hash or data_package_hash(ds.data_dir),
    }
    atomic_write_bytes(path, pickle.dumps(header, protocol=pickle.HIGHEST_PROTOCOL)
                       + pickle.dumps(ds, protocol=pickle.HIGHEST_PROTOCOL))
    return path


def _check_header(header: Any, path: Path, data_dir: Path | None) -> None:
    if not isinstance(header, dict) or header.get("format") != SNAPSHOT_FORMAT:
        found = header.get("format") if isinstance(header, dict) else type(header).__name__
        raise SnapshotError(f"{path}: not a dataset snapshot of format {SNAPSHOT_FORMAT!r} (found {found!r})")
    versions = _versions()
    if header.get("versions") != versions:
        raise SnapshotError(f"{path}: written with {header.get('versions')}, this kernel runs {versions}")
    if data_dir is not None:
        current = data_package_hash(data_dir)
        if header.get("data_package_sha256") != current:
            raise SnapshotError(
                f"{path}: built from the data package {str(header.get('data_package_sha256'))[:12]} "
                f"({header.get('data_dir')}), but {data_dir} now hashes to {current[:12]}: "
                "the data changed since the snapshot was written"
            )


def read_snapshot(path: Path | str, *, data_dir: Path | str | None = None) -> Dataset:
    """Read a snapshot written by :func:`write_snapshot`.

    Args:
        path: the snapshot file.
        data_dir: when given, the data package hash of this folder must equal the snapshot's
            (a few milliseconds for the project's data).

    Raises:
        SnapshotError: the file is missing, not a snapshot, of another format or Python/pandas/
            numpy version, or built from data other than ``data_dir``'s.
    """
    from .dataset import Dataset

    path = Path(path)
    try:
        with path.open("rb") as fh:
            try:
                header = pickle.load(fh)
            except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, IndexError) as exc:
                raise SnapshotError(f"{path}: not a dataset snapshot ({type(exc).__name__}: {exc})") from None
            _check_header(header, path, Path(data_dir).expanduser().resolve() if data_dir else None)
            ds = pickle.load(fh)
    except FileNotFoundError:
        raise SnapshotError(f"{path}: the dataset snapshot does not exist") from None
    if not isinstance(ds, Dataset):
        raise SnapshotError(f"{path}: holds a {type(ds).__name__}, not a Dataset")
    return ds
