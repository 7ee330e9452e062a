"""One format registry (issue 14): every spelling of ``?format=`` and ``--format`` the project
understood before keeps working where it worked, every spelling of a format works wherever that
format is offered, links use the canonical names, and the registry agrees with pyoxigraph and
rdflib."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox
import pytest
import rdflib
from flask.testing import FlaskClient

from advocacy_kg import __version__, cli, config, formats
from advocacy_kg.formats import HTML, RDF_FORMATS, RESULT_FORMATS

#: rdflib's own parsers use its deprecated ConjunctiveGraph internally (JSON-LD, TriG, N-Quads).
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib")

SELECT = "SELECT ?letter { ?letter a akg:OpenLetter } ORDER BY ?letter"
CONSTRUCT = "CONSTRUCT { ?letter a akg:OpenLetter } WHERE { ?letter a akg:OpenLetter }"
ENTITY = "/id/organisation/edri"

# The spellings each surface understood before the registry, and the media type each one gave.
OLD_SPARQL = {
    SELECT: {
        "json": "application/sparql-results+json",
        "xml": "application/sparql-results+xml",
        "csv": "text/csv",
        "tsv": "text/tab-separated-values",
        "application/sparql-results+json": "application/sparql-results+json",
        "text/csv": "text/csv",
    },
    CONSTRUCT: {
        "turtle": "text/turtle",
        "ntriples": "application/n-triples",
        "jsonld": "application/ld+json",
        "rdfxml": "application/rdf+xml",
        "trig": "application/trig",
        "nquads": "application/n-quads",
        "application/rdf+xml": "application/rdf+xml",
    },
}
OLD_RESOURCE = {
    "html": "text/html",
    "ttl": "text/turtle",
    "jsonld": "application/ld+json",
    "nt": "application/n-triples",
    "rdf": "application/rdf+xml",
    "trig": "application/trig",
    "nq": "application/n-quads",
}
OLD_DESCRIPTION = {
    "ttl": "text/turtle",
    "nt": "application/n-triples",
    "rdf": "application/rdf+xml",
    "jsonld": "application/ld+json",
}
OLD_QUERY_COMMAND = ["table", "csv", "tsv", "json"]
OLD_EXPORT_COMMAND = ["trig", "nquads", "jsonld", "turtle", "ntriples", "rdfxml"]


def spellings(offers: tuple[formats.Format, ...]) -> list[tuple[str, formats.Format]]:
    return [(spelling, f) for f in offers for spelling in f.spellings]


def sparql(client: FlaskClient, query: str, spelling: str) -> str | None:
    response = client.get("/sparql", query_string={"query": query, "format": spelling})
    assert response.status_code == 200, response.text
    return response.mimetype


@pytest.mark.parametrize(
    ("query", "spelling"), [(q, s) for q, old in OLD_SPARQL.items() for s in old]
)
def test_old_spellings_on_the_sparql_endpoint(client: FlaskClient, query: str, spelling: str):
    assert sparql(client, query, spelling) == OLD_SPARQL[query][spelling]


@pytest.mark.parametrize("spelling", OLD_RESOURCE)
def test_old_spellings_on_resources(client: FlaskClient, spelling: str):
    response = client.get(f"{ENTITY}?format={quote(spelling)}")
    assert response.status_code == 200
    assert response.mimetype == OLD_RESOURCE[spelling]


@pytest.mark.parametrize("path", ["/.well-known/void", "/dataset"])
@pytest.mark.parametrize("spelling", OLD_DESCRIPTION)
def test_old_spellings_on_the_dataset_description(client: FlaskClient, path: str, spelling: str):
    response = client.get(path, query_string={"format": spelling})
    assert response.status_code == 200
    assert response.mimetype == OLD_DESCRIPTION[spelling]


@pytest.mark.parametrize("spelling", OLD_QUERY_COMMAND)
def test_old_spellings_of_the_query_command(capsys: pytest.CaptureFixture[str], spelling: str):
    assert cli.main(["query", SELECT, "--format", spelling]) == 0
    out = capsys.readouterr().out
    first = out.splitlines()[0]
    expected = {"table": "letter", "csv": "letter", "tsv": "?letter", "json": '{"head":'}
    assert first.replace(" ", "").startswith(expected[spelling])


@pytest.mark.parametrize("spelling", OLD_EXPORT_COMMAND)
def test_old_spellings_of_the_export_command(spelling: str):
    args = cli.build_parser().parse_args(["export", "--format", spelling, "--out", "x"])
    assert args.formats == [spelling]


@pytest.mark.parametrize(("query", "offers"), [(SELECT, RESULT_FORMATS), (CONSTRUCT, RDF_FORMATS)])
def test_every_spelling_on_the_sparql_endpoint(client: FlaskClient, query, offers):
    for spelling, fmt in spellings(offers):
        assert sparql(client, query, spelling) == fmt.media_type, spelling


def test_every_spelling_on_resources(client: FlaskClient):
    for spelling, fmt in spellings((HTML, *RDF_FORMATS)):
        response = client.get(ENTITY, query_string={"format": spelling.upper()})
        assert response.mimetype == fmt.media_type, spelling


def test_every_spelling_on_the_dataset_description(client: FlaskClient):
    for spelling, fmt in spellings(RDF_FORMATS):
        response = client.get("/.well-known/void", query_string={"format": spelling})
        assert response.status_code == 200, spelling
        assert response.mimetype == fmt.media_type, spelling
        assert len(list(ox.parse(response.data, fmt.rdf))) > 10


def test_every_spelling_of_the_commands(capsys: pytest.CaptureFixture[str]):
    parse = cli.build_parser().parse_args
    for spelling, fmt in spellings(RDF_FORMATS):
        assert parse(["export", "--format", spelling, "--out", "x"]).formats == [fmt.name]
    for spelling, fmt in spellings(RESULT_FORMATS):
        assert parse(["query", SELECT, "--format", spelling]).format == fmt.name


def test_an_unknown_format_is_a_one_line_error(capsys: pytest.CaptureFixture[str]):
    with pytest.raises(SystemExit) as exit:
        cli.main(["export", "--format", "png", "--out", "x"])
    assert exit.value.code == 2
    assert "unknown format 'png' (choose from jsonld, trig" in capsys.readouterr().err


def test_export_writes_the_dumps_an_alias_names(tmp_path: Path):
    assert cli.main(["export", "--format", "ttl", "--format", "nq", "--out", str(tmp_path)]) == 0
    dumps = sorted(p.name for p in tmp_path.glob(f"advocacy-kg-{__version__}.*"))
    assert dumps == [f"advocacy-kg-{__version__}.{ext}" for ext in ("nq", "ttl", "void.ttl")]


def test_a_browser_gets_the_description_as_written(client: FlaskClient):
    """A browser accepts application/xml (q=0.9) above */*: that must not make RDF/XML of the
    Turtle file now that application/xml is a media type of RDF/XML everywhere."""
    browser = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
    assert client.get("/.well-known/void", headers=browser).mimetype == "text/turtle"
    assert client.get("/.well-known/void", headers={"Accept": "text/html"}).status_code == 406
    assert client.get("/dataset", headers=browser).status_code == 303
    xml = client.get("/.well-known/void", headers={"Accept": "application/xml"})
    assert xml.mimetype == "application/rdf+xml"


def test_links_name_formats_by_their_canonical_names(client: FlaskClient):
    ontology = client.get("/def/", headers={"Accept": "text/turtle"}).headers["Link"]
    void = client.get("/.well-known/void").headers["Link"]
    for fmt in RDF_FORMATS:
        assert f"</def/?format={fmt.name}>" in ontology
        assert f"</.well-known/void?format={fmt.name}>" in void


def test_names_are_unique_and_spellings_unambiguous_where_offered():
    assert len({f.name for f in formats.FORMATS}) == len(formats.FORMATS)
    for offers in (RESULT_FORMATS, (HTML, *RDF_FORMATS)):
        found = spellings(offers)
        assert len({spelling for spelling, _ in found}) == len(found)


@pytest.mark.parametrize("fmt", RESULT_FORMATS + RDF_FORMATS, ids=lambda f: f.name)
def test_the_registry_agrees_with_pyoxigraph(fmt: formats.Format):
    ox_format = fmt.rdf or fmt.results
    assert ox_format is not None
    assert fmt.extension == ox_format.file_extension
    assert fmt.media_type == ox_format.media_type.split(";")[0]
    if fmt.rdf is not None:
        assert fmt.title == fmt.rdf.name
        assert fmt.keeps_graphs == fmt.rdf.supports_datasets


@pytest.mark.parametrize("fmt", RDF_FORMATS, ids=lambda f: f.name)
def test_rdflib_reads_each_format_by_its_rdflib_name(fmt: formats.Format):
    quads = [
        ox.Quad(ox.NamedNode("urn:x:s"), ox.NamedNode("urn:x:p"), ox.Literal(str(n)))
        for n in range(3)
    ]
    data = ox.serialize(quads if fmt.keeps_graphs else [q.triple for q in quads], format=fmt.rdf)
    graph = rdflib.Dataset() if fmt.keeps_graphs else rdflib.Graph()
    graph.parse(data=data, format=fmt.rdflib)
    assert len(graph) == 3


def test_input_files_are_read_by_every_extension_of_a_format():
    suffixes = formats.read_suffixes()
    assert suffixes[".ttl"] == ox.RdfFormat.TURTLE
    assert suffixes[".owl"] == suffixes[".xml"] == suffixes[".rdf"] == ox.RdfFormat.RDF_XML
    assert suffixes[".json"] == ox.RdfFormat.JSON_LD
    assert set(suffixes) >= {f".{f.extension}" for f in RDF_FORMATS}


def test_the_readme_table_is_the_registry():
    readme = (config.PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Formats\n", 1)[1].split("\n## ", 1)[0]
    rows = [row.strip("| ").split(" | ") for row in section.splitlines() if row.startswith("| `")]
    code = "`{}`".format
    expected = [
        [code(f.name), f.title, code(f.extension), ", ".join(map(code, f.media_types)), f.kind]
        for f in formats.FORMATS
    ]
    assert rows == expected
