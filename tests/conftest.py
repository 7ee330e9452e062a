"""Shared fixtures: the app and its test client, and the real server on a loopback port.

- ``app``: ``create_app`` over the curated graph (module scope; its query processes are
  stopped afterwards). A module may define its own ``app`` to use another store.
- ``client``: Flask's test client for ``app``.
- ``live_server``: ``advocacy-kg serve`` (the production server, worker processes, query
  processes) on 127.0.0.1 and a free port, once per test module; yields a ``LiveServer`` with
  ``url`` (the root, no trailing slash) and ``sparql`` (the endpoint URL). Always stopped.
- ``start_server``: a context manager to run one with other options or settings, for example
  ``with start_server("--timeout", "2", env={"ADVOCACY_KG_SPARQL_MAX_ROWS": "5"}) as server:``.
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
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from advocacy_kg.web import SPARQL_KEY, create_app

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
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        pass
    with contextlib.suppress(ProcessLookupError):  # whatever is left of the group
        os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=5)


@pytest.fixture(scope="module")
def app() -> Iterator[Flask]:
    application = create_app({"TESTING": True})
    yield application
    application.extensions[SPARQL_KEY].close()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture(scope="module")
def live_server() -> Iterator[LiveServer]:
    with running_server() as server:
        yield server


@pytest.fixture
def start_server() -> Callable[..., Any]:
    return running_server
