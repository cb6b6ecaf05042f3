"""The ``lkip`` command.

    lkip list                                  entities and years the data supports
    lkip run --entity kota-bekasi --year 2023  execute the notebook suite into outputs/
    lkip run --all                             every (entity, year) in the data
    lkip validate [--frictionless]             validate a data package (ours, or a copy via --data-dir)
    lkip normalise                             rewrite numbers typed as 87,14 in a copy as 87.14
    lkip build-datapackage                     regenerate data/datapackage.json from data/metadata/
    lkip template --entity E --year Y [--from-year Y0] -o FILE.xlsx   a report workbook to fill
    lkip import FILE.xlsx|FOLDER [--dry-run] [--replace]             bring a filled workbook in
    lkip extract REPORT.pdf|REPORT.txt -o DRAFT.xlsx [--entity E --year Y]  draft that workbook from a report
    lkip audit --entity E --year Y -o FILE.xlsx [--lang id|en] [--force]   the audit's work paper (kertas kerja)

The command's own messages (summaries, notes, the one-line errors naming file, sheet, cell, row and
column, ``lkip list``'s header, an audit's refusal of a declared check it cannot read) are in Bahasa
Indonesia, or English with ``--lang en`` (default: ``$LKIP_LANG``, else Bahasa Indonesia); names of
files, sheets, cells and columns and the data inside a message stay as they are. ``lkip run`` speaks
the language of its reports (its ``--lang``, Bahasa Indonesia by default).

Exit codes: 0 success, 1 a notebook failed (extract: no table recognised, an empty template was
written), 2 invalid parameters or invalid data (extract: a missing or unreadable report).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lkip_helpers.data.errors import DataValidationError, ParameterError
from lkip_helpers.data.i18n import DEFAULT_LANGUAGE, LANGUAGES, Message, current_language, shown

if TYPE_CHECKING:  # the command imports pandas and papermill only when it needs them
    from lkip_helpers.data.dataset import Dataset
    from .results import SuiteResult
    from .runner import RunData
    from .suite import SuitePlan

__all__ = ["main"]


def _dataset(args: argparse.Namespace):
    from lkip_helpers.data.dataset import load_dataset

    return load_dataset(args.data_dir)


def _cmd_list(args: argparse.Namespace) -> int:
    """Print the entities and years of the data (a tab-separated table under a header in the
    command's language) and the notebooks."""
    ds = _dataset(args)
    from lkip_helpers.data.i18n import translate

    from .suite import list_notebooks

    years = ds.entity_years()
    names = ds.entities.set_index("entity_id")["name"]
    lang = _language(args)
    print("\t".join((translate("entity", lang), translate("year", lang), translate("name", lang))))
    for row in years.itertuples():
        print(f"{row.entity_id}\t{row.year}\t{names.get(row.entity_id, '')}")
    print()
    _say(args, Message("notebooks: {names}", names=", ".join(p.stem for p in list_notebooks())))
    return 0


def _cmd_run(args: argparse.Namespace) -> int:
    """Validate everything, then execute and publish the suite for every selected (entity, year)."""
    from .data_cache import remember_validated
    from .publish import check_free_space, safe_output_folder
    from .runner import execute_runs

    _check_run_options(args)
    _prepare_kernels(args)
    data = _validated_data(args)
    notebooks = _selected_notebooks(args)
    notebook_dir = Path(args.notebook_dir).resolve() if args.notebook_dir else None
    # validate every (entity, year) and notebook name before any kernel starts
    plans = _plans(args, data.dataset, notebooks, notebook_dir)
    output_dir = _output_dir(args)
    check_free_space(output_dir, [safe_output_folder(output_dir, e, y) for e, y, plan in plans if plan.runs])
    settings = {
        "command": " ".join(["lkip", *(args.argv or [])]),
        "notebooks": notebooks,
        "notebook_dir": str(notebook_dir) if notebook_dir else None,
        "scheduler": args.scheduler,
        "output_dir": str(output_dir),
        "lang": args.lang,
    }
    client, submit = _dask_executor(args.scheduler)
    remember_validated(data, output_dir)  # only now: nothing is written for invalid parameters
    status = 0
    # what an interruption or a write error reports as published and not (see _publication_note)
    args.published, args.pending = [], [f"{e} {y}" for e, y, plan in plans if plan.runs]
    try:
        for entity, year, plan in plans:
            if not plan.runs:
                reasons = "; ".join(r.in_language(_language(args)) for r in plan.reasons.values())
                _say(args, Message("{entity} {year}: no notebook applies ({reasons})", entity=entity, year=str(year),
                                   reasons=reasons), file=sys.stderr)
                continue
            result = execute_runs(
                plan.runs, output_dir=output_dir, entity=entity, year=year, data=data, jobs=args.jobs,
                timeout=args.timeout, with_code=args.with_code, progress=not args.quiet, submit=submit,
                skipped=plan.skipped_text, settings=settings, keep_others=notebooks is not None,
            )
            status = max(status, _report_outcome(args, entity, year, result))
            args.pending.remove(f"{entity} {year}")
            args.published.append(f"{entity} {year}" + ("" if result.ok else " (failed)"))
    finally:
        if client is not None:
            client.close()
    return status


def _prepare_kernels(args: argparse.Namespace) -> None:
    """Fresh kernels when asked; otherwise start the warm-kernel process now, so that its imports
    run while the data are checked (kernels of a Dask cluster start on its workers)."""
    from .warm_kernels import use_fresh_kernels
    from .warm_provisioner import prestart_kernels

    use_fresh_kernels(args.fresh_kernels)  # for this run (a later run in this process decides anew)
    if not args.fresh_kernels and args.scheduler is None:
        from .execution import KERNEL_NAME
        from .suite import NOTEBOOK_DIR

        prestart_kernels(KERNEL_NAME, Path(args.notebook_dir).resolve() if args.notebook_dir else NOTEBOOK_DIR)


def _check_run_options(args: argparse.Namespace) -> None:
    """Options that are wrong whatever the data say (checked before the data are loaded)."""
    from .suite import list_notebooks

    if not args.all and (args.entity is None or args.year is None):
        raise ParameterError("give --entity and --year (or --all); see 'lkip list' for the choices")
    if args.timeout <= 0:
        raise ParameterError("--timeout must be a positive number of seconds, got {timeout}", timeout=str(args.timeout))
    if args.notebook_dir and not Path(args.notebook_dir).resolve().is_dir():
        raise ParameterError("--notebook-dir {folder} is not a folder", folder=str(Path(args.notebook_dir).resolve()))
    if args.notebook_dir and not list_notebooks(Path(args.notebook_dir).resolve()):
        raise ParameterError("--notebook-dir {folder} holds no notebook of the suite (one whose metadata has an "
                             "'lkip' section, see docs/notebooks.md)", folder=str(Path(args.notebook_dir).resolve()))
    _check_output_dir(_output_dir(args))


def _check_output_dir(output_dir: Path) -> None:
    """The output folder must be a folder (or not exist yet) that this user can write in."""
    import os

    if output_dir.exists() and not output_dir.is_dir():
        raise ParameterError("the output folder {folder} is a file, not a folder", folder=str(output_dir))
    existing = next(p for p in (output_dir, *output_dir.parents) if p.exists())
    if not existing.is_dir():
        raise ParameterError("the output folder {folder} cannot be made: {file} is a file", folder=str(output_dir),
                             file=str(existing))
    if not os.access(existing, os.W_OK | os.X_OK):
        raise ParameterError("the output folder {folder} is not writable ({existing} refuses new files)",
                             folder=str(output_dir), existing=str(existing))


def _validated_data(args: argparse.Namespace) -> RunData:
    """The data package validated once (or read from the output folder's cache when it is
    unchanged since the last run; see :mod:`.data_cache`)."""
    from lkip_helpers.data.paths import default_data_dir
    from .data_cache import validated_data

    data_dir = Path(args.data_dir).expanduser().resolve() if args.data_dir else default_data_dir()
    return validated_data(data_dir, _output_dir(args))


def _selected_notebooks(args: argparse.Namespace) -> list[str] | None:
    """The ``--notebooks`` names (comma-separated, repeatable), or None for the whole suite."""
    if args.notebooks is None:
        return None
    return [n.strip() for part in args.notebooks for n in part.split(",") if n.strip()]


def _plans(
    args: argparse.Namespace, ds: Dataset, notebooks: list[str] | None, notebook_dir: Path | None
) -> list[tuple[str, int, SuitePlan]]:
    """``(entity, year, SuitePlan)`` of every selected report; raises ParameterError for any
    unknown entity, year or notebook."""
    from .suite import plan_suite

    if args.all:
        pairs = [(r.entity_id, int(r.year)) for r in ds.entity_years().itertuples()]
    else:
        pairs = [(args.entity, args.year)]
    return [(e, y, plan_suite(ds, e, y, notebooks, notebook_dir, lang=args.lang)) for e, y in pairs]


def _output_dir(args: argparse.Namespace) -> Path:
    from lkip_helpers.data.paths import default_output_dir

    return Path(args.output_dir).resolve() if args.output_dir else default_output_dir()


def _dask_executor(scheduler: str | None) -> tuple[Any, Any]:
    """``(client, submit)`` for a Dask scheduler address, or ``(None, None)`` to run locally."""
    if not scheduler:
        return None, None
    try:
        from distributed import Client
    except ImportError as exc:
        raise ParameterError("--scheduler needs the 'distributed' package: pip install 'lkip-analytics[dask]'") from exc
    try:
        _probe_tcp(scheduler)
        client = Client(scheduler, timeout="10s")
    except (OSError, TimeoutError) as exc:
        raise ParameterError("cannot reach the Dask scheduler at {address}: {reason}", address=scheduler,
                             reason=str(exc)) from None
    return client, client.get_executor(pure=False).submit


def _probe_tcp(address: str, seconds: float = 10.0) -> None:
    """Fail at once (OSError) when a ``tcp://host:port`` address refuses connections; Dask's
    client would retry a refused connection until its time-out. Other addresses are left to Dask."""
    import socket
    from urllib.parse import urlsplit

    parts = urlsplit(address)
    if parts.scheme != "tcp" or not parts.hostname or parts.port is None:
        return
    with socket.create_connection((parts.hostname, parts.port), timeout=seconds):
        pass


#: what a notebook's status says in the command's summary (catalog messages)
_STATUS_LINES = {"timeout": "{entity} {year}: {name} timed out: {error}", "failed": "{entity} {year}: {name} failed: {error}"}
#: the state of a report after its run (catalog messages)
_OUTCOMES = {"ok": "{entity} {year}: ok -> {index}", "kept": "{entity} {year}: FAILED (previous report kept) -> {index}",
             "none": "{entity} {year}: FAILED (no previous report) -> {index}"}


def _report_outcome(args: argparse.Namespace, entity: str, year: int, result: SuiteResult) -> int:
    """Print what failed and where the report went, in the command's language; return the exit
    status (0 ok, 1 failed)."""
    for r in result.results:
        if r.status != "ok":
            _say(args, Message(_STATUS_LINES.get(r.status, _STATUS_LINES["failed"]), entity=entity, year=str(year),
                               name=r.name, error=str(r.error)), file=sys.stderr)
    state = "ok" if result.ok else "kept" if result.had_previous else "none"
    _say(args, Message(_OUTCOMES[state], entity=entity, year=str(year), index=str(result.folder / "index.html")))
    return 0 if result.ok else 1


def _cmd_validate(args: argparse.Namespace) -> int:
    ds = _dataset(args)
    n = sum(len(t) for t in ds.tables.values())
    _say(args, Message("{folder}: {tables} tables, {rows} rows: lkip checks passed", folder=str(ds.data_dir),
                       tables=len(ds.tables), rows=n))
    if ds.indonesian_cells:
        path, row, column, text = ds.indonesian_cells[0]
        _say(args, Message("note: {n} numeric cell(s) are written in Indonesian notation (e.g. {file}, row {row}, "
                           "column {column!r}: {text!r}); lkip reads them, frictionless does not: {command} "
                           "rewrites them as plain numbers", n=len(ds.indonesian_cells), file=path.name,
                           row=str(row), column=column, text=text,
                           command=f"'lkip --data-dir {ds.data_dir} normalise'"))
    for warning in ds.warnings:
        _say(args, Message("warning: {warning}", warning=warning))
    if args.frictionless:
        from frictionless import Package

        report = Package(str(ds.data_dir / "datapackage.json")).validate()
        if not report.valid:
            for task in report.tasks:
                for err in task.errors[:20]:
                    print(f"{task.name}: {err.message}", file=sys.stderr)
            return 2
        _say(args, Message("frictionless: valid"))
    return 0


def _cmd_normalise(args: argparse.Namespace) -> int:
    from lkip_helpers.data.normalise import normalise_numbers

    changed = normalise_numbers(args.data_dir or _dataset(args).data_dir)
    for path, count in changed.items():
        _say(args, Message("{file}: {n} cell(s) rewritten as plain numbers", file=str(path), n=count))
    if not changed:
        _say(args, Message("nothing to rewrite: every numeric cell is already a plain number"))
    return 0


def _cmd_build(args: argparse.Namespace) -> int:
    from lkip_helpers.data.datapackage import write_descriptor

    _say(args, Message("wrote {file}", file=str(write_descriptor(args.data_dir))))
    return 0


def _data_dir(args: argparse.Namespace) -> Path:
    from lkip_helpers.data.paths import default_data_dir

    return Path(args.data_dir).expanduser().resolve() if args.data_dir else default_data_dir()


def _cmd_template(args: argparse.Namespace) -> int:
    from lkip_helpers.intake.template import write_template

    output = Path(args.output).expanduser().resolve()
    try:
        case = write_template(output, _data_dir(args), args.entity, args.year, args.from_year, overwrite=args.force)
    except FileExistsError as exc:
        _say(args, Message("lkip: error: {reason}", reason=exc), file=sys.stderr)
        return 2
    described = {"report": Message("filled with the report of {entity} for {year} in the data",
                                   entity=args.entity, year=str(args.year)),
                 "next_year": Message("pre-filled from the report of {from_year}: type the figures of {year}",
                                      from_year=str(args.from_year), year=str(args.year)),
                 "new_entity": Message("empty: type the report's figures")}[case]
    _say(args, Message("wrote {file} ({described}); then: {command}", file=str(output), described=described,
                       command=f"lkip import {output.name} --dry-run"))
    return 0


def _cmd_import(args: argparse.Namespace) -> int:
    from lkip_helpers.intake.importer import ImportRefused, import_report
    from lkip_helpers.intake.workbook_reader import WorkbookError

    data_dir = _data_dir(args)
    try:
        result = import_report(args.source, data_dir, dry_run=args.dry_run, replace=args.replace)
    except (WorkbookError, ImportRefused) as exc:
        _say(args, Message("lkip: import refused: {reason}", reason=exc), file=sys.stderr)
        return 2
    print("\n".join(result.summary(_language(args))))
    if args.dry_run and (result.changes or result.removals) and not args.replace:
        _say(args, Message("dry run: nothing was written (the changes need --replace)"))
    elif args.dry_run:
        _say(args, Message("dry run: nothing was written"))
    else:
        _say(args, Message("imported into {folder}; {command} shows the report", folder=str(data_dir),
                           command=f"'lkip --data-dir {data_dir} list'"))
    return 0


def _cmd_extract(args: argparse.Namespace) -> int:
    """Draft the report workbook from a report's PDF or text; list what to check on sheet Periksa."""
    from lkip_helpers.intake.extract import NoTableError, extract_report, write_draft
    from lkip_helpers.intake.text_source import SourceError

    try:
        extraction = extract_report(args.report, entity=args.entity, year=args.year)
    except SourceError as exc:
        _say(args, Message("lkip: error: {reason}", reason=exc), file=sys.stderr)
        return 2
    except NoTableError as exc:
        write_draft(None, args.output)
        _say(args, Message("lkip: {reason}; wrote an empty template to {file}", reason=exc, file=args.output),
             file=sys.stderr)
        return 1
    write_draft(extraction, args.output)
    frames = extraction.frames
    _say(args, Message("{file}: {iku} IKU, {targets} target(s), {realisasi} realisasi, {budget} budget row(s) from "
                       "{tables} table(s); {review} item(s) to check on sheet {sheet}", file=args.output,
                       iku=len(frames["IKU"]), targets=len(frames["Target"]), realisasi=len(frames["Realisasi"]),
                       budget=len(frames["Anggaran"]), tables=len(extraction.tables), review=len(extraction.review),
                       sheet="Periksa"))
    return 0


def _cmd_audit(args: argparse.Namespace) -> int:
    """Write the audit's work paper (findings, then the checks that matched) for one report."""
    from lkip_helpers.audit.workpaper import write_workpaper

    output = Path(args.output).expanduser().resolve()
    # refused before the data are loaded and audited (write_workpaper checks the same again)
    if output.suffix.lower() != ".xlsx":
        raise ParameterError("the work paper must be an .xlsx file, got {name}", name=output.name)
    if output.exists() and not args.force:
        raise ParameterError("{file} exists; choose another name or pass --force to overwrite it", file=str(output))
    ds = _dataset(args)
    try:
        findings, matched = write_workpaper(output, ds, args.entity, args.year, lang=args.lang, overwrite=True)
    except ParameterError:
        raise
    except ValueError as exc:  # a declared check the audit cannot read, naming its file, row and column
        _say(args, Message("lkip: audit refused: {reason}", reason=exc), file=sys.stderr)
        return 2
    _say(args, Message("wrote {file}: {findings} finding(s), {matched} check(s) that matched", file=str(output),
                       findings=findings, matched=matched))
    return 0


def _language(args: argparse.Namespace) -> str:
    """The language of the command's own messages: ``--lang``, else ``$LKIP_LANG``, else Bahasa
    Indonesia (:func:`current_language`); for ``lkip run`` its ``--lang``, the reports' language."""
    return getattr(args, "lang", None) or current_language()


def _say(args: argparse.Namespace, message: object, file: Any = None) -> None:
    """Print one message of the command in its language (:func:`_language`)."""
    print(shown(message, _language(args)), file=file or sys.stdout)


def _add_lang(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lang", choices=LANGUAGES, default=None,
                        help="language of the messages: id (Bahasa Indonesia) or en (English); "
                             "default $LKIP_LANG, else id")


def _add_intake_commands(sub: Any) -> None:
    """The subcommands that get a report in: ``template``, ``import`` and ``extract``."""
    template = sub.add_parser("template", help="write an Excel workbook for one report, to fill and import")
    template.add_argument("--entity", required=True, help="entity id, e.g. kota-bekasi (a new one gets an empty workbook)")
    template.add_argument("--year", type=int, required=True, help="report year")
    template.add_argument("--from-year", type=int, help="pre-fill IKU, targets and figures from this year's report")
    template.add_argument("-o", "--output", required=True, help="the workbook to write (.xlsx)")
    template.add_argument("--force", action="store_true", help="overwrite an existing workbook")
    template.add_argument("--data-dir", default=argparse.SUPPRESS, help="data package folder")
    _add_lang(template)
    template.set_defaults(func=_cmd_template)
    imp = sub.add_parser("import", help="import a filled report workbook (or a folder of its sheets as CSV)")
    imp.add_argument("source", help="the workbook (.xlsx) or a folder holding <Sheet>.csv files")
    imp.add_argument("--dry-run", action="store_true", help="show what would change; write nothing")
    imp.add_argument("--replace", action="store_true", help="apply changed figures and checks removed from a check sheet")
    imp.add_argument("--data-dir", default=argparse.SUPPRESS,
                     help="data package to import into (a new folder becomes a new package)")
    _add_lang(imp)
    imp.set_defaults(func=_cmd_import)
    ext = sub.add_parser("extract", help="draft the report workbook from a report's PDF or text")
    ext.add_argument("report", help="the report: a PDF, or the text of one (tab-separated cells)")
    ext.add_argument("-o", "--output", required=True, help="the draft workbook to write (.xlsx)")
    ext.add_argument("--entity", help="entity id, e.g. kota-bekasi (default: read from the measurement table's title)")
    ext.add_argument("--year", type=int, help="report year (default: read from the measurement table's title)")
    _add_lang(ext)
    ext.set_defaults(func=_cmd_extract)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``lkip`` command."""
    parser = argparse.ArgumentParser(prog="lkip", description="LKIP analytics: data checks and notebook batch runs")
    parser.add_argument("--data-dir", help="data package folder (default: the project's data/ or $LKIP_DATA_DIR)")
    sub = parser.add_subparsers(dest="command", required=True)
    listing = sub.add_parser("list", help="entities and years the data supports")
    _add_lang(listing)
    listing.set_defaults(func=_cmd_list)
    run = sub.add_parser("run", help="execute the notebook suite for an entity and year")
    run.add_argument("--entity", help="entity id, e.g. kota-bekasi (see 'lkip list')")
    run.add_argument("--year", type=int, help="report year, e.g. 2023")
    run.add_argument("--all", action="store_true", help="run every (entity, year) in the data")
    run.add_argument("--notebooks", action="append", help="subset of notebooks, e.g. overview,mission")
    run.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="notebooks run at once (default: cores)")
    run.add_argument("--timeout", type=int, default=600,
                     help="seconds one notebook may run before it is stopped (default 600)")
    run.add_argument("--with-code", action="store_true", help="keep code cells in the HTML reports")
    run.add_argument("--output-dir", help="output folder (default: the project's outputs/)")
    run.add_argument("--scheduler", help="address of a Dask distributed scheduler, e.g. tcp://host:8786")
    run.add_argument("--notebook-dir", help="run the notebooks of another folder (default: the project's notebooks/)")
    run.add_argument("--quiet", action="store_true", help="no progress bar")
    run.add_argument("--fresh-kernels", action="store_true",
                     help="start every kernel as a new process instead of forking it from a warm one")
    run.add_argument("--lang", choices=LANGUAGES, default=DEFAULT_LANGUAGE,
                     help="language of the reports: id (Bahasa Indonesia, default) or en (English)")
    run.set_defaults(func=_cmd_run)
    val = sub.add_parser("validate", help="validate the data package")
    val.add_argument("--frictionless", action="store_true", help="also run frictionless validation")
    _add_lang(val)
    val.set_defaults(func=_cmd_validate)
    norm = sub.add_parser("normalise", help="rewrite numbers typed in Indonesian notation (87,14) as plain numbers (87.14)")
    _add_lang(norm)
    norm.set_defaults(func=_cmd_normalise)
    build = sub.add_parser("build-datapackage", help="regenerate datapackage.json")
    _add_lang(build)
    build.set_defaults(func=_cmd_build)
    _add_intake_commands(sub)
    aud = sub.add_parser("audit", help="write the audit's work paper (kertas kerja) of one report as .xlsx")
    aud.add_argument("--entity", required=True, help="entity id, e.g. kota-bekasi (see 'lkip list')")
    aud.add_argument("--year", type=int, required=True, help="report year, e.g. 2023")
    aud.add_argument("-o", "--output", required=True, help="the work paper to write (.xlsx)")
    aud.add_argument("--lang", choices=LANGUAGES, default=DEFAULT_LANGUAGE,
                     help="language of the work paper and the messages: id (Bahasa Indonesia, default) or en (English)")
    aud.add_argument("--force", action="store_true", help="overwrite an existing work paper")
    aud.add_argument("--data-dir", default=argparse.SUPPRESS, help="data package folder")
    aud.set_defaults(func=_cmd_audit)
    return parser


def _terminate(signum: int, frame: object) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


def main(argv: list[str] | None = None) -> int:
    """Run the ``lkip`` command; return its exit code (130 when interrupted)."""
    import signal
    import threading

    parser = build_parser()
    args = parser.parse_args(argv)
    args.argv = list(sys.argv[1:] if argv is None else argv)
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _terminate)  # stop like Ctrl-C: clean up, keep the last report
    if getattr(args, "run", None) is None and args.command == "run" and args.all and args.entity:
        parser.error("give either --all or --entity/--year")
    if args.command == "run" and args.jobs < 1:
        parser.error("--jobs must be at least 1")
    try:
        return int(args.func(args))
    except (ParameterError, FileNotFoundError) as exc:
        _say(args, Message("lkip: error: {reason}", reason=exc), file=sys.stderr)
        return 2
    except DataValidationError as exc:
        _say(args, Message("lkip: invalid data: {reason}", reason=exc), file=sys.stderr)
        return 2
    except OSError as exc:  # a full disk, a folder that became unwritable: one line naming the file
        where = f"{exc.filename}: " if exc.filename else ""
        _say(args, Message("lkip: error: {where}{reason}; {note}", where=where, reason=str(exc.strerror or exc),
                           note=_publication_note(args)), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        _say(args, Message("lkip: interrupted; {note}", note=_publication_note(args)), file=sys.stderr)
        return 130


def _publication_note(args: argparse.Namespace) -> Message:
    """What a run stopped by an interruption or a write error leaves: the reports it published
    (``lkip run --all`` publishes one report after the other) and those it did not."""
    published, pending = getattr(args, "published", []), getattr(args, "pending", [])
    if not published:
        return Message("nothing was published and the previous report is kept")
    if pending:
        return Message("published: {published}; not published (their previous reports are kept): {pending}",
                       published=", ".join(published), pending=", ".join(pending))
    return Message("published: {published}", published=", ".join(published))


if __name__ == "__main__":
    raise SystemExit(main())
