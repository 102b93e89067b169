"""Architecture checks on ``src/bubblescope`` (run by `make test`; the rules are in docs/architecture.md).

* the module import graph (built with ``ast``: module-level imports and imports inside functions;
  ``if TYPE_CHECKING:`` blocks skipped) has no cycle, and no arrow from a lower layer to a higher one;
* no module over 400 lines; no function over 80 lines unless a ``# size: <why>`` comment on or just
  above its ``def`` (or its decorators) says why (numba kernels where splitting costs speed).

The checks are plain functions, unit-tested below on small fake trees under ``tmp_path``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = "bubblescope"

#: Top-level module or sub-package of bubblescope → its layer (docs/architecture.md, "Layers").
UNITS: dict[str, str] = {
    "bubblescope": "base", "errors": "base", "results": "base", "style": "base", "signals": "base",
    "fileio": "base", "progress": "base", "i18n": "base",
    "evidence": "evidence",
    "data": "data",
    "detect": "analysis", "gauges": "analysis", "economics": "analysis", "stress": "analysis",
    "framework": "analysis", "verdict": "analysis",
    "scan": "orchestration", "backtest": "orchestration",
    "report": "presentation", "dashboard": "presentation",
    "cli": "cli", "__main__": "cli",
}
#: Layer → the layers its modules may import. A layer that lists itself lets its units import each
#: other (analysis packages may; scan and backtest may not, nor report and dashboard); imports inside
#: one unit are always allowed (the cycle check still applies).
MAY_IMPORT: dict[str, frozenset[str]] = {
    "base": frozenset({"base"}),
    "evidence": frozenset({"base"}),
    "data": frozenset({"base"}),
    "analysis": frozenset({"base", "evidence", "analysis"}),
    "orchestration": frozenset({"base", "evidence", "data", "analysis"}),
    "presentation": frozenset({"base", "evidence", "data", "analysis", "orchestration"}),
    "cli": frozenset({"base", "evidence", "data", "analysis", "orchestration", "presentation", "cli"}),
}
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 80
SIZE_MARK = "# size:"

#: module → {imported module of the same package → line of the first such import}
ImportGraph = dict[str, dict[str, int]]


# --- the import graph --------------------------------------------------------------------------


def module_files(root: Path, package: str = PACKAGE) -> dict[str, Path]:
    """Dotted module name → file, for every ``.py`` file of ``root/package`` (``__init__`` = the package)."""
    out: dict[str, Path] = {}
    for path in sorted((root / package).rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


class _Imports(ast.NodeVisitor):
    """(imported dotted name, line) of every import statement, ``if TYPE_CHECKING:`` bodies skipped."""

    def __init__(self, module: str, is_package: bool) -> None:
        self.found: list[tuple[str, int]] = []
        self._here = module.split(".") if is_package else module.split(".")[:-1]

    def visit_If(self, node: ast.If) -> None:
        if _is_type_checking(node.test):
            for child in node.orelse:
                self.visit(child)
        else:
            self.generic_visit(node)

    def visit_Import(self, node: ast.Import) -> None:
        self.found += [(alias.name, node.lineno) for alias in node.names]

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.level:
            base = self._here[: len(self._here) - node.level + 1]
            prefix = ".".join([*base, node.module] if node.module else base)
        else:
            prefix = node.module or ""
        # `from pkg import name` imports pkg, and pkg.name when that is a module (resolved later)
        self.found += [(f"{prefix}.{alias.name}", node.lineno) for alias in node.names]


def _resolve(name: str, modules: dict[str, Path]) -> str | None:
    """The longest known module that ``name`` is or lies in (None outside the package)."""
    parts = name.split(".")
    while parts:
        candidate = ".".join(parts)
        if candidate in modules:
            return candidate
        parts.pop()
    return None


def import_graph(root: Path, package: str = PACKAGE) -> ImportGraph:
    """Module → the package's modules it imports (first line of each), from the source with ``ast``."""
    modules = module_files(root, package)
    graph: ImportGraph = {}
    for module, path in modules.items():
        visitor = _Imports(module, path.name == "__init__.py")
        visitor.visit(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
        edges: dict[str, int] = {}
        for name, line in visitor.found:
            target = _resolve(name, modules)
            if target is not None and target != module:
                edges.setdefault(target, line)
        graph[module] = edges
    return graph


def import_cycles(graph: ImportGraph) -> list[list[str]]:
    """One cycle (a list of modules, first = last) from each group of modules that import each other."""
    g = nx.DiGraph([(a, b) for a, targets in graph.items() for b in targets])
    cycles = []
    for group in nx.strongly_connected_components(g):
        if len(group) > 1:
            cycle = [a for a, _ in nx.find_cycle(g.subgraph(group))]
            i = cycle.index(min(cycle))  # start at the first module by name: the same text every run
            cycle = cycle[i:] + cycle[:i]
            cycles.append([*cycle, cycle[0]])
    return sorted(cycles)


def unit_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def layer_violations(graph: ImportGraph, units: dict[str, str] = UNITS,
                     may_import: dict[str, frozenset[str]] = MAY_IMPORT) -> list[str]:
    """'module (layer) imports target (layer), line N' for every import the layer table forbids."""
    out = []
    for module, targets in sorted(graph.items()):
        src = unit_of(module)
        if src not in units:
            out.append(f"{module}: '{src}' is in no layer (add it to UNITS and docs/architecture.md)")
            continue
        for target, line in sorted(targets.items()):
            dst = unit_of(target)
            if dst == src:
                continue
            if dst not in units or units[dst] not in may_import[units[src]]:
                out.append(f"{module} ({units[src]}) imports {target} ({units.get(dst, 'no layer')}), "
                           f"line {line}")
    return out


# --- sizes -------------------------------------------------------------------------------------


def long_modules(root: Path, package: str = PACKAGE, limit: int = MAX_MODULE_LINES) -> list[str]:
    out = []
    for path in module_files(root, package).values():
        n = len(path.read_text(encoding="utf-8").splitlines())
        if n > limit:
            out.append(f"{path.relative_to(root)}: {n} lines")
    return out


def _marked(lines: list[str], node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """A ``# size: <why>`` comment on the def line, its decorators, or the comment lines just above."""
    first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
    above = first - 1
    while above >= 1 and lines[above - 1].lstrip().startswith("#"):
        above -= 1
    for text in lines[above: node.lineno]:
        mark = text.find(SIZE_MARK)
        if mark >= 0 and text[mark + len(SIZE_MARK):].strip():
            return True
    return False


def long_functions(root: Path, package: str = PACKAGE, limit: int = MAX_FUNCTION_LINES) -> list[str]:
    """'file:line name: N lines' for each function (nested ones included) longer than ``limit`` and unmarked."""
    out = []
    for path in module_files(root, package).values():
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        for node in ast.walk(ast.parse(text, filename=str(path))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                n = (node.end_lineno or node.lineno) - node.lineno + 1
                if n > limit and not _marked(lines, node):
                    out.append((str(path.relative_to(root)), node.lineno, f"{node.name}: {n} lines"))
    return [f"{file}:{line} {what}" for file, line, what in sorted(out)]


# --- the checks on src/ ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def graph() -> ImportGraph:
    return import_graph(SRC)


def test_the_graph_covers_the_package(graph):
    assert {"bubblescope", "bubblescope.cli", "bubblescope.results", "bubblescope.cli.backtest"} <= set(graph)
    assert "bubblescope.cli._common" in graph["bubblescope.cli.backtest"]


def test_no_import_cycles(graph):
    cycles = import_cycles(graph)
    assert not cycles, "import cycles:\n" + "\n".join(" -> ".join(c) for c in cycles)


def test_no_upward_imports(graph):
    bad = layer_violations(graph)
    assert not bad, "imports the layer table forbids (docs/architecture.md):\n" + "\n".join(bad)


def test_no_module_over_400_lines():
    bad = long_modules(SRC)
    assert not bad, f"modules over {MAX_MODULE_LINES} lines:\n" + "\n".join(bad)


def test_no_function_over_80_lines():
    bad = long_functions(SRC)
    assert not bad, (f"functions over {MAX_FUNCTION_LINES} lines (split them, or mark a numba kernel with a "
                     f"'{SIZE_MARK} <why>' comment above the def):\n" + "\n".join(bad))


# --- the checks catch what they should (fake trees) --------------------------------------------


def _tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_graph_resolves_absolute_relative_and_function_level_imports(tmp_path):
    root = _tree(tmp_path, {
        "bubblescope/__init__.py": "",
        "bubblescope/errors.py": "",
        "bubblescope/detect/__init__.py": "from .psy import psy\n",
        "bubblescope/detect/psy.py": ("from bubblescope import errors\nfrom ..errors import X\n"
                                      "def psy():\n    import bubblescope.detect._k as k\n"),
        "bubblescope/detect/_k.py": "import numpy\nfrom bubblescope.detect import psy\n",
    })
    g = import_graph(root)
    assert g["bubblescope.detect"] == {"bubblescope.detect.psy": 1}
    assert g["bubblescope.detect.psy"] == {"bubblescope.errors": 1, "bubblescope.detect._k": 4}
    assert g["bubblescope.detect._k"] == {"bubblescope.detect.psy": 2}  # numpy is outside the package
    assert import_cycles(g) == [["bubblescope.detect._k", "bubblescope.detect.psy", "bubblescope.detect._k"]]


def test_type_checking_imports_are_not_edges(tmp_path):
    root = _tree(tmp_path, {
        "bubblescope/__init__.py": "",
        "bubblescope/a.py": "import typing\nif typing.TYPE_CHECKING:\n    from bubblescope import b\n",
        "bubblescope/b.py": ("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import bubblescope.a\n"
                             "else:\n    import bubblescope.errors\n"),
        "bubblescope/errors.py": "",
    })
    g = import_graph(root)
    assert g["bubblescope.a"] == {} and g["bubblescope.b"] == {"bubblescope.errors": 5}
    assert import_cycles(g) == []


def test_a_cycle_through_three_packages_is_found(tmp_path):
    root = _tree(tmp_path, {
        "bubblescope/__init__.py": "",
        "bubblescope/report/__init__.py": "", "bubblescope/report/x.py": "from bubblescope.scan import y\n",
        "bubblescope/scan/__init__.py": "", "bubblescope/scan/y.py": "def f():\n    from bubblescope.cli import z\n",
        "bubblescope/cli/__init__.py": "", "bubblescope/cli/z.py": "import bubblescope.report.x\n",
    })
    cycles = import_cycles(import_graph(root))
    assert len(cycles) == 1 and set(cycles[0]) == {"bubblescope.report.x", "bubblescope.scan.y", "bubblescope.cli.z"}


def test_upward_and_sideways_imports_are_flagged(tmp_path):
    root = _tree(tmp_path, {
        "bubblescope/__init__.py": "",
        "bubblescope/results.py": "from bubblescope.detect import psy\n",  # base → analysis
        "bubblescope/detect/__init__.py": "", "bubblescope/detect/psy.py": "from ..report import html\n",
        "bubblescope/gauges/__init__.py": "from bubblescope.detect.psy import psy\n",  # analysis peers: fine
        "bubblescope/data/__init__.py": "from bubblescope import evidence\n",  # data → base only
        "bubblescope/evidence/__init__.py": "",
        "bubblescope/report/__init__.py": "", "bubblescope/report/html.py": "import bubblescope.dashboard\n",
        "bubblescope/dashboard/__init__.py": "from bubblescope.cli import app\n",
        "bubblescope/cli/__init__.py": "import bubblescope.report.html, bubblescope.dashboard\n",
        "bubblescope/plugins/__init__.py": "",
    })
    assert layer_violations(import_graph(root)) == [
        "bubblescope.dashboard (presentation) imports bubblescope.cli (cli), line 1",
        "bubblescope.data (data) imports bubblescope.evidence (evidence), line 1",
        "bubblescope.detect.psy (analysis) imports bubblescope.report.html (presentation), line 1",
        "bubblescope.plugins: 'plugins' is in no layer (add it to UNITS and docs/architecture.md)",
        "bubblescope.report.html (presentation) imports bubblescope.dashboard (presentation), line 1",
        "bubblescope.results (base) imports bubblescope.detect.psy (analysis), line 1",
    ]


def _function(name: str, lines: int, indent: str = "") -> str:
    """A function of exactly ``lines`` lines, its def line included."""
    return f"{indent}def {name}():\n" + "".join(f"{indent}    x{i} = {i}\n" for i in range(lines - 1))


def test_long_modules_and_unmarked_long_functions_are_flagged(tmp_path):
    f = [
        _function("short", 80),  # lines 1-80
        _function("long", 81),  # 81-161
        "class C:\n" + _function("method", 81, indent="    "),  # 162-243, def on 163
        "# size: numba kernel, splitting the loop costs 2x (BENCHMARKS.md)\n@njit(\n    cache=True)\n"
        + _function("kernel", 81),  # 244-327
        "@njit  # size:\n" + _function("empty_reason", 81),  # 328-409: a mark without a reason
    ]
    root = _tree(tmp_path, {
        "bubblescope/__init__.py": "",
        "bubblescope/big.py": "x = 1\n" * 401,
        "bubblescope/ok.py": "x = 1\n" * 400,
        "bubblescope/f.py": "".join(f),
    })
    assert long_modules(root) == ["bubblescope/big.py: 401 lines", "bubblescope/f.py: 409 lines"]
    assert long_functions(root) == [
        "bubblescope/f.py:81 long: 81 lines",
        "bubblescope/f.py:163 method: 81 lines",
        "bubblescope/f.py:329 empty_reason: 81 lines",
    ]
