"""The project's one parser entry point: formats, base IRI, and errors that say where."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from advocacy_kg import config, loading


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_relative_iris_resolve_against_the_canonical_base(tmp_path: Path) -> None:
    path = write(tmp_path, "a.ttl", "<id/x> <def/p> <concept/y> .\n")
    [quad] = loading.parse_file(path)
    assert quad.subject == ox.NamedNode(config.BASE + "id/x")
    assert quad.object == ox.NamedNode(config.BASE + "concept/y")


def test_triple_formats_go_to_the_named_graph_given(tmp_path: Path) -> None:
    path = write(tmp_path, "a.nt", "<http://e/s> <http://e/p> <http://e/o> .\n")
    [quad] = loading.parse_file(path, graph=config.SOURCES_GRAPH)
    assert quad.graph_name == ox.NamedNode(config.SOURCES_GRAPH)


def test_quad_formats_keep_their_own_graphs(tmp_path: Path) -> None:
    path = write(tmp_path, "a.trig", "<g1> { <s> <p> <o> . }\n")
    [quad] = loading.parse_file(path, graph=config.SOURCES_GRAPH)
    assert quad.graph_name == ox.NamedNode(config.BASE + "g1")


def test_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.ttl", '<s> <p> <o> .\n\n<s> <p> "unterminated .\n')
    with pytest.raises(loading.InputError) as caught:
        loading.parse_file(path)
    assert caught.value.line == 3
    assert str(caught.value).startswith(f"{path}:3: ")


def test_unknown_extension_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "data.csv", "a,b\n")
    with pytest.raises(loading.InputError, match="unknown RDF file type '.csv'"):
        loading.parse_file(path)


def test_oversized_file_is_refused_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, "big.nt", "<http://e/s> <http://e/p> <http://e/o> .\n")
    monkeypatch.setattr(config, "MAX_INPUT_BYTES", 10)
    with pytest.raises(loading.InputError, match="over the limit of 10"):
        loading.parse_file(path)


def test_remote_jsonld_context_is_not_fetched(tmp_path: Path) -> None:
    path = write(
        tmp_path, "a.jsonld", '{"@context": "http://127.0.0.1:9/ctx", "@id": "http://e/s"}'
    )
    with pytest.raises(loading.InputError, match="remote context"):
        loading.parse_file(path)


def test_curated_files_cover_every_area() -> None:
    graphs = {file.graph for file in loading.curated_files()}
    assert {config.ONTOLOGY_GRAPH, config.VOCABULARY_GRAPH, config.SOURCES_GRAPH} <= graphs
    claims = [f for f in loading.curated_files() if f.graph is None]
    assert claims and all(f.path.suffix == ".trig" for f in claims)
