"""The query service the endpoint (and anything else) calls: check, then run with limits.

Flask-free: ``SparqlService(store, Settings()).answer(query, fmt)`` works in a notebook too.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..namespaces import PREFIXES
from ..negotiation import Format
from ..store import Store
from .execution import Job, Zygote
from .pool import Executor, InlineExecutor, ProcessExecutor
from .safety import CheckedQuery, Limits, check_graphs, check_query

#: A graph that holds nothing: a dataset with only named graphs has an empty default graph, and
#: one with only default graphs no named graphs (the store's query() reads "none" as "all").
EMPTY_GRAPH = "urn:x-advocacy-kg:empty-graph"


@dataclass(frozen=True)
class Settings:
    """The endpoint's limits; every one is on by default (see README, "SPARQL endpoint")."""

    timeout: float = 30.0  # seconds a query may run
    max_rows: int = 100_000  # solutions or triples in one answer
    max_length: int = 100_000  # characters in a query
    max_depth: int = 64  # nesting of (), {}, [] in a query
    memory_mb: int = 1024  # address space a query process may add
    total_memory_mb: int = 4096  # private memory of all query processes together; 0: no cap
    execution: str = "auto"  # "process" (killable query processes), "inline", or "auto"


class SparqlService:
    def __init__(self, store: Any, settings: Settings | None = None) -> None:
        self.store = store
        self.settings = settings or Settings()
        self.limits = Limits(self.settings.max_length, self.settings.max_depth)
        self.executor = make_executor(store, self.settings)
        self._graphs: frozenset[str] | None = None
        self._lock = threading.Lock()

    @property
    def local_graphs(self) -> frozenset[str]:
        """The named graphs of the dataset (read once: the served store is read-only)."""
        with self._lock:
            if self._graphs is None:
                self._graphs = frozenset(self.store.graphs())
            return self._graphs

    def check(
        self,
        query: str,
        default_graphs: Sequence[str] = (),
        named_graphs: Sequence[str] = (),
    ) -> CheckedQuery:
        """Raise ``QueryRefused`` unless the query only reads graphs held here."""
        checked = _checked(query, self.local_graphs, self.limits)
        check_graphs(default_graphs, self.local_graphs, "default-graph-uri")
        check_graphs(named_graphs, self.local_graphs, "named-graph-uri")
        return checked

    def job(
        self,
        checked: CheckedQuery,
        fmt: Format,
        default_graphs: Sequence[str] = (),
        named_graphs: Sequence[str] = (),
        truncated_link: str = "",
    ) -> Job:
        """The job of a checked query, with this service's limits (``executor.run`` runs it and
        raises ``QueryTimeout`` or ``QueryProcessDied``).

        The protocol's graphs replace the query's FROM / FROM NAMED (SPARQL 1.1 Protocol 2.1.4).
        """
        if not default_graphs and not named_graphs:
            default_graphs, named_graphs = checked.from_graphs, checked.from_named
        if named_graphs and not default_graphs:
            default_graphs = (EMPTY_GRAPH,)
        elif default_graphs and not named_graphs:
            named_graphs = (EMPTY_GRAPH,)
        return Job(
            query=checked.text,
            format_name=fmt.name,
            default_graphs=tuple(default_graphs),
            named_graphs=tuple(named_graphs),
            prefixes=checked.prefixes,
            max_rows=self.settings.max_rows,
            timeout=self.settings.timeout,
            truncated_link=truncated_link,
        )

    def data_changed(self) -> None:
        """The store was opened anew (a load swapped it): read its graphs again, and let no
        query process that holds the old data answer another query."""
        with self._lock:
            self._graphs = None
        self.executor.retire()

    def start(self) -> None:
        """Start the query-process zygote now: before a server forks its workers."""
        if isinstance(self.executor, ProcessExecutor):
            self.executor.start()

    def close(self) -> None:
        self.executor.close()


#: Queries up to this length have their check remembered (so the cache holds at most
#: 4096 x 8 KB); longer ones, rare and dearer to parse anyway, are checked every time.
CACHED_QUERY_LENGTH = 8192


def _checked(query: str, local_graphs: frozenset[str], limits: Limits) -> CheckedQuery:
    """Checks are pure functions of their inputs: clients repeat queries, so remember them."""
    if len(query) > CACHED_QUERY_LENGTH:
        return check_query(query, local_graphs, PREFIXES, limits)
    return _remembered_check(query, local_graphs, limits)


@functools.lru_cache(maxsize=4096)
def _remembered_check(query: str, local_graphs: frozenset[str], limits: Limits) -> CheckedQuery:
    return check_query(query, local_graphs, PREFIXES, limits)


def make_executor(store: Store, settings: Settings) -> Executor:
    opener = store.query_process_opener()
    if settings.execution == "inline" or (settings.execution == "auto" and opener is None):
        return InlineExecutor(store)
    if opener is None:
        raise ValueError("process execution needs the embedded store (memory or oxigraph:DIR)")
    budget, total = settings.memory_mb << 20, settings.total_memory_mb << 20
    return ProcessExecutor(Zygote(opener, budget, total))
