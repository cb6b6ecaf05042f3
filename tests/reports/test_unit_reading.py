"""Tests of lkip_helpers.reports.unit_reading: the unit-performance readings in words, from a
hand-made report whose tables are not the city's (Tabel A and Tabel I)."""

from __future__ import annotations

import pytest

from lkip_helpers.data import i18n
from lkip_helpers.reports.unit_performance import akip_ikm_match, score_source, unit_score_table
from lkip_helpers.reports.unit_reading import (
    PREDICATE_MESSAGES,
    RELATIONSHIP_MESSAGES,
    predicate_reading,
    relationship_reading,
    summary_reading,
)

from test_unit_performance import _fixture


@pytest.fixture()
def fx(monkeypatch):
    monkeypatch.setattr(i18n, "_language", "en")
    return _fixture()


def test_the_tables_are_named_from_the_data(fx):
    akip, ikm = unit_score_table(fx, "city", 2023, "akip"), unit_score_table(fx, "city", 2023, "ikm")
    assert score_source(akip) == "Tabel A" and score_source(ikm) == "Tabel I"
    match = akip_ikm_match(fx, "city", 2023)
    assert (match.akip_source, match.ikm_source) == ("Tabel A", "Tabel I")
    # a service unit with an IKM only: the reason names the fixture's AKIP table, not the city's
    assert match.unmatched["reason"].str.contains(r"AKIP \(Tabel A\)").any()


def test_printed_predicates_read_higher_or_lower_than_their_band(fx):
    akip, ikm = unit_score_table(fx, "city", 2023, "akip"), unit_score_table(fx, "city", 2023, "ikm")
    # office-a 80.00 printed A, its band BB: printed higher; the other two follow their scores
    assert predicate_reading(akip, "akip") == ("1 printed AKIP predicates differ from the band of their score "
                                               "(1 printed higher, 0 lower)")
    # office-b 76.60 printed Baik, its band C Kurang Baik: printed higher
    assert predicate_reading(ikm, "ikm").startswith("1 printed IKM mutu labels differ")
    follows = akip[akip["predicate_matches"] != False]  # noqa: E712
    assert predicate_reading(follows, "akip") == "every printed AKIP predicate follows its score"


def test_a_printed_predicate_naming_no_grade_is_neither_higher_nor_lower(fx):
    akip, ikm = unit_score_table(fx, "city", 2023, "akip"), unit_score_table(fx, "city", 2023, "ikm")
    # office-b (65.50, band B) printed "B+", no AKIP predicate: it differs, neither higher nor lower
    akip.loc[akip["unit_id"] == "office-b", ["printed_predicate", "predicate_matches"]] = ["B+", False]
    assert predicate_reading(akip, "akip") == ("2 printed AKIP predicates differ from the band of their score "
                                               "(1 printed higher, 0 lower, 1 naming no predicate)")
    # rsud-e (80.00, mutu B) printed "Cukup": no mutu label of a band
    ikm.loc[ikm["unit_id"] == "rsud-e", ["printed_predicate", "predicate_matches"]] = ["Cukup", False]
    assert predicate_reading(ikm, "ikm") == ("2 printed IKM mutu labels differ from the band of their score "
                                             "(1 printed higher, 0 lower, 1 naming no mutu)")
    # a printed grade below its band is lower
    akip.loc[akip["unit_id"] == "office-b", "printed_predicate"] = "C"
    assert predicate_reading(akip, "akip").endswith("(1 printed higher, 1 lower)")


def test_the_relationship_reads_its_strength_and_sign(fx):
    match = akip_ikm_match(fx, "city", 2023)
    # office-a and office-b are the only units with both scores: too few for a correlation
    assert match.spearman is None
    assert relationship_reading(match) == ("too few units are scored in both tables to compare AKIP with IKM (2)")
    for rho, words in ((-0.152, "a weak negative relationship"), (0.45, "a moderate positive relationship"),
                       (0.8, "a strong positive relationship")):
        reading = relationship_reading(match.__class__(**{**match.__dict__, "spearman": rho, "n": 44}))
        assert reading == f"AKIP and IKM of the 44 units scored in both: {words} (Spearman rho {rho:.3f})"


def test_the_summary_reads_in_bahasa_indonesia_with_indonesian_numbers(fx):
    akip, ikm = unit_score_table(fx, "city", 2023, "akip"), unit_score_table(fx, "city", 2023, "ikm")
    match = akip_ikm_match(fx, "city", 2023)
    i18n.set_language("id")
    try:
        text = summary_reading(akip, ikm, match.__class__(**{**match.__dict__, "spearman": -0.152, "n": 44}))
    finally:
        i18n.set_language("en")
    assert text == ("1 predikat AKIP yang tercetak berbeda dari rentang nilainya (1 tercetak lebih tinggi, 0 lebih "
                    "rendah). 1 label mutu IKM yang tercetak berbeda dari rentang nilainya (1 tercetak lebih tinggi, "
                    "0 lebih rendah). AKIP dan IKM dari 44 unit yang dinilai di keduanya: hubungan negatif yang lemah "
                    "(rho Spearman -0,152).")


def test_every_reading_is_in_both_catalogs():
    for message in [*PREDICATE_MESSAGES.values(), *RELATIONSHIP_MESSAGES.values()]:
        assert i18n.translate(message, "id") != message
        assert i18n.translate(message, "en") == message
