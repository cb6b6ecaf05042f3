"""Consistent seaborn figures for the notebooks.

Every notebook calls :func:`use_theme` once; plotting functions return the matplotlib ``Axes`` so a
notebook cell can end with ``;`` (no ``<Axes at 0x…>`` in the output, which would break nbval).
Figures are rendered as PNG (no SVG ids that change between runs).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from lkip_helpers.data.i18n import MISSING, format_number, format_percent, translate

from .figure_layout import A4_WIDTH, fit_titles, label_points, legend_below, new_figure, set_wrapped_title, wrap_text

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.axes import Axes

__all__ = [
    "STATUS_COLOURS",
    "STATUS_HATCHES",
    "capaian_bar_chart",
    "efficiency_scatter",
    "fixed_random_state",
    "heatmap",
    "highlight_palette",
    "short_label",
    "trajectory_grid",
    "use_theme",
]

#: Colours of the SAKIP statuses, used by every figure: their greys differ by at least 0.18
#: (0.28, 0.46, 0.65, 0.85), so they stay apart on a greyscale print.
STATUS_COLOURS: dict[str, str] = {
    "tercapai": "#78c679",
    "tidak tercapai": "#b2182b",
    "belum ada nilai": "#d9d9d9",
    "tidak dapat dinilai": "#756bb1",
}
#: Hatches of the statuses' bars: a second cue besides the grey.
STATUS_HATCHES: dict[str, str] = {"tercapai": "", "tidak tercapai": "///", "belum ada nilai": "..",
                                  "tidak dapat dinilai": "xx"}


def use_theme() -> None:
    """Apply the project's theme (seaborn's whitegrid, written out in :mod:`.theme` so that seaborn
    is imported only by a figure that draws with it) and PNG output for inline figures."""
    import matplotlib

    from .theme import theme_rc

    matplotlib.rcParams.update(theme_rc())
    matplotlib.rcParams.update(
        {
            "figure.dpi": 100,
            "savefig.dpi": 100,
            "figure.autolayout": True,
            "svg.hashsalt": "lkip",
            "axes.titleweight": "bold",
        }
    )
    try:
        from matplotlib_inline.backend_inline import set_matplotlib_formats

        # ``figure.autolayout`` already fits every figure; a "tight" bounding box on top would
        # lay each figure out and draw it one more time.
        set_matplotlib_formats("png", bbox_inches=None)
    except ImportError:  # outside IPython
        return
    _draw_each_figure_once()


def _draw_each_figure_once() -> None:
    """Make the inline backend's flush run before pyplot's redraw after every cell.

    After a cell, IPython calls pyplot's ``_draw_all_if_interactive`` (which draws every changed
    figure) and then the inline backend's ``flush_figures`` (which draws each figure again to PNG
    and closes it). Putting the flush first halves the drawing: the figures are already shown
    and closed when the redraw runs. Interactive backends (ipympl) are unaffected: they do not
    register ``flush_figures``.
    """
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython is a dependency of the notebooks
        return
    shell = get_ipython()
    if shell is None:
        return
    if _order_post_execute not in shell.events.callbacks["pre_run_cell"]:
        shell.events.register("pre_run_cell", _order_post_execute)
    _order_post_execute()


def _order_post_execute(*_: Any) -> None:
    """Move ``flush_figures`` ahead of ``_draw_all_if_interactive`` in IPython's post_execute."""
    from IPython import get_ipython

    shell = get_ipython()
    if shell is None:
        return
    callbacks = shell.events.callbacks["post_execute"]
    names = [getattr(cb, "__name__", "") for cb in callbacks]
    if "flush_figures" in names and "_draw_all_if_interactive" in names:
        flush, redraw = names.index("flush_figures"), names.index("_draw_all_if_interactive")
        if redraw < flush:
            callbacks.insert(redraw, callbacks.pop(flush))


@contextmanager
def fixed_random_state(seed: int = 0) -> Iterator[None]:
    """Seed numpy's global random generator for the block and restore its state afterwards.

    seaborn draws the jitter of strip plots from that generator, so a figure would change from
    one run to the next; inside this block it is the same every time, and code after the block
    gets the random state it would have had.
    """
    import numpy as np

    state = np.random.get_state()
    np.random.seed(seed)
    try:
        yield
    finally:
        np.random.set_state(state)


def highlight_palette(labels: Sequence[str], focus: str | Sequence[str], colour: str = "#d95f02") -> dict[str, str]:
    """A palette that greys every label except ``focus`` (one label or several)."""
    focus_set = {focus} if isinstance(focus, str) else set(focus)
    return {label: (colour if label in focus_set else "#b0b0b0") for label in labels}


def short_label(text: str, width: int = 48) -> str:
    """Cut a long indicator name to ``width`` characters with an ellipsis."""
    text = str(text)
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _wrapped_ticklabels(labels: Sequence[str], width_inches: float, max_lines: int = 3) -> list[str]:
    """Indicator names as y tick labels: wrapped to ``width_inches`` at 8 pt, at most ``max_lines``."""
    out = []
    for text in labels:
        lines = wrap_text(str(text), width_inches, 8).split("\n")
        if len(lines) > max_lines:
            lines = lines[:max_lines]
            lines[-1] = lines[-1].rstrip() + "…"
        out.append("\n".join(lines))
    return out


def capaian_bar_chart(
    frame: pd.DataFrame,
    *,
    label: str = "label",
    capaian: str = "capaian",
    status: str = "status",
    title: str = "",
    cap: float = 250.0,
    floor: float = -50.0,
    ax: Axes | None = None,
) -> Axes:
    """Horizontal bars of capaian (%) per indicator, coloured and hatched by status, with the
    100 % line; names wrapped, values in the reader's notation, the legend under the plot.

    Bars beyond ``cap`` (or below ``floor``) are cut there and labelled with their real value, so
    one outlier (249 %, −179 %) does not flatten the rest. Rows without capaian are labelled
    "belum ada nilai".
    """
    from matplotlib.patches import Patch

    data = frame[[label, capaian, status]].reset_index(drop=True)
    shown = data[capaian].clip(lower=floor, upper=cap).fillna(0.0)
    names = _wrapped_ticklabels(data[label], A4_WIDTH * 0.42)
    lines = max((n.count("\n") + 1 for n in names), default=1)
    if ax is None:
        _, ax = new_figure(A4_WIDTH, (0.14 * lines + 0.14) * len(data) + 1.8)
    present = [s for s in STATUS_COLOURS if s in set(data[status])]
    for name in present:
        rows = data.index[data[status] == name]
        ax.barh(rows, shown[rows], height=0.7, color=STATUS_COLOURS[name], hatch=STATUS_HATCHES[name],
                edgecolor="#333333", linewidth=0.5)
    ax.axvline(100, color="black", linestyle="--", linewidth=1)
    ax.axvline(0, color="grey", linewidth=0.8)
    for i, (value, bar) in enumerate(zip(data[capaian], shown)):
        text = translate("belum ada nilai") if value != value else format_percent(value)
        ax.text(max(bar, 0) + 3, i, text, va="center", fontsize=8)
    ax.set_yticks(range(len(data)), names, fontsize=8)
    ax.set_ylim(max(len(data), 1) - 0.5, -0.5)
    ax.set_xlim(floor - 5, cap + 80)
    ax.set_xlabel(translate("capaian (%); dashed line: target reached (100 %)"), fontsize=9)
    ax.tick_params(axis="x", labelsize=8)
    set_wrapped_title(ax, title)
    handles = [Patch(facecolor=STATUS_COLOURS[s], hatch=STATUS_HATCHES[s], edgecolor="#333333", label=translate(s))
               for s in present]
    legend_below(ax, handles, translate("status"))
    return ax


def style_axes(ax: Any, title: str = "", xlabel: str | None = None, ylabel: str | None = None) -> Any:
    """Set title (wrapped to the figure) and axis labels in one call; returns ``ax``."""
    set_wrapped_title(ax, title)
    if xlabel is not None:
        ax.set_xlabel(xlabel)
    if ylabel is not None:
        ax.set_ylabel(ylabel)
    return ax


#: How each measure of a trajectory is drawn: each its own marker and line style (greyscale-safe).
_TRAJECTORY_STYLE: dict[str, dict[str, Any]] = {
    "baseline": {"color": "#7570b3", "marker": "s", "linestyle": "none"},
    "target": {"color": "#1b9e77", "marker": "o", "linestyle": "--"},
    "realisasi": {"color": "#d95f02", "marker": "D", "linestyle": "-"},
}


def _trajectory_labels() -> dict[str, str]:
    """The legend's words for the measures of a trajectory (target and realisasi are official terms)."""
    return {"baseline": translate("baseline (starting condition)"), "target": "target", "realisasi": "realisasi"}


def trajectory_grid(frame: pd.DataFrame, *, col_wrap: int = 3, height: float = 2.2) -> Any:
    """Small multiples of each indicator's baseline, yearly targets and realisasi, A4 wide.

    ``frame`` has columns ``label`` (one panel each), ``year``, ``kind`` (``baseline``,
    ``target`` or ``realisasi``) and ``value`` (numeric; rows without a number are skipped).
    Each panel has its own y scale and its indicator's name, wrapped, as title. Drawn with plain
    matplotlib subplots (a seaborn FacetGrid costs about a second more per figure). Returns the
    matplotlib ``Figure``.
    """
    import matplotlib.pyplot as plt

    data = frame.dropna(subset=["value"])
    labels = list(dict.fromkeys(data["label"]))
    ncols = min(col_wrap, max(1, len(labels)))
    nrows = max(1, -(-len(labels) // ncols))
    fig, axes = new_figure(A4_WIDTH, nrows * height + 0.6, nrows=nrows, ncols=ncols, sharex=True, squeeze=False)
    words = _trajectory_labels()
    for ax, label in zip(axes.flat, labels):
        panel = data[data["label"] == label]
        for kind, style in _TRAJECTORY_STYLE.items():
            part = panel[panel["kind"] == kind].sort_values("year")
            if not part.empty:
                ax.plot(part["year"], part["value"], label=words[kind], **style)
        ax.set_title(label, fontsize=8)
        ax.xaxis.set_major_locator(plt.MaxNLocator(integer=True, nbins=4))
        ax.tick_params(labelsize=8)
    for i, ax in enumerate(axes.flat):
        if i >= len(labels):
            ax.set_visible(False)
        elif i + ncols >= len(labels):  # nothing drawn below: this panel shows the years
            ax.xaxis.set_tick_params(labelbottom=True)
    handles = [plt.Line2D([], [], label=words[kind], **style) for kind, style in _TRAJECTORY_STYLE.items()]
    fig.legend(handles=handles, loc="outside lower center", ncol=3, frameon=False, fontsize=8)
    fit_titles(fig)
    return fig


#: Colour and marker of each efficiency judgement (different markers: greyscale-safe).
_JUDGEMENT_STYLE: dict[str, tuple[str, str]] = {"efisien": ("#1f78b4", "o"), "tidak efisien": ("#e6550d", "X")}


def efficiency_scatter(frame: pd.DataFrame, *, label: str = "label", title: str = "", ax: Axes | None = None) -> Axes:
    """Serapan (x) against capaian (y) per IKU, with the 100 % capaian line; each point labelled
    with its IKU number, the labels moved apart so that none overlaps another.

    Points above the line reached their target; points far left used little of their budget.
    ``frame`` has ``serapan``, ``capaian``, ``judgement`` and ``label`` columns.
    """
    from matplotlib.lines import Line2D

    data = frame.dropna(subset=["serapan", "capaian"]).reset_index(drop=True)
    if ax is None:
        _, ax = new_figure(A4_WIDTH, 4.6)
    handles = []
    for judgement in list(dict.fromkeys(data["judgement"].fillna(""))):
        colour, marker = _JUDGEMENT_STYLE.get(judgement, ("#969696", "s"))
        part = data[data["judgement"].fillna("") == judgement]
        ax.scatter(part["serapan"], part["capaian"], s=55, color=colour, marker=marker, edgecolor="white", zorder=3)
        handles.append(Line2D([], [], color=colour, marker=marker, linestyle="none", label=judgement or MISSING))
    ax.axhline(100, color="black", linestyle="--", linewidth=1)
    ax.set_xlabel(translate("serapan: budget realised / pagu (%)"), fontsize=9)
    ax.set_ylabel("capaian (%)", fontsize=9)
    ax.tick_params(labelsize=8)
    set_wrapped_title(ax, title)
    legend_below(ax, handles, translate("judgement"))
    # last: the labels are moved apart on the figure's final layout (title and legend included)
    label_points(ax, data["serapan"], data["capaian"], [str(x).split(".")[0] for x in data[label]])
    return ax


def heatmap(frame: pd.DataFrame, *, index: str, columns: str, values: str, fmt: str = ".2f",
            cmap: str = "YlGn", xlabel: str = "", ylabel: str = "", title: str = "",
            ax: Axes | None = None) -> Axes:
    """An annotated seaborn heat map of ``values`` by ``index`` × ``columns``, values in the
    reader's notation; the default colour map grows darker with the value, so a greyscale print
    keeps the order."""
    import seaborn as sns

    table = frame.pivot_table(index=index, columns=columns, values=values, aggfunc="first", sort=False)
    table.index = _wrapped_ticklabels(table.index, A4_WIDTH * 0.4, max_lines=2)
    if ax is None:
        _, ax = new_figure(1.0 * len(table.columns) + 3.5, 0.42 * len(table) + 1.6)
    decimals = int(fmt.strip(".f") or 0) if fmt.endswith("f") else 2
    notes = table.apply(lambda col: col.map(lambda v: format_number(v, decimals)))
    sns.heatmap(table, annot=notes.to_numpy(), fmt="", cmap=cmap, cbar=False, linewidths=0.5,
                annot_kws={"fontsize": 8}, ax=ax)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.tick_params(labelsize=8)
    set_wrapped_title(ax, title)
    return ax
