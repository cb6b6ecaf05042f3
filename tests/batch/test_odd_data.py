"""Valid but odd data never crash a notebook: ``lkip run --all`` over copies of data/ changed in
ways validation accepts, through every notebook of the suite.

Two data packages, each run once for both reports (every notebook either runs without an error
or is listed as not applying, with the reason):

* **no facts**: every fact table that may be empty is header-only (IKU values, budgets, IKM per
  unsur, AKIP components, unit scores, regional benchmarks, discrepancies, unit aliases); the
  stats/ tables that print figures about them stay;
* **odd**: one year only (each report's own year), every target 0, or −5 where the indicator has
  no lower bound (the city's lower-is-better targets aside, so that the primer still has a case),
  and the office keeps a single IKU (the other two removed with every row that refers to them).
"""

from __future__ import annotations

import contextlib
import io
import json
import shutil
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from lkip_helpers.batch.cli import main
from lkip_helpers.batch.suite import list_notebooks
from lkip_helpers.data.dataset import load_dataset
from lkip_helpers.data.paths import PROJECT_ROOT

REPORTS = {"kota-bekasi": 2023, "disdukcapil-kota-bekasi": 2024}
FACT_TABLES = ("indicator_values", "budgets", "ikm_unsur", "akip_components", "unit_scores", "regional_benchmarks",
               "discrepancies", "unit_aliases")


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _write(frame: pd.DataFrame, path: Path) -> None:
    frame.to_csv(path, index=False)


def _no_facts(data: Path) -> None:
    for name in FACT_TABLES:
        _write(_read(data / f"{name}.csv").iloc[0:0], data / f"{name}.csv")


def _one_year_only(data: Path) -> None:
    for name in ("indicator_values", "akip_components", "ikm_unsur", "budgets"):
        frame = _read(data / f"{name}.csv")
        own_year = frame["entity_id"].map(lambda e: str(REPORTS.get(e, "")))
        _write(frame[(own_year == "") | (own_year == frame["year"])], data / f"{name}.csv")


def _zero_or_negative_targets(data: Path) -> None:
    indicators = _read(data / "indicators.csv").set_index("indicator_id")
    iv = _read(data / "indicator_values.csv")
    city_lower = (iv["entity_id"] == "kota-bekasi") & (iv["indicator_id"].map(indicators["polarity"]) == "lower_is_better")
    target = iv["measure"].str.startswith("target") & (iv["value"] != "") & ~city_lower
    unbounded = iv["indicator_id"].map(indicators["lower_bound"]).map(lambda b: b == "" or float(b) <= -5)
    for rows, value in ((target & unbounded, "-5"), (target & ~unbounded, "0")):
        iv.loc[rows, ["value", "value_text"]] = value
    _write(iv, data / "indicator_values.csv")


def _single_iku(data: Path, entity: str) -> None:
    indicators = _read(data / "indicators.csv")
    iku = indicators[(indicators["entity_id"] == entity) & (indicators["role"] == "iku")]
    first = iku.loc[iku["iku_no"].astype(int).idxmin(), "indicator_id"]
    gone = set(iku["indicator_id"]) - {first}
    for path in data.rglob("*.csv"):
        frame = _read(path)
        if "indicator_id" in frame.columns:
            frame = frame[~frame["indicator_id"].isin(gone)]
        if "parent_indicator_id" in frame.columns:
            frame.loc[frame["parent_indicator_id"].isin(gone), "parent_indicator_id"] = ""
        _write(frame, path)


def _odd(data: Path) -> None:
    _one_year_only(data)
    _zero_or_negative_targets(data)
    _single_iku(data, "disdukcapil-kota-bekasi")


VARIANTS = {"no-facts": _no_facts, "odd": _odd}


@pytest.fixture(scope="module")
def odd_runs(tmp_path_factory):
    """Each variant's data package (validated) and its ``lkip run --all``: exit code, stderr, output."""
    runs = {}
    for name, build in VARIANTS.items():
        root = tmp_path_factory.mktemp(name)
        data = root / "data"
        shutil.copytree(PROJECT_ROOT / "data", data)
        build(data)
        ds = load_dataset(data)  # the data pass validation (warnings aside)
        err = io.StringIO()
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
            code = main(["--data-dir", str(data), "run", "--all", "--output-dir", str(root / "out"), "--jobs", "2",
                         "--quiet"])
        runs[name] = {"ds": ds, "code": code, "err": err.getvalue(), "out": root / "out"}
    return runs


def _errors(notebook: Path) -> list[str]:
    nb = nbformat.read(str(notebook), as_version=4)
    return [f"{o.get('ename')}: {o.get('evalue')}" for c in nb.cells for o in c.get("outputs", [])
            if o.get("output_type") == "error"]


@pytest.mark.parametrize("variant", VARIANTS)
def test_every_notebook_runs_or_says_why_it_does_not_apply(odd_runs, variant):
    run = odd_runs[variant]
    assert run["code"] == 0, run["err"]
    suite = {p.stem for p in list_notebooks()}
    for entity, year in REPORTS.items():
        report = run["out"] / entity / str(year)
        manifest = json.loads((report / "manifest.json").read_text(encoding="utf-8"))
        assert manifest["status"] == "ok"
        ran = {Path(r["notebook"]).stem for r in manifest["runs"]}
        assert ran | set(manifest["skipped"]) == suite and not ran & set(manifest["skipped"])
        assert all(manifest["skipped"].values()), "every notebook not run says why"
        for r in manifest["runs"]:
            assert not _errors(report / r["ipynb"]), (r["name"], _errors(report / r["ipynb"]))


def test_the_odd_data_are_odd_and_reach_every_notebook_that_applies(odd_runs):
    run = odd_runs["odd"]
    iv = run["ds"].tables["indicator_values"]
    for entity, year in REPORTS.items():
        assert set(iv.loc[iv["entity_id"] == entity, "year"]) == {year}
    targets = iv[iv["measure"].str.startswith("target") & iv["value"].notna()]
    assert {0.0, -5.0} <= set(targets["value"]) and run["ds"].warnings
    office = run["ds"].tables["indicators"]
    assert ((office["entity_id"] == "disdukcapil-kota-bekasi") & (office["role"] == "iku")).sum() == 1
    for entity, year in REPORTS.items():
        manifest = json.loads((run["out"] / entity / str(year) / "manifest.json").read_text(encoding="utf-8"))
        assert "06_sakip_primer" in {Path(r["notebook"]).stem for r in manifest["runs"]}


def test_without_facts_the_notebooks_that_need_them_are_listed_with_the_reason(odd_runs):
    run = odd_runs["no-facts"]
    assert all(run["ds"].tables[name].empty for name in FACT_TABLES)
    skipped = json.loads((run["out"] / "kota-bekasi" / "2023" / "manifest.json").read_text(encoding="utf-8"))["skipped"]
    assert skipped["04_regional_benchmarks"].endswith("none (the regional tables hold no kabupaten/kota)")
    assert skipped["05_unit_performance"].startswith("no unit scores")
