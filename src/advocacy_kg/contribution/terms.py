"""From the words of a statement row to RDF terms.

A term is an IRI written ``<id/…>`` (relative to the base) or ``https://…``, a prefixed name
with one of the project's prefixes (``akg:signatory``, ``id:organisation/…``, ``tech:…``), or,
where the predicate takes an entity, the exact label of an entity of the graph or of the
contribution (so a curator can write ``Open Rights Group``). Where the predicate takes a value,
the text is a literal typed as the ontology says (``akg:date`` → ``xsd:date``; labels in English).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from difflib import get_close_matches
from urllib.parse import urljoin

import pyoxigraph as ox

from .. import config
from ..namespaces import PREFIXES, XSD_STRING
from ..rdfterms import RDF_TYPE_NODE as RDF_TYPE
from .document import Value

#: Value-taking properties outside the ontology, and the language their text is in.
ENGLISH_TEXT = {PREFIXES["rdfs"] + local for local in ("label", "comment")} | {
    PREFIXES["skos"] + local for local in ("prefLabel", "altLabel", "note", "definition")
}
PLAIN_TEXT = {PREFIXES["dcterms"] + "title", PREFIXES["skos"] + "notation"}
#: Labels by which an entity can be named in a row.
LABELS = (PREFIXES["rdfs"] + "label", PREFIXES["skos"] + "prefLabel")

_PREFIXED = re.compile(r"^([A-Za-z][\w.-]*)?:(\S*)$")
_EXPLICIT = re.compile(r'^"(?P<text>.*)"(?:@(?P<lang>[A-Za-z-]+)|\^\^(?P<datatype>\S+))$', re.S)

Fail = Callable[[int, str], Exception]


def labelled(quads: Iterable[ox.Quad]) -> Iterator[tuple[str, str]]:
    """(IRI, label) for every label of a named entity among the quads."""
    for q in quads:
        if (
            q.predicate.value in LABELS
            and isinstance(q.subject, ox.NamedNode)
            and isinstance(q.object, ox.Literal)
        ):
            yield q.subject.value, q.object.value


def normalised_label(text: str) -> str:
    """Labels compare equal ignoring case and runs of spaces: ``open  rights group``."""
    return " ".join(text.casefold().split())


@dataclass
class Vocabulary:
    """What the graph already knows: its terms, value-taking properties and labelled entities."""

    terms: set[str]  # every IRI described in the ontology and vocabularies
    datatypes: dict[str, str | None]  # value-taking property -> its range (None: any)
    labels: dict[str, set[str]] = field(default_factory=dict)  # normalised label -> IRIs
    spelled: dict[str, str] = field(default_factory=dict)  # normalised label -> as written

    @classmethod
    def of(cls, store: ox.Store) -> Vocabulary:
        model = [ox.NamedNode(config.ONTOLOGY_GRAPH), ox.NamedNode(config.VOCABULARY_GRAPH)]
        terms = {
            q.subject.value
            for g in model
            for q in store.quads_for_pattern(None, None, None, g)
            if isinstance(q.subject, ox.NamedNode)
        }
        datatypes: dict[str, str | None] = {}
        solutions = store.query(
            "SELECT ?p ?range { GRAPH ?g { ?p a owl:DatatypeProperty "
            "OPTIONAL { ?p rdfs:range ?range } } }",
            prefixes=PREFIXES,
        )
        assert isinstance(solutions, ox.QuerySolutions)
        for row in solutions:
            datatypes[row["p"].value] = row["range"].value if row["range"] else None
        vocabulary = cls(terms, datatypes)
        vocabulary.add_labels(store.quads_for_pattern(None, None, None, None))
        return vocabulary

    def add_labels(self, quads: Iterable[ox.Quad]) -> None:
        for iri, label in labelled(quads):
            key = normalised_label(label)
            self.labels.setdefault(key, set()).add(iri)
            self.spelled.setdefault(key, label)

    def takes_value(self, predicate: str) -> bool:
        return predicate in self.datatypes or predicate in ENGLISH_TEXT | PLAIN_TEXT


class TermReader:
    """Reads the terms of one contribution, failing with the file, the line and the term."""

    def __init__(self, vocabulary: Vocabulary, fail: Fail) -> None:
        self.vocabulary = vocabulary
        self.fail = fail

    def iri(self, value: Value, role: str) -> ox.NamedNode | None:
        """The IRI written in ``value``, or None when it is not written as an IRI."""
        text = value.text.strip()
        if text.startswith("<") and text.endswith(">"):
            return self.named(urljoin(config.BASE, text[1:-1]), value, role)
        if re.match(r"^https?://\S+$", text):
            return self.named(text, value, role)
        match = _PREFIXED.match(text)
        if not match:
            return None
        prefix, local = match.group(1) or "", match.group(2)
        if prefix not in PREFIXES:
            known = " ".join(f"{p}:" for p in PREFIXES)
            raise self.fail(
                value.line, f"unknown prefix in {role} {text!r}: {prefix}: (known: {known})"
            )
        iri = PREFIXES[prefix] + local
        model = (config.ONTOLOGY, config.CONCEPT)
        if iri.startswith(model) and iri not in self.vocabulary.terms:
            raise self.fail(
                value.line, f"{role} {text!r} is not a term of the ontology or its vocabularies"
            )
        return self.named(iri, value, role)

    def named(self, iri: str, value: Value, role: str) -> ox.NamedNode:
        try:
            return ox.NamedNode(iri)
        except ValueError as error:
            raise self.fail(
                value.line, f"{role} {value.text!r} is not a valid IRI: {error}"
            ) from None

    def entity(self, value: Value, role: str) -> ox.NamedNode:
        """An IRI, or the one entity whose label is exactly this text."""
        written = self.iri(value, role)
        if written is not None:
            return written
        found = self.vocabulary.labels.get(normalised_label(value.text), set())
        if len(found) == 1:
            return ox.NamedNode(next(iter(found)))
        if found:
            names = ", ".join(sorted(found))
            raise self.fail(
                value.line,
                f"{role} {value.text!r} is the label of several entities: write "
                f"the IRI of the one you mean ({names})",
            )
        close = get_close_matches(normalised_label(value.text), self.vocabulary.labels, n=3)
        spelled = ", ".join(repr(self.vocabulary.spelled[c]) for c in close)
        hint = f"; close labels: {spelled}" if close else ""
        raise self.fail(
            value.line,
            f"{role} {value.text!r} is neither an IRI (id:…, akg:…) nor the exact label of an "
            f"entity in the graph or in this contribution{hint}",
        )

    def predicate(self, value: Value) -> ox.NamedNode:
        if value.text.strip() == "a":
            return RDF_TYPE
        written = self.iri(value, "predicate")
        if written is None:
            raise self.fail(value.line, f"predicate {value.text!r} is not a prefixed name")
        return written

    def object(self, value: Value, predicate: ox.NamedNode) -> ox.NamedNode | ox.Literal:
        if predicate == RDF_TYPE:
            return self.entity(value, "class")
        if not self.vocabulary.takes_value(predicate.value):
            return self.entity(value, "object")
        explicit = _EXPLICIT.match(value.text)
        if explicit:
            if explicit.group("lang"):
                try:
                    return ox.Literal(explicit.group("text"), language=explicit.group("lang"))
                except ValueError as error:
                    raise self.fail(
                        value.line, f"{value.text!r}: bad language tag: {error}"
                    ) from None
            written = self.iri(Value(explicit.group("datatype"), value.line), "datatype")
            return ox.Literal(explicit.group("text"), datatype=written)
        if predicate.value in ENGLISH_TEXT:
            return ox.Literal(value.text, language="en")
        datatype = self.vocabulary.datatypes.get(predicate.value)
        if datatype and datatype != XSD_STRING and datatype.startswith(PREFIXES["xsd"]):
            return ox.Literal(value.text.strip(), datatype=ox.NamedNode(datatype))
        return ox.Literal(value.text)
