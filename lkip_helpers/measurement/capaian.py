"""Capaian (achievement, %) by polarity, from numbers or printed cells; alternative formulas; categorical and composite targets.

Part of :mod:`lkip_helpers.measurement`; see its docstring for the general rules.
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

from lkip_helpers.data.numbers import NumberParseError, ParsedCell, parse_cell

from .predicates import (  # noqa: F401
    _GRADE_RANK,
    _MUTU_RANK,
    akip_grade,
    grade_at_least,
    mutu_pelayanan,
)
from ._common import (  # noqa: F401
    CANNOT_JUDGE,
    DEFAULT_CAP,
    Status,
    _NUMERIC_POLARITIES,
    _POLARITIES,
    _check_polarity,
    _num,
)
from .status import (  # noqa: F401
    status,
    status_series,
)

__all__ = [
    "CAPAIAN_METHODS",
    "CAPAIAN_NOTES",
    "COMPOSITE_RULES",
    "OPINI_RANK",
    "CapaianMethod",
    "CapaianResult",
    "add_capaian",
    "capaian",
    "capaian_detail",
    "capaian_from_text",
    "capaian_series",
    "composite_capaian",
    "opini_achieved",
    "parse_composite",
    "register_capaian_method",
]

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
        judgeable: ``False`` when the target makes the capaian undefined (a target of 0 or below):
            the status is then ``"tidak dapat dinilai"`` and ``note`` gives the reason.
    """

    value: float | None
    achieved: bool | None
    rule: str
    note: str | None = None
    components: Mapping[str, float | None] | None = field(default=None)
    judgeable: bool = True

    @property
    def status(self) -> Status:
        """The :func:`status` of this result (``"tidak dapat dinilai"`` when not judgeable)."""
        return status(self.value, self.achieved, judgeable=self.judgeable)


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


#: The reasons and caveats a capaian result gives, in English (one place, for the message catalog).
CAPAIAN_NOTES: dict[str, str] = {
    "negative_realisasi": (
        "negative realisasi: the ratio is computed as printed by the reports, "
        "but its sign and size are not a meaningful degree of achievement"
    ),
    "zero_target": "target is 0: a capaian (a share of the target) cannot be computed, so the "
    "indicator cannot be judged",
    "negative_target": "target {target:g} is below 0: a share of a negative target has no meaning "
    "(the ratio would be {ratio:,.2f} %), so the indicator cannot be judged",
    "zero_realisasi_lower": "realisasi is 0: target/realisasi (lower is better) is undefined; the "
    "status compares the realisasi with the target directly",
    "missing_realisasi": "belum ada nilai: realisasi is missing",
    "missing_target": "target is missing",
}


_CLIPPED = re.compile(r"clipped from (?P<value>-?[\d.]+) to (?P<clipped>-?[\d.]+)$")


def capaian_note_text(note: str | None, lang: str | None = None) -> str | None:
    """A capaian ``note`` (its ``; ``-separated parts: :data:`CAPAIAN_NOTES` and the clipping) in
    ``lang`` (default: the current language) through the message catalog, numbers in the reader's
    notation; other parts as they are."""
    from lkip_helpers.data.i18n import format_number, translate

    if not isinstance(note, str) or not note:
        return note
    parts = []
    for part in note.split("; "):
        clipped = _CLIPPED.match(part)
        if clipped:
            part = translate("clipped from {value} to {clipped}", lang).format(
                value=format_number(float(clipped["value"]), 2, lang), clipped=format_number(float(clipped["clipped"]), 2, lang))
        elif part in CAPAIAN_NOTES.values():
            part = translate(part, lang)
        parts.append(part)
    return "; ".join(parts)


def _sign_note(target: float, realisasi: float) -> str | None:
    if realisasi < 0:
        return CAPAIAN_NOTES["negative_realisasi"]
    return None


def _report_formula(target: float, realisasi: float, polarity: str) -> tuple[float | None, str | None]:
    """Report rule: higher R/T×100, lower T/R×100."""
    if polarity == "higher_is_better":
        if target == 0:
            return None, CAPAIAN_NOTES["zero_target"]
        return realisasi / target * 100.0, _sign_note(target, realisasi)
    if realisasi == 0:
        return None, CAPAIAN_NOTES["zero_realisasi_lower"]
    return target / realisasi * 100.0, _sign_note(target, realisasi)


def _reverse_difference_formula(
    target: float, realisasi: float, polarity: str
) -> tuple[float | None, str | None]:
    """Lower is better: (2T−R)/T×100; higher is better: R/T×100 (same as the report rule)."""
    if target == 0:
        return None, CAPAIAN_NOTES["zero_target"]
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


def _no_numeric_capaian(t: float | None, r: float | None, polarity: str, method: str) -> CapaianResult | None:
    """The result when target and realisasi give no numeric capaian (a missing value, a polarity
    without a numeric rule, a target of 0 or below); ``None`` when they do."""
    if r is None:
        return CapaianResult(None, None, "missing", CAPAIAN_NOTES["missing_realisasi"])
    if t is None:
        return CapaianResult(None, None, "missing", CAPAIAN_NOTES["missing_target"])
    if polarity not in _NUMERIC_POLARITIES:
        return CapaianResult(None, None, method, f"polarity {polarity!r} has no numeric capaian rule")
    if t == 0:
        return CapaianResult(None, None, method, CAPAIAN_NOTES["zero_target"], judgeable=False)
    if t < 0:
        ratio = r / t * 100.0 if polarity == "higher_is_better" else (t / r * 100.0 if r else math.nan)
        note = CAPAIAN_NOTES["negative_target"].format(target=t, ratio=ratio)
        return CapaianResult(None, None, method, note, judgeable=False)
    return None


def _clipped(value: float, note: str | None, floor: float, cap: float) -> tuple[float, str | None]:
    """``value`` clipped to ``[floor, cap]``, the clipping added to ``note``."""
    clipped = min(max(value, floor), cap)
    if clipped != value:
        extra = f"clipped from {value:.2f} to {clipped:.2f}"
        note = f"{note}; {extra}" if note else extra
    return clipped, note


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
    target → ``None``; ``categorical``/``neutral`` polarity → ``None`` (no numeric rule; use
    :func:`capaian_from_text`). A **target of 0 or below** → ``value None``, ``achieved None`` and
    ``judgeable False`` (status ``"tidak dapat dinilai"``) with the reason in ``note``: a share of
    a zero or negative target is no degree of achievement (a growth target of −0,5 % against a
    realisasi of 6,71 % would give −1.342 %). A zero realisasi of a lower-is-better indicator →
    ``value None`` (never ``inf``) with the reason.

    ``achieved`` compares the **unrounded** realisasi with the target by polarity (``R ≥ T``
    higher is better, ``R ≤ T`` lower is better), never a rounded capaian: a realisasi of 19,999
    against a target of 20 is not reached although its capaian prints as 100,00. A registered
    method may judge otherwise only through its value (``value ≥ 100``, unrounded).

    Raises:
        ValueError: unknown polarity or method; an infinite input.
    """
    _check_polarity(polarity)
    m = _get_method(method)
    t, r = _num(target), _num(realisasi)
    unjudged = _no_numeric_capaian(t, r, polarity, m.name)
    if unjudged is not None:
        return unjudged
    assert t is not None and r is not None
    value, note = m.formula(t, r, polarity)
    if value is not None and math.isinf(value):  # a registered formula misbehaving
        value, note = None, "the formula gave an infinite value"
    if value is not None and m.capped:
        value, note = _clipped(value, note, floor, cap)
    direct = r >= t if polarity == "higher_is_better" else r <= t
    if value is None or m.formula in (_report_formula, _reverse_difference_formula):
        achieved: bool | None = direct
    else:  # a registered method judges by its own value, unrounded
        achieved = value >= 100.0
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
    "level_by_level": (
        "reached only when every targeted level is reached; capaian Σ realised / Σ targeted × 100 "
        "when every level is reached, else the lowest per-level ratio (below 100: the missed level)"
    ),
    "total_ratio": "Σ realised counts / Σ targeted counts × 100 (every realised level counts)",
    "mean_level_ratio": "mean over targeted levels (target > 0) of realised/targeted × 100",
    "min_level_ratio": "the smallest per-level realised/targeted × 100 (every level must be met)",
}


def composite_capaian(
    target_text: str, realisasi_text: str, rule: str = "level_by_level"
) -> CapaianResult:
    """Capaian of a composite count target, higher is better per level, compared level by level.

    Levels are parsed with :func:`parse_composite`; a level targeted but not realised counts 0.
    ``achieved`` is ``True`` only when **every** targeted level is reached (realised ≥ targeted):
    ``"31 TP, 9 TN, 1 TI"`` against ``"30 TP, 10 TN, 1 TI"`` is not reached (TN 9 of 10) although
    the counts add up to the same 41. Rules for the value (:data:`COMPOSITE_RULES`):

    * ``"level_by_level"`` (default): Σ R / Σ T × 100 when every level is reached, else the lowest
      per-level ratio (90.00 for the example above: never 100 % while a level is missed);
    * ``"total_ratio"``: Σ R / Σ T × 100 (100.00 for the example above). For the city's IKU 21 (prestasi pemuda),
      target ``"30 TP, 10 TN, 1 TI"``, realisasi ``"115TP, 78TN, 3TI"``: 196 / 41 × 100 = 478.05.
    * ``"mean_level_ratio"``: mean of R/T per targeted level: (383.33 + 780 + 300) / 3 = 487.78.
    * ``"min_level_ratio"``: min of the per-level ratios: 300.00.

    The report prints **570.00** for that row. No simple rule reproduces it: besides the above,
    max level ratio 780, mean of TP+TN ratios 581.67, mean of TN+TI ratios 540.00, (TP+TN) totals
    193/40 = 482.50, level-weighted sums with small integer weights (e.g. 1/2/3 → 528.30) and the
    excess (Σ R − Σ T)/Σ T = 378.05 were all checked; none gives 570. It is a known discrepancy.

    ``components`` holds every level's ratio (``None`` for a level with target 0). Σ T = 0 or no
    targeted level → ``value None``, not judgeable.

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
    missed = [k for k, n in t.items() if n > 0 and r.get(k, 0.0) < n]
    notes = _composite_notes(t, r, missed)
    targeted = [v for k, v in ratios.items() if k in t and v is not None]
    total_t = sum(t.values())
    value: float | None
    if not targeted or not total_t:
        value = None
    elif rule == "total_ratio" or (rule == "level_by_level" and not missed):
        value = sum(r.values()) / total_t * 100.0
    elif rule == "mean_level_ratio":
        value = sum(targeted) / len(targeted)
    else:
        value = min(targeted)
    if value is None:
        notes.insert(0, "no positive target count: the ratio is undefined")
        return CapaianResult(None, None, f"composite:{rule}", "; ".join(notes), components=ratios,
                             judgeable=False)
    return CapaianResult(
        value, not missed, f"composite:{rule}", "; ".join(notes) or None, components=ratios
    )


def _composite_notes(t: dict[str, float], r: dict[str, float], missed: list[str]) -> list[str]:
    """What a composite comparison should say: levels without a target, targeted levels not
    realised, levels not reached."""
    notes: list[str] = []
    extra = [k for k in r if k not in t]
    if extra:
        notes.append(f"realised levels without a target: {', '.join(extra)}")
    unmet = [k for k in t if k not in r]
    if unmet:
        notes.append(f"targeted levels with no realisasi (counted as 0): {', '.join(unmet)}")
    if missed:
        notes.append("level(s) not reached: " + ", ".join(f"{k} {_count(r.get(k, 0.0))} of {_count(t[k])}" for k in missed))
    return notes


def _count(n: float) -> str:
    return f"{n:g}"


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


def _predicate_capaian(target_grade: str, r: ParsedCell, grade_scale: str) -> CapaianResult:
    """Rule 5 of :func:`capaian_from_text`: the realisasi ``r`` (a score or a grade) against a
    predicate target ``target_grade`` on ``grade_scale`` (``akip`` or ``ikm``)."""
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


def capaian_from_text(
    target_text: object,
    realisasi_text: object,
    polarity: str,
    method: str = "report",
    *,
    composite_rule: str = "level_by_level",
    grade_scale: Literal["akip", "ikm"] = "akip",
    cap: float = DEFAULT_CAP,
    floor: float = 0.0,
) -> CapaianResult:
    """Capaian of one row from its printed target and realisasi cells.

    Cells are read with :func:`lkip_helpers.data.numbers.parse_cell` (``"87,14"``, ``"10,01%"``,
    ``"78.75 (BB)"`` → 78.75). Decision order:

    1. realisasi missing (``N/A``, ``-``, empty) → ``value None``, rule ``"missing"``,
       note "belum ada nilai"; target missing → ``None`` likewise;
    2. both numbers → :func:`capaian_detail` with ``method`` (a ``categorical``/``neutral``
       polarity gives ``None``); printed labels (``"(BB)"``) are ignored;
    3. both composite counts (``"30 TP, 10 TN, 1 TI"``) → :func:`composite_capaian` with
       ``composite_rule`` (whatever the polarity: each level is higher-is-better, reached only
       when every level is reached);
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
        return CapaianResult(None, None, "missing", CAPAIAN_NOTES["missing_realisasi"])
    if t.is_missing:
        return CapaianResult(None, None, "missing", CAPAIAN_NOTES["missing_target"])
    if t.number is not None and r.number is not None:
        return capaian_detail(t.number, r.number, polarity, method, cap=cap, floor=floor)
    if _is_composite(t.text) and _is_composite(r.text):
        return composite_capaian(t.text, r.text, composite_rule)
    if _opini_code(t.text) is not None:
        return CapaianResult(None, opini_achieved(t.text, r.text), "opini_bpk")
    target_grade = _grade_of_text(t.text, grade_scale)
    if target_grade is not None:
        return _predicate_capaian(target_grade, r, grade_scale)
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

    Same formulas and boundary rules as :func:`capaian_detail`: NaN realisasi/target, a target
    of 0 or below, a zero denominator and a ``categorical``/``neutral`` polarity give NaN (never 0, never ``inf``).
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
            # a target of 0 or below cannot be judged (see capaian_detail)
            hi = np.where(tv > 0, rv / tv * 100.0, np.nan)
            if m.formula is _report_formula:
                lo = np.where((rv != 0) & (tv > 0), tv / rv * 100.0, np.nan)
            else:
                lo = np.where(tv > 0, (2.0 * tv - rv) / tv * 100.0, np.nan)
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
    for every row). ``status`` compares the realisasi with the target by polarity (unrounded, as
    :func:`capaian_detail`); a target of 0 or below gives ``"tidak dapat dinilai"``.
    """
    out = df.copy()
    pol: str | pd.Series = out[polarity] if polarity in out.columns else polarity
    out["capaian"] = capaian_series(out[target], out[realisasi], pol, method, cap=cap, floor=floor)
    t = pd.to_numeric(out[target], errors="coerce").astype(float)
    r = pd.to_numeric(out[realisasi], errors="coerce").astype(float)
    p = pd.Series(pol, index=out.index) if isinstance(pol, str) else pol
    known = t.notna() & r.notna() & (t > 0) & p.isin(list(_NUMERIC_POLARITIES))
    direct = ((p == "higher_is_better") & (r >= t)) | ((p == "lower_is_better") & (r <= t))
    out["status"] = status_series(out["capaian"], direct.where(known).astype("boolean"))
    if _judges_by_value(method):  # a registered method judges by its own value
        out["status"] = status_series(out["capaian"])
    cannot = t.notna() & r.notna() & (t <= 0) & p.isin(list(_NUMERIC_POLARITIES))
    out.loc[cannot, "status"] = CANNOT_JUDGE
    return out


def _judges_by_value(method: str) -> bool:
    """Whether ``method`` judges reaching the target by its value (a registered method) rather
    than by comparing the realisasi with the target (the built-in formulas)."""
    return _get_method(method).formula not in (_report_formula, _reverse_difference_formula)
