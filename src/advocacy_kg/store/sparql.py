"""A remote store: any SPARQL 1.1 server, reached over the SPARQL protocol.

Spec: ``sparql:QUERY_URL`` optionally followed by space-separated settings::

    sparql:http://127.0.0.1:7878/query update=http://127.0.0.1:7878/update union=auto timeout=30

Queries go out as POSTed forms and answers come back as pyoxigraph result objects, so the rest of
the app cannot tell this store from the embedded one. Solutions are parsed as they stream in.

The project's queries rely on the default graph being the UNION of the named graphs (every fact
sits in a claim graph). Servers differ: Virtuoso, GraphDB, Stardog (``query.all.graphs``) and
QLever answer from all graphs by default; Oxigraph server does so per request with its
``union-default-graph`` parameter; Fuseki only with ``unionDefaultGraph`` in its configuration.
``union=auto`` (the default) checks once, with one triple taken from a named graph, and picks
``native`` or ``oxigraph``; if neither shows the triple it refuses to run rather than answer
from the wrong graph. Queries that name their dataset (``default_graphs``) are sent unchanged.
"""

from __future__ import annotations

import io
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Unpack

import pyoxigraph as ox

from .. import loading
from . import sparql_load
from .files import LoadReport, Progress, graph_sizes
from .protocol import QueryDataset, QueryResult, Store
from .spec import RemoteStoreError

if TYPE_CHECKING:
    from .spec import StoreSpec
    from .text_index import TextIndex

SOLUTIONS = "application/sparql-results+json, application/sparql-results+xml;q=0.9"
GRAPH = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"
#: What to ask for, by query form (servers answer some forms in odd formats otherwise).
ACCEPT = {"SELECT": SOLUTIONS, "ASK": SOLUTIONS, "CONSTRUCT": GRAPH, "DESCRIBE": GRAPH}
ANY = f"{SOLUTIONS}, {GRAPH.replace('application/n-triples', 'application/n-triples;q=0.8')}"
#: The prologue (comments, BASE, PREFIX) before a query's form keyword.
PROLOGUE = re.compile(r"(?:\s+|#[^\n]*|(?i:BASE)\s*<[^>]*>|(?i:PREFIX)\s*[\w.-]*:\s*<[^>]*>)*")
UNION_MODES = ("auto", "native", "oxigraph")
#: Oxigraph server's per-request switch for a union default graph.
OXIGRAPH_UNION = "union-default-graph"


class SparqlStore:
    """The store interface (query, graphs, len, loads) over the SPARQL 1.1 protocol."""

    def __init__(
        self,
        query_url: str,
        *,
        update_url: str | None = None,
        graph_store_url: str | None = None,
        union: str = "auto",
        timeout: float = 60.0,
    ) -> None:
        """``timeout``: seconds for one whole answer (connection, query and results)."""
        if union not in UNION_MODES:
            raise ValueError(f"union={union!r}: use one of {', '.join(UNION_MODES)}")
        self.query_url, self.timeout = query_url, timeout
        self.update_url = update_url or _sibling(query_url, "update") or query_url
        self.graph_store_url = graph_store_url or _sibling(query_url, "store")
        self.union = union
        self._lock = threading.Lock()
        self._scan_for_graphs = False

    @classmethod
    def from_spec(cls, spec: StoreSpec) -> SparqlStore:
        """``sparql:QUERY_URL [update=URL] [store=URL] [union=MODE] [timeout=SECONDS]``."""
        if not spec.location.startswith(("http://", "https://")):
            raise ValueError(f"bad sparql store spec {str(spec)!r}: the URL must be http(s)")
        return cls(
            spec.location,
            update_url=spec.option("update"),
            graph_store_url=spec.option("store"),
            union=spec.option("union") or "auto",
            timeout=float(spec.option("timeout") or 60),
        )

    # -- queries ---------------------------------------------------------------------------

    def query(self, sparql: str, **dataset: Unpack[QueryDataset]) -> QueryResult:
        """Send a query; ``prefixes`` are declared on the query's first line (line numbers of
        errors stay right). A syntax error raises ``SyntaxError`` with the server's message."""
        default_graphs = dataset.get("default_graphs") or []
        prefixes = dataset.get("prefixes") or {}
        form: list[tuple[str, str]] = [("query", _with_prefixes(sparql, prefixes))]
        form += [("default-graph-uri", g) for g in default_graphs]
        form += [("named-graph-uri", g) for g in dataset.get("named_graphs") or []]
        if not default_graphs and self._union_mode() == "oxigraph":
            form.append((OXIGRAPH_UNION, "true"))
        kind, started = query_form(sparql), time.monotonic()
        accept = ACCEPT.get(kind or "", ANY)
        answer = self._parse_answer(self._post(self.query_url, form, accept), started)
        if kind == "ASK" and isinstance(answer, ox.QuerySolutions):
            return _boolean(any(_truthy(row) for row in answer))  # Virtuoso: ?__ASK_RETVAL
        return answer

    def update(self, sparql: str) -> None:
        self._post(self.update_url, [("update", sparql)], "*/*").close()

    def graphs(self) -> list[str]:
        """Named graphs: listed cheaply where ``GRAPH ?g {}`` works, else found by a scan."""
        if not self._scan_for_graphs:
            found = self._graph_names("")
            if found:
                return found
        found = self._graph_names("?s ?p ?o")
        # Virtuoso lists no graph for an empty pattern: once a scan finds some, always scan
        self._scan_for_graphs = bool(found)
        return found

    def _graph_names(self, pattern: str) -> list[str]:
        answer = self.query(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ {pattern} }} }}")
        assert isinstance(answer, ox.QuerySolutions)
        return sorted(row["g"].value for row in answer if isinstance(row["g"], ox.NamedNode))

    def __len__(self) -> int:
        answer = self.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        assert isinstance(answer, ox.QuerySolutions)
        return int(next(iter(answer))["n"].value)

    def quads(self) -> Iterator[ox.Quad]:
        answer = self.query("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        assert isinstance(answer, ox.QuerySolutions)
        for row in answer:
            yield ox.Quad(row["s"], row["p"], row["o"], row["g"])

    # -- abilities it lacks: search and class pages use SPARQL, queries run in the worker ----

    def text_index(self) -> TextIndex | None:
        return None

    def query_process_opener(self) -> Callable[[], Store] | None:
        return None

    # -- loads (see sparql_load.py) ----------------------------------------------------------

    def load_graphs(
        self, files: Sequence[loading.RdfFile], *, progress: Progress | None = None
    ) -> LoadReport:
        """Stage the files in graphs of their own on the server, then swap them in."""
        return sparql_load.load_graphs(self, files, progress)

    def load_files(self, files: Iterable[loading.RdfFile]) -> int:
        return self.load_graphs(list(files)).quads

    def add_quads(self, quads: Iterable[ox.Quad]) -> None:
        staging = ox.Store()
        staging.extend(quads)
        sizes = {g: n for g, n in graph_sizes(staging).items() if g}
        sparql_load.insert_data(self, staging, {g: g for g in sizes}, sizes)

    # -- protocol ----------------------------------------------------------------------------

    def _post(self, url: str, form: list[tuple[str, str]], accept: str) -> Any:
        body = urllib.parse.urlencode(form).encode()
        return self.send("POST", url, body, "application/x-www-form-urlencoded", accept)

    def send(self, method: str, url: str, body: bytes, content_type: str, accept: str) -> Any:
        """One HTTP request to the server; the open response, or an error that says why."""
        request = urllib.request.Request(  # noqa: S310 - the URL is the configured store
            url, data=body, method=method, headers={"Content-Type": content_type, "Accept": accept}
        )
        try:
            return urllib.request.urlopen(request, timeout=self.timeout)  # noqa: S310
        except urllib.error.HTTPError as error:
            message = error.read(2000).decode("utf-8", "replace").strip()
            if error.code == 400 and body.startswith(b"query="):
                raise SyntaxError(message or "the SPARQL server refused the query") from None
            raise RemoteStoreError(f"{url} answered {error.code}: {message[:500]}") from None
        except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
            reason = getattr(error, "reason", error)
            raise RemoteStoreError(f"cannot reach SPARQL server {url}: {reason}") from None

    def _parse_answer(self, response: Any, started: float | None = None) -> QueryResult:
        media = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
        results_format = ox.QueryResultsFormat.from_media_type(media) if media else None
        if results_format is not None:  # parsed as it streams in, within the time limit
            deadline = (started or time.monotonic()) + self.timeout
            stream = _Deadline(response, deadline, self.timeout)
            return ox.parse_query_results(stream, results_format)  # type: ignore[arg-type]
        rdf_format = ox.RdfFormat.from_media_type(media) if media else None
        if rdf_format is None:
            raise RemoteStoreError(f"{self.query_url} answered with unknown type {media!r}")
        with response:  # CONSTRUCT/DESCRIBE: pyoxigraph only makes QueryTriples from a store
            graph = ox.Store()
            graph.load(response.read(), rdf_format)
        return graph.query("CONSTRUCT WHERE { ?s ?p ?o }")

    def _union_mode(self) -> str:
        """Settle ``auto`` once, on the first query that needs a union default graph."""
        with self._lock:
            if self.union == "auto":
                self.union = self._probe_union() or "auto"
            return self.union

    def _probe_union(self) -> str | None:
        sample = self._post(
            self.query_url,
            [("query", "SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 1")],
            "application/sparql-results+json",
        )
        rows = list(self._parse_answer(sample))  # type: ignore[arg-type]
        if not rows:
            return None  # no named graph yet: decide when there is one
        row = rows[0]
        ask = f"ASK {{ {row['s']} {row['p']} {row['o']} }}"
        for mode, extra in (("native", []), ("oxigraph", [(OXIGRAPH_UNION, "true")])):
            answer = self._parse_answer(
                self._post(self.query_url, [("query", ask), *extra], SOLUTIONS)
            )
            if _truthy_answer(answer):
                return mode
        raise RemoteStoreError(
            f"the default graph of {self.query_url} is not the union of its named graphs: "
            "configure the server so (Fuseki: unionDefaultGraph; Oxigraph: --union-default-graph)"
        )


class _Deadline(io.RawIOBase):
    """An HTTP response that may be read only until the deadline (``seconds`` after the query
    was sent): the socket timeout bounds one read, this bounds the whole answer."""

    def __init__(self, response: Any, deadline: float, seconds: float) -> None:
        self.response, self.deadline, self.seconds = response, deadline, seconds

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if time.monotonic() > self.deadline:
            self.response.close()
            raise TimeoutError(f"the SPARQL server's answer took over {self.seconds:g} s")
        data = self.response.read1(len(buffer))  # what has arrived: rows stream through
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self.response.close()
        super().close()


def query_form(sparql: str) -> str | None:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the keyword after the prologue."""
    start = PROLOGUE.match(sparql)
    word = re.match(r"[A-Za-z]+", sparql[start.end() if start else 0 :])
    return word.group().upper() if word else None


def _truthy(row: ox.QuerySolution) -> bool:
    value = row[0] if len(row) else None
    return value is None or getattr(value, "value", "") not in ("0", "false")


def _truthy_answer(answer: QueryResult) -> bool:
    if isinstance(answer, ox.QuerySolutions):
        return any(_truthy(row) for row in answer)
    return bool(answer)


def _boolean(value: bool) -> ox.QueryBoolean:
    """pyoxigraph makes QueryBoolean only as a query answer: ask an empty store."""
    answer = ox.Store().query("ASK {}" if value else "ASK { FILTER(false) }")
    assert isinstance(answer, ox.QueryBoolean)
    return answer


def _sibling(query_url: str, name: str) -> str | None:
    """Oxigraph and Fuseki put update and graph store beside ``.../query``."""
    if query_url.rstrip("/").endswith("/query"):
        return query_url.rstrip("/")[: -len("query")] + name
    return query_url if name == "update" else None


def _with_prefixes(sparql: str, prefixes: dict[str, str]) -> str:
    declared = {m.lower() for m in re.findall(r"(?i)\bPREFIX\s+([\w.-]*):", sparql)}
    prologue = " ".join(
        f"PREFIX {name}: <{iri}>" for name, iri in prefixes.items() if name.lower() not in declared
    )
    return f"{prologue} {sparql}" if prologue else sparql
