"""The named example queries of data/queries answer what the sources say."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from advocacy_kg import config, queries
from advocacy_kg.store.oxigraph import OxigraphStore, curated_store

ID = config.ENTITY


@pytest.fixture(scope="module")
def store() -> OxigraphStore:
    return curated_store()


def answer(store: OxigraphStore, name: str) -> list[dict[str, str]]:
    [query] = [q for q in queries.example_queries() if q.name == name]
    result = store.query(query.text)
    assert isinstance(result, ox.QuerySolutions)
    names = [v.value for v in result.variables]
    return [{n: row[n].value for n in names if row[n] is not None} for row in result]


def test_every_example_has_a_title_a_description_and_runs(store: OxigraphStore) -> None:
    examples = queries.example_queries()
    assert len(examples) >= 10
    for example in examples:
        assert example.title and example.description, example.name
        assert isinstance(store.query(example.text), ox.QuerySolutions), example.name


def test_header_is_read_from_leading_comments(tmp_path: Path) -> None:
    (tmp_path / "q.rq").write_text("# title: T\n# description: D: more\nSELECT * {}\n# title: no\n")
    [example] = queries.example_queries(tmp_path)
    assert (example.name, example.title, example.description) == ("q", "T", "D: more")


def test_coalition_members(store: OxigraphStore) -> None:
    rows = answer(store, "coalition-members")
    sns = {
        r["memberLabel"]
        for r in rows
        if r["coalition"] == ID + "organisation/safety-not-surveillance"
    }
    # seed 000: "Open Rights Group (ORG), Big Brother Watch, the Network for Police Monitoring
    # (Netpol) and 14 other"; S03: "the #SafetyNotSurveillance coalition, of which Statewatch
    # is a member"
    assert sns == {
        "Open Rights Group",
        "Big Brother Watch",
        "Network for Police Monitoring (Netpol)",
        "Statewatch",
    }
    numbers = {(r["coalition"], r.get("statedNumber")) for r in rows}
    # three named and "14 other" organisations: 17 members, never a member count of 14
    assert (ID + "organisation/safety-not-surveillance", "17") in numbers
    assert (ID + "organisation/safety-not-surveillance", "14") not in numbers
    more = {(r["coalition"], r.get("moreThan")) for r in rows}
    assert (ID + "organisation/safety-not-surveillance", "14") in more  # "and 14 other"
    assert (ID + "organisation/reclaim-your-face-coalition", "76") in numbers  # S18


def test_addressees_with_their_office_at_the_letters_date(store: OxigraphStore) -> None:
    rows = {(r["letter"], r["addressee"]): r for r in answer(store, "letter-addressees")}
    reynders = rows[(ID + "letter/2021-04-01-reynders", ID + "person/didier-reynders")]
    assert reynders["officeLabel"] == "European Commissioner for Justice"
    assert reynders["heldSince"] == "2019-12-01"  # S35, S36
    assert reynders["inOfficeAtDate"] == "true"
    cooper = rows[(ID + "letter/2024-07-safety-not-surveillance", ID + "person/yvette-cooper")]
    assert cooper["heldSince"] == "2024-07-05"  # S33, S34
    assert "date" not in cooper and "inOfficeAtDate" not in cooper  # the letter's date is unknown


def test_demands_and_the_technologies_they_target(store: OxigraphStore) -> None:
    rows = answer(store, "letter-demands")
    sns = {
        (r["demandType"], r.get("technology"))
        for r in rows
        if r["letter"] == ID + "letter/2024-07-safety-not-surveillance"
    }
    assert ("prohibit", "predictive policing") in sns
    assert ("prohibit", "facial recognition") in sns or (
        "prohibit",
        "biometric surveillance",
    ) in sns
    assert any(kind == "redress" for kind, _ in sns)
    reynders = {
        (r["demandType"], r.get("technology"))
        for r in rows
        if r["letter"] == ID + "letter/2021-04-01-reynders"
    }
    assert ("prohibit", "biometric mass surveillance") in reynders


def test_demands_targeting_predictive_policing(store: OxigraphStore) -> None:
    actions = {r["action"] for r in answer(store, "predictive-policing-demands")}
    assert {
        ID + "letter/2024-07-safety-not-surveillance",
        ID + "letter/2021-01-red-lines",
    } <= actions
    assert ID + "letter/2021-04-01-reynders" not in actions


def test_legislation_with_stages_and_dates(store: OxigraphStore) -> None:
    rows = answer(store, "legislation-stages")
    act = {
        (r.get("stage"), r.get("date"))
        for r in rows
        if r["legislation"] == ID + "legislation/eu-ai-act"
    }
    assert ("published", "2024-07-12") in act  # S19, S20, S21
    assert ("signed", "2024-06-13") in act  # S19
    assert "32024R1689" in {r.get("identifier") for r in rows}
    proposal = {
        (r.get("stage"), r.get("date"))
        for r in rows
        if r["legislation"] == ID + "legislation/eu-ai-act-proposal"
    }
    assert ("proposal tabled", "2021-04-21") in proposal  # S24
    bills = {r["legislationLabel"] for r in rows if r["type"] == "bill"}
    assert "Product Safety and Metrology Bill" in bills  # seed 000


def test_who_is_quoted_in_which_role(store: OxigraphStore) -> None:
    rows = answer(store, "quotations")
    chitseko = [r for r in rows if r.get("speakerLabel") == "Sara Chitseko"]
    assert len(chitseko) >= 2
    assert {r.get("role") for r in chitseko} == {"Pre-Crime Programme Manager"}
    assert any(r["text"].startswith("AI and automated systems have been proven") for r in chitseko)


def test_stated_versus_named_signatories(store: OxigraphStore) -> None:
    rows = answer(store, "signatory-counts")
    counts = {(r["letter"], r.get("exactCount"), r.get("moreThan")) for r in rows}
    assert (ID + "letter/2021-04-01-reynders", "56", None) in counts
    assert (ID + "letter/meps-116", "116", None) in counts
    # the sources disagree on the red-lines letter: 62 (S06, S07) and "Over 50" (S08)
    assert (ID + "letter/2021-01-red-lines", "62", None) in counts
    assert (ID + "letter/2021-01-red-lines", None, "50") in counts
    named = {r["letter"]: int(r["named"]) for r in rows}
    assert named[ID + "letter/2021-03-08-meps"] == 5  # S10 names five MEPs
    # letters no source calls open are listed too, and say so
    is_open = {r["letter"]: r["open"] for r in rows}
    assert is_open[ID + "letter/2021-04-01-reynders"] == "true"
    assert is_open[ID + "letter/meps-116"] == "false"
    assert is_open[ID + "letter/data-use-and-access-bill-letter"] == "false"


def test_which_letters_build_on_which(store: OxigraphStore) -> None:
    pairs = {(r["later"], r["earlier"]) for r in answer(store, "letters-building-on")}
    assert pairs == {
        (ID + "letter/2021-04-01-reynders", ID + "letter/2021-01-red-lines"),
        (ID + "letter/2021-04-01-reynders", ID + "letter/meps-116"),
    }


def test_source_disagreements_include_the_red_lines_date(store: OxigraphStore) -> None:
    pairs = {(r["claim"], r["otherClaim"]) for r in answer(store, "source-disagreements")}
    assert (config.CLAIM + "s06-01", config.CLAIM + "s09-01") in pairs


def test_facts_by_source_counts_every_source_with_claims(store: OxigraphStore) -> None:
    rows = {r["source"]: int(r["claims"]) for r in answer(store, "facts-by-source")}
    assert rows[ID + "source/seed-000"] == max(rows.values())
    assert {ID + "source/seed-003", ID + "source/s19"} <= set(rows)


def test_no_curated_organisation_signed_letters_to_both_uk_and_eu(store: OxigraphStore) -> None:
    # No source names a signatory of both a UK and an EU letter: the honest answer is empty.
    assert answer(store, "uk-and-eu-signatories") == []


def test_uk_and_eu_signatories_found_when_the_data_has_them() -> None:
    store = OxigraphStore.in_memory()
    data = """
    @prefix akg: <def/> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    <id/organisation/x> rdfs:label "X" .
    <id/letter/uk> akg:signatory <id/organisation/x> ; akg:addressedTo <id/person/minister> .
    <id/letter/eu> akg:signatory <id/organisation/x> ;
        akg:addressedTo <id/organisation/commission> .
    <id/office-holding/h> akg:holder <id/person/minister> ; akg:office <id/office/o> .
    <id/office/o> akg:officeIn <id/organisation/government> .
    <id/organisation/government> akg:jurisdiction <concept/jurisdiction/united-kingdom> .
    <id/organisation/commission> akg:jurisdiction <concept/jurisdiction/european-union> .
    """
    store.add_quads(
        ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode(config.CLAIM + "t"))
        for q in ox.parse(data, ox.RdfFormat.TURTLE, base_iri=config.BASE)
    )
    assert answer(store, "uk-and-eu-signatories") == [
        {"organisation": ID + "organisation/x", "organisationLabel": "X"}
    ]
