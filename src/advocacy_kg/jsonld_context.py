"""The JSON-LD context of the project's vocabulary, generated from the prefix map and the ontology.

Served at ``CONTEXT_IRI`` and written into the JSON-LD dump, it lets compact JSON-LD read as
plain JSON: ``"type": "OpenLetter"``-style class names, ``"signatory": "id:organisation/…"``
links and ``"date": "2021-04-01"`` values, with the datatype and the link-ness of each
property taken from the ontology (``owl:ObjectProperty``, ``rdfs:range``), never typed by hand.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

import pyoxigraph as ox

from . import config
from .namespaces import OWL_NS as OWL
from .namespaces import PROV_NS as PROV
from .namespaces import RDF_NS as RDF
from .namespaces import RDFS_NS as RDFS
from .namespaces import XSD_NS as XSD

CONTEXT_IRI = config.BASE + "context.jsonld"

RDF_TYPE = RDF + "type"
RDFS_RANGE = RDFS + "range"

CLASS_TYPES = {OWL + "Class", RDFS + "Class"}
LINK_PROPERTY_TYPES = {OWL + "ObjectProperty"}
PROPERTY_TYPES = LINK_PROPERTY_TYPES | {
    OWL + "DatatypeProperty",
    OWL + "AnnotationProperty",
    RDF + "Property",
}
#: Ranges that need no coercion: plain and language-tagged strings stay JSON strings.
UNCOERCED_RANGES = {XSD + "string", RDFS + "Literal", RDF + "langString"}

#: Short names for the label every entity carries (English-tagged labels read as plain strings).
LABEL_TERMS: dict[str, tuple[str, str]] = {
    "label": (RDFS + "label", "en"),
    "comment": (RDFS + "comment", "en"),
}

#: Short names for the provenance in an entity's JSON-LD (``entity_jsonld``): each fact is an
#: ``rdf:Statement`` that ``prov:wasDerivedFrom`` its claim, so plain readers see "subject" etc.
PROVENANCE_TERMS: dict[str, tuple[str, bool]] = {  # name: (IRI, whether values are IRIs)
    "Statement": (RDF + "Statement", False),
    "subject": (RDF + "subject", True),
    "predicate": (RDF + "predicate", True),
    "object": (RDF + "object", False),
    "wasDerivedFrom": (PROV + "wasDerivedFrom", True),
}


def build_context(ontology: Iterable[ox.Quad], prefixes: Mapping[str, str]) -> dict[str, Any]:
    """The context object (the value of ``@context``) for the ontology's terms.

    A term whose local name is also a prefix (``stage``) keeps the prefix: compact IRIs of
    that namespace matter more, and the term is still written ``akg:stage``.
    """
    kinds: dict[str, set[str]] = {}
    ranges: dict[str, set[str]] = {}
    for quad in ontology:
        subject = quad.subject
        if not isinstance(subject, ox.NamedNode) or not subject.value.startswith(config.ONTOLOGY):
            continue
        if quad.predicate.value == RDF_TYPE and isinstance(quad.object, ox.NamedNode):
            kinds.setdefault(subject.value, set()).add(quad.object.value)
        elif quad.predicate.value == RDFS_RANGE and isinstance(quad.object, ox.NamedNode):
            ranges.setdefault(subject.value, set()).add(quad.object.value)

    context: dict[str, Any] = dict(sorted(prefixes.items()))
    for name, (iri, language) in LABEL_TERMS.items():
        context[name] = {"@id": compact(iri, prefixes), "@language": language}
    for name, (iri, link) in PROVENANCE_TERMS.items():
        short = compact(iri, prefixes)
        context[name] = {"@id": short, "@type": "@id"} if link else short
    for iri in sorted(kinds):
        name = iri.removeprefix(config.ONTOLOGY)
        if name in context or not name.isidentifier():
            continue
        if kinds[iri] & CLASS_TYPES:
            context[name] = compact(iri, prefixes)
        elif kinds[iri] & PROPERTY_TYPES:
            context[name] = _property_term(iri, kinds[iri], ranges.get(iri, set()), prefixes)
    return context


def _property_term(
    iri: str, kinds: set[str], ranges: set[str], prefixes: Mapping[str, str]
) -> str | dict[str, str]:
    if kinds & LINK_PROPERTY_TYPES:
        return {"@id": compact(iri, prefixes), "@type": "@id"}
    datatypes = ranges - UNCOERCED_RANGES
    if len(datatypes) == 1 and next(iter(datatypes)).startswith(XSD):
        return {"@id": compact(iri, prefixes), "@type": compact(datatypes.pop(), prefixes)}
    return compact(iri, prefixes)


def compact(iri: str, prefixes: Mapping[str, str]) -> str:
    """``prefix:local`` for the longest matching namespace, else the IRI itself."""
    best = max((ns for ns in prefixes.values() if iri.startswith(ns)), key=len, default=None)
    if best is None:
        return iri
    prefix = next(p for p, ns in sorted(prefixes.items()) if ns == best)
    return f"{prefix}:{iri[len(best) :]}"


def context_document(context: Mapping[str, Any]) -> bytes:
    """The context as the file served at ``CONTEXT_IRI``: stable key order, UTF-8."""
    return (json.dumps({"@context": context}, indent=2, ensure_ascii=False) + "\n").encode()
