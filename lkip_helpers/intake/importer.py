"""``lkip import``: bring one report workbook into a data package, all or nothing.

The workbook (or folder of sheet CSVs) is read and checked cell by cell; its rows are merged into
the tables of the data folder (:mod:`.merge`); the merged package is written as a new folder beside
the data folder, validated there (the package's own checks and frictionless) and only then swapped
in. An import that fails or is interrupted at any point leaves the data folder as it was. An
existing figure is never overwritten, nor a check of the report removed (one its check sheet no
longer lists, :mod:`.check_sheets`), unless ``replace`` is given; without it, the import lists every
change (old → new) and removal and stops.

Its summary, notes and refusals are :class:`~lkip_helpers.data.i18n.Message` s: English as strings,
in the reader's language through ``summary(lang)`` and ``ImportRefused.in_language``.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from lkip_helpers.data.datapackage import DESCRIPTOR_NAME, read_descriptor
from lkip_helpers.data.errors import DataIssue, DataValidationError
from lkip_helpers.data.i18n import Message
from lkip_helpers.intake.check_sheets import leave_out_stats_checks
from lkip_helpers.intake.merge import FigureChange, TableMerge, merge_table
from lkip_helpers.intake.raw_tables import read_raw_tables
from lkip_helpers.intake.workbook_reader import CellIssue, WorkbookError, listed, read_workbook
from lkip_helpers.intake.workbook_schema import CHECK_TABLES
from lkip_helpers.intake.workbook_tables import IncomingReport, KnownIds, workbook_tables

__all__ = ["ImportRefused", "ImportResult", "import_report"]


class ImportRefused(ValueError):
    """Raised when an import would overwrite existing figures or remove checks without ``replace``,
    or would leave the data package invalid; nothing was written.

    ``ImportRefused(head, details, more)``: the reason (a :class:`Message`) and what it is about
    (changes, removals, data issues), listed one a line under it, at most 30, then how many more
    (with ``more`` problems found but not in ``details``).
    """

    def __init__(self, head: str, details: Sequence[object] = (), more: int = 0) -> None:
        self.head, self.details, self.more = head, list(details), more
        super().__init__(self.in_language("en"))

    def in_language(self, lang: str | None = None) -> str:
        """The refusal in ``lang`` (default: the current language), one line per detail."""
        return listed(self.head, self.details, lang, self.more)


@dataclass
class ImportResult:
    """What an import did (or, for a dry run, would do)."""

    source: Path
    data_dir: Path
    report: IncomingReport
    merges: dict[str, TableMerge]
    warnings: list[CellIssue] = field(default_factory=list)
    dry_run: bool = False
    new_package: bool = False

    @property
    def changes(self) -> list[FigureChange]:
        """Every existing figure the workbook changes."""
        return [change for merge in self.merges.values() for change in merge.changes]

    @property
    def removals(self) -> list[str]:
        """Every check of the report that its check sheet no longer lists (``check_relations:
        city-x (not on sheet CekRelasi)``); removed only with ``replace``."""
        return [Message("{table}: {key} (not on sheet {sheet})", table=name, key=", ".join(key),
                        sheet=CHECK_TABLES.get(name, name))
                for name, merge in self.merges.items() for key in merge.removed]

    def summary(self, lang: str | None = None) -> list[str]:
        """Lines for the person importing: rows added per table, every change, the notes; in English,
        or in ``lang`` through the catalog."""
        report = self.report
        lines = [Message("{entity} {year} (document {document}) from {source} into {folder}", entity=report.entity_id,
                         year=str(report.year), document=report.document_id, source=str(self.source),
                         folder=str(self.data_dir))]
        if self.new_package:
            lines[0] = Message("{imported} (a new data package)", imported=lines[0])
        for name, merge in self.merges.items():
            if merge.added or merge.changes or merge.unchanged or merge.removed:
                counts = dict(table=name, added=merge.added, changed=len(merge.changes), there=merge.unchanged)
                lines.append(Message("  {table}: {added} row(s) added, {changed} figure(s) changed, {removed} row(s) "
                                     "removed, {there} row(s) already there", removed=len(merge.removed), **counts)
                             if merge.removed else
                             Message("  {table}: {added} row(s) added, {changed} figure(s) changed, {there} row(s) "
                                     "already there", **counts))
            for column in merge.dropped_columns:
                lines.append(Message("  {table}: column {column!r} is not kept: this data package's table has no such "
                                     "column", table=name, column=column))
        lines.extend(Message("  change: {change}", change=change) for change in self.changes)
        lines.extend(Message("  removed: {removal}", removal=removal) for removal in self.removals)
        lines.extend(Message("  note: {note}", note=note) for note in report.notes)
        lines.extend(Message("  warning: {warning}", warning=warning) for warning in self.warnings)
        return [str(line) if lang is None else line.in_language(lang) for line in lines]


def import_report(source: Path | str, data_dir: Path | str, *, dry_run: bool = False,
                  replace: bool = False) -> ImportResult:
    """Import the report workbook ``source`` into the data package ``data_dir``.

    Args:
        source: an ``.xlsx`` workbook, or a folder holding the sheets as ``<Sheet>.csv``.
        data_dir: the data package to import into; a folder that does not exist (or is empty)
            becomes a new data package.
        dry_run: only work out what would change; write nothing.
        replace: overwrite existing figures that the workbook changes, and remove the report's
            checks that a check sheet with rows no longer lists.

    Raises:
        FileNotFoundError: ``source`` does not exist.
        WorkbookError: cells of the workbook cannot be read (every problem, by sheet and cell).
        ImportRefused: figures would change or checks be removed without ``replace``, or the merged
            data would not be valid.
        DataValidationError: the data folder itself is not a valid data package.
    """
    source, data_dir = Path(source).resolve(), Path(data_dir).resolve()
    sheets, warnings = read_workbook(source)
    new_package = not (data_dir / DESCRIPTOR_NAME).exists()
    if new_package and data_dir.exists() and any(data_dir.iterdir()):
        raise ImportRefused(Message("{folder} is neither a data package (no {descriptor}) nor an empty folder",
                                    folder=str(data_dir), descriptor=DESCRIPTOR_NAME))
    descriptor = _template_descriptor() if new_package else read_descriptor(data_dir)
    existing = read_raw_tables(descriptor, None if new_package else data_dir)
    report, issues = workbook_tables(sheets, KnownIds.from_tables(existing))
    if issues:
        raise WorkbookError(source, issues)
    if new_package:
        report.notes.extend(leave_out_stats_checks(report.tables))
    keys = {r["name"]: list(r["schema"].get("primaryKey", [])) for r in descriptor["resources"]}
    merges = {name: merge_table(name, existing[name], rows, keys[name], replace=replace)
              for name, rows in report.tables.items() if name in existing}
    result = ImportResult(source, data_dir, report, merges, warnings, dry_run, new_package)
    if (result.changes or result.removals) and not replace and not dry_run:
        _refuse_changes(result)
    if not dry_run:
        _write(result, descriptor)
    return result


def _refuse_changes(result: ImportResult) -> None:
    """Refuse an import that would change figures or remove checks without ``replace``, listing them."""
    # the removals first: fewer and easy to miss after a long list of changed figures
    details = [*(Message("removed: {removal}", removal=r) for r in result.removals), *result.changes]
    changes = Message("{n} existing figure(s) would change", n=len(result.changes))
    removals = Message("{n} check(s) of the report would be removed", n=len(result.removals))
    what = (Message("{changes} and {removals}", changes=changes, removals=removals) if result.changes and result.removals
            else changes if result.changes else removals)
    raise ImportRefused(Message("{source}: {what}; nothing was imported (pass --replace to apply them)",
                                source=str(result.source), what=what), details)


def _template_descriptor() -> dict:
    from lkip_helpers.data.paths import PROJECT_ROOT

    return read_descriptor(PROJECT_ROOT / "data")


def _write(result: ImportResult, descriptor: dict) -> None:
    """Write the merged package beside the data folder, validate it there, then swap it in."""
    from lkip_helpers.data.atomic import atomic_write_text, replace_directory
    from lkip_helpers.data.new_package import create_empty_package

    data_dir = result.data_dir
    staged = data_dir.with_name(f".{data_dir.name}.import-{os.getpid()}")
    if staged.exists():
        shutil.rmtree(staged)
    try:
        if result.new_package:
            create_empty_package(staged)
        else:
            shutil.copytree(data_dir, staged, symlinks=True)
        paths = {r["name"]: r["path"] for r in descriptor["resources"]}
        origins: dict[Path, dict[int, str]] = {}
        for name, merge in result.merges.items():
            if merge.modified:
                atomic_write_text(staged / paths[name], merge.merged.to_csv(index=False, lineterminator="\n"))
                origins[staged / paths[name]] = merge.origins
        _validate(staged, data_dir, origins)
        replace_directory(staged, data_dir)
    finally:
        if staged.exists():
            shutil.rmtree(staged, ignore_errors=True)


def _validate(staged: Path, data_dir: Path, origins: dict[Path, dict[int, str]]) -> None:
    """The package's own checks and frictionless, on the staged folder. A problem in a row the
    workbook brought names the workbook row first; file paths name ``data_dir``."""
    from lkip_helpers.data.dataset import load_dataset

    try:
        load_dataset(staged)
    except DataValidationError as exc:
        lines: list[object] = []
        for issue in exc.issues[:30]:
            origin = origins.get(issue.path, {}).get(issue.row) if issue.row is not None else None
            issue = _in_folder(issue, staged, data_dir)
            lines.append(Message("{origin}: {issue}", origin=origin, issue=issue) if origin else issue)
        raise ImportRefused(Message("after the merge the data would not be valid; nothing was imported:"),
                            lines, exc.total - len(lines)) from None
    _validate_frictionless(staged, origins)


def _validate_frictionless(staged: Path, origins: dict[Path, dict[int, str]]) -> None:
    """Frictionless validation of the tables the import rewrote (with their foreign keys); the
    tables it left alone are the data folder's own files, byte for byte."""
    from frictionless import Package

    package = Package(str(staged / DESCRIPTOR_NAME))
    errors = []
    for resource in package.resources:
        if (staged / resource.path) in origins:
            report = resource.validate()
            errors.extend(f"{resource.name}: {error.message}" for task in report.tasks for error in task.errors[:5])
    if errors:
        raise ImportRefused(Message("after the merge the data package would not pass frictionless; nothing was "
                                    "imported:"), errors[:20])


def _in_folder(issue: DataIssue, staged: Path, data_dir: Path) -> DataIssue:
    """``issue`` naming its file in ``data_dir`` instead of the staged copy."""
    from dataclasses import replace

    path = Path(str(issue.path).replace(str(staged), str(data_dir)))
    message = issue.message
    if isinstance(message, Message):  # a value may name a staged file too
        message = Message(message.message, **{k: v.replace(str(staged), str(data_dir)) if isinstance(v, str)
                                              and not isinstance(v, Message) else v for k, v in message.values.items()})
    elif str(staged) in message:
        message = message.replace(str(staged), str(data_dir))
    return replace(issue, path=path, message=message)
