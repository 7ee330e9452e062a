"""What the documentation page of an ontology term shows beyond its description: the SHACL
shapes that apply to it (a class targeted by a node shape, a property constrained by one).

The shapes are the project's own (``validation.shapes_quads``), held in a small store of their
own and read with SPARQL like everything else.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from functools import cache

from . import validation
from .namespaces import SH_NS as SH
from .rdfterms import curie, rows, sparql_iri
from .store.oxigraph import OxigraphStore

#: Constraint parameters shown on a term's page, in this order.
CONSTRAINTS = (
    "minCount",
    "maxCount",
    "class",
    "datatype",
    "nodeKind",
    "pattern",
    "hasValue",
    "minInclusive",
    "maxLength",
)


@dataclass
class ShapeRule:
    """One property constraint (or a whole node shape when ``path`` is None)."""

    shape: str
    target: str | None
    path: str | None
    severity: str = "Violation"
    message: str | None = None
    constraints: list[str] = field(default_factory=list)


@cache
def shapes_store() -> OxigraphStore:
    store = OxigraphStore.in_memory()
    with contextlib.suppress(validation.ValidationError):  # no shapes: pages say none apply
        store.add_quads(validation.shapes_quads())
    return store


def shapes_for_class(class_iri: str) -> list[ShapeRule]:
    node = sparql_iri(class_iri)
    where = f"""?shape <{SH}targetClass> {node} . BIND({node} AS ?target)
      OPTIONAL {{ ?shape <{SH}property> ?rule . ?rule <{SH}path> ?path }}"""
    return _rules(where)


def shapes_for_property(property_iri: str) -> list[ShapeRule]:
    node = sparql_iri(property_iri)
    where = f"""{{ ?rule <{SH}path> {node} . ?shape <{SH}property> ?rule . BIND({node} AS ?path)
        OPTIONAL {{ ?shape <{SH}targetClass> ?target }} }}
      UNION {{ ?shape <{SH}targetSubjectsOf>|<{SH}targetObjectsOf> {node} .
        BIND({node} AS ?target) }}"""
    return _rules(where)


def _rules(where: str) -> list[ShapeRule]:
    names = " ".join(f"<{SH}{c}>" for c in CONSTRAINTS)
    sparql = f"""SELECT ?shape ?target ?rule ?path ?severity ?message ?constraint ?value WHERE {{
      {where}
      OPTIONAL {{ ?rule <{SH}severity> ?ruleSeverity }}
      OPTIONAL {{ ?shape <{SH}severity> ?shapeSeverity }}
      BIND(COALESCE(?ruleSeverity, ?shapeSeverity) AS ?severity)
      OPTIONAL {{ ?rule <{SH}message> ?ruleMessage }}
      OPTIONAL {{ ?shape <{SH}message> ?shapeMessage }}
      BIND(COALESCE(?ruleMessage, ?shapeMessage) AS ?message)
      OPTIONAL {{ VALUES ?constraint {{ {names} }} ?rule ?constraint ?value }}
    }}"""
    found: dict[tuple[str, str | None, str | None], ShapeRule] = {}
    for r in rows(shapes_store(), sparql):
        key = (
            r["shape"].value,
            r["rule"].value if "rule" in r else None,
            r["path"].value if "path" in r else None,
        )
        rule = found.get(key)
        if rule is None:
            severity = r["severity"].value.removeprefix(SH) if "severity" in r else "Violation"
            rule = found[key] = ShapeRule(
                shape=r["shape"].value,
                target=r["target"].value if "target" in r else None,
                path=r["path"].value if "path" in r else None,
                severity=severity,
                message=r["message"].value if "message" in r else None,
            )
        if "constraint" in r:
            name = r["constraint"].value.removeprefix(SH)
            value = r["value"]
            shown = curie(value.value) if value.is_iri else value.value
            text = f"{name} {shown}"
            if text not in rule.constraints:
                rule.constraints.append(text)
    for rule in found.values():
        rule.constraints.sort(key=lambda c: CONSTRAINTS.index(c.split()[0]))
    return sorted(found.values(), key=lambda r: (r.shape, r.path or ""))
