"""Hostile and careless clients against ``advocacy-kg serve`` (issue 12, the server's items).

Every case talks to the real server (Granian, worker and query processes) on a loopback port.
Time-bound cases are bounded here by client time-outs: a server that hangs fails the test by
timing out, never by a fixed sleep. Request files are in ``tests/hostile/server/``.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from server_support import LiveServer, running_server

from advocacy_kg import __version__, negotiation
from advocacy_kg.sparql.execution import enforce_total, private_memory
from advocacy_kg.web.gateway import FIRST_CHUNKS

CORPUS = Path(__file__).parent / "hostile" / "server"
#: Runs until the time limit: a cross product of the graph with itself, twice.
SLOW_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
QUICK_QUERY = "ASK { ?s ?p ?o }"
PAGE = "/id/organisation/open-rights-group"
SPARQL_QUERY = "application/sparql-query"


@pytest.fixture(scope="module")
def server() -> Iterator[LiveServer]:
    with running_server("--body-seconds", "2", "--timeout", "8") as live:
        yield live


def connect(server: LiveServer, timeout: float = 10) -> http.client.HTTPConnection:
    return http.client.HTTPConnection(urllib.parse.urlsplit(server.url).netloc, timeout=timeout)


def get(server: LiveServer, path: str, timeout: float = 10, **headers: str) -> tuple[int, bytes]:
    connection = connect(server, timeout)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def post_query(
    server: LiveServer, body: bytes, content_type: str, timeout: float = 10
) -> tuple[int, dict[str, str], bytes]:
    """Status, headers and body of a POST to the endpoint."""
    connection = connect(server, timeout)
    try:
        connection.request("POST", "/sparql", body=body, headers={"Content-Type": content_type})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


@contextlib.contextmanager
def slow_bodies(server: LiveServer, count: int) -> Iterator[list[socket.socket]]:
    """``count`` clients that announced a 100-byte query and sent one byte of it."""
    port = urllib.parse.urlsplit(server.url).port
    sockets = []
    try:
        for _ in range(count):
            client = socket.create_connection(("127.0.0.1", port), timeout=10)
            client.sendall(
                b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                b"Content-Type: application/sparql-query\r\nContent-Length: 100\r\n\r\nA"
            )
            sockets.append(client)
        yield sockets
    finally:
        for client in sockets:
            client.close()


@contextlib.contextmanager
def slow_queries(server: LiveServer, count: int) -> Iterator[None]:
    """``count`` slow queries sent (each on its own connection) and running until the block
    ends; their answers (503 at the time limit) are read and dropped in the background."""
    connections = []
    for _ in range(count):
        connection = connect(server, timeout=30)
        connection.request(
            "POST",
            "/sparql",
            body=SLOW_QUERY.encode(),
            headers={"Content-Type": "application/sparql-query"},
        )
        connections.append(connection)

    def drain(connection: http.client.HTTPConnection) -> None:
        with contextlib.suppress(OSError, http.client.HTTPException):
            connection.getresponse().read()

    threads = [threading.Thread(target=drain, args=(c,), daemon=True) for c in connections]
    for thread in threads:
        thread.start()
    try:
        yield
    finally:
        for connection in connections:
            connection.close()


def test_clients_sending_a_body_byte_by_byte_do_not_hold_the_server(server: LiveServer) -> None:
    # before: 16 such clients took the 2 x 8 request threads, and nothing else was answered
    with slow_bodies(server, 40):
        started = time.monotonic()
        assert get(server, PAGE, timeout=5)[0] == 200
        quick = "/sparql?query=" + urllib.parse.quote(QUICK_QUERY)
        assert get(server, quick, timeout=5, Accept="application/sparql-results+json")[0] == 200
        assert time.monotonic() - started < 5


def test_a_stalled_body_gets_408_after_the_body_deadline(server: LiveServer) -> None:
    with slow_bodies(server, 1) as (client,):
        client.settimeout(10)  # the server's deadline is 2 s: 10 s means it has none
        answer = client.recv(4096)
    assert answer.startswith(b"HTTP/1.1 408")
    assert b"did not arrive within 2 s" in answer


def test_pages_and_quick_queries_are_answered_while_twenty_slow_queries_run(
    server: LiveServer,
) -> None:
    # before: 20 slow queries took every request thread and a page waited 9.6 s
    with slow_queries(server, 20):
        for _ in range(3):
            assert get(server, PAGE, timeout=3)[0] == 200
            status, _, body = post_query(server, QUICK_QUERY.encode(), SPARQL_QUERY, 3)
            assert (status, body) == (200, b'{"head":{},"boolean":true}')


def test_queries_over_the_workers_query_threads_get_503_with_retry_after() -> None:
    options = ("--workers", "1", "--query-threads", "2", "--timeout", "8")
    with running_server(*options) as live, slow_queries(live, 2):
        deadline = time.monotonic() + 10
        status, headers, body = 200, dict[str, str](), b""
        while status == 200 and time.monotonic() < deadline:  # until both are admitted
            status, headers, body = post_query(live, QUICK_QUERY.encode(), SPARQL_QUERY, 5)
        assert status == 503
        assert int(headers["retry-after"]) > 0
        assert b"query slots of this worker are taken" in body
        assert get(live, PAGE, timeout=3)[0] == 200  # pages have their own threads


def test_a_download_larger_than_one_write_is_streamed_whole(server: LiveServer, app: Flask) -> None:
    path = f"/download/advocacy-kg-{__version__}.nq"
    expected = app.test_client().get(path).data
    assert len(expected) > FIRST_CHUNKS  # sent as a stream
    status, body = get(server, path)
    assert (status, body) == (200, expected)


def test_a_chunked_body_over_the_limit_gets_413(server: LiveServer) -> None:
    # before: cut at 1 MiB without a word and answered 200
    connection = connect(server)
    body = iter([b"ASK {} #" + b"x" * 65536] * 20)  # 1.25 MiB in chunks, no Content-Length
    connection.request(
        "POST",
        "/sparql",
        body=body,
        headers={"Content-Type": "application/sparql-query"},
        encode_chunked=True,
    )
    response = connection.getresponse()
    assert response.status == 413
    assert b"larger than 1048576 bytes" in response.read()
    connection.close()


def test_a_chunked_body_under_the_limit_is_answered(server: LiveServer) -> None:
    connection = connect(server)
    connection.request(
        "POST",
        "/sparql",
        body=iter([b"ASK ", b"{ ?s ?p ?o }"]),
        headers={"Content-Type": "application/sparql-query"},
        encode_chunked=True,
    )
    assert connection.getresponse().status == 200
    connection.close()


@pytest.mark.parametrize(
    ("charset", "body"),
    [("punycode", QUICK_QUERY.encode()), ("utf-16", (CORPUS / "ask-utf16.rq").read_bytes())],
)
def test_a_body_in_another_charset_than_utf8_gets_415(
    server: LiveServer, charset: str, body: bytes
) -> None:
    # before: punycode gave 500 and a traceback; UTF-16 was read and answered
    status, _, answer = post_query(server, body, f"{SPARQL_QUERY}; charset={charset}")
    assert status == 415
    assert f"charset '{charset}': send UTF-8".encode() in answer
    form = f"application/x-www-form-urlencoded; charset={charset}"
    assert post_query(server, b"query=ASK%7B%7D", form)[0] == 415


def test_a_utf8_body_labelled_utf8_is_answered(server: LiveServer) -> None:
    assert post_query(server, QUICK_QUERY.encode(), f"{SPARQL_QUERY}; charset=UTF-8")[0] == 200


@pytest.mark.parametrize("path", (CORPUS / "entity-paths.txt").read_text().split())
def test_entity_paths_that_are_no_iri_get_404(server: LiveServer, path: str) -> None:
    status, body = get(server, path, Accept="text/html")
    assert status == 404
    assert b"is not a valid IRI path" in body


def test_entity_paths_that_are_no_iri_log_nothing(
    app: Flask, caplog: pytest.LogCaptureFixture
) -> None:
    client = app.test_client()
    for path in (CORPUS / "entity-paths.txt").read_text().split():
        assert client.get(path).status_code == 404
    assert not [r for r in caplog.records if r.levelname in ("ERROR", "CRITICAL")]


def test_the_host_header_is_not_echoed_into_the_service_description(server: LiveServer) -> None:
    status, body = get(server, "/sparql", Accept="text/turtle", Host="evil.example")
    assert status == 200
    assert b"evil" not in body
    assert f"<{server.sparql}>".encode() in body  # the address the server is bound to


def test_the_service_description_uses_the_configured_public_url() -> None:
    public = "https://kg.example.org/base"
    with running_server("--public-url", public, "--workers", "1") as live:
        status, body = get(live, "/sparql", Accept="application/n-triples", Host="evil.example")
    assert status == 200
    assert f"<{public}/sparql>".encode() in body
    assert f"<{public}/.well-known/void>".encode() in body
    assert b"evil" not in body


def test_distinct_huge_accept_headers_leave_the_decision_caches_small(app: Flask) -> None:
    # before: the GET decisions were remembered by the raw Accept and Host values, 2048 of them;
    # 1,500 requests with distinct 400 KB headers grew a worker from 90 to 670 MB
    client = app.test_client()
    decisions = app.wsgi_app.decisions  # type: ignore[attr-defined]
    before = negotiation.negotiate_header.cache_info().currsize
    path = "/sparql?query=" + urllib.parse.quote(QUICK_QUERY)
    for n in range(60):
        accept = f"application/sparql-results+json, text/x-{n};q=0.1, " + "a/b;q=0.01, " * 8000
        response = client.get(path, headers={"Accept": accept, "Host": f"h{n}.example"})
        assert response.status_code == 200
    assert len(decisions) == 1  # one decision: same query, same chosen format, same server
    assert decisions.bytes < 4096
    assert negotiation.negotiate_header.cache_info().currsize == before


def test_the_decision_cache_is_bounded_by_bytes() -> None:
    from advocacy_kg.web.sparql_direct import DecisionCache

    cache = DecisionCache(max_bytes=10_000)
    for n in range(1000):
        cache.put((f"query={n}" + "x" * 500, (), False), None)
    assert 0 < cache.bytes <= 10_000
    assert len(cache) < 20
    assert cache.get(("query=999" + "x" * 500, (), False), "missing") is None  # newest kept
    assert cache.get(("query=0" + "x" * 500, (), False), "missing") == "missing"


def test_query_processes_over_the_total_memory_budget_are_stopped() -> None:
    # a child holding 64 MB of its own, against a total budget of 16 MB for all of them
    hold = "import time; b = bytearray(64 << 20); print(1, flush=True); time.sleep(30)"
    with subprocess.Popen([sys.executable, "-c", hold], stdout=subprocess.PIPE) as child:  # noqa: S603
        try:
            assert child.stdout is not None and child.stdout.readline() == b"1\n"
            size = private_memory(child.pid)
            assert size is not None and size > 64 << 20
            children = {child.pid}
            enforce_total(children, 16 << 20)
            assert child.wait(timeout=10) == -signal.SIGKILL
            enforce_total(children, 16 << 20)
            assert children == set()  # the ended process is forgotten
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.kill(child.pid, signal.SIGKILL)


def test_a_query_over_the_total_memory_budget_is_stopped_by_the_server() -> None:
    memory_hungry = "SELECT ?a ?c ?f WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f"
    settings = {"ADVOCACY_KG_SPARQL_TOTAL_MEMORY_MB": "200"}
    options = ("--workers", "1", "--memory-mb", "2048", "--timeout", "30")
    with running_server(*options, env=settings) as live:
        status, _, body = post_query(live, memory_hungry.encode(), SPARQL_QUERY, 15)
        assert status == 500
        assert b"than the 200 MB all queries share" in body
        assert get(live, PAGE)[0] == 200


def test_a_query_when_the_query_processes_are_gone_is_a_clean_failure() -> None:
    # before: BrokenPipeError (a traceback in the log) when a server stopping lost its zygote
    from advocacy_kg.sparql.execution import Job, Zygote
    from advocacy_kg.sparql.pool import ProcessExecutor, QueryProcessDied
    from advocacy_kg.store.oxigraph import OxigraphStore

    store = OxigraphStore.in_memory()
    executor = ProcessExecutor(Zygote(lambda: store, 256 << 20))
    try:
        job = Job("ASK {}", "json", timeout=10)
        assert executor.run(job).body  # a query process, now idle
        (_, idle_pid), zygote_pid = executor._idle[0], executor.zygote.pid
        for pid in (idle_pid, zygote_pid):
            os.kill(pid, signal.SIGKILL)
        os.waitpid(zygote_pid, 0)
        with pytest.raises(QueryProcessDied):
            executor.run(job)
    finally:
        executor.close()


def test_query_processes_that_end_are_reaped_into_the_zygotes_cpu_account() -> None:
    # before: SIGCHLD ignored, the kernel reaped them and their CPU time was counted nowhere
    # (the benchmarks' server CPU per request came out wrong, even negative)
    from advocacy_kg.sparql.execution import Job, Zygote, as_message, receive, send
    from advocacy_kg.store.oxigraph import OxigraphStore

    values = " ".join(str(n) for n in range(150))
    burn = f"SELECT (COUNT(*) AS ?n) {{ VALUES ?a {{ {values} }} VALUES ?b {{ {values} }} "
    burn += f"VALUES ?c {{ {values} }} }}"
    zygote = Zygote(OxigraphStore.in_memory, 256 << 20)
    zygote.start()
    try:
        channel, pid = zygote.spawn()
        with channel:
            send(channel, as_message(Job(burn, "json", timeout=30)))
            assert b"3375000" in receive(channel)[0]
        deadline = time.monotonic() + 10  # its channel closed: the query process ends
        while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not Path(f"/proc/{pid}").exists()  # ended and reaped: no zombie left
        stat = Path(f"/proc/{zygote.pid}/stat").read_text().rsplit(")", 1)[1].split()
        assert sum(int(f) for f in stat[13:15]) > 0  # cutime + cstime: the child's CPU
    finally:
        zygote.stop()


def burning_query(values: int) -> str:
    """A query that only burns CPU (values³ rows counted), on any store."""
    listed = " ".join(str(n) for n in range(values))
    blocks = " ".join(f"VALUES ?{v} {{ {listed} }}" for v in "abc")
    return f"SELECT (COUNT(*) AS ?n) {{ {blocks} }}"


def query_process_states(zygote: int) -> list[str]:
    """The state letter (R, S, T…) of each query process of a zygote (Linux /proc)."""
    states = []
    for entry in os.listdir("/proc"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == zygote:
                states.append(fields[0])
    return states


def test_slow_queries_beyond_the_cpus_wait_stopped_and_are_answered_in_turn() -> None:
    # before: every slow query ran at once (eight aggregates on two cores cost ~15% more CPU
    # each, and all finished together: at 10M, past the time limit)
    from advocacy_kg.sparql.execution import Answer, Job, Zygote
    from advocacy_kg.sparql.pool import ProcessExecutor
    from advocacy_kg.store.oxigraph import OxigraphStore

    executor = ProcessExecutor(Zygote(OxigraphStore.in_memory, 1 << 30, slow_at_once=1))
    executor.start()  # here: a zygote dies with the thread that forked it
    job, answers = Job(burning_query(250), "json", timeout=60), list[Answer]()
    threads = [threading.Thread(target=lambda: answers.append(executor.run(job))) for _ in "ab"]
    try:
        for thread in threads:
            thread.start()
        deadline, seen = time.monotonic() + 10, list[str]()
        while time.monotonic() < deadline and sorted(seen) != ["R", "T"]:
            seen = [s for s in query_process_states(executor.zygote.pid) if s in "RT"]
            time.sleep(0.02)
        assert sorted(seen) == ["R", "T"]  # one runs, the other waits stopped
        for thread in threads:
            thread.join(60)
        assert [b"15625000" in a.body for a in answers] == [True, True]
    finally:
        executor.close()


def test_a_slow_query_waiting_stopped_still_ends_at_its_time_limit() -> None:
    from advocacy_kg.sparql.execution import Job, Zygote
    from advocacy_kg.sparql.pool import ProcessExecutor, QueryTimeout
    from advocacy_kg.store.oxigraph import OxigraphStore

    executor = ProcessExecutor(Zygote(OxigraphStore.in_memory, 1 << 30, slow_at_once=1))
    executor.start()  # here: a zygote dies with the thread that forked it
    running = threading.Thread(
        target=executor.run, args=(Job(burning_query(250), "json", timeout=60),)
    )
    try:
        running.start()
        time.sleep(0.5)  # it holds the one slot
        started = time.monotonic()
        with pytest.raises(QueryTimeout):
            executor.run(Job(burning_query(250), "json", timeout=1))
        assert time.monotonic() - started < 1 + 1.5  # the limit and the worker's grace
    finally:
        running.join(60)
        executor.close()


def test_a_slow_querys_process_gets_its_priority_back_and_answers_the_next_query() -> None:
    # before: closed after its answer (it could not leave the idle class), so that every slow
    # query paid a new process, a new store handle and a cold cache
    from advocacy_kg.sparql.execution import Job, Zygote, may_promote
    from advocacy_kg.sparql.pool import ProcessExecutor
    from advocacy_kg.store.oxigraph import OxigraphStore

    executor = ProcessExecutor(Zygote(OxigraphStore.in_memory, 1 << 30))
    executor.start()
    try:
        job = Job(burning_query(200), "json", timeout=60)
        assert b"8000000" in executor.run(job).body
        if not may_promote():  # no idle-class process is kept to answer a quick query slowly
            assert executor._idle == []
            return
        [(_, pid)] = executor._idle
        deadline = time.monotonic() + 5  # the zygote promotes it
        while os.sched_getscheduler(pid) != os.SCHED_OTHER and time.monotonic() < deadline:
            time.sleep(0.01)
        assert os.sched_getscheduler(pid) == os.SCHED_OTHER
        assert b"8000000" in executor.run(job).body
        assert [p for _, p in executor._idle] == [pid]  # the same process answered again
    finally:
        executor.close()
