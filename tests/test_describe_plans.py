"""The browser's per-page queries start from the page's own terms, never from a scan.

Each query ``describe_resource`` sends is explained by the ``oxigraph`` command (``query
--explain-file --stats``) on an on-disk store that holds the browser fixture and FILLER other
entities, each labelled, typed, dated and in a claim graph with a source and a quote. A plan that
starts from a predicate (every ``rdfs:label``, every ``akg:quote``…) reads thousands of rows from
some step; one that starts from the page's IRIs reads a few dozen.
"""

from __future__ import annotations

import json
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from browse_support import (
    ALPHA,
    CLAIM,
    FIXTURE,
    GAMMA,
    LETTER,
    SOURCE,
    QueryOnlyStore,
    fixture_app,
    path_of,
)
from sparql_servers import oxigraph_binary

from advocacy_kg import config, loading
from advocacy_kg.describe import describe_resource, summarise
from advocacy_kg.store.oxigraph import OxigraphStore

FILLER = 3000
#: Most rows any step of a page's query may produce on this store.
MOST_ROWS = 300


def filler_trig() -> str:
    akg, lines = config.ONTOLOGY, []
    for i in range(FILLER):
        node, claim = f"<{config.BASE}id/organisation/filler-{i}>", f"<{config.CLAIM}filler-{i}>"
        lines.append(
            f"{claim} {{ {node} a <{akg}Organisation> ; "
            f'<http://www.w3.org/2000/01/rdf-schema#label> "Filler {i}"@en ; '
            f'<{akg}startDate> "2020-01-01"^^<http://www.w3.org/2001/XMLSchema#date> . '
            f'{claim} <{akg}source> <{config.BASE}id/source/filler> ; <{akg}quote> "q{i}" . }}'
        )
    return "\n".join(lines)


@pytest.fixture(scope="module")
def disk_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    where = tmp_path_factory.mktemp("plans")
    (where / "filler.trig").write_text(filler_trig(), encoding="utf-8")
    store = OxigraphStore.on_disk(where / "store")
    files = [loading.RdfFile(FIXTURE), loading.RdfFile(where / "filler.trig")]
    store.load_graphs(files)
    del store  # closed: the oxigraph command opens the directory itself
    yield where / "store"


def largest_step(plan: dict[str, Any]) -> int:
    return max([plan["number of results"], *(largest_step(c) for c in plan["children"])])


def explain(directory: Path, sparql: str, scratch: Path) -> dict[str, Any]:
    (scratch / "query.rq").write_text(sparql, encoding="utf-8")
    command = [oxigraph_binary(), "query", "--location", str(directory)]
    command += ["--query-file", str(scratch / "query.rq"), "--results-format", "tsv"]
    command += ["--explain-file", str(scratch / "plan.json"), "--stats"]
    subprocess.run(command, check=True, capture_output=True, timeout=120)
    plan: dict[str, Any] = json.loads((scratch / "plan.json").read_text())["plan"]
    return plan


class ThreadRecorder(QueryOnlyStore):
    """Keeps the queries of the thread that made it (a page's, not the validation thread's)."""

    def __init__(self, inner: OxigraphStore) -> None:
        super().__init__(inner)
        self.thread = threading.get_ident()

    def query(self, sparql: str, **kwargs: Any) -> Any:
        answer = self._inner.store.query(sparql, use_default_graph_as_union=False)
        if threading.get_ident() == self.thread:
            self.queries.append(sparql)
        return answer


def test_entity_page_queries_read_only_rows_near_the_entity(disk_store: Path, tmp_path: Path):
    recorder = QueryOnlyStore(OxigraphStore(ox.Store.read_only(str(disk_store))))
    description = describe_resource(recorder, LETTER)
    assert description.outgoing and description.provenance and description.labels
    assert len(recorder.queries) >= 4
    assert_no_scan(disk_store, recorder.queries, tmp_path)


@pytest.mark.parametrize("iri", [LETTER, ALPHA, GAMMA, CLAIM, SOURCE])
@pytest.mark.parametrize("extension", ["", ".ttl", ".trig"])
def test_pages_and_rdf_views_read_only_rows_near_the_resource(
    disk_store: Path, tmp_path: Path, iri: str, extension: str
):
    recorder = ThreadRecorder(OxigraphStore(ox.Store.read_only(str(disk_store))))
    response = fixture_app(recorder).test_client().get(path_of(iri) + extension)
    assert response.status_code == 200
    assert len(recorder.queries) >= 3
    assert_no_scan(disk_store, recorder.queries, tmp_path)


def assert_no_scan(directory: Path, queries: list[str], scratch: Path) -> None:
    for sparql in queries:
        steps = largest_step(explain(directory, sparql, scratch))
        assert steps <= MOST_ROWS, f"a step of this query read {steps} rows:\n{sparql}"


class ReversedStore(QueryOnlyStore):
    """Answers with the rows in reverse order, as another backend may."""

    def query(self, sparql: str, **kwargs: Any) -> Any:
        answer = super().query(sparql, **kwargs)
        solutions = list(answer)

        class Reversed(list[Any]):
            variables = answer.variables

        return Reversed(reversed(solutions))


def test_labels_and_types_do_not_depend_on_the_order_of_rows():
    store = OxigraphStore.in_memory()
    node, graphs = config.BASE + "id/organisation/twice", [config.CLAIM + "a", config.CLAIM + "b"]
    trig = "\n".join(
        f'<{g}> {{ <{node}> <http://www.w3.org/2000/01/rdf-schema#label> "{name}"@en ; '
        f"a <{config.ONTOLOGY}{kind}> }}"
        for g, name, kind in zip(
            graphs, ["Zeta", "Alpha"], ["Organisation", "Coalition"], strict=True
        )
    )
    store.add_quads(ox.parse(trig, format=ox.RdfFormat.TRIG))
    forward = summarise(QueryOnlyStore(store), {node})
    backward = summarise(ReversedStore(store), {node})
    assert forward.labels == backward.labels == {node: "Alpha"}
    assert forward.types[node] == backward.types[node]
    assert forward.label_facts[node].graphs == backward.label_facts[node].graphs
