"""Running ``advocacy-kg serve`` for tests: on 127.0.0.1 and a free port, always stopped.

Used by the fixtures of ``conftest.py`` (``live_server``, ``start_server``); import
``LiveServer`` and ``running_server`` from here when a test needs them by name.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass

#: Seconds a server may take to load the graph and answer its first query.
STARTUP_SECONDS = 90


@dataclass(frozen=True)
class LiveServer:
    url: str
    process: subprocess.Popen[bytes]

    @property
    def sparql(self) -> str:
        return self.url + "/sparql"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def running_server(*options: str, env: dict[str, str] | None = None) -> Iterator[LiveServer]:
    """``advocacy-kg serve OPTIONS`` on a free loopback port until the block ends."""
    port = free_port()
    command = [sys.executable, "-m", "advocacy_kg.cli", "serve", "--port", str(port), *options]
    process = subprocess.Popen(
        command,
        env={**os.environ, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: workers and query processes included
    )
    server = LiveServer(f"http://127.0.0.1:{port}", process)
    try:
        _wait_until_answering(server)
        yield server
    finally:
        _stop(process)


def _wait_until_answering(server: LiveServer) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    probe = server.sparql + "?query=ASK%7B%7D"
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"advocacy-kg serve exited with {server.process.returncode}")
        try:
            with urllib.request.urlopen(probe, timeout=5):  # noqa: S310 (loopback)
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    raise RuntimeError(f"{server.url} did not answer within {STARTUP_SECONDS} s")


def _stop(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=15)
    with contextlib.suppress(ProcessLookupError):  # whatever is left of the group
        os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=5)
