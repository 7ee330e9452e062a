"""Production HTTP servers for the app: Granian (default) or gunicorn, in worker processes.

The app is built once in the main process (store loaded, query-process zygote started), then the
server forks its workers, which share the loaded store copy-on-write. Granian serves the app
through ``gateway.py`` (RSGI), which reads request bodies before a thread is taken. Granian was
picked by measurement: on the benchmark machine it answered 1.3–2× as many point lookups per
second as gunicorn's workers (benchmarks/README.md, "Endpoint"). Flask's development server is
only for ``serve --debug``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Flask

from .gateway import Capacity, Gateway

SERVERS = ("granian", "gunicorn")

#: The app the workers serve: set by ``run`` before the server forks them.
_APP: Flask | None = None


@dataclass(frozen=True)
class Options:
    host: str = "127.0.0.1"
    port: int = 5000
    server: str = "granian"
    workers: int = 2
    threads: int = 8  # per worker: pages in flight at once (Granian; gunicorn: all requests)
    query_threads: int = 32  # per worker: queries in flight at once (Granian)
    body_seconds: float = 10.0  # a request body must arrive within this (Granian)
    query_timeout: float = 30.0


def refusal(server: str, body_seconds: float) -> str | None:
    """Why ``server`` cannot serve with this body deadline, or None. gunicorn's threads read request
    bodies themselves, with no deadline and no cap on chunked bodies: a few clients sending a
    byte a second hold every thread (issue 12). So it runs only when the body deadline is
    turned off on purpose (``--body-seconds 0``)."""
    if server == "gunicorn" and body_seconds > 0:
        return (
            "--server gunicorn cannot keep the body deadline (--body-seconds) or the cap on "
            "chunked bodies: its threads read bodies themselves, and slow clients can hold them "
            "all; serve with granian (the default), or pass --body-seconds 0 to run gunicorn "
            "without these protections"
        )
    return None


def run(app: Flask, options: Options) -> None:
    """Serve ``app`` until the process is stopped (SIGINT or SIGTERM)."""
    global _APP
    _APP = app
    if options.server == "gunicorn":
        _gunicorn(app, options)
    else:
        _granian(app, options)


def _granian(app: Flask, options: Options) -> None:
    from granian import Granian
    from granian.constants import Interfaces

    capacity = Capacity(
        page_threads=options.threads,
        query_threads=options.query_threads,
        body_seconds=options.body_seconds,
        max_body=int(app.config["MAX_CONTENT_LENGTH"]),
    )
    # reads bodies in the event loop, then a thread pool per kind (gateway.py says why)
    front: Any = Gateway(app, capacity)
    Granian(
        target=f"{__name__}:_APP",
        address=options.host,
        port=options.port,
        interface=Interfaces.RSGI,
        workers=options.workers,
        log_access=False,
        respawn_failed_workers=True,
        websockets=False,
    ).serve(target_loader=lambda _target="": front)


def _gunicorn(app: Flask, options: Options) -> None:
    from gunicorn.app.base import BaseApplication

    settings: dict[str, Any] = {
        "bind": f"{options.host}:{options.port}",
        "workers": options.workers,
        "worker_class": "gthread",
        "threads": options.threads,
        # the worker's heartbeat must outlive the slowest allowed query
        "timeout": int(options.query_timeout) + 30,
        "keepalive": 5,
        "accesslog": None,
    }

    class Application(BaseApplication):
        def load_config(self) -> None:
            for key, value in settings.items():
                self.cfg.set(key, value)

        def load(self) -> Flask:
            return app

    Application().run()
