"""Bringing the text index up to date after a load, for the subjects the load changed only.

Every row of the index belongs to one subject and follows from that subject's own triples:
``texts`` and ``names`` from its triples in the merged default graph, ``members`` from its types,
labels, dates and claim graphs; only the classes above a type (``rdfs:subClassOf`` anywhere)
reach across subjects. A load replaces named graphs, so the subjects whose rows can change are
the subjects of the quads that differ between a replaced graph and its replacement (``changes``).
Their rows as the old store gives them are to go and their rows as the new store gives them are
to come. The result is the full build's, row for row (the texts' ids come from their content,
``index_rows.text_id``): ``tests/test_index_update.py`` compares them.

The live index is not copied (377 MiB at 1M quads, most of a small load's time): ``stage`` writes
those rows into a small file beside the staged store (``PENDING``) and puts the live index there
as a hard link, unchanged; the swap (``swap.py``) moves both in with the store, and ``finish``
(``index_apply.py``) then applies the rows to the index in place, in one SQLite transaction.
That file is the load's redo log: a load killed before the swap leaves store and index as they
were, one killed after it leaves the rows to apply, and the next opening applies them.

When a changed triple is an ``rdfs:subClassOf``, the members table is filled again whole; when the
load reads more than ``MAX_QUADS`` quads, or the index does not hold the rows the old store gives
(made by another version, or the store was changed by another tool), the index is built whole.
"""

from __future__ import annotations

import itertools
import os
import sqlite3
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ..namespaces import RDFS_SUBCLASS_OF
from ..read_terms import WEIGHTS
from .index_rows import (
    PROBES,
    Subject,
    fill_members,
    insert,
    names_rows,
    searched_literals,
)
from .text_index import FILE_NAME, INSERT_NAME, MEMBERS_SCHEMA, NAMES_SCHEMA, TextIndex

#: Above this many quads read (replaced graphs and their replacements), a full build is cheaper
#: than comparing them quad by quad (benchmarks/README.md, "Loading a small file").
MAX_QUADS = 200_000
SUBCLASS_OF = ox.NamedNode(RDFS_SUBCLASS_OF)
#: Beside the index: the rows a load changes, until ``index_apply.finish`` has applied them.
PENDING = "text-index-changes.sqlite"
#: The tables of ``PENDING``: texts to delete (the live index's row ids) and to insert, subjects
#: whose names go and names to insert, members to delete and to insert, and the load's token.
PENDING_SCHEMA = [
    "CREATE TABLE gone_texts (id INTEGER PRIMARY KEY)",
    "CREATE TABLE new_texts (id INTEGER, lowered, text, subject, predicate)",
    "CREATE TABLE gone_names (subject TEXT PRIMARY KEY)",
    NAMES_SCHEMA.replace("TABLE names", "TABLE new_names"),
    MEMBERS_SCHEMA.replace("TABLE members", "TABLE gone_members"),
    MEMBERS_SCHEMA.replace("TABLE members", "TABLE new_members"),
    "CREATE TABLE load (token TEXT, hierarchy INTEGER)",
]
#: The live row of an old text: by its id, or one of the next ``PROBES`` where a collision put it.
FIND_TEXT = """SELECT rowid FROM live.texts WHERE rowid BETWEEN ? AND ? AND lowered = ?
  AND text = ? AND subject = ? AND predicate = ? ORDER BY rowid"""
#: The live rows of the members to delete, found by the class's index.
LIVE_MEMBERS = """SELECT m.rowid AS id FROM gone_members g JOIN {live}members m ON m.class = g.class
  AND m.key IS g.key AND m.is_iri = g.is_iri AND m.subject = g.subject"""


class OutOfDate(Exception):
    """The index lacks a row the old store gives: it was not made from that store."""


@dataclass
class Change:
    """What a load changes: the subjects of the quads that differ, and whether the class
    hierarchy is among them."""

    subjects: set[Subject]
    hierarchy: bool


def changes(old: ox.Store, loaded: ox.Store, graphs: Iterable[str]) -> Change | None:
    """The change of replacing ``graphs`` of ``old`` by those of ``loaded``; None above
    ``MAX_QUADS`` quads read."""
    subjects: set[Subject] = set()
    hierarchy, read = False, 0
    for name in graphs:
        node = ox.NamedNode(name)
        sides = []
        for store in (old, loaded):
            quads = store.quads_for_pattern(None, None, None, node)
            sides.append(set(itertools.islice(quads, MAX_QUADS - read + 1)))
            read += len(sides[-1])
            if read > MAX_QUADS:
                return None
        for quad in sides[0] ^ sides[1]:
            if isinstance(quad.subject, ox.NamedNode | ox.BlankNode):
                subjects.add(quad.subject)
            hierarchy = hierarchy or quad.predicate == SUBCLASS_OF
    return Change(subjects, hierarchy)


def updatable(path: Path) -> bool:
    """An index file made by this version (with the members table), to update; not while the
    rows of an earlier load wait beside it (``index_apply.finish`` failed: it lags its store)."""
    if not path.is_file() or (path.parent / PENDING).exists():
        return False
    index = TextIndex.open(path)
    try:
        return index.has_members
    finally:
        index.close()


def stage(live: Path, staging: Path, old: ox.Store, new: ox.Store, change: Change) -> None:
    """Put in ``staging`` the live index as it is (a hard link: nothing copied, nothing written)
    and beside it the rows that make it ``new``'s; the index built whole if the live one was not
    made from ``old``. The caller holds the store's lock, so the live index stays as read."""
    try:
        write_changes(staging / PENDING, live, old, new, change)
    except OutOfDate:
        (staging / PENDING).unlink()
        TextIndex.build(new, staging / FILE_NAME).close()
        return
    os.link(live, staging / FILE_NAME)


def write_changes(path: Path, live: Path, old: ox.Store, new: ox.Store, change: Change) -> None:
    """The rows that turn ``live`` (``old``'s index) into ``new``'s, checked against ``live``
    (read only), in a new file at ``path``."""
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode = OFF")  # a new file, thrown away on failure
        connection.execute("ATTACH DATABASE ? AS live", (f"{live.resolve().as_uri()}?mode=ro",))
        connection.execute("BEGIN")
        for statement in PENDING_SCHEMA:
            connection.execute(statement)
        _texts(connection, old, new, change.subjects)
        iris = sorted({s.value for s in change.subjects if isinstance(s, ox.NamedNode)})
        connection.executemany("INSERT INTO gone_names VALUES (?)", ((i,) for i in iris))
        insert(
            connection, INSERT_NAME.replace("names", "new_names"), names_rows(new, change.subjects)
        )
        _members(connection, old, new, change)
        token = (uuid.uuid4().hex, int(change.hierarchy))
        connection.execute("INSERT INTO load VALUES (?, ?)", token)
        connection.execute("COMMIT")  # synchronous FULL: on disk before the swap
    finally:
        connection.close()


def _texts(
    connection: sqlite3.Connection, old: ox.Store, new: ox.Store, subjects: set[Subject]
) -> None:
    gone: set[int] = set()
    for row_id, *content in searched_literals(old, WEIGHTS, subjects):
        found = connection.execute(FIND_TEXT, (row_id, row_id + PROBES - 1, *content))
        # two literals that differ by language or datatype only have one content: one row each
        free = [live_id for (live_id,) in found if live_id not in gone]
        if not free:
            raise OutOfDate
        gone.add(free[0])
    connection.executemany("INSERT INTO gone_texts VALUES (?)", ((i,) for i in sorted(gone)))
    sql = "INSERT INTO new_texts VALUES (?, ?, ?, ?, ?)"
    insert(connection, sql, searched_literals(new, WEIGHTS, subjects))


def _members(connection: sqlite3.Connection, old: ox.Store, new: ox.Store, change: Change) -> None:
    if change.hierarchy:  # the classes above a type changed: every instance may move
        fill_members(connection, new, table="new_members")
        return
    fill_members(connection, old, change.subjects, "gone_members")
    expected = connection.execute("SELECT COUNT(*) FROM gone_members").fetchone()[0]
    live = connection.execute(
        f"SELECT COUNT(DISTINCT id) FROM ({LIVE_MEMBERS.format(live='live.')})"
    )
    if live.fetchone()[0] != expected:
        raise OutOfDate
    fill_members(connection, new, change.subjects, "new_members")
