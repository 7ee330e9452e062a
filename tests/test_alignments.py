"""``advocacy-kg load alignments.csv|.tsv``: Wikidata alignments as skos:exactMatch in their own
graph with who, how and when; every bad row refused with file:line, exit 2, store unchanged.
The QIDs of ``tests/data/alignments`` are fictional (its README)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from advocacy_kg import alignments, config
from advocacy_kg.cli import main
from advocacy_kg.store import open_store

DATA = Path(__file__).parent / "data" / "alignments"
GRAPH = config.GRAPH + "alignments/fictional"
ORG = config.ENTITY + "organisation/open-rights-group"


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A store holding the curated graph and ``fictional.csv``."""
    spec = f"oxigraph:{tmp_path_factory.mktemp('aligned') / 'store'}"
    assert main(["load", str(DATA / "fictional.csv"), "--store", spec]) == 0
    return spec


def test_links_are_exact_matches_in_their_own_graph(loaded: str) -> None:
    store = open_store(loaded, read_only=True)
    assert GRAPH in store.graphs()
    ask = f"""ASK {{ GRAPH <{GRAPH}> {{
        <{ORG}> <{alignments.SKOS_EXACT_MATCH}> <{alignments.WIKIDATA_ENTITY}Q900000001> }} }}"""
    assert store.query(ask)
    # sameAs would merge Wikidata's claims into ours: the alignment graph never says it
    same_as = f"ASK {{ GRAPH <{GRAPH}> {{ ?a <http://www.w3.org/2002/07/owl#sameAs> ?b }} }}"
    assert not store.query(same_as)
    links = alignments.links(store)
    assert [(link.entity, link.qid) for link in links] == [
        (config.ENTITY + "letter/2021-04-01-reynders", "Q900000003"),
        (config.ENTITY + "organisation/edri", "Q900000004"),
        (ORG, "Q900000001"),
        (config.ENTITY + "person/yvette-cooper", "Q900000002"),
    ]


def test_each_link_says_who_made_it_how_and_when(loaded: str) -> None:
    store = open_store(loaded, read_only=True)
    [link] = alignments.links(store, config.ENTITY + "person/yvette-cooper")
    assert (link.who, link.method, link.when) == (
        "Test Fixture (fictional QIDs)",
        "Mix'n'match",
        "2026-12-01T10:30:00Z",  # the store writes UTC as Z
    )
    [org] = alignments.links(store, ORG)
    assert (org.method, org.when, org.graph) == ("reconciliation", "2026-12-01", GRAPH)


def test_a_tsv_with_columns_in_another_order_loads_too(tmp_path: Path) -> None:
    spec = f"oxigraph:{tmp_path / 'store'}"
    assert main(["load", "--no-curated", str(DATA / "fictional-more.tsv"), "--store", spec]) == 0
    [link] = alignments.links(open_store(spec, read_only=True))
    assert (link.entity, link.qid) == (config.ENTITY + "person/didier-reynders", "Q900000005")


def test_loading_a_file_again_replaces_its_graph(tmp_path: Path) -> None:
    spec = f"oxigraph:{tmp_path / 'store'}"
    table = tmp_path / "fictional.csv"
    shutil.copy(DATA / "fictional.csv", table)
    assert main(["load", "--no-curated", str(table), "--store", spec]) == 0
    table.write_text("\n".join(table.read_text(encoding="utf-8").splitlines()[:2]) + "\n")
    assert main(["load", "--no-curated", str(table), "--store", spec]) == 0
    assert [link.qid for link in alignments.links(open_store(spec, read_only=True))] == [
        "Q900000001"
    ]


@pytest.mark.parametrize(
    ("name", "where", "message"),
    [
        ("bad-qid.csv", 3, "'Q0123' is not a Wikidata item id"),
        ("unknown-entity.csv", 3, "unknown entity 'id/organisation/example-nobody'"),
        ("missing-column.csv", 1, "missing column 'method'"),
        ("bad-method.csv", 2, "unknown method 'guesswork'"),
        ("bad-date.csv", 2, "expected an ISO date"),
        ("two-items.csv", 3, "is Q900000004 on line 2"),
    ],
)
def test_a_bad_row_is_refused_with_its_line_and_nothing_changes(
    loaded: str, capsys: pytest.CaptureFixture[str], name: str, where: int, message: str
) -> None:
    store = open_store(loaded, read_only=True)
    before = (len(store), store.graphs())
    del store
    assert main(["load", "--no-curated", str(DATA / name), "--store", loaded]) == 2
    error = capsys.readouterr().err
    assert f"{name}:{where}: " in error and message in error
    assert len(error.strip().splitlines()) == 1 and "Traceback" not in error
    after = open_store(loaded, read_only=True)
    assert (len(after), after.graphs()) == before


def test_the_void_linkset_counts_the_links_not_their_records() -> None:
    from advocacy_kg.citation import load_citation
    from advocacy_kg.dataset_description import DATASET, describe_dataset
    from advocacy_kg.export import content_quads

    table = DATA / "fictional.csv"
    aligned = alignments.quads(table, alignments.read_files([table])[table])
    description = describe_dataset([*content_quads(), *aligned], load_citation(), [], {})
    linkset = DATASET + "#links-to-wikidata"
    facts = {
        (str(t.predicate), str(t.object)) for t in description if str(t.subject) == f"<{linkset}>"
    }
    triples = '"4"^^<http://www.w3.org/2001/XMLSchema#integer>'
    assert ("<http://rdfs.org/ns/void#triples>", triples) in facts  # not 8: records are no links
    link = f"<{alignments.SKOS_EXACT_MATCH}>"
    assert ("<http://rdfs.org/ns/void#linkPredicate>", link) in facts


def test_an_entity_page_says_which_wikidata_item_by_whom_and_how(loaded: str) -> None:
    from advocacy_kg.web import SPARQL_KEY, create_app

    app = create_app({"TESTING": True, "STORE": loaded})
    try:
        page = app.test_client().get("/id/person/yvette-cooper").text
    finally:
        app.extensions[SPARQL_KEY].close()
    assert "Same as in Wikidata:" in page
    assert 'href="https://www.wikidata.org/wiki/Q900000002">Q900000002</a>' in page
    assert "by Test Fixture (fictional QIDs), Mix&#39;n&#39;match" in page
    assert 'href="/graph/alignments/fictional"' in page


def test_data_extension_gives_the_wikidata_item_of_an_aligned_entity(loaded: str) -> None:
    from advocacy_kg.reconciliation_api import Reconciler

    query = {
        "ids": ["organisation/open-rights-group", "organisation/netpol"],
        "properties": [{"id": "wikidata"}],
    }
    answer = Reconciler(open_store(loaded, read_only=True)).extend(query)
    assert answer["rows"]["organisation/open-rights-group"]["wikidata"] == [
        {"id": "Q900000001", "name": "Q900000001"}
    ]
    assert answer["rows"]["organisation/netpol"]["wikidata"] == []  # not aligned: nothing guessed
