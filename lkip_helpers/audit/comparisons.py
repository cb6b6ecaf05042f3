"""The ``comparison`` kind of ``data/check_relations.csv``: a word a report prints comparing two of
its figures (``melambat``: this year's growth is below the average growth; ``lebih tinggi``) = the
order of the two figures.

The row names the printed words: the rows of ``subject`` at ``source_ref`` with a ``variable`` and
a label of ``rows`` (as a ``formula``'s: ``|``-joined labels, ``*``, or a cell reference), the word
in ``value_text``. ``inputs`` names the two figures compared as two cell references,
``[first]|[second]``, read as a formula's (a column not named is the word's row's: its report,
year, period and entity, and in the same table its label). The word says the first figure is
above, below or equal to the second by the pairs of :data:`DIRECTION_WORDS` (``lebih cepat`` /
``melambat``, ``lebih tinggi`` / ``lebih rendah`` …, ``sama``); the finding compares it with the
word of the same pair for the actual order (a printed ``sama`` against ``lebih tinggi`` /
``lebih rendah``). A word of no pair is not checked (it says no order), nor a negated or hedged one
(``tidak lebih tinggi``, ``naik turun``, ``lebih tinggi atau sama``: :func:`printed_direction`), nor
a word whose figures the report does not print; a reference selecting printings with different
values is refused, as a formula's.

Keys: as declared in ``key`` (placeholders as a formula's; the family ``comparison`` or ``yoy``
first), by default ``comparison:{document}:{check}:{label}``. A label finding, exact.
"""

from __future__ import annotations

import re

import pandas as pd

from lkip_helpers.data.dataset import Dataset
from lkip_helpers.data.i18n import Message, cell_text
from .core import Collector
from .formulas import checked_rows, figure_key, key_template, one_cell, selected, subject_table, two_references
from .texts import description_text, formula_text, reader_text

__all__ = ["DIRECTION_WORDS", "EQUAL_WORD", "NEGATIONS", "check_comparison", "printed_direction"]

#: pairs of words saying the first figure is above (first word) or below (second) the second figure
#: (the nouns ``peningkatan`` / ``penurunan`` hold no stem of the verbs: pairs of their own); the
#: first pair a printed word contains decides (so ``lebih lambat`` before ``lambat``)
DIRECTION_WORDS: tuple[tuple[str, str], ...] = (
    ("lebih cepat", "lebih lambat"), ("mempercepat", "memperlambat"), ("lebih cepat", "melambat"),
    ("lebih tinggi", "lebih rendah"), ("lebih besar", "lebih kecil"), ("lebih banyak", "lebih sedikit"),
    ("di atas", "di bawah"), ("melebihi", "kurang dari"), ("meningkat", "menurun"), ("peningkatan", "penurunan"),
    ("kenaikan", "penurunan"), ("naik", "turun"),
    ("faster", "slower"), ("higher", "lower"), ("above", "below"),
)
#: the word saying the two figures are equal (the first word of the printed text)
EQUAL_WORD = "sama"
#: the pair whose words a finding on a printed :data:`EQUAL_WORD` recomputes (the order of two numbers)
_EQUAL_PAIR = ("lebih tinggi", "lebih rendah")
#: words that turn an order into no definite order (``tidak lebih tinggi``: lower or equal): not checked
NEGATIONS: tuple[str, ...] = ("tidak", "tak", "belum", "bukan", "not")
_DEFAULT_KEY = "comparison:{document}:{check}:{label}"


def printed_direction(word: object) -> tuple[tuple[str, str], int] | None:
    """The pair of :data:`DIRECTION_WORDS` a printed word uses and the order it states (1 above,
    -1 below, 0 equal: :data:`EQUAL_WORD` as the first word), or ``None`` for a word that states
    no strict order: no word of a pair, words of both orders (``naik turun``), a negation
    (:data:`NEGATIONS`: ``tidak lebih tinggi``) or an order or-equal (``lebih tinggi atau sama``).
    Words are compared without case, punctuation and repeated spaces; a word of a pair may be part
    of a longer word (``naik`` in ``kenaikan``, ``menurun`` in ``menurunnya``)."""
    words = re.findall(r"\w+", cell_text(word).lower())
    text = " ".join(words)
    if any(w in NEGATIONS for w in words):
        return None
    if words[:1] == [EQUAL_WORD]:
        return _EQUAL_PAIR, 0
    orders = [(pair, said) for pair in DIRECTION_WORDS for said, w in zip((1, -1), pair) if w in text]
    if not orders or len({said for _, said in orders}) > 1 or EQUAL_WORD in words:
        return None
    return orders[0]


def _word(pair: tuple[str, str], order: int) -> str:
    return EQUAL_WORD if order == 0 else pair[0] if order > 0 else pair[1]


def check_comparison(ds: Dataset, out: Collector, c: pd.Series, where: str) -> None:
    """Every printed comparison word of the ``comparison`` row ``c`` (module docstring).

    Raises:
        ValueError: ``inputs`` that is not two cell references of the data, a reference that selects
            printings with different values (:func:`~.formulas.one_cell`), or a malformed ``key``
            (naming ``where`` and the column).
    """
    table = subject_table(ds, c["subject"], where)
    first_ref, second_ref = two_references(ds, str(c["inputs"] or ""), table, where,
                                           Message("a comparison needs two cell references, the first and the second "
                                                   "figure"))
    family, template = key_template(c, where, _DEFAULT_KEY)
    for _, r in checked_rows(ds, c, table, where, valued=False).iterrows():
        said = printed_direction(r["value_text"])
        first, second = selected(ds, first_ref, r, table), selected(ds, second_ref, r, table)
        if said is None or first.empty or second.empty:
            continue
        pair, _ = said
        a, b = one_cell(first, first_ref, where), one_cell(second, second_ref, where)
        order = (float(a["value"]) > float(b["value"])) - (float(a["value"]) < float(b["value"]))
        printed = _word(*said)
        out.label(key=figure_key(template, c, r, table), family=family,
                  check=formula_text("{check_id}: {description}", check_id=str(c["check_id"]),
                                     description=description_text(c)),
                  document_id=r["document_id"], source_ref=r["source_ref"],
                  row=formula_text("{label}: {word}", label=str(r["category"]), word=str(r["value_text"])),
                  printed_text=r["value_text"], printed_label=printed, recomputed_label=_word(pair, order),
                  rule=reader_text("{first} ({first_table}) against {second} ({second_table})",
                                   first=str(a["value_text"]), first_table=str(a["source_ref"]),
                                   second=str(b["value_text"]), second_table=str(b["source_ref"])))
