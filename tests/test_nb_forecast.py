"""notebooks/03_forecast.ipynb: executed for both reports, with a subset of indicators and with
invalid parameters; the key table's numbers are checked against the package called directly."""

from __future__ import annotations

import math

import numpy as np
import pytest

from lkip_helpers.forecasting import forecast_entity

from conftest import error_of, run_notebook, tagged_outputs

NB = "03_forecast"


def _shown(v: float, tokens: list[str]) -> bool:
    """Is ``v`` among the numbers of a table line, as shown rounded to 2 decimals (81.60 may print as 81.6)?"""
    nums = []
    for t in tokens:
        try:
            nums.append(float(t))
        except ValueError:
            pass
    return any(abs(n - np.round(v, 2)) < 1e-9 for n in nums)


def _all_text(nb) -> str:
    out = []
    for cell in nb.cells:
        for o in cell.get("outputs", []):
            out.append(o.get("text", "") if o.get("output_type") == "stream" else o.get("data", {}).get("text/plain", ""))
            out.append(o.get("data", {}).get("text/markdown", "") if "data" in o else "")
    return "\n".join(out)


def _check_key_table(nb, result) -> None:
    text = tagged_outputs(nb, "nbval-check-output")
    lines = text.splitlines()
    forecast_rows = result.summary[result.summary["status"] == "forecast"]
    assert len(forecast_rows) > 0
    for r in forecast_rows.itertuples():
        line = next((ln for ln in lines if f" {r.indicator_id} " in f"{ln} "), None)
        assert line is not None, f"{r.indicator_id} missing from the key table:\n{text}"
        tokens = line.split()
        for v in (r.last_value, r.target, r.forecast, r.lo80, r.hi80, r.lo95, r.hi95):
            assert _shown(v, tokens), f"{r.indicator_id}: {v:.2f} not in {line!r}"
        if not math.isnan(r.p_meet):
            assert _shown(r.p_meet, tokens)
        assert r.progress in line and r.model in line
    # indicators that cannot be assessed are not in the key table but are listed with the reason
    everything = _all_text(nb)
    for r in result.skipped.itertuples():
        assert not any(f" {r.indicator_id} " in f"{ln} " for ln in lines)
        assert r.indicator_id in everything and r.status in everything


@pytest.mark.parametrize(("entity", "year"), [("kota-bekasi", 2023), ("disdukcapil-kota-bekasi", 2024)])
def test_forecast_notebook_runs_and_shows_the_package_numbers(ds, tmp_path, entity, year):
    nb = run_notebook(NB, tmp_path, entity=entity, year=year)
    _check_key_table(nb, forecast_entity(ds, entity, year, horizon=3))
    assert "Warning" not in _all_text(nb)  # statsmodels warnings are captured, not printed


def test_forecast_notebook_with_chosen_indicators(ds, tmp_path):
    chosen = ["dukcapil-ikm", "dukcapil-cakupan-kk", "dukcapil-akip"]
    nb = run_notebook(NB, tmp_path, entity="disdukcapil-kota-bekasi", year=2024, horizon=2, indicators=chosen)
    result = forecast_entity(ds, "disdukcapil-kota-bekasi", 2024, horizon=2, indicators=chosen)
    _check_key_table(nb, result)
    # the Renstra 2025 target of the IKM and its probability, as the package computes them
    row = result.summary.set_index("indicator_id").loc["dukcapil-ikm"]
    assert row["target_year"] == 2025 and row["target"] == pytest.approx(85.15)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"indicators": ["kota-nope"]}, "unknown indicator id(s) 'kota-nope' for 'kota-bekasi'; valid: "),
        ({"horizon": 0}, "horizon must be between 1 and 10"),
        ({"horizon": 11}, "horizon must be between 1 and 10"),
        ({"year": "abc"}, "parameter 'year' must be of type int"),
        ({"year": 2019}, "valid years: 2023"),
        ({"colour": "red"}, "unknown parameter(s) colour"),
    ],
)
def test_forecast_notebook_rejects_invalid_parameters(tmp_path, params, expected):
    import papermill as pm

    with pytest.raises(pm.PapermillExecutionError) as exc:
        run_notebook(NB, tmp_path, entity="kota-bekasi", **{"year": 2023, **params})
    msg = error_of(exc.value)
    assert msg.startswith("ParameterError") and expected in msg
    if "indicators" in params:
        assert "kota-akip" in msg and "kota-tpt" in msg  # the valid ids are listed
