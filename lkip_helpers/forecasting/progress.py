"""Will a target be met? Probability, SDG-tracker progress classes and target suggestions.

Probability
    From the predictive distribution of the target year: ``P(value ≥ target)`` for
    ``higher_is_better``, ``P(value ≤ target)`` for ``lower_is_better``. A target within the
    bound band of a bounded indicator (:data:`~.models.BOUND_EPS`, 0.1 point on a 0–100 scale)
    is read as the bound: a target of 100 % means "at least 99.9 %" (the model scale cannot
    tell the two apart), and a perfect fit (point mass) gives 0 or 1 by comparison.

Progress (Open SDG's progress measure, Statistics Canada; the same idea as ESCAP's "anticipated
progress"): compare the annual change **required** to reach the target on time with the annual
change **anticipated** (or observed), as a ratio of growth rates.

* growth rate from ``x0`` in year ``t0`` to ``x1`` in year ``t1`` (compound annual growth rate)::

      CAGR = (x1 / x0) ** (1 / (t1 - t0)) - 1

  and, when any value involved is ≤ 0 (growth-rate indicators can be negative), the absolute
  annual change ``(x1 - x0) / (t1 - t0)`` for every rate of that assessment;
* **anticipated** (target year after the last observation ``(t_last, x_last)``, with a
  forecast)::

      required    = rate(x_last → target,            t_last → T)
      anticipated = rate(x_last → median forecast_T, t_last → T)
      R = anticipated / required

* **observed** (Open SDG's measure from the base observation ``(t0, x0)``, the first one):
  used for a target year not after the last observation (e.g. the RPJMD end-target in the
  report year), and for a future target when there is no forecast (only two observations:
  Open SDG needs just a base and a latest value)::

      required = rate(x0 → target, t0 → T),   observed = rate(x0 → x_last, t0 → t_last)
      R = observed / required

  For a future target on this basis the value "anticipated" for ``T`` (used only for the
  "already reached" check below) is the observed rate continued from the last observation:
  ``x_last (1 + r)^(T - t_last)`` (CAGR) or ``x_last + r (T - t_last)`` (absolute change).
* growth-rate indicators (kind ``"growth rate"``: PAD growth, inflation) always use the
  absolute annual change (a CAGR of a growth rate is meaningless, UNSD technical note);
* a target whose year is **not after** the last observation is judged, not projected: met
  (**target already reached**) or **not met**, the note giving the share of the change
  required since the base observation that was achieved (the ratio ``R`` is still shown);
* classes (Open SDG thresholds): ``R ≥ 0.95`` → **on track**; ``0.6 ≤ R < 0.95`` →
  **acceleration needed**; ``0 ≤ R < 0.6`` → **limited progress**; ``R < 0`` →
  **deterioration**; and

  - **target already reached**: for a target year not after the last observation, the last
    observation meets the target; for a *future* target, the last observation meets it **and**
    the value anticipated for the target year (median forecast, or the continued observed
    rate) still meets it;
  - when the last observation meets a future target but the anticipated value does not, the
    ratio is meaningless (both rates point away from a target that lies behind), so the class
    is **deterioration** with the note "currently met, at risk: …" — the recorded trend takes
    the indicator back below the target;
  - when the starting value already met a past target but the last observation does not,
    the class is **deterioration**;
  - ``neutral`` indicators have no desired direction: no class.

  "Meets" compares with ≥ (higher is better) or ≤ (lower is better); for bounded indicators
  both values are first read at the bound when within its band (see Probability).

Target suggestions (for planners; labelled as suggestions, not forecasts of policy): from the
predictive distribution of a year **under the recorded trend** (no policy information), the
value reached with probability 80 % (**conservative**), 50 % (**moderate**, the median) and
20 % (**ambitious**); for ``higher_is_better`` these are the 20th, 50th and 80th percentiles,
for ``lower_is_better`` the 80th, 50th and 20th. "Conservative" means *likely to be reached if
the recorded trend continues*, not "no worse than today": when the trend is poor or the
interval wide it can be worse than the last observation (PAD growth −18.7 % after 4.8 %).
:func:`worse_than_last` flags such suggestions so planners see them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from lkip_helpers.data.i18n import format_figure as _fig, format_percent
from lkip_helpers.notebook.messages import phrase

from .models import Predictive, Transform

__all__ = [
    "PROGRESS_CLASSES",
    "Progress",
    "assess_progress",
    "growth_rates",
    "meets",
    "probability_of_meeting",
    "progress_class",
    "recommend_targets",
    "worse_than_last",
]

#: Progress classes, best first.
PROGRESS_CLASSES: tuple[str, ...] = (
    "target already reached",
    "on track",
    "acceleration needed",
    "limited progress",
    "deterioration",
    "not met",
)
ON_TRACK = 0.95
ACCELERATION = 0.6
DIRECTED = ("higher_is_better", "lower_is_better")


def _check_polarity(polarity: str) -> None:
    if polarity not in (*DIRECTED, "neutral"):
        raise ValueError(f"polarity must be higher_is_better, lower_is_better or neutral, got {polarity!r}")


def meets(value: float, target: float, polarity: str, transform: Transform | None = None) -> bool:
    """Does ``value`` meet ``target``? (≥ for higher_is_better, ≤ for lower_is_better).

    With a ``transform``, values and targets within its bound band count as the bound
    (:meth:`~.models.Transform.snap`), as in the probabilities.
    """
    _check_polarity(polarity)
    if polarity == "neutral":
        raise ValueError("a neutral indicator has no direction: 'meeting' a target is undefined")
    if transform is not None:
        value, target = transform.snap(value), transform.snap(target)
    return value >= target if polarity == "higher_is_better" else value <= target


def probability_of_meeting(pred: Predictive, target: float, polarity: str) -> float:
    """P(value ≥ target) (higher_is_better) or P(value ≤ target) (lower_is_better).

    A target within the bound band counts as the bound ("at least 99.9" for a target of 100
    on 0–100); a point-mass forecast gives exactly 0 or 1.
    """
    _check_polarity(polarity)
    if polarity == "neutral":
        raise ValueError("a neutral indicator has no direction: no probability of meeting a target")
    return pred.prob_at_least(target) if polarity == "higher_is_better" else pred.prob_at_most(target)


def growth_rates(pairs: list[tuple[float, float, float]], absolute: bool = False) -> tuple[list[float], str]:
    """Annual rates for ``(x0, x1, years)`` triples: CAGR if every value is > 0 (and not
    ``absolute``, e.g. for a growth-rate indicator), else absolute change.

    Returns the rates and the method (``"cagr"`` or ``"absolute change"``).
    """
    for _, _, years in pairs:
        if years <= 0:
            raise ValueError(f"a growth rate needs a positive number of years, got {years}")
    if not absolute and all(x0 > 0 and x1 > 0 for x0, x1, _ in pairs):
        return [(x1 / x0) ** (1 / n) - 1 for x0, x1, n in pairs], "cagr"
    return [(x1 - x0) / n for x0, x1, n in pairs], "absolute change"


def progress_class(ratio: float) -> str:
    """The class of a ratio R of achieved over required growth (target not yet reached)."""
    if math.isnan(ratio):
        raise ValueError("ratio is NaN")
    if ratio >= ON_TRACK:
        return "on track"
    if ratio >= ACCELERATION:
        return "acceleration needed"
    if ratio >= 0:
        return "limited progress"
    return "deterioration"


@dataclass(frozen=True)
class Progress:
    """One progress assessment; rates are per year (fractions for CAGR, units for absolute change)."""

    target_year: int
    target: float
    basis: str  # "anticipated" or "observed"
    start_year: int
    start_value: float
    required_rate: float | None
    achieved_rate: float | None  # anticipated (forecast) or observed rate
    ratio: float | None
    method: str | None
    progress_class: str | None
    note: str = ""


def _continue_rate(x_last: float, rate: float, method: str, years: int, transform: Transform | None = None) -> float:
    """The last value carried forward ``years`` years at an annual ``rate``, kept inside the
    indicator's bounds (a 0–100 coverage is never continued beyond 100)."""
    x = x_last * (1 + rate) ** years if method == "cagr" else x_last + rate * years
    return transform.clip(x) if transform is not None else x


def assess_progress(
    *,
    polarity: str,
    last_year: int,
    last_value: float,
    target_year: int,
    target: float,
    anticipated_value: float | None = None,
    base_year: int | None = None,
    base_value: float | None = None,
    transform: Transform | None = None,
    kind: str | None = None,
) -> Progress:
    """Classify progress towards ``target`` in ``target_year`` (formulas in the module docstring).

    Args:
        polarity: ``higher_is_better``, ``lower_is_better`` or ``neutral`` (no class).
        last_year, last_value: the last observation.
        target_year, target: the target.
        anticipated_value: median forecast for ``target_year`` (anticipated basis). When it is
            ``None`` for a target after ``last_year`` (no forecast, e.g. two observations), the
            observed basis is used.
        base_year, base_value: the first observation (the start of the observed basis).
        transform: the indicator's bounds, so that values at a bound compare as the bound
            (and the observed rate is continued inside them).
        kind: the indicator's kind (:func:`~.series.indicator_kind`); a ``"growth rate"`` always
            uses absolute change (a CAGR of a growth rate is meaningless).

    Long because the body is one ordered list of rules (the classes of the module docstring, in the order they
    apply), kept together so that it reads as the specification; the rates are computed by
    :func:`_anticipated_rates` and :func:`_observed_rates`.

    Raises:
        ValueError: an unknown polarity.
    """
    _check_polarity(polarity)
    future = target_year > last_year
    anticipated = future and anticipated_value is not None
    has_base = base_year is not None and base_value is not None and base_year < last_year
    if anticipated or not has_base:
        start_year, start_value = last_year, last_value
    else:
        start_year, start_value = base_year, base_value
    basis = "anticipated" if anticipated else "observed"

    def result(required=None, achieved=None, ratio=None, method=None, cls=None, note="") -> Progress:
        return Progress(target_year, target, basis, start_year, start_value, required, achieved, ratio, method, cls, note)

    def met(v: float) -> bool:
        return meets(v, target, polarity, transform)

    if polarity == "neutral":
        return result(note=phrase("neutral indicator: no desired direction"))
    reached = phrase("{year} value {value} meets the target {target}", year=last_year, value=_fig(last_value), target=_fig(target))
    if not anticipated and start_year == last_year:
        if met(last_value) and not future:
            return result(cls="target already reached", note=reached)
        return result(note=phrase("only one observation up to {year}: no observed rate", year=last_year))
    absolute = kind == "growth rate"
    if anticipated:
        (required, achieved), method, ahead, how = _anticipated_rates(last_year, last_value, target_year, target,
                                                                      float(anticipated_value), absolute)
    else:
        (required, achieved), method, ahead, how = _observed_rates(start_year, start_value, last_year, last_value,
                                                                   target_year, target, absolute, transform)
    if met(last_value):
        if not future:
            return result(required, achieved, None, method, "target already reached", reached)
        if met(ahead):
            return result(required, achieved, None, method, "target already reached",
                          phrase("{reached}, and so does the {how} for {year} ({value})", reached=reached, how=how,
                                 year=target_year, value=_fig(ahead)))
        return result(required, achieved, None, method, "deterioration",
                      phrase("currently met, at risk: the {reached} but the {how} for {year} ({value}) does not",
                             reached=reached, how=how, year=target_year, value=_fig(ahead)))
    if not anticipated and met(start_value):
        return result(required, achieved, None, method, "deterioration",
                      phrase("{start} value already met the target; {last} value does not", start=start_year,
                             last=last_year))
    if required == 0:  # cannot happen when the target is not met, kept for safety
        return result(required, achieved, None, method, None, phrase("no change required"))
    ratio = achieved / required
    if not future:  # the target's year has passed: not met, with the degree of achievement
        share = (last_value - start_value) / (target - start_value) if target != start_value else float("nan")
        return result(required, achieved, ratio, method, "not met",
                      phrase("{year} value {value} does not meet the {target_year} target {target}: {share} of the "
                             "change required since {start} achieved", year=last_year, value=_fig(last_value),
                             target_year=target_year, target=_fig(target), share=format_percent(share * 100, 0),
                             start=start_year))
    return result(required, achieved, ratio, method, progress_class(ratio))


_Rates = tuple[tuple[float, float], str, float, str]


def _anticipated_rates(last_year: int, last_value: float, target_year: int, target: float,
                       anticipated_value: float, absolute: bool = False) -> _Rates:
    """(required, anticipated) rates from the last observation, their method, the value
    anticipated for ``target_year`` (the median forecast) and how it was obtained."""
    years = target_year - last_year
    rates, method = growth_rates([(last_value, target, years), (last_value, anticipated_value, years)], absolute)
    return (rates[0], rates[1]), method, anticipated_value, phrase("median forecast")


def _observed_rates(start_year: int, start_value: float, last_year: int, last_value: float, target_year: int,
                    target: float, absolute: bool = False, transform: Transform | None = None) -> _Rates:
    """(required, observed) rates from the base observation, their method, the value anticipated
    for ``target_year`` (the observed rate continued inside the bounds; the last value for a
    past target) and how."""
    (required, achieved), method = growth_rates(
        [(start_value, target, target_year - start_year), (start_value, last_value, last_year - start_year)], absolute
    )
    future = target_year > last_year
    ahead = (_continue_rate(last_value, achieved, method, target_year - last_year, transform) if future
             else last_value)
    return (required, achieved), method, ahead, phrase("observed {start}–{end} rate continued", start=start_year,
                                                       end=last_year)


def recommend_targets(pred: Predictive, polarity: str) -> dict[str, float]:
    """Suggested targets for ``pred.year`` under the recorded trend: conservative (reached with
    80 % probability), moderate (50 %, the median), ambitious (20 %).

    Returns ``{"conservative": .., "moderate": .., "ambitious": ..}``; for a neutral indicator
    only ``moderate`` (the median) is meaningful and the others are NaN. A conservative
    suggestion can be worse than today's value (see :func:`worse_than_last`).
    """
    _check_polarity(polarity)
    if polarity == "neutral":
        return {"conservative": float("nan"), "moderate": pred.median, "ambitious": float("nan")}
    if polarity == "higher_is_better":
        return {"conservative": pred.quantile(0.2), "moderate": pred.median, "ambitious": pred.quantile(0.8)}
    return {"conservative": pred.quantile(0.8), "moderate": pred.median, "ambitious": pred.quantile(0.2)}


def worse_than_last(suggestions: dict[str, float], last_value: float, polarity: str) -> str:
    """Which suggestions are worse than the last observed value (by polarity), as
    ``"conservative, moderate"``; ``""`` when none (and always for a neutral indicator)."""
    _check_polarity(polarity)
    if polarity == "neutral":
        return ""
    worse = [k for k in ("conservative", "moderate", "ambitious")
             if not math.isnan(suggestions[k])
             and (suggestions[k] < last_value if polarity == "higher_is_better" else suggestions[k] > last_value)]
    return ", ".join(worse)
