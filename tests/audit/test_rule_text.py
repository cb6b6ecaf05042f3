"""The audit's reader texts: recorded as a message with parameters where a check makes them,
composed in the reader's language at display time (numbers in the reader's notation)."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from lkip_helpers.audit import audit_report, findings_table
from lkip_helpers.audit.rule_text import in_language, text_of, texts_in_language
from lkip_helpers.audit.texts import compose, formula_text, g_number, joined, number, reader_text
from lkip_helpers.audit.workpaper import workpaper_sheets
from lkip_helpers.data.dataset import load_dataset
from lkip_helpers.data.paths import default_data_dir

#: English words that would mean a text was left in English (surrounded by spaces)
ENGLISH = (" the ", " of ", " sum ", " printed ", " in ", " and ", " by ", " is ", " with ", " lines ",
           " points ", " line ", " rows ", " first)", " relative", " above ", " below ")
#: a number in English decimal notation (a thousands dot or a decimal comma is Indonesian)
ENGLISH_DECIMAL = re.compile(r"(?<![\d.,])\d+\.\d{1,2}(?![\d.,])")
#: the columns of a finding with a reader text and its message
TEXTS = ("check", "rule", "supported", "recomputed", "row", "location")


@pytest.fixture(scope="module")
def reports():
    ds = load_dataset(default_data_dir())
    return {(e, y): audit_report(ds, e, y) for e, y in (("kota-bekasi", 2023), ("disdukcapil-kota-bekasi", 2024))}


def _without_data(text: dict) -> dict:
    """``text`` with every string parameter (data: a figure as printed, a table, an id) replaced
    by ``X``, so that only the words and the numbers the code writes are left to check."""
    def strip(v):
        if isinstance(v, dict) and "number" in v:
            return v
        if isinstance(v, dict) and "join" in v:
            return {"join": v["join"], "items": [strip(i) for i in v["items"]]}
        if isinstance(v, dict) and "by_lang" in v:  # data in both languages (a declared description)
            return "X"
        if isinstance(v, dict):
            return _without_data(v)
        return "X"
    return {"message": text["message"], "params": {k: strip(v) for k, v in text["params"].items()}}


def test_a_message_is_composed_in_the_readers_language_with_its_numbers():
    rule = reader_text("{value} in band {band} of {table}", value=number(36.93, 2), band="Waspada", table="Tabel 3.17")
    assert compose(rule) == "36.93 in band Waspada of Tabel 3.17"
    assert compose(rule, "id") == "36,93 pada rentang Waspada menurut Tabel 3.17"
    assert compose(rule, "en") == compose(rule)
    signed = formula_text("{a} → {b}", a=number(1.5, 2, sign=True), b=number(-12345.678, 1))
    assert compose(signed) == "+1.50 → -12345.7" and compose(signed, "id") == "+1,50 → -12.345,7"
    assert compose(g_number(80.0)) == "80" and compose(g_number(65.5), "id") == "65,5"
    nested = reader_text("mean of {parts}", parts=joined(", ", ["a 1,5", reader_text("IKU of the scorecard")]))
    assert compose(nested, "id") == "rata-rata a 1,5, IKU pada kartu kinerja"


def test_every_stored_text_is_the_english_composition_of_its_message(reports):
    for findings in reports.values():
        for r in findings.to_dict("records"):
            for column in TEXTS:
                text = text_of(r, column)
                if isinstance(text, dict):
                    stored = r["recomputed_text"] if column == "recomputed" else r[column]
                    assert compose(text) == stored, (r["key"], column)
                    json.dumps(text)  # JSON-serialisable
            assert r["rule_message"] and r["check_message"], r["key"]


def test_no_rule_or_evidence_is_left_in_english_in_bahasa_indonesia(reports):
    left = []
    for findings in reports.values():
        for r in findings.to_dict("records"):
            for column in TEXTS:
                text = text_of(r, column)
                if not isinstance(text, dict):
                    continue
                shown = " " + compose(_without_data(text), "id") + " "
                if any(w in shown for w in ENGLISH) or ENGLISH_DECIMAL.search(shown):
                    left.append((r["key"], column, shown))
    assert not left, left[:10]


def test_the_english_check_would_catch_an_english_rule():
    shown = " " + compose(_without_data(reader_text("a rule no catalog knows of {n}", n=3)), "id") + " "
    assert any(w in shown for w in ENGLISH)
    assert ENGLISH_DECIMAL.search(compose(formula_text("f({x})", x=number(36.93, 2)))) is not None
    assert ENGLISH_DECIMAL.search(compose(formula_text("f({x})", x=number(36.93, 2)), "id")) is None


def test_the_findings_table_shows_the_rules_in_the_readers_language(reports):
    findings = reports[("kota-bekasi", 2023)]
    shown = findings_table(findings, only_non_matching=False, lang="id")
    english = findings_table(findings, only_non_matching=False)
    band = [t for t in shown["aturan"] if "pada rentang Waspada menurut" in t]
    assert band and not any(ENGLISH_DECIMAL.match(t) for t in band)
    assert "36,93 pada rentang Waspada menurut Tabel 3.17" in set(shown["aturan"])
    assert list(english["rule"]) == list(findings["rule"])
    assert sum(a != b for a, b in zip(shown["aturan"], english["rule"])) > len(shown) / 2


def test_the_work_paper_shows_the_checks_in_the_readers_language():
    ds = load_dataset(default_data_dir())
    findings = audit_report(ds, "kota-bekasi", 2023)
    shown = pd.concat(list(workpaper_sheets(ds, "kota-bekasi", 2023, "id").values()))["Pemeriksaan"]
    english = pd.concat(list(workpaper_sheets(ds, "kota-bekasi", 2023, "en").values()))["Check"]
    ordered = pd.concat([findings[findings["status"] != "match"], findings[findings["status"] == "match"]])
    assert list(english) == list(ordered["check"])
    assert list(shown) == [compose(text_of(r, "check"), "id") for r in ordered.to_dict("records")]
    assert "total AKIP = jumlah keempat komponen" in set(shown)
    assert sum(a != b for a, b in zip(shown, english)) > len(shown) / 2


def test_texts_in_language_composes_from_the_message_and_keeps_other_cells():
    frame = pd.DataFrame({"rule": ["sum of 7 printed rows", "x"], "rule_message": ["sum of {n} printed rows", ""],
                          "rule_params": [{"n": 7}, {}], "detail": ["IKU of the scorecard", 1.5]})
    got = texts_in_language(frame, ("rule", "detail"), "id")
    assert list(got["rule"]) == ["jumlah 7 baris tercetak", "x"]
    assert list(got["detail"]) == ["IKU pada kartu kinerja", 1.5]
    assert in_language(None, "id") is None


