"""A printed figure in a workbook cell: the forms it may take and the value each gives."""

from __future__ import annotations

import pandas as pd
import pytest

from lkip_helpers.data.paths import PROJECT_ROOT
from lkip_helpers.intake.printed_figures import FigureError, figure_cell, read_printed, thousands_or_decimal


@pytest.mark.parametrize("cell, text, value", [
    ("87,14", "87,14", 87.14),
    ("92.48%", "92.48%", 92.48),
    ("Rp 2,9 T", "Rp 2,9 T", 2.9e12),
    ("2.733.723.365.213", "2.733.723.365.213", 2733723365213.0),
    ("78.75 (BB)", "78.75 (BB)", 78.75),
    ("WTP", "WTP", None),
    ("N/A", "N/A", None),
    ('"Rp515.000.00,00"', "Rp515.000.00,00", None),
    ('".882.346"', ".882.346", None),
    ('"3 TI" = 3', "3 TI", 3.0),
    ('"A (80,97)" = 80,97', "A (80,97)", 80.97),
])
def test_the_forms_of_a_figure(cell, text, value) -> None:
    figure = read_printed(cell)
    assert figure.text == text
    assert figure.value == (pytest.approx(value) if value is not None else None)


@pytest.mark.parametrize("cell, message", [
    ("12,3,4", "cannot read '12,3,4' as a number"),
    (".882.346", "lost leading digit"),
    ('"3 TI" = tiga', "cannot read 'tiga' as a number"),
])
def test_a_cell_that_is_no_figure_says_what_to_write(cell, message) -> None:
    with pytest.raises(FigureError, match=message) as err:
        read_printed(cell)
    assert "double quotes" in str(err.value) or "tiga" in cell


def test_a_text_where_a_number_is_needed_is_refused() -> None:
    with pytest.raises(FigureError, match="cannot read 'WTP' as a number"):
        read_printed("WTP", allow_text=False)


def test_one_group_of_three_digits_is_flagged_as_read_two_ways() -> None:
    assert thousands_or_decimal("722.022") and thousands_or_decimal("3.742")
    assert not thousands_or_decimal("2.378.779") and not thousands_or_decimal("3,742")


@pytest.mark.parametrize("table", ["indicator_values", "budgets", "akip_components", "ikm_unsur"])
def test_every_figure_of_the_data_reads_back_from_its_cell(table) -> None:
    frame = pd.read_csv(PROJECT_ROOT / "data" / f"{table}.csv", dtype=str, keep_default_na=False)
    wrong = []
    for text, value in zip(frame["value_text"], frame["value"]):
        expected = float(value) if value else None
        cell = figure_cell(text, expected)
        figure = read_printed(cell)
        if figure.text != text or (figure.value is None) != (expected is None) or (
                expected is not None and abs(figure.value - expected) > 1e-9 * max(1, abs(expected))):
            wrong.append((text, value, cell, figure))
    assert not wrong, wrong[:5]
