"""The tree keeps its architecture: no import circles, dependencies one way, small modules.

Imports are read with `ast` from every module of `bot/` and `ingest/`, at module level and
inside functions alike, so a lazy import cannot hide a circle.
"""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

PACKAGES = ("bot", "ingest")
FRONT_ENDS = ("bot.cli", "bot.web", "bot.slack")
# What a front end may use of the core: the service, settings, errors, request/response
# types, and the two stores of front-end state (web users, feedback).
FRONT_END_MAY_USE = (
    "bot",
    "bot.service",
    "bot.config",
    "bot.errors",
    "bot.models",
    "bot.auth",
    "bot.feedback",
    "bot.eval",
)
# The command line starts the other two front ends through their entry modules.
CLI_STARTS = ("bot.web.server", "bot.slack.app")
MAX_LINES = 450
MAX_TOP_LEVEL = 8


def modules() -> dict[str, Path]:
    """Dotted name -> file, for every module of the two packages."""
    out = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            out[".".join(parts)] = path
    return out


def imports_of(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The project modules `name` imports, anywhere in its file."""
    found: set[str] = set()
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join(anchor + ([base] if base else []))
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return {m for m in found if m in known and m != name}


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imports_of(name, path, known) for name, path in known.items()}


def test_no_import_circles_in_bot_or_ingest():
    edges = graph()
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []

    def visit(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in edges[node]:
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    assert not circles, f"import circles: {circles}"


def test_the_graph_sees_lazy_imports():
    """The check would catch a circle made by an import inside a function."""
    edges = graph()
    assert "bot.briefing.build" in edges["bot.service"]  # imported inside BriefBot.brief
    assert "bot.briefing.docx" in edges["bot.briefing.export"]  # imported inside export()


def test_dependencies_run_one_way():
    edges = graph()
    for name, deps in edges.items():
        if name.startswith("ingest"):
            assert not {d for d in deps if d.startswith("bot")}, f"{name} imports bot/: {deps}"
        front = next((f for f in FRONT_ENDS if name == f or name.startswith(f + ".")), None)
        if front is None and name.startswith("bot"):
            bad = {d for d in deps if d.startswith(FRONT_ENDS)}
            assert not bad, f"core module {name} imports a front end: {bad}"
        if front is not None:
            bad = {
                d
                for d in deps
                if not (d == front or d.startswith(front + "."))
                and d not in FRONT_END_MAY_USE
                and not (front == "bot.cli" and d in CLI_STARTS)
            }
            assert not bad, f"front end {name} reaches into the core's internals: {bad}"


def test_bot_keeps_a_handful_of_modules_and_small_files():
    top = [p.name for p in (ROOT / "bot").glob("*.py") if p.name != "__init__.py"]
    assert len(top) <= MAX_TOP_LEVEL, sorted(top)
    for name, path in modules().items():
        lines = len(path.read_text(encoding="utf-8").splitlines())
        assert lines <= MAX_LINES, f"{name} has {lines} lines"
        if path.name == "__init__.py":
            assert ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))), (
                f"{name}/__init__.py should say what lives there"
            )
