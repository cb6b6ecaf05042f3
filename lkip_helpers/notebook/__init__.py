"""What every notebook calls: start-up and parameter checks, figures, tables.

Modules: :mod:`.startup` (:func:`start`: load, check parameters, set the theme),
:mod:`.parameters` (parameter names, types and values), :mod:`.tables` (:func:`show_table`),
:mod:`.labels` (the display label of every column, declared once), :mod:`.figures` (the
project's seaborn figures) and :mod:`.markdown` (escaping data for Markdown and HTML). Numbers
for display come from :mod:`lkip_helpers.data.i18n` (``format_number``, ``format_percent``,
``format_rupiah``, in the reader's notation).

Names are imported from their module on first use, so that importing the layer stays cheap.
"""

from __future__ import annotations

from lkip_helpers import lazy_exports

_EXPORTS = {
    "A4_WIDTH": "figure_layout",
    "STATUS_COLOURS": "figures",
    "STATUS_HATCHES": "figures",
    "figure_problems": "figure_layout",
    "fit_titles": "figure_layout",
    "grey_level": "figure_layout",
    "label_points": "figure_layout",
    "legend_below": "figure_layout",
    "new_figure": "figure_layout",
    "overlapping_texts": "figure_layout",
    "set_wrapped_suptitle": "figure_layout",
    "set_wrapped_title": "figure_layout",
    "capaian_bar_chart": "figures",
    "check_parameters": "parameters",
    "efficiency_scatter": "figures",
    "escape_markdown": "markdown",
    "fixed_random_state": "figures",
    "format_float": "tables",
    "heatmap": "figures",
    "highlight_palette": "figures",
    "LABELS": "labels",
    "UnknownColumnError": "labels",
    "label_of": "labels",
    "runtime_types": "parameters",
    "short_label": "figures",
    "show_table": "tables",
    "NoRows": "tables",
    "dataframe_html": "html_tables",
    "phrase": "messages",
    "say": "messages",
    "signed_number": "messages",
    "register_html_tables": "html_tables",
    "table_html": "html_tables",
    "CELL_WORDS": "html_tables",
    "start": "startup",
    "trajectory_grid": "figures",
    "unknown_parameter_names": "parameters",
    "use_theme": "figures",
}

__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
