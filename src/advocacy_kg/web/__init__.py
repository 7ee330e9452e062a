"""The Flask application: ``create_app`` builds it around one store.

Areas are blueprints (see ``BLUEPRINTS``); the store is opened once per process and kept in
``app.extensions["advocacy_kg.store"]``.
"""

from __future__ import annotations

from typing import Any

from flask import Flask

from ..store import Store, open_store
from ..store.oxigraph import curated_store

STORE_KEY = "advocacy_kg.store"

#: Settings and their safe defaults; override with ``create_app({...})`` or ``ADVOCACY_KG_*``.
DEFAULTS: dict[str, Any] = {
    "STORE": "memory",  # "memory" loads the curated graph; "oxigraph:DIR" opens a store on disk
    "DOWNLOAD_DIR": None,  # a folder `advocacy-kg export` wrote; None builds the dumps on first use
}


def create_app(config: dict[str, Any] | None = None, store: Store | None = None) -> Flask:
    app = Flask(__name__)
    app.config.from_mapping(DEFAULTS)
    app.config.from_prefixed_env("ADVOCACY_KG")
    if config:
        app.config.from_mapping(config)
    app.extensions[STORE_KEY] = store or _open(app.config["STORE"])
    for blueprint in _blueprints():
        app.register_blueprint(blueprint)
    return app


def _open(spec: str) -> Store:
    return curated_store() if spec == "memory" else open_store(spec, read_only=True)


def _blueprints() -> list[Any]:
    """One blueprint per area, registered in this order."""
    from . import browse, publish

    return [publish.create_blueprint(), browse.create_blueprint()]
