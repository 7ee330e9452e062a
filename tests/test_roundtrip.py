"""Round trips through independent tools: every dump, re-read by rdflib, raptor (``rapper``),
pyoxigraph and pyld, gives back exactly the graph the curated files hold."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from pyld import jsonld
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from advocacy_kg import config, export, loading
from advocacy_kg.jsonld_context import CONTEXT_IRI

VERSION = version("advocacy-kg")
#: rdflib 7.6's own TriG and Dataset parsing calls its deprecated APIs; nothing we can change.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib")
QUAD_FORMATS = ["trig", "nquads", "jsonld"]
TRIPLE_FORMATS = ["turtle", "ntriples", "rdfxml"]
RDFLIB_FORMATS = {
    "trig": "trig",
    "nquads": "nquads",
    "jsonld": "json-ld",
    "turtle": "turtle",
    "ntriples": "nt",
    "rdfxml": "xml",
}
RAPPER_FORMATS = {
    "trig": "trig",
    "nquads": "nquads",
    "turtle": "turtle",
    "ntriples": "ntriples",
    "rdfxml": "rdfxml",
}


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("release")
    export.export(out)
    return out


def dump(release: Path, fmt: str) -> Path:
    return release / export.dump_name(export.FORMATS[fmt])


def graphs_of(dataset: Dataset) -> dict[str, Graph]:
    """Named graphs by IRI (the default graph under ""), empty ones left out."""
    out: dict[str, Graph] = {}
    for context in dataset.graphs():
        name = str(context.identifier)
        name = "" if name == str(DATASET_DEFAULT_GRAPH_ID) else name
        if len(context):
            graph = Graph()
            for triple in context:
                graph.add(triple)
            out[name] = graph
    return out


@pytest.fixture(scope="module")
def source() -> dict[str, Graph]:
    """The curated files and shapes read by rdflib, each into the graph the project gives it."""
    dataset = Dataset()
    for file in loading.curated_files():
        if file.path.suffix == ".trig":
            dataset.parse(file.path, format="trig", publicID=config.BASE)
        else:
            graph = dataset.graph(URIRef(file.graph or ""))
            graph.parse(file.path, format="turtle", publicID=config.BASE)
    for path in loading.shapes_files():
        dataset.graph(URIRef(config.SHAPES_GRAPH)).parse(
            path, format="turtle", publicID=config.BASE
        )
    graphs = graphs_of(dataset)
    assert sum(name.startswith(config.CLAIM) for name in graphs) > 10
    return graphs


@pytest.fixture(scope="module")
def description(release: Path) -> Graph:
    """The description graph of the dumps, read by rdflib from the TriG dump."""
    dataset = Dataset()
    dataset.parse(dump(release, "trig"), format="trig")
    graph = graphs_of(dataset)[config.DESCRIPTION_GRAPH]
    assert len(graph) > 100
    return graph


@pytest.mark.parametrize("fmt", QUAD_FORMATS)
def test_rdflib_reads_each_named_graph_back_unchanged(
    fmt: str, release: Path, source: dict[str, Graph], description: Graph
) -> None:
    dataset = Dataset()
    dataset.parse(dump(release, fmt), format=RDFLIB_FORMATS[fmt])
    graphs = graphs_of(dataset)
    assert set(graphs) == set(source) | {config.DESCRIPTION_GRAPH}
    for name, graph in source.items():
        assert isomorphic(graphs[name], graph), name
    assert isomorphic(graphs[config.DESCRIPTION_GRAPH], description)


@pytest.mark.parametrize("fmt", TRIPLE_FORMATS)
def test_rdflib_reads_the_union_back_unchanged(
    fmt: str, release: Path, source: dict[str, Graph], description: Graph
) -> None:
    union = Graph()
    for graph in [*source.values(), description]:
        for triple in graph:
            union.add(triple)
    parsed = Graph()
    parsed.parse(dump(release, fmt), format=RDFLIB_FORMATS[fmt])
    assert len(parsed) == len(union)
    assert isomorphic(parsed, union)


def rapper_count(path: Path, syntax: str) -> int:
    rapper = shutil.which("rapper")
    assert rapper, "rapper (Debian raptor2-utils) is needed: scripts/setup --test installs it"
    done = subprocess.run([rapper, "-i", syntax, "-c", str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    match = re.search(r"returned (\d+) (triples|statements)", done.stderr)
    assert match, done.stderr
    return int(match.group(1))


@pytest.mark.parametrize("fmt", list(RAPPER_FORMATS))
def test_rapper_and_pyoxigraph_agree_on_the_count(fmt: str, release: Path) -> None:
    path = dump(release, fmt)
    quads = list(ox.parse(path=str(path), format=export.FORMATS[fmt].rdf))
    all_quads = list(ox.parse(path=str(dump(release, "nquads")), format=ox.RdfFormat.N_QUADS))
    expected = len(all_quads) if fmt in QUAD_FORMATS else len({q.triple for q in all_quads})
    assert rapper_count(path, RAPPER_FORMATS[fmt]) == len(quads) == expected


def no_network(url: str, options: object = None) -> Any:
    raise AssertionError(f"a network load was attempted: {url}")


def canonical(quads: list[ox.Quad]) -> ox.Dataset:
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return dataset


def pyld_quads(document: dict[str, Any], loader: Any) -> list[ox.Quad]:
    nquads = jsonld.to_rdf(document, {"format": "application/n-quads", "documentLoader": loader})
    return list(ox.parse(nquads.encode(), ox.RdfFormat.N_QUADS))


def test_pyld_and_pyoxigraph_read_the_json_ld_dump_as_the_n_quads_dump(release: Path) -> None:
    """raptor has no JSON-LD parser: two others check this dump against the N-Quads one."""
    expected = canonical(
        list(ox.parse(path=str(dump(release, "nquads")), format=ox.RdfFormat.N_QUADS))
    )
    document = json.loads(dump(release, "jsonld").read_text(encoding="utf-8"))
    assert canonical(pyld_quads(document, no_network)) == expected
    parsed = ox.parse(path=str(dump(release, "jsonld")), format=ox.RdfFormat.JSON_LD)
    assert canonical(list(parsed)) == expected


def test_pyld_expands_the_dump_with_the_context_loaded_from_its_iri(release: Path) -> None:
    """The context file beside the dumps is what <base>context.jsonld serves."""
    loaded: list[str] = []

    def local_loader(url: str, options: object = None) -> dict[str, Any]:
        if url != CONTEXT_IRI:
            return no_network(url)  # type: ignore[no-any-return, unused-ignore]
        loaded.append(url)
        document = json.loads((release / export.CONTEXT_NAME).read_text(encoding="utf-8"))
        return {"contextUrl": None, "documentUrl": url, "document": document}

    document = json.loads(dump(release, "jsonld").read_text(encoding="utf-8"))
    document["@context"] = CONTEXT_IRI
    expected = canonical(
        list(ox.parse(path=str(dump(release, "nquads")), format=ox.RdfFormat.N_QUADS))
    )
    assert canonical(pyld_quads(document, local_loader)) == expected
    assert loaded == [CONTEXT_IRI]


def test_the_json_ld_dump_reads_as_plain_json(release: Path) -> None:
    """Compact form: short names for classes and properties, no full IRIs of our vocabulary."""
    text = dump(release, "jsonld").read_text(encoding="utf-8")
    document = json.loads(text)
    nodes = [node for graph in document["@graph"] for node in graph.get("@graph", [graph])]
    letters = [n for n in nodes if n.get("@type") == "OpenLetter"]
    assert letters and all(isinstance(n.get("label"), str) for n in letters)
    assert any(isinstance(n.get("date"), str) for n in letters)
    assert not re.search(re.escape(config.ONTOLOGY) + r"\w", text)  # every term is shortened
