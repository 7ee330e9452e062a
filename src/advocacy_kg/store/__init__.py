"""Where the graph is held. ``open_store`` picks a backend by its name in a store spec.

Specs (the ``--store`` option, ``ADVOCACY_KG_STORE``, or ``store = "…"`` in the TOML file named
by ``ADVOCACY_KG_CONFIG``; in that order of precedence, ``memory`` when none is set):

- ``memory``: an in-memory pyoxigraph store (tests, small data);
- ``oxigraph:DIR``: pyoxigraph on disk in DIR, persistent (created when missing);
- ``sparql:QUERY_URL [update=URL] [store=URL] [union=auto|native|oxigraph] [timeout=S]``:
  any SPARQL 1.1 server, see ``sparql.py``.

Every backend offers the same methods: ``query``, ``graphs``, ``len``, ``load_graphs`` (all or
nothing, graph by graph), ``load_files`` and ``add_quads``.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox

from .. import loading
from .files import LoadReport, Progress
from .oxigraph import OxigraphStore, QueryResult
from .sparql import RemoteStoreError, SparqlStore

__all__ = [
    "LoadReport",
    "OxigraphStore",
    "RemoteStoreError",
    "SparqlStore",
    "Store",
    "StoreSpecError",
    "open_store",
    "store_spec",
]

ENV_STORE = "ADVOCACY_KG_STORE"
ENV_CONFIG = "ADVOCACY_KG_CONFIG"


class StoreSpecError(ValueError):
    """A store spec that names no known backend."""


class Store(Protocol):
    """What the app needs from a backend."""

    def query(
        self,
        sparql: str,
        *,
        default_graphs: list[str] | None = None,
        named_graphs: list[str] | None = None,
        prefixes: dict[str, str] | None = None,
    ) -> QueryResult: ...

    def graphs(self) -> list[str]: ...

    def __len__(self) -> int: ...

    def load_graphs(
        self, files: Sequence[loading.RdfFile], *, progress: Progress | None = None
    ) -> LoadReport: ...

    def load_files(self, files: Iterable[loading.RdfFile]) -> int: ...

    def add_quads(self, quads: Iterable[ox.Quad]) -> None: ...


def store_spec(explicit: str | None = None) -> str:
    """The store spec in force: explicit option, then environment, then config file."""
    if explicit:
        return explicit
    if os.environ.get(ENV_STORE):
        return os.environ[ENV_STORE]
    config_file = os.environ.get(ENV_CONFIG)
    if config_file:
        try:
            with Path(config_file).open("rb") as handle:
                settings = tomllib.load(handle)
        except (OSError, tomllib.TOMLDecodeError) as error:
            raise StoreSpecError(f"{config_file}: cannot read settings: {error}") from None
        if isinstance(settings.get("store"), str):
            return str(settings["store"])
    return "memory"


def open_store(spec: str = "memory", *, read_only: bool = False) -> OxigraphStore | SparqlStore:
    """Open the store a spec names (``memory`` is empty: callers load what they need)."""
    kind, _, argument = spec.strip().partition(":")
    if kind == "memory" and not argument:
        return OxigraphStore.in_memory()
    if kind == "oxigraph" and argument:
        return OxigraphStore.on_disk(argument, read_only=read_only)
    if kind == "sparql" and argument:
        try:
            return SparqlStore.from_spec(argument)
        except ValueError as error:
            raise StoreSpecError(str(error)) from None
    raise StoreSpecError(
        f"unknown store {spec!r}: use 'memory', 'oxigraph:DIR' or 'sparql:QUERY_URL'"
    )
