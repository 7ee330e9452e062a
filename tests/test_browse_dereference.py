"""Dereferencing: every IRI under the base at its path, as HTML or RDF by Accept or extension."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
from browse_support import ALPHA, BASE, CLAIM, LETTER, fixture_app, path_of

from advocacy_kg.namespaces import AKG
from advocacy_kg.resource_rdf import OUTPUTS

SIGNATORY = ox.NamedNode(str(AKG.signatory))


@pytest.fixture(scope="module")
def client():
    return fixture_app().test_client()


def parse(body: bytes, media_type: str) -> list[ox.Quad]:
    fmt = ox.RdfFormat.from_media_type(media_type)
    assert fmt is not None
    return list(ox.parse(body, fmt))


def test_no_accept_header_gives_the_html_page(client):
    response = client.get(path_of(LETTER))
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert "Test letter to Minister Gamma (2 March 2021)" in response.text


def test_browsers_get_html(client):
    accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    response = client.get(path_of(LETTER), headers={"Accept": accept})
    assert response.mimetype == "text/html"


@pytest.mark.parametrize("output", OUTPUTS, ids=lambda o: o.extension)
def test_each_rdf_format_by_accept(client, output):
    response = client.get(path_of(ALPHA), headers={"Accept": output.media_type})
    assert response.status_code == 200
    assert response.mimetype == output.media_type
    assert "Accept" in response.vary
    quads = parse(response.data, output.media_type)
    triples = {(q.subject.value, q.predicate.value, q.object.value) for q in quads}
    assert (LETTER, str(AKG.signatory), ALPHA) in triples  # an incoming link


@pytest.mark.parametrize("output", OUTPUTS, ids=lambda o: o.extension)
def test_each_rdf_format_by_extension(client, output):
    response = client.get(f"{path_of(ALPHA)}.{output.extension}")
    assert response.status_code == 200
    assert response.mimetype == output.media_type
    assert parse(response.data, output.media_type)


def test_format_parameter_names_the_format(client):
    response = client.get(path_of(ALPHA) + "?format=nt")
    assert response.mimetype == "application/n-triples"
    assert client.get(path_of(ALPHA) + "?format=png").status_code == 400


def test_quality_values_pick_the_preferred_format(client):
    accept = "text/html;q=0.5, text/turtle;q=0.9, application/ld+json;q=0.8"
    assert client.get(path_of(ALPHA), headers={"Accept": accept}).mimetype == "text/turtle"


def test_unsupported_accept_is_406_naming_what_is_offered(client):
    response = client.get(path_of(ALPHA), headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert "text/turtle" in response.text
    assert "Accept" in response.vary


def test_every_answer_links_its_alternates(client):
    for accept in ("text/html", "text/turtle"):
        link = client.get(path_of(ALPHA), headers={"Accept": accept}).headers["Link"]
        for output in OUTPUTS:
            assert (
                f"<{path_of(ALPHA)}.{output.extension}>; "
                f'rel="alternate"; type="{output.media_type}"' in link
            )
        assert f'<{path_of(ALPHA)}>; rel="alternate"; type="text/html"' in link


def test_html_page_advertises_alternates_in_the_head(client):
    html = client.get(path_of(ALPHA)).text
    assert f'<link rel="alternate" type="text/turtle" href="{path_of(ALPHA)}.ttl"' in html


def test_unknown_iri_is_404_with_search_box_and_similar_labels(client):
    response = client.get("/id/organisation/alpha")
    assert response.status_code == 404
    assert 'type="search"' in response.text
    assert "Alpha Rights" in response.text  # a similar label, linked
    assert f'href="{path_of(ALPHA)}"' in response.text


def test_unknown_extension_of_known_iri_is_404(client):
    assert client.get(path_of(ALPHA) + ".png").status_code == 404


def test_rdf_holds_outgoing_incoming_labels_and_provenance(client):
    quads = parse(client.get(path_of(ALPHA) + ".trig").data, "application/trig")
    by_graph = {
        (q.subject.value, q.predicate.value, q.object.value, q.graph_name.value) for q in quads
    }
    assert (ALPHA, BASE + "def/memberOf", BASE + "id/organisation/delta-coalition") not in by_graph
    assert (LETTER, str(AKG.signatory), ALPHA, CLAIM) in by_graph  # the fact in its claim
    label = "http://www.w3.org/2000/01/rdf-schema#label"
    assert any(s == LETTER and p == label for s, p, _, _ in by_graph)  # label of a linked IRI
    assert (CLAIM, str(AKG.source), BASE + "id/source/test-001", CLAIM) in by_graph
    assert any(s == CLAIM and p == str(AKG.quote) for s, p, _, _ in by_graph)


def test_triple_formats_keep_provenance_as_statements(client):
    quads = parse(client.get(path_of(ALPHA) + ".ttl").data, "text/turtle")
    rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    statements = {
        q.subject for q in quads if q.predicate.value == rdf + "object" and q.object.value == ALPHA
    }
    derived = {
        q.object.value
        for q in quads
        if q.subject in statements
        and q.predicate.value == "http://www.w3.org/ns/prov#wasDerivedFrom"
    }
    assert CLAIM in derived
    assert any(q.subject.value == CLAIM and q.predicate.value == str(AKG.quote) for q in quads)


def test_jsonld_is_compacted_with_the_project_context(client):
    document = json.loads(
        client.get(path_of(LETTER), headers={"Accept": "application/ld+json"}).data
    )
    context = document["@context"]
    assert context["akg"] == BASE + "def/"
    assert "signatory" in context  # a term of the project context, not just prefixes
    assert document["@id"] == "id:letter/2021-03-02-test"  # framed around the entity


def test_claim_iri_serves_its_named_graph(client):
    quads = parse(
        client.get(path_of(CLAIM), headers={"Accept": "application/trig"}).data, "application/trig"
    )
    assert {q.graph_name.value for q in quads} >= {CLAIM}
    assert any(q.predicate == SIGNATORY for q in quads)


def test_head_request_has_headers_and_no_body(client):
    response = client.head(path_of(LETTER), headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    assert response.mimetype == "text/turtle"
    assert response.data == b""


@pytest.mark.parametrize(
    "path",
    [
        "/def/",
        "/def/OpenLetter",
        "/def/signatory",
        "/concept/demand-type",
        "/concept/demand-type/prohibit",
        "/claim/test-001-01",
        "/graph/sources",
        "/id/source/test-001",
    ],
)
def test_every_kind_of_iri_dereferences(client, path):
    assert client.get(path).status_code == 200
    assert client.get(path, headers={"Accept": "text/turtle"}).mimetype == "text/turtle"
