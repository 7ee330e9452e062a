"""``/search?q=…``: ranked results with type filters, as HTML or JSON (by Accept or
``format=json``)."""

from __future__ import annotations

import json

from flask import Response, render_template, request, url_for

from ...search import Result
from ...search import search as run_search
from ..urls import advertise
from . import state

RESULTS_PER_PAGE = 50


def search() -> Response:
    query = request.args.get("q", "")
    types = [t for t in request.args.getlist("type") if t]
    found = run_search(state.store(), query, types, limit=RESULTS_PER_PAGE)
    wants_json = request.args.get("format") == "json" or (
        request.accept_mimetypes.best_match(["text/html", "application/json"]) == "application/json"
        and request.args.get("format") != "html"
    )
    if wants_json:
        response = Response(
            json.dumps(found.as_json(), ensure_ascii=False), mimetype="application/json"
        )
    else:
        body = render_template(
            "browse/search.html", found=found, search_query=query, chosen_types=types
        )
        response = Response(body, mimetype="text/html")
    json_url = url_for("browse.search", q=query, type=types, format="json")
    html_url = url_for("browse.search", q=query, type=types, format="html")
    return advertise(response, [(html_url, "text/html"), (json_url, "application/json")])


def similar(words: str, limit: int = 8) -> list[Result]:
    """The best-ranked results for ``words``: suggestions on the 404 page."""
    return run_search(state.store(), words, limit=limit).results
