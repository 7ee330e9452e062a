"""Support checks on who speaks and what a letter is.

- ``support-speakers``: the speaker of a quotation (``akg:spokenBy``) is named in the quotes of
  the claim that states it, or is the publisher of its source (a press release speaks for its
  publisher): its label, or a word of it (a surname, "government"). A quote that
  gives the words to "the preceding (previous, former) government" is not spoken by the
  government the graph names without that qualifier: the two are not one speaker (Violation).
  A speaker role (``akg:speakerRole``) whose office, organisation or title the quotes never name
  is a Warning.
- ``support-open-letters``: an entity typed ``akg:OpenLetter`` has a quote (of a claim that
  mentions it) that says it is open or published ("open letter", "published", "public
  letter", "publicly", "petition"); a reply (``akg:respondsTo``) without one is a Violation,
  any other letter a Warning (the words vary more than a pattern can know).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pyoxigraph as ox

from .namespaces import AKG, RDF_TYPE
from .support import Evidence, finding, normalise, says, select
from .validation import Finding

FORMER = re.compile(r"\b(?:preceding|previous|former|past|last|outgoing)\s+(?:\w+\s+)?government")
#: What a speaker's label says to be the former government: the qualifier, a party or a year.
FORMER_LABEL = re.compile(
    r"\b(?:preceding|previous|former|past|outgoing|conservative|labour)\b|\d{4}"
)
_STOP = {"the", "of", "and", "for", "on", "in", "uk", "eu", "european", "secretary", "minister"}


def _words(label: str) -> list[str]:
    """The words of a label that name its bearer (not "the", "of", ...)."""
    return [w for w in re.findall(r"[\w'-]{3,}", normalise(label)) if w not in _STOP]


def speakers(evidence: Evidence) -> Iterator[Finding]:
    query = """SELECT DISTINCT ?q ?c ?speaker ?label WHERE {
        GRAPH ?c { ?c a akg:Claim . ?q akg:spokenBy ?speaker }
        OPTIONAL { ?speaker rdfs:label ?label }
    } ORDER BY ?q ?c ?speaker"""
    publisher = {
        row["s"].value: normalise(row["name"].value)
        for row in select(evidence.store, "SELECT ?s ?name WHERE { ?s akg:publisherName ?name }")
    }
    for row in select(evidence.store, query):
        quotation, claim, speaker = row["q"], row["c"].value, row["speaker"]
        label = row["label"].value if row["label"] is not None else ""
        quotes = evidence.claim_quotes(claim)
        named = quotes + [publisher.get(s, "") for s in evidence.sources.get(claim, ())]
        if any(FORMER.search(q) for q in quotes) and not FORMER_LABEL.search(normalise(label)):
            message = (
                f"The quote gives these words to a preceding government, not to '{label}': "
                "the preceding and the current government are not one speaker. Name the "
                "preceding government as its own speaker, or record no akg:spokenBy."
            )
            yield finding(
                "speakers", "Violation", quotation, claim, str(AKG.spokenBy), speaker, message
            )
        elif not any(says(named, word) for word in _words(label)):
            message = (
                f"No quote of this claim names the speaker '{label}': record akg:spokenBy only "
                "where the quote says who spoke."
            )
            yield finding(
                "speakers", "Violation", quotation, claim, str(AKG.spokenBy), speaker, message
            )
    yield from _roles(evidence)


def _roles(evidence: Evidence) -> Iterator[Finding]:
    query = """SELECT ?q ?c ?role (GROUP_CONCAT(?name; separator="\\n") AS ?names) WHERE {
        GRAPH ?c { ?c a akg:Claim . ?q akg:speakerRole ?role }
        OPTIONAL {
            ?role (akg:office|akg:organisation|akg:officeIn)/rdfs:label|akg:roleTitle ?name
        }
    } GROUP BY ?q ?c ?role ORDER BY ?q ?c ?role"""
    for row in select(evidence.store, query):
        names = row["names"].value.split("\n") if row["names"] is not None else []
        texts = evidence.claim_texts(row["c"].value)
        if not any(says(texts, word) for name in names for word in _words(name)):
            yield finding(
                "speakers",
                "Warning",
                row["q"],
                row["c"].value,
                str(AKG.speakerRole),
                row["role"],
                "The claim's source never names the office, organisation or title of this "
                "speaker role: record the role the source gives the speaker.",
            )


OPEN = re.compile(r"\bopen letter|\bpublish|\bpublic letter|\bpublicly\b|\bpetition")


def open_letters(evidence: Evidence) -> Iterator[Finding]:
    query = """SELECT ?letter ?c (SAMPLE(?reply) AS ?answers) WHERE {
        GRAPH ?c { ?c a akg:Claim . ?letter a akg:OpenLetter }
        OPTIONAL { ?letter akg:respondsTo ?reply }
    } GROUP BY ?letter ?c ORDER BY ?letter ?c"""
    seen: set[str] = set()
    for row in select(evidence.store, query):
        letter = row["letter"]
        if letter.value in seen:
            continue
        seen.add(letter.value)
        claims = evidence.mentions.get(letter.value, set())
        if any(OPEN.search(quote) for c in claims for quote in evidence.claim_quotes(c)):
            continue
        reply = row["answers"] is not None
        yield finding(
            "open-letters",
            "Violation" if reply else "Warning",
            letter,
            row["c"].value,
            RDF_TYPE,
            ox.NamedNode(str(AKG.OpenLetter)),
            ("A reply" if reply else "A letter")
            + " is an akg:OpenLetter only where a source says it was open or published "
            "('open letter', 'published', 'public letter'); no quote of its claims does.",
        )


CHECKS = (speakers, open_letters)
