"""Figures of regional benchmarks (matplotlib/seaborn imported inside the functions): a dot plot
of one metric's ranked table (alone or one panel per measure), a slope chart of a change table,
the distribution of a categorical metric, the focal region beside the province and the nation,
and a heat map of ranks on several metrics, with the focal region highlighted in
:data:`FOCAL_COLOUR`. Every function returns the Figure or Axes it drew on.
"""

from __future__ import annotations

import pandas as pd

__all__ = [
    "FOCAL_COLOUR",
    "LEVEL_COLOURS",
    "PEER_COLOUR",
    "category_bar_chart",
    "dot_plot",
    "level_comparison_chart",
    "measure_dot_plots",
    "rank_heatmap",
    "slope_chart",
]

#: Colour of the focal region in every benchmark figure.
FOCAL_COLOUR = "#d95f02"
#: Colour of the peers.
PEER_COLOUR = "#9e9e9e"
#: Colour of each level in :func:`level_comparison_chart`.
LEVEL_COLOURS: dict[str, str] = {"kota": FOCAL_COLOUR, "kabupaten": FOCAL_COLOUR, "provinsi": "#1b9e77", "nasional": "#7570b3"}


def dot_plot(
    table: pd.DataFrame,
    *,
    title: str = "",
    xlabel: str = "",
    show_levels: bool = True,
    scale: float = 1.0,
    ax: object | None = None,
) -> object:
    """Dot plot of a :func:`benchmark_table`: one dot per ranked region, the focal region highlighted.

    The peer median (of the other regions) is a dotted line; with ``show_levels`` the province and
    the nation are dashed lines (leave it off for totals such as poverty counts, where the
    province is the sum of the regions). Values are divided by ``scale`` (e.g. 1e12 for triliun).
    Returns the Axes.
    """
    import matplotlib.pyplot as plt
    import seaborn as sns

    data = table[table["role"].isin(["focal", "peer"]) & table["value"].notna()].copy()
    data["shown"] = data["value"] / scale
    data = data.sort_values("shown")
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 0.32 * len(data) + 1.6))
    sns.stripplot(
        data=data,
        x="shown",
        y="name",
        hue="role",
        palette={"focal": FOCAL_COLOUR, "peer": PEER_COLOUR},
        hue_order=["peer", "focal"],
        size=9,
        jitter=False,
        legend=False,
        ax=ax,
    )
    others = data.loc[data["role"] == "peer", "shown"]
    if len(others):
        ax.axvline(float(others.median()), color="black", linestyle=":", linewidth=1, label="peer median")
    if show_levels:
        for role, style in (("province", "--"), ("nation", "-.")):
            v = table.loc[(table["role"] == role) & table["value"].notna(), ["name", "value"]]
            for name, value in v.itertuples(index=False):
                ax.axvline(float(value) / scale, color="#1b9e77" if role == "province" else "#7570b3", linestyle=style, linewidth=1.2, label=name)
    for label in ax.get_yticklabels():
        if label.get_text() in set(data.loc[data["role"] == "focal", "name"]):
            label.set_fontweight("bold")
            label.set_color(FOCAL_COLOUR)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("")
    ax.set_title(title)
    if ax.get_legend_handles_labels()[0]:
        ax.legend(loc="best", fontsize=8, frameon=True)
    return ax


def slope_chart(change: pd.DataFrame, *, title: str = "", ylabel: str = "", scale: float = 1.0, ax: object | None = None) -> object:
    """Slope chart of a :func:`change_table`: each ranked region's start and end value joined by a
    line; peers in grey, the focal region in colour and labelled. Returns the Axes."""
    import matplotlib.pyplot as plt

    attrs = change.attrs
    data = change[change["role"].isin(["focal", "peer"]) & change["start"].notna() & change["end"].notna()]
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 6))
    x0, x1 = attrs.get("start", 0), attrs.get("end", 1)
    for _, r in data.sort_values("is_focal").iterrows():
        focal = bool(r["is_focal"])
        ax.plot(
            [x0, x1],
            [r["start"] / scale, r["end"] / scale],
            color=FOCAL_COLOUR if focal else PEER_COLOUR,
            linewidth=2.5 if focal else 1,
            alpha=1 if focal else 0.6,
            marker="o",
            markersize=5 if focal else 3,
            zorder=3 if focal else 2,
        )
        if focal:
            ax.annotate(f"{r['name']}", (x1, r["end"] / scale), xytext=(6, 0), textcoords="offset points", va="center", color=FOCAL_COLOUR, fontweight="bold")
    ax.set_xticks([x0, x1])
    ax.set_xlim(x0 - 0.3, x1 + 0.9)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    return ax


def rank_heatmap(matrix: pd.DataFrame, *, focal_name: str, title: str = "", ax: object | None = None) -> object:
    """Heat map of a :func:`rank_matrix` (rank 1 green, the last red; blanks: not in that table),
    with the focal region's row label highlighted. Returns the Axes."""
    import matplotlib.pyplot as plt
    import seaborn as sns

    if ax is None:
        _, ax = plt.subplots(figsize=(1.3 * matrix.shape[1] + 4, 0.32 * matrix.shape[0] + 2))
    sns.heatmap(matrix.astype(float), annot=True, fmt=".0f", cmap="RdYlGn_r", cbar_kws={"label": "rank (1 = best / highest)"}, linewidths=0.5, ax=ax)
    for label in ax.get_yticklabels():
        if label.get_text() == focal_name:
            label.set_fontweight("bold")
            label.set_color(FOCAL_COLOUR)
    ax.set_title(title)
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.grid(False)
    ax.tick_params(axis="x", rotation=30)
    return ax


def measure_dot_plots(
    tables: pd.DataFrame,
    *,
    what: str,
    measures: tuple[str, ...] = ("target", "realisasi", "capaian"),
    units: dict[str, tuple[float, str]] | None = None,
    reference: dict[str, float] | None = None,
) -> object:
    """One :func:`dot_plot` panel per measure of ``tables`` (benchmark tables stacked, with a
    ``measure`` column), side by side with a shared y axis; measures not in ``tables`` are left
    out. ``units`` maps a measure to (scale, x label), default (1, ""); ``reference`` draws a solid
    vertical line at a value of a measure (e.g. 100 for capaian). Titles are "<what> <measure>".
    Returns the Figure."""
    import matplotlib.pyplot as plt

    shown = [m for m in measures if (tables["measure"] == m).any()]
    if not shown:
        raise ValueError(f"none of the measures {', '.join(measures)} is in the table")
    fig, axes = plt.subplots(1, len(shown), figsize=(14 / 3 * len(shown), 3.2), sharey=True, squeeze=False)
    for ax, measure in zip(axes[0], shown):
        scale, label = (units or {}).get(measure, (1.0, ""))
        dot_plot(tables[tables["measure"] == measure], title=f"{what} {measure}", xlabel=label, scale=scale,
                 show_levels=False, ax=ax)
        if reference and measure in reference:
            ax.axvline(reference[measure], color="black", linewidth=1)
    return fig


def category_bar_chart(distribution: pd.DataFrame, *, focal_name: str, title: str = "", xlabel: str = "",
                       ylabel: str = "") -> object:
    """Horizontal bars of a categorical metric's distribution over years: ``distribution`` has
    ``base`` (the category), ``count``, ``year`` and ``focal`` (True on the focal region's
    category of that year), as stacked :func:`categorical_position` distributions. The focal
    region's category of each year is annotated with its name. Returns the Axes."""
    import matplotlib.pyplot as plt
    import seaborn as sns

    _, ax = plt.subplots(figsize=(7, 3))
    sns.barplot(data=distribution, x="count", y="base", hue="year", orient="h", palette="Greys", ax=ax)
    for _, r in distribution[distribution["focal"].astype(bool)].iterrows():
        ax.annotate(f"{focal_name} {r['year']}", (r["count"], r["base"]), xytext=(5, 0), textcoords="offset points",
                    color=FOCAL_COLOUR, fontweight="bold", va="center")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    return ax


def level_comparison_chart(levels: pd.DataFrame, *, xlabel: str = "%") -> object:
    """One panel per indicator of stacked :func:`level_comparison` rows (columns ``indicator``,
    ``year``, ``name``, ``level``, ``value``): the focal region, the province and the nation as
    dots coloured by :data:`LEVEL_COLOURS`. Returns the Figure."""
    import matplotlib.pyplot as plt

    indicators = list(dict.fromkeys(levels["indicator"]))
    if not indicators:
        raise ValueError("no indicator to draw")
    fig, axes = plt.subplots(1, len(indicators), figsize=(4.5 * len(indicators), 2.6), squeeze=False)
    for ax, indicator in zip(axes[0], indicators):
        d = levels[levels["indicator"] == indicator]
        ax.scatter(d["value"], d["name"], c=[LEVEL_COLOURS[lv] for lv in d["level"]], s=90, zorder=3)
        ax.set_title(f"{indicator} ({d['year'].iloc[0]})")
        ax.set_xlabel(xlabel)
        ax.margins(x=0.25, y=0.3)
    fig.suptitle("Focal region (orange), province (green) and nation (purple)")
    return fig
