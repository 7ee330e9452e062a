"""A dump loaded into a running Oxigraph server (``oxigraph load`` + ``serve-read-only``)
answers every example query in data/queries/ as the project's own endpoint does."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from advocacy_kg import config, export

pytestmark = pytest.mark.server

RESULTS_JSON = "application/sparql-results+json"


def example_queries() -> list[Path]:
    return sorted(config.QUERIES_DIR.glob("*.rq"))


def test_there_are_example_queries_to_compare() -> None:
    """The comparisons below are generic over data/queries/: an empty folder proves nothing."""
    assert len(example_queries()) >= 3, f"no example queries in {config.QUERIES_DIR}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def oxigraph_binary() -> str:
    beside = Path(sys.executable).with_name("oxigraph")
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    assert found, "the oxigraph server (PyPI package 'oxigraph', test extra) is needed"
    return found


@pytest.fixture(scope="module")
def dump_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Oxigraph server on a loopback port over the N-Quads dump (union default graph)."""
    home = tmp_path_factory.mktemp("oxigraph-dump")
    fmt = export.FORMATS["nquads"]
    dump = home / export.dump_name(fmt)
    dump.write_bytes(export.build_publication([fmt])[dump.name])
    binary, location = oxigraph_binary(), str(home / "db")
    loaded = subprocess.run(
        [binary, "load", "--location", location, "--file", str(dump)],
        capture_output=True,
        text=True,
    )
    assert loaded.returncode == 0, loaded.stderr
    port = free_port()
    process = subprocess.Popen(
        [binary, "serve-read-only", "--location", location, "--union-default-graph"]
        + ["--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}/query"
        deadline = time.monotonic() + 30
        while True:
            try:
                ask(url, "ASK {}")
                break
            except (urllib.error.URLError, ConnectionError):
                assert process.poll() is None, "oxigraph server exited"
                assert time.monotonic() < deadline, "oxigraph server did not answer in 30 s"
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def ask(url: str, query: str) -> bytes:
    """POST a query (form-encoded, as SPARQL 1.1 Protocol allows) and return the JSON results."""
    body = urllib.parse.urlencode({"query": query}).encode()
    request = urllib.request.Request(
        url,
        data=body,
        headers={"Accept": RESULTS_JSON, "Content-Type": "application/x-www-form-urlencoded"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 (loopback only)
        assert response.headers.get_content_type() == RESULTS_JSON
        return bytes(response.read())


def rows(results: bytes) -> tuple[list[str], Counter[tuple[str, ...]]]:
    """Variables and the multiset of rows; blank nodes compare as blank, whatever their labels."""
    parsed = ox.parse_query_results(results, ox.QueryResultsFormat.JSON)
    if isinstance(parsed, ox.QueryBoolean):
        return [], Counter({(str(bool(parsed)),): 1})
    names = [v.value for v in parsed.variables]
    counted: Counter[tuple[str, ...]] = Counter()
    for solution in parsed:
        cells = (solution[name] for name in names)
        counted[tuple("_:" if isinstance(t, ox.BlankNode) else str(t or "") for t in cells)] += 1
    return names, counted


@pytest.fixture(scope="module")
def project_answers(live_server: Any) -> Callable[[str], bytes]:
    """How the project's SPARQL endpoint answers, served by ``advocacy-kg serve``."""
    return lambda query: ask(live_server.sparql, query)


@pytest.mark.parametrize("path", example_queries(), ids=lambda p: p.stem)
def test_dump_in_oxigraph_answers_as_the_project(
    path: Path, dump_server: str, project_answers: Callable[[str], bytes]
) -> None:
    query = path.read_text(encoding="utf-8")
    assert rows(ask(dump_server, query)) == rows(project_answers(query))


def test_most_example_queries_have_answers_on_the_dump(dump_server: str) -> None:
    """Equal empty answers would prove nothing: most queries must find rows."""
    answered = [p.stem for p in example_queries() if rows(ask(dump_server, p.read_text()))[1]]
    assert len(answered) * 2 > len(example_queries()), answered
