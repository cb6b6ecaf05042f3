"""Turn the checked rows of a report workbook into rows of the ``data/`` tables.

The workbook holds one report: its ``Entitas`` and ``Dokumen`` rows give the entity and the document
that every other row belongs to. Each row gets its provenance: the document id, and the source
reference the person typed, else the sheet and row it came from (``Lembar Realisasi baris 7``).
Printed figures are kept as typed in ``value_text`` and parsed into ``value`` with the same parser
the data checks use, so the two always agree.

References between sheets (an IKU's sasaran, a target's IKU, a sasaran's misi, a sub-indicator's
parent) are checked against the workbook and the data it is imported into, and reported by cell.
Cells are strings (or ``None``); every table has a ``_where`` column naming the workbook row, which
the merge uses in its messages and drops before writing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import pandas as pd

from lkip_helpers.data.i18n import Message
from lkip_helpers.intake.check_sheets import check_tables, kept_checks_notes
from lkip_helpers.intake.printed_figures import PrintedFigure
from lkip_helpers.intake.workbook_reader import CellIssue, SheetRows, object_frame

__all__ = ["IncomingReport", "KnownIds", "plain_number", "workbook_tables"]

WHERE = "_where"


@dataclass
class KnownIds:
    """Ids already in the data the workbook is imported into (empty for a new data folder)."""

    entities: set[str] = field(default_factory=set)
    sasaran: set[str] = field(default_factory=set)
    indicators: set[str] = field(default_factory=set)
    misi: set[tuple[str, int]] = field(default_factory=set)
    #: document id → (entity id, report year)
    documents: dict[str, tuple[str, int]] = field(default_factory=dict)
    #: table of declared checks (``checks``, ``check_relations``) → check id → its document id
    checks: dict[str, dict[str, str]] = field(default_factory=dict)

    @classmethod
    def from_tables(cls, tables: Mapping[str, pd.DataFrame]) -> KnownIds:
        """The ids of raw (string) ``data/`` tables by name; absent tables count as empty."""
        def column(table: str, name: str) -> set[str]:
            frame = tables.get(table)
            return set() if frame is None or name not in frame else {v for v in frame[name] if v}

        misi = tables.get("misi")
        docs = tables.get("documents")
        return cls(
            entities=column("entities", "entity_id"),
            sasaran=column("sasaran", "sasaran_id"),
            indicators=column("indicators", "indicator_id"),
            misi=set() if misi is None else {(e, int(n)) for e, n in zip(misi["entity_id"], misi["misi_no"]) if n},
            documents={} if docs is None else {
                d: (e, int(y)) for d, e, y in zip(docs["document_id"], docs["entity_id"], docs["report_year"]) if y},
            checks={name: dict(zip(tables[name]["check_id"], tables[name]["document_id"]))
                    for name in ("checks", "check_relations") if name in tables},
        )


@dataclass
class IncomingReport:
    """The rows one workbook adds to the ``data/`` tables, with what was noticed on the way."""

    entity_id: str
    document_id: str
    year: int
    tables: dict[str, pd.DataFrame]
    notes: list[str] = field(default_factory=list)


def plain_number(number: float | None) -> str | None:
    """A number as ``data/`` stores it: ``87.14``, ``2900000000000``; ``None`` stays ``None``."""
    if number is None:
        return None
    if float(number).is_integer():
        return str(int(number))
    return repr(float(number))


def workbook_tables(sheets: Mapping[str, SheetRows], known: KnownIds) -> tuple[IncomingReport, list[CellIssue]]:
    """The rows of every ``data/`` table that the workbook fills, and the problems found.

    The problems (a missing entity or document, a reference to an id neither the workbook nor the
    data hold, a figure given twice) come back as a list; the report is only usable when it is empty.
    """
    issues: list[CellIssue] = []
    entity = _first(sheets["Entitas"], issues)
    document = _single(sheets["Dokumen"], issues)
    if entity is None or document is None:
        return IncomingReport("", "", 0, {}), issues
    entity_id, document_id, year = str(entity["entity_id"]), str(document["document_id"]), int(document["report_year"])
    context = _Context(entity_id, document_id, known, sheets)
    _check_document(context, year, sheets["Dokumen"], issues)
    _check_parent(context, entity, sheets["Entitas"].where[0], issues)
    notes = [Message("{sheet}: {n} row(s) without figures skipped (still to be filled)", sheet=s.spec.name,
                     n=s.unfilled) for s in sheets.values() if s.unfilled]
    tables = {
        "entities": _frame([_strings(r) for r in sheets["Entitas"].frame.to_dict("records")], sheets["Entitas"].where),
        "documents": _frame([{**_strings(document), "entity_id": entity_id}], [sheets["Dokumen"].where[0]]),
        "misi": _registry(context, sheets["Misi"], {"entity_id": entity_id}),
        "sasaran": _registry(context, sheets["Sasaran"], {"entity_id": entity_id}),
        "indicators": _indicators(context, sheets["IKU"], notes, issues),
        "indicator_values": _indicator_values(context, sheets["Target"], sheets["Realisasi"], issues),
        "budgets": _budgets(context, sheets["Anggaran"], issues),
        "akip_components": _akip(context, sheets["AKIP"]),
        "ikm_unsur": _ikm(context, sheets["IKM"]),
    }
    checks, check_issues = check_tables(sheets, document_id, known.checks, WHERE)
    tables.update(checks)
    issues.extend(check_issues)
    notes.extend(kept_checks_notes(sheets, document_id, known.checks))
    _check_references(context, sheets, issues)
    return IncomingReport(entity_id, document_id, year, tables, notes), issues


@dataclass
class _Context:
    entity_id: str
    document_id: str
    known: KnownIds
    sheets: Mapping[str, SheetRows]

    def source(self, rows: SheetRows, position: int, typed: object) -> str:
        """The source reference typed, else the sheet and row the figure came from."""
        if typed:
            return str(typed)
        row = rows.where[position].rsplit("row ", 1)[-1]
        return f"Lembar {rows.spec.name} baris {row}"

    def ids(self, sheet: str, key: str) -> set[str]:
        frame = self.sheets[sheet].frame
        return {str(v) for v in frame[key] if v is not None} if key in frame else set()


def _first(rows: SheetRows, issues: list[CellIssue]) -> dict | None:
    """The report's entity: the first row of ``Entitas`` (further rows are entities it refers to,
    such as its parent, for a data folder that does not hold them yet)."""
    if rows.frame.empty:
        issues.append(CellIssue(rows.spec.name, Message("give the report's entity on the first row")))
        return None
    return rows.frame.iloc[0].to_dict()


def _single(rows: SheetRows, issues: list[CellIssue]) -> dict | None:
    if len(rows.frame) != 1:
        issues.append(CellIssue(rows.spec.name, Message("one report per workbook: give exactly one row (found {n})",
                                                        n=len(rows.frame))))
        return None
    return rows.frame.iloc[0].to_dict()


def _check_document(context: _Context, year: int, rows: SheetRows, issues: list[CellIssue]) -> None:
    for document_id, (entity, report_year) in context.known.documents.items():
        if document_id == context.document_id and (entity, report_year) != (context.entity_id, year):
            issues.append(CellIssue(rows.where[0], Message("document {document!r} is already in the data as the report "
                                                           "of {entity} for {year}", document=document_id,
                                                           entity=entity, year=str(report_year))))
        elif document_id != context.document_id and (entity, report_year) == (context.entity_id, year):
            issues.append(CellIssue(rows.where[0], Message("the data already hold the report of {entity} for {year} as "
                                                           "document {document!r}; use that document id to update it",
                                                           entity=entity, year=str(year), document=document_id)))


def _check_parent(context: _Context, entity: Mapping, where: str, issues: list[CellIssue]) -> None:
    parent = entity.get("parent_id")
    listed = context.ids("Entitas", "entity_id")
    if parent and parent not in context.known.entities and parent not in listed:
        issues.append(CellIssue(where, Message("unknown parent entity {parent!r}: it is not in the data; leave it "
                                               "empty or add the parent entity first", parent=parent)))


def _strings(record: Mapping) -> dict[str, str | None]:
    return {key: _text(value) for key, value in record.items()}


def _text(value: object) -> object:
    """A cell as text; figures stay :class:`PrintedFigure` for the columns that parse them."""
    return None if value is None else value if isinstance(value, PrintedFigure) else str(value)


def _frame(records: list[dict], where: Iterable[str]) -> pd.DataFrame:
    columns = list(dict.fromkeys(c for r in records for c in r))
    frame = object_frame(records, columns)
    frame[WHERE] = pd.Series(list(where), dtype=object)
    return frame


def _registry(context: _Context, rows: SheetRows, extra: Mapping[str, str]) -> pd.DataFrame:
    records = []
    for position, record in enumerate(rows.frame.to_dict("records")):
        records.append({**extra, **_strings(record), "document_id": context.document_id,
                        "source_ref": context.source(rows, position, record.get("source_ref"))})
    return _frame(records, rows.where)


def _indicators(context: _Context, rows: SheetRows, notes: list[str], issues: list[CellIssue]) -> pd.DataFrame:
    frame = _registry(context, rows, {"entity_id": context.entity_id})
    if frame.empty:
        return frame
    no_english = frame["name_en"].isna()
    if no_english.any():
        notes.append(Message("{sheet}: {n} indicator(s) without an English name; the Indonesian name is used",
                             sheet="IKU", n=int(no_english.sum())))
        frame.loc[no_english, "name_en"] = frame.loc[no_english, "name"]
    frame["role"] = frame["role"].fillna("iku")
    categorical = frame["polarity"] == "categorical"
    frame["value_type"] = frame["value_type"].fillna(categorical.map({True: "categorical", False: "numeric"}))
    for column in ("lower_bound", "upper_bound"):
        frame[column] = pd.Series([plain_number(v.value) if v else None for v in frame[column]],
                                  index=frame.index, dtype=object)
    for where, role, parent in zip(frame[WHERE], frame["role"], frame["parent_indicator_id"]):
        if role == "sub_indicator" and not parent:
            issues.append(CellIssue(where, Message("a sub_indicator needs the Kode IKU induk of the IKU it belongs to")))
    return frame


def _figure(figure: PrintedFigure | None) -> tuple[str | None, str | None]:
    """``(value, value_text)`` of a printed figure, as ``data/`` stores them."""
    if figure is None:
        return None, None
    return plain_number(figure.value), figure.text


def _indicator_values(context: _Context, targets: SheetRows, realisasi: SheetRows,
                      issues: list[CellIssue]) -> pd.DataFrame:
    records, where = [], []
    for position, row in enumerate(targets.frame.to_dict("records")):
        records.append(_value_row(context, targets, position, row, row["measure"], row["value_text"]))
        where.append(targets.where[position])
    for position, row in enumerate(realisasi.frame.to_dict("records")):
        for measure in ("realisasi", "capaian", "numerator", "denominator"):
            if row[measure] is not None:
                records.append(_value_row(context, realisasi, position, row, measure, row[measure]))
                where.append(realisasi.where[position])
    frame = _frame(records, where)
    if not frame.empty:
        _check_once(frame, ["indicator_id", "year", "period", "measure"], issues)
    return frame


def _value_row(context: _Context, rows: SheetRows, position: int, row: Mapping, measure: str, text: object) -> dict:
    value, value_text = _figure(text)
    return {"entity_id": context.entity_id, "indicator_id": row["indicator_id"], "year": str(row["year"]),
            "period": row["period"] or "annual", "measure": measure, "value": value, "value_text": value_text,
            "document_id": context.document_id, "source_ref": context.source(rows, position, row["source_ref"])}


def _check_once(frame: pd.DataFrame, key: list[str], issues: list[CellIssue]) -> None:
    """A figure of the same key given on two rows (e.g. a target typed twice)."""
    first: dict[tuple, str] = {}
    for record_key, where in zip(frame[key].itertuples(index=False, name=None), frame[WHERE]):
        if record_key in first and first[record_key] != where:
            issues.append(CellIssue(where, Message("{measure} of {key} is also given on {first}", measure=record_key[-1],
                                                   key=" ".join(map(str, record_key[:3])), first=first[record_key])))
        first.setdefault(record_key, where)


def _budgets(context: _Context, rows: SheetRows, issues: list[CellIssue]) -> pd.DataFrame:
    records, where, counters = [], [], {}
    for position, row in enumerate(rows.frame.to_dict("records")):
        source = context.source(rows, position, row["source_ref"])
        counters[source] = counters.get(source, 0) + 1
        line_no = row["line_no"] if row["line_no"] is not None else counters[source]
        for measure in ("pagu", "realisasi"):
            if row[measure] is None:
                continue
            value, value_text = _figure(row[measure])
            records.append({"document_id": context.document_id, "source_ref": source, "line_no": str(line_no),
                            "measure": measure, "entity_id": context.entity_id, "year": str(row["year"]),
                            "level": row["level"], "code": row["code"], "name": row["name"],
                            "indicator_id": row["indicator_id"], "unit_text": row["unit_text"],
                            "value": value, "value_text": value_text})
            where.append(rows.where[position])
    frame = _frame(records, where)
    if not frame.empty:
        _check_once(frame, ["source_ref", "line_no", "measure"], issues)
    return frame


def _akip(context: _Context, rows: SheetRows) -> pd.DataFrame:
    records = []
    for position, row in enumerate(rows.frame.to_dict("records")):
        weight, weight_text = _figure(row["weight"])
        value, value_text = _figure(row["value"])
        records.append({"entity_id": context.entity_id, "year": str(row["year"]), "component": row["component"],
                        "weight": weight, "weight_text": weight_text, "value": value, "value_text": value_text,
                        "predicate_text": row["predicate_text"], "document_id": context.document_id,
                        "source_ref": context.source(rows, position, row["source_ref"])})
    return _frame(records, rows.where)


def _ikm(context: _Context, rows: SheetRows) -> pd.DataFrame:
    records = []
    for position, row in enumerate(rows.frame.to_dict("records")):
        value, value_text = _figure(row["value"])
        records.append({"entity_id": context.entity_id, "service": row["service"], "year": str(row["year"]),
                        "period": row["period"] or "annual", "unsur": row["unsur"], "measure": row["measure"],
                        "unsur_name": row["unsur_name"], "value": value, "value_text": value_text,
                        "document_id": context.document_id,
                        "source_ref": context.source(rows, position, row["source_ref"])})
    return _frame(records, rows.where)


def _check_references(context: _Context, sheets: Mapping[str, SheetRows], issues: list[CellIssue]) -> None:
    indicators = context.ids("IKU", "indicator_id") | context.known.indicators
    sasaran = context.ids("Sasaran", "sasaran_id") | context.known.sasaran
    misi = {int(n) for n in context.ids("Misi", "misi_no")} | {
        n for e, n in context.known.misi if e == context.entity_id}
    checks = [("IKU", "sasaran_id", sasaran, "sasaran", "Sasaran"),
              ("IKU", "parent_indicator_id", indicators, "IKU", "IKU"),
              ("Target", "indicator_id", indicators, "IKU", "IKU"),
              ("Realisasi", "indicator_id", indicators, "IKU", "IKU"),
              ("Anggaran", "indicator_id", indicators, "IKU", "IKU"),
              ("CekRelasi", "indicator_id", indicators, "IKU", "IKU")]
    for sheet, key, valid, noun, listing in checks:
        rows = sheets[sheet]
        for position, value in enumerate(rows.frame[key]):
            if value is not None and str(value) not in valid:
                issues.append(CellIssue(rows.cell(position, key),
                                        Message("unknown {noun} {value!r}: not on sheet {sheet} nor in the data",
                                                noun=noun, value=value, sheet=listing)))
    rows = sheets["Sasaran"]
    for position, value in enumerate(rows.frame["misi_no"]):
        if value is not None and int(value) not in misi:
            issues.append(CellIssue(rows.cell(position, "misi_no"),
                                    Message("unknown misi {value}: not on sheet {sheet} nor in the data",
                                            value=str(value), sheet="Misi")))
