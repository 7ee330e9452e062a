"""Publishing area: the release's dumps at /download, the JSON-LD context, the dataset description.

The files are the ones ``advocacy-kg export`` writes, byte for byte: built once per process on
first use, or read from ``DOWNLOAD_DIR`` when a deployment exported them ahead of time. Every
IRI the description gives (``<base>download/…``, ``<base>context.jsonld``, ``<base>dataset``)
is served here at the same path under this server.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)
from werkzeug.wrappers import Response as BaseResponse

from .. import __version__, formats, negotiation, release
from ..citation import Citation, load_citation
from ..export import (
    CHECKSUMS_NAME,
    CONTEXT_NAME,
    FORMATS,
    build_publication,
    compact_jsonld,
    description_name,
    dump_name,
    dump_title,
    serialize,
)
from ..formats import HTML, JSON_LD, RDF_FORMATS, TURTLE, Format

PUBLICATION_KEY = "advocacy_kg.publication"

#: Media types of the files beside the dumps.
OTHER_MEDIA_TYPES = {
    CHECKSUMS_NAME: "text/plain; charset=utf-8",
    CONTEXT_NAME: "application/ld+json",
}
#: Formats the dataset description is offered in, the default (Turtle, as written) first.
DESCRIPTION_FORMATS = RDF_FORMATS


class Publication:
    """The release's files by name; built (or read) once, then shared by all requests."""

    def __init__(self, directory: str | None = None) -> None:
        self.directory = Path(directory) if directory else None
        self._files: dict[str, bytes] | None = None
        self._lock = threading.Lock()

    def files(self) -> dict[str, bytes]:
        with self._lock:
            if self._files is None:
                self._files = (
                    self._read() if self.directory else build_publication(list(FORMATS.values()))
                )
            return self._files

    def _read(self) -> dict[str, bytes]:
        """The files an earlier export listed in its SHA256SUMS (a missing one fails loudly)."""
        assert self.directory is not None
        sums = (self.directory / CHECKSUMS_NAME).read_text(encoding="utf-8")
        names = [line.split("  ", 1)[1] for line in sums.splitlines() if line.strip()]
        files = {name: (self.directory / name).read_bytes() for name in names}
        files[CHECKSUMS_NAME] = sums.encode()
        missing = {description_name(), CONTEXT_NAME} - set(files)
        if missing:  # an export of another version, or a partial copy
            raise RuntimeError(f"{self.directory}: no {', '.join(sorted(missing))} in SHA256SUMS")
        return files


def create_blueprint() -> Blueprint:
    blueprint = Blueprint("publish", __name__)
    routes: list[tuple[str, str, Callable[..., Any]]] = [
        ("/download", "downloads", downloads_page),
        ("/download/<name>", "download", download_file),
        ("/context.jsonld", "context", jsonld_context),
        ("/.well-known/void", "void", dataset_description),
        ("/dataset", "dataset", dataset_description),
    ]
    for rule, endpoint, view in routes:
        blueprint.add_url_rule(rule, endpoint, view, methods=["GET", "HEAD"])
    blueprint.app_template_global("release_dumps")(release_dumps)
    blueprint.app_template_global("release_citation")(release_citation)
    return blueprint


def publication() -> Publication:
    extensions = current_app.extensions
    if PUBLICATION_KEY not in extensions:
        extensions[PUBLICATION_KEY] = Publication(current_app.config.get("DOWNLOAD_DIR"))
    found: Publication = extensions[PUBLICATION_KEY]
    return found


def release_dumps() -> list[dict[str, Any]]:
    """The dumps of this version, named without building them (for the home page)."""
    return [
        {
            "name": dump_name(fmt),
            "format": fmt.title,
            "title": dump_title(fmt),
            "media_type": fmt.media_type,
            "keeps_graphs": fmt.keeps_graphs,
            "href": url_for("publish.download", name=dump_name(fmt)),
        }
        for fmt in FORMATS.values()
    ]


def release_citation() -> Citation:
    return load_citation()


def downloads_page() -> str:
    files = publication().files()
    dumps = [
        {
            **entry,
            "bytes": len(files[entry["name"]]),
            "sha256": hashlib.sha256(files[entry["name"]]).hexdigest(),
        }
        for entry in release_dumps()
        if entry["name"] in files
    ]
    return render_template(
        "publish/download.html",
        dumps=dumps,
        version=__version__,
        description=description_name(),
        context_name=CONTEXT_NAME,
        checksums=CHECKSUMS_NAME,
        sparql_path="/sparql" if _serves("/sparql") else None,
        page_alternates=_alternates(),
    )


def download_file(name: str) -> Response:
    files = publication().files()
    if name not in files:
        abort(404)
    response = _file_response(files[name], _media_type(name))
    if name not in OTHER_MEDIA_TYPES:
        response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def jsonld_context() -> Response:
    return _file_response(publication().files()[CONTEXT_NAME], "application/ld+json")


def dataset_description() -> BaseResponse:
    """The VoID/DCAT description in the format the client asks for; HTML readers get /download."""
    asked = request.args.get("format")
    if asked is not None:
        best = formats.named(asked, DESCRIPTION_FORMATS)
        if best is None:
            abort(404)
    else:
        accept = request.headers.get("Accept")
        offers = DESCRIPTION_FORMATS
        if request.endpoint == "publish.dataset":
            offers = (*offers, HTML)
        best = negotiation.negotiate_header(accept, offers)
        if best not in (None, HTML) and negotiation.prefers_html(accept, offers):
            best = DESCRIPTION_FORMATS[0]  # a browser: the file as written, not the XML it accepts
    if best is None:
        abort(406)
    if best == HTML:
        return redirect(url_for("publish.downloads"), 303)
    response = _file_response(_description(best), best.media_type)
    response.headers["Vary"] = "Accept"
    response.headers["Link"] = ", ".join(
        f'<{a["href"]}>; rel="alternate"; type="{a["media_type"]}"' for a in _alternates()
    )
    return response


def _description(fmt: Format) -> bytes:
    """The description file as written, or re-serialised (JSON-LD compacted with our context)."""
    files = publication().files()
    turtle = files[description_name()]
    if fmt == TURTLE:
        return turtle
    triples = [q.triple for q in ox.parse(turtle, ox.RdfFormat.TURTLE)]
    if fmt == JSON_LD:
        context = json.loads(files[CONTEXT_NAME])["@context"]
        return compact_jsonld([ox.Quad(t.subject, t.predicate, t.object) for t in triples], context)
    assert fmt.rdf is not None
    return serialize(triples, fmt.rdf)


def _file_response(body: bytes, media_type: str) -> Response:
    response = Response(body, mimetype=media_type)
    response.set_etag(hashlib.sha256(body).hexdigest())
    response.headers["Cache-Control"] = "public, max-age=3600"
    response.make_conditional(request)
    return response


def _media_type(name: str) -> str:
    if name in OTHER_MEDIA_TYPES:
        return OTHER_MEDIA_TYPES[name]
    if release.media_type(name):  # the RO-Crate, the Data Package and its CSVs
        return release.media_type_of(name)
    if name == description_name():
        return "text/turtle"
    return next(f.media_type for f in FORMATS.values() if dump_name(f) == name)


def _alternates() -> list[dict[str, str]]:
    """The description's other formats, for ``Link`` headers and the page's ``<link>``s."""
    return [
        {
            "media_type": fmt.media_type,
            "href": url_for("publish.void", format=fmt.name),
            "name": f"Dataset description ({fmt.media_type})",
        }
        for fmt in DESCRIPTION_FORMATS
    ]


def _serves(path: str) -> bool:
    return any(rule.rule == path for rule in current_app.url_map.iter_rules())
