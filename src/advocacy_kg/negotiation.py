"""Which representation to send: the choice among formats (``formats``) from an Accept header
(werkzeug's ``MIMEAccept``, q-values and wildcards) or a ``format`` parameter.

Kept free of Flask and of any one area: the SPARQL endpoint and the browser both use it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any, ParamSpec, Protocol, TypeVar

from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from . import formats
from .formats import HTML as HTML  # re-exported: the endpoint and tests name them here
from .formats import RESULTS_JSON as RESULTS_JSON
from .formats import Format as Format

#: SELECT and ASK answers, preferred first (the first is the default for */*).
RESULT_FORMATS = formats.RESULT_FORMATS
#: Graphs (CONSTRUCT, DESCRIBE, service description); quad formats use the default graph.
GRAPH_FORMATS = formats.RDF_FORMATS
ALL_FORMATS = formats.FORMATS


#: Accept headers longer than this are parsed each time, never remembered: the caches below
#: then hold at most a few hundred KB, whatever clients send (issue 12, item 6).
MAX_CACHED_ACCEPT = 512

P = ParamSpec("P")
R = TypeVar("R", covariant=True)


class Remembered(Protocol[P, R]):
    """A function of an Accept header, remembered by ``by_header``."""

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R: ...

    def cache_info(self) -> Any: ...


def by_header(maxsize: int) -> Callable[[Callable[P, R]], Remembered[P, R]]:
    """Remember a function of an Accept header (its first argument), as ``functools.lru_cache``
    does: clients send the same few headers. One longer than ``MAX_CACHED_ACCEPT`` is worked out
    each time and never kept. The remembered function's ``cache_info`` is the wrapper's."""

    def wrap(function: Callable[P, R]) -> Remembered[P, R]:
        cached = functools.lru_cache(maxsize=maxsize)(function)

        @functools.wraps(function)
        def call(*args: P.args, **kwargs: P.kwargs) -> R:
            header = args[0] if args else None
            if isinstance(header, str) and len(header) > MAX_CACHED_ACCEPT:
                return function(*args, **kwargs)
            return cached(*args, **kwargs)  # type: ignore[arg-type]

        call.cache_info = cached.cache_info  # type: ignore[attr-defined]
        return call  # type: ignore[return-value]

    return wrap


@by_header(256)
def accept_of(header: str | None) -> MIMEAccept:
    """An Accept header parsed; a missing or empty one accepts anything (RFC 9110)."""
    return parse_accept_header(header if header and header.strip() else "*/*", MIMEAccept)


def negotiate(
    accept: MIMEAccept, offers: Sequence[Format], format_name: str | None = None
) -> Format | None:
    """The best offer for this Accept header, or None (answer 406 listing ``offered``).

    A ``format`` parameter naming one of the offers wins over the header; one naming none of
    them is ignored (clients send ``format=``/``output=`` for other servers).
    """
    named = formats.named(format_name, offers)
    if named is not None:
        return named
    if not accept:
        accept = accept_of(None)
    candidates = [media for offer in offers for media in offer.media_types]
    best = accept.best_match(candidates)
    if best is None:
        return None
    return next(offer for offer in offers if best in offer.media_types)


@by_header(1024)
def negotiate_header(
    header: str | None, offers: tuple[Format, ...], format_name: str | None = None
) -> Format | None:
    """``negotiate`` for a raw Accept header."""
    return negotiate(accept_of(header), offers, format_name)


@by_header(1024)
def prefers_html(header: str | None, offers: tuple[Format, ...]) -> bool:
    """A browser: HTML named in Accept (not merely */*) and preferred to every data format."""
    accept = accept_of(header)
    named = any(value in HTML.media_types and quality > 0 for value, quality in accept)
    return named and negotiate(accept, [*offers, HTML]) == HTML


def offered(offers: Sequence[Format]) -> str:
    """The media types of the offers, for a 406 message."""
    return ", ".join(offer.media_type for offer in offers)
