"""The Flask application: ``create_app`` builds it around one store.

Areas are blueprints (see ``_blueprints``); the store is opened once per process and kept in
``app.extensions[STORE_KEY]``, the SPARQL service (checks, query processes, limits) in
``app.extensions[SPARQL_KEY]`` (``extensions.py``). Every response gets the headers of
``security.py``; errors are plain text without tracebacks (``errors.py``). GET queries to
``/sparql`` that the endpoint has decided before are answered by a WSGI layer in front of Flask
(``sparql_direct.py``).
"""

from __future__ import annotations

from typing import Any

from flask import Flask

from ..sparql import Settings, SparqlService
from ..store import Store, open_store, store_spec
from . import caching, errors, security, settings, sparql_direct, urls
from .extensions import SPARQL_KEY, STORE_KEY

#: Settings and their safe defaults; override with ``create_app({...})`` or ``ADVOCACY_KG_*``.
DEFAULTS: dict[str, Any] = {
    "STORE": None,  # a store spec (store.StoreSpec or its text); None: the store setting, else
    # "memory", the curated graph; ADVOCACY_KG_STORE is read by store.store_spec, not by Flask
    "DOWNLOAD_DIR": None,  # a folder `advocacy-kg export` wrote; None builds the dumps on first use
    **settings.sparql_defaults(),  # SPARQL_TIMEOUT…: the endpoint's limits (settings.py)
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
    urls.install(app)  # url helpers for every area's templates
    for blueprint in _blueprints():
        app.register_blueprint(blueprint)
    caching.install(app)  # ETags, 304s, the result cache; follows a load into the store
    sparql_direct.install(app)  # GET /sparql queries without Flask's per-request work
    return app


def sparql_settings(app: Flask) -> Settings:
    return settings.sparql_settings(app.config)


def _blueprints() -> list[Any]:
    """One blueprint per area, registered in this order."""
    from . import browse, publish, reconcile, sparql

    return [
        sparql.create_blueprint(),
        publish.create_blueprint(),
        reconcile.create_blueprint(),  # before browse, whose catch-all serves IRIs' paths
        browse.create_blueprint(),
    ]
