"""The graph's table of contents: counts per class, members of a class, sources, concept trees.

Plain SPARQL through ``store.query`` (every pattern inside ``GRAPH ?g``, so a remote store need
not make its default graph the union), usable from the CLI, a notebook or the web pages. A class's
members come from the store's text index where it has one (``store/text_index.py``), with the
same columns and orders as the SPARQL here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import config
from .describe import summarise
from .namespaces import DCTERMS_DATE, DCTERMS_TITLE, SKOS_CONCEPT_SCHEME, SKOS_NS
from .namespaces import RDFS_SUBCLASS_OF as RDFS_SUBCLASS
from .rdfterms import curie, rows, sparql_iri
from .read_terms import (
    DATE_PATTERN,
    LABEL_COLUMNS,
    LABEL_PATH,
    LABEL_PATTERN,
)
from .store import Store

#: How a class list may be sorted: query parameter -> ORDER BY clause over ``entity_columns``
#: (``store/text_index.py`` keeps the same orders in SQL).
SORTS = {
    "label": "?key ?x",
    "date": "DESC(?date) ?key ?x",
    "claims": "DESC(?claims) ?key ?x",
}


def entity_columns(selection: str) -> str:
    """What a class list shows of each ``?x`` that ``selection`` binds: label, sort key, earliest
    date and number of graphs stating it (``store/text_index.py`` reads the same, column by
    column, for every entity)."""
    return f"""SELECT ?x {LABEL_COLUMNS} (MIN(?d) AS ?date) (COUNT(DISTINCT ?g) AS ?claims) WHERE {{
      {{ SELECT DISTINCT ?x WHERE {{ {selection} }} }}
      GRAPH ?g {{ ?x ?p ?o }}
      OPTIONAL {{ {LABEL_PATTERN} }}
      OPTIONAL {{ {DATE_PATTERN} }}
    }} GROUP BY ?x"""


@dataclass
class ClassCount:
    iri: str
    label: str
    count: int


@dataclass
class Member:
    iri: str
    label: str
    date: str | None
    claims: int


@dataclass
class Totals:
    triples: int
    graphs: int
    claims: int


def class_counts(store: Store) -> list[ClassCount]:
    """Entities (IRIs under ``id/``) per class, largest first."""
    sparql = f"""SELECT ?type (COUNT(DISTINCT ?x) AS ?n) WHERE {{
      GRAPH ?g {{ ?x a ?type }} FILTER(STRSTARTS(STR(?x), "{config.ENTITY}"))
    }} GROUP BY ?type"""
    counts = {r["type"].value: int(r["n"].value) for r in rows(store, sparql)}
    labels = summarise(store, set(counts), with_types=False).labels
    found = [ClassCount(t, labels.get(t) or curie(t), n) for t, n in counts.items()]
    return sorted(found, key=lambda c: (-c.count, c.label.lower()))


def totals(store: Store) -> Totals:
    sparql = f"""SELECT (COUNT(*) AS ?triples) (COUNT(DISTINCT ?g) AS ?graphs)
      (COUNT(DISTINCT ?c) AS ?claims) WHERE {{
      GRAPH ?g {{ ?s ?p ?o }} BIND(IF(STRSTARTS(STR(?g), "{config.CLAIM}"), ?g, ?unbound) AS ?c)
    }}"""
    row = next(rows(store, sparql))
    return Totals(int(row["triples"].value), int(row["graphs"].value), int(row["claims"].value))


def members(
    store: Store, class_iri: str, sort: str = "label", limit: int = 500, offset: int = 0
) -> tuple[int, list[Member]]:
    """Instances of a class or its subclasses: the total, then one page of them, sorted.

    From the store's text index where it has one (a range of a B-tree, whatever the size), else
    with SPARQL over every instance: the same answer either way."""
    sort = sort if sort in SORTS else "label"
    index = store.text_index()
    page = index.members(class_iri, sort, limit, offset) if index is not None else None
    if page is not None:
        total, listed = page
        return total, [Member(x, label or curie(x), date, n) for x, label, date, n in listed]
    typed = f"""{{ GRAPH ?tg {{ ?x a {sparql_iri(class_iri)} }} }} UNION {{
        GRAPH ?og {{ ?sub <{RDFS_SUBCLASS}>+ {sparql_iri(class_iri)} }}
        GRAPH ?tg {{ ?x a ?sub }} }}"""
    count = next(rows(store, f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {typed} }}"))
    sparql = (
        f"{entity_columns(typed)} ORDER BY {SORTS[sort]} LIMIT {int(limit)} OFFSET {int(offset)}"
    )
    found = [
        Member(
            r["x"].value,
            r["label"].value if "label" in r else curie(r["x"].value),
            r["date"].value if "date" in r else None,
            int(r["claims"].value),
        )
        for r in rows(store, sparql)
    ]
    return int(count["n"].value), found


@dataclass
class Source:
    iri: str
    title: str
    publisher: str | None
    date: str | None
    web_address: str | None
    claims: int


def sources(store: Store) -> list[Source]:
    """Every source document, with the number of claims that quote it."""
    akg = config.ONTOLOGY
    sparql = f"""SELECT ?s (SAMPLE(?t) AS ?title) (SAMPLE(?pub) AS ?publisher) (SAMPLE(?d) AS ?date)
        (SAMPLE(?w) AS ?web) (COUNT(DISTINCT ?c) AS ?claims) WHERE {{
      GRAPH ?sg {{ ?s a <{akg}SourceDocument> }}
      OPTIONAL {{ GRAPH ?g1 {{ ?s <{DCTERMS_TITLE}>|{LABEL_PATH} ?t }} }}
      OPTIONAL {{ GRAPH ?g2 {{ ?s <{akg}publisherName> ?pub }} }}
      OPTIONAL {{ GRAPH ?g3 {{ ?s <{akg}date>|<{DCTERMS_DATE}> ?d }} }}
      OPTIONAL {{ GRAPH ?g4 {{ ?s <{akg}webAddress> ?w }} }}
      OPTIONAL {{ GRAPH ?c {{ ?c <{akg}source> ?s }} }}
    }} GROUP BY ?s ORDER BY ?s"""
    return [
        Source(
            r["s"].value,
            r["title"].value if "title" in r else curie(r["s"].value),
            r["publisher"].value if "publisher" in r else None,
            r["date"].value if "date" in r else None,
            r["web"].value if "web" in r else None,
            int(r["claims"].value),
        )
        for r in rows(store, sparql)
    ]


@dataclass
class Concept:
    iri: str
    label: str
    notation: str | None = None
    definition: str | None = None
    narrower: list[Concept] = field(default_factory=list)


def concept_tree(store: Store, scheme: str) -> list[Concept]:
    """The concepts of a scheme as a forest: top concepts (or those without broader) first."""
    skos = SKOS_NS
    sparql = f"""SELECT ?c (SAMPLE(?l) AS ?label) (SAMPLE(?n) AS ?notation)
        (SAMPLE(?d) AS ?definition) (SAMPLE(?b) AS ?broader) WHERE {{
      GRAPH ?g {{ ?c <{skos}inScheme> {sparql_iri(scheme)} }}
      OPTIONAL {{ GRAPH ?g1 {{ ?c <{skos}prefLabel> ?l }} }}
      OPTIONAL {{ GRAPH ?g2 {{ ?c <{skos}notation> ?n }} }}
      OPTIONAL {{ GRAPH ?g3 {{ ?c <{skos}definition> ?d }} }}
      OPTIONAL {{ GRAPH ?g4 {{ ?c <{skos}broader> ?b }} }}
    }} GROUP BY ?c"""
    nodes: dict[str, Concept] = {}
    parents: dict[str, str] = {}
    for r in rows(store, sparql):
        iri = r["c"].value
        nodes[iri] = Concept(
            iri,
            r["label"].value if "label" in r else curie(iri),
            r["notation"].value if "notation" in r else None,
            r["definition"].value if "definition" in r else None,
        )
        if "broader" in r:
            parents[iri] = r["broader"].value
    roots: list[Concept] = []
    for iri, node in nodes.items():
        parent = nodes.get(parents.get(iri, ""))
        (parent.narrower if parent else roots).append(node)
    for node in nodes.values():
        node.narrower.sort(key=_concept_order)
    return sorted(roots, key=_concept_order)


def _concept_order(concept: Concept) -> tuple[str, str]:
    return (concept.notation or "", concept.label.lower())


def concept_schemes(store: Store) -> list[tuple[str, str]]:
    """(IRI, title) of every concept scheme."""
    sparql = f"""SELECT ?s WHERE {{
      GRAPH ?g {{ ?s a <{SKOS_CONCEPT_SCHEME}> }} }} ORDER BY ?s"""
    schemes = [r["s"].value for r in rows(store, sparql)]
    labels = summarise(store, set(schemes), with_types=False).labels
    return [(s, labels.get(s) or curie(s)) for s in schemes]
