"""rdflib-endpoint's ASGI app over the benchmark data (``BENCH_DATA``), for bench_endpoint.py:
rdflib's memory Dataset with the union of the named graphs as its default graph, as ours."""

from __future__ import annotations

import os
from typing import Any

import rdflib
from rdflib_endpoint import SparqlEndpoint


def create() -> Any:
    dataset = rdflib.Dataset(default_union=True)
    dataset.parse(os.environ["BENCH_DATA"], format="nquads")
    return SparqlEndpoint(graph=dataset, cors_enabled=False, public_url="http://127.0.0.1/")
