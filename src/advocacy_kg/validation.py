"""Checking the graph: the project's SHACL shapes plus its SPARQL lint queries, in one report.

SHACL validates one data graph, so the shapes of ``ontology/shapes/`` run over the UNION of all
named graphs. Rules about the named graphs themselves ("every fact sits in a claim graph that
names its source and quote") cannot be seen in that union: they are the lint queries of
``ontology/checks/``, run over the quad store, each a SELECT that must return no rows.

Three SHACL engines are selectable by name; they agree on every result (focus node, path,
severity, shape), which the tests prove on the examples and the curated data. The default is
the fastest we measured (``benchmarks/README.md``); pySHACL is the reference.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyoxigraph as ox

from . import config
from .engines import DEFAULT, ENGINES
from .findings import (  # re-exported: the validation library's public names
    CHECKS,
    SEVERITIES,
    SHAPES,
    Finding,
    ValidationError,
    ValidationReport,
    node_shapes,
    shapes_quads,
    target_classes,
    term_text,
    union_store,
)
from .namespaces import PREFIXES
from .support import support_findings

__all__ = [
    "CHECKS",
    "SEVERITIES",
    "SHAPES",
    "Finding",
    "ValidationError",
    "ValidationReport",
    "node_shapes",
    "shapes_quads",
    "target_classes",
    "term_text",
    "union_store",
    "validate",
]

CHECKS_DIR = config.ONTOLOGY_DIR / "checks"


# --- lint checks ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Check:
    """A lint query: a SELECT of ``?focus`` (and optionally ``?path ?value ?message``)."""

    name: str
    title: str
    severity: str
    message: str
    query: str
    #: The query's default graph: the "union" of all graphs, or the store's own ("stored"),
    #: which for quads read from files holds the triples outside every named graph.
    default_graph: str = "union"

    @property
    def iri(self) -> str:
        return CHECKS + self.name


_HEADER = re.compile(r"^#\s*(title|severity|message|default-graph):\s*(.+?)\s*$", re.MULTILINE)
DEFAULT_GRAPHS = ("union", "stored")


def load_check(path: Path) -> Check:
    text = path.read_text(encoding="utf-8")
    header = dict(_HEADER.findall(text))
    missing = {"title", "severity", "message"} - header.keys()
    if missing:
        raise ValidationError(f"{path}: header lacks {', '.join(sorted(missing))}")
    if header["severity"] not in SEVERITIES:
        raise ValidationError(f"{path}: severity must be one of {', '.join(SEVERITIES)}")
    default_graph = header.get("default-graph", "union")
    if default_graph not in DEFAULT_GRAPHS:
        raise ValidationError(f"{path}: default-graph must be one of {', '.join(DEFAULT_GRAPHS)}")
    title, severity, message = header["title"], header["severity"], header["message"]
    return Check(path.stem, title, severity, message, text, default_graph)


@cache
def checks() -> tuple[Check, ...]:
    paths = sorted(CHECKS_DIR.glob("*.rq"))
    if not paths:
        raise ValidationError(f"no lint queries found in {CHECKS_DIR}")
    return tuple(load_check(p) for p in paths)


def run_check(check: Check, store: ox.Store) -> list[Finding]:
    """Rows of one lint query over the quad store (default graph: see ``Check.default_graph``)."""
    try:
        rows = store.query(
            check.query,
            use_default_graph_as_union=check.default_graph == "union",
            prefixes=PREFIXES,
            base_iri=config.BASE,
        )
    except SyntaxError as error:
        raise ValidationError(f"{CHECKS_DIR / check.name}.rq: {error.msg}") from None
    assert isinstance(rows, ox.QuerySolutions)
    found = []
    for row in rows:
        message = row["message"]
        found.append(
            Finding(
                focus=term_text(row["focus"]),
                severity=check.severity,
                shape=check.iri,
                path=row["path"].value if row["path"] is not None else None,
                value=str(row["value"]) if row["value"] is not None else None,
                message=message.value if message is not None else check.message,
                claim=row["claim"].value if row["claim"] is not None else None,
            )
        )
    return found


# --- running ---------------------------------------------------------------------------------


def validate(dataset: ox.Store, engine_name: str | None = None) -> ValidationReport:
    """Shapes over the union, lint checks over the quads; one report."""
    name = engine_name or DEFAULT
    if name not in ENGINES:
        raise ValidationError(f"unknown engine {name!r} (known: {', '.join(sorted(ENGINES))})")
    try:
        shacl = ENGINES[name](dataset)
    except ValidationError:
        raise
    except Exception as error:  # an engine's own failure is an error (exit 2), never a verdict
        raise ValidationError(f"the {name} engine failed: {error}") from error
    seen = {(f.focus, f.path, f.severity) for f in shacl}
    linted = [
        f
        for check in checks()
        for f in run_check(check, dataset)
        if (f.focus, f.path, f.severity) not in seen  # one line per fault both layers see
    ]
    supported = support_findings(dataset)
    return ValidationReport(sorted({*shacl, *linted, *supported}, key=Finding.sort_key), name)
