"""Self-checking exercises for teaching SAKIP evaluation, and the real examples they draw on.

**Checkers.** A learner edits one value in a notebook cell and a checker says whether it is right
and why::

    my_answer = None  # type your capaian here
    check_capaian(my_answer, target=77.0, realisasi=67.10, polarity="higher_is_better")

Every checker returns a :class:`CheckResult` whose text (its ``repr``, what the notebook shows)
starts with one of

* ``Correct:`` — within the stated tolerance, with the worked formula;
* ``Not quite:`` — the right value, the tolerance, the formula with the numbers filled in, and a
  diagnosis of a common slip where one is recognised (the higher-is-better formula used for a
  lower-is-better indicator, a ratio given instead of percent, a forgotten × 25 ...);
* ``Not answered yet:`` — the answer is ``None`` (or an empty string): a hint, never an error, so
  a notebook with unanswered exercises runs;
* ``Cannot read your answer:`` — a text that is not a number (or not a grade).

Numeric answers may be numbers or strings written either way (``87.14``, ``"87,14"``,
``"87.14%"``); a single ``.`` or ``,`` is read as the decimal separator. Numeric answers are
accepted when they are within ``tolerance`` (default 0.01, the reports' printed resolution) of
the correct value, exact or rounded to 2 decimals as printed (87.13 and 87.15 are accepted for
87.142857…, shown as 87.14); grades are compared ignoring case and spaces.

The correct values come from :mod:`lkip_helpers.measurement` (the formulas the notebooks use),
so a lesson and the analysis can never disagree.

**Teaching examples.** :func:`pick_example` finds a real indicator of a given kind (higher- or
lower-is-better, negative realisasi, text target) in an entity's own IKU scorecard and, when the
entity has none, borrows one from another report in the data (the parent entity first) or from the
regional benchmarks, saying so in ``explanation``. :func:`akip_next_grades` and
:func:`akip_component_headroom` tabulate what it would take to reach a better AKIP predikat.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from .dataset import Dataset
from .measurement import (
    AKIP_BANDS,
    AKIP_COMPONENT_WEIGHTS,
    AKIP_GRADES,
    IKM_BANDS,
    akip_grade,
    capaian_detail,
    ikm_from_nrr,
    mutu_pelayanan,
    points_to_next_grade,
    round_half_up,
    serapan,
)
from .numbers import NumberParseError, parse_number

__all__ = [
    "DEFAULT_TOLERANCE",
    "EXAMPLE_KINDS",
    "BorrowedTable",
    "CheckResult",
    "TeachingExample",
    "akip_component_headroom",
    "akip_components_example",
    "akip_next_grades",
    "capaian_working",
    "check_akip_grade",
    "check_capaian",
    "check_ikm",
    "check_mutu",
    "check_serapan",
    "example_candidates",
    "exercise_progress",
    "ikm_nrr_example",
    "pick_example",
    "pick_forecast_indicator",
]

Verdict = Literal["correct", "incorrect", "not answered yet", "unreadable"]

#: Default absolute tolerance of numeric answers (percent points or index points).
DEFAULT_TOLERANCE: float = 0.01

_PREFIX: dict[str, str] = {
    "correct": "Correct: ",
    "incorrect": "Not quite: ",
    "not answered yet": "Not answered yet: ",
    "unreadable": "Cannot read your answer: ",
}


@dataclass(frozen=True)
class CheckResult:
    """The verdict on one exercise answer.

    Attributes:
        exercise: what was asked (``"capaian"``, ``"AKIP predikat"``, ...).
        verdict: ``"correct"``, ``"incorrect"``, ``"not answered yet"`` or ``"unreadable"``.
        message: the full explanation shown to the learner (starts with the verdict's prefix).
        answer: the answer as given.
        expected: the correct value (a float rounded to 2 decimals, or a grade).
        tolerance: the accepted absolute difference of a numeric answer (``None`` for grades).
    """

    exercise: str
    verdict: Verdict
    message: str
    answer: object
    expected: float | str
    tolerance: float | None

    @property
    def correct(self) -> bool:
        """``True`` only for a correct answer."""
        return self.verdict == "correct"

    @property
    def answered(self) -> bool:
        """``False`` while the answer is still ``None``/empty."""
        return self.verdict != "not answered yet"

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:  # what a notebook cell shows
        return self.message


def _result(exercise: str, verdict: Verdict, body: str, answer: object, expected: float | str, tol: float | None) -> CheckResult:
    return CheckResult(exercise, verdict, _PREFIX[verdict] + body, answer, expected, tol)


def _fmt(value: float, nd: int = 2) -> str:
    r = round_half_up(value, nd)
    return f"{r:.{nd}f}"


def _num_text(value: float) -> str:
    """A number as a reader writes it: 2 decimals unless it has more (67.10, 4.01, 3.742)."""
    v = float(value)
    return f"{v:.2f}" if round(v, 2) == v else f"{v:g}"


def _is_blank(answer: object) -> bool:
    if answer is None:
        return True
    return isinstance(answer, str) and not answer.strip()


def _read_number(answer: object) -> float:
    """A learner's numeric answer as a float.

    Numbers pass through; strings are read with :func:`lkip_helpers.numbers.parse_number`, a lone
    ``.`` being a decimal point (``"87.142"`` → 87.142, not eighty-seven thousand).

    Raises:
        ValueError: a bool, NaN/inf, a missing marker (``"N/A"``) or text that is not a number.
    """
    if isinstance(answer, bool):
        raise ValueError(f"{answer!r} is a yes/no value, not a number")
    if isinstance(answer, (int, float)):
        v = float(answer)
    elif isinstance(answer, str):
        text = answer.strip()
        decimal = "." if text.count(".") == 1 and "," not in text else None
        try:
            parsed = parse_number(text, decimal=decimal)
        except NumberParseError:
            raise ValueError(f"{answer!r} is not a number") from None
        if parsed is None:
            raise ValueError(f"{answer!r} is not a number")
        v = parsed
    else:
        try:
            v = float(answer)  # numpy scalars, Decimal, ...
        except (TypeError, ValueError):
            raise ValueError(f"{answer!r} (a {type(answer).__name__}) is not a number") from None
    if math.isnan(v) or math.isinf(v):
        raise ValueError(f"{answer!r} is not a finite number")
    return v


def _check_tolerance(tolerance: float) -> float:
    t = float(tolerance)
    if not t >= 0 or math.isinf(t):
        raise ValueError(f"tolerance must be a finite number ≥ 0, got {tolerance!r}")
    return t


def _within(value: float, expected: float, tol: float) -> bool:
    return abs(value - expected) <= tol + 1e-9


def _numeric_check(
    exercise: str,
    answer: object,
    expected: float,
    tol: float,
    *,
    unit: str,
    working: str,
    hint: str,
    slips: Iterable[tuple[float | None, str]] = (),
    also_accept: Iterable[tuple[float | None, str]] = (),
) -> CheckResult:
    """Shared logic of the numeric checkers (see the module docstring for the verdicts)."""
    exp = float(expected)
    shown = _fmt(expected)
    printed = float(round_half_up(exp, 2) or 0.0)
    if _is_blank(answer):
        return _result(exercise, "not answered yet", f"replace None with your answer. Hint: {hint}", answer, printed, tol)
    try:
        value = _read_number(answer)
    except ValueError as exc:
        return _result(
            exercise,
            "unreadable",
            f"{exc}. Type a number such as 87.14 (a decimal comma, \"87,14\", also works).",
            answer,
            printed,
            tol,
        )
    tol_text = f"answers within ±{tol:g} {unit} of {shown} are accepted"

    def close(v: float, target: float) -> bool:  # near the exact value or the value as printed
        return _within(v, target, tol) or _within(v, float(round_half_up(target, 2) or 0.0), tol)

    if close(value, exp):
        return _result(exercise, "correct", f"{shown} {unit} ({tol_text}). {working}", answer, printed, tol)
    for alt, why in also_accept:
        if alt is not None and close(value, alt):
            return _result(
                exercise, "correct", f"{_fmt(alt)} {unit} — {why} ({tol_text}, or of {_fmt(alt)}). {working}",
                answer, printed, tol,
            )
    diagnosis = ""
    for slip_value, why in slips:
        if slip_value is not None and _within(value, slip_value, max(tol, 0.005 * abs(slip_value))):
            diagnosis = f" It looks like {why}."
            break
    return _result(
        exercise,
        "incorrect",
        f"you answered {value:g}, the right value is {shown} {unit} ({tol_text}).{diagnosis} {working}",
        answer,
        printed,
        tol,
    )


# --------------------------------------------------------------------------------------------------
# capaian
# --------------------------------------------------------------------------------------------------

_FORMULA_WORDS = {
    "higher_is_better": "realisasi / target × 100",
    "lower_is_better": "target / realisasi × 100",
}


def capaian_working(target: float, realisasi: float, polarity: str) -> str:
    """The capaian formula of ``polarity`` with the numbers filled in.

    ``capaian_working(4.01, 4.10, "lower_is_better")`` →
    ``"lower is better, so capaian = target / realisasi × 100 = 4.01 / 4.10 × 100 = 97.80 %"``.

    Raises:
        ValueError: a polarity other than higher/lower is better, or an undefined capaian.
    """
    if polarity not in _FORMULA_WORDS:
        raise ValueError(f"no numeric capaian formula for polarity {polarity!r} (use higher_is_better or lower_is_better)")
    res = capaian_detail(target, realisasi, polarity)
    if res.value is None:
        raise ValueError(f"capaian is undefined for target {target!r}, realisasi {realisasi!r}: {res.note}")
    a, b = (realisasi, target) if polarity == "higher_is_better" else (target, realisasi)
    words = polarity.replace("_", "-")
    return f"{words}, so capaian = {_FORMULA_WORDS[polarity]} = {_num_text(a)} / {_num_text(b)} × 100 = {_fmt(res.value)} %"


def check_capaian(
    answer: object,
    target: float,
    realisasi: float,
    polarity: str,
    *,
    tolerance: float = DEFAULT_TOLERANCE,
) -> CheckResult:
    """Check a capaian (percent) computed by a learner.

    The correct value is :func:`lkip_helpers.measurement.capaian` with the report rule:
    higher is better → realisasi / target × 100; lower is better → target / realisasi × 100.
    Accepted within ``tolerance`` percent points (default ±0.01). A wrong answer shows the
    formula with the numbers and names a recognised slip: the other polarity's formula, a ratio
    instead of percent, or the difference realisasi − target.

    Raises:
        ValueError: the exercise itself has no numeric capaian (a polarity without a formula, a
            zero denominator, a missing number) or a negative tolerance.
    """
    tol = _check_tolerance(tolerance)
    working = capaian_working(target, realisasi, polarity)  # raises for an ill-posed exercise
    expected = capaian_detail(target, realisasi, polarity).value
    assert expected is not None
    other = "lower_is_better" if polarity == "higher_is_better" else "higher_is_better"
    swapped = capaian_detail(target, realisasi, other).value
    slips = [
        (swapped, f"you used {_FORMULA_WORDS[other]}, the formula for {other.replace('_', '-')} indicators"),
        (expected / 100.0, "you gave a ratio; capaian is in percent (× 100)"),
        (realisasi - target, "you computed realisasi − target, a gap, not a capaian"),
    ]
    hint = (
        f"this indicator is {polarity.replace('_', '-')}, so capaian = {_FORMULA_WORDS[polarity]}."
    )
    return _numeric_check("capaian", answer, expected, tol, unit="%", working=f"Formula: {working}.", hint=hint, slips=slips)


# --------------------------------------------------------------------------------------------------
# serapan
# --------------------------------------------------------------------------------------------------


def check_serapan(
    answer: object, realisasi: float, pagu: float, *, tolerance: float = DEFAULT_TOLERANCE
) -> CheckResult:
    """Check a serapan (budget absorption, percent): realisasi anggaran / pagu × 100.

    Correct value from :func:`lkip_helpers.measurement.serapan`, accepted within ``tolerance``
    percent points. Recognised slips: pagu / realisasi, a ratio instead of percent, and the
    tingkat efisiensi (100 − serapan).

    Raises:
        ValueError: pagu 0 or missing, negative amounts, or a negative tolerance.
    """
    tol = _check_tolerance(tolerance)
    expected = serapan(realisasi, pagu)
    if expected is None:
        raise ValueError(f"serapan is undefined for realisasi {realisasi!r}, pagu {pagu!r}")
    working = f"Formula: serapan = realisasi / pagu × 100 = {realisasi:,.0f} / {pagu:,.0f} × 100 = {_fmt(expected)} %."
    slips = [
        (pagu / realisasi * 100.0 if realisasi else None, "you divided pagu by realisasi (upside down)"),
        (expected / 100.0, "you gave a ratio; serapan is in percent (× 100)"),
        (100.0 - expected, "you computed the tingkat efisiensi (100 − serapan), the unspent share"),
    ]
    return _numeric_check(
        "serapan", answer, expected, tol, unit="%", working=working,
        hint="serapan = realisasi anggaran / pagu × 100 (how much of the budget was spent).", slips=slips,
    )


# --------------------------------------------------------------------------------------------------
# IKM
# --------------------------------------------------------------------------------------------------


def check_ikm(answer: object, nrr: Iterable[float | None], *, tolerance: float = DEFAULT_TOLERANCE) -> CheckResult:
    """Check an IKM computed from the per-unsur NRR: mean of the filled NRR × 25.

    Correct value :func:`lkip_helpers.measurement.ikm_from_nrr`; the variant that first rounds
    each unsur's NRR × 25 to 2 decimals (as Disdukcapil Tabel 3.11 prints it) is accepted as well
    and said so. Tolerance ``tolerance`` index points (default ±0.01). Recognised slips: the mean
    NRR without × 25, the sum of the NRR × 25, and the weighted form with 0.111 (not 1/9).

    Raises:
        ValueError: no filled NRR, an NRR outside 1–4, or a negative tolerance.
    """
    tol = _check_tolerance(tolerance)
    values = [float(v) for v in nrr if v is not None and not (isinstance(v, float) and math.isnan(v))]
    expected = ikm_from_nrr(values)
    if expected is None:
        raise ValueError("check_ikm needs at least one NRR")
    per_unsur = ikm_from_nrr(values, round_per_unsur=True)
    mean = sum(values) / len(values)
    working = (
        f"Formula: IKM = mean NRR × 25 = ({' + '.join(_num_text(v) for v in values)}) / {len(values)} × 25 "
        f"= {mean:.4f} × 25 = {_fmt(expected)}."
    )
    slips = [
        (mean, "you stopped at the mean NRR (1–4 scale); multiply by 25 for the 25–100 IKM scale"),
        (sum(values) * 25.0, "you summed the NRR instead of averaging them"),
        (sum(values) * 0.111 * 25.0, "you weighted each unsur by 0.111; the exact weight is 1/9 (the mean)"),
    ]
    also = []
    if per_unsur is not None and round_half_up(per_unsur, 2) != round_half_up(expected, 2):
        also.append((per_unsur, "the variant that rounds each unsur's NRR × 25 first, as some reports print it"))
    return _numeric_check(
        "IKM", answer, expected, tol, unit="points", working=working,
        hint="IKM = the mean of the unsur NRR (each on a 1–4 scale) × 25.", slips=slips, also_accept=also,
    )


# --------------------------------------------------------------------------------------------------
# grades
# --------------------------------------------------------------------------------------------------


def _band_text_akip() -> str:
    return ", ".join(f"{g} >{lo:g}–{hi:g}" if g != "D" else f"D 0–{hi:g}" for g, lo, hi in AKIP_BANDS)


def _read_grade(answer: object, valid: Iterable[str]) -> str:
    """Normalise a grade answer (``" bb "`` → ``"BB"``; ``"BB (Sangat Baik)"`` → ``"BB"``).

    Raises:
        ValueError: not text, or not one of ``valid``.
    """
    valid = tuple(valid)
    if not isinstance(answer, str):
        raise ValueError(f"{answer!r} is not a predikat: type one of {', '.join(valid)} in quotes, e.g. \"{valid[2]}\"")
    text = answer.strip().strip("'\"").strip().upper()
    head = text.split("(")[0].split()[0] if text.split("(")[0].split() else ""
    for candidate in (text, head):
        if candidate in valid:
            return candidate
    raise ValueError(f"{answer!r} is not one of {', '.join(valid)}")


def check_akip_grade(answer: object, score: float) -> CheckResult:
    """Check the AKIP predikat given for a score (PermenPANRB 88/2021 bands).

    Correct value :func:`lkip_helpers.measurement.akip_grade`: AA >90–100, A >80–90, BB >70–80,
    B >60–70, CC >50–60, C >30–50, D 0–30; a score exactly on a boundary belongs to the lower
    band (80.00 is BB). Case and spaces are ignored; a label after the grade is allowed
    (``"BB (Sangat Baik)"``).

    Raises:
        ValueError: a missing score or one outside 0–100.
    """
    expected = akip_grade(score)
    if expected is None:
        raise ValueError("check_akip_grade needs a score")
    bands = _band_text_akip()
    lo, hi = next((lo, hi) for g, lo, hi in AKIP_BANDS if g == expected)
    where = f"{_fmt(score)} lies in {expected} ({'0' if expected == 'D' else '>' + format(lo, 'g')}–{hi:g})"
    if _is_blank(answer):
        return _result("AKIP predikat", "not answered yet", f"replace None with a predikat in quotes, e.g. \"B\". Hint: the bands are {bands}.", answer, expected, None)
    try:
        grade = _read_grade(answer, tuple(reversed(AKIP_GRADES)))
    except ValueError as exc:
        return _result("AKIP predikat", "unreadable", f"{exc}.", answer, expected, None)
    if grade == expected:
        return _result("AKIP predikat", "correct", f"{where}.", answer, expected, None)
    boundary = ""
    if any(round_half_up(score, 2) == b for _g, b, _h in AKIP_BANDS if b > 0):
        boundary = " A score exactly on a boundary belongs to the lower band."
    return _result(
        "AKIP predikat", "incorrect",
        f"you answered {grade}, but {where}.{boundary} Bands: {bands}.", answer, expected, None,
    )


def check_mutu(answer: object, ikm: float) -> CheckResult:
    """Check the mutu pelayanan (A–D) given for an IKM (PermenPANRB 14/2017 bands).

    Correct value :func:`lkip_helpers.measurement.mutu_pelayanan`: A 88.31–100 Sangat Baik,
    B 76.61–88.30 Baik, C 65.00–76.60 Kurang Baik, D 25.00–64.99 Tidak Baik (the IKM rounded to
    2 decimals first). The letter or the label (``"Sangat Baik"``) is accepted.

    Raises:
        ValueError: a missing IKM or one outside 25–100.
    """
    m = mutu_pelayanan(ikm)
    if m is None:
        raise ValueError("check_mutu needs an IKM")
    expected, label = m
    bands = ", ".join(f"{g} ≥{low:.2f} {lab}" for g, lab, low in IKM_BANDS)
    if _is_blank(answer):
        return _result("mutu pelayanan", "not answered yet", f"replace None with a letter in quotes, e.g. \"B\". Hint: the bands are {bands}.", answer, expected, None)
    labels = {lab.upper(): g for g, lab, _ in IKM_BANDS}
    text = answer.strip().upper() if isinstance(answer, str) else answer
    if isinstance(text, str) and text in labels:
        grade = labels[text]
    else:
        try:
            grade = _read_grade(answer, ("A", "B", "C", "D"))
        except ValueError as exc:
            return _result("mutu pelayanan", "unreadable", f"{exc}.", answer, expected, None)
    if grade == expected:
        return _result("mutu pelayanan", "correct", f"IKM {_fmt(ikm)} is mutu {expected} ({label}).", answer, expected, None)
    return _result(
        "mutu pelayanan", "incorrect",
        f"you answered {grade}, but IKM {_fmt(ikm)} is mutu {expected} ({label}). Bands: {bands}.", answer, expected, None,
    )


# --------------------------------------------------------------------------------------------------
# AKIP: what it takes to reach a better predikat
# --------------------------------------------------------------------------------------------------


def akip_next_grades(score: float) -> pd.DataFrame:
    """Every predikat better than ``score``'s, with the lowest score of its band and the gap.

    Columns ``grade``, ``band`` (``">80–90"``), ``min_score`` (the band's lower boundary + 0.01,
    since a boundary score belongs to the lower band) and ``points_needed`` (``min_score − score``,
    2 decimals), built by chaining :func:`lkip_helpers.measurement.points_to_next_grade`. An
    ``AA`` score gives an empty table.

    Raises:
        ValueError: a missing score or one outside 0–100.
    """
    current = akip_grade(score)
    if current is None:
        raise ValueError("akip_next_grades needs a score")
    rows = []
    step = points_to_next_grade(float(score))
    while step is not None:
        lo, hi = next((lo, hi) for g, lo, hi in AKIP_BANDS if g == step.next)
        rows.append(
            {"grade": step.next, "band": f">{lo:g}–{hi:g}", "min_score": step.min_score,
             "points_needed": round_half_up(step.min_score - float(score), 2)}
        )
        step = points_to_next_grade(step.min_score)
    return pd.DataFrame(rows, columns=["grade", "band", "min_score", "points_needed"])


def akip_component_headroom(
    components: Mapping[str, float] | pd.DataFrame, *, total: float | None = None
) -> pd.DataFrame:
    """Per AKIP component: its weight, score, share of the weight and the points still open.

    ``components`` maps the four component ids of
    :data:`lkip_helpers.measurement.AKIP_COMPONENT_WEIGHTS` to their scores, or is an
    ``akip_components``-shaped frame of one entity and year (``component``, ``value``; a
    ``total`` row is ignored). Columns: ``component``, ``weight``, ``score``, ``share`` (score /
    weight × 100), ``headroom`` (weight − score), ``total_if_full`` (``total`` + headroom: the
    total if this component alone got full marks) and ``grade_if_full`` (its predikat).

    ``total`` is the score the gains are added to: by default the sum of the components; pass
    the printed total when a report's total does not equal the sum of its components (the
    official predikat follows the printed total).

    Raises:
        ValueError: a component missing, unknown, or outside 0–weight; a total outside 0–100.
    """
    if isinstance(components, pd.DataFrame):
        frame = components[components["component"] != "total"]
        if frame["component"].duplicated().any():
            raise ValueError("components of more than one entity/year given: filter to one first")
        comp = dict(zip(frame["component"], pd.to_numeric(frame["value"], errors="coerce")))
    else:
        comp = dict(components)
    unknown = set(comp) - set(AKIP_COMPONENT_WEIGHTS)
    missing = set(AKIP_COMPONENT_WEIGHTS) - set(comp)
    if unknown or missing:
        raise ValueError(
            "AKIP components must be exactly " + ", ".join(AKIP_COMPONENT_WEIGHTS)
            + (f"; unknown: {', '.join(sorted(unknown))}" if unknown else "")
            + (f"; missing: {', '.join(sorted(missing))}" if missing else "")
        )
    total_sum = 0.0
    for name, weight in AKIP_COMPONENT_WEIGHTS.items():
        v = comp[name]
        if v is None or pd.isna(v) or not 0 <= float(v) <= weight:
            raise ValueError(f"component {name} = {v!r} is not between 0 and its weight {weight:g}")
        total_sum += float(v)
    base = total_sum if total is None else float(total)
    if not 0 <= base <= 100:
        raise ValueError(f"AKIP total {total!r} is outside 0–100")
    rows = []
    for name, weight in AKIP_COMPONENT_WEIGHTS.items():
        v = float(comp[name])
        if_full = min(base + weight - v, 100.0)
        rows.append(
            {"component": name, "weight": weight, "score": v, "share": v / weight * 100.0,
             "headroom": weight - v, "total_if_full": if_full, "grade_if_full": akip_grade(if_full)}
        )
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------------------------------
# teaching examples from the real data
# --------------------------------------------------------------------------------------------------

#: Kinds of teaching example :func:`pick_example` looks for, with a short description.
EXAMPLE_KINDS: dict[str, str] = {
    "higher_is_better": "higher-is-better IKU with a numeric target and realisasi",
    "lower_is_better": "lower-is-better IKU with a numeric target and realisasi",
    "negative_realisasi": "IKU with a negative realisasi (or target)",
    "text_target": "IKU with a text target (an opinion, a predikat, a composite count)",
}


@dataclass(frozen=True)
class TeachingExample:
    """One real indicator used as a worked example.

    Attributes:
        kind: one of :data:`EXAMPLE_KINDS`.
        entity, entity_name, year: where the figure comes from.
        indicator_id, name, polarity, unit: the indicator.
        target_text, realisasi_text, capaian_printed_text: as printed (``None`` if not printed).
        target, realisasi: the parsed numbers (``None`` for text).
        capaian: recomputed capaian (``None`` for a text target without a numeric rule).
        rule, status, note: from the scorecard (:func:`lkip_helpers.scorecard.iku_scorecard`).
        iku_no: IKU number in its report (``None`` for a benchmark).
        source: ``"own"`` (the entity's own IKU), ``"other_report"`` (another report's IKU) or
            ``"regional_benchmark"``.
        explanation: one sentence saying where the example comes from and, when borrowed, why.
    """

    kind: str
    entity: str
    entity_name: str
    year: int
    indicator_id: str
    name: str
    polarity: str
    unit: str | None
    target_text: str | None
    realisasi_text: str | None
    capaian_printed_text: str | None
    target: float | None
    realisasi: float | None
    capaian: float | None
    rule: str | None
    status: str | None
    note: str | None
    iku_no: int | None
    source: str
    explanation: str

    @property
    def borrowed(self) -> bool:
        """``True`` when the example is not the entity's own IKU."""
        return self.source != "own"


def _opt(x: object) -> object:
    return None if x is None or (isinstance(x, float) and math.isnan(x)) or x is pd.NA else x


def _matches_kind(frame: pd.DataFrame, kind: str) -> pd.Series:
    target = pd.to_numeric(frame["target"], errors="coerce")
    real = pd.to_numeric(frame["realisasi"], errors="coerce")
    numeric = target.notna() & real.notna()
    if kind == "higher_is_better":
        return (frame["polarity"] == kind) & numeric & (target > 0) & (real >= 0)
    if kind == "lower_is_better":
        return (frame["polarity"] == kind) & numeric & (target > 0) & (real > 0)
    if kind == "negative_realisasi":
        return numeric & ((real < 0) | (target < 0))
    if kind == "text_target":
        return target.isna() & frame["target_text"].notna() & (frame["target_text"].astype(str).str.strip() != "")
    raise ValueError(f"unknown example kind {kind!r} (one of: {', '.join(EXAMPLE_KINDS)})")


def _scorecard_pool(ds: Dataset, entity: str, year: int, kind: str) -> pd.DataFrame:
    from .scorecard import iku_scorecard

    card = iku_scorecard(ds, entity, year)
    pool = card[_matches_kind(card, kind)].copy()
    # prefer rows whose printed capaian follows from the printed inputs, and (text targets) rows
    # with a realisasi, so the first example is the clearest one; then IKU order
    pool["_mismatch"] = pool["capaian_matches"].eq(False).astype(int)
    pool["_no_value"] = (pool["realisasi_text"].isna() | (pool["status"] == "belum ada nilai")).astype(int)
    pool = pool.sort_values(["_mismatch", "_no_value", "iku_no"])
    pool["entity"], pool["year"] = entity, year
    return pool


def _benchmark_pool(ds: Dataset, kind: str) -> pd.DataFrame:
    """Regional benchmark rows printed with both a target and a realisasi, scored like an IKU."""
    from .measurement import capaian_from_text, status

    rb = ds.tables["regional_benchmarks"]
    wide = rb[rb["measure"].isin(["target", "realisasi", "capaian"])].pivot_table(
        index=["entity_id", "indicator_id", "year"], columns="measure", values="value_text", aggfunc="first"
    )
    if wide.empty or not {"target", "realisasi"} <= set(wide.columns):
        return pd.DataFrame()
    wide = wide.dropna(subset=["target", "realisasi"]).reset_index()
    ind = ds.tables["indicators"].set_index("indicator_id")
    rows = []
    for r in wide.itertuples(index=False):
        polarity = ind.at[r.indicator_id, "polarity"]
        res = capaian_from_text(r.target, r.realisasi, polarity)
        rows.append({
            "entity": r.entity_id, "year": int(r.year), "indicator_id": r.indicator_id, "name": ind.at[r.indicator_id, "name"],
            "polarity": polarity, "unit": ind.at[r.indicator_id, "unit"], "target_text": r.target,
            "realisasi_text": r.realisasi, "capaian_printed_text": getattr(r, "capaian", None),
            "target": _number_or_none(r.target), "realisasi": _number_or_none(r.realisasi),
            "capaian": res.value, "rule": res.rule, "status": status(res.value, res.achieved), "note": res.note,
            "iku_no": None,
        })
    pool = pd.DataFrame(rows)
    if pool.empty:
        return pool
    return pool[_matches_kind(pool, kind)].sort_values(["entity", "year", "indicator_id"])


def _number_or_none(text: object) -> float | None:
    """:func:`lkip_helpers.numbers.parse_number`, ``None`` for text that is not a number."""
    try:
        return parse_number(text)
    except NumberParseError:
        return None


def _other_reports(ds: Dataset, entity: str, year: int) -> list[tuple[str, int]]:
    ents = ds.tables["entities"].set_index("entity_id")
    parent = ents["parent_id"].get(entity)
    children = set(ents.index[ents["parent_id"] == entity])
    pairs = [(e, int(y)) for e, y in ds.entity_years().itertuples(index=False) if (e, int(y)) != (entity, year)]

    def order(p: tuple[str, int]) -> tuple[int, int, str]:
        e, y = p
        rank = 0 if e == entity else 1 if e == parent else 2 if e in children else 3
        return rank, abs(y - year), e

    return sorted(pairs, key=order)


def example_candidates(ds: Dataset, entity: str, year: int, kind: str) -> pd.DataFrame:
    """Every candidate of ``kind`` in the search order of :func:`pick_example`.

    Columns are the scorecard's (``entity``, ``year``, ``indicator_id``, ``name``, ``polarity``,
    ``target_text``, ``realisasi_text``, ``capaian`` ...) plus ``source``.

    Raises:
        ParameterError: unknown entity or year; ValueError: unknown kind.
    """
    ds.check_entity_year(entity, year)
    if kind not in EXAMPLE_KINDS:
        raise ValueError(f"unknown example kind {kind!r} (one of: {', '.join(EXAMPLE_KINDS)})")
    frames = [_scorecard_pool(ds, entity, year, kind).assign(source="own")]
    for e, y in _other_reports(ds, entity, year):
        frames.append(_scorecard_pool(ds, e, y, kind).assign(source="other_report"))
    frames.append(_benchmark_pool(ds, kind).assign(source="regional_benchmark"))
    frames = [f for f in frames if not f.empty]
    if not frames:
        return pd.DataFrame(columns=["entity", "year", "indicator_id", "name", "polarity", "source"])
    return pd.concat(frames, ignore_index=True).drop(columns=["_mismatch", "_no_value"], errors="ignore")


def _entity_name(ds: Dataset, entity: str) -> str:
    ents = ds.tables["entities"].set_index("entity_id")
    return str(ents["name"].get(entity, entity))


def pick_example(ds: Dataset, entity: str, year: int, kind: str, *, skip: int = 0) -> TeachingExample | None:
    """A real example of ``kind`` for the lesson on ``entity``'s report of ``year``.

    Search order: the entity's own IKU scorecard (rows whose printed capaian follows from their
    inputs first, then by IKU number); then the IKU of the other reports in the data (the
    entity's parent first, then its children, then the rest, nearest year first); then regional
    benchmarks printed with a target and a realisasi. ``skip`` passes over the first candidates
    (``skip=1`` gives a second, different example, e.g. for an exercise after a worked example).
    ``None`` when the data hold no such case at all.

    Raises:
        ParameterError: unknown entity or year; ValueError: unknown kind or a negative ``skip``.
    """
    if skip < 0:
        raise ValueError("skip must be ≥ 0")
    cands = example_candidates(ds, entity, year, kind)
    if len(cands) <= skip:
        return None
    row = cands.iloc[skip]
    own_name = _entity_name(ds, entity)
    src_name = _entity_name(ds, row["entity"])
    what = EXAMPLE_KINDS[kind].split(" (")[0]
    iku_no = _opt(row.get("iku_no"))
    label = f"IKU {int(iku_no)}, {row['name']}" if iku_no is not None else str(row["name"])
    if row["source"] == "own":
        explanation = f"From {own_name}'s own LKIP {year}: {label}."
    else:
        n_own = int((cands["source"] == "own").sum())
        why = (
            f"{own_name} has no {what} in its LKIP {year}"
            if n_own == 0
            else f"{own_name} has only {n_own} {what} in its LKIP {year}"
        )
        where = (
            f"{src_name}'s LKIP {int(row['year'])}"
            if row["source"] == "other_report"
            else f"the regional benchmarks ({src_name}, {int(row['year'])})"
        )
        explanation = f"{why}, so this example is borrowed from {where}: {label}."
    return TeachingExample(
        kind=kind, entity=str(row["entity"]), entity_name=src_name, year=int(row["year"]),
        indicator_id=str(row["indicator_id"]), name=str(row["name"]), polarity=str(row["polarity"]),
        unit=_opt(row.get("unit")), target_text=_opt(row.get("target_text")),
        realisasi_text=_opt(row.get("realisasi_text")), capaian_printed_text=_opt(row.get("capaian_printed_text")),
        target=_opt(row.get("target")), realisasi=_opt(row.get("realisasi")), capaian=_opt(row.get("capaian")),
        rule=_opt(row.get("rule")), status=_opt(row.get("status")), note=_opt(row.get("note")),
        iku_no=None if iku_no is None else int(iku_no), source=str(row["source"]), explanation=explanation,
    )


@dataclass(frozen=True)
class BorrowedTable:
    """A table of real figures for a lesson section, with where it comes from.

    Attributes:
        entity, entity_name, year: whose figures these are.
        frame: the rows (see the function that returns it).
        source: ``"own"`` or ``"other_report"``.
        explanation: one sentence saying where the figures come from and, when borrowed, why.
        detail: an extra label (the IKM period, ...), or ``None``.
    """

    entity: str
    entity_name: str
    year: int
    frame: pd.DataFrame
    source: str
    explanation: str
    detail: str | None = None

    @property
    def borrowed(self) -> bool:
        """``True`` when the figures are not the lesson entity's own."""
        return self.source != "own"


def _borrow(ds: Dataset, entity: str, year: int, finder, what: str, *, skip: int = 0) -> BorrowedTable | None:
    """The ``skip``-th candidate of ``finder`` over the reports (own first, then
    :func:`_other_reports` order); ``finder(entity, year)`` returns a list of ``(frame, detail)``."""
    ds.check_entity_year(entity, year)
    if skip < 0:
        raise ValueError("skip must be ≥ 0")
    own_name = _entity_name(ds, entity)
    seen = 0
    for e, y in [(entity, year), *_other_reports(ds, entity, year)]:
        for frame, detail in finder(e, y):
            if seen < skip:
                seen += 1
                continue
            name = _entity_name(ds, e)
            if (e, y) == (entity, year):
                return BorrowedTable(e, name, y, frame, "own", f"From {own_name}'s own LKIP {year}.", detail)
            return BorrowedTable(
                e, name, y, frame, "other_report",
                f"{own_name}'s LKIP {year} has no {what}, so these figures are borrowed from {name}'s LKIP {y}.", detail,
            )
    return None


def akip_components_example(ds: Dataset, entity: str, year: int) -> BorrowedTable | None:
    """The AKIP components (``akip_components`` rows, ``total`` included) for the lesson.

    The entity's own of ``year`` when printed, else another report's (search order of
    :func:`pick_example`); ``None`` when no report prints them. ``frame`` has ``component``,
    ``weight``, ``value``, ``value_text``, ``predicate_text``, ``document_id``, ``source_ref``, in the order of
    :data:`lkip_helpers.measurement.AKIP_COMPONENT_WEIGHTS` then ``total``.

    Raises:
        ParameterError: unknown entity or year.
    """
    ak = ds.tables["akip_components"]
    order = {c: i for i, c in enumerate([*AKIP_COMPONENT_WEIGHTS, "total"])}

    def finder(e: str, y: int):
        rows = ak[(ak["entity_id"] == e) & (ak["year"] == y)]
        if not set(AKIP_COMPONENT_WEIGHTS) <= set(rows["component"]):
            return []
        rows = rows.assign(_o=rows["component"].map(order)).sort_values("_o")
        cols = ["component", "weight", "value", "value_text", "predicate_text", "document_id", "source_ref"]
        return [(rows[cols].reset_index(drop=True), None)]

    return _borrow(ds, entity, year, finder, "AKIP component scores")


#: Periods tried for the IKM lesson, the most complete first.
_IKM_PERIODS: tuple[str, ...] = ("annual", "Q4", "S2", "Q3", "S1", "Q2", "Q1")


def ikm_nrr_example(
    ds: Dataset, entity: str, year: int, service: str = "semua-layanan", *, skip: int = 0
) -> BorrowedTable | None:
    """Per-unsur NRR of one survey period for the IKM lesson.

    The entity's own ``ikm_unsur`` rows of ``year`` when it prints NRR, else another report's
    (search order of :func:`pick_example`). The period is the first of annual, Q4, S2, Q3, S1,
    Q2, Q1 with NRR printed (``detail``); ``skip=1`` gives the next period (or report), e.g. for
    an exercise after the worked example. ``frame``: ``unsur``, ``unsur_name``, ``nrr``,
    ``ikm_printed`` (the printed per-unsur IKM, NaN if none), ``source_ref``.
    ``None`` when no report prints per-unsur NRR.

    Raises:
        ParameterError: unknown entity or year.
    """
    u = ds.tables["ikm_unsur"]

    def finder(e: str, y: int):
        rows = u[(u["entity_id"] == e) & (u["year"] == y) & (u["service"] == service)]
        found = []
        for period in _IKM_PERIODS:
            p = rows[rows["period"] == period]
            nrr = p[p["measure"] == "nrr"]
            if nrr["value"].notna().any():
                ikm = p[p["measure"] == "ikm"].set_index("unsur")["value"]
                out = nrr[["unsur", "unsur_name", "value", "source_ref"]].rename(columns={"value": "nrr"})
                out = out.assign(ikm_printed=out["unsur"].map(ikm).astype(float)).sort_values("unsur")
                found.append((out[["unsur", "unsur_name", "nrr", "ikm_printed", "source_ref"]].reset_index(drop=True), period))
        return found

    return _borrow(ds, entity, year, finder, "per-unsur NRR of its IKM survey", skip=skip)


def pick_forecast_indicator(summary: pd.DataFrame) -> str | None:
    """The indicator to use for the forecast lesson from a forecast summary table.

    ``summary`` is :attr:`lkip_helpers.forecasting.EntityForecast.summary` (``indicator_id``,
    ``iku_no``, ``status``, ``p_meet``, ``progress``). Preference: a forecast with a future
    target (a probability of meeting it), then a forecast with a progress class, then any
    forecast; IKU order within each. ``None`` when nothing could be forecast.
    """
    f = summary[summary["status"] == "forecast"]
    if f.empty:
        return None
    rank = (
        f["p_meet"].isna().astype(int) * 2 + f["progress"].isna().astype(int)
        if {"p_meet", "progress"} <= set(f.columns)
        else pd.Series(0, index=f.index)
    )
    order = f.assign(_r=rank, _n=pd.to_numeric(f.get("iku_no"), errors="coerce")).sort_values(["_r", "_n"], kind="stable")
    return str(order["indicator_id"].iloc[0])


def exercise_progress(results: Mapping[str, CheckResult]) -> pd.DataFrame:
    """One row per exercise: ``exercise`` (the key), ``asks``, ``verdict``; then a total row
    counting the correct answers (``"3 of 6 correct"``)."""
    rows = [{"exercise": k, "asks": r.exercise, "verdict": r.verdict} for k, r in results.items()]
    n_ok = sum(r.correct for r in results.values())
    rows.append({"exercise": "total", "asks": "", "verdict": f"{n_ok} of {len(results)} correct"})
    return pd.DataFrame(rows, columns=["exercise", "asks", "verdict"])
