"""Fan chart: gaps in a series stay gaps, the plan's target path and P(meet) are drawn."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from lkip_helpers.data.i18n import format_number  # noqa: E402
from lkip_helpers.forecasting import forecast_entity  # noqa: E402
from lkip_helpers.forecasting.plots import forecast_fan_grid, runs  # noqa: E402


def test_runs_split_at_gaps():
    assert runs([2018, 2022, 2023]) == [[2018], [2022, 2023]]
    assert runs([2020, 2021, 2022]) == [[2020, 2021, 2022]]
    assert runs([]) == []


def test_fan_chart_draws_gaps_the_plan_path_and_p_meet(ds):
    import matplotlib.pyplot as plt

    r = forecast_entity(ds, "disdukcapil-kota-bekasi", 2024, indicators=["dukcapil-ikm"])
    fig = forecast_fan_grid(r)
    ax = fig.axes[0]
    black = [ln for ln in ax.get_lines() if ln.get_color() == "black"]
    years = sorted(int(y) for y in r.history["year"])
    assert [list(np.asarray(ln.get_xdata(), dtype=int)) for ln in black] == runs(years)
    dotted = [ln for ln in ax.get_lines() if ln.get_linestyle() == ":"]
    t = r.targets.sort_values("year")
    assert len(dotted) == 1 and list(dotted[0].get_xdata()) == list(t["year"])
    texts = sorted(a.get_text() for a in ax.texts)
    assert texts == sorted(f"P={format_number(p, 2)}" for p in t["p_meet"].dropna())
    plt.close(fig)

    city = forecast_entity(ds, "kota-bekasi", 2023, indicators=["kota-akip"])  # 2018, 2022, 2023: a gap
    fig = forecast_fan_grid(city)
    black = [ln for ln in fig.axes[0].get_lines() if ln.get_color() == "black"]
    assert [list(np.asarray(ln.get_xdata(), dtype=int)) for ln in black] == [[2018], [2022, 2023]]
    plt.close(fig)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_fan_charts_fit_an_a4_page_in_both_languages(ds, monkeypatch, lang):
    """Every indicator of both reports: the figure within A4 width, no text outside it (the long
    title and the indicators' names wrapped, not cut), the title in the reader's language and
    naming the entity, P(meet) in the reader's notation."""
    import matplotlib.pyplot as plt

    from lkip_helpers.data import i18n
    from lkip_helpers.notebook import figure_problems

    monkeypatch.setattr(i18n, "_language", lang)
    notes = []
    for entity, year in (("kota-bekasi", 2023), ("disdukcapil-kota-bekasi", 2024)):
        fig = forecast_fan_grid(forecast_entity(ds, entity, year), entity_name="Kota Bekasi")
        assert figure_problems(fig) == [], entity
        title = fig.get_suptitle().replace("\n", " ")
        assert title.startswith("Kota Bekasi:") and ("pengamatan" in title) == (lang == "id")
        names = " ".join(ax.get_title() for ax in fig.axes).replace("\n", " ")
        assert "…" not in names
        notes += [t.get_text() for ax in fig.axes for t in ax.texts]
        plt.close(fig)
    assert notes and all(("," in n) == (lang == "id") for n in notes)
