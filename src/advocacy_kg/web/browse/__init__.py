"""The linked-data browser: every IRI under the base dereferences, every entity has a page.

The route table below is the whole URL surface of this area, read top to bottom. Data comes
from the app's store through SPARQL only (``store.query``), so any backend works.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, current_app, request

from ...rdfterms import curie, display_name, is_web_link
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

#: Site navigation: (label, path); a path another area serves is shown only when registered.
NAVIGATION = (
    ("Home", "/"),
    ("Search", "/search"),
    ("Timeline", "/timeline"),
    ("Network", "/network"),
    ("Ontology", "/def/"),
    ("SPARQL", "/sparql"),
    ("Validation", "/validation"),
    ("Download", "/download"),
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
    blueprint.app_template_global("serves")(serves)
    blueprint.app_template_filter("curie")(curie)
    blueprint.app_template_global("display_name")(display_name)
    blueprint.app_template_filter("is_web_link")(is_web_link)
    return blueprint


def serves(path: str) -> bool:
    """Whether some area of the app has a route for ``path`` (the SPARQL page, downloads…)."""
    return any(rule.rule == path for rule in current_app.url_map.iter_rules())


def site_navigation() -> list[dict[str, Any]]:
    root = request.script_root
    return [
        {"label": label, "href": root + path, "current": request.path == path}
        for label, path in NAVIGATION
        if serves(path)
    ]
