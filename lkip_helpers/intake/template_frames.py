"""What ``lkip template`` puts in the report workbook, from the data.

Three cases:

* the data already hold the report (entity and year): every figure of that report, as printed, and
  its own declared checks (its rows of ``checks.csv`` and ``check_relations.csv``, every column as
  stored), so that it can be corrected and imported again (:func:`report_frames`);
* ``--from-year Y0``: a new year of a known entity, pre-filled from the report of ``Y0`` (its
  misi, sasaran, IKU and the plan's targets, the figures of ``Y0``, and a blank realisasi row per
  IKU and a blank anggaran row per program for the new year; the budget lines of ``Y0`` are not
  carried over, since a budget line is provenanced to the report that prints it, nor are its
  checks, which name its document and its printed tables), so that a new year means typing its
  figures (:func:`next_year_frames`);
* a new entity: only its id and the year, everything else to be typed (:func:`new_entity_frames`).

Frames have the sheets' column keys (:mod:`.workbook_schema`); cells are the strings of the data
files, so that figures keep the text the report printed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import pandas as pd

from lkip_helpers.data.errors import CatalogText, ParameterError
from lkip_helpers.intake.printed_figures import figure_cell
from lkip_helpers.intake.workbook_schema import CHECK_SHEETS, CHECK_TABLES

__all__ = ["new_entity_frames", "next_year_frames", "report_frames"]

Tables = Mapping[str, pd.DataFrame]
#: indicator_values measures entered on the Realisasi sheet; every other measure is a target
REALISED = ("realisasi", "capaian", "numerator", "denominator")
_NUMERIC_KEYS = {"year", "misi_no", "sasaran_no", "iku_no", "report_year", "line_no"}


def report_frames(tables: Tables, entity: str, year: int) -> dict[str, pd.DataFrame]:
    """Every sheet filled with the report of ``entity`` for ``year`` as the data hold it."""
    document = _document(tables, entity, year)
    doc_id = document["document_id"]
    values = _rows(tables, "indicator_values", entity_id=entity, document_id=doc_id)
    budgets = _rows(tables, "budgets", document_id=doc_id)
    frames = {
        "Entitas": _entity_chain(tables, entity),
        "Dokumen": pd.DataFrame([document]),
        **_registries(tables, entity),
        "Target": _targets(values),
        "Realisasi": _realised(values),
        "Anggaran": _budget_lines(budgets),
        "AKIP": _akip(_rows(tables, "akip_components", entity_id=entity, document_id=doc_id)),
        "IKM": _with_printed(_rows(tables, "ikm_unsur", entity_id=entity, document_id=doc_id)),
        **_declared_checks(tables, doc_id),
    }
    return {name: _typed(frame) for name, frame in frames.items()}


def next_year_frames(tables: Tables, entity: str, year: int, from_year: int) -> dict[str, pd.DataFrame]:
    """The workbook of a new ``year`` of ``entity``, pre-filled from its report of ``from_year``."""
    if from_year >= year:
        raise ParameterError("--from-year {from_year} must be before --year {year}", from_year=from_year, year=year)
    if _find_document(tables, entity, year) is not None:
        raise ParameterError("the data already hold the report of {entity} for {year}; run {command} without "
                             "--from-year to get it", entity=entity, year=year, command="'lkip template'")
    previous = report_frames(tables, entity, from_year)
    old = previous["Dokumen"].iloc[0]
    document = {"document_id": _next_id(str(old["document_id"]), from_year, year, entity),
                "title": str(old["title"]).replace(str(from_year), str(year)), "report_year": year,
                "publisher": old["publisher"]}
    iku = previous["IKU"]
    blank_realisasi = pd.DataFrame({"indicator_id": iku["indicator_id"], "year": year, "period": "annual"})
    programs = previous["Anggaran"]
    programs = programs[programs["level"] == "program"][["level", "code", "name", "indicator_id", "unit_text"]]
    blank_budget = programs.drop_duplicates().assign(year=year)
    akip = previous["AKIP"]
    blank_akip = akip[["component"]].drop_duplicates().assign(year=year)
    return {
        **{name: frame for name, frame in previous.items() if name not in CHECK_SHEETS},
        "Dokumen": pd.DataFrame([document]),
        "Realisasi": pd.concat([previous["Realisasi"], blank_realisasi], ignore_index=True),
        "Anggaran": blank_budget,  # a budget line belongs to the report that prints it: not carried over
        "AKIP": pd.concat([akip, blank_akip], ignore_index=True),
    }


def new_entity_frames(entity: str, year: int) -> dict[str, pd.DataFrame]:
    """An empty workbook with only the entity id, a document id and the year filled in."""
    return {"Entitas": pd.DataFrame([{"entity_id": entity}]),
            "Dokumen": pd.DataFrame([{"document_id": f"lkip-{entity}-{year}", "report_year": year}])}


def _find_document(tables: Tables, entity: str, year: int) -> dict | None:
    docs = tables["documents"]
    hit = docs[(docs["entity_id"] == entity) & (docs["report_year"] == str(year))]
    return hit.iloc[0].to_dict() if len(hit) else None


def _document(tables: Tables, entity: str, year: int) -> dict:
    document = _find_document(tables, entity, year)
    if document is None:
        docs = tables["documents"]
        years = sorted(docs.loc[docs["entity_id"] == entity, "report_year"].tolist())
        raise ParameterError("no report of {entity} for {year} in the data; years with a report: {years}",
                             entity=repr(entity), year=year, years=", ".join(years) or CatalogText("none"))
    return document


def _next_id(old: str, from_year: int, year: int, entity: str) -> str:
    if str(from_year) in old:
        return old.replace(str(from_year), str(year))
    return f"lkip-{entity}-{year}"


def _rows(tables: Tables, name: str, **where: str) -> pd.DataFrame:
    frame = tables[name]
    mask = pd.Series(True, index=frame.index)
    for column, value in where.items():
        mask &= frame[column] == value
    return frame[mask].reset_index(drop=True)


def _entity_chain(tables: Tables, entity: str) -> pd.DataFrame:
    """The entity, then its parent, grandparent ... (so that a new data folder can hold it)."""
    entities = tables["entities"].set_index("entity_id", drop=False)
    chain, current = [], entity
    while current and current in entities.index and current not in {row["entity_id"] for row in chain}:
        row = entities.loc[current].to_dict()
        chain.append(row)
        current = row.get("parent_id") or ""
    return pd.DataFrame(chain)


def _registries(tables: Tables, entity: str) -> dict[str, pd.DataFrame]:
    return {"Misi": _rows(tables, "misi", entity_id=entity), "Sasaran": _rows(tables, "sasaran", entity_id=entity),
            "IKU": _rows(tables, "indicators", entity_id=entity)}


def _declared_checks(tables: Tables, document_id: str) -> dict[str, pd.DataFrame]:
    """The document's rows of ``checks`` and ``check_relations`` on their sheets, cells as stored
    (a table an older copy of ``data/`` lacks gives an empty sheet)."""
    return {sheet: _rows(tables, table, document_id=document_id) if table in tables else pd.DataFrame()
            for table, sheet in CHECK_TABLES.items()}


def _printed(frame: pd.DataFrame, text: str = "value_text", number: str = "value") -> pd.Series:
    """The workbook cell of each figure: as printed, in the quoted forms of :mod:`.printed_figures`
    where the printed text alone does not give the stored value."""
    cells = [figure_cell(t, float(v) if v else None) for t, v in zip(frame[text], frame[number])]
    return pd.Series(cells, index=frame.index, dtype=object)


def _targets(values: pd.DataFrame) -> pd.DataFrame:
    targets = values[~values["measure"].isin(REALISED)]
    return targets.assign(value_text=_printed(targets))


def _realised(values: pd.DataFrame) -> pd.DataFrame:
    keys = ["indicator_id", "year", "period", "source_ref"]
    realised = values[values["measure"].isin(REALISED)]
    if realised.empty:
        return pd.DataFrame(columns=[*keys, *REALISED])
    wide = realised.assign(text=_printed(realised)).pivot(index=keys, columns="measure", values="text")
    return wide.reindex(columns=list(REALISED)).reset_index().rename_axis(columns=None)


def _budget_lines(budgets: pd.DataFrame) -> pd.DataFrame:
    keys = ["source_ref", "line_no", "level", "code", "name", "indicator_id", "unit_text", "year"]
    lines = budgets[budgets["measure"].isin(["pagu", "realisasi"])]
    if lines.empty:
        return pd.DataFrame(columns=[*keys, "pagu", "realisasi"])
    wide = lines.assign(text=_printed(lines)).pivot(index=keys, columns="measure", values="text")
    return wide.reindex(columns=["pagu", "realisasi"]).reset_index().rename_axis(columns=None)


def _with_printed(rows: pd.DataFrame) -> pd.DataFrame:
    return rows.assign(value=_printed(rows))


def _akip(rows: pd.DataFrame) -> pd.DataFrame:
    return rows.assign(weight=_printed(rows, "weight_text", "weight"), value=_printed(rows))


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    """Blank cells as missing, whole-number keys as integers (so Excel shows them as numbers)."""
    frame = frame.replace("", None)
    for column in _NUMERIC_KEYS & set(frame.columns):
        frame[column] = [int(v) if isinstance(v, str) and re.fullmatch(r"-?\d+", v) else v for v in frame[column]]
    return frame
