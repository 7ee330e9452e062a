"""The RDF answer for one IRI: a description or a named graph, in the format a client asked for.

Dataset formats (TriG, N-Quads, JSON-LD) keep every fact in its claim graph, beside the claim's
source and quote. Triple formats (Turtle, N-Triples, RDF/XML) cannot hold graphs, so each fact
taken from a claim graph is also stated as an ``rdf:Statement`` that ``prov:wasDerivedFrom`` the
claim: the provenance survives in every format.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pyoxigraph as ox
from pyld import jsonld

from . import config
from .describe import Description, Fact
from .formats import JSON_LD, N_TRIPLES, RDF_FORMATS, Format
from .jsonld_context import build_context
from .namespaces import AKG, PREFIXES
from .namespaces import PROV_WAS_DERIVED_FROM as PROV_DERIVED
from .namespaces import RDF_NS as RDF
from .rdfterms import RDF_TYPE, quad_of, rows, sparql_iri
from .store import Store

#: In the order they are offered (``Link`` headers, the "other formats" list on each page).
OUTPUTS = RDF_FORMATS


def description_quads(description: Description) -> list[ox.Quad]:
    """The facts of a description in their graphs, the labels of what they link to, and the
    source and quotes of every claim graph they come from."""
    quads: dict[ox.Quad, None] = {}
    facts = description.outgoing + description.incoming + description.qualifying
    for fact in facts + list(description.label_facts.values()):
        for graph in fact.graphs:
            quads[_quad(fact, graph)] = None
    for graph, origin in description.provenance.items():
        if not origin.is_claim:
            continue
        claim = ox.NamedNode(graph)
        quads[ox.Quad(claim, ox.NamedNode(RDF_TYPE), ox.NamedNode(str(AKG.Claim)), claim)] = None
        if origin.source:
            quads[ox.Quad(claim, _node(AKG.source), ox.NamedNode(origin.source), claim)] = None
        for quote in origin.quotes:
            quads[ox.Quad(claim, _node(AKG.quote), ox.Literal(quote), claim)] = None
    return list(quads)


def graph_quads(store: Store, graph: str) -> list[ox.Quad]:
    """Every quad of one named graph (empty when no such graph)."""
    sparql = f"SELECT ?s ?p ?o WHERE {{ GRAPH {sparql_iri(graph)} {{ ?s ?p ?o }} }}"
    return [quad_of(r["s"], r["p"].value, r["o"], graph) for r in rows(store, sparql)]


def serialize(quads: list[ox.Quad], output: Format, context: dict[str, Any] | None = None) -> bytes:
    """``context`` is the JSON-LD context (``project_context``); other formats use the prefixes."""
    if output == JSON_LD:
        document = compact_jsonld(quads, context or dict(PREFIXES))
        return json.dumps(document, ensure_ascii=False, indent=1).encode()
    if output.keeps_graphs:
        body = ox.serialize(quads, format=output.rdf, prefixes=PREFIXES)
    else:
        prefixes = None if output == N_TRIPLES else PREFIXES
        body = ox.serialize(with_statements(quads), format=output.rdf, prefixes=prefixes)
    assert body is not None  # no output file given: the bytes are returned
    return body


def project_context(store: Store) -> dict[str, Any]:
    """The project's JSON-LD context (``jsonld_context``), built from the ontology in the store
    with the prefixes of the published ``context.jsonld``, so the two are the same."""
    from .export import DUMP_PREFIXES  # export reads files; imported only when a context is built

    return build_context(graph_quads(store, config.ONTOLOGY_GRAPH), DUMP_PREFIXES)


def compact_jsonld(quads: list[ox.Quad], context: dict[str, Any]) -> dict[str, Any]:
    """JSON-LD of a dataset compacted with ``context`` (inline); no document is ever fetched."""
    expanded = json.loads(ox.serialize(quads, format=ox.RdfFormat.JSON_LD) or b"[]")
    options = {"documentLoader": refuse_remote}
    compacted: dict[str, Any] = jsonld.compact(expanded, context, options)
    return compacted


def refuse_remote(url: str, options: dict[str, Any] | None = None) -> Any:
    raise jsonld.JsonLdError(
        f"remote JSON-LD documents are never loaded ({url})", "jsonld.LoadDocumentError"
    )


def with_statements(quads: list[ox.Quad]) -> list[ox.Triple]:
    triples: dict[ox.Triple, None] = {}
    for quad in quads:
        triples[quad.triple] = None
        graph = quad.graph_name
        if isinstance(graph, ox.NamedNode) and graph.value.startswith(config.CLAIM):
            if quad.subject == graph:
                continue  # the claim's own description needs no statement
            statement = ox.BlankNode(_statement_id(quad))
            for predicate, value in (
                (RDF + "type", ox.NamedNode(RDF + "Statement")),
                (RDF + "subject", quad.subject),
                (RDF + "predicate", quad.predicate),
                (RDF + "object", quad.object),
                (PROV_DERIVED, graph),
            ):
                triples[ox.Triple(statement, ox.NamedNode(predicate), value)] = None
    return list(triples)


def _statement_id(quad: ox.Quad) -> str:
    """A stable blank node label, so the same request gives the same bytes."""
    return "s" + hashlib.sha1(str(quad).encode(), usedforsecurity=False).hexdigest()[:16]


def _quad(fact: Fact, graph: str) -> ox.Quad:
    return quad_of(fact.subject, fact.predicate, fact.object, graph)


def _node(value: object) -> ox.NamedNode:
    return ox.NamedNode(str(value))
