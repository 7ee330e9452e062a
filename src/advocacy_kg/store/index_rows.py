"""The rows of the text index (``text_index.py``), read from a store: of every subject for a
build, or of some subjects only for an update (``index_update.py``)."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable, Iterator

import pyoxigraph as ox

from .. import config, read_terms
from ..namespaces import sparql_prologue
from ..rdfterms import RDF_TYPE, term_of
from ..read_terms import LABEL_PROPERTIES

BATCH = 50_000
#: Most IRIs asked for in one SQL statement or SPARQL ``VALUES`` (SQLite's limit on parameters
#: is 32766).
CHUNK = 5000
#: The names and types of every IRI, so results are ranked without a query per result.
NAMES = (*LABEL_PROPERTIES, RDF_TYPE)
Row = tuple[str | int | None, ...]
Subject = ox.NamedNode | ox.BlankNode
#: Ids tried after a row's own id when another row holds it (two rows with one 63-bit id: about
#: one chance in 10^5 at 10M rows).
PROBES = 16
INSERT_TEXT = "INSERT INTO texts (rowid, lowered, text, subject, predicate) VALUES (?, ?, ?, ?, ?)"
#: Where a query of ``fill_members`` is restricted to some subjects (``VALUES ?x``).
ONLY = "#ONLY\n"
#: Where the label query gives its label properties and their ranks, and with some subjects
#: those subjects too: in one ``VALUES (?x ?lp ?rank)``. Apart, Oxigraph joins the smaller
#: ``VALUES`` first, and with more subjects than label properties it read every label of the
#: store (1 s at 1M quads, the most of a small load: benchmarks/README.md).
LABELS = "#LABELS\n"


def text_id(subject: str, prop: str, literal: ox.Literal) -> int:
    """A row's id made from its content (63 bits: SQLite's ids are signed). The trigram index
    returns rows in id order, so a search that stops at its limit finds the same rows whether
    the index was built whole or updated (``index_update.py``)."""
    digest = hashlib.blake2b(f"{subject} {prop} {literal}".encode(), digest_size=8).digest()
    return int.from_bytes(digest) >> 1


def default_triples(
    store: ox.Store, predicates: Iterable[str], subjects: Iterable[Subject] | None = None
) -> Iterator[ox.Quad]:
    """Triples of the merged default graph with one of ``predicates``; of ``subjects`` only,
    when given (one lookup per subject)."""
    wanted = sorted(set(predicates))
    if subjects is None:
        for prop in wanted:
            yield from store.quads_for_pattern(None, ox.NamedNode(prop), None, ox.DefaultGraph())
        return
    for subject in subjects:
        for quad in store.quads_for_pattern(subject, None, None, ox.DefaultGraph()):
            if quad.predicate.value in wanted:
                yield quad


def searched_literals(
    store: ox.Store, properties: Iterable[str], subjects: Iterable[Subject] | None = None
) -> Iterator[tuple[int, str, str, str, str]]:
    """(id, lowered, text, subject, property) of every literal of ``properties`` about an IRI,
    each once: read from the merged default graph, which holds every named graph's triples."""
    for quad in default_triples(store, properties, subjects):
        subject, value = quad.subject, quad.object
        if isinstance(subject, ox.NamedNode) and isinstance(value, ox.Literal):
            prop = quad.predicate.value
            yield (
                text_id(subject.value, prop, value),
                value.value.lower(),
                value.value,
                subject.value,
                prop,
            )


def _batches(records: Iterator[tuple[str | int | None, ...]]) -> Iterator[list[Row]]:
    """In batches: the rows of a large store are never all in memory at once."""
    while batch := [row for _, row in zip(range(BATCH), records, strict=False)]:
        yield batch


def insert(
    connection: sqlite3.Connection, sql: str, records: Iterator[tuple[str | int | None, ...]]
) -> None:
    for batch in _batches(records):
        connection.executemany(sql, batch)


def insert_texts(
    connection: sqlite3.Connection, records: Iterator[tuple[int, str, str, str, str]]
) -> None:
    """Rows of ``texts`` under their own ids; a row whose id is taken gets the next free one."""
    for batch in _batches(records):
        while batch:
            try:
                connection.executemany(INSERT_TEXT, batch)
                break
            except sqlite3.IntegrityError:  # rows before the failed one are in, the rest not
                done = 0
                while _has_text(connection, batch[done]):
                    done += 1
                _insert_probing(connection, batch[done])
                batch = batch[done + 1 :]


def _has_text(connection: sqlite3.Connection, row: Row) -> bool:
    found = (
        "SELECT 1 FROM texts WHERE rowid = ? AND lowered = ? AND text = ? AND subject = ? "
        "AND predicate = ?"
    )
    return connection.execute(found, row).fetchone() is not None


def _insert_probing(connection: sqlite3.Connection, row: Row) -> None:
    first = int(row[0])  # type: ignore[arg-type]
    for candidate in range(first + 1, first + PROBES):
        if (
            connection.execute("SELECT 1 FROM texts WHERE rowid = ?", (candidate,)).fetchone()
            is None
        ):
            connection.execute(INSERT_TEXT, (candidate, *row[1:]))
            return
    raise sqlite3.IntegrityError(f"text index: no free id near {first}")


def names_rows(
    store: ox.Store, subjects: Iterable[Subject] | None = None
) -> Iterator[tuple[str | None, ...]]:
    for quad in default_triples(store, NAMES, subjects):
        if isinstance(quad.subject, ox.NamedNode):
            value = term_of(quad.object)
            yield (
                quad.subject.value,
                quad.predicate.value,
                value.kind,
                value.value,
                value.datatype,
                value.language,
            )


def fill_members(
    connection: sqlite3.Connection,
    store: ox.Store,
    subjects: Iterable[Subject] | None = None,
    table: str = "members",
) -> None:
    """A row per class and instance, with the columns ``read_terms.members`` reads by SPARQL:
    each read for every entity at once (not joined fact by fact, as one class's page is) into a
    scratch table, then joined by SQLite, so a large store's entities are never all in memory.
    With ``subjects``, the rows of those only, into ``table``."""
    scratch = {  # table: (its columns, named as the query's variables; the query)
        "typed": (
            ("x", "is_iri", "t"),
            f"SELECT DISTINCT ?x ?t WHERE {{ {ONLY} GRAPH ?g {{ ?x a ?t }} }}",
        ),
        "named": (
            ("x", "label", "key"),
            f"""SELECT ?x {read_terms.LABEL_COLUMNS} WHERE {{ {LABELS} {read_terms.LABEL_MATCH} }}
            GROUP BY ?x""",
        ),
        "dated": (
            ("x", "date"),
            f"SELECT ?x (MIN(?d) AS ?date) WHERE {{ {ONLY} {read_terms.DATE_PATTERN} }} "
            "GROUP BY ?x",
        ),
        "stated": (
            ("x", "claims"),
            f"""SELECT ?x (COUNT(DISTINCT ?g) AS ?claims) WHERE {{
              {{ SELECT DISTINCT ?x WHERE {{ {ONLY} GRAPH ?tg {{ ?x a ?t }} }} }}
              GRAPH ?g {{ ?x ?p ?o }}
            }} GROUP BY ?x""",
        ),
    }
    chosen = None if subjects is None else list(subjects)
    for name, (columns, sparql) in scratch.items():
        connection.execute(f"CREATE TEMP TABLE {name} ({', '.join(columns)})")
        sql = f"INSERT INTO {name} VALUES ({', '.join('?' * len(columns))})"
        insert(connection, sql, _scratch_rows(store, sparql, columns, chosen))
    connection.execute("CREATE TEMP TABLE above (t, class)")  # each type, itself and its ancestors
    connection.execute("INSERT INTO above SELECT DISTINCT t, t FROM typed")
    ancestors = read_terms.class_ancestors(store)
    pairs = [(t, a) for t, above in ancestors.items() for a in above]
    connection.executemany("INSERT INTO above VALUES (?, ?)", pairs)
    for name in ("named", "dated", "stated"):
        connection.execute(f"CREATE INDEX temp.{name}_x ON {name} (x)")
    connection.execute(
        f"""INSERT INTO {table}
      SELECT DISTINCT class, x, is_iri, label, key, date, claims
      FROM typed JOIN above USING (t) JOIN stated USING (x)
      LEFT JOIN named USING (x) LEFT JOIN dated USING (x)
      WHERE substr(class, 1, ?) = ?""",
        (len(config.BASE), config.BASE),
    )
    for name in (*scratch, "above"):
        connection.execute(f"DROP TABLE temp.{name}")


def _scratch_rows(
    store: ox.Store, sparql: str, names: tuple[str, ...], subjects: list[Subject] | None
) -> Iterator[tuple[str | int, ...]]:
    """The query's rows, of every entity or of ``subjects`` only: IRIs in ``VALUES`` (a chunk
    at a time), blank nodes one by one as a substitution (a query cannot name a blank node)."""
    runs: list[tuple[str, Subject | None]] = [(_restricted(sparql, None), None)]
    if subjects is not None:
        iris = sorted({s for s in subjects if isinstance(s, ox.NamedNode)}, key=str)
        blanks = sorted({s for s in subjects if isinstance(s, ox.BlankNode)}, key=str)
        chunks = [iris[i : i + CHUNK] for i in range(0, len(iris), CHUNK)]
        runs = [(_restricted(sparql, chunk), None) for chunk in chunks]
        runs += [(_restricted(sparql, None), blank) for blank in blanks]
    for query, blank in runs:
        bound: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] | None = (
            {ox.Variable("x"): blank} if blank is not None else None
        )
        solutions = store.query(sparql_prologue() + query, substitutions=bound)
        for solution in solutions:  # type: ignore[union-attr]
            row = {n: term_of(solution[n]) for n in names if n != "is_iri"}
            yield tuple(
                int(isinstance(solution["x"], ox.NamedNode)) if n == "is_iri" else row[n].value
                for n in names
            )


def _restricted(sparql: str, iris: list[ox.NamedNode] | None) -> str:
    """The query for every entity, or for ``iris`` only."""
    ranks = read_terms.LABEL_RANKS.items()
    if iris is None:
        labels = " ".join(f"({ox.NamedNode(p)} {rank})" for p, rank in ranks)
        return sparql.replace(ONLY, "").replace(LABELS, f"VALUES (?lp ?rank) {{ {labels} }}")
    values = " ".join(map(str, iris))
    labelled = " ".join(f"({x} {ox.NamedNode(p)} {rank})" for x in iris for p, rank in ranks)
    return sparql.replace(ONLY, f"VALUES ?x {{ {values} }}").replace(
        LABELS, f"VALUES (?x ?lp ?rank) {{ {labelled} }}"
    )
