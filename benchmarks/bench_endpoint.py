"""Endpoint throughput and latency: the project's server against Oxigraph server and
rdflib-endpoint on the same data, side by side in one run (run on demand, never by the tests).

    .venv/bin/python benchmarks/bench_endpoint.py --sizes curated 100000 1000000
    .venv/bin/python benchmarks/bench_endpoint.py --report      # the table of the last results

For each data size and server, workloads (``--workloads``): ``point-distinct``, point lookups
(``SELECT ?p ?o { <s> ?p ?o }``) over 1,000 distinct subjects in turn, each request's text
made unique (its variables renamed), so that no cache, ours or the peers', can answer one;
``point-repeated``, the same lookup every time (what a cache may answer); ``point``, the older
workload (200 organisations in turn, texts repeating); ``aggregate``, an aggregate join
(signatures by organisation type); ``group-by``, a whole-graph GROUP BY (triples per predicate
of the default graph). The two aggregates' texts are new on every request, as point-distinct's.
Each is driven by 8 client processes for ``--seconds``, in two connection modes: a new
connection per request (what SPARQLWrapper and rdflib's SPARQLStore do) and keep-alive (what a
browser does). Each result line (throughput, p50, p99, errors, load
average before and after) goes to ``benchmarks/results/endpoint.jsonl``. The clients run on
the same machine as the servers.

Servers: ``ours`` (``advocacy-kg serve --data FILE``: in memory, Granian, query processes),
``ours-disk`` (``--store oxigraph:DIR``, the same RocksDB files Oxigraph server reads),
``ours-gunicorn`` (gunicorn workers instead of Granian), ``ours-inline`` and
``ours-disk-inline`` (queries in the web worker: no time limit, shown only to price the query
processes), ``oxigraph``
(``oxigraph serve-read-only`` on the store ``ours-disk`` reads, whose default graph holds the
merge of the named graphs, as the project's loader writes it) and ``rdflib-endpoint`` (its
ASGI app on Granian, rdflib's memory Dataset; skipped above 1M triples, where it needs more
memory than the machine has), and ``floor`` (Granian's RSGI interface answering a fixed body
from Python: ``floor_app.py``; what no Python server on Granian can go below), and
``floor-query`` (the same, the query run in the worker by pyoxigraph and written by its own JSON
writer, no checks and no query process: ``floor_query_app.py``; the ceiling of any Python
server with pyoxigraph on Granian), and ``floor-process`` (the same with the query run in the
project's query processes and written by its JSON writer, still no decision, check or cache:
``floor_process_app.py``).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path
from typing import Any

import loadgen
import pyoxigraph as ox

HERE = Path(__file__).resolve().parent
GENERATED = HERE / "generated"
RESULTS = HERE / "results" / "endpoint.jsonl"
PYTHON = sys.executable
OXIGRAPH = str(Path(PYTHON).with_name("oxigraph"))
AKG = "https://w3id.org/advocacy-kg/def/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
WORKLOADS = ("point-distinct", "point-repeated", "point", "aggregate", "group-by")
DEFAULT_WORKLOADS = ("point-distinct", "point-repeated", "aggregate")
#: rdflib's memory store needs about 1.9 GB per million triples: not run above 1M.
RDFLIB_SIZES = ("curated", "100000", "1000000")
SERVERS = (
    "ours",
    "ours-disk",
    "ours-gunicorn",
    "ours-inline",
    "ours-disk-inline",
    "oxigraph",
    "rdflib-endpoint",
    "floor",
    "floor-query",
    "floor-process",
)
#: Subjects the point-distinct workload visits in turn.
DISTINCT_SUBJECTS = 1000
#: Its ``?letter`` carries loadgen's VARIANT marker: every request's text is new, so a result
#: cache cannot answer it (the engine is what is measured).
_LETTER = "?letter" + loadgen.VARIANT.decode()
AGGREGATE = f"""PREFIX akg: <{AKG}>
SELECT ?type (COUNT(DISTINCT {_LETTER}) AS ?letters) (COUNT(*) AS ?signatures) WHERE {{
  {_LETTER} a akg:OpenLetter ; akg:signatory ?org . ?org akg:organisationType ?type
}} GROUP BY ?type ORDER BY DESC(?letters)"""
_PREDICATE = "?p" + loadgen.VARIANT.decode()
GROUP_BY = f"SELECT {_PREDICATE} (COUNT(*) AS ?n) {{ ?s {_PREDICATE} ?o }} GROUP BY {_PREDICATE}"


def data_file(size: str) -> Path:
    """The N-Quads file of a size: the curated graph dumped, or generated data."""
    GENERATED.mkdir(exist_ok=True)
    if size == "curated":
        from advocacy_kg.store.oxigraph import curated_store

        path = GENERATED / "endpoint-curated.nq"
        named = (q for q in curated_store().store if not isinstance(q.graph_name, ox.DefaultGraph))
        path.write_bytes(ox.serialize(named, format=ox.RdfFormat.N_QUADS) or b"")
        return path
    path = GENERATED / f"{size}.nq"
    if not path.exists():
        subprocess.run(
            [PYTHON, str(HERE / "generate.py"), "--triples", size, "--out", str(path)], check=True
        )
    return path


def disk_store(data: Path) -> Path:
    """The data on disk as the project's loader writes it (named graphs and, in the default
    graph, their merge), read by both ``ours-disk`` and Oxigraph server."""
    location = GENERATED / f"{data.stem}.endpoint-store"
    if not location.exists():
        load = [PYTHON, "-m", "advocacy_kg.cli", "load", "--no-curated", "--no-validate"]
        subprocess.run([*load, str(data), "--store", f"oxigraph:{location}"], check=True)
    return location


def point_queries(data: Path, count: int = 200) -> list[str]:
    store = ox.Store()
    store.bulk_load(path=str(data), format=ox.RdfFormat.N_QUADS)
    organisations = [
        r["o"].value
        for r in store.query(f"SELECT DISTINCT ?o {{ GRAPH ?g {{ ?o a <{AKG}Organisation> }} }}")  # type: ignore[union-attr]
    ]
    random.Random(7).shuffle(organisations)
    return [f"SELECT ?p ?o WHERE {{ <{iri}> ?p ?o }}" for iri in organisations[:count]]


def distinct_queries(data: Path, count: int = DISTINCT_SUBJECTS) -> list[str]:
    """Point lookups over ``count`` different subjects (IRIs of the default graph's merge),
    their variables named with loadgen's VARIANT marker: every request's text is new."""
    store = ox.Store()
    store.bulk_load(path=str(data), format=ox.RdfFormat.N_QUADS)
    found = store.query("SELECT DISTINCT ?s { GRAPH ?g { ?s ?p ?o } FILTER(isIRI(?s)) }")
    subjects = sorted(r["s"].value for r in found)  # type: ignore[union-attr]
    random.Random(7).shuffle(subjects)
    marker = loadgen.VARIANT.decode()
    return [
        f"SELECT ?p{marker} ?o{marker} WHERE {{ <{iri}> ?p{marker} ?o{marker} }}"
        for iri in subjects[:count]
    ]


def server_command(
    name: str, data: Path, port: int, workers: int
) -> tuple[list[str], str, dict[str, str]]:
    """(command, query path, extra environment)."""
    serve = [
        PYTHON,
        "-m",
        "advocacy_kg.cli",
        "serve",
        "--port",
        str(port),
        "--workers",
        str(workers),
    ]
    if name == "ours":
        return [*serve, "--data", str(data)], "/sparql", {}
    if name == "ours-disk":
        return [*serve, "--store", f"oxigraph:{disk_store(data)}"], "/sparql", {}
    if name == "ours-gunicorn":
        gunicorn = ["--server", "gunicorn", "--body-seconds", "0"]  # it has no body deadline
        return [*serve, "--data", str(data), *gunicorn], "/sparql", {}
    inline = {"ADVOCACY_KG_SPARQL_EXECUTION": "inline"}
    if name == "ours-inline":
        return [*serve, "--data", str(data)], "/sparql", inline
    if name == "ours-disk-inline":
        return [*serve, "--store", f"oxigraph:{disk_store(data)}"], "/sparql", inline
    if name == "floor":
        granian = [PYTHON, "-m", "granian", "--interface", "rsgi", "--workers", str(workers)]
        return [*granian, "--port", str(port), "floor_app:app"], "/", {"PYTHONPATH": str(HERE)}
    if name == "floor-query":
        granian = [PYTHON, "-m", "granian", "--interface", "rsgi", "--workers", str(workers)]
        command = [*granian, "--port", str(port), "floor_query_app:app"]
        return command, "/", {"BENCH_DATA": str(data), "PYTHONPATH": str(HERE)}
    if name == "floor-process":
        command = [PYTHON, str(HERE / "floor_process_app.py"), str(port), str(workers)]
        return command, "/", {"BENCH_DATA": str(data), "PYTHONPATH": str(HERE)}
    if name == "oxigraph":
        location = disk_store(data)
        command = [OXIGRAPH, "serve-read-only", "--location", str(location)]
        return [*command, "--bind", f"127.0.0.1:{port}"], "/query", {}
    assert name == "rdflib-endpoint"
    granian = [PYTHON, "-m", "granian", "--interface", "asgi", "--workers", str(workers)]
    command = [*granian, "--port", str(port), "--factory", "rdflib_endpoint_app:create"]
    return command, "/", {"BENCH_DATA": str(data), "PYTHONPATH": str(HERE)}


def wait_answering(port: int, path: str, process: subprocess.Popen[bytes], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    query = urllib.parse.quote("ASK {}")
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            loadgen.single(port, f"{path}?query={query}")
            return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError("server did not answer")


def measure(
    args: argparse.Namespace, size: str, name: str, data: Path, round_: int
) -> list[dict[str, object]]:
    port = loadgen.free_port()
    command, path, env = server_command(name, data, port, args.workers)
    log = tempfile.TemporaryFile()  # noqa: SIM115 (the server writes to it until stopped)
    process = subprocess.Popen(
        command, env={**os.environ, **env}, stdout=log, stderr=log, start_new_session=True
    )
    started = time.monotonic()
    rows = []
    try:
        wait_answering(port, path, process, 900)
        ready = time.monotonic() - started
        for workload in args.workloads:
            if name == "floor" and workload in ("aggregate", "group-by"):
                continue  # its fixed body answers no aggregate
            queries = workload_queries(workload, data)
            paths = [f"{path}?query={urllib.parse.quote(q)}" for q in queries]
            warm = {"clients": args.clients, "seconds": 1, "keep_alive": True, "salt": "w"}
            loadgen.run(port, paths, **warm)
            for keep_alive in (False, True):
                cell = loadgen.measured(
                    port, paths, process.pid, clients=args.clients, seconds=args.seconds,
                    keep_alive=keep_alive, salt=f"r{round_}k{int(keep_alive)}",
                )  # fmt: skip
                row = {
                    "size": size, "server": name, "workload": workload, "clients": args.clients,
                    "seconds": args.seconds, "workers": args.workers, "round": round_,
                    "startup_s": round(ready, 1), **cell,
                }  # fmt: skip
                print(json.dumps(row), flush=True)
                rows.append(row)
    finally:
        loadgen.stop_group(process)
    return rows


def workload_queries(workload: str, data: Path) -> list[str]:
    if workload == "point-distinct":
        return distinct_queries(data)
    if workload == "point-repeated":
        return point_queries(data, count=1)
    if workload == "group-by":
        return [GROUP_BY]
    return point_queries(data) if workload == "point" else [AGGREGATE]


def report(path: Path = RESULTS) -> str:
    """Markdown: per (size, workload, connections, server) the median over the rounds of the
    latest run, with throughput ratios to Oxigraph server and rdflib-endpoint."""
    rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    groups: dict[tuple[str, str, str, str], list[dict[str, Any]]] = {}
    for row in rows:
        key = (row["size"], row["workload"], row["connections"], row["server"])
        if row.get("round", 1) == 1:
            groups[key] = []  # a new run starts: keep only its rounds
        groups.setdefault(key, []).append(row)

    def median(key: tuple[str, str, str, str], field: str) -> float:
        values = [float(r[field]) for r in groups.get(key, []) if r[field] is not None]
        return statistics.median(values) if values else float("nan")

    head = (
        "| data | workload | connections | server | req/s | p50 ms | p99 ms | server CPU ms/req |"
    )
    out = [
        head + " errors | rounds | × Oxigraph | × rdflib-endpoint |",
        "| --- " * 4 + "| ---: " * 8 + "|",
    ]
    for key in sorted(groups):
        size, workload, connections, server = key
        rps = median(key, "rps")
        ratios = []
        for peer in ("oxigraph", "rdflib-endpoint"):
            theirs = median((size, workload, connections, peer), "rps")
            ratios.append(f"{rps / theirs:.2f}" if theirs == theirs and theirs else "–")
        errors = sum(int(r["errors"]) for r in groups[key])
        out.append(
            f"| {size} | {workload} | {connections} | {server} | {rps:.0f} | "
            f"{median(key, 'p50_ms'):.2f} | {median(key, 'p99_ms'):.2f} | "
            f"{median(key, 'server_cpu_ms_per_request'):.3f} | {errors} | {len(groups[key])} | "
            f"{ratios[0]} | {ratios[1]} |"
        )
    return "\n".join(out)


def check_cost(repeat: int = 200) -> str:
    """µs per query of the safety check (lexer) against parsing with rdflib, for the two
    workloads' queries: why the check is a lexer (see sparql/safety.py)."""
    from rdflib.plugins.sparql.parser import parseQuery

    from advocacy_kg.namespaces import PREFIXES
    from advocacy_kg.sparql.safety import check_query

    point = "SELECT ?p ?o WHERE { <https://w3id.org/advocacy-kg/id/organisation/x> ?p ?o }"
    lines = ["| query | safety check (lexer) µs | rdflib parseQuery µs |", "| --- | ---: | ---: |"]
    for name, query in (("point lookup", point), ("aggregate join", AGGREGATE)):
        timings = []
        for use_rdflib in (False, True):
            started = time.perf_counter()
            for _ in range(repeat):
                parseQuery(query) if use_rdflib else check_query(query, (), PREFIXES)
            timings.append((time.perf_counter() - started) / repeat * 1e6)
        lines.append(f"| {name} | {timings[0]:.0f} | {timings[1]:.0f} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", nargs="+", default=["curated", "100000"])
    parser.add_argument("--servers", nargs="+", default=list(SERVERS), choices=SERVERS)
    parser.add_argument(
        "--workloads",
        nargs="+",
        default=list(DEFAULT_WORKLOADS),
        choices=WORKLOADS,
        help="what to run",
    )
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3, help="servers measured in turn, N times")
    parser.add_argument("--report", action="store_true", help="print the table of the results file")
    parser.add_argument(
        "--results", type=Path, default=RESULTS, help="results file (default: %(default)s)"
    )
    parser.add_argument("--check-cost", action="store_true", help="time the safety check")
    args = parser.parse_args()
    if args.report:
        print(report(args.results))
        return 0
    if args.check_cost:
        print(check_cost())
        return 0
    args.results.parent.mkdir(exist_ok=True)
    for size in args.sizes:
        data = data_file(size)
        # Rounds interleave the servers: load from other work on the machine drifts, and each
        # server should meet the same drift. The report takes the median over rounds.
        for round_ in range(1, args.rounds + 1):
            for name in args.servers:
                if name == "rdflib-endpoint" and size not in RDFLIB_SIZES:
                    continue
                rows = measure(args, size, name, data, round_)
                with args.results.open("a", encoding="utf-8") as results:
                    results.writelines(json.dumps(row) + "\n" for row in rows)
    print(report(args.results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
