"""Loading into a remote SPARQL store: parse locally, stage on the server, swap in one update.

1. Every file is parsed into a local staging store first, so a syntax error (file and line) is
   found before anything is sent.
2. Each named graph goes to a staging graph ``urn:advocacy-kg:staging:<token>:<n>`` on the
   server: big graphs by the Graph Store Protocol (PUT, N-Triples) when the server has one,
   the rest by ``INSERT DATA`` in batches (a graph never spans two requests, so its blank nodes
   stay one node each).
3. One SPARQL Update request of ``MOVE <staging> TO <graph>`` operations swaps them in. Servers
   that run an update request as one transaction (Oxigraph, Fuseki) swap atomically.
On failure or interruption the staging graphs are dropped; a load killed outright leaves only
staging graphs, which the next load removes.
"""

from __future__ import annotations

import shutil
import tempfile
import time
import urllib.parse
import uuid
from collections.abc import Sequence
from contextlib import suppress
from typing import Any, Protocol

import pyoxigraph as ox

from .. import loading
from .files import LoadReport, Progress, graph_sizes, load_all

STAGING = "urn:advocacy-kg:staging:"
#: Quads per INSERT DATA request, and the graph size from which the Graph Store Protocol is used.
BATCH_QUADS = 20_000
#: Inputs bigger than this are staged locally on disk rather than in memory (bytes).
DISK_STAGING_BYTES = 256 * 1024 * 1024


class Remote(Protocol):
    """What a load needs of a SPARQL server (``sparql.SparqlStore``, which calls this module)."""

    graph_store_url: str | None

    def graphs(self) -> list[str]: ...

    def update(self, sparql: str) -> None: ...

    def send(self, method: str, url: str, body: bytes, content_type: str, accept: str) -> Any: ...


def load_graphs(
    remote: Remote, files: Sequence[loading.RdfFile], progress: Progress | None
) -> LoadReport:
    started = time.perf_counter()
    big = sum(f.path.stat().st_size for f in files if f.path.exists()) > DISK_STAGING_BYTES
    scratch = tempfile.mkdtemp(prefix="advocacy-kg-staging-") if big else None
    try:
        local = ox.Store(scratch) if scratch else ox.Store()
        names = load_all(local, files, bulk=big, progress=progress)
        sizes = graph_sizes(local)
        if "" in sizes:
            raise ValueError("the files hold triples outside any named graph: give them --graph")
        token = uuid.uuid4().hex[:12]
        staged = {g: f"{STAGING}{token}:{n}" for n, g in enumerate(sizes)}
        drop_stale_staging(remote)
        try:
            insert_data(remote, local, staged, sizes)
            remote.update(" ;\n".join(f"MOVE <{s}> TO <{g}>" for g, s in staged.items()))
        except BaseException:
            with suppress(Exception):
                remote.update(" ;\n".join(f"DROP SILENT GRAPH <{s}>" for s in staged.values()))
            raise
        del local
    finally:
        if scratch:
            shutil.rmtree(scratch, ignore_errors=True)
    return LoadReport(sizes, names, time.perf_counter() - started)


def insert_data(
    remote: Remote,
    local: ox.Store,
    targets: dict[str, str],
    sizes: dict[str, int] | None = None,
) -> None:
    """Copy each local graph to its target graph on the server (target = ``targets[graph]``)."""
    batch: list[str] = []
    batched = 0
    for graph, target in targets.items():
        size = sizes[graph] if sizes else BATCH_QUADS
        triples = local.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(graph)) or b""
        if size >= BATCH_QUADS and remote.graph_store_url:
            put_graph(remote, target, triples)
            continue
        batch.append(f"GRAPH <{target}> {{\n{triples.decode()}}}")
        batched += size
        if batched >= BATCH_QUADS:
            remote.update(insert(batch))
            batch, batched = [], 0
    if batch:
        remote.update(insert(batch))


def insert(blocks: list[str]) -> str:
    """INSERT DATA, or INSERT … WHERE {} when there are blank nodes (Virtuoso refuses them in
    INSERT DATA; a template instantiated once gives the same result everywhere)."""
    body = "\n".join(blocks)
    return f"INSERT {{\n{body}\n}} WHERE {{}}" if "_:" in body else f"INSERT DATA {{\n{body}\n}}"


def put_graph(remote: Remote, graph: str, triples: bytes) -> None:
    """Graph Store Protocol: replace one graph's content with N-Triples."""
    assert remote.graph_store_url
    separator = "&" if "?" in remote.graph_store_url else "?"
    url = f"{remote.graph_store_url}{separator}graph={urllib.parse.quote(graph, safe='')}"
    remote.send("PUT", url, triples, "application/n-triples", "*/*").close()


def drop_stale_staging(remote: Remote) -> None:
    """Remove staging graphs left by a load that was killed before it could clean up."""
    stale = [g for g in remote.graphs() if g.startswith(STAGING)]
    if stale:
        remote.update(" ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in stale))
