"""GET ``/sparql`` queries answered straight from WSGI, without Flask's per-request machinery.

Flask's contexts, URL matching, signals and response object cost about 0.15 ms per request: as
much as a point lookup itself (benchmarks/README.md, "Endpoint"). Here a GET request is decided
once by the Flask view's own code (``sparql.decide``), and the decision is remembered by what it
depends on (query string, Accept, Content-Type, host, scheme, script root). A repeated request
then only runs its query, with the same limits, and gets the response Flask would send, headers
included. Everything else (POST, HEAD, OPTIONS, the query page, the service description, refused
queries and protocol errors) goes to Flask.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Iterable
from typing import Any

from flask import Flask
from werkzeug.exceptions import InternalServerError
from werkzeug.http import HTTP_STATUS_CODES

from . import security
from .errors import PLAIN, plain_text
from .sparql import SERVICE_KEY, Outcome, Plan, decide, execute

#: Query strings longer than this are decided afresh each time (the cache stays small).
CACHED_QUERY_STRING = 8192
#: What a decision depends on, besides the app's settings.
DECISION_KEYS = (
    "QUERY_STRING",
    "HTTP_ACCEPT",
    "CONTENT_TYPE",
    "HTTP_HOST",
    "SERVER_NAME",
    "SERVER_PORT",
    "wsgi.url_scheme",
    "SCRIPT_NAME",
)

StartResponse = Any  # the WSGI start_response callable


def install(app: Flask) -> None:
    app.wsgi_app = DirectQueries(app, app.wsgi_app)  # type: ignore[method-assign]


class DirectQueries:
    """WSGI middleware around the Flask app: answers planned GET queries itself."""

    def __init__(self, app: Flask, flask_wsgi: Any) -> None:
        self.app = app
        self.flask_wsgi = flask_wsgi
        self._remembered = functools.lru_cache(maxsize=2048)(self._decide)

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("REQUEST_METHOD") != "GET" or environ.get("PATH_INFO") != "/sparql":
            return self.flask_wsgi(environ, start_response)
        if len(environ.get("QUERY_STRING", "")) > CACHED_QUERY_STRING:
            return self.flask_wsgi(environ, start_response)
        plan = self._remembered(tuple(environ.get(name) for name in DECISION_KEYS))
        if plan is None:
            return self.flask_wsgi(environ, start_response)
        try:
            outcome = execute(self.app.extensions[SERVICE_KEY], plan)
        except Exception:  # as errors.unexpected_error: logged here, never sent
            self.app.logger.exception("unexpected error")
            error = InternalServerError()
            message = f"{error.code} {error.name}: {error.description}"
            outcome = Outcome(500, plain_text(message), PLAIN)
        headers = [
            ("Content-Type", outcome.content_type),
            ("Content-Length", str(len(outcome.body))),
            *outcome.headers,
            *self._security_headers(environ.get("HTTP_ORIGIN")),
        ]
        start_response(f"{outcome.status} {HTTP_STATUS_CODES[outcome.status].upper()}", headers)
        return [outcome.body]

    def _decide(self, key: tuple[Any, ...]) -> Plan | None:
        """The view's decision for a GET request with these values, when it is to run a query;
        None otherwise. The view sees only these values, so the decision holds for any request
        that has them."""
        environ = dict(zip(DECISION_KEYS, key, strict=True))
        environ = {name: value for name, value in environ.items() if value is not None}
        environ.update(REQUEST_METHOD="GET", PATH_INFO="/sparql")
        environ["wsgi.input"] = io.BytesIO()
        with self.app.request_context(environ):
            try:
                decided = decide()
            except Exception:  # Flask answers such a request, with its error handling and log
                return None
        return decided if isinstance(decided, Plan) else None

    def _security_headers(self, origin: str | None) -> list[tuple[str, str]]:
        """What ``sparql._vary`` and ``security.secure_headers`` add to a Flask response."""
        allowed: list[str] = self.app.extensions[security.CORS_KEY]
        vary = "Accept, Origin" if allowed else "Accept"
        return [
            ("Vary", vary),
            ("X-Content-Type-Options", "nosniff"),
            *security.cors_headers(origin, "GET", allowed),
        ]
