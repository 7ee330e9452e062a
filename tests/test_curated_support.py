"""The curated graph says no more than its quotes (issue 11): each test pins one class of fix.

These assert the corrected data directly, independently of the support checks of
``advocacy-kg validate``; each would fail on the data before issue 11 (named in its docstring).
"""

from __future__ import annotations

import re
import unicodedata

import pytest
from test_curated_data import solutions

from advocacy_kg import config
from advocacy_kg.store.oxigraph import OxigraphStore, curated_store

YEAR = re.compile(r"\b(?:19|20)\d\d\b")


@pytest.fixture(scope="module")
def store() -> OxigraphStore:
    return curated_store()


def normal(text: str) -> str:
    """Case, spacing and typographic apostrophes aside, as a reader compares names."""
    text = unicodedata.normalize("NFC", text).replace("’", "'").replace("‘", "'")
    return " ".join(text.casefold().split())


def test_no_person_or_organisation_label_is_absent_from_every_cited_source_text(
    store: OxigraphStore,
) -> None:
    """Before: "Margrethe Vestager", "Amnesty International", "Reclaim Your Face coalition"…"""
    rows = solutions(
        store,
        """SELECT DISTINCT ?e ?label ?text WHERE {
            ?e a ?class ; rdfs:label ?label .
            VALUES ?class { akg:Person akg:Organisation akg:Coalition akg:PublicBody }
            GRAPH ?claim { ?e ?p ?o } ?claim a akg:Claim ; akg:source ?source .
            { GRAPH graph:sources { ?source akg:fullText|akg:excerpt ?text } }
            UNION { ?any akg:source ?source ; akg:quote ?text } }""",
    )
    texts: dict[tuple[str, str], list[str]] = {}
    for entity, label, text in rows:
        texts.setdefault((entity, label), []).append(normal(text))
    assert len(texts) > 30
    unsupported = sorted(
        label for (_, label), found in texts.items() if not any(normal(label) in t for t in found)
    )
    assert unsupported == []


def test_a_label_names_a_year_only_where_a_date_of_the_entity_has_it(
    store: OxigraphStore,
) -> None:
    """Before: "(July 2024)" on an undated letter, "King's Speech (2024)", "(2025)" on a stage
    dated 2026."""
    rows = solutions(
        store,
        """SELECT ?e ?label (GROUP_CONCAT(STR(?date); separator=" ") AS ?dates) WHERE {
            ?e rdfs:label ?label FILTER STRSTARTS(STR(?e), STR(id:))
            # its own dates, or those of the letter, event or legislation it belongs to
            OPTIONAL { { ?e akg:date|akg:startDate ?date }
                       UNION { ?whole ?p ?e . ?whole akg:date ?date }
                       UNION { ?e ?p ?whole . ?whole akg:date ?date } }
        } GROUP BY ?e ?label""",
    )
    # an identifier that holds a year is not a date ("Regulation (EU) 2024/1689", "COM(2021) 206")
    unbacked = [
        (entity, label)
        for entity, label, dates in rows
        for year in YEAR.findall(re.sub(r"\d{4}/\d+|COM\(\d{4}\)", "", label))
        if year not in dates
    ]
    assert len(rows) > 100
    assert unbacked == []


def test_the_14_others_are_not_a_member_count(store: OxigraphStore) -> None:
    """Before: the #SafetyNotSurveillance coalition had akg:exactCount 14 as its member count."""
    assert (
        solutions(
            store,
            """SELECT ?g WHERE { GRAPH ?g { ?org akg:statedMemberCount ?k }
                ?k akg:exactCount 14 }""",
        )
        == []
    )


def test_almost_is_fewer_than_and_about(store: OxigraphStore) -> None:
    """Before: "almost 80 thousand" was only akg:approximately 80000."""
    count = f"<{config.ENTITY}count/eci-biometric-mass-surveillance-signatures>"
    assert solutions(
        store, f"SELECT ?f ?a WHERE {{ {count} akg:fewerThan ?f ; akg:approximately ?a }}"
    ) == [("80000", "80000")]


def test_the_preceding_government_is_not_the_government_of_the_kings_speech(
    store: OxigraphStore,
) -> None:
    """Before: both quotations were spoken by id/organisation/uk-government."""
    quotation = config.ENTITY + "quotation/"
    rows = solutions(
        store,
        f"""SELECT ?q ?who WHERE {{ ?q akg:spokenBy ?who
            FILTER (?q IN (<{quotation}preceding-government-incommensurate-to-the-risk>,
                           <{quotation}kings-speech-2024-most-powerful-ai-models>)) }}""",
    )
    speakers = {row[0]: row[1] for row in rows}
    assert len(speakers) == 2 and len(set(speakers.values())) == 2


def test_a_demand_type_follows_from_its_own_quote(store: OxigraphStore) -> None:
    """Before: "put people ahead of profit" was typed "put fundamental rights first", as the
    8 March letter's demand is; "the systems being deployed" targeted policing systems."""
    types = solutions(
        store,
        f"""SELECT ?t WHERE {{
            <{config.ENTITY}demand/meps-116-people-ahead-of-profit> akg:demandType ?t }}""",
    )
    assert types == [(config.CONCEPT + "demand-type/people-ahead-of-profit",)]
    framework = f"<{config.ENTITY}demand/2024-07-safety-not-surveillance-legislative-framework>"
    assert solutions(store, f"SELECT ?p WHERE {{ {framework} akg:targetsPractice ?p }}") == []


def test_no_claim_names_the_document_the_2021_letters_awaited(store: OxigraphStore) -> None:
    """Before: seed 003 and S04–S11 linked their "upcoming proposal" to COM(2021) 206."""
    found = solutions(
        store,
        f"""SELECT ?g WHERE {{ GRAPH ?g {{ ?s ?p <{config.ENTITY}legislation/eu-ai-act-proposal> }}
            ?g a akg:Claim ; akg:source ?source
            FILTER (?source != <{config.ENTITY}source/s24>) }}""",
    )
    assert found == []


#: An article number in an IRI slug (``article-5-1-d``) or a label ("Article 5(1)(d)").
ARTICLE = re.compile(r"\barticle[- ](\d+)", re.IGNORECASE)


def test_a_claim_numbers_an_article_only_where_its_quote_does(store: OxigraphStore) -> None:
    """Before: claims s19-05 … s19-12 named the AI Act's passages Article 5, 5(1)(d), (e), (h),
    (h)(i), (h)(ii), 5(3) and 5(5), and s23b's stage "article-5-1-d", from facts.md's headings;
    no quote of theirs carries a number. The numbering is inference/ai-act-article-5-numbering."""
    rows = solutions(
        store,
        """SELECT DISTINCT ?claim ?named ?quote WHERE {
            GRAPH ?claim { { ?named ?p ?o } UNION { ?s rdfs:label ?named } }
            ?claim a akg:Claim ; akg:quote ?quote }""",
    )
    quotes: dict[str, set[str]] = {}
    named: dict[str, set[str]] = {}
    for claim, name, quote in rows:
        quotes.setdefault(claim, set()).add(quote)
        named.setdefault(claim, set()).add(name.removeprefix(config.BASE))
    numbering = [
        (claim.removeprefix(config.CLAIM), name, number)
        for claim, names in named.items()
        for name in names
        for number in ARTICLE.findall(name)
        if not any(re.search(rf"\bArticle {number}\b", q) for q in quotes[claim])
    ]
    assert len(quotes) > 100
    assert ("s23a-01", "id/provision/eu-ai-act-article-5", "5") not in numbering  # quoted there
    assert numbering == []
