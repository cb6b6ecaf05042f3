"""The ``formula`` kind of ``check_relations.csv`` (lkip_helpers.audit.formulas): a printed figure =
an expression of other printed cells, declared in data.

Each test plants a wrong figure in small hand-made tables and checks that it is found, and that the
right figure is not; the expected values are computed by hand in the comments. Malformed rows are
refused naming the file, the row and the column.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from lkip_helpers.audit.relations import check_relations

from test_audit import DOC, fake, formula_row, iv, run, stat


def _relations(*rows: dict) -> pd.DataFrame:
    return pd.DataFrame(list(rows))


def _table(net_text: str, net: float) -> pd.DataFrame:
    return stat([("Luas", "", "area_ha", 2023, 21303, "21.303 Ha"), ("Izin", "", "area_ha", 2023, 3898.5, "3.898,5 Ha"),
                 ("Sisa", "", "area_ha", 2023, net, net_text)], source_ref="Bab III (text)")


def _sisa(net_text: str, net: float, tolerance: str = "") -> pd.Series:
    rel = _relations(formula_row("sisa", "spatial", "Bab III (text)", "area_ha", "Sisa",
                                 "[category=Luas] * 0.7 - [category=Izin]", "formula:{document}:spatial:{label}",
                                 tolerance=tolerance))
    return run(check_relations, fake(stats_spatial=_table(net_text, net), check_relations=rel)).iloc[0]


def test_a_formula_of_cells_of_the_same_table():
    right = _sisa("11.013,6 Ha", 11013.6)          # 21303 × 0.7 − 3898.5 = 11013.6
    assert right["status"] == "match" and right["recomputed"] == pytest.approx(11013.6)
    assert right.name == f"formula:{DOC}:spatial:sisa" and right["family"] == "formula"
    assert right["rule"] == "21.303 Ha × 0.7 − 3.898,5 Ha"
    assert _sisa("11.113,6 Ha", 11113.6)["status"] == "discrepancy"     # 100 Ha too many


def test_the_rounding_of_the_inputs_widens_the_tolerance_only_when_declared():
    # printed 11.013,65: 0.05 from 11013.6, beyond one unit (0.01) ...
    assert _sisa("11.013,65 Ha", 11013.65)["status"] == "discrepancy"
    # ... but within the half unit (0.05) the printed 3.898,5 may hide
    assert _sisa("11.013,65 Ha", 11013.65, tolerance="inputs")["status"] == "rounding difference"


def _crime(pct_text: str, pct: float, cases: int) -> pd.DataFrame:
    src = "Bab III (text)"
    crime = stat([("J", "", "cases", 2022, 2290, "2.290"), ("J", "", "cases", 2023, 1621, "1.621"),
                  ("J", "turun", "change_cases", 2023, cases, str(cases)),
                  ("J", "turun", "change_pct", 2023, pct, pct_text)], source_ref=src)
    rel = _relations(
        formula_row("cases", "crime", src, "change_cases", "*", "[variable=cases; subcategory=; year=-1] - "
                    "[variable=cases; subcategory=]", "formula:{document}:crime:{variable}:{year}"),
        formula_row("pct", "crime", src, "change_pct", "*", "([variable=cases; subcategory=; year=-1] - "
                    "[variable=cases; subcategory=]) / [variable=cases; subcategory=; year=-1] * 100",
                    "formula:{document}:crime:{variable}:{year}"))
    return run(check_relations, fake(stats_crime=crime, check_relations=rel))


def test_a_change_from_the_previous_year_by_a_year_offset():
    right = _crime("29,21%", 29.21, 669)            # 2290 − 1621 = 669; 669 / 2290 = 29,214 %
    assert right["status"].eq("match").all() and len(right) == 2
    wrong = _crime("29,12%", 29.12, 670)
    assert wrong.loc[f"formula:{DOC}:crime:change-pct:2023", "status"] == "discrepancy"
    # whole numbers printed in full are exact: 670 against 669 is no rounding
    cases = wrong.loc[f"formula:{DOC}:crime:change-cases:2023"]
    assert cases["status"] == "discrepancy" and cases["tolerance"] == 0.0


def _coverage(total_text: str, total: float, mean_text: str, mean: float) -> pd.DataFrame:
    cov = stat([("KTP", "", "pct", 2024, 99.95, "99,95"), ("Akta", "", "pct", 2024, 98.07, "98,07"),
                ("Jumlah", "", "sum_pct", 2024, total, total_text), ("Rata", "", "avg_pct", 2024, mean, mean_text)])
    rel = _relations(
        formula_row("sum", "cov", "Tabel 9", "sum_pct", "*", "sum[category=*; variable=pct]",
                    "sum:{document}:cov:{source}:sum", tolerance="inputs"),
        formula_row("mean", "cov", "Tabel 9", "avg_pct", "*", "mean[category=*; variable=pct]",
                    "average:{document}:cov:{source}:mean"),
        formula_row("mean-of-total", "cov", "Tabel 9", "avg_pct", "*",
                    "[category=Jumlah; variable=sum_pct] / count[category=*; variable=pct]",
                    "average:{document}:cov:{source}:printed-total"))
    return run(check_relations, fake(stats_cov=cov, check_relations=rel))


def test_sum_mean_and_count_aggregate_every_row_a_reference_selects():
    right = _coverage("198,02", 198.02, "99,01", 99.01)    # 99,95 + 98,07 = 198,02; / 2 = 99,01
    assert right["status"].eq("match").all() and len(right) == 3
    assert right.loc[f"sum:{DOC}:cov:tabel-9:sum", "rule"] == "(99,95 + 98,07)"
    wrong = _coverage("198,20", 198.2, "99,10", 99.1)
    assert wrong.loc[[f"sum:{DOC}:cov:tabel-9:sum", f"average:{DOC}:cov:tabel-9:mean"], "status"].eq("discrepancy").all()
    # the mean of the printed total agrees with it: 198,20 / 2 = 99,10
    assert wrong.loc[f"average:{DOC}:cov:tabel-9:printed-total", "status"] == "match"


def test_an_indicator_figure_against_cells_of_other_tables():
    values = iv([("lvl", 2022, "annual", "realisasi", 200.0, "200", "Bab III"),
                 ("lvl", 2023, "annual", "realisasi", 210.0, "210", "Bab III"),
                 ("grow", 2023, "annual", "realisasi", 5.0, "5,00%", "Tabel 3.1"),
                 ("grow", 2022, "annual", "realisasi", 7.0, "7,00%", "Tabel 3.1")])
    rb = pd.DataFrame([dict(entity_id=e, indicator_id=i, year=2023, measure="target", value=v, value_text=t,
                            document_id=DOC, source_ref="Tabel 3.7")
                       for e, i, v, t in (("e", "pad", 2.9e12, "2,9 T"), ("id", "nat", 2637.2e12, "2.637,2 T"))])
    ratio = stat([("Rasio", "", "rasio", 2023, 0.11, "0,11%")], source_ref="Bab III (text)")
    level = "indicator_id=lvl; measure=realisasi; source_ref=*"
    rel = _relations(
        formula_row("grow", "indicator_values", "Tabel 3.1", "realisasi", "*",
                    f"([{level}] / [{level}; year=-1] - 1) * 100", "formula:{document}:{label}:realisasi-{year}",
                    indicator_id="grow"),
        formula_row("rasio", "ratio", "Bab III (text)", "rasio", "*",
                    "[table=regional_benchmarks; indicator_id=pad; measure=target] / "
                    "[table=regional_benchmarks; entity_id=id; indicator_id=nat; measure=target] * 100",
                    "ratio:{document}:ratio:{variable}", tolerance="inputs"))
    got = run(check_relations, fake(indicator_values=values, regional_benchmarks=rb, stats_ratio=ratio,
                                    check_relations=rel))
    # 210 / 200 − 1 = 5,00 %; 2022 has no 2021 level: not checked
    assert got.loc[f"formula:{DOC}:grow:realisasi-2023", "status"] == "match"
    assert f"formula:{DOC}:grow:realisasi-2022" not in got.index
    # 2,9 T / 2.637,2 T × 100 = 0,10997 %: printed 0,11
    assert got.loc[f"ratio:{DOC}:ratio:rasio", "status"] == "match"


def test_rows_selected_by_a_reference_and_a_missing_input_skips_the_figure():
    fire = stat([("Pos", "punya", "kec", 2023, 8, "8"), ("Pos", "butuh", "pos", 2023, 12, "12"),
                 ("Pos", "kurang", "kec", 2023, 3, "3")])
    rel = _relations(formula_row("kurang", "fire", "Tabel 9", "kec", "[subcategory=kurang]",
                                 "[subcategory=butuh; variable=pos] - [subcategory=punya]",
                                 "formula:{document}:fire:kurang"),
                     formula_row("none", "fire", "Tabel 9", "kec", "*", "[subcategory=none]", ""))
    got = run(check_relations, fake(stats_fire=fire, check_relations=rel))
    assert list(got.index) == [f"formula:{DOC}:fire:kurang"]                  # only the shortfall row
    assert got.iloc[0]["status"] == "discrepancy" and got.iloc[0]["recomputed"] == 4   # 12 − 8, printed 3


@pytest.mark.parametrize("column, value, message", [
    ("subject", "nowhere", "column 'subject': no stats table or table 'nowhere'"),
    ("inputs", "[colour=red]", "column 'inputs': table 'spatial' has no column 'colour'"),
    ("inputs", "[table=nowhere; variable=x]", "column 'inputs': no stats table or table"),
    ("inputs", "median[category=Luas]", "column 'inputs': unknown aggregate 'median'"),
    ("inputs", "[category=Luas] ** 2", "column 'inputs': .* is no arithmetic"),
    ("inputs", "21303 * 0.7", "column 'inputs': .* references no cell"),
    ("key", "growth:{document}", "column 'key': 'growth:{document}' must start with a family"),
    ("key", "formula:{document}:{colour}", "column 'key'"),
    ("tolerance", "wide", "column 'tolerance': 'wide' must be empty or 'inputs'"),
    ("subject", "indicator_values", "column 'indicator_id': a formula on indicator_values names the indicator"),
    ("outcome", "grade", "column 'outcome': outcome must be one of"),
])
def test_a_malformed_formula_row_is_refused_naming_file_row_and_column(column, value, message):
    rel = _relations(formula_row("sisa", "spatial", "Bab III (text)", "area_ha", "Sisa",
                                 "[category=Luas] * 0.7 - [category=Izin]", "formula:{document}:spatial:{label}"))
    rel.loc[0, column] = value
    with pytest.raises(ValueError, match=rf"check_relations.csv row 2 \(sisa\), {message}"):
        run(check_relations, fake(stats_spatial=_table("11.013,6 Ha", 11013.6), check_relations=rel))


@pytest.mark.parametrize("column, value, indonesian", [
    ("subject", "nowhere", "kolom 'subject': data tidak memuat tabel statistik atau tabel 'nowhere'"),
    ("inputs", "[colour=red]", "kolom 'inputs': tabel 'spatial' tidak memiliki kolom 'colour' ([colour=red])"),
    ("inputs", "median[category=Luas]", "kolom 'inputs': agregat 'median' tidak dikenal; yang dikenal: sum, mean, "
                                        "count, max, min"),
    ("inputs", "[category=Luas] ** 2", "kolom 'inputs': '[category=Luas] ** 2' bukan aritmetika dari angka dan "
                                       "rujukan sel [kolom=nilai; ...]"),
    ("inputs", "[Luas]", "kolom 'inputs': 'Luas' di [Luas] tidak berbentuk kolom=nilai"),
    ("tolerance", "wide", "kolom 'tolerance': 'wide' harus kosong atau 'inputs'"),
    ("outcome", "grade", "kolom 'outcome': outcome harus salah satu dari capaian, realisasi, target, mutu, akip atau "
                         "'bands:<topik statistik>' yang menyebut tabel dalam data, tertulis 'grade'"),
])
def test_a_malformed_formula_row_is_refused_in_the_readers_language(column, value, indonesian):
    """The refusal is a catalog message: English as its text (``--lang en``), Bahasa Indonesia through
    the catalog, naming the same file, row and column."""
    from lkip_helpers.data.i18n import shown

    rel = _relations(formula_row("sisa", "spatial", "Bab III (text)", "area_ha", "Sisa",
                                 "[category=Luas] * 0.7 - [category=Izin]", "formula:{document}:spatial:{label}"))
    rel.loc[0, column] = value
    with pytest.raises(ValueError) as refused:
        run(check_relations, fake(stats_spatial=_table("11.013,6 Ha", 11013.6), check_relations=rel))
    assert shown(refused.value, "id") == f"check_relations.csv baris 2 (sisa), {indonesian}"
    english = shown(refused.value, "en")
    assert english == str(refused.value) and english.startswith(f"check_relations.csv row 2 (sisa), column '{column}': ")
    words = ("row ", "column ", "no stats", "has no", "unknown", "known:", "is no", "must", "got ", "one of", "naming")
    assert [w for w in words if w in shown(refused.value, "id")] == [], shown(refused.value, "id")


def test_refusals_of_other_kinds_in_bahasa_indonesia():
    from lkip_helpers.data.i18n import shown

    with pytest.raises(ValueError) as refused:
        _chain(0.25, "0,25", inputs="low")
    assert shown(refused.value, "id") == ("check_relations.csv baris 2 (chain), kolom 'inputs': bands-chain memerlukan "
                                          "'variabel batas bawah|variabel batas atas', tertulis 'low'")
    rel = _relations(dict(check_id="r", document_id=DOC, kind="ratio", subject="bands", source_ref="Tabel 9",
                          variable="low", rows="*", inputs="low", indicator_id="", outcome="", description="r"))
    with pytest.raises(ValueError) as refused:
        run(check_relations, fake(stats_bands=stat([("Rendah", "", "low", 2022, 0.0, "0")]), check_relations=rel))
    assert shown(refused.value, "id") == ("check_relations.csv baris 2 (r): rasio memerlukan inputs "
                                          "'pembilang|penyebut', tertulis 'low'")
    assert str(refused.value) == "check_relations.csv row 2 (r): a ratio needs inputs 'numerator|denominator', got 'low'"


def _chain(second_low: float, text: str, inputs: str = "low|up") -> pd.DataFrame:
    bands = stat([("Rendah", "", "low", 2022, 0.0, "0"), ("Rendah", "", "up", 2022, 0.25, "0,25"),
                  ("Sedang", "", "low", 2022, second_low, text), ("Sedang", "", "up", 2022, 0.5, "0,50")])
    rel = _relations(dict(check_id="chain", document_id=DOC, kind="bands-chain", subject="bands", source_ref="Tabel 9",
                          variable="low", rows="*", inputs=inputs, indicator_id="", outcome="", description="chain"))
    return run(check_relations, fake(stats_bands=bands, check_relations=rel))


def test_the_bounds_of_printed_bands_chain():
    assert _chain(0.25, "0,25").loc[f"bands:{DOC}:bands:sedang", "status"] == "match"   # 0,25 after 0,25
    wrong = _chain(0.26, "0,26").loc[f"bands:{DOC}:bands:sedang"]
    assert wrong["status"] == "discrepancy" and wrong["recomputed"] == pytest.approx(0.25)
    with pytest.raises(ValueError, match=r"check_relations.csv row 2 \(chain\), column 'inputs': bands-chain needs"):
        _chain(0.25, "0,25", inputs="low")


def _budget(pagu: float, text: str) -> pd.DataFrame:
    return pd.DataFrame([dict(document_id=DOC, source_ref="Tabel 3.21", line_no=1, measure="pagu", entity_id="e",
                              year=2023, level="program", code="", name="Program Drainase", indicator_id="",
                              unit_text="", value=pagu, value_text=text)])


def _quoted_pagu(pagu: float, text: str, inputs: str | None = None) -> pd.DataFrame:
    quoted = stat([("Program Drainase", "", "anggaran", 2023, 280540545274, "Rp280.540.545.274,-")],
                  source_ref="Bab III (text)")
    rel = _relations(dict(check_id="pagu", document_id=DOC, kind="same", subject="infra", source_ref="Bab III (text)",
                          variable="anggaran", rows="Program Drainase", indicator_id="", outcome="",
                          inputs=inputs or "[table=budgets; source_ref=Tabel 3.21; level=program; measure=pagu; "
                                           "name=Program Drainase]", description="pagu quoted"))
    return run(check_relations, fake(stats_infra=quoted, budgets=_budget(pagu, text), check_relations=rel))


def test_same_with_a_reference_selecting_different_printings_is_refused():
    # the programme printed in two budget tables with different pagu: the reference names no table
    budgets = pd.concat([_budget(280540545274, "280.540.545.274"),
                         _budget(280479108274, "280.479.108.274").assign(source_ref="Tabel 3.22")])
    quoted = stat([("Program Drainase", "", "anggaran", 2023, 280540545274, "Rp280.540.545.274,-")],
                  source_ref="Bab III (text)")
    rel = _relations(dict(check_id="pagu", document_id=DOC, kind="same", subject="infra", source_ref="Bab III (text)",
                          variable="anggaran", rows="Program Drainase", indicator_id="", outcome="",
                          inputs="[table=budgets; level=program; measure=pagu; name=Program Drainase]",
                          description="pagu quoted"))
    with pytest.raises(ValueError, match=r"check_relations.csv row 2 \(pagu\), column 'inputs': \[table=budgets; "
                                         r"level=program; measure=pagu; name=Program Drainase\] selects 2 printings "
                                         r"with different values \(280.540.545.274 \(Tabel 3.21\); 280.479.108.274 "
                                         r"\(Tabel 3.22\)\)"):
        run(check_relations, fake(stats_infra=quoted, budgets=budgets, check_relations=rel))


def test_same_with_a_cell_reference_compares_with_the_row_it_selects_in_another_table():
    key = f"same-figure:{DOC}:infra:program-drainase:anggaran-2023"
    right = _quoted_pagu(280540545274, "280.540.545.274").loc[key]
    assert right["status"] == "match" and right["family"] == "consistency"
    wrong = _quoted_pagu(280479108274, "280.479.108.274").loc[key]   # the budget table's own pagu
    assert wrong["status"] == "discrepancy" and wrong["recomputed"] == 280479108274
    assert "280.479.108.274" in str(wrong["rule"])
    # a reference that selects nothing (another programme) checks nothing
    none = _quoted_pagu(1, "1", inputs="[table=budgets; level=program; measure=pagu; name=Program Jalan]")
    assert none.empty


def test_same_with_a_reference_takes_the_status_of_the_indicator_it_names():
    cover = stat([("Cakupan KIA", "", "coverage_pct", 2024, 71.92, "71.92%")], source_ref="Tabel 3.2")
    values = iv([("kia", 2024, "annual", "target_pk", 75.0, "75"), ("kia", 2024, "annual", "realisasi", 71.91, "71,91")])
    inds = pd.DataFrame([dict(indicator_id="kia", name="KIA", polarity="higher_is_better", entity_id="e",
                              role="iku", iku_no=1, parent_indicator_id=None)])
    rel = _relations(dict(check_id="kia", document_id=DOC, kind="same", subject="cover", source_ref="Tabel 3.2",
                          variable="coverage_pct", rows="Cakupan KIA", outcome="realisasi", indicator_id="",
                          inputs="[table=indicator_values; indicator_id=kia; measure=realisasi]", description="c"))
    f = run(check_relations, fake(stats_cover=cover, indicator_values=values, indicators=inds,
                                  check_relations=rel)).iloc[0]
    assert f["status"] == "discrepancy" and f["recomputed"] == pytest.approx(71.91)
    assert f["affects_status"] == False  # noqa: E712 - 71,92 and 71,91 both miss 75: no status changes


def _period(total_years: str) -> pd.DataFrame:
    p5 = pd.concat([stat([("Total", total_years, "capaian", 2023, 95.95, "95,95%")], source_ref="Tabel 3.6"),
                    stat([("Capaian PAD (akumulasi RPJMD 2018-2023)", "", "capaian_akumulasi", 2023, 95.95, "95,95%")],
                         source_ref="Bab III (text)")], ignore_index=True)
    rel = _relations(dict(check_id="period", document_id=DOC, kind="same-period", subject="pad", source_ref="Bab III (text)",
                          variable="capaian_akumulasi", rows="*", indicator_id="", outcome="", description="five years",
                          inputs="[source_ref=Tabel 3.6; category=Total; subcategory=*; variable=capaian]"))
    return run(check_relations, fake(stats_pad=p5, check_relations=rel))


def test_same_period_compares_the_years_a_label_names_with_those_of_the_first_printing():
    key = f"same-figure:{DOC}:pad:capaian-pad-akumulasi-rpjmd-2018-2023:period"
    wrong = _period("2019-2023").loc[key]
    assert wrong["status"] == "discrepancy" and wrong["printed_text"] == "2018-2023"
    assert _period("2018 – 2023").loc[key]["status"] == "match"


@pytest.mark.parametrize("inputs", ["pad|Tabel 3.6|Total|capaian", "[variable=capaian] / 2", "sum[variable=capaian]"])
def test_a_same_period_without_one_plain_reference_is_refused(inputs):
    rel = _relations(dict(check_id="period", document_id=DOC, kind="same-period", subject="pad", source_ref="Bab III (text)",
                          variable="capaian_akumulasi", rows="*", indicator_id="", outcome="", description="p",
                          inputs=inputs))
    with pytest.raises(ValueError, match=r"check_relations.csv row 2 \(period\), column 'inputs': same-period needs one"):
        run(check_relations, fake(stats_pad=stat([("Total", "2019-2023", "capaian", 2023, 95.95, "95,95%")]),
                                  check_relations=rel))


def _units(values: list[float]) -> pd.DataFrame:
    return pd.DataFrame([dict(unit_id=f"u{i}", year=2023, score_type="ikm", value=v, value_text=f"{v:.2f}".replace(".", ","),
                              predicate_text="", rank=None, document_id=DOC, source_ref="Tabel 3.8")
                         for i, v in enumerate(values)])


def _summary(subcategory: str, variable: str, printed: float, inputs: str) -> pd.Series:
    summ = stat([("Unit pelayanan", subcategory, variable, 2023, printed, f"{printed:g}".replace(".", ","))],
                source_ref="Bab III (text)")
    rel = _relations(formula_row("s", "summ", "Bab III (text)", variable, f"[subcategory={subcategory}]", inputs,
                                 "summary:{document}:s:{year}"))
    values = [72.68, 76.61, 80.0, 88.30, 88.31, 98.29, 90.0, 91.0]
    return run(check_relations, fake(stats_summ=summ, unit_scores=_units(values), check_relations=rel)).iloc[0]


def test_max_and_min_of_the_rows_a_reference_selects():
    high = _summary("tertinggi", "nilai_ikm", 98.29, "max[table=unit_scores; score_type=ikm]")
    assert high["status"] == "match" and high["recomputed"] == pytest.approx(98.29)
    from lkip_helpers.audit.texts import compose
    assert high["family"] == "summary"
    assert compose({"message": high["rule_message"], "params": high["rule_params"]}, "id") == \
        "tertinggi dari 8 angka tercetak (98,29) (Tabel 3.8)"
    low = _summary("terendah", "nilai_ikm", 76.61, "min[table=unit_scores; score_type=ikm]")
    assert low["status"] == "discrepancy" and low["recomputed"] == pytest.approx(72.68)


def test_a_range_filter_counts_the_values_within_both_bounds():
    # Baik is 76.61–88.30: 76.61, 80.0 and 88.30 (both bounds included); 88.31 is Sangat Baik
    baik = _summary("Baik", "jumlah_unit_per_mutu", 3, "count[table=unit_scores; score_type=ikm; value=76.61..88.30]")
    assert baik["status"] == "match" and baik["recomputed"] == 3
    wrong = _summary("Baik", "jumlah_unit_per_mutu", 4, "count[table=unit_scores; score_type=ikm; value=76.61..88.30]")
    assert wrong["status"] == "discrepancy"


def test_an_aggregate_of_many_figures_is_written_in_words_in_the_rule():
    mean = _summary("", "nilai_ikm", 85.65, "mean[table=unit_scores; score_type=ikm]")  # 685.19 / 8 = 85.64875
    assert mean["recomputed"] == pytest.approx(85.64875) and mean["status"] != "discrepancy"
    from lkip_helpers.audit.texts import compose
    # the mean is named with its value, two decimals more than the printed figures show
    assert compose(mean["rule"]) == "mean of 8 printed figures (85.6488) (Tabel 3.8)"
    rule = {"message": mean["rule_message"], "params": mean["rule_params"]}
    assert compose(rule, "id") == "rata-rata 8 angka tercetak (85,6488) (Tabel 3.8)"


def test_the_key_families_of_the_descriptor_are_those_of_the_audit():
    import re

    import yaml

    from lkip_helpers.audit.formulas import FAMILIES
    from lkip_helpers.data.paths import default_data_dir

    fields = yaml.safe_load((default_data_dir() / "metadata" / "fields.yaml").read_text(encoding="utf-8"))
    pattern = fields["relation_key"]["constraints"]["pattern"]
    assert set(re.search(r"\(\(([^)]*)\)", pattern).group(1).split("|")) == set(FAMILIES)


def test_a_declared_check_reads_in_the_language_of_the_report():
    from lkip_helpers.audit.texts import compose

    rel = _relations(formula_row("sisa", "spatial", "Bab III (text)", "area_ha", "Sisa",
                                 "[category=Luas] * 0.7 - [category=Izin]", "formula:{document}:spatial:{label}",
                                 description="remaining space", description_id="sisa ruang"))
    f = run(check_relations, fake(stats_spatial=_table("11.013,6 Ha", 11013.6), check_relations=rel)).iloc[0]
    check = {"message": f["check_message"], "params": f["check_params"]}
    assert f["check"] == "sisa: remaining space" == compose(check, "en")
    assert compose(check, "id") == "sisa: sisa ruang"
    rel.loc[0, "description_id"] = ""           # no Indonesian text: the English one
    f = run(check_relations, fake(stats_spatial=_table("11.013,6 Ha", 11013.6), check_relations=rel)).iloc[0]
    assert compose({"message": f["check_message"], "params": f["check_params"]}, "id") == "sisa: remaining space"


@pytest.mark.parametrize("inputs, message", [
    ("count[table=unit_scores; score_type=ikm; value=76,61..88,30]", "value=76,61..88,30 is no range low..high"),
    ("count[table=unit_scores; unit_id=a..b]", "unit_id=a..b is no range low..high"),
    ("count[table=unit_scores; unit_id=1..2]", "on a column of numbers"),
    ("count[table=unit_scores; document_id=other]", "a reference stays in the report of the checked figure"),
])
def test_a_reference_that_could_only_select_nothing_is_refused(inputs, message):
    with pytest.raises(ValueError, match=rf"check_relations.csv row 2 \(s\), column 'inputs': .*{re.escape(message)}"):
        _summary("Baik", "jumlah_unit_per_mutu", 3, inputs)


def test_a_row_whose_findings_repeat_a_key_is_refused_naming_the_row():
    summ = stat([("Unit", "a", "n", 2023, 3, "3"), ("Unit", "b", "n", 2023, 4, "4")], source_ref="Bab III (text)")
    rel = _relations(formula_row("s", "summ", "Bab III (text)", "n", "*", "count[table=unit_scores; score_type=ikm]",
                                 "count:{document}:s:{label}:{year}"))   # both rows have the label Unit
    with pytest.raises(ValueError, match=r"check_relations.csv row 2 \(s\): two findings get the key 'count:doc-x:s:unit:2023'"):
        run(check_relations, fake(stats_summ=summ, unit_scores=_units([80.0, 90.0]), check_relations=rel))


def test_an_indicator_outcome_on_a_stats_figure_is_refused():
    with pytest.raises(ValueError, match=r"row 2 \(s\), column 'outcome': outcome 'realisasi' is the status of an indicator"):
        rel = _relations(formula_row("s", "summ", "Bab III (text)", "n", "*", "count[table=unit_scores; score_type=ikm]",
                                     "count:{document}:s:{year}", outcome="realisasi"))
        summ = stat([("Unit", "", "n", 2023, 2, "2")], source_ref="Bab III (text)")
        run(check_relations, fake(stats_summ=summ, unit_scores=_units([80.0, 90.0]), check_relations=rel))


def _structure(stated_kegiatan: float) -> pd.DataFrame:
    lines = [(1, "program", "Program A"), (2, "kegiatan", "Kegiatan A1"), (3, "sub_kegiatan", "Sub A11"),
             (4, "sub_kegiatan", "Sub A12"), (5, "kegiatan", "Kegiatan A2"), (6, "program", "Program B"),
             (7, "kegiatan", "Kegiatan B1"), (8, "sub_kegiatan", "Sub B11")]
    budgets = pd.DataFrame([dict(document_id=DOC, source_ref="Tabel 3.21", line_no=n, measure="pagu", entity_id="e",
                                 year=2023, level=level, code=None, name=name, indicator_id=None, unit_text=None,
                                 value=100.0, value_text="100") for n, level, name in lines])
    counts = stat([("Kegiatan", "Program A", "count", 2023, stated_kegiatan, f"{stated_kegiatan:.0f}"),
                   ("Sub Kegiatan", "Kegiatan A1", "count", 2023, 2, "2"),
                   ("Sub Kegiatan", "semua", "count", 2023, 3, "3")], source_ref="Bab I (text)")
    rel = _relations(
        formula_row("keg-a", "structure", "Bab I (text)", "count", "[category=Kegiatan; subcategory=Program A]",
                    "count[table=budgets; level=kegiatan; measure=pagu; under=program a]", "count:{document}:a"),
        formula_row("sub-a1", "structure", "Bab I (text)", "count", "[category=Sub Kegiatan; subcategory=Kegiatan A1]",
                    "count[table=budgets; level=sub_kegiatan; measure=pagu; under=Kegiatan A1]", "count:{document}:a1"),
        formula_row("sub-all", "structure", "Bab I (text)", "count", "[subcategory=semua]",
                    "count[table=budgets; level=sub_kegiatan; measure=pagu]", "count:{document}:all"))
    return run(check_relations, fake(stats_structure=counts, budgets=budgets, check_relations=rel))


def test_under_counts_the_lines_in_the_block_below_a_named_line():
    # Program A holds Kegiatan A1 and A2 (Program B ends its block); Kegiatan A1 holds Sub A11 and
    # Sub A12 (Kegiatan A2 ends it); the whole table has 3 sub kegiatan
    right = _structure(2)
    assert right.loc[[f"count:{DOC}:a", f"count:{DOC}:a1", f"count:{DOC}:all"], "recomputed"].tolist() == [2, 2, 3]
    assert right["status"].eq("match").all()
    wrong = _structure(3)
    assert wrong.loc[f"count:{DOC}:a", "status"] == "discrepancy"


def test_under_several_names_joined_with_a_bar_counts_below_any_of_them():
    rows = _lines((1, "program", "Program A"), (2, "kegiatan", "K1"), (3, "program", "Program B"), (4, "kegiatan", "K2"),
                  (5, "kegiatan", "K3"), (6, "program", "Program C"), (7, "kegiatan", "K4"))
    from lkip_helpers.audit.formulas import _matching
    kept = rows[_matching(rows, {"under": "Program A | Program C", "level": "kegiatan"}, None)]
    assert sorted(set(kept["line_no"])) == [2, 7]


def test_under_is_refused_on_a_table_without_lines():
    rel = _relations(formula_row("sisa", "spatial", "Bab III (text)", "area_ha", "Sisa", "count[under=Luas]",
                                 "count:{document}:x"))
    with pytest.raises(ValueError, match=r"check_relations.csv row 2 \(sisa\), column 'inputs': table 'spatial' has "
                                         r"no column 'under'"):
        run(check_relations, fake(stats_spatial=_table("11.013,6 Ha", 11013.6), check_relations=rel))


@pytest.mark.parametrize("word, expected", [
    ("lebih tinggi dari rata-rata", (("lebih tinggi", "lebih rendah"), 1)),
    ("Melambat", (("lebih cepat", "melambat"), -1)),
    ("lebih lambat", (("lebih cepat", "lebih lambat"), -1)),
    ("sama dengan", (("lebih tinggi", "lebih rendah"), 0)),
    ("Waspada", None),
    # a word of a pair inside a longer word, the nouns, spacing and punctuation
    ("terjadi kenaikan", (("kenaikan", "penurunan"), 1)),
    ("mengalami penurunan", (("peningkatan", "penurunan"), -1)),
    ("menurunnya", (("meningkat", "menurun"), -1)),
    ("Lebih  tinggi,", (("lebih tinggi", "lebih rendah"), 1)),
    # no strict order: negated, both orders, or-equal, "sama" not first, a word merely starting with it
    ("tidak lebih tinggi", None),
    ("belum melebihi", None),
    ("naik turun", None),
    ("lebih tinggi atau sama dengan", None),
    ("relatif sama", None),
    ("Samarinda", None),
])
def test_a_printed_comparison_word_says_which_figure_is_above(word, expected):
    from lkip_helpers.audit.comparisons import printed_direction
    assert printed_direction(word) == expected


def _compared(word: str, first: float, inputs: str = "[variable=capaian]|[variable=rata_rata]") -> pd.DataFrame:
    rows = stat([("Kota", "", "capaian", 2023, first, str(first)), ("Kota", "", "rata_rata", 2023, 80.0, "80"),
                 ("Kota", "", "banding", 2023, None, word)])
    rel = _relations(dict(check_id="cmp", document_id=DOC, kind="comparison", subject="scores", source_ref="Tabel 9",
                          variable="banding", rows="Kota", inputs=inputs, indicator_id="", outcome="", key="",
                          description="cmp"))
    return run(check_relations, fake(stats_scores=rows, check_relations=rel))


def test_a_comparison_word_is_checked_against_the_order_of_the_two_figures():
    # 85 is above 80: "lebih tinggi" is right, "lebih rendah" wrong (the word of the same pair)
    assert _compared("lebih tinggi", 85.0).loc[f"comparison:{DOC}:cmp:kota", "status"] == "match"
    wrong = _compared("lebih rendah", 85.0).loc[f"comparison:{DOC}:cmp:kota"]
    assert wrong["status"] == "discrepancy" and wrong["recomputed_text"] == "lebih tinggi"
    assert _compared("sama", 80.0).loc[f"comparison:{DOC}:cmp:kota", "status"] == "match"
    assert _compared("tercapai", 85.0).empty   # a word that states no order is not checked


def test_a_comparison_of_two_equal_figures_says_sama():
    wrong = _compared("lebih tinggi", 80.0).loc[f"comparison:{DOC}:cmp:kota"]
    assert wrong["status"] == "discrepancy" and wrong["recomputed_text"] == "sama"
    # a printed "sama" of two different figures: the order in words of two numbers
    assert _compared("sama", 79.5).loc[f"comparison:{DOC}:cmp:kota", "recomputed_text"] == "lebih rendah"


def test_a_comparison_reference_selecting_different_printings_is_refused():
    rows = stat([("Kota", "", "capaian", 2023, 85.0, "85"), ("Desa", "", "rata_rata", 2023, 80.0, "80"),
                 ("Kota", "", "banding", 2023, None, "lebih tinggi"), ("Kab", "", "rata_rata", 2023, 70.0, "70")])
    rel = _relations(dict(check_id="cmp", document_id=DOC, kind="comparison", subject="scores", source_ref="Tabel 9",
                          variable="banding", rows="Kota", inputs="[variable=capaian]|[variable=rata_rata; category=*]",
                          indicator_id="", outcome="", key="", description="cmp"))
    with pytest.raises(ValueError, match=r"check_relations.csv row 2 \(cmp\), column 'inputs': \[variable=rata_rata; "
                                         r"category=\*\] selects 2 printings with different values \(80 \(Tabel 9\); "
                                         r"70 \(Tabel 9\)\)"):
        run(check_relations, fake(stats_scores=rows, check_relations=rel))


def test_a_comparison_without_two_references_is_refused():
    with pytest.raises(ValueError, match=r"check_relations.csv row 2 \(cmp\), column 'inputs': a comparison needs "
                                         r"two cell references"):
        _compared("lebih tinggi", 85.0, inputs="[variable=capaian]")


def test_a_ratio_and_a_four_part_same_take_any_declared_outcome():
    # a mutu decided by a ratio: 88,40 % printed (mutu A from 88,31) but 88,00 / 100 × 100 = 88,00 (mutu B)
    scores = stat([("Unit", "", "skor", 2023, 88.0, "88,00"), ("Unit", "", "maks", 2023, 100.0, "100,00"),
                   ("Unit", "", "persen", 2023, 88.4, "88,40")])
    ratio = _relations(dict(check_id="r", document_id=DOC, kind="ratio", subject="scores", source_ref="Tabel 9",
                            variable="persen", rows="*", inputs="skor|maks", indicator_id="", outcome="mutu",
                            description="r"))
    f = run(check_relations, fake(stats_scores=scores, check_relations=ratio)).iloc[0]
    assert f["status"] == "discrepancy" and bool(f["affects_status"]) is True
    # the same figure printed 88,40 in Tabel 9 and 88,00 in Tabel 8: the mutu differs
    first = stat([("Unit", "", "persen", 2023, 88.0, "88,00")], source_ref="Tabel 8")
    same = _relations(dict(check_id="s", document_id=DOC, kind="same", subject="scores", source_ref="Tabel 9",
                           variable="persen", rows="Unit", inputs="first|Tabel 8|Unit|persen", indicator_id="",
                           outcome="mutu", description="s"))
    g = run(check_relations, fake(stats_scores=scores, stats_first=first, check_relations=same)).iloc[0]
    assert g["status"] == "discrepancy" and bool(g["affects_status"]) is True
    with pytest.raises(ValueError, match=r"row 2 \(s\), column 'outcome': outcome must be one of"):
        run(check_relations, fake(stats_scores=scores, stats_first=first,
                                  check_relations=same.assign(outcome="grade")))


def test_a_plain_reference_to_two_different_printings_is_refused():
    # [category=Izin] selects the Izin of two sections: 3.898,5 and 3.900 — which one is meant?
    table = pd.concat([_table("11.013,6 Ha", 11013.6),
                       stat([("Izin", "", "area_ha", 2023, 3900.0, "3.900 Ha")], source_ref="Bab II (text)")])
    rel = _relations(formula_row("sisa", "spatial", "Bab III (text)", "area_ha", "Sisa",
                                 "[category=Luas] * 0.7 - [category=Izin; source_ref=*]", "formula:{document}:s:{label}"))
    with pytest.raises(ValueError, match=r"row 2 \(sisa\), column 'inputs': \[category=Izin; source_ref=\*\] selects 2 "
                                         r"printings with different values \(3.898,5 Ha \(Bab III \(text\)\); 3.900 Ha"):
        run(check_relations, fake(stats_spatial=table, check_relations=rel))
    # the same figure printed twice is one cell
    twice = pd.concat([_table("11.013,6 Ha", 11013.6),
                       stat([("Izin", "", "area_ha", 2023, 3898.5, "3.898,5 Ha")], source_ref="Bab II (text)")])
    assert run(check_relations, fake(stats_spatial=twice, check_relations=rel))["status"].eq("match").all()


def _lines(*lines: tuple[int, str, str]) -> pd.DataFrame:
    """Budget rows of one table, two measures a line (the long form of ``budgets``)."""
    return pd.DataFrame([dict(document_id=DOC, source_ref="Tabel 3.21", line_no=n, level=level, name=name, measure=m)
                         for n, level, name in lines for m in ("pagu", "realisasi")])


def _under(rows: pd.DataFrame, name: str) -> list[int]:
    from lkip_helpers.audit.budgets import lines_under
    return sorted(set(rows.loc[lines_under(rows, name), "line_no"]))


def test_lines_under_a_name_printed_twice_are_the_lines_below_each():
    # the same programme in the blocks of two IKU: its kegiatan below both
    rows = _lines((1, "iku", "IKU 1"), (2, "program", "Program P"), (3, "kegiatan", "K1"), (4, "program", "Program Q"),
                  (5, "kegiatan", "K2"), (6, "iku", "IKU 2"), (7, "program", " program p "), (8, "kegiatan", "K3"),
                  (9, "kegiatan", "K4"))
    assert _under(rows, "Program P") == [3, 8, 9]
    assert _under(rows, "IKU 1") == [2, 3, 4, 5]


def test_lines_under_the_last_line_an_unknown_level_or_no_such_name_are_none():
    rows = _lines((1, "program", "Program P"), (2, "kegiatan", "K1"), (3, "catatan", "Keterangan"),
                  (4, "sub_kegiatan", "S1"), (5, "kegiatan", "K2"))
    assert _under(rows, "K2") == []             # the last line
    assert _under(rows, "Keterangan") == []     # an unknown level ranks below every known one
    assert _under(rows, "Program R") == []
    # a line of an unknown level inside a block stays in it (it does not end the block)
    assert _under(rows, "K1") == [3, 4]
    assert _under(rows, "Program P") == [2, 3, 4, 5]
