"""A running server follows ``advocacy-kg load``: every request first checks the store's version.

A load into ``oxigraph:DIR`` builds the new store beside the live one and renames it into place
(``store/swap.py``). Before, a server kept the store it had opened at start (its queries read the
old data, while query processes started after the swap opened the new directory: two versions
served at once) until it was restarted. Now each request compares the directory's version
(``store/version.py``: one ``stat``, about a microsecond) with the one this worker serves; when
they differ, the worker opens the store anew, retires the query processes holding the old one,
and forgets what it computed from the old data (browser and reconciliation caches, answers).
The version is read before the store is opened, so an answer is never labelled newer than the
data it came from; and every ETag and cached answer is keyed by the version served.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from flask import Flask

from ..sparql import SparqlService
from ..store import version
from ..store.oxigraph import OxigraphStore
from .extensions import BROWSE_CACHE_KEY, RECONCILER_KEY, SPARQL_KEY, STORE_KEY

#: What the app computed once from the data and keeps (the browser's, the reconciliation's).
DERIVED_KEYS = (BROWSE_CACHE_KEY, RECONCILER_KEY)

log = logging.getLogger(__name__)


class Freshness:
    """The version this worker serves, kept equal to the store's on disk."""

    def __init__(self, app: Flask, on_reload: Callable[[], None] = lambda: None) -> None:
        self.app = app
        self.store = app.extensions[STORE_KEY]
        self.on_reload = on_reload
        self.served = version.dataset_version(self.store)
        self.reloads = 0
        self._lock = threading.Lock()

    @property
    def follows_disk(self) -> bool:
        return isinstance(self.store, OxigraphStore) and self.store.directory is not None

    def current(self) -> str | None:
        """The version served, after opening the store anew if a load has changed it; None
        when it cannot be known (a remote store, or a swap half-way): then nothing is cached."""
        if not self.follows_disk:
            return self.served
        assert self.store.directory is not None
        seen = version.on_disk(self.store.directory)
        if seen is None:
            return None
        if seen != self.served:
            self._reload(seen)
        return seen if seen == self.served else None

    def _reload(self, seen: str) -> None:
        with self._lock:
            if seen == self.served:  # another thread did it
                return
            try:
                self.store.reopen()
            except OSError as error:  # e.g. the directory is being swapped: try again next time
                log.warning("cannot open %s anew: %s", self.store.directory, error)
                return
            service: SparqlService = self.app.extensions[SPARQL_KEY]
            service.data_changed()
            for key in DERIVED_KEYS:
                self.app.extensions.pop(key, None)
            self.on_reload()
            self.served = seen
            self.reloads += 1
            log.info("%s changed on disk: now serving version %s", self.store.directory, seen)
