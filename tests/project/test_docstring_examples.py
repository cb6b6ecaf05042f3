"""The examples in the package's docstrings (``>>>``) hold: every module's doctests pass."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import lkip_helpers



def _examples(name: str) -> list[doctest.DocTest]:
    module = importlib.import_module(name)
    return [t for t in doctest.DocTestFinder().find(module) if t.examples]


MODULES = sorted(
    m.name
    for m in pkgutil.walk_packages(lkip_helpers.__path__, "lkip_helpers.")
    if not m.name.endswith("__main__")
)
# Only modules that have examples become tests: a module without any would pass having checked nothing.
WITH_EXAMPLES = [name for name in MODULES if _examples(name)]


def test_the_package_has_docstring_examples() -> None:
    assert sum(len(_examples(name)) for name in WITH_EXAMPLES) >= 20


@pytest.mark.parametrize("name", WITH_EXAMPLES)
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
