"""Self-checking exercises, teaching examples and the SAKIP cycle diagram.

Expected values are hand-computed or copied from the reports (city LKIP 2023 Tabel 3.1/3.2,
Disdukcapil LKIP 2024 Tabel 3.8, 3.11, 3.15, 3.16): never taken from the code under test.
"""

from __future__ import annotations

import math

import matplotlib
import pandas as pd
import pytest

matplotlib.use("Agg")

from lkip_helpers.data.errors import ParameterError
from lkip_helpers.primer.exercises import (
    DEFAULT_TOLERANCE,
    CheckResult,
    capaian_working,
    check_akip_grade,
    check_capaian,
    check_ikm,
    check_mutu,
    check_serapan,
    exercise_progress,
)
from lkip_helpers.measurement import points_to_next_grade
from lkip_helpers.data import i18n
from lkip_helpers.data.paths import PROJECT_ROOT
from lkip_helpers.primer.sakip_diagram import SAKIP_STAGES, sakip_cycle_diagram, stage_evidence
from lkip_helpers.primer.teaching import (
    akip_component_headroom,
    akip_components_example,
    akip_next_grades,
    akip_what_if_base,
    example_candidates,
    ikm_nrr_example,
    last_plan_target_year,
    pick_example,
    pick_forecast_indicator,
)


pytestmark = pytest.mark.usefixtures("english")


# City LKIP 2023 Tabel 3.1: IKU 1 AKIP target 77,00, realisasi 67,10, capaian printed 87,14;
# IKU 11 Angka Kemiskinan (lower is better) target 4,01, realisasi 4,10, capaian printed 97,80.
AKIP_T, AKIP_R = 77.0, 67.10
POVERTY_T, POVERTY_R = 4.01, 4.10
# Disdukcapil LKIP 2024 Tabel 3.11: NRR U1..U9 of the Q4 survey; IKM printed 93,86.
NRR_Q4 = [3.742, 3.749, 3.614, 3.867, 3.810, 3.711, 3.668, 3.785, 3.841]
# Disdukcapil LKIP 2024 Tabel 3.12: NRR U1..U9 of the Q3 survey (sum 33.733; /9 × 25 = 93.7028;
# with the rounded weight, 33.733 × 0.111 × 25 = 93.609075).
NRR_Q3 = [3.663, 3.755, 3.666, 3.941, 3.660, 3.745, 3.722, 3.729, 3.852]
# City LKIP 2023 Tabel 3.2: AKIP components 2023, total 67,10 (B).
CITY_AKIP = {"perencanaan_kinerja": 22.16, "pengukuran_kinerja": 20.47, "pelaporan_kinerja": 8.90, "evaluasi_internal": 15.57}
# Disdukcapil LKIP 2024 Tabel 3.16: components and printed total 81,59 (A).
DUKCAPIL_AKIP = {"perencanaan_kinerja": 24.69, "pengukuran_kinerja": 29.84, "pelaporan_kinerja": 12.02, "evaluasi_internal": 21.04}


# --- check_capaian ----------------------------------------------------------------------------------
@pytest.mark.parametrize("answer", [87.14, "87,14", "87.14", "87.14%", " 87,14 ", 87.142857, 87.15, 87.13])
def test_capaian_higher_accepts_the_printed_capaian_within_tolerance(answer):
    r = check_capaian(answer, AKIP_T, AKIP_R, "higher_is_better")
    assert r.correct and r.verdict == "correct"
    assert r.message.startswith("Correct: ")
    assert "±0.01" in r.message  # the tolerance is stated
    assert r.expected == 87.14


@pytest.mark.parametrize("answer", [87.16, 87.12, 87.0, 90, "88,14"])
def test_capaian_higher_rejects_answers_outside_the_tolerance(answer):
    r = check_capaian(answer, AKIP_T, AKIP_R, "higher_is_better")
    assert r.verdict == "incorrect" and not r.correct
    assert r.message.startswith("Not quite: ")
    assert "87.14" in r.message
    assert "realisasi / target × 100 = 67.10 / 77.00 × 100 = 87.14 %" in r.message  # the formula with numbers


def test_capaian_tolerance_can_be_changed():
    assert check_capaian(87.2, AKIP_T, AKIP_R, "higher_is_better", tolerance=0.1).correct
    # tolerance 0: exactly the value as printed (87.14) or the exact value 87.142857…
    assert check_capaian(87.14, AKIP_T, AKIP_R, "higher_is_better", tolerance=0).correct
    assert check_capaian(67.10 / 77.0 * 100, AKIP_T, AKIP_R, "higher_is_better", tolerance=0).correct
    assert not check_capaian(87.15, AKIP_T, AKIP_R, "higher_is_better", tolerance=0).correct
    assert "±0.1 %" in check_capaian(88, AKIP_T, AKIP_R, "higher_is_better", tolerance=0.1).message
    with pytest.raises(ValueError, match="tolerance"):
        check_capaian(87.14, AKIP_T, AKIP_R, "higher_is_better", tolerance=-1)


def test_capaian_lower_is_better_uses_target_over_realisasi():
    assert check_capaian(97.80, POVERTY_T, POVERTY_R, "lower_is_better").correct
    wrong = check_capaian(102.24, POVERTY_T, POVERTY_R, "lower_is_better")  # 4.10 / 4.01 × 100
    assert wrong.verdict == "incorrect"
    assert "higher-is-better" in wrong.message
    assert "target / realisasi × 100 = 4.01 / 4.10 × 100 = 97.80 %" in wrong.message


def test_capaian_higher_with_the_lower_formula_is_diagnosed():
    r = check_capaian(77.0 / 67.10 * 100, AKIP_T, AKIP_R, "higher_is_better")
    assert r.verdict == "incorrect" and "lower-is-better" in r.message


def test_capaian_ratio_instead_of_percent_is_diagnosed():
    r = check_capaian(0.8714, AKIP_T, AKIP_R, "higher_is_better")
    assert r.verdict == "incorrect" and "ratio" in r.message


# --- slip diagnoses: only within the stated tolerance of what the slip gives ----------------------------
WEIGHT_SLIP = "weighted each unsur by 0.111"


@pytest.mark.parametrize("answer", [93.609075, 93.61, "93,61", 93.60, 93.62])
def test_ikm_weight_slip_is_named_within_the_tolerance(answer):
    r = check_ikm(answer, NRR_Q3)
    assert r.verdict == "incorrect" and WEIGHT_SLIP in r.message


@pytest.mark.parametrize("answer", [93.40, 93.42, 93.55, 93.59, 93.64, 93.68])
def test_ikm_near_misses_are_not_blamed_on_a_slip(answer):
    # the reviewer's case: 93.40 and 93.42 were told "0.111" although that slip gives 93.61
    r = check_ikm(answer, NRR_Q3)
    assert r.verdict == "incorrect"
    assert "It looks like" not in r.message
    assert "93.70" in r.message  # the right value is still shown


def test_slip_window_follows_the_tolerance():
    assert WEIGHT_SLIP in check_ikm(93.61, NRR_Q3, tolerance=0).message  # the slip's value as printed
    assert "It looks like" not in check_ikm(93.62, NRR_Q3, tolerance=0).message
    assert "It looks like" not in check_ikm(93.58, NRR_Q3).message  # 0.029 away: outside ±0.01
    assert WEIGHT_SLIP in check_ikm(93.58, NRR_Q3, tolerance=0.03).message


@pytest.mark.parametrize(
    "answer, slip",
    [(114.75, "lower-is-better"), (114.7541, "lower-is-better"), (0.8714, "ratio"), (0.87, "ratio"), (-9.9, "gap")],
)
def test_capaian_slips_at_their_values(answer, slip):
    # AKIP 77 / 67.10 × 100 = 114.754…; 67.10 / 77 = 0.87143; 67.10 − 77 = −9.90
    r = check_capaian(answer, AKIP_T, AKIP_R, "higher_is_better")
    assert r.verdict == "incorrect" and slip in r.message


@pytest.mark.parametrize("answer", [114.5, 115.0, 0.85, 0.9, -9.8, -10.1, 86.5])
def test_capaian_near_misses_are_not_a_known_slip(answer):
    r = check_capaian(answer, AKIP_T, AKIP_R, "higher_is_better")
    assert r.verdict == "incorrect" and "It looks like" not in r.message


def test_serapan_near_miss_is_not_the_efficiency_slip():
    # 50 / 200: serapan 25 %, tingkat efisiensi 75 %; 74.8 is 0.2 away from the slip
    assert "tingkat efisiensi" in check_serapan(75.005, 50, 200).message
    assert "It looks like" not in check_serapan(74.8, 50, 200).message
    assert "It looks like" not in check_serapan(399.0, 50, 200).message  # the upside-down slip gives 400


@pytest.mark.parametrize("answer", [None, "", "   "])
def test_capaian_unanswered_gives_a_hint_not_an_error(answer):
    r = check_capaian(answer, POVERTY_T, POVERTY_R, "lower_is_better")
    assert r.verdict == "not answered yet" and not r.answered and not r.correct
    assert r.message.startswith("Not answered yet: ")
    assert "target / realisasi × 100" in r.message  # the hint names the right formula


@pytest.mark.parametrize("answer", ["abc", "N/A", True, float("nan"), float("inf"), [87.14]])
def test_capaian_unreadable_answers(answer):
    r = check_capaian(answer, AKIP_T, AKIP_R, "higher_is_better")
    assert r.verdict == "unreadable"
    assert r.message.startswith("Cannot read your answer: ")


def test_capaian_negative_realisasi():
    # City IKU 10: target 4,00, realisasi −7,17 → printed capaian −179,25
    assert check_capaian(-179.25, 4.0, -7.17, "higher_is_better").correct
    assert check_capaian("-179,25", 4.0, -7.17, "higher_is_better").correct
    assert not check_capaian(179.25, 4.0, -7.17, "higher_is_better").correct


@pytest.mark.parametrize(
    "target, realisasi, polarity", [(0.0, 5.0, "higher_is_better"), (4.0, 0.0, "lower_is_better"), (1.0, 2.0, "categorical")]
)
def test_ill_posed_capaian_exercise_raises(target, realisasi, polarity):
    with pytest.raises(ValueError):
        check_capaian(1.0, target, realisasi, polarity)


def test_capaian_working():
    assert capaian_working(POVERTY_T, POVERTY_R, "lower_is_better") == (
        "lower-is-better, so capaian = target / realisasi × 100 = 4.01 / 4.10 × 100 = 97.80 %"
    )
    with pytest.raises(ValueError, match="polarity"):
        capaian_working(1, 2, "neutral")


def test_check_result_shows_its_message():
    r = check_capaian(None, AKIP_T, AKIP_R, "higher_is_better")
    assert isinstance(r, CheckResult)
    assert repr(r) == str(r) == r.message
    assert DEFAULT_TOLERANCE == 0.01


# --- check_serapan ------------------------------------------------------------------------------------
def test_serapan_hand_computed():
    assert check_serapan(25, 50, 200).correct
    assert check_serapan("25,00", 50, 200).correct
    assert "tingkat efisiensi" in check_serapan(75, 50, 200).message
    assert "upside down" in check_serapan(400, 50, 200).message
    assert check_serapan(None, 50, 200).verdict == "not answered yet"
    with pytest.raises(ValueError):
        check_serapan(1, 50, 0)


def test_serapan_matches_the_printed_serapan(ds):
    """Disdukcapil Tabel 3.8/3.15: every printed serapan is accepted for its printed pagu and realisasi."""
    b = ds["budgets"]
    b = b[b["document_id"] == "lkip-disdukcapil-kota-bekasi-2024"]
    wide = b.pivot_table(index=["source_ref", "line_no"], columns="measure", values="value", aggfunc="first")
    wide = wide.dropna(subset=["pagu", "realisasi", "serapan"])
    assert len(wide) >= 3
    for _, row in wide.iterrows():
        assert check_serapan(row["serapan"], row["realisasi"], row["pagu"]).correct, row.name


# --- check_ikm / check_mutu -----------------------------------------------------------------------------
def test_ikm_from_the_printed_nrr():
    # (3.742 + … + 3.841) = 33.787; / 9 = 3.754111…; × 25 = 93.8528 (93.86 printed, rounding each unsur first)
    assert check_ikm(93.85, NRR_Q4).correct
    assert check_ikm("93,86", NRR_Q4).correct
    assert not check_ikm(93.88, NRR_Q4).correct
    assert "multiply by 25" in check_ikm(3.754, NRR_Q4).message
    assert "summed" in check_ikm(33.787 * 25, NRR_Q4).message


def test_ikm_accepts_the_report_variant_rounded_per_unsur():
    # Tabel 3.11 per-unsur IKM sum to 844.70; 844.70 / 9 = 93.8556 (the raw mean × 25 is 93.8528)
    r = check_ikm(844.70 / 9, NRR_Q4, tolerance=0)
    assert r.correct and "rounds each unsur" in r.message
    printed = check_ikm(93.86, NRR_Q4, tolerance=0)  # the report's figure
    assert printed.correct and "rounds each unsur" in printed.message
    assert check_ikm(93.85, NRR_Q4, tolerance=0).correct
    assert not check_ikm(93.87, NRR_Q4, tolerance=0).correct


def test_ikm_hand_fixture_and_missing_unsur():
    assert check_ikm(87.5, [3, 3, 4, 4]).correct
    assert check_ikm(87.5, [3, None, 3, 4, 4, float("nan")]).correct  # missing unsur are left out
    assert not check_ikm(88, [3, 3, 4, 4]).correct
    with pytest.raises(ValueError):
        check_ikm(1, [])
    with pytest.raises(ValueError):
        check_ikm(1, [5.0])


@pytest.mark.parametrize(
    "answer, ikm, ok",
    [("B", 86.84, True), ("baik", 86.84, True), ("A", 86.84, False), ("Sangat Baik", 93.71, True),
     ("a", 88.305, True), ("B", 88.304, True)],
)
def test_mutu(answer, ikm, ok):
    # city IKU 5 realisasi 86,84; Disdukcapil IKM 93,71; boundary 88.31 after rounding half up
    assert check_mutu(answer, ikm).correct is ok


def test_mutu_unanswered_and_unreadable():
    assert check_mutu(None, 90).verdict == "not answered yet"
    assert check_mutu("E", 90).verdict == "unreadable"
    assert check_mutu(4, 90).verdict == "unreadable"


# --- check_akip_grade ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "answer, score, ok",
    [("B", 67.10, True), (" b ", 67.10, True), ("BB", 67.10, False), ("A", 81.59, True),
     ("BB (Sangat Baik)", 76.63, True), ("A", 80.00, False), ("BB", 80.00, True), ("AA", 100, True), ("D", 30.0, True)],
)
def test_akip_grade(answer, score, ok):
    # city 67,10 printed B (Tabel 3.2); Disdukcapil 81,59 printed A (Tabel 3.16); boundaries go to the lower band
    assert check_akip_grade(answer, score).correct is ok


def test_akip_grade_messages():
    wrong = check_akip_grade("A", 80.0)
    assert "lower band" in wrong.message and "BB" in wrong.message
    assert check_akip_grade(None, 67.1).verdict == "not answered yet"
    assert "AA >90–100" in check_akip_grade(None, 67.1).message
    assert check_akip_grade(70, 67.1).verdict == "unreadable"
    assert check_akip_grade("Z", 67.1).verdict == "unreadable"
    with pytest.raises(ValueError):
        check_akip_grade("B", 120)


# --- AKIP tables --------------------------------------------------------------------------------------------
def test_akip_next_grades_city():
    t = akip_next_grades(67.10)
    assert t["grade"].tolist() == ["BB", "A", "AA"]
    assert t["min_score"].tolist() == [70.01, 80.01, 90.01]
    assert t["points_needed"].tolist() == [2.91, 12.91, 22.91]
    step = points_to_next_grade(67.10)
    assert (t.iloc[0]["grade"], t.iloc[0]["points_needed"]) == (step.next, step.points)


def test_akip_next_grades_edges():
    assert akip_next_grades(95.0).empty
    assert akip_next_grades(80.0).iloc[0].tolist() == ["A", ">80–90", 80.01, 0.01]
    assert akip_next_grades(81.59)["points_needed"].tolist() == [8.42]


def test_akip_component_headroom_city():
    t = akip_component_headroom(CITY_AKIP).set_index("component")
    assert t["headroom"].round(2).tolist() == [7.84, 9.53, 6.10, 9.43]
    assert t["total_if_full"].round(2).tolist() == [74.94, 76.63, 73.20, 76.53]  # 67.10 + headroom
    assert t["grade_if_full"].tolist() == ["BB"] * 4
    assert round(t.loc["pelaporan_kinerja", "share"], 2) == 59.33  # 8.90 / 15


def test_akip_component_headroom_starts_from_the_component_sum():
    # Disdukcapil: 24.69 + 29.84 + 12.02 + 21.04 = 87.59; full marks → 87.59 + 5.31 / 0.16 / 2.98 / 3.96
    t = akip_component_headroom(DUKCAPIL_AKIP)
    assert t["total_if_full"].round(2).tolist() == [92.90, 87.75, 90.57, 91.55]
    assert t["grade_if_full"].tolist() == ["AA", "A", "AA", "AA"]
    assert akip_component_headroom(DUKCAPIL_AKIP, total=87.59)["total_if_full"].round(2).tolist() == [92.90, 87.75, 90.57, 91.55]
    assert akip_component_headroom(CITY_AKIP, total=67.10)["grade_if_full"].tolist() == ["BB"] * 4


def test_akip_component_headroom_refuses_a_total_that_does_not_add_up():
    # the printed 81.59 is not the sum of the printed components (dukcapil-b-014): no what-if on it
    with pytest.raises(ValueError, match=r"81\.59 does not equal the sum of the components 87\.59"):
        akip_component_headroom(DUKCAPIL_AKIP, total=81.59)
    with pytest.raises(ValueError, match="outside 0–100"):
        akip_component_headroom(DUKCAPIL_AKIP, total=120)


def test_akip_what_if_base_disdukcapil(ds):
    b = akip_what_if_base(akip_components_example(ds, "disdukcapil-kota-bekasi", 2024).frame)
    assert (b.component_sum, b.printed_total, b.printed_predicate) == (87.59, 81.59, "A")
    assert not b.consistent
    assert b.base == 87.59 and b.official == 81.59 and b.gap == 6.00
    assert "81.59 does not equal the sum of its components, 87.59" in b.note
    assert "start from their sum, 87.59" in b.note and "official predikat still follows the printed total" in b.note
    assert points_to_next_grade(b.base).points == 2.42  # 90.01 − 87.59, not 90.01 − 81.59 = 8.42


def test_akip_what_if_base_city_adds_up(ds):
    b = akip_what_if_base(akip_components_example(ds, "kota-bekasi", 2023).frame)
    assert (b.component_sum, b.printed_total, b.printed_predicate) == (67.10, 67.10, "B")
    assert b.consistent and b.base == b.official == 67.10 and b.gap == 0 and b.note == ""


def test_akip_what_if_base_from_a_mapping():
    b = akip_what_if_base(CITY_AKIP)
    assert b.consistent and b.printed_total is None and b.base == b.official == 67.10
    wrong = akip_what_if_base(DUKCAPIL_AKIP, printed_total=81.59)
    assert not wrong.consistent and wrong.base == 87.59 and wrong.official == 81.59
    assert akip_what_if_base(DUKCAPIL_AKIP, printed_total=87.594).consistent  # equal at 2 decimals
    with pytest.raises(ValueError, match="outside 0–100"):
        akip_what_if_base(CITY_AKIP, printed_total=-1)
    with pytest.raises(ValueError, match="missing: pelaporan_kinerja"):
        akip_what_if_base({k: v for k, v in CITY_AKIP.items() if k != "pelaporan_kinerja"})


def test_akip_component_headroom_rejects_bad_components():
    with pytest.raises(ValueError, match="missing: evaluasi_internal"):
        akip_component_headroom({k: v for k, v in CITY_AKIP.items() if k != "evaluasi_internal"})
    with pytest.raises(ValueError, match="weight 15"):
        akip_component_headroom({**CITY_AKIP, "pelaporan_kinerja": 16})
    with pytest.raises(ValueError, match="unknown"):
        akip_component_headroom({**CITY_AKIP, "extra": 1})


def test_akip_components_example(ds):
    own = akip_components_example(ds, "disdukcapil-kota-bekasi", 2024)
    assert own.source == "own" and not own.borrowed
    frame = own.frame.set_index("component")
    assert frame.loc["total", "value"] == 81.59
    assert frame.loc["perencanaan_kinerja", "value"] == 24.69
    city = akip_components_example(ds, "kota-bekasi", 2023)
    assert city.frame.set_index("component").loc["total", "value_text"] == "67,10"


# --- teaching examples ----------------------------------------------------------------------------------------
def test_pick_example_city_has_every_kind(ds):
    hi = pick_example(ds, "kota-bekasi", 2023, "higher_is_better")
    assert (hi.indicator_id, hi.target, hi.realisasi, hi.source) == ("kota-akip", 77.0, 67.10, "own")
    assert round(hi.capaian, 2) == 87.14
    lo = pick_example(ds, "kota-bekasi", 2023, "lower_is_better")
    assert lo.indicator_id == "kota-angka-kemiskinan" and round(lo.capaian, 2) == 97.80
    neg = pick_example(ds, "kota-bekasi", 2023, "negative_realisasi")
    assert neg.realisasi == -7.17 and round(neg.capaian, 2) == -179.25
    text = pick_example(ds, "kota-bekasi", 2023, "text_target")
    assert text.target_text == "WTP" and text.status == "belum ada nilai"
    second = pick_example(ds, "kota-bekasi", 2023, "text_target", skip=1)
    assert second.target_text == "30 TP, 10 TN, 1 TI"
    assert "Kota Bekasi's own LKIP 2023" in hi.explanation


def test_pick_example_skip_gives_another_indicator(ds):
    first = pick_example(ds, "kota-bekasi", 2023, "lower_is_better")
    second = pick_example(ds, "kota-bekasi", 2023, "lower_is_better", skip=1)
    assert second.indicator_id != first.indicator_id and second.polarity == "lower_is_better"
    assert pick_example(ds, "kota-bekasi", 2023, "negative_realisasi", skip=5) is None
    with pytest.raises(ValueError):
        pick_example(ds, "kota-bekasi", 2023, "lower_is_better", skip=-1)


def test_disdukcapil_borrows_a_lower_is_better_example_and_says_so(ds):
    ind = ds.indicators
    own_iku = ind[(ind["entity_id"] == "disdukcapil-kota-bekasi") & (ind["role"] == "iku")]
    assert not (own_iku["polarity"] == "lower_is_better").any()  # the premise of the fallback
    lo = pick_example(ds, "disdukcapil-kota-bekasi", 2024, "lower_is_better")
    assert lo.borrowed and lo.source == "other_report"
    assert lo.entity == "kota-bekasi" and lo.polarity == "lower_is_better"  # the parent entity first
    assert "has no lower-is-better IKU" in lo.explanation and "borrowed from Kota Bekasi's LKIP 2023" in lo.explanation
    hi = pick_example(ds, "disdukcapil-kota-bekasi", 2024, "higher_is_better")
    assert hi.source == "own" and hi.indicator_id == "dukcapil-cakupan-dokumen"  # Tabel 3.1: 78.46 → 92.48


def test_example_candidates_end_with_regional_benchmarks(ds):
    c = example_candidates(ds, "kota-bekasi", 2023, "higher_is_better")
    assert c["source"].iloc[0] == "own"
    sources = c["source"].drop_duplicates().tolist()
    assert sources == sorted(sources, key=["own", "other_report", "regional_benchmark"].index)
    bench = c[c["source"] == "regional_benchmark"]
    assert len(bench) and set(bench["indicator_id"]) <= set(ds["regional_benchmarks"]["indicator_id"])
    assert bench["capaian"].notna().all()


def test_pick_example_rejects_bad_input(ds):
    with pytest.raises(ValueError, match="unknown example kind"):
        pick_example(ds, "kota-bekasi", 2023, "sideways")
    with pytest.raises(ParameterError):
        pick_example(ds, "kota-atlantis", 2023, "higher_is_better")


def test_ikm_nrr_example_nrr_x25_matches_the_printed_per_unsur_ikm(ds):
    """Tabel 3.11: 3.749 × 25 = 93.725 is printed 93.73 and 3.711 × 25 = 92.775 is printed 92.78
    (in binary floating point the second product is 92.77499…). Every printed per-unsur IKM equals
    NRR × 25 rounded half up, except the five Semester I rows recorded as discrepancies
    (dukcapil-b-006 … b-010, Tabel 3.13)."""
    import re

    q4 = ikm_nrr_example(ds, "disdukcapil-kota-bekasi", 2024).frame.set_index("unsur")
    assert q4.loc["U2", "nrr_x25"] == 93.73 and q4.loc["U6", "nrr_x25"] == 92.78
    mismatches, skip = set(), 0
    while (ex := ikm_nrr_example(ds, "disdukcapil-kota-bekasi", 2024, skip=skip)) is not None:
        printed = ex.frame.dropna(subset=["ikm_printed"])
        assert len(printed), ex.detail
        bad = printed[printed["nrr_x25"] != printed["ikm_printed"]]
        assert ((bad["nrr_x25"] - bad["ikm_printed"]).abs() <= 0.021).all()  # the report's own slips are small
        mismatches |= set(zip(bad["source_ref"], bad["unsur"]))
        skip += 1
    assert skip >= 3
    d = ds["discrepancies"]
    d = d[(d["resource"] == "ikm_unsur") & (d["document_id"] == "lkip-disdukcapil-kota-bekasi-2024")]
    recorded = {(r.source_ref, m.group(1)) for r in d.itertuples() if (m := re.match(r"(U\d),", str(r.location)))}
    assert mismatches == recorded and len(recorded) == 5


def test_ikm_nrr_example(ds):
    city = ikm_nrr_example(ds, "kota-bekasi", 2023)
    assert city.borrowed and city.entity == "disdukcapil-kota-bekasi" and city.detail == "Q4"
    assert "has no per-unsur NRR" in city.explanation
    assert city.frame["nrr"].tolist() == NRR_Q4
    own = ikm_nrr_example(ds, "disdukcapil-kota-bekasi", 2024)
    assert own.source == "own" and own.detail == "Q4"
    nxt = ikm_nrr_example(ds, "disdukcapil-kota-bekasi", 2024, skip=1)
    assert nxt.detail != "Q4" and len(nxt.frame) == 9


def test_pick_forecast_indicator():
    summary = pd.DataFrame({
        "indicator_id": ["a", "b", "c", "d", "e"], "iku_no": [1, 2, 3, 4, 5],
        "status": ["insufficient data", "forecast", "forecast", "forecast", "forecast"],
        "report_progress": [None, "on track", "on track", None, "limited progress"],
        "next_target": [80.0, math.nan, 90.0, 85.0, math.nan],
        "next_target_year": [2025, None, 2025, 2025, None],
        "next_p_meet": [0.9, math.nan, math.nan, 0.2, math.nan],
    })
    assert pick_forecast_indicator(summary) == "d"  # the only forecast with P(meet) of a future target
    assert pick_forecast_indicator(summary.assign(next_p_meet=math.nan)) == "c"  # a future target
    # the city's case: no target after the report year → a forecast with a report-year progress class
    assert pick_forecast_indicator(summary.assign(next_p_meet=math.nan, next_target=math.nan)) == "b"
    only = summary.assign(next_p_meet=math.nan, next_target=math.nan, report_progress=None)
    assert pick_forecast_indicator(only) == "b"  # any forecast, IKU order
    assert pick_forecast_indicator(summary.assign(status="skipped")) is None
    # older summaries without next_*/report_* columns: the headline p_meet / progress
    old = pd.DataFrame({"indicator_id": ["a", "b", "c"], "iku_no": [1, 2, 3], "status": ["forecast"] * 3,
                        "p_meet": [math.nan, math.nan, 0.7], "progress": [None, "on track", "on track"]})
    assert pick_forecast_indicator(old) == "c"
    assert pick_forecast_indicator(old.assign(p_meet=math.nan)) == "b"


def test_last_plan_target_year(ds):
    # the city's RPJMD sets targets up to its kondisi akhir of 2023; Disdukcapil's revised Renstra up to 2026
    assert last_plan_target_year(ds, "kota-bekasi") == 2023
    assert last_plan_target_year(ds, "disdukcapil-kota-bekasi") == 2026
    with pytest.raises(ParameterError, match="kota-atlantis"):
        last_plan_target_year(ds, "kota-atlantis")


def test_exercise_progress():
    results = {"e1": check_capaian(87.14, AKIP_T, AKIP_R, "higher_is_better"),
               "e2": check_akip_grade("A", 67.1), "e3": check_ikm(None, NRR_Q4)}
    t = exercise_progress(results)
    assert t["verdict"].tolist() == ["correct", "incorrect", "not answered yet", "1 of 3 correct"]


# --- SAKIP cycle diagram ------------------------------------------------------------------------------------
def test_cycle_diagram_draws_five_stages_and_five_arrows():
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

    ax = sakip_cycle_diagram(highlight="pengukuran", plan="renstra")
    boxes = [p for p in ax.patches if isinstance(p, FancyBboxPatch)]
    arrows = [p for p in ax.patches if isinstance(p, FancyArrowPatch)]
    assert len(boxes) == len(SAKIP_STAGES) == 5 and len(arrows) == 5
    texts = " ".join(t.get_text() for t in ax.texts)
    for label in ("1. Renstra", "2. Perjanjian Kinerja", "3. Pengukuran kinerja", "4. LKIP", "5. Evaluasi AKIP"):
        assert label in texts
    highlighted = [b for b in boxes if b.get_linewidth() > 2]
    assert len(highlighted) == 1
    assert "1. RPJMD" in " ".join(t.get_text() for t in sakip_cycle_diagram(plan="rpjmd").texts)
    matplotlib.pyplot.close("all")


def test_cycle_diagram_rejects_unknown_options():
    with pytest.raises(ValueError, match="unknown SAKIP stage"):
        sakip_cycle_diagram(highlight="audit")
    with pytest.raises(ValueError, match="unknown plan"):
        sakip_cycle_diagram(plan="rkpd")


def test_stage_evidence_counts_rows_of_the_csv(ds):
    raw = pd.read_csv(PROJECT_ROOT / "data" / "indicator_values.csv")
    raw = raw[raw["entity_id"] == "kota-bekasi"]
    t = stage_evidence(ds, "kota-bekasi", 2023).set_index("stage")
    assert t.loc[2, "rows"] == ((raw["measure"] == "target_pk") & (raw["year"] == 2023)).sum()
    assert t.loc[3, "rows"] == (raw["measure"].isin(["realisasi", "capaian"]) & (raw["year"] == 2023)).sum()
    assert t.loc[4, "rows"] == 1 and t.loc[5, "rows"] == 5  # one LKIP; four components + total (Tabel 3.2)
    with pytest.raises(ParameterError):
        stage_evidence(ds, "kota-bekasi", 2031)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_cycle_diagram_fits_an_a4_page_in_the_readers_language(monkeypatch, lang):
    from lkip_helpers.data import i18n
    from lkip_helpers.notebook import figure_problems

    monkeypatch.setattr(i18n, "_language", lang)
    ax = sakip_cycle_diagram(highlight="pengukuran", plan="renstra",
                             title="Siklus SAKIP: Dinas Kependudukan dan Pencatatan Sipil Kota Bekasi")
    assert figure_problems(ax.figure) == []
    texts = " ".join(t.get_text() for t in ax.texts)
    assert ("target tahunan" in texts) == (lang == "id") and ("yearly targets" in texts) == (lang == "en")
    assert sakip_cycle_diagram().get_title() == ("Siklus SAKIP" if lang == "id" else "The SAKIP cycle")
    matplotlib.pyplot.close("all")


def test_feedback_in_bahasa_indonesia_with_its_number_notation(monkeypatch):
    """The default language of the reports: the verdict, the formula and the numbers (87,14)."""
    monkeypatch.setattr(i18n, "_language", "id")
    right = check_capaian("87,14", AKIP_T, AKIP_R, "higher_is_better")
    assert right.message.startswith("Benar: 87,14 % (jawaban dalam rentang ±0,01 % dari 87,14 diterima).")
    assert "realisasi / target × 100 = 67,10 / 77,00 × 100 = 87,14 %" in right.message
    wrong = check_capaian(102.24, POVERTY_T, POVERTY_R, "lower_is_better")
    assert wrong.message.startswith("Belum tepat: jawaban Anda 102,24, nilai yang benar 97,80 %")
    assert "Tampaknya Anda memakai realisasi / target × 100, rumus untuk indikator makin tinggi makin baik" in wrong.message
    assert "lower" not in wrong.message and "higher" not in wrong.message
    assert check_mutu(None, 90).message.startswith("Belum dijawab: ganti None dengan huruf")
    assert "bukan angka" in check_ikm("banyak", NRR_Q4).message
    progress = exercise_progress({"exercise 1": right, "exercise 2": wrong})
    assert progress["verdict"].iloc[-1] == "1 dari 2 benar"
