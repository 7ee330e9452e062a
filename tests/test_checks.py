"""The lint queries of ontology/checks/: each returns no row on the curated data, and each
finds exactly the faults planted in its file of tests/data/checks/ (the ``#>`` lines)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from test_shapes_examples import expected_results, model_quads

from advocacy_kg import config, loading, validation
from advocacy_kg.store.oxigraph import curated_store

FIXTURES = Path(__file__).parent / "data" / "checks"
CHECKS = {check.name: check for check in validation.checks()}


def fixture_store(path: Path) -> ox.Store:
    store = ox.Store()
    store.bulk_extend(model_quads())
    store.bulk_extend(loading.parse_file(path))
    return store


def test_the_checks_folder_is_not_empty_and_every_check_has_a_fixture():
    assert len(CHECKS) >= 6
    assert {p.stem for p in FIXTURES.glob("*.trig")} == set(CHECKS)


def test_every_check_is_a_select_of_focus_with_a_header():
    for check in CHECKS.values():
        assert check.severity in validation.SEVERITIES
        assert len(check.message) > 20
        assert "SELECT" in check.query and "?focus" in check.query


def test_the_named_checks_of_the_data_readme_exist():
    for name in ("quote-not-in-source", "claim-without-source", "entity-without-label"):
        assert name in CHECKS
    assert "dangling-reference" in CHECKS


@pytest.fixture(scope="module")
def curated() -> ox.Store:
    store = curated_store().store
    assert len(store) > 1000  # never pass on an empty store
    return store


@pytest.mark.parametrize("name", sorted(CHECKS))
def test_check_returns_no_row_on_the_curated_data(name: str, curated: ox.Store):
    assert validation.run_check(CHECKS[name], curated) == []


@pytest.mark.parametrize("name", sorted(CHECKS))
def test_check_finds_exactly_the_planted_faults(name: str):
    path = FIXTURES / f"{name}.trig"
    found = validation.run_check(CHECKS[name], fixture_store(path))
    expected = {(focus, path_) for focus, path_, _, _ in expected_results(path)}
    assert expected, f"{path.name} declares no expected row"
    assert {(f.focus, f.path) for f in found} == expected
    assert {f.shape for f in found} == {CHECKS[name].iri}
    assert all(f.severity == CHECKS[name].severity for f in found)


def test_claim_graph_checks_see_named_graphs_not_the_union():
    """The same claim description outside its own graph does not count."""
    path = FIXTURES / "claim-without-source.trig"
    store = fixture_store(path)
    claim = ox.NamedNode(config.CLAIM + "example-report-02")
    quote = ox.NamedNode(config.ONTOLOGY + "quote")
    store.add(ox.Quad(claim, quote, ox.Literal("Example"), ox.NamedNode(config.SOURCES_GRAPH)))
    found = validation.run_check(CHECKS["claim-without-source"], store)
    assert (claim.value, quote.value) in {(f.focus, f.path) for f in found}


def test_a_broken_check_header_is_reported(tmp_path: Path):
    broken = tmp_path / "broken.rq"
    broken.write_text("# title: no severity\nSELECT ?focus WHERE { ?focus ?p ?o }\n")
    with pytest.raises(validation.ValidationError, match="severity"):
        validation.load_check(broken)
