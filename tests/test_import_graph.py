"""No import cycles in render/ and publish/ (imports inside functions count too), and the Dask path
imports the worker, never the other way round."""

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


def test_render_and_publish_modules_are_in_no_import_cycle():
    graph = _graph()
    for name in sorted(graph):
        if name.startswith((f"{PACKAGE}.render", f"{PACKAGE}.publish", f"{PACKAGE}.code_hash")):
            # `from .. import paths` names the enclosing package: that edge is not a dependency on its __init__.
            pruned = {m: {d for d in deps if not (m.startswith(d + ".") and d.count(".") >= 1)} for m, deps in graph.items()}
            cycle = _cycle_through(pruned, name)
            assert cycle is None, " -> ".join(cycle)


def test_the_worker_never_imports_a_batch_runner():
    graph = _graph()
    worker = graph[f"{PACKAGE}.render.worker"]
    assert f"{PACKAGE}.render.cluster" in graph and f"{PACKAGE}.render.worker" in graph[f"{PACKAGE}.render.cluster"]
    assert not worker & {f"{PACKAGE}.render.{m}" for m in ("cluster", "pool", "batch")}
    assert f"{PACKAGE}.render" not in worker  # nor the package's __init__, which imports them all
