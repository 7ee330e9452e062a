"""The embedded store: pyoxigraph, in memory or on disk."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from .. import loading

QueryResult = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples


class OxigraphStore:
    """A pyoxigraph store whose SPARQL default graph is the union of all named graphs."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store

    @classmethod
    def in_memory(cls) -> OxigraphStore:
        return cls(ox.Store())

    @classmethod
    def on_disk(cls, directory: str | Path, *, read_only: bool = False) -> OxigraphStore:
        if read_only:
            return cls(ox.Store.read_only(str(directory)))
        return cls(ox.Store(str(directory)))

    def query(
        self,
        sparql: str,
        *,
        default_graphs: list[str] | None = None,
        named_graphs: list[str] | None = None,
        prefixes: dict[str, str] | None = None,
    ) -> QueryResult:
        """Run a SPARQL query; without a dataset given, the default graph is the union.

        ``prefixes`` are predeclared without changing the line numbers of parse errors.
        """
        default = [ox.NamedNode(g) for g in default_graphs] if default_graphs else None
        named = [ox.NamedNode(g) for g in named_graphs] if named_graphs else None
        return self.store.query(
            sparql,
            use_default_graph_as_union=default is None,
            default_graph=default,
            named_graphs=named,
            prefixes=prefixes,
        )

    def add_quads(self, quads: Iterable[ox.Quad]) -> None:
        self.store.extend(quads)

    def load_files(self, files: Iterable[loading.RdfFile]) -> int:
        """Parse every file first, then add all quads in one go: a bad file adds nothing."""
        quads = list(loading.parse_files(files))
        self.store.extend(quads)
        return len(quads)

    def graphs(self) -> list[str]:
        return sorted(g.value for g in self.store.named_graphs() if isinstance(g, ox.NamedNode))

    def __len__(self) -> int:
        return len(self.store)


def curated_store() -> OxigraphStore:
    """An in-memory store holding the curated dataset."""
    store = OxigraphStore.in_memory()
    store.load_files(loading.curated_files())
    return store
