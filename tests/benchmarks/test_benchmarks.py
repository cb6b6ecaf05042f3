"""Tests of lkip_helpers.benchmarks: hand-computed fixtures, then the real tables.

The fixture is a tiny data set with six regions whose ranks, percentiles, medians, MADs and
robust z-scores are worked out by hand in the comments; the real-data tests recompute positions
with plain pandas from the CSV or compare with ranks the report itself prints.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from lkip_helpers.benchmarks import (
    MAD_SCALE,
    benchmark_position,
    benchmark_table,
    categorical_position,
    category_base,
    change_table,
    check_benchmark_parameters,
    compare_word,
    coverage,
    describe_change,
    describe_coverage,
    describe_ipg_years,
    describe_printed_rank_check,
    ipg_comparison,
    level_comparison,
    neighbours,
    peer_members,
    percentile_ranks,
    position_summary,
    printed_rank,
    printed_rank_check,
    rank_matrix,
    rank_values,
    region_groups,
    resolve_peers,
    robust_z,
    robust_z_reason,
)
from lkip_helpers.data import i18n
from lkip_helpers.data.dataset import Dataset, load_dataset
from lkip_helpers.data.errors import DataValidationError, ParameterError
from lkip_helpers.data.paths import PROJECT_ROOT

# --------------------------------------------------------------------------------------------------
# fixture
# --------------------------------------------------------------------------------------------------

ENTITIES = [
    ("indonesia", "Indonesia", "nasional", None),
    ("jawa-barat", "Provinsi Jawa Barat", "provinsi", "indonesia"),
    ("kota-bekasi", "Kota Bekasi", "kota", "jawa-barat"),
    ("kota-bogor", "Kota Bogor", "kota", "jawa-barat"),
    ("kota-depok", "Kota Depok", "kota", "jawa-barat"),
    ("kab-bekasi", "Kabupaten Bekasi", "kabupaten", "jawa-barat"),
    ("kab-bogor", "Kabupaten Bogor", "kabupaten", "jawa-barat"),
    ("kab-garut", "Kabupaten Garut", "kabupaten", "jawa-barat"),
    ("kota-cimahi", "Kota Cimahi", "kota", "jawa-barat"),  # in no table
    ("banten", "Provinsi Banten", "provinsi", "indonesia"),
    ("kota-cilegon", "Kota Cilegon", "kota", "banten"),  # another province: never a level-group peer
]
INDICATORS = [
    ("m-lower", "Lower metric", "ribu jiwa", "lower_is_better"),
    ("m-higher", "Higher metric", "%", "higher_is_better"),
    ("m-neutral", "Neutral metric", "rupiah", "neutral"),
    ("opini-bpk", "Opini BPK", "opini", "categorical"),
    ("pad", "Pendapatan Asli Daerah", "rupiah", "higher_is_better"),  # a TOTAL_INDICATORS metric
    ("m-prov", "Provincial average", "nilai", "higher_is_better"),  # printed for the province only
]
# m-lower 2023: ascending 5 (kab-bekasi), 8, 8 (kota-bogor, kota-depok), 10 (kota-bekasi), 12, 20
LOWER_2023 = {
    "kota-bekasi": 10,
    "kota-bogor": 8,
    "kota-depok": 8,
    "kab-bekasi": 5,
    "kab-bogor": 20,
    "kab-garut": 12,
    "jawa-barat": 100,
    "indonesia": 1000,
    "kota-cilegon": 1,  # would rank 1st if Banten's region were counted among West Java's
}
# m-lower 2021 (kab-garut missing): pct change bekasi -50, bogor -20, depok -50, kab-bekasi 0, kab-bogor 0
LOWER_2021 = {"kota-bekasi": 20, "kota-bogor": 10, "kota-depok": 16, "kab-bekasi": 5, "kab-bogor": 20, "jawa-barat": 110}
HIGHER_2023 = {"kota-bekasi": 10, "kota-bogor": 8, "kota-depok": 8, "kab-bekasi": 5, "jawa-barat": 9, "indonesia": 12}
NEUTRAL_2023 = {"kota-bekasi": 300, "kota-bogor": 200, "kab-bekasi": 250, "kab-bogor": 100, "jawa-barat": 220}
NEUTRAL_2021 = {"kota-bekasi": 200, "kota-bogor": 100, "kab-bekasi": 250, "kab-bogor": 100}
OPINI_2022 = {
    "kota-bekasi": "WDP",
    "kota-bogor": "WTP",
    "kota-depok": "WTP dengan Paragraf Penekanan Suatu Hal",
    "kab-bekasi": "WDP",
    "kab-bogor": "TMP",
    "jawa-barat": "WTP",
}
# PAD (a total: the province value is a sum, so no gap to it, only a share). West Java regions
# (Cilegon excluded from "all"): realisasi 29 (kab-bekasi), 27 (kota-bekasi), 15, 13 → Bekasi 2nd of 4;
# target 30 (kota-bekasi), 28, 14, 14 → 1st. Printed rank "ke-2" among the table's 5 regions
# (Cilegon 7 / 9 included): realisasi 2 (matches), target 1 (does not match).
PAD_TARGET = {"kota-bekasi": 30, "kab-bekasi": 28, "kota-bogor": 14, "kota-depok": 14, "kota-cilegon": 9}
PAD_REALISASI = {
    "kota-bekasi": 27,
    "kab-bekasi": 29,
    "kota-bogor": 13,
    "kota-depok": 15,
    "kota-cilegon": 7,
    "jawa-barat": 150,
}


def _fixture() -> Dataset:
    rows = []

    def add(ind, year, values, measure="value"):
        for e, v in values.items():
            numeric = not isinstance(v, str)
            rows.append(
                {
                    "entity_id": e,
                    "indicator_id": ind,
                    "year": year,
                    "measure": measure,
                    "value": float(v) if numeric else float("nan"),
                    "value_text": str(v),
                    "document_id": "doc",
                    "source_ref": f"Tabel {ind}",
                }
            )

    add("m-lower", 2023, LOWER_2023)
    add("m-lower", 2021, LOWER_2021)
    add("m-higher", 2023, HIGHER_2023)
    add("m-neutral", 2023, NEUTRAL_2023)
    add("m-neutral", 2021, NEUTRAL_2021)
    add("opini-bpk", 2022, OPINI_2022)
    add("m-higher", 2023, {"kota-bekasi": 3}, measure="rank")
    add("pad", 2023, PAD_TARGET, measure="target")
    add("pad", 2023, PAD_REALISASI, measure="realisasi")
    rows.append(
        {
            "entity_id": "kota-bekasi",
            "indicator_id": "pad",
            "year": 2023,
            "measure": "rank",
            "value": 2.0,
            "value_text": "ke-2",
            "document_id": "doc",
            "source_ref": "Text PAD",
        }
    )
    add("m-prov", 2023, {"jawa-barat": 70})
    tables = {
        "regional_benchmarks": pd.DataFrame(rows),
        "entities": pd.DataFrame(ENTITIES, columns=["entity_id", "name", "level", "parent_id"]),
        # the project's neighbour groups (data/region_groups.csv), cut to the fixture's regions
        "region_groups": _fixture_groups(),
        "indicators": pd.DataFrame(INDICATORS, columns=["indicator_id", "name", "unit", "polarity"]).assign(
            entity_id=None
        ),
        "indicator_values": pd.DataFrame(
            columns=["entity_id", "indicator_id", "year", "period", "measure", "value", "value_text", "source_ref"]
        ),
        "discrepancies": pd.DataFrame(
            [
                ("d-pad", "doc", "Text PAD", "text", "regional_benchmarks", "ke-2", "target is 1st", "other", ""),
                ("d-other", "doc", "Tabel 9", "x", "regional_benchmarks", "1", "2", "other", ""),
            ],
            columns=[
                "discrepancy_id",
                "document_id",
                "source_ref",
                "location",
                "resource",
                "printed_value",
                "conflicting_value",
                "kind",
                "note",
            ],
        ),
    }
    return Dataset(data_dir=Path("."), descriptor={}, tables=tables)


pytestmark = pytest.mark.usefixtures("english")


def _fixture_groups() -> pd.DataFrame:
    groups = pd.read_csv(PROJECT_ROOT / "data" / "region_groups.csv", dtype=str)
    return groups[groups["entity_id"].isin([e[0] for e in ENTITIES])].reset_index(drop=True)


@pytest.fixture(scope="module")
def fx() -> Dataset:
    return _fixture()


# --------------------------------------------------------------------------------------------------
# pure statistics
# --------------------------------------------------------------------------------------------------


def test_rank_ties_competition_and_average():
    v = pd.Series([10, 8, 8, 5])
    assert rank_values(v, "higher_is_better").tolist() == [1, 2, 2, 4]  # "1224"
    assert rank_values(v, "higher_is_better", ties="average").tolist() == [1, 2.5, 2.5, 4]
    assert rank_values(v, "lower_is_better").tolist() == [4, 2, 2, 1]
    assert rank_values(v, "neutral").tolist() == [1, 2, 2, 4]  # neutral: by value, highest first


def test_rank_rejects_categorical_and_unknown_ties():
    with pytest.raises(ValueError, match="categorical"):
        rank_values(pd.Series([1, 2]), "categorical")
    with pytest.raises(ValueError, match="tie rule"):
        rank_values(pd.Series([1, 2]), "higher_is_better", ties="dense")  # type: ignore[arg-type]


def test_rank_keeps_missing_out():
    v = pd.Series([3.0, None, 1.0])
    r = rank_values(v, "higher_is_better")
    assert r.iloc[0] == 1 and pd.isna(r.iloc[1]) and r.iloc[2] == 2


def test_percentile_weak_by_polarity():
    v = pd.Series([10, 8, 8, 5])
    # higher: share of values <= v  → 4/4, 3/4, 3/4, 1/4
    assert percentile_ranks(v, "higher_is_better").tolist() == [100, 75, 75, 25]
    # lower: share of values >= v   → 1/4, 3/4, 3/4, 4/4
    assert percentile_ranks(v, "lower_is_better").tolist() == [25, 75, 75, 100]


def test_robust_z_hand_computed():
    # median 3, |dev| = 2,1,0,1,2 → MAD 1; z = (10 − 3) / 1.4826
    assert robust_z(10, [1, 2, 3, 4, 5]) == pytest.approx(7 / 1.4826)
    assert MAD_SCALE == pytest.approx(1.4826)
    assert robust_z(None, [1, 2, 3, 4, 5]) is None
    # missing values are not counted: 1, 2, 2, 3, 4 → median 2, |dev| 1, 0, 0, 1, 2 → MAD 1
    assert robust_z(2, [1, None, 2, 2, 3, 4, float("nan")]) == pytest.approx(0.0)


def test_robust_z_needs_five_reference_values():
    # 4 reference values (the PAD table: the focal region against 3-4 others) → undefined
    assert robust_z(10, [1, 2, 3, 4]) is None
    assert robust_z_reason(10, [1, 2, 3, 4]) == "only 4 reference values (needs at least 5)"
    assert robust_z(10, [1, 2, None, 3, 4]) is None  # None is not a value
    # 5 values: median 3, MAD 1 → defined
    assert robust_z(10, [1, 2, 3, 4, 5]) is not None and robust_z_reason(10, [1, 2, 3, 4, 5]) is None
    # 5 values without spread: 4, 4, 4, 5, 6 → median 4, |dev| 0, 0, 0, 1, 2 → MAD 0
    assert robust_z(10, [4, 4, 4, 5, 6]) is None
    assert robust_z_reason(10, [4, 4, 4, 5, 6]) == "no spread (MAD 0)"
    assert robust_z(10, [1, 2, 3], min_reference=3) == pytest.approx((10 - 2) / 1.4826)  # MAD 1


def test_compare_word_follows_polarity():
    assert compare_word(2.0, "higher_is_better") == "better"
    assert compare_word(2.0, "lower_is_better") == "worse"
    assert compare_word(-2.0, "lower_is_better") == "better"
    assert compare_word(2.0, "neutral") == "above"
    assert compare_word(-0.5, "neutral") == "below"
    assert compare_word(1e-12, "higher_is_better") == "equal"
    assert compare_word(None, "neutral") is None
    with pytest.raises(ValueError):
        compare_word(1.0, "categorical")


# --------------------------------------------------------------------------------------------------
# positions on the fixture
# --------------------------------------------------------------------------------------------------


def test_position_all_peers_lower_is_better(fx):
    p = benchmark_position(fx, "m-lower", 2023, "kota-bekasi", "all")
    assert p.in_table and p.n_ranked == 6
    assert p.rank == 4  # 5, 8, 8 are better; competition ranking
    assert p.percentile == pytest.approx(50.0)  # 10, 12, 20 are no better → 3/6
    # other regions: 8, 8, 5, 20, 12 → mean 10.6, median 8
    assert p.peer_mean == pytest.approx(10.6)
    assert p.peer_median == pytest.approx(8.0)
    assert p.gap_to_median == pytest.approx(2.0)
    # |dev| from 8: 0, 0, 3, 12, 4 → MAD 3
    assert p.robust_z == pytest.approx(2 / (1.4826 * 3))
    assert p.outlier is False
    assert p.province_value == 100 and p.gap_to_province == pytest.approx(-90)
    assert p.nation_value == 1000 and p.gap_to_nation == pytest.approx(-990)
    assert "worse than the peer median" in p.sentence
    assert "better than the province" in p.sentence


def test_position_average_ties(fx):
    t = benchmark_table(fx, "m-lower", 2023, "kota-bekasi", "all", ties="average")
    ranks = dict(zip(t["entity_id"], t["rank"]))
    assert ranks["kota-bogor"] == ranks["kota-depok"] == 2.5
    assert ranks["kota-bekasi"] == 4


def test_peer_group_filters(fx):
    kota = benchmark_position(fx, "m-lower", 2023, "kota-bekasi", "kota")
    assert (kota.rank, kota.n_ranked) == (3, 3)  # 8, 8 tie at 1; Bekasi 3rd
    assert kota.percentile == pytest.approx(100 / 3)
    assert kota.robust_z is None  # only two other kota
    assert kota.z_note == "robust z not computed: 2 other regions ranked (needs at least 5)"
    assert "robust z not computed: 2 other regions" in kota.sentence
    kab = benchmark_position(fx, "m-lower", 2023, "kota-bekasi", "kabupaten")
    assert (kab.rank, kab.n_ranked) == (2, 4)  # the focal kota placed among 5, 12, 20
    assert kab.percentile == pytest.approx(75.0)
    nb = benchmark_position(fx, "m-lower", 2023, "kota-bekasi", "neighbours")
    assert (nb.rank, nb.n_ranked) == (4, 5)  # Garut is not a neighbour
    custom = benchmark_position(fx, "m-lower", 2023, "kota-bekasi", ["kab-garut"])
    assert (custom.rank, custom.n_ranked) == (1, 2)
    assert custom.peer_group.startswith("custom")


def test_table_keeps_province_and_nation_unranked(fx):
    t = benchmark_table(fx, "m-lower", 2023, "kota-bekasi", "kota")
    roles = dict(zip(t["entity_id"], t["role"]))
    assert roles["jawa-barat"] == "province" and roles["indonesia"] == "nation"
    assert roles["kab-bekasi"] == "other region"
    assert t.loc[t["entity_id"] == "jawa-barat", "rank"].isna().all()
    assert t["rank"].notna().sum() == 3


def test_focal_missing_from_table(fx):
    p = benchmark_position(fx, "m-lower", 2023, "kota-cimahi", "all")
    assert p.in_table is False
    assert p.rank is None and p.value is None
    assert p.n_ranked == 6  # the peers are still ranked
    assert "Tabel m-lower" in p.sentence and "not in" in p.sentence
    cov = coverage(fx, "kota-cimahi")
    assert not cov["focal_in_table"].any()
    cov = coverage(fx, "kab-garut")
    row = cov[(cov["indicator_id"] == "m-lower") & (cov["year"] == 2021)].iloc[0]
    assert not row["focal_in_table"]


def test_higher_is_better_wording(fx):
    p = benchmark_position(fx, "m-higher", 2023, "kota-bekasi")
    assert p.rank == 1 and p.percentile == 100
    assert p.gap_to_province == pytest.approx(1.0)
    assert "better than the province" in p.sentence


def test_neutral_ranked_by_value_without_judgement(fx):
    p = benchmark_position(fx, "m-neutral", 2023, "kota-bekasi")
    assert p.rank == 1  # highest value
    assert "better" not in p.sentence and "worse" not in p.sentence
    assert "above the province" in p.sentence
    rows = level_comparison(fx, "m-neutral", 2023, "kota-bekasi")
    assert rows.loc[rows["entity_id"] == "jawa-barat", "reading"].iloc[0] == "above"


def test_categorical_not_ranked(fx):
    with pytest.raises(ValueError, match="categorical"):
        benchmark_position(fx, "opini-bpk", 2022, "kota-bekasi")
    c = categorical_position(fx, "opini-bpk", 2022, "kota-bekasi")
    assert c.in_table and c.base == "WDP" and c.n_peers == 5
    assert (c.n_same_base, c.n_higher, c.n_lower) == (2, 2, 1)
    dist = c.distribution.set_index("base")["count"].to_dict()
    assert dist == {"WTP": 2, "WDP": 2, "TMP": 1}
    assert c.distribution["share"].sum() == pytest.approx(100)
    missing = categorical_position(fx, "opini-bpk", 2022, "kab-garut")
    assert not missing.in_table and missing.base is None
    with pytest.raises(ValueError, match="not categorical"):
        categorical_position(fx, "m-lower", 2023, "kota-bekasi")


def test_category_base():
    assert category_base("WTP dengan Paragraf Penekanan Suatu Hal") == "WTP"
    assert category_base(" WDP ") == "WDP"
    assert category_base("Baik") == "Baik"
    assert category_base(None) is None and category_base("") is None


def test_change_ranked_by_polarity(fx):
    t = change_table(fx, "m-lower", 2021, 2023, "kota-bekasi")
    r = t.set_index("entity_id")
    assert r.loc["kota-bekasi", "pct_change"] == pytest.approx(-50)
    assert r.loc["kota-bogor", "pct_change"] == pytest.approx(-20)
    # lower is better: the largest fall ranks first; ties 1, 1, 3, 4, 4
    assert r.loc["kota-bekasi", "rank"] == 1 and r.loc["kota-depok", "rank"] == 1
    assert r.loc["kota-bogor", "rank"] == 3
    assert r.loc["kab-bekasi", "rank"] == 4 and r.loc["kab-bogor", "rank"] == 4
    assert pd.isna(r.loc["kab-garut", "rank"])  # no 2021 value
    assert r.loc["jawa-barat", "role"] == "province" and pd.isna(r.loc["jawa-barat", "rank"])
    a = change_table(fx, "m-lower", 2021, 2023, "kota-bekasi", basis="absolute").set_index("entity_id")
    assert a.loc["kota-bekasi", "change"] == -10 and a.loc["kota-bekasi", "rank"] == 1
    assert a.loc["kota-depok", "rank"] == 2
    assert "rank 1 of 5" in describe_change(t) and "largest fall" in describe_change(t)
    with pytest.raises(ValueError):
        change_table(fx, "m-lower", 2023, 2021, "kota-bekasi")


def test_change_neutral_is_growth_not_better(fx):
    t = change_table(fx, "m-neutral", 2021, 2023, "kota-bekasi")
    r = t.set_index("entity_id")
    # growth: bekasi +50 %, bogor +100 %, kab-bekasi 0 %, kab-bogor 0 % → bogor first
    assert r.loc["kota-bogor", "rank"] == 1 and r.loc["kota-bekasi", "rank"] == 2
    text = describe_change(t)
    assert "highest growth" in text and "better" not in text and "worse" not in text


def test_focal_missing_change(fx):
    t = change_table(fx, "m-lower", 2021, 2023, "kab-garut")
    assert "no value for both years" in describe_change(t)


def test_level_comparison(fx):
    rows = level_comparison(fx, "m-lower", 2023, "kota-bekasi")
    assert rows["entity_id"].tolist() == ["kota-bekasi", "jawa-barat", "indonesia"]
    assert rows["focal_gap"].tolist()[1:] == [-90, -990]
    assert rows["reading"].tolist()[1:] == ["better", "better"]
    rows = level_comparison(fx, "m-higher", 2023, "kota-bekasi")
    assert rows.set_index("entity_id").loc["indonesia", "reading"] == "worse"  # 10 < 12


def test_printed_rank_and_matrix(fx):
    pr = printed_rank(fx, "m-higher", 2023, "kota-bekasi")
    assert pr["rank"] == 3 and pr["n_assessed"] == 4
    assert pr["percentile"] == pytest.approx(100 * (4 - 3 + 1) / 4)
    assert printed_rank(fx, "m-higher", 2023, "kota-bogor")["rank"] is None
    m = rank_matrix(fx, [("m-lower", 2023, "value"), ("m-higher", 2023, "value")], "kota-bekasi")
    assert m.index[0] == "Kota Bekasi"
    assert m.loc["Kota Bekasi", "m-lower 2023"] == 4 and m.loc["Kota Bekasi", "m-higher 2023"] == 1
    assert pd.isna(m.loc["Kabupaten Garut", "m-higher 2023"])


def test_errors_name_valid_choices(fx):
    with pytest.raises(ParameterError, match="valid choices"):
        benchmark_position(fx, "m-lower", 2023, "jawa-barat")
    with pytest.raises(ParameterError, match="valid choices: all, kota, kabupaten, neighbours"):
        benchmark_position(fx, "m-lower", 2023, "kota-bekasi", "tetangga")
    with pytest.raises(ParameterError, match="2021 value, 2023 value"):
        benchmark_position(fx, "m-lower", 2022, "kota-bekasi")
    with pytest.raises(ParameterError, match="regional indicators"):
        benchmark_position(fx, "nope", 2023, "kota-bekasi")
    with pytest.raises(ParameterError, match="not kabupaten/kota"):
        resolve_peers(fx, ["kota-bogor", "jawa-barat"], "kota-bekasi")


def test_neighbours_registry(ds):
    assert set(neighbours(ds, "kota-bekasi")) == {"kab-bekasi", "kota-bogor", "kab-bogor", "kota-depok"}
    groups = region_groups(ds)
    assert list(groups) == ["bodebek", "bandung-raya", "ciayumajakuning", "priangan-timur", "sukabumi-cianjur",
                            "purwasuka"]
    members = [m for ms in groups.values() for m in ms]
    west = ds.entities[ds.entities["level"].isin(["kota", "kabupaten"]) & (ds.entities["parent_id"] == "jawa-barat")]
    assert sorted(members) == sorted(west["entity_id"]) and len(members) == 27  # each one in exactly one group
    with pytest.raises(ParameterError, match="no neighbours"):
        neighbours(ds, "jawa-barat")


def test_neighbours_without_groups_in_the_data(data_copy):
    """A data folder whose region_groups.csv has no rows: 'neighbours' is refused with the reason."""
    (data_copy / "region_groups.csv").write_text("group_id,entity_id\n", encoding="utf-8")
    copy = load_dataset(data_copy)
    assert region_groups(copy) == {}
    with pytest.raises(ParameterError, match="the data hold no neighbour groups .region_groups.csv has no rows."):
        check_benchmark_parameters(copy, {"entity": "kota-bekasi", "focal_region": "", "peer_group": "neighbours"})
    check_benchmark_parameters(copy, {"entity": "kota-bekasi", "focal_region": "", "peer_group": "all"})


def test_region_groups_are_validated_on_load(data_copy):
    """A member that is not in the entity registry stops loading with file, row and column."""
    with (data_copy / "region_groups.csv").open("a", encoding="utf-8") as fh:
        fh.write("bodebek,kota-atlantis\n")
    with pytest.raises(DataValidationError) as exc:
        load_dataset(data_copy)
    assert "region_groups.csv, row 28 (line 29), column 'entity_id'" in str(exc.value)
    assert "kota-atlantis" in str(exc.value)


def test_region_group_member_must_be_a_kabupaten_or_kota(data_copy):
    with (data_copy / "region_groups.csv").open("a", encoding="utf-8") as fh:
        fh.write("bodebek,jawa-barat\n")
    with pytest.raises(ParameterError, match="region_groups.csv, row 28 .line 29., column 'entity_id': 'jawa-barat'"):
        region_groups(load_dataset(data_copy))


def test_check_parameters(fx):
    check_benchmark_parameters(fx, {"entity": "kota-bekasi", "focal_region": "", "peer_group": "all"})
    check_benchmark_parameters(fx, {"entity": "kota-bekasi", "focal_region": "kota-bogor", "peer_group": "kota"})
    with pytest.raises(ParameterError, match="entity .*focal_region is empty"):
        check_benchmark_parameters(fx, {"entity": "disdukcapil-kota-bekasi", "focal_region": "", "peer_group": "all"})
    with pytest.raises(ParameterError, match="focal_region 'kota-atlantis'.*valid choices"):
        check_benchmark_parameters(fx, {"entity": "kota-bekasi", "focal_region": "kota-atlantis", "peer_group": "all"})
    with pytest.raises(ParameterError, match="peer_group"):
        check_benchmark_parameters(fx, {"entity": "kota-bekasi", "focal_region": "", "peer_group": "tetangga"})


def test_other_province_not_a_level_peer(fx):
    # Kota Cilegon (Banten) has the lowest m-lower value (1) but is no peer of a West Java region
    assert peer_members(fx, "kota", "kota-bekasi") == ("kota-bogor", "kota-depok", "kota-cimahi")
    assert "kota-cilegon" not in peer_members(fx, "all", "kota-bekasi")
    p = benchmark_position(fx, "m-lower", 2023, "kota-bekasi", "kota")
    assert (p.rank, p.n_ranked) == (3, 3)  # 8, 8, 10: Cilegon's 1 would make it 4 of 4
    t = benchmark_table(fx, "m-lower", 2023, "kota-bekasi", "all").set_index("entity_id")
    assert t.loc["kota-cilegon", "role"] == "other region" and pd.isna(t.loc["kota-cilegon", "rank"])
    # named in an explicit list it is ranked: 1 < 10 → Bekasi 2nd of 2
    c = benchmark_position(fx, "m-lower", 2023, "kota-bekasi", ["kota-cilegon"])
    assert (c.rank, c.n_ranked) == (2, 2)
    # Cilegon's own level group is Banten's kota: none besides itself, so it is refused as a focal
    # region of a level group (it would rank "1 of 1"), with the reason and what to choose instead
    assert peer_members(fx, "all", "kota-cilegon") == ()
    for call in (lambda: benchmark_position(fx, "m-lower", 2023, "kota-cilegon", "all"),
                 lambda: benchmark_table(fx, "m-lower", 2023, "kota-cilegon", "kota"),
                 lambda: check_benchmark_parameters(fx, {"entity": "kota-bekasi", "focal_region": "kota-cilegon",
                                                         "peer_group": "all"})):
        with pytest.raises(ParameterError, match="outside the peer group .*1 of 1.*choose a region of") as refused:
            call()
        # whatever language is current, the error reads in either (a skip reason keeps both)
        assert "berada di luar kelompok pembanding" in refused.value.in_language("id")
    from lkip_helpers.benchmarks import outside_peer_group
    from lkip_helpers.data import i18n

    i18n.set_language("id")
    try:
        made_in_indonesian = outside_peer_group(fx, "kota-cilegon", "all")
    finally:
        i18n.set_language("en")
    assert str(made_in_indonesian).startswith("focal region 'kota-cilegon'")  # what lkip prints
    # named peers are the analyst's choice: still allowed
    assert benchmark_position(fx, "m-lower", 2023, "kota-cilegon", ["kota-bekasi"]).n_ranked == 2


def test_missing_peers_are_named(fx):
    # kota peers of Kota Bekasi: Bogor 8, Depok 8, Cimahi (no value) → Cimahi named, not ranked
    p = benchmark_position(fx, "m-lower", 2023, "kota-bekasi", "kota")
    assert p.missing_peers == ("kota-cimahi",) and p.missing_peer_names == ("Kota Cimahi",)
    assert "1 of the 3 peers is not in Tabel m-lower (not ranked): Kota Cimahi" in p.sentence
    # rank bounds: 3 of 3 ranked; Cimahi could be better or worse: 3 to 4 of 4
    assert (p.rank, p.n_ranked) == (3, 3) and (p.rank_best, p.rank_worst, p.n_possible) == (3, 4, 4)
    assert "with the 1 missing peer it could rank 3 to 4 of 4" in p.sentence
    row = position_summary([p]).iloc[0]
    assert row["rank"] == "3/3 (3–4/4)"
    # neighbours on m-higher: Kabupaten Bogor has no value
    nb = benchmark_position(fx, "m-higher", 2023, "kota-bekasi", "neighbours")
    assert nb.missing_peers == ("kab-bogor",) and (nb.rank, nb.n_ranked) == (1, 4)
    assert (nb.rank_best, nb.rank_worst, nb.n_possible) == (1, 2, 5)
    full = benchmark_position(fx, "m-lower", 2023, "kota-bekasi", "neighbours")
    assert full.missing_peers == () and "not in" not in full.sentence
    assert full.rank_best == full.rank_worst == full.rank and "could rank" not in full.sentence
    # the focal region itself missing: the missing peers are still named
    g = benchmark_position(fx, "m-higher", 2023, "kab-garut", "kabupaten")
    assert not g.in_table and g.missing_peers == ("kab-bogor",) and "Kabupaten Bogor" in g.sentence


def test_totals_have_a_share_and_no_gap(fx):
    # PAD realisasi, all (West Java only): 29, 27 (Bekasi), 15, 13 → rank 2 of 4; province 150
    p = benchmark_position(fx, "pad", 2023, "kota-bekasi", "all", measure="realisasi")
    assert (p.rank, p.n_ranked, p.n_reference) == (2, 4, 3)
    assert p.province_value == 150 and p.gap_to_province is None and p.gap_to_nation is None
    assert p.share_of_province == pytest.approx(27 / 150 * 100)  # 18 %
    assert p.peer_median == 15 and p.gap_to_median == 12
    assert p.robust_z is None and p.z_note == "robust z not computed: 3 other regions ranked (needs at least 5)"
    assert "18.00% of the province total" in p.sentence and "than the province" not in p.sentence
    # not a total: the gap is kept (m-higher 10 vs province 9)
    assert benchmark_position(fx, "m-higher", 2023, "kota-bekasi").gap_to_province == pytest.approx(1.0)
    s = position_summary([p, benchmark_position(fx, "m-lower", 2023, "kota-bekasi", "all")]).set_index("metric")
    assert s.loc["Pendapatan Asli Daerah", "gap to province"] == "—"
    assert s.loc["Pendapatan Asli Daerah", "share of province %"] == "18.00"
    assert s.loc["Pendapatan Asli Daerah", "robust z"] == "— (n=3)"
    assert s.loc["Pendapatan Asli Daerah", "peers not in table"] == 3  # kab-bogor, kab-garut, kota-cimahi
    assert s.loc["Lower metric", "gap to province"] == "-90.00"  # 10 − 100
    assert s.loc["Lower metric", "share of province %"] == "—"
    assert s.loc["Lower metric", "robust z"] == f"{2 / (1.4826 * 3):.2f}"  # 5 others: defined
    assert s.loc["Lower metric", "peers not in table"] == 1  # Kota Cimahi


def test_printed_rank_check_hand_computed(fx):
    check = printed_rank_check(fx, "pad", 2023, "kota-bekasi")
    r = check.set_index("measure")
    # among the table's 5 regions, Cilegon included: realisasi 29, 27, 15, 13, 7 → 2; target 30 first → 1
    assert r.loc["realisasi", ["n", "rank", "printed_rank", "matches"]].tolist() == [5, 2, 2, True]
    assert r.loc["target", ["n", "rank", "matches"]].tolist() == [5, 1, False]
    assert check.attrs["discrepancies"] == ("d-pad",)
    text = describe_printed_rank_check(check)
    assert "Printed rank of Kota Bekasi: ke-2 of 5 (Text PAD)" in text
    assert "by realisasi 2 = 2 (matches); by target 1 ≠ 2 (does not match)" in text
    assert "holds for realisasi but not for target (Kota Bekasi ranks 1 by target)" in text
    assert "d-pad" in text and "d-other" not in text
    assert describe_printed_rank_check(printed_rank_check(fx, "pad", 2023, "kota-bogor")) == (
        "The report prints no rank for Kota Bogor."
    )
    # m-higher: printed 3 of 4 and the table has 4 regions: 10 is the best → 1 ≠ 3
    m = printed_rank_check(fx, "m-higher", 2023, "kota-bekasi")
    assert m["measure"].tolist() == ["value"] and m["rank"].tolist() == [1] and m["matches"].tolist() == [False]
    assert "no discrepancy is recorded" in describe_printed_rank_check(m)


def test_coverage_counts_only_slices_with_regions(fx):
    # slices listing kab/kota: m-lower 2021/2023, m-higher value/rank, m-neutral 2021/2023, opini 2022,
    # pad target/realisasi/rank = 10; m-prov (province only) is not counted
    text = describe_coverage(coverage(fx, "kota-bekasi"), "Kota Bekasi")
    assert text.startswith("Kota Bekasi appears in 10 of 10 table slices")
    assert "1 further slice lists only the province or the nation and is not counted: Provincial average" in text
    # Garut: only m-lower 2023
    assert describe_coverage(coverage(fx, "kab-garut"), "Kabupaten Garut").startswith(
        "Kabupaten Garut appears in 1 of 10 table slices"
    )


def test_ipg_years_on_the_city_row(fx):
    tables = dict(fx.tables)
    tables["indicators"] = pd.concat(
        [
            fx.indicators,
            pd.DataFrame(
                [("city-ipg", "Indeks Pembangunan Gender", "nilai", "higher_is_better", "kota-bekasi")],
                columns=["indicator_id", "name", "unit", "polarity", "entity_id"],
            ),
        ],
        ignore_index=True,
    )
    tables["indicator_values"] = pd.DataFrame(
        [("kota-bekasi", "city-ipg", 2023, "annual", "realisasi", 90.0, "90,00", "doc", "Tabel X")],
        columns=["entity_id", "indicator_id", "year", "period", "measure", "value", "value_text", "document_id", "source_ref"],
    )
    tables["stats-ipg-comparison"] = pd.DataFrame(
        [
            ("Text", "gap province", "lebih tinggi", "ipg_gap_points", 2022, "jawa-barat", 2.5, "2,5"),
            ("Text", "gap nation", "lebih rendah", "ipg_gap_points", 2022, "indonesia", 1.0, "1,0"),
        ],
        columns=["source_ref", "category", "subcategory", "variable", "year", "entity_id", "value", "value_text"],
    )
    d = fx.tables["discrepancies"]
    extra = pd.DataFrame(
        [("d-ipg", "doc", "Text", "Tabel X realisasi 2023", "indicator_values", "90,00", "90,00 (2022)", "other",
          "value of 2022")],
        columns=d.columns,
    )
    tables["discrepancies"] = pd.concat([d, extra], ignore_index=True)
    ds = Dataset(data_dir=Path("."), descriptor={}, tables=tables)
    t = ipg_comparison(ds, "kota-bekasi", 2023)
    r = t.set_index("entity_id")
    assert r.loc["jawa-barat", "value"] == pytest.approx(87.5)  # 90 − 2.5 ("lebih tinggi")
    assert r.loc["indonesia", "value"] == pytest.approx(91.0)  # 90 + 1.0 ("lebih rendah")
    assert r["year"].tolist() == [2023, 2022, 2022]
    assert r.loc["kota-bekasi", "note"] == "discrepancy d-ipg: value of 2022"
    text = describe_ipg_years(t, "Kota Bekasi")
    assert "IPG 90,00 is filed as the realisasi of 2023" in text and "printed for 2022" in text
    assert "d-ipg: value of 2022" in text
    same = t.assign(year=2022)
    assert describe_ipg_years(same, "Kota Bekasi") == "All IPG values refer to 2022."


# --------------------------------------------------------------------------------------------------
# the real tables
# --------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def rb_csv() -> pd.DataFrame:
    rb = pd.read_csv(PROJECT_ROOT / "data" / "regional_benchmarks.csv")
    e = pd.read_csv(PROJECT_ROOT / "data" / "entities.csv")
    return rb.merge(e[["entity_id", "level"]], on="entity_id")


def test_poverty_rank_matches_pandas(ds, rb_csv):
    d = rb_csv[(rb_csv["indicator_id"] == "jumlah-penduduk-miskin") & (rb_csv["year"] == 2023)]
    d = d[d["level"].isin(["kota", "kabupaten"])]
    mine = d.loc[d["entity_id"] == "kota-bekasi", "value"].iloc[0]
    expected_rank = 1 + (d["value"] < mine).sum()  # fewer poor people ranks better
    p = benchmark_position(ds, "jumlah-penduduk-miskin", 2023, "kota-bekasi", "all")
    assert p.rank == expected_rank and p.n_ranked == len(d)
    assert p.percentile == pytest.approx(100 * (d["value"] >= mine).sum() / len(d))
    others = d.loc[d["entity_id"] != "kota-bekasi", "value"]
    assert p.peer_median == pytest.approx(others.median())
    prov = rb_csv[(rb_csv["indicator_id"] == "jumlah-penduduk-miskin") & (rb_csv["year"] == 2023)]
    prov = prov.loc[prov["entity_id"] == "jawa-barat", "value"].iloc[0]
    assert p.gap_to_province is None  # a total: the province value is a sum, no gap to it
    assert p.share_of_province == pytest.approx(100 * mine / prov)
    kota = d[d["level"] == "kota"]
    pk = benchmark_position(ds, "jumlah-penduduk-miskin", 2023, "kota-bekasi", "kota")
    assert pk.rank == 1 + (kota["value"] < mine).sum() and pk.n_ranked == len(kota)


def test_pad_rank_against_printed_rank(ds):
    # the report: "PAD Kota Bekasi berada pada urutan ke-2 dari target PAD dan realisasi PAD"
    printed = printed_rank(ds, "pad", 2023, "kota-bekasi")
    assert printed["rank"] == 2 and printed["n_assessed"] == 5  # the five governments of Tabel 3.7
    # realisasi (Tabel 3.7): Kab. Bekasi 2,81 T > Kota Bekasi 2,7 T > Depok 1,44 T ... → 2nd, as printed
    assert benchmark_position(ds, "pad", 2023, "kota-bekasi", measure="realisasi").rank == printed["rank"]
    # target: Kota Bekasi 2,9 T is above Kab. Bekasi 2,86 T → 1st, so "ke-2" holds for realisasi only
    assert benchmark_position(ds, "pad", 2023, "kota-bekasi", measure="target").rank == 1
    check = printed_rank_check(ds, "pad", 2023, "kota-bekasi").set_index("measure")
    assert check.loc["realisasi", ["n", "rank", "matches"]].tolist() == [5, 2, True]
    assert check.loc["target", ["n", "rank", "matches"]].tolist() == [5, 1, False]
    disc = pd.read_csv(PROJECT_ROOT / "data" / "discrepancies.csv")
    recorded = disc.loc[
        (disc["resource"] == "regional_benchmarks") & (disc["source_ref"] == printed["source_ref"]), "discrepancy_id"
    ]
    assert list(recorded) == ["city-b-013"]
    text = describe_printed_rank_check(printed_rank_check(ds, "pad", 2023, "kota-bekasi"))
    assert "by realisasi 2 = 2 (matches)" in text and "by target 1 ≠ 2 (does not match)" in text
    assert "holds for realisasi but not for target (Kota Bekasi ranks 1 by target)" in text
    assert "city-b-013" in text


def test_pad_excludes_banten_and_has_no_z(ds, rb_csv):
    # Tabel 3.7 also prints Kota Cilegon (Banten): not a peer of a West Java region in "all"
    e = pd.read_csv(PROJECT_ROOT / "data" / "entities.csv").set_index("entity_id")
    d = rb_csv[(rb_csv["indicator_id"] == "pad") & (rb_csv["measure"] == "target")]
    d = d[d["level"].isin(["kota", "kabupaten"])]
    west_java = d[d["entity_id"].map(e["parent_id"]) == "jawa-barat"]
    assert len(d) == 5 and len(west_java) == 4
    p = benchmark_position(ds, "pad", 2023, "kota-bekasi", "all", measure="target")
    assert p.n_ranked == len(west_java) and p.n_reference == 3
    assert p.robust_z is None and "3 other regions ranked (needs at least 5)" in p.z_note
    t = benchmark_table(ds, "pad", 2023, "kota-bekasi", "all", measure="target").set_index("entity_id")
    assert pd.isna(t.loc["kota-cilegon", "rank"]) and t.loc["kota-cilegon", "role"] == "other region"


def test_eppd_printed_rank(ds):
    pr = printed_rank(ds, "eppd", 2023, "kota-bekasi")
    assert pr["rank"] == 17 and pr["n_assessed"] == 27  # "ke-17" of 27 kabupaten/kota


def test_poverty_change_matches_pandas(ds, rb_csv):
    d = rb_csv[(rb_csv["indicator_id"] == "jumlah-penduduk-miskin") & rb_csv["level"].isin(["kota", "kabupaten"])]
    w = d.pivot_table(index="entity_id", columns="year", values="value")
    pct = (w[2023] / w[2021] - 1) * 100
    expected = 1 + (pct < pct["kota-bekasi"]).sum()
    t = change_table(ds, "jumlah-penduduk-miskin", 2021, 2023, "kota-bekasi")
    row = t[t["is_focal"]].iloc[0]
    assert row["pct_change"] == pytest.approx(pct["kota-bekasi"])
    assert row["rank"] == expected


def test_opini_distribution_matches_csv(ds, rb_csv):
    d = rb_csv[(rb_csv["indicator_id"] == "opini-bpk") & (rb_csv["year"] == 2022)]
    d = d[d["level"].isin(["kota", "kabupaten"])]
    c = categorical_position(ds, "opini-bpk", 2022, "kota-bekasi")
    assert c.value_text == d.loc[d["entity_id"] == "kota-bekasi", "value_text"].iloc[0]
    assert c.n_peers == len(d)
    assert c.n_same_base == d["value_text"].str.startswith(c.base).sum()


def test_ipg_values_derived_from_printed_gaps(ds):
    table = ipg_comparison(ds, "kota-bekasi", 2023)
    t = table.set_index("entity_id")
    # report text: IPG 93,49, 3,69 points above Jawa Barat and 1,86 above the national IPG
    assert t.loc["kota-bekasi", "value"] == pytest.approx(93.49)
    assert t.loc["jawa-barat", "value"] == pytest.approx(93.49 - 3.69)
    assert t.loc["indonesia", "value"] == pytest.approx(93.49 - 1.86)
    # the city's figure is filed as the 2023 realisasi (Tabel 3.1); the gaps are printed for 2022
    assert t.loc["kota-bekasi", "year"] == 2023
    assert t.loc["jawa-barat", "year"] == 2022 and t.loc["indonesia", "year"] == 2022
    assert "city-d-013" in t.loc["kota-bekasi", "note"]  # the text says the 93,49 is the 2022 IPG
    text = describe_ipg_years(table, "Kota Bekasi")
    assert "filed as the realisasi of 2023" in text and "printed for 2022" in text and "city-d-013" in text
    assert ipg_comparison(ds, "kota-bogor", 2023).empty


def test_missing_region_in_real_table(ds):
    p = benchmark_position(ds, "jumlah-penduduk-miskin", 2023, "kota-depok")
    assert not p.in_table and "Tabel 3.13" in p.sentence
    p = benchmark_position(ds, "pad", 2023, "kota-depok", measure="realisasi")
    assert p.in_table


def test_totals_get_a_share_not_a_judgement(ds, rb_csv):
    p = benchmark_position(ds, "jumlah-penduduk-miskin", 2023, "kota-bekasi")
    d = rb_csv[(rb_csv["indicator_id"] == "jumlah-penduduk-miskin") & (rb_csv["year"] == 2023)].set_index("entity_id")
    assert p.share_of_province == pytest.approx(d.loc["kota-bekasi", "value"] / d.loc["jawa-barat", "value"] * 100)
    assert "than the province" not in p.sentence and "% of the province total" in p.sentence
    g = benchmark_position(ds, "garis-kemiskinan", 2023, "kota-bekasi")  # not a total: compared
    assert g.share_of_province is None and "above the province" in g.sentence


def test_missing_peers_named_in_real_tables(ds, rb_csv):
    e = pd.read_csv(PROJECT_ROOT / "data" / "entities.csv")
    pov = rb_csv[(rb_csv["indicator_id"] == "jumlah-penduduk-miskin") & (rb_csv["year"] == 2023)]
    in_table = set(pov["entity_id"])
    names = e.set_index("entity_id")["name"]
    # neighbours of Kota Bekasi: Kota Depok is not in Tabel 3.13
    nb = benchmark_position(ds, "jumlah-penduduk-miskin", 2023, "kota-bekasi", "neighbours")
    expected = [m for m in ("kab-bekasi", "kota-bogor", "kab-bogor", "kota-depok") if m not in in_table]
    assert expected == ["kota-depok"]
    assert list(nb.missing_peers) == expected and nb.missing_peer_names == ("Kota Depok",)
    assert (nb.rank, nb.n_ranked) == (2, 4) and "Kota Depok" in nb.sentence
    # kota: every West Java kota of the registry without a 2023 value
    kota = e[(e["level"] == "kota") & (e["parent_id"] == "jawa-barat") & (e["entity_id"] != "kota-bekasi")]
    missing = [k for k in kota["entity_id"] if k not in in_table]
    p = benchmark_position(ds, "jumlah-penduduk-miskin", 2023, "kota-bekasi", "kota")
    assert sorted(p.missing_peers) == sorted(missing) and len(missing) == 4
    assert p.n_ranked == len(kota) - len(missing) + 1
    assert f"{len(missing)} of the {len(kota)} peers are not in Tabel 3.13" in p.sentence
    assert all(names[m] in p.sentence for m in missing)


def test_real_coverage_counts_only_kab_kota_slices(ds, rb_csv):
    g = rb_csv.groupby(["indicator_id", "year", "measure"])
    slices = g["level"].apply(lambda lv: lv.isin(["kota", "kabupaten"]).any())
    focal_in = g["entity_id"].apply(lambda ids: "kota-bekasi" in set(ids))
    n_regional, n_in = int(slices.sum()), int((focal_in & slices).sum())
    text = describe_coverage(coverage(ds, "kota-bekasi"), "Kota Bekasi")
    assert text.startswith(f"Kota Bekasi appears in {n_in} of {n_regional} table slices")
    assert f"{len(slices) - n_regional} further slices list only the province or the nation" in text


def test_iku_against_the_printed_provincial_average(ds):
    from lkip_helpers.benchmarks import describe_iku_against_average, iku_against_average

    iv, rb = ds.tables["indicator_values"], ds.tables["regional_benchmarks"]
    mine = iv[(iv["entity_id"] == "kota-bekasi") & (iv["indicator_id"] == "kota-akip") & (iv["year"] == 2023)
              & (iv["measure"] == "realisasi")].iloc[0]
    avg = rb[(rb["entity_id"] == "jawa-barat") & (rb["indicator_id"] == "akip-rata-rata-kabupaten-kota")
             & (rb["year"] == 2023)].iloc[0]
    assert (mine["value_text"], avg["value_text"]) == ("67,10", "69,41")  # as printed in the LKIP
    out = iku_against_average(ds, "kota-bekasi", "kota-akip", "akip-rata-rata-kabupaten-kota", 2023)
    assert list(out["what"]) == ["focal", "average"]
    assert out.loc[1, "focal_gap"] == pytest.approx(mine["value"] - avg["value"]) and out.loc[1, "focal_gap"] < 0
    assert out.loc[1, "reading"] == "worse"  # AKIP is higher-is-better
    sentence = describe_iku_against_average(out, 2023)
    assert "Kota Bekasi 2023: 67,10 (Tabel 3.1), 2.31 points below" in sentence and "69,41" in sentence
    # no average printed for 2022; no AKIP IKU for another region
    for focal, year in (("kota-bekasi", 2022), ("kota-bogor", 2023)):
        empty = iku_against_average(ds, focal, "kota-akip", "akip-rata-rata-kabupaten-kota", year)
        assert empty.empty and "Nothing to compare" in describe_iku_against_average(empty, year)
    with pytest.raises(ValueError, match="unknown indicator_id 'akip-x'"):
        iku_against_average(ds, "kota-bekasi", "kota-akip", "akip-x", 2023)
    with pytest.raises(ValueError, match="not comparable"):
        iku_against_average(ds, "kota-bekasi", "kota-akip", "jumlah-penduduk-miskin", 2023)
    with pytest.raises(ParameterError, match="not a kabupaten/kota"):
        iku_against_average(ds, "jawa-barat", "kota-akip", "akip-rata-rata-kabupaten-kota", 2023)


def test_tabel_3_12_whole_and_the_provincial_total_its_shares_imply(ds):
    from lkip_helpers.benchmarks import describe_implied_totals, implied_totals, printed_table

    table = printed_table(ds, "Tabel 3.12", 2023)
    assert list(table["entity_id"]) == ["kota-bekasi", "kab-bandung"]
    assert table.set_index("entity_id").loc["kota-bekasi", "jumlah-lkpm"] == "12.389"
    assert table.set_index("entity_id").loc["kab-bandung", "jumlah-tenaga-kerja-investasi"] == "10.251"
    with pytest.raises(ParameterError, match="no regional figure of 'Tabel 9.99' for 2023"):
        printed_table(ds, "Tabel 9.99", 2023)

    out = implied_totals(ds, "nilai-investasi", "kontribusi-investasi-provinsi", 2023).set_index("entity_id")
    bekasi, bandung = out.loc["kota-bekasi"], out.loc["kab-bandung"]
    assert bekasi["implied_total"] == pytest.approx(12_378_837_008_972 / 5.88 * 100)
    # the shares are printed to 2 decimals: 5,88 stands for 5,875 .. 5,885
    assert (bekasi["low"], bekasi["high"]) == pytest.approx((12_378_837_008_972 / 5.885 * 100, 12_378_837_008_972 / 5.875 * 100))
    assert bandung["implied_total"] == pytest.approx(8_112_485_494_165 / 3.85 * 100)
    assert bool(out["consistent"].all()) and max(out["low"]) <= min(out["high"])
    text = describe_implied_totals(out.reset_index())
    assert "Kota Bekasi: 12.378.837.008.972,- / 5,88 % × 100 = 210.52 T" in text and "ranges overlap" in text


def test_implied_totals_flag_shares_that_disagree(fx):
    from lkip_helpers.benchmarks import describe_implied_totals, implied_totals

    # a hand-made table: 10 is 10 % of 100, 30 is 20 % of 150 — not one total
    rb = pd.DataFrame([
        ("kota-bogor", "amount", 2023, "value", 10.0, "10", "T"), ("kota-bogor", "share", 2023, "value", 10.0, "10,00", "T"),
        ("kota-depok", "amount", 2023, "value", 30.0, "30", "T"), ("kota-depok", "share", 2023, "value", 20.0, "20,00", "T"),
    ], columns=["entity_id", "indicator_id", "year", "measure", "value", "value_text", "source_ref"])
    tables = dict(fx.tables)
    tables["regional_benchmarks"] = rb
    extra = pd.DataFrame({"indicator_id": ["amount", "share"], "name": ["amount", "share"], "unit": ["rupiah", "%"],
                          "polarity": "higher_is_better", "entity_id": None})
    tables["indicators"] = pd.concat([tables["indicators"], extra], ignore_index=True)
    ds2 = Dataset(data_dir=Path("."), descriptor={}, tables=tables)
    out = implied_totals(ds2, "amount", "share", 2023)
    assert list(out["implied_total"]) == pytest.approx([100.0, 150.0]) and not out["consistent"].any()
    assert "do not overlap" in describe_implied_totals(out)
    assert "Only one region" in describe_implied_totals(out.iloc[:1])


def test_sentences_in_bahasa_indonesia(ds, monkeypatch):
    """The same sentences in the default language of the reports, numbers in its notation."""
    monkeypatch.setattr(i18n, "_language", "id")
    cov = coverage(ds, "kota-bekasi")
    regional = cov[cov["n_regions"] > 0]
    text = describe_coverage(cov, "Kota Bekasi")
    assert text.startswith(f"Kota Bekasi termuat dalam {int(regional['focal_in_table'].sum())} dari {len(regional)} "
                           "bagian tabel") and "appears in" not in text
    change = change_table(ds, "jumlah-penduduk-miskin", 2021, 2023, "kota-bekasi", "all")
    row = change[change["is_focal"]].iloc[0]
    sentence = describe_change(change)
    assert f"{row['pct_change']:+.2f}".replace(".", ",") + "%" in sentence
    assert "peringkat" in sentence and "penurunan terbesar" in sentence and "rank" not in sentence
