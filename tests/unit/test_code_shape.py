"""The shape the code keeps (issue 9): no import cycle between project modules (imports inside functions
count too), the Dask path imports the worker and never the other way round, no module over 600 lines and
no function over 80."""

from __future__ import annotations

import ast
from pathlib import Path

from occprofiles import paths

PACKAGE = "occprofiles"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(paths.PACKAGE_DIR.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in paths.PACKAGE_DIR.rglob("*.py")}


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """Project modules that ``name`` imports anywhere in its source (``from .x import y`` counts as x.y
    when x.y is a module, else x)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name in known}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base)
    return {m for m in found if m in known and m != name}


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(name, path, set(modules)) for name, path in modules.items()}


def _cycle_through(graph: dict[str, set[str]], start: str) -> list[str] | None:
    stack = [(start, [start])]
    seen = set()
    while stack:
        node, trail = stack.pop()
        for nxt in graph.get(node, ()):
            if nxt == start:
                return [*trail, start]
            if nxt not in seen:
                seen.add(nxt)
                stack.append((nxt, [*trail, nxt]))
    return None


def test_no_project_module_is_in_an_import_cycle():
    graph = _graph()
    # `from .. import paths` names the enclosing package: that edge is not a dependency on its __init__.
    pruned = {m: {d for d in deps if not (m.startswith(d + ".") and d.count(".") >= 1)} for m, deps in graph.items()}
    cycles = [cycle for name in sorted(pruned) if (cycle := _cycle_through(pruned, name))]
    assert not cycles, "import cycles:\n" + "\n".join(" -> ".join(c) for c in cycles)


def test_the_cycle_finder_finds_a_cycle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycle_through(graph, "a") == ["a", "b", "c", "a"]
    assert _cycle_through(graph, "d") is None


MAX_MODULE_LINES = 600
MAX_FUNCTION_LINES = 80


def test_no_module_over_600_lines_and_no_function_over_80():
    too_long = []
    for name, path in sorted(_modules().items()):
        source = path.read_text(encoding="utf-8")
        if len(source.splitlines()) > MAX_MODULE_LINES:
            too_long.append(f"module {name}: {len(source.splitlines())} lines")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    too_long.append(f"function {name}.{node.name} (line {node.lineno}): {length} lines")
    assert not too_long, "\n".join(too_long)


def test_the_worker_never_imports_a_batch_runner():
    graph = _graph()
    worker = graph[f"{PACKAGE}.render.worker"]
    assert f"{PACKAGE}.render.cluster" in graph and f"{PACKAGE}.render.worker" in graph[f"{PACKAGE}.render.cluster"]
    assert not worker & {f"{PACKAGE}.render.{m}" for m in ("cluster", "pool", "batch")}
    assert f"{PACKAGE}.render" not in worker  # nor the package's __init__, which imports them all
