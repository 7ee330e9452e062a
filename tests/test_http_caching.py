"""HTTP caching (``web/caching.py``): ETags from the dataset's version and what was asked, 304
without running the query, ``Cache-Control``, and the bounded result cache of query answers."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from advocacy_kg.sparql.execution import Answer, Job
from advocacy_kg.web import SPARQL_KEY, create_app
from advocacy_kg.web.browse import resources, state
from advocacy_kg.web.caching import ENTRY_OVERHEAD, ResultCache, http_cache
from advocacy_kg.web.sparql_outcomes import Outcome

POINT = "SELECT ?p ?o WHERE { <https://w3id.org/advocacy-kg/id/organisation/edri> ?p ?o }"
JSON = {"Accept": "application/sparql-results+json"}
ENTITY = "/id/organisation/edri"


class CountingExecutor:
    """The service's executor, counting the jobs that reach a query process."""

    def __init__(self, inner: Any) -> None:
        self.inner, self.jobs = inner, 0

    def run(self, job: Job) -> Answer:
        self.jobs += 1
        answer: Answer = self.inner.run(job)
        return answer

    def retire(self) -> None:
        self.inner.retire()

    def close(self) -> None:
        self.inner.close()


@pytest.fixture(scope="module")
def app() -> Iterator[Flask]:
    application = create_app(
        {"TESTING": True, "RESULT_CACHE_BYTES": 64 * 1024, "RESULT_CACHE_ENTRY_BYTES": 16 * 1024}
    )
    yield application
    application.extensions[SPARQL_KEY].close()


@pytest.fixture
def jobs(app: Flask, monkeypatch: pytest.MonkeyPatch) -> CountingExecutor:
    service = app.extensions[SPARQL_KEY]
    counting = CountingExecutor(service.executor)
    monkeypatch.setattr(service, "executor", counting)
    http_cache(app).results.clear()
    return counting


def get(client: FlaskClient, query: str, **headers: str) -> Any:
    return client.get("/sparql", query_string={"query": query}, headers={**JSON, **headers})


def test_an_answer_carries_a_weak_etag_and_a_lifetime(client: FlaskClient, jobs: Any) -> None:
    answer = get(client, POINT)
    assert answer.status_code == 200 and answer.get_json()["results"]["bindings"]
    assert answer.headers["ETag"].startswith('W/"')
    assert answer.headers["Cache-Control"] == "public, max-age=60, must-revalidate"
    assert "Accept" in answer.headers["Vary"]
    assert answer.headers["Cache-Status"] == "advocacy-kg; fwd=uri-miss; stored"


def test_if_none_match_gives_304_without_a_query_process(client: FlaskClient, jobs: Any) -> None:
    tag = get(client, POINT).headers["ETag"]
    http_cache(client.application).results.clear()  # not even the kept answer is needed
    before = jobs.jobs
    again = get(client, POINT, **{"If-None-Match": f'"other", {tag}'})
    assert again.status_code == 304 and again.data == b""
    assert again.headers["ETag"] == tag and "Content-Type" not in again.headers
    assert jobs.jobs == before
    assert get(client, POINT, **{"If-None-Match": '"other"'}).status_code == 200


def test_the_etag_follows_what_was_asked(client: FlaskClient, jobs: Any) -> None:
    tags = {
        get(client, POINT).headers["ETag"],
        get(client, POINT, Accept="text/csv").headers["ETag"],
        get(client, POINT + " LIMIT 3").headers["ETag"],
        client.get(
            "/sparql",
            query_string={
                "query": POINT,
                "named-graph-uri": "https://w3id.org/advocacy-kg/graph/ontology",
            },
            headers=JSON,
        ).headers["ETag"],
    }
    assert len(tags) == 4
    # the same query written with a codepoint escape runs the same text: the same answer
    escaped = POINT.replace("?p ?o WHERE", "?p ?o \\u0057HERE")
    assert get(client, escaped).headers["ETag"] == get(client, POINT).headers["ETag"]


def test_a_repeated_query_needs_no_query_process(client: FlaskClient, jobs: Any) -> None:
    first = get(client, POINT)
    second = get(client, POINT)
    posted = client.post("/sparql", data={"query": POINT}, headers=JSON)
    assert jobs.jobs == 1
    assert second.headers["Cache-Status"] == "advocacy-kg; hit"
    assert first.data == second.data == posted.data
    assert posted.headers["ETag"] == first.headers["ETag"]


def test_a_hit_has_the_headers_of_the_answer_it_keeps(client: FlaskClient, jobs: Any) -> None:
    first, second = get(client, POINT), get(client, POINT)  # a miss, then a hit
    assert second.headers["Cache-Status"] == "advocacy-kg; hit"
    assert dict(first.headers) == {**second.headers, "Cache-Status": first.headers["Cache-Status"]}


def test_any_tag_held_gives_304_for_a_kept_answer_too(client: FlaskClient, jobs: Any) -> None:
    for expected in ("fwd=uri-miss", "hit"):  # "*" held: the miss runs, the hit does not
        held = get(client, POINT, **{"If-None-Match": "*"})
        assert held.status_code == 304 and held.data == b"", expected
    assert jobs.jobs == 1
    posted = client.post("/sparql", data={"query": POINT}, headers={**JSON, "If-None-Match": "*"})
    assert posted.status_code == 412 and jobs.jobs == 1


def test_a_post_holding_the_answer_gets_412_without_running(client: FlaskClient, jobs: Any) -> None:
    tag = get(client, POINT).headers["ETag"]
    http_cache(client.application).results.clear()
    before = jobs.jobs
    posted = client.post(
        "/sparql",
        data=POINT,
        content_type="application/sparql-query",
        headers={"If-None-Match": tag},
    )
    assert posted.status_code == 412 and jobs.jobs == before
    assert "ETag" not in posted.headers and posted.headers["Cache-Control"] == "no-store"


def test_errors_are_neither_kept_nor_tagged(client: FlaskClient, jobs: Any) -> None:
    for _ in range(2):
        wrong = get(client, "SELECT * { ?s ?p }")  # the engine's syntax error: 400
        assert wrong.status_code == 400
        assert "ETag" not in wrong.headers and wrong.headers["Cache-Control"] == "no-store"
    assert jobs.jobs == 2
    refused = get(client, "SELECT * { SERVICE <http://x.example/> { ?s ?p ?o } }")
    assert refused.status_code == 400 and "ETag" not in refused.headers


def test_large_answers_are_not_kept(client: FlaskClient, jobs: Any) -> None:
    big = "SELECT * { ?s ?p ?o } LIMIT 400"  # far over the 16 KiB kept per answer
    for _ in range(2):
        answer = get(client, big)
        assert len(answer.data) > 16 * 1024 and "ETag" in answer.headers
        assert answer.headers["Cache-Status"] == "advocacy-kg; fwd=uri-miss"
    assert jobs.jobs == 2


def test_the_bound_holds_under_many_distinct_answers(client: FlaskClient, jobs: Any) -> None:
    cache = http_cache(client.application).results
    sizes = []
    for offset in range(40):  # 40 distinct answers of about 10 KB: six times the bound
        answer = get(
            client, f"SELECT * {{ ?s ?p ?o }} ORDER BY ?s ?p ?o LIMIT 40 OFFSET {offset * 40}"
        )
        assert answer.headers["Cache-Status"] == "advocacy-kg; fwd=uri-miss; stored"
        sizes.append(len(answer.data))
        assert cache.bytes <= cache.max_bytes
    assert sum(sizes) > 4 * cache.max_bytes
    assert cache.evicted > 0 and 0 < len(cache) < 40
    assert cache.bytes == sum(sizes[-len(cache) :]) + len(cache) * (32 + ENTRY_OVERHEAD)


def test_least_recently_used_goes_first() -> None:
    cache = ResultCache(max_bytes=3 * (1000 + 1 + ENTRY_OVERHEAD), max_entry_bytes=2000)
    for tag in "abc":
        assert cache.put(tag, Outcome(200, b"x" * 1000, "text/plain"))
    assert cache.get("a") is not None  # now b is the least recently used
    cache.put("d", Outcome(200, b"x" * 1000, "text/plain"))
    assert [cache.get(t) is not None for t in "abcd"] == [True, False, True, True]
    assert not cache.put("e", Outcome(200, b"x" * 2001, "text/plain"))


def test_the_figures_say_hits_and_memory(client: FlaskClient, jobs: Any) -> None:
    for _ in range(3):
        get(client, POINT)
    figures = client.get("/-/cache").get_json()
    results = figures["results"]
    assert results["hits"] >= 2 and results["misses"] >= 1
    assert 0 < results["hit_rate"] < 1
    assert 0 < results["bytes"] <= results["max_bytes"] == 64 * 1024
    assert figures["dataset_version"] and figures["max_age"] == 60


def test_entity_pages_revalidate_without_being_made(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[str] = []
    presence = resources.presence

    def counted(queryable: Any, iri: str) -> Any:
        made.append(iri)
        return presence(queryable, iri)

    monkeypatch.setattr(resources, "presence", counted)
    with client.application.app_context():
        state.validation_report(wait=True)  # the page's findings are ready: its ETag is final
    for path, accept in ((ENTITY, "text/html"), (ENTITY, "text/turtle"), (ENTITY + ".jsonld", "")):
        first = client.get(path, headers={"Accept": accept})
        assert first.status_code == 200 and first.headers["ETag"].startswith('W/"')
        assert first.headers["Cache-Control"] == "public, max-age=60, must-revalidate"
        count = len(made)
        again = client.get(path, headers={"Accept": accept, "If-None-Match": first.headers["ETag"]})
        assert again.status_code == 304 and len(made) == count
    html = client.get(ENTITY, headers={"Accept": "text/html"}).headers["ETag"]
    turtle = client.get(ENTITY, headers={"Accept": "text/turtle"}).headers["ETag"]
    assert html != turtle
    missing = client.get("/id/organisation/no-such-organisation")
    assert missing.status_code == 404 and "ETag" not in missing.headers
    assert missing.headers["Cache-Control"] == "no-store"


def test_a_page_made_while_validating_is_not_revalidated_after() -> None:
    application = create_app({"TESTING": True, "SPARQL_EXECUTION": "inline"})
    client = application.test_client()
    early = client.get(ENTITY, headers={"Accept": "text/html"})
    assert "being made" in early.get_data(as_text=True)
    with application.app_context():
        state.validation_report(wait=True)
    later = client.get(
        ENTITY, headers={"Accept": "text/html", "If-None-Match": early.headers["ETag"]}
    )
    assert later.status_code == 200 and "being made" not in later.get_data(as_text=True)
