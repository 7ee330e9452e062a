"""An entity's JSON-LD for plain readers: one node framed around the entity, default graph only.

The triples are exactly those of the entity's Turtle view (``resource_rdf.with_statements``), so
``rdflib.Graph``, pyld and pyoxigraph read the same facts. Shape (documented in README.md,
"Use it from other tools"):

- ``@context``: the project's context, inline (nothing to fetch);
- ``@id``, ``@type``, ``label``, then each outgoing property, a linked entity nested as
  ``{"@id", "label"}`` (a qualifying node, e.g. an addressing, nested with all its facts);
- ``@reverse``: the incoming links, by property, each linking node nested the same way;
- ``@included``: the provenance: one ``rdf:Statement`` per fact that ``prov:wasDerivedFrom`` its
  claim, and each claim with its ``source`` and verbatim ``quote``; and any node not linked
  directly (a label of a node two steps away).

A named graph would hide the facts from a reader of triples (``rdflib.Graph`` reads 0), which is
why the claims are reified here, as in Turtle, and not kept as graphs.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import pyoxigraph as ox
from pyld import jsonld

from .namespaces import RDF_STATEMENT, RDF_TYPE, XSD_STRING
from .resource_rdf import refuse_remote, with_statements

#: Keys written first, in this order; the properties follow, then these last ones.
HEAD_KEYS = ("@context", "@id", "@type")
TAIL_KEYS = ("@reverse", "@included")

Node = dict[str, Any]


def entity_document(iri: str, quads: list[ox.Quad], context: Mapping[str, Any]) -> dict[str, Any]:
    """The framed, compacted JSON-LD of ``iri`` from its description's quads."""
    nodes = _node_map(with_statements(quads))
    frame = _frame(iri, nodes)
    options = {"documentLoader": refuse_remote, "processingMode": "json-ld-1.1"}
    compacted: dict[str, Any] = jsonld.compact(frame, dict(context), options)
    return _ordered(compacted)


def entity_json(iri: str, quads: list[ox.Quad], context: Mapping[str, Any]) -> bytes:
    """``entity_document`` as the bytes served for ``application/ld+json``."""
    return json.dumps(entity_document(iri, quads, context), ensure_ascii=False, indent=1).encode()


def _node_map(triples: list[ox.Triple]) -> dict[str, Node]:
    """Expanded node objects by ``@id``, as pyld's ``from_rdf`` writes them (``rdf:type`` as
    ``@type``, literals as ``@value`` with ``@language`` or a non-string ``@type``); built here
    because pyld's own took half the time of an answer."""
    nodes: dict[str, Node] = {}
    for triple in triples:
        node = nodes.setdefault(_id(triple.subject), {"@id": _id(triple.subject)})
        if triple.predicate.value == RDF_TYPE and not isinstance(triple.object, ox.Literal):
            _add(node, "@type", _id(triple.object))
        else:
            _add(node, triple.predicate.value, _value(triple.object))
    return nodes


def _id(term: object) -> str:
    return f"_:{term.value}" if isinstance(term, ox.BlankNode) else str(getattr(term, "value", ""))


def _value(term: object) -> dict[str, str]:
    if not isinstance(term, ox.Literal):
        return {"@id": _id(term)}
    if term.language:
        return {"@value": term.value, "@language": term.language}
    if term.datatype.value == XSD_STRING:
        return {"@value": term.value}
    return {"@value": term.value, "@type": term.datatype.value}


def _add(node: Node, key: str, value: object) -> None:
    values = node.setdefault(key, [])
    if value not in values:
        values.append(value)


def _frame(iri: str, nodes: dict[str, Node]) -> Node:
    placed = {iri}
    root = _embed(nodes.get(iri, {"@id": iri}), nodes, placed)
    reverse: dict[str, list[Node]] = {}
    for node_id in sorted(nodes):
        node = nodes[node_id]
        if node_id in placed or _is_statement(node):
            continue
        links = [p for p, values in _properties(node) if {"@id": iri} in values]
        if not links:
            continue
        placed.add(node_id)
        nested = _embed(_without_link(node, iri), nodes, placed)
        for prop in links:
            reverse.setdefault(prop, []).append(nested)
    if reverse:
        root["@reverse"] = reverse
    # claims and other nodes first, then the statements of each fact
    left = sorted((_is_statement(nodes[n]), n) for n in nodes if n not in placed)
    included = [nodes[n] for _, n in left]
    if included:
        root["@included"] = included
    return root


def _embed(node: Node, nodes: dict[str, Node], placed: set[str]) -> Node:
    """A copy of ``node`` with each linked node not placed yet nested in it (once)."""
    copy: Node = {}
    for key, values in node.items():
        if key.startswith("@"):
            copy[key] = values
            continue
        copy[key] = []
        for value in values:
            target = str(value.get("@id", "")) if isinstance(value, dict) else ""
            linked = nodes.get(target)
            if linked is not None and target not in placed and not _is_statement(linked):
                placed.add(target)
                copy[key].append(_embed(linked, nodes, placed))
            else:
                copy[key].append(value)
    return copy


def _properties(node: Node) -> list[tuple[str, list[Any]]]:
    return [(k, v) for k, v in node.items() if not k.startswith("@")]


def _without_link(node: Node, iri: str) -> Node:
    """``node`` less its links to ``iri`` (``@reverse`` states them)."""
    kept = {k: [v for v in vs if v != {"@id": iri}] for k, vs in _properties(node)}
    return {
        **{k: v for k, v in node.items() if k.startswith("@")},
        **{k: v for k, v in kept.items() if v},
    }


def _is_statement(node: Node) -> bool:
    return RDF_STATEMENT in node.get("@type", [])


def _ordered(document: dict[str, Any]) -> dict[str, Any]:
    head = {k: document[k] for k in HEAD_KEYS if k in document}
    tail = {k: document[k] for k in TAIL_KEYS if k in document}
    middle = {k: v for k, v in document.items() if k not in head and k not in tail}
    return {**head, **middle, **tail}
