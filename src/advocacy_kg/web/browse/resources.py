"""Dereferencing: ``<BASE>X`` is served at ``/X`` as HTML or RDF, chosen by Accept or extension.

Order of choice: an extension URL (``/id/x.ttl``) or ``?format=turtle`` (any spelling
``formats.named`` reads: ``ttl``, ``text/turtle``) names the format; else the Accept header is
matched (``negotiation``) against HTML and the RDF formats; a client that accepts none of them
gets 406 with the list. Every answer carries ``Vary: Accept`` and one
``Link: <…>; rel="alternate"`` per format.
"""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox
from flask import Response, abort, render_template, request

from ... import formats, negotiation
from ...describe import Presence, describe_resource, presence
from ...entity_jsonld import entity_json
from ...formats import HTML, JSON_LD, Format
from ...resource_rdf import OUTPUTS, description_quads, graph_quads, project_context, serialize
from . import links, replaced, resource_pages, state
from .search_pages import similar

#: What a resource is served as; with equal preference the page comes first.
OFFERS = (HTML, *OUTPUTS)


def dereference(rest: str = "") -> Response:
    iri = links.iri_of_path(request.path)
    if not holdable(iri):  # a path such as /id/a%3Eb: answered without querying (or logging)
        abort(404, description=f"no resource here: {request.path!r} is not a valid IRI path")
    queryable = state.store()
    if (redirect := replaced.moved(queryable, iri)) is not None:
        return redirect
    found = presence(queryable, iri)
    requested = request.args.get("format")
    if not found.exists:
        stem, dot, extension = iri.rpartition(".")
        if dot and formats.by_extension(extension, OUTPUTS):
            candidate = presence(queryable, stem)
            if candidate.exists:
                iri, found, requested = stem, candidate, extension
    if not found.exists:
        return not_found(iri)
    chosen = choose_output(requested)
    if chosen is None:
        return not_acceptable(iri)
    if chosen == HTML:
        body = resource_pages.render(iri, found, alternates(iri))
        response = Response(body, mimetype="text/html")
    else:
        response = rdf_response(iri, found, chosen)
    return with_headers(response, iri)


def holdable(iri: str) -> bool:
    """Whether ``iri`` could name something in a store: an IRI Oxigraph accepts and a query
    can quote (no space, control character, ``<>"{}|^`\\``)."""
    if any(c < " " or c in '<>"{}|^`\\ \x7f' for c in iri):
        return False
    try:
        ox.NamedNode(iri)
    except ValueError:
        return False
    return True


def choose_output(requested: str | None) -> Format | None:
    """The format ``?format=`` names (400 for one we do not serve), else the best for the
    Accept header (HTML when there is none: a person with a simple client); None: 406."""
    if requested:
        chosen = formats.named(requested, OFFERS)
        if chosen is None:
            abort(400, description=f"unknown format {requested!r}: use {formats.names(OFFERS)}")
        return chosen
    return negotiation.negotiate_header(request.headers.get("Accept"), OFFERS)


def rdf_response(iri: str, found: Presence, output: Format) -> Response:
    queryable = state.store()
    quads = (
        description_quads(describe_resource(queryable, iri))
        if (found.subject or found.object)
        else []
    )
    if found.graph:
        quads = list(dict.fromkeys(graph_quads(queryable, iri) + quads))
    context = state.cached("jsonld-context", project_context) if output == JSON_LD else None
    if context is not None and not found.graph:  # an entity: framed, facts as triples
        body = entity_json(iri, quads, context)
    else:
        body = serialize(quads, output, context)
    charset = "; charset=utf-8" if output.media_type.startswith("text/") else ""
    response = Response(body, content_type=output.media_type + charset)
    return response


def alternates(iri: str) -> list[dict[str, Any]]:
    return [
        {"media_type": o.media_type, "href": links.format_href(iri, o), "name": o.title}
        for o in OUTPUTS
    ]


def with_headers(response: Response, iri: str) -> Response:
    response.vary.add("Accept")
    html = links.local_path(iri) or ""
    parts = [f'<{html}>; rel="alternate"; type="text/html"']
    parts += [f'<{a["href"]}>; rel="alternate"; type="{a["media_type"]}"' for a in alternates(iri)]
    response.headers["Link"] = ", ".join(parts)
    return response


def not_acceptable(iri: str) -> Response:
    offered = negotiation.offered(OFFERS)
    response = Response(
        f"406 Not Acceptable: {iri} is available as {offered}.\n", status=406, mimetype="text/plain"
    )
    return with_headers(response, iri)


def not_found(iri: str) -> Response:
    """404 with a search box and the labels most like the last part of the IRI."""
    words = iri.rsplit("/", 1)[-1].replace("-", " ").replace("_", " ")
    body = render_template(
        "browse/not_found.html", iri=iri, suggestions=similar(words), search_query=words
    )
    response = Response(body, status=404, mimetype="text/html")
    response.vary.add("Accept")
    return response
