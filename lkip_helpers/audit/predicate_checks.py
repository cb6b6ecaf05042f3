"""Predicates against their scores.

* **AKIP**: the predikat printed with an AKIP score (``unit_scores`` akip rows, the ``total`` of
  ``akip_components``, an AKIP realisasi or target printed as ``81.59 (A)``) vs
  :func:`lkip_helpers.measurement.akip_grade` (PermenPANRB 88/2021: AA >90, A >80, BB >70, B >60,
  CC >50, C >30, D; a boundary score belongs to the lower band).
* **IKM mutu**: the mutu pelayanan printed with an IKM (unit IKM, per-unsur category, the IKM of a
  period, the city average) vs :func:`lkip_helpers.measurement.mutu_pelayanan` (PermenPANRB
  14/2017: A ≥88.31 Sangat Baik, B ≥76.61 Baik, C ≥65.00 Kurang Baik, D Tidak Baik). A printed
  grade letter is compared with the grade, a printed word with the label.
The predicates printed in a report's own stats tables (an IKM calculation, a city's average IKM, an
environment index with a quoted category against the bands the report prints) are declared: kind
``predicate`` of ``data/check_relations.csv`` (:mod:`.declared_predicates`), judged with
:func:`judge_mutu`, :func:`judge_akip` and :func:`judge_band`.

Labels are exact (no tolerance); materiality is 100 per band apart. A predicate that differs from
its score's always affects the outcome (``affects_status`` True).
"""

from __future__ import annotations

import re

import pandas as pd

from lkip_helpers.data.dataset import Dataset
from lkip_helpers.measurement import AKIP_GRADES, akip_grade, mutu_pelayanan
from .core import Collector, measure_pairs
from .outcomes import indicator_scale
from .texts import formula_text, g_number, reader_text

__all__ = ["check_predicates", "environment_category", "judge_akip", "judge_band", "judge_mutu"]

_MUTU_ORDER = ["D", "C", "B", "A"]
_MUTU_WORDS = {"sangat baik": "A", "baik": "B", "kurang baik": "C", "tidak baik": "D"}


def judge_akip(out: Collector, *, key: str, printed_label: str, score: float, where: dict) -> None:
    """Record the AKIP predikat ``printed_label`` against the grade of ``score`` (a label finding;
    ``where``: its document, source, row and printed text). A label that is no grade is skipped."""
    g = akip_grade(score)
    p = printed_label.strip().upper()
    if p not in AKIP_GRADES or g is None:
        return
    out.label(key=key, family="predicate", check=reader_text("AKIP predikat of the score (PermenPANRB 88/2021)"),
              printed_label=p, recomputed_label=g, steps=AKIP_GRADES.index(p) - AKIP_GRADES.index(g),
              printed=score, recomputed=score, rule=formula_text("akip_grade({score}) = {grade}", score=g_number(score), grade=g), decides_outcome=True, **where)


def judge_mutu(out: Collector, *, key: str, printed_label: str, score: float, where: dict) -> None:
    """Record the mutu pelayanan ``printed_label`` (a letter or a word) against the mutu of the IKM
    ``score``. A label that names no mutu is skipped."""
    m = mutu_pelayanan(score)
    if m is None:
        return
    text = re.sub(r"\s+", " ", printed_label.strip().lower())
    if text.upper() in _MUTU_ORDER:
        printed_grade = text.upper()
    elif text in _MUTU_WORDS:
        printed_grade = _MUTU_WORDS[text]
    else:
        words = [w for w in _MUTU_WORDS if w in text]
        letter = re.match(r"^([abcd])\b", text)
        printed_grade = letter.group(1).upper() if letter else (_MUTU_WORDS[max(words, key=len)] if words else None)
    if printed_grade is None:
        return
    out.label(key=key, family="predicate", check=reader_text("mutu pelayanan of the IKM (PermenPANRB 14/2017)"),
              printed_label=printed_grade, recomputed_label=m[0],
              steps=_MUTU_ORDER.index(printed_grade) - _MUTU_ORDER.index(m[0]), printed=score, recomputed=score,
              rule=formula_text("mutu_pelayanan({score}) = {grade} {mutu}", score=g_number(score), grade=m[0], mutu=m[1]), decides_outcome=True, **where)


def environment_category(value: float, bands: pd.DataFrame) -> tuple[str, int] | None:
    """Category of an environment index by printed bands (``iklh-categories`` rows of one table):
    rows ``lower_bound_exclusive``/``lower_bound_inclusive``/``upper_bound_*`` per category.
    Returns (category, its position from the top) or ``None``."""
    names = list(dict.fromkeys(bands["category"]))
    for pos, name in enumerate(names):
        b = bands[bands["category"] == name].set_index("variable")["value"]
        ok = True
        if "lower_bound_exclusive" in b:
            ok &= value > b["lower_bound_exclusive"]
        if "lower_bound_inclusive" in b:
            ok &= value >= b["lower_bound_inclusive"]
        if "upper_bound_exclusive" in b:
            ok &= value < b["upper_bound_exclusive"]
        if "upper_bound_inclusive" in b:
            ok &= value <= b["upper_bound_inclusive"]
        if ok:
            return name, pos
    return None


def check_predicates(ds: Dataset, out: Collector, documents: set[str]) -> None:
    """Every predicate check of the module docstring."""
    for check in (_unit_score_predicates, _akip_total_predicates, _akip_value_predicates, _ikm_unsur_predicates):
        check(ds, out, documents)


def _unit_score_predicates(ds: Dataset, out: Collector, documents: set[str]) -> None:
    """The AKIP predikat and IKM mutu printed with the units' scores (``unit_scores``)."""
    us = ds.tables["unit_scores"]
    us = us[us["document_id"].isin(documents)]
    for _, r in us.iterrows():
        if pd.isna(r["predicate_text"]) or pd.isna(r["value"]):
            continue
        where = dict(document_id=r["document_id"], source_ref=r["source_ref"],
                     row=f"{r['unit_id']}" + (f" (no. {int(r['rank'])})" if pd.notna(r["rank"]) else ""),
                     printed_text=f"{r['value_text']} {r['predicate_text']}")
        key = f"predicate:{r['document_id']}:{r['score_type']}:{r['unit_id']}:{int(r['year'])}"
        if r["score_type"] == "akip":
            judge_akip(out, key=key, printed_label=str(r["predicate_text"]), score=r["value"], where=where)
        else:
            judge_mutu(out, key=key, printed_label=str(r["predicate_text"]), score=r["value"], where=where)


def _akip_total_predicates(ds: Dataset, out: Collector, documents: set[str]) -> None:
    """The predikat printed with the ``total`` of ``akip_components``."""
    ac = ds.tables["akip_components"]
    for _, r in ac[ac["document_id"].isin(documents) & (ac["component"] == "total")].iterrows():
        if pd.notna(r["predicate_text"]):
            judge_akip(out, key=f"predicate:{r['document_id']}:akip-total:{r['entity_id']}:{int(r['year'])}",
                  printed_label=str(r["predicate_text"]), score=r["value"],
                  where=dict(document_id=r["document_id"], source_ref=r["source_ref"], row=reader_text("{entity} total", entity=str(r["entity_id"])),
                             printed_text=f"{r['value_text']} {r['predicate_text']}"))


def _akip_value_predicates(ds: Dataset, out: Collector, documents: set[str]) -> None:
    """AKIP figures printed with their predikat, e.g. ``81.59 (A)``, ``A (80,97)``."""
    iv = ds.tables["indicator_values"]
    akip = {i for i in iv["indicator_id"].unique() if indicator_scale(ds, i) == "akip"}
    iv = iv[iv["document_id"].isin(documents) & iv["indicator_id"].isin(akip) & iv["value"].notna()]
    for _, r in iv.iterrows():
        m = re.search(r"\b(AA|A|BB|B|CC|C|D)\b", re.sub(r"[\d.,]", " ", str(r["value_text"])))
        if m:
            judge_akip(out, key=f"predicate:{r['document_id']}:{r['indicator_id']}:{r['measure']}-{int(r['year'])}"
                      + ("" if r["period"] == "annual" else f"-{r['period'].lower()}"),
                  printed_label=m.group(1), score=r["value"],
                  where=dict(document_id=r["document_id"], source_ref=r["source_ref"],
                             row=f"{r['indicator_id']} {r['measure']} {int(r['year'])}", printed_text=r["value_text"]))


def _ikm_unsur_predicates(ds: Dataset, out: Collector, documents: set[str]) -> None:
    """The category printed per IKM unsur (``ikm_unsur`` ``kategori`` vs ``ikm`` rows)."""
    iu = ds.tables["ikm_unsur"]
    iu = iu[iu["document_id"].isin(documents)]
    for r, s in measure_pairs(iu, "kategori", "ikm"):
        judge_mutu(out, key=f"predicate:{r['document_id']}:ikm-unsur:{int(r['year'])}-{r['period'].lower()}:{r['unsur'].lower()}",
              printed_label=str(r["value_text"]), score=float(s["value"]),
              where=dict(document_id=r["document_id"], source_ref=r["source_ref"],
                         row=f"{r['unsur']} {r['unsur_name']} ({r['period']})",
                         printed_text=f"{s['value_text']} {r['value_text']}"))


def judge_band(out: Collector, *, key: str, printed_label: str, value: float, bands: pd.DataFrame,
               where: dict) -> None:
    """Record the category ``printed_label`` printed with an index ``value`` against the category
    of the printed ``bands`` (:func:`environment_category`); a value outside every band is skipped.
    A word the bands do not have (``Sedang`` against bands from Unggul to Sangat Kurang) is a
    finding: the report names a category its own bands do not know."""
    got = environment_category(float(value), bands)
    if got is None:
        return
    names = list(dict.fromkeys(bands["category"]))
    table = bands["source_ref"].iloc[0]
    out.label(key=key, family="predicate", check=reader_text("category of the index by the bands of {table}", table=table),
              printed_label=printed_label, recomputed_label=got[0],
              steps=names.index(printed_label) - got[1] if printed_label in names else None,
              printed=value, recomputed=value, decides_outcome=True,
              rule=reader_text("{value} in band {band} of {table}", value=g_number(value), band=got[0], table=table),
              **where)
