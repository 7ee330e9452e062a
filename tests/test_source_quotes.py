"""The source documents record facts.md's quotes verbatim: no excerpt invented, none left out.

facts.md has one section per source (``### S04. Title``), each fact followed by its quote on
an indented line in double quotes; ``id/source/s04`` keeps each quote as an akg:excerpt.
Section H (conflicts) also quotes sources by name (``S26: "..."``); those quotes count too.
"""

from __future__ import annotations

import re
from collections import defaultdict

import pytest
from test_curated_data import solutions

from advocacy_kg import config
from advocacy_kg.store.oxigraph import OxigraphStore, curated_store

FACTS = config.PROJECT_ROOT.parent / "shared" / "sources" / "facts.md"

pytestmark = pytest.mark.skipif(
    not FACTS.is_file(), reason=f"{FACTS} (the shared source notes) is absent"
)

#: A section runs from its ``### Sxx.`` heading to the next heading or rule.
SECTION = re.compile(r"^### (S\d+[a-z]?)\. .*?\n(.*?)(?=^#{2,3} |^---)", re.M | re.S)
#: Section H, the summary of conflicts between sources.
CONFLICTS = re.compile(r"^## H\. .*?\n(.*?)(?=^## |^---)", re.M | re.S)
#: A quote that section H attributes to a source: ``S26: "..."`` or ``S04 ("...")``.
ATTRIBUTED = re.compile(r'\b(S\d+[a-z]?):? \(?"([^"]*)"')
#: A quote: an indented line that is one double-quoted passage (the wrapping quotes dropped).
QUOTE = re.compile(r'^\s+"(.*)"\s*$', re.M)


def sections() -> dict[str, str]:
    found = {m[1]: m[2] for m in SECTION.finditer(FACTS.read_text(encoding="utf-8"))}
    assert len(found) >= 38, "facts.md has sections S01–S37 and S11a, S11b"
    return found


def summary_quotes() -> dict[str, list[str]]:
    """The quotes section H attributes to each source."""
    summary = CONFLICTS.search(FACTS.read_text(encoding="utf-8"))
    assert summary is not None, "facts.md has its section H"
    found: dict[str, list[str]] = defaultdict(list)
    for notation, quote in ATTRIBUTED.findall(summary[1]):
        found[notation].append(quote)
    return found


def section_of(notation: str, known: dict[str, str]) -> str:
    """The section a source belongs to: its own, or the shared one (S23a, S23b are in S23)."""
    return notation if notation in known else notation.rstrip("ab")


@pytest.fixture(scope="module")
def store() -> OxigraphStore:
    return curated_store()


def excerpts_by_section(store: OxigraphStore, known: dict[str, str]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = defaultdict(set)
    for notation, excerpt in solutions(
        store,
        """SELECT ?n ?x WHERE { GRAPH graph:sources {
            ?s a akg:SourceDocument ; skos:notation ?n ; akg:excerpt ?x } }""",
    ):
        found[section_of(notation, known)].add(excerpt)
    return found


def test_every_excerpt_is_verbatim_in_its_section(store: OxigraphStore) -> None:
    known = sections()
    by_section = excerpts_by_section(store, known)
    assert sum(len(x) for x in by_section.values()) > 60
    assert sorted(set(by_section) - set(known)) == [], "excerpts of sources facts.md lacks"
    summary = summary_quotes()
    stray = [
        (s, x)
        for s, xs in by_section.items()
        for x in xs
        if x not in known[s] and not any(x in quote for quote in summary[s])
    ]
    assert stray == []


def test_every_quote_of_a_section_is_an_excerpt_of_its_source(store: OxigraphStore) -> None:
    known = sections()
    by_section = excerpts_by_section(store, known)
    missing = [
        (name, quote)
        for name, text in known.items()
        for quote in QUOTE.findall(text)
        if quote not in by_section[name]
    ]
    assert missing == []


def test_every_section_has_its_source_document(store: OxigraphStore) -> None:
    known = sections()
    notations = {
        section_of(n, known)
        for (n,) in solutions(
            store,
            "SELECT ?n WHERE { GRAPH graph:sources { ?s skos:notation ?n } }",
        )
    }
    assert sorted(set(known) - notations) == []


def test_seeds_are_linked_to_their_published_versions(store: OxigraphStore) -> None:
    linked = solutions(
        store,
        """SELECT ?seed ?published WHERE { GRAPH graph:sources {
            ?seed akg:seedFile ?file ; prov:alternateOf ?published .
            ?published prov:alternateOf ?seed ; akg:excerpt ?x } }""",
    )
    assert {(s.rsplit("/", 1)[1], p.rsplit("/", 1)[1]) for s, p in linked} == {
        ("seed-000", "s01"),
        ("seed-003", "s04"),
    }
