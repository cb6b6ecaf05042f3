"""Consistent seaborn figures for the notebooks.

Every notebook calls :func:`use_theme` once; plotting functions return the matplotlib ``Axes`` so a
notebook cell can end with ``;`` (no ``<Axes at 0x…>`` in the output, which would break nbval).
Figures are rendered as PNG (no SVG ids that change between runs).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.axes import Axes

__all__ = ["STATUS_COLOURS", "capaian_bar_chart", "highlight_palette", "use_theme"]

#: Colours of the three SAKIP statuses, used by every figure.
STATUS_COLOURS: dict[str, str] = {
    "tercapai": "#1a9850",
    "tidak tercapai": "#d73027",
    "belum ada nilai": "#9e9e9e",
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

        set_matplotlib_formats("png")
    except ImportError:  # outside IPython
        pass


def highlight_palette(labels: Sequence[str], focus: str | Sequence[str], colour: str = "#d95f02") -> dict[str, str]:
    """A palette that greys every label except ``focus`` (one label or several)."""
    focus_set = {focus} if isinstance(focus, str) else set(focus)
    return {label: (colour if label in focus_set else "#b0b0b0") for label in labels}


def capaian_bar_chart(
    frame: pd.DataFrame,
    *,
    label: str = "label",
    capaian: str = "capaian",
    status: str = "status",
    title: str = "",
    cap: float | None = 250.0,
    ax: Axes | None = None,
) -> Axes:
    """Horizontal bars of capaian (%) per indicator, coloured by status, with the 100 % line.

    Bars beyond ``cap`` are cut at ``cap`` and labelled with their real value, so one outlier
    (249 %) does not flatten the rest. Rows without capaian are shown as empty, labelled
    "belum ada nilai".
    """
    import matplotlib.pyplot as plt
    import seaborn as sns

    data = frame[[label, capaian, status]].copy()
    data["_shown"] = data[capaian].clip(upper=cap) if cap is not None else data[capaian]
    data["_shown"] = data["_shown"].fillna(0.0)
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 0.45 * len(data) + 1.5))
    sns.barplot(
        data=data,
        y=label,
        x="_shown",
        hue=status,
        palette=STATUS_COLOURS,
        hue_order=[s for s in STATUS_COLOURS if s in set(data[status])],
        dodge=False,
        ax=ax,
    )
    ax.axvline(100, color="black", linestyle="--", linewidth=1)
    for i, (value, shown) in enumerate(zip(data[capaian], data["_shown"])):
        text = "belum ada nilai" if value != value else f"{value:,.2f}%"
        ax.text(max(shown, 0) + 2, i, text, va="center", fontsize=9)
    ax.set_xlabel("capaian (%)  — dashed line: target reached (100 %)")
    ax.set_ylabel("")
    ax.set_title(title)
    legend = ax.get_legend()
    if legend is not None:
        legend.set_title("status")
    return ax


def style_axes(ax: Any, title: str = "", xlabel: str | None = None, ylabel: str | None = None) -> Any:
    """Set title and axis labels in one call; returns ``ax``."""
    ax.set_title(title)
    if xlabel is not None:
        ax.set_xlabel(xlabel)
    if ylabel is not None:
        ax.set_ylabel(ylabel)
    return ax
