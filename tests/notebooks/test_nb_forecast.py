"""notebooks/03_forecast.ipynb: executed for both reports, with a subset of indicators and with
invalid parameters; the key table's numbers are checked against the package called directly."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from lkip_helpers.forecasting import forecast_entity

from conftest import error_of, output_text, run_notebook, tagged_outputs

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
    return output_text(nb, kinds=("text/plain", "text/markdown"))


def _key_tables(nb) -> tuple[list[str], list[str]]:
    """Lines of the two tables of the key cell: report-year target, then forecast and next target."""
    cell = next(c for c in nb.cells if "nbval-check-output" in c.get("metadata", {}).get("tags", []))
    tables = [o["data"]["text/plain"] for o in cell.get("outputs", [])
              if "data" in o and "text/plain" in o["data"] and "display.Markdown" not in o["data"]["text/plain"]]
    assert len(tables) == 2, tables
    return tables[0].splitlines(), tables[1].splitlines()


def _line(lines: list[str], indicator_id: str) -> str | None:
    return next((ln for ln in lines if f" {indicator_id} " in f"{ln} "), None)


def _check_key_table(nb, result) -> None:
    report_lines, ahead_lines = _key_tables(nb)
    summ = result.summary
    # report-year table: every indicator with a report-year progress class or a forecast
    report = summ[summ["report_progress"].notna() | (summ["status"] == "forecast")]
    assert len(report) > 0
    for r in report.itertuples():
        line = _line(report_lines, r.indicator_id)
        assert line is not None, f"{r.indicator_id} missing from the report-year table"
        tokens = line.split()
        for v in (r.last_value, r.report_target, r.report_ratio):
            if not math.isnan(v):
                assert _shown(v, tokens), f"{r.indicator_id}: {v:.2f} not in {line!r}"
        assert int(r.report_target_year) == year_of(tokens, r.report_target_year)
        assert r.report_progress in line and r.status in line
    # forecast / next-target table: the forecast year's numbers and the next target of the same row
    ahead = summ[(summ["status"] == "forecast") | summ["next_target_year"].notna()]
    assert len(ahead) > 0
    for r in ahead.itertuples():
        line = _line(ahead_lines, r.indicator_id)
        assert line is not None, f"{r.indicator_id} missing from the forecast table"
        tokens = line.split()
        values = [r.last_value]
        if r.status == "forecast":
            values += [r.forecast, r.lo80, r.hi80, r.lo95, r.hi95]
            assert r.model in line and r.confidence in line
            if not pd.isna(r.next_target_year):
                assert r.forecast_year == r.next_target_year  # forecast and target of the same year
        if not pd.isna(r.next_target_year):
            values.append(r.next_target)
            if not math.isnan(r.next_p_meet):
                values.append(r.next_p_meet)
            assert r.next_progress in line
        for v in values:
            assert _shown(v, tokens), f"{r.indicator_id}: {v:.2f} not in {line!r}"
    # indicators without any assessment are in neither table but are listed with the reason
    everything = _all_text(nb)
    shown = set(report["indicator_id"]) | set(ahead["indicator_id"])
    for r in result.skipped.itertuples():
        if r.indicator_id not in shown:
            assert _line(report_lines, r.indicator_id) is None and _line(ahead_lines, r.indicator_id) is None
        assert r.indicator_id in everything and r.status in everything


def year_of(tokens: list[str], expected) -> int | None:
    """The year token equal to ``expected`` (the table shows years as plain integers)."""
    return next((int(t) for t in tokens if t.isdigit() and int(t) == int(expected)), None)


@pytest.mark.parametrize(("entity", "year"), [("kota-bekasi", 2023), ("disdukcapil-kota-bekasi", 2024)])
def test_forecast_notebook_runs_and_shows_the_package_numbers(ds, executed_notebook, entity, year):
    nb = executed_notebook(NB, entity=entity, year=year)
    _check_key_table(nb, forecast_entity(ds, entity, year, horizon=3))
    assert "Warning" not in _all_text(nb)  # statsmodels warnings are captured, not printed


def test_city_key_tables_keep_the_2023_target_apart_from_the_2024_forecast(executed_notebook):
    """City LKIP 2023: AKIP 63,49 (2018 kondisi awal) -> 67,10 (2023) against the RPJMD 2023 target
    77,00: R = ((67.10 / 63.49)^(1/5) - 1) / ((77.00 / 63.49)^(1/5) - 1) = 0.28; the target's year has
    passed, so the class is "not met" (not "limited progress")."""
    nb = executed_notebook(NB, entity="kota-bekasi", year=2023)
    report_lines, ahead_lines = _key_tables(nb)
    ratio = ((67.10 / 63.49) ** (1 / 5) - 1) / ((77.00 / 63.49) ** (1 / 5) - 1)
    akip = _line(report_lines, "kota-akip").split()
    assert _shown(67.10, akip) and _shown(77.00, akip) and _shown(ratio, akip) and "2023" in akip
    assert "not met" in _line(report_lines, "kota-akip")
    # the RPJMD ends in 2023: no next-target or P(meet) columns, and the forecast rows are 2024
    assert "P(meet)" not in ahead_lines[0] and "next target" not in ahead_lines[0]
    assert all(" 2024 " in ln for ln in ahead_lines[1:])
    # two-point series (kota-eppd: 3,25 in 2018, 3,17 in 2023, target 3,47) are judged, not forecast
    eppd = _line(report_lines, "kota-eppd")
    assert eppd is not None and "not met" in eppd and "insufficient data" in eppd
    assert _line(ahead_lines, "kota-eppd") is None


def test_forecast_notebook_with_chosen_indicators(ds, executed_notebook):
    chosen = ["dukcapil-ikm", "dukcapil-cakupan-kk", "dukcapil-akip"]
    nb = executed_notebook(NB, entity="disdukcapil-kota-bekasi", year=2024, horizon=2, indicators=chosen)
    result = forecast_entity(ds, "disdukcapil-kota-bekasi", 2024, horizon=2, indicators=chosen)
    _check_key_table(nb, result)
    # the Renstra 2025 target of the IKM and its probability, as the package computes them
    row = result.summary.set_index("indicator_id").loc["dukcapil-ikm"]
    assert row["target_year"] == 2025 and row["target"] == pytest.approx(85.15)
    assert row["next_target_year"] == row["forecast_year"] == 2025
    # AKIP: two numeric values (80,97 in 2023 and 81,59 in 2024; 2022 printed as "A") and the Renstra
    # 2025 target 78,80: no forecast, but the progress class is shown in the next-target table
    _, ahead_lines = _key_tables(nb)
    akip = _line(ahead_lines, "dukcapil-akip")
    assert akip is not None and "target already reached" in akip
    assert _shown(81.59, akip.split()) and _shown(78.80, akip.split())


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
        run_notebook(NB, tmp_path, entity="kota-bekasi", **{"year": 2023, "lang": "en", **params})
    msg = error_of(exc.value)
    assert msg.startswith("ParameterError") and expected in msg
    if "indicators" in params:
        assert "kota-akip" in msg and "kota-tpt" in msg  # the valid ids are listed


def test_forecast_notebook_shows_the_pooled_accuracy_table(ds, executed_notebook):
    """The pooled table: every kind × model row with its MASE and coverage as the package computes
    them, and the chosen model of each kind flagged."""
    from lkip_helpers.forecasting import pooled_accuracy

    nb = executed_notebook(NB, entity="disdukcapil-kota-bekasi", year=2024)
    cell = next(c for c in nb.cells if "pooled-accuracy" in c.get("metadata", {}).get("tags", []))
    outputs = [o for o in cell.get("outputs", []) if "data" in o]
    text = "\n".join(o["data"]["text/plain"] for o in outputs if "text/markdown" not in o["data"])
    lines = text.splitlines()[1:]
    scores = pooled_accuracy(ds, 2024).scores
    # the sentence under the table names each kind's Brier skill (in the default language, id)
    sentence = " ".join(o["data"]["text/markdown"] for o in outputs if "text/markdown" in o["data"])
    assert "uji balik gabungan" in sentence or "Tidak demikian untuk" in sentence
    assert len(scores) == len(lines) and {"index", "rate", "all kinds"} <= set(scores["kind"])
    for line, r in zip(lines, scores.itertuples()):
        assert r.model in line and r.kind in line
        nums = []
        for t in line.split():
            try:
                nums.append(float(t))
            except ValueError:
                pass
        for v in (r.mase, r.coverage80, r.coverage95):
            assert any(abs(n - round(v, 2)) < 1e-9 for n in nums), f"{v:.2f} not in {line!r}"
        assert line.split()[-1] == str(bool(r.chosen))  # "in use"
    assert scores["chosen"].sum() == scores["kind"].nunique()  # one chosen model per kind


def test_forecast_notebook_shows_the_published_classes_beside_the_project_s(ds, executed_notebook):
    """City 2023: every target row with the project's class, the UNSD and ESCAP classes and the CSI
    as the package computes them; AKIP's 2023 target is "not met" with CSI 0.27."""
    from lkip_helpers.forecasting import published_table

    nb = executed_notebook(NB, entity="kota-bekasi", year=2023)
    cell = next(c for c in nb.cells if "published-progress" in c.get("metadata", {}).get("tags", []))
    tables = [o["data"]["text/plain"] for o in cell.get("outputs", []) if "data" in o]
    assert len(tables) == 2
    lines = tables[0].splitlines()[1:]
    expected = published_table(forecast_entity(ds, "kota-bekasi", 2023), ds)
    assert len(lines) == len(expected) > 0
    for line, r in zip(lines, expected.itertuples()):
        assert r.indicator_id in line and str(r.year) in line
        for cls in (r.own_progress, r.unsd_class, r.escap_class, r.status):
            if isinstance(cls, str):
                assert cls in line, f"{cls!r} not in {line!r}"
        if not pd.isna(r.csi):
            assert _shown(r.csi, line.split()), f"CSI {r.csi:.2f} not in {line!r}"
    akip = _line(lines, "kota-akip")
    assert "not met" in akip and _shown((67.10 - 63.49) / (77.00 - 63.49), akip.split())
    assert "sasaran" in tables[1] and "misi" in tables[1]


def test_forecast_notebook_shows_anchored_suggestions(ds, executed_notebook):
    """City 2023: PAD growth's conservative suggestion is today's 4.80 (the trend's own 80 % value is
    lower and shown beside it); inflation's suggestions sit inside the 2.5 ± 1 % band."""
    nb = executed_notebook(NB, entity="kota-bekasi", year=2023)
    cell = next(c for c in nb.cells if "suggestions" in c.get("metadata", {}).get("tags", []))
    lines = "\n".join(o["data"]["text/plain"] for o in cell.get("outputs", []) if "data" in o).splitlines()
    rec = forecast_entity(ds, "kota-bekasi", 2023).recommendations
    assert len(lines) == len(rec) + 1
    for line, r in zip(lines[1:], rec.itertuples()):
        assert r.indicator_id in line and str(r.year) in line
        for v in (r.conservative, r.moderate, r.ambitious, r.trend_conservative):
            if not pd.isna(v):
                assert _shown(v, line.split()), f"{v:.2f} not in {line!r}"
    pad = [ln for ln in lines if " kota-peningkatan-pad " in f"{ln} " and " 2024 " in ln][0]
    assert _shown(4.80, pad.split()) and "tidak lebih buruk dari hari ini (4,8)" in pad  # in Bahasa Indonesia
    inflation = rec[rec["indicator_id"] == "kota-laju-inflasi"]
    assert ((inflation[["conservative", "moderate", "ambitious"]] >= 1.5)
            & (inflation[["conservative", "moderate", "ambitious"]] <= 3.5)).all().all()
