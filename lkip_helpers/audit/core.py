"""Core of the audit: a finding, the rounding rules and the collector the check families fill.

Rounding rules (applied by :func:`classify`):

* the **resolution** of a printed figure is one unit of its last printed digit, read from its
  printed text (``87,14`` → 0.01, ``93.7`` → 0.1, ``2.290`` → 1, ``2,9 T`` → 0.1 × 10¹²);
* **match**: the recomputed value, rounded half up to that resolution, equals the printed figure;
* **rounding difference**: not a match, but the gap |printed − recomputed| is within the check's
  tolerance (by default one unit of the printed resolution: a figure truncated instead of rounded,
  or computed from unrounded inputs); a sum of *n* printed components gets *n* × half a unit of
  the components' resolution more;
* **discrepancy**: anything beyond the tolerance, and every mismatch of a label (a predicate, a
  direction word, a count of items).

``materiality`` orders findings (:func:`materiality`): the relative gap in percent of the
recomputed value, |gap| / |recomputed| × 100, capped at :data:`MATERIALITY_CAP` (1000 %, a figure
ten times too large or more); a figure printed where the recomputed value is 0 gets the cap (the
relative gap is unbounded). A label mismatch counts 100 per band or grade step apart (100 when the
steps cannot be counted) and has no numeric ``gap``.

``affects_status`` says whether the gap matters for an outcome: ``True`` when the printed and the
recomputed value lead to a different status of an indicator (tercapai / tidak tercapai), AKIP
predikat, mutu pelayanan or environment category (see :mod:`.outcomes`), ``False`` when they lead
to the same one, empty where no such outcome depends on the figure (sums of rupiah, counts, ...).
A predicate or category label that differs from its score's always affects the outcome.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from lkip_helpers.data.i18n import Message
from lkip_helpers.data.numbers import printed_resolution
from .texts import compose, plain_text

__all__ = [
    "FINDING_COLUMNS",
    "MATERIALITY_CAP",
    "STATUSES",
    "Collector",
    "Finding",
    "classify",
    "in_column",
    "materiality",
    "measure_pairs",
    "printed_resolution",
    "round_to",
    "slug",
]

#: The three statuses of a finding, from the most to the least serious.
STATUSES: tuple[str, ...] = ("discrepancy", "rounding difference", "unreadable in the source", "match")

#: Upper bound of the numeric materiality (relative gap in %), also used when the recomputed value
#: is 0: a figure ten or more times too large is as material as the audit can say.
MATERIALITY_CAP: float = 1000.0

#: A rule: a text of :mod:`lkip_helpers.audit.texts` (a plain string is data: one language).
RuleText = dict | str

#: An outcome function: the status / predikat / category a value leads to (``None``: undefined).
Outcome = Callable[[float], Hashable | None]

def slug(text: object) -> str:
    """A lowercase ASCII slug of ``text`` (``"Tabel 3.21"`` → ``tabel-3-21``)."""
    s = re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-")
    return s or "x"


def in_column(where: str, column: str) -> Message:
    """``where`` a refusal points (a row of a declared check, a catalog :class:`Message`) and the
    ``column`` of that row: ``check_relations.csv row 2 (x), column 'inputs'`` (``kolom`` in Bahasa
    Indonesia)."""
    return Message("{where}, column {column!r}", where=where, column=column)


def round_to(value: float, resolution: float) -> float:
    """Round ``value`` half up (away from zero) to a multiple of ``resolution``."""
    q = Decimal(repr(float(resolution)))
    # 15 significant digits first: 3.663 × 25 is 91.57499999999999 in binary floating point
    n = (Decimal(f"{float(value):.15g}") / q).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return float(n * q)


def materiality(printed: float, recomputed: float) -> float:
    """Relative gap |printed − recomputed| / |recomputed| × 100, capped at :data:`MATERIALITY_CAP`;
    the cap when the recomputed value is 0 and the printed one is not (0 when both are 0).

    >>> materiality(110.0, 100.0), materiality(5.0, 0.0), materiality(0.0, 0.0)
    (10.0, 1000.0, 0.0)
    """
    gap = abs(printed - recomputed)
    if gap == 0:
        return 0.0
    if recomputed == 0:
        return MATERIALITY_CAP
    return min(gap / abs(recomputed) * 100.0, MATERIALITY_CAP)


def classify(printed: float, recomputed: float, resolution: float, tolerance: float | None = None) -> str:
    """Status of a printed figure against its recomputed value (rules in the module docstring).

    ``tolerance`` defaults to one unit of ``resolution``.
    """
    tol = resolution if tolerance is None else tolerance
    if math.isclose(round_to(recomputed, resolution), printed, rel_tol=0, abs_tol=resolution * 1e-6):
        return "match"
    if abs(printed - recomputed) <= tol * (1 + 1e-9):
        return "rounding difference"
    return "discrepancy"


@dataclass
class Finding:
    """One recomputed figure.

    Attributes:
        key: stable slug naming the figure (``family:document_id:subject:qualifier``).
        family: the check family (``capaian``, ``sum``, ...).
        check: the check within the family, in English (composed from ``check_message`` and
            ``check_params``).
        document_id, source_ref, row: where the printed figure is.
        printed_text: the figure as printed; ``printed`` its value (``None`` for a label).
        recomputed: the recomputed value; ``recomputed_text`` the recomputed label, or the value
            in words with its formula.
        gap: printed − recomputed (numeric checks; empty for a label).
        tolerance: the tolerance of the check (in the unit of the figure).
        status: ``match``, ``rounding difference`` or ``discrepancy``.
        materiality: see the module docstring.
        affects_status: whether the printed and the recomputed value lead to a different status,
            predikat, mutu or category (``None``: no such outcome depends on the figure).
        rule: the formula or rule applied, in English (:func:`~lkip_helpers.audit.texts.compose`
            of ``rule_message`` and ``rule_params``).
        rule_message, rule_params: the rule as a catalog message (or a formula without words) and
            its JSON-serialisable parameters (:mod:`lkip_helpers.audit.texts`), which a display
            composes in the reader's language.
        recomputed_message, recomputed_params: the same for ``recomputed_text`` where it is a
            text (a label with words); empty where it is a number.
        row_message, row_params: the same for ``row`` (mostly data: labels and ids as printed; a
            message where the check adds words, such as "line {line} {name}").
        check_message, check_params: the same for ``check`` (a catalog message; a description of
            ``data/checks.csv`` stays data).
    """

    key: str
    family: str
    check: str
    document_id: str
    source_ref: str
    row: str
    printed_text: str
    printed: float | None
    recomputed: float | None
    recomputed_text: str
    gap: float | None
    tolerance: float | None
    status: str
    materiality: float
    affects_status: bool | None
    rule: str
    rule_message: str = ""
    rule_params: dict = field(default_factory=dict)
    recomputed_message: str = ""
    recomputed_params: dict = field(default_factory=dict)
    row_message: str = ""
    row_params: dict = field(default_factory=dict)
    check_message: str = ""
    check_params: dict = field(default_factory=dict)


FINDING_COLUMNS: list[str] = list(Finding.__dataclass_fields__)


@dataclass
class Collector:
    """Collects findings of one audit run; check functions call :meth:`number` and :meth:`label`."""

    findings: list[Finding] = field(default_factory=list)

    def number(
        self,
        *,
        key: str,
        family: str,
        check: RuleText,
        document_id: str,
        source_ref: str,
        row: RuleText,
        printed_text: object,
        printed: float | None,
        recomputed: float | None,
        rule: RuleText,
        tolerance: float | None = None,
        extra_tolerance: float = 0.0,
        resolution: float | None = None,
        outcome: Outcome | None = None,
        unit: str | None = None,
    ) -> Finding | None:
        """Record a numeric finding; skipped (``None``) when either value is missing.

        The tolerance is ``tolerance`` if given, else one printed unit, plus ``extra_tolerance``
        (e.g. half a unit per summed component). ``outcome`` maps a value to the status /
        predikat / category it leads to; ``affects_status`` compares the printed and the
        recomputed value's outcomes (``None`` without ``outcome`` or when either is undefined).
        ``unit`` is appended to the recomputed text when the unit of the comparison needs saying
        (e.g. "points (absolute change)").
        """
        if printed is None or recomputed is None or pd.isna(printed) or pd.isna(recomputed):
            return None
        printed, recomputed = float(printed), float(recomputed)
        res = resolution or printed_resolution(printed_text, printed) or 1.0
        tol = (res if tolerance is None else tolerance) + extra_tolerance
        status = classify(printed, recomputed, res, tol)
        gap = printed - recomputed
        affects = _affects(outcome, printed, recomputed)
        f = Finding(
            key=key,
            family=family,
            **_text_fields(check, "check"),
            document_id=document_id,
            source_ref=source_ref,
            **_text_fields(row, "row"),
            printed_text=str(printed_text),
            printed=printed,
            recomputed=recomputed,
            recomputed_text=_fmt(recomputed, res) + (f" {unit}" if unit else ""),
            gap=gap,
            tolerance=tol,
            status=status,
            materiality=0.0 if status == "match" else materiality(printed, recomputed),
            affects_status=False if status == "match" and affects is not None else affects,
            **_rule_fields(rule),
        )
        self.findings.append(f)
        return f

    def label(
        self,
        *,
        key: str,
        family: str,
        check: RuleText,
        document_id: str,
        source_ref: str,
        row: RuleText,
        printed_text: object,
        printed_label: str,
        recomputed_label: RuleText,
        rule: RuleText,
        steps: int | None = None,
        printed: float | None = None,
        recomputed: float | None = None,
        decides_outcome: bool = False,
    ) -> Finding:
        """Record a label finding (predicate, direction word): match when the labels are equal
        ignoring case and spaces; materiality 100 × ``steps`` (100 when unknown); no ``gap``.

        ``printed``/``recomputed`` are the numbers behind the labels, in the same unit (a score,
        a size of change). ``decides_outcome``: the label is itself an outcome (a predikat, a
        mutu, a category), so a mismatch affects the status; otherwise ``affects_status`` is
        empty."""
        label = _text_fields(recomputed_label, "recomputed")
        same = _norm(printed_label) == _norm(label["recomputed"])
        f = Finding(
            key=key,
            family=family,
            **_text_fields(check, "check"),
            document_id=document_id,
            source_ref=source_ref,
            **_text_fields(row, "row"),
            printed_text=str(printed_text),
            printed=printed,
            recomputed=recomputed,
            recomputed_text=label.pop("recomputed"),
            **label,
            gap=None,
            tolerance=None,
            status="match" if same else "discrepancy",
            materiality=0.0 if same else 100.0 * (abs(steps) if steps else 1),
            affects_status=(not same) if decides_outcome else None,
            **_rule_fields(rule),
        )
        self.findings.append(f)
        return f

    def frame(self) -> pd.DataFrame:
        """The findings as a DataFrame, most material first (status, then materiality, then key)."""
        return findings_frame(self.findings)


def findings_frame(findings: Iterable[Finding]) -> pd.DataFrame:
    """Findings as a DataFrame sorted most material first; duplicate keys are an error."""
    return order_findings(pd.DataFrame([asdict(f) for f in findings], columns=FINDING_COLUMNS))


def order_findings(df: pd.DataFrame) -> pd.DataFrame:
    """A frame of findings (columns :data:`FINDING_COLUMNS`) sorted most material first, with
    numeric and boolean column types; duplicate keys are an error."""
    df = df[FINDING_COLUMNS].copy()
    dup = df["key"][df["key"].duplicated()]
    if not dup.empty:
        raise ValueError(f"audit keys must be unique; repeated: {sorted(set(dup))[:5]}")
    order = {s: i for i, s in enumerate(STATUSES)}
    df["_o"] = df["status"].map(order)
    df = df.sort_values(["_o", "materiality", "key"], ascending=[True, False, True]).drop(columns="_o")
    for c in ("printed", "recomputed", "gap", "tolerance", "materiality"):
        df[c] = pd.to_numeric(df[c], errors="coerce").astype(float)
    df["affects_status"] = df["affects_status"].astype("boolean")
    return df.reset_index(drop=True)


def _rule_fields(rule: RuleText) -> dict:
    """The ``rule``, ``rule_message`` and ``rule_params`` of a finding with ``rule``."""
    return _text_fields(rule, "rule")


def _text_fields(text: RuleText, name: str) -> dict:
    """``{name}`` (the English text), ``{name}_message`` and ``{name}_params`` of ``text`` (a
    plain string is data: :func:`~lkip_helpers.audit.texts.plain_text`); the parameters as JSON
    values (numpy numbers become Python numbers)."""
    t = text if isinstance(text, dict) else plain_text(text)
    params = json.loads(json.dumps(t["params"], default=_json_value))
    return {name: compose(t), f"{name}_message": str(t["message"]), f"{name}_params": params}


def _json_value(value: object) -> object:
    """A numpy scalar (or another value with ``item``) as a Python value; anything else as text."""
    return value.item() if hasattr(value, "item") else str(value)


def _affects(outcome: Outcome | None, printed: float, recomputed: float) -> bool | None:
    """Whether ``printed`` and ``recomputed`` lead to different outcomes (``None``: unknown)."""
    if outcome is None:
        return None
    try:
        a, b = outcome(printed), outcome(recomputed)
    except ValueError:  # a value outside the outcome's scale (an IKM below 25, ...)
        return None
    if a is None or b is None:
        return None
    return bool(a != b)


def _norm(s: object) -> str:
    return re.sub(r"\s+", "", str(s)).upper()


def _fmt(value: float, resolution: float) -> str:
    decimals = max(0, -int(math.floor(math.log10(resolution) + 1e-9))) if resolution < 1 else 0
    return f"{value:,.{decimals + 2}f}" if decimals else f"{value:,.2f}"


#: the key of one row of ``ikm_unsur`` apart from its measure
IKM_UNSUR_KEYS = ["entity_id", "service", "year", "period", "unsur"]


def measure_pairs(
    rows: pd.DataFrame, measure: str, other: str, keys: list[str] = IKM_UNSUR_KEYS
) -> Iterator[tuple[pd.Series, pd.Series]]:
    """``(row, other_row)`` for every row of ``rows`` with ``measure`` that has a row with
    ``other`` under the same ``keys`` (e.g. each IKM per unsur with its NRR)."""
    others = rows[rows["measure"] == other].set_index(keys)
    for _, row in rows[rows["measure"] == measure].iterrows():
        key = tuple(row[keys])
        if key in others.index:
            yield row, others.loc[key]
