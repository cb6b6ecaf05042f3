"""Figures of regional benchmarks (matplotlib/seaborn imported inside the functions): a dot plot
of one metric's ranked table (alone or one panel per measure), a slope chart of a change table,
the distribution of a categorical metric, the focal region beside the province and the nation,
and a heat map of ranks on several metrics, with the focal region highlighted in
:data:`FOCAL_COLOUR`. Every function returns the Figure or Axes it drew on.
"""

from __future__ import annotations

import pandas as pd

from lkip_helpers.data.i18n import translate
from lkip_helpers.notebook.figure_layout import A4_WIDTH, fit_titles, new_figure, set_wrapped_suptitle, set_wrapped_title

__all__ = [
    "FOCAL_COLOUR",
    "LEVEL_COLOURS",
    "PEER_COLOUR",
    "category_bar_chart",
    "dot_plot",
    "level_comparison_chart",
    "measure_dot_plots",
    "rank_heatmap",
    "show_figure",
    "slope_chart",
]

#: Colour of the focal region in every benchmark figure.
FOCAL_COLOUR = "#d95f02"
#: Colour of the peers: much lighter than the focal region's, so the two stay apart in greyscale
#: (the focal region is also drawn as a larger diamond).
PEER_COLOUR = "#c6c6c6"
#: Colour of each level in :func:`level_comparison_chart`.
LEVEL_COLOURS: dict[str, str] = {"kota": FOCAL_COLOUR, "kabupaten": FOCAL_COLOUR, "provinsi": "#1b9e77", "nasional": "#7570b3"}
#: Marker of each level: the levels' colours print as nearly the same grey, their markers differ.
LEVEL_MARKERS: dict[str, str] = {"kota": "D", "kabupaten": "D", "provinsi": "s", "nasional": "^"}


def dot_plot(
    table: pd.DataFrame,
    *,
    title: str = "",
    xlabel: str = "",
    show_levels: bool = True,
    scale: float = 1.0,
    order: list[str] | None = None,
    ax: object | None = None,
) -> object:
    """Dot plot of a :func:`benchmark_table`: one dot per ranked region, the focal region highlighted.

    The peer median (of the other regions) is a dotted line; with ``show_levels`` the province and
    the nation are dashed lines (leave it off for totals such as poverty counts, where the
    province is the sum of the regions). Values are divided by ``scale`` (e.g. 1e12 for triliun).
    Regions are sorted by value, or listed in ``order`` (names; panels sharing a y axis).
    The focal region is a larger diamond, so that it stands out in greyscale too. Returns the Axes.
    """
    data = table[table["role"].isin(["focal", "peer"]) & table["value"].notna()].copy()
    data["shown"] = data["value"] / scale
    if order is None:
        data = data.sort_values("shown").reset_index(drop=True)
    else:
        rank = {name: i for i, name in enumerate(order)}
        data = data.assign(_at=data["name"].map(rank)).dropna(subset=["_at"]).sort_values("_at").reset_index(drop=True)
        data.index = data["_at"].astype(int)
    if ax is None:
        _, ax = new_figure(A4_WIDTH, 0.24 * len(data) + 1.6)
    focal = data["role"] == "focal"
    ax.scatter(data.loc[~focal, "shown"], data.index[~focal], s=40, color=PEER_COLOUR, edgecolor="#555555",
               linewidth=0.5, zorder=3)
    ax.scatter(data.loc[focal, "shown"], data.index[focal], s=80, marker="D", color=FOCAL_COLOUR, edgecolor="black",
               linewidth=0.8, zorder=4)
    ax.set_yticks(data.index, data["name"], fontsize=8)
    ax.set_ylim(-0.7, (len(order) if order is not None else len(data)) - 0.3)
    ax.margins(x=0.08)
    others = data.loc[~focal, "shown"]
    if len(others):
        ax.axvline(float(others.median()), color="black", linestyle=":", linewidth=1, label=translate("peer median"))
    if show_levels:
        for role, style in (("province", "--"), ("nation", "-.")):
            v = table.loc[(table["role"] == role) & table["value"].notna(), ["name", "value"]]
            for name, value in v.itertuples(index=False):
                ax.axvline(float(value) / scale, color="#1b9e77" if role == "province" else "#7570b3", linestyle=style,
                           linewidth=1.2, label=name)
    for label in ax.get_yticklabels():
        if label.get_text() in set(data.loc[focal, "name"]):
            label.set_fontweight("bold")
            label.set_color(FOCAL_COLOUR)
    ax.set_xlabel(xlabel, fontsize=9)
    ax.set_ylabel("")
    ax.tick_params(axis="x", labelsize=8)
    set_wrapped_title(ax, title)
    if ax.get_legend_handles_labels()[0]:
        ax.legend(loc="best", fontsize=8, frameon=True)
    return ax


def slope_chart(change: pd.DataFrame, *, title: str = "", ylabel: str = "", scale: float = 1.0, ax: object | None = None) -> object:
    """Slope chart of a :func:`change_table`: each ranked region's start and end value joined by a
    line; peers in grey, the focal region in colour and labelled. Returns the Axes."""

    attrs = change.attrs
    data = change[change["role"].isin(["focal", "peer"]) & change["start"].notna() & change["end"].notna()]
    if ax is None:
        _, ax = new_figure(5.5, 5.5)
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
            ax.annotate(f"{r['name']}", (x1, r["end"] / scale), xytext=(6, 0), textcoords="offset points", va="center",
                        color=FOCAL_COLOUR, fontweight="bold", fontsize=9)
    ax.set_xticks([x0, x1])
    ax.set_xlim(x0 - 0.3, x1 + 0.9)
    ax.set_ylabel(ylabel, fontsize=9)
    ax.tick_params(labelsize=8)
    set_wrapped_title(ax, title)
    return ax


def rank_heatmap(matrix: pd.DataFrame, *, focal_name: str, title: str = "", ax: object | None = None) -> object:
    """Heat map of a :func:`rank_matrix` (rank 1 green, the last red; blanks: not in that table),
    with the focal region's row label highlighted. Returns the Axes."""
    import seaborn as sns

    if ax is None:
        _, ax = new_figure(1.0 * matrix.shape[1] + 3.5, 0.26 * matrix.shape[0] + 2.2)
    # darker = better rank: the order survives a greyscale print
    sns.heatmap(matrix.astype(float), annot=True, fmt=".0f", cmap="YlGn_r", annot_kws={"fontsize": 8},
                cbar_kws={"label": translate("rank (1 = best / highest)")}, linewidths=0.5, ax=ax)
    for label in ax.get_yticklabels():
        if label.get_text() == focal_name:
            label.set_fontweight("bold")
            label.set_color(FOCAL_COLOUR)
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.grid(False)
    ax.tick_params(labelsize=8)
    ax.tick_params(axis="x", rotation=30)
    set_wrapped_title(ax, title)
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

    shown = [m for m in measures if (tables["measure"] == m).any()]
    if not shown:
        raise ValueError(f"none of the measures {', '.join(measures)} is in the table")
    first = tables[(tables["measure"] == shown[0]) & tables["role"].isin(["focal", "peer"]) & tables["value"].notna()]
    order = list(dict.fromkeys(first.sort_values("value")["name"]))
    order += list(dict.fromkeys(n for n in tables.loc[tables["role"].isin(["focal", "peer"]), "name"] if n not in order))
    fig, axes = new_figure(A4_WIDTH, 0.22 * len(order) + 1.9, nrows=1, ncols=len(shown), sharey=True, squeeze=False)
    for ax, measure in zip(axes[0], shown):
        scale, label = (units or {}).get(measure, (1.0, ""))
        dot_plot(tables[tables["measure"] == measure], xlabel=label, scale=scale, show_levels=False, order=order, ax=ax)
        if ax.get_legend() is not None:
            ax.get_legend().remove()
        ax.set_title(f"{what} {measure}", fontsize=9)
        ax.tick_params(axis="x", labelsize=8, labelrotation=30)
        if reference and measure in reference:
            ax.axvline(reference[measure], color="black", linewidth=1)
    handles, labels = axes[0][0].get_legend_handles_labels()
    if handles:
        fig.legend(handles, labels, loc="outside lower center", fontsize=8, frameon=False)
    fit_titles(fig)
    return fig


def category_bar_chart(distribution: pd.DataFrame, *, focal_name: str, title: str = "", xlabel: str = "",
                       ylabel: str = "") -> object:
    """Horizontal bars of a categorical metric's distribution over years: ``distribution`` has
    ``base`` (the category), ``count``, ``year`` and ``focal`` (True on the focal region's
    category of that year), as stacked :func:`categorical_position` distributions. The focal
    region's category of each year is annotated with its name. Returns the Axes."""
    import seaborn as sns

    _, ax = new_figure(A4_WIDTH, 3.2)
    sns.barplot(data=distribution, x="count", y="base", hue="year", orient="h", palette="Greys", edgecolor="#333333",
                linewidth=0.5, ax=ax)
    for _, r in distribution[distribution["focal"].astype(bool)].iterrows():
        ax.annotate(f"{focal_name} {r['year']}", (r["count"], r["base"]), xytext=(5, 0), textcoords="offset points",
                    color=FOCAL_COLOUR, fontweight="bold", va="center", fontsize=8)
    ax.set_xlim(0, float(distribution["count"].max()) * 1.45)  # room for the focal region's name
    ax.set_xlabel(xlabel, fontsize=9)
    ax.set_ylabel(ylabel, fontsize=9)
    ax.tick_params(labelsize=8)
    legend = ax.get_legend()
    if legend is not None:
        legend.set_title(translate("year"))
    set_wrapped_title(ax, title)
    return ax


def level_comparison_chart(levels: pd.DataFrame, *, xlabel: str = "%", names: dict[str, str] | None = None) -> object:
    """One panel per indicator of stacked :func:`level_comparison` rows (columns ``indicator``,
    ``year``, ``name``, ``level``, ``value``): the focal region, the province and the nation as
    dots coloured by :data:`LEVEL_COLOURS` with the markers of :data:`LEVEL_MARKERS`. A panel's
    title is the indicator's name from ``names`` (indicator id → name), else its id. Returns the
    Figure."""

    indicators = list(dict.fromkeys(levels["indicator"]))
    if not indicators:
        raise ValueError("no indicator to draw")
    fig, axes = new_figure(A4_WIDTH, 2.8, nrows=1, ncols=len(indicators), squeeze=False)
    for ax, indicator in zip(axes[0], indicators):
        d = levels[levels["indicator"] == indicator].reset_index(drop=True)
        for i, r in d.iterrows():
            ax.scatter([r["value"]], [i], color=LEVEL_COLOURS[r["level"]], marker=LEVEL_MARKERS[r["level"]], s=80, zorder=3,
                       edgecolor="black", linewidth=0.5)
        ax.set_yticks(range(len(d)), d["name"], fontsize=8)
        ax.set_title(f"{(names or {}).get(indicator, indicator)} ({d['year'].iloc[0]})", fontsize=9)
        ax.set_xlabel(xlabel, fontsize=9)
        ax.tick_params(axis="x", labelsize=8)
        ax.margins(x=0.25, y=0.3)
    set_wrapped_suptitle(fig, translate("Focal region (orange diamond), province (green square) and nation (purple triangle)"))
    fit_titles(fig)
    return fig


def show_figure(drawn: object) -> None:
    """Display the figure of ``drawn`` (a Figure, or Axes on one) where the notebook is, then close
    it, so that a loop shows each figure beside its section rather than all at the cell's end."""
    import matplotlib.pyplot as plt
    from IPython.display import display

    fig = getattr(drawn, "figure", None) if not hasattr(drawn, "savefig") else drawn
    if fig is None:
        return
    display(fig)
    plt.close(fig)
