"""Content of the curated graph for facts.md sections E–G: the ECI, the AI Act, UK follow-ups.

Every assertion names the value AND the source whose claim graph states it, so a fact that is
missing, misdated or moved to the wrong source fails here.
"""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest

from advocacy_kg import config
from advocacy_kg.namespaces import sparql_prologue
from advocacy_kg.store.oxigraph import OxigraphStore, curated_store

AI_ACT = "id:legislation/eu-ai-act"
PROPOSAL = "id:legislation/eu-ai-act-proposal"
ECI = "id:petition/eci-biometric-mass-surveillance"
CONSULTATION = "id:event/home-office-facial-recognition-consultation-2025"
XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"


@pytest.fixture(scope="module")
def store() -> OxigraphStore:
    return curated_store()


#: SPARQL prefixed names cannot hold a '/', so ``id:kind/slug`` and ``claim:x`` become full IRIs.
ENTITY_NAME = re.compile(r"\b(id|claim):([\w/-]+)")


def rows(store: OxigraphStore, sparql: str) -> list[tuple[str, ...]]:
    """The solutions' values as strings (the lexical form of literals, the IRI of nodes)."""
    bases = {"id": config.ENTITY, "claim": config.CLAIM}
    expanded = ENTITY_NAME.sub(lambda m: f"<{bases[m[1]]}{m[2]}>", sparql)
    result = store.query(sparql_prologue() + expanded)
    assert isinstance(result, ox.QuerySolutions)
    variables = [v.value for v in result.variables]
    return [tuple(_text(s[v]) for v in variables) for s in result]


def _text(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> str:
    return "" if term is None else term.value


def pairs(store: OxigraphStore, sparql: str) -> set[tuple[str, str]]:
    """The solutions of a two-variable query, as a set of pairs."""
    return {(first, second) for first, second in rows(store, sparql)}


def stated(store: OxigraphStore, subject: str, predicate: str) -> set[tuple[str, str]]:
    """(value, source notation) for every claim graph stating ``subject predicate ?value``."""
    return pairs(
        store,
        f"""SELECT ?value ?notation WHERE {{
            GRAPH ?claim {{ {subject} {predicate} ?value }}
            ?claim a akg:Claim ; akg:source/skos:notation ?notation }}""",
    )


def stage_dates(store: OxigraphStore, owner: str, stage_type: str) -> set[tuple[str, str]]:
    """(date, source notation) of every stage of ``owner`` with the given stage type."""
    return pairs(
        store,
        f"""SELECT ?date ?notation WHERE {{
            {owner} akg:stage ?stage . ?stage akg:stageType stage:{stage_type} .
            GRAPH ?claim {{ ?stage akg:date ?date }}
            ?claim akg:source/skos:notation ?notation }}""",
    )


def conflicts(store: OxigraphStore, claim: str) -> set[str]:
    found = rows(store, f"SELECT ?other WHERE {{ claim:{claim} akg:conflictsWith ?other }}")
    return {other.rsplit("/", 1)[1] for (other,) in found}


# The AI Act and the 2021 proposal


def test_ai_act_is_a_regulation_with_celex_and_eli(store: OxigraphStore) -> None:
    assert (_akg("Regulation"), "S19") in stated(store, AI_ACT, "a")
    assert stated(store, AI_ACT, "akg:celexNumber") == {("32024R1689", "S20")}
    [(eli, datatype)] = rows(
        store, f"SELECT ?eli (DATATYPE(?eli) AS ?t) WHERE {{ {AI_ACT} akg:eliIdentifier ?eli }}"
    )
    assert eli == "http://data.europa.eu/eli/reg/2024/1689/oj"
    assert datatype == "http://www.w3.org/2001/XMLSchema#anyURI"
    assert stated(store, AI_ACT, "akg:officialTitle") == {
        (
            "Regulation (EU) 2024/1689 of the European Parliament and of the Council of "
            "13 June 2024 laying down harmonised rules on artificial intelligence",
            "S20",
        )
    }


@pytest.mark.parametrize(
    ("stage_type", "expected"),
    [
        ("parliament-position", {("2024-03-13", "S19")}),
        ("council-decision", {("2024-05-21", "S19")}),
        ("signed", {("2024-06-13", "S19")}),
        (
            "published",
            {("2024-07-12", "S19"), ("2024-07-12", "S20"), ("2024-07-12", "S21")}
            | {("2024-07-12", "S22")},
        ),
    ],
)
def test_ai_act_adoption_stages_carry_their_dates(
    store: OxigraphStore, stage_type: str, expected: set[tuple[str, str]]
) -> None:
    assert stage_dates(store, AI_ACT, stage_type) == expected


def test_ai_act_application_dates(store: OxigraphStore) -> None:
    assert stage_dates(store, AI_ACT, "applies-from") == {
        ("2026-08-02", "S19"),  # general application
        ("2025-02-02", "S19"),  # Chapters I and II
    }


def test_entry_into_force_is_recorded_as_the_sources_word_it_without_a_date(
    store: OxigraphStore,
) -> None:
    stage = "id:stage/eu-ai-act-entry-into-force"
    assert stated(store, stage, "akg:stageType") == {
        (_concept("legislative-stage/entry-into-force"), "S19"),
        (_concept("legislative-stage/entry-into-force"), "S22"),
    }
    assert stated(store, stage, "akg:date") == set()
    comments = {text for text, _ in stated(store, stage, "rdfs:comment")}
    assert any("twentieth day" in text for text in comments)
    assert any("August 1" in text for text in comments)


NUMBERING = config.BASE + "inference/ai-act-article-5-numbering"


def test_the_criminal_risk_assessment_prohibition_is_predictive_policing_by_inference(
    store: OxigraphStore,
) -> None:
    """The quote (S19) supports criminal risk assessment; "predictive policing" and the number
    are facts.md's heading, kept as an inference."""
    provision = "id:provision/eu-ai-act-criminal-risk-assessment-prohibition"
    assert stated(store, provision, "akg:targetsPractice") == {
        (_concept("technology/criminal-risk-assessment"), "S19"),
    }
    inferred = rows(
        store,
        f"""SELECT ?practice ?number WHERE {{ GRAPH <{NUMBERING}> {{
            {provision} akg:targetsPractice ?practice ; skos:notation ?number }} }}""",
    )
    assert inferred == [(_concept("technology/predictive-policing"), "Article 5(1)(d)")]
    assert stated(store, provision, "akg:partOfLegislation") == {(_id(AI_ACT), "S19")}
    texts = {text for text, _ in stated(store, provision, "akg:text")}
    assert any("based solely on the profiling of a natural person" in t for t in texts)
    assert stage_dates(store, provision, "applies-from") == {("2025-02-02", "S23b")}
    assert stage_dates(store, "id:provision/eu-ai-act-article-5", "applies-from") == {
        ("2025-02-02", "S23a")
    }


@pytest.mark.parametrize(
    ("provision", "practice"),
    [
        ("facial-image-scraping-prohibition", "facial-image-scraping"),
        (
            "real-time-biometric-identification-prohibition",
            "real-time-remote-biometric-identification",
        ),
        ("more-restrictive-national-laws", "remote-biometric-identification"),
    ],
)
def test_article_5_provisions_target_their_practices(
    store: OxigraphStore, provision: str, practice: str
) -> None:
    subject = f"id:provision/eu-ai-act-{provision}"
    assert stated(store, subject, "akg:targetsPractice") == {
        (_concept(f"technology/{practice}"), "S19")
    }


def test_provision_texts_are_verbatim_excerpts_of_the_official_journal(
    store: OxigraphStore,
) -> None:
    missing = rows(
        store,
        """SELECT ?provision ?text WHERE {
            ?provision a akg:Provision ; akg:text ?text .
            FILTER NOT EXISTS { id:source/s19 akg:excerpt ?text } }""",
    )
    assert missing == []
    assert len(rows(store, "SELECT ?p WHERE { ?p akg:partOfLegislation ?l }")) >= 8


def test_proposal_cover_page_and_tabling(store: OxigraphStore) -> None:
    assert stated(store, PROPOSAL, "akg:documentNumber") == {("COM(2021) 206 final", "S24")}
    assert stated(store, PROPOSAL, "akg:procedureNumber") == {("2021/0106 (COD)", "S24")}
    assert stage_dates(store, PROPOSAL, "proposal-tabled") == {("2021-04-21", "S24")}


def test_proposal_celex_rests_on_the_third_party_link_only(store: OxigraphStore) -> None:
    assert stated(store, PROPOSAL, "akg:celexNumber") == {("52021PC0206", "S24")}
    [(quote,)] = rows(
        store,
        f"""SELECT ?quote WHERE {{ GRAPH ?c {{ {PROPOSAL} akg:celexNumber ?n }}
            ?c akg:quote ?quote }}""",
    )
    assert "celex%3A52021PC0206" in quote


def test_proposal_is_not_asserted_to_have_become_the_regulation(store: OxigraphStore) -> None:
    assert (_akg("LegislativeProposal"), "S24") in stated(store, PROPOSAL, "a")
    assert (_akg("Regulation"), "S19") in stated(store, AI_ACT, "a")
    assert (
        rows(
            store,
            f"""SELECT ?p WHERE {{ {{ {PROPOSAL} ?p {AI_ACT} }}
                UNION {{ {AI_ACT} ?p {PROPOSAL} }} }}""",
        )
        == []
    )


# The European Citizens' Initiative (Reclaim Your Face)


def test_eci_registration_date_from_the_commission_announcement(store: OxigraphStore) -> None:
    dates = stage_dates(store, ECI, "initiative-registered")
    assert ("2021-01-07", "S12") in dates
    # S09's 7 December 2020 belongs to data-helper-1's claim s09-02; when present it is kept beside.
    assert dates <= {("2021-01-07", "S12"), ("2020-12-07", "S09")}
    assert conflicts(store, "s12-01") >= {"s09-02"}
    assert conflicts(store, "s13-01") >= {"s09-02"}


def test_both_registration_dates_are_recorded_with_their_sources(store: OxigraphStore) -> None:
    dates = stage_dates(store, ECI, "initiative-registered")
    assert dates == {("2021-01-07", "S12"), ("2020-12-07", "S09")}


def test_launch_and_close_without_a_year_have_no_date(store: OxigraphStore) -> None:
    for stage_type, source in [
        ("signature-collection-launched", "S15"),
        ("signature-collection-closed", "S18"),
    ]:
        found = rows(
            store,
            f"""SELECT ?stage ?notation WHERE {{ {ECI} akg:stage ?stage .
                GRAPH ?c {{ ?stage akg:stageType stage:{stage_type} }}
                ?c akg:source/skos:notation ?notation }}""",
        )
        assert [notation for _, notation in found] == [source]
        assert stage_dates(store, ECI, stage_type) == set()


def test_eci_organisers_and_campaign(store: OxigraphStore) -> None:
    organisers = stated(store, ECI, "akg:organisedBy")
    edri, lqdn = _id("id:organisation/edri"), _id("id:organisation/la-quadrature-du-net")
    assert organisers >= {(edri, "S13"), (lqdn, "S13"), (edri, "S16"), (edri, "S17")}
    campaign = _id("id:campaign/reclaim-your-face")
    campaigns = stated(store, ECI, "akg:partOfCampaign")
    assert {(campaign, source) for source in ("S14", "S15", "S17")} <= campaigns
    assert {value for value, _ in campaigns} == {campaign}


def test_eci_support_and_coalition_counts(store: OxigraphStore) -> None:
    [(support, source)] = rows(
        store,
        f"""SELECT ?n ?notation WHERE {{ GRAPH ?c {{ {ECI} akg:statedSupportCount ?count .
            ?count akg:approximately ?n }} ?c akg:source/skos:notation ?notation }}""",
    )
    assert (support, source) == ("80000", "S18")
    # "almost 80 thousand": fewer than 80,000 as well as about 80,000
    assert rows(store, f"SELECT ?n WHERE {{ {ECI} akg:statedSupportCount/akg:fewerThan ?n }}") == [
        ("80000",)
    ]
    # Only the lexical value: the oxigraph store keeps xsd:nonNegativeInteger as xsd:integer.
    members = rows(
        store,
        """SELECT DISTINCT ?n WHERE { id:source/s18 akg:mentions ?c .
            ?c a akg:Coalition ; akg:statedMemberCount/akg:exactCount ?n }""",
    )
    assert members == [("76",)]
    # "We built a coalition" names no coalition and does not make it the campaign's organiser
    assert rows(store, "SELECT ?c WHERE { id:campaign/reclaim-your-face akg:organisedBy ?c }") == []


def test_eci_demands_a_ban_of_biometric_mass_surveillance(store: OxigraphStore) -> None:
    found = rows(
        store,
        f"""SELECT DISTINCT ?type ?practice WHERE {{ {ECI} akg:makesDemand ?d .
            ?d akg:demandType ?type ; akg:targetsPractice ?practice }}""",
    )
    assert found == [
        (_concept("demand-type/prohibit"), _concept("technology/biometric-mass-surveillance"))
    ]


@pytest.mark.parametrize(
    ("claim", "other"),
    [("s15-01", "s18-02"), ("s18-02", "s15-01"), ("s12-02", "s17-02"), ("s17-02", "s12-02")],
)
def test_eci_start_and_collection_window_conflicts_are_linked(
    store: OxigraphStore, claim: str, other: str
) -> None:
    assert other in conflicts(store, claim)


# UK follow-ups


def test_starmer_renderings_are_two_quotations_in_conflict(store: OxigraphStore) -> None:
    found = dict(
        pairs(
            store,
            """SELECT ?notation ?text WHERE { ?q a akg:Quotation ; akg:quotationText ?text ;
                akg:quotedIn/skos:notation ?notation
                FILTER(CONTAINS(?text, "criminal behaviour orders")) }""",
        )
    )
    assert found == {
        "S25": "shared intelligence, wider deployment of facial recognition technology and "
        "preventative action criminal behaviour orders",
        "S26": "wider deployment of facial-recognition technology, and preventive action – "
        "criminal behaviour orders",
    }
    assert "s26-03" in conflicts(store, "s25-02")
    assert "s25-02" in conflicts(store, "s26-03")
    assert stated(store, "id:quotation/starmer-facial-recognition-unherd", "akg:spokenBy") == {
        (_id("id:person/keir-starmer"), "S25")
    }


def test_press_conference_has_no_computed_date(store: OxigraphStore) -> None:
    event = "id:event/starmer-facial-recognition-press-conference"
    assert stated(store, event, "a") == {(_akg("Event"), "S25")}
    assert rows(store, f"SELECT ?d WHERE {{ {event} akg:date|akg:startDate ?d }}") == []


def test_big_brother_watch_page_quote_names_no_speaker(store: OxigraphStore) -> None:
    # the page's publisher is not necessarily the speaker; the excerpt names none
    quotation = "id:quotation/big-brother-watch-walking-id-cards"
    assert stated(store, quotation, "akg:quotedIn") == {(_id("id:source/s27"), "S27")}
    assert stated(store, quotation, "akg:spokenBy") == set()


def test_amnesty_report_date(store: OxigraphStore) -> None:
    report = "id:report/amnesty-automated-racism"
    assert stated(store, report, "akg:date") == {("2025-02-20", "S28")}
    assert stated(store, report, "akg:organisedBy") == {
        (_id("id:organisation/amnesty-international"), "S28")
    }


def test_data_bill_letter_over_30_signatories_and_its_addressees(store: OxigraphStore) -> None:
    letter = "id:letter/data-use-and-access-bill-letter"
    [(count, source)] = rows(
        store,
        f"""SELECT ?n ?notation WHERE {{ GRAPH ?c {{ {letter} akg:statedSignatoryCount ?k .
            ?k akg:moreThan ?n }} ?c akg:source/skos:notation ?notation }}""",
    )
    assert (count, source) == ("30", "S29")
    addressed = pairs(
        store,
        f"""SELECT ?person ?office WHERE {{ {letter} akg:qualifiedAddressing ?a .
            ?a akg:addressee ?person ; akg:inOffice ?office }}""",
    )
    assert addressed == {
        (_id("id:person/yvette-cooper"), _id("id:office/uk-home-secretary")),
        (_id("id:person/peter-kyle"), _id("id:office/uk-science-secretary")),
    }
    assert stated(store, letter, "akg:signatory") == {
        (_id("id:organisation/big-brother-watch"), "S29")
    }
    assert stated(store, letter, "akg:concernsLegislation") == {
        (_id("id:legislation/data-use-and-access-bill"), "S29")
    }
    assert stated(store, letter, "akg:date") == set()


def test_consultation_opens_and_closes_on_the_stated_dates(store: OxigraphStore) -> None:
    assert stage_dates(store, CONSULTATION, "consultation-opened") == {("2025-12-04", "S32")}
    assert stage_dates(store, CONSULTATION, "consultation-closes") == {("2026-02-12", "S32")}
    home_office = _id("id:organisation/home-office")
    named_by = {
        source
        for value, source in stated(store, CONSULTATION, "akg:mentions")
        if value == home_office
    }
    assert named_by == {"S30", "S31", "S32"}


def test_consultation_announcement_month_is_not_turned_into_a_date(store: OxigraphStore) -> None:
    comments = {text for text, _ in stated(store, CONSULTATION, "rdfs:comment")}
    assert any("Sarah Jones in early October 2025" in text for text in comments)
    assert any("independent oversight body" in text for text in comments)
    dates = rows(
        store,
        f"""SELECT DISTINCT ?d WHERE {{ {{ {CONSULTATION} ?p ?d }} UNION
            {{ {CONSULTATION} akg:stage/akg:date ?d }} FILTER(DATATYPE(?d) = <{XSD_DATE}>) }}""",
    )
    assert sorted(d for (d,) in dates) == ["2025-12-04", "2026-02-12"]


# Sources of sections E–G


SOURCES = [f"s{n}" for n in range(12, 33) if n != 23] + ["s23a", "s23b"]


@pytest.mark.parametrize("source", SOURCES)
def test_every_source_has_claims_quoting_its_excerpts(store: OxigraphStore, source: str) -> None:
    found = rows(
        store,
        f"""SELECT ?claim ?quote ?inside WHERE {{ ?claim akg:source id:source/{source} ;
              akg:quote ?quote .
            BIND(EXISTS {{ id:source/{source} akg:excerpt ?e FILTER(CONTAINS(?e, ?quote)) }}
                 AS ?inside) }}""",
    )
    assert found, f"no claim cites {source}"
    assert [quote for _, quote, inside in found if inside != "true"] == []


def test_s23_is_two_sources_with_different_addresses(store: OxigraphStore) -> None:
    found = pairs(
        store,
        """SELECT ?notation ?web WHERE { VALUES ?s { id:source/s23a id:source/s23b }
            ?s skos:notation ?notation ; akg:webAddress ?web }""",
    )
    assert found == {
        ("S23a", "https://fontvera.eu/intelligence/ai-act-law-enforcement"),
        (
            "S23b",
            "https://www.aigovhub.io/blog/eu-ai-act-predictive-policing-ban-compliance-guide",
        ),
    }


def _id(prefixed: str) -> str:
    return config.ENTITY + prefixed.removeprefix("id:")


def _akg(term: str) -> str:
    return config.ONTOLOGY + term


def _concept(path: str) -> str:
    return config.CONCEPT + path
