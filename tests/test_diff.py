"""``advocacy-kg diff``: entities added, removed and changed between two dumps of any format;
unreadable files refused with file and line, exit 2, nothing written."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from advocacy_kg import cli, export

OLD = """\
@prefix akg: <https://w3id.org/advocacy-kg/def/> .
@base <https://w3id.org/advocacy-kg/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<claim/a-01> {
  <id/letter/one> a akg:OpenLetter ; rdfs:label "One"@en ; akg:date "2021-04-01"^^xsd:date ;
      akg:mentions [ rdfs:label "an unnamed thing" ] .
  <id/person/gone> a akg:Person ; rdfs:label "Gone"@en .
  <id/organisation/kept> a akg:Organisation ; rdfs:label "Kept"@en .
}
"""
NEW = """\
@prefix akg: <https://w3id.org/advocacy-kg/def/> .
@base <https://w3id.org/advocacy-kg/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<claim/a-01> {
  <id/letter/one> a akg:OpenLetter ; rdfs:label "One"@en ; akg:date "2021-04-02"^^xsd:date ;
      akg:mentions [ rdfs:label "an unnamed thing" ] .
  <id/organisation/kept> a akg:Organisation ; rdfs:label "Kept"@en .
  <id/person/new> a akg:Person ; rdfs:label "New"@en .
}
"""


@pytest.fixture
def dumps(tmp_path: Path) -> tuple[Path, Path]:
    old, new = tmp_path / "old.trig", tmp_path / "new.trig"
    old.write_text(OLD, encoding="utf-8")
    new.write_text(NEW, encoding="utf-8")
    return old, new


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> Any:
    assert cli.main(["diff", "--format", "json", *args]) == 0
    return json.loads(capsys.readouterr().out)


def iris(entries: object) -> list[str]:
    assert isinstance(entries, list)
    return [e["iri"].rsplit("/", 2)[-2] + "/" + e["iri"].rsplit("/", 1)[-1] for e in entries]


def test_added_removed_and_changed_entities_are_listed(
    dumps: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    report = run_json(capsys, *map(str, dumps))
    assert iris(report["added"]) == ["person/new"]
    assert iris(report["removed"]) == ["person/gone"]
    assert iris(report["changed"]) == ["letter/one"]


def test_detail_gives_the_statements_and_blank_nodes_compare_by_content(
    dumps: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    report = run_json(capsys, "--detail", *map(str, dumps))
    (letter,) = report["changed"]
    assert letter["added"] == ['akg:date "2021-04-02"^^xsd:date in claim:a-01']
    assert letter["removed"] == ['akg:date "2021-04-01"^^xsd:date in claim:a-01']
    assert letter["label"] == "One"


def test_text_report_names_the_changes(
    dumps: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["diff", "--detail", *map(str, dumps)]) == 0
    out = capsys.readouterr().out
    assert "entities added: 1, removed: 1, changed: 1" in out
    assert "+ id:person/new  (New)" in out
    assert "- id:person/gone  (Gone)" in out
    assert '      + akg:date "2021-04-02"^^xsd:date in claim:a-01' in out


def test_a_dump_compared_with_itself_has_no_changes(
    dumps: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    report = run_json(capsys, str(dumps[0]), str(dumps[0]))
    assert report["added"] == report["removed"] == report["changed"] == []


def test_a_statement_moved_to_another_claim_is_a_change(
    dumps: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    moved = tmp_path / "moved.trig"
    moved.write_text(OLD.replace("claim/a-01", "claim/a-02"), encoding="utf-8")
    report = run_json(capsys, str(dumps[0]), str(moved))
    assert len(report["changed"]) == 3


def test_the_same_release_in_two_formats_has_no_changes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Graph names are compared only when both files keep them; the curated release."""
    export.export(tmp_path, [export.FORMATS["trig"], export.FORMATS["rdfxml"]])
    trig = tmp_path / export.dump_name(export.FORMATS["trig"])
    rdfxml = tmp_path / export.dump_name(export.FORMATS["rdfxml"])
    report = run_json(capsys, str(trig), str(rdfxml))
    assert report["old"]["version"] == report["new"]["version"] is not None
    assert report["old"]["triples"] == report["new"]["triples"] > 1000
    assert report["added"] == report["removed"] == report["changed"] == []


def test_output_file_is_written_whole(
    dumps: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "report.json"
    assert cli.main(["diff", "--format", "json", "-o", str(out), *map(str, dumps)]) == 0
    assert capsys.readouterr().out == ""
    assert len(json.loads(out.read_text(encoding="utf-8"))["changed"]) == 1


@pytest.mark.parametrize("broken_side", ["old", "new"])
def test_an_unparseable_dump_is_refused_with_file_and_line_and_nothing_written(
    broken_side: str,
    dumps: tuple[Path, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text(
        '<https://x/a> <https://x/p> "fine" .\n\n<https://x/a> <https://x/p> oops .\n'
    )
    old, new = (broken, dumps[1]) if broken_side == "old" else (dumps[0], broken)
    out = tmp_path / "report.txt"
    assert cli.main(["diff", "-o", str(out), str(old), str(new)]) == 2
    captured = capsys.readouterr()
    assert f"{broken}:3" in captured.err
    assert captured.out == ""
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.ttl", "new.trig", "old.trig"]


def test_a_missing_file_or_unknown_suffix_is_an_error_exit(
    dumps: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["diff", str(tmp_path / "absent.nt"), str(dumps[1])]) == 2
    assert "absent.nt" in capsys.readouterr().err
    odd = tmp_path / "dump.txt"
    odd.write_text("hello")
    assert cli.main(["diff", str(odd), str(dumps[1])]) == 2
    assert "dump.txt" in capsys.readouterr().err
