"""Self-checking exercises for teaching SAKIP evaluation.

A learner edits one value in a notebook cell and a checker says whether it is right and why::

    my_answer = None  # type your capaian here
    check_capaian(my_answer, target=77.0, realisasi=67.10, polarity="higher_is_better")

Every checker returns a :class:`CheckResult` whose text (its ``repr``, what the notebook shows)
starts with one of

* ``Correct:`` — within the stated tolerance, with the worked formula;
* ``Not quite:`` — the right value, the tolerance, the formula with the numbers filled in, and a
  diagnosis of a common slip where one is recognised (the higher-is-better formula used for a
  lower-is-better indicator, a ratio given instead of percent, a forgotten × 25 ...). A slip is
  named only when the answer is within the same ``tolerance`` of what that slip gives (exact or
  rounded to 2 decimals) as a right answer must be of the right value, so a near miss is never
  blamed on a slip the learner did not make;
* ``Not answered yet:`` — the answer is ``None`` (or an empty string): a hint, never an error, so
  a notebook with unanswered exercises runs;
* ``Cannot read your answer:`` — a text that is not a number (or not a grade).

Numeric answers may be numbers or strings written either way (``87.14``, ``"87,14"``,
``"87.14%"``); a single ``.`` or ``,`` is read as the decimal separator. Numeric answers are
accepted when they are within ``tolerance`` (default 0.01, the reports' printed resolution) of
the correct value, exact or rounded to 2 decimals as printed (87.13 and 87.15 are accepted for
87.142857…, shown as 87.14); grades are compared ignoring case and spaces.
:func:`exercise_progress` tabulates the verdicts of a lesson.

The correct values come from :mod:`lkip_helpers.measurement` (the formulas the notebooks use),
so a lesson and the analysis can never disagree. The real examples the exercises are set on come
from :mod:`lkip_helpers.primer.teaching`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from lkip_helpers.measurement import (
    AKIP_BANDS,
    AKIP_GRADES,
    IKM_BANDS,
    akip_grade,
    capaian_detail,
    ikm_from_nrr,
    mutu_pelayanan,
    round_half_up,
    serapan,
)
from lkip_helpers.data.i18n import format_number, translate
from lkip_helpers.data.numbers import NumberParseError, parse_number
from lkip_helpers.notebook.messages import phrase

__all__ = [
    "DEFAULT_TOLERANCE",
    "CheckResult",
    "capaian_working",
    "check_akip_grade",
    "check_capaian",
    "check_ikm",
    "check_mutu",
    "check_serapan",
    "exercise_progress",
]

Verdict = Literal["correct", "incorrect", "not answered yet", "unreadable", "no exercise"]

#: Default absolute tolerance of numeric answers (percent points or index points).
DEFAULT_TOLERANCE: float = 0.01

#: the first words of a result's message, per verdict (English; translated when the result is made)
_PREFIX: dict[str, str] = {
    "correct": "Correct: ",
    "incorrect": "Not quite: ",
    "not answered yet": "Not answered yet: ",
    "unreadable": "Cannot read your answer: ",
    "no exercise": "No exercise here: ",
}


@dataclass(frozen=True)
class CheckResult:
    """The verdict on one exercise answer.

    Attributes:
        exercise: what was asked (``"capaian"``, ``"AKIP predikat"``, ...).
        verdict: ``"correct"``, ``"incorrect"``, ``"not answered yet"``, ``"unreadable"`` or
            ``"no exercise"`` (the data hold nothing to pose it on; see :func:`no_exercise`).
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
    return CheckResult(exercise, verdict, translate(_PREFIX[verdict]) + body, answer, expected, tol)


def _fmt(value: float, nd: int = 2) -> str:
    return format_number(round_half_up(value, nd), nd)


def _num_text(value: float) -> str:
    """A number as a reader writes it, in the reader's notation: 2 decimals unless it has more
    (67,10, 4,01, 3,742 / 67.10, 4.01, 3.742)."""
    v = float(value)
    if round(v, 2) == v:
        return format_number(v, 2)
    return format_number(v, max(2, len(f"{v:g}".partition(".")[2])))


def _short_text(value: float) -> str:
    """``value`` with as few decimals as it needs (``0.1``, ``88``), in the reader's notation."""
    text = f"{float(value):g}"
    return text if "e" in text else format_number(float(value), len(text.partition(".")[2]))


def _is_blank(answer: object) -> bool:
    if answer is None:
        return True
    return isinstance(answer, str) and not answer.strip()


def _read_number(answer: object) -> float:
    """A learner's numeric answer as a float.

    Numbers pass through; strings are read with :func:`lkip_helpers.data.numbers.parse_number`, a lone
    ``.`` being a decimal point (``"87.142"`` → 87.142, not eighty-seven thousand).

    Raises:
        ValueError: a bool, NaN/inf, a missing marker (``"N/A"``) or text that is not a number.
    """
    if isinstance(answer, bool):
        raise ValueError(phrase("{answer} is a yes/no value, not a number", answer=repr(answer)))
    if isinstance(answer, (int, float)):
        v = float(answer)
    elif isinstance(answer, str):
        text = answer.strip()
        decimal = "." if text.count(".") == 1 and "," not in text else None
        try:
            parsed = parse_number(text, decimal=decimal)
        except NumberParseError:
            raise ValueError(phrase("{answer} is not a number", answer=repr(answer))) from None
        if parsed is None:
            raise ValueError(phrase("{answer} is not a number", answer=repr(answer)))
        v = parsed
    else:
        try:
            v = float(answer)  # numpy scalars, Decimal, ...
        except (TypeError, ValueError):
            raise ValueError(phrase("{answer} (a {type}) is not a number", answer=repr(answer),
                                    type=type(answer).__name__)) from None
    if math.isnan(v) or math.isinf(v):
        raise ValueError(phrase("{answer} is not a finite number", answer=repr(answer)))
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
        return _result(exercise, "not answered yet", phrase("replace None with your answer. Hint: {hint}", hint=hint),
                       answer, printed, tol)
    try:
        value = _read_number(answer)
    except ValueError as exc:
        message = phrase("{error}. Type a number such as 87.14 (a decimal comma, \"87,14\", also works).", error=exc)
        return _result(exercise, "unreadable", message, answer, printed, tol)
    tol_text = phrase("answers within ±{tol} {unit} of {shown} are accepted", tol=_short_text(tol), unit=unit, shown=shown)

    def close(v: float, target: float) -> bool:  # near the exact value or the value as printed
        return _within(v, target, tol) or _within(v, float(round_half_up(target, 2) or 0.0), tol)

    if close(value, exp):
        return _result(exercise, "correct", phrase("{shown} {unit} ({tolerance}). {working}", shown=shown, unit=unit,
                                                   tolerance=tol_text, working=working), answer, printed, tol)
    for alt, why in also_accept:
        if alt is not None and close(value, alt):
            return _result(
                exercise, "correct", phrase("{alt} {unit} — {why} ({tolerance}, or of {alt}). {working}", alt=_fmt(alt),
                                            unit=unit, why=why, tolerance=tol_text, working=working),
                answer, printed, tol,
            )
    diagnosis = ""
    for slip_value, why in slips:
        # the same window as a right answer: within the tolerance of the slip's exact value or of
        # that value rounded to 2 decimals; a near miss that is no known slip gets no diagnosis
        if slip_value is not None and close(value, slip_value):
            diagnosis = " " + phrase("It looks like {why}.", why=why)
            break
    return _result(
        exercise,
        "incorrect",
        phrase("you answered {value}, the right value is {shown} {unit} ({tolerance}).{diagnosis} {working}",
               value=_short_text(value), shown=shown, unit=unit, tolerance=tol_text, diagnosis=diagnosis, working=working),
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
    if polarity == "higher_is_better":
        return phrase("higher-is-better, so capaian = realisasi / target × 100 = {a} / {b} × 100 = {value} %",
                      a=_num_text(a), b=_num_text(b), value=_fmt(res.value))
    return phrase("lower-is-better, so capaian = target / realisasi × 100 = {a} / {b} × 100 = {value} %",
                  a=_num_text(a), b=_num_text(b), value=_fmt(res.value))


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
    if polarity == "higher_is_better":
        swap_slip = phrase("you used target / realisasi × 100, the formula for lower-is-better indicators")
        hint = phrase("this indicator is higher-is-better, so capaian = realisasi / target × 100.")
    else:
        swap_slip = phrase("you used realisasi / target × 100, the formula for higher-is-better indicators")
        hint = phrase("this indicator is lower-is-better, so capaian = target / realisasi × 100.")
    slips = [
        (swapped, swap_slip),
        (expected / 100.0, phrase("you gave a ratio; capaian is in percent (× 100)")),
        (realisasi - target, phrase("you computed realisasi − target, a gap, not a capaian")),
    ]
    return _numeric_check("capaian", answer, expected, tol, unit="%", working=phrase("Formula: {working}.", working=working),
                          hint=hint, slips=slips)


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
    working = phrase("Formula: serapan = realisasi / pagu × 100 = {realisasi} / {pagu} × 100 = {value} %.",
                     realisasi=format_number(realisasi, 0), pagu=format_number(pagu, 0), value=_fmt(expected))
    slips = [
        (pagu / realisasi * 100.0 if realisasi else None, phrase("you divided pagu by realisasi (upside down)")),
        (expected / 100.0, phrase("you gave a ratio; serapan is in percent (× 100)")),
        (100.0 - expected, phrase("you computed the tingkat efisiensi (100 − serapan), the unspent share")),
    ]
    return _numeric_check(
        "serapan", answer, expected, tol, unit="%", working=working,
        hint=phrase("serapan = realisasi anggaran / pagu × 100 (how much of the budget was spent)."), slips=slips,
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
    working = phrase("Formula: IKM = mean NRR × 25 = ({terms}) / {n} × 25 = {mean} × 25 = {value}.",
                     terms=" + ".join(_num_text(v) for v in values), n=len(values), mean=format_number(mean, 4),
                     value=_fmt(expected))
    slips = [
        (mean, phrase("you stopped at the mean NRR (1–4 scale); multiply by 25 for the 25–100 IKM scale")),
        (sum(values) * 25.0, phrase("you summed the NRR instead of averaging them")),
        (sum(values) * 0.111 * 25.0, phrase("you weighted each unsur by 0.111; the exact weight is 1/9 (the mean)")),
    ]
    also = []
    if per_unsur is not None and round_half_up(per_unsur, 2) != round_half_up(expected, 2):
        also.append((per_unsur, phrase("the variant that rounds each unsur's NRR × 25 first, as some reports print it")))
    return _numeric_check(
        "IKM", answer, expected, tol, unit=phrase("points"), working=working,
        hint=phrase("IKM = the mean of the unsur NRR (each on a 1–4 scale) × 25."), slips=slips, also_accept=also,
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
        raise ValueError(phrase("{answer} is not a predikat: type one of {valid} in quotes, e.g. \"{example}\"",
                                answer=repr(answer), valid=", ".join(valid), example=valid[2]))
    text = answer.strip().strip("'\"").strip().upper()
    head = text.split("(")[0].split()[0] if text.split("(")[0].split() else ""
    for candidate in (text, head):
        if candidate in valid:
            return candidate
    raise ValueError(phrase("{answer} is not one of {valid}", answer=repr(answer), valid=", ".join(valid)))


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
    band = f"{'0' if expected == 'D' else '>' + format(lo, 'g')}–{hi:g}"
    where = phrase("{score} lies in {grade} ({band})", score=_fmt(score), grade=expected, band=band)
    if _is_blank(answer):
        return _result("AKIP predikat", "not answered yet",
                       phrase("replace None with a predikat in quotes, e.g. \"B\". Hint: the bands are {bands}.", bands=bands),
                       answer, expected, None)
    try:
        grade = _read_grade(answer, tuple(reversed(AKIP_GRADES)))
    except ValueError as exc:
        return _result("AKIP predikat", "unreadable", f"{exc}.", answer, expected, None)
    if grade == expected:
        return _result("AKIP predikat", "correct", f"{where}.", answer, expected, None)
    boundary = ""
    if any(round_half_up(score, 2) == b for _g, b, _h in AKIP_BANDS if b > 0):
        boundary = " " + phrase("A score exactly on a boundary belongs to the lower band.")
    return _result(
        "AKIP predikat", "incorrect",
        phrase("you answered {grade}, but {where}.{boundary} Bands: {bands}.", grade=grade, where=where, boundary=boundary,
               bands=bands), answer, expected, None,
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
    bands = ", ".join(f"{g} ≥{format_number(low, 2)} {lab}" for g, lab, low in IKM_BANDS)
    if _is_blank(answer):
        return _result("mutu pelayanan", "not answered yet",
                       phrase("replace None with a letter in quotes, e.g. \"B\". Hint: the bands are {bands}.", bands=bands),
                       answer, expected, None)
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
        return _result("mutu pelayanan", "correct", phrase("IKM {ikm} is mutu {grade} ({label}).", ikm=_fmt(ikm),
                                                            grade=expected, label=label), answer, expected, None)
    return _result(
        "mutu pelayanan", "incorrect",
        phrase("you answered {answer}, but IKM {ikm} is mutu {grade} ({label}). Bands: {bands}.", answer=grade,
               ikm=_fmt(ikm), grade=expected, label=label, bands=bands), answer, expected, None,
    )


# --------------------------------------------------------------------------------------------------
# progress
# --------------------------------------------------------------------------------------------------


def no_exercise(exercise: str, reason: str) -> CheckResult:
    """The result of an exercise the data cannot pose (no report prints what it needs): says why,
    and counts as neither correct nor answered in :func:`exercise_progress`."""
    return _result(exercise, "no exercise", reason, None, "", None)


def exercise_progress(results: Mapping[str, CheckResult]) -> pd.DataFrame:
    """One row per exercise: ``exercise`` (the key), ``asks``, ``verdict``; then a total row
    counting the correct answers (``"3 of 6 correct"``)."""
    rows = [{"exercise": k, "asks": r.exercise, "verdict": r.verdict} for k, r in results.items()]
    n_ok = sum(r.correct for r in results.values())
    posed = sum(r.verdict != "no exercise" for r in results.values())
    rows.append({"exercise": translate("total"), "asks": "", "verdict": phrase("{n} of {total} correct", n=n_ok, total=posed)})
    return pd.DataFrame(rows, columns=["exercise", "asks", "verdict"])
