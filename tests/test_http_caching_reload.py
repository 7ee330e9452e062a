"""A server on an on-disk store never serves a stale answer: after ``advocacy-kg load`` swaps the
store with the server running, a query gets the new data and a new ETag, and the old ETag is
answered 200, not 304 (``web/freshness.py``, ``store/version.py``)."""

from __future__ import annotations

import json
import shutil
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from advocacy_kg.cli import main
from advocacy_kg.store import version
from advocacy_kg.web import SPARQL_KEY, create_app

#: Synthetic test data (not curated): a nickname no source gives.
NOTES = '@prefix foaf: <http://xmlns.com/foaf/0.1/> .\n<id/person/yvette-cooper> foaf:nick "{}" .\n'
NICKS = "SELECT ?nick { ?who <http://xmlns.com/foaf/0.1/nick> ?nick }"
JSON = {"Accept": "application/sparql-results+json"}
PERSON = "/id/person/yvette-cooper"


@pytest.fixture(scope="module")
def curated_on_disk(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The curated graph in an on-disk store, made once; each test serves a copy."""
    directory = tmp_path_factory.mktemp("curated") / "store"
    assert main(["load", "--store", f"oxigraph:{directory}", "--no-validate"]) == 0
    return directory


@pytest.fixture
def store_dir(curated_on_disk: Path, tmp_path: Path) -> Path:
    directory = tmp_path / "store"
    shutil.copytree(curated_on_disk, directory)
    return directory


def load_nick(directory: Path, nick: str) -> None:
    notes = directory.parent / "notes.ttl"
    notes.write_text(NOTES.format(nick), encoding="utf-8")
    spec = f"oxigraph:{directory}"
    assert main(["load", str(notes), "--store", spec, "--no-validate", "--no-curated"]) == 0


def nicks(body: dict[str, Any]) -> list[str]:
    return [row["nick"]["value"] for row in body["results"]["bindings"]]


def test_the_version_changes_with_a_load_and_not_with_reading(store_dir: Path) -> None:
    before = version.on_disk(store_dir)
    create_app({"TESTING": True, "STORE": f"oxigraph:{store_dir}"}).extensions[SPARQL_KEY].close()
    assert version.on_disk(store_dir) == before  # opening it read-only changes nothing
    load_nick(store_dir, "YC")
    assert version.on_disk(store_dir) not in (before, None)
    assert version.on_disk(store_dir.with_name("missing")) is None


def test_a_load_under_a_running_app_is_served_at_once(store_dir: Path) -> None:
    app = create_app({"TESTING": True, "STORE": f"oxigraph:{store_dir}"})
    try:
        client = app.test_client()
        query = {"query": NICKS}
        first = client.get("/sparql", query_string=query, headers=JSON)
        page = client.get(PERSON, headers={"Accept": "text/turtle"})
        assert nicks(first.get_json()) == [] and "YC" not in page.get_data(as_text=True)
        load_nick(store_dir, "YC")
        for _ in range(2):  # the query process of the first answer is not asked again
            second = client.get("/sparql", query_string=query, headers=JSON)
            assert nicks(second.get_json()) == ["YC"]
        assert second.headers["ETag"] != first.headers["ETag"]
        held = {**JSON, "If-None-Match": first.headers["ETag"]}
        stale = client.get("/sparql", query_string=query, headers=held)
        assert stale.status_code == 200 and nicks(stale.get_json()) == ["YC"]
        posted = client.post("/sparql", data=query, headers=held)
        assert posted.status_code == 200 and nicks(posted.get_json()) == ["YC"]
        new_page = client.get(PERSON, headers={"Accept": "text/turtle"})
        assert '"YC"' in new_page.get_data(as_text=True)
        assert new_page.headers["ETag"] != page.headers["ETag"]
        assert client.get("/-/cache").get_json()["reloads"] == 1
    finally:
        app.extensions[SPARQL_KEY].close()


def fetch(url: str, **headers: str) -> tuple[int, Any, Any]:
    """Status, headers (any case) and the JSON body of a GET."""
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 (loopback)
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310 (loopback)
            return answer.status, answer.headers, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, error.headers, None


def test_a_running_server_never_serves_a_stale_answer(
    store_dir: Path, start_server: Callable[..., Any]
) -> None:
    with start_server("--store", f"oxigraph:{store_dir}", "--workers", "2") as server:
        url = server.sparql + "?" + urllib.parse.urlencode({"query": NICKS})
        status, headers, body = fetch(url, **JSON)
        assert status == 200 and nicks(body) == []
        old = headers["ETag"]
        for _ in range(4):  # both workers hold the answer and have idle query processes
            assert fetch(url, **JSON, **{"If-None-Match": old})[0] == 304
        load_nick(store_dir, "YC")
        for _ in range(4):  # whichever worker answers
            status, headers, body = fetch(url, **JSON)
            assert status == 200 and nicks(body) == ["YC"] and headers["ETag"] != old
            status, _, body = fetch(url, **JSON, **{"If-None-Match": old})
            assert status == 200 and nicks(body) == ["YC"]
