"""Tests of lkip_helpers.reports.unit_performance: a hand-made fixture, then the report's own printed figures."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from lkip_helpers.data import i18n
from lkip_helpers.data.dataset import Dataset
from lkip_helpers.data.errors import ParameterError
from lkip_helpers.data.paths import PROJECT_ROOT
from lkip_helpers.reports.unit_performance import (
    akip_ikm_match,
    check_unit_entity,
    describe_unit_groups,
    entities_with_unit_scores,
    group_summary,
    match_unit_names,
    predicate_counts,
    unit_score_table,
)

UNITS = [
    ("office-a", "Dinas A", "dinas", "city", None),
    ("office-b", "Badan B", "badan", "city", None),
    ("kec-c", "Kecamatan C", "kecamatan", "city", None),
    ("pkm-d", "Puskesmas D", "puskesmas", "city", "office-a"),
    ("rsud-e", "RSUD E", "rsud", "city", "office-a"),
    ("pkm-f", "Puskesmas F", "puskesmas", "city", "office-a"),
    ("pkm-g", "Puskesmas G", "puskesmas", "city", "office-a"),
]
# (unit, type, value, printed predicate)
SCORES = [
    ("office-a", "akip", 80.00, "A"),  # exactly on the boundary → lower band BB: printed A is a mismatch
    ("office-b", "akip", 65.50, "B"),
    ("kec-c", "akip", 55.00, "CC"),  # below Baik
    ("office-a", "ikm", 88.305, "Sangat Baik"),  # rounds half up to 88.31 → A
    ("office-b", "ikm", 76.60, "Baik"),  # 76.60 < 76.61 → C Kurang Baik: mismatch, below Baik
    ("pkm-d", "ikm", 90.00, "Sangat Baik"),
    ("rsud-e", "ikm", 80.00, "Baik"),
    ("pkm-f", "ikm", 89.00, "Sangat Baik"),
    ("pkm-g", "ikm", 91.00, "Sangat Baik"),
]


def _fixture() -> Dataset:
    us = pd.DataFrame(
        [
            {
                "unit_id": u,
                "year": 2023,
                "score_type": t,
                "value": v,
                "value_text": str(v),
                "predicate_text": p,
                "rank": None,
                "document_id": "doc",
                "source_ref": "Tabel A" if t == "akip" else "Tabel I",
            }
            for u, t, v, p in SCORES
        ]
    )
    units = pd.DataFrame(UNITS, columns=["unit_id", "name", "unit_type", "entity_id", "parent_unit_id"])
    aliases = pd.DataFrame(
        [("Dinas A Lama", "office-a", "doc", "Tabel A"), ("Kec. C", "kec-c", "doc", "Tabel A")],
        columns=["alias", "unit_id", "document_id", "source_ref"],
    )
    return Dataset(Path("."), {}, {"unit_scores": us, "units": units, "unit_aliases": aliases})


@pytest.fixture(scope="module")
def fx() -> Dataset:
    return _fixture()


def test_entities_and_check(fx):
    have = entities_with_unit_scores(fx)
    assert have.to_dict("records") == [{"entity_id": "city", "year": 2023, "score_types": "akip, ikm"}]
    check_unit_entity(fx, "city", 2023)
    with pytest.raises(ParameterError, match="entities with unit scores: city 2023"):
        check_unit_entity(fx, "other", 2023)
    with pytest.raises(ParameterError, match="'city' 2024"):
        check_unit_entity(fx, "city", 2024)


def test_akip_table_recomputes_predicates(fx):
    t = unit_score_table(fx, "city", 2023, "akip").set_index("unit_id")
    assert t.loc["office-a", "predicate"] == "BB"
    assert not bool(t.loc["office-a", "predicate_matches"])
    assert t.loc["office-b", "predicate"] == "B" and bool(t.loc["office-b", "predicate_matches"])
    assert bool(t.loc["kec-c", "below_baik"]) and not bool(t.loc["office-b", "below_baik"])
    assert t.loc["office-a", "printed_name"] == "Dinas A Lama"  # alias of the AKIP table
    assert t.loc["office-b", "printed_name"] == "Badan B"  # no alias: canonical name
    assert t.loc["kec-c", "group"] == "kecamatan" and t.loc["office-b", "group"] == "dinas/badan"
    assert pd.isna(t.loc["office-a", "robust_z"])  # only 2 other units (fewer than 5) → undefined


def test_ikm_table_compares_labels_as_grades(fx):
    t = unit_score_table(fx, "city", 2023, "ikm").set_index("unit_id")
    assert t.loc["office-a", "predicate"] == "A" and bool(t.loc["office-a", "predicate_matches"])
    assert t.loc["office-b", "predicate"] == "C" and t.loc["office-b", "predicate_label"] == "Kurang Baik"
    assert not bool(t.loc["office-b", "predicate_matches"]) and bool(t.loc["office-b", "below_baik"])
    assert t.loc["pkm-d", "group"] == "puskesmas" and t.loc["rsud-e", "group"] == "RSUD"
    # robust z of office-b against 88.305, 90, 80, 89, 91: median 89,
    # |dev| = 0.695, 1, 9, 0, 2 → MAD 1; z = (76.60 − 89) / 1.4826 ≈ −8.36
    assert t.loc["office-b", "robust_z"] == pytest.approx((76.60 - 89) / 1.4826)
    assert bool(t.loc["office-b", "outlier"])  # |z| > 3.5


def test_predicate_counts(fx):
    c = predicate_counts(unit_score_table(fx, "city", 2023, "akip"), "akip").set_index("predicate")
    assert c.loc["A", ["printed", "recomputed", "difference"]].tolist() == [1, 0, -1]
    assert c.loc["BB", ["printed", "recomputed", "difference"]].tolist() == [0, 1, 1]
    assert c.loc["CC", ["printed", "recomputed"]].tolist() == [1, 1]
    assert "AA" not in c.index
    i = predicate_counts(unit_score_table(fx, "city", 2023, "ikm"), "ikm").set_index("predicate")
    assert i.loc["B", ["printed", "recomputed"]].tolist() == [2, 1]
    assert i.loc["C", ["printed", "recomputed"]].tolist() == [0, 1]


def test_group_summary(fx):
    g = group_summary(unit_score_table(fx, "city", 2023, "ikm")).set_index("group")
    assert g.loc["dinas/badan", "n"] == 2
    assert g.loc["dinas/badan", "mean"] == pytest.approx((88.305 + 76.60) / 2)
    assert g.loc["all", "n"] == 6 and g.loc["all", "below_baik"] == 1
    assert g.loc["puskesmas", "n"] == 3
    assert list(g.index) == ["dinas/badan", "RSUD", "puskesmas", "all"]


def test_match_lists_every_unmatched_unit(fx, english):
    m = akip_ikm_match(fx, "city", 2023)
    assert set(m.pairs["unit_id"]) == {"office-a", "office-b"} and m.n == 2
    assert m.spearman is None  # fewer than 3 pairs
    un = m.unmatched.set_index("unit_id")
    assert set(un.index) == {"kec-c", "pkm-d", "rsud-e", "pkm-f", "pkm-g"}
    assert un.loc["kec-c", "has"] == "akip" and "no IKM" in un.loc["kec-c", "reason"]
    assert un.loc["kec-c", "printed_name"] == "Kec. C"
    assert un.loc["pkm-d", "has"] == "ikm" and "under Dinas A" in un.loc["pkm-d", "reason"]


def test_describe_unit_groups(fx, english):
    ikm = unit_score_table(fx, "city", 2023, "ikm")
    # 2 offices (Dinas A, Badan B), RSUD E under Dinas A, 3 puskesmas under Dinas A: 2 + 1 + 3 = 6
    assert describe_unit_groups(fx, ikm) == (
        "The 6 units are 2 dinas/badan, 1 RSUD (all under Dinas A) and 3 puskesmas (all under Dinas A)."
    )
    akip = unit_score_table(fx, "city", 2023, "akip")
    assert describe_unit_groups(fx, akip, "perangkat daerah") == (
        "The 3 perangkat daerah are 2 dinas/badan and 1 kecamatan."
    )
    mixed = ikm.assign(parent_unit_id=[None if u == "pkm-g" else p for u, p in zip(ikm["unit_id"], ikm["parent_unit_id"])])
    assert "3 puskesmas (2 of them under Dinas A)" in describe_unit_groups(fx, mixed)


def test_unit_sentences_in_bahasa_indonesia(fx, monkeypatch):
    monkeypatch.setattr(i18n, "_language", "id")
    ikm = unit_score_table(fx, "city", 2023, "ikm")
    assert describe_unit_groups(fx, ikm) == (
        "6 unit terdiri atas 2 dinas/badan, 1 RSUD (seluruhnya di bawah Dinas A) dan 3 puskesmas "
        "(seluruhnya di bawah Dinas A)."
    )
    mixed = ikm.assign(parent_unit_id=[None if u == "pkm-g" else p for u, p in zip(ikm["unit_id"], ikm["parent_unit_id"])])
    assert "3 puskesmas (2 di antaranya di bawah Dinas A)" in describe_unit_groups(fx, mixed)
    assert describe_unit_groups(fx, ikm.iloc[0:0], "perangkat daerah") == "Tidak ada perangkat daerah."
    un = akip_ikm_match(fx, "city", 2023).unmatched.set_index("unit_id")
    assert un.loc["kec-c", "reason"] == "tidak ada nilai IKM (Tabel I) yang tercetak untuk unit ini"
    assert un.loc["pkm-d", "reason"] == "unit pelayanan di bawah Dinas A: tidak memiliki AKIP (Tabel A) sendiri"


def test_ikm_group_sentence_adds_up(ds, english):
    # the IKM table of Tabel 3.8, counted by unit type from the CSVs
    us = pd.read_csv(PROJECT_ROOT / "data" / "unit_scores.csv")
    units = pd.read_csv(PROJECT_ROOT / "data" / "units.csv").set_index("unit_id")
    types = us.loc[(us["score_type"] == "ikm") & (us["year"] == 2023), "unit_id"].map(units["unit_type"])
    offices = int(types.isin(["sekretariat", "dinas", "badan", "inspektorat", "satpol_pp"]).sum())
    kec, rsud, pkm = (int((types == t).sum()) for t in ("kecamatan", "rsud", "puskesmas"))
    assert offices + kec + rsud + pkm == len(types) == 96
    text = describe_unit_groups(ds, unit_score_table(ds, "kota-bekasi", 2023, "ikm"))
    assert text.startswith(f"The 96 units are {offices} dinas/badan, {kec} kecamatan, {rsud} RSUD")
    assert f"and {pkm} puskesmas" in text
    assert (offices, rsud) == (31, 5)  # the RSUD itself is one of the 5, not also a 32nd office


def test_match_unit_names(fx):
    m = match_unit_names(fx, ["Dinas A Lama", "badan b", "Dinas Z"])
    assert m["unit_id"].tolist() == ["office-a", "office-b", None]


def test_unknown_score_type(fx):
    with pytest.raises(ParameterError, match="akip, ikm"):
        unit_score_table(fx, "city", 2023, "sakip")


# --------------------------------------------------------------------------------------------------
# the real data, against the report's own printed figures
# --------------------------------------------------------------------------------------------------


def test_akip_mismatches_are_the_recorded_discrepancies(ds):
    t = unit_score_table(ds, "kota-bekasi", 2023, "akip")
    assert len(t) == 44
    flagged = sorted(t.loc[t["predicate_matches"] == False, "value_text"])  # noqa: E712
    disc = pd.read_csv(PROJECT_ROOT / "data" / "discrepancies.csv")
    disc = disc[(disc["kind"] == "predicate_mismatch") & (disc["source_ref"] == "Tabel 3.3")]
    recorded = sorted(re.match(r"([\d,]+)", s).group(1) for s in disc["printed_value"])
    assert flagged == recorded and len(flagged) == 6
    assert all(60 < float(v.replace(",", ".")) < 70 for v in flagged)
    c = predicate_counts(t, "akip").set_index("predicate")
    assert c.loc["BB", "printed"] - c.loc["BB", "recomputed"] == 6
    assert c.loc["B", "recomputed"] == 6


def test_ikm_counts_match_printed_summary(ds):
    t = unit_score_table(ds, "kota-bekasi", 2023, "ikm")
    assert len(t) == 96
    s = ds.stats("ikm-unit-summary")
    s = s[(s["variable"] == "jumlah_unit_per_mutu") & (s["year"] == 2023)]
    printed = dict(zip(s["subcategory"], s["value"]))  # "31 unit pelayanan Sangat Baik", ...
    c = predicate_counts(t, "ikm").set_index("label")
    for label, n in printed.items():
        assert c.loc[label, "recomputed"] == n
    # the text names the lowest unit: Puskesmas Jatibening Baru, 72,68
    low = t.sort_values("value").iloc[0]
    assert low["name"] == "Puskesmas Jatibening Baru" and low["value"] == pytest.approx(72.68)
    assert bool(low["below_baik"])


def test_real_match_covers_every_unit(ds):
    m = akip_ikm_match(ds, "kota-bekasi", 2023)
    us = pd.read_csv(PROJECT_ROOT / "data" / "unit_scores.csv")
    akip = set(us.loc[us["score_type"] == "akip", "unit_id"])
    ikm = set(us.loc[us["score_type"] == "ikm", "unit_id"])
    assert set(m.pairs["unit_id"]) == akip & ikm
    assert set(m.unmatched["unit_id"]) == akip ^ ikm  # nothing dropped
    assert m.n == len(akip & ikm)
    # Tabel 3.3 spells it "Kecamatan Medan Satria", Tabel 3.8 "Kecamatan Medansatria": one unit
    row = m.pairs.set_index("unit_id").loc["kecamatan-medansatria"]
    assert row["akip_name"] == "Kecamatan Medan Satria" and row["ikm_name"] == "Kecamatan Medansatria"
    from scipy import stats

    assert m.spearman == pytest.approx(stats.spearmanr(m.pairs["akip"], m.pairs["ikm"]).statistic)


def test_disdukcapil_has_no_unit_scores(ds):
    with pytest.raises(ParameterError, match="kota-bekasi 2023"):
        check_unit_entity(ds, "disdukcapil-kota-bekasi", 2024)


def test_strip_plot_is_the_same_every_time_and_leaves_numpy_random_state_alone(ds):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    from lkip_helpers.reports.unit_performance import score_strip_plot

    table = unit_score_table(ds, "kota-bekasi", 2023, "akip")

    def dots() -> list:
        np.random.seed(None)  # whatever state the notebook's generator happens to be in
        ax = score_strip_plot(table, bands="akip")
        offsets = [c.get_offsets().tolist() for c in ax.collections if len(c.get_offsets())]
        plt.close(ax.figure)
        return offsets

    first, second = dots(), dots()
    assert first == second and sum(len(o) for o in first) == len(table)
    np.random.seed(7)
    expected = np.random.rand()
    np.random.seed(7)
    plt.close(score_strip_plot(table, bands="akip").figure)
    assert np.random.rand() == expected, "the caller's random sequence continues where it was"


@pytest.mark.parametrize("lang", ["id", "en"])
def test_unit_figures_fit_an_a4_page_and_survive_greyscale(ds, monkeypatch, lang):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from lkip_helpers.data import i18n
    from lkip_helpers.notebook import figure_problems, grey_level
    from lkip_helpers.reports.unit_performance import akip_ikm_match, akip_ikm_scatter, score_strip_plot

    monkeypatch.setattr(i18n, "_language", lang)
    title = "Nilai AKIP perangkat daerah, laporan kinerja Pemerintah Kota Bekasi tahun 2023"
    strip = score_strip_plot(unit_score_table(ds, "kota-bekasi", 2023, "akip"), title=title, bands="akip")
    assert figure_problems(strip.figure) == []
    legend = strip.figure.legends[0]
    words = [t.get_text() for t in legend.get_texts()]
    assert words == ([("Baik atau lebih baik"), "di bawah Baik"] if lang == "id" else ["Baik or better", "below Baik"])
    greys = [grey_level(h.get_color()) for h in legend.legend_handles]
    assert abs(greys[0] - greys[1]) >= 0.3
    scatter = akip_ikm_scatter(akip_ikm_match(ds, "kota-bekasi", 2023), title=title)
    assert figure_problems(scatter.figure) == []
    assert scatter.get_xlabel() == ("nilai AKIP (Tabel 3.3)" if lang == "id" else "AKIP score (Tabel 3.3)")
    plt.close("all")
