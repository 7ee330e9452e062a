"""One ``--store`` option for every command that reads the graph: a store filled by ``load`` can
be queried, checked and exported from the command line (end to end, on a temporary store)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from sparql_servers import oxigraph_server

from advocacy_kg.cli import build_parser, main
from advocacy_kg.commands.store_option import STORE_HELP

__all__ = ["oxigraph_server"]

# Synthetic data (marked as such): a letter only the store holds, so answers prove the store is
# read and not data/. It has no label, which the shapes require: a violation.
EXTRA = """@prefix akg: <https://w3id.org/advocacy-kg/def/> .
<https://w3id.org/advocacy-kg/id/letter/synthetic-store-only-letter> a akg:OpenLetter .
"""
EXTRA_IRI = "https://w3id.org/advocacy-kg/id/letter/synthetic-store-only-letter"
LETTERS = "SELECT ?l { ?l a akg:OpenLetter } ORDER BY ?l"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def curated_store(tmp_path_factory: pytest.TempPathFactory) -> str:
    spec = f"oxigraph:{tmp_path_factory.mktemp('curated') / 'store'}"
    assert main(["load", "--store", spec, "--no-validate"]) == 0
    return spec


@pytest.fixture(scope="module")
def extra_store(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("extra")
    (folder / "extra.ttl").write_text(EXTRA, encoding="utf-8")
    spec = f"oxigraph:{folder / 'store'}"
    assert main(["load", str(folder / "extra.ttl"), "--store", spec, "--no-validate"]) == 0
    return spec


def test_every_graph_command_has_the_same_store_option() -> None:
    parser = build_parser()
    subparsers = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    commands = subparsers.choices
    for name in ("query", "validate", "export", "serve"):
        [option] = [a for a in commands[name]._actions if "--store" in a.option_strings]
        assert option.help == STORE_HELP, name
    [load] = [a for a in commands["load"]._actions if "--store" in a.option_strings]
    assert load.metavar == "SPEC"


def test_query_reads_the_store(extra_store: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "query", LETTERS, "--store", extra_store, "--format", "csv")
    assert code == 0, err
    assert EXTRA_IRI in out and "2021-04-01-reynders" in out
    _, curated, _ = run(capsys, "query", LETTERS, "--format", "csv")
    assert EXTRA_IRI not in curated and "2021-04-01-reynders" in curated


def test_query_reads_the_store_named_by_the_environment(
    extra_store: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ADVOCACY_KG_STORE", extra_store)
    code, out, _ = run(capsys, "query", f"ASK {{ <{EXTRA_IRI}> a akg:OpenLetter }}")
    assert (code, out) == (0, "true\n")


def test_validate_checks_what_the_store_holds(
    curated_store: str, extra_store: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "validate", "--store", curated_store)
    assert code == 0, out + err
    assert f"the store {curated_store}" in out
    code, out, _ = run(capsys, "validate", "--store", extra_store, "--format", "json")
    assert code == 1
    foci = {r["focus"] for r in json.loads(out)["results"]}
    assert EXTRA_IRI in foci


def test_export_of_a_store_holds_what_it_holds(
    curated_store: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = str(tmp_path / "s")
    code, _, err = run(
        capsys, "export", "--store", curated_store, "--out", out, "--format", "nquads"
    )
    assert code == 0, err
    code, _, _ = run(capsys, "export", "--out", str(tmp_path / "f"), "--format", "nquads")
    assert code == 0
    name = next(p.name for p in (tmp_path / "f").glob("*.nq"))
    from_store = _quads(tmp_path / "s" / name)
    from_files = _quads(tmp_path / "f" / name)
    assert len(from_files) > 3000
    # Oxigraph stores xsd:nonNegativeInteger (counts) as xsd:integer: the one difference
    assert {_integer(q) for q in from_store} == {_integer(q) for q in from_files}


def test_bad_store_is_one_line_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = f"oxigraph:{tmp_path / 'nothing-here'}"
    for argv in (
        ["query", "ASK {}", "--store", missing],
        ["validate", "--store", missing],
        ["export", "--store", missing, "--out", str(tmp_path / "out")],
        ["query", "ASK {}", "--store", "nosuch:thing"],
    ):
        code, out, err = run(capsys, *argv)
        assert code == 2 and out == "", argv
        assert err.startswith("error: ") and err.count("\n") == 1, err
        assert "Traceback" not in err
    assert not (tmp_path / "out").exists()
    assert not (tmp_path / "nothing-here").exists()  # reading never creates a store


def test_validate_refuses_files_and_store_together(
    extra_store: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "x.ttl"
    path.write_text(EXTRA, encoding="utf-8")
    code, _, err = run(capsys, "validate", str(path), "--store", extra_store)
    assert code == 2 and "not both" in err


def _quads(path: Path) -> set[ox.Quad]:
    return set(ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS))


def _integer(quad: ox.Quad) -> ox.Quad:
    obj = quad.object
    if isinstance(obj, ox.Literal) and obj.datatype.value.endswith("#nonNegativeInteger"):
        obj = ox.Literal(obj.value, datatype=ox.NamedNode(obj.datatype.value[:-18] + "integer"))
    return ox.Quad(quad.subject, quad.predicate, obj, quad.graph_name)


@pytest.mark.server
def test_a_sparql_server_is_queried_checked_and_exported(
    oxigraph_server: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The same commands over the SPARQL protocol (Oxigraph server on a loopback port)."""
    (tmp_path / "extra.ttl").write_text(EXTRA, encoding="utf-8")
    spec = f"sparql:{oxigraph_server}"
    assert main(["load", str(tmp_path / "extra.ttl"), "--store", spec, "--no-validate"]) == 0
    code, out, _ = run(
        capsys, "query", f"ASK {{ <{EXTRA_IRI}> a akg:OpenLetter }}", "--store", spec
    )
    assert (code, out) == (0, "true\n")
    code, out, _ = run(capsys, "validate", "--store", spec, "--format", "json")
    assert code == 1 and EXTRA_IRI in {r["focus"] for r in json.loads(out)["results"]}
    code, _, err = run(capsys, "export", "--store", spec, "--out", str(tmp_path / "out"))
    assert code == 0, err
    [dump] = (tmp_path / "out").glob("*.nq")
    assert any(q.subject == ox.NamedNode(EXTRA_IRI) for q in _quads(dump))
