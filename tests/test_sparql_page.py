"""The query page: /sparql in a browser shows YASGUI (vendored, nothing from a CDN) with the
project's prefixes and the example queries of data/queries, a shareable link per query, and
runs queries in a real Chromium under the page's Content-Security-Policy."""

from __future__ import annotations

import html as html_text
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from flask.testing import FlaskClient
from server_support import LiveServer

from advocacy_kg.namespaces import PREFIXES
from advocacy_kg.queries import example_queries

BROWSER_HEADERS = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
VENDOR = Path(__file__).parents[1] / "src" / "advocacy_kg" / "web" / "static" / "vendor" / "yasgui"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def page_config(html: str) -> dict[str, Any]:
    found = re.search(
        r'<script type="application/json" id="sparql-config">(.*?)</script>', html, re.S
    )
    assert found, "the page carries its configuration as JSON"
    config: dict[str, Any] = json.loads(found.group(1))
    return config


def test_browser_gets_the_query_page_with_yasgui(client: FlaskClient) -> None:
    response = client.get("/sparql", headers=BROWSER_HEADERS)
    assert response.status_code == 200 and response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    assert "/static/vendor/yasgui/yasgui.min.js" in html
    assert "/static/vendor/yasgui/yasgui.min.css" in html
    policy = response.headers["Content-Security-Policy"]
    assert (
        "script-src 'self'" in policy
        and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    )
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_page_loads_nothing_from_elsewhere(client: FlaskClient) -> None:
    html = client.get("/sparql", headers=BROWSER_HEADERS).get_data(as_text=True)
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(
        not s.startswith(("http:", "https:", "//")) or s.startswith("http://localhost")
        for s in sources
    )


def test_page_has_every_prefix_and_example_query(client: FlaskClient) -> None:
    html = client.get("/sparql", headers=BROWSER_HEADERS).get_data(as_text=True)
    config = page_config(html)
    assert config["prefixes"] == PREFIXES
    examples = example_queries()
    assert len(examples) >= 5
    assert [e["title"] for e in config["examples"]] == [q.title for q in examples]
    for example in examples:
        assert example.title in html_text.unescape(html)
        assert any(e["query"] == example.text for e in config["examples"])


def test_every_example_link_is_a_shareable_url_that_answers(client: FlaskClient) -> None:
    html = client.get("/sparql", headers=BROWSER_HEADERS).get_data(as_text=True)
    links = re.findall(r'<a href="([^"]+)" data-example="([^"]+)"', html)
    assert len(links) == len(example_queries())
    for href, _name in links:
        url = urlparse(html_text.unescape(href))
        query = parse_qs(url.query)["query"][0]
        shared = client.get(url.path, query_string={"query": query}, headers=BROWSER_HEADERS)
        assert page_config(shared.get_data(as_text=True))["query"] == query
        answer = client.get(
            url.path,
            query_string={"query": query},
            headers={"Accept": "application/sparql-results+json"},
        )
        assert answer.status_code == 200, (query, answer.data)


def test_vendored_files_are_small_and_documented() -> None:
    readme = (VENDOR / "README.md").read_text(encoding="utf-8")
    assert "@zazuko/yasgui 4.6.2" in readme and "MIT" in readme
    for name in ("yasgui.min.js", "yasgui.min.css"):
        assert 0 < (VENDOR / name).stat().st_size < 2 * 1024 * 1024
        assert name in readme


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (scripts/test installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.mark.browser
@pytest.mark.server
def test_yasgui_runs_an_example_query_in_chromium(chromium: Any, live_server: LiveServer) -> None:
    page = chromium.new_page()
    foreign: list[str] = []
    problems: list[str] = []

    def guard(route: Any) -> None:
        if route.request.url.startswith(live_server.url):
            route.continue_()
        else:
            foreign.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    try:
        page.goto(live_server.sparql)
        page.wait_for_selector(".yasqe .CodeMirror", timeout=20_000)
        first = example_queries()[0]
        page.click(f"[data-example='{first.name}']")
        page.locator(".yasqe_queryButton:visible").click()
        rows = page.locator(".yasr:visible table tbody tr")
        rows.first.wait_for(timeout=20_000)
        assert rows.count() > 0
        assert "query=" in page.get_attribute("#share-link", "href")
    finally:
        page.close()
    assert foreign == [], f"requests left the machine: {foreign}"
    assert problems == [], problems
