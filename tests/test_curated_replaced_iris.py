"""Published IRIs that a correction replaced (data/replaced.ttl) keep answering with a 301.

Issue 11 renamed entities whose slug named a date no quote backs; their old IRIs were
published, so the browser redirects them to their replacement instead of answering 404.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from flask.testing import FlaskClient

from advocacy_kg import config, loading

DCTERMS_REPLACED = "http://purl.org/dc/terms/isReplacedBy"


def replacements() -> list[tuple[str, str]]:
    quads = loading.parse_file(config.DATA_DIR / "replaced.ttl", config.REPLACED_GRAPH)
    pairs = [
        (str(q.subject.value), str(q.object.value))  # type: ignore[union-attr]
        for q in quads
        if q.predicate.value == DCTERMS_REPLACED
    ]
    assert len(pairs) >= 10
    return pairs


def path(iri: str) -> str:
    assert iri.startswith(config.BASE)
    return "/" + iri[len(config.BASE) :]


@pytest.mark.parametrize(("old", "new"), replacements())
def test_a_replaced_iri_redirects_to_its_replacement(
    client: FlaskClient, old: str, new: str
) -> None:
    response = client.get(path(old))
    assert response.status_code == 301
    assert response.headers["Location"].endswith(path(new))
    assert client.get(path(new)).status_code == 200


def test_a_replaced_iri_keeps_its_format_extension_and_query(client: FlaskClient) -> None:
    old = "/id/letter/2024-07-26-police-facial-recognition"
    new = "/id/letter/nine-groups-police-facial-recognition"
    response = client.get(old + ".ttl")
    assert response.status_code == 301
    assert response.headers["Location"].endswith(new + ".ttl")
    followed = client.get(old + ".ttl", follow_redirects=True)
    assert followed.status_code == 200 and followed.mimetype == "text/turtle"
    assert client.get(old + "?format=nt").headers["Location"].endswith(new + "?format=nt")


def test_an_iri_nothing_replaced_is_still_not_found(client: FlaskClient) -> None:
    assert client.get("/id/letter/2024-07-27-no-such-letter").status_code == 404


def test_every_replacement_is_a_curated_entity_and_no_old_iri_is_in_a_claim() -> None:
    quads = list(loading.parse_files(loading.curated_files()))
    in_claims = {
        term.value
        for q in quads
        if isinstance(q.graph_name, ox.NamedNode)
        and q.graph_name.value.startswith((config.CLAIM, config.BASE + "inference/"))
        for term in (q.subject, q.object)
        if isinstance(term, ox.NamedNode)
    }
    for old, new in replacements():
        assert new in in_claims, new
        assert old not in in_claims, old
