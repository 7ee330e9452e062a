"""Published IRIs that a correction replaced keep answering: a 301 to their replacement.

The curated graph records each replacement as ``<old> dcterms:isReplacedBy <new>`` in
``graph/replaced`` (data/replaced.ttl); an IRI once published never turns into a 404.
"""

from __future__ import annotations

from flask import Response, request

from ... import config
from ...rdfterms import rows, sparql_iri
from ...store import Store
from . import links


def replacement(queryable: Store, iri: str) -> str | None:
    """The IRI that replaced ``iri``, or None when nothing replaced it."""
    try:
        node = sparql_iri(iri)
    except ValueError:  # not an IRI anything could have published
        return None
    found = rows(
        queryable,
        f"""SELECT ?new WHERE {{ GRAPH <{config.REPLACED_GRAPH}> {{
            {node} dcterms:isReplacedBy ?new }} }} LIMIT 1""",
    )
    return next((row["new"].value for row in found), None)


def moved(queryable: Store, iri: str) -> Response | None:
    """A 301 to where ``iri`` now lives if a correction replaced it; ``/id/old.ttl`` goes to
    ``/id/new.ttl``, and the query string (``?format=…``) is kept."""
    stem, dot, extension = iri.rpartition(".")
    candidates = [(iri, "")] + ([(stem, dot + extension)] if dot and "/" not in extension else [])
    for old, suffix in candidates:
        new = replacement(queryable, old)
        path = links.local_path(new) if new else None
        if path is not None:
            query = request.query_string.decode("latin-1")
            response = Response(
                f"301 Moved Permanently: {old} is now {new}\n", 301, mimetype="text/plain"
            )
            response.headers["Location"] = path + suffix + (f"?{query}" if query else "")
            return response
    return None
