"""The text index of the searched literals: SQLite FTS5 with the trigram tokenizer.

Search matches a word anywhere in a literal (``search.py``: names, other names, notations,
descriptions, quotes), as SPARQL's ``CONTAINS(LCASE(?text), word)`` does. The index holds each
(subject IRI, property, literal) of the merged default graph once, lowercased by Python, and
the label and type triples of every IRI (so results are ranked without a query each). A word of
three or more characters is found through the trigram index, a shorter one by reading the
lowercased literals (``instr``): both give what ``CONTAINS`` gives. It also holds the instances
of every class with what a class page shows of them (``members``), so a page of a class with a
hundred thousand instances is read from a B-tree, not computed over all of them.

Where it lives: in memory for an in-memory store (built by its first search or class page), and
in the store's own directory for ``oxigraph:DIR`` (``DIR/text-index.sqlite``), written in the
staging directory of every load (updated for the subjects the load changed, ``index_update.py``,
or built whole), so it is swapped in with the store by the same rename (``swap.py``) and a failed
load leaves both as they were. A store without the file (filled by another tool) is searched and
listed with SPARQL. The rows themselves are read from the store by ``index_rows.py``.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from .. import config
from ..rdfterms import Term
from ..read_terms import WEIGHTS
from .index_rows import CHUNK, fill_members, insert, insert_texts, names_rows, searched_literals

#: The index's file in an ``oxigraph:DIR`` store's directory.
FILE_NAME = "text-index.sqlite"
#: Shortest word the trigram index can find; shorter words are looked for by reading.
TRIGRAM = 3
SCHEMA = """CREATE VIRTUAL TABLE texts USING fts5(
  lowered, text UNINDEXED, subject UNINDEXED, predicate UNINDEXED,
  tokenize = 'trigram case_sensitive 1'
)"""
NAMES_SCHEMA = """CREATE TABLE names (
  subject TEXT, predicate TEXT, kind TEXT, value TEXT, datatype TEXT, language TEXT
)"""
#: Every instance of every class the browser has a page for (the project's: its own types and
#: the ones above them) with what a class page shows, so a page of members sorted any way is a
#: range of one B-tree (``catalogue.members``).
MEMBERS_SCHEMA = """CREATE TABLE members (
  class TEXT, subject TEXT, is_iri INTEGER, label TEXT, key TEXT, date TEXT, claims INTEGER
)"""
#: ``catalogue.SORTS`` in SQL: NULL is the least value, as an unbound one is in SPARQL's ORDER BY,
#: and blank nodes come before IRIs; each order has its index.
MEMBER_ORDERS = {
    "label": "key, is_iri, subject",
    "date": "date DESC, key, is_iri, subject",
    "claims": "claims DESC, key, is_iri, subject",
}

INSERT_NAME = "INSERT INTO names VALUES (?, ?, ?, ?, ?, ?)"

Hit = tuple[str, str, str]  # subject IRI, property IRI, literal


def member_page(sort: str) -> str:
    """The SQL of one page of a class's instances (class, limit, offset): a range of the
    sort's index, read from the offset on, never sorted whole."""
    return (
        "SELECT subject, label, date, claims FROM members WHERE class = ? "
        f"ORDER BY {MEMBER_ORDERS[sort]} LIMIT ? OFFSET ?"
    )


class TextIndex:
    """An open index; ``find`` is safe to call from several threads."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection
        self._lock = threading.Lock()
        tables = "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'members'"
        self.has_members = connection.execute(tables).fetchone() is not None  # older files
        self._version = self._data_version()

    def _data_version(self) -> int:
        return int(self._connection.execute("PRAGMA data_version").fetchone()[0])

    def changed(self) -> bool:
        """Whether another connection (a load, ``index_apply.py``) changed the file since it was
        opened: the index is then no longer the one of a store opened before that load."""
        with self._lock:
            return self._data_version() != self._version

    @classmethod
    def build(
        cls, store: ox.Store, path: Path | None = None, properties: Iterable[str] = WEIGHTS
    ) -> TextIndex:
        """Index ``store``: in memory, or in a new file at ``path`` (replaced in one rename)."""
        if path is None:
            connection = sqlite3.connect(":memory:", check_same_thread=False)
            _fill(connection, store, properties)
            return cls(connection)
        partial = path.with_name(path.name + ".partial")
        partial.unlink(missing_ok=True)
        connection = sqlite3.connect(partial)
        try:
            connection.execute("PRAGMA journal_mode = OFF")
            connection.execute("PRAGMA synchronous = OFF")
            _fill(connection, store, properties)
            connection.execute("PRAGMA synchronous = FULL")
            connection.commit()
        finally:
            connection.close()
        os.replace(partial, path)
        return cls.open(path)

    @classmethod
    def open(cls, path: Path) -> TextIndex:
        """The index in ``path``, read-only."""
        connection = sqlite3.connect(
            f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False
        )
        return cls(connection)

    def find(self, words: list[str], limit: int) -> list[Hit]:
        """Literals that contain any of the (lowercase) words, at most ``limit``.

        The trigram index answers first; a short word's scan runs only while fewer than
        ``limit`` literals are found (a scan that stops at the limit, unlike one UNION)."""
        select = "SELECT text, subject, predicate FROM texts WHERE "
        steps = [(select + "instr(lowered, ?) > 0 LIMIT ?", w) for w in words if len(w) < TRIGRAM]
        long = [w for w in words if len(w) >= TRIGRAM]
        if long:  # words are \w+: no quotes to escape
            steps.insert(0, (select + "texts MATCH ? LIMIT ?", " OR ".join(f'"{w}"' for w in long)))
        found: dict[tuple[str, str, str], None] = {}
        with self._lock:
            for sql, parameter in steps:
                for row in self._connection.execute(sql, (parameter, limit - len(found))):
                    found[row] = None
                if len(found) >= limit:
                    break
        return [(subject, prop, text) for text, subject, prop in list(found)[:limit]]

    def names(self, iris: Iterable[str]) -> list[dict[str, Term]]:
        """Label and type triples of ``iris``, as rows for ``describe.Summary.add_rows``."""
        wanted, found = sorted(set(iris)), []
        for start in range(0, len(wanted), CHUNK):
            chunk = wanted[start : start + CHUNK]
            sql = "SELECT * FROM names WHERE subject IN (" + ", ".join("?" * len(chunk)) + ")"
            with self._lock:
                found += self._connection.execute(sql, chunk).fetchall()
        return [
            {"x": Term("iri", x), "p": Term("iri", p), "v": Term(kind, value, datatype, language)}
            for x, p, kind, value, datatype, language in found
        ]

    def members(
        self, class_iri: str, sort: str, limit: int, offset: int
    ) -> tuple[int, list[tuple[str, str | None, str | None, int]]] | None:
        """The number of instances of a class, then (subject, label, date, claims) of one page
        of them sorted by ``sort`` (a key of ``MEMBER_ORDERS``); None for a class outside the
        project's namespace (one with no page here: schema.org's, PROV's…) and for an index made
        before the table was."""
        if not self.has_members or not class_iri.startswith(config.BASE):
            return None
        count = "SELECT COUNT(*) FROM members WHERE class = ?"
        with self._lock:
            total = int(self._connection.execute(count, (class_iri,)).fetchone()[0])
            page = self._connection.execute(member_page(sort), (class_iri, limit, offset))
            found = page.fetchall()
        return total, found

    def __len__(self) -> int:
        with self._lock:
            return int(self._connection.execute("SELECT COUNT(*) FROM texts").fetchone()[0])

    def close(self) -> None:
        self._connection.close()


def _fill(connection: sqlite3.Connection, store: ox.Store, properties: Iterable[str]) -> None:
    connection.execute(SCHEMA)
    insert_texts(connection, searched_literals(store, properties))
    connection.execute("INSERT INTO texts (texts) VALUES ('optimize')")
    connection.execute(NAMES_SCHEMA)
    insert(connection, INSERT_NAME, names_rows(store))
    connection.execute("CREATE INDEX names_subject ON names (subject)")
    connection.execute(MEMBERS_SCHEMA)
    fill_members(connection, store)
    for sort, order in MEMBER_ORDERS.items():
        connection.execute(f"CREATE INDEX members_by_{sort} ON members (class, {order})")
    connection.commit()
