"""The linked-data browser: every IRI under the base dereferences, every entity has a page.

The route table below is the whole URL surface of this area, read top to bottom. Data comes
from the app's store through SPARQL only (``store.query``), so any backend works.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, request, url_for

from ...rdfterms import curie, display_name, is_web_link
from ..urls import serves
from . import links, pages, pictures, resources, search_pages

#: (URL rule, endpoint, view); the IRI spaces of the base come last.
ROUTES: list[tuple[str, str, Callable[..., Any]]] = [
    ("/", "home", pages.home),
    ("/search", "search", search_pages.search),
    ("/timeline", "timeline", pictures.timeline),
    ("/network", "network", pictures.network),
    ("/validation", "validation", pages.validation),
    ("/def/", "ontology", resources.dereference),
    *(
        (f"/{space}/<path:rest>", f"resource_{space}", resources.dereference)
        for space in ("id", "def", "concept", "claim", "graph", "inference")
    ),
]

#: Site navigation: (label, endpoint); another area's page is shown only when it is registered.
NAVIGATION = (
    ("Home", "browse.home"),
    ("Search", "browse.search"),
    ("Timeline", "browse.timeline"),
    ("Network", "browse.network"),
    ("Ontology", "browse.ontology"),
    ("SPARQL", "sparql.endpoint"),
    ("Validation", "browse.validation"),
    ("Download", "publish.downloads"),
)


def create_blueprint() -> Blueprint:
    blueprint = Blueprint("browse", __name__)
    for rule, endpoint, view in ROUTES:
        blueprint.add_url_rule(rule, endpoint, view, methods=["GET", "HEAD"])
    blueprint.app_template_global("href")(links.href)
    blueprint.app_template_global("link")(links.link)
    blueprint.app_template_global("term")(links.term)
    blueprint.app_template_global("format_href")(links.format_href)
    blueprint.app_template_global("site_navigation")(site_navigation)
    blueprint.app_template_filter("curie")(curie)
    blueprint.app_template_global("display_name")(display_name)
    blueprint.app_template_filter("is_web_link")(is_web_link)
    return blueprint


def site_navigation() -> list[dict[str, Any]]:
    return [
        {"label": label, "href": url_for(endpoint), "current": request.endpoint == endpoint}
        for label, endpoint in NAVIGATION
        if serves(endpoint)
    ]
