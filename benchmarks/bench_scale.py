"""Scale benchmark: load time, peak memory and query latency per backend at growing sizes.

    .venv/bin/python benchmarks/bench_scale.py --sizes 100000 1000000
    .venv/bin/python benchmarks/bench_scale.py --sizes 10000000 --backends oxigraph sparql-oxigraph
    .venv/bin/python benchmarks/bench_scale.py --report      # tables + plot from saved results

Backends: ``memory`` and ``oxigraph`` (the embedded store, in memory / on disk, loaded with
``load_graphs``), ``sparql-oxigraph`` (Oxigraph server, bulk-loaded with ``oxigraph load``,
queried through ``SparqlStore``), ``virtuoso`` (Debian's Virtuoso, bulk-loaded with ``ld_dir``,
queried through ``SparqlStore``) and ``rdflib`` (its memory Dataset, the peer). Every phase runs
in a fresh process so peak memory is its own; servers' memory is read from /proc (VmHWM).
Results are appended to benchmarks/results/scale.jsonl; ``--report`` prints the tables and draws
benchmarks/results/scale.png (``--since`` leaves out older runs). Search uses the store's text
index on ``memory`` and ``oxigraph`` (built by the load, so in "load s"); the SPARQL servers have
none and are searched with SPARQL.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "src"), str(HERE.parent / "tests")]

from scale_servers import Server, load_virtuoso, oxigraph_server, virtuoso_server  # noqa: E402
from scale_workload import RdflibStore, run_workload  # noqa: E402

from advocacy_kg.loading import RdfFile  # noqa: E402
from advocacy_kg.store import OxigraphStore, SparqlStore, open_store, text_index  # noqa: E402

RESULTS = HERE / "results" / "scale.jsonl"
WORK = HERE / "generated" / "scale"
#: Seconds one kind of query may take in all (warm-up included) before it is cut short.
BUDGET = 240
BACKENDS = ["memory", "oxigraph", "sparql-oxigraph", "virtuoso", "rdflib"]


def peak_mib(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def data_file(size: int) -> Path:
    path = HERE / "generated" / f"{size}.nq"
    if not path.exists():
        subprocess.run(
            [sys.executable, str(HERE / "generate.py"), "--triples", str(size), "--out", str(path)],
            check=True,
        )
    return path


# -- phases, each in its own process ------------------------------------------------------------


def phase_load(backend: str, size: int, quick: bool) -> dict[str, Any]:
    """Load (and for in-memory backends, also query: their data dies with the process)."""
    path, started = data_file(size), time.perf_counter()
    result: dict[str, Any] = {}
    if backend == "memory":
        store: Any = OxigraphStore.in_memory()
        result["quads"] = store.load_graphs([RdfFile(path)]).quads
    elif backend == "rdflib":
        store = RdflibStore()
        result["quads"] = store.load(str(path))
    elif backend == "oxigraph":
        disk = OxigraphStore.on_disk(WORK / f"oxigraph-{size}")
        result["quads"] = disk.load_graphs([RdfFile(path)]).quads
        index = WORK / f"oxigraph-{size}" / text_index.FILE_NAME
        result["text_index_mib"] = index.stat().st_size / 2**20
    elif backend == "sparql-oxigraph":
        binary = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or "oxigraph"
        where = str(WORK / f"server-{size}")
        subprocess.run([binary, "load", "--location", where, "--file", str(path)], check=True)
        result["load_rss_mib"] = peak_mib(resource.RUSAGE_CHILDREN)
    elif backend == "virtuoso":
        result["load_rss_mib"] = load_virtuoso(WORK / f"virtuoso-{size}", path)
    result["load_s"] = time.perf_counter() - started
    result.setdefault("load_rss_mib", peak_mib())
    if backend in ("memory", "rdflib"):
        budget = 30 if backend == "rdflib" else BUDGET  # rdflib takes minutes per entity page
        result["queries"] = run_workload(store, size, quick, budget)
        result["query_rss_mib"] = peak_mib()
    return result


def phase_query(backend: str, size: int, quick: bool, url: str | None) -> dict[str, Any]:
    if backend == "oxigraph":
        store: Any = open_store(f"oxigraph:{WORK / f'oxigraph-{size}'}", read_only=True)
    else:
        assert url
        union = "oxigraph" if backend == "sparql-oxigraph" else "native"
        store = SparqlStore(url, union=union, timeout=600)
    result: dict[str, Any] = {"queries": run_workload(store, size, quick, BUDGET)}
    result["quads" if backend == "oxigraph" else "client_quads"] = len(store)
    result["query_rss_mib"] = peak_mib()
    return result


def child(args: list[str]) -> dict[str, Any]:
    command = [sys.executable, __file__, "--child", *args]
    out = subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True).stdout
    return dict(json.loads(out.strip().splitlines()[-1]))


def measure(backend: str, size: int, quick: bool) -> dict[str, Any]:
    flag = ["--quick"] if quick else []
    shutil.rmtree(WORK / f"{backend}-{size}", ignore_errors=True)
    for stale in WORK.glob(f"*-{size}*"):
        shutil.rmtree(stale, ignore_errors=True)
    result = {"backend": backend, "size": size, **child(["load", backend, str(size), *flag])}
    if backend in ("memory", "rdflib"):
        return result
    if backend == "oxigraph":
        return {**result, **child(["query", backend, str(size), *flag])}
    server: Server = (
        oxigraph_server(WORK / f"server-{size}")
        if backend == "sparql-oxigraph"
        else virtuoso_server(WORK / f"virtuoso-{size}")
    )
    with server:
        queried = child(["query", backend, str(size), "--url", server.url, *flag])
        result.update(queried, server_rss_mib=server.peak_mib())
    result["query_rss_mib"] = max(result["query_rss_mib"], result["server_rss_mib"])
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", nargs="*", type=int, default=[100_000, 1_000_000])
    parser.add_argument("--backends", nargs="*", choices=BACKENDS, default=BACKENDS)
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument("--report", action="store_true", help="tables and plot from results")
    parser.add_argument("--results", type=Path, default=RESULTS, help="results file (JSON lines)")
    parser.add_argument(
        "--since", default="", metavar="'YYYY-MM-DD HH:MM'", help="report only runs from then on"
    )
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        phase, backend, size = args.child
        run = phase_load(backend, int(size), args.quick) if phase == "load" else None
        run = run or phase_query(backend, int(size), args.quick, args.url)
        print(json.dumps(run))
        return 0
    if args.report:
        from scale_report import report

        report(args.results, args.since)
        return 0
    WORK.mkdir(parents=True, exist_ok=True)
    args.results.parent.mkdir(exist_ok=True)
    for size in args.sizes:
        for backend in args.backends:
            print(f"{backend} at {size} ...", file=sys.stderr, flush=True)
            result = measure(backend, size, args.quick)
            result["when"] = time.strftime("%Y-%m-%d %H:%M")
            with args.results.open("a", encoding="utf-8") as out:
                out.write(json.dumps(result) + "\n")
            print(json.dumps(result), flush=True)
            for leftover in WORK.glob(f"*-{size}*"):
                shutil.rmtree(leftover, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
