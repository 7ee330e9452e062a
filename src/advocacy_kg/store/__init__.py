"""Where the graph is held: a store spec names a backend by its scheme, ``open_store`` opens it.

Specs (the ``--store`` option, else the ``store`` setting: ``ADVOCACY_KG_STORE``, or
``store = "…"`` in the TOML file named by ``ADVOCACY_KG_CONFIG``; ``memory`` when none is set)
are parsed once, where they come in, into a ``StoreSpec`` value; ``BACKENDS`` lists the schemes.
Every backend offers the ``Store`` protocol (``protocol.py``). Backends are imported only when a
store of theirs is opened, so the read model can name ``Store`` without loading any of them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .. import config
from .protocol import QueryResult, Store

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


class StoreSpecError(ValueError):
    """A store spec that names no known backend, or a store that cannot be opened or read."""


class RemoteStoreError(OSError):
    """A store's server could not be reached or failed; the message names it and why."""


@dataclass(frozen=True)
class StoreSpec:
    """A parsed store spec: ``scheme:location option=value …`` (see ``BACKENDS``)."""

    scheme: str
    location: str = ""
    options: tuple[tuple[str, str], ...] = ()

    @classmethod
    def parse(cls, text: str) -> StoreSpec:
        """The spec a text names; ``StoreSpecError`` for an unknown scheme or a bad form."""
        scheme, _, rest = text.strip().partition(":")
        backend = BACKENDS.get(scheme)
        if backend is None:
            raise StoreSpecError(f"unknown store {text!r}: use {usage()}")
        location, pairs = rest.strip(), []
        if backend.options:  # a location without spaces (a URL), then settings
            location, *pairs = rest.split() or [""]
        options = tuple((key, value) for key, _, value in (p.partition("=") for p in pairs))
        unknown = [key for key, _ in options if key not in backend.options]
        if unknown:
            raise StoreSpecError(f"{text!r}: unknown setting {unknown[0]!r}")
        if bool(location) != bool(backend.location):
            needs = f"'{backend.usage}'" if backend.location else f"just '{scheme}'"
            raise StoreSpecError(f"bad store spec {text!r}: write {needs}")
        return cls(scheme, location, options)

    def option(self, key: str, default: str | None = None) -> str | None:
        return dict(self.options).get(key, default)

    @property
    def is_curated(self) -> bool:
        """True for ``memory``: the curated files are the store, so commands may read them."""
        return self.scheme == "memory"

    def __str__(self) -> str:
        text = f"{self.scheme}:{self.location}" if self.location else self.scheme
        return " ".join([text, *(f"{key}={value}" for key, value in self.options)])


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


@dataclass(frozen=True)
class Backend:
    scheme: str
    usage: str  # how a spec is written, for help and errors
    summary: str
    opener: Callable[[StoreSpec, bool], Store]
    location: bool = False  # whether a spec must give one
    options: frozenset[str] = frozenset()  # settings after the location


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


BACKENDS: dict[str, Backend] = {
    b.scheme: b
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
}


def usage() -> str:
    """The spec forms, for help texts and errors: ``'memory', 'empty', … or 'sparql:…'``."""
    forms = [f"'{b.usage}'" for b in BACKENDS.values()]
    return ", ".join(forms[:-1]) + " or " + forms[-1]


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
