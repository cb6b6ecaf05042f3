"""What a batch run records: the outcome of each notebook execution and of the whole suite."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["RunResult", "SuiteResult"]


@dataclass
class RunResult:
    """Outcome of one notebook execution."""

    name: str
    notebook: str
    parameters: dict[str, Any]
    status: str = "pending"  # ok | failed | timeout
    seconds: float = 0.0
    error: str | None = None
    ipynb: str | None = None
    html: str | None = None
    #: for a notebook not re-run by a subset run: when the run that produced it started, the hash
    #: of the data package it read and whether its report shows the code (the manifest's
    #: top-level values are those of the run that wrote the manifest)
    kept_from: str | None = None
    kept_data_sha256: str | None = None
    kept_with_code: bool | None = None
    #: how often the notebook was started again because its kernel died before running a cell
    retried: int = 0


@dataclass
class SuiteResult:
    """Outcome of a suite run: where it went, how every notebook did, whether it replaced a report."""

    folder: Path
    results: list[RunResult] = field(default_factory=list)
    had_previous: bool = False

    @property
    def ok(self) -> bool:
        return all(r.status == "ok" for r in self.results)
