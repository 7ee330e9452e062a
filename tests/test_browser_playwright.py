"""The browser in a real Chromium (Debian's, driven by Playwright) on the curated graph.

Opens the home page, searches, follows links from a letter to an organisation and back,
checks the network picture, runs axe-core on every page type (no serious or critical
violation), checks that no request left the machine, and screenshots each page type
(into $ADVOCACY_KG_SCREENSHOT_DIR when set, e.g. docs/screenshots for the README).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from browse_support import serving

from advocacy_kg.web import create_app

pytestmark = [pytest.mark.browser, pytest.mark.server]

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
LETTER = "/id/letter/2024-07-safety-not-surveillance"
COALITION_NAME = "#SafetyNotSurveillance coalition"
#: One page of each type: (screenshot name, path).
PAGE_TYPES = [
    ("home", "/"),
    ("letter", LETTER),
    ("organisation", "/id/organisation/open-rights-group"),
    ("official", "/id/person/yvette-cooper"),
    ("source", "/id/source/seed-000"),
    ("claim", "/claim/seed-000-01"),
    ("class", "/def/OpenLetter"),
    ("property", "/def/signatory"),
    ("ontology", "/def/"),
    ("concept-scheme", "/concept/technology"),
    ("search", "/search?q=facial+recognition"),
    ("timeline", "/timeline"),
    ("network", "/network"),
    ("validation", "/validation"),
    ("not-found", "/id/organisation/open-rights"),
]


#: The strictest policy the pages must live with (used when the app sets none itself).
STRICT_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'"
)


@pytest.fixture(scope="module")
def root():
    app = create_app({"TESTING": True})

    @app.after_request
    def strict_policy(response):
        response.headers.setdefault("Content-Security-Policy", STRICT_CSP)
        return response

    app.test_client().get("/validation")  # made once in the background: have it ready
    with serving(app) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium is not installed (scripts/test installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser, root):
    """A page whose every request is recorded; requests to any other host are refused."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.requests = []
    page.foreign = []

    def guard(route):
        url = route.request.url
        page.requests.append(url)
        if url.startswith(root + "/") or url == root:
            route.continue_()
        else:
            page.foreign.append(url)
            route.abort()

    page.route("**/*", guard)
    problems = []  # script errors and Content-Security-Policy refusals
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on(
        "console",
        lambda message: (
            problems.append(message.text)
            if message.type == "error" and "Content Security Policy" in message.text
            else None
        ),
    )
    yield page
    assert page.foreign == [], f"requests left the machine: {page.foreign}"
    assert problems == []
    context.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory):
    target = os.environ.get("ADVOCACY_KG_SCREENSHOT_DIR")
    folder = Path(target) if target else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def serious_violations(page) -> list[str]:
    # evaluated through the DevTools protocol: the page's strict CSP stays in force
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    result = page.evaluate("async () => await axe.run(document)")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_home_search_and_links_from_a_letter_to_an_organisation_and_back(page, root):
    page.goto(root + "/")
    assert page.locator("h1").inner_text() == "Civil-society advocacy on AI surveillance"
    page.fill("#site-search-q", "SafetyNotSurveillance open letter")
    page.press("#site-search-q", "Enter")
    page.wait_for_url("**/search?q=*")
    first = page.locator("ol.results > li").first.locator("a").first
    assert "open letter" in first.inner_text().lower()
    first.click()
    page.wait_for_url(f"**{LETTER}")
    page.locator("#p-signatories").locator("xpath=..").get_by_role(
        "link", name=COALITION_NAME
    ).click()
    page.wait_for_url("**/id/organisation/safety-not-surveillance")
    assert page.locator("h1").inner_text() == COALITION_NAME
    page.locator(".timeline-list").get_by_role("link").first.click()
    page.wait_for_url(f"**{LETTER}")
    assert "#SafetyNotSurveillance open letter" in page.locator("h1").inner_text()
    assert len(page.requests) >= 4


def test_network_picture_renders(page, root):
    page.goto(root + "/network")
    circles = page.locator("svg.network-svg circle")
    assert circles.count() >= 3
    box = page.locator("svg.network-svg").bounding_box()
    assert box and box["width"] > 400 and box["height"] > 200
    assert circles.first.bounding_box()["width"] > 5
    rows = page.locator("table.network-nodes tbody tr").count()
    assert rows == circles.count()  # the table holds the same nodes


@pytest.mark.parametrize(("name", "path"), PAGE_TYPES, ids=[n for n, _ in PAGE_TYPES])
def test_page_type_is_accessible_and_screenshot(page, root, shots, name, path):
    response = page.goto(root + path)
    assert response.status == (404 if name == "not-found" else 200)
    assert page.locator("main h1").count() == 1
    assert serious_violations(page) == []
    page.screenshot(path=str(shots / f"{name}.png"))
    assert (shots / f"{name}.png").stat().st_size > 10_000


def test_keyboard_skip_link_moves_focus_to_main(page, root):
    page.goto(root + LETTER)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_pages_read_without_javascript(browser, root):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(root + LETTER)
        assert page.locator("table.facts blockquote.quote").count() > 0
        page.goto(root + "/network")
        assert page.locator("svg.network-svg circle").count() >= 3
    finally:
        context.close()
