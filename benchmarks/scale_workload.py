"""The query workload of bench_scale.py, run the same way on every backend.

- point lookup: the label of one organisation, by IRI (many different IRIs);
- entity page: ``describe.describe_resource`` of one letter, as the browser builds its page;
- entity page, equivalent SPARQL: the same facts with one VALUES clause per query (see
  ``page_sparql``: the shape Oxigraph plans as index lookups);
- aggregate join: letters and signatories per targeted technology, over the whole graph;
- text search: ``search.search`` as the browser's search box runs it.

The IRIs come from ``generate.py``'s numbering, so every lookup hits an existing entity.
"""

from __future__ import annotations

import random
import signal
import statistics
import time
from collections.abc import Callable
from typing import Any

import pyoxigraph as ox

from advocacy_kg.describe import describe_resource
from advocacy_kg.search import search

SYNTHETIC = "https://w3id.org/advocacy-kg/synthetic/"
AKG = "https://w3id.org/advocacy-kg/def/"
AGGREGATE = f"""PREFIX akg: <{AKG}>
SELECT ?tech (COUNT(DISTINCT ?letter) AS ?letters) (COUNT(DISTINCT ?org) AS ?signatories) WHERE {{
  ?letter a akg:OpenLetter ; akg:signatory ?org ; akg:makesDemand/akg:targetsPractice ?tech .
}} GROUP BY ?tech ORDER BY ?tech"""
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SEARCHES = ["facial recognition", "predictive policing", "Northern Privacy Alliance", "Ada Costa"]


def values(variable: str, iris: set[str]) -> str:
    return f"VALUES ?{variable} {{ {' '.join(f'<{i}>' for i in sorted(iris))} }}"


def page_sparql(store: Any, iri: str) -> int:
    """An entity page's queries written with one VALUES each (the shape Oxigraph plans well):
    facts out and in, the facts of the nodes it links to, their labels/types/dates, and the
    source and quotes of every graph involved. Returns the number of rows read."""
    out = list(store.query(f"SELECT ?p ?o ?g WHERE {{ GRAPH ?g {{ <{iri}> ?p ?o }} }}"))
    into = list(store.query(f"SELECT ?s ?p ?g WHERE {{ GRAPH ?g {{ ?s ?p <{iri}> }} }} LIMIT 501"))
    linked = {r["o"].value for r in out if isinstance(r["o"], ox.NamedNode)}
    linked |= {r["s"].value for r in into if isinstance(r["s"], ox.NamedNode)}
    graphs = {r["g"].value for r in out + into}
    nodes = {n for n in linked if "/id/" in n} - {iri}
    qualifying = (
        list(
            store.query(
                f"SELECT ?n ?p ?o ?g WHERE {{ {values('n', nodes)} GRAPH ?g {{ ?n ?p ?o }} }}"
            )
        )
        if nodes
        else []
    )
    graphs |= {r["g"].value for r in qualifying}
    named = linked | {iri} | {r["o"].value for r in qualifying if isinstance(r["o"], ox.NamedNode)}
    summary = list(
        store.query(
            f"SELECT ?x ?p ?v WHERE {{ {values('x', named)} GRAPH ?g {{ ?x ?p ?v }} "
            f"FILTER(?p IN (<{RDFS_LABEL}>, <{RDF_TYPE}>, <{AKG}date>)) }}"
        )
    )
    provenance = list(
        store.query(
            f"SELECT ?g ?p ?v WHERE {{ {values('g', graphs)} GRAPH ?g {{ ?g ?p ?v }} "
            f"FILTER(?p IN (<{AKG}source>, <{AKG}quote>)) }}"
        )
    )
    return len(out) + len(into) + len(qualifying) + len(summary) + len(provenance)


def entity(kind: str, number: int) -> str:
    return f"{SYNTHETIC}id/{kind}/{kind[:3]}-{number:07d}"


def pools(size: int) -> tuple[int, int]:
    """Organisations and (surely present) letters in generated data of ``size`` triples."""
    letters = max(10, size // 80)
    return max(10, letters // 2), max(10, size // 200)


class OverBudget(Exception):
    """A query kind took longer than its time budget (rdflib at scale)."""


def _alarm(signum: int, frame: Any) -> None:
    raise OverBudget


def timed(run: Callable[[int], Any], repeat: int, budget: int = 120) -> dict[str, Any]:
    """Median and 95th percentile in milliseconds, after one unmeasured warm-up.

    A kind that runs over ``budget`` seconds in all is cut short: what was measured is kept,
    and nothing is reported if not one run finished."""
    times: list[float] = []
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(budget)
    try:
        run(-1)
        for i in range(repeat):
            started = time.perf_counter()
            run(i)
            times.append((time.perf_counter() - started) * 1000)
    except OverBudget:
        if not times:
            return {"median": None, "p95": None, "n": 0, "over_budget_s": budget}
    except (SyntaxError, OSError, ValueError) as error:  # a backend that refuses a query shape
        return {"median": None, "p95": None, "n": len(times), "error": str(error)[-300:]}
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    times.sort()
    return {
        "median": statistics.median(times),
        "p95": times[min(len(times) - 1, int(0.95 * len(times)))],
        "n": len(times),
    }


def consume(result: Any) -> int:
    return sum(1 for _ in result) if not isinstance(result, ox.QueryBoolean) else 1


def run_workload(
    store: Any, size: int, quick: bool = False, budget: int = 120
) -> dict[str, dict[str, Any]]:
    orgs, letters = pools(size)
    rng = random.Random(7)
    org_ids = [rng.randrange(orgs) for _ in range(201)]
    letter_ids = [1 + rng.randrange(letters) for _ in range(41)]

    def point(i: int) -> None:
        iri = entity("organisation", org_ids[i])
        sparql = (
            f"SELECT ?label WHERE {{ <{iri}> <http://www.w3.org/2000/01/rdf-schema#label> ?label }}"
        )
        assert consume(store.query(sparql)) == 1

    def page(i: int) -> None:
        description = describe_resource(store, entity("letter", letter_ids[i]))
        assert description.outgoing

    def page_queries(i: int) -> None:
        assert page_sparql(store, entity("letter", letter_ids[i])) > 10

    def aggregate(i: int) -> None:
        assert consume(store.query(AGGREGATE)) >= 5

    def text(i: int) -> None:
        search(store, SEARCHES[i % len(SEARCHES)])

    heavy = 1 if quick else 3
    return {
        "point": timed(point, 50 if quick else 200, budget),
        "page": timed(page, 10 if quick else 40, budget),
        "page_sparql": timed(page_queries, 10 if quick else 40, budget),
        "aggregate": timed(aggregate, heavy, budget),
        "search": timed(text, heavy * 2, budget),
    }


class RdflibStore:
    """rdflib's memory Dataset behind the store interface (the union is its default graph)."""

    def __init__(self) -> None:
        import rdflib

        self.dataset = rdflib.Dataset(default_union=True)

    def load(self, path: str) -> int:
        self.dataset.parse(path, format="nquads")
        return sum(len(graph) for graph in self.dataset.graphs())

    def query(self, sparql: str, **_: Any) -> Any:
        result = self.dataset.query(sparql)
        if result.type == "SELECT":
            payload = result.serialize(format="json")
            return ox.parse_query_results(payload, ox.QueryResultsFormat.JSON)
        return list(result)
