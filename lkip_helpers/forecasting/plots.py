"""Small-multiple fan charts: history, targets and the forecast with 80 % / 95 % bands."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from lkip_helpers.data.i18n import format_number, translate
from lkip_helpers.notebook.figure_layout import A4_WIDTH, fit_titles, new_figure, set_wrapped_suptitle

if TYPE_CHECKING:  # pragma: no cover
    from .core import EntityForecast

__all__ = ["forecast_fan_grid", "runs"]

FAN_COLOUR = "#0072b2"
TARGET_COLOUR = "#d55e00"


def _title(entity: str) -> str:
    """The figure's title, in the reader's language."""
    return translate("{entity}: observed (black; gaps are gaps), targets (× on the plan's dotted path, P(meet) above), "
                     "forecast median (dashed) with 80 % / 95 % bands").format(entity=entity)


def runs(years: list[int]) -> list[list[int]]:
    """Consecutive-year runs of sorted ``years``: a line is drawn within a run, never across a gap."""
    out: list[list[int]] = []
    for y in years:
        if out and y == out[-1][-1] + 1:
            out[-1].append(y)
        else:
            out.append([y])
    return out


def _panel(ax, data: pd.DataFrame) -> None:
    """Draw one indicator: bands, median forecast, observations (a gap in the years is a gap in
    the line), the plan's target path and each future target's P(meet)."""
    hist = data[data["kind"] == "observed"].sort_values("year")
    fc = data[data["kind"] == "forecast"].sort_values("year")
    tg = data[data["kind"] == "target"].sort_values("year")
    if len(fc):
        ax.fill_between(fc["year"], fc["lo95"], fc["hi95"], color=FAN_COLOUR, alpha=0.15, linewidth=0)
        ax.fill_between(fc["year"], fc["lo80"], fc["hi80"], color=FAN_COLOUR, alpha=0.3, linewidth=0)
        joined = pd.concat([hist.tail(1), fc])
        ax.plot(joined["year"], joined["value"], color=FAN_COLOUR, linestyle="--", marker="o", markersize=3)
    by_year = hist.set_index("year")["value"]
    for run in runs([int(y) for y in hist["year"]]):
        ax.plot(run, [by_year[y] for y in run], color="black", marker="o")
    if len(tg):
        ax.plot(tg["year"], tg["value"], color=TARGET_COLOUR, linestyle=":", linewidth=1)  # the plan's path
        ax.scatter(tg["year"], tg["value"], color=TARGET_COLOUR, marker="X", s=60, zorder=5)
        for r in tg.dropna(subset=["p_meet"]).itertuples():
            ax.annotate(f"P={format_number(r.p_meet, 2)}", (r.year, r.value), textcoords="offset points",
                        xytext=(0, 7), ha="center", fontsize=8, color=TARGET_COLOUR)


def forecast_fan_grid(result: EntityForecast, *, col_wrap: int = 3, height: float = 2.4, entity_name: str | None = None):
    """One panel per forecast indicator: observations (black, a line only between consecutive
    years), targets (orange ×) joined by the plan's path (dotted) with P(meet) above each future
    target, median forecast (dashed blue) with 80 % (dark) and 95 % (light) prediction bands.

    The title names ``entity_name`` (default: the entity's id). A4 wide, panel titles (the indicators' names) and the figure's title wrapped, never cut.
    Drawn with plain matplotlib subplots (a seaborn FacetGrid costs about a second more).
    Returns the matplotlib ``Figure`` (``None`` when no indicator has a forecast).
    """
    ids = [i for i in result.summary.loc[result.summary["status"] == "forecast", "indicator_id"]]
    if not ids:
        return None
    labels = {}
    for r in result.summary.itertuples():
        no = f"{int(r.iku_no)}. " if pd.notna(r.iku_no) else ""
        labels[r.indicator_id] = f"{no}{r.name} ({r.unit})"
    parts = [
        result.history.assign(kind="observed"),
        result.forecasts.rename(columns={"median": "value"}).assign(kind="forecast"),
        result.targets.rename(columns={"target": "value"})[["indicator_id", "year", "value", "p_meet"]].assign(
            kind="target"),
    ]
    data = pd.concat([p[p["indicator_id"].isin(ids)] for p in parts], ignore_index=True)
    ncols = min(col_wrap, len(ids))
    nrows = -(-len(ids) // ncols)
    fig, axes = new_figure(min(A4_WIDTH, ncols * height * 1.4), nrows * height + 1.0, nrows=nrows, ncols=ncols,
                           sharex=True, squeeze=False)
    years = sorted(set(data["year"].astype(int)))
    for ax, ind in zip(axes.flat, ids):
        _panel(ax, data[data["indicator_id"] == ind])
        ax.set_title(labels[ind], fontsize=8)
        ax.set_xticks(years if len(years) <= 10 else years[:: max(1, len(years) // 8)])
        ax.tick_params(axis="x", labelrotation=45, labelsize=8)
        ax.tick_params(axis="y", labelsize=8)
    for i, ax in enumerate(axes.flat):
        if i >= len(ids):
            ax.set_visible(False)
        elif i + ncols >= len(ids):  # nothing drawn below: this panel shows the years
            ax.xaxis.set_tick_params(labelbottom=True)
    set_wrapped_suptitle(fig, _title(entity_name or result.entity), fontsize=9)
    fit_titles(fig)
    return fig
