"""``advocacy-kg validate``: exit codes, reports and bad input (files in tests/data/validate/)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph as ox
import pytest
from test_shapes_examples import EXAMPLES, expected_results

from advocacy_kg import config
from advocacy_kg.cli import main
from advocacy_kg.engines import ENGINES

DATA = Path(__file__).parent / "data" / "validate"
PERSON = config.ENTITY + "person/example-campaigner"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["validate", *args])
    out, err = capsys.readouterr()
    return code, out, err


# --- the curated graph ---------------------------------------------------------------------


def test_curated_graph_conforms(capsys):
    code, out, err = run(capsys)
    assert code == 0, out + err
    assert "the curated graph" in out and "0 violations" in out and ": conforms" in out


def test_curated_graph_as_json_names_what_was_checked(capsys):
    code, out, _ = run(capsys, "--format", "json")
    report = json.loads(out)
    assert code == 0 and report["conforms"] is True
    assert report["counts"]["Violation"] == 0
    assert report["engine"] and report["inputs"] == ["the curated graph"]


def test_curated_graph_as_turtle_is_a_shacl_report(capsys):
    code, out, err = run(capsys, "--format", "turtle")
    assert code == 0
    report = ox.Store()
    report.load(out.encode(), ox.RdfFormat.TURTLE)
    conforms = ox.NamedNode("http://www.w3.org/ns/shacl#conforms")
    assert [q.object.value for q in report.quads_for_pattern(None, conforms, None)] == ["true"]
    assert "conform" in err  # the verdict goes to stderr, stdout stays Turtle


# --- the examples: exit codes ---------------------------------------------------------------

INVALID = [p for p in EXAMPLES if "-invalid-" in p.name]
VALID = [p for p in EXAMPLES if "-valid-" in p.name]


@pytest.mark.parametrize("example", INVALID, ids=lambda p: p.stem)
def test_invalid_example_exits_1(example: Path, capsys):
    has_violation = any(sev == "Violation" for _, _, sev, _ in expected_results(example))
    code, out, _ = run(capsys, str(example))
    assert code == (1 if has_violation else 0), out
    strict, out, _ = run(capsys, "--strict", str(example))  # warnings count too
    assert strict == 1, out


@pytest.mark.parametrize("example", VALID, ids=lambda p: p.stem)
def test_valid_example_exits_0_even_when_strict(example: Path, capsys):
    code, out, _ = run(capsys, "--strict", str(example))
    assert code == 0, out


def test_engines_agree_through_the_command(capsys):
    example = next(p for p in INVALID if p.stem == "ClaimShape-invalid-02")
    keys = {}
    for engine in sorted(ENGINES):
        code, out, _ = run(capsys, "--engine", engine, "--format", "json", str(example))
        assert code == 1
        results = json.loads(out)["results"]
        keys[engine] = {(r["focus"], r["path"], r["severity"], r["shape"]) for r in results}
    assert len(keys["pyshacl"]) == 2
    assert all(k == keys["pyshacl"] for k in keys.values())


# --- the report ----------------------------------------------------------------------------


def test_text_report_groups_by_entity_with_label_line_message_and_value(capsys):
    example = next(p for p in INVALID if p.stem == "AdvocacyActionShape-invalid-02")
    code, out, _ = run(capsys, str(example))
    assert code == 1
    assert 'id:letter/example-follow-up  "Example follow-up letter"' in out
    assert f"({example}:" in out  # file:line of the entity
    assert "Violation akg:buildsOn = id:letter/example-letter" in out
    assert "not dated before an action it builds on" in out
    assert "[shape:AdvocacyAction-inOrder]" in out


@pytest.mark.parametrize(
    ("name", "line"),
    [
        ("unlabelled-person.ttl", 2),
        ("unlabelled-person.trig", 9),
        ("unlabelled-person.nt", 3),
        ("unlabelled-person.nq", 3),
        ("unlabelled-person.jsonld", None),
        ("unlabelled-person.rdf", None),
    ],
)
def test_every_format_is_read_and_located(name: str, line: int | None, capsys):
    code, out, _ = run(capsys, "--format", "json", str(DATA / name))
    assert code == 1
    (result,) = json.loads(out)["results"]
    assert (result["focus"], result["path"], result["severity"]) == (PERSON, LABEL, "Violation")
    assert result["file"] == str(DATA / name)
    assert result["line"] == line


def test_shapes_inside_the_data_are_ignored(capsys):
    code, out, _ = run(capsys, str(DATA / "smuggled-shape.ttl"))
    assert code == 0, out
    assert "email" not in out


def test_new_claims_are_checked_against_the_curated_graph_when_asked(capsys):
    claim = str(DATA / "new-claim.trig")
    code, out, _ = run(capsys, claim)
    assert code == 1  # alone, the file refers to entities it does not describe
    assert "akg:addressedTo = id:person/yvette-cooper" in out
    assert "[check:dangling-reference]" in out
    code, out, _ = run(capsys, "--with-curated", claim)
    assert code == 0, out


# --- bad input: exit 2, with file and line -------------------------------------------------


def test_corrupt_file_names_file_and_line(capsys):
    code, out, err = run(capsys, str(DATA / "corrupt.ttl"))
    assert code == 2 and out == ""
    assert f"{DATA / 'corrupt.ttl'}:6:" in err


def test_empty_file_is_an_error(capsys):
    code, _, err = run(capsys, str(DATA / "empty.ttl"))
    assert code == 2
    assert "empty.ttl" in err and "no triples" in err


def test_file_with_nothing_the_shapes_check_is_an_error(capsys):
    code, _, err = run(capsys, str(DATA / "no-targets.ttl"))
    assert code == 2
    assert "no-targets.ttl" in err and "nothing would be validated" in err


def test_unknown_extension_is_an_error(capsys):
    code, _, err = run(capsys, str(DATA / "person.txt"))
    assert code == 2
    assert "person.txt" in err and "unknown RDF file type '.txt'" in err


def test_missing_file_is_an_error(capsys, tmp_path: Path):
    code, _, err = run(capsys, str(tmp_path / "absent.ttl"))
    assert code == 2 and "absent.ttl" in err


def test_unknown_engine_is_refused(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["validate", "--engine", "nope"])
    assert exit_.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_an_engine_failure_is_an_error_not_a_verdict(capsys, monkeypatch):
    def broken(dataset: ox.Store) -> list:
        raise RuntimeError("native panic")

    monkeypatch.setitem(ENGINES, "pyshacl", broken)
    code, out, err = run(capsys, "--engine", "pyshacl")
    assert code == 2 and out == ""
    assert "the pyshacl engine failed: native panic" in err


def test_help_explains_exit_codes_and_formats(capsys):
    with pytest.raises(SystemExit):
        main(["validate", "--help"])
    text = capsys.readouterr().out
    for words in ("exit codes: 0", "1 they do not", "2 error", "--strict", ".jsonld", "--engine"):
        assert words in text


# --- nothing is fetched ----------------------------------------------------------------------


class _Recorder(BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        _Recorder.requests.append(self.path)
        body = b'{"@context": {"label": "http://www.w3.org/2000/01/rdf-schema#label"}}'
        self.send_response(200)
        self.send_header("Content-Type", "application/ld+json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def recorder() -> Iterator[str]:
    """A loopback HTTP server that records every request it gets."""
    _Recorder.requests = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_jsonld_remote_context_is_refused_without_a_request(capsys, tmp_path, recorder):
    text = (DATA / "remote-context.jsonld").read_text(encoding="utf-8")
    document = tmp_path / "remote-context.jsonld"
    document.write_text(text.replace("http://127.0.0.1:PORT", recorder), encoding="utf-8")
    code, _, err = run(capsys, str(document))
    assert code == 2
    assert "remote-context.jsonld" in err and "context" in err
    assert _Recorder.requests == []


@pytest.mark.parametrize("target", ["file", "http"])
def test_rdfxml_external_entity_is_never_resolved(target, capsys, tmp_path, recorder):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE", encoding="utf-8")
    uri = secret.as_uri() if target == "file" else f"{recorder}/secret"
    text = (DATA / "external-entity.rdf").read_text(encoding="utf-8")
    document = tmp_path / "external-entity.rdf"
    document.write_text(text.replace("SECRET_URI", uri), encoding="utf-8")
    code, out, err = run(capsys, "--format", "json", str(document))
    assert code == 2, out  # refused outright: pyoxigraph reads no external entity
    assert "external-entity.rdf" in err
    assert "TOP-SECRET-VALUE" not in out + err
    assert _Recorder.requests == []
