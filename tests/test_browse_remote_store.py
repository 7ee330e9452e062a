"""The browser in front of a real SPARQL server: every page comes from SPARQL over HTTP
(Oxigraph server started on a loopback port, the fixture graph loaded into it)."""

from __future__ import annotations

import pytest
from browse_support import ALPHA, FIXTURE, LETTER, SOURCE, fixture_app, path_of
from sparql_servers import oxigraph_server

from advocacy_kg.loading import RdfFile
from advocacy_kg.store import SparqlStore, open_store

__all__ = ["oxigraph_server"]  # the fixture, used by name below
pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def client(oxigraph_server: str):
    store = open_store(f"sparql:{oxigraph_server} timeout=30")
    assert isinstance(store, SparqlStore)
    store.load_graphs([RdfFile(FIXTURE)])
    return fixture_app(store).test_client()


@pytest.mark.parametrize(
    "path",
    [
        "/",
        path_of(LETTER),
        path_of(ALPHA),
        path_of(SOURCE),
        "/def/OpenLetter",
        "/concept/demand-type",
        "/claim/test-001-01",
        "/search?q=alpha",
        "/timeline",
        "/network",
        "/validation",
    ],
)
def test_every_page_type_is_served_from_the_remote_store(client, path):
    assert client.get(path).status_code == 200


def test_letter_page_from_the_remote_store_shows_facts_and_quotes(client):
    html = client.get(path_of(LETTER)).text
    assert "Alpha Rights" in html
    assert "On 2 March 2021, Alpha Rights and Beta Watch sent a letter to Minister Gamma" in html


def test_rdf_from_the_remote_store(client):
    response = client.get(path_of(ALPHA) + ".nq")
    assert response.status_code == 200
    assert (
        f"<{LETTER}> <https://w3id.org/advocacy-kg/def/signatory> <{ALPHA}>".encode()
        in response.data
    )


def test_unknown_iri_is_404_on_the_remote_store_too(client):
    assert client.get("/id/organisation/nobody").status_code == 404
