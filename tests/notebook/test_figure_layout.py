"""Figures that print on A4: the checker itself (it finds a figure too wide, a title cut at the
edge, a font too small, overlapping labels), and the overview and misi figures drawn from the real
data in both languages: nothing reaches outside the figure, the IKU labels of the budget scatter
do not overlap, the statuses stay apart in greyscale, every text is in the reader's language."""

from __future__ import annotations

import itertools

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from lkip_helpers.data import i18n  # noqa: E402
from lkip_helpers.data.i18n import translate  # noqa: E402
from lkip_helpers.notebook import (  # noqa: E402
    A4_WIDTH,
    STATUS_COLOURS,
    STATUS_HATCHES,
    capaian_bar_chart,
    efficiency_scatter,
    figure_problems,
    grey_level,
    heatmap,
    new_figure,
    overlapping_texts,
    set_wrapped_title,
    trajectory_grid,
)
from lkip_helpers.notebook.figure_layout import wrap_text  # noqa: E402
from lkip_helpers.reports import iku_efficiency, iku_scorecard, ikm_unsur_matrix, trajectories  # noqa: E402

REPORTS = [("kota-bekasi", 2023), ("disdukcapil-kota-bekasi", 2024)]
LONG_TITLE = "Capaian per IKU, Dinas Kependudukan dan Pencatatan Sipil Kota Bekasi, laporan kinerja tahun 2024"


@pytest.fixture(autouse=True)
def _close_figures():
    """Every figure is drawn as the notebooks draw it (their theme, applied by ``start``) and
    closed after the test; the theme is undone too, so that the order of the tests changes nothing."""
    from lkip_helpers.notebook.figures import use_theme

    with matplotlib.rc_context():
        use_theme()
        yield
    plt.close("all")


@pytest.fixture(params=["id", "en"])
def lang(request, monkeypatch):
    monkeypatch.setattr(i18n, "_language", request.param)
    return request.param


# --- the checker ---------------------------------------------------------------------------------
def test_the_checker_finds_a_wide_figure_a_cut_title_and_a_small_font():
    fig, ax = plt.subplots(figsize=(11, 3))
    ax.set_title(LONG_TITLE * 2)
    ax.text(0.5, 0.5, "tiny", fontsize=6)
    problems = figure_problems(fig)
    assert any("11.0 in wide" in p for p in problems)
    assert any("reaches outside the figure" in p and "Capaian per IKU" in p for p in problems)
    assert any("'tiny' is 6.0 pt" in p for p in problems)


def test_a_wrapped_title_fits_and_the_width_is_capped():
    fig, ax = new_figure(11, 3)
    assert fig.get_figwidth() == A4_WIDTH
    set_wrapped_title(ax, LONG_TITLE)
    assert "\n" in ax.get_title() and figure_problems(fig) == []
    assert wrap_text("kabupaten/kota-bekasi sangat panjang", 1.0, 10).count("-\n") == 0  # no break at a hyphen


def test_overlapping_texts_are_found():
    fig, ax = plt.subplots(figsize=(4, 3))
    a, b, c = ax.text(0.5, 0.5, "12"), ax.text(0.505, 0.5, "13"), ax.text(0.1, 0.1, "14")
    fig.canvas.draw()
    assert overlapping_texts([a, b, c]) == [("12", "13")]


def test_grey_levels():
    assert grey_level("black") == 0 and grey_level("white") == pytest.approx(1)
    assert grey_level("#808080") == pytest.approx(0.502, abs=1e-3)


def test_the_statuses_differ_in_greyscale():
    """Every two statuses print as greys at least 0.15 apart, and their bars' hatches differ."""
    for a, b in itertools.combinations(STATUS_COLOURS, 2):
        assert abs(grey_level(STATUS_COLOURS[a]) - grey_level(STATUS_COLOURS[b])) >= 0.15, (a, b)
        assert STATUS_HATCHES[a] != STATUS_HATCHES[b]


# --- the overview and misi figures on the real data ------------------------------------------
@pytest.mark.parametrize("entity,year", REPORTS)
def test_capaian_bars_fit_the_page_in_both_languages(ds, lang, entity, year):
    card = iku_scorecard(ds, entity, year)
    ax = capaian_bar_chart(card, title=LONG_TITLE)
    assert figure_problems(ax.figure) == []
    assert ax.get_xlabel() == translate("capaian (%); dashed line: target reached (100 %)", lang)
    assert ("garis putus-putus" in ax.get_xlabel()) == (lang == "id")
    values = [t.get_text() for t in ax.texts]
    akip = card.loc[card["capaian"].notna(), "capaian"].iloc[0]
    assert i18n.format_percent(akip, lang=lang) in values
    # every bar carries its status' hatch: the statuses stay apart without colour
    hatches = {p.get_hatch() or "" for p in ax.patches if p.get_width() != 0}
    assert hatches == {STATUS_HATCHES[s] for s in set(card.loc[card["capaian"].notna(), "status"])}


@pytest.mark.parametrize("entity,year", REPORTS)
def test_the_budget_scatter_labels_do_not_overlap(ds, lang, entity, year):
    card = iku_scorecard(ds, entity, year)
    frame = iku_efficiency(ds, entity, year).merge(card[["indicator_id", "label"]], on="indicator_id")
    ax = efficiency_scatter(frame, title=LONG_TITLE)
    fig = ax.figure
    assert figure_problems(fig) == []
    labels = [t for t in ax.texts if t.get_text().isdigit()]
    assert len(labels) == frame.dropna(subset=["serapan", "capaian"]).shape[0] >= 3
    fig.canvas.draw()
    assert overlapping_texts(labels) == []
    assert ax.get_xlabel() == translate("serapan: budget realised / pagu (%)", lang)
    # the judgements differ by marker, not by colour alone
    markers = {c.get_paths()[0].vertices.round(3).tobytes() for c in ax.collections if len(c.get_offsets())}
    assert len(markers) == frame["judgement"].dropna().nunique()


def test_the_ikm_heat_map_fits_and_keeps_its_order_in_greyscale(ds, lang):
    unsur = ikm_unsur_matrix(ds, "disdukcapil-kota-bekasi", 2024)
    unsur["unsur_label"] = unsur["unsur"] + " " + unsur["unsur_name"].fillna("")
    ax = heatmap(unsur.dropna(subset=["ikm"]), index="unsur_label", columns="period", values="ikm",
                 xlabel=translate("period"), title=LONG_TITLE)
    assert figure_problems(ax.figure) == []
    assert ax.get_xlabel() == ("periode" if lang == "id" else "period")
    mesh = ax.collections[0]
    values, greys = mesh.get_array().compressed(), [grey_level(c) for c in mesh.get_facecolors()]
    pairs = sorted(zip(values, greys))
    assert all(g1 >= g2 - 1e-9 for (_, g1), (_, g2) in zip(pairs, pairs[1:])), "a higher IKM is never lighter"
    decimal = "," if lang == "id" else "."
    assert all(decimal in t.get_text() for t in ax.texts)


def test_the_trajectory_panels_fit_the_page(ds, lang):
    card = iku_scorecard(ds, "kota-bekasi", 2023)
    paths = trajectories(ds, "kota-bekasi", card[card["misi_no"] == 1])
    fig = trajectory_grid(paths)
    assert figure_problems(fig) == []
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend[0] == ("baseline (kondisi awal)" if lang == "id" else "baseline (starting condition)")
    # baseline, target and realisasi differ by marker and line style (greyscale-safe)
    lines = [ln for ln in fig.legends[0].get_lines()]
    assert len({(ln.get_marker(), ln.get_linestyle()) for ln in lines}) == 3


def test_figures_without_rows_draw_an_empty_plot_without_a_legend():
    import pandas as pd

    card = pd.DataFrame({"label": pd.Series(dtype=str), "capaian": pd.Series(dtype=float), "status": pd.Series(dtype=str)})
    ax = capaian_bar_chart(card, title="Capaian per IKU")
    assert ax.figure.legends == [] and figure_problems(ax.figure) == []
    frame = pd.DataFrame({"serapan": [80.0, None], "capaian": [90.0, 95.0], "judgement": ["efisien", None],
                          "label": ["1. A", "2. B"]})
    ax = efficiency_scatter(frame.iloc[1:], title="Serapan")
    assert ax.figure.legends == [] and len(ax.texts) == 0
    assert [t.get_text() for t in efficiency_scatter(frame).texts] == ["1"]
