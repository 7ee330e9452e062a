"""The VoID/DCAT description: every figure recounted from the dump, every date and name from
CITATION.cff, every distribution's size and checksum from the file itself."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pyoxigraph as ox
import pytest

from advocacy_kg import config, export
from advocacy_kg.citation import CitationError, load_citation

VERSION = version("advocacy-kg")
ROOT = Path(__file__).resolve().parents[1]
PREFIXES = """
PREFIX void: <http://rdfs.org/ns/void#>
PREFIX dcat: <http://www.w3.org/ns/dcat#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX spdx: <http://spdx.org/rdf/terms#>
PREFIX akg: <https://w3id.org/advocacy-kg/def/>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
"""
DATASET = "<https://w3id.org/advocacy-kg/dataset>"
CONTENT = f"GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != <{config.DESCRIPTION_GRAPH}>)"


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("release")
    export.export(out)
    return out


@pytest.fixture(scope="module")
def dump(release: Path) -> ox.Store:
    """The N-Quads dump in a store: the figures are recounted from it with SPARQL."""
    store = ox.Store()
    store.load(path=str(release / f"advocacy-kg-{VERSION}.nq"), format=ox.RdfFormat.N_QUADS)
    return store


@pytest.fixture(scope="module")
def description(release: Path) -> ox.Store:
    """The description written beside the dumps."""
    store = ox.Store()
    store.load(path=str(release / f"advocacy-kg-{VERSION}.void.ttl"), format=ox.RdfFormat.TURTLE)
    return store


def number(store: ox.Store, query: str) -> int:
    rows = list(store.query(PREFIXES + query, use_default_graph_as_union=True))  # type: ignore[arg-type]
    assert len(rows) == 1, query
    return int(rows[0][0].value)


def test_void_triples_entities_classes_and_properties_are_recounted(
    dump: ox.Store, description: ox.Store
) -> None:
    triples = number(
        dump, f"SELECT (COUNT(*) AS ?n) {{ SELECT DISTINCT ?s ?p ?o {{ {CONTENT} }} }}"
    )
    assert triples > 1000
    entities = number(
        dump,
        f"SELECT (COUNT(DISTINCT ?s) AS ?n) {{ {CONTENT} "
        f'FILTER(isIRI(?s) && STRSTARTS(STR(?s), "{config.ENTITY}")) }}',
    )
    classes = number(
        dump, f"SELECT (COUNT(DISTINCT ?o) AS ?n) {{ {CONTENT} FILTER(?p = rdf:type) }}"
    )
    properties = number(dump, f"SELECT (COUNT(DISTINCT ?p) AS ?n) {{ {CONTENT} }}")
    for store in (dump, description):
        assert number(store, f"SELECT ?n {{ {DATASET} void:triples ?n }}") == triples
        assert number(store, f"SELECT ?n {{ {DATASET} void:entities ?n }}") == entities
        assert number(store, f"SELECT ?n {{ {DATASET} void:classes ?n }}") == classes
        assert number(store, f"SELECT ?n {{ {DATASET} void:properties ?n }}") == properties


def test_class_and_property_partitions_match_the_data(dump: ox.Store) -> None:
    letters = number(
        dump,
        f"SELECT (COUNT(DISTINCT ?s) AS ?n) {{ {CONTENT} "
        "FILTER(?p = rdf:type && ?o = akg:OpenLetter) }",
    )
    assert letters > 0
    stated = number(
        dump,
        f"SELECT ?n {{ {DATASET} void:classPartition "
        "[ void:class akg:OpenLetter ; void:entities ?n ] }",
    )
    assert stated == letters
    signatories = number(
        dump,
        f"SELECT (COUNT(*) AS ?n) {{ SELECT DISTINCT ?s ?o {{ {CONTENT} "
        "FILTER(?p = akg:signatory) } }",
    )
    stated = number(
        dump,
        f"SELECT ?n {{ {DATASET} void:propertyPartition "
        "[ void:property akg:signatory ; void:triples ?n ] }",
    )
    assert signatories > 0 and stated == signatories
    partitions = number(dump, f"SELECT (COUNT(*) AS ?n) {{ {DATASET} void:classPartition ?c }}")
    assert partitions == number(dump, f"SELECT ?n {{ {DATASET} void:classes ?n }}")


def test_links_to_wikidata_are_counted_not_invented(dump: ox.Store) -> None:
    links = number(
        dump,
        f"SELECT (COUNT(*) AS ?n) {{ SELECT DISTINCT ?s ?p ?o {{ {CONTENT} "
        'FILTER(CONTAINS(STR(?s), "wikidata.org/entity/") '
        '|| CONTAINS(STR(?o), "wikidata.org/entity/")) } }',
    )
    stated = number(
        dump,
        f"SELECT ?n {{ {DATASET} void:subset ?l . ?l a void:Linkset ; "
        "void:objectsTarget <https://www.wikidata.org/> ; void:triples ?n }",
    )
    assert stated == links


def test_endpoint_dumps_and_example_resources_are_given(dump: ox.Store) -> None:
    dumps = {
        row[0].value
        for row in dump.query(
            PREFIXES + f"SELECT ?d {{ {DATASET} void:dataDump ?d }}",
            use_default_graph_as_union=True,
        )  # type: ignore[union-attr]
    }
    assert dumps == {
        f"{config.BASE}download/{n}" for n in map(export.dump_name, export.FORMATS.values())
    }
    assert (
        number(
            dump,
            f"SELECT (COUNT(*) AS ?n) {{ {DATASET} void:sparqlEndpoint <{config.BASE}sparql> }}",
        )
        == 1
    )
    examples = number(
        dump,
        f"SELECT (COUNT(*) AS ?n) {{ {DATASET} void:exampleResource ?e . "
        f"FILTER EXISTS {{ {CONTENT} FILTER(?s = ?e) }} }}",
    )
    assert examples >= 2


def test_each_distribution_states_the_size_and_checksum_of_its_file(
    release: Path, description: ox.Store
) -> None:
    query = PREFIXES + (
        f"SELECT ?url ?size ?sum ?type {{ {DATASET} dcat:distribution ?d . "
        "?d dcat:downloadURL ?url ; dcat:byteSize ?size ; dcat:mediaType ?type ; "
        "dcterms:license <https://creativecommons.org/licenses/by/4.0/> ; "
        "spdx:checksum [ spdx:algorithm spdx:checksumAlgorithm_sha256 ; spdx:checksumValue ?sum ] }"
    )
    rows = list(description.query(query))  # type: ignore[arg-type]
    assert len(rows) == len(export.FORMATS)
    for url, size, digest, media_type in rows:
        file = release / url.value.rsplit("/", 1)[1]
        assert int(size.value) == file.stat().st_size
        assert digest.value == hashlib.sha256(file.read_bytes()).hexdigest()
        fmt = next(f for f in export.FORMATS.values() if export.dump_name(f) == file.name)
        assert media_type.value.endswith("/" + fmt.media_type)


def test_version_dates_licence_and_publisher_come_from_citation_cff(description: ox.Store) -> None:
    citation = load_citation()
    query = PREFIXES + (
        f"SELECT ?version ?issued ?modified ?licence ?name {{ {DATASET} dcat:version ?version ; "
        "dcterms:issued ?issued ; dcterms:modified ?modified ; dcterms:license ?licence ; "
        "dcterms:publisher [ <http://xmlns.com/foaf/0.1/name> ?name ] }"
    )
    ((v, issued, modified, licence, name),) = list(description.query(query))  # type: ignore[arg-type]
    assert v.value == VERSION == citation.version
    assert issued.value == modified.value == citation.released.isoformat()
    assert licence.value == "https://creativecommons.org/licenses/by/4.0/"
    assert name.value == citation.author_list


def test_citation_cff_is_valid_cff_1_2_0() -> None:
    done = subprocess.run(
        [
            str(Path(sys.executable).with_name("cffconvert")),
            "--validate",
            "-i",
            str(ROOT / "CITATION.cff"),
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_citation_of_another_version_is_refused(tmp_path: Path) -> None:
    text = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    stale = tmp_path / "CITATION.cff"
    stale.write_text(text.replace(f'version: "{VERSION}"', 'version: "0.0.9"'), encoding="utf-8")
    with pytest.raises(CitationError, match="0.0.9"):
        load_citation(stale)


def test_licence_files_and_readme_state_both_licences() -> None:
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "CC BY 4.0" in readme and "MIT" in readme
