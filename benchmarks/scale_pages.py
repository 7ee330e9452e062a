"""Whole browser pages at scale: an entity's HTML and Turtle pages and the search page, rendered by
the app (``create_app``, its store read-only) as a request would have them, without the network.

    .venv/bin/python benchmarks/scale_pages.py --size 10000000 \
        --store oxigraph:benchmarks/generated/10000000.endpoint-store

bench_scale.py times ``describe_resource`` and ``search`` on their own; this adds what a page
costs on top (presence check, templates, serialisation). Medians and 95th percentiles in ms
over ``--repeat`` different entities (one unmeasured warm-up each kind), appended to
benchmarks/results/scale-pages.jsonl.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "src")]

from scale_workload import SEARCHES, entity, pools  # noqa: E402

from advocacy_kg import config  # noqa: E402
from advocacy_kg.web import SPARQL_KEY, create_app  # noqa: E402
from advocacy_kg.web.browse import resources, search_pages, state  # noqa: E402

RESULTS = HERE / "results" / "scale-pages.jsonl"
#: Words of one or two letters are found by reading every indexed literal, not the trigrams.
SHORT = ["AI act", "EU"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", required=True, help="a store spec, e.g. oxigraph:DIR")
    parser.add_argument("--size", type=int, required=True, help="triples generated (for IRIs)")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--results", type=Path, default=RESULTS)
    args = parser.parse_args()
    app = create_app({"STORE": args.store})
    orgs, letters = pools(args.size)
    rng = random.Random(11)
    kinds = {
        "letter": [entity("letter", 1 + rng.randrange(letters)) for _ in range(args.repeat + 1)],
        "organisation": [
            entity("organisation", rng.randrange(orgs)) for _ in range(args.repeat + 1)
        ],
    }

    def page(iri: str, suffix: str = "") -> float:
        path = "/" + iri.removeprefix(config.BASE) + suffix
        with app.test_request_context(path):
            started = time.perf_counter()
            response = app.make_response(resources.dereference())
            elapsed = (time.perf_counter() - started) * 1000
        assert response.status_code == 200, (path, response.status_code)
        return elapsed

    def search(words: str) -> float:
        with app.test_request_context("/search", query_string={"q": words}):
            started = time.perf_counter()
            response = app.make_response(search_pages.search())
            elapsed = (time.perf_counter() - started) * 1000
        assert response.status_code == 200
        return elapsed

    with app.app_context():  # what a running server has done by now: checked the size
        state.validation_report(wait=True)
    timings: dict[str, list[float]] = {}
    for kind, iris in kinds.items():
        for suffix, name in (("", "html"), (".ttl", "ttl")):
            page(iris[0], suffix)  # warm-up
            timings[f"{kind} page {name}"] = [page(iri, suffix) for iri in iris[1:]]
    for words in SEARCHES + SHORT:
        search(words)
        timings[f"search {words!r}"] = [search(words) for _ in range(5)]
    app.extensions[SPARQL_KEY].close()
    row: dict[str, Any] = {
        "store": args.store,
        "size": args.size,
        "when": time.strftime("%F %H:%M"),
    }
    for name, times in timings.items():
        times.sort()
        row[name] = {
            "median": statistics.median(times),
            "p95": times[min(len(times) - 1, int(0.95 * len(times)))],
            "n": len(times),
        }
        print(f"{name:40} median {row[name]['median']:8.1f} ms  p95 {row[name]['p95']:8.1f} ms")
    with args.results.open("a", encoding="utf-8") as out:
        out.write(json.dumps(row) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
