"""What the browser keeps per app: the store, and answers that only change with the data.

The server's store is read-only, so the class hierarchy, the JSON-LD context, the pictures'
layouts and the validation report are computed once per app (on first use) and kept.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any, TypeVar

import pyoxigraph as ox
from flask import current_app

from ... import validation
from ...rdfterms import quad_of, rows
from ...store import Store

STORE_KEY = "advocacy_kg.store"
CACHE_KEY = "advocacy_kg.browse.cache"
#: Largest store (quads) validated while browsing; bigger ones use ``advocacy-kg validate``.
VALIDATION_LIMIT = 500_000

T = TypeVar("T")
log = logging.getLogger(__name__)
_lock = threading.Lock()


def store() -> Store:
    return current_app.extensions[STORE_KEY]


def app_rules() -> list[Any]:
    """The URL rules of every area of the app (to link to what another area serves)."""
    return list(current_app.url_map.iter_rules())


def cached(name: str, compute: Callable[[Store], T]) -> T:
    """``compute(store)`` once per app; concurrent first requests compute it once."""
    cache: dict[str, Any] = current_app.extensions.setdefault(CACHE_KEY, {})
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
    cache: dict[str, Any] = current_app.extensions.setdefault(CACHE_KEY, {})
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
        return validation.validate(_dataset(queryable))
    except (validation.ValidationError, ValidationUnavailable) as problem:
        return ValidationUnavailable(str(problem))
    except Exception:  # a crash in a thread must not leave pages waiting forever
        log.exception("validating the graph for the browser failed")
        return ValidationUnavailable("the validation failed (the server log says why)")


def _dataset(queryable: Store) -> ox.Store:
    """The quads as a pyoxigraph store: the embedded store as it is, any other copied by SPARQL.

    A store over ``VALIDATION_LIMIT`` quads is refused whatever holds it: validating it here
    would take minutes and several times its size in memory, in the server's own process.
    """
    bounded = f"SELECT * WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }} LIMIT {VALIDATION_LIMIT + 1}"
    count = next(rows(queryable, f"SELECT (COUNT(*) AS ?n) WHERE {{ {{ {bounded} }} }}"))
    if int(count["n"].value) > VALIDATION_LIMIT:
        raise ValidationUnavailable(
            f"the store holds more than {VALIDATION_LIMIT} quads: run 'advocacy-kg validate'"
        )
    inner = getattr(queryable, "store", None)
    if isinstance(inner, ox.Store):
        return inner
    copy = ox.Store()
    for r in rows(queryable, "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }"):
        copy.add(quad_of(r["s"], r["p"].value, r["o"], r["g"].value))
    return copy
