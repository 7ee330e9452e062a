"""Store specs: parsed once into a value, one meaning for ``memory``, backends by scheme."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from advocacy_kg import config
from advocacy_kg.commands.store_option import STORE_HELP
from advocacy_kg.store import (
    BACKENDS,
    StoreSpec,
    StoreSpecError,
    open_store,
    sparql_load,
    store_spec,
)
from advocacy_kg.web import SPARQL_KEY, STORE_KEY, create_app

REYNDERS = config.ENTITY + "letter/2021-04-01-reynders"


def test_memory_is_the_curated_graph_and_empty_is_named_so() -> None:
    curated = open_store("memory")
    ask = f"ASK {{ <{REYNDERS}> ?p ?o }}"
    assert bool(curated.query(ask)) and len(curated) > 1000
    assert config.ONTOLOGY_GRAPH in curated.graphs()
    empty = open_store("empty")
    assert (len(empty), empty.graphs(), bool(empty.query(ask))) == (0, [], False)


@pytest.mark.parametrize(
    "text",
    [
        "memory",
        "empty",
        "oxigraph:/srv/a folder with spaces/store",
        "sparql:http://127.0.0.1:7878/query",
        "sparql:http://h:1/sparql update=http://h:1/up union=native timeout=5",
    ],
)
def test_a_spec_is_parsed_once_and_written_back_as_given(text: str) -> None:
    spec = StoreSpec.parse(f"  {text} ")
    assert str(spec) == text and StoreSpec.parse(str(spec)) == spec
    assert store_spec(spec) is spec  # a value passes through unchanged, never parsed again


def test_the_settings_of_a_sparql_spec_are_kept_apart() -> None:
    spec = StoreSpec.parse("sparql:http://h:1/sparql union=native timeout=5")
    assert (spec.scheme, spec.location) == ("sparql", "http://h:1/sparql")
    assert (spec.option("union"), spec.option("timeout"), spec.option("update")) == (
        "native",
        "5",
        None,
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("disk", "unknown store 'disk': use 'memory', 'empty', 'oxigraph:DIR' or 'sparql:"),
        ("oxigraph:", "write 'oxigraph:DIR'"),
        ("memory:/tmp/x", "write just 'memory'"),
        ("sparql:http://h/q colour=blue", "unknown setting 'colour'"),
    ],
)
def test_a_bad_spec_is_refused_with_what_to_write(text: str, message: str) -> None:
    with pytest.raises(StoreSpecError, match=message.replace("(", r"\(")):
        StoreSpec.parse(text)


def test_the_store_option_lists_every_backend() -> None:
    for backend in BACKENDS.values():
        assert f"{backend.usage} ({backend.summary})" in STORE_HELP


def test_a_reader_creates_nothing_where_there_is_no_store(tmp_path: Path) -> None:
    with pytest.raises(StoreSpecError, match="no store there"):
        open_store(f"oxigraph:{tmp_path / 'none'}", read_only=True)
    assert list(tmp_path.iterdir()) == []  # not even a lock file


def test_the_app_reads_the_store_setting_as_the_commands_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = tmp_path / "advocacy-kg.toml"
    settings.write_text('store = "empty"\n', encoding="utf-8")
    monkeypatch.delenv("ADVOCACY_KG_STORE", raising=False)
    monkeypatch.setenv("ADVOCACY_KG_CONFIG", str(settings))
    app = create_app({"TESTING": True})
    try:
        assert app.config["STORE"] == StoreSpec("empty")
        assert len(app.extensions[STORE_KEY]) == 0
    finally:
        app.extensions[SPARQL_KEY].close()
    monkeypatch.setenv("ADVOCACY_KG_STORE", "memory")  # the environment comes before the file
    app = create_app({"TESTING": True})
    try:
        assert app.config["STORE"] == StoreSpec("memory")
        assert len(app.extensions[STORE_KEY]) > 1000
    finally:
        app.extensions[SPARQL_KEY].close()


def test_the_read_model_names_store_without_loading_a_backend() -> None:
    code = (
        "import sys, advocacy_kg.describe, advocacy_kg.search, advocacy_kg.catalogue\n"
        "print(sorted(m for m in sys.modules if m.startswith('advocacy_kg.store')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['advocacy_kg.store', 'advocacy_kg.store.protocol']"


def test_loading_into_a_sparql_server_does_not_import_the_client_back() -> None:
    source = Path(sparql_load.__file__).read_text(encoding="utf-8")
    imported = {
        node.module
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.ImportFrom) and node.module
    }
    assert "sparql" not in imported and "advocacy_kg.store.sparql" not in imported
