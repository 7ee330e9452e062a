"""Class pages at scale: ``catalogue.members`` (the data of ``/def/OpenLetter`` and
``/def/Organisation``), first page and a far page, each sort, on an ``oxigraph:DIR`` store.

    flock /tmp/bench.lock .venv/bin/python benchmarks/scale_classes.py \
        benchmarks/generated/10000000.endpoint-store

Medians in ms over ``--repeat`` runs after one warm-up. With ``--sparql`` the store's text index
is not used (the SPARQL path that stays for ``sparql:URL`` and stores without the index); with
``--index FILE`` that file is used instead of ``DIR/text-index.sqlite``, and first built (class
members and names only, no searched literals) if it does not exist.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent / "src")]

from advocacy_kg import catalogue, config  # noqa: E402
from advocacy_kg.store.oxigraph import OxigraphStore  # noqa: E402
from advocacy_kg.store.text_index import TextIndex  # noqa: E402

CLASSES = ["OpenLetter", "Organisation"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("directory", type=Path, help="an oxigraph:DIR store's directory")
    parser.add_argument("--offsets", type=int, nargs="+", default=[0, 10_000])
    parser.add_argument("--sorts", nargs="+", default=list(catalogue.SORTS))
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--sparql", action="store_true", help="without the text index")
    parser.add_argument("--index", type=Path, help="a text index file to use (built if missing)")
    args = parser.parse_args()
    store = OxigraphStore.on_disk(args.directory, read_only=True)
    queryable: Any = _Sparql(store) if args.sparql else store
    if args.index:
        if not args.index.exists():
            started = time.perf_counter()
            TextIndex.build(store.store, args.index, properties=()).close()
            print(f"index built in {time.perf_counter() - started:.1f} s")
        queryable = _Sparql(store, TextIndex.open(args.index))
    for name in CLASSES:
        for sort in args.sorts:
            for offset in args.offsets:
                iri = config.ONTOLOGY + name

                def page(iri: str = iri, sort: str = sort, offset: int = offset) -> float:
                    started = time.perf_counter()
                    catalogue.members(queryable, iri, sort, limit=500, offset=offset)
                    return (time.perf_counter() - started) * 1000

                total, found = catalogue.members(queryable, iri, sort, limit=500, offset=offset)
                times = [page() for _ in range(args.repeat)]
                print(
                    f"{name:13} {sort:7} offset {offset:6}  {total:7} members, {len(found):3} "
                    f"shown  median {statistics.median(times):9.1f} ms  max {max(times):9.1f} ms"
                )
    return 0


class _Sparql:
    """The store with another text index, or none."""

    def __init__(self, store: OxigraphStore, index: TextIndex | None = None) -> None:
        self.query = store.query
        self.index = index

    def text_index(self) -> TextIndex | None:
        return self.index


if __name__ == "__main__":
    sys.exit(main())
