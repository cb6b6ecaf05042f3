"""The SAKIP primer: worked examples on the real data, self-checking exercises, the SAKIP cycle.

Modules: :mod:`.teaching` (worked examples), :mod:`.exercises` (exercises that check answers) and
:mod:`.sakip_diagram` (the cycle diagram and the evidence for each stage).

Names are imported from their module on first use, so that importing the layer stays cheap.
"""

from __future__ import annotations

from lkip_helpers import lazy_exports

_EXPORTS = {
    "AkipWhatIfBase": "teaching",
    "BorrowedTable": "teaching",
    "CheckResult": "exercises",
    "DEFAULT_TOLERANCE": "exercises",
    "EXAMPLE_KINDS": "teaching",
    "PLAN_TARGET_MEASURES": "teaching",
    "SAKIP_STAGES": "sakip_diagram",
    "SakipStage": "sakip_diagram",
    "TeachingExample": "teaching",
    "akip_component_headroom": "teaching",
    "akip_components_example": "teaching",
    "akip_next_grades": "teaching",
    "akip_what_if_base": "teaching",
    "capaian_working": "exercises",
    "check_akip_grade": "exercises",
    "check_capaian": "exercises",
    "check_ikm": "exercises",
    "check_mutu": "exercises",
    "check_serapan": "exercises",
    "example_candidates": "teaching",
    "exercise_progress": "exercises",
    "ikm_nrr_example": "teaching",
    "last_plan_target_year": "teaching",
    "pick_example": "teaching",
    "pick_forecast_indicator": "teaching",
    "sakip_cycle_diagram": "sakip_diagram",
    "stage_evidence": "sakip_diagram",
}

__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
