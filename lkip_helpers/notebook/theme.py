"""The project's figure theme as matplotlib settings: seaborn's ``whitegrid`` style, ``notebook``
context and ``colorblind`` palette, written out so that a notebook does not import seaborn (and
with it scipy.stats, about half a second per kernel on this project's machine) before a figure
needs it. :func:`seaborn_theme_rc` computes the same settings with seaborn; a test keeps the two
equal, so an upgrade of seaborn that changes its theme shows.
"""

from __future__ import annotations

from typing import Any

__all__ = ["THEME_RC", "seaborn_theme_rc", "theme_rc"]

#: seaborn's colorblind palette (10 colours), the colour cycle of every figure
_COLORBLIND = (
    "#0173b2", "#de8f05", "#029e73", "#d55e00", "#cc78bc", "#ca9161", "#fbafe4", "#949494", "#ece133", "#56b4e9",
)

#: ``sns.set_theme(style="whitegrid", context="notebook")`` as rcParams (the colour cycle aside)
THEME_RC: dict[str, Any] = {
    "axes.axisbelow": True,
    "axes.edgecolor": ".8",
    "axes.facecolor": "white",
    "axes.grid": True,
    "axes.labelcolor": ".15",
    "axes.labelsize": 12.0,
    "axes.linewidth": 1.25,
    "axes.spines.bottom": True,
    "axes.spines.left": True,
    "axes.spines.right": True,
    "axes.spines.top": True,
    "axes.titlesize": 12.0,
    "figure.facecolor": "white",
    "font.family": ["sans-serif"],
    "font.sans-serif": ["Arial", "DejaVu Sans", "Liberation Sans", "Bitstream Vera Sans", "sans-serif"],
    "font.size": 12.0,
    "grid.color": ".8",
    "grid.linestyle": "-",
    "grid.linewidth": 1.0,
    "legend.fontsize": 11.0,
    "legend.title_fontsize": 12.0,
    "lines.linewidth": 1.5,
    "lines.markersize": 6.0,
    "lines.solid_capstyle": "round",
    "patch.edgecolor": "w",
    "patch.force_edgecolor": True,
    "patch.linewidth": 1.0,
    "text.color": ".15",
    "xtick.bottom": False,
    "xtick.color": ".15",
    "xtick.direction": "out",
    "xtick.labelsize": 11.0,
    "xtick.major.size": 6.0,
    "xtick.major.width": 1.25,
    "xtick.minor.size": 4.0,
    "xtick.minor.width": 1.0,
    "xtick.top": False,
    "ytick.color": ".15",
    "ytick.direction": "out",
    "ytick.labelsize": 11.0,
    "ytick.left": False,
    "ytick.major.size": 6.0,
    "ytick.major.width": 1.25,
    "ytick.minor.size": 4.0,
    "ytick.minor.width": 1.0,
    "ytick.right": False,
}


def theme_rc() -> dict[str, Any]:
    """The theme's rcParams, the colour cycle included."""
    from cycler import cycler

    return {**THEME_RC, "axes.prop_cycle": cycler(color=list(_COLORBLIND))}


def seaborn_theme_rc() -> dict[str, Any]:
    """The same settings as seaborn computes them (imports seaborn; for the test)."""
    import seaborn as sns
    from cycler import cycler
    from matplotlib.colors import to_hex

    rc = {**sns.axes_style("whitegrid"), **sns.plotting_context("notebook")}
    rc["axes.prop_cycle"] = cycler(color=[to_hex(c) for c in sns.color_palette("colorblind")])
    return rc
