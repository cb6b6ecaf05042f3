"""The Indonesian number parser on every tricky format the reports print."""

import math

import pytest

from lkip_helpers.data.numbers import NumberParseError, parse_cell, parse_number, parse_number_or_none, plausible_values


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2.752.218.697.944", 2752218697944),
        ("87,14", 87.14),
        ("87,14%", 87.14),
        ("92.48%", 92.48),
        ("-7,17%", -7.17),
        ("−7,17%", -7.17),
        ("2,9 T", 2.9e12),
        ("Rp13.868.153.684.143,-", 13868153684143),
        ("Rp. 2.637,2 Triliun", 2637.2e12),
        ("Rp10.460.053.504.800", 10460053504800),
        ("15.755,00", 15755),
        ("0,34", 0.34),
        ("98,33 %", 98.33),
        ("100.00%", 100.0),
        ("113", 113),
        ("1.882.356", 1882356),
        ("1,463.53", 1463.53),
        ("78.75 (BB)", 78.75),
        ("4,5 M", 4.5e9),
        ("12 juta", 12e6),
    ],
)
def test_parses_printed_numbers(text, expected):
    assert math.isclose(parse_number(text), expected, rel_tol=1e-12)


@pytest.mark.parametrize("text", ["N/A", "-", "", "  ", None, "belum ada nilai", "n/a"])
def test_missing_markers_are_none(text):
    assert parse_number(text) is None
    assert parse_cell(text).is_missing


@pytest.mark.parametrize("text", ["WTP", "BB", "30 TP, 10 TN, 1 TI", "115TP, 78TN, 3TI", "Sangat Baik"])
def test_text_cells_are_not_numbers(text):
    cell = parse_cell(text)
    assert cell.number is None and cell.is_text
    with pytest.raises(NumberParseError, match="not a number"):
        parse_number(text)
    assert parse_number_or_none(text) is None


@pytest.mark.parametrize("text", ["12,3,4", ".882.346", "1.2.3", "1..2", "Rp515.000.00,00", "1.23,5"])
def test_malformed_numbers_raise(text):
    with pytest.raises(NumberParseError):
        parse_cell(text)


def test_label_and_flags_are_kept():
    cell = parse_cell("78.75 (BB)")
    assert cell.label == "BB" and cell.number == 78.75
    assert parse_cell("87,14%").is_percent
    assert parse_cell("Rp 1.000").is_currency and parse_cell("Rp 1.000").number == 1000


def test_single_dot_with_three_digits_is_ambiguous():
    assert parse_number("15.755") == 15755  # Indonesian thousands by default
    assert parse_number("15.755", decimal=".") == 15.755
    assert sorted(plausible_values("1.882")) == [1.882, 1882]
    assert plausible_values("87,14") == [87.14]
    assert plausible_values("WTP") == []
