"""RDF terms as plain values, and the one way the browser reads SPARQL results.

Every store backend answers ``store.query(sparql)`` with solutions whose terms look like
pyoxigraph's (``NamedNode``, ``BlankNode``, ``Literal``); they are turned into ``Term`` values
here so that the description, search and page code never depends on one backend's classes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol, cast

import pyoxigraph as ox

from . import config
from .namespaces import DCTERMS_NS, OWL_NS, PREFIXES, RDF_TYPE, RDFS_NS, SKOS_NS, sparql_prologue
from .namespaces import XSD_NS as XSD

#: rdf:type as a pyoxigraph term, for the modules that build or match quads.
RDF_TYPE_NODE = ox.NamedNode(RDF_TYPE)


class Answers(Protocol):
    """Anything that answers SPARQL like ``store.Store`` (named here, below the store package,
    so that this module needs nothing above it)."""

    def query(self, sparql: str) -> Any: ...


@dataclass(frozen=True, order=True)
class Term:
    """An IRI, blank node or literal; ``kind`` is "iri", "bnode" or "literal"."""

    kind: str
    value: str
    datatype: str | None = None
    language: str | None = None

    @property
    def is_iri(self) -> bool:
        return self.kind == "iri"

    @property
    def is_literal(self) -> bool:
        return self.kind == "literal"

    @property
    def is_date(self) -> bool:
        return self.datatype in (XSD + "date", XSD + "dateTime", XSD + "gYear", XSD + "gYearMonth")

    def to_oxigraph(self) -> ox.NamedNode | ox.BlankNode | ox.Literal:
        if self.kind == "iri":
            return ox.NamedNode(self.value)
        if self.kind == "bnode":
            return ox.BlankNode(self.value)
        if self.language:
            return ox.Literal(self.value, language=self.language)
        if self.datatype:
            return ox.Literal(self.value, datatype=ox.NamedNode(self.datatype))
        return ox.Literal(self.value)


def subject_node(term: Term) -> ox.NamedNode | ox.BlankNode:
    """The pyoxigraph subject for a term; a literal cannot be one."""
    node = term.to_oxigraph()
    if isinstance(node, ox.Literal):
        raise ValueError(f"a literal cannot be a subject: {term.value!r}")
    return node


def quad_of(subject: Term, predicate: str, obj: Term, graph: str) -> ox.Quad:
    return ox.Quad(
        subject_node(subject), ox.NamedNode(predicate), obj.to_oxigraph(), ox.NamedNode(graph)
    )


def iri(value: str) -> Term:
    return Term("iri", value)


def term_of(node: Any) -> Term:
    """A ``Term`` for a pyoxigraph term (or any object with the same shape)."""
    if isinstance(node, ox.NamedNode):
        return Term("iri", node.value)
    if isinstance(node, ox.BlankNode):
        return Term("bnode", node.value)
    if isinstance(node, ox.Literal):
        language = node.language
        return Term("literal", node.value, None if language else node.datatype.value, language)
    raise TypeError(f"not an RDF term: {node!r}")


def rows(store: Answers, sparql: str) -> Iterator[dict[str, Term]]:
    """The solutions of a SELECT query, each as {variable: Term}; unbound variables are left out."""
    # a prologue works with every backend; a SELECT query answers with solutions
    solutions = cast(ox.QuerySolutions, store.query(sparql_prologue() + sparql))
    names = [v.value for v in solutions.variables]
    for solution in solutions:
        row = {}
        for name in names:
            node = solution[name]
            if node is not None:
                row[name] = term_of(node)
        yield row


def sparql_iri(value: str) -> str:
    """An IRI written for a SPARQL query; characters that could end the IRI are refused."""
    if any(c in value for c in '<>"{}|^`\\ \n\r\t'):
        raise ValueError(f"not a usable IRI: {value!r}")
    return f"<{value}>"


def sparql_literal(value: str) -> str:
    """A plain string literal for a SPARQL query, escaped by the N-Triples rules."""
    return str(ox.Literal(value))


def values_clause(variable: str, iris: Iterable[str]) -> str:
    return f"VALUES ?{variable} {{ {' '.join(sparql_iri(i) for i in sorted(set(iris)))} }}"


def is_web_link(value: str) -> bool:
    """Only http(s) IRIs become links: a ``javascript:`` or ``data:`` IRI is shown as text."""
    return value.lower().startswith(("http://", "https://"))


def curie(value: str) -> str:
    """``akg:OpenLetter`` for a term in a known namespace, else the IRI itself."""
    best = ""
    for prefix, namespace in PREFIXES.items():
        if value.startswith(namespace) and len(namespace) > len(PREFIXES.get(best, "")):
            best = prefix
    if best:
        return f"{best}:{value[len(PREFIXES[best]) :]}"
    if value.startswith(config.BASE):
        return value[len(config.BASE) :]
    return value


#: Names for common terms of other vocabularies, when the graph gives them none.
WELL_KNOWN = {
    RDF_TYPE: "type",
    RDFS_NS + "label": "name",
    RDFS_NS + "comment": "comment",
    RDFS_NS + "subClassOf": "subclass of",
    RDFS_NS + "subPropertyOf": "subproperty of",
    RDFS_NS + "domain": "domain",
    RDFS_NS + "range": "range",
    RDFS_NS + "isDefinedBy": "defined by",
    RDFS_NS + "seeAlso": "see also",
    SKOS_NS + "prefLabel": "preferred label",
    SKOS_NS + "definition": "definition",
    SKOS_NS + "broader": "broader",
    SKOS_NS + "narrower": "narrower",
    SKOS_NS + "inScheme": "in scheme",
    SKOS_NS + "notation": "notation",
    DCTERMS_NS + "title": "title",
    DCTERMS_NS + "description": "description",
    OWL_NS + "sameAs": "same as",
    SKOS_NS + "Concept": "concept",
    SKOS_NS + "ConceptScheme": "concept scheme",
    OWL_NS + "Class": "class",
    OWL_NS + "ObjectProperty": "object property",
    OWL_NS + "DatatypeProperty": "datatype property",
    OWL_NS + "Ontology": "ontology",
}


def display_name(iri: str, labels: dict[str, str]) -> str:
    """The label the graph gives, else a well-known name, else the compact IRI."""
    return labels.get(iri) or WELL_KNOWN.get(iri) or curie(iri)
