"""The layers point down: a test that reads the imports of every module (docs/architecture.md).

The installed package is one name, ``stiwatch``; its subpackages are the layers, each a
top-level folder of the checkout mapped by ``[tool.setuptools.package-dir]`` in
pyproject.toml. Walking the AST of every module, this fails on an import of a higher
layer, a cycle between layers or between modules, a project import hidden inside a
function without a comment saying it defers a heavy dependency, a module or function
over the size limits, and a package missing from the wheel's ``packages`` list.
"""

from __future__ import annotations

import ast
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NAME = "stiwatch"

# The allowed order of the layers, lowest first: a module may import its own layer and
# those before it, never one after it.
LAYERS = ("core", "crawler", "pipelines", "search", "operate", "deliver", "cli")
# Modules of the top package itself sit on the top floor (``__main__`` runs the command).
ROOT_LAYER = "cli"

MAX_MODULE_LINES = 450
MAX_FUNCTION_LINES = 80
# A project import inside a function needs this word in a comment on its line or right
# above its group of imports ("# defers FastAPI (heavy): ...").
DEFER_MARK = "defers"
# Data folders inside packages: not Python.
SKIP_DIRS = frozenset({"archive", "__pycache__"})


def _pyproject() -> dict[str, object]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _setuptools() -> dict[str, object]:
    tool = _pyproject()["tool"]
    assert isinstance(tool, dict)
    table = tool["setuptools"]
    assert isinstance(table, dict)
    return table


def package_dirs() -> dict[str, Path]:
    """Import name → folder, from pyproject.toml (the one place the mapping is declared)."""
    table = _setuptools()["package-dir"]
    assert isinstance(table, dict)
    return {str(name): ROOT / str(folder) for name, folder in table.items()}


@dataclass(frozen=True)
class Module:
    name: str
    path: Path
    is_package: bool

    @property
    def layer(self) -> str:
        parts = self.name.split(".")
        return parts[1] if len(parts) > 1 and parts[1] in LAYERS else ROOT_LAYER

    def tree(self) -> ast.Module:
        return ast.parse(self.path.read_text(encoding="utf-8"), filename=str(self.path))


def _walk(package: str, folder: Path, mapped: dict[str, Path]) -> Iterator[Module]:
    for path in sorted(folder.iterdir()):
        if path.is_dir():
            child = f"{package}.{path.name}"
            if path.name in SKIP_DIRS or child in mapped or not (path / "__init__.py").is_file():
                continue
            yield from _walk(child, path, mapped)
        elif path.suffix == ".py":
            if path.name == "__init__.py":
                yield Module(package, path, True)
            else:
                yield Module(f"{package}.{path.stem}", path, False)


def modules() -> dict[str, Module]:
    """Every module of the installed namespace, by its import name."""
    mapped = package_dirs()
    found: dict[str, Module] = {}
    for package, folder in mapped.items():
        for module in _walk(package, folder, mapped):
            found[module.name] = module
    return found


MODULES = modules()


@dataclass(frozen=True)
class Import:
    source: str  # the importing module
    target: str  # the imported project module (a package means its __init__)
    line: int


def _resolve(module: Module, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = module.name.split(".")
    if not module.is_package:
        base = base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, *([node.module] if node.module else [])])


def _targets(module: Module, node: ast.Import | ast.ImportFrom) -> list[str]:
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        base = _resolve(module, node)
        # ``from pkg import submodule`` imports the submodule; ``from mod import name`` the module.
        names = [f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in node.names]
    out = []
    for name in names:
        while name and name not in MODULES:  # ``import stiwatch.core.text.x`` → the module part
            name = name.rpartition(".")[0]
        if name:
            out.append(name)
    return list(dict.fromkeys(out))


def _function_nodes(tree: ast.AST) -> set[int]:
    inside: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            inside.update(id(sub) for sub in ast.walk(node) if sub is not node)
    return inside


def imports() -> list[Import]:
    found = []
    for module in MODULES.values():
        for node in ast.walk(module.tree()):
            if isinstance(node, ast.Import | ast.ImportFrom):
                for target in _targets(module, node):
                    found.append(Import(module.name, target, node.lineno))
    return found


IMPORTS = imports()


def _layer(name: str) -> str:
    return MODULES[name].layer


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one member (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(edges.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


# -- the layout ------------------------------------------------------------------------


def test_the_layers_are_the_mapped_folders():
    mapped = package_dirs()
    assert set(mapped) == {NAME, *(f"{NAME}.{layer}" for layer in LAYERS if layer != "cli")}
    assert all(folder.is_dir() for folder in mapped.values()), mapped


def test_the_wheel_lists_every_package_and_nothing_else():
    listed = _setuptools()["packages"]
    assert isinstance(listed, list)
    packages = {m.name for m in MODULES.values() if m.is_package}
    assert sorted(listed) == sorted(packages)
    assert all(p == NAME or p.startswith(f"{NAME}.") for p in listed)


def test_the_top_package_imports_nothing():
    tree = MODULES[NAME].tree()
    assert not [n for n in ast.walk(tree) if isinstance(n, ast.Import | ast.ImportFrom)]


def test_every_project_import_is_of_the_installed_namespace():
    """No module imports the old top-level names (``crawler``, ``pipelines``, ``search``)."""
    stray = []
    for module in MODULES.values():
        for node in ast.walk(module.tree()):
            if isinstance(node, ast.ImportFrom) and not node.level:
                names = [node.module or ""]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            else:
                continue
            stray += [f"{module.name}:{node.lineno} {n}" for n in names if n.split(".")[0] in LAYERS]
    assert not stray


# -- the direction of imports ----------------------------------------------------------


def test_imports_only_point_down():
    upward = [
        f"{i.source} ({_layer(i.source)}) imports {i.target} ({_layer(i.target)}), line {i.line}"
        for i in IMPORTS
        if LAYERS.index(_layer(i.target)) > LAYERS.index(_layer(i.source))
    ]
    assert not upward, "\n".join(upward)


def test_no_cycle_between_layers():
    edges: dict[str, set[str]] = {}
    for i in IMPORTS:
        if _layer(i.source) != _layer(i.target):
            edges.setdefault(_layer(i.source), set()).add(_layer(i.target))
    assert not _cycles(edges)


def test_no_modules_import_each_other():
    edges: dict[str, set[str]] = {}
    for i in IMPORTS:
        if i.source != i.target:
            edges.setdefault(i.source, set()).add(i.target)
    assert not _cycles(edges)


def test_imports_inside_functions_say_what_heavy_dependency_they_defer():
    hidden = []
    for module in MODULES.values():
        source = module.path.read_text(encoding="utf-8")
        lines = source.splitlines()
        tree = ast.parse(source)
        inside = _function_nodes(tree)
        import_lines: set[int] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                import_lines.update(range(node.lineno, (node.end_lineno or node.lineno) + 1))
        for node in ast.walk(tree):
            if id(node) not in inside or not isinstance(node, ast.Import | ast.ImportFrom):
                continue
            if not _targets(module, node):
                continue  # a third-party import: not this rule's business
            if DEFER_MARK in lines[node.lineno - 1]:
                continue
            above = node.lineno - 1
            while above >= 1 and (above in import_lines or not lines[above - 1].strip()):
                above -= 1  # the group of imports this one belongs to
            comment = lines[above - 1].strip() if above >= 1 else ""
            if not (comment.startswith("#") and DEFER_MARK in comment):
                hidden.append(f"{module.name}:{node.lineno}")
    assert not hidden, "project imports inside functions without a '# defers ...' comment: " + ", ".join(
        hidden
    )


# -- sizes -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(MODULES))
def test_module_and_function_sizes(name: str):
    module = MODULES[name]
    source = module.path.read_text(encoding="utf-8")
    assert len(source.splitlines()) <= MAX_MODULE_LINES, f"{module.path} is over {MAX_MODULE_LINES} lines"
    long = [
        f"{node.name} ({(node.end_lineno or node.lineno) - node.lineno + 1} lines)"
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and (node.end_lineno or node.lineno) - node.lineno + 1 > MAX_FUNCTION_LINES
    ]
    assert not long, f"{module.path}: functions over {MAX_FUNCTION_LINES} lines: {', '.join(long)}"
