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
from functools import lru_cache

import pyoxigraph as ox

from .findings import Finding
from .support_evidence import Evidence, finding, normalise, select
from .support_names import _PARENTHESISED

QUERY = """SELECT DISTINCT ?d ?p ?v ?c WHERE {
    VALUES ?p { akg:demandType akg:targetsPractice akg:concernsLegislation }
    GRAPH ?c { ?c a akg:Claim . ?d ?p ?v }
    ?d a akg:Demand .
} ORDER BY ?d ?p ?v ?c"""

KEYWORDS = """SELECT DISTINCT ?v ?k WHERE {
    VALUES ?v { %s }
    ?v skos:prefLabel|skos:altLabel|skos:hiddenLabel|rdfs:label|akg:officialTitle
       |akg:documentNumber ?k
}"""


def keywords(evidence: Evidence, values: set[str]) -> dict[str, set[str]]:
    """Value IRI -> its keywords and its narrower concepts', normalised (each part of a label
    "A (B)" on its own)."""
    narrower: dict[str, set[str]] = defaultdict(set)
    for row in select(evidence.store, "SELECT ?n ?b WHERE { ?n skos:broader ?b }"):
        narrower[row["b"].value].add(row["n"].value)
    below = {v: _closure(v, narrower) for v in values}
    own: dict[str, set[str]] = defaultdict(set)
    wanted = " ".join(f"<{v}>" for v in sorted(set().union(*below.values())))
    for row in select(evidence.store, KEYWORDS % wanted) if wanted else ():
        text = row["k"].value
        parts = _PARENTHESISED.match(text.strip())
        words = [text, parts["name"], parts["alias"]] if parts else [text]
        own[row["v"].value].update(normalise(w) for w in words if w.strip())
    return {v: set().union(*(own[n] for n in nodes)) for v, nodes in below.items()}


def _closure(value: str, narrower: dict[str, set[str]]) -> set[str]:
    """The value and every concept below it (skos:broader, read downwards)."""
    found, todo = {value}, [value]
    while todo:
        for child in narrower.get(todo.pop(), ()):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


@lru_cache(maxsize=4096)
def _pattern(keyword: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + re.escape(keyword))


def _stated(keyword: str, quotes: list[str]) -> bool:
    return any(_pattern(keyword).search(quote) for quote in quotes)


def classification(evidence: Evidence) -> Iterator[Finding]:
    rows = list(select(evidence.store, QUERY))
    if not rows:
        return
    known = keywords(
        evidence, {row["v"].value for row in rows if isinstance(row["v"], ox.NamedNode)}
    )
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
