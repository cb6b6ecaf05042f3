"""Consistent seaborn figures for the notebooks.

Every notebook calls :func:`use_theme` once; plotting functions return the matplotlib ``Axes`` so a
notebook cell can end with ``;`` (no ``<Axes at 0x…>`` in the output, which would break nbval).
Figures are rendered as PNG (no SVG ids that change between runs).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.axes import Axes

__all__ = [
    "STATUS_COLOURS",
    "capaian_bar_chart",
    "efficiency_scatter",
    "fixed_random_state",
    "heatmap",
    "highlight_palette",
    "short_label",
    "trajectory_grid",
    "use_theme",
]

#: Colours of the SAKIP statuses, used by every figure.
STATUS_COLOURS: dict[str, str] = {
    "tercapai": "#1a9850",
    "tidak tercapai": "#d73027",
    "belum ada nilai": "#9e9e9e",
    "tidak dapat dinilai": "#7570b3",
}


def use_theme() -> None:
    """Apply the project's seaborn theme and PNG output for inline figures."""
    import matplotlib
    import seaborn as sns

    sns.set_theme(style="whitegrid", context="notebook", palette="colorblind")
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
    """Horizontal bars of capaian (%) per indicator, coloured by status, with the 100 % line.

    Bars beyond ``cap`` (or below ``floor``) are cut there and labelled with their real value, so
    one outlier (249 %, −179 %) does not flatten the rest. Rows without capaian are labelled
    "belum ada nilai".
    """
    import matplotlib.pyplot as plt
    import seaborn as sns

    data = frame[[label, capaian, status]].copy()
    data["_label"] = [short_label(x) for x in data[label]]
    data["_shown"] = data[capaian].clip(lower=floor, upper=cap).fillna(0.0)
    if ax is None:
        _, ax = plt.subplots(figsize=(11, 0.36 * len(data) + 1.8))
    sns.barplot(
        data=data,
        y="_label",
        x="_shown",
        hue=status,
        palette=STATUS_COLOURS,
        hue_order=[s for s in STATUS_COLOURS if s in set(data[status])],
        dodge=False,
        ax=ax,
    )
    ax.axvline(100, color="black", linestyle="--", linewidth=1)
    ax.axvline(0, color="grey", linewidth=0.8)
    for i, (value, shown) in enumerate(zip(data[capaian], data["_shown"])):
        text = "belum ada nilai" if value != value else f"{value:,.2f}%"
        ax.text(max(shown, 0) + 3, i, text, va="center", fontsize=8)
    ax.set_xlim(floor - 5, cap + 60)
    ax.set_xlabel("capaian (%) — dashed line: target reached (100 %)")
    ax.set_ylabel("")
    ax.set_title(title)
    ax.legend(title="status", loc="lower right", fontsize=8, title_fontsize=9)
    return ax


def style_axes(ax: Any, title: str = "", xlabel: str | None = None, ylabel: str | None = None) -> Any:
    """Set title and axis labels in one call; returns ``ax``."""
    ax.set_title(title)
    if xlabel is not None:
        ax.set_xlabel(xlabel)
    if ylabel is not None:
        ax.set_ylabel(ylabel)
    return ax


#: How each measure of a trajectory is drawn.
_TRAJECTORY_STYLE: dict[str, dict[str, Any]] = {
    "baseline": {"color": "#7570b3", "marker": "s", "linestyle": "none", "label": "baseline (kondisi awal)"},
    "target": {"color": "#1b9e77", "marker": "o", "linestyle": "--", "label": "target"},
    "realisasi": {"color": "#d95f02", "marker": "D", "linestyle": "-", "label": "realisasi"},
}


def trajectory_grid(frame: pd.DataFrame, *, col_wrap: int = 3, height: float = 2.6) -> Any:
    """Small multiples of each indicator's baseline, yearly targets and realisasi.

    ``frame`` has columns ``label`` (one panel each), ``year``, ``kind`` (``baseline``,
    ``target`` or ``realisasi``) and ``value`` (numeric; rows without a number are skipped).
    Each panel has its own y scale. Drawn with plain matplotlib subplots (a seaborn FacetGrid
    costs about a second more per figure). Returns the matplotlib ``Figure``.
    """
    import matplotlib.pyplot as plt

    data = frame.dropna(subset=["value"]).copy()
    data["label"] = [short_label(x, 40) for x in data["label"]]
    labels = list(dict.fromkeys(data["label"]))
    ncols = min(col_wrap, max(1, len(labels)))
    nrows = max(1, -(-len(labels) // ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(ncols * height * 1.4, nrows * height + 0.6),
                             sharex=True, squeeze=False)
    for ax, label in zip(axes.flat, labels):
        panel = data[data["label"] == label]
        for kind, style in _TRAJECTORY_STYLE.items():
            part = panel[panel["kind"] == kind].sort_values("year")
            if not part.empty:
                ax.plot(part["year"], part["value"], **style)
        ax.set_title(label, fontsize=9)
        ax.xaxis.set_major_locator(plt.MaxNLocator(integer=True))
    for ax in list(axes.flat)[len(labels):]:
        ax.set_visible(False)
    handles = [plt.Line2D([], [], **style) for style in _TRAJECTORY_STYLE.values()]
    fig.legend(handles=handles, loc="lower center", ncol=3, frameon=False)
    fig.set_layout_engine("tight", rect=(0, 0.06, 1, 1))
    return fig


def efficiency_scatter(frame: pd.DataFrame, *, label: str = "label", ax: Axes | None = None) -> Axes:
    """Serapan (x) against capaian (y) per IKU, with the 100 % capaian line.

    Points above the line reached their target; points far left used little of their budget.
    ``frame`` has ``serapan``, ``capaian``, ``judgement`` and ``label`` columns.
    """
    import matplotlib.pyplot as plt
    import seaborn as sns

    data = frame.dropna(subset=["serapan", "capaian"])
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 5))
    sns.scatterplot(data=data, x="serapan", y="capaian", hue="judgement", style="judgement", s=70, ax=ax)
    ax.axhline(100, color="black", linestyle="--", linewidth=1)
    for _, row in data.iterrows():
        ax.annotate(str(row[label]).split(".")[0], (row["serapan"], row["capaian"]), fontsize=8,
                    xytext=(3, 3), textcoords="offset points")
    ax.set_xlabel("serapan: budget realised / pagu (%)")
    ax.set_ylabel("capaian (%)")
    return ax


def heatmap(frame: pd.DataFrame, *, index: str, columns: str, values: str, fmt: str = ".2f",
            cmap: str = "RdYlGn", ax: Axes | None = None) -> Axes:
    """An annotated seaborn heat map of ``values`` by ``index`` × ``columns``."""
    import matplotlib.pyplot as plt
    import seaborn as sns

    table = frame.pivot_table(index=index, columns=columns, values=values, aggfunc="first", sort=False)
    if ax is None:
        _, ax = plt.subplots(figsize=(1.2 * len(table.columns) + 3, 0.45 * len(table) + 1.5))
    sns.heatmap(table, annot=True, fmt=fmt, cmap=cmap, cbar=False, linewidths=0.5, ax=ax)
    ax.set_xlabel(columns)
    ax.set_ylabel(index)
    return ax
