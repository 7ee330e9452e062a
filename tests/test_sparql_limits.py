"""The limits hold on the real server (``advocacy-kg serve``): a query past the time limit is
stopped with a clear error while another client's ASK is answered at once; bodies over the cap
get 413; a megabyte of nested brackets gets 400; a query over its memory budget fails alone; a
capped answer says so. After each, the server answers the next request at once."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from server_support import LiveServer, running_server

pytestmark = pytest.mark.server

#: 3,300 triples cubed: hours of work, whatever the engine.
ENDLESS = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
#: Ten million solutions to sort: gigabytes.
HUGE_SORT = "SELECT ?a ?d { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f"
ASK_LETTER = "ASK { ?letter a akg:OpenLetter }"


@pytest.fixture(scope="module")
def limited(request: pytest.FixtureRequest) -> Iterator[LiveServer]:
    with running_server(
        "--timeout", "3", "--max-rows", "5", "--memory-mb", "200", "--workers", "2"
    ) as server:
        yield server


def get(server: LiveServer, query: str, accept: str = "application/sparql-results+json") -> Any:
    return requests.get(
        server.sparql, params={"query": query}, headers={"Accept": accept}, timeout=60
    )


def answers_ask_at_once(server: LiveServer) -> float:
    started = time.monotonic()
    response = get(server, ASK_LETTER)
    assert response.status_code == 200 and response.json()["boolean"] is True
    return time.monotonic() - started


def test_time_limit_stops_the_query_while_another_client_is_answered(limited: LiveServer) -> None:
    outcome: dict[str, Any] = {}

    def slow() -> None:
        started = time.monotonic()
        outcome["response"] = get(limited, ENDLESS)
        outcome["seconds"] = time.monotonic() - started

    slow_clients = [threading.Thread(target=slow) for _ in range(3)]
    for thread in slow_clients:
        thread.start()
    time.sleep(0.5)  # the slow queries are running
    assert answers_ask_at_once(limited) < 1.0
    for thread in slow_clients:
        thread.join(30)
    response = outcome["response"]
    assert response.status_code == 503, response.text
    assert "time limit of 3 s" in response.text
    assert 2.5 < outcome["seconds"] < 8
    assert answers_ask_at_once(limited) < 1.0


def test_body_over_the_cap_is_413(limited: LiveServer) -> None:
    body = b"ASK {}" + b" " * (2 * 1024 * 1024)
    response = requests.post(
        limited.sparql, data=body, headers={"Content-Type": "application/sparql-query"}, timeout=60
    )
    assert response.status_code == 413
    assert answers_ask_at_once(limited) < 1.0


@pytest.mark.parametrize("bracket", ["(", "{", "["])
def test_a_megabyte_of_nesting_is_400_and_the_server_stays_up(
    limited: LiveServer, bracket: str
) -> None:
    closing = {"(": ")", "{": "}", "[": "]"}[bracket]
    query = "SELECT * WHERE { FILTER(" + bracket * 500_000 + closing * 499_970 + ") }"
    assert len(query) < 1024 * 1024
    response = requests.post(
        limited.sparql,
        data=query.encode(),
        headers={"Content-Type": "application/sparql-query"},
        timeout=60,
    )
    assert response.status_code == 400
    assert answers_ask_at_once(limited) < 1.0


def test_nesting_just_past_the_limit_is_400_naming_it(limited: LiveServer) -> None:
    response = get(limited, "ASK { FILTER(" + "(" * 70 + "1" + ")" * 70 + ") }")
    assert response.status_code == 400 and "nested deeper than 64" in response.text


@pytest.fixture(scope="module")
def memory_limited() -> Iterator[LiveServer]:
    """A small memory budget and a time limit far away: only the budget can stop HUGE_SORT
    (which reaches 64 MB in well under a second), so the test does not pass on a timeout."""
    with running_server("--timeout", "120", "--memory-mb", "64", "--workers", "1") as server:
        yield server


def test_a_query_over_its_memory_budget_fails_alone(memory_limited: LiveServer) -> None:
    started = time.monotonic()
    response = get(memory_limited, HUGE_SORT)
    assert response.status_code == 500, response.text[:200]
    assert "needed more memory than its budget of 64 MB" in response.text
    assert time.monotonic() - started < 60  # stopped by the budget, not by the 120 s limit
    assert answers_ask_at_once(memory_limited) < 1.0


def test_row_cap_marks_the_answer_as_cut(limited: LiveServer) -> None:
    response = get(limited, "SELECT ?s ?p ?o { ?s ?p ?o }")
    assert response.status_code == 200
    assert response.headers["X-SPARQL-MaxRows"] == "5"
    data = response.json()
    assert len(data["results"]["bindings"]) == 5
    assert data["head"]["link"] == [limited.sparql + "#limits"]
    turtle = get(limited, "CONSTRUCT WHERE { ?s ?p ?o }", "text/turtle")
    assert turtle.headers["X-SPARQL-MaxRows"] == "5"
    assert turtle.text.rstrip().splitlines()[-1].startswith("# truncated")
    small = get(limited, "SELECT ?letter { ?letter a akg:OpenLetter } LIMIT 3")
    assert "X-SPARQL-MaxRows" not in small.headers and "link" not in small.json()["head"]


def test_live_server_answers_real_data(live_server: LiveServer) -> None:
    """The default server: the curated graph, on 127.0.0.1, with the security headers."""
    response = get(live_server, "SELECT (COUNT(DISTINCT ?l) AS ?n) { ?l a akg:OpenLetter }")
    assert int(response.json()["results"]["bindings"][0]["n"]["value"]) >= 4  # called open
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert live_server.url.startswith("http://127.0.0.1:")
    page = requests.get(live_server.sparql, headers={"Accept": "text/html"}, timeout=30)
    assert "Content-Security-Policy" in page.headers and "yasgui" in page.text
    assert json.loads(get(live_server, ASK_LETTER).text)["boolean"] is True


def test_start_server_runs_with_other_settings(start_server: Callable[..., Any]) -> None:
    with start_server(env={"ADVOCACY_KG_CORS_ORIGINS": "https://allowed.example"}) as server:
        response = requests.get(
            server.sparql,
            params={"query": ASK_LETTER},
            headers={"Origin": "https://allowed.example"},
            timeout=30,
        )
        assert response.headers["Access-Control-Allow-Origin"] == "https://allowed.example"


def test_a_parser_crash_ends_only_its_query_process() -> None:
    """Oxigraph's parser overflows its stack on deep nesting and takes its process down: sent
    past the check, such a query kills one query process, and the next query is answered."""
    from advocacy_kg.negotiation import RESULTS_JSON
    from advocacy_kg.sparql import QueryProcessDied, Settings, SparqlService
    from advocacy_kg.sparql.execution import Job
    from advocacy_kg.store.oxigraph import curated_store

    service = SparqlService(curated_store(), Settings(timeout=20))
    try:
        deep = "SELECT * WHERE " + "{" * 20_000 + "}" * 20_000
        with pytest.raises(QueryProcessDied):
            service.executor.run(Job(query=deep, format_name=RESULTS_JSON.name, timeout=20))
        answer = service.executor.run(service.job(service.check(ASK_LETTER), RESULTS_JSON))
        assert json.loads(answer.body)["boolean"] is True
    finally:
        service.close()


def test_answers_larger_than_one_read_cross_from_the_query_process_whole() -> None:
    from advocacy_kg.sparql import Settings, SparqlService
    from advocacy_kg.sparql.execution import Job, answer
    from advocacy_kg.store.oxigraph import curated_store

    service = SparqlService(curated_store(), Settings(timeout=20))
    try:
        job = Job(query="CONSTRUCT WHERE { ?s ?p ?o }", format_name="ntriples", timeout=20)
        for _ in range(2):  # and the process answers the next job
            body = service.executor.run(job).body
            assert len(body) > 4 << 16 and body == answer(service.store, job).body
    finally:
        service.close()


def test_serve_refuses_a_bad_store_or_file_with_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from advocacy_kg.cli import main

    assert main(["serve", "--store", "nonsense:x"]) == 2
    assert "unknown store" in capsys.readouterr().err
    broken = tmp_path / "broken.ttl"
    broken.write_text("<a> <b> .\n", encoding="utf-8")
    assert main(["serve", "--data", str(broken)]) == 2
    assert "broken.ttl:1" in capsys.readouterr().err
