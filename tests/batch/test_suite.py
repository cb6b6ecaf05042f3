"""Which notebooks a report runs: a notebook whose data requirement fails is listed as not applying."""

from __future__ import annotations

import dataclasses
import shutil

import nbformat
import pytest

from lkip_helpers.batch.suite import NOTEBOOK_DIR, plan_suite
from lkip_helpers.data.errors import ParameterError


def test_notebooks_without_their_data_are_skipped_with_the_reason(ds):
    bare = dataclasses.replace(ds, tables={**ds.tables, "unit_scores": ds.tables["unit_scores"].iloc[0:0],
                                           "regional_benchmarks": ds.tables["regional_benchmarks"].iloc[0:0]})
    assert {"04_regional_benchmarks", "05_unit_performance"} <= {r.name for r in plan_suite(ds, "kota-bekasi", 2023).runs}
    plan = plan_suite(bare, "kota-bekasi", 2023)
    assert not {"04_regional_benchmarks", "05_unit_performance"} & {r.name for r in plan.runs}
    assert plan.skipped["05_unit_performance"].startswith("no unit scores (AKIP of perangkat daerah / IKM of service "
                                                          "units) for 'kota-bekasi' 2023; entities with unit scores: none")
    assert "is not a kabupaten/kota in the regional tables" in plan.skipped["04_regional_benchmarks"]


@pytest.mark.parametrize("requires, message", [
    (["os:system"], "is not 'lkip_helpers.<module>:<function>'"),
    (["lkip_helpers.reports"], "is not 'lkip_helpers.<module>:<function>'"),
    (["lkip_helpers.reports:no_such_check"], "names no function"),
])
def test_a_requirement_that_is_not_a_check_of_ours_is_refused(ds, tmp_path, requires, message):
    nb = nbformat.read(str(NOTEBOOK_DIR / "01_overview.ipynb"), as_version=4)
    nb.metadata["lkip"]["requires"] = requires
    nbformat.write(nb, str(tmp_path / "01_overview.ipynb"))
    shutil.copy(NOTEBOOK_DIR / "07_audit.ipynb", tmp_path)
    with pytest.raises(ParameterError, match=message) as err:
        plan_suite(ds, "kota-bekasi", 2023, notebook_dir=tmp_path)
    assert str(tmp_path / "01_overview.ipynb") in str(err.value)
