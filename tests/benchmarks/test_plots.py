"""Benchmark figures drawn from small hand-made frames: each returns its Figure/Axes with the
expected panels, titles, labels and number of marks."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from lkip_helpers.benchmarks.plots import (  # noqa: E402
    FOCAL_COLOUR,
    category_bar_chart,
    level_comparison_chart,
    measure_dot_plots,
)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _table(measure: str, values: list[float]) -> pd.DataFrame:
    names = ["Kota A", "Kota B", "Kab C"]
    return pd.DataFrame({"name": names, "role": ["focal", "peer", "peer"], "is_focal": [True, False, False],
                         "level": "kota", "value": values, "measure": measure})


def test_measure_dot_plots_draw_one_panel_per_measure_present():
    tables = pd.concat([_table("target", [3e12, 2e12, 1e12]), _table("capaian", [101.0, 95.0, 99.0])])
    fig = measure_dot_plots(tables, what="PAD", units={"target": (1e12, "triliun rupiah")}, reference={"capaian": 100})
    assert isinstance(fig, Figure)
    axes = fig.axes
    assert [a.get_title() for a in axes] == ["PAD target", "PAD capaian"]  # realisasi is absent
    assert axes[0].get_xlabel() == "triliun rupiah" and axes[1].get_xlabel() == ""
    xs = sorted(x for c in axes[0].collections for x, _ in c.get_offsets())
    assert xs == [1.0, 2.0, 3.0]  # scaled to triliun, one dot per region
    # capaian: the peer median (dotted) and the reference line at 100
    assert sorted(ln.get_xdata()[0] for ln in axes[1].lines) == [97.0, 100]


def test_measure_dot_plots_without_any_measure_is_an_error():
    with pytest.raises(ValueError, match="none of the measures"):
        measure_dot_plots(_table("other", [1.0, 2.0, 3.0]), what="PAD")


def test_category_bar_chart_annotates_the_focal_category_of_each_year():
    dist = pd.DataFrame({"base": ["WTP", "WDP", "WTP", "WDP"], "count": [20, 7, 22, 5], "year": [2021, 2021, 2022, 2022],
                         "focal": [True, False, False, True]})
    ax = category_bar_chart(dist, focal_name="Kota <A>", title="Distribution of opini BPK", xlabel="regions")
    assert ax.get_title() == "Distribution of opini BPK" and ax.get_xlabel() == "regions"
    assert len(ax.patches) >= 4  # one bar per category and year
    notes = [t.get_text() for t in ax.texts]
    assert notes == ["Kota <A> 2021", "Kota <A> 2022"]
    assert all(t.get_color() == FOCAL_COLOUR for t in ax.texts)


def test_level_comparison_chart_has_one_panel_per_indicator(monkeypatch):
    from lkip_helpers.data import i18n

    monkeypatch.setattr(i18n, "_language", "en")
    levels = pd.DataFrame({
        "indicator": ["tpt", "tpt", "tpt", "laju-inflasi", "laju-inflasi"],
        "year": [2023, 2023, 2023, 2022, 2022],
        "name": ["Kota A", "Jawa Barat", "Indonesia", "Kota A", "Indonesia"],
        "level": ["kota", "provinsi", "nasional", "kota", "nasional"],
        "value": [7.9, 7.4, 5.3, 2.1, 2.6],
    })
    fig = level_comparison_chart(levels)
    assert isinstance(fig, Figure)
    assert [a.get_title() for a in fig.axes] == ["tpt (2023)", "laju-inflasi (2022)"]
    assert [sum(len(c.get_offsets()) for c in a.collections) for a in fig.axes] == [3, 2]
    assert fig.axes[0].get_xlabel() == "%"
    # each level its own marker: told apart on a greyscale print
    markers = [c.get_paths()[0].vertices.round(3).tobytes() for c in fig.axes[0].collections]
    assert len(set(markers)) == 3
    assert "province (green square)" in fig.get_suptitle().replace("\n", " ")


# --- the real data, both languages ------------------------------------------------------------------
@pytest.fixture(params=["id", "en"])
def lang(request, monkeypatch):
    from lkip_helpers.data import i18n

    monkeypatch.setattr(i18n, "_language", request.param)
    return request.param


def _real_figures(ds) -> dict[str, object]:
    """Every benchmark figure of kota-bekasi 2023 as notebook 04 draws it."""
    from lkip_helpers import benchmarks as bm
    from lkip_helpers.benchmarks.plots import dot_plot, rank_heatmap, slope_chart

    focal, year = "kota-bekasi", 2023
    at = lambda indicator, measure="value": bm.latest_year(ds, indicator, year, measure)  # noqa: E731
    gk_year = at("garis-kemiskinan")
    figs = {
        "dot": dot_plot(bm.benchmark_table(ds, "garis-kemiskinan", gk_year, focal, "all"), title="Garis kemiskinan",
                        xlabel="ribu rupiah", scale=1e3).figure,
        "slope": slope_chart(bm.change_table(ds, "garis-kemiskinan", 2021, gk_year, focal, "all"),
                             title="Garis kemiskinan 2021→2023", ylabel="ribu rupiah", scale=1e3).figure,
    }
    rows = [bm.categorical_position(ds, "opini-bpk", y, focal, "all").distribution.assign(year=y) for y in (2021, 2022)]
    figs["category"] = category_bar_chart(pd.concat(rows, ignore_index=True), focal_name="Kota Bekasi",
                                          title="Sebaran opini BPK", xlabel="kabupaten/kota").figure
    pad = [bm.benchmark_table(ds, "pad", at("pad", m), focal, "all", measure=m).assign(measure=m)
           for m in ("target", "realisasi", "capaian")]
    figs["measures"] = measure_dot_plots(pd.concat(pad, ignore_index=True), what="PAD", reference={"capaian": 100},
                                         units={"target": (1e12, "triliun rupiah"), "realisasi": (1e12, "triliun rupiah")})
    levels = [bm.level_comparison(ds, i, at(i), focal).assign(indicator=i, year=at(i))
              for i in ("tpt", "laju-inflasi", "kemantapan-jalan")]
    names = ds["indicators"].set_index("indicator_id")["name"].to_dict()
    figs["levels"] = level_comparison_chart(pd.concat(levels, ignore_index=True), names=names)
    items = [(i, y, "value") for i in ("jumlah-penduduk-miskin", "garis-kemiskinan") for y in (2021, 2022, 2023)]
    matrix = bm.rank_matrix(ds, items, focal, "all")
    figs["ranks"] = rank_heatmap(matrix.loc[:, matrix.notna().sum() >= 3], focal_name="Kota Bekasi",
                                 title="Peringkat dalam kelompok pembanding (all)").figure
    return figs


def test_every_benchmark_figure_fits_an_a4_page(ds, lang):
    from lkip_helpers.data.i18n import translate
    from lkip_helpers.notebook import figure_problems

    figs = _real_figures(ds)
    for name, fig in figs.items():
        assert figure_problems(fig) == [], name
    median = [t.get_text() for t in figs["dot"].axes[0].get_legend().get_texts()]
    assert translate("peer median", lang) in median and ("median pembanding" in median) == (lang == "id")
    titles = " ".join(ax.get_title() for ax in figs["levels"].axes).replace("\n", " ")
    assert "Tingkat Pengangguran Terbuka (TPT)" in titles and "laju-inflasi" not in titles  # names, not ids
    colourbar = figs["ranks"].axes[-1].get_ylabel()
    assert colourbar == translate("rank (1 = best / highest)", lang) and ("peringkat" in colourbar) == (lang == "id")


def test_the_focal_region_stands_out_in_greyscale(ds):
    """The focal region is a larger diamond, the peers small light dots: apart without colour."""
    from lkip_helpers.benchmarks.plots import PEER_COLOUR
    from lkip_helpers.notebook import grey_level

    ax = _real_figures(ds)["dot"].axes[0]
    peers, focal = ax.collections[0], ax.collections[1]
    assert len(focal.get_offsets()) == 1 and len(peers.get_offsets()) >= 10
    assert abs(grey_level(FOCAL_COLOUR) - grey_level(PEER_COLOUR)) >= 0.25
    assert focal.get_sizes()[0] > peers.get_sizes()[0]
    assert focal.get_paths()[0].vertices.round(3).tobytes() != peers.get_paths()[0].vertices.round(3).tobytes()
