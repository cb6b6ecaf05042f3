"""The package shows its layers: no flat modules, tests mirror the layers, no private API of others."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from lkip_helpers.data.paths import PROJECT_ROOT

PACKAGE = PROJECT_ROOT / "lkip_helpers"
LAYERS = {"data", "measurement", "reports", "forecasting", "benchmarks", "intake", "audit", "primer", "notebook", "batch"}
#: a comment on the line (or the line before) that says why a private name is used anyway
JUSTIFIED = re.compile(r"#\s*private API:", re.I)


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def test_only_init_at_the_top_level() -> None:
    assert sorted(p.name for p in PACKAGE.glob("*.py")) == ["__init__.py"]


def test_every_layer_is_a_package_and_nothing_else_is() -> None:
    packages = {p.parent.name for p in PACKAGE.glob("*/__init__.py")}
    assert packages == LAYERS


def test_tests_mirror_the_layers() -> None:
    tests = PROJECT_ROOT / "tests"
    for layer in LAYERS:
        assert list((tests / layer).glob("test_*.py")), f"tests/{layer}/ has no test module"


def _private_uses(path: Path) -> list[str]:
    """``name._private`` attribute uses where ``name`` is an imported module or object (not
    ``self``/``cls``, not a module of this package), without a ``# private API:`` comment."""
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    tree = ast.parse(source)
    imported: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update((a.asname or a.name).split(".")[0] for a in node.names if not a.name.startswith("lkip_helpers"))
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and not (node.module or "").startswith("lkip_helpers"):
            imported.update(a.asname or a.name for a in node.names)
    found = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("getattr", "hasattr", "setattr")
                and len(node.args) >= 2 and isinstance(node.args[1], ast.Constant)
                and isinstance(node.args[1].value, str) and re.match(r"_[a-z]", node.args[1].value)):
            node = ast.Attribute(value=node.args[0], attr=node.args[1].value, lineno=node.lineno)  # same check
        if not isinstance(node, ast.Attribute) or not re.match(r"_[a-z]", node.attr):
            continue
        base = node.value
        while isinstance(base, ast.Attribute):
            base = base.value
        if isinstance(base, ast.Name) and base.id in imported:
            context = "\n".join(lines[max(0, node.lineno - 2): node.lineno])
            if not JUSTIFIED.search(context):
                found.append(f"{path.relative_to(PROJECT_ROOT)}:{node.lineno}: {ast.unparse(node)}")
    return found


def test_no_private_api_of_other_libraries() -> None:
    found = [hit for path in _modules() for hit in _private_uses(path)]
    assert not found, "private names of other libraries:\n" + "\n".join(found)


def test_no_override_of_private_methods() -> None:
    """No class of this package overrides a private method of another library's class."""
    import importlib
    import inspect

    found = []
    for path in _modules():
        name = ".".join(path.relative_to(PROJECT_ROOT).with_suffix("").parts).removesuffix(".__init__")
        module = importlib.import_module(name)
        for cls in vars(module).values():
            if not inspect.isclass(cls) or cls.__module__ != module.__name__:
                continue
            foreign = [b for b in cls.__mro__[1:] if not b.__module__.startswith("lkip_helpers")]
            for attr in vars(cls):
                if (re.match(r"_[a-z]", attr) and inspect.isfunction(vars(cls)[attr])
                        and any(attr in vars(b) for b in foreign)):
                    found.append(f"{name}.{cls.__name__}.{attr}")
    assert not found, "overrides of private methods:\n" + "\n".join(found)


#: functions longer than this must say why in their docstring ("Long because ...")
MAX_FUNCTION_LINES = 60


def test_functions_do_one_thing() -> None:
    """No function over ~60 lines (docstring included) without a reason in its docstring."""
    found = []
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES and "Long because" not in (ast.get_docstring(node) or ""):
                    found.append(f"{path.relative_to(PROJECT_ROOT)}:{node.lineno}: {node.name} ({length} lines)")
    assert not found, "functions over 60 lines without a reason:\n" + "\n".join(found)


#: a layer imports only layers of a lower rank (docs/architecture.md)
LAYER_RANK = {"data": 0, "measurement": 1, "notebook": 2, "forecasting": 3, "benchmarks": 3, "intake": 3,
              "reports": 4, "audit": 5, "primer": 5, "batch": 6}


def _imported_layers(path: Path) -> set[str]:
    layers = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").startswith("lkip_helpers."):
            layers.add(node.module.split(".")[1])
        elif isinstance(node, ast.ImportFrom) and node.level == 2 and node.module:
            layers.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            layers.update(a.name.split(".")[1] for a in node.names if a.name.startswith("lkip_helpers."))
    return layers & set(LAYER_RANK)


def test_layers_import_only_lower_layers() -> None:
    assert set(LAYER_RANK) == LAYERS
    found = []
    for path in _modules():
        rel = path.relative_to(PACKAGE)
        if len(rel.parts) < 2:
            continue
        layer = rel.parts[0]
        for other in sorted(_imported_layers(path) - {layer}):
            if LAYER_RANK[other] >= LAYER_RANK[layer]:
                found.append(f"lkip_helpers/{rel}: {layer} imports {other}")
    assert not found, "imports against the layer order:\n" + "\n".join(found)


def test_no_lazy_export_is_shadowed_by_its_module() -> None:
    """A lazily exported name equal to a module's name would turn into that module once the
    module is imported (the import system sets the package attribute)."""
    import importlib
    import pkgutil

    for layer in sorted(LAYERS):
        package = importlib.import_module(f"lkip_helpers.{layer}")
        exports = getattr(package, "_EXPORTS", None)
        if exports is None:
            continue
        modules = {m.name for m in pkgutil.iter_modules(package.__path__)}
        assert not set(exports) & modules, f"lkip_helpers.{layer}: {sorted(set(exports) & modules)}"
        for name, module in exports.items():
            assert module in modules, f"lkip_helpers.{layer}._EXPORTS[{name!r}] names no module {module!r}"
            assert hasattr(importlib.import_module(f"lkip_helpers.{layer}.{module}"), name)


def test_the_test_files_scheduled_first_exist_and_are_named_once() -> None:
    """tests/conftest.py's EXPENSIVE_FIRST names test files (a renamed file would silently lose
    its place at the front of make test's schedule)."""
    from conftest import EXPENSIVE_FIRST

    tests = PROJECT_ROOT / "tests"
    assert [name for name in EXPENSIVE_FIRST if not (tests / name).is_file()] == []
    assert len(set(EXPENSIVE_FIRST)) == len(EXPENSIVE_FIRST) >= 5
