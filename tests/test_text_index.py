"""The text index: the same results as the SPARQL search, built by every load, swapped in with
the store, and searched for user data loaded with ``advocacy-kg load``."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from browse_support import QueryOnlyStore, fixture_store

from advocacy_kg import config
from advocacy_kg.cli import main
from advocacy_kg.search import search
from advocacy_kg.store import index_update, open_store, swap, text_index
from advocacy_kg.store.oxigraph import OxigraphStore, curated_store

#: Long and short words, several words, accents, an underscore, a word found nowhere.
QUERIES = [
    "facial recognition",
    "Reclaim Your Face",
    "ban",
    "ai act",
    "EU",
    "a",
    "Big Brother Watch",
    "JOUROVÁ",
    "Kateřina",  # issue 11: S10 gives Jourová no given name
    "vice_president",
    "police scotland letter",
    "zzqxj",
]
NOTES = '<id/person/yvette-cooper> <http://www.w3.org/2004/02/skos/core#altLabel> "Quokka Q"@en .\n'


@pytest.fixture(scope="module")
def curated() -> OxigraphStore:
    return curated_store()


@pytest.mark.parametrize("query", QUERIES)
def test_the_index_gives_the_results_and_ranking_of_the_sparql_search(
    curated: OxigraphStore, query: str
) -> None:
    assert curated.text_index() is not None
    indexed = search(curated, query, limit=500).as_json()
    by_sparql = search(QueryOnlyStore(curated), query, limit=500).as_json()  # no index: SPARQL
    assert indexed == by_sparql


def test_the_searches_above_find_something() -> None:
    found = [search(curated_store(), q).total for q in QUERIES]
    assert sum(1 for n in found if n) >= len(QUERIES) - 2  # not vacuous


def test_the_in_memory_index_follows_writes() -> None:
    store = fixture_store()
    assert not search(store, "quokka").results
    trig = f"<{config.GRAPH}user/n> {{ {NOTES} }}"
    store.add_quads(ox.parse(trig, format=ox.RdfFormat.TRIG, base_iri=config.BASE))
    found = search(store, "quokka").results
    assert [r.iri for r in found] == [config.BASE + "id/person/yvette-cooper"]


@pytest.fixture
def notes(tmp_path: Path) -> Path:
    path = tmp_path / "notes.ttl"
    path.write_text(NOTES, encoding="utf-8")
    return path


def load(spec: str, *paths: Path, curated: bool = False) -> int:
    flags = ["--no-validate"] + ([] if curated else ["--no-curated"])
    return main(["load", *map(str, paths), "--store", spec, *flags])


def test_a_search_finds_user_data_loaded_with_the_load_command(tmp_path: Path, notes: Path) -> None:
    spec = f"oxigraph:{tmp_path / 'store'}"
    assert load(spec, notes, curated=True) == 0
    assert (tmp_path / "store" / text_index.FILE_NAME).exists()
    store = open_store(spec, read_only=True)
    assert isinstance(store, OxigraphStore) and store.text_index() is not None
    found = search(store, "quokka")
    assert [r.iri for r in found.results] == [config.BASE + "id/person/yvette-cooper"]
    assert found.results[0].label == "Yvette Cooper"  # names from the curated graph beside it
    assert search(store, "Reclaim Your Face").total  # and the curated graph is indexed too


def test_the_index_is_replaced_with_the_store_and_kept_when_a_load_fails(
    tmp_path: Path, notes: Path
) -> None:
    spec = f"oxigraph:{tmp_path / 'store'}"
    assert load(spec, notes) == 0
    index_file = tmp_path / "store" / text_index.FILE_NAME
    before = index_file.read_bytes()
    bad = tmp_path / "bad.ttl"
    bad.write_text('<id/x> <http://www.w3.org/2000/01/rdf-schema#label> "Wombat .\n')
    assert load(spec, bad) == 2
    assert index_file.read_bytes() == before
    assert [r.label for r in search(open_store(spec, read_only=True), "quokka").results]
    notes.write_text(NOTES.replace("Quokka Q", "Wombat W"), encoding="utf-8")
    assert load(spec, notes) == 0
    reopened = open_store(spec, read_only=True)
    assert not search(reopened, "quokka").results
    assert search(reopened, "wombat").total == 1
    leftovers = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("store"))
    assert leftovers == ["store", "store" + swap.LOCK]  # the lock file stays: it is not data
    assert [p.name for p in (tmp_path / "store").glob("text-index*")] == [text_index.FILE_NAME]


@pytest.mark.parametrize("step", ["build", "update"])
def test_a_load_that_fails_while_indexing_leaves_store_and_index_as_they_were(
    tmp_path: Path, notes: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    spec = f"oxigraph:{tmp_path / 'store'}"
    assert load(spec, notes) == 0
    index_file = tmp_path / "store" / text_index.FILE_NAME
    before = index_file.read_bytes()

    def fail(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    # a whole build (an index too old to update) or an update of a copy of the live index
    monkeypatch.setattr(swap.TextIndex, "build", fail)
    if step == "update":
        monkeypatch.setattr(index_update, "write_changes", fail)
    else:
        monkeypatch.setattr(index_update, "updatable", lambda path: False)
    notes.write_text(NOTES.replace("Quokka Q", "Wombat W"), encoding="utf-8")
    assert load(spec, notes) == 2
    assert index_file.read_bytes() == before
    store = open_store(spec, read_only=True)
    assert search(store, "quokka").total == 1 and not search(store, "wombat").total
    assert not swap.sibling(tmp_path / "store", swap.LOADING).exists()


def test_an_on_disk_store_without_an_index_is_searched_with_sparql(
    tmp_path: Path, notes: Path, caplog: pytest.LogCaptureFixture
) -> None:
    spec = f"oxigraph:{tmp_path / 'store'}"
    assert load(spec, notes) == 0
    (tmp_path / "store" / text_index.FILE_NAME).unlink()
    store = open_store(spec, read_only=True)
    assert isinstance(store, OxigraphStore) and store.text_index() is None
    assert search(store, "quokka").total == 1
    assert search(store, "quokka").total == 1
    said = [r.getMessage() for r in caplog.records if "no text index" in r.getMessage()]
    assert len(said) == 1 and "advocacy-kg load" in said[0]  # once, with what to do


def test_an_in_memory_store_builds_its_index_at_the_first_search_only() -> None:
    store = OxigraphStore.in_memory()
    trig = f"<{config.GRAPH}user/n> {{ {NOTES} }}"
    store.add_quads(ox.parse(trig, format=ox.RdfFormat.TRIG, base_iri=config.BASE))
    assert store._index is None  # loading (validate, query) does not pay for the index
    assert search(store, "quokka").results
    assert store._index is not None
