"""The overview and mission notebooks: every valid parameter set runs and shows the right numbers;
every kind of invalid parameter stops in the validation cell with one clear message."""

from __future__ import annotations

import pytest

from conftest import assert_stops_in_validation_cell, run_notebook, tagged_outputs
from lkip_helpers.measurement import status_rollup
from lkip_helpers.scorecard import iku_scorecard

REPORTS = [("kota-bekasi", 2023), ("disdukcapil-kota-bekasi", 2024)]


@pytest.mark.parametrize("entity, year", REPORTS)
def test_overview_shows_the_status_counts(ds, tmp_path, entity, year):
    nb = run_notebook("01_overview", tmp_path, entity=entity, year=year)
    shown = tagged_outputs(nb, "summary")
    expected = status_rollup(iku_scorecard(ds, entity, year), "entity").iloc[0]
    assert expected["summary"] in shown
    assert f"{expected['share_tercapai']:.2f}" in shown
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors


def test_overview_numbers_for_the_city_match_the_report(tmp_path):
    """Tabel 3.1 and Bab III.A: 11 of 26 IKU reached (42,31%), 13 not (50,00%), 2 without value."""
    shown = tagged_outputs(run_notebook("01_overview", tmp_path), "summary")
    assert "11 of 26 reached, 42.31%" in shown
    line = [l for l in shown.splitlines() if "26" in l][0].split()
    assert line[1:5] == ["26", "11", "13", "2"]


@pytest.mark.parametrize("misi", [1, 2, 3, 4, 5])
def test_mission_runs_for_every_misi(ds, tmp_path, misi):
    nb = run_notebook("02_mission", tmp_path, entity="kota-bekasi", year=2023, misi=misi)
    shown = tagged_outputs(nb, "summary")
    card = iku_scorecard(ds, "kota-bekasi", 2023)
    card = card[card["misi_no"] == misi]
    for _, row in status_rollup(card, "sasaran").iterrows():
        assert row["summary"] in shown
    assert f"Misi {misi}:" in "".join(
        o.get("data", {}).get("text/markdown", "") for c in nb.cells for o in c.get("outputs", [])
    )


def test_misi_1_summary_matches_the_report(tmp_path):
    """Misi I: 5 IKU under one sasaran, none reached (AKIP 87,14, EPPD 91,35, PAD 47,95, IKM 97,79; BPK no value)."""
    shown = tagged_outputs(run_notebook("02_mission", tmp_path, misi=1), "summary")
    assert "0 of 5 reached, 0.00%" in shown


INVALID = [
    ("01_overview", {"entity": "kota-atlantis"}, "unknown entity 'kota-atlantis'; valid choices: disdukcapil-kota-bekasi, kota-bekasi"),
    ("01_overview", {"year": 2031}, "valid years: 2023"),
    ("01_overview", {"year": "abc"}, "parameter 'year' must be of type int, got 'abc'"),
    ("01_overview", {"colour": "red"}, "unknown parameter(s) colour; this notebook takes: entity, year"),
    ("02_mission", {"misi": 9}, "misi 9 is out of range for 'kota-bekasi'; valid: 1, 2, 3, 4, 5"),
    ("02_mission", {"misi": "2"}, "parameter 'misi' must be of type int"),
    ("02_mission", {"entity": "disdukcapil-kota-bekasi", "year": 2024}, "has no RPJMD misi"),
]


@pytest.mark.parametrize("name, params, message", INVALID)
def test_invalid_parameters_stop_in_the_validation_cell(tmp_path, name, params, message):
    assert_stops_in_validation_cell(name, tmp_path, params, message)
