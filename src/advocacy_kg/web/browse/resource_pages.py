"""The HTML page of a dereferenced IRI: one template per kind of resource.

Claims and other named graphs, ontology classes and properties, the ontology itself, concept
schemes, source documents, and every other entity (with a letter, organisation or official
view where it has one of those types).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from flask import render_template, request

from ... import alignments, catalogue, config, ontology_docs, profiles
from ...describe import (
    Description,
    Fact,
    Presence,
    describe_resource,
    group_by_predicate,
    provenance,
    summarise,
)
from ...namespaces import AKG, RDF_PROPERTY
from ...namespaces import OWL_NS as OWL
from ...namespaces import RDFS_NS as RDFS
from ...namespaces import SKOS_NS as SKOS
from ...rdfterms import RDF_TYPE, term_of
from ...resource_rdf import graph_quads
from ...source_text import claim_facts, source_text
from . import state

CLASS_TYPES = {OWL + "Class", RDFS + "Class"}
PROPERTY_TYPES = {
    OWL + "ObjectProperty",
    OWL + "DatatypeProperty",
    OWL + "AnnotationProperty",
    RDF_PROPERTY,
}
SAME_AS = (OWL + "sameAs", SKOS + "exactMatch")
#: Most triples listed on the page of a named graph (all of them are in its RDF).
GRAPH_PAGE_LIMIT = 2000
#: Outgoing properties a page shows in its header rather than among the facts.
HEADER_PROPERTIES = {RDF_TYPE}


def render(iri: str, found: Presence, alternates: list[dict[str, Any]]) -> str:
    queryable = state.store()
    d = describe_resource(queryable, iri)
    types = set(d.types.get(iri, []))
    common: dict[str, Any] = {
        "d": d,
        "page_alternates": alternates,
        "sparql_href": query_this(iri),
    }
    common["findings"], common["validation_problem"] = findings_for(iri)
    common["facts"] = group_by_predicate(
        [f for f in d.outgoing if f.predicate not in HEADER_PROPERTIES]
    )
    common["incoming"] = group_by_predicate(d.incoming)
    common["phrases"] = profiles.INCOMING_PHRASES
    common["same_as"] = [f for f in d.outgoing if f.predicate in SAME_AS]
    common["wikidata_links"] = alignments.links(queryable, iri) if common["same_as"] else []
    common["details"] = details(d)
    if found.graph:
        return render_graph(iri, d, common)
    if types & CLASS_TYPES:
        total, members = catalogue.members(queryable, iri, _sort(), limit=500)
        rules = ontology_docs.shapes_for_class(iri)
        return render_template(
            "browse/term.html",
            kind="class",
            total=total,
            members=members,
            sort=_sort(),
            sorts=list(catalogue.SORTS),
            rules=rules,
            **common,
        )
    if types & PROPERTY_TYPES:
        rules = ontology_docs.shapes_for_property(iri)
        return render_template("browse/term.html", kind="property", rules=rules, **common)
    if OWL + "Ontology" in types:
        return render_template("browse/ontology.html", terms=ontology_terms(d), **common)
    if SKOS + "ConceptScheme" in types:
        tree = catalogue.concept_tree(queryable, iri)
        return render_template("browse/scheme.html", tree=tree, **common)
    if str(AKG.SourceDocument) in types:
        text = source_text(queryable, iri)
        stated = claim_facts(queryable, text.claims)
        names = {f.predicate for fs in stated.values() for f in fs} | {
            t.value for fs in stated.values() for f in fs for t in (f.subject, f.object) if t.is_iri
        }
        d.labels.update(summarise(queryable, names - set(d.labels)).labels)
        shown = (str(AKG.fullText), str(AKG.excerpt))  # already on the page as its text
        common["facts"] = {p: fs for p, fs in common["facts"].items() if p not in shown}
        return render_template("browse/source.html", text=text, stated=stated, **common)
    ancestors = state.cached("class-ancestors", catalogue.class_ancestors)
    kinds = types | {a for t in types for a in ancestors.get(t, ())}
    view: Any = None
    if str(AKG.AdvocacyAction) in kinds:
        view = ("letter", profiles.letter_view(d))
    elif str(AKG.Organisation) in kinds:
        view = ("organisation", profiles.organisation_view(d))
    elif str(AKG.Person) in kinds:
        view = ("official", profiles.official_view(d))
    return render_template("browse/entity.html", view=view, **common)


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
    summary = summarise(state.store(), names)
    d.labels.update({k: v for k, v in summary.labels.items() if k not in d.labels})
    origin = d.provenance.get(iri) or provenance(state.store(), {iri})[iri]
    template = "browse/claim.html" if iri.startswith(config.CLAIM) else "browse/graph.html"
    return render_template(
        template,
        by_subject=by_subject,
        total=len(quads),
        limit=GRAPH_PAGE_LIMIT,
        origin=origin,
        **common,
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


def ontology_terms(d: Description) -> dict[str, list[str]]:
    """Classes and properties defined by the ontology (``rdfs:isDefinedBy`` it), by kind."""
    terms = {"classes": [], "properties": []}  # type: dict[str, list[str]]
    for fact in d.incoming:
        if fact.predicate != RDFS + "isDefinedBy":
            continue
        name = fact.subject.value
        kinds = set(d.types.get(name, []))
        key = "classes" if kinds & CLASS_TYPES else "properties"
        terms[key].append(name)
    for key in terms:
        terms[key].sort(key=lambda t: d.label_of(t).lower())
    return terms


def query_this(iri: str) -> str | None:
    """A link to the SPARQL page preloaded with the facts about ``iri`` and their quotes."""
    query = f"""PREFIX akg: <{config.ONTOLOGY}>
SELECT ?property ?value ?claim ?quote WHERE {{
  GRAPH ?claim {{ <{iri}> ?property ?value }}
  OPTIONAL {{ GRAPH ?claim {{ ?claim akg:quote ?quote }} }}
}}"""
    return f"{request.script_root}/sparql?{urlencode({'query': query})}"


def findings_for(iri: str) -> tuple[list[Any], str | None]:
    """The SHACL and lint results about ``iri``, or why there are none to show."""
    report = state.validation_report(wait=False)
    if report is None:
        return [], "the report of the whole graph is being made; reload in a few seconds"
    if isinstance(report, state.ValidationUnavailable):
        return [], str(report)
    return [f for f in report.findings if f.focus == iri], None


def _sort() -> str:
    sort = request.args.get("sort", "label")
    return sort if sort in catalogue.SORTS else "label"
