"""Stage and swap for the on-disk store: a load never changes the live directory in place.

The new state is built in ``DIR.loading`` with pyoxigraph's bulk loader (fast, little memory, no
transaction needed because the directory is thrown away on failure), then renamed into place:

    DIR -> DIR.replaced,  DIR.loading -> DIR,  remove DIR.replaced

``recover`` undoes a swap interrupted between the two renames, so an interrupted load leaves the
store as it was. A store that is not empty is first copied with ``Store.backup`` (hard links,
cheap) and the loaded graphs replace their namesakes in the copy. The text index of the new
state (``text_index.py``) is built inside ``DIR.loading``, so it moves with the store.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path

import pyoxigraph as ox

from .. import loading
from .files import Progress, graph_sizes, load_all, replace_graphs
from .text_index import FILE_NAME, TextIndex

LOADING = ".loading"
INCOMING = ".incoming"
REPLACED = ".replaced"
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
    try:
        if len(current) == 0:
            target = ox.Store(str(staging))
            names = load_all(target, files, bulk=True, progress=progress, merge=True)
            sizes = graph_sizes(target, default=False)
        else:
            names, sizes = _stage_over_copy(current, staging, incoming, files, progress)
            target = ox.Store(str(staging))
        target.flush()
        del target  # closes the staging database before it is renamed
        # read-only: a failure leaves no open database writing into the directory being removed
        TextIndex.build(ox.Store.read_only(str(staging)), staging / FILE_NAME).close()
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
) -> tuple[list[str], dict[str, int]]:
    """Load into a scratch store, then copy it over a backup of the current one."""
    scratch = ox.Store(str(incoming))
    names = load_all(scratch, files, bulk=True, progress=progress, merge=True)
    sizes = graph_sizes(scratch, default=False)
    current.flush()
    current.backup(str(staging))
    copy = ox.Store(str(staging))
    replace_graphs(copy, scratch, list(sizes), bulk=len(scratch) >= BULK_MIN_QUADS)
    copy.flush()
    return names, sizes


def swap_in(directory: Path) -> None:
    """Rename the staged directory into place (the live store must be closed)."""
    replaced = sibling(directory, REPLACED)
    directory.rename(replaced)
    sibling(directory, LOADING).rename(directory)
    shutil.rmtree(replaced)
