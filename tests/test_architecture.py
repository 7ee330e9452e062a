"""The import picture of ``src/advocacy_kg`` keeps its layers (ARCHITECTURE.md names them).

A module may import modules of its own layer or of a lower one, never of a higher one, and no
chain of imports may come back to where it started. Every import counts: at the top of a file,
inside a function (a late import still ties the two modules) and under ``TYPE_CHECKING``.
There are no exceptions (issue 14 removed the last ones).
"""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

from advocacy_kg import config

PACKAGE = "advocacy_kg"
SRC = Path(config.__file__).parent

#: The layers, lowest first: (name, modules or packages in it). A module belongs to the entry
#: that names it or its nearest package; the same table is in ARCHITECTURE.md.
LAYERS: list[tuple[str, list[str]]] = [
    (
        "foundation",
        [PACKAGE, "config", "namespaces", "formats", "negotiation", "input_limits"]
        + ["reconciliation", "reconciliation_input"],
    ),
    (
        "terms and files",
        [
            "rdfterms",
            "read_terms",
            "loading",
            "importing",
            "citation",
            "tables",
            "queries",
            "jsonld_context",
        ],
    ),
    ("store", ["store"]),
    (
        "read model",
        ["describe", "catalogue", "search", "chronology", "network", "profiles", "source_text"]
        + ["resource_rdf", "entity_jsonld", "dataset_description", "release", "export", "diff"]
        + ["alignments", "wikidata", "reconciliation_data", "reconciliation_api"],
    ),
    (
        "validation and engines",
        [
            "findings",
            "validation",
            "validating",
            "engines",
            "support",
            "support_evidence",
            "support_agents",
            "support_classification",
        ]
        + ["support_counts", "support_names", "report", "ontology_docs", "contribution", "sparql"],
    ),
    ("web", ["web"]),
    ("commands", ["commands", "cli"]),
]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts) or PACKAGE


@cache
def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(SRC.rglob("*.py"))}


def imported(module: str, node: ast.Import | ast.ImportFrom) -> set[str]:
    """The project's modules an import statement names (a package counts for its names that
    are not modules of it: ``from .store import open_store`` imports ``store``)."""
    known = modules()
    if isinstance(node, ast.Import):
        names = [a.name for a in node.names]
        return {n.removeprefix(PACKAGE + ".") for n in names if n.split(".")[0] == PACKAGE}
    if node.level == 0:
        if not (node.module or "").startswith(PACKAGE):
            return set()
        base = (node.module or "").removeprefix(PACKAGE).lstrip(".")
    else:
        is_package = modules()[module].name == "__init__.py"
        here = [] if module == PACKAGE else module.split(".")
        anchor = here if is_package else here[:-1]
        anchor = anchor[: len(anchor) - (node.level - 1)]
        base = ".".join([*anchor, *([node.module] if node.module else [])])
    found = set()
    for alias in node.names:
        child = f"{base}.{alias.name}" if base else alias.name
        found.add(child if child in known else base or PACKAGE)
    return found


@cache
def import_graph() -> dict[str, frozenset[str]]:
    graph = {}
    for module, path in modules().items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        targets: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                targets |= imported(module, node)
        graph[module] = frozenset(targets - {module})
    return graph


def layer_of(module: str) -> int:
    for candidate in [module, *(module.rsplit(".", n)[0] for n in range(1, module.count(".") + 1))]:
        for index, (_, members) in enumerate(LAYERS):
            if candidate in members:
                return index
    raise KeyError(module)


def up_layer_imports(graph: dict[str, frozenset[str]]) -> set[tuple[str, str]]:
    return {(a, b) for a, targets in graph.items() for b in targets if layer_of(b) > layer_of(a)}


def a_cycle(graph: dict[str, frozenset[str]]) -> list[str] | None:
    """One cycle of ``graph`` as a path that ends where it starts, or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return path[path.index(target) :] + [target]
            if target not in state and (found := visit(target)):
                return found
        state[node] = 2
        path.pop()
        return None

    for start in sorted(graph):
        if start not in state and (found := visit(start)):
            return found
    return None


def reaches(graph: dict[str, frozenset[str]], start: str, goal: str) -> bool:
    seen, todo = {start}, [start]
    while todo:
        for target in graph.get(todo.pop(), ()):
            if target == goal:
                return True
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return False


def test_the_picture_covers_the_package() -> None:
    graph = import_graph()
    assert len(graph) > 80 and "web.browse.resource_pages" in graph
    assert {"describe", "rdfterms", "namespaces"} <= graph["search"]
    assert "store" in graph["commands.load"]  # `from ..store import open_store`
    assert "store.text_index" in graph["search"]  # under TYPE_CHECKING


def test_every_module_has_a_layer() -> None:
    unplaced = []
    for module in modules():
        try:
            layer_of(module)
        except KeyError:
            unplaced.append(module)
    assert not unplaced, f"add these to LAYERS (and ARCHITECTURE.md): {unplaced}"


def test_no_import_runs_up_a_layer() -> None:
    names = [name for name, _ in LAYERS]
    new = sorted(up_layer_imports(import_graph()))
    assert not new, "imports up a layer:\n" + "\n".join(
        f"{a} ({names[layer_of(a)]}) imports {b} ({names[layer_of(b)]})" for a, b in new
    )


def test_no_import_cycle() -> None:
    cycle = a_cycle(import_graph())
    assert cycle is None, "an import cycle: " + " -> ".join(cycle or [])


def test_flask_only_in_web() -> None:
    outside = []
    for module, path in modules().items():
        if module == "web" or module.startswith("web."):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import) and any(a.name == "flask" for a in node.names):
                outside.append(module)
            if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "flask":
                outside.append(module)
    assert not outside, f"Flask is imported outside web/: {outside}"


def test_the_checks_catch_a_new_cycle_and_an_up_layer_import() -> None:
    """The two checks are not vacuous: a made-up import is found by each."""
    graph = dict(import_graph())
    graph["namespaces"] = graph["namespaces"] | {"describe"}  # describe -> namespaces already
    assert a_cycle(graph) == ["namespaces", "describe", "namespaces"]
    assert ("namespaces", "describe") in up_layer_imports(graph)


def test_architecture_md_names_the_same_layers_in_the_same_order() -> None:
    text = (config.PROJECT_ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| ([a-z][a-z ]+?) \| ", text, re.MULTILINE)
    assert rows == [name for name, _ in LAYERS]
