"""The embedded store: all-or-nothing loads in memory and on disk, recovery, and store specs."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from advocacy_kg import config
from advocacy_kg.loading import InputError, RdfFile
from advocacy_kg.store import OxigraphStore, StoreSpecError, files, open_store, store_spec, swap

GOOD = "<claim/a> { <id/a> <def/p> <id/b> . <id/b> <def/p> [ <def/q> 1 ] . }\n"
BAD = '<id/c> <def/p> <id/d> .\n<id/e> <def/p> "unterminated .\n'


@pytest.fixture
def inputs(tmp_path: Path) -> dict[str, Path]:
    paths = {
        "good": tmp_path / "good.trig",
        "bad": tmp_path / "bad.ttl",
        "user": tmp_path / "u.ttl",
    }
    paths["good"].write_text(GOOD, encoding="utf-8")
    paths["bad"].write_text(BAD, encoding="utf-8")
    paths["user"].write_text("<id/a> <def/nick> 'a' .\n", encoding="utf-8")
    return paths


def count(store: OxigraphStore, sparql: str) -> int:
    answer = store.query(sparql)
    assert isinstance(answer, ox.QuerySolutions)
    [row] = list(answer)
    return int(row["n"].value)


def snapshot(store: OxigraphStore) -> set[str]:
    return {str(q) for q in store.store if not isinstance(q.object, ox.BlankNode)}


@pytest.fixture(params=["memory", "disk"])
def store(request: pytest.FixtureRequest, tmp_path: Path, inputs: dict[str, Path]) -> OxigraphStore:
    store = (
        OxigraphStore.in_memory()
        if request.param == "memory"
        else OxigraphStore.on_disk(tmp_path / "db")
    )
    store.load_graphs([RdfFile(inputs["good"]), RdfFile(inputs["user"], config.GRAPH + "user/u")])
    return store


def test_loaded_graphs_are_reported(store: OxigraphStore) -> None:
    assert store.graphs() == [config.CLAIM + "a", config.GRAPH + "user/u"]
    assert len(store) == 4


def test_a_bad_file_adds_nothing(store: OxigraphStore, inputs: dict[str, Path]) -> None:
    before = snapshot(store), store.graphs()
    with pytest.raises(InputError) as caught:
        store.load_graphs(
            [RdfFile(inputs["user"], config.GRAPH + "user/v"), RdfFile(inputs["bad"], "http://g")]
        )
    assert (caught.value.path, caught.value.line) == (str(inputs["bad"]), 2)
    assert (snapshot(store), store.graphs()) == before


def test_load_files_is_all_or_nothing_too(store: OxigraphStore, inputs: dict[str, Path]) -> None:
    before = snapshot(store)
    with pytest.raises(InputError):
        store.load_files([RdfFile(inputs["user"], "http://g/new"), RdfFile(inputs["bad"])])
    assert snapshot(store) == before


def test_a_graph_loaded_again_is_replaced(store: OxigraphStore, inputs: dict[str, Path]) -> None:
    inputs["user"].write_text("<id/a> <def/nick> 'b' .\n", encoding="utf-8")
    report = store.load_graphs([RdfFile(inputs["user"], config.GRAPH + "user/u")])
    assert report.graphs == {config.GRAPH + "user/u": 1}
    answer = store.query("SELECT ?n { ?s <https://w3id.org/advocacy-kg/def/nick> ?n }")
    assert isinstance(answer, ox.QuerySolutions)
    assert [row["n"].value for row in answer] == ["b"]
    assert config.CLAIM + "a" in store.graphs()


def test_disk_store_persists_and_leaves_no_staging(tmp_path: Path, inputs: dict[str, Path]) -> None:
    store = OxigraphStore.on_disk(tmp_path / "db")
    store.load_graphs([RdfFile(inputs["good"])])
    del store
    reopened = OxigraphStore.on_disk(tmp_path / "db", read_only=True)
    assert reopened.graphs() == [config.CLAIM + "a"]
    leftovers = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("db"))
    assert leftovers == ["db", "db" + swap.LOCK]  # no staging left; the lock file stays


def test_interrupted_load_leaves_store_as_it_was(
    tmp_path: Path, inputs: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    store = OxigraphStore.on_disk(tmp_path / "db")
    store.load_graphs([RdfFile(inputs["good"])])
    before = snapshot(store)

    def interrupt(self: files.Progress, count: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(files.Progress, "active", property(lambda self: True))
    monkeypatch.setattr(files.Progress, "advance", interrupt)
    with pytest.raises((KeyboardInterrupt, InputError)):
        store.load_graphs([RdfFile(inputs["user"], config.GRAPH + "user/u")])
    assert snapshot(store) == before
    assert not swap.sibling(tmp_path / "db", swap.LOADING).exists()


def test_swap_stopped_between_renames_is_undone(tmp_path: Path, inputs: dict[str, Path]) -> None:
    store = OxigraphStore.on_disk(tmp_path / "db")
    store.load_graphs([RdfFile(inputs["good"])])
    del store
    (tmp_path / "db").rename(swap.sibling(tmp_path / "db", swap.REPLACED))
    assert OxigraphStore.on_disk(tmp_path / "db").graphs() == [config.CLAIM + "a"]


def test_big_files_take_the_bulk_path(
    tmp_path: Path, inputs: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(files, "BULK_MIN_BYTES", 0)
    store = OxigraphStore.on_disk(tmp_path / "db")
    store.load_graphs([RdfFile(inputs["good"])])
    with pytest.raises(InputError, match=":2: "):
        store.load_graphs([RdfFile(inputs["bad"], "http://g")])
    assert store.graphs() == [config.CLAIM + "a"]


def test_store_spec_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = tmp_path / "advocacy-kg.toml"
    settings.write_text('store = "oxigraph:/from/file"\n', encoding="utf-8")
    monkeypatch.delenv("ADVOCACY_KG_STORE", raising=False)
    monkeypatch.delenv("ADVOCACY_KG_CONFIG", raising=False)
    assert str(store_spec()) == "memory"
    monkeypatch.setenv("ADVOCACY_KG_CONFIG", str(settings))
    assert str(store_spec()) == "oxigraph:/from/file"
    monkeypatch.setenv("ADVOCACY_KG_STORE", "oxigraph:/from/env")
    assert str(store_spec()) == "oxigraph:/from/env"
    assert str(store_spec("memory")) == "memory"


def test_unknown_store_specs_are_refused() -> None:
    for spec in ("disk", "oxigraph:", "sparql:ftp://x", "memory:x"):
        with pytest.raises(StoreSpecError):
            open_store(spec)


def test_default_graph_is_a_set_even_when_claims_repeat_a_triple(tmp_path: Path) -> None:
    # oxigraph#1919: pyoxigraph 0.5's union default graph counted such a triple once per graph
    path = tmp_path / "two-claims.trig"
    path.write_text(
        "<claim/a> { <id/x> <def/p> <id/y> . }\n<claim/b> { <id/x> <def/p> <id/y> . }\n"
    )
    store = OxigraphStore.in_memory()
    store.load_files([RdfFile(path)])
    assert count(store, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }") == 1
    assert len(store) == 2  # two quads, one in each claim graph
    assert count(store, "SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }") == 2


def objects_after_reload(tmp_path: Path, where: str, first: str, second: str) -> list[str]:
    """Load ``first``, then ``second`` (TriG) into a new store: its default graph's objects."""
    files = tmp_path / "first.trig", tmp_path / "second.trig"
    for path, text in zip(files, (first, second), strict=True):
        path.write_text(text)
    store = (
        OxigraphStore.in_memory() if where == "memory" else OxigraphStore.on_disk(tmp_path / "db")
    )
    for path in files:
        store.load_graphs([RdfFile(path)])
    answer = store.query("SELECT ?o { ?s ?p ?o }")
    assert isinstance(answer, ox.QuerySolutions)
    return sorted(r["o"].value for r in answer)


@pytest.mark.parametrize("where", ["memory", "disk"])
def test_replacing_a_graph_keeps_the_merge_right(tmp_path: Path, where: str) -> None:
    objects = objects_after_reload(
        tmp_path,
        where,
        "<claim/a> { <id/x> <def/p> <id/old> . }\n<claim/b> { <id/x> <def/p> <id/y> . }\n",
        "<claim/a> { <id/x> <def/p> <id/new> . }\n",
    )
    assert objects == [config.BASE + "id/new", config.BASE + "id/y"]


@pytest.mark.parametrize("where", ["memory", "disk"])
def test_a_triple_another_graph_still_holds_stays_in_the_merge(tmp_path: Path, where: str) -> None:
    objects = objects_after_reload(
        tmp_path,
        where,
        "<claim/a> { <id/x> <def/p> <id/y> . }\n<claim/b> { <id/x> <def/p> <id/y> . }\n",
        "<claim/a> { <id/x> <def/p> <id/z> . }\n",
    )
    assert objects == [config.BASE + "id/y", config.BASE + "id/z"]


def test_blank_nodes_are_one_node_in_a_graph_and_in_the_merge(tmp_path: Path) -> None:
    path = tmp_path / "bnode.trig"
    path.write_text('<claim/a> { <id/x> <def/note> [ <def/text> "hi" ] . }\n')
    store = OxigraphStore.in_memory()
    store.load_files([RdfFile(path)])
    answer = store.query(
        "SELECT ?t { id:x akg:note ?n GRAPH ?g { ?n akg:text ?t } }",
        prefixes={"id": config.ENTITY, "akg": config.ONTOLOGY},
    )
    assert isinstance(answer, ox.QuerySolutions)
    assert [r["t"].value for r in answer] == ["hi"]
