"""Notebook 07_audit: runs for every report, rejects bad parameters, shows the key numbers.

The expected numbers are computed here from the CSVs (the discrepancies table and its audit_key
column), not from the audit code.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from conftest import DATA_DIR, error_of, run_notebook, tagged_outputs

NAME = "07_audit"
DOCS = {("kota-bekasi", 2023): "lkip-kota-bekasi-2023",
        ("disdukcapil-kota-bekasi", 2024): "lkip-disdukcapil-kota-bekasi-2024"}
ALLOWED_NEW = {"kota-bekasi": 1, "disdukcapil-kota-bekasi": 0}  # see ALLOWED_NEW_FINDINGS in test_audit.py


def _keyed_rows(document_id: str) -> int:
    d = pd.read_csv(DATA_DIR / "discrepancies.csv", dtype=str)
    d = d[(d["document_id"] == document_id) & d["audit_key"].notna()]
    return d["audit_key"].nunique()


@pytest.mark.parametrize("entity, year", list(DOCS))
def test_runs_and_shows_key_numbers(tmp_path, entity, year):
    nb = run_notebook(NAME, tmp_path, entity=entity, year=year)
    text = tagged_outputs(nb, "nbval-check-output")
    m = re.search(r"findings: (\d+); matches: (\d+); non-matching: (\d+)", text)
    assert m, text
    total, matches, non = map(int, m.groups())
    assert total == matches + non and non > 0
    known = int(re.search(r"known discrepancies rediscovered: (\d+)", text).group(1))
    new = int(re.search(r"new findings beyond the table: (\d+)", text).group(1))
    # every audit_key of this report's rows in discrepancies.csv is a non-matching finding
    assert known == _keyed_rows(DOCS[(entity, year)])
    assert new == ALLOWED_NEW[entity]
    assert known + new == non
    # the summary's last line adds up
    all_row = re.search(r"^all\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)$", text, re.M)
    d, r, mt, t = map(int, all_row.groups())
    assert (d + r, mt, t) == (non, matches, total)


@pytest.mark.parametrize(
    "params, message",
    [
        ({"entity": "kota-depok", "year": 2023}, "valid choices"),
        ({"entity": "kota-bekasi", "year": 2024}, "valid years"),
        ({"entity": "kota-bekasi", "year": "abc"}, "year"),
        ({"entity": "kota-bekasi", "year": 2023, "misi": 1}, "misi"),
    ],
)
def test_bad_parameters(tmp_path, params, message):
    import papermill as pm

    with pytest.raises(pm.PapermillExecutionError) as exc:
        run_notebook(NAME, tmp_path, **params)
    err = error_of(exc.value)
    assert "ParameterError" in err and message in err
