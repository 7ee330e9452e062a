"""The ceiling of a Python server with pyoxigraph on Granian, for bench_endpoint.py (``--servers
floor-query``): Granian's RSGI interface, the benchmark data (``BENCH_DATA``) in memory in each
worker, every query run in the worker and written by pyoxigraph's own SPARQL JSON writer. No
checks, no limits, no query process, no negotiation: what any such server pays at least for a
query it really runs (``floor_app.py`` is the floor without the query)."""

from __future__ import annotations

import os
import urllib.parse
from typing import Any

import pyoxigraph as ox

HEADERS = [("content-type", "application/sparql-results+json")]


class Queries:
    def __init__(self) -> None:
        self.store = ox.Store()
        self.store.bulk_load(path=os.environ["BENCH_DATA"], format=ox.RdfFormat.N_QUADS)

    async def __rsgi__(self, scope: Any, proto: Any) -> None:
        query = urllib.parse.parse_qs(scope.query_string)["query"][0]
        result = self.store.query(query, use_default_graph_as_union=True)
        assert isinstance(result, ox.QuerySolutions)  # the point lookups are SELECTs
        body = result.serialize(format=ox.QueryResultsFormat.JSON)
        proto.response_bytes(200, HEADERS, body or b"")


app = Queries()
