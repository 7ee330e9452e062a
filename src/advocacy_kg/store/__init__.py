"""Where the graph is held: a store spec names a backend by its scheme, ``open_store`` opens it.

Specs (the ``--store`` option, else the ``store`` setting: ``ADVOCACY_KG_STORE``, or
``store = "…"`` in the TOML file named by ``ADVOCACY_KG_CONFIG``; ``memory`` when none is set)
are parsed once, where they come in, into a ``StoreSpec`` value; ``BACKENDS`` lists the schemes.
Every backend offers the ``Store`` protocol (``protocol.py``). Backends are imported only when a
store of theirs is opened, so the read model can name ``Store`` without loading any of them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import config
from .protocol import QueryResult, Store
from .spec import BACKENDS, Backend, RemoteStoreError, StoreSpec, StoreSpecError

if TYPE_CHECKING:  # the backends' names, for type checkers; at run time see __getattr__
    from .files import LoadReport
    from .oxigraph import OxigraphStore
    from .sparql import SparqlStore

__all__ = [
    "BACKENDS",
    "LoadReport",
    "OxigraphStore",
    "QueryResult",
    "RemoteStoreError",
    "SparqlStore",
    "Store",
    "StoreSpec",
    "StoreSpecError",
    "open_store",
    "store_spec",
]

#: The spec in force when none is set: the curated graph, in memory.
DEFAULT = "memory"


def store_spec(explicit: str | StoreSpec | None = None) -> StoreSpec:
    """The spec in force: the explicit one, then the ``store`` setting, then ``memory``."""
    if isinstance(explicit, StoreSpec):
        return explicit
    try:
        text = explicit or config.setting("store") or DEFAULT
    except ValueError as error:
        raise StoreSpecError(str(error)) from None
    return StoreSpec.parse(text)


def open_store(spec: StoreSpec | str = DEFAULT, *, read_only: bool = False) -> Store:
    """Open the store a spec names (a text is parsed first: for tests and notebooks).

    ``read_only``: for readers; a store on disk must then exist (``StoreSpecError`` if not).
    """
    if isinstance(spec, str):
        spec = StoreSpec.parse(spec)
    return BACKENDS[spec.scheme].opener(spec, read_only)


# -- the backends ------------------------------------------------------------------------------


def _memory(spec: StoreSpec, read_only: bool) -> Store:
    from .oxigraph import curated_store

    return curated_store()


def _empty(spec: StoreSpec, read_only: bool) -> Store:
    from .oxigraph import OxigraphStore

    return OxigraphStore.in_memory()


def _oxigraph(spec: StoreSpec, read_only: bool) -> Store:
    from .oxigraph import open_on_disk

    return open_on_disk(spec, read_only)


def _sparql(spec: StoreSpec, read_only: bool) -> Store:
    from .sparql import SparqlStore

    try:
        return SparqlStore.from_spec(spec)
    except ValueError as error:
        raise StoreSpecError(str(error)) from None


BACKENDS.update(
    (b.scheme, b)
    for b in (
        Backend("memory", "memory", "the curated graph, read from data/ into memory", _memory),
        Backend("empty", "empty", "an empty store in memory, for tests and trying a load", _empty),
        Backend("oxigraph", "oxigraph:DIR", "pyoxigraph on disk in DIR", _oxigraph, location=True),
        Backend(
            "sparql",
            "sparql:QUERY_URL",
            "any SPARQL 1.1 server; settings: update= store= union= timeout=",
            _sparql,
            location=True,
            options=frozenset({"update", "store", "union", "timeout"}),
        ),
    )
)


def __getattr__(name: str) -> Any:
    """The backends' classes, imported when first asked for (``from advocacy_kg.store import
    OxigraphStore``), so that importing this package loads no backend."""
    if name == "OxigraphStore":
        from .oxigraph import OxigraphStore

        return OxigraphStore
    if name == "SparqlStore":
        from .sparql import SparqlStore

        return SparqlStore
    if name == "LoadReport":
        from .files import LoadReport

        return LoadReport
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
