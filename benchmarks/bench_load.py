"""Loading benchmark: the project's load paths against bare pyoxigraph and rdflib, same run.

    .venv/bin/python benchmarks/bench_load.py                  # curated data + 1M synthetic quads
    .venv/bin/python benchmarks/bench_load.py --sizes 100000   # other synthetic sizes
    .venv/bin/python benchmarks/bench_load.py --no-rdflib      # skip the slow peer

Every measurement runs in a fresh process (so peak memory is its own) and is repeated; the
median time is reported with its ratio to the bare pyoxigraph parse of the same files measured
in the same run. Target (issue 3): the project's load path within 3x of the bare parse.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
GENERATED = HERE / "generated"
sys.path.insert(0, str(HERE.parent / "src"))

import pyoxigraph as ox  # noqa: E402

from advocacy_kg import config, loading  # noqa: E402
from advocacy_kg.store.files import BULK_MIN_BYTES  # noqa: E402
from advocacy_kg.store.oxigraph import OxigraphStore  # noqa: E402

#: method name -> (what it is, function loading the files and returning a quad count)
Method = Callable[[list[loading.RdfFile]], int]


def bare_parse(files: list[loading.RdfFile]) -> int:
    return sum(
        sum(
            1
            for _ in ox.parse(path=f.path, format=loading.rdf_format(f.path), base_iri=config.BASE)
        )
        for f in files
    )


def bare_store_load(files: list[loading.RdfFile]) -> int:
    store = ox.Store()
    for f in files:
        fmt = loading.rdf_format(f.path)
        graph = ox.NamedNode(f.graph) if f.graph and not fmt.supports_datasets else None
        store.load(path=f.path, format=fmt, base_iri=config.BASE, to_graph=graph)
    return len(store)


def bare_disk_load(files: list[loading.RdfFile]) -> int:
    with tempfile.TemporaryDirectory(dir=GENERATED) as tmp:
        store = ox.Store(tmp + "/store")
        for f in files:
            fmt = loading.rdf_format(f.path)
            graph = ox.NamedNode(f.graph) if f.graph and not fmt.supports_datasets else None
            big = f.path.stat().st_size >= BULK_MIN_BYTES
            loader = store.bulk_load if big else store.load
            loader(path=f.path, format=fmt, base_iri=config.BASE, to_graph=graph)
        store.flush()
        count = len(store)
        del store, loader  # closes the database before its directory is removed
        return count


def parse_file(files: list[loading.RdfFile]) -> int:
    return sum(len(loading.parse_file(f.path, f.graph)) for f in files)


def load_files(files: list[loading.RdfFile]) -> int:
    return OxigraphStore.in_memory().load_files(files)


def load_graphs_disk(files: list[loading.RdfFile]) -> int:
    with tempfile.TemporaryDirectory(dir=GENERATED) as tmp:
        store = OxigraphStore.on_disk(Path(tmp) / "store")
        count = store.load_graphs(files).quads
        del store  # closes the database before its directory is removed
        return count


def rdflib_memory(files: list[loading.RdfFile]) -> int:
    import rdflib

    names = {".ttl": "turtle", ".trig": "trig", ".nt": "nt", ".nq": "nquads"}
    dataset = rdflib.Dataset()
    for f in files:
        target = dataset.graph(rdflib.URIRef(f.graph)) if f.graph else dataset
        target.parse(f.path, format=names[f.path.suffix], publicID=config.BASE)
    return sum(len(graph) for graph in dataset.graphs())


METHODS: dict[str, tuple[str, Method]] = {
    "parse": ("pyoxigraph: bare parse (reference)", bare_parse),
    "store-load": ("pyoxigraph: Store.load (peer)", bare_store_load),
    "disk-load": ("pyoxigraph: on-disk Store.load / bulk_load (peer)", bare_disk_load),
    "load-files": ("project: OxigraphStore.load_files, memory", load_files),
    "load-graphs-disk": ("project: load_graphs, on disk (stage+swap)", load_graphs_disk),
    "parse-file": ("project: loading.parse_file (list of quads)", parse_file),
    "rdflib": ("rdflib: Dataset memory store (peer)", rdflib_memory),
}


def dataset_files(name: str) -> list[loading.RdfFile]:
    if name == "curated":
        return loading.curated_files()
    path = GENERATED / f"{name}.nq"
    if not path.exists():
        subprocess.run(
            [sys.executable, str(HERE / "generate.py"), "--triples", name, "--out", str(path)],
            check=True,
        )
    return [loading.RdfFile(path)]


def child(method: str, dataset: str, repeat: int) -> None:
    """Runs in its own process: prints median seconds, quads and peak memory as JSON."""
    files, (_, function) = dataset_files(dataset), METHODS[method]
    times, count = [], 0
    for _ in range(repeat):
        started = time.perf_counter()
        count = function(files)
        times.append(time.perf_counter() - started)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": statistics.median(times), "quads": count, "peak_mib": peak}))


def measure(method: str, dataset: str, repeat: int) -> dict[str, float]:
    command = [sys.executable, __file__, "--child", method, dataset, "--repeat", str(repeat)]
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return dict(json.loads(out.strip().splitlines()[-1]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", nargs="*", default=["1000000"], help="synthetic sizes")
    parser.add_argument("--no-rdflib", action="store_true", help="skip rdflib (slow)")
    parser.add_argument("--child", nargs=2, metavar=("METHOD", "DATASET"), help=argparse.SUPPRESS)
    parser.add_argument("--repeat", type=int, default=0, help="rounds (default 3)")
    args = parser.parse_args()
    GENERATED.mkdir(exist_ok=True)
    if args.child:
        child(args.child[0], args.child[1], args.repeat or 1)
        return 0
    methods = [m for m in METHODS if not (args.no_rdflib and m == "rdflib")]
    for dataset in ["curated", *args.sizes]:
        dataset_files(dataset)  # generate before timing
        inner, rounds = (7, 3) if dataset == "curated" else (1, args.repeat or 3)
        print(
            f"\n### {dataset} (median of {rounds} interleaved rounds; ratio = time / bare parse)\n"
        )
        print("| method | quads | seconds | ratio | peak RSS MiB |")
        print("| --- | ---: | ---: | ---: | ---: |")
        runs: dict[str, list[dict[str, float]]] = {m: [] for m in methods}
        for round_no in range(rounds):
            for method in methods:
                if method != "rdflib" or round_no == 0:  # rdflib is slow: one round
                    runs[method].append(measure(method, dataset, inner))
        reference = statistics.median(r["seconds"] for r in runs["parse"])
        for method, results in runs.items():
            seconds = statistics.median(r["seconds"] for r in results)
            peak = max(r["peak_mib"] for r in results)
            print(
                f"| {METHODS[method][0]} | {results[0]['quads']:.0f} | {seconds:.3f} "
                f"| {seconds / reference:.2f}x | {peak:.0f} |",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
