"""GET /sparql answered without Flask's request machinery (``web/sparql_direct.py``) gives the
very response the Flask view gives: status, headers and body, for every outcome."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask, appcontext_pushed, request_started
from werkzeug.test import EnvironBuilder, run_wsgi_app

from advocacy_kg.web import SPARQL_KEY, create_app
from advocacy_kg.web.sparql_direct import CACHED_QUERY_STRING, DirectQueries

POINT = "SELECT ?p ?o WHERE { <https://w3id.org/advocacy-kg/id/organisation/edri> ?p ?o }"
REQUESTS = [
    {"query_string": {"query": POINT}, "headers": {"Accept": "application/sparql-results+json"}},
    {"query_string": {"query": POINT}, "headers": {"Accept": "text/csv;q=0.5, text/xml"}},
    {"query_string": {"query": POINT, "format": "tsv"}},
    {"query_string": {"query": "ASK { ?s ?p ?o }"}, "headers": {"Accept": "*/*"}},
    {"query_string": {"query": "CONSTRUCT WHERE { ?s a ?o } LIMIT 3"}},
    {
        "query_string": {"query": "SELECT ?s { ?s ?p ?o }"},
        "headers": {"Origin": "https://a.example"},
    },
    {"query_string": {"query": "SELECT * { ?s ?p }"}},  # the engine's syntax error: 400
    {"query_string": {"query": "SELECT * { SERVICE <http://x.example/> { ?s ?p ?o } }"}},
    {"query_string": {"query": POINT}, "headers": {"Accept": "text/turtle"}},  # 406
    {"query_string": {"query": POINT}, "headers": {"Accept": "text/html"}},  # the page
    {"query_string": {"query": POINT, "default-graph-uri": "https://nowhere.example/g"}},
    {"query_string": {"query": "SELECT * { ?s ?p ?o }"}},  # over the row cap of 5
    {"query_string": {"query": POINT}, "content_type": "application/sparql-update"},
    {"query_string": {"query": " "}},  # empty: 400
    {"headers": {"Accept": "text/html"}},  # no query: the page
]


@pytest.fixture(scope="module")
def app() -> Iterator[Flask]:
    application = create_app(
        {"TESTING": True, "SPARQL_MAX_ROWS": 5, "CORS_ORIGINS": ["https://a.example"]}
    )
    yield application
    application.extensions[SPARQL_KEY].close()


def respond(wsgi: Any, kwargs: dict[str, Any]) -> tuple[str, list[tuple[str, str]], bytes]:
    environ = EnvironBuilder(path="/sparql", method="GET", **kwargs).get_environ()
    body, status, headers = run_wsgi_app(wsgi, environ, buffered=True)
    headers.pop(
        "Cache-Status", None
    )  # a miss, then a hit: the result cache at work, not a difference
    return status, sorted(headers.to_wsgi_list()), b"".join(body)


@pytest.mark.parametrize("kwargs", REQUESTS)
def test_direct_path_answers_as_the_flask_view(app: Flask, kwargs: dict[str, Any]) -> None:
    direct = app.wsgi_app
    assert isinstance(direct, DirectQueries)
    for _ in range(2):  # the first decides, the second replays the decision
        assert respond(direct, kwargs) == respond(direct.flask_wsgi, kwargs)


def test_a_repeated_query_skips_flask(app: Flask) -> None:
    kwargs = {"query_string": {"query": POINT}}
    seen: list[object] = []

    def record(sender: object, **extra: object) -> None:
        seen.append(sender)

    with request_started.connected_to(record, app):
        for _ in range(3):
            assert respond(app.wsgi_app, kwargs)[0] == "200 OK"
        long = {"query_string": {"query": POINT + " " * CACHED_QUERY_STRING}}
        assert respond(app.wsgi_app, long)[0] == "200 OK"
    assert len(seen) == 1  # only the long query went through Flask


def test_a_new_query_is_decided_without_flasks_context(app: Flask) -> None:
    # the view's decision from a plain werkzeug request; the limits link once per address
    pushed: list[object] = []

    def record(sender: object, **extra: object) -> None:
        pushed.append(sender)

    respond(app.wsgi_app, {"query_string": {"query": POINT}})  # this address's link made
    with appcontext_pushed.connected_to(record, app):
        for n in range(3):
            query = f"SELECT ?p{n} ?o WHERE {{ <https://w3id.org/advocacy-kg/id/x> ?p{n} ?o }}"
            assert respond(app.wsgi_app, {"query_string": {"query": query}})[0] == "200 OK"
    assert pushed == []


def test_a_request_the_view_fails_on_gets_flasks_error_response(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    from advocacy_kg.web import sparql

    def broken(*args: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(sparql, "decide", broken)
    monkeypatch.setattr("advocacy_kg.web.sparql_direct.decide", broken)
    kwargs = {"query_string": {"query": "ASK { ?s a ?o }"}}
    status, headers, body = respond(app.wsgi_app, kwargs)
    assert status == "500 INTERNAL SERVER ERROR"
    assert ("Content-Type", "text/plain; charset=utf-8") in headers
    assert body.startswith(b"500 Internal Server Error") and b"a bug" not in body
