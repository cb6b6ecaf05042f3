"""Regional benchmarks: where a kabupaten/kota stands among West Java's regions, the province and the nation.

Everything here reads ``regional_benchmarks`` (``entity_id``, ``indicator_id``, ``year``,
``measure``, ``value``, ``value_text``), the entity registry (``level`` kota/kabupaten/provinsi/
nasional, ``parent_id``) and the indicator registry (``polarity``, ``unit``).

Rules (the same in every function):

* **Polarity decides "better".** ``higher_is_better``: a higher value ranks better;
  ``lower_is_better`` (poverty counts, TPT, inflation): a lower value ranks better;
  ``neutral`` (garis kemiskinan): ranked by value, highest first, and described only as
  "above"/"below" — never "better"/"worse"; ``categorical`` (opini BPK): no rank at all, only the
  distribution of the categories and the focal region's position in it
  (:func:`categorical_position`).
* **Ties: competition ranking ("1224")** by default (``ties="min"``): tied regions share the best
  rank of their block and the next rank is skipped, e.g. values 10, 8, 8, 5 (higher is better) →
  ranks 1, 2, 2, 4. ``ties="average"`` gives the mean rank instead (1, 2.5, 2.5, 4).
* **Percentile ("weak" percentile rank)**: the share of the ranked regions, the region itself
  included, whose value is *no better* than its own: ``100 × #{j : v_j no better than v_i} / n``.
  The best region gets 100, the worst ``100/n``; tied regions share one percentile. For neutral
  metrics "no better" reads "not higher".
* **Peer groups** (:data:`PEER_GROUPS`): ``"all"`` — every kabupaten and kota of the focal
  region's province (the province and the nation are never peers); ``"kota"``; ``"kabupaten"``;
  ``"neighbours"`` — the focal region's neighbours in the data's ``region_groups.csv``
  (:func:`region_groups`); or an explicit list of
  entity ids. **Regions of another province are not peers in ``all``/``kota``/``kabupaten``**: a
  table may print one for the report's own purpose (Kota Cilegon, Banten, in Kota Bekasi's PAD
  comparison, Tabel 3.7), but West Java's regions are ranked among West Java's regions. Such a
  region is still ranked when it is named in an explicit list (e.g. the governments Tabel 3.7
  compares, used to check the report's printed rank: :func:`printed_rank_check`). The focal region
  is always ranked together with its peers (rank "k of n" counts it), so a kota can be placed among
  the kabupaten. :func:`peer_members` lists a group's members from the registry; a member without
  a value in a table is named in the position (``missing_peers``), never silently left out.
* **Reference statistics exclude the focal region**: the peer mean, peer median and the robust
  z-score compare the focal value with the *other* members of the ranked set, so a region is
  never compared with itself.
* **Robust z-score**: ``z = (x − median) / (1.4826 × MAD)`` where MAD is the median absolute
  deviation of the reference values from their median; 1.4826 makes the MAD a consistent estimate
  of the standard deviation for normal data, so ``z`` reads like an ordinary z-score but one
  extreme region cannot inflate the spread. ``|z| > 3.5`` is flagged as an outlier (the cut-off of
  Iglewicz & Hoaglin for this "modified z-score"). ``z`` is undefined (``None``, with the reason in
  the position's ``note``) with fewer than :data:`MIN_Z_REFERENCE` = 5 reference values — the
  median and MAD of 3 or 4 regions are too unstable to call a region an outlier — or when MAD is
  0. ``z`` has the sign of the value (above/below the median), not of the judgement.
* **Gaps** are ``focal − reference`` in the metric's own unit (percentage points for ``%``);
  poverty counts stay in ``ribu jiwa`` as printed. For a total over the region
  (:data:`TOTAL_INDICATORS`: poor people, PAD, investment) the province and national values are
  sums over many regions, so there is no gap to them (``None``, shown "—") and no better/worse
  reading: the focal region's share of the province total is given instead. Where the data hold
  each region's population (:data:`POPULATION_INDICATORS`), :func:`with_rates` adds the rate of
  every such total (per 100 inhabitants for people, per inhabitant for rupiah), ranked like any
  other metric, so that a large region is not ranked worst only for being large.
* **Rank bounds**: when ``k`` members of the peer group have no value in a table, the focal
  region's rank ``r`` of ``n`` could be anything from ``r`` (every missing peer worse) to
  ``r + k`` (every one better) of ``n + k``: ``rank_best``, ``rank_worst``, ``n_possible``.
* **A focal region outside its peer group** (no other region of its province in a level group,
  e.g. Kota Cilegon, Banten) is refused with a clear message, never ranked "1 of 1".
* **A region missing from a table** is never imputed: positions say ``in_table=False`` and name
  the table (:func:`coverage` lists every table with the regions it covers;
  :func:`describe_coverage` counts only the slices that list kabupaten/kota at all).

Modules, one responsibility each (every public name is re-exported here, so
``from lkip_helpers.benchmarks import X`` works for all of them):

* :mod:`.ranking` — ranks and percentiles by polarity, the robust z-score, "better/worse" words;
* :mod:`.peers` — regions, neighbour groups, focal region and peer-group arguments, the
  notebook's parameter check;
* :mod:`.values` — reading ``regional_benchmarks`` (one slice, the latest year, coverage);
* :mod:`.positions` — the ranked table and the focal region's position on numeric metrics, ranks on
  several metrics, the summary table;
* :mod:`.levels` — the focal region beside its province and the nation, an IKU against a printed
  provincial average, IPG gaps, printed ranks and their check against the table;
* :mod:`.categorical` — categorical metrics (opini BPK): distribution, no rank;
* :mod:`.shares` — a printed regional table whole, and the provincial total each printed share implies;
* :mod:`.change` — change between two years, ranked by polarity;
* :mod:`.rates` — rates beside counts (a total over a region per inhabitant) where the data hold
  each region's population;
* :mod:`.sections` — the notebook's sections, one per regional table the report has, built from the data;
* :mod:`.plots` — dot plot, slope chart, rank heat map.
"""

from __future__ import annotations

from .categorical import CategoricalPosition, categorical_position, category_base
from .change import change_table, describe_change
from .levels import (
    describe_iku_against_average,
    describe_ipg_years,
    describe_printed_rank_check,
    iku_against_average,
    ipg_comparison,
    level_comparison,
    printed_rank,
    printed_rank_check,
)
from .peers import (
    PEER_GROUPS,
    PEER_LEVELS,
    GROUPS_TABLE,
    check_benchmark_parameters,
    neighbours,
    outside_peer_group,
    peer_members,
    region_groups,
    regions,
    require_peers,
    resolve_focal,
    resolve_peers,
)
from .plots import FOCAL_COLOUR, PEER_COLOUR, dot_plot, rank_heatmap, slope_chart
from .positions import (
    TOTAL_INDICATORS,
    BenchmarkPosition,
    benchmark_position,
    benchmark_table,
    position_summary,
    rank_matrix,
)
from .ranking import (
    MAD_SCALE,
    MIN_Z_REFERENCE,
    OUTLIER_Z,
    TIE_METHODS,
    compare_word,
    percentile_ranks,
    rank_values,
    robust_z,
    robust_z_reason,
)
from .rates import (
    POPULATION_INDICATORS,
    RATE_SUFFIX,
    count_and_rate,
    rate_indicator_id,
    rates_note,
    with_rates,
)
from . import sections
from .sections import *  # noqa: F403 - the names of sections.__all__
from .shares import describe_implied_totals, implied_totals, printed_table
from .values import absent_table_note, benchmark_values, coverage, describe_coverage, latest_year, table_source

__all__ = [
    *sections.__all__,
    "FOCAL_COLOUR",
    "MAD_SCALE",
    "MIN_Z_REFERENCE",
    "OUTLIER_Z",
    "PEER_COLOUR",
    "PEER_GROUPS",
    "POPULATION_INDICATORS",
    "RATE_SUFFIX",
    "PEER_LEVELS",
    "GROUPS_TABLE",
    "TIE_METHODS",
    "TOTAL_INDICATORS",
    "BenchmarkPosition",
    "CategoricalPosition",
    "benchmark_position",
    "benchmark_table",
    "benchmark_values",
    "categorical_position",
    "category_base",
    "change_table",
    "check_benchmark_parameters",
    "compare_word",
    "count_and_rate",
    "coverage",
    "describe_change",
    "describe_coverage",
    "describe_iku_against_average",
    "describe_implied_totals",
    "describe_ipg_years",
    "describe_printed_rank_check",
    "dot_plot",
    "iku_against_average",
    "implied_totals",
    "ipg_comparison",
    "latest_year",
    "absent_table_note",
    "table_source",
    "level_comparison",
    "neighbours",
    "outside_peer_group",
    "peer_members",
    "percentile_ranks",
    "position_summary",
    "printed_rank",
    "printed_rank_check",
    "printed_table",
    "rank_heatmap",
    "rank_matrix",
    "rank_values",
    "rate_indicator_id",
    "rates_note",
    "region_groups",
    "regions",
    "require_peers",
    "resolve_focal",
    "resolve_peers",
    "robust_z",
    "robust_z_reason",
    "slope_chart",
    "with_rates",
]
