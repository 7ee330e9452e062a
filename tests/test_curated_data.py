"""The curated graph keeps its provenance promises, for every source and every claim.

One named graph per claim, each naming one source and quoting it verbatim; every entity
labelled once and typed from the ontology; no IRI under the base that nothing defines; the
seeds' full text identical to the seed files; conflicts recorded on both sides.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox
import pytest

from advocacy_kg import config, loading
from advocacy_kg.namespaces import sparql_prologue
from advocacy_kg.store.oxigraph import OxigraphStore, curated_store

AKG = config.ONTOLOGY
SHARED = config.PROJECT_ROOT.parent / "shared"
NOT_CLAIM_GRAPHS = {
    config.ONTOLOGY_GRAPH,
    config.VOCABULARY_GRAPH,
    config.SOURCES_GRAPH,
    config.REPLACED_GRAPH,
}
INFERENCE = config.BASE + "inference/"


@pytest.fixture(scope="module")
def store() -> OxigraphStore:
    return curated_store()


def solutions(store: OxigraphStore, sparql: str) -> list[tuple[str, ...]]:
    """The rows of a SELECT, each value as its IRI or lexical form ('' when unbound)."""
    result = store.query(sparql_prologue() + sparql)
    assert isinstance(result, ox.QuerySolutions)
    names = [v.value for v in result.variables]
    return [tuple("" if s[n] is None else s[n].value for n in names) for s in result]


def claim_graphs(store: OxigraphStore) -> list[str]:
    graphs = [
        g for g in store.graphs() if g not in NOT_CLAIM_GRAPHS and not g.startswith(INFERENCE)
    ]
    assert len(graphs) > 50, "the curated data holds claim graphs"
    return graphs


def inference_graphs(store: OxigraphStore) -> list[str]:
    return [g for g in store.graphs() if g.startswith(INFERENCE)]


def test_every_inference_graph_says_who_drew_it_from_which_claims_and_why(
    store: OxigraphStore,
) -> None:
    described = {
        g: (agent, int(claims), reasoning)
        for g, agent, claims, reasoning in solutions(
            store,
            """SELECT ?g (SAMPLE(?agentLabel) AS ?agent) (COUNT(DISTINCT ?claim) AS ?claims)
                (SAMPLE(?why) AS ?reasoning)
            WHERE { GRAPH ?g { ?g a akg:Inference ; prov:wasAttributedTo ?who ;
                                  prov:wasDerivedFrom ?claim ; akg:reasoning ?why .
                               ?who a prov:Agent ; rdfs:label ?agentLabel }
                    GRAPH ?claim { ?claim a akg:Claim } } GROUP BY ?g""",
        )
    }
    graphs = inference_graphs(store)
    assert len(graphs) >= 4, "the curated identities that no quote states are kept as inferences"
    for graph in graphs:
        assert graph in described, f"{graph} does not describe itself as an akg:Inference"
        agent, claims, reasoning = described[graph]
        assert agent and claims >= 1 and len(reasoning) > 40, graph


def test_every_other_named_graph_is_a_claim_with_one_source_and_a_quote(
    store: OxigraphStore,
) -> None:
    described = {
        claim: (int(sources), int(quotes))
        for claim, sources, quotes in solutions(
            store,
            """SELECT ?g (COUNT(DISTINCT ?source) AS ?sources) (COUNT(DISTINCT ?quote) AS ?quotes)
            WHERE { GRAPH ?g { ?g a akg:Claim OPTIONAL { ?g akg:source ?source }
                               OPTIONAL { ?g akg:quote ?quote } } } GROUP BY ?g""",
        )
    }
    for graph in claim_graphs(store):
        assert graph.startswith(config.CLAIM), f"{graph} is neither a claim nor a known graph"
        assert graph in described, f"{graph} does not describe itself as an akg:Claim"
        sources, quotes = described[graph]
        assert sources == 1, f"{graph} names {sources} sources"
        assert quotes >= 1, f"{graph} quotes nothing"


def test_no_claim_lacks_a_source_document(store: OxigraphStore) -> None:
    orphans = solutions(
        store,
        """SELECT DISTINCT ?claim WHERE { ?claim a akg:Claim
            FILTER NOT EXISTS { ?claim akg:source ?s .
                                GRAPH graph:sources { ?s a akg:SourceDocument } }
        }""",
    )
    assert orphans == []
    assert solutions(store, "SELECT ?c WHERE { GRAPH graph:sources { ?c a akg:Claim } }") == []


def test_every_fact_sits_in_a_named_graph() -> None:
    # read from the files: the store keeps the merge of the named graphs in its default graph
    files = loading.curated_files()
    loose = [
        q
        for f in files
        for q in loading.parse_file(f.path, f.graph)
        if q.graph_name == ox.DefaultGraph()
    ]
    assert len(files) > 40 and loose == []


def source_texts(store: OxigraphStore) -> dict[str, list[str]]:
    texts: dict[str, list[str]] = defaultdict(list)
    for source, text in solutions(
        store,
        "SELECT ?s ?t WHERE { GRAPH graph:sources { ?s akg:fullText|akg:excerpt ?t } }",
    ):
        texts[source].append(text)
    return texts


def test_every_quote_is_verbatim_in_its_source(store: OxigraphStore) -> None:
    texts = source_texts(store)
    quotes = solutions(
        store, "SELECT ?g ?s ?q WHERE { GRAPH ?g { ?g akg:source ?s ; akg:quote ?q } }"
    )
    assert len(quotes) > 50
    missing = [(g, q) for g, s, q in quotes if not any(q in text for text in texts[s])]
    assert missing == []


def test_every_source_document_supports_a_claim(store: OxigraphStore) -> None:
    unused = solutions(
        store,
        """SELECT ?s WHERE { GRAPH graph:sources { ?s a akg:SourceDocument }
            FILTER NOT EXISTS { GRAPH ?g { ?g akg:source ?s } } }""",
    )
    assert unused == []


def entities(store: OxigraphStore) -> set[str]:
    """Every IRI under id/ that the data uses, as subject or object."""
    found = {
        iri
        for (iri,) in solutions(
            store,
            """SELECT DISTINCT ?e WHERE { { ?e ?p ?o } UNION { ?s ?p ?e }
                FILTER (isIRI(?e) && STRSTARTS(STR(?e), STR(id:)))
                FILTER NOT EXISTS { GRAPH graph:replaced { ?e dcterms:isReplacedBy ?new } } }""",
        )
    }
    assert len(found) > 100
    return found


def test_every_entity_has_exactly_one_english_label(store: OxigraphStore) -> None:
    labels: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for entity, label, lang in solutions(
        store,
        """SELECT ?e ?l (LANG(?l) AS ?lang) WHERE { ?e rdfs:label ?l
            FILTER STRSTARTS(STR(?e), STR(id:)) }""",
    ):
        labels[entity].add((label, lang))
    wrong = {e: labels[e] for e in entities(store) if len(labels[e]) != 1}
    assert wrong == {}
    assert {lang for ls in labels.values() for _, lang in ls} == {"en"}


def test_every_entity_has_a_type_from_the_ontology(store: OxigraphStore) -> None:
    typed = {
        entity
        for (entity,) in solutions(
            store,
            """SELECT DISTINCT ?e WHERE { { ?e a ?class
                GRAPH graph:ontology { ?class a owl:Class } } UNION { ?e a prov:Agent }
                FILTER STRSTARTS(STR(?e), STR(id:)) }""",
        )
    }
    assert sorted(entities(store) - typed) == []


def defined_terms(store: OxigraphStore) -> dict[str, set[str]]:
    """What may be referred to: ontology terms, concepts and schemes, typed entities, claims."""
    return {
        config.ONTOLOGY: {
            s
            for (s,) in solutions(store, "SELECT DISTINCT ?s { GRAPH graph:ontology { ?s ?p ?o } }")
        },
        config.CONCEPT: {
            s
            for (s,) in solutions(
                store, "SELECT DISTINCT ?s { GRAPH graph:vocabularies { ?s ?p ?o } }"
            )
        },
        config.ENTITY: {s for (s,) in solutions(store, "SELECT DISTINCT ?s { ?s a ?type }")},
        config.CLAIM: set(claim_graphs(store)),
        INFERENCE: set(inference_graphs(store)),
        config.GRAPH: NOT_CLAIM_GRAPHS,
    }


def test_no_iri_under_the_base_is_dangling(store: OxigraphStore) -> None:
    defined = defined_terms(store)
    dangling = set()
    data_graphs = [ox.NamedNode(config.SOURCES_GRAPH)] + [
        ox.NamedNode(g) for g in claim_graphs(store) + inference_graphs(store)
    ]
    for graph in data_graphs:
        for quad in store.store.quads_for_pattern(None, None, None, graph):
            for term in (quad.subject, quad.predicate, quad.object):
                if not isinstance(term, ox.NamedNode) or not term.value.startswith(config.BASE):
                    continue
                area = next((a for a in defined if term.value.startswith(a)), None)
                if area is None or term.value not in defined[area]:
                    dangling.add((graph.value, term.value))
    assert sorted(dangling) == []


def test_conflicts_are_recorded_on_both_sides_between_sources(store: OxigraphStore) -> None:
    links = solutions(
        store,
        """SELECT ?a ?b ?sa ?sb WHERE { GRAPH ?a { ?a akg:conflictsWith ?b }
            OPTIONAL { GRAPH ?b { ?b akg:source ?sb } } ?a akg:source ?sa }""",
    )
    assert len(links) >= 4
    pairs = {(a, b) for a, b, _, _ in links}
    assert sorted((b, a) for a, b in pairs if (b, a) not in pairs) == []
    assert [(a, b) for a, b, sa, sb in links if sa == sb or not sb] == []


@pytest.mark.skipif(not SHARED.is_dir(), reason=f"{SHARED} (the shared seed folder) is absent")
def test_seed_full_text_is_the_seed_file_verbatim(store: OxigraphStore) -> None:
    seeds = solutions(
        store,
        """SELECT ?file ?text WHERE {
            GRAPH graph:sources { ?s akg:seedFile ?file ; akg:fullText ?text } }""",
    )
    assert {file for file, _ in seeds} == {p.name for p in (SHARED / "seeds").glob("0*.txt")}
    for file, text in seeds:
        assert text == Path(SHARED / "seeds" / file).read_bytes().decode("utf-8"), file
