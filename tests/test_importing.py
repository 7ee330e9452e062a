"""The import and validation libraries: each user file parsed once, provenance built in memory,
one validation policy."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from advocacy_kg import config, importing, loading, validating
from advocacy_kg.cli import main
from advocacy_kg.store.oxigraph import OxigraphStore

NOTES = '<id/person/yvette-cooper> <http://xmlns.com/foaf/0.1/nick> "YC" , "Y. C." .\n'
CLAIM = "@prefix akg: <https://w3id.org/advocacy-kg/def/> .\n<id/letter/x> a akg:OpenLetter .\n"


@pytest.fixture
def notes(tmp_path: Path) -> Path:
    path = tmp_path / "notes.ttl"
    path.write_text(NOTES, encoding="utf-8")
    return path


def test_a_validated_load_parses_each_user_file_once(
    notes: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parse, reads = ox.parse, []

    def counting(*args: Any, **kwargs: Any) -> Any:
        given = kwargs.get("path") or (args[0] if args else kwargs.get("input"))
        if given in (notes, str(notes), notes.read_bytes()) or "input" in kwargs:
            reads.append(given)
        return parse(*args, **kwargs)

    monkeypatch.setattr(ox, "parse", counting)
    assert main(["load", str(notes), "--no-curated", "--store", "memory"]) == 0
    assert len(reads) == 1  # planning, validation and the store share one parse


def test_the_store_loads_the_quads_the_plan_read(tmp_path: Path, notes: Path) -> None:
    [user] = importing.plan([notes], None, [], parse=True)
    notes.write_text("this is no longer Turtle", encoding="utf-8")  # not read again
    store = OxigraphStore(ox.Store())
    report = store.load_graphs(importing.files([], [user]))
    assert report.graphs[config.GRAPH + "user/notes"] == 2
    records = [q for q in store.store if q.graph_name == ox.NamedNode(user.record)]
    triples = ox.NamedNode("http://rdfs.org/ns/void#triples")
    assert [q.object.value for q in records if q.predicate == triples] == ["2"]


def test_provenance_is_quads_in_the_record_graph(notes: Path) -> None:
    [user] = importing.plan([notes], "https://example.org/g", [])
    quads = importing.provenance([user])
    assert user.quads is None  # without parse=True the file streams
    assert {str(q.graph_name) for q in quads} == {f"<{config.GRAPH}import/notes>"}
    parts = [str(q.object) for q in quads if q.predicate.value.endswith("/terms/hasPart")]
    assert parts == ["<https://example.org/g>"]


def test_validation_policy_skips_files_without_the_vocabulary(tmp_path: Path, notes: Path) -> None:
    assert validating.validate_files([notes], skip_foreign=True) is None
    with pytest.raises(loading.InputError, match="no node in the input is of a class"):
        validating.validate_files([notes])
    claim = tmp_path / "claim.ttl"
    claim.write_text(CLAIM, encoding="utf-8")
    checked = validating.validate_files([notes, claim], skip_foreign=True)
    assert checked is not None and checked.skipped == [notes]
    assert checked.inputs == [str(claim)]
    assert not checked.report.conforms()  # a letter with nothing the shapes require


def test_a_store_over_the_limit_is_refused(notes: Path) -> None:
    store = OxigraphStore(ox.Store())
    store.load_graphs(importing.files([], importing.plan([notes], None, [])))
    size = len([q for q in store.store if not isinstance(q.graph_name, ox.DefaultGraph)])
    assert len(validating.store_dataset(store, limit=size)) == len(store.store)
    with pytest.raises(validating.ValidationError, match=f"more than {size - 1} quads"):
        validating.store_dataset(store, limit=size - 1)
