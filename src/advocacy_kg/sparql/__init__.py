"""SPARQL for the endpoint and the CLI: the safety check (``safety``), execution in killable
query processes with time, row and memory limits (``execution``, ``pool``, ``sandbox``), answers
in every format (``results``), the service description (``description``), and the facade that
ties them together (``service``)."""

from __future__ import annotations

from .pool import QueryProcessDied, QueryTimeout
from .safety import CheckedQuery, Limits, QueryRefused, check_query
from .service import Settings, SparqlService

__all__ = [
    "CheckedQuery",
    "Limits",
    "QueryProcessDied",
    "QueryRefused",
    "QueryTimeout",
    "Settings",
    "SparqlService",
    "check_query",
]
