"""The SPARQL service description (``sd:Service``) that ``/sparql`` returns to an RDF client
asking without a query: what the endpoint speaks, its formats, its default dataset, and where
its VoID description is."""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from .. import config, namespaces
from ..namespaces import PREFIXES, SD, VOID
from ..negotiation import GRAPH_FORMATS, RESULT_FORMATS, Format
from ..rdfterms import RDF_TYPE_NODE as RDF_TYPE

RDFS_SEE_ALSO = ox.NamedNode(namespaces.RDFS_SEE_ALSO)
DCTERMS_DESCRIPTION = ox.NamedNode(namespaces.DCTERMS_DESCRIPTION)
DATASET = ox.NamedNode(config.BASE + "dataset")  # the void:Dataset of dataset_description.py
#: More named graphs than this are counted, not listed (the synthetic data has 100,000s).
MAX_LISTED_GRAPHS = 1000


def service_description(
    endpoint: str, void_url: str, graphs: Iterable[str], limits_note: str
) -> list[ox.Triple]:
    service, dataset = ox.NamedNode(endpoint), ox.BlankNode()
    default_graph = ox.BlankNode()

    def sd(term: str) -> ox.NamedNode:
        return ox.NamedNode(str(SD[term]))

    triples = [
        ox.Triple(service, RDF_TYPE, sd("Service")),
        ox.Triple(service, sd("endpoint"), service),
        ox.Triple(service, sd("supportedLanguage"), sd("SPARQL11Query")),
        ox.Triple(service, sd("feature"), sd("UnionDefaultGraph")),
        ox.Triple(service, DCTERMS_DESCRIPTION, ox.Literal(limits_note)),
        ox.Triple(service, sd("defaultDataset"), dataset),
        ox.Triple(dataset, RDF_TYPE, sd("Dataset")),
        ox.Triple(dataset, RDFS_SEE_ALSO, ox.NamedNode(void_url)),
        ox.Triple(dataset, ox.NamedNode(str(VOID.inDataset)), DATASET),
        ox.Triple(dataset, sd("defaultGraph"), default_graph),
        ox.Triple(default_graph, RDF_TYPE, sd("Graph")),
    ]
    triples += [_format(service, sd("resultFormat"), f) for f in (*RESULT_FORMATS, *GRAPH_FORMATS)]
    listed = sorted(graphs)
    for name in listed[:MAX_LISTED_GRAPHS]:
        node = ox.BlankNode()
        triples += [
            ox.Triple(dataset, sd("namedGraph"), node),
            ox.Triple(node, RDF_TYPE, sd("NamedGraph")),
            ox.Triple(node, sd("name"), ox.NamedNode(name)),
        ]
    return triples


def _format(service: ox.NamedNode, predicate: ox.NamedNode, fmt: Format) -> ox.Triple:
    iri = (fmt.results or fmt.rdf).iri  # type: ignore[union-attr]
    return ox.Triple(service, predicate, ox.NamedNode(iri))


def serialize_description(triples: list[ox.Triple], fmt: Format) -> bytes:
    assert fmt.rdf is not None
    data: list[ox.Triple] | list[ox.Quad] = triples
    if fmt.rdf.supports_datasets:
        data = [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples]
    prefixes = {"sd": str(SD), "void": str(VOID), **PREFIXES} if fmt.name == "turtle" else None
    return ox.serialize(data, format=fmt.rdf, prefixes=prefixes) or b""
