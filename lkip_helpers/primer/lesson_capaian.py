"""Markdown of the primer's opening and of its capaian section (section 2), from the real data.

Each function takes what the notebook has already computed (the scorecard, the worked examples
of :func:`lkip_helpers.primer.teaching.pick_example`) and returns the Markdown text of one cell.
Every string that comes from the data (indicator and entity names, printed figures, statuses)
goes through :func:`lkip_helpers.notebook.escape_markdown`; numbers the package computes are
formatted here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from lkip_helpers.data.i18n import translate
from lkip_helpers.notebook.markdown import escape_markdown as md
from lkip_helpers.notebook.messages import phrase
from lkip_helpers.primer.exercises import capaian_working
from lkip_helpers.primer.teaching import BorrowedTable, TeachingExample

__all__ = [
    "capaian_cases_text",
    "capaian_exercise_text",
    "explanation_markdown",
    "higher_is_better_text",
    "lesson_heading",
    "lower_is_better_text",
    "negative_realisasi_text",
    "text_target_notes",
]


def explanation_markdown(example: TeachingExample | BorrowedTable) -> str:
    """The example's one-sentence explanation (where it comes from) as safe Markdown."""
    return example.explanation_markdown or md(example.explanation)


def _borrowed_note(example: TeachingExample | BorrowedTable) -> str:
    """`` *explanation*`` (italic, with a leading space) for a borrowed example, else ``""``."""
    return f" *{explanation_markdown(example)}*" if example.borrowed else ""


def _example_head(ex: TeachingExample) -> str:
    """``**name** (entity, year): target …, realisasi …`` of a worked example."""
    return (f"**{md(ex.name)}** ({md(ex.entity_name)}, {ex.year}): target {md(ex.target_text)}, "
            f"realisasi {md(ex.realisasi_text)}")


def lesson_heading(entity_name: str, year: int, card: pd.DataFrame) -> str:
    """The heading over the lesson: ``## <entity>, LKIP <year>: <n> IKU`` (``card``: its scorecard)."""
    return f"## {md(entity_name)}, LKIP {year}: {len(card)} IKU"


def capaian_cases_text(examples: Mapping[str, TeachingExample | None]) -> str:
    """One bullet per worked example (case label → example): where it comes from, or that the
    data hold no such case."""
    return "\n".join(
        f"* **{md(translate(case))}**: {explanation_markdown(ex)}" if ex is not None
        else phrase("* **{case}**: the data hold no such case in any report.", case=md(translate(case)))
        for case, ex in examples.items()
    )


def higher_is_better_text(ex: TeachingExample | None) -> str:
    """The higher-is-better worked example: its figures, the formula with the numbers, the status
    (a sentence saying so when the data hold no such case, e.g. a package without IKU values)."""
    if ex is None:
        return phrase("No higher-is-better IKU with a numeric target and realisasi exists in any report of the data.")
    return f"{_example_head(ex)}.\n\n{capaian_working(ex.target, ex.realisasi, ex.polarity)}: **{md(ex.status)}**."


def lower_is_better_text(ex: TeachingExample) -> str:
    """The lower-is-better worked example: its figures, where it was borrowed from, the formula."""
    borrowed = f"*{explanation_markdown(ex)}*" if ex.borrowed else ""
    return f"{_example_head(ex)}. {borrowed}\n\n{capaian_working(ex.target, ex.realisasi, ex.polarity)}."


def negative_realisasi_text(ex: TeachingExample) -> str:
    """The negative-realisasi example: its figures and printed capaian (and where it was borrowed from)."""
    return phrase("{head}, printed capaian {capaian}.{note}", head=_example_head(ex), capaian=md(ex.capaian_printed_text),
                  note=_borrowed_note(ex))


def text_target_notes(examples: Iterable[TeachingExample]) -> str:
    """The explanations of the borrowed text-target examples, each once, sorted; ``""`` when
    every example is the entity's own."""
    borrowed = {ex.explanation: explanation_markdown(ex) for ex in examples if ex.borrowed}
    return " ".join(borrowed[k] for k in sorted(borrowed))


def capaian_exercise_text(number: int, ex: TeachingExample) -> str:
    """The question of a capaian exercise (``number``) on the example ``ex``."""
    values = dict(number=number, name=md(ex.name), entity=md(ex.entity_name), year=ex.year, target=md(ex.target_text),
                  realisasi=md(ex.realisasi_text), note=_borrowed_note(ex))
    if ex.polarity == "lower_is_better":
        return phrase("**Exercise {number}: capaian, lower is better.** *{name}* ({entity} {year}): target "
                      "**{target}**, realisasi **{realisasi}**. What is the capaian in % (2 decimals)?{note}", **values)
    return phrase("**Exercise {number}: capaian, higher is better.** *{name}* ({entity} {year}): target **{target}**, "
                  "realisasi **{realisasi}**. What is the capaian in % (2 decimals)?{note}", **values)
