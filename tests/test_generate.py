"""The synthetic data generator (benchmarks/generate.py): deterministic, sized, parseable, and
kept apart from the curated graph."""

from __future__ import annotations

import importlib.util
import io
import json
import sys
from pathlib import Path
from types import ModuleType

import pyoxigraph as ox
import pytest

from advocacy_kg import cli, config

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def generate() -> ModuleType:
    spec = importlib.util.spec_from_file_location("generate", ROOT / "benchmarks" / "generate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["generate"] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def render(generate: ModuleType, triples: int, fmt: str = "nq", seed: int = 1) -> str:
    out = io.StringIO()
    generate.generate(triples, out, fmt=fmt, seed=seed)
    return out.getvalue()


def quads(text: str, fmt: ox.RdfFormat = ox.RdfFormat.N_QUADS) -> list[ox.Quad]:
    return list(ox.parse(text.encode(), fmt))


def test_same_seed_gives_identical_bytes(generate: ModuleType) -> None:
    assert render(generate, 5000) == render(generate, 5000)
    assert render(generate, 5000, seed=2) != render(generate, 5000)


@pytest.mark.parametrize("size", [2000, 20000])
def test_writes_about_the_requested_number_of_triples(generate: ModuleType, size: int) -> None:
    parsed = quads(render(generate, size))
    assert size <= len(parsed) <= size + 100


def test_trig_and_nquads_hold_the_same_quads(generate: ModuleType) -> None:
    nq = quads(render(generate, 3000))
    trig = quads(render(generate, 3000, "trig"), ox.RdfFormat.TRIG)
    assert set(nq) == set(trig)


def test_nothing_is_under_the_curated_iris(generate: ModuleType) -> None:
    curated = (config.ENTITY, config.CLAIM, config.GRAPH)
    for quad in quads(render(generate, 5000)):
        for term in (quad.subject, quad.predicate, quad.object, quad.graph_name):
            if isinstance(term, ox.NamedNode):
                assert not term.value.startswith(curated), term
        assert isinstance(quad.graph_name, ox.NamedNode)
        assert quad.graph_name.value.startswith(generate.SYNTHETIC)


def test_every_claim_cites_a_generated_source_holding_its_quote(generate: ModuleType) -> None:
    store = ox.Store()
    store.extend(quads(render(generate, 5000)))
    solutions = store.query(
        """PREFIX akg: <https://w3id.org/advocacy-kg/def/>
            PREFIX prov: <http://www.w3.org/ns/prov#>
            SELECT ?claim ?generated ?inText WHERE {
              GRAPH ?claim { ?claim a akg:Claim ; akg:source ?source ; akg:quote ?quote }
              OPTIONAL { ?source prov:wasGeneratedBy ?generated }
              OPTIONAL { ?source akg:fullText ?text }
              BIND(CONTAINS(?text, ?quote) AS ?inText)
            }""",
        use_default_graph_as_union=True,
    )
    assert isinstance(solutions, ox.QuerySolutions)
    rows = list(solutions)
    assert len(rows) > 300
    generator = ox.NamedNode(generate.GENERATOR)
    assert all(row["generated"] == generator for row in rows)
    assert all(row["inText"] == ox.Literal(True) for row in rows)


def test_letters_have_the_shape_of_the_model(generate: ModuleType) -> None:
    store = ox.Store()
    store.extend(quads(render(generate, 5000)))
    solutions = store.query(
        """PREFIX akg: <https://w3id.org/advocacy-kg/def/>
        SELECT (COUNT(DISTINCT ?letter) AS ?letters) (COUNT(DISTINCT ?org) AS ?signatories)
               (COUNT(DISTINCT ?office) AS ?offices) (COUNT(DISTINCT ?tech) AS ?techs) WHERE {
          ?letter a akg:OpenLetter ; rdfs:label ?label ; akg:signatory ?org ;
                  akg:qualifiedAddressing/akg:inOffice ?office ;
                  akg:makesDemand/akg:targetsPractice ?tech .
          ?org rdfs:label ?orgLabel .
        }""",
        use_default_graph_as_union=True,
        prefixes={"rdfs": "http://www.w3.org/2000/01/rdf-schema#"},
    )
    assert isinstance(solutions, ox.QuerySolutions)
    (row,) = solutions
    assert int(row["letters"].value) > 40
    assert int(row["signatories"].value) > 20
    assert int(row["offices"].value) >= 3
    assert int(row["techs"].value) >= 5


def test_command_line_writes_the_file(generate: ModuleType, tmp_path: Path) -> None:
    out = tmp_path / "sample.trig"
    assert generate.main(["--triples", "1000", "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# SYNTHETIC")
    assert len(quads(text, ox.RdfFormat.TRIG)) >= 1000


def test_generated_data_conforms_to_the_shapes(
    generate: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Validation benchmarks time conforming data: no violation (the only warnings say that a
    synthetic source has no web address, which it cannot have)."""
    sample = tmp_path / "sample.nq"
    sample.write_text(render(generate, 20000), encoding="utf-8")
    assert cli.main(["validate", "--format", "json", str(sample)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["counts"]["Violation"] == 0
    shapes = {result["shape"] for result in report["results"]}
    assert shapes == {"https://w3id.org/advocacy-kg/def/shapes/SourceDocument-whereFound"}


def test_a_letter_builds_only_on_an_earlier_letter(generate: ModuleType) -> None:
    store = ox.Store()
    store.extend(quads(render(generate, 20000)))
    solutions = store.query(
        """PREFIX akg: <https://w3id.org/advocacy-kg/def/>
        SELECT (COUNT(*) AS ?pairs) (SUM(IF(?later < ?earlier, 1, 0)) AS ?disordered) WHERE {
          ?letter akg:buildsOn ?built ; akg:date ?later . ?built akg:date ?earlier .
        }""",
        use_default_graph_as_union=True,
    )
    assert isinstance(solutions, ox.QuerySolutions)
    (row,) = solutions
    assert int(row["pairs"].value) > 20
    assert int(row["disordered"].value) == 0
