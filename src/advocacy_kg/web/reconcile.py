"""The reconciliation service at ``/reconcile`` (Reconciliation Service API 0.2, for OpenRefine
and other clients): manifest, queries, suggest, property proposals, data extension, previews.

The answers come from ``reconciliation_api.Reconciler``, built once per app from the store (the
server's store is read-only). Unlike the rest of the site these routes allow any origin (CORS
without credentials), as the API requires: a web client on another host must be able to call them.
"""

from __future__ import annotations

import threading

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    jsonify,
    render_template,
    request,
    url_for,
)

from ..reconciliation_api import Reconciler
from ..reconciliation_data import entity_iri
from ..reconciliation_input import RequestError, check_batch, check_extend, parse_json
from .browse.links import local_path
from .errors import plain
from .extensions import RECONCILER_KEY, store
from .urls import own_url

_lock = threading.Lock()


def create_blueprint() -> Blueprint:
    blueprint = Blueprint("reconcile", __name__, url_prefix="/reconcile")
    blueprint.add_url_rule("", "service", service, methods=["GET", "POST"])
    blueprint.add_url_rule("/suggest/entity", "suggest_entity", suggest_entity)
    blueprint.add_url_rule("/suggest/type", "suggest_type", suggest_type)
    blueprint.add_url_rule("/suggest/property", "suggest_property", suggest_property)
    blueprint.add_url_rule("/properties", "properties", propose_properties)
    blueprint.add_url_rule("/preview", "preview", preview)
    blueprint.register_error_handler(RequestError, bad_request)
    blueprint.after_request(allow_any_origin)
    return blueprint


def reconciler() -> Reconciler:
    with _lock:  # concurrent first requests read the store once
        if RECONCILER_KEY not in current_app.extensions:
            current_app.extensions[RECONCILER_KEY] = Reconciler(store())
        found: Reconciler = current_app.extensions[RECONCILER_KEY]
        return found


def service() -> Response:
    """Queries (``queries=``), data extension (``extend=``), else the manifest."""
    if "queries" in request.values:
        batch = check_batch(parse_json(request.values.get("queries"), "queries"))
        return jsonify(reconciler().reconcile(batch))
    if "extend" in request.values:
        query = check_extend(parse_json(request.values.get("extend"), "extend"))
        return jsonify(reconciler().extend(query))
    return jsonify(reconciler().manifest(own_url(url_for("browse.home"))))


def suggest_entity() -> Response:
    cursor = request.args.get("cursor", "0")
    if not cursor.isdigit():
        raise RequestError(f"cursor: expected a number of suggestions to skip, not {cursor!r}")
    return jsonify(reconciler().suggest_entities(request.args.get("prefix", ""), int(cursor)))


def suggest_type() -> Response:
    return jsonify(reconciler().suggest_types(request.args.get("prefix", "")))


def suggest_property() -> Response:
    return jsonify(reconciler().suggest_properties(request.args.get("prefix", "")))


def propose_properties() -> Response:
    type_id = request.args.get("type")
    if not type_id:
        raise RequestError("type: missing (a type id, such as OpenLetter)")
    limit = request.args.get("limit", "")
    if limit and not limit.isdigit():
        raise RequestError(f"limit: expected a positive number, not {limit!r}")
    return jsonify(reconciler().propose_properties(type_id, int(limit) if limit else None))


def preview() -> str:
    found = reconciler()
    entity = found.catalogue.entities.get(entity_iri(request.args.get("id", "")))
    if entity is None:
        abort(404, "no entity with this id")
    return render_template(
        "reconcile/preview.html",
        entity=entity,
        kinds=[found.type_name(t) for t in entity.types],
        page=own_url(local_path(entity.iri) or ""),
    )


def bad_request(error: RequestError) -> Response:
    return allow_any_origin(plain(400, f"400 Bad Request: {error}"))


def allow_any_origin(response: Response) -> Response:
    """CORS for any origin on these routes only; never with credentials."""
    response.headers["Access-Control-Allow-Origin"] = "*"
    if request.method == "OPTIONS":
        response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
        response.headers["Access-Control-Allow-Headers"] = "Accept, Content-Type"
    return response
