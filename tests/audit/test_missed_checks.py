"""Contradictions the audit used to miss, found by general mechanisms (issue 16): the same figure in
two reports, targets swapped between two tables of a plan, a formula printed with its numbers, a
claim that no part of a total reached its target, the parent rows of a budget table.

Each mechanism is tested on small hand-made tables (the planted case and a clean one), then on the
real data, where the contradiction listed in the issue must be found."""

from __future__ import annotations

import pandas as pd
import pytest

from lkip_helpers.audit import audit_report
from lkip_helpers.audit.claims import check_text_claims
from lkip_helpers.audit.expressions import check_printed_formulas, evaluate_printed
from lkip_helpers.audit.relations import check_relations
from lkip_helpers.audit.swaps import check_swapped_targets
from lkip_helpers.data.dataset import load_dataset
from lkip_helpers.data.paths import default_data_dir

from test_audit import DOC, INDICATORS, claims, fake, iv, run, stat

CITY, OFFICE = "lkip-kota-bekasi-2023", "lkip-disdukcapil-kota-bekasi-2024"


@pytest.fixture(scope="module")
def findings() -> dict[str, pd.DataFrame]:
    ds = load_dataset(default_data_dir())
    return {e: audit_report(ds, e, y, grouped=False).set_index("key")
            for e, y in (("kota-bekasi", 2023), ("disdukcapil-kota-bekasi", 2024))}


# ---- (a) the same figure printed in two reports ---------------------------------------------------


def _unit_score_ds(unit_text: str, unit_value: float, unit_doc: str = "doc-city") -> object:
    scores = pd.DataFrame([dict(unit_id="dinas-x", year=2023, score_type="ikm", value=unit_value,
                                value_text=unit_text, predicate_text="", rank=None, document_id=unit_doc,
                                source_ref="Tabel 3.8")])
    values = iv([("up", 2023, "annual", "realisasi", 91.55, "91,55%", "Bab II"),
                 ("up", 2023, "annual", "target_pk", 95.0, "95")])
    relation = pd.DataFrame([dict(check_id="x-ikm", document_id=DOC, kind="unit-score", subject="dinas-x",
                                  source_ref="", variable="ikm", rows="", inputs="", indicator_id="up", outcome="",
                                  description="")])
    return fake(indicators=INDICATORS, indicator_values=values, unit_scores=scores, check_relations=relation)


def test_a_unit_score_against_the_units_own_report():
    # the office's report (DOC) prints 91,55; the city's report prints 90,98 for the same unit and year
    got = run(check_relations, _unit_score_ds("90,98", 90.98))
    f = got.loc[f"same-figure:{DOC}:up:realisasi-2023:doc-city"]
    assert f["status"] == "discrepancy" and f["printed"] == 91.55 and f["recomputed"] == 90.98
    assert run(check_relations, _unit_score_ds("91,55", 91.55)).iloc[0]["status"] == "match"
    # the same document printing both is no cross-report pair
    assert run(check_relations, _unit_score_ds("90,98", 90.98, unit_doc=DOC)).empty


def test_a_the_city_and_the_office_print_the_ikm_of_disdukcapil_differently(findings):
    city = findings["kota-bekasi"].loc[f"same-figure:{CITY}:dukcapil-ikm:realisasi-2023:{OFFICE}"]
    office = findings["disdukcapil-kota-bekasi"].loc[f"same-figure:{OFFICE}:dukcapil-ikm:realisasi-2023:{CITY}"]
    assert (city["printed"], city["recomputed"], city["status"]) == (90.98, 91.55, "discrepancy")
    assert (office["printed"], office["recomputed"], office["status"]) == (91.55, 90.98, "discrepancy")
    # the AKIP 80,97 both reports print agrees
    akip = findings["kota-bekasi"].loc[f"same-figure:{CITY}:dukcapil-akip:realisasi-2023:{OFFICE}"]
    assert akip["status"] == "match"


def test_a_a_relation_of_an_unknown_kind_is_named():
    ds = _unit_score_ds("90,98", 90.98)
    ds.tables["check_relations"] = ds.tables["check_relations"].assign(kind="mean")
    with pytest.raises(ValueError, match="check_relations.csv row 2 .*unknown kind 'mean'"):
        run(check_relations, ds)


# ---- (b) target series swapped between two tables of a plan --------------------------------------


def _plan_ds(kia_rpd: tuple[float, float]) -> object:
    rows = []
    for ind, revised, rpd in (("up", (65, 67), (94.97, 97.75)), ("down", (94.97, 97.75), kia_rpd)):
        for year, a, b in zip((2025, 2026), revised, rpd):
            rows.append((ind, year, "annual", "target_renstra_revised", a, str(a), "revised table"))
            rows.append((ind, year, "annual", "target_rpd", b, str(b), "RPD table"))
    return fake(indicators=INDICATORS, indicator_values=iv(rows))


def test_b_a_target_series_printed_under_another_indicator():
    got = run(check_swapped_targets, _plan_ds((65, 80)))
    assert len(got) == 1   # one finding per pair of tables and indicators
    f = got.iloc[0]
    assert f.name == f"swap:{DOC}:down:target_renstra_revised:up:target_rpd"
    assert f["status"] == "discrepancy" and f["recomputed_text"] == "Indeks Naik"
    assert "in 2025" in f["rule"].split("the reverse")[1]   # 65 = 65 in 2025 only
    # each indicator keeps its own series in both tables: nothing to report
    clean = fake(indicators=INDICATORS, indicator_values=iv(
        [(i, y, "annual", m, v, str(v)) for i, v in (("up", 80.0), ("down", 90.0)) for y in (2025, 2026)
         for m in ("target_renstra_revised", "target_rpd")]))
    assert run(check_swapped_targets, clean).empty


def test_b_the_kk_and_kia_targets_of_the_office(findings):
    f = findings["disdukcapil-kota-bekasi"]
    swaps = f[f.index.str.startswith("swap:")]
    assert len(swaps) == 1
    s = swaps.iloc[0]
    assert "dukcapil-cakupan-kia:target_renstra_revised:dukcapil-cakupan-kk:target_rpd" in s.name
    assert s["printed_text"] == "94,97% / 97,75% / 99,6%" and "Kartu Keluarga" in s["recomputed_text"]
    assert not findings["kota-bekasi"].index.str.startswith("swap:").any()


# ---- (c) a formula printed with its numbers --------------------------------------------------------


def test_c_evaluate_a_printed_formula():
    assert evaluate_printed("IKU = 100-(50/0,9*(0,44-0,1))")[1] == pytest.approx(81.1111, abs=1e-4)
    assert evaluate_printed("X = 2 × 3 + 1")[1] == 7.0
    assert evaluate_printed("Pertumbuhan = -7,17") is None       # a signed number is no formula
    assert evaluate_printed("Jumlah = A + B") is None and evaluate_printed("Indeks Udara") is None
    rows = stat([("Indeks = 100-(50/0,9*(0,44-0,1))", "", "index", 2023, 65.65, "65,65"),
                 ("Ieu", "", "index", 2023, 0.72, "0,72"), ("Sah = 2 + 2", "", "index", 2023, 4, "4")])
    got = run(check_printed_formulas, fake(stats_x=rows))
    bad = got.loc[f"formula:{DOC}:x:tabel-9:printed-expression:indeks"]
    assert bad["status"] == "discrepancy" and bad["recomputed"] == pytest.approx(81.1111, abs=1e-4)
    assert "Ieu 0,72" in bad["rule"]
    assert got.loc[f"formula:{DOC}:x:tabel-9:printed-expression:sah", "status"] == "match"


def test_c_the_air_quality_formula_of_tabel_3_19(findings):
    f = findings["kota-bekasi"]
    printed = f.loc[f"formula:{CITY}:iku-air-quality:tabel-3-19:printed-expression:indeks-kualitas-udara"]
    assert round(printed["recomputed"], 2) == 81.11 and printed["status"] == "discrepancy"
    grouped = audit_report(load_dataset(default_data_dir()), "kota-bekasi", 2023)
    rows = grouped[grouped["key"].str.startswith(f"formula:{CITY}:iku-air-quality:")
                   | grouped["repeat_keys"].str.contains("iku-air-quality:tabel-3-19", regex=False)]
    assert len(rows[rows["status"] != "match"]) == 1   # one underlying error: the formula row of Tabel 3.19


# ---- (d) the claim that no part of a total reached its target --------------------------------------


def test_d_none_reached_against_the_parts_of_a_declared_total():
    rows = stat([("Total", "", "target", 2023, 200, "200"), ("Total", "", "realisasi", 2023, 190, "190"),
                 ("A", "", "target", 2023, 150, "150"), ("A", "", "realisasi", 2023, 120, "120"),
                 ("B", "", "target", 2023, 50, "50"), ("B", "", "realisasi", 2023, 70, "70")])
    checks = pd.DataFrame([dict(check_id="sum-x", document_id=DOC, topic="x", source_ref="Tabel 9",
                                variables="target|realisasi", total_category="Total", total_subcategory="",
                                parts="*", group_by="", description="")])
    claim = claims([("Bab III (text)", "unsur", "sum-x", "none_reached", 2023, None, "semua unsur tidak tercapai")])
    got = run(check_text_claims, fake(stats_x=rows, checks=checks, stats_text_claims=claim))
    f = got.iloc[0]
    assert f["status"] == "discrepancy" and f["recomputed"] == 1 and "B 140.00" in f["rule"]
    rows.loc[(rows["category"] == "B") & (rows["variable"] == "realisasi"), "value"] = 40
    assert run(check_text_claims, fake(stats_x=rows, checks=checks, stats_text_claims=claim)).iloc[0]["status"] == "match"
    bad = claim.assign(subcategory="no-such-check")
    with pytest.raises(ValueError, match="subcategory must name a check of checks.csv"):
        run(check_text_claims, fake(stats_x=rows, checks=checks, stats_text_claims=bad))


def test_d_every_pad_component_missed_its_target_says_the_text(findings):
    f = findings["kota-bekasi"].loc[f"count:{CITY}:parts-reached:city-sum-pad-3-5:bab-iii-b-sasaran-1-iku-4-text"]
    assert f["status"] == "discrepancy" and f["recomputed"] == 1
    assert "Lain-Lain Pendapatan Asli Daerah Yang Sah 120.17" in f["rule"]


# ---- (e) the parent rows of Tabel 3.21 of the office ------------------------------------------------


def test_e_every_parent_line_of_tabel_3_21_is_checked(findings):
    ds = load_dataset(default_data_dir())
    b = ds.tables["budgets"]
    parents = b[(b["document_id"] == OFFICE) & (b["source_ref"] == "Tabel 3.21")
                & b["level"].isin(["program", "kegiatan"])]
    lines = sorted(set(parents["line_no"]))
    assert len(lines) == 18
    f = findings["disdukcapil-kota-bekasi"]
    for line in lines:
        for measure in ("pagu", "realisasi", "sisa"):
            assert f"budget-sum:{OFFICE}:tabel-3-21:line-{line}:{measure}" in f.index, (line, measure)


def test_e_a_programme_total_that_is_not_the_sum_of_its_kegiatan(data_copy):
    p = data_copy / "budgets.csv"
    text = p.read_text(encoding="utf-8")
    old = 'Tabel 3.21,27,pagu,disdukcapil-kota-bekasi,2024,program,,Program Pendaftaran Penduduk,,Rp,5586536500,"5.586.536.500,00"'
    assert old in text
    p.write_text(text.replace(old, old.replace("5586536500,\"5.586.536.500", "5586536600,\"5.586.536.600")),
                 encoding="utf-8")
    f = audit_report(load_dataset(data_copy), "disdukcapil-kota-bekasi", 2024, grouped=False).set_index("key")
    row = f.loc[f"budget-sum:{OFFICE}:tabel-3-21:line-27:pagu"]
    assert row["status"] == "discrepancy" and row["recomputed"] == 5586536500
