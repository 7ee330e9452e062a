"""Shared pieces of the browser tests: the fictional fixture store, an app around it, and a
store that answers SPARQL only, without a union default graph (like a remote server)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from werkzeug.serving import make_server

from advocacy_kg import config, loading
from advocacy_kg.loading import RdfFile
from advocacy_kg.store import LoadReport, Store
from advocacy_kg.store.oxigraph import OxigraphStore
from advocacy_kg.store.text_index import TextIndex
from advocacy_kg.web import create_app

FIXTURE = Path(__file__).parent / "data" / "browse" / "fixture.trig"
BASE = config.BASE
LETTER = BASE + "id/letter/2021-03-02-test"
SECOND_LETTER = BASE + "id/letter/2022-05-test"
ALPHA = BASE + "id/organisation/alpha-rights"
BETA = BASE + "id/organisation/beta-watch"
GAMMA = BASE + "id/person/gamma"
SOURCE = BASE + "id/source/test-001"
CLAIM = BASE + "claim/test-001-01"


def fixture_store() -> OxigraphStore:
    store = OxigraphStore.in_memory()
    store.load_files([loading.RdfFile(FIXTURE)])
    assert len(store) > 100  # the tests never run on an empty store
    return store


class QueryOnlyStore:
    """Answers ``query`` only, like a remote server: its default graph is NOT the union of the
    graphs, and it declares no text index and no query processes."""

    def __init__(self, inner: OxigraphStore) -> None:
        self._inner = inner
        self.queries: list[str] = []

    def query(self, sparql: str, **_: Any) -> Any:
        self.queries.append(sparql)
        return self._inner.store.query(sparql, use_default_graph_as_union=False)

    def graphs(self) -> list[str]:
        return self._inner.graphs()

    def __len__(self) -> int:
        return len(self._inner)

    def quads(self) -> Iterator[ox.Quad]:
        return self._inner.quads()

    def load_graphs(self, files: Sequence[RdfFile], *, progress: Any = None) -> LoadReport:
        raise AssertionError("the browser never writes")

    def load_files(self, files: Iterable[RdfFile]) -> int:
        raise AssertionError("the browser never writes")

    def add_quads(self, quads: Iterable[ox.Quad]) -> None:
        raise AssertionError("the browser never writes")

    def text_index(self) -> TextIndex | None:
        return None

    def query_process_opener(self) -> Callable[[], Store] | None:
        return None


def fixture_app(store: Any = None) -> Any:
    app = create_app({"TESTING": True}, store=store or fixture_store())
    return app


def path_of(iri: str) -> str:
    return "/" + iri.removeprefix(BASE)


@contextmanager
def serving(app: Any) -> Iterator[str]:
    """The app on a free loopback port for the duration of the block; yields its root URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
