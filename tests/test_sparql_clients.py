"""Real SPARQL clients against the running server: SPARQLWrapper and rdflib's SPARQLStore, with
answers compared to what the store itself says."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from server_support import LiveServer
from SPARQLWrapper import CSV, JSON, POST, TURTLE, XML, SPARQLWrapper

from advocacy_kg.namespaces import AKG, PREFIXES, sparql_prologue
from advocacy_kg.store.oxigraph import curated_store

pytestmark = [
    pytest.mark.server,
    pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib"),
    pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning"),
]

LETTERS = (
    sparql_prologue()
    + "SELECT DISTINCT ?letter ?label { ?letter a akg:OpenLetter ; rdfs:label ?label }"
)


@pytest.fixture(scope="module")
def expected_letters() -> set[tuple[str, str]]:
    result = curated_store().query(LETTERS)
    assert isinstance(result, ox.QuerySolutions)
    rows = {(r["letter"].value, r["label"].value) for r in result}
    assert len(rows) >= 4  # issue 11: only letters a source calls open
    return rows


def wrapper(server: LiveServer, query: str, fmt: str, method: str = "GET") -> SPARQLWrapper:
    client = SPARQLWrapper(server.sparql)
    client.setQuery(query)
    client.setReturnFormat(fmt)
    client.setMethod(method)
    return client


@pytest.mark.parametrize("method", ["GET", POST])
def test_sparqlwrapper_select_json(
    live_server: LiveServer, expected_letters: set[tuple[str, str]], method: str
) -> None:
    answer = wrapper(live_server, LETTERS, JSON, method).queryAndConvert()
    assert isinstance(answer, dict)
    rows = {(b["letter"]["value"], b["label"]["value"]) for b in answer["results"]["bindings"]}
    assert rows == expected_letters


def test_sparqlwrapper_select_xml_and_csv(
    live_server: LiveServer, expected_letters: set[tuple[str, str]]
) -> None:
    document = wrapper(live_server, LETTERS, XML).queryAndConvert()
    uris = {node.firstChild.data for node in document.getElementsByTagName("uri")}  # type: ignore[union-attr]
    assert uris == {letter for letter, _ in expected_letters}
    table = wrapper(live_server, LETTERS, CSV).queryAndConvert()
    assert isinstance(table, bytes) and table.startswith(b"letter,label")


def test_sparqlwrapper_ask_and_construct(
    live_server: LiveServer, expected_letters: set[tuple[str, str]]
) -> None:
    ask = wrapper(
        live_server, sparql_prologue() + "ASK { ?l a akg:OpenLetter }", JSON
    ).queryAndConvert()
    assert ask == {"head": {}, "boolean": True}
    construct = (
        sparql_prologue()
        + "CONSTRUCT { ?l rdfs:label ?label } WHERE { ?l a akg:OpenLetter ; rdfs:label ?label }"
    )
    graph = wrapper(live_server, construct, TURTLE).queryAndConvert()
    if isinstance(graph, bytes):
        graph = rdflib.Graph().parse(data=graph, format="turtle")
    assert isinstance(graph, rdflib.Graph)
    assert {
        (str(s), str(o)) for s, o in graph.subject_objects(rdflib.RDFS.label)
    } == expected_letters
    graph = wrapper(live_server, construct, XML, POST).queryAndConvert()
    assert isinstance(graph, rdflib.Graph) and len(graph) == len(expected_letters)


def test_rdflib_sparqlstore_queries_and_iterates(
    live_server: LiveServer, expected_letters: set[tuple[str, str]]
) -> None:
    store = SPARQLStore(live_server.sparql, returnFormat="json")
    graph = rdflib.Graph(store=store)
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri)
    rows = {(str(r[0]), str(r[1])) for r in graph.query(LETTERS)}  # type: ignore[index]
    assert rows == expected_letters
    typed = set(graph.subjects(rdflib.RDF.type, rdflib.URIRef(str(AKG.OpenLetter))))
    assert {str(s) for s in typed} == {letter for letter, _ in expected_letters}
    assert graph.query(sparql_prologue() + "ASK { ?l a akg:OpenLetter }").askAnswer is True
    store.close()
