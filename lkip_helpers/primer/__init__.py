"""The SAKIP primer: worked examples on the real data, self-checking exercises, the SAKIP cycle.

Modules: :mod:`.teaching` (worked examples), :mod:`.exercises` (exercises that check answers),
:mod:`.sakip_diagram` (the cycle diagram and the evidence for each stage) and the lesson text, one
function per Markdown cell of the notebook, data strings escaped: :mod:`.lesson_capaian` (opening,
capaian), :mod:`.lesson_akip_ikm` (AKIP, IKM) and :mod:`.lesson_budget_forecast` (budget, forecast).

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
    "akip_components_text": "lesson_akip_ikm",
    "akip_exercise_text": "lesson_akip_ikm",
    "akip_full_marks_total": "lesson_akip_ikm",
    "akip_next_grades": "teaching",
    "akip_next_predikat_text": "lesson_akip_ikm",
    "akip_what_if_base": "teaching",
    "capaian_cases_text": "lesson_capaian",
    "capaian_exercise_text": "lesson_capaian",
    "capaian_working": "exercises",
    "check_akip_grade": "exercises",
    "check_capaian": "exercises",
    "check_ikm": "exercises",
    "check_mutu": "exercises",
    "check_serapan": "exercises",
    "example_candidates": "teaching",
    "exercise_progress": "exercises",
    "no_exercise": "exercises",
    "explanation_markdown": "lesson_capaian",
    "forecast_text": "lesson_budget_forecast",
    "higher_is_better_text": "lesson_capaian",
    "ikm_exercise_text": "lesson_akip_ikm",
    "ikm_nrr_example": "teaching",
    "ikm_nrr_text": "lesson_akip_ikm",
    "ikm_units_text": "lesson_akip_ikm",
    "last_plan_target_year": "teaching",
    "lesson_heading": "lesson_capaian",
    "lower_is_better_text": "lesson_capaian",
    "mutu_exercise_ikm": "lesson_akip_ikm",
    "mutu_exercise_text": "lesson_akip_ikm",
    "negative_realisasi_text": "lesson_capaian",
    "pick_example": "teaching",
    "pick_forecast_indicator": "teaching",
    "report_progress_counts": "lesson_budget_forecast",
    "report_progress_intro": "lesson_budget_forecast",
    "sakip_cycle_diagram": "sakip_diagram",
    "serapan_exercise_text": "lesson_budget_forecast",
    "serapan_text": "lesson_budget_forecast",
    "stage_evidence": "sakip_diagram",
    "text_target_notes": "lesson_capaian",
}

__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
