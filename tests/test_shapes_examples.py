"""The shapes: one node shape per ontology class, each with its examples, and engines that agree.

Every example of ontology/examples/ is validated (with the ontology and vocabularies, as
``advocacy-kg validate FILE`` does) by every engine: a valid example gives no result at all, an
invalid one exactly the results its ``#>`` lines declare (focus node, path, severity, shape).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.namespace import OWL, RDF, SH

from advocacy_kg import config, engines, loading, validation
from advocacy_kg.engines import DEFAULT, ENGINES, shapes_graph
from advocacy_kg.namespaces import PREFIXES

EXAMPLES_DIR = config.ONTOLOGY_DIR / "examples"
EXAMPLES = sorted(EXAMPLES_DIR.glob("*.ttl"))
NAME = re.compile(r"^(?P<shape>\w+Shape)-(?P<kind>valid|invalid)-\d\d$")
SHAPES = rdflib.Namespace(validation.SHAPES)
Key = tuple[str, str | None, str, str]


@cache
def model_quads() -> tuple[ox.Quad, ...]:
    model = {config.ONTOLOGY_GRAPH, config.VOCABULARY_GRAPH}
    return tuple(loading.parse_files(f for f in loading.curated_files() if f.graph in model))


def dataset_of(*paths: Path) -> ox.Store:
    store = ox.Store()
    store.bulk_extend(model_quads())
    for path in paths:
        store.bulk_extend(loading.parse_file(path))
    return store


def expected_results(path: Path) -> set[Key]:
    """The ``#>`` comment lines of an example, read as Turtle with the file's prefixes."""
    lines = path.read_text(encoding="utf-8").splitlines()
    prefixes = [line for line in lines if line.startswith("@prefix")]
    body = [line[3:] for line in lines if line.startswith("#> ")]
    if not body:
        return set()
    graph = rdflib.Graph().parse(
        data="\n".join(prefixes + body), format="turtle", publicID=config.BASE
    )
    expected = set()
    for result in graph.subjects(SH.focusNode, None):
        path_ = graph.value(result, SH.resultPath)
        severity = graph.value(result, SH.resultSeverity, default=SH.Violation)
        expected.add(
            (
                str(graph.value(result, SH.focusNode)),
                str(path_) if path_ is not None else None,
                str(severity).rpartition("#")[2],
                str(graph.value(result, SH.sourceShape)),
            )
        )
    return expected


def ontology_classes() -> set[str]:
    graph = rdflib.Graph()
    for quad in loading.parse_files(
        f for f in loading.curated_files() if f.graph == config.ONTOLOGY_GRAPH
    ):
        graph.add(tuple(rdflib.URIRef(t.value) for t in quad.triple))  # type: ignore[arg-type]
    return {
        str(c)
        for c in graph.subjects(RDF.type, OWL.Class)
        if isinstance(c, rdflib.URIRef) and str(c).startswith(config.ONTOLOGY)
    }


# --- the shapes graph ----------------------------------------------------------------------


def test_shapes_and_examples_exist():
    assert len(loading.shapes_files()) >= 3
    assert len(EXAMPLES) >= 2 * len(validation.node_shapes())


def test_every_ontology_class_has_a_node_shape_named_after_it():
    classes = ontology_classes()
    assert len(classes) >= 20
    shapes = validation.node_shapes()
    assert set(shapes.values()) == classes
    for shape, cls in shapes.items():
        assert shape == validation.SHAPES + cls.removeprefix(config.ONTOLOGY) + "Shape"


def test_every_constraint_has_its_own_message_and_severity():
    graph = shapes_graph()
    property_shapes = set(graph.objects(None, SH.property))
    assert len(property_shapes) > 50
    for shape in property_shapes:
        assert graph.value(shape, SH.message) is not None, f"{shape} has no sh:message"
        assert graph.value(shape, SH.severity) in (SH.Violation, SH.Warning, SH.Info), shape
    for node_shape in validation.node_shapes():
        # engines take the severity of node-level results from the node shape: keep none there
        assert graph.value(rdflib.URIRef(node_shape), SH.severity) is None


def test_sparql_constraints_hang_on_shapes_with_a_message():
    graph = shapes_graph()
    holders = set(graph.subjects(SH.sparql, None))
    assert len(holders) >= 15
    for holder in holders:
        assert graph.value(holder, SH.message) is not None, holder
        assert (holder, SH.path, None) in graph, f"{holder}: a SPARQL rule sits in a property shape"


def test_sparql_prefixes_are_the_projects_prefixes():
    graph = shapes_graph()
    declared = {
        str(graph.value(d, SH.prefix)): str(graph.value(d, SH.namespace))
        for d in graph.objects(SHAPES.prefixes, SH.declare)
    }
    assert declared
    assert declared.items() <= PREFIXES.items()


def test_every_property_shape_is_used_and_every_shape_file_is_parsed_with_the_base():
    graph = shapes_graph()
    used = set(graph.objects(None, SH.property))
    declared = set(graph.subjects(RDF.type, SH.PropertyShape))
    assert declared == used
    assert all(str(s).startswith(validation.SHAPES) for s in used)


def test_every_node_shape_targets_nodes_in_the_curated_data():
    """No vacuous validation: each class a shape targets has instances in the curated graph."""
    store = ox.Store()
    store.bulk_extend(loading.parse_files(loading.curated_files()))
    empty = []
    for shape, cls in validation.node_shapes().items():
        ask = f"ASK {{ ?node a/<{RDF_SUBCLASS}>* <{cls}> }}"  # targets reach the subclasses
        if not bool(store.query(ask, use_default_graph_as_union=True)):
            empty.append(shape)
    assert not empty, f"shapes that target nothing in the curated data: {empty}"


RDF_SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"


# --- the examples --------------------------------------------------------------------------


def test_every_node_shape_has_a_valid_and_an_invalid_example():
    kinds: dict[str, set[str]] = {}
    for path in EXAMPLES:
        match = NAME.match(path.stem)
        assert match, f"{path.name}: name it <Shape>-valid-NN.ttl or <Shape>-invalid-NN.ttl"
        kinds.setdefault(match["shape"], set()).add(match["kind"])
    names = {s.removeprefix(validation.SHAPES) for s in validation.node_shapes()}
    assert set(kinds) == names
    assert all(k == {"valid", "invalid"} for k in kinds.values()), kinds


def test_invalid_examples_declare_results_and_valid_ones_do_not():
    for path in EXAMPLES:
        invalid = "-invalid-" in path.name
        assert bool(expected_results(path)) == invalid, path.name


@pytest.mark.parametrize("engine", sorted(ENGINES))
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_example_gives_exactly_its_expected_results(example: Path, engine: str):
    report = validation.validate(dataset_of(example), engine)
    assert {f.key() for f in report.findings} == expected_results(example)
    assert all(f.message for f in report.findings)


def test_a_documented_disagreement_is_not_a_violation():
    """Two dates on one letter (sources disagree), one of them in order: accepted."""
    example = EXAMPLES_DIR / "AdvocacyActionShape-valid-02.ttl"
    assert "2024-02-20" in example.read_text(encoding="utf-8")
    assert validation.validate(dataset_of(example)).findings == []


def test_engines_agree_on_the_curated_data():
    store = ox.Store()
    store.bulk_extend(loading.parse_files(loading.curated_files()))
    assert len(store) > 1000
    results = {name: {f.key() for f in ENGINES[name](store)} for name in sorted(ENGINES)}
    reference = results.pop("pyshacl")
    for name, found in results.items():
        assert found == reference, f"{name} disagrees with pySHACL: {found ^ reference}"


def test_turbo_fast_report_path_is_used_and_matches_the_public_api():
    """pyshacl-turbo's report is read from its engine's N-Triples (private API, guarded)."""
    store = ox.Store()
    store.bulk_extend(loading.parse_files(loading.curated_files()))
    example = dataset_of(EXAMPLES_DIR / "ClaimShape-invalid-02.ttl")
    for data in (store, example):
        fast = engines._turbo_report_quads(data)
        assert fast is not None, "pyshacl-turbo's private API changed: the slow path is in use"
        _, graph, _ = engines.turbo_program().validate(data)
        assert set(engines.report_findings(fast)) == set(engines.findings(graph))


def test_default_engine_is_registered():
    assert DEFAULT in ENGINES and "pyshacl" in ENGINES
