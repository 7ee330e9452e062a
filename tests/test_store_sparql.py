"""The remote store against real SPARQL servers: Oxigraph server always, Virtuoso when installed."""

from __future__ import annotations

import http.server
import threading
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from sparql_servers import oxigraph_server, virtuoso_server

from advocacy_kg import config
from advocacy_kg.describe import summarise
from advocacy_kg.loading import InputError, RdfFile
from advocacy_kg.namespaces import PREFIXES
from advocacy_kg.store import RemoteStoreError, SparqlStore, StoreSpecError, open_store
from advocacy_kg.store.sparql_load import STAGING

__all__ = ["oxigraph_server", "virtuoso_server"]  # fixtures used by name below

pytestmark = pytest.mark.server

CLAIMS = """@prefix akg: <def/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<claim/t-01> {
  <claim/t-01> a akg:Claim ; akg:source <id/source/t> ; akg:quote "A letter was sent." .
  <id/letter/l1> a akg:OpenLetter ; rdfs:label "Letter one"@en ; akg:addressedTo <id/person/p1> .
}
<claim/t-02> {
  <claim/t-02> a akg:Claim ; akg:source <id/source/t> ; akg:quote "P1 is a person." .
  <id/person/p1> a akg:Person ; rdfs:label "Person one"@en ; akg:note [ rdfs:label "b" ] .
}
"""
USER = '<id/person/p1> <http://xmlns.com/foaf/0.1/nick> "p-one" .\n'
USER_GRAPH = config.GRAPH + "user/test"


@pytest.fixture(params=["oxigraph", "virtuoso"])
def remote(request: pytest.FixtureRequest, tmp_path: Path) -> SparqlStore:
    url = request.getfixturevalue(f"{request.param}_server")
    store = open_store(f"sparql:{url} timeout=30")
    assert isinstance(store, SparqlStore)
    ours = [g for g in store.graphs() if g.startswith((config.BASE, STAGING))]
    if ours:  # the server lives for the module: start each test from the same state
        store.update(" ; ".join(f"DROP SILENT GRAPH <{g}>" for g in ours))
    claims, user = tmp_path / "claims.trig", tmp_path / "user.ttl"
    claims.write_text(CLAIMS, encoding="utf-8")
    user.write_text(USER, encoding="utf-8")
    store.load_graphs([RdfFile(claims), RdfFile(user, USER_GRAPH)])
    return store


def names(result: object, variable: str) -> list[str]:
    assert isinstance(result, ox.QuerySolutions)
    return sorted(str(row[variable].value) for row in result)


def test_default_graph_is_the_union_of_claim_graphs(remote: SparqlStore) -> None:
    # the letter's addressee and the addressee's nickname sit in three different graphs
    result = remote.query(
        "SELECT ?nick WHERE { ?l a akg:OpenLetter ; akg:addressedTo ?p . "
        "?p rdfs:label ?label ; <http://xmlns.com/foaf/0.1/nick> ?nick }",
        prefixes=PREFIXES,
    )
    assert names(result, "nick") == ["p-one"]


def test_named_graphs_keep_their_provenance(remote: SparqlStore) -> None:
    result = remote.query(
        "SELECT ?g WHERE { GRAPH ?g { ?s rdfs:label ?label } ?g akg:source ?src }",
        prefixes=PREFIXES,
    )
    assert names(result, "g") == [
        config.CLAIM + "t-01",
        config.CLAIM + "t-02",
        config.CLAIM + "t-02",
    ]
    assert {config.CLAIM + "t-01", USER_GRAPH} <= set(remote.graphs())


def test_dataset_given_restricts_the_default_graph(remote: SparqlStore) -> None:
    query = "SELECT ?label WHERE { ?s rdfs:label ?label }"
    only = remote.query(query, default_graphs=[config.CLAIM + "t-01"], prefixes=PREFIXES)
    assert names(only, "label") == ["Letter one"]


def test_ask_and_construct_come_back_as_pyoxigraph_results(remote: SparqlStore) -> None:
    ask = remote.query("ASK { ?s a akg:Person }", prefixes=PREFIXES)
    assert isinstance(ask, ox.QueryBoolean) and bool(ask)
    triples = remote.query(
        "CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s a akg:OpenLetter ; rdfs:label ?l }",
        prefixes=PREFIXES,
    )
    assert isinstance(triples, ox.QueryTriples)
    assert [t.object for t in triples] == [ox.Literal("Letter one", language="en")]


def test_syntax_error_is_a_syntax_error(remote: SparqlStore) -> None:
    with pytest.raises(SyntaxError):
        remote.query("SELECT ?x WHERE { ?x ")


def test_reload_replaces_the_graph(remote: SparqlStore, tmp_path: Path) -> None:
    user = tmp_path / "user.ttl"
    user.write_text('<id/person/p1> <http://xmlns.com/foaf/0.1/nick> "p-two" .\n', encoding="utf-8")
    report = remote.load_graphs([RdfFile(user, USER_GRAPH)])
    assert report.graphs == {USER_GRAPH: 1}
    result = remote.query("SELECT ?n WHERE { ?p <http://xmlns.com/foaf/0.1/nick> ?n }")
    assert names(result, "n") == ["p-two"]


def test_failed_load_leaves_the_server_as_it_was(remote: SparqlStore, tmp_path: Path) -> None:
    before = len(remote), remote.graphs()
    good, bad = tmp_path / "good.ttl", tmp_path / "bad.ttl"
    good.write_text('<id/x> <def/p> "new" .\n', encoding="utf-8")
    bad.write_text('<id/x> <def/p> "ok" .\n<id/y> <def/p> "unterminated .\n', encoding="utf-8")
    with pytest.raises(InputError) as caught:
        remote.load_graphs([RdfFile(good, USER_GRAPH), RdfFile(bad, config.GRAPH + "user/bad")])
    assert (caught.value.path, caught.value.line) == (str(bad), 2)
    assert (len(remote), remote.graphs()) == before
    assert not [g for g in remote.graphs() if g.startswith(STAGING)]


def test_oxigraph_server_gets_union_by_parameter(oxigraph_server: str, tmp_path: Path) -> None:
    store = SparqlStore(oxigraph_server)
    path = tmp_path / "a.trig"
    path.write_text("<claim/a> { <id/a> <def/p> <id/b> . }\n", encoding="utf-8")
    store.load_graphs([RdfFile(path)])
    assert bool(store.query("ASK { ?s ?p ?o }"))
    assert store.union == "oxigraph"


def test_unreachable_server_says_so() -> None:
    from sparql_servers import free_port

    store = SparqlStore(f"http://127.0.0.1:{free_port()}/query", union="native", timeout=2)
    with pytest.raises(RemoteStoreError, match="cannot reach SPARQL server"):
        store.query("ASK {}")


class SlowAnswer(http.server.BaseHTTPRequestHandler):
    """Starts a JSON answer at once, then sends one row a second."""

    def do_POST(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.end_headers()
        self.wfile.write(b'{"head": {"vars": ["x"]}, "results": {"bindings": [')
        for n in range(10):
            self.wfile.write(b'%s{"x": {"type": "literal", "value": "%d"}}' % (b"," * bool(n), n))
            self.wfile.flush()
            time.sleep(1)

    def log_message(self, *args: object) -> None:
        pass


def test_an_answer_over_the_time_limit_is_cut_off() -> None:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), SlowAnswer)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/sparql"
        store = SparqlStore(url, union="native", timeout=1.5)
        answer = store.query("SELECT ?x WHERE { ?x ?p ?o }")
        started = time.monotonic()
        with pytest.raises(TimeoutError, match="over 1.5 s"):
            list(answer)  # type: ignore[arg-type]
        assert time.monotonic() - started < 4
    finally:
        server.shutdown()
        server.server_close()


def test_spec_settings_are_parsed() -> None:
    store = open_store("sparql:http://h:1/sparql update=http://h:1/up union=native timeout=5")
    assert isinstance(store, SparqlStore)
    assert (store.update_url, store.union, store.timeout) == ("http://h:1/up", "native", 5.0)
    assert store.graph_store_url is None
    with pytest.raises(StoreSpecError):
        open_store("sparql:http://h:1/sparql colour=blue")


def test_a_search_with_thousands_of_results_is_summarised(remote: SparqlStore) -> None:
    """The names and types of every result are asked for by VALUES: thousands of IRIs, more
    than one query text some servers (Virtuoso) accept."""
    many = {f"{config.BASE}id/person/x{i:05d}" for i in range(5000)} | {
        config.BASE + "id/person/p1"
    }
    summary = summarise(remote, many)
    assert summary.labels == {config.BASE + "id/person/p1": "Person one"}
    assert summary.types[config.BASE + "id/person/p1"] == [config.ONTOLOGY + "Person"]
