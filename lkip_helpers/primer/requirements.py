"""What the SAKIP primer needs from the data: a case for every worked example and exercise.

The primer teaches on real cases: a higher- and a lower-is-better IKU with a numeric target and
realisasi, AKIP component scores and per-unsur IKM NRR (its own, or borrowed from another report
of the data), and an IKU of the report with its budget (pagu and realisasi). Data that hold no
such case for one of them (a data package of one report without budgets, say) are valid, but
give the lesson nothing to work on: :func:`check_lesson_data` says what is missing, so that
``lkip run`` lists the primer as not applying to that report instead of failing it.
"""

from __future__ import annotations

from lkip_helpers.data.dataset import Dataset
from lkip_helpers.data.errors import ParameterError

__all__ = ["check_lesson_data", "missing_lesson_data"]


def missing_lesson_data(ds: Dataset, entity: str, year: int) -> list[str]:
    """The cases the primer's lessons need that the data do not hold for ``entity``'s report of
    ``year`` (empty when every lesson has its case).

    Raises:
        ParameterError: unknown entity or year.
    """
    from lkip_helpers.reports import iku_efficiency
    from .teaching import akip_components_example, ikm_nrr_example, pick_example

    ds.check_entity_year(entity, year)
    missing = [
        f"{kind.replace('_', '-')} IKU with a numeric target and realisasi"
        for kind in ("higher_is_better", "lower_is_better")
        if pick_example(ds, entity, year, kind) is None
    ]
    if akip_components_example(ds, entity, year) is None:
        missing.append("AKIP component scores")
    if ikm_nrr_example(ds, entity, year) is None:
        missing.append("per-unsur IKM NRR")
    eff = iku_efficiency(ds, entity, year)
    if not (eff["pagu"].notna() & eff["realisasi"].notna()).any():
        missing.append(f"IKU of {entity} {year} with its budget (pagu and realisasi)")
    return missing


def check_lesson_data(ds: Dataset, entity: str, year: int) -> None:
    """Raise :class:`ParameterError` naming what is missing when the data cannot carry the primer
    for ``entity``'s report of ``year`` (see :func:`missing_lesson_data`)."""
    missing = missing_lesson_data(ds, entity, year)
    if missing:
        raise ParameterError(f"the data hold no case for the SAKIP primer's lessons: no {'; no '.join(missing)}")
