"""The floor of a Python server on this machine, for bench_endpoint.py (``--servers floor``):
Granian's RSGI interface answering every request with the same fixed SPARQL JSON body, no query
and no decision. What ours costs above it is the endpoint's own work."""

from __future__ import annotations

from typing import Any

BODY = (
    b'{"head":{"vars":["p","o"]},"results":{"bindings":[{"p":{"type":"uri","value":'
    b'"http://www.w3.org/1999/02/22-rdf-syntax-ns#type"},"o":{"type":"uri","value":'
    b'"https://w3id.org/advocacy-kg/def/Organisation"}}]}}'
)
HEADERS = [("content-type", "application/sparql-results+json")]


class Fixed:
    async def __rsgi__(self, scope: Any, proto: Any) -> None:
        proto.response_bytes(200, HEADERS, BODY)


app = Fixed()
