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

from lkip_helpers.errors import ParameterError
from lkip_helpers.exercises import (
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
from lkip_helpers.paths import PROJECT_ROOT
from lkip_helpers.sakip_diagram import SAKIP_STAGES, sakip_cycle_diagram, stage_evidence
from lkip_helpers.teaching import (
    akip_component_headroom,
    akip_components_example,
    akip_next_grades,
    example_candidates,
    ikm_nrr_example,
    pick_example,
    pick_forecast_indicator,
)

# City LKIP 2023 Tabel 3.1: IKU 1 AKIP target 77,00, realisasi 67,10, capaian printed 87,14;
# IKU 11 Angka Kemiskinan (lower is better) target 4,01, realisasi 4,10, capaian printed 97,80.
AKIP_T, AKIP_R = 77.0, 67.10
POVERTY_T, POVERTY_R = 4.01, 4.10
# Disdukcapil LKIP 2024 Tabel 3.11: NRR U1..U9 of the Q4 survey; IKM printed 93,86.
NRR_Q4 = [3.742, 3.749, 3.614, 3.867, 3.810, 3.711, 3.668, 3.785, 3.841]
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


def test_akip_component_headroom_from_the_printed_total():
    # Disdukcapil: the components sum to 87.59 but the printed total is 81.59 (dukcapil-b-014)
    t = akip_component_headroom(DUKCAPIL_AKIP, total=81.59)
    assert t["total_if_full"].round(2).tolist() == [86.90, 81.75, 84.57, 85.55]
    default = akip_component_headroom(DUKCAPIL_AKIP)
    assert round(default["total_if_full"].iloc[0], 2) == 92.90


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
        "indicator_id": ["a", "b", "c", "d"], "iku_no": [1, 2, 3, 4],
        "status": ["insufficient data", "forecast", "forecast", "forecast"],
        "p_meet": [math.nan, math.nan, 0.7, 0.2], "progress": [None, "on track", "on track", None],
    })
    assert pick_forecast_indicator(summary) == "c"
    assert pick_forecast_indicator(summary.assign(p_meet=math.nan)) == "b"
    assert pick_forecast_indicator(summary.assign(status="skipped")) is None


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
