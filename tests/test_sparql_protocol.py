"""The SPARQL 1.1 Protocol at /sparql: method × query form × Accept, every answer parsed back by
a real parser and compared with what the store itself answers."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from typing import Any

import pyoxigraph as ox
import pytest
import rdflib
from flask.testing import FlaskClient
from rdflib.compare import isomorphic

from advocacy_kg.namespaces import PREFIXES
from advocacy_kg.store.oxigraph import OxigraphStore, curated_store

#: rdflib's own parsers use its deprecated ConjunctiveGraph internally (JSON-LD, TriG, N-Quads).
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib")

SELECT = "SELECT ?letter ?label WHERE { ?letter a akg:OpenLetter ; rdfs:label ?label }"
ASK = "ASK { ?letter a akg:OpenLetter }"
ASK_FALSE = "ASK { ?letter a akg:NoSuchClass }"
CONSTRUCT = (
    "CONSTRUCT { ?letter rdfs:label ?label } WHERE { ?letter a akg:OpenLetter ; rdfs:label ?label }"
)
SR = "{http://www.w3.org/2005/sparql-results#}"

RESULT_ACCEPTS = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "*/*": "json",
    "text/csv;q=0.4, application/sparql-results+xml;q=0.9": "xml",
    "text/html;q=0.1, text/tab-separated-values": "tsv",
}
GRAPH_ACCEPTS = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
    "application/trig": "trig",
    "application/n-quads": "nquads",
    "*/*": "turtle",
    "application/rdf+xml;q=0.5, application/n-triples;q=0.8": "nt",
}


@pytest.fixture(scope="module")
def store() -> OxigraphStore:
    return curated_store()


@pytest.fixture(scope="module")
def letters(store: OxigraphStore) -> set[tuple[str, str]]:
    """What the store itself answers to SELECT: the endpoint must give the same rows."""
    result = store.query(SELECT, prefixes=PREFIXES)
    assert isinstance(result, ox.QuerySolutions)
    rows = {(str(r["letter"].value), str(r["label"].value)) for r in result}
    assert len(rows) >= 4, "the curated graph has open letters"  # issue 11: only those called open
    return rows


@pytest.fixture(scope="module")
def letter_graph(store: OxigraphStore) -> rdflib.Graph:
    result = store.query(CONSTRUCT, prefixes=PREFIXES)
    assert isinstance(result, ox.QueryTriples)
    graph = rdflib.Graph().parse(
        data=ox.serialize(list(result), format=ox.RdfFormat.N_TRIPLES), format="nt"
    )
    assert len(graph) >= 4
    return graph


def first_value(result: object, name: str) -> str:
    assert isinstance(result, ox.QuerySolutions)
    term = next(iter(result))[name]
    assert term is not None
    return str(term.value)


def ask(client: FlaskClient, method: str, query: str, accept: str | None, **params: Any) -> Any:
    headers = {"Accept": accept} if accept else {}
    if method == "GET":
        return client.get("/sparql", query_string={"query": query, **params}, headers=headers)
    if method == "POST form":
        return client.post("/sparql", data={"query": query, **params}, headers=headers)
    return client.post(
        "/sparql",
        data=query.encode(),
        query_string=params,
        headers={**headers, "Content-Type": "application/sparql-query"},
    )


METHODS = ["GET", "POST form", "POST sparql-query"]


def solutions(body: bytes, kind: str) -> set[tuple[str, str]]:
    """(letter, label) rows of a SELECT answer, read by the format's own parser."""
    text = body.decode("utf-8")
    if kind == "json":
        data = json.loads(text)
        assert data["head"]["vars"] == ["letter", "label"]
        return {(b["letter"]["value"], b["label"]["value"]) for b in data["results"]["bindings"]}
    if kind == "xml":
        root = ET.fromstring(body)
        rows = set()
        for result in root.iter(f"{SR}result"):
            cells = {b.get("name"): b[0].text for b in result.iter(f"{SR}binding")}
            rows.add((str(cells["letter"]), str(cells["label"])))
        return rows
    if kind == "csv":
        reader = list(csv.reader(io.StringIO(text, newline="")))
        assert reader[0] == ["letter", "label"]
        return {(a, b) for a, b in reader[1:]}
    assert kind == "tsv"
    lines = text.rstrip("\n").split("\n")
    assert lines[0] == "?letter\t?label"
    rows = set()
    for line in lines[1:]:
        iri, literal = line.split("\t")
        graph = rdflib.Graph().parse(data=f"<urn:s> <urn:p> {literal} .", format="nt")
        rows.add((iri.strip("<>"), str(next(iter(graph.objects())))))
    return rows


def boolean(body: bytes, kind: str) -> bool:
    if kind == "json":
        return bool(json.loads(body)["boolean"])
    if kind == "xml":
        found = ET.fromstring(body).find(f"{SR}boolean")
        assert found is not None
        return found.text == "true"
    return body.decode().strip().splitlines()[-1] == "true"


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("accept", RESULT_ACCEPTS)
def test_select_answers_as_the_store_in_every_results_format(
    client: FlaskClient, method: str, accept: str, letters: set[tuple[str, str]]
) -> None:
    response = ask(client, method, SELECT, accept)
    assert response.status_code == 200, response.data
    kind = RESULT_ACCEPTS[accept]
    assert response.mimetype.endswith(kind if kind in ("json", "xml", "csv") else "values")
    assert "Accept" in response.headers["Vary"]
    assert solutions(response.data, kind) == letters


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize(
    "accept",
    [
        "application/sparql-results+json",
        "application/sparql-results+xml",
        "text/csv",
        "text/tab-separated-values",
    ],
)
def test_ask_answers_true_and_false(client: FlaskClient, method: str, accept: str) -> None:
    kind = RESULT_ACCEPTS[accept]
    assert boolean(ask(client, method, ASK, accept).data, kind) is True
    assert boolean(ask(client, method, ASK_FALSE, accept).data, kind) is False


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("accept", GRAPH_ACCEPTS)
def test_construct_answers_the_same_graph_in_every_rdf_format(
    client: FlaskClient, method: str, accept: str, letter_graph: rdflib.Graph
) -> None:
    response = ask(client, method, CONSTRUCT, accept)
    assert response.status_code == 200, response.data
    fmt = GRAPH_ACCEPTS[accept]
    if fmt in ("trig", "nquads"):
        dataset = rdflib.Dataset().parse(data=response.data, format=fmt)
        graph = rdflib.Graph()
        for s, p, o, _ in dataset.quads():
            graph.add((s, p, o))
    else:
        graph = rdflib.Graph().parse(data=response.data, format=fmt)
    assert isomorphic(graph, letter_graph)


@pytest.mark.parametrize("method", METHODS)
def test_describe_gives_the_triples_about_a_letter(
    client: FlaskClient, method: str, letters: set[tuple[str, str]]
) -> None:
    letter, label = sorted(letters)[0]
    response = ask(client, method, f"DESCRIBE <{letter}>", "text/turtle")
    graph = rdflib.Graph().parse(data=response.data, format="turtle")
    assert (rdflib.URIRef(letter), rdflib.RDFS.label, rdflib.Literal(label, lang="en")) in graph


def test_default_graph_is_the_union_and_graph_tells_the_source(
    client: FlaskClient, store: OxigraphStore
) -> None:
    everything = json.loads(ask(client, "GET", "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", None).data)
    distinct = "SELECT (COUNT(*) AS ?n) { SELECT DISTINCT ?s ?p ?o { GRAPH ?g { ?s ?p ?o } } }"
    merged = int(next(iter(store.query(distinct)))["n"].value)  # type: ignore[arg-type]
    # the default graph is the merge, a set: a triple stated by several claims counts once
    assert int(everything["results"]["bindings"][0]["n"]["value"]) == merged > 1000
    assert merged < len(store)
    query = "SELECT ?g { GRAPH ?g { ?letter a akg:OpenLetter } ?g akg:source ?source } LIMIT 1"
    row = json.loads(ask(client, "GET", query, None).data)["results"]["bindings"][0]
    assert row["g"]["value"].startswith("https://w3id.org/advocacy-kg/claim/")


def test_protocol_graphs_choose_the_dataset(client: FlaskClient, store: OxigraphStore) -> None:
    ontology = "https://w3id.org/advocacy-kg/graph/ontology"
    count = "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"
    direct = store.query(count, default_graphs=[ontology])
    expected = first_value(direct, "n")
    for method in METHODS:
        answer = json.loads(
            ask(client, method, count, None, **{"default-graph-uri": ontology}).data
        )
        assert answer["results"]["bindings"][0]["n"]["value"] == expected != "0"
    named = "SELECT DISTINCT ?g { GRAPH ?g { ?s ?p ?o } }"
    answer = json.loads(ask(client, "GET", named, None, **{"named-graph-uri": ontology}).data)
    assert [b["g"]["value"] for b in answer["results"]["bindings"]] == [ontology]


def test_from_a_local_graph_restricts_the_default_graph(
    client: FlaskClient, store: OxigraphStore
) -> None:
    query = "SELECT (COUNT(*) AS ?n) FROM graph:ontology { ?s ?p ?o }"
    answer = json.loads(ask(client, "GET", query, None).data)
    in_graph = store.query(
        "SELECT (COUNT(*) AS ?n) { GRAPH graph:ontology { ?s ?p ?o } }", prefixes=PREFIXES
    )
    assert answer["results"]["bindings"][0]["n"]["value"] == first_value(in_graph, "n")


def test_format_parameter_chooses_and_unknown_parameters_are_ignored(client: FlaskClient) -> None:
    response = client.get(
        "/sparql", query_string={"query": ASK, "format": "csv", "output": "x", "timeout": "0"}
    )
    assert response.mimetype == "text/csv" and response.data.strip() == b"true"
    response = client.get(
        "/sparql",
        query_string={"query": ASK, "format": "nonsense"},
        headers={"Accept": "application/sparql-results+xml"},
    )
    assert response.mimetype == "application/sparql-results+xml"


def test_unservable_accept_is_406_naming_what_can_be_served(client: FlaskClient) -> None:
    response = ask(client, "GET", SELECT, "image/png")
    assert response.status_code == 406
    assert b"application/sparql-results+json" in response.data and b"text/csv" in response.data
    response = ask(client, "GET", CONSTRUCT, "application/sparql-results+json")
    assert response.status_code == 406 and b"text/turtle" in response.data
    assert "Accept" in response.headers["Vary"]


def test_bad_query_is_400_with_the_parser_message_and_position(client: FlaskClient) -> None:
    response = ask(client, "GET", "SELECT * WHERE { ?s ?p }", None)
    assert response.status_code == 400 and response.mimetype == "text/plain"
    assert re.search(rb"at 1:\d+: expected", response.data), response.data
    assert b"Traceback" not in response.data


@pytest.mark.parametrize(
    ("request_kwargs", "status"),
    [
        ({"method": "GET", "query_string": [("query", ASK), ("query", ASK)]}, 400),
        ({"method": "POST", "data": {"query": [ASK, ASK]}}, 400),
        ({"method": "POST", "data": {"default-graph-uri": "x"}}, 400),
        ({"method": "POST", "data": ASK, "content_type": "text/plain"}, 415),
        ({"method": "POST", "data": ASK}, 415),
        ({"method": "POST", "data": "", "content_type": "application/sparql-query"}, 400),
        ({"method": "PUT", "data": ASK, "content_type": "application/sparql-query"}, 405),
        ({"method": "DELETE"}, 405),
        (
            {
                "method": "GET",
                "query_string": {"query": ASK},
                "headers": {"Accept": "application/json"},
            },
            200,
        ),
    ],
)
def test_protocol_errors(client: FlaskClient, request_kwargs: dict[str, Any], status: int) -> None:
    response = client.open("/sparql", **request_kwargs)
    assert response.status_code == status, response.data
    if status >= 400:
        assert response.mimetype == "text/plain" and b"Traceback" not in response.data


def test_head_is_answered_as_get_without_a_body(client: FlaskClient) -> None:
    response = client.head("/sparql", query_string={"query": ASK})
    assert response.status_code == 200 and response.data == b""
    assert response.mimetype == "application/sparql-results+json"


def test_get_without_query_describes_the_service(client: FlaskClient) -> None:
    response = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert response.status_code == 200 and response.mimetype == "text/turtle"
    graph = rdflib.Graph().parse(data=response.data, format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    service = next(graph.subjects(rdflib.RDF.type, sd.Service))
    formats = {str(f) for f in graph.objects(service, sd.resultFormat)}
    assert "http://www.w3.org/ns/formats/SPARQL_Results_JSON" in formats
    assert "http://www.w3.org/ns/formats/Turtle" in formats
    dataset = next(graph.objects(service, sd.defaultDataset))
    assert any(
        str(o).endswith("/.well-known/void") for o in graph.objects(dataset, rdflib.RDFS.seeAlso)
    )
    names = {
        str(n) for g in graph.objects(dataset, sd.namedGraph) for n in graph.objects(g, sd.name)
    }
    assert "https://w3id.org/advocacy-kg/graph/ontology" in names


def test_get_without_query_and_without_rdf_is_400(client: FlaskClient) -> None:
    response = client.get("/sparql", headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 400 and b"missing query" in response.data


def test_security_headers_and_no_cors_by_default(client: FlaskClient) -> None:
    response = client.get(
        "/sparql", query_string={"query": ASK}, headers={"Origin": "https://elsewhere.example"}
    )
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "Access-Control-Allow-Origin" not in response.headers


def test_cors_is_opt_in_by_origin_and_never_with_credentials() -> None:
    from advocacy_kg.web import SPARQL_KEY, create_app

    app = create_app({"TESTING": True, "CORS_ORIGINS": ["https://allowed.example"]})
    try:
        client = app.test_client()
        allowed = client.get(
            "/sparql", query_string={"query": ASK}, headers={"Origin": "https://allowed.example"}
        )
        assert allowed.headers["Access-Control-Allow-Origin"] == "https://allowed.example"
        assert "Access-Control-Allow-Credentials" not in allowed.headers
        assert "Origin" in allowed.headers["Vary"]
        other = client.get(
            "/sparql", query_string={"query": ASK}, headers={"Origin": "https://other.example"}
        )
        assert "Access-Control-Allow-Origin" not in other.headers
        preflight = client.options(
            "/sparql",
            headers={"Origin": "https://allowed.example", "Access-Control-Request-Method": "POST"},
        )
        assert (
            preflight.status_code == 204
            and "POST" in preflight.headers["Access-Control-Allow-Methods"]
        )
    finally:
        app.extensions[SPARQL_KEY].close()


def test_a_cross_origin_script_may_revalidate_by_etag() -> None:
    """ETag is not a CORS-safelisted header, nor If-None-Match: both must be named."""
    from advocacy_kg.web import SPARQL_KEY, create_app

    app = create_app({"TESTING": True, "CORS_ORIGINS": ["https://allowed.example"]})
    origin = {"Origin": "https://allowed.example"}
    try:
        client = app.test_client()
        first = client.get("/sparql", query_string={"query": ASK}, headers=origin)
        exposed = {
            h.strip().lower() for h in first.headers["Access-Control-Expose-Headers"].split(",")
        }
        assert first.headers["ETag"] and "etag" in exposed
        preflight = client.options(
            "/sparql",
            headers={
                **origin,
                "Access-Control-Request-Method": "GET",
                "Access-Control-Request-Headers": "if-none-match",
            },
        )
        allowed = preflight.headers["Access-Control-Allow-Headers"].lower()
        assert "if-none-match" in allowed
        again = client.get(
            "/sparql",
            query_string={"query": ASK},
            headers={**origin, "If-None-Match": first.headers["ETag"]},
        )
        assert again.status_code == 304
    finally:
        app.extensions[SPARQL_KEY].close()
