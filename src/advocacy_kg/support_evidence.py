"""What the support checks read and report with (``support.py`` runs them): the texts of the
quotes and sources (``Evidence``), text normalised for comparison, and one ``finding`` builder.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

import pyoxigraph as ox

from . import config
from .findings import CHECKS, Finding, term_text
from .namespaces import PREFIXES

#: IRIs of the support checks: ``check:support-names`` and so on.
SUPPORT = CHECKS + "support-"

_TYPOGRAPHIC = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u02bc": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u00a0": " ",
    }
)


def normalise(text: str) -> str:
    """Text as the support checks compare it (see the module's docstring)."""
    folded = unicodedata.normalize("NFC", text).translate(_TYPOGRAPHIC).casefold()
    return " ".join(folded.split())


@lru_cache(maxsize=4096)
def phrase_pattern(phrase: str) -> re.Pattern[str]:
    """The normalised phrase as a whole: not the middle of a longer word."""
    return re.compile(r"(?<!\w)" + re.escape(normalise(phrase)) + r"(?!\w)")


def says(texts: Iterable[str], phrase: str) -> bool:
    """Whether one of the (normalised) texts contains the phrase as a whole."""
    pattern = phrase_pattern(phrase)
    return bool(phrase.strip()) and any(pattern.search(text) for text in texts)


def select(store: ox.Store, query: str) -> Iterator[ox.QuerySolution]:
    """A SELECT over the union of the graphs, with the project's prefixes and base."""
    rows = store.query(
        query, use_default_graph_as_union=True, prefixes=PREFIXES, base_iri=config.BASE
    )
    assert isinstance(rows, ox.QuerySolutions)
    return iter(rows)


@dataclass
class Evidence:
    """The texts of one dataset: each claim's quotes, the text of its sources, and who is where."""

    store: ox.Store
    quotes: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    sources: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    texts: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    @classmethod
    def of(cls, store: ox.Store) -> Evidence:
        evidence = cls(store)
        for row in select(
            store, "SELECT ?c ?q WHERE { GRAPH ?c { ?c a akg:Claim ; akg:quote ?q } }"
        ):
            evidence.quotes[row["c"].value].append(normalise(row["q"].value))
        for row in select(
            store, "SELECT ?c ?s WHERE { GRAPH ?c { ?c a akg:Claim ; akg:source ?s } }"
        ):
            evidence.sources[row["c"].value].add(row["s"].value)
        wanted = {s for sources in evidence.sources.values() for s in sources}
        # a source's text: its full text or excerpts, and its own title (dcterms:title)
        texts = "SELECT ?s ?t WHERE { ?s akg:fullText|akg:excerpt|dcterms:title ?t }"
        for row in select(store, texts):
            if row["s"].value in wanted:
                evidence.texts[row["s"].value].append(normalise(row["t"].value))
        return evidence

    def claim_quotes(self, claim: str) -> list[str]:
        return self.quotes.get(claim, [])

    def claim_texts(self, claim: str) -> list[str]:
        """The claim's quotes and the whole text of the sources it cites."""
        sourced = [t for s in self.sources.get(claim, ()) for t in self.texts.get(s, ())]
        return self.claim_quotes(claim) + sourced

    @cached_property
    def mentions(self) -> dict[str, set[str]]:
        """Entity IRI -> the claims whose graphs mention it (as subject or as value)."""
        found: dict[str, set[str]] = defaultdict(set)
        query = """SELECT DISTINCT ?e ?c WHERE {
            GRAPH ?c { ?c a akg:Claim . { ?e ?p ?o } UNION { ?s ?p ?e } }
            FILTER (isIRI(?e))
        }"""
        for row in select(self.store, query):
            found[row["e"].value].add(row["c"].value)
        return found

    def entity_texts(self, entity: str) -> list[str]:
        """What the sources that the entity's claims cite say (with those claims' quotes)."""
        return [
            t for claim in sorted(self.mentions.get(entity, ())) for t in self.claim_texts(claim)
        ]


def finding(
    check: str,
    severity: str,
    focus: ox.NamedNode | ox.BlankNode | str,
    claim: str | None,
    path: str | None,
    value: ox.NamedNode | ox.Literal | None,
    message: str,
) -> Finding:
    return Finding(
        focus=focus if isinstance(focus, str) else term_text(focus),
        severity=severity,
        shape=SUPPORT + check,
        path=path,
        value=str(value) if value is not None else None,
        message=message,
        claim=claim,
    )
