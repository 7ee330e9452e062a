"""No query can make the server fetch anything or change anything.

A canary HTTP server on a loopback port counts every request it gets; each refused form names
it, and it must end the tests having received nothing. The check is also tested on its own
(escapes, the two readings of ``<``, FROM resolution), and the query process's own wall (no
sockets) is tested with a SERVICE query that skips the check.
"""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator

import pytest
from flask.testing import FlaskClient

from advocacy_kg import config
from advocacy_kg.namespaces import PREFIXES
from advocacy_kg.negotiation import RESULTS_JSON
from advocacy_kg.sparql import Limits, QueryRefused, Settings, SparqlService, check_query
from advocacy_kg.sparql.execution import Job
from advocacy_kg.store.oxigraph import curated_store

LOCAL = {config.ONTOLOGY_GRAPH, config.VOCABULARY_GRAPH}


class Canary:
    def __init__(self) -> None:
        self.requests: list[str] = []
        canary = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                canary.requests.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.end_headers()
                self.wfile.write(b'{"head":{"vars":[]},"results":{"bindings":[{}]}}')

            do_POST = do_GET  # noqa: N815

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/sparql"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def escaped(self) -> str:
        """The canary's URL with 'http' written as a SPARQL codepoint escape."""
        return "\\u0068ttp" + self.url[4:]


@pytest.fixture(scope="module")
def canary() -> Iterator[Canary]:
    bird = Canary()
    bird.thread.start()
    try:
        yield bird
    finally:
        bird.server.shutdown()
        bird.server.server_close()
        assert bird.requests == [], f"the canary was reached: {bird.requests}"


def refused_queries(canary: Canary) -> list[tuple[str, int, str]]:
    """(query, status, words the message must contain)."""
    url, escaped = canary.url, canary.escaped()
    return [
        (f"SELECT * {{ SERVICE <{url}> {{ ?s ?p ?o }} }}", 400, "SERVICE"),
        (f"SELECT * {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }}", 400, "SERVICE"),
        (f"SELECT * {{ SERV\\u0049CE <{url}> {{ ?s ?p ?o }} }}", 400, "SERVICE"),
        (f"SELECT * {{ SERVICE <{escaped}> {{ ?s ?p ?o }} }}", 400, "SERVICE"),
        (f"PREFIX c: <{escaped}>\nSELECT * {{ service c: {{ ?s ?p ?o }} }}", 400, "SERVICE"),
        (f"SELECT * {{ BIND(<{url}> AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}", 400, "SERVICE"),
        (f"SELECT * {{ FILTER(1<'''>) # ''') SERVICE <{url}> {{ ?s ?p ?o }} }}", 400, "SERVICE"),
        (f"SELECT * {{ ?s ?p ?o FILTER(?s<?a)SERVICE#>\n<{url}> {{ ?x ?y ?z }} }}", 400, "SERVICE"),
        (f"SELECT * FROM <{url}> {{ ?s ?p ?o }}", 400, "FROM"),
        (f"SELECT * FROM NAMED <{escaped}> {{ GRAPH ?g {{ ?s ?p ?o }} }}", 400, "FROM"),
        (f"PREFIX c: <{url}>\nASK FROM c:x {{ ?s ?p ?o }}", 400, "FROM"),
        (f"LOAD <{url}>", 403, "read-only"),
        (f"LOAD <{url}> INTO GRAPH <urn:x>", 403, "read-only"),
        ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", 403, "read-only"),
        ("DELETE WHERE { ?s ?p ?o }", 403, "read-only"),
        ("PREFIX x: <urn:x>\nCLEAR ALL", 403, "read-only"),
        ("DROP GRAPH <https://w3id.org/advocacy-kg/graph/ontology>", 403, "read-only"),
    ]


def test_check_refuses_every_form(canary: Canary) -> None:
    for query, status, words in refused_queries(canary):
        with pytest.raises(QueryRefused) as refused:
            check_query(query, LOCAL, PREFIXES)
        assert refused.value.status == status, query
        assert words in refused.value.message, (query, refused.value.message)


def test_check_passes_what_only_reads_here() -> None:
    for query in [
        "SELECT ?service { ?service ?p 'Metropolitan Police Service' } # no SERVICE here",
        "SELECT * { ?s <http://example.org/service#x> ?o } LIMIT 1",
        "BASE <https://w3id.org/advocacy-kg/>\nSELECT * FROM NAMED <graph/vocabularies> {}",
        "ASK { FILTER(1 < 2) }",
        'SELECT * { ?s ?p "load from service" }',
        "CONSTRUCT WHERE { ?s a akg:OpenLetter }",
        "PREFIX from: <urn:from:>\nDESCRIBE from:x",
    ]:
        checked = check_query(query, LOCAL, PREFIXES)
        assert checked.form in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")


def test_from_clauses_resolve_prefixes_and_the_base() -> None:
    with pytest.raises(QueryRefused, match="not a graph"):  # no BASE: Oxigraph resolves nothing
        check_query("SELECT * FROM <graph/ontology> {}", LOCAL, PREFIXES)
    query = (
        "BASE <https://w3id.org/advocacy-kg/>\n"
        "SELECT * FROM graph:ontology FROM NAMED <graph/vocabularies> {}"
    )
    checked = check_query(query, LOCAL, PREFIXES)
    assert checked.from_graphs == (config.ONTOLOGY_GRAPH,)
    assert checked.from_named == (config.VOCABULARY_GRAPH,)


def test_escapes_are_decoded_before_the_check_and_for_the_engine() -> None:
    checked = check_query('SELECT * { ?s ?p "caf\\u00e9" }', LOCAL, PREFIXES)
    assert "café" in checked.text
    with pytest.raises(QueryRefused, match="escape"):
        check_query('SELECT * { ?s ?p "\\u005Cu0041" }', LOCAL, PREFIXES)


def test_nesting_and_length_are_bounded_before_any_parser() -> None:
    limits = Limits(max_length=1000, max_depth=10)
    with pytest.raises(QueryRefused, match="nested deeper"):
        check_query("ASK { FILTER(" + "(" * 12 + "1" + ")" * 12 + ") }", LOCAL, PREFIXES, limits)
    # parentheses hidden in an IRI that Oxigraph could read as '<' and code still count
    with pytest.raises(QueryRefused, match="nested deeper"):
        check_query(
            "ASK { FILTER(1<" + "(" * 12 + "1" + ")" * 12 + ">0) }", LOCAL, PREFIXES, limits
        )
    with pytest.raises(QueryRefused, match="1001 characters"):
        check_query("#" * 1001, LOCAL, PREFIXES, limits)
    assert check_query("ASK { FILTER((1)) }", LOCAL, PREFIXES, limits).form == "ASK"


@pytest.mark.parametrize("index", range(17))
def test_endpoint_refuses_and_fetches_nothing(
    client: FlaskClient, canary: Canary, index: int
) -> None:
    query, status, words = refused_queries(canary)[index]
    for response in (
        client.get("/sparql", query_string={"query": query}),
        client.post("/sparql", data={"query": query}),
        client.post("/sparql", data=query.encode(), content_type="application/sparql-query"),
    ):
        assert response.status_code == status, (query, response.data)
        assert words.encode() in response.data


def test_update_requests_are_refused_and_change_nothing(client: FlaskClient) -> None:
    count = {"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"}
    before = client.get("/sparql", query_string=count).get_json()
    update = "INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> <urn:c> } }"
    assert client.post("/sparql", data={"update": update}).status_code == 403
    assert (
        client.post("/sparql", data=update, content_type="application/sparql-update").status_code
        == 403
    )
    assert client.get("/sparql", query_string={"update": update}).status_code == 403
    assert client.get("/sparql", query_string=count).get_json() == before
    assert int(before["results"]["bindings"][0]["n"]["value"]) > 1000


def test_remote_protocol_graphs_are_refused(client: FlaskClient, canary: Canary) -> None:
    for parameter in ("default-graph-uri", "named-graph-uri"):
        response = client.get("/sparql", query_string={"query": "ASK {}", parameter: canary.url})
        assert response.status_code == 400 and parameter.encode() in response.data


def test_query_process_cannot_open_sockets_even_when_the_check_is_skipped(canary: Canary) -> None:
    """The wall behind the check: a SERVICE query sent straight to a query process."""
    service = SparqlService(curated_store(), Settings(timeout=10))
    try:
        query = f"SELECT * {{ SERVICE <{canary.url}> {{ ?s ?p ?o }} }}"
        answer = service.executor.run(Job(query=query, format_name=RESULTS_JSON.name, timeout=10))
        assert answer.error == "evaluation", answer
    finally:
        service.close()


def test_query_command_uses_the_same_check(
    canary: Canary, capsys: pytest.CaptureFixture[str]
) -> None:
    from advocacy_kg.cli import main

    assert main(["query", f"SELECT * {{ SERVICE <{canary.escaped()}> {{ ?s ?p ?o }} }}"]) == 2
    assert "SERVICE" in capsys.readouterr().err
    assert main(["query", f"LOAD <{canary.url}>"]) == 2
    assert "read-only" in capsys.readouterr().err
    assert main(["query", "ASK { ?letter a akg:OpenLetter }"]) == 0
    assert capsys.readouterr().out.strip() == "true"


def test_only_the_predeclared_prefixes_a_query_uses_go_to_the_engine() -> None:
    """Oxigraph parses every prefix it is given, per query: the unused ones only cost time."""
    point = "SELECT ?p ?o { <https://w3id.org/advocacy-kg/id/organisation/edri> ?p ?o }"
    assert check_query(point, LOCAL, PREFIXES).prefixes == ()
    query = "SELECT * { ?s a \\u0061kg:OpenLetter ; dcterms:title ?t } # skos:x"
    expected = tuple((name, PREFIXES[name]) for name in PREFIXES if name in ("akg", "dcterms"))
    assert check_query(query, LOCAL, PREFIXES).prefixes == expected
    # a prefixed name that only the other reading of '<' sees is given too
    other_reading = "SELECT * { ?a ?b ?c FILTER(?a<'''>) # ''' = skos:x) }"
    assert ("skos", PREFIXES["skos"]) in check_query(other_reading, LOCAL, PREFIXES).prefixes


def test_a_query_runs_with_the_prefixes_it_uses(client: FlaskClient) -> None:
    query = "SELECT (COUNT(*) AS ?n) { ?l a akg:OpenLetter ; rdfs:label ?t }"
    response = client.get("/sparql", query_string={"query": query})
    assert response.status_code == 200, response.data
    assert int(response.get_json()["results"]["bindings"][0]["n"]["value"]) > 0


def test_only_short_queries_are_remembered() -> None:
    """The check cache holds short queries only, so long ones cannot fill memory with it."""
    from advocacy_kg.sparql import service

    service._remembered_check.cache_clear()
    local = frozenset[str]()
    short = "ASK { ?s ?p ?o }"
    long = "ASK { ?s ?p ?o }" + " " * service.CACHED_QUERY_LENGTH
    for query in (short, short, long, long):
        assert service._checked(query, local, Limits()).form == "ASK"
    info = service._remembered_check.cache_info()
    assert (info.hits, info.currsize) == (1, 1)
