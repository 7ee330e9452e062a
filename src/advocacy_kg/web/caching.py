"""HTTP caching: ETags, revalidation, ``Cache-Control``, and a bounded cache of query answers.

An answer is a function of the data and of what was asked, so its ETag is computed from those
before anything runs: the dataset's version (``store/version.py``, followed by ``freshness.py``)
and, for ``/sparql``, the query as it runs (escapes decoded, with the predeclared prefixes it
uses), the format chosen, the protocol's graphs, the row limit and the link a cut answer gives;
for an entity page, its path and query string, the Accept header, and whether the validation
report it shows is ready. So ``If-None-Match`` is answered 304 without running a query (412 for
a POST, as RFC 9110 §13.1.2 says for methods other than GET and HEAD). ETags are weak: the same
query may list rows in another order in another process (Oxigraph's hash tables are seeded per
process), which is the same answer but not the same bytes.

``Cache-Control: public, max-age=60, must-revalidate`` (``HTTP_MAX_AGE``): the store is
read-only between loads, and a load can come at any time; a minute bounds how long a client or
proxy may reuse an answer after a load without asking, and asking is cheap (a 304 runs nothing).
``HTTP_MAX_AGE = 0`` gives ``no-cache``: every reuse is revalidated. Only 200 answers get an ETag
and a lifetime; refusals and errors get ``no-store``. A remote store (``sparql:``) has no version
we can know: its answers get ``no-cache`` and no ETag, and nothing is kept.

The result cache keeps small answers (``RESULT_CACHE_ENTRY_BYTES``) by ETag, least recently used
first out, within ``RESULT_CACHE_BYTES`` per worker: a repeated query is answered without a query
process. Per worker, not shared: workers are separate processes, and a shared cache (another
process, or shared memory) would cost a round trip and a copy per hit, the very costs a hit
avoids, plus locking across processes; the ETag (shared by every worker) still lets any worker
answer 304. Every answer says ``Cache-Status`` (RFC 9211); ``/-/cache`` gives the worker's figures.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections import OrderedDict
from dataclasses import dataclass, replace
from typing import Any

from flask import Flask, Response, current_app, g, jsonify, request
from werkzeug.datastructures import ETags
from werkzeug.http import parse_etags

from ..sparql import SparqlService
from .extensions import BROWSE_CACHE_KEY
from .freshness import Freshness
from .sparql_outcomes import Outcome, Plan, execute, execute_async

KEY = "advocacy_kg.http_cache"
#: Settings (``create_app({...})`` or ``ADVOCACY_KG_*``) and their defaults.
SETTINGS = {
    "HTTP_MAX_AGE": 60,  # seconds an answer may be reused before it is revalidated
    "RESULT_CACHE_BYTES": 32 * 1024 * 1024,  # answers kept per worker, in all
    "RESULT_CACHE_ENTRY_BYTES": 256 * 1024,  # larger answers are not kept
}
#: Bytes counted per kept answer besides its body (key, Outcome, headers, the dict's slot).
ENTRY_OVERHEAD = 512
NAME = "advocacy-kg"  # this cache in Cache-Status
NO_STORE = ("Cache-Control", "no-store")


class ResultCache:
    """Answers by ETag, least recently used first out, within ``max_bytes``; thread-safe."""

    def __init__(self, max_bytes: int, max_entry_bytes: int) -> None:
        self.max_bytes, self.max_entry_bytes = max_bytes, max_entry_bytes
        self.bytes = self.hits = self.misses = self.stored = self.too_large = self.evicted = 0
        self._entries: OrderedDict[str, tuple[Outcome, int]] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, tag: str) -> Outcome | None:
        with self._lock:
            found = self._entries.get(tag)
            if found is None:
                self.misses += 1
                return None
            self.hits += 1
            self._entries.move_to_end(tag)
            return found[0]

    def put(self, tag: str, outcome: Outcome) -> bool:
        """Keep ``outcome`` unless it is too large; whether it was kept."""
        size = len(outcome.body) + len(tag) + ENTRY_OVERHEAD
        if len(outcome.body) > self.max_entry_bytes or size > self.max_bytes:
            with self._lock:
                self.too_large += 1
            return False
        with self._lock:
            if tag in self._entries:
                return True
            self._entries[tag] = (outcome, size)
            self.bytes += size
            self.stored += 1
            while self.bytes > self.max_bytes:
                _, (_, dropped) = self._entries.popitem(last=False)
                self.bytes -= dropped
                self.evicted += 1
            return True

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self.bytes = 0

    def figures(self) -> dict[str, Any]:
        with self._lock:
            asked = self.hits + self.misses
            return {
                "entries": len(self._entries),
                "bytes": self.bytes,
                "max_bytes": self.max_bytes,
                "max_entry_bytes": self.max_entry_bytes,
                "hits": self.hits,
                "misses": self.misses,
                "hit_rate": round(self.hits / asked, 4) if asked else None,
                "stored": self.stored,
                "not_stored_too_large": self.too_large,
                "evicted": self.evicted,
            }


@dataclass(frozen=True)
class _Pending:
    """A query to run before answering: its ETag (None: no version known) and what the
    client holds."""

    tag: str | None
    held: ETags | None


class HttpCache:
    """One per app (so one per worker after the fork): the version served, the answers kept."""

    def __init__(self, app: Flask) -> None:
        setting = {name: int(app.config.get(name, default)) for name, default in SETTINGS.items()}
        self.max_age = setting["HTTP_MAX_AGE"]
        self.results = ResultCache(
            setting["RESULT_CACHE_BYTES"], setting["RESULT_CACHE_ENTRY_BYTES"]
        )
        self.freshness = Freshness(app, on_reload=self.results.clear)
        self.not_modified = 0

    @property
    def cache_control(self) -> str:
        if self.max_age <= 0:
            return "no-cache"
        return f"public, max-age={self.max_age}, must-revalidate"

    def answer(
        self, service: SparqlService, plan: Plan, if_none_match: str | None, method: str = "GET"
    ) -> Outcome:
        """The answer to a planned query: 304/412 when the client holds it, else kept or run."""
        step = self._before(service, plan, if_none_match, method)
        if isinstance(step, Outcome):
            return step
        return self._after(step, plan, method, execute(service, plan))

    async def answer_async(
        self, service: SparqlService, plan: Plan, if_none_match: str | None, method: str = "GET"
    ) -> Outcome:
        """``answer`` from an event loop (``native.py``): the same steps, the query awaited."""
        step = self._before(service, plan, if_none_match, method)
        if isinstance(step, Outcome):
            return step
        return self._after(step, plan, method, await execute_async(service, plan))

    def _before(
        self, service: SparqlService, plan: Plan, if_none_match: str | None, method: str
    ) -> Outcome | _Pending:
        """What is answered without running the query, or what running it must know."""
        version = self.freshness.current()
        if version is None:
            return _Pending(None, None)
        tag = query_etag(version, plan, service.settings.max_rows)
        held = parse_etags(if_none_match) if if_none_match else None
        if held is not None and held.contains_weak(tag) and not held.star_tag:
            return self._not_modified(tag, plan, method)
        kept = self.results.get(tag)  # kept with the headers of a hit
        if kept is None:
            return _Pending(tag, held)
        if held is not None and held.star_tag:  # "*": it holds some answer
            return self._not_modified(tag, plan, method)
        return kept

    def _after(self, pending: _Pending, plan: Plan, method: str, outcome: Outcome) -> Outcome:
        if pending.tag is None:  # no version known: nothing kept nor tagged
            reuse = "no-cache" if outcome.status == 200 else "no-store"
            return _with(outcome, ("Cache-Control", reuse))
        if outcome.status != 200:  # errors and refusals are never kept nor tagged
            return _with(outcome, NO_STORE)
        # A hit's headers are made once, when the answer is kept, not on every hit.
        stored = self.results.put(pending.tag, self._tagged(outcome, pending.tag, "hit"))
        if pending.held is not None and pending.held.star_tag:  # "*": it holds some answer
            return self._not_modified(pending.tag, plan, method)
        state = "fwd=uri-miss; stored" if stored else "fwd=uri-miss"
        return self._tagged(outcome, pending.tag, state)

    def _tagged(self, outcome: Outcome, tag: str, state: str) -> Outcome:
        return _with(
            outcome,
            ("ETag", weak(tag)),
            ("Cache-Control", self.cache_control),
            ("Cache-Status", f"{NAME}; {state}"),
        )

    def _not_modified(self, tag: str, plan: Plan, method: str) -> Outcome:
        self.not_modified += 1
        if method in ("GET", "HEAD"):
            headers = [("ETag", weak(tag)), ("Cache-Control", self.cache_control)]
            return Outcome(304, b"", plan.fmt.content_type, headers)
        message = "412 Precondition Failed: the answer is unchanged (If-None-Match)\n"
        return Outcome(412, message.encode(), "text/plain; charset=utf-8", [NO_STORE])

    def figures(self) -> dict[str, Any]:
        return {
            "worker": os.getpid(),
            "dataset_version": self.freshness.served,
            "reloads": self.freshness.reloads,
            "max_age": self.max_age,
            "not_modified": self.not_modified,
            "results": self.results.figures(),
        }


def query_etag(version: str, plan: Plan, max_rows: int) -> str:
    """What a query's answer depends on, hashed: the same for every worker and every restart
    of an on-disk store."""
    protocol = plan.protocol
    parts = [
        version,
        plan.checked.text,
        repr(plan.checked.prefixes),
        plan.fmt.name,
        repr(protocol.default_graphs),
        repr(protocol.named_graphs),
        plan.link,
        str(max_rows),
    ]
    return _digest(parts)


def weak(tag: str) -> str:
    return f'W/"{tag}"'


def entity_headers(outcome: Outcome) -> list[tuple[str, str]]:
    """Content-Type and Content-Length for a WSGI response; none for a 304, which has no body
    and must not claim a length of 0."""
    if outcome.status == 304:
        return []
    return [("Content-Type", outcome.content_type), ("Content-Length", str(len(outcome.body)))]


def http_cache(app: Flask | None = None) -> HttpCache:
    found: HttpCache = (app or current_app).extensions[KEY]
    return found


def install(app: Flask) -> None:
    """Follow the store on every request; ETags and 304s for entity pages; ``/-/cache``."""
    app.extensions[KEY] = HttpCache(app)
    app.before_request(_before_request)
    app.after_request(_after_request)
    app.add_url_rule("/-/cache", "http_cache", _figures, methods=["GET"])


def _before_request() -> Response | None:
    version = http_cache().freshness.current()  # every request: a load is seen at once
    if version is None or not _is_entity_page():
        return None
    g.page_etag = tag = _page_etag(version)
    held = request.if_none_match
    if held and held.contains_weak(tag):
        cache = http_cache()
        cache.not_modified += 1
        response = Response(status=304)
        response.set_etag(tag, weak=True)
        response.headers["Cache-Control"] = cache.cache_control
        response.vary.add("Accept")
        return response
    return None


def _after_request(response: Response) -> Response:
    tag = g.pop("page_etag", None)
    if tag is None or response.status_code == 304:
        return response
    if response.status_code == 200:
        response.set_etag(tag, weak=True)
        response.headers["Cache-Control"] = http_cache().cache_control
    else:
        response.headers["Cache-Control"] = "no-store"
    return response


def _is_entity_page() -> bool:
    """The pages (HTML and RDF) of the IRIs the browser dereferences (``browse/__init__.py``)."""
    endpoint = request.endpoint or ""
    dereferenced = endpoint.startswith("browse.resource_") or endpoint == "browse.ontology"
    return dereferenced and request.method in ("GET", "HEAD")


def _page_etag(version: str) -> str:
    """An entity page depends on the IRI's path and query string (format, sort), the Accept
    header (taken whole: the view negotiates from it), and on whether the validation report it
    shows has been made (before, the page says it is being made)."""
    derived = current_app.extensions.get(BROWSE_CACHE_KEY, {})
    ready = "validated" if derived.get("validation") is not None else "validating"
    parts = [
        version,
        request.script_root,
        request.path,
        request.query_string.decode("latin-1"),
        request.headers.get("Accept", ""),
        ready,
    ]
    return _digest(parts)


def _digest(parts: list[str]) -> str:
    joined = "\x00".join(parts).encode("utf-8", "surrogatepass")
    return hashlib.blake2b(joined, digest_size=16).hexdigest()


def _with(outcome: Outcome, *headers: tuple[str, str]) -> Outcome:
    return replace(outcome, headers=[*outcome.headers, *headers])


def _figures() -> Response:
    response = jsonify(http_cache().figures())
    response.headers["Cache-Control"] = "no-store"
    return response
