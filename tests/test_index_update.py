"""A load into an on-disk store updates the text index for the subjects it changed, and the
result is the index a full build of the same store gives, table by table and row by row."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest

from advocacy_kg import config, loading
from advocacy_kg.search import search
from advocacy_kg.store import index_apply, index_update, swap
from advocacy_kg.store.index_rows import INSERT_TEXT, insert_texts
from advocacy_kg.store.oxigraph import OxigraphStore
from advocacy_kg.store.text_index import FILE_NAME, SCHEMA, TextIndex

AKG, GRAPH = config.ONTOLOGY, config.GRAPH + "user/changes"
PREFIXES = f"""@prefix akg: <{AKG}> . @prefix person: <{config.BASE}id/person/> .
@prefix org: <{config.BASE}id/organisation/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""
#: An existing person gains another name; a new organisation with a date; a typed blank node.
FIRST = """<GRAPH> {
  person:yvette-cooper skos:altLabel "Quokka Q"@en .
  org:quokka-watch a akg:Organisation ; rdfs:label "Quokka Watch"@en , "Quokka"@de ;
    akg:date "2024-05-01"^^xsd:date .
  [] a akg:Organisation ; rdfs:label "Anonymous quokkas"@en .
}"""
#: The same graph again, with other content: the first one's rows must go.
SECOND = """<GRAPH> {
  org:wombat-watch a akg:Organisation ; rdfs:label "Wombat Watch"@en .
  person:yvette-cooper rdfs:comment "Spoke of wombats."@en .
}"""
#: A new class under a project class: the members of every class follow the hierarchy.
HIERARCHY = """<GRAPH> {
  akg:Marsupial rdfs:subClassOf akg:Organisation .
  org:wombat-watch a akg:Marsupial ; rdfs:label "Wombat Watch"@en .
}"""


@pytest.fixture(scope="module")
def curated_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("curated") / "store"
    OxigraphStore.on_disk(directory).load_graphs(loading.curated_files())
    return directory


@pytest.fixture
def store_dir(curated_dir: Path, tmp_path: Path) -> Path:
    directory = tmp_path / "store"
    source = ox.Store.read_only(str(curated_dir))
    source.backup(str(directory))
    (directory / FILE_NAME).write_bytes((curated_dir / FILE_NAME).read_bytes())
    return directory


def load(directory: Path, trig: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Load one TriG file; a full build of the index fails the test, so the update did it."""
    path = directory.with_name("changes.trig")
    path.write_text(PREFIXES + trig.replace("GRAPH", GRAPH), encoding="utf-8")

    def no_full_build(*args: object) -> None:
        raise AssertionError("the index was built whole, not updated")

    with monkeypatch.context() as patched:
        patched.setattr(swap.TextIndex, "build", no_full_build)
        OxigraphStore.on_disk(directory).load_graphs([loading.RdfFile(path)])


def tables(path: Path) -> dict[str, Counter[tuple[object, ...]]]:
    connection = sqlite3.connect(path)
    try:
        return {
            "texts": Counter(connection.execute("SELECT rowid, * FROM texts")),
            "names": Counter(connection.execute("SELECT * FROM names")),
            "members": Counter(connection.execute("SELECT * FROM members")),
        }
    finally:
        connection.close()


def assert_equals_full_build(directory: Path, tmp_path: Path) -> dict[str, Counter]:
    full = tmp_path / "full.sqlite"
    TextIndex.build(ox.Store.read_only(str(directory)), full).close()
    updated, built = tables(directory / FILE_NAME), tables(full)
    for table in built:
        assert updated[table] == built[table], table
    return updated


def test_an_update_gives_the_full_build_row_for_row(
    store_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = tables(store_dir / FILE_NAME)
    load(store_dir, FIRST, monkeypatch)
    after = assert_equals_full_build(store_dir, tmp_path)
    added = {t: after[t] - before[t] for t in after}
    assert all(added.values())  # every table changed: the comparison is not vacuous
    quokka = {row[1] for row in added["texts"]}
    assert quokka == {"quokka q", "quokka watch", "quokka"}  # texts are of IRIs only
    members = {(row[0], row[2], row[3]) for row in added["members"]}
    assert (AKG + "Organisation", 0, "Anonymous quokkas") in members  # a blank node, by its id
    store = OxigraphStore.on_disk(store_dir, read_only=True)
    assert {r.label for r in search(store, "quokka").results} >= {"Yvette Cooper", "Quokka Watch"}


def test_replacing_the_graph_again_removes_the_rows_of_its_old_content(
    store_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load(store_dir, FIRST, monkeypatch)
    load(store_dir, SECOND, monkeypatch)
    rows = assert_equals_full_build(store_dir, tmp_path)
    assert not [r for r in rows["texts"] if "quokka" in r[1]]
    assert [r for r in rows["texts"] if "wombat" in r[1]]
    store = OxigraphStore.on_disk(store_dir, read_only=True)
    assert not search(store, "quokka").total and search(store, "wombat").total == 2


def test_a_change_of_the_class_hierarchy_moves_the_members(
    store_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load(store_dir, HIERARCHY, monkeypatch)
    rows = assert_equals_full_build(store_dir, tmp_path)
    wombat = config.BASE + "id/organisation/wombat-watch"
    assert {r[0] for r in rows["members"] if r[1] == wombat} == {
        AKG + "Marsupial",
        AKG + "Organisation",
    }


def test_an_index_that_does_not_match_the_store_is_built_whole(
    store_dir: Path, tmp_path: Path
) -> None:
    connection = sqlite3.connect(store_dir / FILE_NAME)
    connection.execute("DELETE FROM texts WHERE subject LIKE '%yvette-cooper'")
    connection.commit()
    connection.close()
    path = tmp_path / "changes.trig"
    path.write_text(PREFIXES + FIRST.replace("GRAPH", GRAPH), encoding="utf-8")
    OxigraphStore.on_disk(store_dir).load_graphs([loading.RdfFile(path)])
    rows = assert_equals_full_build(store_dir, tmp_path)
    assert [r for r in rows["texts"] if r[3].endswith("yvette-cooper")]  # back from the store


def test_a_load_too_big_to_compare_builds_the_index_whole(
    store_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(index_update, "MAX_QUADS", 3)
    assert index_update.changes(ox.Store(), ox.Store(), []) is not None
    path = tmp_path / "changes.trig"
    path.write_text(PREFIXES + FIRST.replace("GRAPH", GRAPH), encoding="utf-8")
    with monkeypatch.context() as patched:
        patched.setattr(index_update, "write_changes", pytest.fail)
        OxigraphStore.on_disk(store_dir).load_graphs([loading.RdfFile(path)])
    assert_equals_full_build(store_dir, tmp_path)


def test_a_text_row_whose_id_is_taken_gets_the_next_free_one_and_is_found_by_content() -> None:
    connection = sqlite3.connect(":memory:", isolation_level=None)
    connection.execute(SCHEMA)
    rows = [(7, "a", "A", "s", "p"), (7, "b", "B", "s", "p"), (7, "c", "C", "t", "p")]
    insert_texts(connection, iter(rows))
    found = connection.execute("SELECT rowid, lowered FROM texts ORDER BY rowid").fetchall()
    assert found == [(7, "a"), (8, "b"), (9, "c")]
    with pytest.raises(sqlite3.IntegrityError):
        connection.execute(INSERT_TEXT, (8, "d", "D", "s", "p"))  # ids stay unique
    bounds = (7, 7 + index_update.PROBES - 1)
    live = connection.execute(
        index_update.FIND_TEXT.replace("live.", ""), (*bounds, "b", "B", "s", "p")
    )
    assert live.fetchall() == [(8,)]  # the row to delete, found by its content


def test_a_load_killed_after_its_swap_has_its_rows_applied_by_the_next_opening(
    store_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as patched:
        patched.setattr(index_apply, "finish", lambda directory: None)  # killed right after
        load(store_dir, FIRST, monkeypatch)
    assert (store_dir / index_update.PENDING).exists()
    assert search(OxigraphStore.on_disk(store_dir, read_only=True), "quokka").total
    assert not (store_dir / index_update.PENDING).exists()
    assert_equals_full_build(store_dir, tmp_path)


KILLED_WHILE_APPLYING = """
import os, signal, sys
from pathlib import Path
from advocacy_kg import loading
from advocacy_kg.store import index_apply
from advocacy_kg.store.oxigraph import OxigraphStore
apply_rows = index_apply._apply_rows
def killed(connection, hierarchy):
    apply_rows(connection, hierarchy)  # every row written, not committed
    connection.execute("PRAGMA cache_spill = ON")
    connection.execute("SAVEPOINT spill")  # the pages reach the file before the kill
    connection.execute("PRAGMA shrink_memory")
    os.kill(os.getpid(), signal.SIGKILL)
index_apply._apply_rows = killed
OxigraphStore.on_disk(Path(sys.argv[1])).load_graphs([loading.RdfFile(Path(sys.argv[2]))])
"""


def test_a_load_killed_while_applying_its_rows_is_rolled_back_and_applied_again(
    store_dir: Path, tmp_path: Path
) -> None:
    path = tmp_path / "changes.trig"
    path.write_text(PREFIXES + FIRST.replace("GRAPH", GRAPH), encoding="utf-8")
    command = [sys.executable, "-c", KILLED_WHILE_APPLYING, str(store_dir), str(path)]
    assert subprocess.run(command, timeout=120).returncode == -signal.SIGKILL
    assert (store_dir / index_update.PENDING).exists()
    journal = store_dir / (FILE_NAME + "-journal")
    assert journal.exists()  # a hot journal: the index file was being changed
    store = OxigraphStore.on_disk(store_dir, read_only=True)  # the opening finishes the load
    assert not journal.exists() and not (store_dir / index_update.PENDING).exists()
    assert search(store, "quokka").total
    assert_equals_full_build(store_dir, tmp_path)


def test_a_running_reader_stops_using_an_index_a_load_changed_under_it(
    store_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reader = OxigraphStore.on_disk(store_dir, read_only=True)
    assert reader.text_index() is not None
    load(store_dir, FIRST, monkeypatch)
    assert reader.text_index() is None  # its store is the one it opened: searched by SPARQL
    assert not search(reader, "quokka").total
    assert search(OxigraphStore.on_disk(store_dir, read_only=True), "quokka").total


def test_an_index_whose_earlier_rows_were_not_applied_is_built_whole(
    store_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as patched:  # as when applying failed (the file stays)
        patched.setattr(index_apply, "finish", lambda directory: None)
        patched.setattr(swap, "tidy", lambda directory: None)
        load(store_dir, FIRST, monkeypatch)
        assert not index_update.updatable(store_dir / FILE_NAME)
        path = tmp_path / "second.trig"
        path.write_text(PREFIXES + SECOND.replace("GRAPH", GRAPH), encoding="utf-8")
        OxigraphStore.on_disk(store_dir).load_graphs([loading.RdfFile(path)])
    assert not (store_dir / index_update.PENDING).exists()  # the new store has none
    assert_equals_full_build(store_dir, tmp_path)
