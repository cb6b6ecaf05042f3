"""Outcomes a printed figure decides, for the ``affects_status`` column of a finding.

An *outcome function* maps a value to the outcome it leads to; a finding affects the status when
its printed and its recomputed value lead to different outcomes:

* a **capaian** → the status of the indicator, :func:`lkip_helpers.measurement.status`
  (tercapai when the capaian rounded to 2 decimals is ≥ 100);
* a **realisasi** → its status against the target of the same year and period (the first of
  :data:`lkip_helpers.data.dataset.TARGET_MEASURES` printed; a predicate target such as ``BB`` is
  reached when the score's AKIP grade is at least that grade), plus the AKIP predikat of an AKIP
  score and the mutu pelayanan of an IKM;
* a **target** → the status of the stored realisasi against it;
* an **AKIP score** → :func:`lkip_helpers.measurement.akip_grade`; an **IKM** →
  :func:`lkip_helpers.measurement.mutu_pelayanan`; an **environment index** → its category by the
  bands the report prints (:func:`lkip_helpers.audit.predicate_checks.environment_category`).

Indicators are recognised as AKIP / IKM by their id (``…-akip``, ``…-ikm``), as elsewhere in the
audit.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

import pandas as pd

from lkip_helpers.data.dataset import TARGET_MEASURES, Dataset
from lkip_helpers.measurement import akip_grade, capaian_detail, grade_at_least, mutu_pelayanan, score_scale, status
from lkip_helpers.data.i18n import Message
from .core import Outcome

__all__ = [
    "DECLARED_OUTCOMES",
    "akip_outcome",
    "band_outcome",
    "capaian_outcome",
    "combine",
    "declared_outcome",
    "mutu_outcome",
    "realisasi_outcome",
    "indicator_scale",
    "score_outcome",
    "target_outcome",
]

_GRADES = {"AA", "A", "BB", "B", "CC", "C", "D"}


def capaian_outcome(value: float) -> Hashable | None:
    """Status of an indicator from its capaian (tercapai / tidak tercapai)."""
    return status(value)


def akip_outcome(value: float) -> Hashable | None:
    """AKIP predikat of a score (``None`` outside 0–100)."""
    return akip_grade(value) if 0 <= value <= 100 else None


def mutu_outcome(value: float) -> Hashable | None:
    """Mutu pelayanan grade of an IKM (``None`` outside 25–100)."""
    if not 25 <= value <= 100:
        return None
    m = mutu_pelayanan(value)
    return None if m is None else m[0]


def band_outcome(bands: pd.DataFrame) -> Outcome:
    """Category of an environment index by printed ``bands`` (rows of ``iklh-categories``)."""
    from .predicate_checks import environment_category

    def outcome(value: float) -> Hashable | None:
        got = environment_category(value, bands)
        return None if got is None else got[0]

    return outcome


def combine(*outcomes: Outcome | None) -> Outcome | None:
    """One outcome function giving the tuple of several (``None`` when none is given)."""
    fs = [f for f in outcomes if f is not None]
    if not fs:
        return None
    if len(fs) == 1:
        return fs[0]

    def outcome(value: float) -> Hashable | None:
        got = tuple(f(value) for f in fs)
        return None if all(g is None for g in got) else got

    return outcome


def indicator_scale(ds: Dataset, indicator: str) -> str | None:
    """``akip``, ``ikm`` or ``None``: the grading of ``indicator``'s score
    (:func:`lkip_helpers.measurement.score_scale`, from its name in ``indicators.csv``)."""
    ind = ds.tables["indicators"]
    names = ind.loc[ind["indicator_id"] == indicator, "name"]
    return score_scale(indicator, names.iloc[0] if len(names) else "")


def score_outcome(ds: Dataset, indicator: str) -> Outcome | None:
    """The predikat of an AKIP indicator's score, the mutu of an IKM's (else ``None``)."""
    return {"akip": akip_outcome, "ikm": mutu_outcome}.get(indicator_scale(ds, indicator) or "")


def _rows(ds: Dataset, entity: str, indicator: str, year: int, period: str) -> pd.DataFrame:
    iv = ds.tables["indicator_values"]
    return iv[(iv["entity_id"] == entity) & (iv["indicator_id"] == indicator) & (iv["year"] == year)
              & (iv["period"] == period)]


def _polarity(ds: Dataset, indicator: str) -> str | None:
    ind = ds.tables["indicators"]
    hit = ind.loc[ind["indicator_id"] == indicator, "polarity"]
    return None if hit.empty else str(hit.iloc[0])


def _status_against(target_value: float | None, target_text: str, polarity: str | None) -> Outcome | None:
    """Outcome function: the status of a realisasi against one printed target."""
    if target_value is not None and not pd.isna(target_value):
        if polarity not in ("higher_is_better", "lower_is_better"):
            return None
        t = float(target_value)

        def numeric(value: float) -> Hashable | None:
            achieved = capaian_detail(t, value, polarity).achieved
            return None if achieved is None else ("tercapai" if achieved else "tidak tercapai")

        return numeric
    grade = str(target_text).strip().upper()
    if grade in _GRADES:

        def predicate(value: float) -> Hashable | None:
            g = akip_outcome(value)
            return None if g is None else ("tercapai" if grade_at_least(str(g), grade) else "tidak tercapai")

        return predicate
    return None


def realisasi_outcome(ds: Dataset, entity: str, indicator: str, year: int, period: str = "annual") -> Outcome | None:
    """Outcome of a realisasi: its status against the year's target, plus the AKIP predikat / IKM
    mutu of the score (see the module docstring); ``None`` when nothing depends on it."""
    rows = _rows(ds, entity, indicator, year, period)
    against = None
    for m in TARGET_MEASURES:
        hit = rows[rows["measure"] == m]
        if not hit.empty:
            t = hit.iloc[0]
            against = _status_against(t["value"], t["value_text"], _polarity(ds, indicator))
            break
    return combine(against, score_outcome(ds, indicator))


def target_outcome(ds: Dataset, entity: str, indicator: str, year: int, period: str = "annual") -> Outcome | None:
    """Outcome of a target: the status of the stored realisasi of the year against it."""
    rows = _rows(ds, entity, indicator, year, period)
    real = rows[(rows["measure"] == "realisasi") & rows["value"].notna()]
    pol = _polarity(ds, indicator)
    if real.empty or pol not in ("higher_is_better", "lower_is_better"):
        return None
    r = float(real.iloc[0]["value"])

    def outcome(value: float) -> Hashable | None:
        achieved = capaian_detail(value, r, pol).achieved
        return None if achieved is None else ("tercapai" if achieved else "tidak tercapai")

    return outcome


#: the outcomes a row of the declared checks may name (besides ``bands:<stats topic>``)
DECLARED_OUTCOMES: tuple[str, ...] = ("capaian", "realisasi", "target", "mutu", "akip")


def declared_outcome(ds: Dataset, declared: str, document_id: str,
                     where: str) -> Callable[[pd.Series], Outcome | None]:
    """The outcome a declared check names (``data/checks.csv``, ``data/check_relations.csv``), as a
    function of the checked figure (a row with ``value``, and for ``realisasi`` and ``target``
    ``entity_id``, ``indicator_id``, ``year``, ``period``): ``capaian``, ``mutu``, ``akip``,
    ``realisasi`` (the figure's status against its target), ``target`` (the status of the stored
    realisasi against the figure) or ``bands:<topic>`` (the category by the numbered band
    table of that stats topic in ``document_id``); empty: none.

    Raises:
        ValueError: another outcome, or a band table the data do not have (naming ``where``).
    """
    fixed = {"": None, "capaian": capaian_outcome, "mutu": mutu_outcome, "akip": akip_outcome}
    if declared in fixed:
        return lambda fig: fixed[declared]
    if declared in ("realisasi", "target"):
        of_indicator = realisasi_outcome if declared == "realisasi" else target_outcome

        def outcome(fig: pd.Series) -> Outcome | None:
            if "indicator_id" not in fig.index or "measure" not in fig.index:
                raise ValueError(Message("{where}: outcome {outcome!r} is the status of an indicator: it needs a "
                                         "figure of indicator_values", where=where, outcome=declared))
            return of_indicator(ds, fig["entity_id"], fig["indicator_id"], int(fig["year"]),
                                str(fig.get("period", "annual")))

        return outcome
    table = ds.tables.get(f"stats-{declared.removeprefix('bands:')}")
    if not declared.startswith("bands:") or table is None:
        raise ValueError(Message("{where}: outcome must be one of {outcomes} or 'bands:<stats topic>' naming a table "
                                 "of the data, got {outcome!r}", where=where, outcomes=", ".join(DECLARED_OUTCOMES),
                                 outcome=declared))
    bands = table[(table["document_id"] == document_id) & table["source_ref"].str.startswith("Tabel")]
    found = None if bands.empty else band_outcome(bands)
    return lambda fig: found
