"""Stage and swap for the on-disk store: a load never changes the live directory in place.

The new state is built in ``DIR.loading`` with pyoxigraph's bulk loader (fast, little memory, no
transaction needed because the directory is thrown away on failure), then renamed into place:

    DIR -> DIR.replaced,  DIR.loading -> DIR,  remove DIR.replaced

``recover`` undoes a swap interrupted between the two renames, so an interrupted load leaves the
store as it was. A store that is not empty is first copied with ``Store.backup`` (hard links,
cheap) and the loaded graphs replace their namesakes in the copy. The text index of the new
state (``text_index.py``) is written inside ``DIR.loading``, so it moves with the store: built
whole, or the live index (a hard link) with the rows the load changes beside it, applied in place
after the swap (``index_update.py``, ``index_apply.py``).

A load holds ``DIR.lock`` (``flock``) from staging to swap. Every opening of the store
(``tidy``) takes it when it is free and then removes what a dead load left (``DIR.loading``,
``DIR.incoming``); it never waits for it and never touches a live load's directories. What a
load replaces stays on disk until RocksDB compacts it, so a staged store whose data have grown
by a fifth since its last compaction is compacted before the swap (``Store.optimize``): loading
the same files again does not grow the store, and a small load pays nothing.
"""

from __future__ import annotations

import fcntl
import shutil
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox

from .. import loading
from . import index_apply, index_update
from .files import Progress, graph_sizes, load_all, replace_graphs
from .text_index import FILE_NAME, TextIndex

LOADING = ".loading"
INCOMING = ".incoming"
REPLACED = ".replaced"
LOCK = ".lock"
#: In ``DIR``: the bytes of the store's data after its last compaction.
COMPACTED = "compacted-bytes"
#: A staged store whose data take this many times their size after the last compaction (the
#: space of what loads replaced is not reclaimed by itself) is compacted before the swap.
COMPACT_GROWTH = 1.2
#: Below this many quads a plain transaction copies faster than the bulk loader.
BULK_MIN_QUADS = 100_000


def sibling(directory: Path, suffix: str) -> Path:
    return directory.with_name(directory.name + suffix)


def recover(directory: Path) -> None:
    """Put the store back if a swap stopped half-way; drop what a finished swap left behind."""
    replaced = sibling(directory, REPLACED)
    if replaced.exists():
        if directory.exists():
            shutil.rmtree(replaced)
        else:
            replaced.rename(directory)


@contextmanager
def locked(directory: Path) -> Iterator[None]:
    """Held by a load while it stages and swaps; waits for a ``tidy`` that holds it."""
    with sibling(directory, LOCK).open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield  # the lock goes with the file's closing, or with the process


def tidy(directory: Path) -> None:
    """Before the store is opened: finish what a dead load left (``recover``) and remove its
    staging directories; nothing when a live load holds the lock (it is its own)."""
    try:
        handle = sibling(directory, LOCK).open("a")
    except OSError:  # a place this user cannot write: nothing could be removed anyway
        return
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return
        recover(directory)
        for stale in (LOADING, INCOMING):
            shutil.rmtree(sibling(directory, stale), ignore_errors=True)
        index_apply.finish(directory)  # a load killed after its swap


def stage(
    current: ox.Store,
    directory: Path,
    files: Sequence[loading.RdfFile],
    progress: Progress | None,
) -> tuple[list[str], dict[str, int]]:
    """Build the store's next state in ``DIR.loading``; returns files read and graph sizes.

    The caller holds ``current`` open read-write, so no other loader runs on this directory and
    stale staging directories can be removed.
    """
    staging, incoming = sibling(directory, LOADING), sibling(directory, INCOMING)
    for stale in (staging, incoming):
        shutil.rmtree(stale, ignore_errors=True)
    change = None
    try:
        if _is_empty(current):
            target = ox.Store(str(staging))
            names = load_all(target, files, bulk=True, progress=progress, merge=True)
            sizes = graph_sizes(target, default=False)
        else:
            names, sizes, change = _stage_over_copy(current, staging, incoming, files, progress)
            target = ox.Store(str(staging))
        target.flush()
        del target  # closes the staging database before it is renamed
        _compact_if_grown(staging, directory)
        # read-only: a failure leaves no open database writing into the directory being removed
        staged = ox.Store.read_only(str(staging))
        live = directory / FILE_NAME
        if change is not None and index_update.updatable(live):
            index_update.stage(live, staging, current, staged, change)
        else:
            TextIndex.build(staged, staging / FILE_NAME).close()
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        shutil.rmtree(incoming, ignore_errors=True)
    return names, sizes


def _stage_over_copy(
    current: ox.Store,
    staging: Path,
    incoming: Path,
    files: Sequence[loading.RdfFile],
    progress: Progress | None,
) -> tuple[list[str], dict[str, int], index_update.Change | None]:
    """Load into a scratch store, then copy it over a backup of the current one; what changes
    for the text index, None when it is to be built whole."""
    scratch = ox.Store(str(incoming))
    names = load_all(scratch, files, bulk=True, progress=progress, merge=True)
    sizes = graph_sizes(scratch, default=False)
    change = index_update.changes(current, scratch, sizes)
    current.flush()
    current.backup(str(staging))
    copy = ox.Store(str(staging))
    replace_graphs(copy, scratch, list(sizes), bulk=len(scratch) >= BULK_MIN_QUADS)
    copy.flush()
    return names, sizes, change


def _is_empty(store: ox.Store) -> bool:
    """Without counting (``len`` reads every quad)."""
    return next(iter(store.quads_for_pattern(None, None, None, None)), None) is None


def _compact_if_grown(staging: Path, directory: Path) -> None:
    """Compact the staged store when its data take ``COMPACT_GROWTH`` times the bytes they took
    after the last compaction (``DIR/compacted-bytes``; the first load sets it), and carry that
    figure over: the space of replaced data is reclaimed, at most once per 20% of growth."""
    try:
        baseline: int | None = int((directory / COMPACTED).read_text())
    except (OSError, ValueError):
        baseline = None  # a new store, or one made before the figure was kept
    size = _data_bytes(staging)
    if baseline is not None and size > COMPACT_GROWTH * baseline:
        store = ox.Store(str(staging))
        store.optimize()
        store.flush()
        del store  # closed before its size is read and the directory renamed
        baseline = None
    (staging / COMPACTED).write_text(str(baseline or _data_bytes(staging)))


def _data_bytes(directory: Path) -> int:
    """Bytes of a store's data files (a hard-linked file counts in each directory)."""
    return sum(p.stat().st_size for p in directory.glob("*.sst"))


def swap_in(directory: Path) -> None:
    """Rename the staged directory into place (the live store must be closed)."""
    replaced = sibling(directory, REPLACED)
    directory.rename(replaced)
    sibling(directory, LOADING).rename(directory)
    shutil.rmtree(replaced)
    index_apply.finish(directory)  # the index's rows, now that the store is in place
