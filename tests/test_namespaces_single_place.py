"""Every IRI of a standard vocabulary is written once, in ``namespaces.py`` (issue 14).

Other modules import the namespace or term from there, so a misspelt IRI cannot hide in one
module's query text while the others are right.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from advocacy_kg import namespaces

SRC = Path(namespaces.__file__).parent
#: Hosts and paths of the vocabularies the project uses (W3C, DCMI, FOAF, schema.org, VoID,
#: Wikidata, SPDX, ELI, DPV); the project's own IRIs (config.BASE) are not in this list.
VOCABULARY_IRI = re.compile(
    r"https?://(?:www\.w3\.org/|purl\.org/|xmlns\.com/|schema\.org/|rdfs\.org/|"
    r"(?:www\.)?wikidata\.org/|spdx\.org/|data\.europa\.eu/eli/ontology|w3id\.org/dpv)"
    r"[^\s\"'<>]*"
)


def _vocabulary_iris(text: str) -> list[tuple[int, str]]:
    return [(text.count("\n", 0, m.start()) + 1, m.group()) for m in VOCABULARY_IRI.finditer(text)]


def test_no_vocabulary_iri_outside_namespaces_module() -> None:
    modules = [p for p in sorted(SRC.rglob("*.py")) if p != SRC / "namespaces.py"]
    assert len(modules) > 50  # the scan reaches the whole package, not an empty folder
    found = [
        f"{p.relative_to(SRC)}:{line}: {iri}"
        for p in modules
        for line, iri in _vocabulary_iris(p.read_text(encoding="utf-8"))
    ]
    assert not found, "import these from advocacy_kg.namespaces instead:\n" + "\n".join(found)


@pytest.mark.parametrize(
    "name",
    ["RDF_NS", "RDFS_NS", "OWL_NS", "XSD_NS", "SKOS_NS", "DCTERMS_NS", "PROV_NS", "FOAF_NS",
     "DCAT_NS", "SH_NS", "VOID_NS", "WD_NS", "WD_HTTPS_NS", "SPDX_NS", "SPDX_LICENCES",
     "SPARQL_RESULTS_XML_NS"],
)  # fmt: skip
def test_the_scan_recognises_every_vocabulary_namespaces_defines(name: str) -> None:
    """A vocabulary added to namespaces.py but unknown to the pattern would go unguarded."""
    iri = getattr(namespaces, name)
    assert VOCABULARY_IRI.match(iri), f"{name} = {iri!r}: add its host to VOCABULARY_IRI"


def test_external_prefixes_are_all_recognised() -> None:
    external = {p: iri for p, iri in namespaces.PREFIXES.items() if "advocacy-kg" not in iri}
    assert {"rdf", "rdfs", "skos", "dcterms", "prov", "schema"} <= set(external)
    assert all(VOCABULARY_IRI.match(iri) for iri in external.values()), external


def test_plain_string_terms_are_str_and_equal_the_rdflib_terms() -> None:
    # rdflib's URIRef never equals a str, so code comparing with query results needs str.
    assert type(namespaces.RDF_TYPE) is str
    assert str(namespaces.RDF.type) == namespaces.RDF_TYPE
    assert str(namespaces.RDFS.label) == namespaces.RDFS_LABEL
    assert namespaces.PREFIXES["xsd"] + "string" == namespaces.XSD_STRING


#: A PREFIX line of a SPARQL file.
PREFIX_LINE = re.compile(r"^PREFIX\s+([\w-]*):\s*<([^>]*)>", re.MULTILINE | re.IGNORECASE)


def test_prefixes_in_query_files_are_the_projects() -> None:
    """The example queries and checks keep their PREFIX lines (each file runs as it stands,
    pasted into any SPARQL client), but a prefix means what namespaces.PREFIXES says."""
    root = SRC.parent.parent
    files = sorted((root / "data" / "queries").glob("*.rq"))
    files += sorted((root / "ontology" / "checks").glob("*.rq"))
    declared = [
        (path.relative_to(root), prefix, iri)
        for path in files
        for prefix, iri in PREFIX_LINE.findall(path.read_text(encoding="utf-8"))
    ]
    assert len(declared) > 10
    wrong = [d for d in declared if namespaces.PREFIXES.get(d[1]) != d[2]]
    assert wrong == []
