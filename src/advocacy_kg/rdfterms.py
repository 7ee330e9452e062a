"""RDF terms as plain values, and the one way the browser reads SPARQL results.

Every store backend answers ``store.query(sparql)`` with solutions whose terms look like
pyoxigraph's (``NamedNode``, ``BlankNode``, ``Literal``); they are turned into ``Term`` values
here so that the description, search and page code never depends on one backend's classes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

import pyoxigraph as ox

from . import config
from .namespaces import PREFIXES, sparql_prologue

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


class QueryableStore(Protocol):
    """What the browser needs of a store: SPARQL, and nothing else."""

    def query(self, sparql: str, **kwargs: Any) -> Any: ...


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


def rows(store: QueryableStore, sparql: str) -> Iterator[dict[str, Term]]:
    """The solutions of a SELECT query, each as {variable: Term}; unbound variables are left out."""
    solutions = store.query(sparql_prologue() + sparql)  # a prologue works with every backend
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
