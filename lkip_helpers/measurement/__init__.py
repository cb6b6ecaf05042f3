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
* the status of an indicator compares the **unrounded** realisasi with the target by polarity
  (19,999 against 20 is not reached, although its capaian prints as 100,00); a target of 0 or
  below gives no capaian and the status ``"tidak dapat dinilai"`` (cannot be judged);
* comparisons against printed bands (AKIP and IKM) are made on the value rounded **half up** to 2
  decimals (:func:`round_half_up`), i.e. on the figure a reader of the report sees; raw values
  are returned unrounded.

The engine is split by responsibility: :mod:`.capaian`, :mod:`.status`, :mod:`.predicates`,
:mod:`.budget` (shared rules in :mod:`._common`); everything is re-exported here.
"""

from __future__ import annotations

from ._common import (
    CANNOT_JUDGE,
    STATUS_MEANINGS,
    DEFAULT_CAP,
    STATUSES,
    round_half_up,
    Polarity,
    Status,
    Direction,
    Efficiency,
)
from .capaian import (
    CAPAIAN_METHODS,
    CAPAIAN_NOTES,
    COMPOSITE_RULES,
    capaian_note_text,
    OPINI_RANK,
    CapaianMethod,
    CapaianResult,
    add_capaian,
    capaian,
    capaian_detail,
    capaian_from_text,
    capaian_series,
    composite_capaian,
    opini_achieved,
    parse_composite,
    register_capaian_method,
)
from .status import (
    YoyChange,
    add_yoy,
    capaian_yoy,
    status,
    status_rollup,
    status_series,
    yoy_change,
)
from .predicates import (
    AKIP_BANDS,
    AKIP_COMPONENT_WEIGHTS,
    AKIP_GRADES,
    IKM_BANDS,
    NextGrade,
    akip_component_problems,
    akip_grade,
    akip_total,
    akip_totals,
    compare_grades,
    grade_at_least,
    grade_rank,
    ikm_from_nrr,
    ikm_table,
    ikm_weighted,
    mutu_pelayanan,
    points_to_next_grade,
    score_indicator,
    score_scale,
)
from .budget import (
    DEFAULT_EFFICIENCY_RULE,
    EFFICIENCY_RULES,
    BudgetComparison,
    add_budget_measures,
    capaian_per_serapan,
    compare_budget_years,
    efficiency_judgement,
    efficiency_series,
    serapan,
    tingkat_efisiensi,
)

__all__ = [
    "AKIP_BANDS",
    "AKIP_COMPONENT_WEIGHTS",
    "AKIP_GRADES",
    "CANNOT_JUDGE",
    "CAPAIAN_METHODS",
    "CAPAIAN_NOTES",
    "capaian_note_text",
    "COMPOSITE_RULES",
    "DEFAULT_CAP",
    "DEFAULT_EFFICIENCY_RULE",
    "EFFICIENCY_RULES",
    "IKM_BANDS",
    "OPINI_RANK",
    "STATUSES",
    "STATUS_MEANINGS",
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
    "score_indicator",
    "score_scale",
    "register_capaian_method",
    "round_half_up",
    "serapan",
    "status",
    "status_rollup",
    "status_series",
    "tingkat_efisiensi",
    "yoy_change",
]
