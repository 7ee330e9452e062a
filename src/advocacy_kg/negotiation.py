"""Which representation to send: the formats we can write, and the choice among them from an
Accept header (werkzeug's ``MIMEAccept``, q-values and wildcards) or a ``format`` parameter.

Kept free of Flask and of any one area: the SPARQL endpoint and the browser both use it.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

import pyoxigraph as ox
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header


@dataclass(frozen=True)
class Format:
    """One representation: its ``format`` parameter name, media types (preferred first)."""

    name: str
    media_types: tuple[str, ...]
    kind: str  # "results" (SPARQL results), "graph", "dataset" or "html"
    rdf: ox.RdfFormat | None = None
    results: ox.QueryResultsFormat | None = None

    @property
    def media_type(self) -> str:
        return self.media_types[0]

    @property
    def content_type(self) -> str:
        return self.media_type if self.kind == "html" else f"{self.media_type}; charset=utf-8"


R = ox.QueryResultsFormat
G = ox.RdfFormat
RESULTS_JSON = Format(
    "json", ("application/sparql-results+json", "application/json"), "results", results=R.JSON
)
RESULTS_XML = Format(
    "xml", ("application/sparql-results+xml", "application/xml", "text/xml"), "results",
    results=R.XML,
)  # fmt: skip
RESULTS_CSV = Format("csv", ("text/csv",), "results", results=R.CSV)
RESULTS_TSV = Format("tsv", ("text/tab-separated-values",), "results", results=R.TSV)
TURTLE = Format("turtle", ("text/turtle", "application/x-turtle"), "graph", rdf=G.TURTLE)
N_TRIPLES = Format("ntriples", ("application/n-triples", "text/plain"), "graph", rdf=G.N_TRIPLES)
JSON_LD = Format("jsonld", ("application/ld+json", "application/json"), "graph", rdf=G.JSON_LD)
RDF_XML = Format(
    "rdfxml", ("application/rdf+xml", "application/xml", "text/xml"), "graph", rdf=G.RDF_XML
)
TRIG = Format("trig", ("application/trig",), "dataset", rdf=G.TRIG)
N_QUADS = Format("nquads", ("application/n-quads",), "dataset", rdf=G.N_QUADS)
HTML = Format("html", ("text/html", "application/xhtml+xml"), "html")

#: SELECT and ASK answers, preferred first (the first is the default for */*).
RESULT_FORMATS = (RESULTS_JSON, RESULTS_XML, RESULTS_CSV, RESULTS_TSV)
#: Graphs (CONSTRUCT, DESCRIBE, service description); quad formats use the default graph.
GRAPH_FORMATS = (TURTLE, N_TRIPLES, JSON_LD, RDF_XML, TRIG, N_QUADS)
ALL_FORMATS = (*RESULT_FORMATS, *GRAPH_FORMATS, HTML)


def by_name(name: str | None, offers: Sequence[Format]) -> Format | None:
    """The offer a ``format`` parameter names (by name or media type); None if none does."""
    if not name:
        return None
    wanted = name.strip().lower()
    for offer in offers:
        if wanted == offer.name or wanted in offer.media_types:
            return offer
    return None


#: Accept headers longer than this are parsed each time, never remembered: the caches below
#: then hold at most a few hundred KB, whatever clients send (issue 12, item 6).
MAX_CACHED_ACCEPT = 512


def accept_of(header: str | None) -> MIMEAccept:
    """An Accept header parsed (cached: clients send the same few); a missing or empty one
    accepts anything (RFC 9110)."""
    if header and len(header) > MAX_CACHED_ACCEPT:
        return parse_accept_header(header, MIMEAccept)
    return _accept_of(header)


@functools.lru_cache(maxsize=256)
def _accept_of(header: str | None) -> MIMEAccept:
    return parse_accept_header(header if header and header.strip() else "*/*", MIMEAccept)


def negotiate(
    accept: MIMEAccept, offers: Sequence[Format], format_name: str | None = None
) -> Format | None:
    """The best offer for this Accept header, or None (answer 406 listing ``offered``).

    A ``format`` parameter naming one of the offers wins over the header; one naming none of
    them is ignored (clients send ``format=``/``output=`` for other servers).
    """
    named = by_name(format_name, offers)
    if named is not None:
        return named
    if not accept:
        accept = accept_of(None)
    candidates = [media for offer in offers for media in offer.media_types]
    best = accept.best_match(candidates)
    if best is None:
        return None
    return next(offer for offer in offers if best in offer.media_types)


def negotiate_header(
    header: str | None, offers: tuple[Format, ...], format_name: str | None = None
) -> Format | None:
    """``negotiate`` for a raw Accept header, remembered: clients send the same few headers."""
    if header and len(header) > MAX_CACHED_ACCEPT:
        return negotiate(accept_of(header), offers, format_name)
    return _negotiate_header(header, offers, format_name)


@functools.lru_cache(maxsize=1024)
def _negotiate_header(
    header: str | None, offers: tuple[Format, ...], format_name: str | None
) -> Format | None:
    return negotiate(accept_of(header), offers, format_name)


def prefers_html(header: str | None, offers: tuple[Format, ...]) -> bool:
    """A browser: HTML named in Accept (not merely */*) and preferred to every data format."""
    if header and len(header) > MAX_CACHED_ACCEPT:
        return _prefers_html.__wrapped__(header, offers)
    return _prefers_html(header, offers)


@functools.lru_cache(maxsize=1024)
def _prefers_html(header: str | None, offers: tuple[Format, ...]) -> bool:
    accept = accept_of(header)
    named = any(value in HTML.media_types and quality > 0 for value, quality in accept)
    return named and negotiate(accept, [*offers, HTML]) == HTML


def offered(offers: Sequence[Format]) -> str:
    """The media types of the offers, for a 406 message."""
    return ", ".join(offer.media_type for offer in offers)
