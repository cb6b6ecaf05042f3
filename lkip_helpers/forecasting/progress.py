"""Will a target be met? Probability, SDG-tracker progress classes and target suggestions.

Probability
    From the predictive distribution of the target year: ``P(value ≥ target)`` for
    ``higher_is_better``, ``P(value ≤ target)`` for ``lower_is_better``.

Progress (Open SDG's progress measure, Statistics Canada; the same idea as ESCAP's "anticipated
progress"): compare the annual change **required** to reach the target on time with the annual
change **anticipated** (or observed), as a ratio of growth rates.

* growth rate from ``x0`` in year ``t0`` to ``x1`` in year ``t1`` (compound annual growth rate)::

      CAGR = (x1 / x0) ** (1 / (t1 - t0)) - 1

  and, when any value involved is ≤ 0 (growth-rate indicators can be negative), the absolute
  annual change ``(x1 - x0) / (t1 - t0)`` for every rate of that assessment;
* **anticipated** (target year after the last observation ``(t_last, x_last)``)::

      required    = rate(x_last → target,            t_last → T)
      anticipated = rate(x_last → median forecast_T, t_last → T)
      R = anticipated / required

* **observed** (target year not after the last observation, e.g. the RPJMD end-target in the
  report year; Open SDG's "current status" from the base observation ``(t0, x0)``)::

      required = rate(x0 → target, t0 → T),   observed = rate(x0 → x_last, t0 → t_last)
      R = observed / required

* classes (Open SDG thresholds): the last observation already meets the target → **target
  already reached**; ``R ≥ 0.95`` → **on track**; ``0.6 ≤ R < 0.95`` → **acceleration
  needed**; ``0 ≤ R < 0.6`` → **limited progress**; ``R < 0`` → **deterioration**. When the
  starting value already met the target but the last observation does not, the class is
  deterioration. ``neutral`` indicators have no desired direction: no class.

Target suggestions (for planners; labelled as suggestions, not forecasts of policy): from the
predictive distribution of a year, the value reached with probability 80 % (**conservative**),
50 % (**moderate**, the median) and 20 % (**ambitious**); for ``higher_is_better`` these are the
20th, 50th and 80th percentiles, for ``lower_is_better`` the 80th, 50th and 20th.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .models import Predictive

__all__ = [
    "PROGRESS_CLASSES",
    "Progress",
    "assess_progress",
    "growth_rates",
    "meets",
    "probability_of_meeting",
    "progress_class",
    "recommend_targets",
]

#: Progress classes, best first.
PROGRESS_CLASSES: tuple[str, ...] = (
    "target already reached",
    "on track",
    "acceleration needed",
    "limited progress",
    "deterioration",
)
ON_TRACK = 0.95
ACCELERATION = 0.6
DIRECTED = ("higher_is_better", "lower_is_better")


def _check_polarity(polarity: str) -> None:
    if polarity not in (*DIRECTED, "neutral"):
        raise ValueError(f"polarity must be higher_is_better, lower_is_better or neutral, got {polarity!r}")


def meets(value: float, target: float, polarity: str) -> bool:
    """Does ``value`` meet ``target``? (≥ for higher_is_better, ≤ for lower_is_better)."""
    _check_polarity(polarity)
    if polarity == "neutral":
        raise ValueError("a neutral indicator has no direction: 'meeting' a target is undefined")
    return value >= target if polarity == "higher_is_better" else value <= target


def probability_of_meeting(pred: Predictive, target: float, polarity: str) -> float:
    """P(value ≥ target) (higher_is_better) or P(value ≤ target) (lower_is_better)."""
    _check_polarity(polarity)
    if polarity == "neutral":
        raise ValueError("a neutral indicator has no direction: no probability of meeting a target")
    return pred.prob_at_least(target) if polarity == "higher_is_better" else pred.prob_at_most(target)


def growth_rates(pairs: list[tuple[float, float, float]]) -> tuple[list[float], str]:
    """Annual rates for ``(x0, x1, years)`` triples: CAGR if every value is > 0, else absolute change.

    Returns the rates and the method (``"cagr"`` or ``"absolute change"``).
    """
    for _, _, years in pairs:
        if years <= 0:
            raise ValueError(f"a growth rate needs a positive number of years, got {years}")
    if all(x0 > 0 and x1 > 0 for x0, x1, _ in pairs):
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
) -> Progress:
    """Classify progress towards ``target`` in ``target_year`` (formulas in the module docstring).

    Args:
        polarity: ``higher_is_better``, ``lower_is_better`` or ``neutral`` (no class).
        last_year, last_value: the last observation.
        target_year, target: the target.
        anticipated_value: median forecast for ``target_year`` (needed when it is after
            ``last_year``).
        base_year, base_value: the first observation (needed when ``target_year`` is not after
            ``last_year``: the observed basis).

    Raises:
        ValueError: a missing input for the basis that applies, or an unknown polarity.
    """
    _check_polarity(polarity)
    anticipated = target_year > last_year
    if anticipated:
        if anticipated_value is None:
            raise ValueError(f"target year {target_year} is after the last observation: anticipated_value is needed")
        start_year, start_value = last_year, last_value
    else:
        if base_year is None or base_value is None or base_year >= last_year:
            start_year, start_value = last_year, last_value
        else:
            start_year, start_value = base_year, base_value
    basis = "anticipated" if anticipated else "observed"

    def result(required=None, achieved=None, ratio=None, method=None, cls=None, note="") -> Progress:
        return Progress(target_year, target, basis, start_year, start_value, required, achieved, ratio, method, cls, note)

    if polarity == "neutral":
        return result(note="neutral indicator: no desired direction")
    if meets(last_value, target, polarity):
        return result(cls="target already reached", note=f"{last_year} value {last_value:g} meets the target {target:g}")
    if anticipated:
        years = target_year - last_year
        (required, achieved), method = growth_rates(
            [(last_value, target, years), (last_value, float(anticipated_value), years)]
        )
    else:
        if start_year == last_year:
            return result(note="only one observation before the target year: no observed rate")
        (required, achieved), method = growth_rates(
            [(start_value, target, target_year - start_year), (start_value, last_value, last_year - start_year)]
        )
        if meets(start_value, target, polarity):
            return result(required, achieved, None, method, "deterioration",
                          f"{start_year} value already met the target; {last_year} value does not")
    if required == 0:  # cannot happen when the target is not met, kept for safety
        return result(required, achieved, None, method, None, "no change required")
    ratio = achieved / required
    return result(required, achieved, ratio, method, progress_class(ratio))


def recommend_targets(pred: Predictive, polarity: str) -> dict[str, float]:
    """Suggested targets for ``pred.year``: conservative (80 % chance), moderate (50 %), ambitious (20 %).

    Returns ``{"conservative": .., "moderate": .., "ambitious": ..}``; for a neutral indicator
    only ``moderate`` (the median) is meaningful and the others are NaN.
    """
    _check_polarity(polarity)
    if polarity == "neutral":
        return {"conservative": float("nan"), "moderate": pred.median, "ambitious": float("nan")}
    if polarity == "higher_is_better":
        return {"conservative": pred.quantile(0.2), "moderate": pred.median, "ambitious": pred.quantile(0.8)}
    return {"conservative": pred.quantile(0.8), "moderate": pred.median, "ambitious": pred.quantile(0.2)}
