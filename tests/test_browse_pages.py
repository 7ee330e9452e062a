"""The pages: what each kind of page shows, links that stay on this server, escaping."""

from __future__ import annotations

import re
import time

import pytest
from browse_support import (
    ALPHA,
    BETA,
    GAMMA,
    LETTER,
    SECOND_LETTER,
    SOURCE,
    QueryOnlyStore,
    fixture_app,
    fixture_store,
    path_of,
)

from advocacy_kg.describe import describe_resource
from advocacy_kg.web.browse import state


@pytest.fixture(scope="module")
def client():
    return fixture_app().test_client()


def section(html: str, heading: str) -> str:
    """The HTML from a heading to the next heading of the same or a higher level."""
    match = re.search(rf"<h([234])[^>]*>{re.escape(heading)}", html)
    assert match, f"no heading {heading!r}"
    level = int(match.group(1))
    end = re.compile(rf"<h[1-{level}][ >]").search(html, match.end())
    return html[match.start() : end.start() if end else len(html)]


def test_links_to_iris_under_the_base_stay_on_this_server(client):
    html = client.get(path_of(LETTER)).text
    assert f'href="{path_of(ALPHA)}"' in html
    assert 'href="https://w3id.org/advocacy-kg/' not in html


def test_each_fact_shows_its_quote_and_source(client):
    html = client.get(path_of(LETTER)).text
    facts = section(html, "Facts and their sources")
    assert "On 2 March 2021, Alpha Rights and Beta Watch sent a letter to Minister Gamma" in facts
    assert f'href="{path_of(SOURCE)}"' in facts
    assert "Test source one" in facts


def test_letter_view_shows_addressees_signatories_count_and_demands(client):
    glance = section(client.get(path_of(LETTER)).text, "At a glance")
    assert "Minister Gamma" in section(glance, "Addressed to")
    signatories = section(glance, "Signatories named")
    assert "Alpha Rights" in signatories and "Beta Watch" in signatories
    assert "20" in section(signatories, "Stated count")
    assert "Ban face scanning" in section(glance, "Demands")
    assert "prohibit" in section(glance, "Demands")


def test_organisation_view_lists_its_letters_by_date_and_coalitions(client):
    glance = section(client.get(path_of(BETA)).text, "At a glance")
    letters = section(glance, "Letters and actions, by date")
    assert letters.index("2021-03-02") < letters.index("2022-05-01")
    assert "Delta Coalition" in section(glance, "Member of")


def test_official_view_lists_offices_and_letters_received(client):
    glance = section(client.get(path_of(GAMMA)).text, "At a glance")
    assert "Test Minister" in section(glance, "Offices held")
    received = section(glance, "Letters received")
    assert "Test letter to Minister Gamma" in received and "Second test letter" in received


def test_incoming_links_are_grouped_by_property(client):
    incoming = section(client.get(path_of(ALPHA)).text, "Linked from")
    assert "signatory of" in incoming
    assert (
        f'href="{path_of(LETTER)}"' in incoming and f'href="{path_of(SECOND_LETTER)}"' in incoming
    )


def test_literals_are_escaped(client):
    html = client.get(path_of(SECOND_LETTER)).text
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html


def test_javascript_iri_is_shown_as_text_and_https_iri_as_link(client):
    html = client.get(path_of(SECOND_LETTER)).text
    same_as = section(html, "Same as")
    assert "javascript:alert(1)" in same_as
    assert not re.search(r"href=\"\s*javascript:", html, re.IGNORECASE)
    assert 'href="https://example.org/second-letter"' in same_as


def test_query_this_opens_the_sparql_page_with_a_query_about_the_entity(client):
    html = client.get(path_of(LETTER)).text
    link = re.search(r'href="(/sparql\?query=[^"]+)"', html)
    assert link and "2021-03-02-test" in link.group(1)


def test_entity_page_shows_its_validation_results(client):
    client.get("/validation")  # the report is made in the background: wait for it
    validation = section(client.get(path_of(LETTER)).text, "Validation")
    assert "Conforms" in validation or "Violation" in validation or "Warning" in validation


def test_class_page_documents_the_class_and_lists_instances_sorted(client):
    html = client.get("/def/AdvocacyAction?sort=date").text
    assert "Something done to change a policy." in html
    instances = section(html, "Instances")
    assert "(2)" in instances  # both letters, through the subclass
    assert instances.index("Second test letter") < instances.index("Test letter to Minister Gamma")
    by_label = section(client.get("/def/AdvocacyAction?sort=label").text, "Instances")
    assert by_label.index("Second test letter") < by_label.index("Test letter to Minister Gamma")


def test_class_page_shows_alignments(client):
    html = client.get("/def/OpenLetter").text
    assert 'href="https://schema.org/Message"' in html


def test_concept_scheme_page_shows_the_tree(client):
    tree = section(client.get("/concept/demand-type").text, "Concepts")
    regulate, prohibit = tree.index(">regulate<"), tree.index(">prohibit<")
    assert regulate < prohibit
    assert tree.count("<ul>") >= 2  # prohibit nested under regulate


def test_source_page_highlights_quotes_linked_to_their_claims(client):
    html = client.get(path_of(SOURCE)).text
    assert "<mark>Beta Watch is a member of the Delta Coalition</mark>" in html
    claims = section(html, "Claims quoting this source")
    assert 'href="/claim/test-001-04"' in claims
    assert "member of" in claims  # the facts the quote supports


def test_home_page_counts_classes_and_lists_sources(client):
    html = client.get("/").text
    counts = section(html, "What is in it")
    assert re.search(r"organisation</a></td><td class=\"num\">2<", counts)
    assert "Test source one" in section(html, "The sources")


def test_timeline_lists_dated_items_in_order_with_a_picture(client):
    html = client.get("/timeline").text
    assert "<svg" in html and "<table" in html
    assert (
        html.index("Test letter to Minister Gamma")
        < html.index("Test summit")
        < html.index("Test Bill")
    )
    items = client.get("/timeline?format=json").json
    assert [i["date"] for i in items] == sorted(i["date"] for i in items)
    assert {"Advocacy actions", "Legislation", "Events"} <= {i["lane"] for i in items}


def test_network_links_organisations_that_co_signed(client):
    data = client.get("/network", headers={"Accept": "application/json"}).json
    edges = {(e["source"], e["target"], e["kind"]): e["actions"] for e in data["edges"]}
    assert sorted(edges[(ALPHA, BETA, "co-signed")]) == [LETTER, SECOND_LETTER]
    assert (BETA, ALPHA.replace("alpha-rights", "delta-coalition"), "member of") in edges
    html = client.get("/network").text
    assert html.count("<circle") == len(data["nodes"]) == 3
    assert "Links" in html and "<table" in html


def test_validation_page_reports_the_whole_graph(client):
    response = client.get("/validation")
    assert response.status_code == 200
    assert "violations" in response.text and "warnings" in response.text


def test_pages_work_on_a_store_that_only_answers_sparql_without_union():
    client = fixture_app(QueryOnlyStore(fixture_store())).test_client()
    for path in (
        "/",
        path_of(LETTER),
        path_of(ALPHA),
        path_of(GAMMA),
        path_of(SOURCE),
        "/def/OpenLetter",
        "/concept/demand-type",
        "/claim/test-001-01",
        "/timeline",
        "/network",
        "/search?q=alpha",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
    assert "Alpha Rights" in client.get(path_of(LETTER)).text


def test_a_description_takes_a_handful_of_queries():
    store = QueryOnlyStore(fixture_store())
    description = describe_resource(store, LETTER)
    assert len(description.outgoing) >= 8
    assert len(store.queries) <= 8


def test_entity_page_is_fast(client):
    client.get(path_of(LETTER))  # warm: validation report and caches
    start = time.perf_counter()
    for _ in range(10):
        client.get(path_of(LETTER))
    assert (time.perf_counter() - start) / 10 < 0.25


def test_validation_report_as_json(client):
    response = client.get("/validation?format=json")
    assert response.mimetype == "application/json"
    data = response.json
    assert isinstance(data["conforms"], bool) and data["findings"]
    assert "application/json" in response.headers["Link"]


@pytest.mark.parametrize(
    "path",
    [
        "/",
        path_of(LETTER),
        path_of(SOURCE),
        "/def/OpenLetter",
        "/search?q=alpha",
        "/timeline",
        "/network",
        "/validation",
        "/concept/demand-type",
    ],
)
def test_pages_have_no_inline_script_or_style(client, path):
    """So that a strict Content-Security-Policy (no 'unsafe-inline') breaks nothing."""
    html = client.get(path).text
    assert "<script" not in html
    assert not re.search(r"<style|\sstyle=|\son[a-z]+=", html)
    assert 'rel="alternate"' in client.get(path).headers["Link"]


@pytest.mark.parametrize("remote", [False, True])
def test_a_store_over_the_validation_limit_is_not_validated_while_browsing(monkeypatch, remote):
    """Not even the embedded store: validating millions of quads in the server takes minutes and
    gigabytes."""
    monkeypatch.setattr(state, "VALIDATION_LIMIT", 50)
    store = fixture_store()
    client = fixture_app(QueryOnlyStore(store) if remote else store).test_client()
    response = client.get("/validation?format=json")
    assert response.status_code == 503
    assert "more than 50 quads" in response.json["error"]
