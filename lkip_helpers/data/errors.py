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
    """

    path: Path
    message: str
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        where = [str(self.path)]
        if self.row is not None:
            where.append(f"row {self.row} (line {self.row + 1})")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        return ", ".join(where) + ": " + self.message


class DataValidationError(ValueError):
    """Raised when data files do not satisfy their schema; lists every issue found.

    ``str(error)`` starts with the first issue (file, row, column, message) and counts the rest;
    ``error.issues`` holds all of them.
    """

    def __init__(self, issues: list[DataIssue]) -> None:
        if not issues:
            raise ValueError("DataValidationError needs at least one issue")
        self.issues = list(issues)
        first = str(self.issues[0])
        more = len(self.issues) - 1
        if more:
            shown = "\n  ".join(str(i) for i in self.issues[1:10])
            first += f"\n({more} more issue{'s' if more > 1 else ''}:\n  {shown}" + (
                "\n  ...)" if more > 9 else ")"
            )
        super().__init__(first)


class ParameterError(ValueError):
    """Raised when a notebook or command parameter is invalid; the message lists valid choices.

    In a notebook, IPython shows only the one-line message (no traceback).
    """

    def _render_traceback_(self) -> list[str]:
        return [f"ParameterError: {self}"]
