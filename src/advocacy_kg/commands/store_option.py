"""The ``--store`` option, defined once for every command that reads or writes the graph.

``query``, ``validate`` and ``export`` read the store a spec names (``store_spec``: the option,
then ``ADVOCACY_KG_STORE``, then the TOML settings); ``memory``, the default, means the curated
graph read from ``data/`` as before. A store on disk is opened read-only, so reading never
changes it.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pyoxigraph as ox

from .. import config
from ..rdfterms import rows, subject_node
from ..store import OxigraphStore, SparqlStore, StoreSpecError, open_store, store_spec
from ..store.oxigraph import curated_store

STORE_HELP = (
    "store spec: memory (the curated graph, read from data/), oxigraph:DIR, or "
    'sparql:QUERY_URL; default: $ADVOCACY_KG_STORE, else store = "..." in the TOML file '
    "named by $ADVOCACY_KG_CONFIG, else memory"
)


def add_store_option(parser: argparse.ArgumentParser, help: str = STORE_HELP) -> None:
    parser.add_argument("--store", metavar="SPEC", help=help)


def reads_files(explicit: str | None) -> bool:
    """True when the spec in force is ``memory``: the curated files are read, as without a store."""
    return store_spec(explicit).strip() == "memory"


def open_for_reading(explicit: str | None) -> OxigraphStore | SparqlStore:
    """The store to read: the curated graph for ``memory``, else the named store, read-only.

    Raises ``StoreSpecError`` naming the spec when there is nothing to read there.
    """
    spec = store_spec(explicit)
    if spec.strip() == "memory":
        return curated_store()
    kind, _, argument = spec.strip().partition(":")
    if kind == "oxigraph" and argument:
        if not Path(argument).is_dir():
            raise StoreSpecError(f"{spec}: no store there (fill it with 'advocacy-kg load')")
        try:
            return open_store(spec, read_only=True)
        except OSError as error:
            raise StoreSpecError(f"{spec}: cannot open the store: {error}") from None
    return open_store(spec)


def store_quads(store: OxigraphStore | SparqlStore, spec: str) -> list[ox.Quad]:
    """Every quad of the store's named graphs (its default graph only repeats their merge).

    Raises ``StoreSpecError`` for a store that holds none: nothing to check or export.
    """
    if isinstance(store, OxigraphStore):
        found = [
            q
            for q in store.store.quads_for_pattern(None, None, None, None)
            if not isinstance(q.graph_name, ox.DefaultGraph)
        ]
    else:
        sparql = "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
        found = [
            ox.Quad(
                subject_node(r["s"]),
                ox.NamedNode(r["p"].value),
                r["o"].to_oxigraph(),
                ox.NamedNode(r["g"].value),
            )
            for r in rows(store, sparql)
        ]
    if not found:
        raise StoreSpecError(f"{spec}: the store holds no named graph (fill it with 'load')")
    return found


def without_description(quads: list[ox.Quad]) -> list[ox.Quad]:
    """The content a store holds, less a dataset description an export would write anew."""
    description = ox.NamedNode(config.DESCRIPTION_GRAPH)
    return [q for q in quads if q.graph_name != description]
