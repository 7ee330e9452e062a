"""The publishing area of the server: /download, /context.jsonld, /.well-known/void, /dataset,
and the downloads and "cite this" on the home page."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pyoxigraph as ox
import pytest
from flask.testing import FlaskClient

from advocacy_kg import config, export
from advocacy_kg.citation import load_citation
from advocacy_kg.formats import Format
from advocacy_kg.jsonld_context import CONTEXT_IRI
from advocacy_kg.web import SPARQL_KEY, create_app, publish

DESCRIPTION_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """What ``advocacy-kg export`` writes: the server must serve the same bytes."""
    out = tmp_path_factory.mktemp("release")
    export.export(out)
    return out


@contextmanager
def another_app(settings: dict[str, object]) -> Iterator[FlaskClient]:
    """A client of an app with other settings; its query processes are stopped afterwards."""
    app = create_app({"TESTING": True, **settings})
    try:
        yield app.test_client()
    finally:
        app.extensions[SPARQL_KEY].close()


def path_of(iri: str) -> str:
    """The path under this server of an IRI under the base."""
    assert iri.startswith(config.BASE)
    return "/" + iri[len(config.BASE) :]


def test_download_page_lists_every_dump_with_its_size_and_checksum(
    client: FlaskClient, release: Path
) -> None:
    response = client.get("/download")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    for fmt in export.FORMATS.values():
        name = export.dump_name(fmt)
        data = (release / name).read_bytes()
        assert f'href="/download/{name}"' in page
        assert f"<td>{len(data)}</td>" in page
        assert hashlib.sha256(data).hexdigest() in page
    assert "sha256sum -c SHA256SUMS" in page
    assert load_citation().text() in page


def test_every_file_is_served_as_exported(client: FlaskClient, release: Path) -> None:
    for path in sorted(release.iterdir()):
        response = client.get(f"/download/{path.name}")
        assert response.status_code == 200, path.name
        assert response.get_data() == path.read_bytes(), path.name
    for fmt in export.FORMATS.values():
        response = client.get(f"/download/{export.dump_name(fmt)}")
        assert response.mimetype == fmt.media_type
        assert response.headers["Content-Disposition"].startswith("attachment;")
    assert client.get("/download/SHA256SUMS").mimetype == "text/plain"


def test_the_dumps_are_built_once_per_process(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    real = publish.build_publication

    def counting(formats: Sequence[Format]) -> dict[str, bytes]:
        calls.append(1)
        return real(formats)

    monkeypatch.setattr(publish, "build_publication", counting)
    with another_app({}) as client:
        for fmt in export.FORMATS.values():
            assert client.get(f"/download/{export.dump_name(fmt)}").status_code == 200
        assert client.get("/.well-known/void").status_code == 200
    assert calls == [1]


def test_a_prior_export_is_served_from_download_dir(
    release: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(publish, "build_publication", None)  # must not be needed
    name = export.dump_name(export.FORMATS["trig"])
    with another_app({"DOWNLOAD_DIR": str(release)}) as client:
        assert client.get(f"/download/{name}").get_data() == (release / name).read_bytes()
        context = client.get("/context.jsonld").get_data()
    assert context == (release / "context.jsonld").read_bytes()


@pytest.mark.parametrize(
    "path", ["/download/nothing.ttl", "/download/..%2Fpyproject.toml", "/download/.SHA256SUMS"]
)
def test_names_outside_the_release_are_not_found(client: FlaskClient, path: str) -> None:
    assert client.get(path).status_code == 404


def test_downloads_answer_conditional_requests(client: FlaskClient) -> None:
    path = f"/download/{export.dump_name(export.FORMATS['nquads'])}"
    first = client.get(path)
    assert first.headers["ETag"]
    again = client.get(path, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.get_data() == b""
    assert client.head(path).headers["Content-Length"] == str(len(first.get_data()))


def test_the_context_is_served_at_its_iri(client: FlaskClient, release: Path) -> None:
    response = client.get(path_of(CONTEXT_IRI))
    assert response.status_code == 200
    assert response.mimetype == "application/ld+json"
    assert response.get_data() == (release / "context.jsonld").read_bytes()
    assert "OpenLetter" in json.loads(response.get_data())["@context"]


@pytest.mark.parametrize("media_type", list(DESCRIPTION_TYPES))
def test_void_is_served_in_each_format_it_advertises(
    client: FlaskClient, release: Path, media_type: str
) -> None:
    expected = ox.Dataset(
        ox.parse(path=str(release / export.description_name()), format=ox.RdfFormat.TURTLE)
    )
    response = client.get("/.well-known/void", headers={"Accept": media_type})
    assert response.status_code == 200
    assert response.mimetype == media_type
    assert response.headers["Vary"] == "Accept"
    served = ox.Dataset(ox.parse(response.get_data(), DESCRIPTION_TYPES[media_type]))
    assert served == expected
    assert len(served) > 100
    assert 'rel="alternate"' in response.headers["Link"]


def test_void_defaults_to_turtle_and_refuses_what_it_cannot_serve(client: FlaskClient) -> None:
    assert client.get("/.well-known/void").mimetype == "text/turtle"
    assert client.get("/.well-known/void", headers={"Accept": "image/png"}).status_code == 406
    assert client.get("/.well-known/void?format=nt").mimetype == "application/n-triples"
    assert client.get("/.well-known/void?format=exe").status_code == 404


def test_the_dataset_iri_dereferences(client: FlaskClient) -> None:
    dataset = "https://w3id.org/advocacy-kg/dataset"
    html = client.get(path_of(dataset), headers={"Accept": "text/html"})
    assert html.status_code == 303
    assert urlsplit(html.headers["Location"]).path == "/download"
    turtle = client.get(path_of(dataset), headers={"Accept": "text/turtle"})
    graph = ox.Dataset(ox.parse(turtle.get_data(), ox.RdfFormat.TURTLE, base_iri=config.BASE))
    assert any(q.subject == ox.NamedNode(dataset) for q in graph)


def test_home_page_lists_the_dumps_and_how_to_cite(client: FlaskClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    for fmt in export.FORMATS.values():
        assert f'href="/download/{export.dump_name(fmt)}"' in page
    citation = load_citation()
    assert citation.text() in page
    assert f"version = {{{citation.version}}}" in page


def test_every_address_the_description_gives_is_served_here(
    client: FlaskClient, release: Path
) -> None:
    """Download URLs, the download page, the dataset and the context resolve on this server."""
    description = ox.parse(
        path=str(release / export.description_name()), format=ox.RdfFormat.TURTLE
    )
    dcat, void = "http://www.w3.org/ns/dcat#", "http://rdfs.org/ns/void#"
    followed = {dcat + "downloadURL", dcat + "accessURL", dcat + "landingPage", void + "dataDump"}
    addresses = {q.object.value for q in description if q.predicate.value in followed}
    addresses |= {"https://w3id.org/advocacy-kg/dataset", CONTEXT_IRI}
    assert len(addresses) > len(export.FORMATS)
    for iri in sorted(addresses):
        response = client.get(path_of(iri), headers={"Accept": "text/html"})
        assert response.status_code in (200, 303), iri
