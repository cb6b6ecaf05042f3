"""What the SAKIP primer needs from the data, and the message when a case is missing."""

from __future__ import annotations

import dataclasses

import pytest

from lkip_helpers.data.errors import ParameterError
from lkip_helpers.primer import check_lesson_data, missing_lesson_data


@pytest.mark.parametrize("entity, year", [("kota-bekasi", 2023), ("disdukcapil-kota-bekasi", 2024)])
def test_the_real_data_carry_every_lesson(ds, entity, year):
    assert missing_lesson_data(ds, entity, year) == []
    check_lesson_data(ds, entity, year)


def test_each_missing_case_is_named(ds):
    empty = {name: ds.tables[name].iloc[0:0] for name in ("akip_components", "ikm_unsur", "budgets")}
    bare = dataclasses.replace(ds, tables={**ds.tables, **empty})
    assert missing_lesson_data(bare, "kota-bekasi", 2023) == [
        "AKIP component scores", "per-unsur IKM NRR", "IKU of kota-bekasi 2023 with its budget (pagu and realisasi)"]
    no_values = dataclasses.replace(ds, tables={**ds.tables, "indicator_values": ds.tables["indicator_values"].iloc[0:0],
                                                "regional_benchmarks": ds.tables["regional_benchmarks"].iloc[0:0]})
    with pytest.raises(ParameterError) as err:
        check_lesson_data(no_values, "disdukcapil-kota-bekasi", 2024)
    assert str(err.value).startswith("the data hold no case for the SAKIP primer's lessons: "
                                     "no higher-is-better IKU with a numeric target and realisasi; "
                                     "no lower-is-better IKU with a numeric target and realisasi")
