"""The URLs the app writes to pages, headers and manifests, built in one place.

Paths come from ``url_for``, so an app mounted under a script root (``SCRIPT_NAME=/kg`` behind a
proxy) links under it; absolute URLs come from ``own_url``, never from the client's Host header.
Paths of IRIs under the base are ``browse/links.py``'s (``href``, ``format_href``). Templates get
``serves``, ``sparql_href`` and ``own_url`` as globals.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask import Flask, Response, current_app, request, url_for

SPARQL_ENDPOINT = "sparql.endpoint"


def install(app: Flask) -> None:
    for helper in (serves, sparql_href, own_url):
        app.add_template_global(helper)


def serves(endpoint: str) -> bool:
    """Whether an area of this app answers ``endpoint`` (the SPARQL page, the downloads…)."""
    return endpoint in current_app.view_functions


def sparql_href(query: str | None = None) -> str | None:
    """The SPARQL page, preloaded with ``query`` if given; None when the app has no endpoint."""
    if not serves(SPARQL_ENDPOINT):
        return None
    return url_for(SPARQL_ENDPOINT, query=query) if query else url_for(SPARQL_ENDPOINT)


def link_header(alternates: Iterable[tuple[str, str]]) -> str:
    """A ``Link`` header naming each (URL, media type) as an alternate form of the response."""
    return ", ".join(f'<{url}>; rel="alternate"; type="{kind}"' for url, kind in alternates)


def advertise(response: Response, alternates: Iterable[tuple[str, str]]) -> Response:
    """``response`` with its other forms in ``Link`` and ``Vary: Accept`` (it was negotiated)."""
    response.vary.add("Accept")
    response.headers["Link"] = link_header(alternates)
    return response


def own_url(path: str) -> str:
    """An absolute URL for ``path`` (from ``url_for``) that no client chose: the configured
    ``PUBLIC_URL``, else the address and port this server is bound to. Never the Host header,
    which a client writes and which would otherwise be echoed into descriptions and links."""
    public = current_app.config.get("PUBLIC_URL")
    if public:
        return str(public).rstrip("/") + path[len(request.script_root) :]
    environ = request.environ
    scheme, host = environ["wsgi.url_scheme"], environ["SERVER_NAME"]
    port = str(environ.get("SERVER_PORT", ""))
    if ":" in host:  # an IPv6 address
        host = f"[{host}]"
    if port and port != {"http": "80", "https": "443"}.get(scheme):
        host += f":{port}"
    return f"{scheme}://{host}{path}"
