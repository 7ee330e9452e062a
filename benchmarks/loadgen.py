"""A small HTTP load generator for bench_endpoint.py: N client processes, each sending GET
requests back to back on a raw socket (new connection per request, or keep-alive), recording
every latency. Raw sockets keep the clients' own CPU cost low: they share the machine with the
servers they measure.

A path may hold the marker ``VARIANT``: each request then replaces it with a token no other
request of the run has (client, request number and a salt), so that no cache of any kind can
answer it (``point-distinct`` in bench_endpoint.py)."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import socket
import subprocess
import time
from typing import Any


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _request(path: str, port: int, keep_alive: bool) -> bytes:
    connection = "keep-alive" if keep_alive else "close"
    return (
        f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        f"Accept: application/sparql-results+json\r\nConnection: {connection}\r\n\r\n"
    ).encode()


def _read_response(sock: socket.socket, buffer: bytes) -> tuple[int, bool, bytes]:
    """(status, server closes, leftover bytes) of one response."""
    while b"\r\n\r\n" not in buffer:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("closed before the headers")
        buffer += chunk
    head, _, buffer = buffer.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    status = int(lines[0].split(b" ", 2)[1])
    headers = {
        k.strip().lower(): v.strip() for k, _, v in (line.partition(b":") for line in lines[1:])
    }
    closes = headers.get(b"connection", b"").lower() == b"close"
    if b"content-length" in headers:
        size = int(headers[b"content-length"])
        while len(buffer) < size:
            chunk = sock.recv(65536)
            if not chunk:
                break
            buffer += chunk
        return status, closes, buffer[size:]
    if b"chunked" in headers.get(b"transfer-encoding", b"").lower():
        while True:
            while b"\r\n" not in buffer:
                buffer += sock.recv(65536)
            line, _, buffer = buffer.partition(b"\r\n")
            size = int(line.split(b";")[0], 16)
            while len(buffer) < size + 2:
                buffer += sock.recv(65536)
            buffer = buffer[size + 2 :]
            if size == 0:
                return status, closes, buffer
    while sock.recv(65536):  # no length: the body ends with the connection
        pass
    return status, True, b""


def single(port: int, path: str) -> int:
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(_request(path, port, keep_alive=False))
        return _read_response(sock, b"")[0]


VARIANT = b"VARIANT"


def _client(port: int, requests: list[bytes], seconds: float, out: Any, tag: str = "") -> None:
    latencies, errors, index = [], 0, 0
    sock: socket.socket | None = None
    buffer = b""
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        if sock is None:
            sock = socket.create_connection(("127.0.0.1", port), timeout=120)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            buffer = b""
        request = requests[index % len(requests)]
        index += 1
        if VARIANT in request:
            request = request.replace(VARIANT, f"{tag}n{index}".encode())
        started = time.perf_counter()
        try:
            sock.sendall(request)
            status, closes, buffer = _read_response(sock, buffer)
        except (ConnectionError, OSError):
            errors += 1
            sock.close()
            sock = None
            continue
        latencies.append(time.perf_counter() - started)
        errors += status != 200
        if closes or request.endswith(b"close\r\n\r\n"):
            sock.close()
            sock = None
    out.put((latencies, errors))


def run(
    port: int,
    paths: list[str],
    *,
    clients: int,
    seconds: float,
    keep_alive: bool,
    salt: str = "",
) -> dict[str, Any]:
    """Requests per second, p50 and p99 in ms, errors, over ``clients`` processes; ``salt``
    makes the VARIANT tokens of this run differ from those of other runs."""
    requests = [_request(p, port, keep_alive) for p in paths]
    queue: Any = multiprocessing.Queue()
    workers = [
        multiprocessing.Process(
            target=_client,
            args=(port, requests[k::clients] or requests, seconds, queue, f"{salt}c{k}"),
        )
        for k in range(clients)
    ]
    for worker in workers:
        worker.start()
    results = [queue.get() for _ in workers]
    for worker in workers:
        worker.join()
    latencies = sorted(x for r in results for x in r[0])
    count = len(latencies)
    if not count:
        return {
            "rps": 0.0,
            "p50_ms": None,
            "p99_ms": None,
            "requests": 0,
            "errors": sum(r[1] for r in results),
        }
    return {
        "rps": round(count / seconds, 1),
        "p50_ms": round(latencies[count // 2] * 1000, 2),
        "p99_ms": round(latencies[min(count - 1, int(count * 0.99))] * 1000, 2),
        "requests": count,
        "errors": sum(r[1] for r in results),
    }


def measured(
    port: int,
    paths: list[str],
    group: int,
    *,
    clients: int,
    seconds: float,
    keep_alive: bool,
    salt: str = "",
) -> dict[str, Any]:
    """One cell of a benchmark: ``run``, with the connection mode, the load average around it and
    the server's CPU per request (its whole process ``group``)."""
    load_before = os.getloadavg()[0]
    cpu_before = group_cpu_seconds(group)
    result = run(port, paths, clients=clients, seconds=seconds, keep_alive=keep_alive, salt=salt)
    cpu = group_cpu_seconds(group) - cpu_before
    return {
        "connections": "keep-alive" if keep_alive else "new per request",
        "load_before": load_before, "load_after": os.getloadavg()[0],
        "at": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "server_cpu_ms_per_request": round(1000 * cpu / max(1, result["requests"]), 3),
        **result,
    }  # fmt: skip


def group_cpu_seconds(group: int) -> float:
    """CPU time (user + system) of every live process in a process group and of the children
    they waited for (Linux /proc): a query process that ends during a cell leaves its time in
    its zygote's account, and does not take it out of the sum."""
    total = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group:  # pgrp
            total += sum(int(f) for f in fields[11:15])  # utime, stime, cutime, cstime
    return total / os.sysconf("SC_CLK_TCK")


def stop_group(process: subprocess.Popen[bytes]) -> None:
    """Stop a server started with start_new_session=True, and all it started."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=20)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=5)
