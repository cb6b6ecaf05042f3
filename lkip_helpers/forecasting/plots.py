"""Small-multiple fan charts: history, targets and the forecast with 80 % / 95 % bands."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:  # pragma: no cover
    from .core import EntityForecast

__all__ = ["forecast_fan_grid"]

FAN_COLOUR = "#0072b2"
TARGET_COLOUR = "#d55e00"


def _panel(ax, data: pd.DataFrame) -> None:
    """Draw one indicator: bands, median forecast, observations and targets."""
    hist = data[data["kind"] == "observed"].sort_values("year")
    fc = data[data["kind"] == "forecast"].sort_values("year")
    tg = data[data["kind"] == "target"]
    if len(fc):
        ax.fill_between(fc["year"], fc["lo95"], fc["hi95"], color=FAN_COLOUR, alpha=0.15, linewidth=0)
        ax.fill_between(fc["year"], fc["lo80"], fc["hi80"], color=FAN_COLOUR, alpha=0.3, linewidth=0)
        joined = pd.concat([hist.tail(1), fc])
        ax.plot(joined["year"], joined["value"], color=FAN_COLOUR, linestyle="--", marker="o", markersize=3)
    ax.plot(hist["year"], hist["value"], color="black", marker="o")
    if len(tg):
        ax.scatter(tg["year"], tg["value"], color=TARGET_COLOUR, marker="X", s=60, zorder=5)


def forecast_fan_grid(result: EntityForecast, *, col_wrap: int = 3, height: float = 2.6):
    """One panel per forecast indicator: observations (black), targets (orange ×), median
    forecast (dashed blue) with 80 % (dark) and 95 % (light) prediction bands.

    Drawn with plain matplotlib subplots (a seaborn FacetGrid costs about a second more).
    Returns the matplotlib ``Figure`` (``None`` when no indicator has a forecast).
    """
    import matplotlib.pyplot as plt

    ids = [i for i in result.summary.loc[result.summary["status"] == "forecast", "indicator_id"]]
    if not ids:
        return None
    labels = {}
    for r in result.summary.itertuples():
        no = f"{int(r.iku_no)}. " if pd.notna(r.iku_no) else ""
        name = r.name if len(r.name) <= 38 else r.name[:36] + "…"
        labels[r.indicator_id] = f"{no}{name} ({r.unit})"
    parts = [
        result.history.assign(kind="observed"),
        result.forecasts.rename(columns={"median": "value"}).assign(kind="forecast"),
        result.targets.rename(columns={"target": "value"})[["indicator_id", "year", "value"]].assign(kind="target"),
    ]
    data = pd.concat([p[p["indicator_id"].isin(ids)] for p in parts], ignore_index=True)
    ncols = min(col_wrap, len(ids))
    nrows = -(-len(ids) // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(ncols * height * 1.4, nrows * height + 0.5), sharex=True,
                             squeeze=False)
    years = sorted(set(data["year"].astype(int)))
    for ax, ind in zip(axes.flat, ids):
        _panel(ax, data[data["indicator_id"] == ind])
        ax.set_title(labels[ind], fontsize=9)
        ax.set_xticks(years if len(years) <= 10 else years[:: max(1, len(years) // 8)])
        ax.tick_params(axis="x", labelrotation=45, labelsize=8)
    for ax in list(axes.flat)[len(ids):]:
        ax.set_visible(False)
    fig.suptitle(
        f"{result.entity}: observed (black), targets (×), forecast median (dashed) with 80 % / 95 % bands", size=10)
    return fig
