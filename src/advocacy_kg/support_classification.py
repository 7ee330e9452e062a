"""Support check ``support-classification``: a demand is classified by its own quote.

A demand's ``akg:demandType``, ``akg:targetsPractice`` and ``akg:concernsLegislation``, stated
in a claim graph, follow from that claim's quotes: one of the value's keywords occurs there at
the start of a word ("ban" finds "ban", "bans", "banned"). The keywords of a concept are its
``skos:prefLabel``, ``skos:altLabel`` and ``skos:hiddenLabel`` and those of its narrower
concepts (a quote asking for "safeguards" supports "regulate"); those of legislation are its
labels (each part of "A (B)"), its official title and its document number. A type chosen
because a similar letter has it is not in the quote.

Keywords are words, not facts: where the vocabularies lack the word a quote uses, add it as a
``skos:altLabel`` in ``ontology/vocabularies/``. Matching words can misfire, so a finding is a
Warning; the curated data is held to none (``tests/test_support_checks.py``).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

from .support import Evidence, finding, normalise, select
from .support_names import _PARENTHESISED
from .validation import Finding

QUERY = """SELECT DISTINCT ?d ?p ?v ?c WHERE {
    VALUES ?p { akg:demandType akg:targetsPractice akg:concernsLegislation }
    GRAPH ?c { ?c a akg:Claim . ?d ?p ?v }
    ?d a akg:Demand .
} ORDER BY ?d ?p ?v ?c"""

KEYWORDS = """SELECT DISTINCT ?v ?k WHERE {
    VALUES ?p { akg:demandType akg:targetsPractice akg:concernsLegislation }
    ?d ?p ?v .
    {
        ?n skos:broader* ?v .
        ?n skos:prefLabel|skos:altLabel|skos:hiddenLabel|rdfs:label ?k
    } UNION {
        ?v akg:officialTitle|akg:documentNumber ?k
    }
}"""


def keywords(evidence: Evidence) -> dict[str, set[str]]:
    """Value IRI -> its keywords, normalised (each part of a label "A (B)" on its own)."""
    found: dict[str, set[str]] = defaultdict(set)
    for row in select(evidence.store, KEYWORDS):
        text = row["k"].value
        parts = _PARENTHESISED.match(text.strip())
        words = [text, parts["name"], parts["alias"]] if parts else [text]
        found[row["v"].value].update(normalise(w) for w in words if w.strip())
    return found


def _stated(keyword: str, quotes: list[str]) -> bool:
    pattern = re.compile(r"(?<!\w)" + re.escape(keyword))
    return any(pattern.search(quote) for quote in quotes)


def classification(evidence: Evidence) -> Iterator[Finding]:
    rows = list(select(evidence.store, QUERY))
    if not rows:
        return
    known = keywords(evidence)
    for row in rows:
        demand, prop, value, claim = row["d"], row["p"].value, row["v"], row["c"].value
        words = known.get(value.value, set())
        if any(_stated(word, evidence.claim_quotes(claim)) for word in words):
            continue
        said = ", ".join(f"'{w}'" for w in sorted(words)[:8]) or "none"
        yield finding(
            "classification",
            "Warning",
            demand,
            claim,
            prop,
            value,
            f"No keyword of this value ({said}) is in the quote of the claim that states it: a "
            "demand is classified by its own quote. If the quote says it in other words, add "
            "them to the concept as a skos:altLabel.",
        )
