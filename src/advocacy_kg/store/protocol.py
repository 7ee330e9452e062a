"""The one ``Store`` protocol: what every backend offers, and the abilities only some have.

Kept free of the backends (they are imported only under ``TYPE_CHECKING``), so the read model
(``describe``, ``search``, the browser) can name ``Store`` without loading any backend.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Protocol, TypedDict, Unpack

import pyoxigraph as ox

if TYPE_CHECKING:
    from .. import loading
    from .files import LoadReport, Progress
    from .text_index import TextIndex

QueryResult = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples


class QueryDataset(TypedDict, total=False):
    """What a query may name besides its text: the graphs of its default graph (none: the merge
    of all named graphs), its named graphs, and prefixes to predeclare."""

    default_graphs: list[str] | None
    named_graphs: list[str] | None
    prefixes: dict[str, str] | None


class Store(Protocol):
    """A dataset whose SPARQL default graph is the merge of its named graphs.

    Optional abilities are declared here too, each answering None where a backend lacks it
    (``text_index``, ``query_process_opener``), so callers ask instead of probing with getattr.
    """

    def query(self, sparql: str, **dataset: Unpack[QueryDataset]) -> QueryResult:
        """Run a query; ``prefixes`` are predeclared without moving the lines of parse errors."""
        ...

    def graphs(self) -> list[str]:
        """The names of the named graphs, sorted."""
        ...

    def __len__(self) -> int:
        """Quads in the named graphs (the merged default graph only repeats them)."""
        ...

    def quads(self) -> Iterator[ox.Quad]:
        """Every quad of the named graphs."""
        ...

    def load_graphs(
        self, files: Sequence[loading.RdfFile], *, progress: Progress | None = None
    ) -> LoadReport:
        """Each named graph of the files replaces its namesake, all or nothing."""
        ...

    def load_files(self, files: Iterable[loading.RdfFile]) -> int:
        """Add every quad of the files, all or nothing; the number of quads read."""
        ...

    def add_quads(self, quads: Iterable[ox.Quad]) -> None: ...

    # -- optional abilities: None where the backend has none ------------------------------

    def text_index(self) -> TextIndex | None:
        """The index search and class pages read; None: they use SPARQL."""
        ...

    def query_process_opener(self) -> Callable[[], Store] | None:
        """How a forked query process (killable at the time limit) opens this store; None:
        queries run in the web worker, under the server's own limits."""
        ...
