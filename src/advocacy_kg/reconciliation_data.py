"""What reconciliation reads from the store: the entities and their names, the classes that
types stand for, and the values of the properties a client can match on or fetch.

Ids in the API are IRIs relative to the manifest's spaces (``organisation/open-rights-group`` in
``id/``, ``Organisation`` in ``def/``), as Wikidata's service gives ``Q42``; full IRIs are read too.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from . import config
from .describe import LABEL_PROPERTIES, QUALIFYING_CLASSES, VALUES_CHUNK
from .namespaces import AKG
from .namespaces import SKOS_NS as SKOS
from .rdfterms import RDF_TYPE, Term, rows, sparql_iri, values_clause
from .reconciliation import Catalogue, Entity
from .store import Store

#: Names an entity is matched on: its labels and other names.
NAME_PROPERTIES = (*LABEL_PROPERTIES, SKOS + "altLabel")
#: Classes whose members are not offered: parts of another entity's record, and the sources.
NOT_MATCHED = QUALIFYING_CLASSES | {str(AKG.SourceDocument), str(AKG.Claim)}
#: The types offered first (OpenRefine's "reconcile against type" list).
DEFAULT_TYPES = (AKG.OpenLetter, AKG.Organisation, AKG.Person, AKG.PublicOffice, AKG.Legislation)


@dataclass(frozen=True)
class Property:
    """A property clients can match on (``properties`` of a query) or fetch (data extension)."""

    id: str
    name: str
    path: str  # a SPARQL property path
    description: str


PROPERTIES = {
    p.id: p
    for p in (
        Property("label", "Name", sparql_iri(LABEL_PROPERTIES[0]), "rdfs:label"),
        Property("type", "Type", sparql_iri(RDF_TYPE), "rdf:type (a class of akg:)"),
        Property("date", "Date", sparql_iri(str(AKG.date)), "akg:date"),
        Property("signatory", "Signatory", sparql_iri(str(AKG.signatory)), "akg:signatory"),
        Property(
            "addressee",
            "Addressee",
            f"{sparql_iri(str(AKG.addressedTo))}|"
            f"({sparql_iri(str(AKG.qualifiedAddressing))}/{sparql_iri(str(AKG.addressee))})",
            "akg:addressedTo, or akg:qualifiedAddressing/akg:addressee",
        ),
        Property(
            "signed", "Letters signed", f"^{sparql_iri(str(AKG.signatory))}", "^akg:signatory"
        ),
        Property(
            "wikidata",
            "Wikidata",
            sparql_iri(SKOS + "exactMatch"),
            "skos:exactMatch to a Wikidata item, from an alignment file (advocacy-kg load)",
        ),
    )
}


def entity_iri(entity_id: str) -> str:
    return entity_id if entity_id.startswith(("http://", "https://")) else config.ENTITY + entity_id


def entity_id(iri: str) -> str:
    return iri[len(config.ENTITY) :] if iri.startswith(config.ENTITY) else iri


def class_iri(type_id: str) -> str:
    if type_id.startswith("akg:"):
        type_id = type_id[4:]
    return type_id if type_id.startswith(("http://", "https://")) else config.ONTOLOGY + type_id


def class_id(iri: str) -> str:
    return iri[len(config.ONTOLOGY) :] if iri.startswith(config.ONTOLOGY) else iri


def load_catalogue(store: Store) -> Catalogue:
    """Every entity (an IRI under ``id/``) with a name, but the parts of another's record."""
    names: dict[str, list[str]] = {}
    for row in rows(
        store,
        f"""SELECT DISTINCT ?e ?name WHERE {{ {values_clause("p", NAME_PROPERTIES)}
            ?e ?p ?name FILTER(STRSTARTS(STR(?e), "{config.ENTITY}") && isLITERAL(?name)) }}""",
    ):
        names.setdefault(row["e"].value, []).append(row["name"].value)
    types: dict[str, list[str]] = {}
    dates: dict[str, str] = {}
    for chunk in _chunks(sorted(names)):
        for row in rows(store, f"SELECT DISTINCT ?e ?t {{ {values_clause('e', chunk)} ?e a ?t }}"):
            types.setdefault(row["e"].value, []).append(row["t"].value)
        for row in rows(
            store,
            f"SELECT ?e ?d {{ {values_clause('e', chunk)} ?e {sparql_iri(str(AKG.date))} ?d }}",
        ):
            dates.setdefault(row["e"].value, row["d"].value)
    return Catalogue(
        Entity(iri, min(found, key=_label_order), found, sorted(types.get(iri, [])), dates.get(iri))
        for iri, found in names.items()
        if not NOT_MATCHED.intersection(types.get(iri, []))
    )


def _label_order(name: str) -> tuple[int, str]:
    return (0 if name.isascii() else 1, name)  # a stable pick where a label has variants


def class_hierarchy(store: Store) -> dict[str, dict[str, object]]:
    """The ontology's classes: {class IRI: {"name": label, "members": subclasses and itself}}."""
    classes: dict[str, dict[str, object]] = {}
    for row in rows(
        store,
        f"""SELECT ?c ?label ?sub WHERE {{ ?c a owl:Class
              FILTER(STRSTARTS(STR(?c), "{config.ONTOLOGY}"))
              OPTIONAL {{ ?c rdfs:label ?label FILTER(LANGMATCHES(LANG(?label), "en")) }}
              ?sub rdfs:subClassOf* ?c }}""",
    ):
        entry = classes.setdefault(
            row["c"].value, {"name": class_id(row["c"].value), "members": set()}
        )
        if "label" in row:
            entry["name"] = row["label"].value
        members = entry["members"]
        assert isinstance(members, set)
        members.add(row["sub"].value)
    return classes


def property_values(
    store: Store, iris: Iterable[str], ids: Iterable[str]
) -> dict[tuple[str, str], list[tuple[Term, str | None]]]:
    """{(entity IRI, property id): [(value, its label or None)]}, values in a stable order."""
    found: dict[tuple[str, str], list[tuple[Term, str | None]]] = {}
    for prop_id in ids:
        prop = PROPERTIES[prop_id]
        for chunk in _chunks(sorted(set(iris))):
            for row in rows(
                store,
                f"""SELECT ?e ?v (SAMPLE(?l) AS ?label) WHERE {{ {values_clause("e", chunk)}
                      ?e {prop.path} ?v OPTIONAL {{ ?v rdfs:label ?l }} }}
                    GROUP BY ?e ?v ORDER BY ?e ?v""",
            ):
                label = row["label"].value if "label" in row else None
                found.setdefault((row["e"].value, prop_id), []).append((row["v"], label))
    return found


def _chunks(items: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(items), VALUES_CHUNK):
        yield items[start : start + VALUES_CHUNK]
