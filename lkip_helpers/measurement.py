"""The SAKIP measurement engine: capaian, status, predicates, IKM and budget efficiency.

Everything here is a pure function of numbers or printed strings, plus a few pandas-vectorised
helpers that apply the same rules to whole DataFrames. Official Indonesian terms are kept:

* **target** / **realisasi** (actual value) / **capaian** (achievement, in percent);
* **tercapai** (reached), **tidak tercapai** (not reached), **belum ada nilai** (no value yet);
* **predikat** AKIP (``AA`` … ``D``), **IKM** (Indeks Kepuasan Masyarakat) and **NRR** (nilai
  rata-rata per unsur), **mutu pelayanan** (service quality ``A`` … ``D``);
* **pagu** (budget ceiling), **serapan** (absorption), **tingkat efisiensi** (efficiency rate).

General rules applied throughout:

* a missing value (``None``, NaN, a missing marker such as ``N/A`` or ``-``) is never read as 0:
  it propagates as ``None`` ("belum ada nilai");
* a zero denominator never produces ``inf``: the result is ``None`` and the reason is given in the
  ``note`` of a :class:`CapaianResult`;
* comparisons against printed thresholds (status ≥ 100, AKIP and IKM bands) are made on the value
  rounded **half up** to 2 decimals (:func:`round_half_up`), i.e. on the figure a reader of the
  report sees; raw values are returned unrounded.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal, cast

import numpy as np
import pandas as pd

from lkip_helpers.numbers import NumberParseError, ParsedCell, parse_cell

__all__ = [
    "AKIP_BANDS",
    "AKIP_COMPONENT_WEIGHTS",
    "AKIP_GRADES",
    "CAPAIAN_METHODS",
    "COMPOSITE_RULES",
    "DEFAULT_CAP",
    "DEFAULT_EFFICIENCY_RULE",
    "EFFICIENCY_RULES",
    "IKM_BANDS",
    "OPINI_RANK",
    "STATUSES",
    "BudgetComparison",
    "CapaianMethod",
    "CapaianResult",
    "NextGrade",
    "YoyChange",
    "add_budget_measures",
    "add_capaian",
    "add_yoy",
    "akip_component_problems",
    "akip_grade",
    "akip_total",
    "akip_totals",
    "capaian",
    "capaian_detail",
    "capaian_from_text",
    "capaian_per_serapan",
    "capaian_series",
    "capaian_yoy",
    "compare_budget_years",
    "compare_grades",
    "composite_capaian",
    "efficiency_judgement",
    "efficiency_series",
    "grade_at_least",
    "grade_rank",
    "ikm_from_nrr",
    "ikm_table",
    "ikm_weighted",
    "mutu_pelayanan",
    "opini_achieved",
    "parse_composite",
    "points_to_next_grade",
    "register_capaian_method",
    "round_half_up",
    "serapan",
    "status",
    "status_rollup",
    "status_series",
    "tingkat_efisiensi",
    "yoy_change",
]

Polarity = Literal["higher_is_better", "lower_is_better", "categorical", "neutral"]
Status = Literal["tercapai", "tidak tercapai", "belum ada nilai"]
Direction = Literal["improved", "worsened", "unchanged"]
Efficiency = Literal["efisien", "kurang efisien", "tidak efisien"]

#: The three statuses, in report order.
STATUSES: tuple[Status, ...] = ("tercapai", "tidak tercapai", "belum ada nilai")
_POLARITIES: frozenset[str] = frozenset({"higher_is_better", "lower_is_better", "categorical", "neutral"})
_NUMERIC_POLARITIES: frozenset[str] = frozenset({"higher_is_better", "lower_is_better"})

#: Default upper cap (percent) of the ``"capped"`` capaian method.
DEFAULT_CAP: float = 150.0


# --------------------------------------------------------------------------------------------------
# small helpers
# --------------------------------------------------------------------------------------------------


def round_half_up(value: float | None, ndigits: int = 2) -> float | None:
    """Round like the reports (and spreadsheet ``ROUND``): half away from zero, on the decimal repr.

    ``round_half_up(88.305) == 88.31`` and ``round_half_up(2.675) == 2.68`` (Python's ``round``
    gives 88.3 and 2.67 because of binary floating point and banker's rounding). The value is
    rounded from its shortest decimal representation (``repr``). ``None``/NaN give ``None``;
    ``±inf`` raises ``ValueError``.
    """
    if value is None:
        return None
    v = float(value)
    if math.isnan(v):
        return None
    if math.isinf(v):
        raise ValueError("cannot round an infinite value")
    q = Decimal(1).scaleb(-ndigits)
    return float(Decimal(repr(v)).quantize(q, rounding=ROUND_HALF_UP))


def _round_series(values: pd.Series, ndigits: int = 2) -> pd.Series:
    """:func:`round_half_up` applied element-wise (NaN stays NaN)."""
    return values.map(lambda v: np.nan if pd.isna(v) else round_half_up(float(v), ndigits)).astype(
        float
    )


def _num(value: float | int | None) -> float | None:
    """A finite float, or ``None`` for ``None``/NaN. ``±inf`` raises ``ValueError``."""
    if value is None:
        return None
    v = float(value)
    if math.isnan(v):
        return None
    if math.isinf(v):
        raise ValueError("infinite value")
    return v


def _check_polarity(polarity: str) -> str:
    if polarity not in _POLARITIES:
        raise ValueError(f"unknown polarity {polarity!r} (one of: {', '.join(sorted(_POLARITIES))})")
    return polarity


# --------------------------------------------------------------------------------------------------
# 1. capaian
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CapaianResult:
    """The capaian of one indicator row.

    Attributes:
        value: capaian in percent (unrounded), or ``None`` when it cannot be computed.
        achieved: ``True``/``False`` when reaching the target can be judged, else ``None``.
        rule: the name of the rule applied (a capaian method, ``"opini_bpk"``,
            ``"akip_predicate"``, ``"composite:<rule>"``, ``"text_equal"`` or ``"missing"``).
        note: why the value is ``None``, or a caveat (negative values, disagreeing label, ...).
        components: for composite targets, the per-level capaian in percent (``{"TP": 383.33…}``).
    """

    value: float | None
    achieved: bool | None
    rule: str
    note: str | None = None
    components: Mapping[str, float | None] | None = field(default=None)

    @property
    def status(self) -> Status:
        """The :func:`status` of this result."""
        return status(self.value, self.achieved)


#: A capaian formula: ``(target, realisasi, polarity) -> (value or None, note or None)``. Called
#: only with finite numbers and a numeric polarity (``higher_is_better``/``lower_is_better``).
CapaianFormula = Callable[[float, float, str], tuple[float | None, str | None]]


@dataclass(frozen=True)
class CapaianMethod:
    """A named capaian formula an analyst can choose.

    Attributes:
        name: the registry key.
        description: the formula in words, shown in notebooks.
        formula: see :data:`CapaianFormula`.
        capped: clip the result to ``[floor, cap]`` after the formula (the ``"capped"`` method).
    """

    name: str
    description: str
    formula: CapaianFormula
    capped: bool = False


def _sign_note(target: float, realisasi: float) -> str | None:
    if target < 0 or realisasi < 0:
        return (
            "negative target or realisasi: the ratio is computed as printed by the reports, "
            "but its sign and size are not a meaningful degree of achievement"
        )
    return None


def _report_formula(target: float, realisasi: float, polarity: str) -> tuple[float | None, str | None]:
    """Report rule: higher R/T×100, lower T/R×100."""
    if polarity == "higher_is_better":
        if target == 0:
            return None, "target is 0: realisasi/target is undefined"
        return realisasi / target * 100.0, _sign_note(target, realisasi)
    if realisasi == 0:
        return None, "realisasi is 0: target/realisasi (lower is better) is undefined"
    return target / realisasi * 100.0, _sign_note(target, realisasi)


def _reverse_difference_formula(
    target: float, realisasi: float, polarity: str
) -> tuple[float | None, str | None]:
    """Lower is better: (2T−R)/T×100; higher is better: R/T×100 (same as the report rule)."""
    if target == 0:
        return None, "target is 0: the formula divides by the target"
    if polarity == "higher_is_better":
        return realisasi / target * 100.0, _sign_note(target, realisasi)
    return (2.0 * target - realisasi) / target * 100.0, _sign_note(target, realisasi)


#: Registry of capaian methods, by name. Extend with :func:`register_capaian_method`.
CAPAIAN_METHODS: dict[str, CapaianMethod] = {
    "report": CapaianMethod(
        "report",
        "as the reports compute it: higher_is_better realisasi/target×100, "
        "lower_is_better target/realisasi×100",
        _report_formula,
    ),
    "reverse_difference": CapaianMethod(
        "reverse_difference",
        "lower_is_better (2×target − realisasi)/target×100 (linear, defined for realisasi 0); "
        "higher_is_better realisasi/target×100",
        _reverse_difference_formula,
    ),
    "capped": CapaianMethod(
        "capped",
        "the report rule clipped to [floor, cap] (default [0, 150]) so that one extreme ratio "
        "does not dominate an average",
        _report_formula,
        capped=True,
    ),
}


def register_capaian_method(
    name: str, formula: CapaianFormula, description: str, *, capped: bool = False
) -> CapaianMethod:
    """Add (or replace) a named capaian method in :data:`CAPAIAN_METHODS` and return it.

    ``formula(target, realisasi, polarity)`` receives finite numbers and a numeric polarity and
    returns ``(value, note)``; return ``(None, reason)`` for an undefined value, never ``inf``.
    """
    if not name or not name.strip():
        raise ValueError("a capaian method needs a name")
    method = CapaianMethod(name, description, formula, capped)
    CAPAIAN_METHODS[name] = method
    return method


def _get_method(method: str) -> CapaianMethod:
    try:
        return CAPAIAN_METHODS[method]
    except KeyError:
        raise ValueError(
            f"unknown capaian method {method!r} (one of: {', '.join(sorted(CAPAIAN_METHODS))})"
        ) from None


def capaian_detail(
    target: float | None,
    realisasi: float | None,
    polarity: str,
    method: str = "report",
    *,
    cap: float = DEFAULT_CAP,
    floor: float = 0.0,
) -> CapaianResult:
    """Capaian of numeric target and realisasi with the reason when it cannot be computed.

    Formulas (``method``, see :data:`CAPAIAN_METHODS`):

    * ``"report"`` (default): ``higher_is_better`` → realisasi / target × 100;
      ``lower_is_better`` → target / realisasi × 100. Negative values are computed as printed by
      the reports (investment growth target 4, realisasi −7.17 → −179.25) with a caveat note.
    * ``"reverse_difference"``: ``lower_is_better`` → (2T − R) / T × 100; ``higher_is_better`` as
      the report rule.
    * ``"capped"``: the report rule clipped to ``[floor, cap]`` (default ``[0, 150]``).

    Boundary rules: missing realisasi → ``value None``, note "belum ada nilai" (never 0); missing
    target → ``None``; a zero denominator → ``None`` with the reason (never ``inf``);
    ``categorical``/``neutral`` polarity → ``None`` (no numeric rule; use
    :func:`capaian_from_text`). ``achieved`` is ``capaian ≥ 100`` judged by :func:`status` (on the
    value rounded to 2 decimals); when the value is undefined because of a zero denominator,
    ``achieved`` falls back to the direct comparison (``R ≥ T`` higher, ``R ≤ T`` lower).

    Raises:
        ValueError: unknown polarity or method; an infinite input.
    """
    _check_polarity(polarity)
    m = _get_method(method)
    t, r = _num(target), _num(realisasi)
    if r is None:
        return CapaianResult(None, None, "missing", "belum ada nilai: realisasi is missing")
    if t is None:
        return CapaianResult(None, None, "missing", "target is missing")
    if polarity not in _NUMERIC_POLARITIES:
        return CapaianResult(
            None, None, m.name, f"polarity {polarity!r} has no numeric capaian rule"
        )
    value, note = m.formula(t, r, polarity)
    if value is not None and math.isinf(value):  # a registered formula misbehaving
        value, note = None, "the formula gave an infinite value"
    if value is not None and m.capped:
        clipped = min(max(value, floor), cap)
        if clipped != value:
            extra = f"clipped from {value:.2f} to {clipped:.2f}"
            note = f"{note}; {extra}" if note else extra
        value = clipped
    if value is not None:
        achieved: bool | None = status(value) == "tercapai"
    else:
        achieved = r >= t if polarity == "higher_is_better" else r <= t
    return CapaianResult(value, achieved, m.name, note)


def capaian(
    target: float | None,
    realisasi: float | None,
    polarity: str,
    method: str = "report",
    *,
    cap: float = DEFAULT_CAP,
    floor: float = 0.0,
) -> float | None:
    """Capaian (achievement, %) of a numeric target and realisasi; ``None`` when undefined.

    ``higher_is_better``: realisasi / target × 100; ``lower_is_better``: target / realisasi × 100
    (``method="report"``); see :func:`capaian_detail` for the other methods, the boundary rules and
    the reason a value is ``None`` (missing realisasi, zero denominator, non-numeric polarity).

    >>> round(capaian(4.0, -7.17, "higher_is_better"), 2)
    -179.25
    >>> round(capaian(4.01, 4.10, "lower_is_better"), 2)
    97.8
    """
    return capaian_detail(target, realisasi, polarity, method, cap=cap, floor=floor).value


# ---- categorical targets ---------------------------------------------------------------------------

#: Ranking of BPK audit opinions (higher is better). ``TW`` (tidak wajar, adverse) and ``TMP``
#: (tidak menyatakan pendapat, disclaimer; also written ``TMP``/``TDP``) share the lowest rank.
OPINI_RANK: dict[str, int] = {"WTP": 3, "WDP": 2, "TW": 1, "TMP": 1, "TDP": 1}
_OPINI_WORDS: dict[str, str] = {
    "WAJARTANPAPENGECUALIAN": "WTP",
    "WAJARDENGANPENGECUALIAN": "WDP",
    "TIDAKWAJAR": "TW",
    "TIDAKMENYATAKANPENDAPAT": "TMP",
    "TIDAKMEMBERIKANPENDAPAT": "TMP",
}


def _opini_code(text: object) -> str | None:
    if text is None:
        return None
    letters = re.sub(r"[^A-Z]", "", str(text).upper())
    if letters in OPINI_RANK:
        return letters
    return _OPINI_WORDS.get(letters)


def opini_achieved(target: object, realisasi: object) -> bool | None:
    """Whether a BPK opinion target is reached: the realisasi opinion ranks at least the target.

    Ranking :data:`OPINI_RANK`: WTP > WDP > TW = TMP. ``"WTP"`` vs ``"WTP"`` → ``True``; vs
    ``"WDP"`` → ``False``; a missing realisasi (``"N/A"``, ``"-"``, ``None``) → ``None``. Spelled-out
    opinions (``"Wajar Tanpa Pengecualian"``) are accepted.

    Raises:
        ValueError: the target is not an opinion, or the realisasi is text that is not one.
    """
    t = _opini_code(target)
    if t is None:
        raise ValueError(f"target {target!r} is not a BPK opinion (WTP, WDP, TW, TMP)")
    if realisasi is None or parse_cell(realisasi).is_missing:
        return None
    r = _opini_code(realisasi)
    if r is None:
        raise ValueError(f"realisasi {realisasi!r} is not a BPK opinion (WTP, WDP, TW, TMP)")
    return OPINI_RANK[r] >= OPINI_RANK[t]


# ---- composite targets -----------------------------------------------------------------------------

_COMPOSITE_PART = re.compile(r"(\d+(?:[.,]\d+)?)\s*([A-Za-z]+)")
_COMPOSITE_FULL = re.compile(
    r"^\s*\d+(?:[.,]\d+)?\s*[A-Za-z]+(?:\s*(?:,|;|&|\+|\bdan\b)\s*\d+(?:[.,]\d+)?\s*[A-Za-z]+)*\s*$",
    re.IGNORECASE,
)


def parse_composite(text: str) -> dict[str, float]:
    """Parse a composite count such as ``"30 TP, 10 TN, 1 TI"`` or ``"115TP, 78TN, 3TI"``.

    Returns the count per level label, upper-cased, in printed order (``{"TP": 30, "TN": 10,
    "TI": 1}``; TP/TN/TI = tingkat provinsi/nasional/internasional). Parts are separated by ``,``,
    ``;``, ``&``, ``+`` or ``dan``; a decimal comma inside a count is accepted (``2,5 TP``).

    Raises:
        ValueError: the text is not a list of ``<count> <label>`` parts, or a label repeats.
    """
    if not _COMPOSITE_FULL.match(text or ""):
        raise ValueError(f"{text!r} is not a composite count such as '30 TP, 10 TN, 1 TI'")
    out: dict[str, float] = {}
    for count, label in _COMPOSITE_PART.findall(text):
        key = label.upper()
        if key == "DAN":
            continue
        if key in out:
            raise ValueError(f"level {key!r} appears twice in {text!r}")
        out[key] = float(count.replace(",", "."))
    return out


def _is_composite(text: str) -> bool:
    return bool(_COMPOSITE_FULL.match(text or ""))


#: Rules for the capaian of a composite target (name → description).
COMPOSITE_RULES: dict[str, str] = {
    "total_ratio": "Σ realised counts / Σ targeted counts × 100 (every realised level counts)",
    "mean_level_ratio": "mean over targeted levels (target > 0) of realised/targeted × 100",
    "min_level_ratio": "the smallest per-level realised/targeted × 100 (every level must be met)",
}


def composite_capaian(
    target_text: str, realisasi_text: str, rule: str = "total_ratio"
) -> CapaianResult:
    """Capaian of a composite count target, higher is better per level.

    Levels are parsed with :func:`parse_composite`; a level targeted but not realised counts 0.
    Rules (:data:`COMPOSITE_RULES`):

    * ``"total_ratio"`` (default): Σ R / Σ T × 100. For the city's IKU 21 (prestasi pemuda),
      target ``"30 TP, 10 TN, 1 TI"``, realisasi ``"115TP, 78TN, 3TI"``: 196 / 41 × 100 = 478.05.
    * ``"mean_level_ratio"``: mean of R/T per targeted level: (383.33 + 780 + 300) / 3 = 487.78.
    * ``"min_level_ratio"``: min of the per-level ratios: 300.00.

    The report prints **570.00** for that row. No simple rule reproduces it: besides the above,
    max level ratio 780, mean of TP+TN ratios 581.67, mean of TN+TI ratios 540.00, (TP+TN) totals
    193/40 = 482.50, level-weighted sums with small integer weights (e.g. 1/2/3 → 528.30) and the
    excess (Σ R − Σ T)/Σ T = 378.05 were all checked; none gives 570. It is a known discrepancy.

    ``achieved`` is ``value ≥ 100`` (as :func:`status`); ``components`` holds every level's ratio
    (``None`` for a level with target 0). Σ T = 0 or no targeted level → ``value None``.

    Raises:
        ValueError: unknown rule, or a text that is not a composite count.
    """
    if rule not in COMPOSITE_RULES:
        raise ValueError(f"unknown composite rule {rule!r} (one of: {', '.join(COMPOSITE_RULES)})")
    t = parse_composite(target_text)
    r = parse_composite(realisasi_text)
    levels = list(t) + [k for k in r if k not in t]
    ratios: dict[str, float | None] = {
        k: (r.get(k, 0.0) / t[k] * 100.0 if t.get(k) else None) for k in levels
    }
    notes: list[str] = []
    extra = [k for k in r if k not in t]
    if extra:
        notes.append(f"realised levels without a target: {', '.join(extra)}")
    unmet = [k for k in t if k not in r]
    if unmet:
        notes.append(f"targeted levels with no realisasi (counted as 0): {', '.join(unmet)}")
    value: float | None
    if rule == "total_ratio":
        total_t = sum(t.values())
        value = sum(r.values()) / total_t * 100.0 if total_t else None
    else:
        targeted = [v for k, v in ratios.items() if k in t and v is not None]
        if not targeted:
            value = None
        elif rule == "mean_level_ratio":
            value = sum(targeted) / len(targeted)
        else:
            value = min(targeted)
    if value is None:
        notes.insert(0, "no positive target count: the ratio is undefined")
    achieved = None if value is None else status(value) == "tercapai"
    return CapaianResult(
        value, achieved, f"composite:{rule}", "; ".join(notes) or None, components=ratios
    )


# ---- capaian from printed text ---------------------------------------------------------------------


def _read(text: object) -> ParsedCell:
    try:
        return parse_cell(text)
    except NumberParseError:
        return ParsedCell(text=str(text).strip(), number=None)


def _grade_of_text(text: str, scale: str = "akip") -> str | None:
    g = text.strip().upper()
    ranks = _GRADE_RANK if scale == "akip" else _MUTU_RANK
    return g if g in ranks else None


def _mutu_grade(ikm: float) -> str | None:
    m = mutu_pelayanan(ikm)
    return None if m is None else m[0]


def _mutu_at_least(grade: str, target: str) -> bool:
    return _MUTU_RANK[grade] >= _MUTU_RANK[target]


def capaian_from_text(
    target_text: object,
    realisasi_text: object,
    polarity: str,
    method: str = "report",
    *,
    composite_rule: str = "total_ratio",
    grade_scale: Literal["akip", "ikm"] = "akip",
    cap: float = DEFAULT_CAP,
    floor: float = 0.0,
) -> CapaianResult:
    """Capaian of one row from its printed target and realisasi cells.

    Cells are read with :func:`lkip_helpers.numbers.parse_cell` (``"87,14"``, ``"10,01%"``,
    ``"78.75 (BB)"`` → 78.75). Decision order:

    1. realisasi missing (``N/A``, ``-``, empty) → ``value None``, rule ``"missing"``,
       note "belum ada nilai"; target missing → ``None`` likewise;
    2. both numbers → :func:`capaian_detail` with ``method`` (a ``categorical``/``neutral``
       polarity gives ``None``); printed labels (``"(BB)"``) are ignored;
    3. both composite counts (``"30 TP, 10 TN, 1 TI"``) → :func:`composite_capaian` with
       ``composite_rule`` (whatever the polarity: each level is higher-is-better);
    4. target a BPK opinion (``WTP``) → :func:`opini_achieved`, rule ``"opini_bpk"``, value None;
    5. target a predicate (``BB``) → achieved when the realisasi grade (the printed predicate, or
       the grade of a printed score) is at least the target grade. ``grade_scale="akip"``
       (default): AKIP predicates and :func:`akip_grade`, rule ``"akip_predicate"``;
       ``grade_scale="ikm"``: mutu pelayanan A > B > C > D and :func:`mutu_pelayanan`, rule
       ``"ikm_predicate"``. A printed label on a score that disagrees with the score's grade is
       reported in ``note``;
    6. otherwise text vs text → achieved when equal ignoring case and spaces, rule ``"text_equal"``.

    Raises:
        ValueError: unknown polarity/method/rule; a number against a text target that none of the
            rules above can compare (e.g. ``"12"`` vs ``"WTP"`` is a ValueError from rule 4).
    """
    _check_polarity(polarity)
    t, r = _read(target_text), _read(realisasi_text)
    if r.is_missing:
        return CapaianResult(None, None, "missing", "belum ada nilai: realisasi is missing")
    if t.is_missing:
        return CapaianResult(None, None, "missing", "target is missing")
    if t.number is not None and r.number is not None:
        return capaian_detail(t.number, r.number, polarity, method, cap=cap, floor=floor)
    if _is_composite(t.text) and _is_composite(r.text):
        return composite_capaian(t.text, r.text, composite_rule)
    if _opini_code(t.text) is not None:
        return CapaianResult(None, opini_achieved(t.text, r.text), "opini_bpk")
    target_grade = _grade_of_text(t.text, grade_scale)
    if target_grade is not None:
        grade_of = akip_grade if grade_scale == "akip" else _mutu_grade
        at_least = grade_at_least if grade_scale == "akip" else _mutu_at_least
        note = None
        if r.number is not None:
            real_grade = grade_of(r.number)
            printed = _grade_of_text(r.label, grade_scale) if r.label else None
            if printed is not None and printed != real_grade:
                note = f"printed predicate {printed} disagrees with the score's grade {real_grade}"
        else:
            real_grade = _grade_of_text(r.text, grade_scale)
            if real_grade is None:
                raise ValueError(f"realisasi {r.text!r} is neither a score nor a {grade_scale} grade")
        assert real_grade is not None
        return CapaianResult(None, at_least(real_grade, target_grade), f"{grade_scale}_predicate", note)
    if t.number is None and r.number is None:
        same = re.sub(r"\s+", "", t.text).upper() == re.sub(r"\s+", "", r.text).upper()
        return CapaianResult(None, same, "text_equal", "text target compared for equality")
    raise ValueError(f"cannot compare target {t.text!r} with realisasi {r.text!r}")


# ---- vectorised capaian ----------------------------------------------------------------------------


def capaian_series(
    target: pd.Series,
    realisasi: pd.Series,
    polarity: str | pd.Series,
    method: str = "report",
    *,
    cap: float = DEFAULT_CAP,
    floor: float = 0.0,
) -> pd.Series:
    """Vectorised :func:`capaian` over aligned numeric Series; NaN where undefined.

    Same formulas and boundary rules as :func:`capaian_detail`: NaN realisasi/target, a zero
    denominator and a ``categorical``/``neutral`` polarity give NaN (never 0, never ``inf``).
    ``polarity`` is one string for all rows or a Series of strings. Methods registered with
    :func:`register_capaian_method` are applied row by row.
    """
    m = _get_method(method)
    t = pd.to_numeric(target, errors="coerce").astype(float)
    r = pd.to_numeric(realisasi, errors="coerce").astype(float).reindex(t.index)
    pol = (
        pd.Series(polarity, index=t.index)
        if isinstance(polarity, str)
        else polarity.reindex(t.index).astype(object)
    )
    bad = set(pol.dropna().unique()) - _POLARITIES
    if bad:
        raise ValueError(f"unknown polarity {sorted(bad)!r}")
    higher = (pol == "higher_is_better").to_numpy()
    lower = (pol == "lower_is_better").to_numpy()
    tv, rv = t.to_numpy(), r.to_numpy()
    if m.formula in (_report_formula, _reverse_difference_formula):
        with np.errstate(divide="ignore", invalid="ignore"):
            hi = np.where(tv != 0, rv / tv * 100.0, np.nan)
            if m.formula is _report_formula:
                lo = np.where(rv != 0, tv / rv * 100.0, np.nan)
            else:
                lo = np.where(tv != 0, (2.0 * tv - rv) / tv * 100.0, np.nan)
        out = np.where(higher, hi, np.where(lower, lo, np.nan))
    else:
        out = np.array(
            [
                capaian(a, b, str(p), method) if p in _NUMERIC_POLARITIES else np.nan
                for a, b, p in zip(tv, rv, pol)
            ],
            dtype=float,
        )
        out = np.where(pd.isna(out), np.nan, out)
    if m.capped:
        out = np.where(np.isnan(out), np.nan, np.clip(out, floor, cap))
    return pd.Series(out, index=t.index, dtype=float, name="capaian")


def add_capaian(
    df: pd.DataFrame,
    *,
    target: str = "target",
    realisasi: str = "realisasi",
    polarity: str = "polarity",
    method: str = "report",
    cap: float = DEFAULT_CAP,
    floor: float = 0.0,
) -> pd.DataFrame:
    """Return a copy of ``df`` with ``capaian`` (:func:`capaian_series`) and ``status`` columns.

    ``polarity`` names a column of ``df`` (or, if no such column exists, is used as one polarity
    for every row). ``status`` follows :func:`status_series` (capaian ≥ 100 at 2 decimals).
    """
    out = df.copy()
    pol: str | pd.Series = out[polarity] if polarity in out.columns else polarity
    out["capaian"] = capaian_series(out[target], out[realisasi], pol, method, cap=cap, floor=floor)
    out["status"] = status_series(out["capaian"])
    return out


# --------------------------------------------------------------------------------------------------
# 2. status, roll-ups, year-on-year change
# --------------------------------------------------------------------------------------------------


def status(
    capaian: float | None,
    achieved: bool | None = None,
    *,
    threshold: float = 100.0,
    ndigits: int | None = 2,
) -> Status:
    """Status of one indicator: ``"tercapai"``, ``"tidak tercapai"`` or ``"belum ada nilai"``.

    Rule: when ``achieved`` is given (categorical targets) it decides; otherwise a missing
    capaian (``None``/NaN) is ``"belum ada nilai"``; otherwise ``"tercapai"`` when
    capaian ≥ ``threshold`` (100), compared on the value rounded half up to ``ndigits`` (2)
    decimals as printed — 99.995 prints as 100.00 and is tercapai, 99.994 is not. Pass
    ``ndigits=None`` to compare the raw value.
    """
    if achieved is not None:
        return "tercapai" if achieved else "tidak tercapai"
    v = _num(capaian)
    if v is None:
        return "belum ada nilai"
    if ndigits is not None:
        v = cast(float, round_half_up(v, ndigits))
    return "tercapai" if v >= threshold else "tidak tercapai"


def status_series(
    capaian: pd.Series,
    achieved: pd.Series | None = None,
    *,
    threshold: float = 100.0,
    ndigits: int | None = 2,
) -> pd.Series:
    """Vectorised :func:`status` (same rule); ``achieved`` (True/False/NA) overrides per row."""
    c = pd.to_numeric(capaian, errors="coerce").astype(float)
    if ndigits is not None:
        c = _round_series(c, ndigits)
    out = pd.Series(
        np.where(c.isna(), "belum ada nilai", np.where(c >= threshold, "tercapai", "tidak tercapai")),
        index=c.index,
        dtype=object,
    )
    if achieved is not None:
        a = achieved.reindex(c.index)
        known = a.notna()
        out[known] = np.where(a[known].astype(bool), "tercapai", "tidak tercapai")
    return out.rename("status")


_LEVEL_KEYS: dict[str, list[str]] = {
    "sasaran": ["sasaran_id"],
    "misi": ["misi_no"],
    "entity": [],
}


def status_rollup(df: pd.DataFrame, level: str = "sasaran") -> pd.DataFrame:
    """Counts and shares of statuses per sasaran, per misi or per entity.

    Input columns: ``misi_no``, ``sasaran_id``, ``indicator_id``, ``status`` (one of
    :data:`STATUSES`; NaN/None counts as ``"belum ada nilai"``) and optionally ``entity_id`` (when
    present, every level is grouped within entity; without it ``level="entity"`` is one group).

    Rules: an indicator is counted once per group (distinct ``indicator_id``); an indicator with
    two different statuses in one group is an error. Shares are percent of **all** indicators of
    the group (including belum ada nilai), rounded half up to 2 decimals as reports print.

    Returns one row per group: the key columns, ``n_indicators``, ``n_tercapai``,
    ``n_tidak_tercapai``, ``n_belum_ada_nilai``, ``share_tercapai``, ``share_tidak_tercapai``,
    ``share_belum_ada_nilai`` and ``summary`` (``"11 of 26 reached, 42.31%"``).

    Raises:
        ValueError: unknown level, a missing column, an unknown status or a conflicting status.
    """
    if level not in _LEVEL_KEYS:
        raise ValueError(f"unknown level {level!r} (one of: {', '.join(_LEVEL_KEYS)})")
    keys = (["entity_id"] if "entity_id" in df.columns else []) + _LEVEL_KEYS[level]
    needed = set(keys) | {"indicator_id", "status"}
    missing = needed - set(df.columns)
    if missing:
        raise ValueError(f"status_rollup needs column(s) {', '.join(sorted(missing))}")
    work = df[keys + ["indicator_id", "status"]].copy()
    work["status"] = work["status"].where(work["status"].notna(), "belum ada nilai")
    unknown = set(work["status"].unique()) - set(STATUSES)
    if unknown:
        raise ValueError(f"unknown status value(s) {sorted(map(str, unknown))!r}")
    work = work.drop_duplicates()
    dup = work.duplicated(keys + ["indicator_id"], keep=False)
    if dup.any():
        ids = sorted(work.loc[dup, "indicator_id"].astype(str).unique())
        raise ValueError(f"indicator(s) with conflicting statuses in one group: {ids}")
    grouper = keys if keys else (lambda _: "all")
    counts = (
        work.groupby(grouper, dropna=False)["status"]
        .value_counts()
        .unstack(fill_value=0)
        .reindex(columns=list(STATUSES), fill_value=0)
    )
    counts.columns = ["n_tercapai", "n_tidak_tercapai", "n_belum_ada_nilai"]
    counts.insert(0, "n_indicators", counts.sum(axis=1))
    for col in ("tercapai", "tidak_tercapai", "belum_ada_nilai"):
        counts[f"share_{col}"] = _round_series(counts[f"n_{col}"] / counts["n_indicators"] * 100.0)
    counts["summary"] = [
        f"{a} of {n} reached, {s:.2f}%"
        for a, n, s in zip(counts["n_tercapai"], counts["n_indicators"], counts["share_tercapai"])
    ]
    out = counts.reset_index()
    if not keys:
        out = out.drop(columns=out.columns[0])
    for c in ["n_indicators", "n_tercapai", "n_tidak_tercapai", "n_belum_ada_nilai"]:
        out[c] = out[c].astype(int)
    return out


@dataclass(frozen=True)
class YoyChange:
    """Year-on-year change of one value.

    Attributes:
        previous, current: the two values (``None`` when missing).
        change: current − previous (absolute; percent points for a percentage).
        change_pct: change / |previous| × 100, ``None`` when previous is 0 or missing.
        direction: ``"improved"``, ``"worsened"``, ``"unchanged"`` or ``None`` (missing value, or
            a ``categorical``/``neutral`` polarity).
    """

    previous: float | None
    current: float | None
    change: float | None
    change_pct: float | None
    direction: Direction | None


def yoy_change(
    previous: float | None, current: float | None, polarity: str, *, ndigits: int | None = 2
) -> YoyChange:
    """Change of a realisasi (or capaian) from the previous year, judged by polarity.

    change = current − previous; change_pct = change / |previous| × 100 (``None`` when previous
    is 0). Direction: ``higher_is_better`` → improved when current > previous;
    ``lower_is_better`` → improved when current < previous; ``"unchanged"`` when the two are
    equal after rounding half up to ``ndigits`` (2) decimals (``ndigits=None``: exact);
    ``None`` when a value is missing or the polarity is ``categorical``/``neutral``.
    """
    _check_polarity(polarity)
    p, c = _num(previous), _num(current)
    if p is None or c is None:
        return YoyChange(p, c, None, None, None)
    change = c - p
    change_pct = change / abs(p) * 100.0 if p != 0 else None
    direction: Direction | None = None
    if polarity in _NUMERIC_POLARITIES:
        pc, cc = (round_half_up(p, ndigits), round_half_up(c, ndigits)) if ndigits is not None else (p, c)
        assert pc is not None and cc is not None
        if pc == cc:
            direction = "unchanged"
        elif (cc > pc) == (polarity == "higher_is_better"):
            direction = "improved"
        else:
            direction = "worsened"
    return YoyChange(p, c, change, change_pct, direction)


def capaian_yoy(previous: float | None, current: float | None) -> YoyChange:
    """Year-on-year change of capaian: always higher is better (see :func:`yoy_change`)."""
    return yoy_change(previous, current, "higher_is_better")


def add_yoy(
    df: pd.DataFrame,
    value: str = "value",
    *,
    keys: Sequence[str] = ("entity_id", "indicator_id"),
    year: str = "year",
    polarity: str = "polarity",
    ndigits: int | None = 2,
) -> pd.DataFrame:
    """Vectorised :func:`yoy_change`: add ``previous``, ``change``, ``change_pct``, ``direction``.

    The previous value of a row is the row with the same ``keys`` and ``year − 1`` (no gap
    filling: a missing previous year gives NaN and direction ``None``). ``polarity`` names a column,
    or if ``df`` has no such column it is one polarity for every row (use ``"higher_is_better"``
    for capaian). Rows must be unique per ``keys`` + ``year``.

    Raises:
        ValueError: duplicated keys/year, or an unknown polarity.
    """
    k = list(keys)
    if df.duplicated(k + [year]).any():
        raise ValueError(f"rows are not unique per {k + [year]}")
    out = df.copy()
    pol = out[polarity] if polarity in out.columns else pd.Series(polarity, index=out.index)
    bad = set(pol.dropna().unique()) - _POLARITIES
    if bad:
        raise ValueError(f"unknown polarity {sorted(bad)!r}")
    prev = df[k + [year, value]].copy()
    prev[year] = prev[year] + 1
    prev = prev.rename(columns={value: "previous"})
    merged = out[k + [year]].merge(prev, on=k + [year], how="left")
    out["previous"] = pd.to_numeric(merged["previous"], errors="coerce").astype(float).to_numpy()
    cur = pd.to_numeric(out[value], errors="coerce").astype(float)
    out["change"] = cur - out["previous"]
    out["change_pct"] = np.where(
        out["previous"].fillna(0) != 0, out["change"] / out["previous"].abs() * 100.0, np.nan
    )
    pc = _round_series(out["previous"], ndigits) if ndigits is not None else out["previous"]
    cc = _round_series(cur, ndigits) if ndigits is not None else cur
    higher = (pol == "higher_is_better").to_numpy()
    lower = (pol == "lower_is_better").to_numpy()
    known = (pc.notna() & cc.notna()).to_numpy() & (higher | lower)
    up, down = (cc > pc).to_numpy(), (cc < pc).to_numpy()
    out["direction"] = np.select(
        [~known, cc.to_numpy() == pc.to_numpy(), (up & higher) | (down & lower)],
        [None, "unchanged", "improved"],
        default="worsened",
    )
    out["direction"] = out["direction"].astype(object).where(known, None)
    return out


# --------------------------------------------------------------------------------------------------
# 3. predicates: AKIP grade, AKIP total, IKM and mutu pelayanan
# --------------------------------------------------------------------------------------------------

#: AKIP predicates from worst to best.
AKIP_GRADES: tuple[str, ...] = ("D", "C", "CC", "B", "BB", "A", "AA")
_GRADE_RANK: dict[str, int] = {g: i for i, g in enumerate(AKIP_GRADES)}

#: PermenPANRB 88/2021 bands: (grade, lower bound exclusive, upper bound inclusive); D includes 0.
AKIP_BANDS: tuple[tuple[str, float, float], ...] = (
    ("AA", 90.0, 100.0),
    ("A", 80.0, 90.0),
    ("BB", 70.0, 80.0),
    ("B", 60.0, 70.0),
    ("CC", 50.0, 60.0),
    ("C", 30.0, 50.0),
    ("D", 0.0, 30.0),
)


def akip_grade(score: float | None, *, ndigits: int | None = 2) -> str | None:
    """AKIP predicate of a score (0–100) with the bands of PermenPANRB 88/2021.

    AA >90–100, A >80–90, BB >70–80, B >60–70, CC >50–60, C >30–50, D 0–30.
    Boundary rule: a score exactly on a boundary belongs to the **lower** band (80.00 → BB,
    80.01 → A; 30.00 → D; 0 → D; 100 → AA). The score is first rounded half up to ``ndigits`` (2)
    decimals, as printed (80.004 → 80.00 → BB); ``ndigits=None`` uses the raw value.
    ``None``/NaN → ``None``.

    Raises:
        ValueError: a score below 0 or above 100.
    """
    v = _num(score)
    if v is None:
        return None
    if ndigits is not None:
        v = cast(float, round_half_up(v, ndigits))
    if v < 0 or v > 100:
        raise ValueError(f"AKIP score {score!r} is outside 0–100")
    for grade, low, _high in AKIP_BANDS:
        if v > low:
            return grade
    return "D"


def grade_rank(grade: str) -> int:
    """Rank of an AKIP predicate, 0 (``D``) … 6 (``AA``); case and surrounding spaces ignored.

    Raises:
        ValueError: not one of :data:`AKIP_GRADES`.
    """
    g = str(grade).strip().upper()
    if g not in _GRADE_RANK:
        raise ValueError(f"unknown AKIP predicate {grade!r} (one of: {', '.join(AKIP_GRADES)})")
    return _GRADE_RANK[g]


def compare_grades(a: str, b: str) -> int:
    """``-1`` if grade ``a`` is worse than ``b``, ``0`` if equal, ``1`` if better (``BB`` > ``B``)."""
    ra, rb = grade_rank(a), grade_rank(b)
    return (ra > rb) - (ra < rb)


def grade_at_least(grade: str, target: str) -> bool:
    """True when predicate ``grade`` is the same as or better than ``target`` (``A`` ≥ ``BB``)."""
    return compare_grades(grade, target) >= 0


@dataclass(frozen=True)
class NextGrade:
    """What it takes to reach the next AKIP predicate.

    Attributes:
        current: the grade of the score.
        next: the next better grade.
        min_score: the lowest printed score (2 decimals) in the next band (its boundary + 0.01).
        points: ``min_score − score`` (rounded to 2 decimals).
    """

    current: str
    next: str
    min_score: float
    points: float


def points_to_next_grade(score: float, *, step: float = 0.01) -> NextGrade | None:
    """Points needed to move a score into the next better AKIP band; ``None`` at ``AA``.

    Because a boundary score belongs to the lower band, the next band starts at its lower
    boundary + ``step`` (0.01, the printed resolution): 67.10 (B) needs 70.01 − 67.10 = 2.91 to
    reach BB; 80.00 (BB) needs 0.01 to reach A.

    Raises:
        ValueError: a missing score or one outside 0–100.
    """
    grade = akip_grade(score)
    if grade is None:
        raise ValueError("points_to_next_grade needs a score")
    if grade == "AA":
        return None
    nxt = AKIP_GRADES[_GRADE_RANK[grade] + 1]
    low = next(lo for g, lo, _hi in AKIP_BANDS if g == nxt)
    min_score = cast(float, round_half_up(low + step, 2))
    points = cast(float, round_half_up(min_score - float(score), 2))
    return NextGrade(grade, nxt, min_score, points)


#: AKIP component weights (bobot) by component id (as in ``akip_components.component``).
AKIP_COMPONENT_WEIGHTS: dict[str, float] = {
    "perencanaan_kinerja": 30.0,
    "pengukuran_kinerja": 30.0,
    "pelaporan_kinerja": 15.0,
    "evaluasi_internal": 25.0,
}
_COMPONENT_ALIASES: dict[str, str] = {
    "perencanaan": "perencanaan_kinerja",
    "pengukuran": "pengukuran_kinerja",
    "pelaporan": "pelaporan_kinerja",
    "evaluasi": "evaluasi_internal",
    "evaluasi_akuntabilitas_kinerja_internal": "evaluasi_internal",
}


def _component_id(name: str) -> str:
    key = re.sub(r"[^a-z]+", "_", str(name).strip().lower()).strip("_")
    key = _COMPONENT_ALIASES.get(key, key)
    if key not in AKIP_COMPONENT_WEIGHTS:
        raise ValueError(
            f"unknown AKIP component {name!r} (one of: {', '.join(AKIP_COMPONENT_WEIGHTS)})"
        )
    return key


def akip_component_problems(components: Mapping[str, float | None]) -> list[str]:
    """Problems with a set of AKIP component scores (empty list when fine).

    Checks: every one of the four components is present and not missing, each value is
    0 ≤ value ≤ its weight (perencanaan 30, pengukuran 30, pelaporan 15, evaluasi internal 25),
    and no component is given twice (aliases such as ``"perencanaan"`` are accepted).
    """
    problems: list[str] = []
    seen: dict[str, float | None] = {}
    for name, value in components.items():
        try:
            cid = _component_id(name)
        except ValueError as exc:
            problems.append(str(exc))
            continue
        if cid in seen:
            problems.append(f"component {cid} given twice")
        seen[cid] = _num(value)
    for cid, weight in AKIP_COMPONENT_WEIGHTS.items():
        if cid not in seen or seen[cid] is None:
            problems.append(f"component {cid} is missing")
            continue
        v = cast(float, seen[cid])
        if v < 0:
            problems.append(f"component {cid} = {v} is negative")
        elif v > weight:
            problems.append(f"component {cid} = {v} exceeds its weight {weight:g}")
    return problems


def akip_total(components: Mapping[str, float | None], *, check: bool = True) -> float:
    """AKIP total score: the sum of the four component scores (each already out of its weight).

    total = perencanaan (≤30) + pengukuran (≤30) + pelaporan (≤15) + evaluasi internal (≤25).
    City 2023: 22.16 + 20.47 + 8.90 + 15.57 = 67.10 (B).

    Raises:
        ValueError: with ``check=True``, any problem of :func:`akip_component_problems`; with
            ``check=False`` only a missing or unknown component.
    """
    problems = akip_component_problems(components)
    if check and problems:
        raise ValueError("; ".join(problems))
    values = {_component_id(k): _num(v) for k, v in components.items()}
    if set(values) != set(AKIP_COMPONENT_WEIGHTS) or any(v is None for v in values.values()):
        raise ValueError("; ".join(p for p in problems if "missing" in p or "unknown" in p))
    return float(sum(cast(float, v) for v in values.values()))


def akip_totals(df: pd.DataFrame, *, keys: Sequence[str] = ("entity_id", "year")) -> pd.DataFrame:
    """Vectorised AKIP totals from an ``akip_components``-shaped table.

    Input: ``keys`` columns, ``component`` (the four ids of :data:`AKIP_COMPONENT_WEIGHTS`,
    optionally ``total``) and ``value``. Output one row per key: ``computed_total`` (sum of the
    four components, NaN unless all four are present), ``printed_total`` (the ``total`` row, NaN
    if none), ``difference`` (printed − computed, rounded to 2 decimals), ``grade`` (of the
    computed total), ``printed_grade_of_total`` (grade of the printed total) and
    ``components_ok`` (all four present and within 0…weight).
    """
    k = list(keys)
    d = df[k + ["component", "value"]].copy()
    d["value"] = pd.to_numeric(d["value"], errors="coerce")
    wide = d.pivot_table(index=k, columns="component", values="value", aggfunc="first")
    comps = list(AKIP_COMPONENT_WEIGHTS)
    wide = wide.reindex(columns=comps + ["total"])
    weights = pd.Series(AKIP_COMPONENT_WEIGHTS)
    part = wide[comps]
    out = pd.DataFrame(index=wide.index)
    out["computed_total"] = part.sum(axis=1, min_count=len(comps)).where(part.notna().all(axis=1))
    out["printed_total"] = wide["total"]
    out["difference"] = _round_series(out["printed_total"] - out["computed_total"])
    out["grade"] = out["computed_total"].map(lambda v: akip_grade(v) if pd.notna(v) else None)
    out["printed_grade_of_total"] = out["printed_total"].map(
        lambda v: akip_grade(v) if pd.notna(v) else None
    )
    out["components_ok"] = (part.notna() & (part >= 0) & (part <= weights)).all(axis=1)
    return out.reset_index()


#: Mutu pelayanan bands of PermenPANRB 14/2017: (grade, label, lowest IKM of the band).
IKM_BANDS: tuple[tuple[str, str, float], ...] = (
    ("A", "Sangat Baik", 88.31),
    ("B", "Baik", 76.61),
    ("C", "Kurang Baik", 65.00),
    ("D", "Tidak Baik", 25.00),
)
_MUTU_RANK: dict[str, int] = {"D": 0, "C": 1, "B": 2, "A": 3}


def _filled_nrr(nrr: Iterable[float | None]) -> list[float]:
    values = [v for v in (_num(x) for x in nrr) if v is not None]
    for v in values:
        if not 1.0 <= v <= 4.0:
            raise ValueError(f"NRR {v} is outside the 1–4 scale")
    return values


def _unsur_ikm_rounded(nrr: float) -> float:
    """NRR × 25 rounded half up to 2 decimals, multiplied exactly in decimal (3.867 → 96.68)."""
    exact = Decimal(repr(float(nrr))) * 25
    return float(exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def ikm_from_nrr(nrr: Iterable[float | None], *, round_per_unsur: bool = False) -> float | None:
    """IKM (0–100 scale, really 25–100) from the per-unsur NRR (1–4 scale).

    IKM = mean of the filled unsur NRR × 25 (missing unsur are left out, not counted as 0).
    With ``round_per_unsur=True``, each unsur's NRR × 25 is first rounded half up to 2 decimals
    and the IKM is their mean, as Disdukcapil Tabel 3.11 does (844.70 / 9 = 93.86, where the raw
    NRR give 93.85). No filled unsur → ``None``.

    Raises:
        ValueError: an NRR outside 1–4.
    """
    values = _filled_nrr(nrr)
    if not values:
        return None
    if round_per_unsur:
        return sum(_unsur_ikm_rounded(v) for v in values) / len(values)
    return sum(values) / len(values) * 25.0


def ikm_weighted(
    nrr: Sequence[float | None], weights: Sequence[float] | None = None
) -> float | None:
    """IKM in the weighted form of PermenPANRB 14/2017: Σ (NRR_i × w_i) × 25.

    Default weights are equal, w_i = 1/n over the n filled unsur (the regulation's 1/9 = 0.111
    for nine unsur), which equals :func:`ikm_from_nrr`. Explicit ``weights`` align with ``nrr``
    and are renormalised over the filled unsur (so they need not sum to 1). No filled unsur →
    ``None``.

    Raises:
        ValueError: an NRR outside 1–4, weights of another length, negative or all-zero weights.
    """
    items = list(nrr)
    if weights is None:
        w = [1.0] * len(items)
    else:
        w = [float(x) for x in weights]
        if len(w) != len(items):
            raise ValueError(f"{len(w)} weights for {len(items)} unsur")
        if any(x < 0 for x in w):
            raise ValueError("weights must not be negative")
    pairs = [(v, wi) for v, wi in zip(items, w) if _num(v) is not None]
    _filled_nrr(v for v, _ in pairs)
    if not pairs:
        return None
    total_w = sum(wi for _, wi in pairs)
    if total_w == 0:
        raise ValueError("weights of the filled unsur sum to 0")
    return sum(float(cast(float, v)) * wi / total_w for v, wi in pairs) * 25.0


def mutu_pelayanan(ikm: float | None) -> tuple[str, str] | None:
    """Mutu pelayanan (grade, label) of an IKM with the bands of PermenPANRB 14/2017.

    A 88.31–100.00 Sangat Baik; B 76.61–88.30 Baik; C 65.00–76.60 Kurang Baik;
    D 25.00–64.99 Tidak Baik. The printed bands leave gaps (88.30 < x < 88.31): the IKM is first
    rounded half up to 2 decimals and then compared, so 88.305 → 88.31 → A and 88.304 → 88.30 → B.
    ``None``/NaN → ``None``.

    Raises:
        ValueError: an IKM below 25 or above 100 (after rounding).
    """
    v = _num(ikm)
    if v is None:
        return None
    r = cast(float, round_half_up(v, 2))
    if r < 25.0 or r > 100.0:
        raise ValueError(f"IKM {ikm!r} is outside 25–100")
    for grade, label, low in IKM_BANDS:
        if r >= low:
            return grade, label
    raise AssertionError("unreachable")  # pragma: no cover


def ikm_table(
    df: pd.DataFrame,
    *,
    keys: Sequence[str] = ("entity_id", "service", "year", "period"),
    measure: str = "nrr",
    round_per_unsur: bool = False,
) -> pd.DataFrame:
    """Vectorised IKM from an ``ikm_unsur``-shaped table (rows with ``measure == "nrr"``).

    One row per ``keys`` with ``n_unsur`` (filled), ``ikm`` (:func:`ikm_from_nrr`),
    ``mutu`` and ``mutu_label`` (:func:`mutu_pelayanan`).

    Raises:
        ValueError: an NRR outside 1–4.
    """
    k = list(keys)
    d = df[df["measure"] == measure] if "measure" in df.columns else df
    vals = pd.to_numeric(d["value"], errors="coerce")
    bad = vals[(vals < 1) | (vals > 4)]
    if not bad.empty:
        raise ValueError(f"NRR outside the 1–4 scale: {bad.tolist()}")
    d = d.assign(_v=vals * 25.0)
    if round_per_unsur:
        d["_v"] = vals.map(lambda v: np.nan if pd.isna(v) else _unsur_ikm_rounded(v)).astype(float)
    g = d.groupby(k, dropna=False)["_v"]
    out = pd.DataFrame({"n_unsur": g.count(), "ikm": g.mean()}).reset_index()
    mutu = out["ikm"].map(lambda v: mutu_pelayanan(v) if pd.notna(v) else None)
    out["mutu"] = mutu.map(lambda m: m[0] if m else None)
    out["mutu_label"] = mutu.map(lambda m: m[1] if m else None)
    return out


# --------------------------------------------------------------------------------------------------
# 4. budget efficiency
# --------------------------------------------------------------------------------------------------


def serapan(realisasi: float | None, pagu: float | None) -> float | None:
    """Serapan (budget absorption, %): realisasi anggaran / pagu × 100.

    Missing realisasi or pagu → ``None``; pagu 0 → ``None`` (undefined, never ``inf``).

    Raises:
        ValueError: a negative pagu or realisasi.
    """
    r, p = _num(realisasi), _num(pagu)
    if r is None or p is None:
        return None
    if p < 0 or r < 0:
        raise ValueError("pagu and realisasi anggaran must not be negative")
    if p == 0:
        return None
    return r / p * 100.0


def tingkat_efisiensi(realisasi: float | None, pagu: float | None) -> float | None:
    """Tingkat efisiensi (%): 100 − serapan (the unspent share of the pagu); ``None`` as serapan.

    Negative when spending exceeds the pagu. IKM programme 2024: 100 − 91.89 = 8.11.
    """
    s = serapan(realisasi, pagu)
    return None if s is None else 100.0 - s


#: Efficiency judgement rules (name → description). All compare on values rounded to 2 decimals.
#: ``"target_and_budget"`` (the default) is the rule the city LKIP 2023 applies to every IKU in
#: Bab III (e.g. capaian 87,14% with serapan 71,56% is "tidak efisien karena capaian indikator
#: sasaran tidak tercapai"; 249,12% with 91,64% is "efisien"); its comparisons with 2022 follow
#: ``"combined"`` (95,40% with 93,03% is "kurang efisien", 87,31% with 89,36% "tidak efisien").
EFFICIENCY_RULES: dict[str, str] = {
    "target_and_budget": "efisien when capaian ≥ 100 and serapan ≤ 100, else tidak efisien",
    "combined": (
        "efisien when capaian ≥ 100 and serapan ≤ 100; otherwise kurang efisien when "
        "capaian ≥ serapan (output at least proportional to spending); otherwise tidak efisien"
    ),
    "proportional": "efisien when capaian ≥ serapan, else tidak efisien",
}
DEFAULT_EFFICIENCY_RULE: str = "target_and_budget"


def efficiency_judgement(
    capaian: float | None, serapan: float | None, rule: str = DEFAULT_EFFICIENCY_RULE
) -> Efficiency | None:
    """Judge the efficiency of a programme from its capaian (%) and serapan (%).

    Rules (:data:`EFFICIENCY_RULES`; values compared after rounding half up to 2 decimals):

    * ``"target_and_budget"`` (default, the city report's rule for the report year):
      ``"efisien"`` when capaian ≥ 100 (tercapai) and serapan ≤ 100, else ``"tidak efisien"``;
    * ``"combined"`` (the report's wording for previous-year comparisons): ``"efisien"`` when
      capaian ≥ 100 and serapan ≤ 100; else ``"kurang efisien"`` when capaian ≥ serapan; else
      ``"tidak efisien"``;
    * ``"proportional"``: ``"efisien"`` when capaian ≥ serapan, else ``"tidak efisien"``.

    A missing capaian or serapan → ``None``.

    Raises:
        ValueError: unknown rule.
    """
    if rule not in EFFICIENCY_RULES:
        raise ValueError(f"unknown efficiency rule {rule!r} (one of: {', '.join(EFFICIENCY_RULES)})")
    c, s = round_half_up(_num(capaian)), round_half_up(_num(serapan))
    if c is None or s is None:
        return None
    on_target = c >= 100.0 and s <= 100.0
    proportional = c >= s
    if rule == "target_and_budget":
        return "efisien" if on_target else "tidak efisien"
    if rule == "proportional":
        return "efisien" if proportional else "tidak efisien"
    if on_target:
        return "efisien"
    return "kurang efisien" if proportional else "tidak efisien"


def capaian_per_serapan(capaian: float | None, serapan: float | None) -> float | None:
    """Capaian per serapan: capaian% / serapan% (>1: more output than budget share spent).

    A unit-free ratio for comparing programmes; missing value or serapan 0 → ``None``.
    """
    c, s = _num(capaian), _num(serapan)
    if c is None or s is None or s == 0:
        return None
    return c / s


def efficiency_series(
    capaian: pd.Series, serapan: pd.Series, rule: str = DEFAULT_EFFICIENCY_RULE
) -> pd.Series:
    """Vectorised :func:`efficiency_judgement` (same rules; ``None`` where a value is missing)."""
    if rule not in EFFICIENCY_RULES:
        raise ValueError(f"unknown efficiency rule {rule!r} (one of: {', '.join(EFFICIENCY_RULES)})")
    c = _round_series(pd.to_numeric(capaian, errors="coerce").astype(float))
    s = _round_series(pd.to_numeric(serapan, errors="coerce").astype(float).reindex(c.index))
    known = (c.notna() & s.notna()).to_numpy()
    on_target = ((c >= 100) & (s <= 100)).to_numpy()
    prop = (c >= s).to_numpy()
    if rule == "target_and_budget":
        res = np.where(on_target, "efisien", "tidak efisien")
    elif rule == "proportional":
        res = np.where(prop, "efisien", "tidak efisien")
    else:
        res = np.where(on_target, "efisien", np.where(prop, "kurang efisien", "tidak efisien"))
    return pd.Series(res, index=c.index, dtype=object).where(known, None).rename("efisiensi_judgement")


def add_budget_measures(
    df: pd.DataFrame,
    *,
    pagu: str = "pagu",
    realisasi: str = "realisasi",
    capaian: str | None = "capaian",
    rule: str = DEFAULT_EFFICIENCY_RULE,
) -> pd.DataFrame:
    """Return a copy of ``df`` with ``serapan``, ``tingkat_efisiensi`` and, when a ``capaian``
    column is given and present, ``capaian_per_serapan`` and ``efisiensi_judgement``.

    Same formulas as :func:`serapan`, :func:`tingkat_efisiensi`, :func:`capaian_per_serapan` and
    :func:`efficiency_judgement`; pagu 0 or a missing value gives NaN/None.

    Raises:
        ValueError: a negative pagu or realisasi.
    """
    out = df.copy()
    p = pd.to_numeric(out[pagu], errors="coerce").astype(float)
    r = pd.to_numeric(out[realisasi], errors="coerce").astype(float)
    if (p < 0).any() or (r < 0).any():
        raise ValueError("pagu and realisasi anggaran must not be negative")
    with np.errstate(divide="ignore", invalid="ignore"):
        out["serapan"] = np.where(p > 0, r / p * 100.0, np.nan)
    out["tingkat_efisiensi"] = 100.0 - out["serapan"]
    if capaian is not None and capaian in out.columns:
        c = pd.to_numeric(out[capaian], errors="coerce").astype(float)
        with np.errstate(divide="ignore", invalid="ignore"):
            out["capaian_per_serapan"] = np.where(out["serapan"] != 0, c / out["serapan"], np.nan)
        out["efisiensi_judgement"] = efficiency_series(c, out["serapan"], rule)
    return out


@dataclass(frozen=True)
class BudgetComparison:
    """A programme's budget efficiency this year against the previous year.

    Attributes:
        serapan_previous, serapan_current: serapan in percent (``None`` when undefined).
        serapan_change: current − previous serapan, in percent points.
        efisiensi_previous, efisiensi_current: tingkat efisiensi (100 − serapan).
        ratio_previous, ratio_current: capaian per serapan (``None`` without capaian).
        judgement_previous, judgement_current: :func:`efficiency_judgement`.
        direction: change of capaian per serapan, higher is better (``"improved"``, ...); when a
            capaian is missing, the change of tingkat efisiensi, higher is better.
    """

    serapan_previous: float | None
    serapan_current: float | None
    serapan_change: float | None
    efisiensi_previous: float | None
    efisiensi_current: float | None
    ratio_previous: float | None
    ratio_current: float | None
    judgement_previous: Efficiency | None
    judgement_current: Efficiency | None
    direction: Direction | None


def compare_budget_years(
    previous_realisasi: float | None,
    previous_pagu: float | None,
    current_realisasi: float | None,
    current_pagu: float | None,
    *,
    previous_capaian: float | None = None,
    current_capaian: float | None = None,
    rule: str = DEFAULT_EFFICIENCY_RULE,
) -> BudgetComparison:
    """Compare a programme's serapan, tingkat efisiensi and capaian per serapan across two years.

    Formulas of :func:`serapan`, :func:`tingkat_efisiensi`, :func:`capaian_per_serapan`,
    :func:`efficiency_judgement` (``rule``). ``direction`` judges capaian per serapan (higher is
    better, compared at 4 decimals) when both capaian are given, otherwise tingkat efisiensi
    (higher is better, at 2 decimals); ``None`` when undefined.
    """
    sp, sc = serapan(previous_realisasi, previous_pagu), serapan(current_realisasi, current_pagu)
    ep = None if sp is None else 100.0 - sp
    ec = None if sc is None else 100.0 - sc
    rp, rc = capaian_per_serapan(previous_capaian, sp), capaian_per_serapan(current_capaian, sc)
    if previous_capaian is not None and current_capaian is not None:
        direction = yoy_change(rp, rc, "higher_is_better", ndigits=4).direction
    else:
        direction = yoy_change(ep, ec, "higher_is_better").direction
    return BudgetComparison(
        serapan_previous=sp,
        serapan_current=sc,
        serapan_change=None if sp is None or sc is None else sc - sp,
        efisiensi_previous=ep,
        efisiensi_current=ec,
        ratio_previous=rp,
        ratio_current=rc,
        judgement_previous=efficiency_judgement(previous_capaian, sp, rule),
        judgement_current=efficiency_judgement(current_capaian, sc, rule),
        direction=direction,
    )
