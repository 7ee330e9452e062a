"""The JSON-LD context is generated from the prefix map and the ontology, not typed by hand."""

from __future__ import annotations

import json

import pytest
from rdflib import OWL, RDF, RDFS, XSD, Graph

from advocacy_kg import config
from advocacy_kg.export import DUMP_PREFIXES, content_quads
from advocacy_kg.jsonld_context import build_context, compact, context_document
from advocacy_kg.namespaces import AKG, PREFIXES


@pytest.fixture(scope="module")
def ontology() -> Graph:
    """The ontology read by rdflib: an independent reading of the same file."""
    graph = Graph()
    for path in sorted(config.ONTOLOGY_DIR.glob("*.ttl")):
        graph.parse(path, format="turtle", publicID=config.BASE)
    return graph


@pytest.fixture(scope="module")
def context() -> dict[str, object]:
    quads = [q for q in content_quads() if q.graph_name.value == config.ONTOLOGY_GRAPH]  # type: ignore[union-attr]
    return build_context(quads, DUMP_PREFIXES)


def test_every_prefix_of_the_project_is_in_the_context(context: dict[str, object]) -> None:
    for prefix, namespace in PREFIXES.items():
        assert context[prefix] == namespace


def test_every_object_property_links_and_every_class_has_a_short_name(
    ontology: Graph, context: dict[str, object]
) -> None:
    links = sorted(str(p) for p in ontology.subjects(RDF.type, OWL.ObjectProperty))
    classes = sorted(str(c) for c in ontology.subjects(RDF.type, OWL.Class))
    assert len(links) > 10 and len(classes) > 10
    for prop in links:
        name = str(prop).removeprefix(config.ONTOLOGY)
        if name in PREFIXES:  # a prefix wins over a term of the same name
            assert name not in context or context[name] == PREFIXES[name]
            continue
        assert context[name] == {"@id": f"akg:{name}", "@type": "@id"}, name
    for cls in classes:
        if str(cls).startswith(config.ONTOLOGY):
            name = str(cls).removeprefix(config.ONTOLOGY)
            assert context[name] == f"akg:{name}"


def test_datatype_properties_carry_their_single_xsd_range(
    ontology: Graph, context: dict[str, object]
) -> None:
    typed = 0
    for prop in ontology.subjects(RDF.type, OWL.DatatypeProperty):
        name = str(prop).removeprefix(config.ONTOLOGY)
        ranges = set(ontology.objects(prop, RDFS.range)) - {
            XSD.string,
            RDFS.Literal,
            RDF.langString,
        }
        xsd = str(XSD._NS)
        if name in PREFIXES or len(ranges) != 1 or not str(next(iter(ranges))).startswith(xsd):
            continue
        (datatype,) = ranges
        assert context[name] == {"@id": f"akg:{name}", "@type": compact(str(datatype), PREFIXES)}
        typed += 1
    assert typed > 0


def test_ontology_date_property_reads_as_a_plain_date(context: dict[str, object]) -> None:
    assert str(AKG.date).endswith("/date")
    assert context["date"] == {"@id": "akg:date", "@type": "xsd:date"}


def test_the_context_document_wraps_the_context_and_is_stable(
    context: dict[str, object],
) -> None:
    document = context_document(context)
    assert json.loads(document) == {"@context": context}
    assert document == context_document(dict(context))
