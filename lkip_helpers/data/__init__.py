"""The data layer: read, validate and describe the standardised tables of ``data/``.

Modules: :mod:`.dataset` (load the tables, the :class:`Dataset` API), :mod:`.validation` (checks
naming file, row and column), :mod:`.datapackage` (the Frictionless descriptor), :mod:`.errors`,
:mod:`.numbers` (the Indonesian number parser), :mod:`.normalise` (rewrite a copy's numbers plainly),
:mod:`.keyed` (the schema of a stats topic the audit computes on), :mod:`.declared_rows` (the
declared checks against it), :mod:`.cell_references` (a declared formula's references),
:mod:`.paths` (where data, sources and outputs live), :mod:`.new_package` (an empty package), :mod:`.atomic` (all-or-nothing writes) and
:mod:`.snapshot` (a validated dataset in one file, for the kernels of a batch run).

Names are imported from their module on first use, so that importing the layer stays cheap.
"""

from __future__ import annotations

from lkip_helpers import lazy_exports

_EXPORTS = {
    "SNAPSHOT_ENV": "snapshot",
    "SnapshotError": "snapshot",
    "data_package_hash": "snapshot",
    "read_snapshot": "snapshot",
    "write_snapshot": "snapshot",
    "DESCRIPTOR_NAME": "datapackage",
    "DataIssue": "errors",
    "DataValidationError": "errors",
    "Dataset": "dataset",
    "MISSING_MARKERS": "numbers",
    "NumberParseError": "numbers",
    "PROJECT_ROOT": "paths",
    "ParameterError": "errors",
    "ParsedCell": "numbers",
    "atomic_write_bytes": "atomic",
    "atomic_write_text": "atomic",
    "build_descriptor": "datapackage",
    "check_foreign_keys": "validation",
    "create_empty_package": "new_package",
    "default_data_dir": "paths",
    "default_output_dir": "paths",
    "is_missing": "numbers",
    "load_dataset": "dataset",
    "normalise_numbers": "normalise",
    "parse_cell": "numbers",
    "parse_number": "numbers",
    "parse_number_or_none": "numbers",
    "plausible_values": "numbers",
    "printed_resolution": "numbers",
    "descriptor_issues": "datapackage",
    "read_descriptor": "datapackage",
    "read_table": "validation",
    "replace_directory": "atomic",
    "sources_dir": "paths",
    "write_descriptor": "datapackage",
}

__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
