"""The dataset describes itself: VoID statistics and links, DCAT dataset and distributions.

Every figure is counted from the quads being published and every date and name is read from
``CITATION.cff`` (via ``citation``), so a description can never disagree with its dumps. The
description inside a dump lists the release's dumps without checksums (a file cannot hold its
own); the description written beside the dumps adds byte size and SHA-256 of each.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from . import config
from .citation import Citation
from .jsonld_context import RDF_TYPE, compact
from .namespaces import (
    AKG,
    OWL_SAME_AS,
    OWL_VERSION_INFO,
    SD,
    SH_NS,
    SKOS_NS,
    VOID,
    WD_HTTPS_NS,
    WD_NS,
)
from .namespaces import DCAT_NS as DCAT
from .namespaces import DCTERMS_NS as DCTERMS
from .namespaces import FOAF_NS as FOAF
from .namespaces import SPDX_NS as SPDX
from .namespaces import WIKIDATA_SITE as WIKIDATA
from .namespaces import XSD_NS as XSD

#: Namespaces the descriptions (and the shapes) use beyond ``namespaces.PREFIXES``.
DESCRIPTION_PREFIXES = {
    "void": str(VOID),
    "dcat": DCAT,
    "spdx": SPDX,
    "sd": str(SD),
    "sh": SH_NS,
}

DATASET = config.BASE + "dataset"
SPARQL_ENDPOINT = config.BASE + "sparql"
DOWNLOAD_PAGE = config.BASE + "download"  # the page listing the dumps; each is under it
LICENCES = {"CC-BY-4.0": "https://creativecommons.org/licenses/by/4.0/"}
WIKIDATA_ENTITIES = (WD_NS, WD_HTTPS_NS)
#: Predicates that link an entity to another dataset's (a record that mentions the item, such
#: as an alignment's rdf:Statement, is not a link).
LINK_PREDICATES = frozenset(
    [OWL_SAME_AS] + [f"{SKOS_NS}{p}Match" for p in ("exact", "close", "related")]
)
IANA_MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"
#: Classes whose first instance (by IRI) is offered as void:exampleResource.
EXAMPLE_CLASSES = [AKG.OpenLetter, AKG.Organisation, AKG.Legislation, AKG.Demand]
#: The named graphs that are not claims, described as subsets of the dataset.
FIXED_GRAPHS = {
    "ontology": config.ONTOLOGY_GRAPH,
    "vocabularies": config.VOCABULARY_GRAPH,
    "shapes": config.SHAPES_GRAPH,
    "sources": config.SOURCES_GRAPH,
}


@dataclass(frozen=True)
class Distribution:
    """One dump of the dataset; ``content`` is None where its checksum cannot be stated."""

    name: str
    media_type: str
    title: str
    content: bytes | None = None


def describe_dataset(
    content: Sequence[ox.Quad],
    citation: Citation,
    distributions: Sequence[Distribution],
    prefixes: Mapping[str, str],
) -> list[ox.Triple]:
    """VoID and DCAT triples describing ``content`` (the published quads), sorted."""
    out = _Triples()
    dataset = ox.NamedNode(DATASET)
    _dataset_card(out, dataset, citation)
    _statistics(out, dataset, content, prefixes)
    _links_to_wikidata(out, dataset, content)
    out.add(dataset, VOID + "sparqlEndpoint", ox.NamedNode(SPARQL_ENDPOINT))
    service = ox.NamedNode(SPARQL_ENDPOINT)
    out.add(service, RDF_TYPE, ox.NamedNode(DCAT + "DataService"))
    out.add(service, RDF_TYPE, ox.NamedNode(str(SD) + "Service"))
    out.add(service, DCAT + "endpointURL", service)
    out.add(service, DCAT + "servesDataset", dataset)
    for distribution in distributions:
        _distribution(out, dataset, distribution, citation)
    # the dataset itself first, so a reader of the Turtle meets it before its parts
    return sorted(
        out.triples,
        key=lambda t: (t.subject != dataset, str(t.subject), str(t.predicate), str(t.object)),
    )


class _Triples:
    def __init__(self) -> None:
        self.triples: set[ox.Triple] = set()

    def add(self, subject: ox.NamedNode, predicate: str, obj: ox.NamedNode | ox.Literal) -> None:
        self.triples.add(ox.Triple(subject, ox.NamedNode(predicate), obj))


def _typed(value: object, datatype: str) -> ox.Literal:
    return ox.Literal(str(value), datatype=ox.NamedNode(XSD + datatype))


def _dataset_card(out: _Triples, dataset: ox.NamedNode, citation: Citation) -> None:
    out.add(dataset, RDF_TYPE, ox.NamedNode(DCAT + "Dataset"))
    out.add(dataset, RDF_TYPE, ox.NamedNode(VOID + "Dataset"))
    out.add(dataset, DCTERMS + "title", ox.Literal(citation.title, language="en"))
    if citation.abstract:
        out.add(dataset, DCTERMS + "description", ox.Literal(citation.abstract, language="en"))
    out.add(dataset, DCAT + "version", ox.Literal(citation.version))
    out.add(dataset, OWL_VERSION_INFO, ox.Literal(citation.version))
    out.add(dataset, DCTERMS + "issued", _typed(citation.released.isoformat(), "date"))
    out.add(dataset, DCTERMS + "modified", _typed(citation.released.isoformat(), "date"))
    out.add(dataset, DCTERMS + "license", ox.NamedNode(LICENCES[citation.licence]))
    out.add(dataset, DCAT + "landingPage", ox.NamedNode(config.BASE))
    out.add(dataset, VOID + "uriSpace", ox.Literal(config.BASE))
    publisher = ox.NamedNode(DATASET + "#publisher")
    out.add(dataset, DCTERMS + "publisher", publisher)
    out.add(dataset, DCTERMS + "creator", publisher)
    out.add(publisher, RDF_TYPE, ox.NamedNode(FOAF + "Agent"))
    out.add(publisher, FOAF + "name", ox.Literal(citation.author_list))


def _statistics(
    out: _Triples, dataset: ox.NamedNode, content: Sequence[ox.Quad], prefixes: Mapping[str, str]
) -> None:
    union = {q.triple for q in content}
    instances: dict[str, set[str]] = defaultdict(set)
    per_property: Counter[str] = Counter()
    for t in union:
        per_property[t.predicate.value] += 1
        if t.predicate.value == RDF_TYPE and isinstance(t.object, ox.NamedNode):
            instances[t.object.value].add(str(t.subject))
    entities = {
        t.subject.value
        for t in union
        if isinstance(t.subject, ox.NamedNode) and t.subject.value.startswith(config.ENTITY)
    }
    out.add(dataset, VOID + "triples", _typed(len(union), "integer"))
    out.add(dataset, VOID + "entities", _typed(len(entities), "integer"))
    out.add(dataset, VOID + "classes", _typed(len(instances), "integer"))
    out.add(dataset, VOID + "properties", _typed(len(per_property), "integer"))
    out.add(dataset, VOID + "distinctSubjects", _typed(len({t.subject for t in union}), "integer"))
    out.add(dataset, VOID + "distinctObjects", _typed(len({t.object for t in union}), "integer"))
    for cls, members in instances.items():
        part = ox.NamedNode(f"{DATASET}#class-{_slug(cls, prefixes)}")
        out.add(dataset, VOID + "classPartition", part)
        out.add(part, VOID + "class", ox.NamedNode(cls))
        out.add(part, VOID + "entities", _typed(len(members), "integer"))
    for prop, count in per_property.items():
        part = ox.NamedNode(f"{DATASET}#property-{_slug(prop, prefixes)}")
        out.add(dataset, VOID + "propertyPartition", part)
        out.add(part, VOID + "property", ox.NamedNode(prop))
        out.add(part, VOID + "triples", _typed(count, "integer"))
    used = {t.predicate.value for t in union} | set(instances)
    for namespace in prefixes.values():
        if any(term.startswith(namespace) for term in used):
            out.add(dataset, VOID + "vocabulary", ox.NamedNode(namespace))
    for cls in EXAMPLE_CLASSES:
        named = sorted(m for m in instances.get(str(cls), ()) if m.startswith("<"))
        if named:
            out.add(dataset, VOID + "exampleResource", ox.NamedNode(named[0][1:-1]))
    _subsets(out, dataset, content)


def _subsets(out: _Triples, dataset: ox.NamedNode, content: Sequence[ox.Quad]) -> None:
    """One subset per fixed named graph, and one for all claim graphs together."""
    by_graph: dict[str, set[ox.Triple]] = defaultdict(set)
    for q in content:
        graph = q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else ""
        name = next((n for n, g in FIXED_GRAPHS.items() if g == graph), None)
        if name is None and graph.startswith(config.CLAIM):
            name = "claims"
        if name:
            by_graph[name].add(q.triple)
    for name, triples in by_graph.items():
        subset = ox.NamedNode(f"{DATASET}#{name}")
        out.add(dataset, VOID + "subset", subset)
        out.add(subset, RDF_TYPE, ox.NamedNode(VOID + "Dataset"))
        out.add(subset, DCTERMS + "title", ox.Literal(name, language="en"))
        out.add(subset, VOID + "triples", _typed(len(triples), "integer"))


def _links_to_wikidata(out: _Triples, dataset: ox.NamedNode, content: Iterable[ox.Quad]) -> None:
    """A linkset that counts the links there are, zero included: none are invented."""
    links = {
        q.triple
        for q in content
        if q.predicate.value in LINK_PREDICATES
        and any(str(term).startswith(f"<{ns}") for ns in WIKIDATA_ENTITIES for term in q.triple)
    }
    linkset = ox.NamedNode(DATASET + "#links-to-wikidata")
    wikidata = ox.NamedNode(WIKIDATA)
    out.add(dataset, VOID + "subset", linkset)
    out.add(linkset, RDF_TYPE, ox.NamedNode(VOID + "Linkset"))
    out.add(linkset, VOID + "subjectsTarget", dataset)
    out.add(linkset, VOID + "objectsTarget", wikidata)
    out.add(linkset, VOID + "triples", _typed(len(links), "integer"))
    for predicate in {t.predicate.value for t in links}:
        out.add(linkset, VOID + "linkPredicate", ox.NamedNode(predicate))
    out.add(wikidata, RDF_TYPE, ox.NamedNode(VOID + "Dataset"))
    out.add(wikidata, VOID + "uriSpace", ox.Literal(WIKIDATA_ENTITIES[0]))


def _distribution(
    out: _Triples, dataset: ox.NamedNode, dump: Distribution, citation: Citation
) -> None:
    url = ox.NamedNode(f"{DOWNLOAD_PAGE}/{dump.name}")
    node = ox.NamedNode(f"{DATASET}#{dump.name}")
    out.add(dataset, VOID + "dataDump", url)
    out.add(dataset, DCAT + "distribution", node)
    out.add(node, RDF_TYPE, ox.NamedNode(DCAT + "Distribution"))
    out.add(node, DCTERMS + "title", ox.Literal(dump.title, language="en"))
    out.add(node, DCAT + "downloadURL", url)
    out.add(node, DCAT + "accessURL", ox.NamedNode(DOWNLOAD_PAGE))
    out.add(node, DCAT + "mediaType", ox.NamedNode(IANA_MEDIA_TYPES + dump.media_type))
    out.add(node, DCTERMS + "license", ox.NamedNode(LICENCES[citation.licence]))
    out.add(node, DCTERMS + "issued", _typed(citation.released.isoformat(), "date"))
    if dump.content is None:
        return
    checksum = ox.NamedNode(f"{DATASET}#{dump.name}-sha256")
    out.add(node, DCAT + "byteSize", _typed(len(dump.content), "nonNegativeInteger"))
    out.add(node, SPDX + "checksum", checksum)
    out.add(checksum, RDF_TYPE, ox.NamedNode(SPDX + "Checksum"))
    out.add(checksum, SPDX + "algorithm", ox.NamedNode(SPDX + "checksumAlgorithm_sha256"))
    digest = hashlib.sha256(dump.content).hexdigest()
    out.add(checksum, SPDX + "checksumValue", _typed(digest, "hexBinary"))


def _slug(iri: str, prefixes: Mapping[str, str]) -> str:
    """A readable, stable fragment for a class or property: ``akg-OpenLetter``."""
    short = compact(iri, prefixes)
    if short != iri and all(c.isalnum() or c in "-_.:" for c in short):
        return short.replace(":", "-")
    return "iri-" + hashlib.sha256(iri.encode()).hexdigest()[:16]
