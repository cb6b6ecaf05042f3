"""Per-report views built on the measurement engine: what one LKIP shows.

Modules: :mod:`.scorecard` (the IKU scorecard, printed beside recomputed capaian),
:mod:`.budget_efficiency` (budget efficiency per IKU), :mod:`.coverage` (sub-indicator coverage),
:mod:`.ikm_views` (IKM by period and unsur), :mod:`.narrative` (sentences generated from the
numbers) and :mod:`.unit_performance` (AKIP of the perangkat daerah, IKM of the service units).

Names are imported from their module on first use, so that importing the layer stays cheap.
"""

from __future__ import annotations

from lkip_helpers import lazy_exports

_EXPORTS = {
    "AKIP_LABELS": "unit_performance",
    "AkipIkmMatch": "unit_performance",
    "BELOW_BAIK": "unit_performance",
    "GROUP_ORDER": "unit_performance",
    "PERIOD_ORDER": "ikm_views",
    "SCORE_TYPES": "unit_performance",
    "UNIT_GROUPS": "unit_performance",
    "akip_ikm_match": "unit_performance",
    "akip_ikm_scatter": "unit_performance",
    "best_and_worst": "scorecard",
    "check_unit_entity": "unit_performance",
    "check_unit_parameters": "unit_performance",
    "describe_discrepancies": "narrative",
    "describe_scorecard": "narrative",
    "describe_unit_groups": "unit_performance",
    "discrepancy_ids": "scorecard",
    "discrepancy_links": "scorecard",
    "discrepancy_notes": "scorecard",
    "entities_with_unit_scores": "unit_performance",
    "entity_budget_total": "scorecard",
    "group_summary": "unit_performance",
    "ikm_by_period": "ikm_views",
    "ikm_indicator": "ikm_views",
    "ikm_unsur_matrix": "ikm_views",
    "iku_budget": "scorecard",
    "iku_efficiency": "budget_efficiency",
    "iku_scorecard": "scorecard",
    "iku_trajectory": "scorecard",
    "localized_discrepancies": "scorecard",
    "match_unit_names": "unit_performance",
    "predicate": "scorecard",
    "predicate_counts": "unit_performance",
    "related_discrepancies": "scorecard",
    "score_strip_plot": "unit_performance",
    "sub_indicator_breakdown": "coverage",
    "trajectories": "scorecard",
    "unit_score_table": "unit_performance",
    "unit_summary": "unit_performance",
    "year_target": "scorecard",
}

__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
