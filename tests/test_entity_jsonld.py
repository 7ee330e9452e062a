"""Entity JSON-LD that plain readers can use: rdflib's ``Graph``, pyld and pyoxigraph read from
``application/ld+json`` exactly the triples of the entity's Turtle view; the document is framed
around the entity; provenance stays reachable. Also the shapes of ``/dataset`` and search JSON."""

from __future__ import annotations

import json
from typing import Any

import pyoxigraph as ox
import pytest
import rdflib
from flask.testing import FlaskClient
from pyld import jsonld

from advocacy_kg import config
from advocacy_kg.jsonld_context import CONTEXT_IRI

PERSON = config.ENTITY + "person/keir-starmer"
LETTER = config.ENTITY + "letter/2021-04-01-reynders"
ORGANISATION = config.ENTITY + "organisation/edri"
ENTITIES = [PERSON, LETTER, ORGANISATION]
#: rdflib's JSON-LD parser uses its deprecated ConjunctiveGraph internally.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib")


def no_network(url: str, options: object = None) -> Any:
    raise AssertionError(f"a network load was attempted: {url}")


def path_of(iri: str) -> str:
    return "/" + iri.removeprefix(config.BASE)


def canonical(triples: list[ox.Triple] | list[ox.Quad]) -> ox.Dataset:
    """Triples as a dataset with blank nodes renamed canonically (each reader names its own)."""
    quads = [ox.Quad(t.subject, t.predicate, t.object) for t in triples]
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return dataset


def turtle_view(client: FlaskClient, iri: str) -> ox.Dataset:
    response = client.get(path_of(iri), headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    return canonical(list(ox.parse(response.data, ox.RdfFormat.TURTLE)))


def jsonld_body(client: FlaskClient, iri: str) -> bytes:
    response = client.get(path_of(iri), headers={"Accept": "application/ld+json"})
    assert response.status_code == 200 and response.mimetype == "application/ld+json"
    return response.data


def by_rdflib(body: bytes) -> ox.Dataset:
    graph = rdflib.Graph().parse(data=body, format="json-ld")  # a plain Graph, no Dataset
    assert len(graph) > 0
    return canonical(list(ox.parse(graph.serialize(format="nt").encode(), ox.RdfFormat.N_TRIPLES)))


def by_pyld(document: dict[str, Any], loader: Any = no_network) -> ox.Dataset:
    nquads = jsonld.to_rdf(document, {"format": "application/n-quads", "documentLoader": loader})
    quads = list(ox.parse(nquads.encode(), ox.RdfFormat.N_QUADS))
    assert all(isinstance(q.graph_name, ox.DefaultGraph) for q in quads)  # no named graph
    return canonical(quads)


def by_pyoxigraph(body: bytes) -> ox.Dataset:
    quads = list(ox.parse(body, ox.RdfFormat.JSON_LD))
    assert all(isinstance(q.graph_name, ox.DefaultGraph) for q in quads)
    return canonical(quads)


@pytest.mark.parametrize("iri", ENTITIES, ids=lambda i: i.rsplit("/", 1)[-1])
def test_three_readers_read_the_turtle_views_triples(client: FlaskClient, iri: str) -> None:
    expected = turtle_view(client, iri)
    assert len(expected) > 20
    body = jsonld_body(client, iri)
    assert by_rdflib(body) == expected
    assert by_pyld(json.loads(body)) == expected
    assert by_pyoxigraph(body) == expected


def test_format_parameter_and_extension_give_the_same_document(client: FlaskClient) -> None:
    body = jsonld_body(client, PERSON)
    assert client.get(path_of(PERSON) + "?format=jsonld").data == body
    assert client.get(path_of(PERSON) + ".jsonld").data == body


def test_the_published_context_by_its_iri_reads_the_same(client: FlaskClient) -> None:
    """A reader given a loader that maps <base>context.jsonld to the served file, never fetched."""
    served = json.loads(client.get("/context.jsonld").data)
    loaded: list[str] = []

    def local(url: str, options: object = None) -> dict[str, Any]:
        if url != CONTEXT_IRI:
            return no_network(url)  # type: ignore[no-any-return, unused-ignore]
        loaded.append(url)
        return {"contextUrl": None, "documentUrl": url, "document": served}

    document = json.loads(jsonld_body(client, LETTER))
    assert document["@context"] == served["@context"]  # the inline context is the published one
    document["@context"] = CONTEXT_IRI
    assert by_pyld(document, local) == turtle_view(client, LETTER)
    assert loaded == [CONTEXT_IRI]


def test_framed_around_the_entity(client: FlaskClient) -> None:
    document = json.loads(jsonld_body(client, LETTER))
    assert list(document)[:3] == ["@context", "@id", "@type"]
    assert document["@id"] == "id:letter/2021-04-01-reynders"
    # claims that call it open say OpenLetter, the others AdvocacyAction (issue 11's typing rule)
    assert sorted(document["@type"]) == ["AdvocacyAction", "OpenLetter"]
    assert isinstance(document["label"], str) and isinstance(document["date"], str)
    signatories = _listed(document["signatory"])  # one value is written without a list
    assert signatories
    # linked entities are nested with their labels, as plain strings
    assert all(s["@id"].startswith("id:") and isinstance(s["label"], str) for s in signatories)
    assert list(document)[-1] == "@included"


def test_incoming_links_are_under_reverse(client: FlaskClient) -> None:
    document = json.loads(jsonld_body(client, ORGANISATION))
    letters = _listed(document["@reverse"]["signatory"])
    assert any(n["@id"] == "id:letter/2021-04-01-reynders" for n in letters)
    assert all("label" in n for n in letters)


def test_every_fact_keeps_its_claim_source_and_quote(client: FlaskClient) -> None:
    document = json.loads(jsonld_body(client, LETTER))
    included = document["@included"]
    claims = {n["@id"]: n for n in included if n.get("@type") == "Claim"}
    statements = [n for n in included if n.get("@type") == "Statement"]
    assert claims and statements
    for claim in claims.values():
        assert claim["source"].startswith("id:source/") and claim["quote"]
    signed = [
        s
        for s in statements
        if s["subject"] == document["@id"] and s["predicate"] == "akg:signatory"
    ]
    assert len(signed) >= len(_listed(document["signatory"]))  # a claim or more each
    for statement in signed:
        assert all(claim in claims for claim in _listed(statement["wasDerivedFrom"]))


def test_a_claim_iri_still_gives_its_named_graph(client: FlaskClient) -> None:
    claim = config.CLAIM + "s25-01"
    response = client.get(path_of(claim), headers={"Accept": "application/ld+json"})
    quads = list(ox.parse(response.data, ox.RdfFormat.JSON_LD))
    assert ox.NamedNode(claim) in {q.graph_name for q in quads}


def test_dataset_description_reads_the_same_in_every_reader(client: FlaskClient) -> None:
    turtle = client.get("/dataset", headers={"Accept": "text/turtle"}).data
    expected = canonical(list(ox.parse(turtle, ox.RdfFormat.TURTLE)))
    assert len(expected) > 50
    body = client.get("/dataset?format=jsonld").data
    document = json.loads(body)
    assert set(document) == {"@context", "@graph"}  # the shape README.md documents
    assert by_rdflib(body) == expected
    assert by_pyld(document) == expected
    assert by_pyoxigraph(body) == expected
    [dataset] = [n for n in document["@graph"] if n["@id"] == config.BASE + "dataset"]
    assert "void:Dataset" in _types(dataset) and "dcat:Dataset" in _types(dataset)
    assert {"dcterms:title", "void:triples", "dcat:distribution"} <= set(dataset)


def test_search_json_has_the_documented_shape(client: FlaskClient) -> None:
    found = client.get("/search?q=starmer&format=json").get_json()
    assert set(found) == {"query", "total", "results", "types"}
    assert found["query"] == "starmer" and found["total"] >= 1
    first = found["results"][0]
    assert set(first) == {
        "iri",
        "label",
        "types",
        "type_labels",
        "snippet",
        "field",
        "score",
        "words_matched",
    }
    assert PERSON in [r["iri"] for r in found["results"]]
    assert all(set(t) == {"iri", "label", "count"} for t in found["types"])


def _types(node: dict[str, Any]) -> list[str]:
    return _listed(node.get("@type", []))


def _listed(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]
