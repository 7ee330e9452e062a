"""A source document's text, cut where its quoted passages begin and end.

A source holds either its full text (the seeds) or the excerpts recorded for it; every claim
quotes a verbatim passage of it. ``passages`` splits each text into segments, each segment
knowing which claims quote it, so a page can highlight quotes (overlapping ones too) and link
each one to the claim, and so to the facts, it supports.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import config
from .describe import Fact
from .rdfterms import rows, sparql_iri, values_clause
from .store import Store


@dataclass
class Segment:
    text: str
    claims: list[str] = field(default_factory=list)  # claims quoting this stretch of text
    ends: list[str] = field(default_factory=list)  # claims whose quote ends here


@dataclass
class Passage:
    """One text of the source (its full text, or one excerpt) cut into segments."""

    kind: str  # "full text" or "excerpt"
    segments: list[Segment]


@dataclass
class SourceText:
    passages: list[Passage]
    quotes: dict[str, list[str]]  # claim -> its quotes
    unplaced: dict[str, list[str]]  # claim -> quotes found in no text of the source

    @property
    def claims(self) -> list[str]:
        return sorted(self.quotes)


def source_text(store: Store, source: str) -> SourceText:
    akg = config.ONTOLOGY
    node = sparql_iri(source)
    texts = [
        (r["p"].value, r["t"].value)
        for r in rows(
            store,
            f"""SELECT ?p ?t WHERE {{ VALUES ?p {{ <{akg}fullText> <{akg}excerpt> }}
              GRAPH ?g {{ {node} ?p ?t }} }}""",
        )
    ]
    quotes: dict[str, list[str]] = {}
    for r in rows(
        store, f"SELECT ?c ?q WHERE {{ GRAPH ?c {{ ?c <{akg}source> {node} ; <{akg}quote> ?q }} }}"
    ):
        quotes.setdefault(r["c"].value, []).append(r["q"].value)
    # full text first, then excerpts in the order of their text, for a stable page
    texts.sort(key=lambda pt: (pt[0] != akg + "fullText", pt[1]))
    placed: set[tuple[str, str]] = set()
    passages = []
    for predicate, text in texts:
        kind = "full text" if predicate == akg + "fullText" else "excerpt"
        passages.append(Passage(kind, cut(text, quotes, placed)))
    unplaced = {
        c: [q for q in qs if (c, q) not in placed]
        for c, qs in quotes.items()
        if any((c, q) not in placed for q in qs)
    }
    return SourceText(passages, quotes, unplaced)


def cut(text: str, quotes: dict[str, list[str]], placed: set[tuple[str, str]]) -> list[Segment]:
    """Segments of ``text`` at every start and end of a quote's first occurrence in it."""
    spans = []
    for claim, claim_quotes in quotes.items():
        for quote in claim_quotes:
            start = text.find(quote) if quote else -1
            if start >= 0:
                spans.append((start, start + len(quote), claim))
                placed.add((claim, quote))
    bounds = sorted({0, len(text)} | {s for s, _, _ in spans} | {e for _, e, _ in spans})
    segments = []
    for start, end in zip(bounds, bounds[1:], strict=False):
        covering = sorted({c for s, e, c in spans if s <= start and end <= e})
        ending = sorted({c for _, e, c in spans if e == end})
        segments.append(Segment(text[start:end], covering, ending))
    return segments


def claim_facts(store: Store, claims: list[str]) -> dict[str, list[Fact]]:
    """The facts each claim graph states (its own description left out), in one query."""
    found: dict[str, list[Fact]] = {c: [] for c in claims}
    if not claims:
        return found
    sparql = f"""SELECT ?c ?s ?p ?o WHERE {{
      {values_clause("c", claims)} GRAPH ?c {{ ?s ?p ?o }} FILTER(?s != ?c) }}"""
    for r in rows(store, sparql):
        found[r["c"].value].append(Fact(r["s"], r["p"].value, r["o"], [r["c"].value]))
    return found
