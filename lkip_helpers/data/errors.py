"""Errors raised for bad input: each names the file, the row and the column."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = ["CatalogText", "DataIssue", "DataValidationError", "ParameterError"]


@dataclass(frozen=True)
class DataIssue:
    """One problem found in a data file.

    Attributes:
        path: the file the problem is in.
        message: what is wrong, in one sentence.
        row: the 1-based data row (the header is row 0), or ``None`` for a file-level problem.
        column: the column name, or ``None`` when the problem is not about one column.
        count: how many problems this issue stands for: 1, or the number of further problems of
            one check that are counted but not listed (``"49,980 more bad cells not listed"``).
    """

    path: Path
    message: str
    row: int | None = None
    column: str | None = None
    count: int = 1

    def __str__(self) -> str:
        return self.in_language("en")

    def in_language(self, lang: str | None = None) -> str:
        """The issue in ``lang`` (default: the current language): the file, row and column, and the
        message (a :class:`~lkip_helpers.data.i18n.Message` is put in ``lang``; a plain text is English)."""
        from .i18n import Message, shown

        where = [str(self.path)]
        if self.row is not None:
            where.append(shown(Message("row {row} (line {line})", row=str(self.row), line=str(self.row + 1)), lang))
        if self.column is not None:
            where.append(shown(Message("column {column!r}", column=self.column), lang))
        return ", ".join(where) + ": " + shown(self.message, lang)


class DataValidationError(ValueError):
    """Raised when data files do not satisfy their schema; lists every issue found.

    ``str(error)`` starts with the first issue (file, row, column, message), then gives the true
    number of the others (``"49,999 more issues; the first 9 listed"``) and lists a few.
    ``error.issues`` holds every issue listed; ``error.total`` counts every problem found, also
    those a check counted but did not list (see ``DataIssue.count``).
    """

    def __init__(self, issues: list[DataIssue]) -> None:
        if not issues:
            raise ValueError("DataValidationError needs at least one issue")
        self.issues = list(issues)
        #: every problem found, including those counted but not listed (see ``DataIssue.count``)
        self.total = sum(issue.count for issue in self.issues)
        super().__init__(self.in_language("en"))

    def in_language(self, lang: str | None = None) -> str:
        """The error in ``lang`` (default: the current language); see the class docstring."""
        return _summary(self.issues, self.total, lang)


def _summary(issues: list[DataIssue], total: int, lang: str | None, shown: int = 9) -> str:
    """The first issue, the true count of the others, and the next ``shown`` issues."""
    from .i18n import Message
    from .i18n import shown as in_reader_language

    text = issues[0].in_language(lang)
    more = total - issues[0].count
    if more <= 0:
        return text
    listed = issues[1 : 1 + shown]
    every_one_listed = len(issues) - 1 == len(listed) and all(i.count == 1 for i in listed)
    label = Message("1 more issue") if more == 1 else Message("{n} more issues", n=more)
    if not every_one_listed:
        label = Message("{more}; the first {n} listed", more=label, n=len(listed))
    lines = "\n  ".join(i.in_language(lang) for i in listed)
    return (text + f"\n({in_reader_language(label, lang)}:\n  {lines}" + (")" if every_one_listed else "\n  ...)"))


class CatalogText(str):
    """A value of a :class:`ParameterError` message that is itself a catalog message: it is put in
    the message's language with it (``choices=CatalogText("none (...)")``)."""


class ParameterError(ValueError):
    """Raised when a notebook or command parameter is invalid; the message lists valid choices.

    ``ParameterError("unknown entity {entity}; valid choices: {choices}", entity=..., choices=...)``
    keeps the message of the catalog and its values: ``str()`` is the English text (what the
    ``lkip`` command prints), :meth:`in_language` the same in a report's language (what a
    notebook shows); a value that is itself a ParameterError or a :class:`CatalogText` is put in
    the same language, and so is a value with an ``in_language`` method (a
    :class:`~lkip_helpers.data.i18n.Message`). A message without values is used as it is.

    In a notebook, IPython shows only the one-line message (no traceback).
    """

    def __init__(self, message: str, **values: object) -> None:
        self.message, self.values = message, values
        super().__init__(message.format(**values) if values else message)

    def in_language(self, lang: str | None = None) -> str:
        """The message in ``lang`` (default: the current language) through the message catalog;
        the English text when the catalog does not hold it."""
        from .i18n import translate

        text = translate(self.message, lang)
        values = {k: v.in_language(lang) if callable(getattr(v, "in_language", None)) else translate(v, lang)
                  if isinstance(v, CatalogText) else v for k, v in self.values.items()}
        return text.format(**values) if values else text

    def _render_traceback_(self) -> list[str]:
        return [f"ParameterError: {self}"]
