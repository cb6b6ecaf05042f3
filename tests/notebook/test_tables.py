"""show_table: columns named once, labels looked up in LABELS, clear errors for unknown columns."""

from __future__ import annotations

import pandas as pd
import pytest

from lkip_helpers.notebook import LABELS, UnknownColumnError, format_float, show_table


@pytest.fixture()
def frame() -> pd.DataFrame:
    return pd.DataFrame({"iku_no": [2, 1], "name": ["b", "a"], "capaian": [87.1449, 101.0], "extra": [1, 2]},
                        index=[5, 7])


def test_labels_are_looked_up_and_columns_kept_in_order(frame):
    shown = show_table(frame, ["name", "iku_no", "capaian"])
    assert list(shown.columns) == [LABELS["name"], LABELS["iku_no"], LABELS["capaian"]]
    assert list(shown.columns) == ["indicator", "IKU", "capaian (recomputed)"]
    assert shown[LABELS["capaian"]].tolist() == [87.14, 101.0]  # rounded to 2 decimals
    assert list(shown.index) == [0, 1]


def test_labels_override_one_column(frame):
    shown = show_table(frame, ["name", "capaian"], labels={"name": "region"}, decimals=1)
    assert list(shown.columns) == ["region", "capaian (recomputed)"]
    assert shown["capaian (recomputed)"].tolist() == [87.1, 101.0]


def test_a_dict_still_gives_one_off_labels(frame):
    assert list(show_table(frame, {"extra": "something else"}).columns) == ["something else"]


def test_a_column_missing_from_the_frame_is_named(frame):
    with pytest.raises(UnknownColumnError, match=r"no column 'capaian_printed'; it has: iku_no, name, capaian, extra"):
        show_table(frame, ["name", "capaian_printed"])


def test_a_column_without_a_label_says_where_to_declare_it(frame):
    with pytest.raises(UnknownColumnError, match=r"column 'extra' has no display label: declare it in LABELS"):
        show_table(frame, ["name", "extra"])
    assert list(show_table(frame, ["extra"], labels={"extra": "x"}).columns) == ["x"]


def test_one_string_is_not_taken_for_a_list_of_letters(frame):
    with pytest.raises(TypeError):
        show_table(frame, "name")


def test_no_columns_keeps_every_column(frame):
    assert list(show_table(frame).columns) == list(frame.columns)


def test_format_float():
    assert format_float(13868153684143.0) == "13,868,153,684,143"
    assert format_float(87.144) == "87.14"
    assert format_float(0.001234) == "0.001234"
    assert format_float(float("nan")) == "NaN"


def test_every_label_is_a_non_empty_string_and_keys_are_sorted():
    assert all(isinstance(v, str) and v for v in LABELS.values())
    assert list(LABELS) == sorted(LABELS)


def test_a_table_without_rows_is_one_line(monkeypatch) -> None:
    from lkip_helpers.data import i18n
    from lkip_helpers.notebook import NoRows

    monkeypatch.setattr(i18n, "_language", "en")
    full = pd.DataFrame({"name": ["a"], "capaian": [1.0]})
    frame = full.iloc[0:0]
    shown = show_table(frame, ["name", "capaian"])
    assert isinstance(shown, NoRows) and shown.empty
    assert repr(shown) == "Nothing to show: the data hold no rows for this table."
    assert shown.columns == tuple(show_table(full, ["name", "capaian"]).columns)
    custom = show_table(frame, ["name"], empty="No <IKM> this year.")
    assert custom._repr_html_() == "<p><em>No &lt;IKM&gt; this year.</em></p>"
    monkeypatch.setattr(i18n, "_language", "id")
    assert repr(show_table(frame, ["name"])) == "Tidak ada yang ditampilkan: data tidak memuat baris untuk tabel ini."
    with pytest.raises(UnknownColumnError):
        show_table(frame, ["nope"])


def test_a_row_id_goes_last_in_the_text_and_into_the_rows_attribute_in_html():
    from lkip_helpers.notebook.html_tables import dataframe_html
    from lkip_helpers.notebook.tables import ROW_ID

    frame = pd.DataFrame({"indicator_id": ["kota-akip", "kota-ikm"], "name": ["Nilai AKIP", "IKM <Kota>"]})
    shown = show_table(frame, ["name"], row_id="indicator_id")
    assert list(shown.columns) == ["indicator", ROW_ID]
    assert shown[ROW_ID].tolist() == ["kota-akip", "kota-ikm"]
    html = dataframe_html(shown)
    assert 'data-id="kota-akip"' in html and 'data-id="kota-ikm"' in html
    assert ">kota-akip<" not in html and f">{ROW_ID}<" not in html  # neither a cell nor a header
    assert "IKM &lt;Kota&gt;" in html


def test_an_unknown_row_id_is_named(frame):
    with pytest.raises(UnknownColumnError, match="row_id 'indicator_id' is not a column"):
        show_table(frame, ["name"], row_id="indicator_id")
