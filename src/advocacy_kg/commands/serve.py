"""``advocacy-kg serve``: the SPARQL endpoint and the linked-data browser over HTTP."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .. import loading
from ..store import StoreSpec, StoreSpecError, open_store, store_spec
from .store_option import add_store_option

DESCRIPTION = """\
Serve the graph over HTTP: the SPARQL 1.1 endpoint at /sparql (a query page in a browser), the
linked-data browser at /, the downloads at /download.

By default the curated graph is loaded into memory and served at http://127.0.0.1:5000/ by a
production server (Granian) with worker processes; queries run in query processes that are
killed at the time limit. Only this machine can connect unless --host says otherwise."""

EPILOG = """\
limits (each also settable as ADVOCACY_KG_SPARQL_TIMEOUT, _SPARQL_MAX_ROWS, _SPARQL_MEMORY_MB,
  _SPARQL_MAX_QUERY_LENGTH, _SPARQL_MAX_NESTING, _MAX_CONTENT_LENGTH, _CORS_ORIGINS):
  a query runs at most --timeout seconds (503), adds at most --memory-mb (500), answers at most
  --max-rows rows (header X-SPARQL-MaxRows when cut); request bodies over 1 MiB get 413,
  bodies slower than --body-seconds 408; all query processes share _SPARQL_TOTAL_MEMORY_MB.
exit codes: 0 stopped normally, 2 bad option or unreadable store/data.
examples:
  advocacy-kg serve
  advocacy-kg serve --store oxigraph:/srv/advocacy-kg --host 0.0.0.0 --port 8080 --workers 4
  advocacy-kg serve --data my-graph.trig --cors-origin https://example.org"""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="serve the SPARQL endpoint and the browser over HTTP",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--host", default="127.0.0.1", help="address to bind (default: %(default)s)"
    )
    parser.add_argument("--port", type=int, default=5000, help="port (default: %(default)s)")
    add_store_option(parser)
    parser.add_argument(
        "--data", type=Path, action="append", help="serve these RDF files (in memory) instead"
    )
    parser.add_argument(
        "--server",
        choices=["granian", "gunicorn"],
        default="granian",
        help="production HTTP server (default: granian, measured faster)",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=max(2, os.cpu_count() or 2),
        help="web worker processes (default: the number of CPUs, at least 2)",
    )
    parser.add_argument(
        "--threads", type=int, default=8, help="pages in flight per worker (default: 8)"
    )
    parser.add_argument(
        "--query-threads", type=int, default=32, help="queries in flight per worker (default: 32)"
    )
    parser.add_argument(
        "--body-seconds",
        type=float,
        default=10.0,
        help="time a request body may take to arrive, then 408 (default: 10)",
    )
    parser.add_argument("--timeout", type=float, help="seconds a query may run (default 30)")
    parser.add_argument("--max-rows", type=int, help="rows in one answer (default 100000)")
    parser.add_argument("--memory-mb", type=int, help="memory one query may add (default 1024)")
    parser.add_argument(
        "--cors-origin", action="append", default=[], help="allow this origin (repeatable, or *)"
    )
    parser.add_argument(
        "--public-url",
        help="the server's public root URL, as written in the service description "
        "(default: the address it binds; never the client's Host header)",
    )
    parser.add_argument("--debug", action="store_true", help="Flask's development server instead")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..web import SPARQL_KEY, create_app
    from ..web.server import Options
    from ..web.server import run as run_server

    settings: dict[str, object] = {}
    for key, value in (
        ("SPARQL_TIMEOUT", args.timeout),
        ("SPARQL_MAX_ROWS", args.max_rows),
        ("SPARQL_MEMORY_MB", args.memory_mb),
        ("CORS_ORIGINS", args.cors_origin or None),
        ("PUBLIC_URL", args.public_url),
    ):
        if value is not None:
            settings[key] = value
    try:
        store = None
        if args.data:
            store = open_store(StoreSpec("empty"))
            store.load_files([loading.RdfFile(path) for path in args.data])
        else:
            settings["STORE"] = store_spec(args.store)  # parsed here, passed on as a value
        app = create_app(settings, store=store)
    except (StoreSpecError, loading.InputError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    url = f"http://{args.host}:{args.port}/"
    if args.debug:
        print(f"Serving {url} with Flask's development server (--debug)", flush=True)
        app.run(host=args.host, port=args.port, debug=True, use_reloader=False, threaded=True)
        return 0
    app.extensions[SPARQL_KEY].start()  # the query-process zygote, before workers fork
    print(f"Serving {url} with {args.server}, {args.workers} workers", flush=True)
    options = Options(
        args.host,
        args.port,
        args.server,
        args.workers,
        args.threads,
        args.query_threads,
        args.body_seconds,
        float(app.config["SPARQL_TIMEOUT"]),
    )
    try:
        run_server(app, options)
    finally:
        app.extensions[SPARQL_KEY].close()
    return 0
