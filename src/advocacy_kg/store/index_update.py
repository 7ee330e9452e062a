"""Bringing the text index up to date after a load, for the subjects the load changed only.

Every row of the index belongs to one subject and follows from that subject's own triples:
``texts`` and ``names`` from its triples in the merged default graph, ``members`` from its types,
labels, dates and claim graphs; only the classes above a type (``rdfs:subClassOf`` anywhere)
reach across subjects. A load replaces named graphs, so the subjects whose rows can change are
the subjects of the quads that differ between a replaced graph and its replacement (``changes``).
``update`` deletes their rows as the old store gives them and inserts them as the new store gives
them, in one transaction on a copy of the index: the load stages that copy beside the new store
and swaps both in with one rename (``swap.py``), so a failed or killed load leaves store and index
as they were, as a full build does. The result is the full build's, row for row (the texts' ids
come from their content, ``index_rows.text_id``): ``tests/test_index_update.py`` compares them.

When a changed triple is an ``rdfs:subClassOf``, the members table is filled again whole; when the
load reads more than ``MAX_QUADS`` quads, or the index does not hold the rows the old store gives
(made by another version, or the store was changed by another tool), the index is built whole.
"""

from __future__ import annotations

import itertools
import os
import shutil
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ..namespaces import RDFS_SUBCLASS_OF
from ..search import WEIGHTS
from .index_rows import (
    CHUNK,
    PROBES,
    Subject,
    fill_members,
    insert,
    insert_texts,
    names_rows,
    searched_literals,
)
from .text_index import INSERT_NAME, MEMBERS_SCHEMA, TextIndex

#: Above this many quads read (replaced graphs and their replacements), a full build is cheaper
#: than comparing them quad by quad (benchmarks/README.md, "Loading a small file").
MAX_QUADS = 200_000
SUBCLASS_OF = ox.NamedNode(RDFS_SUBCLASS_OF)
DELETE_TEXT = """DELETE FROM texts WHERE rowid = (SELECT rowid FROM texts
  WHERE rowid BETWEEN ? AND ? AND lowered = ? AND text = ? AND subject = ? AND predicate = ?
  LIMIT 1)"""
#: The members' rows of the changed subjects as the old store gives them, found by one index.
DELETE_MEMBERS = """DELETE FROM members WHERE rowid IN (SELECT m.rowid FROM temp.gone g
  JOIN members m ON m.class = g.class AND m.key IS g.key AND m.is_iri = g.is_iri
  AND m.subject = g.subject)"""


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
    """An index file made by this version (with the members table), to update."""
    if not path.is_file():
        return False
    index = TextIndex.open(path)
    try:
        return index.has_members
    finally:
        index.close()


def stage_copy(live: Path, staged: Path, old: ox.Store, new: ox.Store, change: Change) -> None:
    """Write at ``staged`` the live index brought up to date; built whole if it is out of date."""
    partial = staged.with_name(staged.name + ".partial")
    try:
        shutil.copyfile(live, partial)
        update(partial, old, new, change)
    except OutOfDate:
        partial.unlink(missing_ok=True)
        TextIndex.build(new, staged).close()
        return
    os.replace(partial, staged)


def update(path: Path, old: ox.Store, new: ox.Store, change: Change) -> None:
    """Turn the index at ``path``, made from ``old``, into the one of ``new``; one transaction."""
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        # a copy, thrown away on failure: no journal; the commit syncs the file (synchronous FULL)
        connection.execute("PRAGMA journal_mode = OFF")
        connection.execute("BEGIN")
        _update_texts(connection, old, new, change.subjects)
        _update_names(connection, new, change.subjects)
        _update_members(connection, old, new, change)
        connection.execute("COMMIT")
    finally:
        connection.close()


def _update_texts(
    connection: sqlite3.Connection, old: ox.Store, new: ox.Store, subjects: set[Subject]
) -> None:
    for row_id, *content in searched_literals(old, WEIGHTS, subjects):
        deleted = connection.execute(DELETE_TEXT, (row_id, row_id + PROBES - 1, *content))
        if deleted.rowcount != 1:
            raise OutOfDate
    insert_texts(connection, searched_literals(new, WEIGHTS, subjects))


def _update_names(connection: sqlite3.Connection, new: ox.Store, subjects: set[Subject]) -> None:
    iris = sorted(s.value for s in subjects if isinstance(s, ox.NamedNode))
    for start in range(0, len(iris), CHUNK):
        chunk = iris[start : start + CHUNK]
        marks = ", ".join("?" * len(chunk))
        connection.execute(f"DELETE FROM names WHERE subject IN ({marks})", chunk)
    insert(connection, INSERT_NAME, names_rows(new, subjects))


def _update_members(
    connection: sqlite3.Connection, old: ox.Store, new: ox.Store, change: Change
) -> None:
    if change.hierarchy:  # the classes above a type changed: every instance may move
        connection.execute("DELETE FROM members")
        fill_members(connection, new)
        return
    connection.execute(MEMBERS_SCHEMA.replace("TABLE members", "TEMP TABLE gone"))
    fill_members(connection, old, change.subjects, "temp.gone")
    expected = connection.execute("SELECT COUNT(*) FROM temp.gone").fetchone()[0]
    if connection.execute(DELETE_MEMBERS).rowcount != expected:
        raise OutOfDate
    connection.execute("DROP TABLE temp.gone")
    fill_members(connection, new, change.subjects)
