"""The HTML page of a dereferenced IRI: the parts every resource page has, and the view of its
kind (``views.py``: class → template and builder); a named graph's page (a claim, an inference,
another graph) shows what the graph holds.
"""

from __future__ import annotations

from typing import Any

from flask import render_template

from ... import alignments, config, profiles
from ...describe import (
    Description,
    Fact,
    Presence,
    describe_resource,
    group_by_predicate,
    provenance,
)
from ...namespaces import OWL, SKOS
from ...rdfterms import RDF_TYPE, term_of
from ...resource_rdf import graph_quads
from ..urls import sparql_href
from . import state, views

SAME_AS = (str(OWL.sameAs), str(SKOS.exactMatch))
#: Most triples listed on the page of a named graph (all of them are in its RDF).
GRAPH_PAGE_LIMIT = 2000
#: Outgoing properties a page shows in its header rather than among the facts.
HEADER_PROPERTIES = {RDF_TYPE}


def render(iri: str, found: Presence, alternates: list[dict[str, Any]]) -> str:
    queryable = state.store()
    d = describe_resource(queryable, iri)
    facts = group_by_predicate([f for f in d.outgoing if f.predicate not in HEADER_PROPERTIES])
    findings, problem = findings_for(iri)
    same_as = [f for f in d.outgoing if f.predicate in SAME_AS]
    common: dict[str, Any] = {
        "d": d,
        "page_alternates": alternates,
        "sparql_href": query_this(iri),
        "findings": findings,
        "validation_problem": problem,
        "facts": facts,
        "incoming": group_by_predicate(d.incoming),
        "phrases": profiles.INCOMING_PHRASES,
        "same_as": same_as,
        "wikidata_links": alignments.links(queryable, iri) if same_as else [],
        "details": details(d),
    }
    if found.graph:
        return render_graph(iri, d, common)
    page = views.Page(iri, d, views.classes_of(d.types.get(iri, [])), facts)
    view = views.view_for(page.kinds)
    return render_template(view.template, **{**common, **view.build(page)})


def render_graph(iri: str, d: Description, common: dict[str, Any]) -> str:
    """A claim (its quote, source and facts) or another named graph (what it holds)."""
    quads = graph_quads(state.store(), iri)
    contents = [
        Fact(term_of(q.subject), q.predicate.value, term_of(q.object), [iri])
        for q in quads[:GRAPH_PAGE_LIMIT]
    ]
    by_subject: dict[str, list[Fact]] = {}
    for fact in contents:
        if fact.subject.value != iri or not iri.startswith(config.CLAIM):
            by_subject.setdefault(fact.subject.value, []).append(fact)
    names = {f.predicate for f in contents} | {
        t.value for f in contents for t in (f.subject, f.object) if t.is_iri
    }
    d = views.with_labels(d, names)
    origin = d.provenance.get(iri) or provenance(state.store(), {iri})[iri]
    template = "browse/claim.html" if iri.startswith(config.CLAIM) else "browse/graph.html"
    return render_template(
        template,
        by_subject=by_subject,
        total=len(quads),
        limit=GRAPH_PAGE_LIMIT,
        origin=origin,
        **{**common, "d": d},
    )


def details(d: Description) -> dict[str, dict[str, list[Fact]]]:
    """Facts of each qualifying node linked from ``d`` (a demand, an addressing…), by property."""
    linked = {f.object.value for f in d.outgoing} | {f.subject.value for f in d.incoming}
    found: dict[str, list[Fact]] = {}
    for fact in d.qualifying:
        node = fact.subject.value
        if node in linked and fact.predicate not in HEADER_PROPERTIES:
            found.setdefault(node, []).append(fact)
    return {node: group_by_predicate(facts) for node, facts in sorted(found.items())}


def query_this(iri: str) -> str | None:
    """A link to the SPARQL page preloaded with the facts about ``iri`` and their quotes."""
    query = f"""PREFIX akg: <{config.ONTOLOGY}>
SELECT ?property ?value ?claim ?quote WHERE {{
  GRAPH ?claim {{ <{iri}> ?property ?value }}
  OPTIONAL {{ GRAPH ?claim {{ ?claim akg:quote ?quote }} }}
}}"""
    return sparql_href(query)


def findings_for(iri: str) -> tuple[list[Any], str | None]:
    """The SHACL and lint results about ``iri``, or why there are none to show."""
    report = state.validation_report(wait=False)
    if report is None:
        return [], "the report of the whole graph is being made; reload in a few seconds"
    if isinstance(report, state.ValidationUnavailable):
        return [], str(report)
    return [f for f in report.findings if f.focus == iri], None
