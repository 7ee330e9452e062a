"""The network of organisations: two are linked when they signed or organised the same
advocacy action; a member is also linked to its coalition. A deterministic force layout gives
each node a place, so the picture is the same on every run and can be drawn server-side.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from itertools import combinations

from .describe import summarise
from .namespaces import AKG
from .rdfterms import curie, rows
from .read_terms import class_ancestors
from .store import Store

ROLES = (str(AKG.signatory), str(AKG.organisedBy))
#: Most nodes drawn (the best connected): a picture of thousands of nodes helps nobody.
MAX_NODES = 150
GRAVITY = 2.0


@dataclass
class Node:
    iri: str
    label: str
    kind: str  # "organisation", "coalition", "public body", "person"
    actions: list[str] = field(default_factory=list)
    x: float = 0.0
    y: float = 0.0


@dataclass
class Edge:
    source: str
    target: str
    kind: str  # "co-signed" or "member of"
    actions: list[str] = field(default_factory=list)  # the actions both took part in


@dataclass
class Network:
    nodes: list[Node]
    edges: list[Edge]
    labels: dict[str, str]

    def node(self, iri: str) -> Node:
        return next(n for n in self.nodes if n.iri == iri)


def cosignature_network(store: Store) -> Network:
    participants: dict[str, set[str]] = {}
    sparql = f"""SELECT ?action ?agent WHERE {{
      VALUES ?role {{ <{ROLES[0]}> <{ROLES[1]}> }}
      GRAPH ?g {{ ?action ?role ?agent }} FILTER(isIRI(?agent)) }}"""
    for r in rows(store, sparql):
        participants.setdefault(r["action"].value, set()).add(r["agent"].value)
    memberships = [
        (r["m"].value, r["c"].value)
        for r in rows(
            store,
            f"""SELECT ?m ?c WHERE {{ {{ GRAPH ?g {{ ?m <{AKG.memberOf}> ?c }} }} UNION {{
              GRAPH ?g1 {{ ?x <{AKG.member}> ?m ; <{AKG.organisation}> ?c }} }} }}""",
        )
    ]
    edges: dict[tuple[str, str, str], Edge] = {}
    for action, agents in participants.items():
        for a, b in combinations(sorted(agents), 2):
            edges.setdefault((a, b, "co-signed"), Edge(a, b, "co-signed")).actions.append(action)
    for member, coalition in memberships:
        edges.setdefault((member, coalition, "member of"), Edge(member, coalition, "member of"))
    ends = {e for edge in edges.values() for e in (edge.source, edge.target)}
    agents = {a for agents in participants.values() for a in agents} | ends
    summary = summarise(store, agents | set(participants))
    ancestors = class_ancestors(store)
    nodes = {
        iri: Node(
            iri, summary.labels.get(iri) or curie(iri), _kind(summary.types.get(iri, []), ancestors)
        )
        for iri in agents
    }
    for action, members in participants.items():
        for agent in members:
            nodes[agent].actions.append(action)
    kept = sorted(nodes.values(), key=lambda n: (-_degree(n.iri, edges), n.label.lower()))[
        :MAX_NODES
    ]
    keep = {n.iri for n in kept}
    network = Network(
        sorted(kept, key=lambda n: n.label.lower()),
        sorted(
            (e for e in edges.values() if e.source in keep and e.target in keep),
            key=lambda e: (nodes[e.source].label.lower(), nodes[e.target].label.lower()),
        ),
        summary.labels,
    )
    layout(network)
    return network


def _degree(iri: str, edges: dict[tuple[str, str, str], Edge]) -> int:
    return sum(1 for e in edges.values() if iri in (e.source, e.target))


def _kind(types: list[str], ancestors: dict[str, set[str]]) -> str:
    lineage = set(types) | {a for t in types for a in ancestors.get(t, set())}
    for cls, name in (
        (AKG.Coalition, "coalition"),
        (AKG.PublicBody, "public body"),
        (AKG.Organisation, "organisation"),
        (AKG.Person, "person"),
    ):
        if str(cls) in lineage:
            return name
    return "other"


def layout(network: Network, iterations: int = 300) -> None:
    """Fruchterman–Reingold in the unit square, started from a circle (no randomness)."""
    nodes = network.nodes
    count = len(nodes)
    if count == 0:
        return
    index = {n.iri: i for i, n in enumerate(nodes)}
    pos = [
        [
            0.5 + 0.4 * math.cos(2 * math.pi * i / count),
            0.5 + 0.4 * math.sin(2 * math.pi * i / count),
        ]
        for i in range(count)
    ]
    links = [(index[e.source], index[e.target]) for e in network.edges]
    k = math.sqrt(1.0 / count)
    temperature = 0.1
    for _ in range(iterations):
        shift = [[0.0, 0.0] for _ in range(count)]
        for i in range(count):
            for j in range(i + 1, count):
                dx, dy = pos[i][0] - pos[j][0], pos[i][1] - pos[j][1]
                dist = max(math.hypot(dx, dy), 1e-4)
                force = k * k / dist
                shift[i][0] += dx / dist * force
                shift[i][1] += dy / dist * force
                shift[j][0] -= dx / dist * force
                shift[j][1] -= dy / dist * force
        for i, j in links:
            dx, dy = pos[i][0] - pos[j][0], pos[i][1] - pos[j][1]
            dist = max(math.hypot(dx, dy), 1e-4)
            force = dist * dist / k
            shift[i][0] -= dx / dist * force
            shift[i][1] -= dy / dist * force
            shift[j][0] += dx / dist * force
            shift[j][1] += dy / dist * force
        for i in range(count):
            # gravity towards the centre keeps unconnected parts from piling up on the edges
            shift[i][0] -= (pos[i][0] - 0.5) * GRAVITY
            shift[i][1] -= (pos[i][1] - 0.5) * GRAVITY
            length = max(math.hypot(*shift[i]), 1e-9)
            step = min(length, temperature)
            pos[i][0] = min(0.98, max(0.02, pos[i][0] + shift[i][0] / length * step))
            pos[i][1] = min(0.98, max(0.02, pos[i][1] + shift[i][1] / length * step))
        temperature *= 0.985
    _fit(pos)
    for node, (x, y) in zip(nodes, pos, strict=True):
        node.x, node.y = round(x, 4), round(y, 4)


def _fit(pos: list[list[float]]) -> None:
    """Stretch the layout to fill the square (margins kept for the labels)."""
    for axis in (0, 1):
        low = min(p[axis] for p in pos)
        high = max(p[axis] for p in pos)
        for p in pos:
            p[axis] = 0.5 if high - low < 1e-9 else 0.05 + 0.9 * (p[axis] - low) / (high - low)
