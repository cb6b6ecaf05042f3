"""The ``predicate`` kind of ``data/check_relations.csv``: a word a report prints for a score in one
of its own stats tables (a mutu pelayanan beside an IKM, an AKIP predikat, the category of an
environment index) = the category the rule gives for the score.

The row names the printed words: the rows of ``subject`` at ``source_ref`` with a ``variable``
(several joined with ``|``) and a label of ``rows`` (``|``-joined, ``*`` or empty for every label).
``inputs`` is either one cell reference to the score (read as a ``formula``'s: a column not named
is the word's row's, so ``[variable=ikm]`` is the IKM of the same row label of the same table) —
the word is then the row's ``value_text`` — or empty: the row is the score itself and the word is
quoted in its printed text (``45,81 “Kurang”``, ``78.75 (BB)``). A word a band table does not have
is a finding too (the report names a category its own bands do not know). ``outcome`` is the rule: ``mutu``
(PermenPANRB 14/2017), ``akip`` (PermenPANRB 88/2021) or ``bands:<stats topic>`` (the bands that
topic's numbered table prints in the same report).

Keys: ``predicate:<document>:<subject>:<source_ref slug>:<label slug>``, and ``:<sub-label slug>``
for a row with a sub-label (``subcategory``). A label finding, exact; a
word that names no category of the rule is not checked (it is no predicate).
"""

from __future__ import annotations

import re

import pandas as pd

from lkip_helpers.data.dataset import Dataset
from lkip_helpers.data.i18n import Message, cell_text
from .core import Collector, in_column, slug
from .formulas import checked_rows, one_cell, selected, single_reference, subject_table
from .predicate_checks import judge_akip, judge_band, judge_mutu

__all__ = ["RULES", "check_declared_predicate", "printed_word"]

#: the rules a ``predicate`` row may name in ``outcome`` (besides ``bands:<stats topic>``)
RULES: tuple[str, ...] = ("mutu", "akip")
_QUOTED = re.compile(r"[“\"]([^”\"]+)[”\"]|\(([^()]+)\)")


def printed_word(text: object) -> str | None:
    """The word quoted in a printed figure (``45,81 “Kurang”`` → ``Kurang``; ``78.75 (BB)`` → ``BB``),
    or ``None`` (a quoted or bracketed text without a letter, ``(2023)``, is no word)."""
    for m in _QUOTED.finditer(str(text)):
        word = (m.group(1) or m.group(2)).strip()
        if any(ch.isalpha() for ch in word):  # "(2023)" or "(%)" is no word
            return word
    return None


def _bands(ds: Dataset, rule: str, document_id: str, where: str) -> pd.DataFrame:
    table = ds.tables.get(f"stats-{rule.removeprefix('bands:')}")
    if table is None:
        raise ValueError(Message("{where}: a predicate's rule is {rules} or 'bands:<stats topic>' naming a table of "
                                 "the data, got {rule!r}", where=in_column(where, "outcome"), rules=", ".join(RULES),
                                 rule=rule))
    return table[(table["document_id"] == document_id) & table["source_ref"].astype(str).str.startswith("Tabel")]


def check_declared_predicate(ds: Dataset, out: Collector, c: pd.Series, where: str) -> None:
    """Every printed word of the ``predicate`` row ``c`` (module docstring).

    Raises:
        ValueError: an unknown rule or table, ``inputs`` that is not one cell reference, or one that
            selects printings with different values (:func:`~.formulas.one_cell`; naming ``where``
            and the column).
    """
    table = subject_table(ds, c["subject"], where)
    rule = str(c["outcome"] or "")
    bands = None if rule in RULES else _bands(ds, rule, c["document_id"], where)
    inputs = str(c["inputs"] or "").strip()
    ref = single_reference(ds, inputs, table, where, Message("a predicate needs one cell reference to the score "
                                                              "[column=value; ...] or nothing")) if inputs else None
    for _, r in checked_rows(ds, c, table, where, valued=False).iterrows():
        if ref is None:
            word, score = printed_word(r["value_text"]), r
        else:
            found = selected(ds, ref, r, table)
            word, score = cell_text(r["value_text"]).strip(), (None if found.empty else one_cell(found, ref, where))
        if not word or score is None or pd.isna(score["value"]):
            continue
        sub = cell_text(r.get("subcategory")).strip()
        key = (f"predicate:{r['document_id']}:{c['subject']}:{slug(r['source_ref'])}:{slug(r['category'])}"
               + (f":{slug(sub)}" if sub else ""))
        shown = str(r["value_text"]) if ref is None else f"{score['value_text']} {word}"
        place = dict(document_id=r["document_id"], source_ref=r["source_ref"],
                     row=f"{r['category']} ({sub})" if sub else str(r["category"]),
                     printed_text=shown)
        if bands is not None:
            if not bands.empty:
                judge_band(out, key=key, printed_label=word, value=float(score["value"]), bands=bands, where=place)
        elif rule == "mutu":
            judge_mutu(out, key=key, printed_label=word, score=float(score["value"]), where=place)
        else:
            judge_akip(out, key=key, printed_label=word, score=float(score["value"]), where=place)
