"""CONTRIBUTING.md's walk-through, step by step, on the fictional fixture article.

start (``contribute new``) → fill (the fixture contribution, filled from that start) → check
(it finds the misquoted word) → fix → check → add (into a copy of data/) → validate → the
browser: the new letter's page in Debian's Chromium, with its quotes and its validation
results, and the source page with the quoted passages highlighted.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from browse_support import serving
from test_browser_playwright import CHROMIUM, CHROMIUM_ARGS

from advocacy_kg import config
from advocacy_kg.cli import main
from advocacy_kg.web import SPARQL_KEY, create_app

pytestmark = [pytest.mark.browser, pytest.mark.server]

FIXTURES = Path(__file__).parent / "data" / "contribution"
LETTER_PATH = "/id/letter/2031-03-02-exampleton"
LETTER_LABEL = "Open letter to Exampleton City Council (2 March 2031)"
QUOTES = [
    "On 2 March 2031, Example Rights Watch and the Example Digital Freedom Network published "
    "an open letter to Exampleton City Council.",
    "The letter calls on Exampleton City Council to prohibit facial recognition in public spaces.",
    "It was signed by 12 civil society organisations.",
]


def contribute(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["contribute", *args])
    out, err = capsys.readouterr()
    return code, out + err


@pytest.fixture(scope="module")
def walked(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A copy of data/ to which the walk-through adds; config.DATA_DIR points at it meanwhile."""
    home = tmp_path_factory.mktemp("walkthrough")
    data = home / "data"
    shutil.copytree(config.DATA_DIR, data)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(config, "DATA_DIR", data)
        yield home


def test_the_walk_through_from_article_to_validated_claims(walked, capsys):
    verdict_before = main(["validate"])
    capsys.readouterr()
    # 1. start: a contribution file holding the article's text
    started = walked / "example-01.yaml"
    code, said = contribute(
        capsys, "new", str(FIXTURES / "article.txt"), "--id", "example-01", "-o", str(started)
    )
    assert code == 0, said
    # 2. fill: the fixture is that file filled in (same text), as the curator would
    filled = walked / "example-letter.yaml"
    shutil.copy(FIXTURES / "example-letter.yaml", filled)
    start_text = yaml.safe_load(started.read_text(encoding="utf-8"))["source"]["text"]
    assert yaml.safe_load(filled.read_text(encoding="utf-8"))["source"]["text"] == start_text
    # 3. check: one quote is not verbatim; the closest passage is shown with its line
    code, said = contribute(capsys, "check", str(filled))
    assert code == 1
    assert "they part at character 86: quote has 'places.', text has 'spaces.'" in said
    # 4. fix it and check again
    text = filled.read_text(encoding="utf-8").replace("in public places.", "in public spaces.")
    filled.write_text(text, encoding="utf-8")
    code, said = contribute(capsys, "check", str(filled))
    assert code == 0, said
    assert "quotes: 3 of 3 found verbatim" in said and "passes the check" in said
    # 5. add: the source and its claims in data/, in the house style
    code, said = contribute(capsys, "add", str(filled))
    assert code == 0, said
    assert (walked / "data" / "sources" / "example-01.ttl").is_file()
    assert (walked / "data" / "claims" / "example-01.trig").is_file()
    # 6. validate the curated graph with the new source in it: the new source adds no finding
    # (the verdict is the curated graph's own: issue 11 makes it 0)
    assert main(["validate"]) == verdict_before
    report = capsys.readouterr().out
    assert "the curated graph" in report and "example-01" not in report
    assert "exampleton" not in report


@pytest.fixture(scope="module")
def root(walked) -> Iterator[str]:
    if not (walked / "data" / "claims" / "example-01.trig").is_file():
        pytest.skip("the walk-through did not add the source")
    app = create_app({"TESTING": True})  # loads the curated graph of config.DATA_DIR: the copy
    app.test_client().get("/validation")  # made once in the background: have it ready
    try:
        with serving(app) as url:
            yield url
    finally:
        app.extensions[SPARQL_KEY].close()


@pytest.fixture(scope="module")
def page(root):
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (scripts/test installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = chromium.new_context()
            page = context.new_page()
            foreign: list[str] = []
            page.route(
                "**/*",
                lambda route: (
                    route.continue_()
                    if route.request.url.startswith(root)
                    else (foreign.append(route.request.url), route.abort())
                ),
            )
            yield page
            assert foreign == [], f"requests left the machine: {foreign}"
        finally:
            chromium.close()


def test_the_new_letter_in_the_browser_with_quotes_and_validation(walked, root, page):
    response = page.goto(root + LETTER_PATH)
    assert response is not None and response.status == 200
    assert LETTER_LABEL in page.locator("main h1").inner_text()
    shown = page.locator("table.facts blockquote.quote").all_inner_texts()
    for quote in QUOTES:
        assert quote in shown
    signatories = page.locator("main").inner_text()
    assert (
        "Example Rights Watch" in signatories and "Example Digital Freedom Network" in signatories
    )
    validation = page.locator("section.validation")
    assert "Conforms" in validation.inner_text()
    # the whole graph's report, one click away, holds nothing about the new letter
    validation.get_by_role("link", name="Report for the whole graph").click()
    page.wait_for_url("**/validation")
    report = page.locator("main").inner_text()
    assert "Validation of the whole graph" in report and "(SHACL engine:" in report
    assert "Exampleton" not in report and "example-01" not in report


def test_the_new_source_page_highlights_every_quote(walked, root, page):
    page.goto(root + "/id/source/example-01")
    assert (
        "Example groups ask Exampleton to ban facial recognition" in page.locator("h1").inner_text()
    )
    marked = page.locator(".source-text mark").all_inner_texts()
    assert sorted(marked) == sorted(QUOTES)
    assert page.locator("ol.claims > li").count() == 3
