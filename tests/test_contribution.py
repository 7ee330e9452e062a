"""``advocacy-kg contribute``: reading contribution files, checking them and adding them to data/.

Every test that adds works on a copy of data/ (``data_copy``), never on the real one. The
fixture article and contribution (tests/data/contribution/) are fictional.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
import yaml

from advocacy_kg import config, loading
from advocacy_kg.cli import main
from advocacy_kg.contribution import checking, document
from advocacy_kg.contribution.duplicates import closeness
from advocacy_kg.namespaces import PREFIXES

FIXTURES = Path(__file__).parent / "data" / "contribution"
ARTICLE = FIXTURES / "article.txt"
EXAMPLE = FIXTURES / "example-letter.yaml"
MISQUOTED = "in public places."  # the fixture's one mistake, which the walk-through fixes
LETTER = config.ENTITY + "letter/2031-03-02-exampleton"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["contribute", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def data_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of data/ that the commands read and write instead of the real one."""
    data = tmp_path / "data"
    shutil.copytree(config.DATA_DIR, data)
    monkeypatch.setattr(config, "DATA_DIR", data)
    yield data


def contribution(tmp_path: Path, *replacements: tuple[str, str], name: str = "c.yaml") -> Path:
    """The fixture contribution with its mistake fixed and the given text replaced."""
    text = EXAMPLE.read_text(encoding="utf-8").replace(MISQUOTED, "in public spaces.")
    for old, new in replacements:
        assert old in text
        text = text.replace(old, new)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


# --- new -----------------------------------------------------------------------------------


def test_new_starts_a_file_holding_the_article_text(capsys, tmp_path, data_copy):
    output = tmp_path / "example-01.yaml"
    code, out, err = run(capsys, "new", str(ARTICLE), "--id", "example-01", "-o", str(output))
    assert code == 0, err
    started = yaml.safe_load(output.read_text(encoding="utf-8"))
    assert started["source"]["id"] == "example-01"
    assert started["source"]["text"].strip() == ARTICLE.read_text(encoding="utf-8").strip()
    # the fixture contribution was filled in from exactly this start
    filled = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    assert filled["source"]["text"] == started["source"]["text"]


@pytest.mark.parametrize(
    "article",
    [
        "   An indented first line\nthen: a colon, and [brackets]\n\ta tab\n",
        'A bell \x07 in the text\n"quoted" # not a comment\n',
        "Windows line ends\r\nsecond line\r\n",
    ],
    ids=["indented", "control-character", "crlf"],
)
def test_new_keeps_any_article_text_as_written(capsys, tmp_path, data_copy, article):
    source = tmp_path / "article.txt"
    source.write_bytes(article.encode("utf-8"))
    output = tmp_path / "s90.yaml"
    code, _, err = run(capsys, "new", str(source), "--id", "s90", "-o", str(output))
    assert code == 0, err
    text = yaml.safe_load(output.read_text(encoding="utf-8"))["source"]["text"]
    assert text.rstrip("\n") == article.replace("\r\n", "\n").rstrip("\n")


def test_new_refuses_to_overwrite_and_a_taken_id(capsys, tmp_path, data_copy):
    output = tmp_path / "mine.yaml"
    output.write_text("mine", encoding="utf-8")
    code, _, err = run(capsys, "new", str(ARTICLE), "--id", "example-01", "-o", str(output))
    assert code == 2 and "exists already" in err
    assert output.read_text(encoding="utf-8") == "mine"
    code, _, err = run(capsys, "new", str(ARTICLE), "--id", "s01", "-o", str(tmp_path / "x.yaml"))
    assert code == 2 and "'s01' is taken" in err


def test_an_unfilled_start_names_the_empty_field_and_its_line(capsys, tmp_path, data_copy):
    output = tmp_path / "example-01.yaml"
    run(capsys, "new", str(ARTICLE), "--id", "example-01", "-o", str(output))
    code, out, err = run(capsys, "check", str(output))
    line = next(n for n, text in enumerate(output.read_text().splitlines(), 1) if "title:" in text)
    assert code == 2
    assert err.strip() == f"error: {output}:{line}: source title is empty"


# --- check ---------------------------------------------------------------------------------


def test_a_quote_not_in_the_text_gives_the_closest_passage_and_its_line(capsys):
    code, out, _ = run(capsys, "check", str(EXAMPLE))
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    quote_line = next(n for n, t in enumerate(lines, 1) if MISQUOTED in t)
    text_line = next(n for n, t in enumerate(lines, 1) if t.strip().startswith("The letter calls"))
    assert code == 1
    assert f"{EXAMPLE}:{quote_line}: quote not found verbatim" in out
    assert f"closest passage (text line 5, offset 223; {EXAMPLE}:{text_line})" in out
    assert (
        "'The letter calls on Exampleton City Council to prohibit facial recognition in "
        "public spaces.'" in out
    )
    assert "quote has 'places.', text has 'spaces.'" in out
    assert "does NOT pass" in out


def test_the_fixed_contribution_passes_and_reuses_concepts_named_by_label(tmp_path):
    result = checking.check(contribution(tmp_path))
    assert result.passes(strict=True), checking.render(result)
    triples = {(q.subject.value, q.predicate.value, q.object.value) for q in result.built.quads}
    demand = config.ENTITY + "demand/2031-03-02-exampleton-ban-facial-recognition"
    assert (demand, config.ONTOLOGY + "demandType", config.CONCEPT + "demand-type/prohibit") in (
        triples
    )
    assert (
        demand,
        config.ONTOLOGY + "targetsPractice",
        config.CONCEPT + "technology/facial-recognition",
    ) in triples
    claims = [c.iri for c in result.built.claims]
    assert claims == [config.CLAIM + f"example-01-0{n}" for n in (1, 2, 3)]


def test_an_entity_of_the_graph_is_named_by_its_exact_label(tmp_path):
    path = contribution(
        tmp_path,
        ("akg:signatory, id:organisation/example-rights-watch", "akg:signatory, Open Rights Group"),
    )
    built = checking.check(path).built
    signatories = {
        q.object.value for q in built.quads if q.predicate.value == config.ONTOLOGY + "signatory"
    }
    assert config.ENTITY + "organisation/open-rights-group" in signatories


def test_a_label_that_names_nothing_is_refused_with_close_labels(capsys, tmp_path):
    path = contribution(
        tmp_path,
        (
            "akg:signatory, id:organisation/example-rights-watch",
            "akg:signatory, Example Right Watch",
        ),
    )
    code, _, err = run(capsys, "check", str(path))
    assert code == 2
    assert f"{path}:26: object 'Example Right Watch' is neither an IRI" in err
    assert "close labels: 'Example Rights Watch'" in err


def test_bad_yaml_gives_file_and_line(capsys, tmp_path):
    path = contribution(tmp_path, ("  publisher: Example News Service", "  publisher: [Example"))
    code, out, err = run(capsys, "check", str(path))
    assert code == 2 and out == ""
    # the parser stops on line 7; the list left open on line 6 is named too
    assert err.startswith(f"error: {path}:7: not valid YAML")
    assert "(while parsing a flow sequence, from line 6)" in err
    assert "\n" not in err.strip()  # one line, no traceback


def test_an_unknown_prefix_gives_file_line_and_term(capsys, tmp_path):
    path = contribution(tmp_path, ("[id:organisation/example-rights-watch, a,", "[ex:erw, a,"))
    code, _, err = run(capsys, "check", str(path))
    assert code == 2
    assert err.startswith(f"error: {path}:29: unknown prefix in subject 'ex:erw': ex:")


def test_a_misspelt_ontology_term_gives_file_line_and_term(capsys, tmp_path):
    path = contribution(tmp_path, ("akg:addressedTo", "akg:adressedTo"))
    code, _, err = run(capsys, "check", str(path))
    assert code == 2
    assert err.strip() == (
        f"error: {path}:28: predicate 'akg:adressedTo' is not a term of the ontology or its "
        "vocabularies"
    )


def test_a_near_duplicate_label_is_reported(capsys, tmp_path):
    path = contribution(
        tmp_path,
        ("example-rights-watch", "open-rights-grup"),
        ("rdfs:label, Example Rights Watch]", "rdfs:label, Open Rights Grup]"),
    )
    code, out, _ = run(capsys, "check", str(path))
    assert "possible duplicates: 1" in out
    assert (
        f"{path}:29: id:organisation/open-rights-grup 'Open Rights Grup' is close to "
        "id:organisation/open-rights-group 'Open Rights Group' (nearly the same spelling"
    ) in out
    # a warning (only the curator knows if they are one): it fails the check with --strict
    code, _, _ = run(capsys, "check", "--strict", str(path))
    assert code == 1


@pytest.mark.parametrize(
    ("label", "other", "why"),
    [
        ("Électronique Frontière", "electronique frontiere", "the same name but for case"),
        ("Rights Group Open", "Open Rights Group", "the same words in another order"),
        ("Open Rights Grup", "Open Rights Group", "nearly the same spelling"),
        ("12 civil society organisations", "62 civil society organisations", None),
        ("Example Rights Watch", "Open Rights Group", None),
    ],
)
def test_closeness_of_labels(label, other, why):
    found = closeness(label, other)
    assert (found is None) if why is None else (found or "").startswith(why)


def test_findings_of_the_validation_name_the_contribution_line(capsys, tmp_path):
    path = contribution(tmp_path, ("akg:exactCount, 12]", "akg:exactCount, twelve]"))
    code, out, _ = run(capsys, "check", str(path))
    assert code == 1
    assert (
        f'id:count/2031-03-02-exampleton-signatories  "12 civil society organisations"  '
        f"({path}:46)" in out
    )
    assert "Violation akg:exactCount" in out


def test_the_source_id_is_read_with_its_line(tmp_path):
    read = document.read(contribution(tmp_path))
    assert (read.source.id.text, read.source.id.line) == ("example-01", 4)
    assert read.source.texts[0].block and read.source.texts[0].line == 10


# --- add -----------------------------------------------------------------------------------


def test_add_writes_the_house_style_files_that_validate(capsys, tmp_path, data_copy):
    path = contribution(tmp_path)
    code, out, err = run(capsys, "add", str(path))
    assert code == 0, out + err
    source, claims = (
        data_copy / "sources" / "example-01.ttl",
        data_copy / "claims" / "example-01.trig",
    )
    text = claims.read_text(encoding="utf-8")
    assert "<claim/example-01-01> {" in text and "@prefix akg: <def/> ." in text
    assert "https://w3id.org/advocacy-kg/id/" not in text  # relative IRIs
    assert "# Claims drawn from example-01 (Example News Service, 2031-03-03" in text
    assert "akg:fullText" in source.read_text(encoding="utf-8")
    # the curated graph with the new source: nothing reported about it
    main(["validate"])
    report = capsys.readouterr().out
    assert "the curated graph" in report and "example-01" not in report


def test_add_refuses_a_taken_id_and_leaves_the_files(capsys, tmp_path, data_copy):
    path = contribution(tmp_path, ("id: example-01", "id: s01"))
    before = snapshot(data_copy)
    code, out, err = run(capsys, "add", str(path))
    assert code == 2
    assert err.strip() == f"error: {path}:4: source id 's01' is already in the graph: pick another"
    assert snapshot(data_copy) == before


def test_add_refuses_a_contribution_that_fails_its_check(capsys, tmp_path, data_copy):
    before = snapshot(data_copy)
    code, out, err = run(capsys, "add", str(EXAMPLE))
    assert code == 2
    assert "quote not found verbatim" in out
    assert err.strip() == f"error: {EXAMPLE}: the check fails: nothing written"
    assert snapshot(data_copy) == before


def test_add_refuses_when_a_file_of_that_id_exists(capsys, tmp_path, data_copy):
    (data_copy / "claims" / "example-01.trig").write_text("# someone's work\n", encoding="utf-8")
    before = snapshot(data_copy)
    code, _, err = run(capsys, "add", str(contribution(tmp_path)))
    assert code == 2 and "exists already" in err
    assert snapshot(data_copy) == before


def test_written_quads_are_what_was_checked(tmp_path, data_copy):
    from advocacy_kg.contribution import writing

    result = checking.check(contribution(tmp_path))
    source, claims = writing.write(result.contribution, result.built)
    written = set(loading.parse_file(source, config.SOURCES_GRAPH)) | set(
        loading.parse_file(claims)
    )
    assert written == set(result.built.quads)
    assert ox.NamedNode(LETTER) in {q.subject for q in written}


def test_excerpts_and_explicit_literals(tmp_path):
    text_block = EXAMPLE.read_text(encoding="utf-8").split("  text: |\n")[1].split("claims:")[0]
    excerpts = [line.strip() for line in text_block.splitlines() if line.strip()]
    listed = "".join(
        f"    - {yaml.safe_dump(e, default_style=chr(34)).strip()}\n" for e in excerpts
    )
    path = contribution(
        tmp_path,
        ("  text: |\n" + text_block, "  excerpts:\n" + listed),
        (
            "rdfs:label, Exampleton City Council]",
            "rdfs:label, '\"Exampleton City Council\"@en-GB']",
        ),
        ("akg:exactCount, 12]", "akg:exactCount, '\"12\"^^xsd:integer']"),
    )
    result = checking.check(path)
    assert not result.quote_problems  # each quote is one of the excerpts
    excerpt = config.ONTOLOGY + "excerpt"
    assert len([q for q in result.built.source_quads if q.predicate.value == excerpt]) == len(
        excerpts
    )
    values = {q.object for q in result.built.quads}
    assert ox.Literal("12", datatype=ox.NamedNode(PREFIXES["xsd"] + "integer")) in values
    assert ox.Literal("Exampleton City Council", language="en-gb") in values


def test_an_entity_written_only_as_an_object_is_located_where_it_is_written(capsys, tmp_path):
    path = contribution(
        tmp_path,
        ("      - [id:organisation/exampleton-city-council, a, akg:PublicBody]\n", ""),
        (
            "      - [id:organisation/exampleton-city-council, rdfs:label, "
            "Exampleton City Council]\n",
            "",
        ),
    )
    code, out, _ = run(capsys, "check", str(path))
    assert code == 1
    assert f"id:organisation/exampleton-city-council  ({path}:28)" in out
    assert "[check:entity-without-label]" in out


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        (
            "akg:signatory, id:organisation/example-rights-watch]",
            "akg:signatory, '<id/organisation/example rights>']",
            "object '<id/organisation/example rights>' is not a valid IRI: "
            "Invalid IRI code point ' '",
        ),
        ("rdfs:label, Example Rights Watch]", "rdfs:label, '\"Example\"@-']", "bad language tag"),
    ],
    ids=["iri", "language-tag"],
)
def test_a_malformed_term_gives_file_line_and_term(capsys, tmp_path, old, new, problem):
    path = contribution(tmp_path, (old, new))
    code, out, err = run(capsys, "check", str(path))
    assert code == 2 and out == ""
    assert err.startswith(f"error: {path}:")
    assert problem in err and len(err.strip().splitlines()) == 1
