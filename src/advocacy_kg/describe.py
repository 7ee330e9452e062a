"""What the graph says about one IRI, and where each fact comes from.

``describe_resource`` answers with a handful of SPARQL queries (never one per fact), so it works
the same on the embedded store and on a remote SPARQL server: the resource's outgoing and
incoming facts, the facts of the small nodes that qualify it (an addressing, a demand, a stated
count…), the label, type and date of every IRI mentioned, and for each fact the named graph it
sits in with that graph's source and verbatim quotes (``data/README.md``: one graph per claim).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from . import config
from .namespaces import AKG
from .namespaces import PROV_NS as PROV
from .rdfterms import RDF_TYPE, Term, display_name, rows, sparql_iri, values_clause
from .read_terms import DATE_PROPERTIES, DESCRIPTION_PROPERTIES, LABEL_PROPERTIES
from .store import Store

#: Nodes that only qualify another one: their facts are shown on the page that links to them.
QUALIFYING_CLASSES = frozenset(
    str(c)
    for c in (AKG.Addressing, AKG.Demand, AKG.StatedCount, AKG.Membership, AKG.OfficeHolding)
    + (AKG.LegislativeStage, AKG.Quotation)
)

#: Most incoming facts read on one page (a class has one per instance).
INCOMING_LIMIT = 500
#: Most IRIs in one VALUES clause.
VALUES_CHUNK = 1000


@dataclass
class Provenance:
    """The named graph a fact sits in; for a claim graph, its source and verbatim quotes; for an
    akg:Inference graph, who inferred its facts, why, and from which claims."""

    graph: str
    source: str | None = None
    quotes: list[str] = field(default_factory=list)
    is_inference: bool = False
    inferred_by: str | None = None
    reasoning: str | None = None
    derived_from: list[str] = field(default_factory=list)

    @property
    def is_claim(self) -> bool:
        return self.graph.startswith(config.CLAIM) and not self.is_inference


@dataclass
class Fact:
    subject: Term
    predicate: str
    object: Term
    graphs: list[str] = field(default_factory=list)


@dataclass
class Description:
    """Everything one page or one RDF answer about ``iri`` needs."""

    iri: str
    outgoing: list[Fact]
    incoming: list[Fact]
    qualifying: list[Fact]  # facts about the qualifying nodes linked to or from ``iri``
    labels: dict[str, str]
    types: dict[str, list[str]]
    dates: dict[str, str]
    provenance: dict[str, Provenance]
    label_facts: dict[str, Fact]
    incoming_truncated: bool = False

    @property
    def exists(self) -> bool:
        return bool(self.outgoing or self.incoming)

    @property
    def label(self) -> str:
        return self.label_of(self.iri)

    def label_of(self, value: str) -> str:
        return display_name(value, self.labels)

    def has_type(self, class_iri: str) -> bool:
        return class_iri in self.types.get(self.iri, [])

    def values(self, predicate: str, subject: str | None = None) -> list[Term]:
        subject = subject or self.iri
        facts = self.outgoing + self.qualifying
        return [f.object for f in facts if f.subject.value == subject and f.predicate == predicate]

    def subjects(self, predicate: str, obj: str | None = None) -> list[Term]:
        obj = obj or self.iri
        facts = self.incoming + self.qualifying
        return [f.subject for f in facts if f.object.value == obj and f.predicate == predicate]

    def descriptions(self) -> list[str]:
        return [t.value for p in DESCRIPTION_PROPERTIES for t in self.values(p) if t.is_literal]


@dataclass(frozen=True)
class Presence:
    """Whether an IRI names a graph, is a subject, or is an object anywhere."""

    graph: bool
    subject: bool
    object: bool

    @property
    def exists(self) -> bool:
        return self.graph or self.subject or self.object


def presence(store: Store, iri: str) -> Presence:
    node = sparql_iri(iri)
    sparql = f"""SELECT ?graph ?subject ?object WHERE {{
      BIND(EXISTS {{ GRAPH {node} {{ ?s ?p ?o }} }} AS ?graph)
      BIND(EXISTS {{ GRAPH ?g1 {{ {node} ?p1 ?o1 }} }} AS ?subject)
      BIND(EXISTS {{ GRAPH ?g2 {{ ?s2 ?p2 {node} }} }} AS ?object) }}"""
    row = next(rows(store, sparql))
    return Presence(*(row[k].value == "true" for k in ("graph", "subject", "object")))


def describe_resource(store: Store, iri: str) -> Description:
    node = sparql_iri(iri)
    outgoing = _facts(store, f"SELECT ?s ?p ?o ?g WHERE {{ GRAPH ?g {{ {node} ?p ?o }} }}", iri)
    incoming = _facts(
        store,
        f"SELECT ?s ?p ?o ?g WHERE {{ GRAPH ?g {{ ?s ?p {node} }} }} LIMIT {INCOMING_LIMIT + 1}",
        iri,
        incoming=True,
    )
    truncated = len(incoming) > INCOMING_LIMIT
    incoming = incoming[:INCOMING_LIMIT]
    neighbours = _mentioned(outgoing + incoming) - {iri}
    summary = summarise(store, neighbours | {iri})
    qualifying_nodes = {
        n for n in neighbours if QUALIFYING_CLASSES.intersection(summary.types.get(n, []))
    }
    qualifying = _qualifying_facts(store, qualifying_nodes, iri)
    all_facts = outgoing + incoming + qualifying
    origins = provenance(store, {g for f in all_facts for g in f.graphs})
    sources = {o.source for o in origins.values() if o.source}
    sources |= {o.inferred_by for o in origins.values() if o.inferred_by}
    later = (_mentioned(qualifying) | sources) - summary.seen
    summary.extend(summarise(store, later, known=summary.seen))
    return Description(
        iri=iri,
        outgoing=outgoing,
        incoming=incoming,
        qualifying=qualifying,
        labels=summary.labels,
        types=summary.types,
        dates=summary.dates,
        provenance=origins,
        label_facts=summary.label_facts,
        incoming_truncated=truncated,
    )


def _facts(store: Store, sparql: str, iri: str, incoming: bool = False) -> list[Fact]:
    """Facts of a query binding ?s ?p ?o ?g, the same triple in several graphs merged."""
    me = Term("iri", iri)
    merged: dict[tuple[Term, str, Term], Fact] = {}
    for row in rows(store, sparql):
        subject = row.get("s", me)
        obj = me if incoming else row["o"]
        key = (subject, row["p"].value, obj)
        fact = merged.setdefault(key, Fact(subject, row["p"].value, obj))
        fact.graphs.append(row["g"].value)
    return list(merged.values())


def _qualifying_facts(store: Store, nodes: set[str], iri: str) -> list[Fact]:
    """Outgoing and incoming facts of the qualifying nodes, except those already about ``iri``."""
    if not nodes:
        return []
    sparql = f"""SELECT ?s ?p ?o ?g WHERE {{
      {values_clause("n", nodes)}
      {{ GRAPH ?g {{ ?n ?p ?o }} BIND(?n AS ?s) }}
      UNION {{ GRAPH ?g {{ ?s ?p ?n }} BIND(?n AS ?o) }}
    }}"""
    facts = _facts(store, sparql, iri)
    return [f for f in facts if iri not in (f.subject.value, f.object.value)]


def in_list(variable: str, iris: Iterable[str]) -> str:
    """``?v IN (<a>, <b>)`` for a variable a pattern binds. Never a second VALUES clause: Oxigraph
    would start from the smaller one and read every quad of those predicates."""
    return f"?{variable} IN ({', '.join(sparql_iri(i) for i in sorted(set(iris)))})"


def rows_for_each(
    store: Store, sparql: str, variable: str, iris: Iterable[str]
) -> Iterator[dict[str, Term]]:
    """The rows of ``sparql`` with ``VALUES_<VARIABLE>`` replaced by a VALUES clause of the IRIs,
    a thousand at a time (Virtuoso refuses a VALUES clause of a few thousand)."""
    wanted, marker = sorted(set(iris)), f"VALUES_{variable.upper()}"
    for start in range(0, len(wanted), VALUES_CHUNK):
        chunk = wanted[start : start + VALUES_CHUNK]
        yield from rows(store, sparql.replace(marker, values_clause(variable, chunk)))


def _mentioned(facts: list[Fact]) -> set[str]:
    found = set()
    for fact in facts:
        found.add(fact.predicate)
        for term in (fact.subject, fact.object):
            if term.is_iri:
                found.add(term.value)
    return found


@dataclass
class Summary:
    """Label, types and date of a set of IRIs, as ``summarise`` found them."""

    labels: dict[str, str] = field(default_factory=dict)
    types: dict[str, list[str]] = field(default_factory=dict)
    dates: dict[str, str] = field(default_factory=dict)
    label_facts: dict[str, Fact] = field(default_factory=dict)  # the label triple and its graph
    seen: set[str] = field(default_factory=set)

    def extend(self, other: Summary) -> None:
        self.labels.update(other.labels)
        self.dates.update(other.dates)
        self.label_facts.update(other.label_facts)
        self.seen |= other.seen
        for key, value in other.types.items():
            self.types.setdefault(key, []).extend(v for v in value if v not in self.types[key])

    def add_rows(self, found: Iterable[dict[str, Term]]) -> None:
        """Names, types and dates from rows binding x (an IRI), p, v and, where known, g."""
        ranked: dict[str, int] = {}
        # in a fixed order, so ties (two labels of one rank, two dates) go the same way anywhere
        for row in sorted(found, key=lambda r: (r["x"], r["p"], r["v"], r.get("g", r["x"]))):
            x, p, v = row["x"].value, row["p"].value, row["v"]
            if p == RDF_TYPE:
                types = self.types.setdefault(x, [])
                if v.value not in types:
                    types.append(v.value)
            elif p in DATE_PROPERTIES:
                self.dates.setdefault(x, v.value)
            elif v.is_literal:
                score = LABEL_PROPERTIES.index(p) * 2 + (0 if v.language in ("en", None) else 1)
                if x not in ranked or score < ranked[x]:
                    ranked[x] = score
                    self.labels[x] = v.value
                    graphs = [row["g"].value] if "g" in row else []
                    self.label_facts[x] = Fact(row["x"], p, v, graphs)


def summarise(
    store: Store, iris: set[str], with_types: bool = True, known: set[str] | None = None
) -> Summary:
    """One query for the names, types and dates of ``iris``, one more for their types' names
    (unless every type is in ``known``, already summarised)."""
    summary = Summary(seen=set(iris))
    if not iris:
        return summary
    wanted = LABEL_PROPERTIES + DATE_PROPERTIES + (RDF_TYPE,)
    sparql = f"""SELECT ?x ?p ?v ?g WHERE {{
      VALUES_X GRAPH ?g {{ ?x ?p ?v }} FILTER({in_list("p", wanted)}) }}"""
    summary.add_rows(rows_for_each(store, sparql, "x", iris))
    type_iris = {t for ts in summary.types.values() for t in ts} - iris - (known or set())
    if type_iris and with_types:
        summary.extend(summarise(store, type_iris, with_types=False))
    return summary


def provenance(store: Store, graphs: set[str]) -> dict[str, Provenance]:
    """Source and quotes of each named graph, or its inference's agent, reasoning and claims,
    read inside the graph (no union default needed)."""
    found = {g: Provenance(g) for g in graphs}
    if not graphs:
        return found
    sparql = f"""SELECT ?g ?p ?v WHERE {{
      VALUES_G GRAPH ?g {{ ?g ?p ?v }}
      FILTER(?p IN (akg:source, akg:quote, akg:reasoning, <{PROV}wasAttributedTo>,
                    <{PROV}wasDerivedFrom>) || (?p = rdf:type && ?v = akg:Inference)) }}"""
    for row in rows_for_each(store, sparql, "g", graphs):
        entry, predicate, value = found[row["g"].value], row["p"].value, row["v"].value
        if predicate == str(AKG.source):
            entry.source = value
        elif predicate == str(AKG.quote) and value not in entry.quotes:
            entry.quotes.append(value)
        elif predicate == RDF_TYPE:
            entry.is_inference = True
        elif predicate == str(AKG.reasoning):
            entry.reasoning = value
        elif predicate == PROV + "wasAttributedTo":
            entry.inferred_by = value
        elif predicate == PROV + "wasDerivedFrom" and value not in entry.derived_from:
            entry.derived_from.append(value)
    for entry in found.values():
        entry.quotes.sort()
        entry.derived_from.sort()
    return found


def group_by_predicate(facts: list[Fact]) -> dict[str, list[Fact]]:
    grouped: dict[str, list[Fact]] = defaultdict(list)
    for fact in facts:
        grouped[fact.predicate].append(fact)
    return dict(grouped)
