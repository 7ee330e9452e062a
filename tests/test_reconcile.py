"""``/reconcile``: every answer valid against the Reconciliation Service API 0.2 schemas,
answers about the curated graph, CORS on these routes only, and 400s for bad input."""

from __future__ import annotations

import json
from typing import Any

import pytest
from flask.testing import FlaskClient
from reconcile_support import SCHEMAS, assert_valid, validator

from advocacy_kg.reconciliation_input import MAX_BATCH

ORG = "organisation/open-rights-group"


def body(response: Any) -> Any:
    """The JSON of a response (typed ``Any`` for the checks below)."""
    assert response.is_json, response.text
    return response.json


def reconcile(client: FlaskClient, batch: dict[str, Any]) -> dict[str, Any]:
    assert_valid("reconciliation-query-batch", batch)  # what we send is a valid batch too
    response = client.post("/reconcile", data={"queries": json.dumps(batch)})
    assert response.status_code == 200, response.text
    assert_valid("reconciliation-result-batch", body(response))
    return body(response)


def test_the_vendored_schemas_reject_what_they_should() -> None:
    """The validator is not vacuous: the specs' own invalid examples fail it."""
    examples = SCHEMAS / "examples"
    for name, schema in [
        ("reconciliation-result-batch-invalid-missing-id", "reconciliation-result-batch"),
        ("data-extension-response-invalid-wrong-properties", "data-extension-response"),
    ]:
        document = json.loads((examples / f"{name}.json").read_text(encoding="utf-8"))
        assert list(validator(schema).iter_errors(document)), name
    assert_valid(
        "manifest", {"versions": ["0.2"], "name": "x", "identifierSpace": "i", "schemaSpace": "s"}
    )


def test_the_manifest_is_valid_and_names_every_service(client: FlaskClient) -> None:
    manifest = body(client.get("/reconcile"))
    assert_valid("manifest", manifest)
    assert manifest["identifierSpace"] == "https://w3id.org/advocacy-kg/id/"
    assert {t["id"] for t in manifest["defaultTypes"]} == {
        "OpenLetter",
        "Organisation",
        "Person",
        "PublicOffice",
        "Legislation",
    }
    assert manifest["view"]["url"] == "http://localhost/id/{{id}}"
    assert set(manifest["suggest"]) == {"entity", "type", "property"}


def test_an_exact_name_is_the_one_match_and_ranks_first(client: FlaskClient) -> None:
    answer = reconcile(client, {"q0": {"query": "Open Rights Group", "type": "Organisation"}})
    first = answer["q0"]["result"][0]
    assert (first["id"], first["match"], first["score"]) == (ORG, True, 100)
    assert first["type"] == [{"id": "Organisation", "name": "Organisation"}]
    assert not any(c["match"] for c in answer["q0"]["result"][1:])


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ORG", ORG),
        ("open rights group", ORG),
        ("EDRi", "organisation/edri"),
        ("Vera Jourova", "person/vera-jourova"),
        ("Starmer Keir", "person/keir-starmer"),
        ("Netpol", "organisation/netpol"),
    ],
)
def test_near_names_find_the_entity_first(client: FlaskClient, query: str, expected: str) -> None:
    answer = reconcile(client, {"q": {"query": query}})
    assert answer["q"]["result"][0]["id"] == expected


def test_a_batch_answers_each_query_under_its_key(client: FlaskClient) -> None:
    batch = {f"q{i}": {"query": name} for i, name in enumerate(["Statewatch", "Yvette Cooper"])}
    answer = reconcile(client, batch)
    assert [answer[k]["result"][0]["name"] for k in ("q0", "q1")] == ["Statewatch", "Yvette Cooper"]


def test_a_type_filter_keeps_only_that_class_and_its_subclasses(client: FlaskClient) -> None:
    people = reconcile(client, {"q": {"query": "European Commission", "type": "Person"}})
    assert all(c["type"][0]["id"] == "Person" for c in people["q"]["result"])
    bodies = reconcile(client, {"q": {"query": "European Commission", "type": ["Organisation"]}})
    assert bodies["q"]["result"][0]["id"] == "organisation/european-commission"  # a PublicBody


def test_a_property_condition_raises_the_letter_that_meets_it(client: FlaskClient) -> None:
    query = {"query": "letter", "type": "OpenLetter", "limit": 3}
    plain = reconcile(client, {"q": query})["q"]["result"]
    signed = {"pid": "signatory", "v": {"id": "organisation/edri", "name": "EDRi"}}
    answer = reconcile(client, {"q": {**query, "properties": [signed]}})["q"]["result"]
    assert answer[0]["id"] in {"letter/2021-01-red-lines", "letter/2021-04-01-reynders"}
    assert [c["id"] for c in plain] != [c["id"] for c in answer]


def test_properties_alone_find_the_letters_addressed_to_someone(client: FlaskClient) -> None:
    query = {"properties": [{"pid": "addressee", "v": "Didier Reynders"}], "type": "OpenLetter"}
    found = reconcile(client, {"q": query})["q"]["result"]
    assert found[0]["id"] == "letter/2021-04-01-reynders"
    assert found[0]["score"] == 100


def test_get_queries_work_as_post(client: FlaskClient) -> None:
    response = client.get(
        "/reconcile", query_string={"queries": json.dumps({"q": {"query": "Netpol"}})}
    )
    assert response.status_code == 200
    assert body(response)["q"]["result"][0]["id"] == "organisation/netpol"


def test_suggest_entity_type_and_property(client: FlaskClient) -> None:
    entities = body(client.get("/reconcile/suggest/entity?prefix=amnes"))
    assert_valid("suggest-entities-response", entities)
    assert entities["result"][0]["id"] == "organisation/amnesty-international"
    by_id = body(client.get(f"/reconcile/suggest/entity?prefix={ORG}"))
    assert by_id["result"][0]["id"] == ORG
    types = body(client.get("/reconcile/suggest/type?prefix=lett"))
    assert_valid("suggest-types-response", types)
    assert "OpenLetter" in [t["id"] for t in types["result"]]
    props = body(client.get("/reconcile/suggest/property?prefix=sign"))
    assert_valid("suggest-properties-response", props)
    assert [p["id"] for p in props["result"]] == ["signatory", "signed"]


def test_property_proposals_for_a_type(client: FlaskClient) -> None:
    answer = body(client.get("/reconcile/properties?type=OpenLetter&limit=3"))
    assert_valid("data-extension-property-proposal", answer)
    assert len(answer["properties"]) == 3
    assert client.get("/reconcile/properties?type=Nonsense").status_code == 400


def test_extend_gives_label_type_date_signatories_and_addressees(client: FlaskClient) -> None:
    query = {
        "ids": ["letter/2021-04-01-reynders", ORG],
        "properties": [
            {"id": p}
            for p in ("label", "type", "date", "signatory", "addressee", "signed", "wikidata")
        ],
    }
    assert_valid("data-extension-query", query)
    answer = body(client.post("/reconcile", data={"extend": json.dumps(query)}))
    assert_valid("data-extension-response", answer)
    letter = answer["rows"]["letter/2021-04-01-reynders"]
    assert letter["date"] == [{"date": "2021-04-01T00:00:00Z"}]
    assert {"id": "organisation/edri", "name": "European Digital Rights (EDRi)"} in letter[
        "signatory"
    ]
    assert letter["addressee"] == [{"id": "person/didier-reynders", "name": "Didier Reynders"}]
    assert {"id": "OpenLetter", "name": "Open letter"} in letter["type"]
    assert answer["rows"][ORG]["wikidata"] == []  # the curated graph has no Wikidata link


def test_preview_is_a_small_card_with_the_site_policy(client: FlaskClient) -> None:
    response = client.get(f"/reconcile/preview?id={ORG}")
    assert response.status_code == 200
    assert "Open Rights Group" in response.text
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert client.get("/reconcile/preview?id=organisation/nobody").status_code == 404


def test_cors_is_open_on_reconcile_routes_only(client: FlaskClient) -> None:
    origin = {"Origin": "https://openrefine.example"}
    for path in (
        "/reconcile",
        "/reconcile/suggest/entity?prefix=a",
        f"/reconcile/preview?id={ORG}",
    ):
        response = client.get(path, headers=origin)
        assert response.headers["Access-Control-Allow-Origin"] == "*", path
        assert "Access-Control-Allow-Credentials" not in response.headers
    preflight = client.options(
        "/reconcile", headers={**origin, "Access-Control-Request-Method": "POST"}
    )
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    assert "Access-Control-Allow-Origin" not in client.get("/sparql", headers=origin).headers
    bad = client.post("/reconcile", data={"queries": "{"}, headers=origin)
    assert bad.headers["Access-Control-Allow-Origin"] == "*"  # a client can read the error


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"queries": '{"q0": {"query": "x"'}, "queries: malformed JSON at line 1"),
        ({"queries": '["x"]'}, "expected a JSON object of queries"),
        ({"queries": '{"q0": {"query": "x", "type": "Planet"}}'}, "unknown type 'Planet'"),
        ({"queries": '{"q0": {"query": ""}}'}, "give a non-empty 'query' or 'properties'"),
        ({"queries": '{"q0": {"query": "x", "limit": -1}}'}, "'limit' must be a positive integer"),
        ({"queries": '{"q0": {"query": "x", "colour": 1}}'}, "unknown field 'colour'"),
        (
            {"queries": '{"q0": {"properties": [{"pid": "shoe", "v": "x"}]}}'},
            "unknown property 'shoe'",
        ),
        ({"extend": '{"ids": "x"}'}, "extend: expected"),
        ({"extend": '{"ids": ["x"], "properties": [{"id": "shoe"}]}'}, "unknown property 'shoe'"),
    ],
)
def test_bad_input_is_a_400_saying_what_is_wrong(
    client: FlaskClient, data: dict[str, str], message: str
) -> None:
    response = client.post("/reconcile", data=data)
    assert response.status_code == 400
    assert message in response.text
    assert "Traceback" not in response.text


def test_a_thousand_queries_in_a_batch_are_refused(client: FlaskClient) -> None:
    batch = {f"q{i}": {"query": "Netpol"} for i in range(1000)}
    response = client.post("/reconcile", data={"queries": json.dumps(batch)})
    assert response.status_code == 400
    assert f"1000 queries, at most {MAX_BATCH} in one batch" in response.text
