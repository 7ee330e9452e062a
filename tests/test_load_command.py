"""``advocacy-kg load``: what goes where, with provenance; a failure changes nothing."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from sparql_servers import oxigraph_server

from advocacy_kg import config, loading
from advocacy_kg.cli import main
from advocacy_kg.store import open_store
from advocacy_kg.web import SPARQL_KEY, create_app

__all__ = ["oxigraph_server"]

NOTES = '@prefix foaf: <http://xmlns.com/foaf/0.1/> .\n<id/person/yvette-cooper> foaf:nick "YC" .\n'
PROVENANCE = """
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?nick ?file ?loaded WHERE {
  GRAPH ?g { ?who <http://xmlns.com/foaf/0.1/nick> ?nick }
  ?import dcterms:hasPart ?g ; dcterms:source ?file ; prov:generatedAtTime ?loaded .
}"""


def state(spec: str) -> tuple[int, list[str]]:
    store = open_store(spec, read_only=spec.startswith("oxigraph:"))
    return len(store), store.graphs()


@pytest.fixture
def notes(tmp_path: Path) -> Path:
    path = tmp_path / "My Notes.ttl"
    path.write_text(NOTES, encoding="utf-8")
    return path


@pytest.fixture
def loaded(tmp_path: Path, notes: Path) -> str:
    """An on-disk store holding the curated graph and the notes file."""
    spec = f"oxigraph:{tmp_path / 'store'}"
    assert main(["load", str(notes), "--store", spec, "--no-validate"]) == 0
    return spec


def test_curated_and_user_data_are_loaded_with_provenance(loaded: str) -> None:
    store = open_store(loaded, read_only=True)
    assert {config.ONTOLOGY_GRAPH, config.SOURCES_GRAPH, config.GRAPH + "user/my-notes"} <= set(
        store.graphs()
    )
    assert any(g.startswith(config.CLAIM) for g in store.graphs())
    answer = store.query(PROVENANCE)
    assert isinstance(answer, ox.QuerySolutions)
    [row] = list(answer)
    assert (row["nick"].value, row["file"].value) == ("YC", "My Notes.ttl")
    # the user's triple joins the curated facts about the same person
    joined = store.query(
        "ASK { ?letter akg:addressedTo ?p . ?p <http://xmlns.com/foaf/0.1/nick> 'YC' }",
        prefixes={"akg": config.ONTOLOGY},
    )
    assert bool(joined)


def test_browser_and_endpoint_show_user_data_with_provenance(loaded: str) -> None:
    app = create_app({"TESTING": True, "STORE": loaded})
    try:
        client = app.test_client()
        page = client.get("/id/person/yvette-cooper").get_data(as_text=True)
        assert "YC" in page and 'href="/graph/user/my-notes"' in page
        assert "Data loaded from My Notes.ttl" in client.get("/graph/user/my-notes").get_data(
            as_text=True
        )
        assert "Import of My Notes.ttl" in client.get("/graph/import/my-notes").get_data(
            as_text=True
        )
        answer = client.get(
            "/sparql",
            query_string={"query": PROVENANCE},
            headers={"Accept": "application/sparql-results+json"},
        )
        [row] = answer.get_json()["results"]["bindings"]
        assert (row["nick"]["value"], row["file"]["value"]) == ("YC", "My Notes.ttl")
    finally:
        app.extensions[SPARQL_KEY].close()


def test_a_bad_file_leaves_the_store_unchanged(
    loaded: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = state(loaded)
    bad = tmp_path / "bad.ttl"
    bad.write_text('<id/x> <def/p> "a" .\n\n<id/y> <def/p> "unterminated .\n', encoding="utf-8")
    good = tmp_path / "good.ttl"
    good.write_text('<id/z> <def/p> "b" .\n', encoding="utf-8")
    code = main(["load", str(good), str(bad), "--store", loaded, "--no-validate", "--no-curated"])
    assert code == 2
    assert f"{bad}:3: " in capsys.readouterr().err
    assert state(loaded) == before


def test_loading_again_replaces_the_user_graph(loaded: str, notes: Path) -> None:
    notes.write_text(NOTES.replace('"YC"', '"Y. C."'), encoding="utf-8")
    assert main(["load", str(notes), "--store", loaded, "--no-validate", "--no-curated"]) == 0
    answer = open_store(loaded, read_only=True).query(PROVENANCE)
    assert isinstance(answer, ox.QuerySolutions)
    assert [row["nick"].value for row in answer] == ["Y. C."]


def test_graph_option_names_the_graph(tmp_path: Path, notes: Path) -> None:
    spec = f"oxigraph:{tmp_path / 'store'}"
    code = main(["load", str(notes), "--graph", "http://example.org/mine", "--store", spec,
                 "--no-validate", "--no-curated"])  # fmt: skip
    assert code == 0
    assert "http://example.org/mine" in open_store(spec, read_only=True).graphs()


def test_a_relative_graph_is_resolved_against_the_base(tmp_path: Path, notes: Path) -> None:
    spec = f"oxigraph:{tmp_path / 'store'}"
    code = main(["load", str(notes), "--graph", "graph/user/research", "--store", spec,
                 "--no-validate", "--no-curated"])  # fmt: skip
    assert code == 0
    assert config.GRAPH + "user/research" in open_store(spec, read_only=True).graphs()


def test_big_files_stream_past_the_read_limit(
    tmp_path: Path, notes: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    limit = max(f.path.stat().st_size for f in loading.curated_files())  # the ontology passes
    monkeypatch.setattr(config, "MAX_INPUT_BYTES", limit)  # the limit of whole-file reads
    lines = (f'<id/person/p{n}> <http://xmlns.com/foaf/0.1/nick> "p{n}" .\n' for n in range(9999))
    notes.write_text("".join(lines), encoding="utf-8")
    assert notes.stat().st_size > limit
    spec = f"oxigraph:{tmp_path / 'store'}"
    assert main(["load", str(notes), "--store", spec, "--no-curated"]) == 2
    assert f"over the limit of {limit} (add --no-validate)" in capsys.readouterr().err
    assert main(["load", str(notes), "--store", spec, "--no-curated", "--no-validate"]) == 0
    assert config.GRAPH + "user/my-notes" in open_store(spec, read_only=True).graphs()


def test_user_file_may_not_replace_a_curated_graph(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sneaky = tmp_path / "sneaky.trig"
    sneaky.write_text('<graph/sources> { <id/x> <def/p> "y" . }\n', encoding="utf-8")
    spec = f"oxigraph:{tmp_path / 'store'}"
    assert main(["load", str(sneaky), "--store", spec, "--no-validate"]) == 2
    assert "would replace the curated graph" in capsys.readouterr().err


def test_invalid_user_data_is_not_loaded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    letter = tmp_path / "letter.ttl"
    letter.write_text(
        "@prefix akg: <def/> .\n<id/letter/x> a akg:OpenLetter ; akg:date 'not a date' .\n",
        encoding="utf-8",
    )
    spec = f"oxigraph:{tmp_path / 'store'}"
    assert main(["load", str(letter), "--store", spec, "--no-curated"]) == 1
    captured = capsys.readouterr()
    assert "Violation" in captured.out and "nothing loaded" in captured.err
    assert not (tmp_path / "store").exists()  # validation comes before the store is opened


def test_load_into_a_sparql_server(oxigraph_server: str, notes: Path) -> None:
    spec = f"sparql:{oxigraph_server}"
    assert main(["load", str(notes), "--store", spec, "--no-validate"]) == 0
    store = open_store(spec)
    assert config.GRAPH + "import/my-notes" in store.graphs()
    answer = store.query(PROVENANCE)
    assert isinstance(answer, ox.QuerySolutions)
    assert [row["file"].value for row in answer] == ["My Notes.ttl"]
