"""What every notebook calls: start-up and parameter checks, figures, formatting, tables.

Modules: :mod:`.startup` (:func:`start`: load, check parameters, set the theme; :func:`show_table`),
:mod:`.parameters` (parameter names, types and values), :mod:`.figures` (the project's seaborn
figures) and :mod:`.formatting` (numbers for display).

Names are imported from their module on first use, so that importing the layer stays cheap.
"""

from __future__ import annotations

from lkip_helpers import lazy_exports

_EXPORTS = {
    "STATUS_COLOURS": "figures",
    "capaian_bar_chart": "figures",
    "check_parameters": "parameters",
    "efficiency_scatter": "figures",
    "fixed_random_state": "figures",
    "format_float": "startup",
    "format_number": "formatting",
    "format_percent": "formatting",
    "format_rupiah": "formatting",
    "heatmap": "figures",
    "highlight_palette": "figures",
    "runtime_types": "parameters",
    "short_label": "figures",
    "show_table": "startup",
    "start": "startup",
    "trajectory_grid": "figures",
    "unknown_parameter_names": "parameters",
    "use_theme": "figures",
}

__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
