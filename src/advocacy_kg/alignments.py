"""Wikidata alignments: a CSV or TSV file saying which Wikidata item is one of our entities.

Columns (a header row, any order): ``entity`` (an IRI, or relative to the base: ``id/person/…``),
``wikidata`` (or ``qid``: ``Q`` and digits), ``method`` (reconciliation, mix'n'match, manual),
``who`` and ``when`` (an ISO date or date-time). ``advocacy-kg load FILE.csv`` stores each file in
its own named graph, ``<graph/alignments/FILE-STEM>``: the links as ``skos:exactMatch`` and, for
each, a record (``rdf:Statement``) attributed to who made it, when and how (PROV-O).

Why ``skos:exactMatch`` and not ``owl:sameAs``: sameAs would make every statement Wikidata makes
about the item a statement about our entity (a reasoner merges the two), and Wikidata's claims
carry neither our sources nor our quotes. exactMatch says the two name the same thing and keeps
each graph's statements its own. Nothing is fetched: a QID is checked for its form only, and an
entity that the curated graph does not hold is refused.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pyoxigraph as ox

from . import config, loading
from .namespaces import DCTERMS_SOURCE, RDFS_LABEL, SKOS_EXACT_MATCH
from .namespaces import PROV_NS as PROV
from .namespaces import RDF_NS as RDF
from .namespaces import WD_NS as WIKIDATA_ENTITY
from .namespaces import XSD_NS as XSD
from .rdfterms import rows, sparql_iri
from .store import Store

SUFFIXES = {".csv": ",", ".tsv": "\t"}
COLUMNS = ("entity", "wikidata", "method", "who", "when")
SYNONYMS = {"qid": "wikidata", "iri": "entity"}
METHODS = {"reconciliation": "reconciliation", "mix'n'match": "Mix'n'match", "manual": "manual"}
QID = re.compile(r"^Q[1-9][0-9]*$")
ALIGNMENTS_GRAPH = config.GRAPH + "alignments/"


@dataclass(frozen=True)
class Alignment:
    """One row: ``entity`` is Wikidata's ``qid``, said by ``who`` on ``when`` by ``method``."""

    entity: str
    qid: str
    method: str
    who: str
    when: str
    line: int

    @property
    def item(self) -> str:
        return WIKIDATA_ENTITY + self.qid


def is_table(path: Path) -> bool:
    return path.suffix.lower() in SUFFIXES


def graph_for(path: Path) -> str:
    from .commands.load import slug  # one naming rule for every loaded file

    return ALIGNMENTS_GRAPH + slug(path.stem)


def read(path: Path, known: set[str]) -> list[Alignment]:
    """The rows of one file, each checked; an ``InputError`` names the file, line and problem."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            table = list(csv.reader(handle, delimiter=SUFFIXES[path.suffix.lower()]))
    except (UnicodeDecodeError, csv.Error) as error:
        raise loading.InputError(path, f"not a readable table: {error}") from None
    except OSError as error:
        raise loading.InputError(path, error.strerror or "cannot be read") from None
    if not table:
        raise loading.InputError(path, "the file is empty: expected a header row", 1)
    header = [SYNONYMS.get(h.strip().lower(), h.strip().lower()) for h in table[0]]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise loading.InputError(
            path, f"missing column {missing[0]!r} (columns: {', '.join(COLUMNS)})", 1
        )
    found: list[Alignment] = []
    seen: dict[str, Alignment] = {}
    for number, cells in enumerate(table[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            raise loading.InputError(
                path, f"{len(cells)} cells, the header has {len(header)}", number
            )
        row = dict(zip(header, (c.strip() for c in cells), strict=True))
        alignment = _checked(row, number, path, known)
        before = seen.get(alignment.entity)
        if before and before.qid != alignment.qid:
            raise loading.InputError(
                path, f"<{alignment.entity}> is {before.qid} on line {before.line}", number
            )
        seen[alignment.entity] = alignment
        found.append(alignment)
    if not found:
        raise loading.InputError(path, "no alignments below the header")
    return found


def _checked(row: dict[str, str], line: int, path: Path, known: set[str]) -> Alignment:
    def fail(problem: str) -> loading.InputError:
        return loading.InputError(path, problem, line)

    entity = row["entity"] if "://" in row["entity"] else config.BASE + row["entity"].lstrip("/")
    if entity not in known:
        raise fail(f"unknown entity {row['entity']!r}: not in the curated graph")
    if not QID.match(row["wikidata"]):
        raise fail(f"{row['wikidata']!r} is not a Wikidata item id (Q followed by digits)")
    method = METHODS.get(row["method"].lower())
    if method is None:
        raise fail(f"unknown method {row['method']!r} (one of: {', '.join(METHODS.values())})")
    if not row["who"]:
        raise fail("'who' is empty: say who made the alignment")
    try:
        when = (datetime if "T" in row["when"] else date).fromisoformat(row["when"]).isoformat()
    except ValueError:
        raise fail(f"'when' is {row['when']!r}: expected an ISO date (2025-01-31)") from None
    return Alignment(entity, row["wikidata"], method, row["who"], when, line)


def known_entities() -> set[str]:
    """Every typed IRI under ``id/`` in the curated graph."""
    from .store.oxigraph import curated_store

    sparql = f'SELECT DISTINCT ?e {{ ?e a ?t FILTER(STRSTARTS(STR(?e), "{config.ENTITY}")) }}'
    return {row["e"].value for row in rows(curated_store(), sparql)}


def read_files(paths: Sequence[Path]) -> dict[Path, list[Alignment]]:
    if not paths:
        return {}
    graphs: dict[str, Path] = {}
    for path in paths:
        if graphs.setdefault(graph_for(path), path) != path:
            raise loading.InputError(
                path, f"{graphs[graph_for(path)]} has the same name: rename one"
            )
    known = known_entities()
    return {path: read(path, known) for path in paths}


def quads(path: Path, alignments: Iterable[Alignment]) -> list[ox.Quad]:
    """The alignment graph of one file: the links, and a record of each with its provenance."""
    graph = ox.NamedNode(graph_for(path))
    out = [
        ox.Quad(graph, ox.NamedNode(RDF + "type"), ox.NamedNode(PROV + "Entity"), graph),
        ox.Quad(
            graph,
            ox.NamedNode(RDFS_LABEL),
            ox.Literal(f"Wikidata alignments from {path.name}", language="en"),
            graph,
        ),
        ox.Quad(graph, ox.NamedNode(DCTERMS_SOURCE), ox.Literal(path.name), graph),
    ]
    for a in alignments:
        entity, item = ox.NamedNode(a.entity), ox.NamedNode(a.item)
        record = ox.NamedNode(f"{graph.value}#line-{a.line}")
        agent = ox.NamedNode(f"{graph.value}#agent-{_slug(a.who)}")
        activity = ox.NamedNode(f"{graph.value}#method-{_slug(a.method)}")
        when = ox.Literal(
            a.when, datatype=ox.NamedNode(XSD + ("dateTime" if "T" in a.when else "date"))
        )
        facts: list[tuple[ox.NamedNode, str, ox.NamedNode | ox.Literal]] = [
            (entity, SKOS_EXACT_MATCH, item),
            (record, RDF + "type", ox.NamedNode(RDF + "Statement")),
            (record, RDF + "type", ox.NamedNode(PROV + "Entity")),
            (record, RDF + "subject", entity),
            (record, RDF + "predicate", ox.NamedNode(SKOS_EXACT_MATCH)),
            (record, RDF + "object", item),
            (record, PROV + "wasAttributedTo", agent),
            (record, PROV + "generatedAtTime", when),
            (record, PROV + "wasGeneratedBy", activity),
            (agent, RDF + "type", ox.NamedNode(PROV + "Agent")),
            (agent, RDFS_LABEL, ox.Literal(a.who)),
            (activity, RDF + "type", ox.NamedNode(PROV + "Activity")),
            (activity, RDFS_LABEL, ox.Literal(a.method)),
        ]
        out += [ox.Quad(s, ox.NamedNode(p), o, graph) for s, p, o in facts]
    return out


def write_graphs(tables: dict[Path, list[Alignment]], scratch: Path) -> list[loading.RdfFile]:
    """One TriG file holding every table's alignment graph, to load with the other files."""
    if not tables:
        return []
    target = scratch / "alignments.trig"
    found = [q for path, rows_ in tables.items() for q in quads(path, rows_)]
    target.write_bytes(ox.serialize(found, format=ox.RdfFormat.TRIG) or b"")
    return [loading.RdfFile(target)]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


@dataclass(frozen=True)
class Link:
    """An alignment as the store holds it, for entity pages and exports."""

    entity: str
    qid: str
    who: str
    method: str
    when: str
    graph: str


def links(store: Store, entity: str | None = None) -> list[Link]:
    """The Wikidata alignments in the store (of one entity, or all), with who, how and when."""
    only = f"VALUES ?e {{ {sparql_iri(entity)} }}" if entity else ""
    sparql = f"""SELECT ?e ?item ?who ?method ?when ?g WHERE {{ {only} GRAPH ?g {{
        ?r rdf:subject ?e ; rdf:predicate skos:exactMatch ; rdf:object ?item ;
           prov:wasAttributedTo/rdfs:label ?who ; prov:wasGeneratedBy/rdfs:label ?method ;
           prov:generatedAtTime ?when }}
        FILTER(STRSTARTS(STR(?g), "{ALIGNMENTS_GRAPH}"))
        FILTER(STRSTARTS(STR(?item), "{WIKIDATA_ENTITY}"))
    }} ORDER BY ?e ?item ?g"""
    return [
        Link(
            r["e"].value,
            r["item"].value[len(WIKIDATA_ENTITY) :],
            r["who"].value,
            r["method"].value,
            r["when"].value,
            r["g"].value,
        )
        for r in rows(store, sparql)
    ]
