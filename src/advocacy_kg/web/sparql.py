"""``/sparql``: the SPARQL 1.1 Protocol for queries, the service description, and the query page.

One view, read top to bottom: read the protocol request (GET, POST form, POST
``application/sparql-query``), check the query (``sparql.safety``), choose the format (``decide``),
run it in a query process with the limits (``execute``), answer. Without a query: the query page
for a browser, the service description for an RDF client. A repeated GET query skips Flask and
replays the view's decision (``sparql_direct.py``), with the same response.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from flask import Blueprint, Response, current_app, render_template, request, url_for
from werkzeug.wrappers import Request as WerkzeugRequest

from .. import negotiation
from ..namespaces import PREFIXES
from ..negotiation import GRAPH_FORMATS, HTML, RESULT_FORMATS, Format
from ..queries import example_queries
from ..sparql import QueryRefused, SparqlService
from ..sparql.description import serialize_description, service_description
from .caching import http_cache
from .errors import plain
from .extensions import SPARQL_KEY
from .sparql_outcomes import Plan, ProtocolRequest
from .urls import own_url

FORM = "application/x-www-form-urlencoded"
SPARQL_QUERY = "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"
#: The only charset a request body may have: the protocol says UTF-8 (and ASCII is a subset).
UTF_8 = ("utf-8", "utf8", "us-ascii")
#: The SPARQL page runs YASGUI, which sets styles inline and draws icons as data: images.
PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)


class ProtocolError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


def create_blueprint() -> Blueprint:
    blueprint = Blueprint("sparql", __name__)
    blueprint.add_url_rule("/sparql", "endpoint", endpoint, methods=["GET", "POST", "OPTIONS"])
    return blueprint


def service() -> SparqlService:
    found: SparqlService = current_app.extensions[SPARQL_KEY]
    return found


def endpoint() -> Response:
    if request.method == "OPTIONS":  # CORS preflight; the headers come from security.py
        return Response(status=204, headers={"Allow": "GET, POST, OPTIONS"})
    decided = decide(request, service(), limits_link)
    if not isinstance(decided, Plan):
        return _vary(decided())
    if_none_match = request.headers.get("If-None-Match")
    outcome = http_cache().answer(service(), decided, if_none_match, request.method)
    response = Response(outcome.body, outcome.status, content_type=outcome.content_type)
    response.headers.extend(outcome.headers)
    return _vary(response)


def decide(
    request: WerkzeugRequest, sparql: SparqlService, link: Callable[[], str]
) -> Plan | Callable[[], Response]:
    """What a protocol request asks for: a query to run, or what makes the response to send
    instead (called in the view). Reads only ``request`` (Flask's, or a plain werkzeug one made
    by the direct paths, which need no app context to decide), ``sparql``'s check, and ``link``
    (where a capped answer points, ``limits_link``)."""
    try:
        protocol = read_request(request)
    except ProtocolError as error:
        return functools.partial(plain, error.status, error.message)
    accept = request.headers.get("Accept")
    fmt_param = request.values.get("format")
    if protocol.query is None:
        return functools.partial(without_query, accept, fmt_param)
    try:
        checked = sparql.check(protocol.query, protocol.default_graphs, protocol.named_graphs)
    except QueryRefused as refused:
        return functools.partial(plain, refused.status, refused.message)
    offers = GRAPH_FORMATS if checked.gives_graph else RESULT_FORMATS
    reads = request.method in ("GET", "HEAD")
    if reads and not fmt_param and negotiation.prefers_html(accept, offers):
        return functools.partial(query_page, protocol.query)  # a browser following a link
    fmt = negotiation.negotiate_header(accept, offers, fmt_param)
    if fmt is None:
        return functools.partial(not_acceptable, offers)
    return Plan(checked, fmt, protocol, link())


def limits_link() -> str:
    """Where a capped answer points: the limits on the query page (needs a request context)."""
    return own_url(url_for("sparql.endpoint")) + "#limits"


def read_request(request: WerkzeugRequest) -> ProtocolRequest:
    """The query and dataset of a protocol request; ProtocolError for what the protocol forbids."""
    if "update" in request.values or request.mimetype == SPARQL_UPDATE:
        raise ProtocolError(403, "this endpoint is read-only: SPARQL Update is not accepted")
    charset = request.mimetype_params.get("charset", "utf-8").lower()
    if request.method == "POST" and charset not in UTF_8:  # SPARQL 1.1 Protocol §2.1.2–2.1.3
        raise ProtocolError(415, f"cannot read a body in charset {charset[:40]!r}: send UTF-8")
    if request.method in ("GET", "HEAD"):
        queries, graphs = request.args.getlist("query"), request.args
    elif request.mimetype == FORM:
        queries, graphs = request.form.getlist("query"), request.values
        if "query" in request.args:
            raise ProtocolError(400, "query given both in the URL and in the body")
    elif request.mimetype == SPARQL_QUERY:
        if "query" in request.args:
            raise ProtocolError(400, "query given both in the URL and in the body")
        try:
            queries = [request.get_data(cache=False).decode("utf-8")]
        except UnicodeDecodeError:
            raise ProtocolError(400, "the query is not valid UTF-8") from None
        graphs = request.args
    else:
        raise ProtocolError(
            415,
            f"cannot read a POST body of type {request.mimetype or '(none)'}: "
            f"send {FORM} (query=…) or {SPARQL_QUERY}",
        )
    if len(queries) > 1:
        raise ProtocolError(400, "the query parameter is given more than once")
    query = queries[0] if queries else None
    if query is not None and not query.strip():
        raise ProtocolError(400, "the query is empty")
    if query is None and request.method == "POST":
        raise ProtocolError(400, "missing query: send query=… (SPARQL 1.1 Protocol)")
    return ProtocolRequest(
        query, graphs.getlist("default-graph-uri"), graphs.getlist("named-graph-uri")
    )


def without_query(accept: str | None, fmt_param: str | None) -> Response:
    """No query: the page for a browser, the service description for an RDF client."""
    if not fmt_param and negotiation.prefers_html(accept, GRAPH_FORMATS):
        return query_page("")
    chosen = negotiation.negotiate_header(accept, GRAPH_FORMATS, fmt_param)
    if chosen is None:
        return plain(
            400,
            "missing query: send query=… (SPARQL 1.1 Protocol); or ask for RDF "
            f"({negotiation.offered(GRAPH_FORMATS)}) to get the service description",
        )
    endpoint_url = own_url(url_for("sparql.endpoint"))
    void_url = own_url(url_for("publish.void"))
    triples = service_description(endpoint_url, void_url, service().local_graphs, limits_note())
    return Response(serialize_description(triples, chosen), content_type=chosen.content_type)


def not_acceptable(offers: tuple[Format, ...]) -> Response:
    return plain(
        406,
        f"cannot answer in any format the Accept header allows; this query's "
        f"answer is available as: {negotiation.offered(offers)} "
        f"(or ?format={'|'.join(f.name for f in offers)})",
    )


def query_page(query: str) -> Response:
    settings = service().settings
    config = {
        "endpoint": url_for("sparql.endpoint"),
        "prefixes": PREFIXES,
        "query": query,
        "examples": [
            {"name": q.name, "title": q.title, "description": q.description, "query": q.text}
            for q in example_queries()
        ],
    }
    page = render_template(
        "sparql/query.html",
        config=config,
        settings=settings,
        query=query,
        answer_formats=(*RESULT_FORMATS, *GRAPH_FORMATS),
    )
    response = Response(page, content_type=HTML.content_type)
    response.headers["Content-Security-Policy"] = PAGE_CSP
    return response


def limits_note() -> str:
    s = service().settings
    return (
        f"Read-only. Limits: {s.timeout:g} s per query, {s.max_rows} rows per answer "
        f"(X-SPARQL-MaxRows when cut), {s.max_length} characters and {s.max_depth} levels of "
        "nesting per query; SERVICE, LOAD and graphs not held here are refused."
    )


def _vary(response: Response) -> Response:
    response.vary.add("Accept")
    return response
