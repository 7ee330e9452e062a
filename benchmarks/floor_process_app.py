"""Between the floors and ours, for bench_endpoint.py (``--servers floor-process``): Granian's
RSGI interface, every query run in one of the project's query processes (``ProcessExecutor``:
zygote, time limit, memory budget) and written by its JSON writer, awaited from the event loop
as ``web/native.py`` does, but no protocol decision, no safety check, no negotiation, no HTTP
cache and one header. What ours costs above it is the decision and the response's headers;
what it costs above ``floor-query`` is running the query in another process.

    BENCH_DATA=FILE python floor_process_app.py PORT WORKERS
"""

from __future__ import annotations

import os
import sys
import urllib.parse
from pathlib import Path
from typing import Any

from granian import Granian
from granian.constants import Interfaces

from advocacy_kg import loading
from advocacy_kg.sparql import QueryProcessDied, QueryTimeout, Settings, SparqlService
from advocacy_kg.sparql.execution import Job
from advocacy_kg.store.oxigraph import OxigraphStore

HEADERS = [("content-type", "application/sparql-results+json")]


class ProcessQueries:
    def __init__(self, service: SparqlService) -> None:
        self.executor = service.executor
        self.settings = service.settings

    async def __rsgi__(self, scope: Any, proto: Any) -> None:
        query = urllib.parse.parse_qs(scope.query_string)["query"][0]
        job = Job(query, "json", max_rows=self.settings.max_rows, timeout=self.settings.timeout)
        try:
            answer = await self.executor.run_async(job)
        except (QueryTimeout, QueryProcessDied):
            return proto.response_bytes(503, HEADERS, b"")
        proto.response_bytes(200 if not answer.error else 400, HEADERS, answer.body)


def main() -> None:
    port, workers = int(sys.argv[1]), int(sys.argv[2])
    store = OxigraphStore.in_memory()
    store.load_files([loading.RdfFile(Path(os.environ["BENCH_DATA"]))])
    service = SparqlService(store, Settings(execution="process"))
    service.start()  # the zygote, before Granian forks its workers
    front: Any = ProcessQueries(service)
    Granian(
        target="floor_process_app:front",
        address="127.0.0.1",
        port=port,
        interface=Interfaces.RSGI,
        workers=workers,
        log_access=False,
        websockets=False,
    ).serve(target_loader=lambda _target="": front)


if __name__ == "__main__":
    main()
