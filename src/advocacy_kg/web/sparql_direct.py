"""GET ``/sparql`` queries answered straight from WSGI, without Flask's per-request machinery.

Flask's contexts, URL matching, signals and response object cost about 0.15 ms per request: as
much as a point lookup itself (benchmarks/README.md, "Endpoint"). Here a GET request is decided
once by the Flask view's own code (``sparql.decide``, over a plain werkzeug request: Flask's
request context cost more than the decision), and the decision is remembered by what it
depends on (query string, Accept, Content-Type, host, scheme, script root). A repeated request
then only runs its query, with the same limits, and gets the response Flask would send, headers
included. Everything else (POST, HEAD, OPTIONS, the query page, the service description, refused
queries and protocol errors) goes to Flask. Granian's front (``native.py``) uses the same
decisions, for POST queries too, and answers them without WSGI.
"""

from __future__ import annotations

import io
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask
from werkzeug.exceptions import InternalServerError
from werkzeug.http import HTTP_STATUS_CODES
from werkzeug.wrappers import Request

from .. import negotiation
from ..negotiation import GRAPH_FORMATS, RESULT_FORMATS
from . import caching, security
from .errors import PLAIN, error_message, plain_text
from .extensions import SPARQL_KEY
from .sparql import SPARQL_UPDATE, decide, limits_link
from .sparql_outcomes import Outcome, Plan

#: Query strings longer than this are decided afresh each time (the cache stays small).
CACHED_QUERY_STRING = 8192
#: What the remembered decisions may hold in all (query strings and query texts, counted).
CACHE_BYTES = 4 * 1024 * 1024
#: What a decision depends on besides the query string and the Accept header, by WSGI name: the
#: server's own address (``sparql.own_url``), never the client's Host header.
DECISION_KEYS = ("SERVER_NAME", "SERVER_PORT", "wsgi.url_scheme", "SCRIPT_NAME")

#: Server addresses whose limits link is remembered (a server has one or two).
MAX_ADDRESSES = 16
#: Bytes counted per remembered decision besides its text (the tuple, the Plan, the dict slot).
ENTRY_OVERHEAD = 512
MISSING = object()

StartResponse = Any  # the WSGI start_response callable


def install(app: Flask) -> None:
    app.wsgi_app = DirectQueries(app, app.wsgi_app)  # type: ignore[method-assign]


class DirectQueries:
    """WSGI middleware around the Flask app: answers planned GET queries itself."""

    def __init__(self, app: Flask, flask_wsgi: Any) -> None:
        self.app = app
        self.flask_wsgi = flask_wsgi
        self.decisions = DecisionCache(CACHE_BYTES)
        self.service = app.extensions[SPARQL_KEY]
        self.links: dict[tuple[Any, ...], str] = {}  # by server address: ``limits_link``

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("REQUEST_METHOD") != "GET" or environ.get("PATH_INFO") != "/sparql":
            return self.flask_wsgi(environ, start_response)
        if len(environ.get("QUERY_STRING", "")) > CACHED_QUERY_STRING:
            return self.flask_wsgi(environ, start_response)
        plan = self.plan(decision_key(environ), lambda: environ)
        if plan is None:  # not a query to run here: Flask answers
            return self.flask_wsgi(environ, start_response)
        try:
            held = environ.get("HTTP_IF_NONE_MATCH")  # ETags: a 304 runs nothing
            outcome = caching.http_cache(self.app).answer(
                self.app.extensions[SPARQL_KEY], plan, held
            )
        except Exception:  # as errors.unexpected_error: logged here, never sent
            outcome = self.unexpected()
        headers = self.response_headers(outcome, environ.get("HTTP_ORIGIN"))
        start_response(f"{outcome.status} {HTTP_STATUS_CODES[outcome.status].upper()}", headers)
        return [outcome.body]

    def plan(
        self, key: tuple[Any, ...], environ: Callable[[], dict[str, Any]], body: bytes = b""
    ) -> Plan | None:
        """The remembered decision for ``key`` (from ``decision_key``), or else the view's
        decision for the request (its WSGI environ, made only then, and its body), remembered."""
        plan = self.decisions.get(key, MISSING)
        if plan is MISSING:
            plan = self._decide(environ(), body)
            self.decisions.put(key, plan)
        return plan if isinstance(plan, Plan) else None

    def _decide(self, environ: dict[str, Any], body: bytes) -> Plan | None:
        """The view's decision for this request when it is to run a query; None otherwise.
        Made from a plain werkzeug request, without Flask's request context (which cost more
        than the decision). The view reads only what ``decision_key`` holds, so the decision
        holds for any request with the same key."""
        request = Request({**environ, "wsgi.input": io.BytesIO(body)})
        try:
            decided = decide(request, self.service, lambda: self.limits_link(environ))
        except Exception:  # Flask answers such a request, with its error handling and log
            return None
        return decided if isinstance(decided, Plan) else None

    def limits_link(self, environ: dict[str, Any]) -> str:
        """``sparql.limits_link`` for the server address ``environ`` names, made once per
        address (a server has one or two; a client's Host header is never part of it)."""
        address = tuple(map(environ.get, DECISION_KEYS))
        link = self.links.get(address)
        if link is None:
            with self.app.request_context(environ):
                link = limits_link()
            if len(self.links) < MAX_ADDRESSES:
                self.links[address] = link
        return link

    def unexpected(self) -> Outcome:
        """As ``errors.unexpected_error``: the traceback to the log, a plain 500 to the client."""
        self.app.logger.exception("unexpected error")
        return Outcome(500, plain_text(error_message(InternalServerError())), PLAIN)

    def response_headers(self, outcome: Outcome, origin: str | None) -> list[tuple[str, str]]:
        """The headers Flask sends with ``outcome``: its own, ``sparql._vary``'s, and those of
        ``security.common_headers`` (the one definition the Flask responses get too)."""
        allowed: list[str] = self.app.extensions[security.CORS_KEY]
        vary, common = ["Accept"], []
        for name, value in security.common_headers(origin, "GET", allowed):
            if name == "Vary":
                vary.append(value)
            else:
                common.append((name, value))
        return [
            *caching.entity_headers(outcome),  # none for a 304
            *outcome.headers,
            ("Vary", ", ".join(vary)),
            *common,
        ]


def decision_key(environ: dict[str, Any], body: bytes | None = None) -> tuple[Any, ...]:
    """What ``sparql.decide`` reads of a request, normalised: the query string, what the
    Accept header chooses (not its text: a client may send a new 400 KB header each time),
    whether the body type claims an update, and the server's own address; for a POST (``body``
    given), also its body and its type, which hold the query."""
    content_type = environ.get("CONTENT_TYPE", "")
    update = content_type.split(";")[0].strip().lower() == SPARQL_UPDATE
    chosen = accept_choices(environ.get("HTTP_ACCEPT"))
    key = (environ.get("QUERY_STRING", ""), chosen, update, *map(environ.get, DECISION_KEYS))
    return key if body is None else (*key, "POST", content_type, body)


@negotiation.by_header(1024)
def accept_choices(accept: str | None) -> tuple[tuple[str | None, bool], ...]:
    """What an Accept header chooses among answers and among graphs (a format's name, and
    whether a browser's page wins), by name: the decision cache hashes it on every request."""
    choices = []
    for offers in (RESULT_FORMATS, GRAPH_FORMATS):
        chosen = negotiation.negotiate_header(accept, offers)
        name = chosen.name if chosen else None
        choices.append((name, negotiation.prefers_html(accept, offers)))
    return tuple(choices)


class DecisionCache:
    """Least recently used decisions (a Plan, or None: Flask answers), bounded by the bytes of
    the text they hold; shared by the worker's threads."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.bytes = 0
        self._entries: OrderedDict[tuple[Any, ...], tuple[Plan | None, int]] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: tuple[Any, ...], default: object = None) -> Plan | None | object:
        with self._lock:
            found = self._entries.get(key)
            if found is None:
                return default
            self._entries.move_to_end(key)
            return found[0]

    def put(self, key: tuple[Any, ...], plan: Plan | None) -> None:
        held = _text_bytes(plan.checked.text, plan.link) if plan else 0
        size = _text_bytes(*key) + held + ENTRY_OVERHEAD
        with self._lock:
            if size > self.max_bytes or key in self._entries:
                return
            self._entries[key] = (plan, size)
            self.bytes += size
            while self.bytes > self.max_bytes:
                _, (_, dropped) = self._entries.popitem(last=False)
                self.bytes -= dropped


def _text_bytes(*values: object) -> int:
    return sum(len(v) for v in values if isinstance(v, str | bytes))
