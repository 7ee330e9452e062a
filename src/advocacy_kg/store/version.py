"""The dataset's version: a token that changes whenever the data a store holds may have changed.

HTTP caching (``web/caching.py``) derives every ETag from it, and a running server compares it
with the version it serves to notice that ``advocacy-kg load`` swapped the store on disk.

- ``oxigraph:DIR``: read from the directory itself, not from a file a load writes, so a store
  changed by any tool counts. A load renames a new directory into place (``swap.py``: a new
  inode, a new change time) and RocksDB adds and removes files when it writes in place (a new
  modification time); a read-only opening changes neither, so every worker and every restart
  reads the same token, and a store whose directory is missing (mid-swap) has none.
- ``memory``: a token drawn when the store is opened (before the server forks its workers, so
  they share it): the data are read from files at start and never change while served.
- a remote SPARQL server: None, since it changes without telling us; nothing is cached.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from pathlib import Path
from typing import Any

from .oxigraph import OxigraphStore


def on_disk(directory: Path) -> str | None:
    """The version of the store in ``directory``; None while it is missing (a swap under way)."""
    try:
        found = os.stat(directory)
    except OSError:
        return None
    identity = f"{found.st_dev}:{found.st_ino}:{found.st_ctime_ns}:{found.st_mtime_ns}"
    return hashlib.sha256(identity.encode()).hexdigest()[:16]


def dataset_version(store: Any) -> str | None:
    """The version of ``store``'s data now, or None when it cannot be known (an in-memory store
    gets a new token at each call: ask once per opening)."""
    if not isinstance(store, OxigraphStore):
        return None
    if store.directory is not None:
        return on_disk(store.directory)
    return "m" + secrets.token_hex(8)
