"""Notebook 04 on a report whose regional tables are not the city's: the parts whose table the data
do not hold say so and are left out, the others run on what is there."""

from __future__ import annotations

import pandas as pd

from conftest import run_notebook
from test_nb_benchmarks import NB04, all_text

#: regional tables the copy of the data leaves out
LEFT_OUT = ("opini-bpk", "pad", "tpt", "kontribusi-investasi-provinsi", "eppd")


def test_04_runs_on_the_regional_tables_a_report_has(tmp_path, data_copy, monkeypatch):
    rb = pd.read_csv(data_copy / "regional_benchmarks.csv", dtype=str, keep_default_na=False)
    rb[~rb["indicator_id"].isin(LEFT_OUT)].to_csv(data_copy / "regional_benchmarks.csv", index=False)
    monkeypatch.setenv("LKIP_DATA_DIR", str(data_copy))
    text = all_text(run_notebook(NB04, tmp_path, lang="en"))
    for indicator in ("opini-bpk", "pad", "kontribusi-investasi-provinsi", "eppd"):
        assert f"The regional tables hold no {indicator} up to 2023: this part is left out." in text
    # the tables still there are benchmarked: poverty (a rank among the regions) and the levels of
    # inflation and road quality (TPT, left out, is not among them)
    assert "Jumlah Penduduk Miskin" in text and " of " in text
    assert "tpt 2023" not in text and "The regional tables hold no tpt, laju-inflasi" not in text
    assert "The regional tables hold no jumlah-penduduk-miskin" not in text
