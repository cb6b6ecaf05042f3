"""The declared checks (``checks.csv``, ``check_relations.csv``) against the stats topics, when the
data load: a row naming a stats topic the package does not have, or a variable (or, when the topic
declares its ``categories``, a row label) a keyed topic does not declare (:mod:`.keyed`), is refused naming the file, the row and the column — before the
audit runs. A variable of a topic without a keyed schema is not checked here (a project test asks
every topic a check names to be keyed).

Which cells name a topic or its variables (``docs/data-model.md`` describes the columns):

* ``checks.csv``: ``topic``; ``variables``; the labels of ``total_category`` and ``parts``;
  ``outcome`` ``bands:<topic>``;
* ``check_relations.csv``: ``subject`` (a stats topic for ``ratio``, ``share``, ``same``,
  ``same-period``, ``bands-chain``, ``within-range``, ``predicate``, ``comparison`` and a
  ``formula`` not on one of the other tables: ``indicator_values``, ``budgets`` …);
  ``variable``; ``inputs`` (the two variables of a ratio or a bands-chain, the part variable of a
  share, ``topic|source_ref|label|variable`` of ``same``, the ``table=`` and ``variable=`` of each
  cell reference of a formula, of the bounds of a ``within-range`` or of the first printing of a
  ``same`` or ``same-period``, and their labels: the total
  of a share, the ``same`` label, a reference's ``category=``); ``rows`` (labels, or a reference); ``outcome`` ``bands:<topic>``.

The ``inputs`` of a ``comparison`` must be two plain cell references joined by ``|`` (its first
and second figure): any other shape is refused here too, not first when the audit runs.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pandas as pd

from .cell_references import CELL_REFERENCE, TWO_REFERENCES, reference_filters
from .errors import DataIssue
from .i18n import Message, cell_text
from .keyed import is_keyed, topic_categories, topic_variables

__all__ = ["RELATION_KINDS", "check_declared_rows", "named_topics"]

#: every kind a row of ``check_relations.csv`` may declare (the audit applies each,
#: :mod:`lkip_helpers.audit.relations`; the workbook's CekRelasi sheet offers them)
RELATION_KINDS: tuple[str, ...] = ("ratio", "share", "same", "same-period", "unit-score", "formula", "bands-chain",
                                   "within-range", "predicate", "comparison")
_OTHER_TABLES = ("indicator_values", "regional_benchmarks", "budgets", "ikm_unsur", "unit_scores")
#: the kinds whose ``subject`` is a stats topic (or one of the other tables)
_ON_SUBJECT = tuple(k for k in RELATION_KINDS if k != "unit-score")
#: the kinds whose ``inputs`` may be cell references
_REFERENCING = ("formula", "within-range", "same", "same-period", "predicate", "comparison")


class _Claim(NamedTuple):
    """A cell's claim: the stats ``topic`` it names (``names_topic``) or whose ``variables`` and row
    ``labels`` it uses; ``error`` when the cell cannot be read (a malformed cell reference)."""

    column: str
    topic: str
    variables: list[str]
    names_topic: bool
    labels: tuple[str, ...] = ()
    error: str | Message = ""


def _text(row: dict[str, Any], column: str) -> str:
    return cell_text(row.get(column)).strip()


def _split(text: str) -> list[str]:
    return [p.strip() for p in text.split("|") if p.strip()]


def _labels(text: str) -> tuple[str, ...]:
    """The row labels a cell names (``*``, every label, names none)."""
    return tuple(p for p in _split(text) if p != "*")


def _bands(row: dict[str, Any]) -> Iterator[_Claim]:
    outcome = _text(row, "outcome")
    if outcome.startswith("bands:"):
        yield _Claim("outcome", outcome.removeprefix("bands:"), [], True)


def _check_claims(row: dict[str, Any]) -> Iterator[_Claim]:
    """The claims of a row of ``checks.csv``."""
    yield _Claim("topic", _text(row, "topic"), [], True)
    yield _Claim("variables", _text(row, "topic"), _split(_text(row, "variables")), False)
    for column in ("total_category", "parts"):
        yield _Claim(column, _text(row, "topic"), [], False, _labels(_text(row, column)))
    yield from _bands(row)


def _reference_claims(column: str, text: str, subject: str) -> Iterator[_Claim]:
    """The claims of the cell references in ``text`` (a formula's ``inputs`` or ``rows``)."""
    for m in CELL_REFERENCE.finditer(text):
        try:
            filters = reference_filters(m.group("body"))
        except ValueError as exc:
            yield _Claim(column, "", [], False, error=exc.args[0])  # a catalog Message
            continue
        table = filters.get("table", subject)
        if table not in _OTHER_TABLES:
            variables = [v for v in _split(filters.get("variable", "")) if v != "*"]
            yield _Claim(column, table, variables, "table" in filters, _labels(filters.get("category", "")))


def _relation_claims(row: dict[str, Any]) -> Iterator[_Claim]:
    """The claims of a row of ``check_relations.csv`` (none for a kind the audit does not know)."""
    kind, subject = _text(row, "kind"), _text(row, "subject")
    yield from _bands(row)
    if kind == "comparison" and not TWO_REFERENCES.fullmatch(_text(row, "inputs")):
        yield _Claim("inputs", "", [], False, error=Message(
            "a comparison needs two cell references joined by | (the first and the second figure), got {inputs!r}",
            inputs=_text(row, "inputs")))
    if kind in _REFERENCING:  # also on indicator_values: the references may name stats topics
        yield from _reference_claims("inputs", _text(row, "inputs"), subject)
    if kind == "formula" and _text(row, "rows").startswith("["):
        yield from _reference_claims("rows", _text(row, "rows"), subject)
    if kind not in _ON_SUBJECT or subject in _OTHER_TABLES:
        return
    yield _Claim("subject", subject, [], True)
    yield _Claim("variable", subject, _split(_text(row, "variable")), False)
    if not _text(row, "rows").startswith("["):
        yield _Claim("rows", subject, [], False, _labels(_text(row, "rows")))
    inputs = _split(_text(row, "inputs"))
    if kind in ("ratio", "bands-chain"):
        yield _Claim("inputs", subject, inputs, False)
    elif kind == "share":
        yield _Claim("inputs", subject, inputs[:1], False, tuple(inputs[1:2]))
    elif kind == "same" and len(inputs) == 4:
        yield _Claim("inputs", inputs[0], [inputs[3]], True, (inputs[2],))


_CLAIMS = (("checks", _check_claims), ("check_relations", _relation_claims))


def _problems(claim: _Claim, topics: dict[str, dict]) -> list[str | Message]:
    """What is wrong with ``claim`` given the stats ``topics`` (schema by topic)."""
    if claim.error:
        return [claim.error]
    schema = topics.get(claim.topic)
    if schema is None:
        return [Message("no stats topic {topic!r}: the data package has no stats/{topic}.csv", topic=claim.topic)] \
            if claim.names_topic else []
    if not is_keyed(schema):
        return []
    declared, categories = topic_variables(schema), topic_categories(schema)
    return [Message("{variable!r} is not a variable of the keyed stats topic {topic!r} (declared in "
                    "metadata/stats_topics.yaml: {declared})", variable=var, topic=claim.topic,
                    declared=", ".join(declared)) for var in claim.variables if var not in declared] + [
        Message("{label!r} is not a category of the keyed stats topic {topic!r} (declared in "
                "metadata/stats_topics.yaml: {declared})", label=label, topic=claim.topic, declared=", ".join(categories))
        for label in claim.labels if categories and label not in categories]


def check_declared_rows(
    tables: dict[str, pd.DataFrame], schemas: dict[str, dict], paths: dict[str, Path], issues: list[DataIssue]
) -> None:
    """Append an issue for each cell of ``checks`` and ``check_relations`` that names a stats topic
    the package does not have or a variable its keyed schema does not declare (module docstring)."""
    topics = {name.removeprefix("stats-"): s for name, s in schemas.items() if name.startswith("stats-")}
    for name, claims_of in _CLAIMS:
        df = tables.get(name)
        for number, row in enumerate([] if df is None else df.to_dict("records"), start=1):
            for claim in claims_of(row):
                issues.extend(DataIssue(paths[name], message, row=number, column=claim.column)
                              for message in _problems(claim, topics))


def named_topics(tables: dict[str, pd.DataFrame]) -> list[tuple[str, int, str, str]]:
    """``(table, row, column, topic)`` of every cell of ``checks`` and ``check_relations`` that names
    a stats topic (its own or its variables'), in the order of the rows."""
    found = []
    for name, claims_of in _CLAIMS:
        df = tables.get(name)
        for number, row in enumerate([] if df is None else df.to_dict("records"), start=1):
            found.extend((name, number, c.column, c.topic) for c in claims_of(row) if c.topic and not c.error)
    return found
