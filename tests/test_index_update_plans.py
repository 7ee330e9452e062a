"""The queries that read the members' rows of a few changed subjects (``index_update.py``) start
from those subjects: none reads every label of the store (Oxigraph joined the label properties'
``VALUES`` first when a load changed more subjects than there are label properties)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from test_describe_plans import MOST_ROWS, disk_store, explain, largest_step  # noqa: F401

from advocacy_kg import config
from advocacy_kg.describe import LABEL_PROPERTIES
from advocacy_kg.store.index_rows import fill_members
from advocacy_kg.store.text_index import MEMBERS_SCHEMA


class Recorder:
    """A pyoxigraph store that keeps the SPARQL it is sent."""

    def __init__(self, store: ox.Store) -> None:
        self.store, self.queries = store, list[str]()

    def query(self, sparql: str, **kwargs: Any) -> Any:
        self.queries.append(sparql)
        return self.store.query(sparql, **kwargs)


def test_the_members_rows_of_a_few_subjects_are_read_from_those_subjects(
    disk_store: Path,  # noqa: F811 (the fixture)
    tmp_path: Path,
) -> None:
    subjects = [
        ox.NamedNode(f"{config.BASE}id/organisation/filler-{i}")
        for i in range(len(LABEL_PROPERTIES) + 2)
    ]
    recorder = Recorder(ox.Store.read_only(str(disk_store)))
    connection = sqlite3.connect(":memory:")
    connection.execute(MEMBERS_SCHEMA)
    fill_members(connection, recorder, subjects)  # type: ignore[arg-type]
    found = {row[1] for row in connection.execute("SELECT * FROM members")}
    assert found == {s.value for s in subjects}  # each filler organisation, with its label
    assert connection.execute("SELECT COUNT(*) FROM members WHERE label IS NULL").fetchone()[0] == 0
    assert len(recorder.queries) >= 4
    for sparql in recorder.queries:
        steps = largest_step(explain(disk_store, sparql, tmp_path))
        assert steps <= MOST_ROWS, f"a step of this query read {steps} rows:\n{sparql}"
