"""The front of the production server: reads each request in Granian's event loop, then hands
it to the WSGI app in a thread pool of its kind (RSGI, Granian's native interface).

Why not Granian's WSGI interface: there the app's thread reads the body, and a client sending one
byte a second held that thread with no deadline; sixteen such clients stopped a server of 2 × 8
threads (issue 12). Here a body is read without a thread, within ``body_seconds`` and
``MAX_CONTENT_LENGTH`` (chunked or not: 408 or 413, then the connection is closed), so slow
clients cost a socket, not a thread. Then queries (``/sparql`` with a query) and everything else
(pages) get a thread pool each, so twenty slow queries cannot delay an entity page; when a
worker already has as many queries waiting as it has query threads, a further one is answered
503 with ``Retry-After`` at once instead of queueing without end. A query the endpoint has
decided (nearly all of them) takes no thread at all: ``native.py`` answers it from the event
loop, awaiting its query process's socket.
"""

from __future__ import annotations

import asyncio
import io
import sys
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from granian.rsgi import ProtocolClosed

from .errors import PLAIN, plain_text
from .native import NativeQueries

#: A response body up to this size is sent at once; a larger one (a download) is streamed.
FIRST_CHUNKS = 256 * 1024
BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


@dataclass(frozen=True)
class Capacity:
    page_threads: int = 8  # threads for pages, downloads, search, the query page
    query_threads: int = 32  # threads for queries: each mostly waits on its query process
    body_seconds: float = 10.0  # a request body must arrive within this
    max_body: int = 1024 * 1024  # bytes; larger bodies get 413 (the app's MAX_CONTENT_LENGTH)


class BodyTooLarge(Exception):
    pass


class Gateway:
    """An RSGI application around a WSGI application."""

    def __init__(self, wsgi: Callable[..., Iterable[bytes]], capacity: Capacity) -> None:
        self.wsgi = wsgi
        self.capacity = capacity
        self.native = NativeQueries.of(wsgi)
        self.pools: dict[str, ThreadPoolExecutor] = {}
        self.waiting = {"page": 0, "query": 0}  # admitted and not yet answered (event loop only)

    def __rsgi_init__(self, loop: asyncio.AbstractEventLoop) -> None:
        """In each worker, after the fork: threads do not survive a fork."""
        self.pools = {
            "page": ThreadPoolExecutor(self.capacity.page_threads, "page"),
            "query": ThreadPoolExecutor(self.capacity.query_threads, "query"),
        }

    def __rsgi_del__(self, loop: asyncio.AbstractEventLoop) -> None:
        for pool in self.pools.values():
            pool.shutdown(wait=False, cancel_futures=True)

    async def __rsgi__(self, scope: Any, proto: Any) -> None:
        if scope.proto != "http":
            return
        try:
            body = await self._body(scope, proto)
        except BodyTooLarge:
            message = f"the request body is larger than {self.capacity.max_body} bytes"
            return _plain(proto, 413, message, [("connection", "close")])
        except TimeoutError:
            seconds = self.capacity.body_seconds
            message = f"the request body did not arrive within {seconds:g} s"
            return _plain(proto, 408, message, [("connection", "close")])
        # Admitted once the body is in (no await from the check to the count): a slow body
        # holds no slot, and the count is exact.
        kind = "query" if is_query(scope) else "page"
        limit = self.capacity.query_threads if kind == "query" else 8 * self.capacity.page_threads
        if self.waiting[kind] >= limit:
            message = f"the server is busy: all {limit} {kind} slots of this worker are taken"
            return _plain(proto, 503, message, [("retry-after", "2")])
        loop = asyncio.get_running_loop()
        pool = self.pools.get(kind) or self._start_pools(loop)[kind]
        self.waiting[kind] += 1
        try:
            native = self.native if kind == "query" else None
            if native and await native.answer(scope, body, proto, lambda: environ_of(scope, body)):
                return None
            status, headers, first, rest = await loop.run_in_executor(
                pool, self._call, environ_of(scope, body)
            )
        finally:
            self.waiting[kind] -= 1
        if rest is None:
            proto.response_bytes(status, headers, b"".join(first))
            return None
        await _stream(loop, pool, proto, status, headers, first, rest)
        return None

    def _start_pools(self, loop: asyncio.AbstractEventLoop) -> dict[str, ThreadPoolExecutor]:
        self.__rsgi_init__(loop)
        return self.pools

    async def _body(self, scope: Any, proto: Any) -> bytes:
        if scope.method not in BODY_METHODS:
            return b""
        declared = scope.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > self.capacity.max_body:
            raise BodyTooLarge  # refused before a byte of it is read
        async with asyncio.timeout(self.capacity.body_seconds):
            return await self._read(proto)

    async def _read(self, proto: Any) -> bytes:
        chunks, size = [], 0
        async for chunk in proto:
            size += len(chunk)
            if size > self.capacity.max_body:
                raise BodyTooLarge
            chunks.append(chunk)
        return b"".join(chunks)

    def _call(
        self, environ: dict[str, Any]
    ) -> tuple[int, list[tuple[str, str]], list[bytes], Iterator[bytes] | None]:
        """Run the WSGI app (in a pool thread): status, headers, the body's first chunks, and
        the rest of it when it is larger than FIRST_CHUNKS (a download)."""
        started: list[Any] = []

        def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None):
            started[:] = [int(status.split(" ", 1)[0]), headers]

        result = self.wsgi(environ, start_response)
        chunks, size, rest = [], 0, iter(result)
        for chunk in rest:
            chunks.append(chunk)
            size += len(chunk)
            if size >= FIRST_CHUNKS:
                return started[0], started[1], chunks, _closing(rest, result)
        _close(result)
        return started[0], started[1], chunks, None


def is_query(scope: Any) -> bool:
    """A SPARQL query (runs in a query process), as opposed to a page."""
    return bool(scope.path == "/sparql" and (scope.method == "POST" or scope.query_string))


def environ_of(scope: Any, body: bytes) -> dict[str, Any]:
    """The WSGI environ (PEP 3333) of an RSGI request whose body has been read."""
    host, _, port = scope.server.rpartition(":")
    client, _, client_port = scope.client.rpartition(":")
    environ: dict[str, Any] = {
        "REQUEST_METHOD": scope.method,
        "SCRIPT_NAME": "",
        "PATH_INFO": _latin1(scope.path),  # RSGI decodes the path as UTF-8; WSGI wants bytes
        "QUERY_STRING": scope.query_string,
        "SERVER_NAME": host.strip("[]"),
        "SERVER_PORT": port,
        "SERVER_PROTOCOL": f"HTTP/{scope.http_version}",
        "REMOTE_ADDR": client.strip("[]"),
        "REMOTE_PORT": client_port,
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": scope.scheme,
        "wsgi.input": io.BytesIO(body),
        "wsgi.input_terminated": True,
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    if body or scope.method in BODY_METHODS:
        environ["CONTENT_LENGTH"] = str(len(body))
    for name, value in scope.headers.items():
        if name in ("content-length", "transfer-encoding"):  # the body is read: its length holds
            continue
        key = "CONTENT_TYPE" if name == "content-type" else "HTTP_" + name.upper().replace("-", "_")
        value = _latin1(value)
        if key in environ:  # a repeated header: one value, as RFC 9110 §5.3 combines them
            value = environ[key] + ("; " if key == "HTTP_COOKIE" else ", ") + value
        environ[key] = value
    if "HTTP_HOST" not in environ and scope.authority:  # HTTP/2 sends :authority instead
        environ["HTTP_HOST"] = scope.authority
    return environ


def _latin1(text: str) -> str:
    return text if text.isascii() else text.encode("utf-8").decode("latin-1")


async def _stream(
    loop: asyncio.AbstractEventLoop,
    pool: ThreadPoolExecutor,
    proto: Any,
    status: int,
    headers: list[tuple[str, str]],
    first: list[bytes],
    rest: Iterator[bytes],
) -> None:
    """Send a large body: the next chunk is read in a pool thread (a file), sent from here."""
    transport = proto.response_stream(status, headers)
    try:
        for data in first:
            await transport.send_bytes(data)
        while (chunk := await loop.run_in_executor(pool, _next, rest)) is not None:
            await transport.send_bytes(chunk)
    except ProtocolClosed:  # the client went away: nothing to answer, nothing to log
        pass
    finally:
        await loop.run_in_executor(pool, _close, rest)


def _next(rest: Iterator[bytes]) -> bytes | None:
    return next(rest, None)


def _closing(rest: Iterator[bytes], result: Iterable[bytes]) -> Iterator[bytes]:
    try:
        yield from rest
    finally:
        _close(result)


def _close(result: Any) -> None:
    close = getattr(result, "close", None)
    if close is not None:
        close()


def _plain(proto: Any, status: int, message: str, headers: list[tuple[str, str]]) -> None:
    proto.response_bytes(
        status,
        [("content-type", PLAIN), ("x-content-type-options", "nosniff"), *headers],
        plain_text(message),
    )
