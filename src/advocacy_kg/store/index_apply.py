"""Applying a load's rows to the live text index, in place (``index_update.py`` wrote them).

``finish`` runs once the staged store is swapped in: by the load itself (``swap.swap_in``), and
by every opening of the store (``swap.tidy``), for a load killed after its swap. It is one SQLite
transaction with a rollback journal: killed half-way, it leaves a hot journal that the next
connection rolls back, and the rows are applied again. The index keeps the token of the last
load it took (table ``applied``, in the same transaction), so rows are never applied twice, and
the pending file is removed only after the commit.
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

from .index_rows import insert_texts
from .index_update import LIVE_MEMBERS, PENDING, OutOfDate
from .text_index import FILE_NAME

log = logging.getLogger(__name__)
#: How long the load waits for searches in progress (they hold read locks for milliseconds).
BUSY_SECONDS = 30.0


def finish(directory: Path) -> None:
    """Apply the rows a load left in ``DIR``, if any; when the index no longer holds the rows to
    delete (changed by another tool), it is removed: the next load builds it whole, and until
    then search and class pages read the store (``OxigraphStore.text_index``)."""
    pending = directory / PENDING
    if not pending.exists():
        return
    try:
        _apply(directory / FILE_NAME, pending)
    except OutOfDate:
        log.warning("%s: the text index does not match the store; removed", directory)
        (directory / FILE_NAME).unlink(missing_ok=True)
    except (OSError, sqlite3.Error) as error:  # kept: the next opening tries again
        log.warning("%s: the text index is not up to date yet (%s)", directory, error)
        return
    pending.unlink()


def _apply(index: Path, pending: Path) -> None:
    connection = sqlite3.connect(index, isolation_level=None, timeout=BUSY_SECONDS)
    try:
        connection.execute("PRAGMA synchronous = FULL")
        connection.execute("ATTACH DATABASE ? AS changes", (str(pending),))
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("CREATE TABLE IF NOT EXISTS applied (token TEXT)")
        token, hierarchy = connection.execute("SELECT token, hierarchy FROM load").fetchone()
        if not connection.execute("SELECT 1 FROM applied WHERE token = ?", (token,)).fetchone():
            _apply_rows(connection, bool(hierarchy))
            connection.execute("DELETE FROM applied")
            connection.execute("INSERT INTO applied VALUES (?)", (token,))
        connection.execute("COMMIT")
    finally:
        connection.close()  # without the commit: rolled back


def _apply_rows(connection: sqlite3.Connection, hierarchy: bool) -> None:
    _delete(connection, "texts WHERE rowid IN (SELECT id FROM gone_texts)", "gone_texts")
    insert_texts(connection, iter(connection.execute("SELECT * FROM new_texts").fetchall()))
    connection.execute("DELETE FROM names WHERE subject IN (SELECT subject FROM gone_names)")
    connection.execute("INSERT INTO names SELECT * FROM new_names")
    if hierarchy:  # every instance may have moved: the table was read whole
        connection.execute("DELETE FROM members")
    else:
        _delete(
            connection, f"members WHERE rowid IN ({LIVE_MEMBERS.format(live='')})", "gone_members"
        )
    connection.execute("INSERT INTO members SELECT * FROM new_members")


def _delete(connection: sqlite3.Connection, where: str, listed: str) -> None:
    """Delete the rows ``listed``, every one of them (``stage`` found them all)."""
    expected = connection.execute(f"SELECT COUNT(*) FROM {listed}").fetchone()[0]
    if connection.execute(f"DELETE FROM {where}").rowcount != expected:
        raise OutOfDate
