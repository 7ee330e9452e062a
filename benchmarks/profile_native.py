"""Where a point lookup's time goes on the event-loop path (``web/native.py``), in process: run
on demand, never by the tests.

    .venv/bin/python benchmarks/profile_native.py                 # µs per request, both cases
    .venv/bin/python benchmarks/profile_native.py --profile 25    # and cProfile's top 25

Drives ``NativeQueries.answer`` with RSGI-like scope and protocol objects on the curated graph,
one request at a time, for (a) **repeated**: the same point lookup every time, answered by the
result cache, and (b) **distinct**: every request's text new (its variables renamed), so each
is decided, checked and run in a query process. What it prints is wall time per request on one
core (the query process's share included for (b)); compare figures of the same run only.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import functools
import io
import os
import pickle
import pstats
import time
import urllib.parse
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from advocacy_kg.web import SPARQL_KEY, STORE_KEY, create_app
from advocacy_kg.web.gateway import environ_of
from advocacy_kg.web.native import NativeQueries, request_values
from advocacy_kg.web.sparql_direct import decision_key

ACCEPT = "application/sparql-results+json"


class Headers(dict[str, str]):
    """RSGI's headers: ``get`` and ``items`` over lower-case names."""


@dataclass
class Scope:
    query_string: str
    method: str = "GET"
    path: str = "/sparql"
    scheme: str = "http"
    server: str = "127.0.0.1:8000"
    client: str = "127.0.0.1:50000"
    http_version: str = "1.1"
    authority: str | None = None
    proto: str = "http"
    headers: Headers = field(default_factory=lambda: Headers({"accept": ACCEPT}))


class Proto:
    """Keeps the last response, as Granian would write it."""

    status = 0

    def response_bytes(self, status: int, headers: list[tuple[str, str]], body: bytes) -> None:
        self.status, self.headers, self.body = status, headers, body


def subjects(app: Any, count: int) -> list[str]:
    store = app.extensions[STORE_KEY]
    found = store.query("SELECT DISTINCT ?s { GRAPH ?g { ?s ?p ?o } FILTER(isIRI(?s)) }")
    return sorted(r["s"].value for r in found)[:count]


def scopes(iris: list[str], requests: int, distinct: bool, salt: str = "") -> list[Scope]:
    out = []
    for n in range(requests):
        iri = iris[n % len(iris)] if distinct else iris[0]
        var = f"{salt}v{n}" if distinct else ""
        query = f"SELECT ?p{var} ?o{var} WHERE {{ <{iri}> ?p{var} ?o{var} }}"
        out.append(Scope(urllib.parse.urlencode({"query": query})))
    return out


async def drive(native: NativeQueries, requests: list[Scope]) -> tuple[float, float]:
    """µs per request, wall and this process's CPU (not the query process's), answering
    ``requests`` one after the other."""
    proto = Proto()
    started, cpu = time.perf_counter(), time.process_time()
    for scope in requests:
        answered = await native.answer(scope, b"", proto, functools.partial(environ_of, scope, b""))
        assert answered and proto.status == 200, (answered, proto.status)
    cpu = time.process_time() - cpu
    return (time.perf_counter() - started) / len(requests) * 1e6, cpu / len(requests) * 1e6


def timed(label: str, work: Any, repeat: int) -> None:
    started = time.perf_counter()
    for _ in range(repeat):
        work()
    print(f"  {label}: {(time.perf_counter() - started) / repeat * 1e6:.1f} µs")


def parts(app: Any, iri: str, repeat: int) -> None:
    """The query process's round trip for one point lookup, in parts, each timed here."""
    from advocacy_kg.negotiation import RESULTS_JSON
    from advocacy_kg.sparql import execution

    service, store = app.extensions[SPARQL_KEY], app.extensions[STORE_KEY]
    checked = service.check(f"SELECT ?p ?o WHERE {{ <{iri}> ?p ?o }}")
    job = service.job(checked, RESULTS_JSON, truncated_link="http://x/sparql#limits")
    data = pickle.dumps(execution.as_message(job), 5)
    answer = execution.answer(store, job)
    reply = execution.as_message(answer)
    print(f"parts of a point lookup ({len(answer.body)} bytes of JSON):")
    timed("job to message, pickled", lambda: pickle.dumps(execution.as_message(job), 5), repeat)
    timed("message unpickled", lambda: execution.Job(*pickle.loads(data)), repeat)
    timed("query run, our JSON writer", lambda: execution.answer(store, job), repeat)
    timed(
        "query run, pyoxigraph's JSON writer",
        lambda: store.query(job.query).serialize(format=ox.QueryResultsFormat.JSON),
        repeat,
    )
    timed("query run, rows only", lambda: list(store.query(job.query)), repeat)
    timed("answer pickled and unpickled", lambda: pickle.loads(pickle.dumps(reply, 5)), repeat)
    timed("whole round trip (executor.run)", lambda: service.executor.run(job), repeat)
    loop = asyncio.new_event_loop()
    run_async = service.executor.run_async
    timed("whole round trip (run_async)", lambda: loop.run_until_complete(run_async(job)), repeat)
    loop.close()
    native = NativeQueries.of(app)
    assert native is not None
    new = iter(scopes([iri], repeat * 4, distinct=True, salt=f"p{os.getpid()}"))

    def decide_new() -> None:
        scope = next(new)
        key = decision_key(request_values(scope))
        assert native.direct.plan(key, functools.partial(environ_of, scope, b"")) is not None

    timed("decision of a new text (sparql_direct.plan)", decide_new, repeat)
    texts = iter(scopes([iri], repeat, distinct=True, salt=f"c{os.getpid()}"))
    timed(
        "  of which the safety check",
        lambda: service.check(urllib.parse.parse_qs(next(texts).query_string)["query"][0]),
        repeat,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--profile", type=int, default=0, help="print cProfile's top N")
    parser.add_argument("--sort", default="tottime", help="cProfile's order (tottime, cumtime)")
    parser.add_argument("--parts", action="store_true", help="time the round trip's parts")
    args = parser.parse_args()
    app = create_app()
    native = NativeQueries.of(app)
    assert native is not None, "needs the direct path and query processes"
    iris = subjects(app, 1000)
    loop = asyncio.new_event_loop()
    try:
        loop.run_until_complete(drive(native, scopes(iris, 50, distinct=False)))  # warm up
        if args.parts:
            parts(app, iris[0], args.requests)
        for case in ("repeated", "distinct"):
            salt = f"r{os.getpid()}"  # new texts each run: a run's variables are its own
            requests = scopes(iris, args.requests, case == "distinct", salt)
            # CPU time, not wall: waiting for the query process is not this process's work
            profiler = cProfile.Profile(time.process_time) if args.profile else None
            if profiler:
                profiler.enable()
            us, cpu = loop.run_until_complete(drive(native, requests))
            if profiler:
                profiler.disable()
            load = os.getloadavg()[0]
            print(
                f"{case}: {us:.1f} µs/request, {cpu:.1f} µs of this process's CPU "
                f"({args.requests} requests; load {load:.2f})"
            )
            if profiler:
                out = io.StringIO()
                stats = pstats.Stats(profiler, stream=out).sort_stats(
                    os.environ.get("PROFILE_SORT", "tottime")
                )
                stats.print_stats(args.profile)
                print(out.getvalue())
    finally:
        loop.close()
        app.extensions[SPARQL_KEY].close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
