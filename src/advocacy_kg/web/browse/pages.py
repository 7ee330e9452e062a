"""Index pages: the home page (what the graph is, counts, sources, how to query and download)
and the validation report of the whole graph (HTML, or JSON with ``?format=json``)."""

from __future__ import annotations

import json
from dataclasses import asdict

from flask import Response, render_template, request, url_for

from ... import catalogue, queries
from ...describe import summarise
from ...validation import SEVERITIES
from ..urls import advertise, link_header, serves
from . import state


def home() -> Response:
    body = render_template(
        "browse/home.html",
        totals=state.cached("totals", catalogue.totals),
        counts=state.cached("class-counts", catalogue.class_counts),
        sources=state.cached("sources", catalogue.sources),
        schemes=state.cached("schemes", catalogue.concept_schemes),
        example_queries=queries.example_queries(),
    )
    response = Response(body, mimetype="text/html")
    if serves("publish.void"):
        # the dataset's own description (VoID/DCAT) is the machine-readable home page
        response.headers["Link"] = link_header([(url_for("publish.void"), "text/turtle")])
    return response


def validation() -> Response:
    report = state.validation_report(wait=True)
    assert report is not None  # waited for
    wants_json = request.args.get("format") == "json" or (
        request.accept_mimetypes.best_match(["text/html", "application/json"]) == "application/json"
    )
    if isinstance(report, state.ValidationUnavailable):
        if wants_json:
            response = Response(json.dumps({"error": str(report)}), mimetype="application/json")
        else:
            body = render_template("browse/validation.html", report=None, problem=str(report))
            response = Response(body, mimetype="text/html")
        response.status_code = 503
        return _alternates(response)
    if wants_json:
        data = {
            "conforms": report.conforms(),
            "engine": report.engine,
            "findings": [asdict(f) for f in report.findings],
        }
        return _alternates(Response(json.dumps(data), mimetype="application/json"))
    by_severity = {s: [f for f in report.findings if f.severity == s] for s in SEVERITIES}
    focus = {f.focus for f in report.findings if f.focus.startswith(("http://", "https://"))}
    names = summarise(state.store(), focus, with_types=False).labels
    body = render_template(
        "browse/validation.html", report=report, by_severity=by_severity, names=names, problem=None
    )
    return _alternates(Response(body, mimetype="text/html"))


def _alternates(response: Response) -> Response:
    html, data = url_for("browse.validation"), url_for("browse.validation", format="json")
    return advertise(response, [(html, "text/html"), (data, "application/json")])
