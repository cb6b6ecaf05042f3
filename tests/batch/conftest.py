"""Fixtures of the batch tests: a plan with every kind of reason a notebook does not apply."""

from __future__ import annotations

import dataclasses
import json

import pytest

from lkip_helpers.batch.suite import SuitePlan, plan_suite

#: a notebook of each kind of reason -> its ``metadata.lkip``
SKIP_NOTEBOOKS = {
    "02_per_misi": {"per": "misi"},
    "04_regions": {"applies_if": "lkip_helpers.benchmarks:check_benchmark_parameters", "per": "entity"},
    "05_units": {"applies_if": "lkip_helpers.reports:check_unit_parameters", "per": "entity"},
    "09_elsewhere": {"entities": ["kota-cilegon", "kota-depok"], "per": "entity"},
    "10_runs": {"per": "entity"},
}


@pytest.fixture()
def skip_plan(ds, tmp_path) -> SuitePlan:
    """The plan of kota-bekasi 2023 over :data:`SKIP_NOTEBOOKS` with data where none but ``10_runs``
    applies: no misi, no regional figures (a check whose choices are none), unit scores only of
    2022 (a check failing with its choices), and a notebook only for two other entities."""
    for stem, lkip in SKIP_NOTEBOOKS.items():
        (tmp_path / f"{stem}.ipynb").write_text(json.dumps({"cells": [], "metadata": {"lkip": lkip}, "nbformat": 4,
                                                            "nbformat_minor": 5}), encoding="utf-8")
    odd = dataclasses.replace(ds, tables={
        **ds.tables, "misi": ds.tables["misi"].iloc[0:0], "regional_benchmarks": ds.tables["regional_benchmarks"].iloc[0:0],
        "unit_scores": ds.tables["unit_scores"].assign(year=2022)})
    return plan_suite(odd, "kota-bekasi", 2023, notebook_dir=tmp_path)
