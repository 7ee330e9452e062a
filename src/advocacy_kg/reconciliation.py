"""Matching names to the graph's entities: the scores behind ``/reconcile`` (OpenRefine).

A name is compared in a normal form (accents, case, punctuation and word order ignored, camel
case split), against every name an entity has: its labels and other names, and the names a label
holds, "European Digital Rights (EDRi)" giving "European Digital Rights" and "EDRi". An acronym
of the initials ("ORG" for "Open Rights Group") is a weaker, derived name. Scores run 0-100:

- 100  a label or other name, as written or in the normal form;
- 95   the same words in another order, or but for minor words ("the European Commission");
- 90   the acronym of a name;
- 60-90 every word of the query in the name (more of the name covered: higher);
- 55-85 every word of the name in the query, which adds a title ("Prime Minister Keir Starmer");
- below 85: similar spelling (difflib's ratio over the normal forms, whole and word-sorted).

A candidate is a ``match`` only when it alone scores 100: the one entity of that exact name.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher

EXACT, REORDERED, ACRONYM = 100.0, 95.0, 90.0
#: Words left out of acronyms ("Open Rights Group" → ORG, "Council of the EU" → CEU).
MINOR_WORDS = frozenset({"a", "an", "and", "de", "des", "du", "for", "in", "la", "le", "of"})
MINOR_WORDS |= {"on", "the", "to"}
CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
PARENTHESIS = re.compile(r"\s*\(([^()]*)\)")


def normalise(text: str) -> str:
    """Lower case, no accents or punctuation, camel case split: "#SafetyNotSurveillance" →
    "safety not surveillance", "Věra Jourová" → "vera jourova"."""
    text = CAMEL.sub(" ", text)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(NON_WORD.sub(" ", text.casefold()).split())


def acronym(text: str) -> str:
    """The initials of the name's major words, in the normal form; "" for a one-word name."""
    words = [w for w in normalise(PARENTHESIS.sub(" ", text)).split() if w not in MINOR_WORDS]
    return "".join(w[0] for w in words) if len(words) > 1 else ""


def name_variants(label: str) -> list[str]:
    """The names a label holds: itself, without its parentheses, and what they enclose."""
    found = [label]
    inner = PARENTHESIS.findall(label)
    outer = PARENTHESIS.sub("", label).strip()
    if inner and outer:
        found.append(outer)
        found += [text for text in inner if 0 < len(text.split()) <= 4]
    return found


@dataclass
class Entity:
    """One entity as reconciliation sees it: IRI, first label, every name, classes, date."""

    iri: str
    name: str
    names: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    date: str | None = None

    def __post_init__(self) -> None:
        self.forms = sorted({normalise(v) for n in self.names for v in name_variants(n)} - {""})
        self.sorted_forms = {" ".join(sorted(f.split())) for f in self.forms}
        self.major_forms = {_major(f.split()) for f in self.forms}
        self.acronyms = {a for n in self.names if (a := acronym(n))}
        self.words = {w for f in self.forms for w in f.split()} | self.acronyms


def _major(words: list[str]) -> str:
    """The words that are not minor, sorted: the name whatever its order and articles."""
    return " ".join(sorted(w for w in words if w not in MINOR_WORDS))


@dataclass
class Score:
    value: float
    exact: bool  # the query is one of the entity's names

    @property
    def features(self) -> list[dict[str, object]]:
        return [
            {"id": "name_exact", "value": self.exact},
            {"id": "name_score", "value": self.value},
        ]


def score(query: str, entity: Entity) -> Score:
    """How well ``query`` names ``entity`` (see the module's table)."""
    form = normalise(query)
    if not form:
        return Score(0.0, False)
    if form in entity.forms:
        return Score(EXACT, True)
    words = form.split()
    if " ".join(sorted(words)) in entity.sorted_forms or _major(words) in entity.major_forms:
        return Score(REORDERED, False)
    compact = form.replace(" ", "")
    if compact in entity.acronyms:
        return Score(ACRONYM, False)
    best = 0.0
    for name in entity.forms:
        name_words = name.split()
        if set(words) <= set(name_words):
            best = max(best, 60.0 + 30.0 * len(words) / len(name_words))
            continue
        if set(name_words) <= set(words):
            best = max(best, 55.0 + 30.0 * len(name_words) / len(words))
            continue
        ratio = max(
            SequenceMatcher(None, form, name).ratio(),
            SequenceMatcher(None, " ".join(sorted(words)), " ".join(sorted(name_words))).ratio(),
        )
        best = max(best, 85.0 * ratio)
    return Score(round(best, 1), False)


class Catalogue:
    """The entities that can be matched, with a word index to find candidates quickly."""

    def __init__(self, entities: Iterable[Entity]) -> None:
        self.entities = {e.iri: e for e in entities}
        self.by_word: dict[str, set[str]] = {}
        for entity in self.entities.values():
            for word in entity.words:
                self.by_word.setdefault(word, set()).add(entity.iri)

    def candidates(self, query: str) -> list[Entity]:
        """Entities sharing a word (or its first four letters) with the query; all of them
        when none does, so a misspelt name is still compared with every entity."""
        form = normalise(query)
        keys = set(form.split()) | {form.replace(" ", "")}
        found: set[str] = set()
        for key in keys:
            found |= self.by_word.get(key, set())
        stems = {k[:4] for k in keys if len(k) >= 4}
        if stems:
            found |= {i for w, ids in self.by_word.items() if w[:4] in stems for i in ids}
        if not found:
            return list(self.entities.values())
        return [self.entities[i] for i in sorted(found)]

    def rank(self, query: str, allowed: set[str] | None = None) -> list[Candidate]:
        """Every candidate for ``query`` among entities of the ``allowed`` classes, best first
        (ties by name), none scoring 0; a match only if it alone is named exactly so."""
        scored = [
            Candidate(entity, found)
            for entity in self.candidates(query)
            if allowed is None or allowed.intersection(entity.types)
            if (found := score(query, entity)).value > 0
        ]
        scored.sort(key=lambda c: (-c.score.value, c.entity.name.casefold(), c.entity.iri))
        if len([c for c in scored if c.score.exact]) == 1:
            scored[0].match = True
        return scored

    def rank_all(self, allowed: set[str] | None = None) -> list[Candidate]:
        """Every entity of the ``allowed`` classes, by name, for queries without a name."""
        chosen = [
            Candidate(e, Score(0.0, False))
            for e in self.entities.values()
            if allowed is None or allowed.intersection(e.types)
        ]
        return sorted(chosen, key=lambda c: (c.entity.name.casefold(), c.entity.iri))

    def candidate(self, entity: Entity) -> Candidate:
        return Candidate(entity, Score(EXACT, True), match=True)


@dataclass
class Candidate:
    entity: Entity
    score: Score
    match: bool = False
