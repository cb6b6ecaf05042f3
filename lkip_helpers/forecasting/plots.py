"""Small-multiple fan charts: history, targets and the forecast with 80 % / 95 % bands."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:  # pragma: no cover
    from .core import EntityForecast

__all__ = ["forecast_fan_grid"]

FAN_COLOUR = "#0072b2"
TARGET_COLOUR = "#d55e00"


def _panel(data: pd.DataFrame, **_: object) -> None:
    import matplotlib.pyplot as plt
    import seaborn as sns

    ax = plt.gca()
    hist = data[data["kind"] == "observed"]
    fc = data[data["kind"] == "forecast"].sort_values("year")
    tg = data[data["kind"] == "target"]
    if len(fc):
        ax.fill_between(fc["year"], fc["lo95"], fc["hi95"], color=FAN_COLOUR, alpha=0.15, linewidth=0)
        ax.fill_between(fc["year"], fc["lo80"], fc["hi80"], color=FAN_COLOUR, alpha=0.3, linewidth=0)
        joined = pd.concat([hist.tail(1), fc])
        sns.lineplot(data=joined, x="year", y="value", ax=ax, color=FAN_COLOUR, linestyle="--", marker="o",
                     markersize=3)
    sns.lineplot(data=hist, x="year", y="value", ax=ax, color="black", marker="o")
    if len(tg):
        sns.scatterplot(data=tg, x="year", y="value", ax=ax, color=TARGET_COLOUR, marker="X", s=60, zorder=5)


def forecast_fan_grid(result: EntityForecast, *, col_wrap: int = 3, height: float = 2.6):
    """One panel per forecast indicator: observations (black), targets (orange ×), median
    forecast (dashed blue) with 80 % (dark) and 95 % (light) prediction bands.

    Returns the seaborn ``FacetGrid`` (``None`` when no indicator has a forecast).
    """
    import seaborn as sns

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
    data["panel"] = data["indicator_id"].map(labels)
    order = [labels[i] for i in ids]
    grid = sns.FacetGrid(data, col="panel", col_order=order, col_wrap=min(col_wrap, len(ids)), sharey=False,
                         sharex=True, height=height, aspect=1.4)
    grid.map_dataframe(_panel)
    grid.set_titles("{col_name}", size=9)
    grid.set_axis_labels("", "")
    years = sorted(set(data["year"].astype(int)))
    for ax in grid.axes.flat:
        ax.set_xticks(years if len(years) <= 10 else years[:: max(1, len(years) // 8)])
        ax.tick_params(axis="x", labelrotation=45, labelsize=8)
    grid.figure.suptitle(
        f"{result.entity}: observed (black), targets (×), forecast median (dashed) with 80 % / 95 % bands", y=1.02,
        size=10)
    return grid
