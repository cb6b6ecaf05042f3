"""Which notebooks a report runs: a notebook whose data check fails is listed as not applying."""

from __future__ import annotations

import dataclasses

from lkip_helpers.batch.suite import plan_suite


def test_notebooks_without_their_data_are_skipped_with_the_reason(ds):
    bare = dataclasses.replace(ds, tables={**ds.tables, "unit_scores": ds.tables["unit_scores"].iloc[0:0],
                                           "regional_benchmarks": ds.tables["regional_benchmarks"].iloc[0:0]})
    assert {"04_regional_benchmarks", "05_unit_performance"} <= {r.name for r in plan_suite(ds, "kota-bekasi", 2023).runs}
    plan = plan_suite(bare, "kota-bekasi", 2023)
    assert not {"04_regional_benchmarks", "05_unit_performance"} & {r.name for r in plan.runs}
    assert plan.skipped["05_unit_performance"].startswith("no unit scores (AKIP of perangkat daerah / IKM of service "
                                                          "units) for 'kota-bekasi' 2023; entities with unit scores: none")
    assert plan.skipped["04_regional_benchmarks"].endswith(
        "is not a kabupaten/kota in the regional tables; valid choices: none (the regional tables hold no kabupaten/kota)")
