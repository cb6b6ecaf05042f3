"""The plan's targets over several years, as a plan table prints them (``lkip extract``): which plan
a table is (RPJMD, Renstra, revised Renstra, RPD) and the (measure, year, printed value) of each of
its cells.

A table says which plan it is in its title, or in the line that introduces it (``... pada RPD
2024 – 2026, sebagai berikut :``); without either, a government's plan is taken to be its RPJMD and
a perangkat daerah's its Renstra, and the draft says it is a suggestion. Year columns become the
plan's target of that year; the baseline column (``KONDISI AWAL (2018)``) the ``baseline`` of its
year (the year before the first target year when the header names none); the end column
(``KONDISI AKHIR``) the ``target_final`` of the last target year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["PlanCell", "name_similarity", "plan_cells", "plan_measure"]

#: (pattern over title and context, measure), first match wins
_PLAN_WORDS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(perubahan|revisi|perbaikan)\b.*\brenstra|renstra\b.*\b(perubahan|revisi)", re.IGNORECASE),
     "target_renstra_revised"),
    (re.compile(r"\bRPD\b"), "target_rpd"),
    (re.compile(r"\brenstra\b|rencana\s+strategis", re.IGNORECASE), "target_renstra"),
    (re.compile(r"\bRPJMD\b|jangka\s+menengah", re.IGNORECASE), "target_rpjmd"),
)


@dataclass(frozen=True)
class PlanCell:
    """One target (or baseline) of a plan row: its measure, year and printed text."""

    measure: str
    year: int
    text: str


def plan_measure(title: str, context: str, level: str) -> tuple[str, str | None]:
    """The measure of a plan table's targets and, when it is a guess, why."""
    for text, where in ((title, "title"), (context, "line above the table")):
        for pattern, measure in _PLAN_WORDS:
            if pattern.search(text or ""):
                return measure, None if where == "title" else f"plan read from the {where}: {context[:80]!r}"
    if level == "perangkat_daerah":
        return "target_renstra", "no plan named: a perangkat daerah's plan is taken to be its Renstra"
    return "target_rpjmd", "no plan named: a government's plan is taken to be its RPJMD"


def plan_cells(values: dict[str, str], measure: str) -> list[PlanCell]:
    """The targets of one plan row (its values by role: ``y<year>``, ``b<year>``/``baseline``,
    ``final``) in the order: baseline, each year, end target."""
    years = sorted(int(role[1:]) for role in values if re.fullmatch(r"y\d{4}", role))
    cells: list[PlanCell] = []
    for role, text in values.items():
        if re.fullmatch(r"b\d{4}", role):
            cells.append(PlanCell("baseline", int(role[1:]), text))
        elif role == "baseline" and years:
            cells.append(PlanCell("baseline", years[0] - 1, text))
    cells.extend(PlanCell(measure, year, values[f"y{year}"]) for year in years)
    if "final" in values and years:
        cells.append(PlanCell("target_final", years[-1], values["final"]))
    return cells


def _words(name: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", name.lower())


def _acronyms(name: str) -> list[str]:
    return [w.lower() for w in re.findall(r"\b[A-Z]{2,6}\b", name)]


def _expand(words: list[str], acronyms: list[str], source: list[str]) -> set[str]:
    """``words`` with each acronym spelled out when ``source`` has a run of words with those initials
    (``KK`` → ``kartu keluarga``); an acronym its own name spells out is dropped."""
    out = set(words)
    for acronym in acronyms:
        for start in range(len(source) - len(acronym) + 1):
            run = source[start:start + len(acronym)]
            if all(len(w) >= 3 and w not in acronyms for w in run) and "".join(w[0] for w in run) == acronym:
                out.discard(acronym)
                out.update(run)
                break
    return out


def name_similarity(a: str, b: str) -> float:
    """How alike two printed indicator names are, 0–1: the share of words they have in common, with
    spaces and hyphens ignored (``KTP-el`` = ``KTPel``) and acronyms spelled out from the other name or
    their own (``Nilai AKIP`` ~ ``Nilai Akuntabilitas Kinerja Instansi Pemerintah (AKIP)``)."""
    wa, wb = _words(a), _words(b)
    if not wa or not wb:
        return 0.0
    if "".join(wa) == "".join(wb):
        return 1.0
    aa, ab = _acronyms(a), _acronyms(b)
    sa = _expand(_expand(wa, aa, [w for w in wa if w not in aa]), aa, [w for w in wb if w not in ab])
    sb = _expand(_expand(wb, ab, [w for w in wb if w not in ab]), ab, [w for w in wa if w not in aa])
    return len(sa & sb) / len(sa | sb)
