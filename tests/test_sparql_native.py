"""Queries answered in the server's event loop (``web/native.py``) give the response the Flask
view gives, for GET and POST, every outcome; and a slow query's process leaves the CPUs to the
rest (``sparql/pool.py``'s ``demote``)."""

from __future__ import annotations

import http.client
import os
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Iterable, Iterator
from typing import Any

import pytest
from flask import Flask
from server_support import LiveServer, free_port, running_server

from advocacy_kg.web import SPARQL_KEY, create_app

ORIGIN = "https://a.example"
PUBLIC = "https://kg.example"  # both write it in a cut answer's link
POINT = "SELECT ?p ?o WHERE { <https://w3id.org/advocacy-kg/id/organisation/edri> ?p ?o }"
SLOW_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
FORM = "application/x-www-form-urlencoded"
SPARQL_QUERY = "application/sparql-query"
FORM_TYPE = {"Content-Type": FORM}
BOUNDARY = "b0undary"
MULTIPART = (
    f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="query"\r\n\r\n{POINT}\r\n'
    f"--{BOUNDARY}--\r\n"
).encode()
#: (method, query string, body, headers): decided queries, their errors, and what Flask answers.
REQUESTS: list[tuple[str, dict[str, str], bytes, dict[str, str]]] = [
    ("GET", {"query": POINT}, b"", {"Accept": "application/sparql-results+json"}),
    ("GET", {"query": POINT}, b"", {"Accept": "text/csv;q=0.5, text/xml", "Origin": ORIGIN}),
    ("GET", {"query": "ASK { ?s ?p ?o }", "format": "tsv"}, b"", {}),
    ("GET", {"query": "CONSTRUCT WHERE { ?s a ?o } LIMIT 3"}, b"", {"Accept": "text/turtle"}),
    ("GET", {"query": "SELECT * { ?s ?p ?o }"}, b"", {}),  # over the row cap of 5
    ("GET", {"query": "SELECT * { ?s ?p }"}, b"", {}),  # the engine's syntax error: 400
    ("GET", {"query": POINT}, b"", {"Accept": "text/turtle"}),  # 406, by Flask
    ("GET", {"query": "SELECT * { SERVICE <http://x.example/> { ?s ?p ?o } }"}, b"", {}),
    ("POST", {}, POINT.encode(), {"Content-Type": "application/sparql-query"}),
    ("POST", {}, POINT.encode(), {"Content-Type": "application/sparql-query", "Origin": ORIGIN}),
    ("POST", {}, urllib.parse.urlencode({"query": POINT}).encode(), {"Content-Type": FORM}),
    (
        "POST",
        {"format": "csv"},
        b"ASK { ?s ?p ?o }",
        {"Content-Type": "application/sparql-query; charset=utf-8"},
    ),
    ("POST", {"query": POINT}, POINT.encode(), {"Content-Type": "application/sparql-query"}),
    ("POST", {}, POINT.encode(), {"Content-Type": "application/sparql-query; charset=latin-1"}),
    ("POST", {}, b"", {"Content-Type": "application/sparql-update"}),
    # decided from a plain werkzeug request (no Flask context): the view's every branch
    ("POST", {}, urllib.parse.urlencode({"update": "x"}).encode(), {"Content-Type": FORM}),
    ("POST", {}, urllib.parse.urlencode({"query": POINT, "format": "csv"}).encode(), FORM_TYPE),
    ("POST", {"query": POINT}, urllib.parse.urlencode({"query": POINT}).encode(), FORM_TYPE),
    ("POST", {}, b"query=%ff%fe", FORM_TYPE),  # not UTF-8: no query (400)
    ("POST", {}, MULTIPART, {"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"}),
    ("POST", {}, b"\xff", {"Content-Type": SPARQL_QUERY}),  # not UTF-8: 400
    ("GET", {"query": POINT, "default-graph-uri": "https://nowhere.example/g"}, b"", {}),
    ("GET", {"query": POINT, "format": "xml"}, b"", {"Accept": "text/html"}),
    ("GET", {"query": "  "}, b"", {}),  # empty: 400
]
#: Headers the HTTP server adds of its own.
SERVER_HEADERS = {"date", "server", "connection", "keep-alive"}
#: Headers whose value depends on the process and on what was asked before (caching.py: the
#: dataset's version, hit or miss): compared by presence.
CACHE_HEADERS = {"etag", "cache-status"}


def comparable(headers: Iterable[tuple[str, str]]) -> dict[str, str]:
    found = {k.lower(): v for k, v in headers if k.lower() not in SERVER_HEADERS}
    return {k: "(present)" if k in CACHE_HEADERS else v for k, v in found.items()}


@pytest.fixture(scope="module")
def app() -> Iterator[Flask]:
    settings = {"SPARQL_MAX_ROWS": 5, "CORS_ORIGINS": [ORIGIN], "PUBLIC_URL": PUBLIC}
    application = create_app({"TESTING": True, **settings})
    yield application
    application.extensions[SPARQL_KEY].close()


@pytest.fixture(scope="module")
def server() -> Iterator[LiveServer]:
    options = ("--max-rows", "5", "--cors-origin", ORIGIN, "--public-url", PUBLIC, "--timeout", "6")
    with running_server(*options) as live:
        yield live


def over_http(server: LiveServer, method: str, path: str, body: bytes, headers: dict[str, str]):
    netloc = urllib.parse.urlsplit(server.url).netloc
    connection = http.client.HTTPConnection(netloc, timeout=20)
    try:
        connection.request(method, path, body=body or None, headers=headers)
        response = connection.getresponse()
        return response.status, comparable(response.getheaders()), response.read()
    finally:
        connection.close()


def from_flask(app: Flask, method: str, path: str, body: bytes, headers: dict[str, str]):
    with app.test_client() as client:
        response = client.open(path, method=method, data=body, headers=headers)
        return response.status_code, comparable(response.headers.items()), response.get_data()


@pytest.mark.parametrize("request_", REQUESTS, ids=lambda r: f"{r[0]} {sorted(r[3].values())}")
def test_the_server_answers_as_the_flask_view(
    server: LiveServer, app: Flask, request_: tuple[str, dict[str, str], bytes, dict[str, Any]]
) -> None:
    method, query, body, headers = request_
    path = "/sparql" + ("?" + urllib.parse.urlencode(query) if query else "")
    expected = from_flask(app, method, path, body, headers)
    for _ in range(2):  # the first request is decided, the second replays the decision
        assert over_http(server, method, path, body, headers) == expected


def test_a_slow_query_runs_in_the_idle_scheduling_class(server: LiveServer) -> None:
    # before: niced to 19, and twenty of them still weighed 300 against a web worker's 1024
    netloc = urllib.parse.urlsplit(server.url).netloc
    connection = http.client.HTTPConnection(netloc, timeout=20)
    try:
        connection.request("POST", "/sparql", SLOW_QUERY, {"Content-Type": SPARQL_QUERY})
        deadline, policies = time.monotonic() + 5, set[int]()
        while os.SCHED_IDLE not in policies and time.monotonic() < deadline:
            time.sleep(0.05)
            policies = set(scheduling_policies(server.process.pid))
        assert os.SCHED_IDLE in policies
    finally:
        connection.close()


def scheduling_policies(group: int) -> list[int]:
    """The scheduling policy of each process of a process group (Linux /proc)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            if int(fields[2]) == group:
                found.append(os.sched_getscheduler(int(entry)))
        except (OSError, ValueError):
            continue
    return found


def test_gunicorn_is_refused_while_the_body_deadline_is_on() -> None:
    # before: it started, and slow clients could hold every one of its threads (issue 12)
    serve = [sys.executable, "-m", "advocacy_kg.cli", "serve", "--server", "gunicorn"]
    done = subprocess.run(
        [*serve, "--port", str(free_port())], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1
    assert "--body-seconds 0" in done.stderr and "Traceback" not in done.stderr


def test_gunicorn_serves_when_the_body_deadline_is_turned_off() -> None:
    with running_server("--server", "gunicorn", "--body-seconds", "0", "--workers", "1") as live:
        query = urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"})
        status, _, body = over_http(live, "GET", f"/sparql?{query}", b"", {})
        assert (status, body) == (200, b'{"head":{},"boolean":true}')


def test_the_event_loop_path_answers_if_none_match_without_the_query(server: LiveServer) -> None:
    path = "/sparql?" + urllib.parse.urlencode({"query": POINT})
    status, headers, body = over_http(server, "GET", path, b"", {})
    assert status == 200 and body
    netloc = urllib.parse.urlsplit(server.url).netloc
    connection = http.client.HTTPConnection(netloc, timeout=20)
    try:
        connection.request("GET", path)
        tag = connection.getresponse()
        etag = tag.getheader("ETag")
        tag.read()
        assert etag
        connection.request("GET", path, headers={"If-None-Match": etag})
        again = connection.getresponse()
        assert (again.status, again.read()) == (304, b"")
        post = {"If-None-Match": etag, "Content-Type": SPARQL_QUERY}
        connection.request("POST", "/sparql", POINT.encode(), post)
        assert connection.getresponse().status == 412
    finally:
        connection.close()
