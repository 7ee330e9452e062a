"""Scores of ``reconciliation.py``: exact names first and alone a match, near names (case,
accents, word order, acronyms, a name in parentheses) above unrelated ones."""

from __future__ import annotations

import pytest

from advocacy_kg.reconciliation import Catalogue, Entity, acronym, normalise

ORG = Entity("org", "Open Rights Group", ["Open Rights Group"], ["Organisation"])
EDRI = Entity("edri", "European Digital Rights (EDRi)", ["European Digital Rights (EDRi)"])
VERA = Entity("vera", "Věra Jourová", ["Věra Jourová"], ["Person"])
SNS = Entity("sns", "#SafetyNotSurveillance coalition", ["#SafetyNotSurveillance coalition"])
PI = Entity("pi", "Privacy International", ["Privacy International"], ["Organisation"])
CATALOGUE = Catalogue([ORG, EDRI, VERA, SNS, PI])


def ranked(query: str, allowed: set[str] | None = None) -> list[str]:
    return [c.entity.iri for c in CATALOGUE.rank(query, allowed)]


def test_normal_form_ignores_case_accents_punctuation_and_splits_camel_case() -> None:
    assert normalise("  Věra JOUROVÁ ") == "vera jourova"
    assert normalise("#SafetyNotSurveillance") == "safety not surveillance"
    assert normalise("Kumpula-Natri") == "kumpula natri"


def test_acronyms_skip_minor_words_and_parentheses() -> None:
    assert acronym("Open Rights Group") == "org"
    assert acronym("Council of the European Union") == "ceu"
    assert acronym("European Digital Rights (EDRi)") == "edr"
    assert acronym("Statewatch") == ""


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Open Rights Group", "org"),
        ("open rights group", "org"),
        ("Vera Jourova", "vera"),
        ("EDRi", "edri"),
        ("European Digital Rights", "edri"),
    ],
)
def test_an_exact_name_in_any_case_or_accent_is_the_one_match(query: str, expected: str) -> None:
    candidates = CATALOGUE.rank(query)
    assert candidates[0].entity.iri == expected
    assert candidates[0].score.value == 100
    assert candidates[0].match
    assert not any(c.match for c in candidates[1:])


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ORG", "org"),
        ("Group Open Rights", "org"),
        ("Safety Not Surveillance", "sns"),
        ("Jourova", "vera"),
        ("Privacy Internatonal", "pi"),  # misspelt
    ],
)
def test_a_near_name_ranks_first_but_is_not_a_match(query: str, expected: str) -> None:
    candidates = CATALOGUE.rank(query)
    assert candidates[0].entity.iri == expected
    assert not candidates[0].match
    assert all(c.score.value < candidates[0].score.value for c in candidates[1:])


def test_two_entities_of_the_same_name_are_neither_a_match() -> None:
    twins = Catalogue([ORG, Entity("org2", "Open Rights Group", ["Open Rights Group"])])
    candidates = twins.rank("Open Rights Group")
    assert [c.score.value for c in candidates] == [100, 100]
    assert not any(c.match for c in candidates)


def test_a_type_filter_keeps_only_entities_of_those_classes() -> None:
    assert ranked("Open Rights Group", {"Person"}) == []
    assert ranked("Vera", {"Person"}) == ["vera"]


def test_an_unrelated_name_finds_nothing_close() -> None:
    assert all(c.score.value < 50 for c in CATALOGUE.rank("Ministry of Silly Walks"))
