"""The Flask application: ``create_app`` builds it around one store.

Areas are blueprints (see ``_blueprints``); the store is opened once per process and kept in
``app.extensions["advocacy_kg.store"]``, the SPARQL service (checks, query processes, limits) in
``app.extensions["advocacy_kg.sparql"]``. Every response gets the headers of ``security.py``;
errors are plain text without tracebacks (``errors.py``). GET queries to ``/sparql`` that the
endpoint has decided before are answered by a WSGI layer in front of Flask (``sparql_direct.py``).
"""

from __future__ import annotations

from typing import Any

from flask import Flask

from ..sparql import Settings, SparqlService
from ..store import Store, open_store, store_spec
from . import errors, security, sparql_direct

STORE_KEY = "advocacy_kg.store"
SPARQL_KEY = "advocacy_kg.sparql"

#: Settings and their safe defaults; override with ``create_app({...})`` or ``ADVOCACY_KG_*``.
DEFAULTS: dict[str, Any] = {
    "STORE": None,  # a store spec (store.StoreSpec or its text); None: the store setting, else
    # "memory", the curated graph; ADVOCACY_KG_STORE is read by store.store_spec, not by Flask
    "DOWNLOAD_DIR": None,  # a folder `advocacy-kg export` wrote; None builds the dumps on first use
    # The SPARQL endpoint's limits (README, "SPARQL endpoint"):
    "SPARQL_TIMEOUT": 30,  # seconds a query may run; then 503 and its process is killed
    "SPARQL_MAX_ROWS": 100_000,  # rows or triples in one answer; a cut answer says so
    "SPARQL_MAX_QUERY_LENGTH": 100_000,  # characters in a query
    "SPARQL_MAX_NESTING": 64,  # depth of (), {}, [] in a query
    "SPARQL_MEMORY_MB": 1024,  # memory one query may add; then 500, that query alone
    "SPARQL_TOTAL_MEMORY_MB": 4096,  # all query processes together; the largest is stopped
    "SPARQL_EXECUTION": "auto",  # "process" (killable) or "inline"; auto: process if embedded
    "MAX_CONTENT_LENGTH": 1024 * 1024,  # request bodies over 1 MiB get 413
    "PUBLIC_URL": None,  # the endpoint's public root (behind a proxy); None: the bound address
    "CORS_ORIGINS": [],  # origins allowed to read answers cross-site, or ["*"]; none by default
}


def create_app(config: dict[str, Any] | None = None, store: Store | None = None) -> Flask:
    app = Flask(__name__)
    app.config.from_mapping(DEFAULTS)
    app.config.from_prefixed_env("ADVOCACY_KG")
    if config:
        app.config.from_mapping(config)
    if store is None:
        app.config["STORE"] = store_spec((config or {}).get("STORE"))  # parsed once, kept as is
        store = open_store(app.config["STORE"], read_only=True)
    app.extensions[STORE_KEY] = store
    app.extensions[SPARQL_KEY] = SparqlService(app.extensions[STORE_KEY], sparql_settings(app))
    security.install(app)
    errors.install(app)
    for blueprint in _blueprints():
        app.register_blueprint(blueprint)
    sparql_direct.install(app)  # GET /sparql queries without Flask's per-request work
    return app


def sparql_settings(app: Flask) -> Settings:
    c = app.config
    return Settings(
        timeout=float(c["SPARQL_TIMEOUT"]),
        max_rows=int(c["SPARQL_MAX_ROWS"]),
        max_length=int(c["SPARQL_MAX_QUERY_LENGTH"]),
        max_depth=int(c["SPARQL_MAX_NESTING"]),
        memory_mb=int(c["SPARQL_MEMORY_MB"]),
        total_memory_mb=int(c["SPARQL_TOTAL_MEMORY_MB"]),
        execution=str(c["SPARQL_EXECUTION"]),
    )


def _blueprints() -> list[Any]:
    """One blueprint per area, registered in this order."""
    from . import browse, publish, reconcile, sparql

    return [
        sparql.create_blueprint(),
        publish.create_blueprint(),
        reconcile.create_blueprint(),  # before browse, whose catch-all serves IRIs' paths
        browse.create_blueprint(),
    ]
