"""The ontology and its SKOS vocabularies: complete, documented, aligned; the data's contract."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD, Namespace
from rdflib.term import Node

from advocacy_kg import config, loading
from advocacy_kg.namespaces import AKG, CONCEPT

ONTOLOGY_FILE = config.ONTOLOGY_DIR / "advocacy-kg.ttl"
VOCABULARY_DIR = config.ONTOLOGY_DIR / "vocabularies"
ONTOLOGY_IRI = URIRef(config.ONTOLOGY)
DCTERMS = Namespace("http://purl.org/dc/terms/")
VANN = Namespace("http://purl.org/vocab/vann/")

#: Standard vocabularies a term may be aligned to.
EXTERNAL = (
    "http://www.w3.org/ns/org#",
    "https://schema.org/",
    "http://www.w3.org/ns/prov#",
    "http://purl.org/dc/terms/",
    "http://xmlns.com/foaf/0.1/",
    "http://data.europa.eu/eli/ontology#",
    "http://www.w3.org/ns/oa#",
    "http://www.nanopub.org/nschema#",
    "http://purl.org/spar/cito/",
)
ALIGNMENTS = (
    RDFS.subClassOf,
    RDFS.subPropertyOf,
    OWL.equivalentClass,
    OWL.equivalentProperty,
    SKOS.exactMatch,
    SKOS.closeMatch,
    SKOS.broadMatch,
    SKOS.narrowMatch,
    SKOS.relatedMatch,
)

#: Properties whose values are SKOS concepts, and the scheme each draws from.
CONCEPT_PROPERTIES = {
    AKG.demandType: "demand-type",
    AKG.targetsPractice: "technology",
    AKG.jurisdiction: "jurisdiction",
    AKG.organisationType: "organisation-type",
    AKG.stageType: "legislative-stage",
}

#: The contract with the data (/work/notes/entities.md): these concepts must exist.
CONTRACT_CONCEPTS = {
    "technology": """predictive-policing biometric-surveillance biometric-mass-surveillance
        facial-recognition remote-biometric-identification real-time-remote-biometric-identification
        facial-image-scraping criminal-risk-assessment social-scoring ai-at-the-border
        automated-decision-making data-based-policing-systems most-powerful-ai-models
        public-space-monitoring social-rights-access-systems""",
    "demand-type": """prohibit regulate legal-framework transparency-obligation
        accountability-obligation safeguards human-oversight right-to-explanation redress
        whistleblower-support community-involvement limit-data-sharing accessibility-requirements
        meeting fundamental-rights-first""",
    "organisation-type": """civil-society-organisation human-rights-organisation
        digital-rights-organisation social-justice-organisation racial-justice-organisation
        civil-liberties-organisation coalition government-department eu-institution legislature
        executive news-publisher""",
    "jurisdiction": "united-kingdom european-union",
    "legislative-stage": """proposal-tabled parliament-position council-decision signed published
        entry-into-force applies-from initiative-requested initiative-registered
        signature-collection-launched signature-collection-closed consultation-opened
        consultation-closes""",
}


def load_graph(paths: Iterable[Path]) -> Graph:
    """The triples of the files, read by the project's loader, as an rdflib graph."""
    triples = [
        ox.Triple(q.subject, q.predicate, q.object) for p in paths for q in loading.parse_file(p)
    ]
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    return Graph().parse(data=data, format="nt")


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return load_graph([ONTOLOGY_FILE])


@pytest.fixture(scope="module")
def vocabularies() -> Graph:
    files = sorted(VOCABULARY_DIR.glob("*.ttl"))
    assert files, f"no vocabularies in {VOCABULARY_DIR}"
    return load_graph(files)


def namespace_terms() -> set[URIRef]:
    return {URIRef(term) for term in dir(AKG)}


def ontology_terms(ontology: Graph) -> set[URIRef]:
    return {s for s in ontology.subjects(RDFS.isDefinedBy, ONTOLOGY_IRI) if isinstance(s, URIRef)}


def english(graph: Graph, subject: Node, predicate: URIRef) -> list[Literal]:
    return [
        o
        for o in graph.objects(subject, predicate)
        if isinstance(o, Literal) and o.language == "en" and str(o).strip()
    ]


def test_namespace_lists_a_plausible_number_of_terms() -> None:
    assert len(namespace_terms()) > 50


def test_every_namespace_term_is_defined_in_the_ontology(ontology: Graph) -> None:
    missing = namespace_terms() - ontology_terms(ontology)
    assert not missing, f"in namespaces.AKG but not in {ONTOLOGY_FILE.name}: {sorted(missing)}"


def test_every_ontology_term_is_in_the_namespace(ontology: Graph) -> None:
    used = {
        node
        for triple in ontology
        for node in triple
        if isinstance(node, URIRef) and str(node).startswith(config.ONTOLOGY)
    }
    version_iris = set(ontology.objects(ONTOLOGY_IRI, OWL.versionIRI))
    extra = used - namespace_terms() - {ONTOLOGY_IRI} - version_iris
    assert not extra, f"used in {ONTOLOGY_FILE.name} but not in namespaces.AKG: {sorted(extra)}"


def test_capitalised_terms_are_classes_and_the_rest_properties(ontology: Graph) -> None:
    for term in namespace_terms():
        types = set(ontology.objects(term, RDF.type))
        if term.split("/")[-1][0].isupper():
            assert OWL.Class in types, term
        else:
            assert types & {OWL.ObjectProperty, OWL.DatatypeProperty}, term
            assert not {OWL.ObjectProperty, OWL.DatatypeProperty} <= types, term


def test_every_term_has_an_english_label_and_definition(ontology: Graph) -> None:
    for term in namespace_terms():
        assert len(english(ontology, term, RDFS.label)) == 1, f"{term}: one rdfs:label@en"
        definitions = english(ontology, term, SKOS.definition)
        assert definitions or english(ontology, term, RDFS.comment), f"{term}: no definition@en"


def test_every_term_is_aligned_to_a_standard_vocabulary(ontology: Graph) -> None:
    for term in namespace_terms():
        targets = [str(o) for p in ALIGNMENTS for o in ontology.objects(term, p)]
        assert any(t.startswith(EXTERNAL) for t in targets), f"{term}: no external alignment"


def test_datatype_properties_range_over_xsd_datatypes(ontology: Graph) -> None:
    for prop in ontology.subjects(RDF.type, OWL.DatatypeProperty):
        ranges = list(ontology.objects(prop, RDFS.range))
        assert ranges, f"{prop}: no rdfs:range"
        assert all(str(r).startswith(str(XSD)) for r in ranges), f"{prop}: {ranges}"


def test_concept_valued_properties_name_their_scheme(ontology: Graph, vocabularies: Graph) -> None:
    for prop, scheme in CONCEPT_PROPERTIES.items():
        scheme_iri = URIRef(str(CONCEPT) + scheme)
        assert (prop, RDFS.range, SKOS.Concept) in ontology, prop
        assert (prop, RDFS.seeAlso, scheme_iri) in ontology, prop
        assert (scheme_iri, RDF.type, SKOS.ConceptScheme) in vocabularies, scheme_iri
        assert english(ontology, prop, SKOS.scopeNote), f"{prop}: no scopeNote@en"


def test_conflicts_with_is_symmetric(ontology: Graph) -> None:
    assert (AKG.conflictsWith, RDF.type, OWL.SymmetricProperty) in ontology


def test_header_is_versioned_and_licensed(ontology: Graph) -> None:
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in ontology
    [version] = ontology.objects(ONTOLOGY_IRI, OWL.versionInfo)
    [version_iri] = ontology.objects(ONTOLOGY_IRI, OWL.versionIRI)
    assert str(version_iri) == config.ONTOLOGY + str(version)
    assert (ONTOLOGY_IRI, DCTERMS.license, None) in ontology
    assert (ONTOLOGY_IRI, DCTERMS.modified, None) in ontology
    assert english(ontology, ONTOLOGY_IRI, DCTERMS.title)
    [uri] = ontology.objects(ONTOLOGY_IRI, VANN.preferredNamespaceUri)
    assert str(uri) == config.ONTOLOGY


def test_nothing_is_imported(ontology: Graph, vocabularies: Graph) -> None:
    assert (None, OWL.imports, None) not in ontology
    assert (None, OWL.imports, None) not in vocabularies


def test_each_vocabulary_file_holds_the_scheme_it_is_named_after() -> None:
    for path in sorted(VOCABULARY_DIR.glob("*.ttl")):
        graph = load_graph([path])
        schemes = set(graph.subjects(RDF.type, SKOS.ConceptScheme))
        assert schemes == {URIRef(str(CONCEPT) + path.stem)}, path.name
    assert {p.stem for p in VOCABULARY_DIR.glob("*.ttl")} == set(CONTRACT_CONCEPTS)


def test_every_concept_is_labelled_defined_and_in_its_scheme(vocabularies: Graph) -> None:
    concepts = set(vocabularies.subjects(RDF.type, SKOS.Concept))
    assert len(concepts) >= sum(len(v.split()) for v in CONTRACT_CONCEPTS.values())
    for concept in concepts:
        assert len(english(vocabularies, concept, SKOS.prefLabel)) == 1, concept
        assert english(vocabularies, concept, SKOS.definition), concept
        [scheme] = vocabularies.objects(concept, SKOS.inScheme)
        assert str(concept).startswith(str(scheme) + "/"), f"{concept} not under {scheme}"


def test_every_concept_is_reachable_from_a_top_concept(vocabularies: Graph) -> None:
    for concept in vocabularies.subjects(RDF.type, SKOS.Concept):
        [scheme] = vocabularies.objects(concept, SKOS.inScheme)
        seen: set[Node] = set()
        node = concept
        while (node, SKOS.topConceptOf, scheme) not in vocabularies:
            assert node not in seen, f"{concept}: skos:broader cycle"
            seen.add(node)
            broader = list(vocabularies.objects(node, SKOS.broader))
            assert len(broader) == 1, f"{node}: neither top concept nor one skos:broader"
            node = broader[0]
            assert (node, SKOS.inScheme, scheme) in vocabularies, f"{node} outside {scheme}"
        assert (scheme, SKOS.hasTopConcept, node) in vocabularies, node


def test_top_concepts_are_declared_both_ways(vocabularies: Graph) -> None:
    from_concepts = set(vocabularies.subject_objects(SKOS.topConceptOf))
    from_schemes = {(c, s) for s, c in vocabularies.subject_objects(SKOS.hasTopConcept)}
    assert from_concepts == from_schemes
    assert from_concepts


@pytest.mark.parametrize("scheme", sorted(CONTRACT_CONCEPTS))
def test_every_concept_the_data_relies_on_exists(vocabularies: Graph, scheme: str) -> None:
    missing = [
        slug
        for slug in CONTRACT_CONCEPTS[scheme].split()
        if (URIRef(f"{CONCEPT}{scheme}/{slug}"), RDF.type, SKOS.Concept) not in vocabularies
    ]
    assert not missing, f"concept/{scheme}: missing {missing}"


def test_external_alignments_of_concepts_leave_our_namespace(vocabularies: Graph) -> None:
    matches = [
        (s, o)
        for p in (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.relatedMatch)
        for s, o in vocabularies.subject_objects(p)
    ]
    assert matches
    assert all(not str(o).startswith(config.BASE) for _, o in matches)
