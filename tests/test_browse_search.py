"""Full-text search: ranking, type filters, the JSON form, hostile input."""

from __future__ import annotations

import pytest
from browse_support import (
    ALPHA,
    BASE,
    LETTER,
    SECOND_LETTER,
    QueryOnlyStore,
    fixture_app,
    fixture_store,
)

from advocacy_kg.search import search, snippet, words_of

OPEN_LETTER = BASE + "def/OpenLetter"


@pytest.fixture(scope="module")
def store():
    return fixture_store()


@pytest.fixture(scope="module")
def client():
    return fixture_app().test_client()


def test_the_entity_named_by_the_query_ranks_first(store):
    found = search(store, "Alpha Rights")
    assert found.results[0].iri == ALPHA
    others = [r.iri for r in found.results[1:]]
    assert BASE + "claim/test-001-01" in others  # its quote mentions Alpha Rights too


def test_more_words_matched_rank_higher(store):
    found = search(store, "second letter")
    assert found.results[0].iri == SECOND_LETTER


def test_quotes_are_searched_and_give_their_claim(store):
    found = search(store, "face scanning")
    iris = [r.iri for r in found.results]
    assert BASE + "claim/test-001-02" in iris
    claim = next(r for r in found.results if r.iri == BASE + "claim/test-001-02")
    assert "face scanning" in claim.snippet


def test_descriptions_are_searched(store):
    assert SECOND_LETTER in [r.iri for r in search(store, "hostile").results]


def test_type_filter_keeps_only_that_type_and_counts_all_types(store):
    found = search(store, "letter", types=[OPEN_LETTER])
    assert {r.iri for r in found.results} == {LETTER, SECOND_LETTER}
    assert found.type_counts[OPEN_LETTER] == 2
    assert found.total > 2  # claims and others matched before the filter


def test_no_words_no_results(store):
    assert search(store, "  ,;  ").results == []


@pytest.mark.parametrize(
    "hostile",
    [
        'letter" } ; DROP ALL',
        "letter\\",
        "letter\"'",
        'letter" } UNION { ?s ?p ?o } #',
        "\nletter\t",
    ],
)
def test_hostile_queries_are_only_words(store, hostile):
    """On a store without a text index the words go into a SPARQL query: only the words do."""
    sparql_only = QueryOnlyStore(store)
    found = search(sparql_only, hostile)
    assert sparql_only.queries  # the SPARQL path ran (no text index to answer instead)
    assert LETTER in [r.iri for r in found.results]
    words_only = QueryOnlyStore(store)
    search(words_only, " ".join(words_of(hostile)))
    assert sparql_only.queries == words_only.queries  # nothing but the words reached SPARQL


@pytest.mark.parametrize("hostile", ["\\", "}}} {", "\n\t", "\"'#"])
def test_hostile_queries_without_words_send_no_query(store, hostile):
    sparql_only = QueryOnlyStore(store)
    assert search(sparql_only, hostile).results == []
    assert sparql_only.queries == []


def test_words_are_lowercased_unique_and_capped():
    assert words_of("Face face FACE scanning") == ["face", "scanning"]
    assert len(words_of(" ".join(f"w{i}" for i in range(50)))) == 8


def test_snippet_centres_on_the_first_match():
    text = "x" * 300 + " needle " + "y" * 300
    assert "needle" in snippet(text, ["needle"])


def test_search_page_html(client):
    response = client.get("/search?q=alpha+rights")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert response.text.index("Alpha Rights") < response.text.index("claim:test-001-01")
    assert 'name="type"' in response.text  # type filters offered


def test_search_json_by_parameter_and_by_accept(client):
    by_parameter = client.get("/search?q=alpha&format=json")
    by_accept = client.get("/search?q=alpha", headers={"Accept": "application/json"})
    for response in (by_parameter, by_accept):
        assert response.mimetype == "application/json"
        assert response.json["results"][0]["iri"] == ALPHA
        assert "Accept" in response.vary


def test_search_json_type_filter(client):
    data = client.get(
        "/search", query_string={"q": "letter", "type": OPEN_LETTER, "format": "json"}
    ).json
    assert {r["iri"] for r in data["results"]} == {LETTER, SECOND_LETTER}
    assert any(t["iri"] == OPEN_LETTER and t["count"] == 2 for t in data["types"])


def test_search_page_escapes_the_query(client):
    html = client.get("/search", query_string={"q": "<script>alert(1)</script>"}).text
    assert "<script>alert(1)" not in html
