"""Where the graph is held. ``open_store`` picks a backend by its name in a store spec.

Specs: ``memory`` (an in-memory pyoxigraph store) and ``oxigraph:DIR`` (pyoxigraph on disk).
"""

from __future__ import annotations

from .oxigraph import OxigraphStore

__all__ = ["OxigraphStore", "StoreSpecError", "open_store"]


class StoreSpecError(ValueError):
    """A store spec that names no known backend."""


def open_store(spec: str = "memory", *, read_only: bool = False) -> OxigraphStore:
    kind, _, argument = spec.partition(":")
    if kind == "memory" and not argument:
        return OxigraphStore.in_memory()
    if kind == "oxigraph" and argument:
        return OxigraphStore.on_disk(argument, read_only=read_only)
    raise StoreSpecError(f"unknown store {spec!r}: use 'memory' or 'oxigraph:DIR'")
