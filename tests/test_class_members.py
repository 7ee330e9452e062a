"""Class pages (``catalogue.members``) from the text index: the pages the SPARQL query gives
(kept for stores without the index, and run on Oxigraph and Virtuoso servers), read from a range
of a B-tree instead of computed over every instance (checked on a store padded with FILLER
organisations)."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from browse_support import FIXTURE, QueryOnlyStore, fixture_store
from sparql_servers import oxigraph_server, virtuoso_server
from test_describe_plans import FILLER, filler_trig

from advocacy_kg import catalogue, config, loading, read_terms
from advocacy_kg.describe import summarise
from advocacy_kg.rdfterms import rows
from advocacy_kg.store import SparqlStore, open_store
from advocacy_kg.store.oxigraph import OxigraphStore, curated_store
from advocacy_kg.store.text_index import FILE_NAME, TextIndex, member_page

__all__ = ["oxigraph_server", "virtuoso_server"]  # fixtures used by name below
ORGANISATION = config.ONTOLOGY + "Organisation"
#: (offset, limit): a whole class, and pages inside it.
PAGES = [(0, 500), (3, 4), (20, 7)]


class IndexedStore(QueryOnlyStore):
    """Answers ``query`` like QueryOnlyStore, and lends its text index (``index`` if given)."""

    def __init__(self, inner: OxigraphStore, index: TextIndex | None = None) -> None:
        super().__init__(inner)
        self.index = index or inner.text_index()

    def text_index(self) -> TextIndex | None:
        return self.index


@pytest.fixture(scope="module")
def curated() -> OxigraphStore:
    return curated_store()


def classes_with_instances(store: OxigraphStore) -> list[str]:
    direct = {r["t"].value for r in rows(store, "SELECT DISTINCT ?t { GRAPH ?g { ?x a ?t } }")}
    above = read_terms.class_ancestors(store)
    return sorted(direct | {a for t in direct for a in above.get(t, ())})


@pytest.mark.parametrize("sort", list(catalogue.SORTS))
@pytest.mark.parametrize(("offset", "limit"), PAGES)
def test_the_index_gives_the_class_pages_of_the_sparql_query(
    curated: OxigraphStore, sort: str, offset: int, limit: int
) -> None:
    indexed, by_sparql = IndexedStore(curated), QueryOnlyStore(curated)
    for cls in classes_with_instances(curated):
        page = catalogue.members(indexed, cls, sort, limit, offset)
        assert page == catalogue.members(by_sparql, cls, sort, limit, offset), cls
        ours = cls.startswith(config.BASE)  # others have no page here: listed by SPARQL
        assert (indexed.queries == []) == ours and by_sparql.queries, cls
        indexed.queries.clear()


def test_the_class_pages_above_are_not_empty_and_sorted_differently(curated: OxigraphStore) -> None:
    classes = classes_with_instances(curated)
    ours = [c for c in classes if c.startswith(config.BASE)]
    assert len(ours) > 20 and len(classes) - len(ours) > 10  # both paths are compared above
    total, letters = catalogue.members(curated, config.ONTOLOGY + "OpenLetter", limit=500)
    assert total == len(letters) >= 4  # issue 11: only letters a source calls open
    actions = config.ONTOLOGY + "AdvocacyAction"
    orders = {
        sort: [m.iri for m in catalogue.members(curated, actions, sort)[1]]
        for sort in catalogue.SORTS
    }
    assert len({tuple(o) for o in orders.values()}) == len(catalogue.SORTS)


def test_a_class_page_names_each_instance_as_its_own_page_does(curated: OxigraphStore) -> None:
    listed = {
        m.iri: m.label
        for cls in classes_with_instances(curated)
        for m in catalogue.members(curated, cls)[1]
        if m.iri.startswith("http")  # not a blank node
    }
    named = summarise(curated, set(listed), with_types=False).labels
    assert len(named) > 100
    assert {iri: listed[iri] for iri in named} == named


def test_an_index_made_before_class_members_were_indexed_is_not_used_for_them(
    curated: OxigraphStore, tmp_path: Path
) -> None:
    path = tmp_path / FILE_NAME
    TextIndex.build(curated.store, path).close()
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("DROP TABLE members")
        connection.commit()
    older = TextIndex.open(path)
    assert older.members(ORGANISATION, "label", 500, 0) is None
    by_sparql = catalogue.members(QueryOnlyStore(curated), ORGANISATION)
    assert catalogue.members(IndexedStore(curated, older), ORGANISATION) == by_sparql
    older.close()


@pytest.fixture(scope="module")
def padded(tmp_path_factory: pytest.TempPathFactory) -> OxigraphStore:
    where = tmp_path_factory.mktemp("classes")
    (where / "filler.trig").write_text(filler_trig(), encoding="utf-8")
    store = OxigraphStore.on_disk(where / "store")
    store.load_graphs([loading.RdfFile(FIXTURE), loading.RdfFile(where / "filler.trig")])
    return store


@pytest.mark.parametrize("sort", list(catalogue.SORTS))
def test_a_class_page_sends_no_sparql_and_reads_one_range_of_an_index(
    padded: OxigraphStore, sort: str
) -> None:
    indexed = IndexedStore(padded)
    total, first = catalogue.members(indexed, ORGANISATION, sort, limit=50)
    far = catalogue.members(indexed, ORGANISATION, sort, limit=50, offset=FILLER - 20)[1]
    assert total > FILLER and len(first) == 50 and len(far) == total - (FILLER - 20)
    assert indexed.queries == []  # not one query over every instance
    assert padded.directory is not None
    with closing(sqlite3.connect(padded.directory / FILE_NAME)) as connection:
        plan = explain(connection, member_page(sort), ORGANISATION, 50, FILLER - 20)
    assert plan == [f"SEARCH members USING INDEX members_by_{sort} (class=?)"]


def explain(connection: sqlite3.Connection, sql: str, *parameters: Any) -> list[str]:
    """The steps of SQLite's plan: a sort of the whole class would add 'USE TEMP B-TREE'."""
    return [row[3] for row in connection.execute("EXPLAIN QUERY PLAN " + sql, parameters)]


@pytest.mark.parametrize("sort", list(catalogue.SORTS))
@pytest.mark.parametrize("offset", [0, FILLER - 20])
def test_a_large_class_pages_the_same_from_the_index_and_by_sparql(
    padded: OxigraphStore, sort: str, offset: int
) -> None:
    indexed = catalogue.members(IndexedStore(padded), ORGANISATION, sort, 50, offset)
    assert indexed == catalogue.members(QueryOnlyStore(padded), ORGANISATION, sort, 50, offset)


@pytest.fixture(params=["oxigraph", "virtuoso"])
def remote(request: pytest.FixtureRequest) -> SparqlStore:
    url = request.getfixturevalue(f"{request.param}_server")
    store = open_store(f"sparql:{url} timeout=30")
    assert isinstance(store, SparqlStore)
    ours = [g for g in store.graphs() if g.startswith(config.BASE)]
    if ours:  # the server lives for the module: start from the same state
        store.update(" ; ".join(f"DROP SILENT GRAPH <{g}>" for g in ours))
    store.load_graphs([loading.RdfFile(FIXTURE)])
    return store


@pytest.mark.server
@pytest.mark.parametrize("cls", ["AdvocacyAction", "Organisation", "Person", "Claim"])
def test_a_sparql_server_gives_the_class_pages_of_the_index(remote: SparqlStore, cls: str) -> None:
    local = fixture_store()
    for sort in catalogue.SORTS:
        over_http = catalogue.members(remote, config.ONTOLOGY + cls, sort)
        assert over_http[1], cls  # not vacuous
        assert over_http == catalogue.members(local, config.ONTOLOGY + cls, sort)
