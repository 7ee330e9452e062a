"""The import library: plan where users' RDF files go, parse each once, record their provenance.

``advocacy-kg load`` is this plus a store: ``plan`` decides each file's named graph and refuses
clashes before a store is touched; with ``parse=True`` each file is parsed whole once and its
quads serve the validation and the store alike (without it files stream, whatever their size,
for ``--no-validate``); ``provenance`` gives the records of the import as quads.

From a notebook::

    from pathlib import Path
    from advocacy_kg import importing, loading
    from advocacy_kg.store import open_store

    users = importing.plan([Path("letters-2025.ttl")], None, loading.curated_files(), parse=True)
    store = open_store("memory")
    store.load_graphs(importing.files(loading.curated_files(), users))
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox

from . import config, loading, namespaces
from .rdfterms import RDF_TYPE_NODE as RDF_TYPE

PROV = namespaces.PROV_NS
DCTERMS = namespaces.DCTERMS_NS
VOID_TRIPLES = ox.NamedNode(namespaces.VOID_TRIPLES)
RDFS_LABEL = ox.NamedNode(namespaces.RDFS_LABEL)
INTEGER = ox.NamedNode(namespaces.XSD_INTEGER)


@dataclass
class UserFile:
    """A user's file: where its triples go and what its provenance record says."""

    path: Path
    graph: str | None  # for triple formats; quad formats keep theirs
    record: str
    graphs: set[str]
    count: int
    #: The file's quads as read (``plan(parse=True)``); None when the file streams.
    quads: list[ox.Quad] | None = None

    def rdf_file(self) -> loading.RdfFile:
        return loading.RdfFile(
            self.path, self.graph, None if self.quads is None else tuple(self.quads)
        )


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "data"


def plan(
    paths: list[Path], graph: str | None, curated: list[loading.RdfFile], *, parse: bool = False
) -> list[UserFile]:
    """Where each user file goes; refuses clashes before anything is read into a store."""
    taken = curated_graphs(curated)
    users, records = [], set()
    for path in paths:
        fmt = loading.guarded_format(path)  # nesting and entity limits, before any parser
        if not path.is_file():
            raise loading.InputError(path, "no such file")
        target = (
            None if fmt.supports_datasets else graph or config.GRAPH + "user/" + slug(path.stem)
        )
        record = config.GRAPH + "import/" + slug(path.stem)
        if record in records:
            raise loading.InputError(path, "another file has the same name: rename one")
        records.add(record)
        quads = read_whole(path) if parse else None
        graphs, count = scan(path, fmt, quads)
        if target:
            graphs = {target}
        clash = sorted(graphs & taken)
        if clash:
            raise loading.InputError(path, f"would replace the curated graph <{clash[0]}>")
        users.append(UserFile(path, target, record, graphs, count, quads))
    return users


def read_whole(path: Path) -> list[ox.Quad]:
    try:
        return loading.parse_file(path)
    except loading.InputError as error:
        if "over the limit" in error.problem:  # whole files are read to validate them
            raise loading.InputError(path, f"{error.problem} (add --no-validate)") from None
        raise


def scan(path: Path, fmt: ox.RdfFormat, quads: list[ox.Quad] | None = None) -> tuple[set[str], int]:
    """The named graphs a file fills and its number of quads (a streaming parse, unless the
    file's ``quads`` are given)."""
    graphs: set[str] = set()
    count = 0
    with loading.reading(path):
        parsed = (
            quads if quads is not None else ox.parse(path=path, format=fmt, base_iri=config.BASE)
        )
        for quad in parsed:
            count += 1
            if isinstance(quad.graph_name, ox.NamedNode):
                graphs.add(quad.graph_name.value)
            elif fmt.supports_datasets:
                raise loading.InputError(path, "holds triples outside any named graph")
    if not count:
        raise loading.InputError(path, "the file holds no triples")
    return graphs, count


def curated_graphs(curated: list[loading.RdfFile]) -> set[str]:
    names = {f.graph for f in curated if f.graph}
    for file in curated:
        if not file.graph:
            names |= scan(file.path, loading.rdf_format(file.path))[0]
    return names


def files(
    curated: list[loading.RdfFile], users: list[UserFile], now: datetime | None = None
) -> list[loading.RdfFile]:
    """What a store loads: the curated files, the users' files and their provenance records."""
    loaded = curated + [u.rdf_file() for u in users]
    if users:
        records = tuple(provenance(users, now))
        loaded.append(loading.RdfFile(Path("provenance of the import"), None, records))
    return loaded


def provenance(users: list[UserFile], now: datetime | None = None) -> list[ox.Quad]:
    """One provenance record per user file, each in its own graph."""
    when = ox.Literal(
        (now or datetime.now(UTC)).isoformat(timespec="seconds"),
        datatype=ox.NamedNode(namespaces.XSD_DATETIME),
    )
    quads = []
    for user in users:
        node = ox.NamedNode(user.record)
        facts: list[tuple[ox.NamedNode, ox.NamedNode | ox.Literal]] = [
            (RDF_TYPE, ox.NamedNode(PROV + "Entity")),
            (RDFS_LABEL, ox.Literal(f"Import of {user.path.name}", language="en")),
            (ox.NamedNode(DCTERMS + "source"), ox.Literal(user.path.name)),
            (ox.NamedNode(PROV + "generatedAtTime"), when),
            (
                VOID_TRIPLES,
                ox.Literal(str(user.count), datatype=ox.NamedNode(namespaces.XSD_INTEGER)),
            ),
            *((ox.NamedNode(DCTERMS + "hasPart"), ox.NamedNode(g)) for g in sorted(user.graphs)),
        ]
        quads += [ox.Quad(node, p, o, node) for p, o in facts]
        # the graphs point back to their import, so a graph's own page shows where it came from
        derived = ox.NamedNode(PROV + "wasDerivedFrom")
        quads += [ox.Quad(ox.NamedNode(g), derived, node, node) for g in sorted(user.graphs)]
        if user.graph:
            title = ox.Literal(f"Data loaded from {user.path.name}", language="en")
            quads.append(ox.Quad(ox.NamedNode(user.graph), RDFS_LABEL, title, node))
    return quads
