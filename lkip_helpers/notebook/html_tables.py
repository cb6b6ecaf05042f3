"""The HTML of a notebook table, as the reports show it: in the reader's language and notation.

Headers go through the message catalog; numbers through Babel (``87,14`` in Bahasa Indonesia,
``87.14`` in English; a column of whole numbers, such as ranks or years, without decimals); a
missing value is a dash, explained under the table; the words of :data:`CELL_WORDS` are
translated; a number printed in a report (``87,14``) is shown in the reader's notation with its
printed decimals; every other text is escaped, never interpreted; there is no row-index column; long
names wrap and a wide table scrolls inside the page. The template is
``lkip_helpers/notebook/templates/table.html.j2``. :func:`register_html_tables` (called by a
notebook's ``start``) makes IPython show the tables of ``show_table`` this way.
"""

from __future__ import annotations

import re
from functools import lru_cache
from numbers import Number

import pandas as pd

from lkip_helpers.data.i18n import MISSING, current_language, format_number, is_missing_value, translate

__all__ = ["CELL_WORDS", "dataframe_html", "register_html_tables", "table_html"]

#: words in table cells that are shown in the reader's language (each is a catalog message)
CELL_WORDS: frozenset[str] = frozenset({
    "improved", "worsened", "unchanged", "best", "closest to target", "weakest", "suggestion", "insufficient data", "observed",
    "higher_is_better", "lower_is_better", "categorical", "neutral", "annual", "low", "high",
    "target already reached", "deterioration", "limited progress", "acceleration needed", "on track",
    "tercapai", "tidak tercapai", "belum ada nilai", "tidak dapat dinilai",
    # the forecast's status, basis, confidence, rate method and kind of indicator
    "forecast", "skipped", "not assessable", "not met", "met", "anticipated", "moderate", "cagr", "absolute change",
    "index", "growth rate", "rate", "level", "all kinds",
    # how the focal region reads against another region or an average (benchmarks)
    "better", "worse", "equal", "above", "below", "not in table",
    # the audit's statuses and the forecast's models (display labels of the codes)
    "discrepancy", "rounding difference", "unreadable in the source", "match",
    "naive", "drift", "linear_trend", "holt", "holt_damped", "ensemble",
    # the capaian rules (lkip_helpers.measurement.capaian)
    "report", "ratio", "missing", "reverse_difference", "capped", "text_equal", "akip_predicate", "opini_bpk",
    "composite:level_by_level", "composite:total_ratio", "composite:mean_level_ratio", "composite:min_level_ratio",
    # the kinds of a recorded discrepancy (data/discrepancies.csv)
    "arithmetic", "conflicting_values", "predicate_mismatch", "label_mismatch", "other",
    # the primer's exercises and their verdicts
    "exercise 1", "exercise 2", "exercise 3", "exercise 4", "exercise 5", "exercise 6",
    "correct", "incorrect", "not answered yet", "unreadable", "no exercise",
    # the progress classes as the SDG trackers publish them (UNSD Progress Chart, ESCAP)
    "limited or no progress", "substantial progress/on track", "fair progress, acceleration needed", "target met",
    "accelerate progress to achieve target", "reverse trend to achieve target", "maintain progress to achieve target",
})


@lru_cache(maxsize=1)
def _template():
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(loader=PackageLoader("lkip_helpers.notebook", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True))
    return env.get_template("table.html.j2")


def _column_decimals(column: pd.Series, decimals: int) -> int:
    """0 for a column of whole numbers, else ``decimals``."""
    numbers = pd.to_numeric(column, errors="coerce").dropna()
    return 0 if len(numbers) and (numbers == numbers.round()).all() else decimals


#: a number as the reports print it (Indonesian notation: decimal comma, dots between thousands),
#: with what follows it (``%`` or a word such as a predicate)
_PRINTED_NUMBER = re.compile(r"^(?P<sign>[-−]?)(?P<int>\d{1,3}(?:\.\d{3})+|\d+),(?P<frac>\d+)(?P<rest>\s*%|\s.*)?$", re.S)


#: a number a report printed with a decimal point (``92.48%``, ``78.46``, ``2.9 T``): a point
#: followed by one, two or four and more digits, which Indonesian thousands grouping never is
_POINT_DECIMAL = re.compile(r"^(?P<sign>[-−]?)(?P<int>\d+)\.(?P<frac>\d{1,2}|\d{4,})(?P<rest>\s*%|\s.*)?$", re.S)


def _printed_in(text: str, lang: str) -> str:
    """A number printed in a report (``87,14``, ``4,80%``, ``36,93 “Kurang”``, or with a decimal
    point, ``92.48%``) in the reader's notation, with the decimals it was printed with; any other
    text as it is."""
    if lang == "id":
        point = _POINT_DECIMAL.match(text)
        return text if point is None else f"{point['sign']}{point['int']},{point['frac']}{point['rest'] or ''}"
    found = _PRINTED_NUMBER.match(text)
    if found is None:
        return text
    value = float(found["int"].replace(".", "") + "." + found["frac"]) * (-1 if found["sign"] else 1)
    return format_number(value, len(found["frac"]), lang) + (found["rest"] or "")


def _cell(value: object, places: int, lang: str) -> str:
    if is_missing_value(value):
        return MISSING
    if isinstance(value, bool):
        return translate("yes", lang) if value else translate("no", lang)
    if isinstance(value, Number):
        whole = float(value).is_integer()  # type: ignore[arg-type]
        return format_number(value, 0 if whole and places == 0 else places, lang)
    text = str(value)
    return translate(text, lang) if text in CELL_WORDS else _printed_in(text, lang)


def table_html(frame: pd.DataFrame, decimals: int = 2, lang: str | None = None, row_id: str | None = None) -> str:
    """``frame`` as an HTML table in ``lang`` (default: the current language); the column
    ``row_id``, when given, not as cells but as each row's ``data-id`` attribute."""
    lang = lang or current_language()
    ids = None
    if row_id is not None and row_id in frame.columns:
        ids = ["" if is_missing_value(v) else str(v) for v in frame[row_id]]
        frame = frame.drop(columns=[row_id])
    numeric = [pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c])
               for c in frame.columns]
    places = [_column_decimals(frame[c], decimals) if is_number else decimals
              for c, is_number in zip(frame.columns, numeric)]
    rows = [[_cell(v, places[i], lang) for i, v in enumerate(row)] for row in frame.itertuples(index=False, name=None)]
    legend = None
    if any(cell == MISSING for row in rows for cell in row):
        legend = f"{MISSING} : {translate('no value in the data', lang)}"
    return _template().render(headers=[translate(str(c), lang) for c in frame.columns], rows=rows, ids=ids,
                              aligns=["right" if n else "left" for n in numeric], legend=legend)


def dataframe_html(frame: pd.DataFrame) -> str | None:
    """The HTML a notebook shows for ``frame``: :func:`table_html` for a table made by
    :func:`~lkip_helpers.notebook.tables.show_table`; any other frame the same way, its index
    dropped when it only numbers the rows (a default 0, 1, 2 … index) and shown as ordinary
    columns when it holds names (a pivot's rows), so that no report shows pandas' row numbers
    nor ``NaN``."""
    from .tables import TABLE_ATTR

    marked = frame.attrs.get(TABLE_ATTR)
    if marked is not None:
        return table_html(frame, int(marked.get("decimals", 2)), row_id=marked.get("row_id"))
    numbering = isinstance(frame.index, pd.RangeIndex) and frame.index.name is None
    return table_html(frame if numbering else frame.reset_index())


def register_html_tables() -> None:
    """Show DataFrames through :func:`dataframe_html` in the running IPython kernel (IPython's
    public display-formatter API); nothing outside IPython."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython is a dependency of the kernels
        return
    shell = get_ipython()
    if shell is not None:
        shell.display_formatter.formatters["text/html"].for_type(pd.DataFrame, dataframe_html)
