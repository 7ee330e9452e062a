"""The support checks (advocacy_kg.support*): each states only what its quote says.

Every support check has valid and invalid examples in ontology/examples/checks/, validated the
way ``advocacy-kg validate FILE`` does: a valid one gives no result at all (shapes, lint queries
and support checks), an invalid one exactly the results of its ``#>`` lines.
"""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from test_shapes_examples import dataset_of, expected_results

from advocacy_kg import config, loading, support, support_counts, support_names, validation
from advocacy_kg.store.oxigraph import curated_store

EXAMPLES_DIR = config.ONTOLOGY_DIR / "examples" / "checks"
EXAMPLES = sorted(EXAMPLES_DIR.glob("*.trig"))
NAME = re.compile(r"^(?P<check>[\w-]+)-(?P<kind>valid|invalid)-\d\d$")
#: The support checks: Python (support-…) and the lint query that needs the claim's quote.
SUPPORT_CHECKS = (
    "support-names",
    "support-label-dates",
    "support-counts",
    "support-speakers",
    "support-open-letters",
    "support-classification",
    "identifier-not-in-quote",
)


def test_every_support_check_has_a_valid_and_an_invalid_example():
    kinds: dict[str, set[str]] = {}
    for path in EXAMPLES:
        match = NAME.match(path.stem)
        assert match, f"{path.name}: name it <check>-valid-NN.trig or <check>-invalid-NN.trig"
        kinds.setdefault(match["check"], set()).add(match["kind"])
    for name in SUPPORT_CHECKS:
        assert kinds.get(name) == {"valid", "invalid"}, name


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_example_gives_exactly_its_expected_results(example: Path):
    report = validation.validate(dataset_of(example))
    assert {f.key() for f in report.findings} == expected_results(example)
    assert bool(expected_results(example)) == ("-invalid-" in example.name)
    for finding in report.findings:
        if finding.shape.removeprefix(validation.CHECKS) in SUPPORT_CHECKS:
            assert finding.claim and finding.claim.startswith(config.CLAIM), finding
            assert finding.value and finding.message


def test_curated_graph_passes_every_support_check():
    """Fails until the curated data (branch ``data``) is fixed against these checks.

    Warnings count too: a heuristic that misfires on the curated data gets a keyword, not a pass.
    """
    store = curated_store().store
    assert len(store) > 1000
    assert support.support_findings(store) == []


# --- the text rules ------------------------------------------------------------------------


def test_normalise_folds_case_spacing_and_typography_but_keeps_accents():
    assert support.normalise("Jo  O’Brien –\n“ERG”") == 'jo o\'brien - "erg"'
    assert support.normalise("Věra Jourová") != support.normalise("Vera Jourova")
    assert support.says([support.normalise("the Network for Police Monitoring")], "network for")
    assert not support.says([support.normalise("ORGANISATION")], "ORG")


def test_a_label_with_its_acronym_needs_both_in_the_text():
    texts = [support.normalise("Netpol, the Network for Police Monitoring, said")]
    assert support_names.label_supported("Network for Police Monitoring (Netpol)", texts)
    assert not support_names.label_supported("Network for Police Monitoring (NFPM)", texts)


@pytest.mark.parametrize(
    ("quote", "reading"),
    [
        ("Over 50 civil society organisations", (50, support_counts.MORE, False)),
        ("at least 7 forces", (6, support_counts.MORE, False)),
        ("almost 80 thousand signatures", (80000, support_counts.FEWER, False)),
        ("almost 80 thousand signatures", (80000, support_counts.ABOUT, False)),
        ("fewer than 80,000", (80000, support_counts.FEWER, False)),
        ("around forty-four groups", (44, support_counts.ABOUT, False)),
        ("a letter signed by 56 organisations", (56, support_counts.EXACT, False)),
        ("and 14 other human rights-focused organisations", (14, support_counts.EXACT, True)),
        ("and 14 other organisations", (14, support_counts.MORE, True)),
        ("EDRi, along with 61 civil society groups", (61, support_counts.EXACT, True)),
        ("nine groups wrote", (9, support_counts.EXACT, False)),
    ],
)
def test_count_readings(quote: str, reading: tuple[int, str, bool]):
    found = {(n, p, o) for _, n, p, o in support_counts.readings(support.normalise(quote))}
    assert reading in found


def test_a_bare_number_is_not_read_inside_a_date_or_an_identifier():
    found = {n for _, n, _, _ in support_counts.readings("on 12.7.2024, regulation 2024/1689")}
    assert 7 not in found and 1689 not in found


@pytest.mark.parametrize(
    ("label", "meant"),
    [
        ("Letter to the minister (8 March 2021)", {("2021-03-08", True)}),
        ("Open letter (July 2024)", {("2024-07", True)}),
        ("Automated racism (Amnesty International report, 2025)", {("2025", True)}),
        ("Data Protection Act 2018", {("2018", False)}),
        ("Regulation (EU) 2024/1689 (Artificial Intelligence Act)", set()),
        ("Proposal for an AI act (COM(2021) 206)", set()),
    ],
)
def test_dates_named_in_labels(label: str, meant: set[tuple[str, bool]]):
    assert {(iso, firm) for _, iso, firm in support_names.dated_mentions(label)} == meant


def test_inference_graphs_are_not_read_as_claims():
    """A name no quote gives, stated in an akg:Inference graph, is an inference: not flagged."""
    example = EXAMPLES_DIR / "support-names-invalid-01.trig"
    store = dataset_of(example)
    before = {f.focus for f in support.support_findings(store)}
    minister = config.ENTITY + "person/example-minister"
    assert minister in before
    claim = ox.NamedNode(config.CLAIM + "example-report-01")
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    moved = [q for q in store.quads_for_pattern(ox.NamedNode(minister), label, None, claim)]
    inference = ox.NamedNode(config.BASE + "inference/example-01")
    for quad in moved:
        store.remove(quad)
        store.add(ox.Quad(quad.subject, quad.predicate, quad.object, inference))
    store.add(ox.Quad(inference, RDF_TYPE, ox.NamedNode(config.ONTOLOGY + "Inference"), inference))
    assert minister not in {f.focus for f in support.support_findings(store)}


RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


# --- inferences in the browser -------------------------------------------------------------


def test_entity_page_shows_an_inferred_fact_as_an_inference_not_a_quote():
    from browse_support import fixture_app, path_of

    from advocacy_kg.store.oxigraph import OxigraphStore

    store = OxigraphStore.in_memory()
    store.load_files([loading.RdfFile(EXAMPLES_DIR / "identifier-not-in-quote-valid-01.trig")])
    assert len(store) > 15
    page = (
        fixture_app(store)
        .test_client()
        .get(path_of(config.ENTITY + "legislation/example-proposal"))
    )
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    inferred = html[html.index('class="inference"') :]
    inferred = inferred[: inferred.index("</p>")]
    assert "inferred by" in inferred and "Example Curator" in inferred
    assert "COM(2021) 206 is 52021PC0206" in inferred
    assert "claim example-register-01" in inferred
    assert html.count('class="inference"') == 1  # the quoted facts keep their quotes
    assert 'blockquote class="quote"><p>Example proposal for a regulation.' in html


@pytest.mark.browser
@pytest.mark.server
def test_an_inferred_fact_reads_as_an_inference_in_chromium():
    """One real browser check: the inference line is shown and its claim link leads to the claim."""
    import os

    from browse_support import fixture_app, path_of, serving
    from test_browser_playwright import CHROMIUM, CHROMIUM_ARGS

    from advocacy_kg.store.oxigraph import OxigraphStore

    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium is not installed (scripts/test installs it)")
    from playwright.sync_api import sync_playwright

    store = OxigraphStore.in_memory()
    store.load_files([loading.RdfFile(EXAMPLES_DIR / "identifier-not-in-quote-valid-01.trig")])
    with serving(fixture_app(store)) as root, sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = chromium.new_page()
            page.goto(root + path_of(config.ENTITY + "legislation/example-proposal"))
            inference = page.locator("p.inference")
            assert inference.count() == 1
            text = inference.inner_text()
            assert text.startswith("inferred by Example Curator: EUR-Lex numbers")
            inference.get_by_role("link", name="claim example-register-01").click()
            page.wait_for_url("**/claim/example-register-01")
            assert "Example proposal for a regulation. COM(2021) 206 final." in page.content()
        finally:
            chromium.close()
