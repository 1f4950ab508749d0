"""The architecture, enforced: layers (import-linter contracts in
pyproject.toml) and no import cycle anywhere in the tree."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src"


def test_import_linter_contracts_hold(capsys: pytest.CaptureFixture[str]) -> None:
    from importlinter.cli import lint_imports

    code = lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True, no_logo=True)
    assert code == 0, capsys.readouterr().out


def _modules() -> dict[str, Path]:
    mods: dict[str, Path] = {}
    for f in SRC.rglob("*.py"):
        name = ".".join(f.relative_to(SRC).with_suffix("").parts).removesuffix(".__init__")
        mods[name] = f
    return mods


def _edges(mods: dict[str, Path]) -> dict[str, set[str]]:
    """Every import between modules of the tree, wherever it stands (in a
    function, under ``if TYPE_CHECKING``): ``from a import b`` counts as an
    import of ``a`` and, when ``a.b`` is a module, of ``a.b``."""
    edges: dict[str, set[str]] = {m: set() for m in mods}
    for m, f in mods.items():
        pkg = m if f.name == "__init__.py" else m.rpartition(".")[0]
        for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parts = pkg.split(".")[: len(pkg.split(".")) - node.level + 1]
                    base = ".".join(parts + ([node.module] if node.module else []))
                names = [base] + [f"{base}.{a.name}" for a in node.names]
            edges[m].update(n for n in names if n in mods and n != m)
    return edges


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(edges[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return out


def test_the_tree_has_no_import_cycle() -> None:
    assert _cycles(_edges(_modules())) == []


#: Largest module, in lines: a module owns one concept.
MAX_LINES = 600
#: Largest cyclomatic complexity of a function (radon grade C or better).
MAX_COMPLEXITY = 20


def test_no_module_is_too_large() -> None:
    large = {
        str(f.relative_to(SRC)): n
        for f in SRC.rglob("*.py")
        if (n := len(f.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert large == {}


def test_no_function_is_too_complex() -> None:
    from radon.complexity import cc_visit

    complex_ = {
        f"{f.relative_to(SRC)}:{block.lineno} {block.name}": block.complexity
        for f in SRC.rglob("*.py")
        for block in cc_visit(f.read_text(encoding="utf-8"))
        if block.complexity > MAX_COMPLEXITY
    }
    assert complex_ == {}
