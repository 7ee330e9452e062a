"""What the browser keeps per app: the store, and answers that only change with the data.

The server's store is read-only, so the class hierarchy, the JSON-LD context, the pictures'
layouts and the validation report are computed once per app (on first use) and kept.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from flask import current_app

from ... import validation
from ...store import Store
from ...validating import validate_store
from ..extensions import BROWSE_CACHE_KEY, store

#: Largest store (quads) validated while browsing; bigger ones use ``advocacy-kg validate``.
VALIDATION_LIMIT = 500_000

T = TypeVar("T")
log = logging.getLogger(__name__)
_lock = threading.Lock()


def cached(name: str, compute: Callable[[Store], T]) -> T:
    """``compute(store)`` once per app; concurrent first requests compute it once."""
    cache: dict[str, Any] = current_app.extensions.setdefault(BROWSE_CACHE_KEY, {})
    if name not in cache:
        with _lock:
            if name not in cache:
                cache[name] = compute(store())
    return cache[name]


class ValidationUnavailable(Exception):
    """The report cannot be made while browsing (store too large, shapes missing…)."""


def validation_report(
    wait: bool = True,
) -> validation.ValidationReport | ValidationUnavailable | None:
    """The SHACL and lint report of the whole graph, or why there is none.

    It is made once, in a background thread started by the first request that asks; with
    ``wait=False`` a page gets None while it runs (seconds on the curated graph) instead of
    waiting for it.
    """
    cache: dict[str, Any] = current_app.extensions.setdefault(BROWSE_CACHE_KEY, {})
    with _lock:
        worker = cache.get("validation-worker")
        if worker is None:
            queryable = store()
            worker = threading.Thread(
                target=lambda: cache.__setitem__("validation", _validate(queryable)),
                name="advocacy-kg-validation",
                daemon=True,
            )
            cache["validation-worker"] = worker
            worker.start()
    if wait:
        worker.join()
    return cache.get("validation")


def _validate(queryable: Store) -> validation.ValidationReport | ValidationUnavailable:
    try:
        return validate_store(queryable, limit=VALIDATION_LIMIT)
    except validation.ValidationError as problem:
        return ValidationUnavailable(str(problem))
    except Exception:  # a crash in a thread must not leave pages waiting forever
        log.exception("validating the graph for the browser failed")
        return ValidationUnavailable("the validation failed (the server log says why)")
