"""Notebooks call the package and tell the story: no plotting library, no Markdown assembled in them."""

from __future__ import annotations

import ast
import re

import nbformat
import pytest

from conftest import NOTEBOOKS

PLOTTING = re.compile(r"^\s*(import|from)\s+(matplotlib|seaborn)\b|\b(plt|sns)\.", re.M)


def _code_cells(path):
    nb = nbformat.read(str(path), as_version=4)
    return [c.source for c in nb.cells if c.cell_type == "code"]


@pytest.mark.parametrize("path", sorted(NOTEBOOKS.glob("*.ipynb")), ids=lambda p: p.stem)
def test_no_plotting_library_in_a_notebook(path):
    found = [src for src in _code_cells(path) if PLOTTING.search(src)]
    assert not found, f"{path.name} calls a plotting library:\n" + "\n---\n".join(found)


def _markdown_arguments(source: str) -> list[ast.AST]:
    tree = ast.parse(source)
    return [call.args[0] for call in ast.walk(tree)
            if isinstance(call, ast.Call) and getattr(call.func, "id", None) == "Markdown" and call.args]


@pytest.mark.parametrize("path", sorted(NOTEBOOKS.glob("*.ipynb")), ids=lambda p: p.stem)
def test_markdown_is_written_by_the_package(path):
    """A ``Markdown(...)`` in a notebook shows a package function's text, a constant, or a one-line
    f-string heading — never a paragraph assembled from pieces."""
    long = []
    for source in _code_cells(path):
        for arg in _markdown_arguments(source):
            assembled = isinstance(arg, ast.BinOp) or (isinstance(arg, ast.JoinedStr) and arg.end_lineno > arg.lineno)
            if assembled:
                long.append(ast.unparse(arg)[:120])
    assert not long, f"{path.name} assembles Markdown: {long}"
