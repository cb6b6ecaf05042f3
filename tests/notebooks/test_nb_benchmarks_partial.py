"""Notebook 04 on a report whose regional tables are not the city's: only the tables the data hold
get a section, each shown from its own rows."""

from __future__ import annotations

import pandas as pd

from conftest import output_text, run_notebook
from test_nb_benchmarks import NB04, all_text

#: regional tables the copy of the data leaves out
LEFT_OUT = ("opini-bpk", "pad", "tpt", "kontribusi-investasi-provinsi", "eppd")


def test_04_runs_on_the_regional_tables_a_report_has(tmp_path, data_copy, monkeypatch):
    rb = pd.read_csv(data_copy / "regional_benchmarks.csv", dtype=str, keep_default_na=False)
    rb[~rb["indicator_id"].isin(LEFT_OUT)].to_csv(data_copy / "regional_benchmarks.csv", index=False)
    monkeypatch.setenv("LKIP_DATA_DIR", str(data_copy))
    nb = run_notebook(NB04, tmp_path, lang="en")
    text = all_text(nb)
    headings = output_text(nb, kinds=("text/markdown",))
    # no section for a table the data do not hold, and none of its lines
    for gone in ("Tabel 3.7", "Tabel 3.4", "EPPD", "Opini BPK"):
        assert f"{gone} (" not in headings
    assert "Governments in Tabel 3.7" not in text and "ke-17" not in text and "tpt 2023" not in text
    # Tabel 3.12 without its share column: shown whole, no provincial total implied
    assert "## Jumlah LKPM, Jumlah Tenaga Kerja, Jumlah Investasi / Nilai Investasi \\(Tabel 3\\.12\\)" in headings
    assert "× 100 =" not in text
    # the tables still there are benchmarked: poverty (a rank among the regions), the levels of
    # inflation and road quality
    assert "## Jumlah Penduduk Miskin \\(Tabel 3\\.13\\)" in headings
    assert "Kota Bekasi ranks 9 of 23" in text
    assert "Laju Inflasi" in text and "Kemantapan Jalan" in text
