"""OpenRefine's reconciliation calls, replayed against the real server (``advocacy-kg serve`` on
a free loopback port): the requests as OpenRefine 3.x builds them (``StandardReconConfig``: a
form-encoded ``queries`` batch keyed q0, q1…, ``type_strict: "should"`` with a type, a
reconciled cell as ``{"id", "name"}``; ``extend=`` for data extension; GETs for the manifest,
suggest, property proposals and previews), each answer checked against the 0.2 schemas."""

from __future__ import annotations

import json
from typing import Any

import requests
from reconcile_support import assert_valid
from server_support import LiveServer

FORM = {"Content-Type": "application/x-www-form-urlencoded; charset=UTF-8"}


def post(server: LiveServer, field: str, value: Any) -> Any:
    response = requests.post(
        server.url + "/reconcile", data={field: json.dumps(value)}, headers=FORM, timeout=30
    )
    assert response.status_code == 200, response.text
    return response.json()


def test_openrefine_session(live_server: LiveServer) -> None:
    manifest = requests.get(live_server.url + "/reconcile", timeout=30).json()
    assert_valid("manifest", manifest)

    # "Start reconciling": guess types from a sample of the column
    guess = post(live_server, "queries", {"q0": {"query": "Big Brother Watch", "limit": 3}})
    assert_valid("reconciliation-result-batch", guess)
    assert guess["q0"]["result"][0]["type"][0]["id"] == "Organisation"

    # reconcile a column of organisation names against a type, one column as a property
    batch = {
        "q0": {"query": "Open Rights Group", "type": "Organisation", "type_strict": "should"},
        "q1": {"query": "ORG", "type": "Organisation", "type_strict": "should"},
        "q2": {
            "query": "Letter of 56 organisations to Commissioner Reynders",
            "type": "OpenLetter",
            "type_strict": "should",
            "properties": [{"pid": "signatory", "v": {"id": "organisation/edri", "name": "EDRi"}}],
        },
    }
    results = post(live_server, "queries", batch)
    assert_valid("reconciliation-result-batch", results)
    first = {key: results[key]["result"][0] for key in batch}
    assert first["q0"]["id"] == "organisation/open-rights-group" and first["q0"]["match"]
    assert first["q1"]["id"] == "organisation/open-rights-group" and not first["q1"]["match"]
    assert first["q2"]["id"] == "letter/2021-04-01-reynders"

    # the suggest boxes of the "search for match" dialog, and the hover preview
    suggest = requests.get(
        live_server.url + "/reconcile/suggest/entity", params={"prefix": "big bro"}, timeout=30
    ).json()
    assert_valid("suggest-entities-response", suggest)
    assert suggest["result"][0]["id"] == "organisation/big-brother-watch"
    preview_url = manifest["preview"]["url"].replace("{{id}}", "organisation/big-brother-watch")
    assert preview_url.startswith(live_server.url + "/")  # the manifest names this server
    preview = requests.get(preview_url, timeout=30)
    assert preview.status_code == 200 and "Big Brother Watch" in preview.text

    # "Add columns from reconciled values": propose, then extend
    proposal = requests.get(
        live_server.url + "/reconcile/properties",
        params={"type": "Organisation", "limit": "10"},
        timeout=30,
    ).json()
    assert_valid("data-extension-property-proposal", proposal)
    assert "signed" in [p["id"] for p in proposal["properties"]]
    extension = post(
        live_server,
        "extend",
        {
            "ids": ["organisation/open-rights-group"],
            "properties": [{"id": "signed"}, {"id": "type"}],
        },
    )
    assert_valid("data-extension-response", extension)
    row = extension["rows"]["organisation/open-rights-group"]
    assert row["type"] == [{"id": "Organisation", "name": "Organisation"}]
    assert isinstance(row["signed"], list)
