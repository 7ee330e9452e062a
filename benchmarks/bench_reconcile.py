"""Match quality of ``/reconcile`` on a labelled list of name variants, against the site search.

    .venv/bin/python benchmarks/bench_reconcile.py            # the table of benchmarks/README.md
    .venv/bin/python benchmarks/bench_reconcile.py --misses   # also list every variant not first

``data/reconcile-variants.tsv`` lists names (the graph's labels as written and folded to lower
case without accents, and names as ``facts.md`` and the seeds write them) with the entity each
must find. For each, the reconciliation ranking (``reconciliation_api.Reconciler``, no type
filter) and, as the peer measured in the same run, the site search (``search.search``) are asked;
reported: top-1 accuracy, mean reciprocal rank (1/rank of the expected entity, 0 when absent
from the first 10), and time per query. ``tests/test_reconcile_quality.py`` asserts floors.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
VARIANTS = HERE / "data" / "reconcile-variants.tsv"
sys.path.insert(0, str(HERE.parent / "src"))

from advocacy_kg import config  # noqa: E402
from advocacy_kg.reconciliation_api import Reconciler  # noqa: E402
from advocacy_kg.search import search  # noqa: E402
from advocacy_kg.store import Store  # noqa: E402

Ranker = Callable[[str], list[str]]  # a name -> entity ids, best first
DEPTH = 10


@dataclass
class Quality:
    count: int
    top1: float
    mrr: float
    ms_per_query: float
    misses: list[tuple[str, str, list[str]]]


def read_variants(path: Path = VARIANTS) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def reconciliation_ranker(store: Store) -> Ranker:
    reconciler = Reconciler(store)
    return lambda name: [
        c["id"] for c in reconciler.candidates("q", {"query": name, "limit": DEPTH})
    ]


def search_ranker(store: Store) -> Ranker:
    def rank(name: str) -> list[str]:
        found = search(store, name, limit=DEPTH).results
        return [r.iri[len(config.ENTITY) :] for r in found if r.iri.startswith(config.ENTITY)]

    return rank


def measure(rank: Ranker, variants: list[dict[str, str]]) -> Quality:
    reciprocal, first, misses = 0.0, 0, []
    start = time.perf_counter()
    answers = [rank(v["variant"]) for v in variants]
    elapsed = time.perf_counter() - start
    for variant, found in zip(variants, answers, strict=True):
        expected = variant["expected"]
        if expected in found:
            reciprocal += 1 / (found.index(expected) + 1)
        if found[:1] == [expected]:
            first += 1
        else:
            misses.append((variant["variant"], expected, found[:3]))
    n = len(variants)
    return Quality(n, first / n, reciprocal / n, 1000 * elapsed / n, misses)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list the variants not ranked first")
    args = parser.parse_args()
    from advocacy_kg.store.oxigraph import curated_store

    store = curated_store()
    variants = read_variants()
    groups = {
        "all": variants,
        "graph labels": [v for v in variants if v["origin"].startswith("graph label")],
        "names in the sources": [v for v in variants if not v["origin"].startswith("graph label")],
    }
    rankers = {
        "reconcile": reconciliation_ranker(store),
        "site search (peer)": search_ranker(store),
    }
    print(
        "| variants | n | method | top-1 | MRR | ms/query |\n| --- | --- | --- | --- | --- | --- |"
    )
    for group, chosen in groups.items():
        for method, rank in rankers.items():
            q = measure(rank, chosen)
            print(
                f"| {group} | {q.count} | {method} | {q.top1:.3f} | {q.mrr:.3f} "
                f"| {q.ms_per_query:.2f} |"
            )
            if args.misses and method == "reconcile" and group == "all":
                for name, expected, found in q.misses:
                    print(f"  miss: {name!r} -> {found} (expected {expected})", file=sys.stderr)


if __name__ == "__main__":
    main()
