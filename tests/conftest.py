"""Shared fixtures: the app and its test client, and the real server on a loopback port.

- ``app``: ``create_app`` over the curated graph (module scope; its query processes are
  stopped afterwards). A module may define its own ``app`` to use another store.
- ``client``: Flask's test client for ``app``.
- ``live_server``: ``advocacy-kg serve`` (the production server, worker processes, query
  processes) on 127.0.0.1 and a free port, once per test module; yields a ``LiveServer`` with
  ``url`` (the root, no trailing slash) and ``sparql`` (the endpoint URL). Always stopped.
- ``start_server``: a context manager to run one with other options or settings, for example
  ``with start_server("--timeout", "2", env={"ADVOCACY_KG_SPARQL_MAX_ROWS": "5"}) as server:``.

The server helpers live in ``server_support.py``.

In CI (``CI=true``) the run stops at once if ``../shared`` is absent: the source-quote tests
would otherwise skip and the run would pass without checking a single quote; and a source-quote
test that skips for another reason fails (``ci_skips.py``).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from ci_skips import pytest_runtest_makereport  # noqa: F401 (a hook: registered by name)
from flask import Flask
from flask.testing import FlaskClient
from server_support import LiveServer, running_server

from advocacy_kg import config
from advocacy_kg.web import SPARQL_KEY, create_app


def pytest_sessionstart(session: pytest.Session) -> None:
    shared = config.PROJECT_ROOT.parent / "shared"
    if os.environ.get("CI") == "true" and not shared.is_dir():
        pytest.exit(f"{shared} is absent: CI checks every quote against it", returncode=2)


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
