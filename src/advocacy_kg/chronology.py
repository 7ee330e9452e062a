"""The timeline: every dated advocacy action, piece of legislation, procedure stage and event.

Each item keeps the claim graphs its date comes from; when sources disagree on a date, the
item appears once per date (nothing is picked, as in the data).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .describe import DATE_PROPERTIES, summarise
from .namespaces import AKG
from .rdfterms import curie, rows, values_clause
from .read_terms import class_ancestors
from .store import Store

#: Lanes of the timeline: the class an item must be (or descend from), and the lane's name.
LANES: tuple[tuple[str, str], ...] = (
    (str(AKG.AdvocacyAction), "Advocacy actions"),
    (str(AKG.Legislation), "Legislation"),
    (str(AKG.LegislativeStage), "Legislation"),
    (str(AKG.Provision), "Legislation"),
    (str(AKG.Event), "Events"),
)
LANE_NAMES = ("Advocacy actions", "Legislation", "Events")


@dataclass
class TimelineItem:
    iri: str
    label: str
    date: str
    lane: str
    type_label: str
    graphs: list[str] = field(default_factory=list)

    @property
    def day(self) -> dt.date:
        return parse_date(self.date)


def parse_date(value: str) -> dt.date:
    """An ``xsd:date``, ``gYearMonth`` or ``gYear`` as a day (the first of its period)."""
    head = value[:10]
    parts = head.split("-")
    try:
        if len(parts) >= 3:
            return dt.date(int(parts[0]), int(parts[1]), int(parts[2][:2]))
        if len(parts) == 2:
            return dt.date(int(parts[0]), int(parts[1]), 1)
        return dt.date(int(parts[0][:4]), 1, 1)
    except ValueError:
        return dt.date.min


def timeline(store: Store) -> list[TimelineItem]:
    sparql = f"""SELECT ?x ?d ?g ?type WHERE {{
      {values_clause("p", DATE_PROPERTIES)} GRAPH ?g {{ ?x ?p ?d }}
      OPTIONAL {{ GRAPH ?tg {{ ?x a ?type }} }} }}"""
    found: dict[tuple[str, str], TimelineItem] = {}
    types: dict[str, set[str]] = {}
    for r in rows(store, sparql):
        key = (r["x"].value, r["d"].value)
        item = found.setdefault(key, TimelineItem(key[0], "", key[1], "", ""))
        if r["g"].value not in item.graphs:
            item.graphs.append(r["g"].value)
        if "type" in r:
            types.setdefault(key[0], set()).add(r["type"].value)
    ancestors = class_ancestors(store)
    summary = summarise(store, {iri for iri, _ in found} | {t for ts in types.values() for t in ts})
    items = []
    for (iri, _), item in found.items():
        lane, kind = _lane(types.get(iri, set()), ancestors)
        if lane is None:
            continue
        item.lane = lane
        item.type_label = summary.labels.get(kind, curie(kind)) if kind else ""
        item.label = summary.labels.get(iri) or curie(iri)
        items.append(item)
    return sorted(items, key=lambda i: (i.day, i.label.lower()))


def _lane(types: set[str], ancestors: dict[str, set[str]]) -> tuple[str | None, str | None]:
    for kind in sorted(types):
        lineage = {kind} | ancestors.get(kind, set())
        for root, lane in LANES:
            if root in lineage:
                return lane, kind
    return None, None
