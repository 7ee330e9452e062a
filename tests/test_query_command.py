"""``advocacy-kg query`` on the curated graph: formats, prefixes, errors and exit codes."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from advocacy_kg.cli import main

LETTERS = "SELECT ?letter { ?letter a akg:OpenLetter } ORDER BY ?letter"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_table_lists_the_curated_letters(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "query", LETTERS)
    assert code == 0
    assert "https://w3id.org/advocacy-kg/id/letter/2021-04-01-reynders" in out
    assert "https://w3id.org/advocacy-kg/id/letter/2024-07-safety-not-surveillance" in out


def test_csv_and_json_agree(capsys: pytest.CaptureFixture[str]) -> None:
    _, as_csv, _ = run(capsys, "query", LETTERS, "--format", "csv")
    _, as_json, _ = run(capsys, "query", LETTERS, "--format", "json")
    from_csv = [row["letter"] for row in csv.DictReader(io.StringIO(as_csv))]
    bindings = json.loads(as_json)["results"]["bindings"]
    assert from_csv == [b["letter"]["value"] for b in bindings]
    assert len(from_csv) >= 2


def test_ask_prints_true(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "query", "ASK { ?l akg:addressedTo/rdfs:label 'Yvette Cooper'@en }")
    assert (code, out) == (0, "true\n")


def test_query_from_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "q.rq"
    path.write_text(LETTERS, encoding="utf-8")
    code, out, _ = run(capsys, "query", "--file", str(path), "--format", "tsv")
    assert code == 0 and "2021-04-01-reynders" in out


def test_syntax_error_gives_position_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "query", "SELECT * WHERE { ?s ?p ?o")
    assert code == 2 and out == ""
    assert "1:" in err and "syntax" in err
