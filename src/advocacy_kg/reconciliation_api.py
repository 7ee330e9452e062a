"""The Reconciliation Service API 0.2 (W3C Entity Reconciliation CG) over the graph, without
Flask: query batches, suggest, property proposals, data extension and the manifest, each from
and to JSON values. ``web/reconcile.py`` serves them; bad input raises ``RequestError``.

Types filter strictly (a class and its subclasses); property conditions adjust the score:
a candidate with a requested value gains, one without loses, so the name still decides
between candidates that meet the same conditions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import __version__, config
from .namespaces import WD_NS as WIKIDATA_ENTITY
from .namespaces import XSD_DATE
from .rdfterms import Term
from .reconciliation import Catalogue, Entity, normalise
from .reconciliation_data import (
    DEFAULT_TYPES,
    PROPERTIES,
    class_hierarchy,
    class_id,
    class_iri,
    entity_id,
    entity_iri,
    load_catalogue,
    property_values,
)
from .reconciliation_input import MAX_BATCH, RequestError
from .store import Store

#: Most candidates per query, ids per extend.
MAX_LIMIT = 100
DEFAULT_LIMIT = 5
MAX_EXTEND_IDS = 1000
#: Points a property condition adds when met and takes when not.
CONDITION_GAIN, CONDITION_LOSS = 5.0, 20.0
WIKIDATA_SERVICE = "https://wikidata.reconci.link/en/api"  # named in extend's meta, never called


@dataclass
class Reconciler:
    """The service over one store: its entities and classes, read once."""

    store: Store

    def __post_init__(self) -> None:
        self.catalogue: Catalogue = load_catalogue(self.store)
        self.classes = class_hierarchy(self.store)

    # --- reconciliation queries ---
    def reconcile(self, batch: dict[str, Any]) -> dict[str, Any]:
        return {key: {"result": self.candidates(key, query)} for key, query in batch.items()}

    def candidates(self, key: str, query: dict[str, Any]) -> list[dict[str, Any]]:
        text = query.get("query") or ""
        allowed = self.allowed(query.get("type"), key)
        limit = min(int(query.get("limit") or DEFAULT_LIMIT), MAX_LIMIT)
        conditions = self.conditions(query.get("properties") or [], key)
        # without a name, every entity of the type is a candidate, scored by the properties
        ranked = self.catalogue.rank(text, allowed) if text else self.catalogue.rank_all(allowed)
        if conditions:
            self.apply_conditions(ranked, conditions, scored_by_name=bool(text))
        return [
            {
                "id": entity_id(c.entity.iri),
                "name": c.entity.name,
                "description": self.describe(c.entity),
                "score": c.score.value,
                "match": c.match,
                "type": self.type_refs(c.entity.types),
                "features": c.score.features,
            }
            for c in ranked[:limit]
        ]

    def allowed(self, types: Any, key: str) -> set[str] | None:
        if not types:
            return None
        wanted = [types] if isinstance(types, str) else types
        members: set[str] = set()
        for type_id in wanted:
            entry = self.classes.get(class_iri(str(type_id)))
            if entry is None:
                raise RequestError(
                    f"query {key!r}: unknown type {type_id!r} (types: /reconcile/suggest/type)"
                )
            members |= entry["members"]  # type: ignore[arg-type]
        return members

    def conditions(self, properties: list[Any], key: str) -> list[tuple[str, list[str]]]:
        found = []
        for condition in properties:
            pid = condition.get("pid")
            if pid not in PROPERTIES:
                raise RequestError(f"query {key!r}: unknown property {pid!r}")
            values = condition["v"] if isinstance(condition["v"], list) else [condition["v"]]
            wanted = [
                v["id"] if isinstance(v, dict) else normalise(str(v)) for v in values if v != ""
            ]
            found.append((pid, wanted))
        return found

    def apply_conditions(
        self, ranked: list[Any], conditions: list[tuple[str, list[str]]], scored_by_name: bool
    ) -> None:
        values = property_values(
            self.store, [c.entity.iri for c in ranked], [pid for pid, _ in conditions]
        )
        for candidate in ranked:
            met = sum(
                1
                for pid, wanted in conditions
                if _meets(values.get((candidate.entity.iri, pid), []), wanted)
            )
            if scored_by_name:
                change = met * CONDITION_GAIN - (len(conditions) - met) * CONDITION_LOSS
                candidate.score.value = max(0.0, min(100.0, candidate.score.value + change))
            else:
                candidate.score.value = round(100.0 * met / len(conditions), 1)
            candidate.match = candidate.match and met == len(conditions)
        ranked[:] = [c for c in ranked if c.score.value > 0]
        ranked.sort(key=lambda c: (-c.score.value, c.entity.name.casefold(), c.entity.iri))

    def describe(self, entity: Entity) -> str:
        kinds = ", ".join(self.type_name(t) for t in entity.types)
        return f"{kinds}, {entity.date}" if entity.date else kinds

    def type_name(self, iri: str) -> str:
        entry = self.classes.get(iri)
        name = str(entry["name"]) if entry else class_id(iri)
        return name[:1].upper() + name[1:]

    def type_refs(self, iris: list[str]) -> list[dict[str, str]]:
        return [{"id": class_id(t), "name": self.type_name(t)} for t in iris]

    # --- suggest and property proposals ---
    def suggest_entities(self, prefix: str, cursor: int = 0, limit: int = 10) -> dict[str, Any]:
        form = normalise(prefix)
        if not form:
            return {"result": []}
        ranked = self.catalogue.rank(prefix)
        # names that start with the prefix (or have a word that does) first, then near names
        starts = [
            any(f.startswith(form) or f" {form}" in f for f in c.entity.forms) or c.score.exact
            for c in ranked
        ]
        found = [c for c, first in zip(ranked, starts, strict=True) if first]
        found += [
            c for c, first in zip(ranked, starts, strict=True) if not first and c.score.value >= 60
        ]
        by_id = self.catalogue.entities.get(entity_iri(prefix.strip()))
        if by_id is not None:
            found = [c for c in found if c.entity is not by_id]
            found.insert(0, self.catalogue.candidate(by_id))
        return {
            "result": [
                {
                    "id": entity_id(c.entity.iri),
                    "name": c.entity.name,
                    "description": self.describe(c.entity),
                    "notable": self.type_refs(c.entity.types),
                }
                for c in found[cursor : cursor + limit]
            ]
        }

    def types(self) -> list[dict[str, str]]:
        return [{"id": class_id(str(t)), "name": self.type_name(str(t))} for t in DEFAULT_TYPES]

    def suggest_types(self, prefix: str) -> dict[str, Any]:
        form = normalise(prefix)
        found = [
            {"id": class_id(iri), "name": str(entry["name"])}
            for iri, entry in sorted(self.classes.items())
            if form in normalise(str(entry["name"])) or form in normalise(class_id(iri))
        ]
        return {"result": found}

    def suggest_properties(self, prefix: str) -> dict[str, Any]:
        form = normalise(prefix)
        return {
            "result": [
                {"id": p.id, "name": p.name, "description": p.description}
                for p in PROPERTIES.values()
                if form in normalise(p.name) or form in p.id
            ]
        }

    def propose_properties(self, type_id: str, limit: int | None) -> dict[str, Any]:
        if class_iri(type_id) not in self.classes:
            raise RequestError(f"unknown type {type_id!r}")
        found = [{"id": p.id, "name": p.name} for p in PROPERTIES.values()]
        answer: dict[str, Any] = {"type": type_id, "properties": found[: limit or None]}
        if limit:
            answer["limit"] = limit
        return answer

    # --- data extension ---
    def extend(self, request: dict[str, Any]) -> dict[str, Any]:
        ids = [str(i) for i in request["ids"]]
        pids = [str(p["id"]) for p in request["properties"]]
        if len(ids) > MAX_EXTEND_IDS:
            raise RequestError(f"extend: {len(ids)} ids, at most {MAX_EXTEND_IDS} in one request")
        unknown = [p for p in pids if p not in PROPERTIES]
        if unknown:
            raise RequestError(f"extend: unknown property {unknown[0]!r}")
        iris = {i: entity_iri(i) for i in ids}
        values = property_values(self.store, iris.values(), pids)
        meta = []
        for pid in pids:
            column: dict[str, Any] = {"id": pid, "name": PROPERTIES[pid].name}
            if pid == "wikidata":
                column["service"] = WIKIDATA_SERVICE
            meta.append(column)
        rows = {
            i: {
                pid: [self.cell(v, label, pid) for v, label in values.get((iri, pid), [])]
                for pid in pids
            }
            for i, iri in iris.items()
        }
        return {"meta": meta, "rows": rows}

    def cell(self, value: Term, label: str | None, pid: str) -> dict[str, Any]:
        if value.is_iri and value.value.startswith(WIKIDATA_ENTITY):
            qid = value.value[len(WIKIDATA_ENTITY) :]
            return {"id": qid, "name": qid}
        if value.is_iri and pid == "type":
            return {"id": class_id(value.value), "name": self.type_name(value.value)}
        if value.is_iri:
            return {"id": entity_id(value.value), "name": label or entity_id(value.value)}
        if value.datatype == XSD_DATE:
            return {"date": f"{value.value}T00:00:00Z"}
        return {"str": value.value}

    # --- manifest ---
    def manifest(self, root: str) -> dict[str, Any]:
        """The service manifest; ``root`` is the server's URL ending in "/"."""
        service = root + "reconcile"
        return {
            "versions": ["0.2"],
            "name": "advocacy-kg: civil-society advocacy on AI surveillance",
            "identifierSpace": config.ENTITY,
            "schemaSpace": config.ONTOLOGY,
            "documentation": root,
            "serviceVersion": __version__,
            "batchSize": MAX_BATCH,
            "view": {"url": root + "id/{{id}}"},
            "preview": {"url": service + "/preview?id={{id}}", "width": 400, "height": 160},
            "defaultTypes": self.types(),
            "suggest": {
                kind: {"service_url": service, "service_path": f"/suggest/{kind}"}
                for kind in ("entity", "type", "property")
            },
            "extend": {
                "propose_properties": {"service_url": service, "service_path": "/properties"},
                "property_settings": [],
            },
        }


def _meets(values: list[tuple[Term, str | None]], wanted: list[str]) -> bool:
    """A value given as an id matches that entity; as text, a value or its label (normalised)."""
    for value, label in values:
        names = {normalise(value.value)} | ({normalise(label)} if label else set())
        if value.is_iri:
            names |= {entity_id(value.value), class_id(value.value), value.value}
        if names.intersection(wanted):
            return True
    return False
