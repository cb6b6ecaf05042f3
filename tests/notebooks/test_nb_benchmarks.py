"""Execute notebooks 04 (regional benchmarks) and 05 (unit performance) with valid and invalid
parameters; check the key numbers they show against values computed here from the CSVs."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from conftest import NOTEBOOKS, error_of, output_text, run_notebook, tagged_outputs
from lkip_helpers.data.paths import PROJECT_ROOT

DATA = PROJECT_ROOT / "data"
NB04 = "04_regional_benchmarks"
NB05 = "05_unit_performance"


def all_text(nb) -> str:
    """Every stream and text/plain output of an executed notebook."""
    return output_text(nb)


def summary_line(text: str, label: str) -> str:
    lines = [ln for ln in text.splitlines() if label in ln]
    assert lines, f"no summary line for {label!r} in:\n{text}"
    return lines[0]


@pytest.fixture(scope="module")
def regional() -> pd.DataFrame:
    rb = pd.read_csv(DATA / "regional_benchmarks.csv")
    e = pd.read_csv(DATA / "entities.csv")
    return rb.merge(e[["entity_id", "name", "level", "parent_id"]], on="entity_id")


def poverty_rank(regional: pd.DataFrame, focal: str, members: list[str] | None = None, level: str | None = None):
    """Rank (competition, fewer poor people first) and n of ``focal`` among kab/kota in 2023."""
    d = regional[(regional["indicator_id"] == "jumlah-penduduk-miskin") & (regional["year"] == 2023)]
    d = d[d["level"].isin(["kota", "kabupaten"]) & (d["parent_id"] == "jawa-barat")]
    if members is not None:
        d = d[d["entity_id"].isin(members + [focal])]
    if level is not None:
        d = d[(d["level"] == level) | (d["entity_id"] == focal)]
    mine = d.loc[d["entity_id"] == focal, "value"].iloc[0]
    return 1 + int((d["value"] < mine).sum()), len(d)


# --------------------------------------------------------------------------------------------------
# 04 regional benchmarks
# --------------------------------------------------------------------------------------------------


def test_04_metadata():
    nb = json.loads((NOTEBOOKS / f"{NB04}.ipynb").read_text(encoding="utf-8"))
    assert nb["metadata"]["lkip"] == {"per": "entity", "applies_if": "lkip_helpers.benchmarks:check_benchmark_parameters"}
    assert nb["metadata"]["kernelspec"]["name"] == "python3"


def test_04_defaults(executed_notebook, regional):
    nb = executed_notebook(NB04, lang="en")
    summary = tagged_outputs(nb, "nbval-check-output")
    rank, n = poverty_rank(regional, "kota-bekasi")
    assert f" {rank}/{n} " in summary_line(summary, "Jumlah Penduduk Miskin")
    # poverty count is a total: no gap to the province, its share instead (3,33 % in the report's terms)
    pov = regional[(regional["indicator_id"] == "jumlah-penduduk-miskin") & (regional["year"] == 2023)]
    pov = pov.set_index("entity_id")["value"]
    share = 100 * pov["kota-bekasi"] / pov["jawa-barat"]
    cols = summary_line(summary, "Jumlah Penduduk Miskin").split()
    assert f"{share:.2f}" in cols and f"{pov['kota-bekasi'] - pov['jawa-barat']:,.2f}" not in cols
    assert cols[cols.index(f"{share:.2f}") - 1] == "—"  # the gap-to-province column
    # PAD realisasi among West Java's regions of Tabel 3.7 (Kota Cilegon, Banten, is not a peer)
    pad = regional[(regional["indicator_id"] == "pad") & (regional["measure"] == "realisasi")]
    pad = pad[pad["level"].isin(["kota", "kabupaten"])]
    west = pad[pad["parent_id"] == "jawa-barat"]
    mine = pad.loc[pad["entity_id"] == "kota-bekasi", "value"].iloc[0]
    expected = f" {1 + int((west['value'] > mine).sum())}/{len(west)} "
    assert expected == " 2/4 "
    line = summary_line(summary, "realisasi")
    assert expected in line and f"— (n={len(west) - 1})" in line  # too few others for a robust z
    text = all_text(nb)
    # the printed "urutan ke-2" refers to all five governments of Tabel 3.7: realisasi 2 of 5 matches,
    # target 1 of 5 does not (discrepancy city-b-013)
    target = regional[(regional["indicator_id"] == "pad") & (regional["measure"] == "target")]
    target = target[target["level"].isin(["kota", "kabupaten"])]
    t_rank = 1 + int((target["value"] > target.loc[target["entity_id"] == "kota-bekasi", "value"].iloc[0]).sum())
    r_rank = 1 + int((pad["value"] > mine).sum())
    assert f"by realisasi {r_rank} = 2 (matches); by target {t_rank} ≠ 2 (does not match)" in text
    assert "holds for realisasi but not for target" in text and "city-b-013" in text
    # coverage counts only slices that list kabupaten/kota
    rb = regional.groupby(["indicator_id", "year", "measure"])
    has_regions = rb["level"].apply(lambda lv: lv.isin(["kota", "kabupaten"]).any())
    assert f"Kota Bekasi appears in {int(has_regions.sum())} of {int(has_regions.sum())} table slices" in text
    # IPG: the city's figure is the realisasi filed for 2023; the gaps are printed for 2022
    assert "IPG 93,49 is filed as the realisasi of 2023" in text and "printed for 2022" in text
    assert "ke-17 of 27" in text  # EPPD printed rank
    # AKIP against the West Java average of kabupaten/kota quoted in Bab III
    iv = pd.read_csv(DATA / "indicator_values.csv")
    akip = iv[(iv["indicator_id"] == "kota-akip") & (iv["year"] == 2023) & (iv["measure"] == "realisasi")]["value"].iloc[0]
    average = regional[(regional["indicator_id"] == "akip-rata-rata-kabupaten-kota") & (regional["year"] == 2023)]["value"].iloc[0]
    assert f"Kota Bekasi 2023: 67,10 (Tabel 3.1), {average - akip:.2f} points below" in text and "69,41" in text
    # Tabel 3.12 whole, and the West Java total each region's investment and share imply
    t312 = regional[(regional["source_ref"] == "Tabel 3.12") & (regional["year"] == 2023)]
    for value_text in t312["value_text"]:
        assert value_text in text
    inv = t312[t312["indicator_id"] == "nilai-investasi"].set_index("entity_id")["value"]
    shr = t312[t312["indicator_id"] == "kontribusi-investasi-provinsi"].set_index("entity_id")["value"]
    for region in ("kota-bekasi", "kab-bandung"):
        assert f"× 100 = {inv[region] / shr[region] * 100 / 1e12:,.2f} T" in text
    assert "The ranges overlap: the printed shares agree with one provincial total." in text
    opini = regional[(regional["indicator_id"] == "opini-bpk") & (regional["year"] == 2022)]
    opini = opini[opini["level"].isin(["kota", "kabupaten"])]
    n_wdp = int(opini["value_text"].str.startswith("WDP").sum())
    assert f"WDP (2022); {n_wdp} of {len(opini)} regions" in text


def test_04_other_focal_region(executed_notebook, regional):
    nb = executed_notebook(NB04, focal_region="kota-bogor", lang="en")
    summary = tagged_outputs(nb, "nbval-check-output")
    rank, n = poverty_rank(regional, "kota-bogor")
    assert f" {rank}/{n} " in summary_line(summary, "Jumlah Penduduk Miskin")
    text = all_text(nb)
    assert "Focal region: Kota Bogor" in text
    assert "tpt 2023: Kota Bogor is not in this table" in text
    assert "Kota Bogor is not in Tabel 3.12" in text
    assert "No EPPD rank is printed for Kota Bogor" in text
    assert "The report prints no rank for Kota Bogor." in text
    assert "Kota Bogor has no AKIP IKU in the data." in text   # its own AKIP IKU, not the entity's


def test_04_markdown_is_not_written_for_one_city():
    nb = json.loads((NOTEBOOKS / f"{NB04}.ipynb").read_text(encoding="utf-8"))
    md = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown").lower()
    assert "the city" not in md
    # no report's tables, governments or provinces in the prose: the sections say them from the data
    for specific in ("tabel 3.", "kota bekasi", "jawa barat", "west java", "cilegon", "region_groups\n"):
        assert specific not in md, specific
    code = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    assert "absent_table_note" not in code and "jumlah-penduduk-miskin" not in code  # no guarded per-table cells


def test_04_region_missing_from_poverty_table(executed_notebook):
    nb = executed_notebook(NB04, focal_region="kota-depok", peer_group="kota", lang="en")
    summary = tagged_outputs(nb, "nbval-check-output")
    assert "not in table" in summary_line(summary, "Jumlah Penduduk Miskin")
    assert "Kota Depok is not in Tabel 3.13" in all_text(nb)


@pytest.mark.parametrize(
    ("peer_group", "members", "level"),
    [
        ("neighbours", ["kab-bekasi", "kota-bogor", "kab-bogor", "kota-depok"], None),
        ("kota", None, "kota"),
        ("kabupaten", None, "kabupaten"),
    ],
)
def test_04_peer_groups(executed_notebook, regional, peer_group, members, level):
    nb = executed_notebook(NB04, peer_group=peer_group, lang="en")
    summary = tagged_outputs(nb, "nbval-check-output")
    rank, n = poverty_rank(regional, "kota-bekasi", members, level)
    line = summary_line(summary, "Jumlah Penduduk Miskin")
    assert f" {rank}/{n} " in line and peer_group in line
    # the members of the group without a 2023 poverty count are counted in the summary and named
    e = pd.read_csv(DATA / "entities.csv")
    west = e[e["level"].isin(["kota", "kabupaten"]) & (e["parent_id"] == "jawa-barat")]
    group = members if members is not None else list(west.loc[west["level"] == level, "entity_id"])
    group = [m for m in group if m != "kota-bekasi"]
    pov = regional[(regional["indicator_id"] == "jumlah-penduduk-miskin") & (regional["year"] == 2023)]
    missing = [m for m in group if m not in set(pov["entity_id"])]
    assert line.split()[-1] == str(len(missing))
    names = e.set_index("entity_id")["name"]
    text = all_text(nb)
    if missing:
        verb = "is" if len(missing) == 1 else "are"
        expected = f"{len(missing)} of the {len(group)} peers {verb} not in Tabel 3.13 (not ranked): "
        assert expected + ", ".join(names[m] for m in missing) in text


def test_04_batch_parameters(executed_notebook, regional):
    """The batch passes only entity and year; focal_region then defaults to the entity."""
    nb = executed_notebook(NB04, entity="kota-bekasi", year=2023, lang="en")
    rank, n = poverty_rank(regional, "kota-bekasi")
    assert f" {rank}/{n} " in summary_line(tagged_outputs(nb, "nbval-check-output"), "Jumlah Penduduk Miskin")


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"focal_region": "kota-atlantis"}, "focal_region 'kota-atlantis' is not a kabupaten/kota"),
        ({"peer_group": "tetangga"}, "valid choices: all, kota, kabupaten, neighbours"),
        ({"focal_region": "kota-cilegon", "peer_group": "neighbours"}, "no neighbours are defined for 'kota-cilegon'"),
        # Kota Cilegon (Banten) is in Tabel 3.7 only: no West Java region is its peer, so it is refused
        # rather than ranked "1 of 1"
        ({"focal_region": "kota-cilegon"}, "'kota-cilegon' (Provinsi Banten) is outside the peer group 'all'"),
        ({"year": "abc"}, "parameter 'year' must be of type int"),
        ({"colour": "red"}, "unknown parameter(s) colour"),
        ({"entity": "disdukcapil-kota-bekasi", "year": 2024}, "valid choices: kab-"),
        ({"entity": "kota-narnia"}, "unknown entity 'kota-narnia'"),
    ],
)
def test_04_invalid_parameters(tmp_path, params, message):
    import papermill as pm

    with pytest.raises(pm.PapermillExecutionError) as exc:
        run_notebook(NB04, tmp_path, **{"lang": "en", **params})
    err = error_of(exc.value)
    assert err.startswith("ParameterError")
    assert message in err


# --------------------------------------------------------------------------------------------------
# 05 unit performance
# --------------------------------------------------------------------------------------------------


def test_05_metadata():
    nb = json.loads((NOTEBOOKS / f"{NB05}.ipynb").read_text(encoding="utf-8"))
    assert nb["metadata"]["lkip"] == {"per": "entity", "applies_if": "lkip_helpers.reports:check_unit_parameters"}


def test_05_defaults(executed_notebook):
    nb = executed_notebook(NB05)
    summary = tagged_outputs(nb, "nbval-check-output")
    us = pd.read_csv(DATA / "unit_scores.csv")
    akip = us[us["score_type"] == "akip"]
    ikm = us[us["score_type"] == "ikm"]
    # below Baik by hand: AKIP ≤ 60 (CC or lower), IKM < 76.61 (mutu C or D)
    akip_below = int((akip["value"] <= 60).sum())
    ikm_below = int((ikm["value"] < 76.61).sum())
    # printed AKIP predicates that disagree with the score's band: the recorded discrepancies
    disc = pd.read_csv(DATA / "discrepancies.csv")
    n_disc = int(((disc["kind"] == "predicate_mismatch") & (disc["source_ref"] == "Tabel 3.3")).sum())
    # row tokens: index, 3-word label, then units mean median min max below-Baik differs outliers
    # matched unmatched rho
    a = summary_line(summary, "AKIP (perangkat daerah)").split()[4:]
    i = summary_line(summary, "IKM (unit pelayanan)").split()[4:]
    assert a[:2] == [str(len(akip)), f"{akip['value'].mean():.2f}"]
    assert a[5] == str(akip_below) and a[6] == str(n_disc)
    assert i[0] == str(len(ikm)) and i[5] == str(ikm_below) and i[6] == "0"
    both = set(akip["unit_id"]) & set(ikm["unit_id"])
    assert a[8] == str(len(both)) and i[9] == str(len(set(ikm["unit_id"]) - both))
    text = all_text(nb)
    assert "Kecamatan Medan Satria" in text and "Kecamatan Medansatria" in text
    # the units per group, counted from the CSVs (the RSUD counted once)
    units = pd.read_csv(DATA / "units.csv").set_index("unit_id")["unit_type"]
    types = ikm["unit_id"].map(units)
    offices = int(types.isin(["sekretariat", "dinas", "badan", "inspektorat", "satpol_pp"]).sum())
    kec, rsud, pkm = (int((types == t).sum()) for t in ("kecamatan", "rsud", "puskesmas"))
    # (in Bahasa Indonesia, the default language of the reports)
    assert f"{len(ikm)} unit terdiri atas {offices} dinas/badan, {kec} kecamatan, {rsud} RSUD" in text
    assert f"dan {pkm} puskesmas" in text and offices + kec + rsud + pkm == len(ikm)
    assert f"{len(set(ikm['unit_id']) - both)} unit hanya dinilai dalam satu tabel" in text


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"entity": "disdukcapil-kota-bekasi", "year": 2024}, "entities with unit scores: kota-bekasi 2023"),
        ({"year": "abc"}, "parameter 'year' must be of type int"),
        ({"colour": "red"}, "unknown parameter(s) colour"),
        ({"entity": "kota-narnia"}, "unknown entity 'kota-narnia'"),
    ],
)
def test_05_invalid_parameters(tmp_path, params, message):
    import papermill as pm

    with pytest.raises(pm.PapermillExecutionError) as exc:
        run_notebook(NB05, tmp_path, **{"lang": "en", **params})
    err = error_of(exc.value)
    assert err.startswith("ParameterError")
    assert message in err


def test_04_says_counts_are_ranked_as_printed_without_population(executed_notebook):
    text = all_text(executed_notebook(NB04, lang="en"))
    assert "No population per region in the data for 2023" in text


def test_04_ranks_the_rate_beside_the_count_when_the_data_hold_population(tmp_path, data_copy, monkeypatch):
    """A copy of data/ with every region's population (fixture figures): the poverty count is also
    ranked per 100 inhabitants, and the rank shown is the one computed here."""
    import csv

    indicators = pd.read_csv(data_copy / "indicators.csv", dtype=str, keep_default_na=False)
    row = indicators[indicators["indicator_id"] == "jumlah-penduduk-miskin"].iloc[0].to_dict()
    row.update(indicator_id="jumlah-penduduk", name="Jumlah Penduduk", name_en="Population", unit="jiwa",
               polarity="neutral")
    with (data_copy / "indicators.csv").open("a", encoding="utf-8", newline="") as fh:
        csv.DictWriter(fh, fieldnames=list(indicators.columns), lineterminator="\n").writerow(row)
    rb = pd.read_csv(data_copy / "regional_benchmarks.csv")
    poor = rb[(rb["indicator_id"] == "jumlah-penduduk-miskin") & (rb["year"] == 2023)]
    population = {e: (10_000_000 if e == "kota-bekasi" else 2_000_000 + 50_000 * i)
                  for i, e in enumerate(poor["entity_id"])}
    with (data_copy / "regional_benchmarks.csv").open("a", encoding="utf-8", newline="") as fh:
        for entity, people in population.items():
            fh.write(f"{entity},jumlah-penduduk,2023,value,{people},{people},lkip-kota-bekasi-2023,fixture\n")
    monkeypatch.setenv("LKIP_DATA_DIR", str(data_copy))
    nb = run_notebook(NB04, tmp_path, lang="en")
    text = all_text(nb)
    assert "No population per region" not in text
    # the expected rate rank among West Java's kab/kota (fewer poor per 100 inhabitants is better)
    e = pd.read_csv(data_copy / "entities.csv").set_index("entity_id")
    regions = poor[poor["entity_id"].map(e["level"]).isin(["kota", "kabupaten"])
                   & (poor["entity_id"].map(e["parent_id"]) == "jawa-barat")]
    rate = regions.set_index("entity_id")["value"] * 1000 / pd.Series(population) * 100
    rate = rate.dropna()
    rank = 1 + int((rate < rate["kota-bekasi"]).sum())
    line = summary_line(text, "per kapita")
    assert f"{rate['kota-bekasi']:.2f}" in line and f"{rank} of {len(rate)}" in line
    count_line = next(ln for ln in text.splitlines() if "Jumlah Penduduk Miskin" in ln and "ribu jiwa" in ln
                      and " of " in ln)
    assert f"{poverty_rank(regional_frame(data_copy), 'kota-bekasi')[0]} of" in count_line


def regional_frame(data) -> pd.DataFrame:
    rb = pd.read_csv(data / "regional_benchmarks.csv")
    e = pd.read_csv(data / "entities.csv")
    return rb.merge(e[["entity_id", "name", "level", "parent_id"]], on="entity_id")
