"""The ``--store`` option, defined once for every command that reads or writes the graph.

``query``, ``validate`` and ``export`` read the store a spec names (``store.store_spec``: the
option, then the ``store`` setting); ``memory``, the default, is the curated graph, which they
read from ``data/`` as before (files have lines to report). A store on disk is opened read-only,
so reading never changes it.
"""

from __future__ import annotations

import argparse

import pyoxigraph as ox

from .. import config
from ..store import BACKENDS, Store, StoreSpec, StoreSpecError

STORE_HELP = (
    "store spec: "
    + ", ".join(f"{b.usage} ({b.summary})" for b in BACKENDS.values())
    + '; default: $ADVOCACY_KG_STORE, else store = "..." in the TOML file named by '
    + "$ADVOCACY_KG_CONFIG, else memory"
)


def add_store_option(parser: argparse.ArgumentParser, help: str = STORE_HELP) -> None:
    parser.add_argument("--store", metavar="SPEC", help=help)


def store_quads(store: Store, spec: StoreSpec) -> list[ox.Quad]:
    """Every quad of the store's named graphs (its default graph only repeats their merge).

    Raises ``StoreSpecError`` for a store that holds none: nothing to check or export.
    """
    found = list(store.quads())
    if not found:
        raise StoreSpecError(f"{spec}: the store holds no named graph (fill it with 'load')")
    return found


def without_description(quads: list[ox.Quad]) -> list[ox.Quad]:
    """The content a store holds, less a dataset description an export would write anew."""
    description = ox.NamedNode(config.DESCRIPTION_GRAPH)
    return [q for q in quads if q.graph_name != description]
