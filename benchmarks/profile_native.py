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
import pstats
import time
import urllib.parse
from dataclasses import dataclass, field
from typing import Any

from advocacy_kg.web import SPARQL_KEY, STORE_KEY, create_app
from advocacy_kg.web.gateway import environ_of
from advocacy_kg.web.native import NativeQueries

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


async def drive(native: NativeQueries, requests: list[Scope]) -> float:
    """µs per request, answering ``requests`` one after the other."""
    proto = Proto()
    started = time.perf_counter()
    for scope in requests:
        answered = await native.answer(scope, b"", proto, functools.partial(environ_of, scope, b""))
        assert answered and proto.status == 200, (answered, proto.status)
    return (time.perf_counter() - started) / len(requests) * 1e6


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--profile", type=int, default=0, help="print cProfile's top N")
    args = parser.parse_args()
    app = create_app()
    native = NativeQueries.of(app)
    assert native is not None, "needs the direct path and query processes"
    iris = subjects(app, 1000)
    loop = asyncio.new_event_loop()
    try:
        loop.run_until_complete(drive(native, scopes(iris, 50, distinct=False)))  # warm up
        for case in ("repeated", "distinct"):
            salt = f"r{os.getpid()}"  # new texts each run: a run's variables are its own
            requests = scopes(iris, args.requests, case == "distinct", salt)
            profiler = cProfile.Profile() if args.profile else None
            if profiler:
                profiler.enable()
            us = loop.run_until_complete(drive(native, requests))
            if profiler:
                profiler.disable()
            load = os.getloadavg()[0]
            print(f"{case}: {us:.1f} µs/request ({args.requests} requests; load {load:.2f})")
            if profiler:
                out = io.StringIO()
                stats = pstats.Stats(profiler, stream=out).sort_stats("tottime")
                stats.print_stats(args.profile)
                print(out.getvalue())
    finally:
        loop.close()
        app.extensions[SPARQL_KEY].close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
