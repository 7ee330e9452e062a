"""What the result cache and ETags buy: the project's server with its result cache, the same
server with the cache off (``RESULT_CACHE_BYTES=0``: every request runs its query), and Oxigraph
server, side by side in one run on the curated graph (run on demand, never by the tests).

    .venv/bin/python benchmarks/bench_caching.py --seconds 5 --rounds 2
    .venv/bin/python benchmarks/bench_caching.py --report

Workloads (8 client processes, keep-alive and a new connection per request):
- **repeated**: one point lookup (``SELECT ?p ?o { <org> ?p ?o }``), asked again and again;
- **revalidated**: the same, each request sending the answer's ETag (``If-None-Match``): 304s,
  no body and no query (not sent to Oxigraph server, which has no ETags).
Distinct lookups that miss every time are ``bench_endpoint.py``'s, with the cache off.
Server and data set-up are ``bench_endpoint.py``'s; results go to ``results/caching.jsonl``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import urllib.parse
from pathlib import Path
from typing import Any

import bench_endpoint as bench
import loadgen

RESULTS = bench.HERE / "results" / "caching.jsonl"
#: name: (server_command's name, extra environment)
SERVERS = {
    "ours": ("ours", {}),
    "ours-no-cache": ("ours", {"ADVOCACY_KG_RESULT_CACHE_BYTES": "0"}),
    "oxigraph": ("oxigraph", {}),
}


def etag_of(port: int, path: str) -> str:
    """The ETag of one answer (loadgen reads no headers back)."""
    with loadgen.socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(loadgen._request(path, port, keep_alive=False))
        head = b""
        while b"\r\n\r\n" not in head:
            head += sock.recv(65536)
    found = re.search(rb"(?im)^etag:\s*(.+?)\s*$", head)
    assert found, "no ETag in the answer"
    return found.group(1).decode()


def revalidating(header: str) -> tuple[Any, Any]:
    """loadgen's request builder adding ``header``, and its reader taking a 304 (no body, no
    length) as the success and a 200 as a failure."""
    build, read = loadgen._request, loadgen._read_response

    def request(path: str, port: int, keep_alive: bool) -> bytes:
        # after the request line: loadgen closes the connection when a request ends with close
        return build(path, port, keep_alive).replace(b"\r\n", f"\r\n{header}\r\n".encode(), 1)

    def response(sock: Any, buffer: bytes) -> tuple[int, bool, bytes]:
        while b"\r\n\r\n" not in buffer:
            chunk = sock.recv(65536)
            if not chunk:
                raise ConnectionError("closed before the headers")
            buffer += chunk
        if buffer.startswith(b"HTTP/1.1 304 "):
            return 200, False, buffer.partition(b"\r\n\r\n")[2]
        status, closes, rest = read(sock, buffer)
        return (599 if status == 200 else status), closes, rest

    return request, response


def measure(args: argparse.Namespace, name: str, data: Path, round_: int) -> list[dict[str, Any]]:
    kind, env = SERVERS[name]
    port = loadgen.free_port()
    command, path, extra = bench.server_command(kind, data, port, args.workers)
    log = tempfile.TemporaryFile()  # noqa: SIM115 (the server writes to it until stopped)
    process = subprocess.Popen(
        command, env={**os.environ, **extra, **env}, stdout=log, stderr=log, start_new_session=True
    )
    rows = []
    try:
        bench.wait_answering(port, path, process, 900)
        query = bench.point_queries(data, 1)[0]
        paths = [f"{path}?query={urllib.parse.quote(query)}"]
        workloads = ["repeated"] + (["revalidated"] if name == "ours" else [])
        for workload in workloads:
            plain = loadgen._request, loadgen._read_response
            if workload == "revalidated":
                header = f"If-None-Match: {etag_of(port, paths[0])}"
                loadgen._request, loadgen._read_response = revalidating(header)
            try:
                loadgen.run(port, paths, clients=args.clients, seconds=1, keep_alive=True)  # warm
                for keep_alive in (False, True):
                    cell = loadgen.measured(
                        port, paths, process.pid, clients=args.clients, seconds=args.seconds,
                        keep_alive=keep_alive,
                    )  # fmt: skip
                    row = {
                        "server": name, "workload": workload, "clients": args.clients,
                        "seconds": args.seconds, "round": round_, **cell,
                    }  # fmt: skip
                    print(json.dumps(row), flush=True)
                    rows.append(row)
            finally:
                loadgen._request, loadgen._read_response = plain
    finally:
        loadgen.stop_group(process)
    return rows


def report(path: Path = RESULTS) -> str:
    """Markdown: the median over the rounds of the latest run, with ratios to Oxigraph server
    (its repeated lookups) and to our server with the cache off."""
    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for row in (json.loads(line) for line in path.read_text().splitlines() if line.strip()):
        key = (row["workload"], row["connections"], row["server"])
        if row["round"] == 1:
            groups[key] = []  # a new run: keep only its rounds
        groups.setdefault(key, []).append(row)

    def median(key: tuple[str, str, str], field: str) -> float:
        values = [float(r[field]) for r in groups.get(key, []) if r[field] is not None]
        return statistics.median(values) if values else float("nan")

    out = [
        "| workload | connections | server | req/s | p50 ms | p99 ms | server CPU ms/req | "
        "errors | rounds | load | × Oxigraph | × cache off |",
        "| --- " * 3 + "| ---: " * 9 + "|",
    ]
    for key in sorted(groups):
        workload, connections, server = key
        rps = median(key, "rps")
        ratios = []
        for peer in ("oxigraph", "ours-no-cache"):
            theirs = median(("repeated", connections, peer), "rps")
            ratios.append(f"{rps / theirs:.2f}" if theirs == theirs and theirs else "–")
        errors = sum(int(r["errors"]) for r in groups[key])
        out.append(
            f"| {workload} | {connections} | {server} | {rps:.0f} | {median(key, 'p50_ms'):.2f} | "
            f"{median(key, 'p99_ms'):.2f} | {median(key, 'server_cpu_ms_per_request'):.3f} | "
            f"{errors} | {len(groups[key])} | {median(key, 'load_before'):.1f} | "
            f"{ratios[0]} | {ratios[1]} |"
        )
    return "\n".join(out)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--servers", nargs="+", default=list(SERVERS), choices=SERVERS)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=2, help="servers measured in turn, N times")
    parser.add_argument("--report", action="store_true", help="print the table of the results")
    parser.add_argument("--results", type=Path, default=RESULTS)
    args = parser.parse_args()
    if not args.report:
        args.results.parent.mkdir(exist_ok=True)
        data = bench.data_file("curated")
        for round_ in range(1, args.rounds + 1):  # servers in turn: each meets the same drift
            for name in args.servers:
                rows = measure(args, name, data, round_)
                with args.results.open("a", encoding="utf-8") as results:
                    results.writelines(json.dumps(row) + "\n" for row in rows)
    print(report(args.results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
