"""Formulas printed with their numbers: the printed result = the formula evaluated as printed.

A row label of a statistics table that states its own computation (``Indeks Kualitas Udara =
100-(50/0,9*(0,44-0,1))``) is evaluated with the numbers as printed (decimal comma; ``×``, ``x``,
``:`` and ``÷`` as operators) and compared with the figure printed in the row (family
``formula``, one printed unit). The rule lists the other figures of the same table, so that a
reader sees which printed input the formula should have used. Only arithmetic is evaluated
(numbers, ``+ − × /``, parentheses); a label with anything else is left alone.

Keys: ``formula:<document>:<topic>:<source_ref slug>:printed-expression:<label slug>``.
"""

from __future__ import annotations

import ast
import operator
import re

import pandas as pd

from lkip_helpers.data.dataset import Dataset
from .core import Collector, slug
from .texts import formula_text, number, reader_text

__all__ = ["check_printed_formulas", "evaluate", "evaluate_printed"]

_OPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv}
_EXPR = re.compile(r"=\s*([-+*/×x:÷().,\d\s−]+)$")


def _eval(node: ast.AST, names: dict[str, float] | None = None) -> float:
    if isinstance(node, ast.Expression):
        return _eval(node.body, names)
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
        return float(node.value)
    if isinstance(node, ast.Name) and names is not None and node.id in names:
        return float(names[node.id])
    if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
        return _OPS[type(node.op)](_eval(node.left, names), _eval(node.right, names))
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        v = _eval(node.operand, names)
        return -v if isinstance(node.op, ast.USub) else v
    raise ValueError("not arithmetic")


def evaluate(code: str, names: dict[str, float]) -> float:
    """The arithmetic ``code`` (numbers, ``+ - * /``, parentheses and the ``names``) evaluated.

    >>> evaluate("(a - b) / a * 100", {"a": 200.0, "b": 150.0})
    25.0

    Raises:
        ValueError: anything but that arithmetic (or a name not in ``names``).
        SyntaxError: ``code`` is no expression.
        ZeroDivisionError: a division by zero.
    """
    return _eval(ast.parse(code, mode="eval"), names)


def evaluate_printed(label: object) -> tuple[str, float] | None:
    """The arithmetic after the last ``=`` of ``label`` and its value, or ``None``.

    >>> evaluate_printed("Indeks = 100-(50/0,9*(0,44-0,1))")
    ('100-(50/0,9*(0,44-0,1))', 81.11111111111111)
    >>> evaluate_printed("Jumlah = A + B") is None
    True
    """
    m = _EXPR.search(str(label))
    if not m or not re.search(r"\d", m.group(1)) or not re.search(r"[-+*/×x:÷−]", m.group(1)):
        return None
    expr = m.group(1).strip()
    code = re.sub(r"(\d),(\d)", r"\1.\2", expr)
    code = code.replace("×", "*").replace("x", "*").replace(":", "/").replace("÷", "/").replace("−", "-")
    try:
        tree = ast.parse(code, mode="eval")
        if not isinstance(tree.body, ast.BinOp):  # a signed number is no formula
            return None
        return expr, _eval(tree)
    except (SyntaxError, ValueError, ZeroDivisionError):
        return None


def check_printed_formulas(ds: Dataset, out: Collector, documents: set[str]) -> None:
    """Every stats row whose label states its computation (module docstring)."""
    for name, table in ds.tables.items():
        if not name.startswith("stats-") or "category" not in table.columns:
            continue
        rows = table[table["document_id"].isin(documents)]
        for _, r in rows.iterrows():
            got = evaluate_printed(r["category"])
            if got is None or pd.isna(r["value"]):
                continue
            expr, value = got
            others = rows[(rows["source_ref"] == r["source_ref"]) & (rows.index != r.name)]
            listed = "; ".join(f"{c} {t}" for c, t in zip(others["category"], others["value_text"]))
            rule = formula_text("{expression} = {value}", expression=expr, value=number(value, 4))
            topic = name.removeprefix("stats-")
            out.number(key=f"formula:{r['document_id']}:{topic}:{slug(r['source_ref'])}:printed-expression:"
                           f"{slug(r['category'].split('=')[0])}",
                       family="formula",
                       check=reader_text("the printed result = its printed formula evaluated as printed"),
                       document_id=r["document_id"], source_ref=r["source_ref"], row=str(r["category"]),
                       printed_text=r["value_text"], printed=r["value"], recomputed=value,
                       rule=reader_text("{formula} (the table's other rows: {rows})", formula=rule, rows=listed)
                       if listed else rule)
