"""The embedded store: pyoxigraph, in memory or on disk.

Loads are all-or-nothing. Files are parsed into a staging store first, so a bad file adds nothing:
in memory the staging store is merged in one transaction (or simply adopted when the store is
empty); on disk the new state is built in a sibling directory and swapped in with a rename
(``swap.py``), so a failed or interrupted load leaves the directory as it was.

Every load also brings the text index of the searched literals up to date (``text_index.py``): in
memory for an in-memory store (built again at the next search), in ``DIR/text-index.sqlite`` on
disk, staged and swapped with the store (updated for the changed subjects, ``index_update.py``).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Unpack

import pyoxigraph as ox

from .. import loading
from . import swap
from .files import LoadReport, Progress, graph_sizes, load_all, named_quads, replace_graphs
from .protocol import QueryDataset, QueryResult, Store
from .text_index import FILE_NAME, TextIndex

if TYPE_CHECKING:
    from .spec import StoreSpec

log = logging.getLogger(__name__)


class OxigraphStore:
    """A pyoxigraph store whose SPARQL default graph is the merge of all named graphs.

    Every write keeps the default graph equal to that merge (``files.with_merge``, and
    ``files.replace_graphs``); data always live in named graphs.
    """

    def __init__(self, store: ox.Store, directory: Path | None = None) -> None:
        self.store = store
        #: Where the store lives on disk; None for an in-memory store.
        self.directory = directory
        self._index: TextIndex | None = None
        self._index_lock = threading.Lock()
        self._index_missing = False  # said once, not on every search

    @classmethod
    def in_memory(cls) -> OxigraphStore:
        return cls(ox.Store())

    @classmethod
    def on_disk(cls, directory: str | Path, *, read_only: bool = False) -> OxigraphStore:
        directory = Path(directory)
        if not read_only:
            directory.parent.mkdir(parents=True, exist_ok=True)
        swap.tidy(directory)
        if read_only:
            return cls(ox.Store.read_only(str(directory)), directory)
        return cls(ox.Store(str(directory)), directory)

    def query(self, sparql: str, **dataset: Unpack[QueryDataset]) -> QueryResult:
        """Run a SPARQL query; without a dataset given, the default graph is the merge of all
        named graphs.

        ``prefixes`` are predeclared without changing the line numbers of parse errors.
        """
        default: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph]
        named: list[ox.NamedNode | ox.BlankNode]
        default = [ox.NamedNode(g) for g in dataset.get("default_graphs") or []]
        named = [ox.NamedNode(g) for g in dataset.get("named_graphs") or []]
        return self.store.query(
            sparql,
            default_graph=default or None,
            named_graphs=named or None,
            prefixes=dataset.get("prefixes"),
        )

    def quads(self) -> Iterator[ox.Quad]:
        for quad in self.store.quads_for_pattern(None, None, None, None):
            if not isinstance(quad.graph_name, ox.DefaultGraph):
                yield quad

    def query_process_opener(self) -> Callable[[], Store] | None:
        """In memory, the forked process has the store already; on disk, it opens it read-only
        with a handle of its own (queries only: no text index there)."""
        if self.directory is None:
            return lambda: self
        folder = str(self.directory)
        return lambda: OxigraphStore(ox.Store.read_only(folder))

    def add_quads(self, quads: Iterable[ox.Quad]) -> None:
        """Add quads of named graphs (and their triples to the merged default graph)."""
        added = [q for q in quads if not isinstance(q.graph_name, ox.DefaultGraph)]
        merged = (ox.Quad(q.subject, q.predicate, q.object) for q in added)
        self.store.extend([*added, *merged])
        self._reindex()

    def load_files(self, files: Iterable[loading.RdfFile]) -> int:
        """Add every quad of the files, all or nothing: a bad file adds nothing.

        Returns the number of distinct quads read.
        """
        staging = ox.Store()
        load_all(staging, files, merge=True)
        count = named_quads(staging)
        self._merge(staging, replace=[])
        self._reindex()
        return count

    def bulk_load(self, path: str | Path, graph: str | None = None) -> None:
        """Add one big file with pyoxigraph's bulk loader: fast and lean, but NOT atomic.

        Meant for filling a fresh store; ``load_graphs`` stages and swaps for safe reloads.
        """
        load_all(self.store, [loading.RdfFile(Path(path), graph)], bulk=True, merge=True)
        self._reindex()

    def load_graphs(
        self, files: Sequence[loading.RdfFile], *, progress: Progress | None = None
    ) -> LoadReport:
        """Load the files named graph by named graph, all or nothing.

        Every named graph in the files replaces the graph of the same name in the store; other
        graphs are kept. Raises ``loading.InputError`` (file and line) with the store unchanged.
        """
        started = time.perf_counter()
        if self.directory is None:
            staging = ox.Store()
            names = load_all(staging, files, progress=progress, merge=True)
            sizes = graph_sizes(staging, default=False)
            self._merge(staging, replace=list(sizes))
            self._reindex()
        else:
            with swap.locked(self.directory):
                names, sizes = swap.stage(self.store, self.directory, files, progress)
                with self._index_lock:
                    self._close_index()
                self.store = ox.Store()  # closes the live database so its directory can move
                swap.swap_in(self.directory)
                self.store = ox.Store(str(self.directory))
        return LoadReport(sizes, names, time.perf_counter() - started)

    def reopen(self) -> None:
        """Open the directory anew, read-only: a server follows a load that swapped it in
        (``web/freshness.py``). Requests still reading the old store and index keep them until
        they finish (the index is dropped, not closed under them)."""
        if self.directory is None:
            return
        opened = ox.Store.read_only(str(self.directory))  # a failure here changes nothing
        with self._index_lock:
            self.store = opened
            self._index, self._index_missing = None, False

    def _merge(self, staging: ox.Store, replace: list[str]) -> None:
        """Move a staging store's quads in; an empty in-memory store simply adopts it."""
        if self.directory is None and len(self.store) == 0:
            self.store = staging
        else:
            replace_graphs(self.store, staging, replace, bulk=False)

    def text_index(self) -> TextIndex | None:
        """The text index of the store's searched literals; None when an on-disk store has none
        (filled by another tool: search then falls back to SPARQL)."""
        with self._index_lock:
            if self._index is not None and self._index.changed():
                self._outdated()
            if self._index is None and not self._index_missing:
                if self.directory is None:
                    self._index = TextIndex.build(self.store)
                elif (self.directory / FILE_NAME).exists():
                    self._index = TextIndex.open(self.directory / FILE_NAME)
                else:
                    self._index_missing = True
                    log.warning(
                        "%s has no text index: search reads the store with SPARQL (slow with "
                        "millions of triples); 'advocacy-kg load' builds it",
                        self.directory,
                    )
            return self._index

    def _outdated(self) -> None:
        """A load updated the index in place: it no longer matches the store opened before it,
        which pyoxigraph keeps reading; the store's own SPARQL answers until a restart."""
        self._close_index()
        self._index_missing = True
        log.warning(
            "%s was loaded again: restart to search the new data with its index", self.directory
        )

    def _reindex(self) -> None:
        """After a write in place: a new file for an on-disk store; in memory, the index is
        dropped and built again by the next search (``validate`` and ``query`` never search)."""
        with self._index_lock:
            self._close_index()
            if self.directory is not None:
                self._index = TextIndex.build(self.store, self.directory / FILE_NAME)

    def _close_index(self) -> None:
        self._index_missing = False
        if self._index is not None:
            self._index.close()
            self._index = None

    def graphs(self) -> list[str]:
        return sorted(g.value for g in self.store.named_graphs() if isinstance(g, ox.NamedNode))

    def __len__(self) -> int:
        """Quads in the named graphs: the dataset as loaded, without the merged default graph."""
        return named_quads(self.store)


def open_on_disk(spec: StoreSpec, read_only: bool) -> OxigraphStore:
    """``oxigraph:DIR``; a reader needs a store there (a writer creates one)."""
    from .spec import StoreSpecError

    directory = Path(spec.location)
    # a reader creates nothing (not even a lock), though it puts back a swap stopped half-way
    if read_only and not directory.is_dir() and not swap.sibling(directory, swap.REPLACED).exists():
        raise StoreSpecError(f"{spec}: no store there (fill it with 'advocacy-kg load')")
    try:
        return OxigraphStore.on_disk(directory, read_only=read_only)
    except OSError as error:
        raise StoreSpecError(f"{spec}: cannot open the store: {error}") from None


def curated_store() -> OxigraphStore:
    """An in-memory store holding the curated dataset."""
    store = OxigraphStore.in_memory()
    store.load_files(loading.curated_files())
    return store
