"""``advocacy-kg export --wikidata``: a Mix'n'match catalogue of every organisation and person,
and QuickStatements V1 for aligned letters only, each statement with its source and quote.
The QIDs come from the fictional fixtures of ``tests/data/alignments``."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from advocacy_kg import config
from advocacy_kg.cli import main
from advocacy_kg.rdfterms import rows
from advocacy_kg.store.oxigraph import curated_store

DATA = Path(__file__).parent / "data" / "alignments"
ALIGNED = [str(DATA / "fictional.csv"), str(DATA / "fictional-more.tsv")]
LETTER_QID = "Q900000003"  # id/letter/2021-04-01-reynders in fictional.csv


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wikidata")
    options = [f"--alignments={path}" for path in ALIGNED]
    assert main(["export", "--out", str(out), "--format", "turtle", "--wikidata", *options]) == 0
    return out


def test_the_catalogue_lists_every_organisation_and_person_once(exported: Path) -> None:
    with (exported / "mixnmatch.tsv").open(encoding="utf-8", newline="") as handle:
        table = list(csv.DictReader(handle, delimiter="\t"))
    sparql = """SELECT DISTINCT ?e { VALUES ?top { akg:Organisation akg:Person }
        ?c rdfs:subClassOf* ?top . ?e a ?c }"""
    expected = {row["e"].value for row in rows(curated_store(), sparql)}
    assert len(expected) > 20
    assert [row["url"] for row in table] == sorted(expected)
    assert {row["id"] for row in table} == {iri[len(config.ENTITY) :] for iri in expected}
    edri = next(row for row in table if row["id"] == "organisation/edri")
    assert edri["name"] == "European Digital Rights (EDRi)"
    cooper = next(row for row in table if row["id"] == "person/yvette-cooper")
    assert "Home Secretary" in cooper["description"]


def test_quickstatements_only_for_aligned_letters_and_values(exported: Path) -> None:
    lines = (exported / "quickstatements.txt").read_text(encoding="utf-8").splitlines()
    statements = {tuple(line.split("\t")[:3]) for line in lines}
    assert statements == {
        (LETTER_QID, "P577", "+2021-04-01T00:00:00Z/11"),  # publication date, day precision
        (LETTER_QID, "P1891", "Q900000004"),  # signatory: EDRi, aligned
        (LETTER_QID, "P1817", "Q900000005"),  # addressee: Didier Reynders, aligned in the TSV
    }
    every_qid = set(re.findall(r"\bQ\d+\b", "\n".join(lines)))
    assert every_qid <= {"Q900000003", "Q900000004", "Q900000005"}  # nothing unaligned


def test_every_statement_carries_its_source_and_quote(exported: Path) -> None:
    quotes = {row["q"].value for row in rows(curated_store(), "SELECT ?q { ?c akg:quote ?q }")}
    for line in (exported / "quickstatements.txt").read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        assert fields[3] == "S854" and re.fullmatch(r'"https?://[^"\s]+"', fields[4]), line
        assert fields[5] == "S1683" and fields[6].startswith('en:"'), line
        assert fields[6][4:-1] in quotes  # the claim's verbatim quote
        assert "S813" not in fields  # no retrieved date is recorded, so none is written


def test_without_alignments_there_are_no_statements(tmp_path: Path) -> None:
    assert main(["export", "--out", str(tmp_path), "--format", "turtle", "--wikidata"]) == 0
    assert (tmp_path / "mixnmatch.tsv").is_file()
    assert not (tmp_path / "quickstatements.txt").exists()


def test_a_bad_alignment_file_stops_the_export_before_anything_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    bad = f"--alignments={DATA / 'bad-qid.csv'}"
    assert main(["export", "--out", str(out), "--wikidata", bad]) == 2
    assert "bad-qid.csv:3: " in capsys.readouterr().err
    assert not out.exists()
