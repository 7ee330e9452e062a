"""New entities whose label is close to the label of one already in the graph.

Close means equal once case, accents, punctuation and word order are set aside
("Électronique Frontière" ~ "frontiere electronique"), or nearly equal by edit distance
(difflib's ratio at or above ``SIMILAR``: "Open Rights Grup" ~ "Open Rights Group"), between
entities of one kind (``id/organisation/…`` with ``id/organisation/…``) and never when the
numbers in the labels differ ("12 organisations" is not "62 organisations").
A possible duplicate is reported, never merged: only the curator knows if it is the same one.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher

import pyoxigraph as ox

from .terms import labelled

SIMILAR = 0.88


@dataclass(frozen=True)
class PossibleDuplicate:
    entity: str  # the new entity
    label: str
    existing: str  # the entity already in the graph
    existing_label: str
    why: str


def folded(label: str) -> str:
    """Lower case, no accents, no punctuation, single spaces."""
    decomposed = unicodedata.normalize("NFKD", label.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w\s]", " ", plain).split())


def word_set(label: str) -> str:
    return " ".join(sorted(folded(label).split()))


def possible_duplicates(
    new: Iterable[ox.Quad], existing: Iterable[ox.Quad]
) -> list[PossibleDuplicate]:
    """For each label of a new entity, the existing entities whose label is close to it."""
    known = list(labelled(existing))
    known_iris = {iri for iri, _ in known}
    found = []
    seen = set()
    for entity, label in labelled(new):
        if entity in known_iris:
            continue  # not new: the contribution adds to an entity of the graph
        for iri, other in known:
            if kind(iri) != kind(entity) or (entity, iri) in seen:
                continue
            why = closeness(label, other)
            if why:
                seen.add((entity, iri))
                found.append(PossibleDuplicate(entity, label, iri, other, why))
    return found


def kind(iri: str) -> str:
    """``…/id/organisation`` for ``…/id/organisation/edri``: what sort of thing it names."""
    return iri.rsplit("/", 1)[0]


def closeness(label: str, other: str) -> str | None:
    """Why two labels look like one name, or None."""
    if folded(label) == folded(other):
        return "the same name but for case, accents or punctuation"
    if word_set(label) == word_set(other):
        return "the same words in another order"
    if re.findall(r"\d+", label) != re.findall(r"\d+", other):
        return None
    ratio = SequenceMatcher(None, folded(label), folded(other), autojunk=False).ratio()
    if ratio >= SIMILAR:
        return f"nearly the same spelling ({ratio:.0%} alike)"
    return None
