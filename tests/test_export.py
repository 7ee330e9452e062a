"""``advocacy-kg export``: every format, named after the version, deterministic, checksummed,
and nothing written when an input is bad or a write fails."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pyoxigraph as ox
import pytest

from advocacy_kg import cli, config, export, loading

VERSION = version("advocacy-kg")
DUMPS = {
    "trig": f"advocacy-kg-{VERSION}.trig",
    "nquads": f"advocacy-kg-{VERSION}.nq",
    "jsonld": f"advocacy-kg-{VERSION}.jsonld",
    "turtle": f"advocacy-kg-{VERSION}.ttl",
    "ntriples": f"advocacy-kg-{VERSION}.nt",
    "rdfxml": f"advocacy-kg-{VERSION}.rdf",
}
BESIDE = {f"advocacy-kg-{VERSION}.void.ttl", "context.jsonld", "SHA256SUMS"}
#: the citable release (tests/test_release.py): RO-Crate, Data Package and its CSV views
BESIDE |= {"ro-crate-metadata.json", "datapackage.json"}
BESIDE |= {f"advocacy-kg-{VERSION}-{t}.csv" for t in ("letters", "organisations", "signatories")}
BESIDE |= {f"advocacy-kg-{VERSION}-demands.csv"}

TINY_ONTOLOGY = """\
@prefix akg: <def/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
akg:OpenLetter a owl:Class .
akg:addressedTo a owl:ObjectProperty .
akg:date a owl:DatatypeProperty ; rdfs:range xsd:date .
"""
TINY_CLAIMS = """\
@prefix akg: <def/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<claim/t-01> {
  <claim/t-01> a akg:Claim ; akg:quote "a letter" ; akg:source <id/source/t> .
  <id/letter/one> a akg:OpenLetter ; rdfs:label "One"@en ;
      akg:mentions [ rdfs:label "first" ] , [ rdfs:label "second" ; akg:mentions [ ] ] .
}
"""
# The same claim: other blank-node labels, another statement order.
TINY_CLAIMS_REORDERED = """\
@prefix akg: <def/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<claim/t-01> {
  _:z rdfs:label "second" . _:z akg:mentions _:q .
  <id/letter/one> akg:mentions _:z , _:y ; rdfs:label "One"@en ; a akg:OpenLetter .
  _:y rdfs:label "first" .
  <claim/t-01> akg:source <id/source/t> ; akg:quote "a letter" ; a akg:Claim .
}
"""


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The curated dataset exported once, all formats."""
    out = tmp_path_factory.mktemp("release")
    export.export(out)
    return out


@pytest.fixture
def tiny_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project of one ontology file and one claims file, in place of the curated one."""
    root = tmp_path / "project"
    (root / "ontology" / "shapes").mkdir(parents=True)
    (root / "data" / "claims").mkdir(parents=True)
    (root / "ontology" / "advocacy-kg.ttl").write_text(TINY_ONTOLOGY, encoding="utf-8")
    (root / "data" / "claims" / "t.trig").write_text(TINY_CLAIMS, encoding="utf-8")
    monkeypatch.setattr(config, "ONTOLOGY_DIR", root / "ontology")
    monkeypatch.setattr(config, "DATA_DIR", root / "data")
    monkeypatch.setattr(config, "SHAPES_DIR", root / "ontology" / "shapes")
    return root


def test_export_writes_every_format_named_after_the_package_version(release: Path) -> None:
    assert {p.name for p in release.iterdir()} == set(DUMPS.values()) | BESIDE
    for name in DUMPS.values():
        assert (release / name).stat().st_size > 10_000, name


def test_sha256sums_lists_every_other_file_with_its_digest(release: Path) -> None:
    listed = {}
    for line in (release / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        digest, name = line.split("  ")
        listed[name] = digest
    assert set(listed) == set(DUMPS.values()) | BESIDE - {"SHA256SUMS"}
    for name, digest in listed.items():
        assert hashlib.sha256((release / name).read_bytes()).hexdigest() == digest
    checked = subprocess.run(
        ["sha256sum", "-c", "SHA256SUMS"], cwd=release, capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_same_input_gives_byte_identical_files_in_another_process(
    release: Path, tmp_path: Path
) -> None:
    again = tmp_path / "again"
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    code = "import sys; from advocacy_kg.cli import main; sys.exit(main(sys.argv[1:]))"
    done = subprocess.run(
        [sys.executable, "-c", code, "export", "--out", str(again)],
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    for path in release.iterdir():
        assert (again / path.name).read_bytes() == path.read_bytes(), path.name


def test_blank_nodes_are_canonical_whatever_their_labels_and_order(
    tiny_project: Path, tmp_path: Path
) -> None:
    export.export(tmp_path / "first")
    claims = tiny_project / "data" / "claims" / "t.trig"
    claims.write_text(TINY_CLAIMS_REORDERED, encoding="utf-8")
    export.export(tmp_path / "second")
    for path in (tmp_path / "first").iterdir():
        assert (tmp_path / "second" / path.name).read_bytes() == path.read_bytes(), path.name
    nquads = (tmp_path / "first" / DUMPS["nquads"]).read_text(encoding="utf-8")
    assert "_:c14n0" in nquads and "_:z" not in nquads


def test_quad_dumps_keep_every_named_graph_and_add_the_description(release: Path) -> None:
    source = {q.graph_name for q in loading.parse_files(loading.curated_files())}
    source |= {ox.NamedNode(config.SHAPES_GRAPH) for _ in loading.shapes_files()[:1]}
    claims = {g for g in source if isinstance(g, ox.NamedNode) and g.value.startswith(config.CLAIM)}
    assert len(claims) > 10
    for name in (DUMPS["trig"], DUMPS["nquads"]):
        graphs = {q.graph_name for q in loading.parse_file(release / name)}
        assert graphs == source | {ox.NamedNode(config.DESCRIPTION_GRAPH)}, name


def test_triple_dumps_hold_the_union_of_all_graphs(release: Path) -> None:
    quads = loading.parse_file(release / DUMPS["nquads"])
    union = {q.triple for q in quads}
    assert len(union) < len(quads)  # some triples are stated in more than one graph
    for name in (DUMPS["turtle"], DUMPS["ntriples"], DUMPS["rdfxml"]):
        triples = loading.parse_file(release / name)
        assert {q.triple for q in triples} == union, name
        assert all(isinstance(q.graph_name, ox.DefaultGraph) for q in triples)


def test_only_the_requested_formats_are_written(tiny_project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert cli.main(["export", "--format", "turtle", "--format", "trig", "--out", str(out)]) == 0
    assert {p.name for p in out.iterdir()} == {DUMPS["turtle"], DUMPS["trig"]} | BESIDE


def test_unparseable_input_is_refused_with_file_and_line_and_nothing_written(
    tiny_project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tiny_project / "data" / "claims" / "broken.trig"
    broken.write_text('@prefix akg: <def/> .\n<claim/b-01> {\n  <id/x> akg:date "2021 .\n}\n')
    out = tmp_path / "out"
    out.mkdir()
    (out / "README").write_text("kept")
    assert cli.main(["export", "--out", str(out)]) == 2
    error = capsys.readouterr().err
    assert f"{broken}:3" in error
    assert [p.name for p in out.iterdir()] == ["README"]


def test_a_failed_write_leaves_no_file_behind(
    tiny_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = []

    def failing_fsync(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", failing_fsync)
    out = tmp_path / "out"
    with pytest.raises(OSError):
        export.export(out)
    assert list(out.iterdir()) == []


def test_an_unwritable_folder_is_an_error_exit_not_a_traceback(
    tiny_project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert cli.main(["export", "--out", str(blocker / "out")]) == 2
    assert "error:" in capsys.readouterr().err
