"""URLs the app writes: mounted under a script root (``SCRIPT_NAME=/kg``, as behind a proxy that
serves it at a sub-path), every link, form, ``Link`` header and redirect stays under ``/kg``; and
no absolute URL is built from the client's ``Host`` header."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from browse_support import ALPHA, CLAIM, GAMMA, LETTER, SOURCE, fixture_app, fixture_store, path_of
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from advocacy_kg.web import SPARQL_KEY, create_app

MOUNT = "/kg"
#: One page of each kind, and the other areas' pages that share the layout.
PAGES = [
    "/",
    "/search?q=alpha",
    "/timeline",
    "/network",
    "/validation",
    "/def/",
    "/def/OpenLetter",
    "/def/signatory",
    "/concept/demand-type",
    path_of(LETTER),
    path_of(ALPHA),
    path_of(GAMMA),
    path_of(SOURCE),
    path_of(CLAIM),
    "/id/nobody-of-that-name",
    "/download",
    "/sparql",
]
URL_ATTRIBUTE = re.compile(r'\s(?:href|src|action)="([^"]*)"')
LINK_TARGET = re.compile(r"<([^>]*)>")


@pytest.fixture(scope="module")
def client() -> Iterator[FlaskClient]:
    app = fixture_app()
    yield app.test_client()
    app.extensions[SPARQL_KEY].close()


def mounted_get(client: FlaskClient, path: str, **kwargs: Any) -> TestResponse:
    """GET ``path`` of the app mounted at ``MOUNT`` (werkzeug sets SCRIPT_NAME from base_url)."""
    return client.get(path, base_url="http://localhost" + MOUNT, **kwargs)


def local_urls(response: TestResponse) -> list[str]:
    """The URLs on this server that a response points to: in its HTML and its Link header."""
    found = URL_ATTRIBUTE.findall(response.get_data(as_text=True))
    found += LINK_TARGET.findall(response.headers.get("Link", ""))
    if "Location" in response.headers:
        found.append(response.headers["Location"])
    return [url.replace("&amp;", "&") for url in found if url.startswith("/")]


@pytest.mark.parametrize("path", PAGES)
def test_every_url_of_a_page_stays_under_the_mount(client: FlaskClient, path: str) -> None:
    response = mounted_get(client, path, headers={"Accept": "text/html"})
    assert response.status_code in (200, 404), path
    urls = local_urls(response)
    assert len(urls) > 10, f"{path}: too few links to check, {urls}"
    outside = [url for url in urls if not (url == MOUNT or url.startswith(MOUNT + "/"))]
    assert not outside, f"{path} points outside {MOUNT}: {outside}"


def test_home_page_advertises_the_dataset_description_under_the_mount(client: FlaskClient) -> None:
    link = mounted_get(client, "/").headers["Link"]
    assert f"<{MOUNT}/.well-known/void>" in link
    description = mounted_get(client, "/.well-known/void")
    assert description.status_code == 200 and description.mimetype == "text/turtle"


def test_query_this_opens_the_sparql_page_under_the_mount(client: FlaskClient) -> None:
    html = mounted_get(client, path_of(LETTER)).get_data(as_text=True)
    query_this = re.search(r'<a href="([^"]*)">Query this</a>', html)
    assert query_this and query_this.group(1).startswith(f"{MOUNT}/sparql?query=")


def test_navigation_marks_the_current_page_under_the_mount(client: FlaskClient) -> None:
    html = mounted_get(client, "/timeline").get_data(as_text=True)
    assert f'<a href="{MOUNT}/timeline" aria-current="page">Timeline</a>' in html
    assert f'<a class="brand" href="{MOUNT}/">' in html


@pytest.mark.parametrize(
    "path", ["/", "/sparql", "/reconcile", f"/reconcile/preview?id={ALPHA.rsplit('/id/', 1)[1]}"]
)
def test_no_absolute_url_is_taken_from_the_host_header(client: FlaskClient, path: str) -> None:
    """A client writes the Host header; echoed into pages and manifests it would let anyone
    make the server hand out links to another site (the configured PUBLIC_URL or the bound
    address is used instead)."""
    response = client.get(path, headers={"Host": "attacker.example", "Accept": "text/html"})
    assert response.status_code == 200, path
    body = response.get_data(as_text=True)
    assert "http://localhost/" in body  # absolute URLs are there, from the bound address
    assert "attacker.example" not in body


def test_the_public_url_names_the_reconciliation_service_and_the_sparql_page() -> None:
    app = create_app({"TESTING": True, "PUBLIC_URL": "https://kg.example.org/"}, fixture_store())
    try:
        client = app.test_client()
        manifest = mounted_get(client, "/reconcile").get_json()
        page = mounted_get(client, "/sparql", headers={"Accept": "text/html"}).text
    finally:
        app.extensions[SPARQL_KEY].close()
    assert manifest["view"]["url"] == "https://kg.example.org/id/{{id}}"
    assert manifest["preview"]["url"].startswith("https://kg.example.org/reconcile/preview?")
    assert "<code>https://kg.example.org/sparql</code>" in page
