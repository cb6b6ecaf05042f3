"""``lkip template``: write the report workbook of one entity and year, filled from the data.

See :mod:`.template_frames` for what is filled in each case and :mod:`.workbook_writer` for the
workbook itself.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from lkip_helpers.data.errors import ParameterError
from lkip_helpers.data.i18n import Message
from lkip_helpers.intake.raw_tables import read_raw_tables
from lkip_helpers.intake.template_frames import new_entity_frames, next_year_frames, report_frames
from lkip_helpers.intake.workbook_schema import SHEETS
from lkip_helpers.intake.workbook_writer import write_workbook

__all__ = ["template_sheets", "write_template"]


def template_sheets(data_dir: Path | str, entity: str, year: int,
                    from_year: int | None = None) -> tuple[dict[str, pd.DataFrame], str]:
    """The sheets' frames for ``entity`` and ``year`` and which case applied (``report``,
    ``next_year`` or ``new_entity``); the data package is validated first.

    Raises:
        DataValidationError: the data package is not valid.
        ParameterError: ``from_year`` names no report of ``entity``, or is not before ``year``.
    """
    from lkip_helpers.data.dataset import load_dataset

    if isinstance(year, bool) or not isinstance(year, int) or not 1900 <= year <= 2200:
        raise ParameterError("--year must be a calendar year, got {year}", year=repr(year))
    dataset = load_dataset(data_dir)
    tables = read_raw_tables(dataset.descriptor, dataset.data_dir)
    docs = tables["documents"]
    reported = set(zip(docs["entity_id"], docs["report_year"]))
    if from_year is not None:
        frames, case = next_year_frames(tables, entity, year, from_year), "next_year"
    elif (entity, str(year)) in reported:
        frames, case = report_frames(tables, entity, year), "report"
    else:
        frames, case = new_entity_frames(entity, year), "new_entity"
        known = tables["entities"]
        if entity in set(known["entity_id"]):
            frames["Entitas"] = known[known["entity_id"] == entity].replace("", None)
    return {spec.name: frames[spec.name].reindex(columns=[c.key for c in spec.columns])
            for spec in SHEETS if spec.name in frames}, case


def write_template(path: Path | str, data_dir: Path | str, entity: str, year: int,
                   from_year: int | None = None, *, overwrite: bool = False) -> str:
    """Write the workbook to ``path`` (atomically); return the case that applied.

    Raises:
        FileExistsError: ``path`` exists and ``overwrite`` is false (a filled workbook is never
            overwritten by accident).
    """
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise ParameterError("the workbook must be an .xlsx file, got {name}", name=path.name)
    if path.exists() and not overwrite:
        raise FileExistsError(Message("{file} exists; choose another name or pass --force to overwrite it",
                                      file=str(path)))
    frames, case = template_sheets(data_dir, entity, year, from_year)
    write_workbook(path, frames)
    return case
