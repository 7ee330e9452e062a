"""Content of the curated graph for the two seeds and facts.md sections A–D and J: the letters.

Every assertion names the value AND the source whose claim graph states it, so a fact that is
missing, wrong or filed under the wrong source fails here (and so does an empty graph).
"""

from __future__ import annotations

import pytest
from test_curated_data import solutions

from advocacy_kg import config
from advocacy_kg.namespaces import sparql_prologue
from advocacy_kg.store.oxigraph import OxigraphStore, curated_store


def e(path: str) -> str:
    """A full IRI for an entity path such as ``letter/meps-116``."""
    return f"<{config.ENTITY}{path}>"


def c(name: str) -> str:
    return f"<{config.CLAIM}{name}>"


SSN_LETTER = e("letter/2024-07-safety-not-surveillance")
REYNDERS_LETTER = e("letter/2021-04-01-reynders")
RED_LINES = e("letter/2021-01-red-lines")
MEPS_116 = e("letter/meps-116")
MEPS_8_MARCH = e("letter/2021-03-08-meps")
UPCOMING_PROPOSAL = config.ENTITY + "legislation/upcoming-eu-ai-proposal"


@pytest.fixture(scope="module")
def store() -> OxigraphStore:
    return curated_store()


def stated(store: OxigraphStore, subject: str, path: str) -> set[tuple[str, str]]:
    """(value, source notation) for every claim graph that states ``subject path ?value``."""
    found = solutions(
        store,
        f"""SELECT DISTINCT ?value ?notation WHERE {{
            GRAPH ?claim {{ {subject} {path} ?value }}
            ?claim a akg:Claim ; akg:source/skos:notation ?notation }}""",
    )
    return {(value, notation) for value, notation in found}


def ask(store: OxigraphStore, pattern: str) -> bool:
    return bool(store.query(sparql_prologue() + f"ASK {{ {pattern} }}"))


def values(store: OxigraphStore, subject: str, path: str, source: str) -> set[str]:
    return {value for value, notation in stated(store, subject, path) if notation == source}


# The July 2024 #SafetyNotSurveillance letter (seed 000, S01–S03)


def test_july_2024_letter_is_addressed_to_yvette_cooper_as_home_secretary(
    store: OxigraphStore,
) -> None:
    cooper = config.ENTITY + "person/yvette-cooper"
    assert {(cooper, "seed 000"), (cooper, "S01")} <= stated(store, SSN_LETTER, "akg:addressedTo")
    assert values(store, SSN_LETTER, "akg:qualifiedAddressing/akg:inOffice", "seed 000") == {
        config.ENTITY + "office/uk-home-secretary"
    }
    assert values(store, SSN_LETTER, "akg:signatory", "seed 000") == {
        config.ENTITY + "organisation/safety-not-surveillance"
    }


def test_coalition_members_three_named_and_14_unnamed_others(store: OxigraphStore) -> None:
    members = solutions(
        store,
        f"""SELECT ?org ?n WHERE {{ GRAPH ?claim {{ ?org akg:memberOf
            {e("organisation/safety-not-surveillance")} }} ?claim akg:source/skos:notation ?n }}""",
    )
    named = {(org.rsplit("/", 1)[1], n) for org, n in members}
    assert {(o, "seed 000") for o in ("open-rights-group", "big-brother-watch", "netpol")} < named
    assert ("statewatch", "S03") in named
    # "ORG, BBW, Netpol and 14 other organisations": more than 14 members by the quote's words;
    # 14 is no member count, and the sum 17 is a curators' inference, not a claim
    coalition = e("organisation/safety-not-surveillance")
    assert stated(store, coalition, "akg:statedMemberCount/akg:moreThan") == {
        ("14", "seed 000"),
        ("14", "S01"),
    }
    assert stated(store, coalition, "akg:statedMemberCount/akg:exactCount") == set()
    assert ask(
        store,
        f"""GRAPH ?i {{ ?count akg:exactCount 17 }} ?i a akg:Inference .
            {coalition} akg:statedMemberCount ?count""",
    )
    assert not ask(store, "?org akg:statedMemberCount/akg:exactCount 14")


def test_july_2024_letter_makes_each_demand_of_the_seed(store: OxigraphStore) -> None:
    demands = values(store, SSN_LETTER, "akg:makesDemand", "seed 000")
    assert len(demands) == 12
    types = {
        t.rsplit("/", 1)[1]
        for (t,) in solutions(
            store,
            f"""SELECT DISTINCT ?t WHERE {{ GRAPH ?claim {{ {SSN_LETTER} akg:makesDemand ?d .
                ?d akg:demandType ?t }} ?claim akg:source <{config.ENTITY}source/seed-000> }}""",
        )
    }
    assert types == {
        "prohibit", "regulate", "transparency-obligation", "accountability-obligation",
        "legal-framework", "limit-data-sharing", "accessibility-requirements",
        "human-oversight", "community-involvement", "right-to-explanation", "redress",
        "whistleblower-support",
    }  # fmt: skip


def test_sara_chitseko_is_pre_crime_programme_manager_at_open_rights_group(
    store: OxigraphStore,
) -> None:
    membership = e("membership/sara-chitseko-open-rights-group")
    role = {("Pre-Crime Programme Manager", "seed 000"), ("Pre-Crime Programme Manager", "S02")}
    assert stated(store, membership, "akg:roleTitle") == role
    assert values(store, membership, "akg:organisation", "seed 000") == {
        config.ENTITY + "organisation/open-rights-group"
    }
    spoken = solutions(
        store,
        f"""SELECT ?text WHERE {{ ?q akg:spokenBy {e("person/sara-chitseko")} ;
            akg:speakerRole {membership} ; akg:quotationText ?text }}""",
    )
    text = "AI and automated systems have been proven to magnify discrimination and inequality"
    assert (text + " in policing",) in spoken


def test_kings_speech_quote_and_the_product_safety_and_metrology_bill(
    store: OxigraphStore,
) -> None:
    speech = e("event/kings-speech-2024")
    assert values(store, speech, "akg:mentions", "seed 000") == {
        config.ENTITY + "legislation/product-safety-and-metrology-bill"
    }
    quoted = solutions(
        store, f"SELECT ?text WHERE {{ ?q akg:quotedIn {speech} ; akg:quotationText ?text }}"
    )
    assert (
        "seek to establish the appropriate legislation to place requirements on those "
        "working to develop the most powerful artificial intelligence models",
    ) in quoted
    assert (
        "to new product risks and opportunities to enable the UK to keep pace with "
        "technological advances, such as AI",
    ) in quoted


# The 1 April 2021 letter to Commissioner Reynders (seed 003, S04, S05) and what it builds on


def test_reynders_letter_date_addressee_and_56_signatories(store: OxigraphStore) -> None:
    sources = {"seed 003", "S04", "S05"}
    assert stated(store, REYNDERS_LETTER, "akg:date") == {("2021-04-01", s) for s in sources}
    assert stated(store, REYNDERS_LETTER, "akg:statedSignatoryCount/akg:exactCount") == {
        ("56", s) for s in sources - {"S05"}
    }
    # S05: "EDRi and 55 others": more than 55 by its words; 56 is S04's and seed 003's count
    assert values(store, REYNDERS_LETTER, "akg:statedSignatoryCount/akg:moreThan", "S05") == {"55"}
    assert values(store, REYNDERS_LETTER, "akg:qualifiedAddressing/akg:inOffice", "seed 003") == {
        config.ENTITY + "office/european-commissioner-for-justice"
    }
    assert values(store, REYNDERS_LETTER, "akg:addressedTo", "seed 003") == {
        config.ENTITY + "person/didier-reynders"
    }
    assert values(store, REYNDERS_LETTER, "akg:mentions", "seed 003") == {UPCOMING_PROPOSAL}


def test_the_upcoming_proposal_is_com_2021_206_only_by_inference(store: OxigraphStore) -> None:
    # the letters of early 2021 never quote the document number of the proposal they await
    proposal = e("legislation/eu-ai-act-proposal")
    quoted = f"GRAPH ?g {{ ?s ?p {proposal} }} ?g a akg:Claim . FILTER (?s != {proposal})"
    assert not ask(store, quoted)
    assert ask(
        store,
        f"""GRAPH ?i {{ <{UPCOMING_PROPOSAL}> owl:sameAs {proposal} }}
            ?i a akg:Inference ; prov:wasDerivedFrom {c("s24-02")}""",
    )
    labels = solutions(store, f"SELECT ?l WHERE {{ <{UPCOMING_PROPOSAL}> rdfs:label ?l }}")
    assert labels and all("COM(2021)" not in label for (label,) in labels)


def test_reynders_letter_builds_on_the_62_and_the_116(store: OxigraphStore) -> None:
    built_on = {RED_LINES.strip("<>"), MEPS_116.strip("<>")}
    assert values(store, REYNDERS_LETTER, "akg:buildsOn", "seed 003") == built_on
    assert values(store, RED_LINES, "akg:statedSignatoryCount/akg:exactCount", "seed 003") == {"62"}
    assert stated(store, MEPS_116, "akg:statedSignatoryCount/akg:exactCount") == {
        ("116", "seed 003"),
        ("116", "S04"),
    }


def test_seed_003_points_to_the_citizens_initiative(store: OxigraphStore) -> None:
    eci = config.ENTITY + "petition/eci-biometric-mass-surveillance"
    assert values(store, e("source/seed-003"), "akg:mentions", "seed 003") == {eci}


def test_the_116_meps_letter_and_the_8_march_letter_stay_apart(store: OxigraphStore) -> None:
    assert stated(store, MEPS_8_MARCH, "akg:date") == {("2021-03-08", "S10")}
    assert stated(store, MEPS_8_MARCH, "akg:statedSignatoryCount") == set()
    assert len(values(store, MEPS_8_MARCH, "akg:addressedTo", "S10")) == 6
    assert len(values(store, MEPS_8_MARCH, "akg:signatory", "S10")) == 5
    link = f"{{ {MEPS_116} ?p {MEPS_8_MARCH} }} UNION {{ {MEPS_8_MARCH} ?p {MEPS_116} }}"
    assert not ask(store, f"GRAPH ?g {{ {link} }} ?g a akg:Claim")
    # facts.md's S10 note: the identity is an inference, kept as one, with who, why and whence
    assert ask(
        store,
        f"""GRAPH ?i {{ {MEPS_116} owl:sameAs {MEPS_8_MARCH} }}
            ?i a akg:Inference ; prov:wasAttributedTo ?who ; akg:reasoning ?why ;
               prov:wasDerivedFrom {c("seed-003-08")}, {c("s10-01")}""",
    )


def test_the_undated_open_letter_of_s11_is_not_the_8_march_letter_by_quote(
    store: OxigraphStore,
) -> None:
    s11_letter = e("letter/meps-open-letter-fundamental-rights-first")
    assert stated(store, s11_letter, "akg:date") == set()
    assert values(store, s11_letter, "a", "S11") == {config.ONTOLOGY + "OpenLetter"}
    assert stated(store, MEPS_8_MARCH, "a") == {(config.ONTOLOGY + "AdvocacyAction", "S10")}
    assert ask(store, f"GRAPH ?i {{ {s11_letter} owl:sameAs {MEPS_8_MARCH} }} ?i a akg:Inference")


@pytest.mark.parametrize(
    "letter",
    [
        "meps-116",
        "2021-03-08-meps",
        "mep-and-115-colleagues-to-von-der-leyen",
        "2021-03-29-von-der-leyen-reply",
        "nine-groups-police-facial-recognition",
        "data-use-and-access-bill-letter",
    ],
)
def test_a_letter_no_source_calls_open_or_published_is_no_open_letter(
    store: OxigraphStore, letter: str
) -> None:
    assert not ask(store, f"{e('letter/' + letter)} a akg:OpenLetter")
    assert ask(store, f"{e('letter/' + letter)} a akg:AdvocacyAction")


def test_an_open_letter_is_typed_only_by_claims_whose_quote_says_open(
    store: OxigraphStore,
) -> None:
    typed = solutions(
        store,
        """SELECT ?g ?q WHERE { GRAPH ?g { ?l a akg:OpenLetter } ?g a akg:Claim ; akg:quote ?q }""",
    )
    by_claim: dict[str, list[str]] = {}
    for claim, quote in typed:
        by_claim.setdefault(claim, []).append(quote.lower())
    assert len(by_claim) >= 4
    assert [g for g, qs in by_claim.items() if not any("open letter" in q for q in qs)] == []


# Conflicts (facts.md section H): both values kept, each with its source, claims linked


def test_red_lines_letter_date_conflict_keeps_both_dates(store: OxigraphStore) -> None:
    assert stated(store, RED_LINES, "akg:date") == {
        ("2021-01-12", "S06"),
        ("2021-01-12", "S07"),
        ("2020-01-12", "S09"),
    }
    assert ask(store, f"{c('s09-01')} akg:conflictsWith {c('s06-01')}, {c('s07-01')}")


def test_red_lines_signatory_count_conflict_keeps_62_and_over_50(store: OxigraphStore) -> None:
    assert values(store, RED_LINES, "akg:statedSignatoryCount/akg:moreThan", "S08") == {"50"}
    exact = {n for n, _ in stated(store, RED_LINES, "akg:statedSignatoryCount/akg:exactCount")}
    assert exact == {"62"}
    assert ask(store, f"{c('s08-01')} akg:conflictsWith {c('seed-003-07')}")


def test_eci_registration_date_conflict(store: OxigraphStore) -> None:
    stage = e("stage/eci-biometric-mass-surveillance-registration")
    assert {("2020-12-07", "S09"), ("2021-01-07", "S12")} <= stated(store, stage, "akg:date")
    assert ask(store, f"{c('s09-02')} akg:conflictsWith {c('s12-01')}")


# Officials in office at the letters' dates (section J)


@pytest.mark.parametrize(
    ("holding", "expected"),
    [
        ("yvette-cooper-uk-home-secretary", {("2024-07-05", "S33"), ("2024-07-05", "S34")}),
        (
            "didier-reynders-european-commissioner-for-justice",
            {("2019-12-01", "S35"), ("2019-12-01", "S36")},
        ),
    ],
)
def test_office_holdings_start_when_the_sources_say(
    store: OxigraphStore, holding: str, expected: set[tuple[str, str]]
) -> None:
    assert stated(store, e(f"office-holding/{holding}"), "akg:startDate") == expected
    assert stated(store, e(f"office-holding/{holding}"), "akg:endDate") == set()
