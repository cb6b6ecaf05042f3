"""The ``formula`` kind of ``data/check_relations.csv``: a printed figure = an expression of other
printed cells, declared in data.

The row's ``inputs`` is the expression: numbers, ``+ - * /``, parentheses and **cell references**
``[column=value; column=value ...]``. A reference selects rows of a table by their columns:

* ``table=`` names the table: a stats topic (``crime-cases``), ``indicator_values``,
  ``regional_benchmarks``, ``budgets``, ``ikm_unsur`` or ``unit_scores``; by default the table of
  the checked figure;
* every other ``column=value`` keeps the rows whose column has that value (several joined with
  ``|``; ``*`` any value; an empty value an empty cell; ``low..high`` a number between the two,
  both included: ``value=76.61..88.30``, the IKM of mutu Baik); ``year`` may be a signed offset
  from the checked figure's year (``year=-1``: the year before); in ``budgets``, ``under=<name>``
  (several joined with ``|``) keeps the lines in the block below each line of that name (up to
  the next line of its level or higher, :func:`~lkip_helpers.audit.budgets.lines_under`:
  ``count[table=budgets; level=kegiatan; under=Program Pencatatan Sipil; measure=pagu]``, the
  kegiatan of a programme);
* a column the reference does not name is the checked figure's: the report (``document_id``)
  always, ``year``, ``period`` and ``entity_id`` when the table has them, and — for a reference
  into the figure's own table — also ``source_ref``, ``category``, ``subcategory``, ``variable``,
  ``indicator_id`` and ``measure``. ``[variable=baku_mutu]`` is thus the standard printed in the
  same row label of the same table.

A plain reference is the one printed cell it selects (the same figure printed in several rows
counts once; rows with different values are refused, naming the row and the printings: such a
reference needs another column to tell them apart); ``sum[…]``, ``mean[…]``,
``count[…]``, ``max[…]`` and ``min[…]`` aggregate every row it selects (``count`` is exact: rows
are counted, not printed).
A figure with a reference that selects nothing is not checked (the report does not print that
input).

The checked figures: ``subject`` a stats topic — its rows at ``source_ref`` with a ``variable``
(several joined with ``|``) and a label of ``rows`` (``|``-joined, ``*`` or empty for every label);
``subject`` ``indicator_values`` — the ``variable`` measure (``realisasi``) of ``indicator_id``
printed at ``source_ref``, in the years of ``rows``. ``rows`` may instead select by any column,
written as a reference (``[subcategory=kekurangan]``, nothing inherited).

``tolerance``: empty — one printed unit (0, exact, when the figure, every input and the result
are whole numbers printed in full: counts, rupiah); ``inputs`` — that plus the error the rounding
of the printed inputs can cause (each input ± half its printed unit, the changes of the result
added: n × half a unit for a sum, the relative half-units for a ratio). ``outcome``: ``capaian``,
``realisasi`` (the checked realisasi's status against its target), ``target`` (the stored
realisasi's status against the checked target), ``mutu``, ``akip`` or ``bands:<stats topic>`` (:func:`lkip_helpers.audit.outcomes.declared_outcome`).

``key``: the findings' key, its first part the family (``formula``, ``ratio``, ``average``, ``sum``,
``count`` or ``summary``); ``{document}``, ``{label}`` (the slug of the row label), ``{year}``, ``{source}``
(the slug of ``source_ref``), ``{variable}`` (its slug) and ``{check}`` are filled in per figure. Empty:
``formula:{document}:{check}:{label}:{variable}:{year}``.

A row naming a table, a column or an aggregate the data do not have, or an expression that is no
arithmetic, is refused naming ``check_relations.csv``, the row and the column.

Reader texts: the row's ``description`` and ``description_id`` (in the finding's ``check``) are data,
shown as written in English and in Bahasa Indonesia (:func:`~lkip_helpers.audit.texts.description_text`). The rule is the expression with the printed inputs in place of its references
(figures as printed), a :func:`~lkip_helpers.audit.texts.formula_text` whose own numbers (``100``,
``0.5``) are parameters, shown in the reader's notation.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from lkip_helpers.data.cell_references import CELL_REFERENCE, TWO_REFERENCES, reference_filters
from lkip_helpers.data.dataset import Dataset
from lkip_helpers.data.i18n import Message, cell_text
from .budgets import lines_under
from .core import Collector, Outcome, in_column, printed_resolution, slug
from .expressions import evaluate
from .outcomes import declared_outcome
from .texts import catalog_message, description_text, formula_text, joined, number, reader_text

__all__ = ["FAMILIES", "REFERENCE_TABLES", "Reference", "check_formula", "checked_rows", "figure_key", "key_template",
           "one_cell", "parse_formula", "parse_reference", "selected", "single_reference", "two_references"]

#: the tables other than stats topics that a cell reference may name (``table=``)
REFERENCE_TABLES: tuple[str, ...] = ("indicator_values", "regional_benchmarks", "budgets", "ikm_unsur", "unit_scores")
#: the families a declared formula's key may start with
FAMILIES: tuple[str, ...] = ("formula", "ratio", "average", "sum", "count", "summary", "comparison", "yoy")
_AGGREGATES = ("sum", "mean", "count", "max", "min")
#: an aggregate over more cells than this is written in words in a finding's rule, not term by term
_LISTED_CELLS = 6
#: an aggregate in words, in a finding's rule
_IN_WORDS = {
    "max": catalog_message("highest of {n} printed figures ({value})"),
    "min": catalog_message("lowest of {n} printed figures ({value})"),
    "sum": catalog_message("sum of {n} printed figures ({value})"),
    "mean": catalog_message("mean of {n} printed figures ({value})"),
}
#: ``column=low..high``: a number between ``low`` and ``high`` (both included)
_RANGE = re.compile(r"(-?\d+(?:\.\d+)?)\.\.(-?\d+(?:\.\d+)?)")
_REF = CELL_REFERENCE
#: ``under=<name>``: the lines in the blocks below the lines of that name (a table with these columns)
_UNDER = "under"
_HIERARCHY = ("level", "line_no", "name")
_OWN_COLUMNS = ("source_ref", "category", "subcategory", "variable", "indicator_id", "measure")
_PLACEHOLDERS = ("document", "label", "year", "source", "variable", "check")
_DEFAULT_KEY = "formula:{document}:{check}:{label}:{variable}:{year}"


@dataclass(frozen=True)
class Reference:
    """One cell reference of an expression: the table, its ``column=value`` filters, the aggregate,
    and the reference's text as written (``body``, for a refusal)."""

    table: str
    filters: tuple[tuple[str, str], ...]
    aggregate: str | None
    body: str = ""


@dataclass(frozen=True)
class Formula:
    """A parsed expression: ``code`` with the references as names ``r0``, ``r1`` …"""

    code: str
    references: tuple[Reference, ...]


def _table_name(ds: Dataset, name: str) -> str | None:
    if f"stats-{name}" in ds.tables:
        return f"stats-{name}"
    return name if name in REFERENCE_TABLES and name in ds.tables else None


def subject_table(ds: Dataset, subject: str, where: str) -> str:
    """The dataset table of a formula's checked figures (``subject``), or a refusal naming ``where``."""
    name = _table_name(ds, subject)
    if name is None:
        raise ValueError(Message("{where}: no stats table or table {subject!r} in the data",
                                 where=in_column(where, "subject"), subject=subject))
    return name


def parse_formula(ds: Dataset, expression: str, own_table: str, where: str) -> Formula:
    """The expression of a declared formula, its references checked against the data.

    Raises:
        ValueError: an unknown table, column or aggregate, or no arithmetic (naming ``where`` and
            the column ``inputs``).
    """
    refs: list[Reference] = []

    def replace(m: re.Match) -> str:
        refs.append(parse_reference(ds, m.group("agg"), m.group("body"), own_table, in_column(where, "inputs")))
        return f" r{len(refs) - 1} "

    code = _REF.sub(replace, str(expression)).strip()
    try:
        evaluate(code, {f"r{i}": 1.0 for i in range(len(refs))})
    except ZeroDivisionError:
        pass
    except (SyntaxError, ValueError):
        raise ValueError(Message("{where}: {expression!r} is no arithmetic of numbers and cell references "
                                 "[column=value; ...]", where=in_column(where, "inputs"), expression=expression)) from None
    if not refs:
        raise ValueError(Message("{where}: {expression!r} references no cell", where=in_column(where, "inputs"),
                                 expression=expression))
    return Formula(code, tuple(refs))


def single_reference(ds: Dataset, inputs: str, own_table: str, where: str, needs: Message) -> Reference:
    """``inputs`` as exactly one plain cell reference (no aggregate, nothing around it), or a
    refusal naming ``where``, the column ``inputs`` and what the kind ``needs``."""
    refs = list(_REF.finditer(inputs))
    if len(refs) != 1 or refs[0].group(0) != inputs.strip() or refs[0].group("agg"):
        raise ValueError(Message("{where}: {needs}, got {inputs!r}", where=in_column(where, "inputs"), needs=needs,
                                 inputs=inputs))
    return parse_reference(ds, None, refs[0].group("body"), own_table, in_column(where, "inputs"))


def two_references(ds: Dataset, inputs: str, own_table: str, where: str, needs: Message) -> tuple[Reference, Reference]:
    """``inputs`` as two plain cell references joined by ``|`` (``[column=value; ...]|[...]``), or a
    refusal naming ``where``, the column ``inputs`` and what the kind ``needs``."""
    m = TWO_REFERENCES.fullmatch(str(inputs or ""))
    if not m:
        raise ValueError(Message("{where}: {needs}, '[column=value; ...]|[column=value; ...]', got {inputs!r}",
                                 where=in_column(where, "inputs"), needs=needs, inputs=inputs))
    first, second = (parse_reference(ds, None, body, own_table, in_column(where, "inputs"))
                     for _, body in _REF.findall(m.group(0)))
    return first, second


def parse_reference(ds: Dataset, agg: str | None, body: str, own_table: str, where: str) -> Reference:
    """One cell reference (``agg[body]``), its table and columns checked against the data; ``own_table``
    the table of the checked figure (the default of ``table=``).

    Raises:
        ValueError: an unknown aggregate, table or column (naming ``where``).
    """
    if agg is not None and agg not in _AGGREGATES:
        raise ValueError(Message("{where}: unknown aggregate {aggregate!r}; known: {known}", where=where, aggregate=agg,
                                 known=", ".join(_AGGREGATES)))
    try:
        filters = reference_filters(body)
    except ValueError as exc:
        raise ValueError(Message("{where}: {reason}", where=where, reason=exc.args[0])) from None
    table = own_table
    if "table" in filters:
        table = _table_name(ds, filters.pop("table")) or ""
        if not table:
            raise ValueError(Message("{where}: no stats table or table {body!r} names in the data", where=where,
                                     body=body))
    frame = ds.tables[table]
    for col, value in filters.items():
        if col == _UNDER and set(_HIERARCHY) <= set(frame.columns):
            continue
        if col not in frame.columns:
            raise ValueError(Message("{where}: table {table!r} has no column {column!r} ([{body}])", where=where,
                                     table=table.removeprefix("stats-"), column=col, body=body))
        if col == "document_id":
            raise ValueError(Message("{where}: a reference stays in the report of the checked figure ([{body}]); the "
                                     "same figure in another report is the kind unit-score", where=where, body=body))
        if ".." in value and not (_RANGE.fullmatch(value) and pd.api.types.is_numeric_dtype(frame[col])):
            raise ValueError(Message("{where}: {column}={value} is no range low..high of numbers (written with a "
                                     "point, e.g. 76.61..88.30) on a column of numbers ([{body}])", where=where,
                                     column=col, value=value, body=body))
    return Reference(table, tuple(filters.items()), agg, body.strip())


def _text(s: pd.Series) -> pd.Series:
    return s.map(cell_text)


def _matching(t: pd.DataFrame, filters: dict[str, str], fig: pd.Series | None) -> pd.Series:
    """Rows of ``t`` whose columns have the ``filters``' values (``year=-1`` relative to ``fig``)."""
    keep = pd.Series(True, index=t.index)
    for col, value in filters.items():
        if value == "*":
            continue
        if col == _UNDER:  # several names joined with |: the lines below any of them
            below = pd.Series(False, index=t.index)
            for name in (v for v in value.split("|") if v.strip()):
                below |= lines_under(t, name)
            keep &= below
        elif col == "year" and fig is not None and re.fullmatch(r"[+-]\d+", value):
            keep &= t["year"] == int(fig["year"]) + int(value)
        elif _RANGE.fullmatch(value):
            low, high = (float(x) for x in _RANGE.fullmatch(value).groups())  # type: ignore[union-attr]
            number = pd.to_numeric(t[col], errors="coerce")
            keep &= (number >= low) & (number <= high)
        else:
            keep &= _text(t[col]).isin([v.strip() for v in value.split("|")] if value else [""])
    return keep


def selected(ds: Dataset, ref: Reference, fig: pd.Series, fig_table: str) -> pd.DataFrame:
    """The rows with a value that ``ref`` selects for the checked figure ``fig`` (of ``fig_table``)."""
    t = ds.tables[ref.table]
    keep = (t["document_id"] == fig["document_id"]) & t["value"].notna()
    filters = dict(ref.filters)
    inherited = ["year", "period", "entity_id"] + (list(_OWN_COLUMNS) if ref.table == fig_table else [])
    for col in [c for c in inherited if c in t.columns and c in fig.index and c not in filters]:
        keep &= (t[col] == fig[col]) if col == "year" and not pd.isna(fig[col]) else _text(t[col]) == cell_text(fig[col])
    return t[keep & _matching(t, filters, fig)]


@dataclass
class _Inputs:
    """The printed cells of each reference, for one checked figure."""

    cells: list[list[tuple[str, float, str]]]  # per reference: (printed text, value, source_ref)

    def names(self, refs: tuple[Reference, ...], values: list[list[float]] | None = None) -> dict[str, float]:
        vals = values or [[v for _, v, _ in c] for c in self.cells]
        out = {}
        for i, (ref, vs) in enumerate(zip(refs, vals)):
            out[f"r{i}"] = {None: lambda x: x[0], "sum": sum, "count": len, "max": max, "min": min,
                            "mean": lambda x: sum(x) / len(x)}[ref.aggregate](vs)
        return out


def one_cell(rows: pd.DataFrame, ref: Reference, where: str) -> pd.Series:
    """The one printed cell a plain reference selects: ``rows`` (:func:`selected`, not empty) must
    not hold different values — a reference that could mean either of two printings is refused,
    naming ``where``, the column ``inputs`` and the printings, so that no input is taken at random."""
    values = rows.drop_duplicates("value")
    if len(values) > 1:
        shown = "; ".join(f"{t} ({s})" for t, s in zip(values["value_text"].head(4), values["source_ref"].head(4)))
        body = ref.body or "; ".join(f"{k}={v}" for k, v in ref.filters)
        raise ValueError(Message("{where}: [{body}] selects {n} printings with different values ({printings}); name "
                                 "the column that tells them apart (source_ref, category, subcategory ...)",
                                 where=in_column(where, "inputs"), body=body, n=len(values), printings=shown))
    return rows.iloc[0]


def _inputs(ds: Dataset, f: Formula, fig: pd.Series, fig_table: str, where: str) -> _Inputs | None:
    cells = []
    for ref in f.references:
        rows = selected(ds, ref, fig, fig_table)
        if rows.empty:
            return None
        rows = rows if ref.aggregate else one_cell(rows, ref, where).to_frame().T
        cells.append([(str(t), float(v), str(s)) for t, v, s in zip(rows["value_text"], rows["value"], rows["source_ref"])])
    return _Inputs(cells)


def _value(f: Formula, inp: _Inputs, values: list[list[float]] | None = None) -> float | None:
    try:
        return evaluate(f.code, inp.names(f.references, values))
    except ZeroDivisionError:
        return None


def _half_unit(text: str, value: float) -> float:
    r = printed_resolution(text, value)
    return 0.0 if r is None or r == 1.0 else 0.5 * r


def input_rounding(f: Formula, inp: _Inputs, result: float) -> float:
    """How far the rounding of the printed inputs can move the result: each input ± half its
    printed unit (whole numbers printed in full are exact), the largest changes added."""
    total = 0.0
    base = [[v for _, v, _ in c] for c in inp.cells]
    for i, cell in enumerate(inp.cells):
        if f.references[i].aggregate == "count":
            continue
        for j, (text, value, _) in enumerate(cell):
            h = _half_unit(text, value)
            moved = []
            for sign in (-1, 1):
                vals = [list(c) for c in base]
                vals[i][j] = value + sign * h
                got = _value(f, inp, vals)
                moved.append(0.0 if got is None else abs(got - result))
            total += max(moved) if h else 0.0
    return total


def _whole(text: str, value: float) -> bool:
    return printed_resolution(text, value) == 1.0


_LITERAL = re.compile(r"(?<![\w.])(\d+)(?:\.(\d+))?(?![\w.])")


def _decimals(text: str, value: float) -> int:
    """The decimals a printed figure shows (0 for a whole number or an unknown resolution)."""
    r = printed_resolution(text, value)
    return 0 if r is None or r >= 1 else max(0, round(-math.log10(r)))


def _aggregate_text(ref: Reference, cells: list[tuple[str, float, str]]) -> object:
    """One reference's part of a rule: the printed figure, the count, or the aggregated figures
    term by term — in words when there are more than :data:`_LISTED_CELLS` (or for ``max`` and
    ``min``: the figure chosen)."""
    texts = [t for t, _, _ in cells]
    agg = ref.aggregate
    if agg is None:
        return texts[0]
    if agg == "count":
        return len(texts)
    if agg in ("max", "min"):
        pick = (max if agg == "max" else min)(cells, key=lambda c: c[1])
        return reader_text(_IN_WORDS[agg], n=len(texts), value=pick[0])
    if len(texts) > _LISTED_CELLS:
        values = [v for _, v, _ in cells]
        total = sum(values) if agg == "sum" else sum(values) / len(values)
        decimals = max(_decimals(t, v) for t, v, _ in cells) + (0 if agg == "sum" else 2)
        return reader_text(_IN_WORDS[agg], n=len(texts), value=number(total, decimals))
    return formula_text("({parts})" if agg == "sum" else "({parts}) / {n}", parts=joined(" + ", texts), n=len(texts))


def _rule(f: Formula, inp: _Inputs, fig: pd.Series) -> dict:
    """The formula with the printed inputs in place of its references (the figures as printed;
    the numbers of the expression itself in the reader's notation, as :func:`~.texts.number`)
    and the other tables the inputs come from."""
    code = f" {f.code} ".replace("*", "×").replace("-", "−")
    constants: dict[str, object] = {}

    def constant(m: re.Match) -> str:
        name = f"c{len(constants)}"
        constants[name] = number(float(m.group(0)), len(m.group(2) or ""))
        return "{" + name + "}"

    code = _LITERAL.sub(constant, code)
    inputs: dict[str, object] = {}
    for i in reversed(range(len(f.references))):
        inputs[f"r{i}"] = _aggregate_text(f.references[i], inp.cells[i])
        code = code.replace(f" r{i} ", f" {{r{i}}} ")
    code = re.sub(r"\s+", " ", re.sub(r"\s*([×/+−])\s*", r" \1 ", code)).replace("( ", "(").replace(" )", ")").strip()
    rule = formula_text(code, **constants, **inputs)
    others = sorted({ref.strip() for c in inp.cells for _, _, s in c for ref in s.split(";")} - {str(fig["source_ref"])})
    return formula_text("{formula} ({tables})", formula=rule, tables="; ".join(others)) if others else rule


def checked_rows(ds: Dataset, c: pd.Series, table: str, where: str, *, valued: bool = True) -> pd.DataFrame:
    """The rows of ``table`` the declared row ``c`` checks (module docstring: ``source_ref``,
    ``variable``, ``rows``); only those with a value unless ``valued`` is false (printed words)."""
    t = ds.tables[table]
    rows = t[(t["document_id"] == c["document_id"]) & (t["source_ref"] == c["source_ref"])]
    if valued:
        rows = rows[rows["value"].notna()]
    wanted = str(c["rows"] or "").strip()
    variables = [p.strip() for p in str(c["variable"]).split("|") if p.strip()]
    if table == "indicator_values":
        rows = rows[(rows["indicator_id"] == c["indicator_id"]) & rows["measure"].isin(variables)]
        by = "year"
    else:
        rows = rows[rows["variable"].isin(variables)]
        by = "category"
    if wanted.startswith("["):
        ref = parse_reference(ds, None, wanted.strip("[]"), table, in_column(where, "rows"))
        return rows[_matching(rows, dict(ref.filters), None)]
    labels = [p.strip() for p in wanted.split("|") if p.strip()]
    return rows if labels in ([], ["*"]) else rows[_text(rows[by]).isin(labels)]


def key_template(c: pd.Series, where: str, default: str = _DEFAULT_KEY) -> tuple[str, str]:
    """``(family, key template)`` of a declared row (``default`` when its ``key`` is empty), or a
    refusal naming the column ``key``."""
    key = str(c.get("key", "") or "") or default
    family = key.split(":", 1)[0]
    unknown = set(re.findall(r"\{([^}]*)\}", key)) - set(_PLACEHOLDERS)
    if family not in FAMILIES or unknown:
        raise ValueError(Message("{where}: {key!r} must start with a family ({families}) and use only the "
                                 "placeholders {placeholders}", where=in_column(where, "key"), key=key,
                                 families=", ".join(FAMILIES),
                                 placeholders=", ".join("{" + p + "}" for p in _PLACEHOLDERS)))
    return family, key


def figure_key(template: str, c: pd.Series, fig: pd.Series, table: str) -> str:
    """The key of the finding on ``fig`` (a row of ``table``) by the declared row ``c``'s ``template``."""
    label = fig["indicator_id"] if table == "indicator_values" else fig["category"]
    year = "" if pd.isna(fig["year"]) else str(int(fig["year"]))
    variable = fig["measure"] if table == "indicator_values" else fig["variable"]
    return template.format(document=fig["document_id"], label=slug(label), year=year, source=slug(fig["source_ref"]),
                           variable=slug(variable), check=c["check_id"])


def _row(fig: pd.Series, table: str) -> str:
    if table == "indicator_values":
        return f"{fig['indicator_id']} {fig['measure']} {int(fig['year'])}"
    sub = cell_text(fig.get("subcategory"))
    return f"{fig['category']}{' ' + sub if sub else ''} {fig['variable']}"


def check_formula(ds: Dataset, out: Collector, i: int, c: pd.Series, where: str) -> None:
    """Every figure of the declared formula ``c`` (row ``i`` of ``check_relations.csv``, module docstring).

    Raises:
        ValueError: a malformed row (naming ``where`` and the column).
    """
    table = subject_table(ds, c["subject"], where)
    if table == "indicator_values" and not c["indicator_id"]:
        raise ValueError(Message("{where}: a formula on indicator_values names the indicator whose figure it checks",
                                 where=in_column(where, "indicator_id")))
    f = parse_formula(ds, c["inputs"], table, where)
    family, template = key_template(c, where)
    mode = str(c.get("tolerance", "") or "")
    if mode not in ("", "inputs"):
        raise ValueError(Message("{where}: {mode!r} must be empty or 'inputs'", where=in_column(where, "tolerance"),
                                 mode=mode))
    outcome_of: Callable[[pd.Series], Outcome | None] = declared_outcome(ds, str(c["outcome"] or ""), c["document_id"],
                                                                         in_column(where, "outcome"))
    for _, fig in checked_rows(ds, c, table, where).iterrows():
        inp = _inputs(ds, f, fig, table, where)
        value = None if inp is None else _value(f, inp)
        if value is None:
            continue
        exact = _whole(fig["value_text"], fig["value"]) and float(value).is_integer() and all(
            _whole(t, v) for ref, cell in zip(f.references, inp.cells) if ref.aggregate != "count"
            for t, v, _ in cell)  # rows counted are exact whatever they print
        out.number(key=figure_key(template, c, fig, table), family=family,
                   check=formula_text("{check_id}: {description}", check_id=str(c["check_id"]),
                                      description=description_text(c)),
                   document_id=fig["document_id"], source_ref=fig["source_ref"], row=_row(fig, table),
                   printed_text=fig["value_text"], printed=fig["value"], recomputed=value,
                   tolerance=0.0 if exact else None,
                   extra_tolerance=input_rounding(f, inp, value) if mode == "inputs" else 0.0,
                   outcome=outcome_of(fig), rule=_rule(f, inp, fig))
