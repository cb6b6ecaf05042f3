"""The ``within-range`` kind of ``check_relations.csv`` (lkip_helpers.audit.ranges): each printed band
or figure lies within the minimum and the maximum named by two cell references.

Each test plants a band or a figure outside the range in a small hand-made table and checks that it
is found, and that one inside is not; malformed rows are refused naming the file, the row and the
column.
"""

from __future__ import annotations

import pandas as pd
import pytest

from lkip_helpers.audit.ranges import band_bounds
from lkip_helpers.audit.relations import check_relations

from test_audit import DOC, fake, run, stat

_BOUNDS = "[category=Kota; subcategory=; variable=min_m]|[category=Kota; subcategory=; variable=max_m]"


def _range(rows: list[tuple], inputs: str = _BOUNDS, variable: str = "band|level") -> pd.DataFrame:
    """The findings of one within-range row over a city range of 11 m – 81 m and the ``rows``
    ``(label, value, text, variable)``."""
    table = stat([("Kota", "", "min_m", None, 11, "11 m"), ("Kota", "", "max_m", None, 81, "81 m")]
                 + [(label, text, var, None, value, text) for label, value, text, var in rows],
                 source_ref="Bab I (text)")
    rel = pd.DataFrame([dict(check_id="elev", document_id=DOC, kind="within-range", subject="topo",
                             source_ref="Bab I (text)", variable=variable, rows="*", inputs=inputs, indicator_id="",
                             outcome="", tolerance="", key="", description="bands within the city's range")])
    return run(check_relations, fake(stats_topo=table, check_relations=rel))


def _key(band: str) -> str:
    return f"range:{DOC}:topo:bab-i-text:{band}"


def test_a_band_outside_the_range_is_found_and_one_inside_is_not():
    f = _range([("Kec A", None, "0 – 5 m", "band"), ("Kec B", None, "25 – 100 m", "band"),
                ("Kec C", None, "kurang dari 25 m", "band"), ("Kec D", None, "di atas 90 m", "band"),
                ("Kec E", None, "20 – 60 m", "band"), ("Kec F", None, "20 – 60 m", "band")])
    assert f.loc[_key("0-5-m"), "recomputed_text"] == "0 – 5 m: starts below the minimum 11 m"
    assert f.loc[_key("25-100-m"), "recomputed_text"] == "25 – 100 m: ends above the maximum 81 m"
    assert f.loc[_key("di-atas-90-m"), "recomputed_text"] == "di atas 90 m: starts above the maximum 81 m"
    assert f.loc[_key("0-5-m"), "status"] == "discrepancy" and f.loc[_key("di-atas-90-m"), "status"] == "discrepancy"
    inside = f.loc[_key("20-60-m")]
    assert inside["status"] == "match" and inside["row"] == "Kec E, Kec F"   # one finding per printed band
    assert f.loc[_key("kurang-dari-25-m"), "status"] == "match"
    assert f.loc[_key("0-5-m"), "rule"] == "the band must lie within 11 m – 81 m"
    assert len(f) == 5 and f["family"].eq("consistency").all()


def test_a_printed_figure_is_checked_against_the_range_and_other_text_is_not():
    f = _range([("Kec A", 95, "95 m", "level"), ("Kec B", 40, "40 m", "level"), ("Kec C", None, "datar", "band")])
    assert f.loc[_key("95-m"), "status"] == "discrepancy"
    assert f.loc[_key("95-m"), "recomputed_text"] == "95 m: above the maximum 81 m"
    assert f.loc[_key("40-m"), "status"] == "match"
    assert _key("datar") not in f.index                              # no band, no figure: not checked


def test_the_bounds_may_come_from_another_section():
    table = pd.concat([stat([("Kota", "", "min_m", None, 11, "11 m"), ("Kota", "", "max_m", None, 81, "81 m")],
                            source_ref="Bab I (text)"),
                       stat([("Kec A", "0 – 5 m", "band", None, None, "0 – 5 m")], source_ref="Bab II (text)")])
    rel = pd.DataFrame([dict(check_id="elev", document_id=DOC, kind="within-range", subject="topo",
                             source_ref="Bab II (text)", variable="band", rows="", indicator_id="", outcome="",
                             inputs=_BOUNDS.replace("[category=", "[source_ref=Bab I (text); category="),
                             description="bands")])
    f = run(check_relations, fake(stats_topo=table, check_relations=rel))
    found = f.loc[f"range:{DOC}:topo:bab-ii-text:0-5-m"]
    assert found["status"] == "discrepancy" and found["rule"] == "the band must lie within 11 m – 81 m (Bab I (text))"


@pytest.mark.parametrize("inputs, message", [
    ("min_m|max_m", "column 'inputs': within-range needs two cell references"),
    ("[variable=min_m]", "column 'inputs': within-range needs two cell references"),
    ("[variable=min_m] - [variable=max_m]", "column 'inputs': within-range needs two cell references"),
    ("[height=1]|[variable=max_m]", "column 'inputs': table 'topo' has no column 'height'"),
    ("[table=nowhere; variable=min_m]|[variable=max_m]", "column 'inputs': no stats table or table"),
])
def test_a_malformed_row_is_refused_naming_the_row_and_the_column(inputs: str, message: str):
    with pytest.raises(ValueError, match=r"check_relations.csv row 2 \(elev\), " + message):
        _range([("Kec A", None, "0 – 5 m", "band")], inputs=inputs)


def test_the_printed_bands_are_read_with_their_open_ends():
    assert band_bounds("0 – 5 mdpl") == (0.0, 5.0)
    assert band_bounds("di bawah 30 mdpl") == (None, 30.0) and band_bounds("lebih dari 45 m") == (45.0, None)
    assert band_bounds("dataran rendah") is None


def test_a_bound_reference_selecting_different_printings_is_refused():
    # two maxima printed for the city (81 m in Bab I, 90 m elsewhere): [source_ref=*; ...] could mean either
    table = pd.concat([stat([("Kota", "", "min_m", None, 11, "11 m"), ("Kota", "", "max_m", None, 81, "81 m"),
                             ("Kec A", "0 – 5 m", "band", None, None, "0 – 5 m")], source_ref="Bab I (text)"),
                       stat([("Kota", "", "max_m", None, 90, "90 m")], source_ref="Bab II (text)")])
    inputs = "[category=Kota; subcategory=; variable=min_m]|[source_ref=*; category=Kota; subcategory=; variable=max_m]"
    rel = pd.DataFrame([dict(check_id="elev", document_id=DOC, kind="within-range", subject="topo",
                             source_ref="Bab I (text)", variable="band", rows="*", inputs=inputs, indicator_id="",
                             outcome="", tolerance="", key="", description="bands")])
    with pytest.raises(ValueError, match=r"check_relations.csv row 2 \(elev\), column 'inputs': \[source_ref=\*; "
                                         r"category=Kota; subcategory=; variable=max_m\] selects 2 printings"):
        run(check_relations, fake(stats_topo=table, check_relations=rel))
