"""Errors raised for bad input: each names the file, the row and the column."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = ["DataIssue", "DataValidationError", "ParameterError"]


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
        where = [str(self.path)]
        if self.row is not None:
            where.append(f"row {self.row} (line {self.row + 1})")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        return ", ".join(where) + ": " + self.message


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
        super().__init__(_summary(self.issues, self.total))


def _summary(issues: list[DataIssue], total: int, shown: int = 9) -> str:
    """The first issue, the true count of the others, and the next ``shown`` issues."""
    text = str(issues[0])
    more = total - issues[0].count
    if more <= 0:
        return text
    listed = issues[1 : 1 + shown]
    every_one_listed = len(issues) - 1 == len(listed) and all(i.count == 1 for i in listed)
    label = f"{more:,} more issue{'s' if more > 1 else ''}"
    if not every_one_listed:
        label += f"; the first {len(listed)} listed"
    lines = "\n  ".join(str(i) for i in listed)
    return text + f"\n({label}:\n  {lines}" + (")" if every_one_listed else "\n  ...)")


class ParameterError(ValueError):
    """Raised when a notebook or command parameter is invalid; the message lists valid choices.

    In a notebook, IPython shows only the one-line message (no traceback).
    """

    def _render_traceback_(self) -> list[str]:
        return [f"ParameterError: {self}"]
