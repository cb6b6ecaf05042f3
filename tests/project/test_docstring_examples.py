"""The examples in the package's docstrings (``>>>``) hold: every module's doctests pass."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import lkip_helpers

MODULES = sorted(m.name for m in pkgutil.walk_packages(lkip_helpers.__path__, "lkip_helpers."))


def _examples(name: str) -> list[doctest.DocTest]:
    module = importlib.import_module(name)
    return [t for t in doctest.DocTestFinder().find(module) if t.examples]


def test_the_package_has_docstring_examples() -> None:
    assert sum(len(_examples(name)) for name in MODULES) >= 20


@pytest.mark.parametrize("name", [m for m in MODULES if not m.endswith("__main__")])
def test_docstring_examples_hold(name: str) -> None:
    from lkip_helpers.data import i18n

    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    before = i18n.current_language()
    out: list[str] = []
    try:
        for test in _examples(name):
            runner.run(test, out=out.append)
    finally:
        i18n.set_language(before)
    assert runner.failures == 0, "".join(out)
