"""Hostile input files against ``validate``, ``load``, ``diff`` and ``query``: each gives one line
``error: FILE…`` and exit 2, within seconds and bounded memory, and a load changes no store.

Every run is a subprocess with its address space capped (``RLIMIT_AS``) and a time limit, so an
input that still blew up would fail its test, not take the machine down. The inputs and their
expected messages are the corpus of ``tests/hostile/`` (see its README).
"""

from __future__ import annotations

import resource
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from flask.testing import FlaskClient
from hostile.cases import HERE, Case, cases_for, materialise

from advocacy_kg import loading
from advocacy_kg.store.files import load_file

MEMORY_CAP = 1536 * 1024 * 1024  # bytes of address space: a normal run needs well under this
TIME_LIMIT = 60  # seconds, for the slowest machine; a fixed input takes about one
SMALL = "<urn:a> <urn:p> <urn:b> .\n"


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("hostile")
    materialise(directory)
    (directory / "small.nt").write_text(SMALL, encoding="utf-8")
    return directory


def capped() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "advocacy_kg.cli", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=TIME_LIMIT,
        preexec_fn=capped,
    )


def check_outcome(
    result: subprocess.CompletedProcess[str], case: Case, command: str, path: Path
) -> None:
    assert "Traceback" not in result.stderr, result.stderr
    expected = case.expect[command]
    if expected is None:
        assert result.returncode == 0, result.stderr
        return
    assert result.returncode == 2, result.stderr
    assert result.stderr.count("\n") == 1, result.stderr  # one line
    assert result.stderr.startswith(f"error: {path}"), result.stderr
    assert expected in result.stderr


@pytest.mark.parametrize("case", cases_for("validate"), ids=lambda c: c.name)
def test_validate(case: Case, scratch: Path) -> None:
    path = case.path(scratch)
    check_outcome(cli("validate", path), case, "validate", path)


@pytest.mark.parametrize("case", cases_for("diff"), ids=lambda c: c.name)
def test_diff(case: Case, scratch: Path) -> None:
    path = case.path(scratch)
    check_outcome(cli("diff", path, scratch / "small.nt"), case, "diff", path)


@pytest.mark.parametrize("case", cases_for("query"), ids=lambda c: c.name)
def test_query_file(case: Case, scratch: Path) -> None:
    path = case.path(scratch)
    check_outcome(cli("query", "-f", path), case, "query", path)


def test_unary_chain_as_query_text_is_refused() -> None:
    result = cli("query", "ASK { FILTER(" + "!" * 40_000 + "true) }")
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("error: query syntax: nested deeper than 64 levels")


@pytest.fixture(scope="module")
def store_dir(scratch: Path) -> Path:
    directory = scratch / "store"
    loaded = cli(
        "load",
        "--no-curated",
        "--no-validate",
        scratch / "small.nt",
        "--store",
        f"oxigraph:{directory}",
    )
    assert loaded.returncode == 0, loaded.stderr
    return directory


def quads_of(directory: Path) -> set[ox.Quad]:
    return set(ox.Store.read_only(str(directory)))


@pytest.mark.parametrize("validate", [True, False], ids=["validated", "no-validate"])
@pytest.mark.parametrize("case", cases_for("load"), ids=lambda c: c.name)
def test_load_leaves_the_store_unchanged(
    case: Case, validate: bool, scratch: Path, store_dir: Path
) -> None:
    before = quads_of(store_dir)
    assert len(before) > 0
    path = case.path(scratch)
    options = [] if validate else ["--no-validate"]
    result = cli("load", "--no-curated", *options, path, "--store", f"oxigraph:{store_dir}")
    check_outcome(result, case, "load", path)
    assert quads_of(store_dir) == before


def test_the_streaming_loader_is_guarded_too() -> None:
    """``serve --data`` and the load itself read through ``load_file``, not ``parse_file``."""
    with pytest.raises(loading.InputError, match="expands to over"):
        load_file(ox.Store(), loading.RdfFile(HERE / "billion-laughs.rdf"))


def test_the_server_refuses_a_unary_chain_with_400_before_parsing(client: FlaskClient) -> None:
    """The endpoint shares the check: the chain never reaches a query process."""
    query = "ASK { FILTER(" + "!" * 40_000 + "true) }"
    response = client.post("/sparql", data=query, content_type="application/sparql-query")
    assert response.status_code == 400
    assert "nested deeper than 64 levels" in response.get_data(as_text=True)
    short = client.post(
        "/sparql",
        data="ASK { FILTER(!!true) }",
        headers={"Accept": "text/csv"},
        content_type="application/sparql-query",
    )
    assert short.status_code == 200
