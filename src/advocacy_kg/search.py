"""Full-text search over labels, descriptions and quotes, ranked, with type filters.

The literals that contain any of the words come from the store's text index where it has one
(``store/text_index.py``: the embedded store, in memory or ``oxigraph:DIR``), else from one
SPARQL query (``sparql:URL``, which runs on any store but reads every literal); both find the
same literals. Ranking happens here: a result that matches more of the words comes first, then
one whose name matches (whole name, then start of name, then a word in it) before one whose
description or quote does. A quote's result is its claim.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from .describe import Summary, summarise
from .namespaces import AKG
from .namespaces import SKOS_NS as SKOS
from .rdfterms import curie, display_name, rows, sparql_literal, values_clause
from .read_terms import DESCRIPTION_PROPERTIES, LABEL_PROPERTIES, WEIGHTS
from .store import Store

if TYPE_CHECKING:
    from .store.text_index import TextIndex

FIELD_NAMES = {
    **dict.fromkeys(LABEL_PROPERTIES, "name"),
    SKOS + "altLabel": "other name",
    SKOS + "notation": "notation",
    **dict.fromkeys(DESCRIPTION_PROPERTIES, "description"),
    str(AKG.quote): "quote",
}
MAX_WORDS = 8
MAX_QUERY_LENGTH = 200
ROW_LIMIT = 5000
WORD = re.compile(r"\w+", re.UNICODE)


@dataclass
class Result:
    iri: str
    label: str
    types: list[str]
    type_labels: list[str]
    snippet: str
    field: str  # the property that matched best
    score: int
    words_matched: int


@dataclass
class SearchResults:
    query: str
    words: list[str]
    results: list[Result]
    total: int  # before the type filter and the limit
    type_counts: dict[str, int] = field(default_factory=dict)  # type IRI -> results of that type
    type_labels: dict[str, str] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "total": self.total,
            "results": [asdict(r) for r in self.results],
            "types": [
                {"iri": t, "label": display_name(t, self.type_labels), "count": n}
                for t, n in self.type_counts.items()
            ],
        }


def words_of(query: str) -> list[str]:
    found: list[str] = []
    for word in WORD.findall(query[:MAX_QUERY_LENGTH].lower()):
        if word not in found:
            found.append(word)
    return found[:MAX_WORDS]


def search(
    store: Store, query: str, types: list[str] | None = None, limit: int = 50
) -> SearchResults:
    words = words_of(query)
    if not words:
        return SearchResults(query, words, [], 0)
    index = store.text_index()
    hits: dict[str, list[tuple[str, str]]] = {}
    # in a fixed order: the snippet is the first description or quote that matched, on any store
    for subject, prop, text in sorted(matching_literals(store, index, words)):
        found = hits.setdefault(subject, [])
        if (prop, text) not in found:  # one label stated in many claims
            found.append((prop, text))
    summary = summarise(store, set(hits)) if index is None else indexed_summary(store, index, hits)
    phrase = " ".join(words)
    ranked = [
        _rank(iri, found, words, phrase, summary.labels, summary.types)
        for iri, found in hits.items()
    ]
    ranked.sort(key=lambda r: (-r.words_matched, -r.score, r.label.lower(), r.iri))
    counts: dict[str, int] = {}
    for result in ranked:
        for t in result.types:
            counts[t] = counts.get(t, 0) + 1
    wanted = set(types or [])
    chosen = [r for r in ranked if not wanted or wanted.intersection(r.types)]
    type_counts = dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    return SearchResults(query, words, chosen[:limit], len(ranked), type_counts, summary.labels)


def matching_literals(
    store: Store, index: TextIndex | None, words: list[str]
) -> Iterator[tuple[str, str, str]]:
    """(subject IRI, property, literal) of the searched literals containing any of the words."""
    if index is not None:
        yield from index.find(words, ROW_LIMIT)
        return
    tests = " || ".join(f"CONTAINS(LCASE(STR(?text)), {sparql_literal(w)})" for w in words)
    sparql = f"""SELECT ?s ?p ?text WHERE {{
      {values_clause("p", WEIGHTS)} GRAPH ?g {{ ?s ?p ?text }}
      FILTER(isLITERAL(?text) && ({tests}))
    }} LIMIT {ROW_LIMIT}"""
    for row in rows(store, sparql):
        if row["s"].is_iri:
            yield row["s"].value, row["p"].value, row["text"].value


def indexed_summary(store: Store, index: TextIndex, iris: Iterable[str]) -> Summary:
    """What ``summarise`` gives, with the names and types of the results read from the index
    (thousands of IRIs) and only their types' names from the store."""
    summary = Summary(seen=set(iris))
    summary.add_rows(index.names(iris))
    type_iris = {t for ts in summary.types.values() for t in ts} - summary.seen
    summary.extend(summarise(store, type_iris, with_types=False))
    return summary


def _rank(
    iri: str,
    found: list[tuple[str, str]],
    words: list[str],
    phrase: str,
    labels: dict[str, str],
    types: dict[str, list[str]],
) -> Result:
    gains = []
    matched: set[str] = set()
    best = (0, "", "")
    context = ""  # a description or quote that matched, shown rather than the name again
    for prop, text in found:
        lowered = text.lower()
        weight = WEIGHTS.get(prop, 1)
        present = [w for w in words if w in lowered]
        matched.update(present)
        gain = weight * len(present)
        if weight >= 10 and lowered == phrase:
            gain += 100  # the whole name
        elif weight >= 10 and lowered.startswith(phrase):
            gain += 40
        elif phrase in lowered:
            gain += 2 * weight
        gains.append(gain)
        if gain > best[0]:
            best = (gain, prop, text)
        if weight < 10 and present and not context:
            context = text
    # the best field decides; every other matching field adds a little
    score = max(gains, default=0) + len([g for g in gains if g]) - 1
    type_iris = types.get(iri, [])
    return Result(
        iri=iri,
        label=labels.get(iri) or curie(iri),
        types=type_iris,
        type_labels=[display_name(t, labels) for t in type_iris],
        snippet=snippet(context if best[1] in LABEL_PROPERTIES else best[2], words),
        field=FIELD_NAMES.get(best[1]) or curie(best[1]),
        score=score,
        words_matched=len(matched),
    )


def snippet(text: str, words: list[str], width: int = 160) -> str:
    """The stretch of ``text`` around the first word found, about ``width`` characters."""
    if len(text) <= width:
        return text
    lowered = text.lower()
    first = min((lowered.find(w) for w in words if w in lowered), default=0)
    start = max(0, first - width // 3)
    end = min(len(text), start + width)
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")
