"""Which page a resource gets: a registry from class to template and view builder.

A resource's classes are its types and their superclasses (``rdfs:subClassOf+``); of the
classes registered in ``VIEWS`` it has, the most specific wins (a view for ``akg:Petition`` would
win over the one of every ``akg:AdvocacyAction``), ties go to the one registered first. A
resource with none gets the plain entity page. Named graphs (claims, inferences…) have pages of
their own whatever their types (``resource_pages.render_graph``).

A builder gets the ``Page`` and returns what its template needs beyond the parts every resource
page has (``resource_pages.render``); a key it returns replaces the common one (a source page
leaves its text out of the facts). A profile of an entity extends ``browse/entity.html`` and
fills its ``profile`` block.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from flask import request

from ... import catalogue, ontology_docs, profiles, read_terms
from ...describe import Description, Fact, summarise
from ...namespaces import AKG, OWL, RDF, RDFS, SKOS
from ...source_text import claim_facts, source_text
from . import state


@dataclass(frozen=True)
class Page:
    """What a builder may use: the resource, its description, its classes and its facts."""

    iri: str
    d: Description
    kinds: frozenset[str]
    facts: dict[str, list[Fact]]  # outgoing facts by property, as the fact table shows them


Builder = Callable[[Page], dict[str, Any]]


@dataclass(frozen=True)
class View:
    template: str
    build: Builder


def class_page(page: Page) -> dict[str, Any]:
    sort = request.args.get("sort", "label")
    sort = sort if sort in catalogue.SORTS else "label"
    total, members = catalogue.members(state.store(), page.iri, sort, limit=500)
    return {
        "kind": "class",
        "total": total,
        "members": members,
        "sort": sort,
        "sorts": list(catalogue.SORTS),
        "rules": ontology_docs.shapes_for_class(page.iri),
    }


def property_page(page: Page) -> dict[str, Any]:
    return {"kind": "property", "rules": ontology_docs.shapes_for_property(page.iri)}


def ontology_page(page: Page) -> dict[str, Any]:
    """The classes and properties the ontology defines (``rdfs:isDefinedBy`` it), by kind."""
    d = page.d
    terms: dict[str, list[str]] = {"classes": [], "properties": []}
    for fact in d.incoming:
        if fact.predicate == str(RDFS.isDefinedBy):
            kinds = set(d.types.get(fact.subject.value, []))
            terms["classes" if kinds & CLASS_TYPES else "properties"].append(fact.subject.value)
    for names in terms.values():
        names.sort(key=lambda t: d.label_of(t).lower())
    return {"terms": terms}


def scheme_page(page: Page) -> dict[str, Any]:
    return {"tree": catalogue.concept_tree(state.store(), page.iri)}


def source_page(page: Page) -> dict[str, Any]:
    """The source's text with its quoted passages, and what each claim quoting it states."""
    queryable = state.store()
    text = source_text(queryable, page.iri)
    stated = claim_facts(queryable, text.claims)
    names = {f.predicate for fs in stated.values() for f in fs} | {
        t.value for fs in stated.values() for f in fs for t in (f.subject, f.object) if t.is_iri
    }
    shown = (str(AKG.fullText), str(AKG.excerpt))  # already on the page as its text
    return {
        "d": with_labels(page.d, names),
        "text": text,
        "stated": stated,
        "facts": {p: fs for p, fs in page.facts.items() if p not in shown},
    }


def with_labels(d: Description, names: set[str]) -> Description:
    """``d`` with the labels of ``names`` too (its own labels win), as a new description."""
    found = summarise(state.store(), names - set(d.labels)).labels
    return replace(d, labels={**found, **d.labels})


def profile(view_of: Callable[[Description], Any]) -> Builder:
    """A builder of an entity's profile (``profiles.py``: Flask-free, from the description)."""
    return lambda page: {"profile": view_of(page.d)}


CLASS_TYPES = {str(OWL.Class), str(RDFS.Class)}
CLASS_VIEW = View("browse/term.html", class_page)
PROPERTY_VIEW = View("browse/term.html", property_page)

#: Class → view. Adding a page for a kind of resource: a builder, a template, one line here.
VIEWS: dict[str, View] = {
    **dict.fromkeys(CLASS_TYPES, CLASS_VIEW),
    **dict.fromkeys(
        map(str, (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property)),
        PROPERTY_VIEW,
    ),
    str(OWL.Ontology): View("browse/ontology.html", ontology_page),
    str(SKOS.ConceptScheme): View("browse/scheme.html", scheme_page),
    str(AKG.SourceDocument): View("browse/source.html", source_page),
    str(AKG.AdvocacyAction): View("browse/views/letter.html", profile(profiles.letter_view)),
    str(AKG.Organisation): View(
        "browse/views/organisation.html", profile(profiles.organisation_view)
    ),
    str(AKG.Person): View("browse/views/official.html", profile(profiles.official_view)),
}
#: Any other resource: its facts, details, links and validation results.
ENTITY_VIEW = View("browse/entity.html", lambda page: {})


def classes_of(types: list[str]) -> frozenset[str]:
    """The types and every class above them."""
    ancestors = state.cached("class-ancestors", read_terms.class_ancestors)
    return frozenset(types).union(*(ancestors.get(t, ()) for t in types))


def view_for(kinds: frozenset[str]) -> View:
    """The view of the most specific registered class among ``kinds``; else the entity view."""
    ancestors = state.cached("class-ancestors", read_terms.class_ancestors)
    matches = [c for c in VIEWS if c in kinds]
    specific = [c for c in matches if not any(c in ancestors.get(o, ()) for o in matches)]
    return VIEWS[specific[0]] if specific else ENTITY_VIEW
