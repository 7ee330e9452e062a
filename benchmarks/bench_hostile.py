"""Normal requests under attack (issue 12): p99 of entity pages and quick queries while slow-body
clients and slow queries run against ``advocacy-kg serve`` (defaults) on a loopback port.

Two phases in one run, same server: normal traffic alone (the peer), then the same traffic while
``--slow-bodies`` clients each send a POST body one byte a second (reconnecting when the server
drops them) and ``--slow-queries`` clients each send a query that runs until the time limit, again
and again. Bounded: each phase lasts ``--seconds``; the server and every client are stopped at the
end. Also counts tracebacks in the server's log (there must be none).

    .venv/bin/python benchmarks/bench_hostile.py --seconds 30 --slow-bodies 64 --slow-queries 20
"""

from __future__ import annotations

import argparse
import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
import loadgen  # noqa: E402

SLOW_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
#: Entity pages (HTML and Turtle, named in the URL: loadgen's clients accept SPARQL JSON) and
#: quick queries.
NORMAL = [
    "/id/organisation/open-rights-group?format=html",
    "/sparql?query=" + urllib.parse.quote("ASK { ?s ?p ?o }"),
    "/id/organisation/edri.ttl",
    "/sparql?query=" + urllib.parse.quote("SELECT ?s WHERE { ?s a ?t } LIMIT 5"),
]


def slow_body_client(port: int, stop: threading.Event) -> None:
    """Announce a 100-byte query, send it a byte a second; start again when dropped."""
    while not stop.is_set():
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port)) as sock:
            sock.sendall(
                b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                b"Content-Type: application/sparql-query\r\nContent-Length: 100\r\n\r\n"
            )
            while not stop.wait(1.0):
                sock.sendall(b"A")


def slow_query_client(port: int, stop: threading.Event) -> None:
    body = SLOW_QUERY.encode()
    request = (
        f"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        f"Content-Type: application/sparql-query\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode() + body
    while not stop.is_set():
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port)) as sock:
            sock.settimeout(1.0)
            sock.sendall(request)
            while not stop.is_set():  # until answered (503 at the time limit) or stopped
                with contextlib.suppress(TimeoutError):
                    if not sock.recv(65536):
                        break


def measure(args: argparse.Namespace, log: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """p50/p99 of normal traffic alone, then under attack, against one server."""
    port = loadgen.free_port()
    command = [sys.executable, "-m", "advocacy_kg.cli", "serve", "--port", str(port)]
    server = subprocess.Popen(command, stdout=log, stderr=log, start_new_session=True)
    try:
        deadline = time.monotonic() + 90
        while True:
            with contextlib.suppress(OSError):
                if loadgen.single(port, NORMAL[1]) == 200:
                    break
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit("the server did not start")
            time.sleep(0.2)
        loadgen.run(port, NORMAL, clients=args.clients, seconds=2, keep_alive=True)  # warm up
        alone = loadgen.run(
            port, NORMAL, clients=args.clients, seconds=args.seconds, keep_alive=True
        )
        stop = threading.Event()
        attackers = [
            threading.Thread(target=slow_body_client, args=(port, stop), daemon=True)
            for _ in range(args.slow_bodies)
        ] + [
            threading.Thread(target=slow_query_client, args=(port, stop), daemon=True)
            for _ in range(args.slow_queries)
        ]
        for attacker in attackers:
            attacker.start()
        time.sleep(1.0)  # the attack under way before measuring
        attacked = loadgen.run(
            port, NORMAL, clients=args.clients, seconds=args.seconds, keep_alive=True
        )
        stop.set()
    finally:
        loadgen.stop_group(server)
    return alone, attacked


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--slow-bodies", type=int, default=64)
    parser.add_argument("--slow-queries", type=int, default=20)
    parser.add_argument("--clients", type=int, default=4, help="normal-traffic clients")
    args = parser.parse_args()
    with tempfile.TemporaryFile() as log:
        alone, attacked = measure(args, log)
        log.seek(0)
        logged = log.read()
    tracebacks = logged.count(b"Traceback")
    if tracebacks:  # the last lines of the first one
        first = logged[logged.index(b"Traceback") :].split(b"\n\n")[0]
        print(b"\n".join(first.splitlines()[:40]).decode(errors="replace"))
    load = os.getloadavg()
    print(f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; {args.clients} clients")
    print("phase | requests | errors | p50 ms | p99 ms")
    for name, result in (("alone (peer)", alone), ("under attack", attacked)):
        print(
            f"{name} | {result['requests']} | {result['errors']} | "
            f"{result['p50_ms']} | {result['p99_ms']}"
        )
    if alone["p99_ms"] and attacked["p99_ms"]:
        print(f"p99 under attack / alone: {attacked['p99_ms'] / alone['p99_ms']:.2f}x")
    print(f"tracebacks in the server log: {tracebacks}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
