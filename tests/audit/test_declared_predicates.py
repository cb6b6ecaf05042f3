"""The ``predicate`` kind of ``check_relations.csv`` (lkip_helpers.audit.declared_predicates): a word
a report prints for a score in its own stats tables = the category of the declared rule."""

from __future__ import annotations

import pandas as pd
import pytest

from lkip_helpers.audit.declared_predicates import printed_word
from lkip_helpers.audit.relations import check_relations

from test_audit import DOC, fake, run, stat


def _row(**more: str) -> pd.DataFrame:
    row = dict(check_id="p", document_id=DOC, kind="predicate", subject="calc", source_ref="Tabel 9", variable="kategori",
               rows="*", inputs="[variable=ikm]", indicator_id="", outcome="mutu", tolerance="", key="", description="p")
    return pd.DataFrame([row | more])


def _ikm(score: float, word: str, **more: str) -> pd.DataFrame:
    calc = stat([("IKM", "Triwulan IV", "ikm", 2024, score, f"{score:.2f}"),
                 ("IKM", "Triwulan IV", "kategori", 2024, None, word)])
    return run(check_relations, fake(stats_calc=calc, check_relations=_row(**more)))


def test_the_mutu_printed_beside_an_ikm_is_judged_by_permenpanrb_14_2017():
    key = f"predicate:{DOC}:calc:tabel-9:ikm:triwulan-iv"
    assert _ikm(93.86, "Sangat Baik").loc[key, "status"] == "match"
    wrong = _ikm(88.30, "Sangat Baik").loc[key]          # 88,30 is B Baik; A starts at 88,31
    assert wrong["status"] == "discrepancy" and wrong["recomputed_text"] == "B"
    assert wrong["printed_text"] == "88.30 Sangat Baik"


def test_a_word_that_names_no_mutu_is_not_judged():
    assert _ikm(93.86, "lihat lampiran").empty


def _quoted(value: float, text: str) -> pd.DataFrame:
    bands = stat([("Baik", "", "lower_bound_exclusive", 2023, 74, "74"), ("Baik", "", "upper_bound_inclusive", 2023, 82, "82"),
                  ("Kurang", "", "lower_bound_inclusive", 2023, 58, "58"), ("Kurang", "", "upper_bound_exclusive", 2023, 66, "66")],
                 source_ref="Tabel 3.17")
    index = stat([("Indeks", "", "hasil", 2023, value, text)], source_ref="Tabel 3.18")
    rel = _row(subject="index", source_ref="Tabel 3.18", variable="hasil", inputs="", outcome="bands:bands")
    return run(check_relations, fake(stats_bands=bands, stats_index=index, check_relations=rel))


def test_a_category_quoted_with_an_index_is_judged_by_the_bands_the_report_prints():
    key = f"predicate:{DOC}:index:tabel-3-18:indeks"
    assert _quoted(60.0, "60,00 “Kurang”").loc[key, "status"] == "match"
    wrong = _quoted(45.81, "45,81 “Kurang”")                # below every printed band: not judged
    assert wrong.empty
    baik = _quoted(64.0, "64,00 “Baik”").loc[key]           # 64 is Kurang (58 ≤ x < 66)
    assert baik["status"] == "discrepancy" and baik["recomputed_text"] == "Kurang"


def test_the_word_of_a_printed_figure():
    assert printed_word("45,81 “Kurang”") == "Kurang"
    assert printed_word('78.75 "BB"') == "BB"
    assert printed_word("78.75 (BB)") == "BB"
    assert printed_word("78,75") is None


@pytest.mark.parametrize("column, value, message", [
    ("inputs", "[variable=ikm] / 2", "column 'inputs': a predicate needs one cell reference"),
    ("outcome", "grade", "column 'outcome': a predicate's rule is mutu, akip or 'bands:<stats topic>'"),
    ("subject", "nothing", "column 'subject': no stats table or table 'nothing'"),
])
def test_a_malformed_predicate_row_is_refused_naming_row_and_column(column, value, message):
    calc = stat([("IKM", "Triwulan IV", "ikm", 2024, 93.86, "93.86"), ("IKM", "Triwulan IV", "kategori", 2024, None, "A")])
    with pytest.raises(ValueError, match=rf"check_relations.csv row 2 \(p\), {message}"):
        run(check_relations, fake(stats_calc=calc, check_relations=_row(**{column: value})))


def test_a_score_reference_selecting_different_printings_is_refused():
    # two IKM printed for the row (Triwulan IV and a total): [variable=ikm; subcategory=*] could mean either
    calc = stat([("IKM", "Triwulan IV", "ikm", 2024, 93.86, "93,86"), ("IKM", "Total", "ikm", 2024, 88.0, "88,00"),
                 ("IKM", "Triwulan IV", "kategori", 2024, None, "Sangat Baik")])
    with pytest.raises(ValueError, match=r"check_relations.csv row 2 \(p\), column 'inputs': \[variable=ikm; "
                                         r"subcategory=\*\] selects 2 printings with different values"):
        run(check_relations, fake(stats_calc=calc, check_relations=_row(inputs="[variable=ikm; subcategory=*]")))


def test_a_bracketed_number_is_no_word_and_a_category_the_bands_lack_is_a_finding():
    assert _quoted(60.0, "60,00 (2023)").empty             # a year in parentheses is no category
    odd = _quoted(60.0, "60,00 “Sedang”").loc[f"predicate:{DOC}:index:tabel-3-18:indeks"]
    assert odd["status"] == "discrepancy" and odd["recomputed_text"] == "Kurang"
    assert printed_word("65 (%) “Sedang”") == "Sedang"
