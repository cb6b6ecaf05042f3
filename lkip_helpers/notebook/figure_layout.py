"""Figures that print: at most A4 text width, titles wrapped inside the figure, point labels that
do not overlap, colours told apart in greyscale, and a check of all that.

Every figure function of the package creates its figure with :func:`new_figure` (constrained
layout, width capped at :data:`A4_WIDTH`), sets titles with :func:`set_wrapped_title`, places
point labels with :func:`label_points` (adjustText) and can be checked with
:func:`figure_problems`, which the tests call on every figure drawn from the real data.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["A4_WIDTH", "MIN_FONT_SIZE", "figure_problems", "grey_level", "label_points", "new_figure",
           "fit_titles", "legend_below", "set_wrapped_suptitle",
           "overlapping_texts", "set_wrapped_title", "wrap_text"]

#: widest figure, in inches: the text width of an A4 page with 2 cm margins (21 cm − 4 cm)
A4_WIDTH = 6.7
#: smallest font size of any text in a figure, in points
MIN_FONT_SIZE = 8.0
#: average width of a character relative to the font size (DejaVu Sans, a mix of letters)
_CHAR_WIDTH = 0.62


def new_figure(width: float, height: float, **subplots: Any) -> tuple[Figure, Any]:
    """``plt.subplots`` with constrained layout (titles, labels and legends kept inside the
    figure) and the width capped at :data:`A4_WIDTH`; returns ``(figure, axes)``."""
    import matplotlib.pyplot as plt

    return plt.subplots(figsize=(min(width, A4_WIDTH), height), layout="constrained", **subplots)


def wrap_text(text: str, width_inches: float, fontsize: float) -> str:
    """``text`` broken into lines that fit ``width_inches`` at ``fontsize`` points (existing line
    breaks kept)."""
    chars = max(12, int(width_inches * 72 / (fontsize * _CHAR_WIDTH)))
    return "\n".join(textwrap.fill(line, chars, break_on_hyphens=False) if line else line for line in str(text).split("\n"))


def _font_points(fontsize: object) -> float:
    from matplotlib.font_manager import FontProperties

    return float(FontProperties(size=fontsize).get_size_in_points())  # type: ignore[arg-type]


def set_wrapped_title(ax: Axes, text: str, *, fontsize: object | None = None) -> None:
    """Set ``ax``'s title, wrapped to the width the axes has once the figure is laid out."""
    if not text:
        return
    ax.set_title(text, fontsize=fontsize)
    fit_titles(ax.figure)


def fit_titles(fig: Figure) -> None:
    """Lay ``fig`` out and wrap the title of every visible axes to that axes' width (a title is
    centred on its axes, so a wider title would reach past the figure's edge)."""
    fig.draw_without_rendering()
    for ax in fig.axes:
        text = ax.title.get_text()
        if not ax.get_visible() or not text:
            continue
        width = ax.get_position().width * fig.get_figwidth()
        ax.title.set_text(wrap_text(" ".join(text.split("\n")), width * 0.95, ax.title.get_fontsize()))


def set_wrapped_suptitle(fig: Figure, text: str, *, fontsize: float = 10.0) -> None:
    """The figure's title over all panels, wrapped to the figure's width."""
    fig.suptitle(wrap_text(text, fig.get_figwidth() * 0.95, fontsize), fontsize=fontsize)


#: the iterations adjustText may take to move labels apart (it stops earlier once none overlaps)
_LABEL_ITERATIONS = 500


def label_points(ax: Axes, xs: Sequence[float], ys: Sequence[float], labels: Sequence[str], *,
                 fontsize: float = 8.0) -> list[Any]:
    """Write ``labels`` beside the points (x, y) and move them apart with adjustText so that no
    two labels overlap (a thin line joins a moved label to its point). Returns the Text artists.
    Call it once the figure is complete (title, axis labels, legend): the labels are moved apart on
    the layout the figure is drawn with, and a title or legend added later shrinks the axes.

    adjustText is bounded by a number of iterations, not by its default of one second: on a busy
    machine a time limit stops it early and leaves labels overlapping; iterations give the same
    figure on any machine."""
    from adjustText import adjust_text

    texts = [ax.text(x, y, str(label), fontsize=fontsize) for x, y, label in zip(xs, ys, labels)]
    if len(texts) > 1:
        ax.figure.draw_without_rendering()  # lay the figure out first: adjustText works in pixels
        adjust_text(texts, x=list(xs), y=list(ys), ax=ax, expand=(1.15, 1.3), max_move=None, iter_lim=_LABEL_ITERATIONS,
                    arrowprops={"arrowstyle": "-", "color": "#777777", "linewidth": 0.5})
    return texts


def legend_below(ax: Axes, handles: Sequence[Any], title: str = "", ncol: int = 4) -> None:
    """A legend under the plot, outside the data: on the figure when the figure has constrained
    layout (the package's figures), else in the axes' best corner."""
    if not handles:
        return
    fig = ax.figure
    kwargs = {"handles": handles, "title": title or None, "fontsize": 8, "title_fontsize": 8, "frameon": False,
              "ncol": min(ncol, len(handles))}
    if fig.get_layout_engine().__class__.__name__ == "ConstrainedLayoutEngine":
        fig.legend(loc="outside lower center", **kwargs)
    else:
        ax.legend(loc="best", **kwargs)


def grey_level(colour: Any) -> float:
    """The grey (0 black … 1 white) a colour prints as: its luma, 0.299 R + 0.587 G + 0.114 B."""
    from matplotlib.colors import to_rgb

    r, g, b = to_rgb(colour)
    return 0.299 * r + 0.587 * g + 0.114 * b


def overlapping_texts(texts: Sequence[Any], renderer: Any | None = None) -> list[tuple[str, str]]:
    """Pairs of visible, non-empty texts whose boxes overlap on the drawn figure."""
    shown = [t for t in texts if t.get_visible() and t.get_text().strip()]
    if not shown:
        return []
    renderer = renderer or shown[0].figure.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in shown]
    return [(shown[i].get_text(), shown[j].get_text())
            for i in range(len(shown)) for j in range(i + 1, len(shown))
            if boxes[i].overlaps(boxes[j]) and boxes[i].intersection(boxes[i], boxes[j]).width > 0.5]


def figure_problems(fig: Figure, *, max_width: float = A4_WIDTH + 0.05,
                    min_font: float = MIN_FONT_SIZE) -> list[str]:
    """What keeps ``fig`` from printing well on A4, drawn as it will be saved (no tight bounding
    box): wider than ``max_width`` inches, a text smaller than ``min_font`` points, a text
    (title, label, tick label, legend, annotation) reaching outside the figure. Empty when fine."""
    from matplotlib.text import Text

    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    problems = []
    if fig.get_figwidth() > max_width:
        problems.append(f"figure is {fig.get_figwidth():.1f} in wide (at most {max_width:.1f})")
    frame = fig.bbox
    hidden = _hidden_tick_labels(fig)
    for text in fig.findobj(Text):
        if not text.get_visible() or not text.get_text().strip() or id(text) in hidden:
            continue
        if text.axes is not None and not text.axes.get_visible():
            continue
        if text.get_fontsize() < min_font - 1e-6:
            problems.append(f"text {text.get_text()!r} is {text.get_fontsize():.1f} pt")
        box = text.get_window_extent(renderer)
        if box.x0 < frame.x0 - 1 or box.y0 < frame.y0 - 1 or box.x1 > frame.x1 + 1 or box.y1 > frame.y1 + 1:
            problems.append(f"text {text.get_text()!r} reaches outside the figure")
    return problems


def _hidden_tick_labels(fig: Figure) -> set[int]:
    """Ids of the tick labels matplotlib keeps but does not draw: their tick is outside the view."""
    hidden: set[int] = set()
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            lo, hi = sorted(axis.get_view_interval())
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                loc = tick.get_loc()
                shown = ax.get_visible() and ax.axison and axis.get_visible()
                if not shown or loc is None or not lo - 1e-9 <= loc <= hi + 1e-9:
                    hidden.update((id(tick.label1), id(tick.label2)))
    return hidden
