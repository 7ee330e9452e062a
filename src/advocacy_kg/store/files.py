"""Reading RDF files straight into a pyoxigraph store: the fast load path.

``loading.parse_file`` turns every quad into a Python object; here pyoxigraph parses and inserts
in Rust while Python only hands it the bytes, which keeps loading within a small factor of a bare
parse (benchmarks/README.md). Checks and error messages are the ones of ``loading``.
"""

from __future__ import annotations

import io
import itertools
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, TextIO

import pyoxigraph as ox

from .. import config, loading

#: Files at least this big get a progress bar when progress is on (bytes).
PROGRESS_MIN_BYTES = 8 * 1024 * 1024
#: Files at least this big go through the bulk loader when it is allowed: below, its fixed cost
#: per file (new on-disk segments, ~13 ms) outweighs its speed.
BULK_MIN_BYTES = 16 * 1024 * 1024
#: Quads per call of the bulk loader: one call on 2M quads peaked at 1999 MiB, calls of 500k at
#: 897 MiB (measured on 1M quads and their merge; 1.5x the time).
BULK_CHUNK_QUADS = 500_000


class Progress:
    """A one-line progress bar on stderr, for files of at least ``PROGRESS_MIN_BYTES``."""

    def __init__(self, enabled: bool, stream: TextIO = sys.stderr) -> None:
        self.enabled, self.stream = enabled, stream
        self.label, self.total, self.done, self.shown = "", 0, 0, 0.0

    @classmethod
    def auto(cls, forced: bool = False) -> Progress:
        """On when asked for, or when stderr is a terminal."""
        return cls(forced or sys.stderr.isatty())

    def start(self, label: str, total: int) -> None:
        self.label, self.total, self.done, self.shown = label, total, 0, 0.0

    def advance(self, count: int) -> None:
        if not count:
            return
        self.done += count
        now = time.monotonic()
        if self.active and (now - self.shown > 0.2 or self.done >= self.total):
            self.shown = now
            share = self.done / self.total if self.total else 1.0
            bar = "#" * int(share * 30)
            self.stream.write(f"\r{self.label} [{bar:<30}] {share:4.0%} of {_size(self.total)}")
            self.stream.flush()

    def finish(self) -> None:
        if self.active:
            self.stream.write("\n")
            self.stream.flush()

    @property
    def active(self) -> bool:
        return self.enabled and self.total >= PROGRESS_MIN_BYTES


def _size(count: int) -> str:
    return f"{count / 1024 / 1024:.0f} MiB" if count >= 1024 * 1024 else f"{count} bytes"


class _CountingReader(io.RawIOBase):
    """Passes bytes through and tells the progress bar how many went by."""

    def __init__(self, raw: BinaryIO, progress: Progress) -> None:
        self.raw, self.progress = raw, progress

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        count = self.raw.readinto(buffer)  # type: ignore[attr-defined]
        self.progress.advance(count or 0)
        return count or 0


@dataclass
class LoadReport:
    """What a load put where: quads per named graph, and the files read."""

    graphs: dict[str, int] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def quads(self) -> int:
        return sum(self.graphs.values())


def load_file(
    target: ox.Store,
    file: loading.RdfFile,
    *,
    bulk: bool = False,
    progress: Progress | None = None,
    merge: bool = False,
) -> None:
    """Parse one file into ``target``; triples of a triple format go to ``file.graph``.

    ``bulk`` allows pyoxigraph's bulk loader for big files (no transaction, little memory: only
    for a store that is thrown away on failure). ``merge`` also copies every triple of a named
    graph into the default graph, from the same parse so blank nodes stay one node (see
    ``with_merge``). Raises ``loading.InputError`` naming the file and line.
    """
    if file.quads is not None:  # parsed already (``importing`` parses each user file once)
        quads = file.parsed_quads()
        target.extend(with_merge(quads, None) if merge else quads)
        return
    path = Path(file.path)
    fmt = loading.guarded_format(path)  # no size limit: the file streams through, never whole
    graph = ox.NamedNode(file.graph) if file.graph and not fmt.supports_datasets else None
    progress = progress or Progress(False)
    try:
        with loading.reading(path), path.open("rb") as raw:
            size = path.stat().st_size
            progress.start(path.name, size)
            big = bulk and size >= BULK_MIN_BYTES
            # bytes pass through Python only to move a progress bar
            source = io.BufferedReader(_CountingReader(raw, progress), 1 << 20)
            where = {"input": source} if progress.active else {"path": path}
            if merge:
                parsed = ox.parse(
                    **where, format=fmt, base_iri=config.BASE, rename_blank_nodes=True
                )
                quads = with_merge(parsed, graph)
                if not big:
                    target.extend(quads)
                while big and (chunk := list(itertools.islice(quads, BULK_CHUNK_QUADS))):
                    target.bulk_extend(chunk)  # in chunks: the bulk loader's memory stays bounded
            else:
                loader = target.bulk_load if big else target.load
                loader(**where, format=fmt, base_iri=config.BASE, to_graph=graph)
    finally:
        progress.finish()


def with_merge(quads: Iterable[ox.Quad], graph: ox.NamedNode | None) -> Iterator[ox.Quad]:
    """Each quad (moved to ``graph`` if given), then its triple in the default graph.

    pyoxigraph 0.5's union-default-graph mode repeats a triple once per named graph holding it
    (oxigraph#1919), and here a triple often sits in several claim graphs; so the default graph
    holds the RDF merge (a set) of the named graphs, written as the data are loaded.
    """
    for quad in quads:
        if graph is not None:
            quad = ox.Quad(quad.subject, quad.predicate, quad.object, graph)
        yield quad
        if not isinstance(quad.graph_name, ox.DefaultGraph):
            yield ox.Quad(quad.subject, quad.predicate, quad.object)


def load_all(
    target: ox.Store,
    files: Iterable[loading.RdfFile],
    *,
    bulk: bool = False,
    progress: Progress | None = None,
    merge: bool = False,
) -> list[str]:
    """Load every file into ``target``; the names of the files read."""
    names = []
    for file in files:
        load_file(target, file, bulk=bulk, progress=progress, merge=merge)
        names.append(str(file.path))
    return names


def replace_graphs(store: ox.Store, staging: ox.Store, names: list[str], *, bulk: bool) -> None:
    """Put a staging store's quads (named graphs and their merge) in place of ``names``.

    The default graph stays the merge: a triple of a replaced graph leaves it only when no other
    named graph still holds it. Costs what the replaced graphs hold, not the whole store.
    """
    gone: set[tuple[Any, Any, Any]] = set()
    for name in names:
        node = ox.NamedNode(name)
        gone.update(
            (q.subject, q.predicate, q.object)
            for q in store.quads_for_pattern(None, None, None, node)
        )
        store.remove_graph(node)
    for s, p, o in gone:
        held = store.quads_for_pattern(s, p, o, None)
        if all(isinstance(q.graph_name, ox.DefaultGraph) for q in held):
            store.remove(ox.Quad(s, p, o))
    (store.bulk_extend if bulk else store.extend)(staging)


def named_quads(store: ox.Store) -> int:
    """Quads in named graphs: the store's size without the merged default graph."""
    merged = store.query("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")
    return len(store) - int(next(iter(merged))["n"].value)  # type: ignore[arg-type]


def graph_sizes(store: ox.Store, *, default: bool = True) -> dict[str, int]:
    """Quads per named graph (and, with ``default``, the default graph as ``""``)."""
    sizes = {
        row["g"].value: int(row["n"].value)
        for row in store.query("SELECT ?g (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")  # type: ignore[union-attr]
    }
    if not default:
        return sizes
    count = len(list(store.quads_for_pattern(None, None, None, ox.DefaultGraph())))
    return {"": count, **sizes} if count else sizes
