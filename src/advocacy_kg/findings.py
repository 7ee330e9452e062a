"""What a validation finds, and the shapes it checks with: shared by the engines, the lint
checks and the support checks, so that none of them imports ``validation`` (which runs them all).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import pyoxigraph as ox
import rdflib

from . import config, loading
from .namespaces import SH

#: IRIs of the shapes (node and property shapes) and of the lint checks.
SHAPES = config.ONTOLOGY + "shapes/"
CHECKS = SHAPES + "checks/"
SEVERITIES = ("Violation", "Warning", "Info")


class ValidationError(Exception):
    """The validation itself could not run (broken shapes or checks, engine failure)."""


@dataclass(frozen=True)
class Finding:
    """One validation result. IRIs and blank nodes (``_:x``) as text; ``value`` in N-Triples."""

    focus: str
    severity: str
    shape: str
    path: str | None
    value: str | None
    message: str
    component: str | None = None
    #: The claim graph whose statement the finding is about (support checks, lint queries).
    claim: str | None = None

    def key(self) -> tuple[str, str | None, str, str]:
        """What engines must agree on."""
        return (self.focus, self.path, self.severity, self.shape)

    def sort_key(self) -> tuple[str, int, str, str, str]:
        """By entity, then violations before warnings before infos."""
        rank = SEVERITIES.index(self.severity) if self.severity in SEVERITIES else 3
        return (self.focus, rank, self.path or "", self.shape, self.value or "")


@dataclass
class ValidationReport:
    findings: list[Finding]
    engine: str

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    def conforms(self, *, strict: bool = False) -> bool:
        """No violation; with ``strict``, no warning either (infos never count)."""
        failing = {"Violation", "Warning"} if strict else {"Violation"}
        return not any(f.severity in failing for f in self.findings)


# --- shapes --------------------------------------------------------------------------------


@cache
def shapes_quads() -> tuple[ox.Quad, ...]:
    """The project's own shapes graph (never taken from the data being validated)."""
    files = loading.shapes_files()
    if not files:
        raise ValidationError(f"no shapes found in {config.SHAPES_DIR}")
    return tuple(q for path in files for q in loading.parse_file(path))


def shape_values(predicate: str, kind: type[ox.NamedNode] | type[ox.Literal]) -> dict[str, str]:
    """Shape IRI -> the value of ``predicate`` on it (one per shape here), of the given kind."""
    node = ox.NamedNode(predicate)
    return {
        q.subject.value: q.object.value
        for q in shapes_quads()
        if q.predicate == node
        and isinstance(q.subject, ox.NamedNode)
        and isinstance(q.object, kind)
    }


def node_shapes() -> dict[str, str]:
    """Node shape IRI -> the class it targets (``sh:targetClass``)."""
    return shape_values(str(SH.targetClass), ox.NamedNode)


def target_classes() -> set[str]:
    """Every class a shape targets."""
    return set(node_shapes().values())


# --- engines' shared helpers -----------------------------------------------------------------


def union_store(dataset: ox.Store) -> ox.Store:
    """All triples of every graph, merged into the default graph of a new store."""
    union = ox.Store()
    union.bulk_extend(ox.Quad(q.subject, q.predicate, q.object) for q in dataset)
    return union


# --- terms ---------------------------------------------------------------------------------


def term_text(term: object) -> str:
    """An IRI as itself, a blank node as ``_:id``, a literal in N-Triples."""
    if isinstance(term, ox.NamedNode | rdflib.URIRef):
        return str(term.value if isinstance(term, ox.NamedNode) else term)
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, rdflib.BNode):
        return f"_:{term}"
    if isinstance(term, rdflib.Literal):
        return term.n3()
    return str(term)
