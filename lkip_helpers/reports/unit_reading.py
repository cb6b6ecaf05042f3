"""The unit-performance report in words, from the data of any report: where the scores are
printed, how the printed predicates compare with the recomputed ones, how AKIP goes with IKM, and
the units per mutu the text states.

Every sentence is a catalog message in the reader's language (:func:`~lkip_helpers.data.i18n.translate`),
numbers in the reader's notation; nothing here names a table or a count of one report.
"""

from __future__ import annotations

import pandas as pd

from lkip_helpers.data.dataset import Dataset
from lkip_helpers.data.i18n import format_number, translate
from lkip_helpers.measurement import AKIP_GRADES, grade_rank
from .unit_performance import AkipIkmMatch, predicate_counts, printed_grade, score_source

__all__ = [
    "PREDICATE_MESSAGES",
    "RELATIONSHIP_MESSAGES",
    "predicate_counts_with_text",
    "predicate_reading",
    "relationship_reading",
    "summary_reading",
]

_MUTU_ORDER = "DCBA"
#: the sentences on printed predicates, by score type and finding (messages of the catalog)
PREDICATE_MESSAGES: dict[tuple[str, str], str] = {
    ("akip", "all follow"): "every printed AKIP predicate follows its score",
    ("ikm", "all follow"): "every printed IKM mutu follows its score",
    ("akip", "differ"): "{n} printed AKIP predicates differ from the band of their score ({higher} printed higher, "
                        "{lower} lower)",
    ("ikm", "differ"): "{n} printed IKM mutu labels differ from the band of their score ({higher} printed higher, "
                       "{lower} lower)",
    ("akip", "differ, some no grade"): "{n} printed AKIP predicates differ from the band of their score ({higher} "
                                       "printed higher, {lower} lower, {other} naming no predicate)",
    ("ikm", "differ, some no grade"): "{n} printed IKM mutu labels differ from the band of their score ({higher} "
                                      "printed higher, {lower} lower, {other} naming no mutu)",
}
#: |rho| below each bound reads as that strength (Cohen's conventional 0.3 / 0.5)
_STRENGTHS = ((0.3, "weak"), (0.5, "moderate"), (float("inf"), "strong"))
#: the relationship of AKIP and IKM in words, by strength and sign of rho (messages of the catalog)
RELATIONSHIP_MESSAGES: dict[tuple[str, int], str] = {
    ("weak", 1): "a weak positive relationship", ("weak", -1): "a weak negative relationship",
    ("moderate", 1): "a moderate positive relationship", ("moderate", -1): "a moderate negative relationship",
    ("strong", 1): "a strong positive relationship", ("strong", -1): "a strong negative relationship",
}


def _rank(grade: object, score_type: str) -> int | None:
    """The rank of a grade (higher is better), ``None`` for a text that names none (``B+``, ``-``)."""
    if not isinstance(grade, str) or not grade:
        return None
    if score_type == "akip":
        return grade_rank(grade) if grade.strip().upper() in AKIP_GRADES else None
    return _MUTU_ORDER.index(grade) if grade in _MUTU_ORDER else None


def predicate_reading(table: pd.DataFrame, score_type: str) -> str:
    """One sentence on the printed predicates (AKIP) or mutu labels (IKM) of a unit score table:
    how many differ from the band of their score, and how many of those are printed higher or
    lower than the score's band — or name no grade at all (``B+``, a mutu label of no band)."""
    differ = table[table["predicate_matches"] == False]  # noqa: E712  (None: not comparable)
    if differ.empty:
        return translate(PREDICATE_MESSAGES[(score_type, "all follow")])
    ranks = [(_rank(printed_grade(score_type, r["printed_predicate"]), score_type), _rank(r["predicate"], score_type))
             for _, r in differ.iterrows()]
    higher = sum(1 for p, r in ranks if p is not None and r is not None and p > r)
    lower = sum(1 for p, r in ranks if p is not None and r is not None and p < r)
    other = len(ranks) - higher - lower
    key = (score_type, "differ, some no grade" if other else "differ")
    return translate(PREDICATE_MESSAGES[key]).format(n=len(differ), higher=higher, lower=lower, other=other)


def relationship_reading(match: AkipIkmMatch) -> str:
    """One sentence on how AKIP goes with IKM over the units scored in both (Spearman's rho: its
    strength and direction), or that too few units are scored in both."""
    if match.spearman is None:
        return translate("too few units are scored in both tables to compare AKIP with IKM ({n})").format(n=match.n)
    rho = float(match.spearman)
    strength = next(word for bound, word in _STRENGTHS if abs(rho) < bound)
    if rho == 0:
        return translate("AKIP and IKM of the {n} units scored in both do not go together (Spearman rho {rho})").format(
            n=match.n, rho=format_number(rho, 3))
    relation = translate(RELATIONSHIP_MESSAGES[(strength, 1 if rho > 0 else -1)])
    return translate("AKIP and IKM of the {n} units scored in both: {relation} (Spearman rho {rho})").format(
        n=match.n, relation=relation, rho=format_number(rho, 3))


def summary_reading(akip: pd.DataFrame, ikm: pd.DataFrame, match: AkipIkmMatch) -> str:
    """The reading of the unit summary: the printed AKIP predicates, the printed IKM mutu and the
    relationship of the two scores, one sentence each."""
    return " ".join(s[0].upper() + s[1:] + "." for s in (
        predicate_reading(akip, "akip"), predicate_reading(ikm, "ikm"), relationship_reading(match)))


def predicate_counts_with_text(ds: Dataset, ikm: pd.DataFrame, entity: str, year: int) -> pd.DataFrame:
    """:func:`~.unit_performance.predicate_counts` of the IKM table with the units per mutu the
    report's text states (stats ``ikm-unit-summary``, variable ``jumlah_unit_per_mutu``, of the
    entity and year; a column ``stated in the text``, empty where the text states none)."""
    counts = predicate_counts(ikm, "ikm")
    stated: dict[str, float] = {}
    if "stats-ikm-unit-summary" in ds.tables:
        text = ds.tables["stats-ikm-unit-summary"]
        text = text[(text["variable"] == "jumlah_unit_per_mutu") & (text["year"] == year)
                    & (text["entity_id"] == entity)]
        stated = dict(zip(text["subcategory"], text["value"]))
    counts["stated in the text"] = counts["label"].map(stated)
    return counts
