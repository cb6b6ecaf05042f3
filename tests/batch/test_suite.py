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


def test_every_reason_a_notebook_does_not_apply_is_kept_in_both_languages(skip_plan):
    assert [r.name for r in skip_plan.runs] == ["10_runs"]
    expected = {
        "02_per_misi": ("kota-bekasi has no RPJMD misi", "kota-bekasi tidak memiliki misi RPJMD"),
        "04_regions": ("entity (used because focal_region is empty) 'kota-bekasi' is not a kabupaten/kota in the "
                       "regional tables; valid choices: none (the regional tables hold no kabupaten/kota)",
                       "entity (dipakai karena focal_region kosong) 'kota-bekasi' bukan kabupaten/kota dalam tabel "
                       "regional; pilihan yang sah: tidak ada (tabel perbandingan daerah tidak memuat kabupaten/kota)"),
        "05_units": ("no unit scores (AKIP of perangkat daerah / IKM of service units) for 'kota-bekasi' 2023; "
                     "entities with unit scores: kota-bekasi 2022 (akip, ikm)",
                     "tidak ada skor unit (AKIP perangkat daerah / IKM unit layanan) untuk 'kota-bekasi' 2023; "
                     "entitas dengan skor unit: kota-bekasi 2022 (akip, ikm)"),
        "09_elsewhere": ("applies only to kota-cilegon, kota-depok", "hanya berlaku untuk kota-cilegon, kota-depok"),
    }
    assert skip_plan.skipped == {stem: english for stem, (english, _) in expected.items()}
    assert skip_plan.skipped_text == {stem: {"en": en, "id": id_} for stem, (en, id_) in expected.items()}
