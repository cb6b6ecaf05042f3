"""The lesson text of the SAKIP primer (``lesson_capaian``, ``lesson_akip_ikm``,
``lesson_budget_forecast``): the real figures appear in each section, and data strings come out
inert.

Expected figures are copied from the reports (city LKIP 2023 Tabel 3.1/3.2, Bab III.C; Disdukcapil
LKIP 2024 Tabel 3.11, 3.12, 3.16), never taken from the code under test.
"""

from __future__ import annotations

import dataclasses
import html
import re

import pandas as pd
import pytest

from lkip_helpers.data import i18n
from lkip_helpers.forecasting import forecast_entity
from lkip_helpers.notebook import escape_markdown
from lkip_helpers.primer import (
    akip_component_headroom,
    akip_components_example,
    akip_components_text,
    akip_exercise_text,
    akip_full_marks_total,
    akip_next_predikat_text,
    akip_what_if_base,
    capaian_cases_text,
    capaian_exercise_text,
    forecast_text,
    higher_is_better_text,
    ikm_exercise_text,
    ikm_nrr_example,
    ikm_nrr_text,
    ikm_units_text,
    last_plan_target_year,
    lesson_heading,
    lower_is_better_text,
    mutu_exercise_ikm,
    mutu_exercise_text,
    negative_realisasi_text,
    pick_example,
    pick_forecast_indicator,
    report_progress_counts,
    report_progress_intro,
    serapan_exercise_text,
    serapan_text,
    text_target_notes,
)
from lkip_helpers.reports import iku_efficiency, iku_scorecard


pytestmark = pytest.mark.usefixtures("english")


CITY, DUKCAPIL = ("kota-bekasi", 2023), ("disdukcapil-kota-bekasi", 2024)
SCRIPT = "<script>alert(1)</script>"
LINK = "[klik](javascript:alert(1))"


def shown(markdown: str) -> str:
    """What a reader sees: Markdown backslash escapes and HTML entities resolved."""
    return html.unescape(re.sub(r"\\([\\`*_{}\[\]()#+\-.!|~>])", r"\1", markdown))


def assert_inert(markdown: str) -> None:
    """No HTML tag and no link can come out of the injected data strings."""
    assert "<script" not in markdown and "](javascript:" not in markdown, markdown


@pytest.fixture(scope="module")
def evil_ds(ds):
    """The dataset with the city's name a script tag and the name of its IKU 1 (AKIP) a link."""
    ents = ds.tables["entities"].copy()
    ents.loc[ents["entity_id"] == "kota-bekasi", "name"] = SCRIPT
    ind = ds.tables["indicators"].copy()
    card = iku_scorecard(ds, *CITY)
    akip_id = card.loc[card["iku_no"] == 1, "indicator_id"].iloc[0]
    ind.loc[ind["indicator_id"] == akip_id, "name"] = LINK
    return dataclasses.replace(ds, tables={**ds.tables, "entities": ents, "indicators": ind})


# --- opening and capaian ----------------------------------------------------------------------------
def test_heading_names_the_report_and_counts_its_iku(ds):
    """City LKIP 2023: 26 IKU (RPJMD 2018–2023)."""
    assert lesson_heading("Kota Bekasi", 2023, iku_scorecard(ds, *CITY)) == "## Kota Bekasi, LKIP 2023: 26 IKU"
    assert_inert(lesson_heading(SCRIPT, 2023, pd.DataFrame()))


def test_worked_capaian_examples_of_the_city(ds):
    """Tabel 3.1: IKU 1 AKIP 77,00 / 67,10 → 87,14; IKU 11 poverty 4,01 / 4,10 → 97,80;
    IKU 10 investment growth 4,00 / −7,17 → −179,25."""
    hi = shown(higher_is_better_text(pick_example(ds, *CITY, "higher_is_better")))
    assert "**Nilai Akuntabilitas Kinerja Instansi Pemerintah (AKIP)** (Kota Bekasi, 2023)" in hi
    assert "67.10 / 77.00 × 100 = 87.14 %: **tidak tercapai**." in hi
    lo = shown(lower_is_better_text(pick_example(ds, *CITY, "lower_is_better")))
    assert "**Angka Kemiskinan** (Kota Bekasi, 2023): target 4,01, realisasi 4,10" in lo
    assert "4.01 / 4.10 × 100 = 97.80 %." in lo and "borrowed" not in lo
    neg = shown(negative_realisasi_text(pick_example(ds, *CITY, "negative_realisasi")))
    assert "realisasi -7,17%, printed capaian -179,25." in neg and "Persentase Pertumbuhan Nilai Investasi" in neg


def test_borrowed_examples_say_where_they_come_from(ds):
    """Disdukcapil has no lower-is-better IKU and no text target: both come from the city's LKIP 2023."""
    lo = pick_example(ds, *DUKCAPIL, "lower_is_better")
    text = shown(lower_is_better_text(lo))
    assert "has no lower-is-better IKU" in text and "borrowed from Kota Bekasi's LKIP 2023: IKU 11, Angka Kemiskinan" in text
    texts = [pick_example(ds, *DUKCAPIL, "text_target"), pick_example(ds, *DUKCAPIL, "text_target", skip=1)]
    notes = shown(text_target_notes(texts))
    assert notes.count("has no IKU with a text target") == 2 and "IKU 3, Nilai Kinerja Pengelolaan Keuangan" in notes
    assert text_target_notes([pick_example(ds, *CITY, "text_target")]) == ""  # the city's own: nothing to say
    cases = shown(capaian_cases_text({"lower is better": lo, "text target": None}))
    assert cases.splitlines() == [f"* **lower is better**: {lo.explanation}",
                                  "* **text target**: the data hold no such case in any report."]


def test_capaian_exercises(ds):
    """City exercise 2: IKU 12 Gini ratio, target 0,34, realisasi 0,44 (Tabel 3.1)."""
    ex2 = pick_example(ds, *CITY, "lower_is_better", skip=1)
    text = shown(capaian_exercise_text(2, ex2))
    assert text.startswith("**Exercise 2: capaian, lower is better.** *Gini Ratio* (Kota Bekasi 2023): target **0,34**")
    assert "realisasi **0,44**. What is the capaian in % (2 decimals)?" in text
    borrowed = shown(capaian_exercise_text(2, pick_example(ds, *DUKCAPIL, "lower_is_better", skip=1)))
    assert borrowed.endswith("borrowed from Kota Bekasi's LKIP 2023: IKU 12, Gini Ratio.*")


def test_capaian_section_escapes_names_from_the_data(evil_ds):
    """Entity and indicator names reach the text escaped: shown as typed, running nothing."""
    hi = pick_example(evil_ds, *CITY, "higher_is_better")
    lo = pick_example(evil_ds, *CITY, "lower_is_better")
    assert hi.name == LINK and hi.entity_name == SCRIPT
    outputs = [higher_is_better_text(hi), lower_is_better_text(lo), negative_realisasi_text(hi),
               capaian_exercise_text(1, hi), capaian_cases_text({"hi": hi, SCRIPT: lo}),
               lesson_heading(SCRIPT, 2023, pd.DataFrame())]
    for text in outputs:
        assert_inert(text)
    assert escape_markdown(LINK) in outputs[0] and escape_markdown(SCRIPT) in outputs[0]
    # a borrowed example: the explanation names the (escaped) lesson entity
    borrowed = dataclasses.replace(pick_example(evil_ds, *DUKCAPIL, "lower_is_better"),
                                   target_text=SCRIPT, realisasi_text=LINK)
    for text in (lower_is_better_text(borrowed), text_target_notes([borrowed]), capaian_exercise_text(2, borrowed)):
        assert_inert(text)
    # an example without a Markdown explanation has its plain one escaped as a whole
    bare = dataclasses.replace(borrowed, explanation=LINK, explanation_markdown="")
    assert escape_markdown(LINK) in text_target_notes([bare]) and "](javascript:" not in text_target_notes([bare])


# --- AKIP -------------------------------------------------------------------------------------------
def _akip(ds, entity: str, year: int):
    akip = akip_components_example(ds, entity, year)
    return akip, akip_what_if_base(akip.frame), akip_component_headroom(akip.frame)


def test_akip_section_of_the_city(ds):
    """Tabel 3.2: 22,16 + 20,47 + 8,90 + 15,57 = 67,10 (B); BB from 70.01: 2.91 points;
    full marks on pengukuran (9.53 open): 76.63."""
    akip, base, headroom = _akip(ds, *CITY)
    text = akip_components_text(ds, akip, base, headroom)
    assert "Sum of the components = 22.16 + 20.47 + 8.90 + 15.57 = **67.10**, predikat **B**" in text
    assert "prints a total of **67.10** with predikat B, the same figure." in text and "Warning" not in text
    nxt = akip_next_predikat_text(base, headroom)
    assert "the next predikat **BB** starts at 70.01: **2.91 points** to go" in nxt
    assert "9.53 points (pengukuran\\_kinerja)" in nxt
    assert akip_full_marks_total(headroom) == pytest.approx(76.63)
    assert "67.10 + 9.53 = **76.63**." in akip_exercise_text(akip, base, headroom)


def test_akip_section_flags_the_disdukcapil_total(ds):
    """Tabel 3.16: 24,69 + 29,84 + 12,02 + 21,04 = 87,59, printed 81,59 (A); the slip is recorded
    in data/discrepancies.csv; full marks on perencanaan: 87.59 + 5.31 = 92.90."""
    akip, base, headroom = _akip(ds, *DUKCAPIL)
    text = shown(akip_components_text(ds, akip, base, headroom))
    assert "= **87.59**, predikat **A**" in text and "a total of **81.59** with predikat A." in text
    assert "**Warning: the total does not add up.**" in text and "dukcapil-b-014" in text
    assert "**2.42 points** to go" in akip_next_predikat_text(base, headroom)
    exercise = akip_exercise_text(akip, base, headroom)
    assert "87.59 + 5.31 = **92.90**. This starts from the sum of the components, 87.59, not from the printed total 81.59" in exercise
    assert akip_full_marks_total(headroom) == pytest.approx(92.90)


def test_akip_section_escapes_names_from_the_data(ds):
    akip, base, headroom = _akip(ds, *DUKCAPIL)
    evil = dataclasses.replace(akip, entity_name=SCRIPT, explanation=LINK, explanation_markdown="")
    evil_base = dataclasses.replace(base, printed_predicate=LINK)
    evil_headroom = headroom.assign(component=[SCRIPT, LINK, SCRIPT, LINK])
    for text in (akip_components_text(ds, evil, evil_base, evil_headroom), akip_next_predikat_text(base, evil_headroom),
                 akip_exercise_text(evil, base, evil_headroom)):
        assert_inert(text)
        assert escape_markdown(SCRIPT) in text or escape_markdown(LINK) in text


# --- IKM --------------------------------------------------------------------------------------------
def test_ikm_section(ds):
    """Tabel 3.11 (Q4): Σ NRR 33.787 / 9 × 25 = 93.85 (mutu A), printed 93,86; the city prints no
    NRR and borrows them. Exercise 4: Q3 (Tabel 3.12) U1 3.663. City IKM IKU 5: 86,84."""
    own = shown(ikm_nrr_text(ds, ikm_nrr_example(ds, *DUKCAPIL)))
    assert "Survey period: **Q4**" in own and "= **93.85**, mutu **A** (Sangat Baik)" in own
    assert "the report prints 93.86." in own
    borrowed = shown(ikm_nrr_text(ds, ikm_nrr_example(ds, *CITY)))
    assert borrowed.startswith("Kota Bekasi's LKIP 2023 has no per-unsur NRR") and "**93.85**" in borrowed
    ex4 = shown(ikm_exercise_text(ikm_nrr_example(ds, *CITY, skip=1)))
    assert "period Q3 (2024), are: U1 3.663, U2 3.755" in ex4 and ex4.endswith("Kota Bekasi's LKIP 2024.*")
    card = iku_scorecard(ds, *CITY)
    assert mutu_exercise_ikm(card, None) == pytest.approx(86.84)
    assert "(*Indeks Kepuasan Masyarakat terhadap Layanan Publik*) has a realisasi of **86.84**" in mutu_exercise_text(card, "Kota Bekasi", 2023, None)
    no_ikm = card[~card["name"].str.contains("Kepuasan")]
    assert mutu_exercise_ikm(no_ikm, 93.8528) == pytest.approx(93.85)
    assert "computed in the worked example above is **93.85**" in mutu_exercise_text(no_ikm, "Kota Bekasi", 2023, 93.8528)


def test_ikm_section_escapes_names_from_the_data(ds, evil_ds):
    nrr = ikm_nrr_example(evil_ds, *CITY)  # borrowed: the explanation names the lesson entity
    evil = dataclasses.replace(nrr, entity_name=LINK, detail=SCRIPT, frame=nrr.frame.assign(unsur=LINK))
    card = iku_scorecard(ds, *CITY)
    card = card.assign(name=card["name"].where(~card["name"].str.contains("Kepuasan"), f"Kepuasan Masyarakat {SCRIPT}"))
    units = pd.DataFrame({"value": [80.0, 90.0]})
    for text in (ikm_nrr_text(ds, evil), ikm_exercise_text(evil), mutu_exercise_text(card, LINK, 2023, None),
                 ikm_units_text(SCRIPT, 2023, units)):
        assert_inert(text)
    assert escape_markdown(SCRIPT) in ikm_nrr_text(ds, nrr)
    # the IKM the report prints for the period, as text in indicator_values
    iv = ds.tables["indicator_values"].copy()
    printed = ((iv["entity_id"] == DUKCAPIL[0]) & iv["indicator_id"].str.endswith("-ikm") & (iv["year"] == DUKCAPIL[1])
               & (iv["measure"] == "realisasi") & (iv["period"] == "Q4"))
    assert printed.sum() == 1
    iv.loc[printed, "value_text"] = LINK
    edited = dataclasses.replace(ds, tables={**ds.tables, "indicator_values": iv})
    text = ikm_nrr_text(edited, ikm_nrr_example(edited, *DUKCAPIL))
    assert_inert(text)
    assert f"the report prints {escape_markdown(LINK)}." in text
    assert ikm_units_text("Kota Bekasi", 2023, units) == "2 service units of Kota Bekasi with an IKM in 2023 (median 85.00)."


# --- budget -----------------------------------------------------------------------------------------
def test_serapan_section(ds):
    """City Bab III.C: the programmes behind IKU 1 spent 71,56% of their pagu; not efisien."""
    eff = iku_efficiency(ds, *CITY).dropna(subset=["pagu", "realisasi"]).reset_index(drop=True)
    text = serapan_text(eff.iloc[0])
    assert text.startswith("**IKU 1, Nilai Akuntabilitas Kinerja Instansi Pemerintah \\(AKIP\\)**: serapan = ")
    assert "**71.56 %**; tingkat efisiensi = 100 − 71.56 = 28.44 %" in text and "**tidak efisien**" in text
    ex6 = serapan_exercise_text(eff.iloc[1])
    assert ex6.startswith(f"**Exercise 6: serapan.** The programmes behind IKU {int(eff.iloc[1]['iku_no'])}")
    assert f"pagu of Rp{eff.iloc[1]['pagu']:,.0f}" in ex6
    evil = eff.iloc[0].copy()
    evil["name"], evil["judgement"] = SCRIPT, LINK
    for out in (serapan_text(evil), serapan_exercise_text(evil)):
        assert_inert(out)
        assert escape_markdown(SCRIPT) in out


# --- forecast ---------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def forecasts(ds):
    """Per report: the forecast summary row of the lesson's indicator, and the whole summary."""
    out = {}
    for entity, year in (CITY, DUKCAPIL):
        overview = forecast_entity(ds, entity, year, horizon=3)
        fc_id = pick_forecast_indicator(overview.summary)
        row = overview.summary.set_index("indicator_id").loc[fc_id].copy()
        out[entity] = row, overview.summary
    return out


def test_city_forecast_has_no_future_target(ds, forecasts):
    """City: the RPJMD's last targets are for 2023; the AKIP target for 2023 was 77,00."""
    row, summary = forecasts["kota-bekasi"]
    text = forecast_text(row, "Kota Bekasi", 2023, "rpjmd", last_plan_target_year(ds, "kota-bekasi"))
    assert "**No future target to forecast against.** Kota Bekasi's RPJMD sets no target after 2023" in text
    assert "the 2023 target was 77; its progress class: **" in text
    counts = report_progress_counts(summary)
    assert counts["n"].sum() == summary["report_progress"].notna().sum() > 0
    assert report_progress_intro(summary, 2023) == (
        f"Progress towards the 2023 targets: the {counts['n'].sum()} IKU (of {len(summary)}) whose progress can be assessed:")
    later = forecast_text(row, "Kota Bekasi", 2023, "rpjmd", 2026)
    assert "this indicator has no target after 2023 in the data (other indicators have targets up to 2026" in later


def test_disdukcapil_forecast_has_a_next_target(ds, forecasts):
    """Disdukcapil: the revised Renstra sets the IKM target 85,15 for 2025."""
    row, _ = forecasts["disdukcapil-kota-bekasi"]
    text = forecast_text(row, "Disdukcapil", 2024, "renstra", last_plan_target_year(ds, "disdukcapil-kota-bekasi"))
    assert text.startswith("**Indeks Kepuasan Masyarakat**: ")
    assert "Its next target is **85.15 for 2025**: probability of meeting it **" in text
    assert "No future target" not in text


def test_forecast_section_escapes_names_from_the_data(forecasts):
    row, _ = forecasts["kota-bekasi"]
    evil = row.copy()
    evil["name"], evil["model"], evil["report_progress"] = SCRIPT, LINK, SCRIPT
    text = forecast_text(evil, LINK, 2023, "rpjmd", 2023)
    assert_inert(text)
    assert escape_markdown(SCRIPT) in text and escape_markdown(LINK) in text


def test_report_progress_counts_lists_the_iku_per_class():
    summary = pd.DataFrame({"iku_no": [1, 2, 3, 4], "report_progress": ["on track", None, "deterioration", "on track"]})
    counts = report_progress_counts(summary)
    assert counts.to_dict("records") == [{"report_progress": "on track", "n": 2, "iku": "1, 4"},
                                         {"report_progress": "deterioration", "n": 1, "iku": "3"}]
    assert "the 3 IKU (of 4)" in report_progress_intro(summary, 2023)


def test_the_higher_is_better_lesson_without_a_case_says_so():
    assert higher_is_better_text(None) == (
        "No higher-is-better IKU with a numeric target and realisasi exists in any report of the data.")


def test_lesson_in_bahasa_indonesia(ds, monkeypatch):
    """The default language of the reports: where the example comes from, the question and the
    working, numbers in Indonesian notation (the city's AKIP 67,10 against 77,00)."""
    from lkip_helpers.data.i18n import catalog
    from lkip_helpers.primer.teaching import EXAMPLE_KINDS

    monkeypatch.setattr(i18n, "_language", "id")
    assert all(kind.split(" (")[0] in catalog("id") for kind in EXAMPLE_KINDS.values())
    akip = next(e for skip in range(5) if (e := pick_example(ds, *CITY, "higher_is_better", skip=skip)) is not None
                and e.indicator_id == "kota-akip")
    assert akip.explanation == f"Dari LKIP 2023 milik Kota Bekasi sendiri: IKU {akip.iku_no}, {akip.name}."
    question = capaian_exercise_text(1, akip)
    assert question.startswith("**Latihan 1: capaian, makin tinggi makin baik.**")
    assert "Berapa capaiannya dalam % (2 desimal)?" in question and "What is" not in question
    working = higher_is_better_text(akip)
    assert "= 67,10 / 77,00 × 100 = 87,14 %" in working and "makin tinggi makin baik, sehingga capaian" in working
