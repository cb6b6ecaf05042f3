"""Tests of the report audit (lkip_helpers.audit).

Small fixtures: each check family catches an error planted in hand-made tables and gives no false
alarm on the same tables without it (expected values computed by hand in the comments). Real
data: every known discrepancy with an audit_key is rediscovered, every row of the kinds the audit
can recompute has an audit_key (or is exempted below with the reason), and every non-match finding
is either a known discrepancy or one of the few allow-listed findings below.

The real-data tests read the data the notebooks read: ``$LKIP_DATA_DIR`` when set, else ``data/``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from lkip_helpers.audit import (
    MATERIALITY_CAP,
    audit_documents,
    audit_report,
    classify,
    findings_table,
    known_vs_new,
    materiality,
    printed_resolution,
    recorded_discrepancies,
    report_documents,
    summary_counts,
)
from lkip_helpers.audit.budgets import check_budgets
from lkip_helpers.audit.claims import check_text_claims
from lkip_helpers.audit.consistency import check_consistency
from lkip_helpers.audit.core import Collector
from lkip_helpers.audit.declared import check_declared
from lkip_helpers.audit.relations import check_relations
from lkip_helpers.audit.indicators import check_capaian, check_coverage, check_ikm_periods, check_yoy_claims
from lkip_helpers.audit.predicate_checks import check_predicates
from lkip_helpers.audit.sums import check_akip_components, check_ikm
from lkip_helpers.data.dataset import Dataset, load_dataset
from lkip_helpers.data.errors import ParameterError
from lkip_helpers.data.paths import default_data_dir

DOC = "doc-x"

# Non-match findings of the real data that are *not* contradictions of the report and so have no
# row in data/discrepancies.csv. Keep this list short (see the audit notebook, "new findings").
ALLOWED_NEW_FINDINGS = {
    # Bab III.B IKU 4 says PAD growth rose by 3,09 points; the printed growth rates 1,70% (2022)
    # and 4,80% (2023) differ by 3,10. A 0.01 gap from subtracting unrounded rates: a rounding
    # difference, not a contradiction.
    "yoy:lkip-kota-bekasi-2023:kota-peningkatan-pad:realisasi-2023-kenaikan-realisasi-vs-2022",
}


# --------------------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------------------


def fake(**tables: pd.DataFrame) -> Dataset:
    """A Dataset holding only the given tables (keys use '-' for '_' in stats names)."""
    base = {
        "indicators": pd.DataFrame(columns=["indicator_id", "name", "polarity", "entity_id", "role", "iku_no",
                                            "parent_indicator_id"]),
        "indicator_values": pd.DataFrame(columns=["entity_id", "indicator_id", "year", "period", "measure", "value",
                                                  "value_text", "document_id", "source_ref"]),
        "unit_scores": pd.DataFrame(columns=["unit_id", "year", "score_type", "value", "value_text", "predicate_text",
                                             "rank", "document_id", "source_ref"]),
        "akip_components": pd.DataFrame(columns=["entity_id", "year", "component", "value", "value_text",
                                                 "predicate_text", "document_id", "source_ref"]),
        "ikm_unsur": pd.DataFrame(columns=["entity_id", "service", "year", "period", "unsur", "measure", "unsur_name",
                                           "value", "value_text", "document_id", "source_ref"]),
        "budgets": pd.DataFrame(columns=["document_id", "source_ref", "line_no", "measure", "entity_id", "year", "level",
                                         "code", "name", "indicator_id", "unit_text", "value", "value_text"]),
        "regional_benchmarks": pd.DataFrame(columns=["entity_id", "indicator_id", "year", "measure", "value",
                                                     "value_text", "document_id", "source_ref"]),
        "documents": pd.DataFrame({"document_id": [DOC], "entity_id": ["e"], "report_year": [2024]}),
    }
    base.update({k.replace("_", "-") if k.startswith("stats") else k: v for k, v in tables.items()})
    return Dataset(Path("."), {}, base)


def run(check, ds: Dataset) -> pd.DataFrame:
    out = Collector()
    check(ds, out, {DOC})
    return out.frame().set_index("key")


def iv(rows: list[tuple]) -> pd.DataFrame:
    """indicator_values rows (indicator, year, period, measure, value, text[, source_ref])."""
    recs = []
    for r in rows:
        ind, year, period, measure, value, text, *src = r
        recs.append(dict(entity_id="e", indicator_id=ind, year=year, period=period, measure=measure, value=value,
                         value_text=text, document_id=DOC, source_ref=src[0] if src else "Tabel 1"))
    return pd.DataFrame(recs)


def stat(rows: list[tuple], source_ref: str = "Tabel 9") -> pd.DataFrame:
    """stats rows (category, subcategory, variable, year, value, text[, period])."""
    recs = []
    for r in rows:
        cat, sub, var, year, value, text, *per = r
        recs.append(dict(source_ref=source_ref, category=cat, subcategory=sub, variable=var, year=year,
                         period=per[0] if per else "annual", entity_id="e", unit="", value=value, value_text=text,
                         document_id=DOC))
    return pd.DataFrame(recs)


def claims(rows: list[tuple]) -> pd.DataFrame:
    """text-claims rows (source_ref, category, subcategory, variable, year, value, text[, indicator_id])."""
    frames = [stat([r[1:7]], source_ref=r[0]).assign(indicator_id=r[7] if len(r) > 7 else None) for r in rows]
    return pd.concat(frames, ignore_index=True)


INDICATORS = pd.DataFrame(
    [
        dict(indicator_id="up", name="Indeks Naik", polarity="higher_is_better", entity_id="e", role="iku", iku_no=1,
             parent_indicator_id=None),
        dict(indicator_id="down", name="Angka Turun", polarity="lower_is_better", entity_id="e", role="iku", iku_no=2,
             parent_indicator_id=None),
    ]
)


# --------------------------------------------------------------------------------------------------
# core rules
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, value, expected",
    [("87,14%", 87.14, 0.01), ("2.290", 2290, 1.0), ("93.7", 93.7, 0.1), ("93.70", 93.7, 0.01),
     ("2,9 T", 2.9e12, 1e11), ("Rp13.868.153.684.143,-", 13868153684143, 1.0), ("A (80,97)", 80.97, 0.01),
     ("21,311.74", 21311.74, 0.01), ("1,013", 1013, 1.0)],
)
def test_printed_resolution(text, value, expected):
    assert printed_resolution(text, value) == pytest.approx(expected)


def test_classify_rules():
    assert classify(249.10, 51.24 / 20.57 * 100, 0.01) == "match"          # 249.1006 rounds to 249.10
    assert classify(105.75, 99.95 / 94.51 * 100, 0.01) == "rounding difference"  # 105.756 truncated
    assert classify(91.58, 3.663 * 25, 0.01) == "match"                    # 91.575 rounds half up
    assert classify(99.83, 76.24 / 78.68 * 100, 0.01) == "discrepancy"     # 96.90
    assert classify(1621, 1629, 1.0, 0.0) == "discrepancy"                  # counts are exact


# --------------------------------------------------------------------------------------------------
# check families on small fixtures: planted error caught, clean fixture silent
# --------------------------------------------------------------------------------------------------


def _capaian_ds(printed_up: str, value_up: float) -> Dataset:
    return fake(indicators=INDICATORS, indicator_values=iv([
        ("up", 2024, "annual", "target_pk", 80.0, "80,00"),
        ("up", 2024, "annual", "realisasi", 88.0, "88,00"),
        ("up", 2024, "annual", "capaian", value_up, printed_up),          # 88/80 = 110.00
        ("down", 2024, "annual", "target_pk", 4.0, "4,00"),
        ("down", 2024, "annual", "realisasi", 5.0, "5,00"),
        ("down", 2024, "annual", "capaian", 80.0, "80,00"),                # 4/5 = 80.00
        ("down", 2023, "annual", "target_pk", 2.0, "2,00"),
        ("down", 2023, "annual", "realisasi", 3.0, "3,00"),
        ("down", 2023, "annual", "capaian", 66.66, "66,66"),               # 2/3 = 66.667: truncated
    ]))


def test_capaian_clean_and_planted():
    clean = run(check_capaian, _capaian_ds("110,00", 110.0))
    assert clean.loc[f"capaian:{DOC}:up:2024", "status"] == "match"
    assert clean.loc[f"capaian:{DOC}:down:2024", "status"] == "match"
    assert clean.loc[f"capaian:{DOC}:down:2023", "status"] == "rounding difference"
    planted = run(check_capaian, _capaian_ds("112,00", 112.0))
    assert planted.loc[f"capaian:{DOC}:up:2024", "status"] == "discrepancy"
    assert planted.loc[f"capaian:{DOC}:up:2024", "gap"] == pytest.approx(2.0)


def test_coverage_clean_and_planted():
    def ds(text, value):
        return fake(indicators=INDICATORS, indicator_values=iv([
            ("up", 2024, "annual", "numerator", 50.0, "50"), ("up", 2024, "annual", "denominator", 200.0, "200"),
            ("up", 2024, "annual", "realisasi", value, text)]))   # 50/200 = 25.00
    assert run(check_coverage, ds("25,00%", 25.0))["status"].eq("match").all()
    assert run(check_coverage, ds("26,00%", 26.0))["status"].eq("discrepancy").all()


def test_ikm_period_means():
    def ds(s2_text, s2):
        return fake(indicators=INDICATORS, indicator_values=iv([
            ("up", 2024, "Q3", "realisasi", 93.70, "93,70"), ("up", 2024, "Q4", "realisasi", 93.86, "93,86"),
            ("up", 2024, "S2", "realisasi", s2, s2_text)]))      # (93.70 + 93.86)/2 = 93.78
    assert run(check_ikm_periods, ds("93,78", 93.78))["status"].eq("match").all()
    assert run(check_ikm_periods, ds("93,87", 93.87))["status"].eq("discrepancy").all()


def test_yoy_direction_and_size():
    values = iv([("up", 2022, "annual", "realisasi", 85.35, "85,35"), ("up", 2023, "annual", "realisasi", 85.94, "85,94"),
                 ("down", 2022, "annual", "realisasi", 8.81, "8,81"), ("down", 2023, "annual", "realisasi", 7.90, "7,90")])

    def changes(word_up, size_up):
        rows = stat([("Indeks Naik", word_up, "realisasi_change", 2023, size_up, f"{size_up}"),
                     ("Angka Turun", "penurunan", "realisasi_change", 2023, 0.91, "0,91")],
                    source_ref="Bab III IKU 1 (text)")
        return fake(indicators=INDICATORS, indicator_values=values, stats_iku_changes=rows)
    clean = run(check_yoy_claims, changes("peningkatan", 0.59))   # 85.94 − 85.35 = +0.59
    assert clean["status"].eq("match").all() and len(clean) == 2
    wrong_word = run(check_yoy_claims, changes("menurun", 0.59))
    assert (wrong_word["status"] == "discrepancy").sum() == 1
    wrong_size = run(check_yoy_claims, changes("peningkatan", 0.95))
    assert (wrong_size["status"] == "discrepancy").sum() == 1


def _stats_ds(jumlah: float, jumlah_text: str) -> Dataset:
    crime = stat([("Pembunuhan", "", "cases", 2023, 3, "3"), ("Pencurian", "", "cases", 2023, None, "-"),
                  ("Penipuan", "", "cases", 2023, 10, "10"), ("Jumlah", "", "cases", 2023, jumlah, jumlah_text)],
                 source_ref="Tabel 3.16")
    pad = stat([("PENDAPATAN ASLI DAERAH", "", "target", 2023, 300, "300"),
                ("Pajak", "", "target", 2023, 200, "200"), ("Retribusi", "", "target", 2023, 100, "100"),
                ("PENDAPATAN ASLI DAERAH", "", "realisasi", 2023, 270, "270"),
                ("Pajak", "", "realisasi", 2023, 180, "180"), ("Retribusi", "", "realisasi", 2023, 90, "90"),
                ("PENDAPATAN ASLI DAERAH", "", "persen_realisasi", 2023, 90.0, "90,00%")], source_ref="Tabel 3.5")
    checks = pd.DataFrame([
        dict(check_id="crime", document_id=DOC, topic="crime-cases", source_ref="Tabel 3.16", variables="cases",
             total_category="Jumlah", total_subcategory="", parts="*", group_by="", description="crime total"),
        dict(check_id="pad", document_id=DOC, topic="pad-komponen", source_ref="Tabel 3.5",
             variables="target|realisasi", total_category="PENDAPATAN ASLI DAERAH", total_subcategory="",
             parts="Pajak|Retribusi", group_by="", description="PAD total")])
    relations = pd.DataFrame([dict(check_id="pad-ratio", document_id=DOC, kind="ratio", subject="pad-komponen",
                                   source_ref="Tabel 3.5", variable="persen_realisasi", rows="*",
                                   inputs="realisasi|target", outcome="", description="% of PAD")])
    return fake(stats_crime_cases=crime, stats_pad_komponen=pad, checks=checks, check_relations=relations)


def _stats_and_declared(ds: Dataset) -> pd.DataFrame:
    out = Collector()
    check_declared(ds, out, {DOC})
    check_relations(ds, out, {DOC})
    return out.frame().set_index("key")


def test_stats_sums_and_ratios():
    clean = _stats_and_declared(_stats_ds(13, "13"))   # 3 + '-' + 10 = 13; 200+100 = 300; 270/300 = 90.00
    assert clean["status"].eq("match").all() and len(clean) == 4
    ratio = run(check_relations, _stats_ds(13, "13"))
    assert ratio.index.tolist() == [f"ratio:{DOC}:pad-komponen:tabel-3-5:pendapatan-asli-daerah:persen_realisasi"]
    planted = _stats_and_declared(_stats_ds(14, "14"))
    bad = planted[planted["status"] != "match"]
    assert list(bad.index) == [f"sum:{DOC}:crime-cases:tabel-3-16:jumlah:cases:2023"]
    assert bad["status"].iloc[0] == "discrepancy"   # counts are exact: 14 vs 13 is not a rounding


def _akip_ds(total: float, text: str) -> Dataset:
    comps = [("perencanaan_kinerja", 22.16, "22,16"), ("pengukuran_kinerja", 20.47, "20,47"),
             ("pelaporan_kinerja", 8.90, "8,90"), ("evaluasi_internal", 15.57, "15,57"), ("total", total, text)]
    return fake(akip_components=pd.DataFrame([dict(entity_id="e", year=2023, component=c, value=v, value_text=t,
                                                   predicate_text="B" if c == "total" else None, document_id=DOC,
                                                   source_ref="Tabel 3.2") for c, v, t in comps]))


def test_akip_components():
    assert run(check_akip_components, _akip_ds(67.10, "67,10"))["status"].eq("match").all()  # sum 67.10
    planted = run(check_akip_components, _akip_ds(67.20, "67,20"))
    assert planted["status"].eq("discrepancy").all()
    assert planted["recomputed"].iloc[0] == pytest.approx(67.10)


def _ikm_ds(ikm_u1: float, text: str) -> Dataset:
    rows = [("U1", "nrr", 3.744, "3,744"), ("U1", "ikm", ikm_u1, text), ("U2", "nrr", 3.663, "3,663"),
            ("U2", "ikm", 91.58, "91,58"), ("U1", "kategori", None, "A"), ("U2", "kategori", None, "A")]
    unsur = pd.DataFrame([dict(entity_id="e", service="s", year=2024, period="S1", unsur=u, measure=m, unsur_name=u,
                               value=v, value_text=t, document_id=DOC, source_ref="Tabel 3.13") for u, m, v, t in rows])
    return fake(ikm_unsur=unsur)


def test_ikm_per_unsur_and_category():
    clean = run(check_ikm, _ikm_ds(93.60, "93,60"))          # 3.744 × 25 = 93.60; 3.663 × 25 = 91.575 → 91.58
    assert clean["status"].eq("match").all() and len(clean) == 2
    planted = run(check_ikm, _ikm_ds(93.59, "93,59"))
    assert planted.loc[f"ikm-unsur:{DOC}:s:2024-s1:u1", "status"] == "rounding difference"
    preds = run(check_predicates, _ikm_ds(93.60, "93,60"))   # 93.60 ≥ 88.31 → A
    assert preds["status"].eq("match").all() and len(preds) == 2


def _budget_ds(efisiensi_text: str, efisiensi: float, kegiatan_pagu: float) -> Dataset:
    lines = [  # line, level, pagu, realisasi, serapan, efisiensi
        (1, "program", 1000.0, 900.0, ("90,00%", 90.0), (efisiensi_text, efisiensi)),
        (2, "kegiatan", kegiatan_pagu, 500.0, ("83,33%", 83.33), None),  # 500/600 = 83.33
        (3, "kegiatan", 400.0, 400.0, ("100,00%", 100.0), None),
    ]
    recs = []
    for line, level, pagu, real, ser, eff in lines:
        for measure, value, text in (("pagu", pagu, f"{pagu:.0f}"), ("realisasi", real, f"{real:.0f}"),
                                     ("serapan", ser[1], ser[0]), *((("efisiensi", eff[1], eff[0]),) if eff else ())):
            recs.append(dict(document_id=DOC, source_ref="Tabel 3.8", line_no=line, measure=measure, entity_id="e",
                             year=2024, level=level, code=None, name=f"line {line}", indicator_id=None, unit_text=None,
                             value=value, value_text=text))
    return fake(budgets=pd.DataFrame(recs))


def test_budget_hierarchy_and_efficiency():
    clean = run(check_budgets, _budget_ds("10,00%", 10.0, 600.0))  # 600+400 = 1000; 500+400 = 900; 100−90 = 10
    assert clean["status"].eq("match").all()
    assert f"budget-sum:{DOC}:tabel-3-8:line-1:pagu" in clean.index
    swapped = run(check_budgets, _budget_ds("01,00%", 1.0, 600.0))
    assert swapped.loc[f"budget-efisiensi:{DOC}:tabel-3-8:line-1", "status"] == "discrepancy"
    bad_sum = run(check_budgets, _budget_ds("10,00%", 10.0, 650.0))
    assert bad_sum.loc[f"budget-sum:{DOC}:tabel-3-8:line-1:pagu", "status"] == "discrepancy"  # 1050 vs 1000


def test_akip_predicates():
    def ds(pred):
        return fake(unit_scores=pd.DataFrame([dict(unit_id="u", year=2023, score_type="akip", value=68.81,
                                                   value_text="68,81", predicate_text=pred, rank=1, document_id=DOC,
                                                   source_ref="Tabel 3.3")]))
    assert run(check_predicates, ds("B"))["status"].eq("match").all()        # 60 < 68.81 ≤ 70 → B
    planted = run(check_predicates, ds("BB"))
    assert planted["status"].eq("discrepancy").all() and planted["materiality"].iloc[0] == 100.0


def test_same_figure_printed_twice():
    def ds(target):
        p5 = stat([("2023", "", "target", 2023, target, f"{target:,.0f}".replace(",", "."))], source_ref="Tabel 3.6")
        pk = stat([("PENDAPATAN ASLI DAERAH", "", "target", 2023, 2997679830479, "2.997.679.830.479")],
                  source_ref="Tabel 3.5")
        return fake(stats_pad_5_tahun=p5, stats_pad_komponen=pk)
    assert run(check_consistency, ds(2997679830479))["status"].eq("match").all()
    assert run(check_consistency, ds(3067650329500))["status"].eq("discrepancy").all()


# --------------------------------------------------------------------------------------------------
# materiality and affects_status
# --------------------------------------------------------------------------------------------------


def test_materiality_is_relative_and_capped():
    assert materiality(110.0, 100.0) == pytest.approx(10.0)          # 10 / 100
    assert materiality(4.65, 0.7874) == pytest.approx(490.55, abs=0.01)
    assert materiality(467_400_000.0, 0.0) == MATERIALITY_CAP          # nothing to divide by: the cap
    assert materiality(5.0e10, 1.0) == MATERIALITY_CAP                 # 5e12 % capped
    assert materiality(0.0, 0.0) == 0.0


def test_budget_figure_printed_where_zero_is_recomputed():
    """Disdukcapil Tabel 3.21 line 17 prints a realisasi where its two parts add up to 0: the
    materiality is the cap, not |gap| × 100 in rupiah."""
    recs = []
    for measure, value, text in (("pagu", 500.0, "500"), ("realisasi", 467.4, "467,4"),
                                 ("realisasi_pegawai", 0.0, "0"), ("realisasi_barang_jasa", 0.0, "0")):
        recs.append(dict(document_id=DOC, source_ref="Tabel 3.21", line_no=17, measure=measure, entity_id="e",
                         year=2024, level="sub_kegiatan", code=None, name="line 17", indicator_id=None, unit_text=None,
                         value=value, value_text=text))
    f = run(check_budgets, fake(budgets=pd.DataFrame(recs)))
    split = f.loc[f"budget-split:{DOC}:tabel-3-21:line-17:realisasi"]
    assert split["status"] == "discrepancy" and split["materiality"] == MATERIALITY_CAP
    assert pd.isna(split["affects_status"])   # no status depends on a budget line


def test_affects_status_of_a_capaian():
    # 80 → 79.0: printed 101,00 (tercapai) vs recomputed 98,75 (tidak tercapai)
    ds = fake(indicators=INDICATORS, indicator_values=iv([
        ("up", 2024, "annual", "target_pk", 80.0, "80,00"), ("up", 2024, "annual", "realisasi", 79.0, "79,00"),
        ("up", 2024, "annual", "capaian", 101.0, "101,00"),
        ("down", 2024, "annual", "target_pk", 4.0, "4,00"), ("down", 2024, "annual", "realisasi", 5.0, "5,00"),
        ("down", 2024, "annual", "capaian", 81.0, "81,00")]))   # 4/5 = 80: both tidak tercapai
    f = run(check_capaian, ds)
    assert bool(f.loc[f"capaian:{DOC}:up:2024", "affects_status"]) is True
    assert bool(f.loc[f"capaian:{DOC}:down:2024", "affects_status"]) is False


def test_affects_status_of_an_akip_total_and_labels():
    # 22,16 + 20,47 + 8,90 + 28,51 = 80,04 → A; printed 80,00 → BB: the predikat changes
    comps = [("perencanaan_kinerja", 22.16, "22,16"), ("pengukuran_kinerja", 20.47, "20,47"),
             ("pelaporan_kinerja", 8.90, "8,90"), ("evaluasi_internal", 28.51, "28,51"), ("total", 80.00, "80,00")]
    ds = fake(akip_components=pd.DataFrame([dict(entity_id="e", year=2023, component=c, value=v, value_text=t,
                                                 predicate_text=None, document_id=DOC, source_ref="Tabel 3.2")
                                            for c, v, t in comps]))
    f = run(check_akip_components, ds)
    assert f["status"].iloc[0] == "discrepancy" and bool(f["affects_status"].iloc[0]) is True
    # a predikat that differs from its score's: a label, no numeric gap, affects the outcome
    us = fake(unit_scores=pd.DataFrame([dict(unit_id="u", year=2023, score_type="akip", value=68.81,
                                             value_text="68,81", predicate_text="BB", rank=1, document_id=DOC,
                                             source_ref="Tabel 3.3")]))
    p = run(check_predicates, us)
    assert pd.isna(p["gap"].iloc[0]) and bool(p["affects_status"].iloc[0]) is True


def test_findings_table_for_readers():
    """Labels show an empty gap (not 0.00); affects status reads yes / no / empty."""
    us = fake(unit_scores=pd.DataFrame([dict(unit_id="u", year=2023, score_type="akip", value=68.81,
                                             value_text="68,81", predicate_text="BB", rank=1, document_id=DOC,
                                             source_ref="Tabel 3.3")]))
    out = Collector()
    check_predicates(us, out, {DOC})
    check_budgets(_budget_ds("01,00%", 1.0, 600.0), out, {DOC})   # efisiensi 1 vs 10: no status
    t = findings_table(out.frame()).set_index("key")
    label = t.loc[f"predicate:{DOC}:akip:u:2023"]
    assert label["gap"] == "" and label["affects status"] == "yes" and label["recomputed"] == "B"
    eff = t.loc[f"budget-efisiensi:{DOC}:tabel-3-8:line-1"]
    assert eff["gap"] == "-9.00" and eff["affects status"] == "" and eff["materiality"] == "90.00"
    assert list(t.columns) == ["status", "family", "source_ref", "row", "printed", "recomputed", "gap", "materiality",
                               "affects status", "rule"]


def test_yoy_compares_like_with_like():
    """Poverty capaian 106,55 (2022) → 97,80 (2023) printed as 'meningkat 3,94%': the change is
    −8,75 points or −8,21 % relative ((97,80 − 106,55) / 106,55 × 100 = −8,212); 3,94 is closer to
    8,21, so the recomputed side is the relative change, and the finding says so."""
    ind = pd.DataFrame([dict(indicator_id="pov", name="Angka Kemiskinan", polarity="lower_is_better", entity_id="e",
                             role="iku", iku_no=11, parent_indicator_id=None)])
    values = iv([("pov", 2022, "annual", "capaian", 106.55, "106,55%"), ("pov", 2023, "annual", "capaian", 97.80, "97,80")])
    rows = stat([("Angka Kemiskinan", "meningkat", "capaian_change", 2023, 3.94, "3,94%")],
                source_ref="Bab III.B Sasaran 4 IKU 11 (text)")
    f = run(check_yoy_claims, fake(indicators=ind, indicator_values=values, stats_iku_changes=rows))
    r = f.loc[f"yoy:{DOC}:pov:capaian-2023-meningkat"]
    assert r["status"] == "discrepancy" and pd.isna(r["gap"]) and r["printed_text"] == "meningkat 3,94%"
    assert r["recomputed"] == pytest.approx(8.2121, abs=1e-4)
    assert r["recomputed_text"].startswith("turun 8.21") and "relative" in r["recomputed_text"]
    assert "-8.75 points" in r["rule"]
    # the same sizes printed as points: compared with the absolute change, and said so
    rows2 = stat([("Angka Kemiskinan", "menurun", "capaian_change", 2023, 8.75, "8,75 poin")],
                 source_ref="Bab III.B Sasaran 4 IKU 11 (text)")
    g = run(check_yoy_claims, fake(indicators=ind, indicator_values=values, stats_iku_changes=rows2))
    r2 = g.loc[f"yoy:{DOC}:pov:capaian-2023-menurun"]
    assert r2["status"] == "match" and "absolute" in r2["recomputed_text"]


# --------------------------------------------------------------------------------------------------
# claims of stats text-claims, and the other statements of one fact
# --------------------------------------------------------------------------------------------------

AKIP_IND = pd.DataFrame([dict(indicator_id="e-akip", name="Nilai AKIP", polarity="higher_is_better", entity_id="e",
                              role="iku", iku_no=3, parent_indicator_id=None)])
AKIP_VALUES = iv([("e-akip", 2024, "annual", "target_pk", 78.75, "78.75 (BB)", "Tabel 3.17"),
                  ("e-akip", 2024, "annual", "realisasi", 81.59, "81.59 (A)", "Tabel 3.17")])


def _akip_claims(realisasi_text: str, capaian: float, target: float) -> Dataset:
    rows = claims([("Bab III (text)", "Nilai AKIP", "", "realisasi", 2024, 81.59, realisasi_text, "e-akip"),
                   ("Bab III (text)", "Nilai AKIP", "", "capaian", 2024, capaian, f"{capaian:.2f}%", "e-akip"),
                   ("Bab III (text)", "Nilai AKIP", "", "target", 2024, target, f"{target:.2f} (BB)", "e-akip")])
    return fake(indicators=AKIP_IND, indicator_values=AKIP_VALUES, stats_text_claims=rows)


def test_an_akip_score_is_known_by_its_name_not_its_id():
    # "Nilai SAKIP" under an id without the -akip ending: its printed predikat is still judged
    ind = AKIP_IND.assign(indicator_id="e-score-3", name="Nilai SAKIP Kabupaten")
    values = AKIP_VALUES.assign(indicator_id="e-score-3", value_text=["78.75 (BB)", "81.59 (AA)"])
    f = run(check_predicates, fake(indicators=ind, indicator_values=values))
    assert f.loc[f"predicate:{DOC}:e-score-3:realisasi-2024", "status"] == "discrepancy"   # 81.59 is A
    assert f.loc[f"predicate:{DOC}:e-score-3:target_pk-2024", "status"] == "match"        # 78.75 is BB
    other = run(check_predicates, fake(indicators=ind.assign(name="Indeks Pembangunan Manusia"),
                                       indicator_values=values))
    assert other.empty


def test_text_claims_of_an_indicator():
    # 81,59 / 78,75 × 100 = 103,606 → 103,61; 78,80 is not the stored target 78,75
    clean = run(check_text_claims, _akip_claims("“81.59” (A)", 103.61, 78.75))
    assert clean["status"].eq("match").all() and len(clean) == 5   # 3 figures + 2 predikat
    bad = run(check_text_claims, _akip_claims("“81.59” (AA)", 103.54, 78.80))
    src = "bab-iii-text"
    assert bad.loc[f"predicate:{DOC}:e-akip:realisasi-2024:{src}", "status"] == "discrepancy"   # 81.59 is A, not AA
    cap = bad.loc[f"capaian:{DOC}:e-akip:2024:{src}"]
    assert cap["status"] == "discrepancy" and cap["recomputed"] == pytest.approx(81.59 / 78.75 * 100)
    tgt = bad.loc[f"same-figure:{DOC}:e-akip:target-2024:{src}"]
    assert tgt["status"] == "discrepancy" and tgt["recomputed"] == pytest.approx(78.75)
    assert bool(tgt["affects_status"]) is False   # 81.59 reaches both 78.75 and 78.80
    assert bad.loc[f"same-figure:{DOC}:e-akip:realisasi-2024:{src}", "status"] == "match"


def test_text_claim_realisasi_that_changes_the_status():
    # target 88,80; the table's realisasi 86,84 misses it, the text's 88,84 would reach it
    ind = pd.DataFrame([dict(indicator_id="e-ikm", name="Indeks Kepuasan Masyarakat", polarity="higher_is_better",
                             entity_id="e", role="iku", iku_no=5, parent_indicator_id=None)])
    values = iv([("e-ikm", 2023, "annual", "target_pk", 88.80, "88,80"), ("e-ikm", 2023, "annual", "realisasi", 86.84, "86,84")])
    rows = claims([("Bab III (text)", "Indeks Kepuasan Masyarakat", "", "realisasi", 2023, 88.84, "88,84", "e-ikm")])
    f = run(check_text_claims, fake(indicators=ind, indicator_values=values, stats_text_claims=rows))
    r = f.loc[f"same-figure:{DOC}:e-ikm:realisasi-2023:bab-iii-text"]
    assert r["status"] == "discrepancy" and r["gap"] == pytest.approx(2.0) and bool(r["affects_status"]) is True


def test_text_claims_bad_rows_are_named():
    rows = claims([("Bab III (text)", "Nilai AKIP", "", "realisasi_typo", 2024, 81.59, "81.59")])
    with pytest.raises(ValueError, match=r"text-claims.csv row 1 .*unknown variable 'realisasi_typo'"):
        run(check_text_claims, fake(indicators=AKIP_IND, indicator_values=AKIP_VALUES, stats_text_claims=rows))
    rows = claims([("Bab III (text)", "Nilai AKIP", "", "realisasi", 2024, 81.59, "81.59")])
    with pytest.raises(ValueError, match=r"text-claims.csv row 1 .*a realisasi claim needs the indicator_id .*e-akip"):
        run(check_text_claims, fake(indicators=AKIP_IND, indicator_values=AKIP_VALUES, stats_text_claims=rows))
    other = pd.concat([AKIP_IND, AKIP_IND.assign(indicator_id="f-akip", entity_id="f")], ignore_index=True)
    rows = claims([("Bab III (text)", "Nilai AKIP", "", "realisasi", 2024, 81.59, "81.59", "f-akip")])
    with pytest.raises(ValueError, match="indicator_id 'f-akip' is not an indicator of e"):
        run(check_text_claims, fake(indicators=other, indicator_values=AKIP_VALUES, stats_text_claims=rows))


def test_a_renamed_indicator_changes_no_finding_of_the_text_claims():
    """The claims name their indicator by id: renaming it (category still the printed name) gives
    the same findings."""
    before = run(check_text_claims, _akip_claims("“81.59” (AA)", 103.54, 78.80))
    renamed = _akip_claims("“81.59” (AA)", 103.54, 78.80)
    renamed.tables["indicators"] = AKIP_IND.assign(name="Nilai Akuntabilitas Kinerja (renamed)")
    after = run(check_text_claims, renamed)
    assert len(before) == 5 and before.equals(after)


def test_text_claims_counts_category_and_poverty():
    ind = pd.DataFrame([
        dict(indicator_id="e-ikplh", name="Indeks Kualitas Lingkungan Hidup", polarity="higher_is_better",
             entity_id="e", role="iku", iku_no=26, parent_indicator_id=None),
        dict(indicator_id="e-pov", name="Angka Kemiskinan", polarity="lower_is_better", entity_id="e", role="iku",
             iku_no=11, parent_indicator_id=None)])
    values = iv([("e-ikplh", 2023, "annual", "realisasi", 45.81, "45,81"),
                 ("e-ikplh", 2022, "annual", "target_rpjmd", 61.93, "61,93", "Tabel 2.2"),
                 ("e-ikplh", 2023, "annual", "target_rpjmd", 62.85, "62,85", "Tabel 2.2"),
                 ("e-pov", 2023, "annual", "realisasi", 4.10, "4,10%"),
                 ("e-pov", 2023, "annual", "target_pk", 5.0, "5,00%")])
    bands = stat([("Kurang", "", "lower_bound_inclusive", 2023, 58, "58"), ("Kurang", "", "upper_bound_exclusive", 2023, 66, "66"),
                  ("Sangat Kurang", "", "lower_bound_inclusive", 2023, 50, "50"),
                  ("Sangat Kurang", "", "upper_bound_exclusive", 2023, 58, "58"),
                  ("Waspada", "", "upper_bound_exclusive", 2023, 50, "50")], source_ref="Tabel 3.17")
    misi = pd.DataFrame({"entity_id": ["e"] * 5, "misi_no": [1, 2, 3, 4, 5]})
    pov = stat([("Total penduduk", "", "population", 2023, 2496198, "2.496.198")], source_ref="Bab III (text)")
    rows = claims([
        ("Bab III (text)", "Indeks Kualitas Lingkungan Hidup", "posisi", "kategori", 2023, None, "Sangat Kurang", "e-ikplh"),
        ("Bab III (text)", "Indeks Kualitas Lingkungan Hidup", "kategori", "kategori", 2023, None, "Waspada", "e-ikplh"),
        ("Bab IV (text)", "Misi", "", "misi_count", 2023, 4, "empat misi"),
        ("Bab IV (text)", "RPJMD", "", "plan_year", 2023, 2, "tahun kedua"),
        ("Bab III (text)", "Jumlah penduduk miskin", "", "poor_population", 2023, 129400, "129.400 jiwa", "e-pov")])
    declared = pd.DataFrame([
        dict(check_id="kategori", document_id=DOC, kind="predicate", subject="text-claims", source_ref="Bab III (text)",
             variable="kategori", rows="*", inputs="[table=indicator_values; indicator_id=e-ikplh; measure=realisasi]",
             indicator_id="", outcome="bands:iklh-categories", description="kategori"),
        formula_row("poverty", "indicator_values", "Tabel 1", "realisasi", "2023",
                    "[table=text-claims; variable=poor_population] / [table=poverty; variable=population] * 100",
                    "ratio:{document}:{label}:realisasi-{year}:poor-population", indicator_id="e-pov",
                    outcome="realisasi", tolerance="inputs")])
    ds = fake(indicators=ind, indicator_values=values, misi=misi, stats_iklh_categories=bands, stats_poverty=pov,
              stats_text_claims=rows, check_relations=declared)
    f = run(check_text_claims, ds)
    assert f.loc[f"count:{DOC}:misi:bab-iv-text", "recomputed"] == 5                  # five misi rows
    assert f.loc[f"count:{DOC}:plan-year:bab-iv-text", "status"] == "match"          # 2023 = 2nd of 2022-2023
    # the kategori and poor_population claims are checked by the declared rows only
    assert not f.index.str.startswith(("predicate:", "ratio:")).any()
    d = run(check_relations, ds)
    # 45,81 < 50 → Waspada (two bands below Sangat Kurang)
    sk = d.loc[f"predicate:{DOC}:text-claims:bab-iii-text:indeks-kualitas-lingkungan-hidup:posisi"]
    assert sk["status"] == "discrepancy" and sk["recomputed_text"] == "Waspada" and bool(sk["affects_status"])
    assert d.loc[f"predicate:{DOC}:text-claims:bab-iii-text:indeks-kualitas-lingkungan-hidup:kategori",
                 "status"] == "match"
    rate = d.loc[f"ratio:{DOC}:e-pov:realisasi-2023:poor-population"]
    assert round(rate["recomputed"], 2) == 5.18 and rate["status"] == "discrepancy"   # 129 400 / 2 496 198
    # the printed 4,10 % reaches the target 5,00 % (lower is better), the recomputed 5,18 % does not
    assert bool(rate["affects_status"]) is True


def test_efficiency_extremes_and_program_count():
    recs = []
    for line, ind, eff, eff_text in ((1, "a", 39.87, "39,87%"), (2, "b", 4.71, "4,71%"), (3, "c", 12.5, "12,50%")):
        for measure, value, text in (("pagu", 100.0, "100"), ("realisasi", 100 - eff, f"{100 - eff:.2f}"),
                                     ("efisiensi", eff, eff_text)):
            recs.append(dict(document_id=DOC, source_ref="Tabel 3.21", line_no=line, measure=measure, entity_id="e",
                             year=2023, level="iku", code=None, name="Total", indicator_id=ind, unit_text=None,
                             value=value, value_text=text))
    budgets = pd.DataFrame(recs)

    def ds(largest, smallest):
        rows = claims([("Bab III.C (text)", "Tingkat efisiensi", "paling besar", "efisiensi_max", 2023, largest,
                        f"{largest:.2f}%".replace(".", ",")),
                       ("Bab III.C (text)", "Tingkat efisiensi", "paling rendah", "efisiensi_min", 2023, smallest,
                        f"{smallest:.2f}%".replace(".", ","))])
        return fake(budgets=budgets, stats_text_claims=rows)
    ok = run(check_text_claims, ds(39.87, 4.71))
    assert ok["status"].eq("match").all() and len(ok) == 2
    swapped = run(check_text_claims, ds(4.71, 39.87))
    assert swapped.loc[f"extreme:{DOC}:budget-efisiensi:max", "recomputed"] == pytest.approx(39.87)
    assert swapped["status"].eq("discrepancy").all()


def test_growth_compared_with_the_average():
    hr = stat([("RLS", "", "change_vs_prev_year_pct", 2023, 1.92, "1,92%"),
               ("RLS", "2020-2022", "avg_growth_pct_per_year", 2022, 1.25, "1,25%")], source_ref="Bab III (text)")
    declared = pd.DataFrame([dict(
        check_id="rls", document_id=DOC, kind="comparison", subject="text-claims", source_ref="Bab III (text)",
        variable="growth_vs_average", rows="*", indicator_id="", outcome="",
        inputs="[table=hls-rls; category=RLS; variable=change_vs_prev_year_pct]|"
               "[table=hls-rls; category=RLS; subcategory=2020-2022; variable=avg_growth_pct_per_year; year=*]",
        key="yoy:{document}:{label}:growth-vs-average", description="rls")])

    def ds(word):
        return fake(stats_hls_rls=hr, check_relations=declared, stats_text_claims=claims([
            ("Bab III (text)", "RLS", "2020-2022", "growth_vs_average", 2023, None, word)]))
    slower = run(check_relations, ds("melambat"))   # 1,92 > 1,25: faster
    assert slower.loc[f"yoy:{DOC}:rls:growth-vs-average", ["status", "recomputed_text"]].tolist() == [
        "discrepancy", "lebih cepat"]
    assert run(check_relations, ds("lebih cepat"))["status"].eq("match").all()
    assert run(check_text_claims, ds("melambat")).empty   # the claim itself is only declared


def test_rank_bands_and_elevation_range():
    rb = pd.DataFrame([dict(entity_id=e, indicator_id="pad", year=2023, measure=m, value=v, value_text=t,
                            document_id=DOC, source_ref=src)
                       for e, m, v, t, src in (("e", "target", 2.9e12, "2.9 T", "Tabel 3.7"),
                                               ("k", "target", 2.86e12, "2,86 T", "Tabel 3.7"),
                                               ("e", "realisasi", 2.7e12, "2.7 T", "Tabel 3.7"),
                                               ("k", "realisasi", 2.81e12, "2,81 T", "Tabel 3.7"),
                                               ("e", "rank", 2, "ke-2", "Bab III (text)"))])
    ind = pd.DataFrame([dict(indicator_id="pad", name="PAD", polarity="higher_is_better", entity_id=None,
                             role="benchmark", iku_no=None, parent_indicator_id=None)])
    kf = stat([("Sedang", "", "batas_bawah", 2022, 1.203, "1.203"), ("Sedang", "", "batas_atas", 2022, 1.459, "1.459"),
               ("Tinggi", "", "batas_bawah", 2022, 1.159, "1.159"), ("Tinggi", "", "batas_atas", 2022, 1.715, "1.715")],
              source_ref="Bab III (unnumbered table)")
    tp = stat([("Kota", "", "elevation_min_m", None, 11, "11 m"), ("Kota", "", "elevation_max_m", None, 81, "81 m"),
               ("Kec A", "0 – 5 mdpl", "elevation_band", None, None, "0 – 5 mdpl"),
               ("Kec B", "kurang dari 25 m", "elevation_band", None, None, "kurang dari 25 m")], source_ref="Bab I (text)")
    chain = pd.DataFrame([dict(check_id="bands", document_id=DOC, kind="bands-chain", subject="kapasitas-fiskal",
                               source_ref="Bab III (unnumbered table)", variable="batas_bawah", rows="*",
                               inputs="batas_bawah|batas_atas", indicator_id="", outcome="", description="bands"),
                          dict(check_id="range", document_id=DOC, kind="within-range", subject="topografi",
                               source_ref="Bab I (text)", variable="elevation_band", rows="*",
                               inputs="[category=Kota; subcategory=; variable=elevation_min_m]|"
                                      "[category=Kota; subcategory=; variable=elevation_max_m]",
                               indicator_id="", outcome="", description="elevation bands")])
    tables = dict(indicators=ind, regional_benchmarks=rb, stats_kapasitas_fiskal=kf, stats_topografi=tp,
                  check_relations=chain)
    f = pd.concat([run(check_consistency, fake(**tables)), run(check_relations, fake(**tables))])
    assert f.loc[f"rank:{DOC}:pad:target-2023", "recomputed"] == 1        # 2,9 T is the highest target
    assert f.loc[f"rank:{DOC}:pad:realisasi-2023", "status"] == "match"   # 2,7 T is second
    band = f.loc[f"bands:{DOC}:kapasitas-fiskal:tinggi"]
    assert band["status"] == "discrepancy" and band["recomputed"] == pytest.approx(1.459)
    assert f.loc[f"range:{DOC}:topografi:bab-i-text:0-5-mdpl", "status"] == "discrepancy"   # 0 < 11 m
    assert f.loc[f"range:{DOC}:topografi:bab-i-text:kurang-dari-25-m", "status"] == "match"


def test_semester_unsur_mean_terminals_and_per_capita():
    unsur = pd.DataFrame([dict(entity_id="e", service="s", year=2024, period=p, unsur="U2", measure="ikm",
                               unsur_name="Prosedur", value=v, value_text=t, document_id=DOC, source_ref=src)
                          for p, v, t, src in (("Q3", 93.88, "93.88", "Tabel 3.12"), ("Q4", 93.73, "93.73", "Tabel 3.11"),
                                               ("S2", 93.73, "93.73", "Bab III (unnumbered table)"))])
    f = run(check_ikm, fake(ikm_unsur=unsur))
    s2 = f.loc[f"period-mean:{DOC}:ikm-unsur:s:2024-s2:u2"]
    assert s2["status"] == "discrepancy" and s2["recomputed"] == pytest.approx(93.805)   # (93,88 + 93,73) / 2
    tf = pd.concat([stat([("Terminal", "", "realisasi", 2023, 2, "2 Terminal")], source_ref="Tabel 3.11"),
                    stat([("Terminal", "terminal induk", "count", 2023, 1, "1 buah terminal induk"),
                          ("Terminal", "sub terminal", "count", 2023, 2, "2 sub terminal")], source_ref="Bab III (text)")])
    ind = pd.DataFrame([
        dict(indicator_id="ppk", name="Pengeluaran per Kapita", polarity="higher_is_better", entity_id="e",
             role="supporting", iku_no=None, parent_indicator_id=None),
        dict(indicator_id="ippk", name="Peningkatan Pengeluaran Perkapita", polarity="higher_is_better",
             entity_id="e", role="iku", iku_no=16, parent_indicator_id=None)])
    values = iv([("ppk", 2022, "annual", "realisasi", 2569193, "Rp2.569.193"),
                 ("ppk", 2023, "annual", "realisasi", 2709214, "Rp2.709.214"),
                 ("ippk", 2023, "annual", "realisasi", 1.48, "1,48%", "Tabel 3.1")])
    pc = stat([("Pengeluaran per kapita", "peningkatan", "change_vs_prev_year_rupiah", 2023, 140021, "Rp140.021"),
               ("Pengeluaran per kapita", "peningkatan", "change_vs_prev_year_pct", 2023, 5.45, "5,45%")],
              source_ref="Bab III (text)")
    level = "table=indicator_values; indicator_id=ppk; measure=realisasi"
    rel = pd.DataFrame([
        formula_row("terminals", "transport-facilities", "Tabel 3.11", "realisasi", "*",
                    "sum[source_ref=Bab III (text); subcategory=*; variable=count]",
                    "sum:{document}:transport-facilities:{label}:{year}"),
        formula_row("rupiah", "pengeluaran-perkapita", "Bab III (text)", "change_vs_prev_year_rupiah", "*",
                    f"[{level}] - [{level}; year=-1]", "formula:{document}:pengeluaran-perkapita:{variable}:{year}"),
        formula_row("pct", "pengeluaran-perkapita", "Bab III (text)", "change_vs_prev_year_pct", "*",
                    f"([{level}] / [{level}; year=-1] - 1) * 100",
                    "formula:{document}:pengeluaran-perkapita:{variable}:{year}"),
        formula_row("iku", "indicator_values", "Tabel 3.1", "realisasi", "2023",
                    f"([{level}; source_ref=*] / [{level}; source_ref=*; year=-1] - 1) * 100",
                    "formula:{document}:{label}:realisasi-{year}", indicator_id="ippk", outcome="realisasi")])
    g = run(check_relations, fake(indicators=ind, indicator_values=values, stats_transport_facilities=tf,
                                  stats_pengeluaran_perkapita=pc, check_relations=rel))
    assert g.loc[f"sum:{DOC}:transport-facilities:terminal:2023", "recomputed"] == 3    # 1 + 2, printed 2
    assert g.loc[f"formula:{DOC}:pengeluaran-perkapita:change-vs-prev-year-rupiah:2023", "status"] == "match"
    assert g.loc[f"formula:{DOC}:pengeluaran-perkapita:change-vs-prev-year-pct:2023", "status"] == "match"  # 5,450
    iku = g.loc[f"formula:{DOC}:ippk:realisasi-2023"]
    assert iku["status"] == "discrepancy" and round(iku["recomputed"], 2) == 5.45


def formula_row(check_id: str, subject: str, source_ref: str, variable: str, rows: str, inputs: str, key: str,
                **more: str) -> dict:
    """A ``formula`` row of check_relations.csv for the report ``DOC``."""
    row = dict(check_id=check_id, document_id=DOC, kind="formula", subject=subject, source_ref=source_ref,
               variable=variable, rows=rows, inputs=inputs, indicator_id="", outcome="", tolerance="", key=key,
               description=check_id)
    return row | more


def test_group_keys_and_recorded_discrepancies():
    findings = pd.DataFrame({"key": ["a:d:x:1", "a:d:x:2", "b:d:y", "c:d:z"],
                             "status": ["discrepancy", "match", "match", "discrepancy"],
                             "family": "f", "source_ref": "s", "printed_text": "p", "recomputed": 1.0, "gap": 0.0,
                             "affects_status": pd.array([None] * 4, dtype="boolean")})
    disc = pd.DataFrame({"discrepancy_id": ["r1", "r2", "r3", "r4", "r5"], "document_id": "d", "kind": "other",
                         "source_ref": "s", "audit_key": ["a:d:x:*", "b:d:y", None, "q:d:none", "c:d:z"]})
    known = known_vs_new(findings, disc).set_index("key")
    assert known.loc["a:d:x:1", "discrepancy_ids"] == "r1" and known.loc["c:d:z", "discrepancy_ids"] == "r5"
    rec = recorded_discrepancies(findings, disc, {"d"}).set_index("discrepancy_id")["result"]
    assert rec.to_dict() == {"r1": "rediscovered", "r2": "consistent", "r3": "not recomputable", "r4": "no finding",
                             "r5": "rediscovered"}


# --------------------------------------------------------------------------------------------------
# the real reports
# --------------------------------------------------------------------------------------------------

# Rows of the kinds the audit recomputes (arithmetic, predicate_mismatch, conflicting_values) that
# may lack an audit_key, with the reason. Empty: every such row is recomputed. The three rows that
# used to be exempt are checked now that their printed figures are stored in stats/text-claims.csv:
#   city-e-013 ("Sangat Kurang" for IKLH 45,81), dukcapil-b-017 ("81.59" (AA)) and city-e-010 (the
#   list of 5 programmes for IKLH).
# Add a row here only with the reason its printed figure cannot be recomputed from the tables.
NOT_KEYED: dict[str, str] = {}
RECOMPUTED_KINDS = ("arithmetic", "predicate_mismatch", "conflicting_values")


@pytest.fixture(scope="module")
def audit_ds() -> Dataset:
    return load_dataset(default_data_dir())


@pytest.fixture(scope="module")
def real_findings(audit_ds) -> pd.DataFrame:
    """Every recomputed figure (not grouped), so that each key can be looked up."""
    frames = [audit_report(audit_ds, e, int(y), grouped=False)
              for e, y in audit_ds.entity_years().itertuples(index=False)]
    return pd.concat(frames, ignore_index=True)


@pytest.fixture(scope="module")
def grouped_findings(audit_ds) -> dict[str, pd.DataFrame]:
    """The handed-over findings of each report (one per underlying error)."""
    return {e: audit_report(audit_ds, e, int(y)) for e, y in audit_ds.entity_years().itertuples(index=False)}


def _linked(key: str, audit_key: str) -> bool:
    """audit_key names the finding key, or (ending in ':*') the group of keys starting with it."""
    return key.startswith(audit_key[:-1]) if audit_key.endswith(":*") else key == audit_key


def test_every_keyed_discrepancy_is_rediscovered(audit_ds, real_findings):
    disc = audit_ds["discrepancies"].dropna(subset=["audit_key"])
    assert len(disc) >= 115
    status = real_findings.set_index("key")["status"]
    missing, consistent = [], []
    for _, r in disc.iterrows():
        linked = status[[_linked(k, r["audit_key"]) for k in status.index]]
        if linked.empty:
            missing.append(r["audit_key"])
        elif (linked == "match").all():
            consistent.append(r["discrepancy_id"])
    assert not missing, f"audit keys with no finding: {missing}"
    assert not consistent, f"known discrepancies the audit finds consistent: {consistent}"


def test_every_new_finding_is_known_or_allow_listed(audit_ds, real_findings):
    keys = audit_ds["discrepancies"]["audit_key"].dropna().tolist()
    bad = real_findings.loc[real_findings["status"] != "match", "key"]
    new = {k for k in bad if not any(_linked(k, a) for a in keys)}
    assert new == ALLOWED_NEW_FINDINGS, f"unexplained findings: {sorted(new - ALLOWED_NEW_FINDINGS)}"
    # the package's table agrees
    table = known_vs_new(real_findings, audit_ds["discrepancies"])
    assert set(table.loc[~table["known"], "key"]) == new


def test_discrepancy_kinds_recomputed(audit_ds):
    """Every arithmetic / predicate_mismatch / conflicting_values row is keyed unless listed in
    NOT_KEYED with the reason."""
    d = audit_ds["discrepancies"]
    assert set(NOT_KEYED) <= set(d["discrepancy_id"]), "NOT_KEYED names rows that do not exist"
    need = d[d["kind"].isin(RECOMPUTED_KINDS) & ~d["discrepancy_id"].isin(NOT_KEYED)]
    assert need["audit_key"].notna().all(), need.loc[need["audit_key"].isna(), "discrepancy_id"].tolist()


def test_every_unkeyed_row_has_a_reviewed_reason(audit_ds):
    """An unkeyed row says in audit_note (and audit_note_id) why it cannot be recomputed; a keyed
    row has no such note."""
    d = audit_ds["discrepancies"]
    unkeyed = d[d["audit_key"].isna()]
    note, note_id = unkeyed["audit_note"].fillna(""), unkeyed["audit_note_id"].fillna("")
    assert (note.str.len() > 20).all(), unkeyed.loc[note.str.len() <= 20, "discrepancy_id"].tolist()
    assert (note_id.str.len() > 20).all() and (note != note_id).all()   # written in both languages
    keyed = d[d["audit_key"].notna()]
    assert keyed["audit_note"].isna().all(), keyed.loc[keyed["audit_note"].notna(), "discrepancy_id"].tolist()


def test_an_unkeyed_row_shows_its_note_in_the_readers_language():
    from lkip_helpers.audit.rule_text import texts_in_language
    findings = pd.DataFrame(columns=["key", "status"])
    d = pd.DataFrame([dict(discrepancy_id="x-1", document_id=DOC, source_ref="Tabel 1", kind="label_mismatch",
                           audit_key=None, audit_note="a label printed differently", audit_note_id="label tercetak beda"),
                      dict(discrepancy_id="x-2", document_id=DOC, source_ref="Tabel 2", kind="label_mismatch",
                           audit_key=None, audit_note=None, audit_note_id=None)])
    rec = recorded_discrepancies(findings, d, {DOC}).set_index("discrepancy_id")
    assert rec.loc["x-1", "result"] == "not recomputable" and rec.loc["x-1", "detail"] == "a label printed differently"
    shown = texts_in_language(rec.reset_index(), ("detail",), "id").set_index("discrepancy_id")
    assert shown.loc["x-1", "detail"] == "label tercetak beda"
    assert rec.loc["x-2", "detail"] == "not reviewed for the audit yet"
    assert shown.loc["x-2", "detail"] == "belum ditinjau untuk audit"
    keyed = d.assign(audit_key=["sum:nowhere", None])
    rec = texts_in_language(recorded_discrepancies(findings, keyed, {DOC}), ("detail",), "id")
    assert rec.set_index("discrepancy_id").loc["x-1", "detail"] == "audit_key tidak menunjuk temuan mana pun dari laporan ini"


def test_every_text_claim_is_checked(audit_ds, real_findings):
    """Each row of stats/text-claims.csv feeds at least one finding of its report (its printed text
    is in the finding's printed figure, or named in the finding's row or rule)."""
    tc = audit_ds.stats("text-claims")
    assert len(tc) >= 20
    unused = []
    for _, r in tc.iterrows():
        f = real_findings[real_findings["document_id"] == r["document_id"]]
        hit = f["printed_text"].astype(str).str.contains(r["value_text"], regex=False) | f["rule"].str.contains(r["value_text"], regex=False) \
            | f["row"].str.contains(r["value_text"], regex=False)
        if not hit.any():
            unused.append(f"{r['source_ref']} {r['category']} {r['variable']} {r['value_text']}")
    assert not unused, unused


def test_key_numbers_from_printed_figures(real_findings):
    f = real_findings.set_index("key")
    # Disdukcapil Tabel 3.16: 24,69 + 29,84 + 12,02 + 21,04 = 87,59 (printed 81,59)
    akip = f.loc["sum:lkip-disdukcapil-kota-bekasi-2024:akip-components:disdukcapil-kota-bekasi:2024"]
    assert akip["recomputed"] == pytest.approx(87.59) and akip["gap"] == pytest.approx(-6.0)
    # city IKU 25: 76,24 / 78,68 × 100 = 96,90 (printed 99,83)
    fire = f.loc["capaian:lkip-kota-bekasi-2023:kota-indeks-penanggulangan-kebakaran:2023"]
    assert round(fire["recomputed"], 2) == 96.90
    # Tabel 3.16 crime 2022: the printed rows add up to 2.413 (printed total 2.290)
    assert f.loc["sum:lkip-kota-bekasi-2023:crime-cases:tabel-3-16:jumlah:cases:2022", "recomputed"] == 2413
    # city AKIP 2023: 22,16 + 20,47 + 8,90 + 15,57 = 67,10 as printed
    assert f.loc["sum:lkip-kota-bekasi-2023:akip-components:kota-bekasi:2023", "status"] == "match"
    # Disdukcapil text: AKIP capaian 81,59 / 78,75 = 103,61 (printed 103.54% = 81,59 / 78,80)
    cap = f.loc["capaian:lkip-disdukcapil-kota-bekasi-2024:dukcapil-akip:2024:bab-iii-3-2-3-text"]
    assert round(cap["recomputed"], 2) == 103.61 and cap["printed"] == 103.54
    # Disdukcapil: IKM capaian 93,71 / 84,20 = 111,29 (printed 111,47% = 93,86 / 84,20)
    ikm = f.loc["capaian:lkip-disdukcapil-kota-bekasi-2024:dukcapil-ikm:2024:bab-iii-3-2-2-b-text"]
    assert round(ikm["recomputed"], 2) == 111.29 and ikm["status"] == "discrepancy"
    # Disdukcapil text: "81.59" (AA) — 81,59 is in band A (>80–90)
    assert f.loc["predicate:lkip-disdukcapil-kota-bekasi-2024:dukcapil-akip:realisasi-2024:bab-iii-3-2-3-text",
                 "recomputed_text"] == "A"
    # city IKM 2023: the text's 88,84 would reach the target 88,80, the table's 86,84 does not
    ikm_city = f.loc["same-figure:lkip-kota-bekasi-2023:kota-ikm:realisasi-2023:bab-iii-b-sasaran-1-iku-5-text"]
    assert ikm_city["gap"] == pytest.approx(2.0) and bool(ikm_city["affects_status"]) is True
    # city poverty: 129.400 / 2.496.198 × 100 = 5,18 against the printed rate 4,10
    assert round(f.loc["ratio:lkip-kota-bekasi-2023:kota-angka-kemiskinan:realisasi-2023:poor-population",
                       "recomputed"], 2) == 5.18
    # city: 5 programmes listed for IKLH in Bab III.B, 7 programme lines in Tabel 3.21
    assert f.loc["count:lkip-kota-bekasi-2023:program-count:bab-iii-b-sasaran-14-iku-26-text", "recomputed"] == 7
    # label findings have no numeric gap
    assert f.loc[f["family"] == "predicate", "gap"].isna().all()


def test_summary_counts_add_up(real_findings):
    t = summary_counts(real_findings)
    assert t.loc["all", "total"] == len(real_findings)
    assert (t[["discrepancy", "rounding difference", "match"]].sum(axis=1) == t["total"]).all()


def test_findings_sorted_most_material_first(audit_ds):
    f = audit_report(audit_ds, "kota-bekasi", 2023, grouped=False)
    order = f["status"].map({"discrepancy": 0, "rounding difference": 1, "match": 2})
    assert order.is_monotonic_increasing
    disc = f[f["status"] == "discrepancy"]["materiality"]
    assert disc.is_monotonic_decreasing
    assert f["materiality"].max() <= MATERIALITY_CAP


def test_recorded_discrepancies_of_a_report(audit_ds, real_findings):
    docs = report_documents(audit_ds, "disdukcapil-kota-bekasi", 2024)
    rec = recorded_discrepancies(real_findings, audit_ds["discrepancies"], docs)
    d = audit_ds["discrepancies"]
    d = d[d["document_id"].isin(docs)]
    assert len(rec) == len(d)
    assert (rec["result"] == "not recomputable").sum() == d["audit_key"].isna().sum()
    assert set(rec["result"]) <= {"rediscovered", "not recomputable"}


def test_bad_parameters(audit_ds):
    with pytest.raises(ParameterError, match="valid choices"):
        audit_report(audit_ds, "kota-depok", 2023)
    with pytest.raises(ParameterError, match="valid years"):
        audit_report(audit_ds, "kota-bekasi", 2020)
    with pytest.raises(ValueError, match="unknown document_id"):
        audit_documents(audit_ds, ["no-such-report"])


def test_planted_error_in_a_data_copy(data_copy):
    """A status count changed in a copy of the data is reported against the recomputed scorecard."""
    p = data_copy / "stats" / "iku-status-summary.csv"
    text = p.read_text(encoding="utf-8")
    text = text.replace("Bab III.A (text),mencapai atau melampaui target,,iku_count,2023,annual,kota-bekasi,indikator,11,11 indikator",
                        "Bab III.A (text),mencapai atau melampaui target,,iku_count,2023,annual,kota-bekasi,indikator,10,10 indikator")
    p.write_text(text, encoding="utf-8")
    f = audit_report(load_dataset(data_copy), "kota-bekasi", 2023).set_index("key")
    row = f.loc["status-count:lkip-kota-bekasi-2023:bab-iii-a-text:mencapai-atau-melampaui-target"]
    assert row["status"] == "discrepancy" and row["recomputed"] == 11


def test_the_status_summary_of_a_report_without_values_is_audited_without_a_crash(ds):
    """indicator_values header-only (valid): the printed counts are compared with a scorecard of
    26 IKU without a status; the highest/lowest capaian have nothing to be recomputed from."""
    import dataclasses

    empty = dataclasses.replace(ds, tables={**ds.tables, "indicator_values": ds.tables["indicator_values"].iloc[0:0]})
    f = audit_report(empty, "kota-bekasi", 2023).set_index("key")
    counts = f[f.index.str.startswith("status-count:lkip-kota-bekasi-2023:")]
    every = counts.index.str.endswith((":total", ":belum-ada-nilai"))  # the 26 IKU of Tabel 2.2, none with a value
    assert every.sum() == 4 and counts.loc[every, "recomputed"].eq(26).all()   # two sections print them
    assert len(counts[~every]) and counts.loc[~every, "recomputed"].eq(0).all()
    assert not f.index.str.startswith("status-extreme:").any()
    assert audit_report(ds, "kota-bekasi", 2023)["key"].str.startswith("status-extreme:").any()


def test_planted_text_claim_in_a_data_copy(data_copy):
    """A claim added to a copy of text-claims.csv is audited: a wrong realisasi quoted in the text."""
    p = data_copy / "stats" / "text-claims.csv"
    with p.open("a", encoding="utf-8") as fh:
        fh.write("Bab III.B Sasaran 14 IKU 26 (text),Indeks Kualitas Lingkungan Hidup,,realisasi,2023,annual,"
                 "kota-bekasi,nilai,46.63,\"46,63\",lkip-kota-bekasi-2023,kota-ikplh\n")
    f = audit_report(load_dataset(data_copy), "kota-bekasi", 2023).set_index("key")
    row = f.loc["same-figure:lkip-kota-bekasi-2023:kota-ikplh:realisasi-2023:bab-iii-b-sasaran-14-iku-26-text"]
    assert row["status"] == "discrepancy" and row["recomputed"] == pytest.approx(45.81)   # Tabel 3.1


def test_rounding_rules_are_listed_in_markdown():
    from lkip_helpers.audit import ROUNDING_RULES, rounding_rules_markdown

    lines = rounding_rules_markdown("en").splitlines()
    assert len(lines) == len(ROUNDING_RULES)
    assert lines[0].startswith("* **match** — the recomputed value")
    indonesian = rounding_rules_markdown("id").splitlines()
    assert indonesian[0].startswith("* **cocok** — nilai hasil hitung ulang")
    # every name and rule is in the catalog: none is left in English
    assert not set(indonesian) & set(lines)


# --------------------------------------------------------------------------------------------------
# findings an evaluator can hand over (grouping, ordering, artefacts, locations)
# --------------------------------------------------------------------------------------------------


def test_lost_leading_digit_is_unreadable_not_a_figure():
    from lkip_helpers.audit.grouping import unreadable_reason

    assert unreadable_reason(".882.346") and unreadable_reason(" .708.142 ")
    assert unreadable_reason("1.882.346") is None and unreadable_reason("0,44") is None
    assert unreadable_reason(".5") is None  # a decimal, not a lost digit


def test_format_like_the_printed_notation():
    from lkip_helpers.audit.grouping import format_like

    assert format_like(0.78740157, "4,65%") == "0,7874%"
    assert format_like(111.2945, "111.47%") == "111.2945%"
    assert format_like(26093528667.0, "Rp5.357.999.134,-", extra_decimals=0) == "26.093.528.667"
    assert format_like(10.0, "6") == "10"


def test_the_ktp_el_artefact_is_unreadable_and_repaired_from_the_text(grouped_findings):
    f = grouped_findings["disdukcapil-kota-bekasi"]
    ktp = f[f["key"].str.contains("dukcapil-cakupan-ktp-el") & (f["status"] != "match")]
    # no false 46,87 % material finding: the coverage uses the text's 1.882.346, and says so
    cov = ktp[ktp["family"] == "coverage"].iloc[0]
    assert "repaired from Bab III 3.2.1.E" in cov["rule"] and abs(cov["recomputed"] - 99.9995) < 0.001
    # no false "same figure" discrepancy: the pair with '.882.346' is unreadable, kept out of materiality
    same = ktp[ktp["family"] == "consistency"].iloc[0]
    assert same["status"] == "unreadable in the source" and same["materiality"] == 0
    assert "other printing is unreadable" in same["supported"]
    assert not ((f["status"] == "discrepancy") & f["recomputed"].between(46.8, 46.9)).any()


def test_one_finding_per_underlying_error(grouped_findings):
    f = grouped_findings["disdukcapil-kota-bekasi"]
    bad = f[f["status"] != "match"]
    # the Semester II per-unsur table: one finding with 7 repeats, not 8 rows
    s2 = bad[bad["source_ref"].str.contains("Semester II")]
    assert len(s2) == 1 and s2.iloc[0]["repeats"] == 7
    # IKM capaian 111,47 printed in the text and in the table: one finding
    ikm = bad[bad["printed"].round(2) == 111.47]
    assert len(ikm) == 1 and ikm.iloc[0]["repeats"] >= 1
    # Tabel 3.5: the realisasi printed wrong and the capaian 118,71 computed from it: one finding
    t35 = bad[bad["source_ref"] == "Tabel 3.5"]
    assert len(t35) == 1 and "realisasi" in t35.iloc[0]["repeated_at"]
    # every key of the ungrouped audit is either a finding or a repeat of one
    raw = audit_report(load_dataset(default_data_dir()), "disdukcapil-kota-bekasi", 2024, grouped=False)
    keys = set(bad["key"]) | {k for ks in bad["repeat_keys"] for k in ks.split("; ") if k}
    assert keys == set(raw.loc[raw["status"] != "match", "key"])


def test_findings_ordered_by_consequence(grouped_findings):
    from lkip_helpers.audit.grouping import CONSEQUENCES

    for entity, f in grouped_findings.items():
        tiers = f["consequence"].map(list(CONSEQUENCES).index).tolist()
        assert tiers == sorted(tiers), entity
        # the top of each report is what changes an outcome
        assert f.iloc[0]["consequence"] == "changes an outcome", entity
    city = grouped_findings["kota-bekasi"]
    top = city[city["consequence"] == "changes an outcome"]
    # the AKIP predikat errors of Tabel 3.3 (BB printed for scores below 70) are up there, as one finding
    assert (top["source_ref"] == "Tabel 3.3").sum() == 1
    assert top.loc[top["source_ref"] == "Tabel 3.3", "repeats"].iloc[0] == 5


def test_locations_are_readable(grouped_findings):
    city = grouped_findings["kota-bekasi"]
    bad = city[city["status"] != "match"]
    assert not bad["location"].str.contains("kota-prestasi-pemuda").any()
    assert bad["location"].str.contains("Jumlah Prestasi Pemuda").any()
    pct = bad[bad["printed_text"].str.contains("4,65%", regex=False)]
    assert pct.iloc[0]["recomputed_as"] == "0,7874%"


def test_summary_counts_and_known_table_take_repeats(grouped_findings, audit_ds):
    f = grouped_findings["disdukcapil-kota-bekasi"]
    table = known_vs_new(f, audit_ds["discrepancies"])
    # the Semester II group is known through any of its keys
    s2 = table[table["source_ref"].str.contains("Semester II")]
    assert s2["known"].all()
    counts = summary_counts(f)
    assert counts.loc["all", "total"] == len(f)


def test_declared_sum_checks_apply_to_a_new_table_without_code():
    """A sum declared in checks.csv for a table no code knows gets checked."""
    rows = stat([("A", "", "count", 2024, 4, "4"), ("B", "", "count", 2024, 5, "5"), ("Semua", "", "count", 2024, 10, "10"),
                 ("A", "x", "count", 2024, 1, "1")], source_ref="Tabel 9.9")
    checks = pd.DataFrame([dict(check_id="new", document_id=DOC, topic="new-topic", source_ref="Tabel 9.9", variables="",
                                total_category="Semua", total_subcategory="", parts="*", group_by="",
                                description="Semua = A + B")])
    got = run(check_declared, fake(stats_new_topic=rows, checks=checks))
    f = got.loc[f"sum:{DOC}:new-topic:tabel-9-9:semua:count:2024"]
    assert f["status"] == "discrepancy" and f["recomputed"] == 9.0  # the subcategory row is not a part
    bad = pd.DataFrame([dict(checks.iloc[0], topic="missing-topic")])
    with pytest.raises(ValueError, match="checks.csv row 2 .*missing-topic") as refused:
        run(check_declared, fake(checks=bad))
    from lkip_helpers.data.i18n import shown

    assert shown(refused.value, "id") == "checks.csv baris 2 (new): data tidak memuat tabel statistik 'missing-topic'"
    assert shown(refused.value, "en") == "checks.csv row 2 (new): no stats table 'missing-topic' in the data"


def test_declared_relations_apply_to_a_new_table_without_code():
    """Ratios, shares, the same figure in two tables and a five-year total declared in data for
    tables no code knows get checked (one planted error each)."""
    five = stat([("2023", "", "target", 2023, 100, "100"), ("2023", "", "realisasi", 2023, 90, "90"),
                 ("2023", "", "capaian", 2023, 95.0, "95,00%"), ("2024", "", "target", 2024, 100, "100"),
                 ("2024", "", "realisasi", 2024, 80, "80"), ("2024", "", "capaian", 2024, 80.0, "80,00%"),
                 ("Total", "2023-2024", "target", 2024, 210, "210")], source_ref="Tabel 8")
    comp = stat([("Semua", "", "target", 2024, 100, "100"), ("A", "", "n", 2024, 3, "3"), ("B", "", "n", 2024, 1, "1"),
                 ("Semua", "", "n", 2024, 4, "4"), ("A", "", "share", 2024, 75.0, "75%"),
                 ("B", "", "share", 2024, 20.0, "20%")], source_ref="Tabel 9")
    rel = pd.DataFrame([
        dict(check_id="r", document_id=DOC, kind="ratio", subject="five", source_ref="Tabel 8", variable="capaian",
             rows="*", inputs="realisasi|target", outcome="capaian", description="capaian"),
        dict(check_id="s", document_id=DOC, kind="share", subject="comp", source_ref="Tabel 9", variable="share",
             rows="*", inputs="n|Semua", outcome="", description="share"),
        dict(check_id="t", document_id=DOC, kind="same", subject="five", source_ref="Tabel 8", variable="target",
             rows="2024", inputs="comp|Tabel 9|Semua|target", outcome="", description="target twice")])
    checks = pd.DataFrame([dict(check_id="five-total", document_id=DOC, topic="five", source_ref="Tabel 8",
                                variables="target", total_category="Total", total_subcategory="", parts="*",
                                group_by="variable", description="five-year total")])
    ds = fake(stats_five=five, stats_comp=comp, check_relations=rel, checks=checks)
    got = run(check_relations, ds)
    assert got.loc[f"ratio:{DOC}:five:tabel-8:2023:capaian", "status"] == "discrepancy"   # 90/100 = 90, printed 95
    assert got.loc[f"ratio:{DOC}:five:tabel-8:2024:capaian", "status"] == "match"
    assert got.loc[f"ratio:{DOC}:comp:tabel-9:a:share", "status"] == "match"             # 3/4 = 75
    assert got.loc[f"ratio:{DOC}:comp:tabel-9:b:share", "recomputed"] == 25.0            # 1/4, printed 20
    assert got.loc[f"same-figure:{DOC}:five:target-2024", "status"] == "match"
    assert len(got) == 5
    total = run(check_declared, ds).loc[f"sum:{DOC}:five:tabel-8:total:target:2024"]
    assert total["status"] == "discrepancy" and total["recomputed"] == 200   # 100 + 100 across the years
    bad = rel.assign(inputs="realisasi")
    with pytest.raises(ValueError, match="check_relations.csv row 2 .*numerator\\|denominator"):
        run(check_relations, fake(stats_five=five, check_relations=bad.iloc[:1]))


def test_declared_blocks_each_label_the_sum_of_its_subrows():
    """group_by category: each kecamatan row = the sum of its kelurahan rows (one planted error)."""
    rows = stat([("Timur", "", "area", 2023, 10.5, "10,5"), ("Timur", "Kel A", "area", 2023, 4.0, "4,0"),
                 ("Timur", "Kel B", "area", 2023, 6.5, "6,5"), ("Barat", "", "area", 2023, 9.0, "9,0"),
                 ("Barat", "Kel C", "area", 2023, 7.0, "7,0"), ("Barat", "Kel D", "area", 2023, 1.0, "1,0"),
                 ("JUMLAH", "", "area", 2023, 19.5, "19,5")], source_ref="Tabel 1.1")
    checks = pd.DataFrame([dict(check_id="kec", document_id=DOC, topic="areas", source_ref="Tabel 1.1", variables="",
                                total_category="*", total_subcategory="", parts="*", group_by="category",
                                description="kecamatan = its kelurahan")])
    got = run(check_declared, fake(stats_areas=rows, checks=checks))
    assert got.loc[f"sum:{DOC}:areas:tabel-1-1:timur:area:2023", "status"] == "match"
    barat = got.loc[f"sum:{DOC}:areas:tabel-1-1:barat:area:2023"]
    assert barat["status"] == "discrepancy" and barat["recomputed"] == 8.0
    assert len(got) == 2   # JUMLAH has no sub-rows: not a block


def test_the_findings_table_in_the_readers_language(grouped_findings):
    f = grouped_findings["disdukcapil-kota-bekasi"]
    english, indonesian = findings_table(f), findings_table(f, lang="id")
    assert list(english.columns)[:5] == ["consequence", "status", "location", "printed", "recomputed"]
    assert list(indonesian.columns)[:5] == ["akibat", "status", "lokasi", "tercetak", "dihitung ulang"]
    assert len(indonesian) == len(english) and indonesian.iloc[0]["akibat"] == "mengubah hasil"
    assert set(indonesian["status"]) <= {"selisih", "selisih pembulatan", "tidak terbaca di sumber"}
    # the figures stay in the report's notation; the size goes into the reader's
    assert indonesian["tercetak"].tolist() == english["printed"].tolist()
    assert findings_table(f, lang="en")["size"].tolist() == [s.replace(",", "") for s in english["size"]]


def test_a_declared_total_decides_its_band():
    """outcome bands:<topic>: a total printed 57 where its parts give 59 crosses from Sangat Kurang
    to Kurang (affects the category); 58,5 against 59 stays in Kurang."""
    bands = stat([("Kurang", "", "lower_bound_inclusive", 2023, 58, "58"), ("Kurang", "", "upper_bound_exclusive", 2023, 66, "66"),
                  ("Sangat Kurang", "", "lower_bound_inclusive", 2023, 50, "50"),
                  ("Sangat Kurang", "", "upper_bound_exclusive", 2023, 58, "58")], source_ref="Tabel 3.17")

    def total(printed: float) -> pd.Series:
        rows = stat([("A", "", "hasil", 2023, 30.0, "30,0"), ("B", "", "hasil", 2023, 29.0, "29,0"),
                     ("Indeks", "", "hasil", 2023, printed, f"{printed:.1f}".replace(".", ","))], source_ref="Tabel 3.18")
        checks = pd.DataFrame([dict(check_id="ix", document_id=DOC, topic="ix", source_ref="Tabel 3.18", variables="hasil",
                                    total_category="Indeks", total_subcategory="", parts="*", group_by="",
                                    outcome="bands:iklh-categories", description="index")])
        return run(check_declared, fake(stats_ix=rows, stats_iklh_categories=bands, checks=checks)).iloc[0]

    assert bool(total(57.0)["affects_status"]) is True and total(57.0)["status"] == "discrepancy"
    assert bool(total(58.5)["affects_status"]) is False
    with pytest.raises(ValueError, match=r"checks.csv row 2 \(t\), column 'outcome': outcome must be .*'bands:<stats topic>'"):
        rows = stat([("A", "", "n", 2023, 1, "1"), ("T", "", "n", 2023, 1, "1")])
        checks = pd.DataFrame([dict(check_id="t", document_id=DOC, topic="t", source_ref="Tabel 9", variables="",
                                    total_category="T", total_subcategory="", parts="*", group_by="",
                                    outcome="grade", description="")])
        run(check_declared, fake(stats_t=rows, checks=checks))
