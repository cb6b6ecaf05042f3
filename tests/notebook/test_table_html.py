"""The HTML of a notebook table: the reader's language and notation, dashes with a legend, escaped
text, whole-number columns without decimals, no row index."""

from __future__ import annotations

import pandas as pd

from lkip_helpers.notebook import dataframe_html, show_table, table_html

FRAME = pd.DataFrame({"iku_no": [1, 2], "name": ["Nilai <script>AKIP</script>", "IPM"], "capaian": [87.14, None],
                      "yoy_direction": ["improved", None], "rank": [1.0, 2.0], "pagu": [2733723365213.0, 5e9]})


def test_indonesian_table() -> None:
    html = table_html(FRAME, lang="id")
    assert ">87,14<" in html and "87.14" not in html
    assert ">2.733.723.365.213<" in html and ">membaik<" in html
    assert ">1<" in html and ">2<" in html and "1,00" not in html  # ranks as whole numbers
    assert "&lt;script&gt;" in html and "<script>" not in html
    assert ">–<" in html and "– : tidak ada nilai dalam data" in html
    assert "NaN" not in html and "None" not in html


def test_english_table() -> None:
    html = table_html(FRAME, lang="en")
    assert ">87.14<" in html and ">2,733,723,365,213<" in html and ">improved<" in html
    assert "– : no value in the data" in html


def test_no_legend_without_missing_values_and_no_index_column() -> None:
    html = table_html(FRAME.dropna(), lang="id")
    assert "lkip-legend" not in html
    assert html.count("<th ") == len(FRAME.columns)


def test_show_table_renders_in_the_current_language(monkeypatch) -> None:
    from lkip_helpers.data import i18n

    shown = show_table(FRAME, ["iku_no", "name", "capaian"])
    assert "capaian (recomputed)" in repr(shown)  # the text form stays pandas' own
    monkeypatch.setattr(i18n, "_language", "id")
    assert ">capaian (dihitung ulang)<" in dataframe_html(shown)
    monkeypatch.setattr(i18n, "_language", "en")
    assert ">capaian (recomputed)<" in dataframe_html(shown)


def test_any_other_frame_shows_without_row_numbers_nor_nan(monkeypatch) -> None:
    """A frame a notebook displays without show_table: no pandas row numbers, no NaN; an index
    that holds names (a pivot's rows) becomes an ordinary first column."""
    from lkip_helpers.data import i18n

    monkeypatch.setattr(i18n, "_language", "id")
    plain = dataframe_html(FRAME)
    assert "lkip-table" in plain
    assert plain.count("<th ") == len(FRAME.columns) and ">0<" not in plain
    assert "NaN" not in plain and ">87,14<" in plain and ">–<" in plain
    pivot = dataframe_html(FRAME.set_index("name")[["capaian"]])
    assert pivot.count("<th ") == 2 and ">IPM<" in pivot and ">–<" in pivot


def test_a_kernel_shows_report_tables_through_the_registered_formatter() -> None:
    from IPython.core.interactiveshell import InteractiveShell

    from lkip_helpers.notebook import register_html_tables

    shell = InteractiveShell.instance()
    try:
        register_html_tables()
        data, _ = shell.display_formatter.format(show_table(FRAME, ["iku_no", "capaian"]))
        assert "lkip-table" in data["text/html"] and "capaian" in data["text/plain"]
    finally:
        InteractiveShell.clear_instance()


def test_say_prints_in_the_readers_language(monkeypatch, capsys) -> None:
    from lkip_helpers.data import i18n
    from lkip_helpers.notebook import phrase, say

    monkeypatch.setattr(i18n, "_language", "id")
    say("{entity} reports no IKM series for {year}.", entity="Kota Contoh", year=2024)
    assert capsys.readouterr().out == "Kota Contoh tidak melaporkan seri IKM untuk tahun 2024.\n"
    monkeypatch.setattr(i18n, "_language", "en")
    assert phrase("{entity} reports no IKM series for {year}.", entity="Kota Contoh", year=2024) == \
        "Kota Contoh reports no IKM series for 2024."


def test_numbers_printed_in_the_reports_are_in_the_readers_notation() -> None:
    printed = pd.DataFrame({"printed": ["87,14", "4,80%", "36,93 “Kurang”", "1.234,5", "2023", "Tabel 3.3", "-0,5"]})
    assert _cells(table_html(printed, lang="en")) == [
        "87.14", "4.80%", "36.93 “Kurang”", "1234.5", "2023", "Tabel 3.3", "-0.5"]
    assert _cells(table_html(printed, lang="id")) == list(printed["printed"])
    # some reports print a decimal point: an Indonesian reader gets a comma (2.752 stays thousands)
    pointed = pd.DataFrame({"printed": ["92.48%", "78.46", "2.9 T", "86.8455", "81.59 (AA)", "2.752", "1.2.3"]})
    assert _cells(table_html(pointed, lang="id")) == ["92,48%", "78,46", "2,9 T", "86,8455", "81,59 (AA)", "2.752", "1.2.3"]
    assert _cells(table_html(pointed, lang="en")) == list(pointed["printed"])


def _cells(html: str) -> list[str]:
    import re

    return re.findall(r"<td[^>]*>(.*?)</td>", html)
