"""The one place that turns IRIs into links: IRIs under the base become paths on this server.

``<BASE>X`` is served at ``/X`` (so a deployment at the base resolves on the open web and a
local run stays on localhost); other http(s) IRIs link out; any other scheme (``javascript:``,
``data:``…) is never a link. Templates call ``href`` and ``format_href``, never paste strings.
"""

from __future__ import annotations

from urllib.parse import quote

from flask import request
from markupsafe import Markup

from ... import config
from ...formats import Format
from ...rdfterms import Term, curie, is_web_link

#: Characters left as they are in a path built from an IRI (the rest is percent-encoded).
PATH_SAFE = "/:@!$&'()*+,;=-._~%"


def local_path(iri: str) -> str | None:
    """The path of this server that serves ``iri``, or None for an IRI outside the base."""
    if not iri.startswith(config.BASE):
        return None
    return request.script_root + "/" + quote(iri[len(config.BASE) :], safe=PATH_SAFE)


def href(iri: str) -> str | None:
    """Where a link to ``iri`` goes, or None when it must be shown as text."""
    path = local_path(iri)
    if path is not None:
        return path
    return iri if is_web_link(iri) else None


def format_href(iri: str, fmt: Format) -> str:
    """The URL of one serialisation of a resource under the base (``/id/x.ttl``; a path that
    ends in ``/`` has no room for an extension: ``/def/?format=turtle``)."""
    path = local_path(iri)
    if path is None:
        raise ValueError(f"not under the base: {iri}")
    if path.endswith("/"):
        return f"{path}?format={fmt.name}"
    return f"{path}.{fmt.extension}"


def iri_of_path(path: str) -> str:
    """The IRI a request path stands for (the inverse of ``local_path``)."""
    return config.BASE + path.lstrip("/")


def link(iri: str, label: str | None = None) -> Markup:
    """``<a>`` to ``iri`` (on this server when under the base), or plain text for an IRI that
    must not become a link. Both IRI and label are escaped."""
    url = href(iri)
    if url is None:
        return Markup('<span class="iri-text" title="not a web link">{}</span>').format(
            label or iri
        )
    return Markup('<a href="{}">{}</a>').format(url, label or curie(iri))


def term(value: Term, labels: dict[str, str]) -> Markup:
    """An RDF term as HTML: a linked label, or a literal with its language or datatype."""
    if value.is_iri:
        return link(value.value, labels.get(value.value))
    if not value.is_literal:
        return Markup('<span class="bnode">_:{}</span>').format(value.value)
    lang = Markup(' lang="{}"').format(value.language) if value.language else ""
    html = Markup('<span class="literal"{}>{}</span>').format(lang, value.value)
    datatype = value.datatype
    if datatype and not datatype.endswith("#string") and not value.is_date:
        html += Markup(' <span class="datatype">({})</span>').format(curie(datatype))
    return html
