"""Index pages: the home page (what the graph is, counts, sources, how to query and download)
and the validation report of the whole graph."""

from __future__ import annotations

from flask import Response, render_template

from ... import catalogue, config, queries
from ...describe import summarise
from ...validation import SEVERITIES
from . import state


def home() -> Response:
    queryable = state.store()
    body = render_template(
        "browse/home.html",
        totals=state.cached("totals", catalogue.totals),
        counts=state.cached("class-counts", catalogue.class_counts),
        sources=state.cached("sources", catalogue.sources),
        schemes=state.cached("schemes", catalogue.concept_schemes),
        ontology_iri=config.ONTOLOGY,
        example_queries=queries.example_queries(),
        store=queryable,
    )
    return Response(body, mimetype="text/html")


def validation() -> Response:
    report = state.validation_report()
    if isinstance(report, state.ValidationUnavailable):
        body = render_template("browse/validation.html", report=None, problem=str(report))
        return Response(body, status=503, mimetype="text/html")
    by_severity = {s: [f for f in report.findings if f.severity == s] for s in SEVERITIES}
    focus = {f.focus for f in report.findings if f.focus.startswith(("http://", "https://"))}
    names = summarise(state.store(), focus, with_types=False).labels
    body = render_template(
        "browse/validation.html", report=report, by_severity=by_severity, names=names, problem=None
    )
    return Response(body, mimetype="text/html")
