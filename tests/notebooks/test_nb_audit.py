"""Notebook 07_audit: runs for every report, rejects bad parameters, shows the key numbers.

The expected numbers are computed here from the CSVs (the discrepancies table and its audit_key
column), not from the audit code. The CSVs are read from the folder the notebook reads:
``$LKIP_DATA_DIR`` when set, else ``data/``.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from conftest import error_of, output_text, run_notebook, tagged_outputs
from lkip_helpers.data.paths import default_data_dir

NAME = "07_audit"
DOCS = {("kota-bekasi", 2023): "lkip-kota-bekasi-2023",
        ("disdukcapil-kota-bekasi", 2024): "lkip-disdukcapil-kota-bekasi-2024"}
ALLOWED_NEW = {"kota-bekasi": 1, "disdukcapil-kota-bekasi": 0}  # see ALLOWED_NEW_FINDINGS in test_audit.py


def _rows(document_id: str) -> pd.DataFrame:
    d = pd.read_csv(default_data_dir() / "discrepancies.csv", dtype=str)
    return d[d["document_id"] == document_id]


def _all_output_text(nb) -> str:
    return output_text(nb, kinds=("text/plain", "text/html", "text/markdown"))


@pytest.mark.parametrize("entity, year", list(DOCS))
def test_runs_and_shows_key_numbers(executed_notebook, entity, year):
    nb = executed_notebook(NAME, entity=entity, year=year)
    text = tagged_outputs(nb, "nbval-check-output")  # in Bahasa Indonesia, the default language
    m = re.search(r"temuan: (\d+); cocok: (\d+); tidak cocok: (\d+)", text)
    assert m, text
    total, matches, non = map(int, m.groups())
    assert total == matches + non and non > 0
    rec = re.search(r"selisih tercatat: (\d+); ditemukan kembali: (\d+) dari (\d+) yang dapat dihitung; tak dapat dihitung ulang: (\d+)",
                    text)
    assert rec, text
    recorded, found, computable, not_recomputable = map(int, rec.groups())
    rows = _rows(DOCS[(entity, year)])
    # the denominator is the report's rows with an audit_key; every one of them is rediscovered
    assert (recorded, computable, not_recomputable) == (len(rows), int(rows["audit_key"].notna().sum()),
                                                        int(rows["audit_key"].isna().sum()))
    assert found == computable
    known = int(re.search(r"temuan tidak cocok yang sudah tercatat di tabel: (\d+)", text).group(1))
    new = int(re.search(r"temuan baru di luar tabel: (\d+)", text).group(1))
    assert new == ALLOWED_NEW[entity]
    # one finding per underlying error: several audit_keys may link one finding (its repeats), and
    # every audit_key is rediscovered (found == computable above)
    assert known + new == non and 0 < known <= rows["audit_key"].nunique()
    # the summary's last line adds up
    all_row = re.search(r"^semua\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)$", text, re.M)
    d, r, u, mt, t = map(int, all_row.groups())
    assert (d + r + u, mt, t) == (non, matches, total)

    shown = _all_output_text(nb)
    # every audit_key of the report is shown in full (a group key by its prefix), none cut to '...'
    for key in rows["audit_key"].dropna():
        assert key.removesuffix("*") in shown, key
    html_cells = re.findall(r"<td[^>]*>(.*?)</td>", shown, re.S)
    assert html_cells and not [c for c in html_cells if c.strip().endswith("...")]
    # the rules are shown whole, in the report's language (Bahasa Indonesia by default)
    from lkip_helpers.audit import ROUNDING_RULES
    from lkip_helpers.data.i18n import translate

    assert all(translate(rule, "id") in shown for rule in ROUNDING_RULES.values())
    # every unkeyed row is listed (with its reason, in the same table)
    for did in rows.loc[rows["audit_key"].isna(), "discrepancy_id"]:
        assert did in shown, did
    assert "not reviewed for the audit" not in shown


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
        run_notebook(NAME, tmp_path, **{"lang": "en", **params})
    err = error_of(exc.value)
    assert "ParameterError" in err and message in err
