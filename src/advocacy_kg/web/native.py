"""SPARQL queries answered in Granian's event loop, without WSGI and without a thread.

The WSGI path costs a query two thread hand-offs (event loop → pool thread → event loop) and a
WSGI environ, on top of the query process's round trip; with keep-alive clients that was most of
the difference to Oxigraph server (benchmarks/README.md, "Endpoint"). Here a GET or POST query
is decided by the Flask view's own code (``sparql.decide``, through ``sparql_direct``'s decision
cache, so both paths share one cache and one decision), its job is sent to a query process and
the answer awaited on the process's socket (``ProcessExecutor.run_async``), and the response is
written once, with the headers Flask would send. Every wall stays: the same check, time limit,
memory budgets and killable query processes; bodies were read by the gateway within its
deadline and size cap before this runs.

What is not a decided query (the page, the service description, a refused query, a protocol
error) returns ``False`` and the gateway hands it to Flask in a thread, as any page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask

from ..sparql.pool import ProcessExecutor
from . import caching
from .extensions import SPARQL_KEY
from .sparql_direct import CACHED_QUERY_STRING, DirectQueries, decision_key

#: Headers a decision depends on, or the response (Origin: CORS), as RSGI names them.
READ_HEADERS = {
    "accept": "HTTP_ACCEPT",
    "content-type": "CONTENT_TYPE",
    "origin": "HTTP_ORIGIN",
    "if-none-match": "HTTP_IF_NONE_MATCH",  # ETags (caching.py): a 304 runs nothing
}


class NativeQueries:
    """Answers decided queries for the gateway: ``await answer(...)`` is False when Flask must."""

    def __init__(self, app: Flask, direct: DirectQueries) -> None:
        self.app = app
        self.direct = direct
        self.service = app.extensions[SPARQL_KEY]

    @classmethod
    def of(cls, app: Any) -> NativeQueries | None:
        """For a Flask app with the direct path and query processes; None otherwise (a remote
        store, inline execution: their queries take a thread and go the WSGI way)."""
        direct = getattr(app, "wsgi_app", None)
        if not isinstance(app, Flask) or not isinstance(direct, DirectQueries):
            return None
        if not isinstance(app.extensions[SPARQL_KEY].executor, ProcessExecutor):
            return None
        return cls(app, direct)

    async def answer(
        self, scope: Any, body: bytes, proto: Any, environ: Callable[[], dict[str, Any]]
    ) -> bool:
        """Answer a query request whose body has been read; False: not decided here."""
        if len(scope.query_string) > CACHED_QUERY_STRING or len(body) > CACHED_QUERY_STRING:
            return False  # long ones are decided afresh each time, by Flask
        values = request_values(scope)
        key = decision_key(values, body if scope.method == "POST" else None)
        # A miss is decided here, in the loop: the check is quick and bounded by the length
        # above, and a thread hand-off would cost as much as the decision.
        plan = self.direct.plan(key, environ, body)
        if plan is None:
            return False
        try:
            held = values.get("HTTP_IF_NONE_MATCH")
            cache = caching.http_cache(self.app)
            outcome = await cache.answer_async(self.service, plan, held, scope.method)
        except Exception:  # as errors.unexpected_error: logged, never sent
            outcome = self.direct.unexpected()
        headers = self.direct.response_headers(outcome, values.get("HTTP_ORIGIN"))
        proto.response_bytes(outcome.status, headers, outcome.body)
        return True


def request_values(scope: Any) -> dict[str, Any]:
    """What ``decision_key`` and the response read of a request, by WSGI name (a header sent
    twice is joined as the WSGI environ joins it)."""
    host, _, port = scope.server.rpartition(":")
    values: dict[str, Any] = {
        "QUERY_STRING": scope.query_string,
        "SERVER_NAME": host.strip("[]"),
        "SERVER_PORT": port,
        "wsgi.url_scheme": scope.scheme,
        "SCRIPT_NAME": "",
    }
    for name, value in scope.headers.items():
        key = READ_HEADERS.get(name)
        if key is not None:
            values[key] = f"{values[key]}, {value}" if key in values else value
    return values
