"""Production HTTP servers for the app: Granian (default) or gunicorn, in worker processes.

The app is built once in the main process (store loaded, query-process zygote started), then the
server forks its workers, which share the loaded store copy-on-write. Granian was picked by
measurement: on the benchmark machine it answered 1.3–2× as many point lookups per second as
gunicorn's workers (benchmarks/README.md, "Endpoint"). Flask's development server is only for
``serve --debug``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Flask

SERVERS = ("granian", "gunicorn")

#: The app the workers serve: set by ``run`` before the server forks them.
_APP: Flask | None = None


@dataclass(frozen=True)
class Options:
    host: str = "127.0.0.1"
    port: int = 5000
    server: str = "granian"
    workers: int = 2
    threads: int = 8  # per worker: requests (and so queries) in flight at once
    query_timeout: float = 30.0


def run(app: Flask, options: Options) -> None:
    """Serve ``app`` until the process is stopped (SIGINT or SIGTERM)."""
    global _APP
    _APP = app
    if options.server == "gunicorn":
        _gunicorn(app, options)
    else:
        _granian(options)


def _loaded_app(_target: str = "") -> Flask:
    assert _APP is not None, "server.run() sets the app before the workers start"
    return _APP


def _granian(options: Options) -> None:
    from granian import Granian
    from granian.constants import Interfaces

    Granian(
        target=f"{__name__}:_APP",
        address=options.host,
        port=options.port,
        interface=Interfaces.WSGI,
        workers=options.workers,
        blocking_threads=options.threads,
        log_access=False,
        respawn_failed_workers=True,
        websockets=False,
    ).serve(target_loader=_loaded_app)


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
