"""What the app keeps in ``app.extensions``, each under one key: the store it serves and the
SPARQL service (``create_app`` sets both), and what the areas build on first use."""

from __future__ import annotations

from flask import current_app

from ..store import Store

STORE_KEY = "advocacy_kg.store"  # the store served, read-only
SPARQL_KEY = "advocacy_kg.sparql"  # the SparqlService: checks, query processes, limits
PUBLICATION_KEY = "advocacy_kg.publication"  # the release's files (publish.py)
RECONCILER_KEY = "advocacy_kg.reconciler"  # the reconciliation service's index (reconcile.py)
BROWSE_CACHE_KEY = "advocacy_kg.browse.cache"  # answers that change only with the data


def store() -> Store:
    """The store the current app serves."""
    found: Store = current_app.extensions[STORE_KEY]
    return found
