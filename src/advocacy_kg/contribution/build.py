"""The generated part of a contribution: claim IRIs, claim descriptions and source links.

The source becomes ``id/source/<id>`` in ``graph:sources``; the n-th claim becomes the named
graph ``claim/<id>-<nn>``, holding ``a akg:Claim ; akg:source ; akg:quote`` (and the note as
``rdfs:comment``) beside the statements the quote supports, as ``data/README.md`` describes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from .. import config
from ..namespaces import AKG, PREFIXES
from .document import ClaimEntry, Contribution
from .terms import RDF_TYPE, TermReader, Vocabulary

LABEL = ox.NamedNode(PREFIXES["rdfs"] + "label")
COMMENT = ox.NamedNode(PREFIXES["rdfs"] + "comment")
TITLE = ox.NamedNode(PREFIXES["dcterms"] + "title")
XSD_DATE = ox.NamedNode(PREFIXES["xsd"] + "date")


def node(term: str) -> ox.NamedNode:
    return ox.NamedNode(str(term))


@dataclass
class Claim:
    iri: str
    entry: ClaimEntry
    quads: list[ox.Quad]


@dataclass
class Built:
    """The contribution as quads, with the line where each of its subjects is first written."""

    source: str
    source_quads: list[ox.Quad]
    claims: list[Claim]
    lines: dict[str, int] = field(default_factory=dict)

    @property
    def quads(self) -> list[ox.Quad]:
        return self.source_quads + [q for c in self.claims for q in c.quads]


def source_iri(source_id: str) -> str:
    return config.ENTITY + "source/" + source_id


def build(contribution: Contribution, vocabulary: Vocabulary) -> Built:
    reader = TermReader(vocabulary, contribution.error)
    source = contribution.source
    iri = source_iri(source.id.text)
    built = Built(iri, source_quads(contribution, reader), [], {iri: source.line})
    # labels given here name new entities: rows may refer to them by label too
    vocabulary.add_labels(
        ox.Quad(subject, LABEL, ox.Literal(row.object.text))
        for claim in contribution.claims
        for row in claim.rows
        if reader.predicate(row.predicate) == LABEL
        and (subject := reader.iri(row.subject, "subject")) is not None
    )
    mentioned: dict[str, int] = {}  # where an IRI only ever written as an object is
    for number, entry in enumerate(contribution.claims, start=1):
        claim = f"{config.CLAIM}{source.id.text}-{number:02d}"
        graph = ox.NamedNode(claim)
        quads = [ox.Quad(graph, RDF_TYPE, node(AKG.Claim), graph)]
        quads.append(ox.Quad(graph, node(AKG.source), ox.NamedNode(iri), graph))
        quads += [ox.Quad(graph, node(AKG.quote), ox.Literal(q.text), graph) for q in entry.quotes]
        if entry.note:
            quads.append(ox.Quad(graph, COMMENT, ox.Literal(entry.note.text, language="en"), graph))
        built.lines.setdefault(claim, entry.line)
        for row in entry.rows:
            subject = reader.entity(row.subject, "subject")
            predicate = reader.predicate(row.predicate)
            obj = reader.object(row.object, predicate)
            quads.append(ox.Quad(subject, predicate, obj, graph))
            built.lines.setdefault(subject.value, row.line)
            if isinstance(obj, ox.NamedNode):
                mentioned.setdefault(obj.value, row.line)
        built.claims.append(Claim(claim, entry, quads))
    built.lines = {**mentioned, **built.lines}
    return built


def source_quads(contribution: Contribution, reader: TermReader) -> list[ox.Quad]:
    source = contribution.source
    subject = ox.NamedNode(source_iri(source.id.text))
    graph = ox.NamedNode(config.SOURCES_GRAPH)
    title = source.title.text.strip()
    triples: list[tuple[ox.NamedNode, ox.NamedNode | ox.Literal]] = [
        (RDF_TYPE, node(AKG.SourceDocument)),
        (LABEL, ox.Literal(title, language="en")),
        (TITLE, ox.Literal(title)),
    ]
    if source.publisher:
        triples.append((node(AKG.publisherName), ox.Literal(source.publisher.text.strip())))
    if source.date:
        triples.append((node(AKG.date), ox.Literal(source.date.text.strip(), datatype=XSD_DATE)))
    if source.web_address:
        address = reader.iri(source.web_address, "web address")
        if address is None or not address.value.startswith(("https://", "http://")):
            raise contribution.error(
                source.web_address.line,
                f"web address {source.web_address.text!r} should start with https:// or http://",
            )
        triples.append((node(AKG.webAddress), address))
    text = node(AKG.fullText if source.full_text else AKG.excerpt)
    triples += [(text, ox.Literal(t.text.rstrip("\n"))) for t in source.texts]
    return [ox.Quad(subject, p, o, graph) for p, o in triples]
