"""What a query may do here, decided before it runs: read the local dataset, nothing else.

Refused, with a message that says why: SERVICE (the engine would fetch from another server), LOAD
and every other SPARQL Update, FROM / FROM NAMED / ``default-graph-uri`` / ``named-graph-uri``
naming a graph this dataset does not hold, queries longer than the length limit or nested deeper
than the nesting limit (Oxigraph's parser overflows its stack on deep nesting).

Why a lexer and not rdflib's parser: rdflib decodes escapes and lexes differently from Oxigraph
(a query can mean one thing to each), and it costs 3–20 ms a query; the lexer costs tens of µs
and, with escapes decoded and both readings of ``<`` lexed (``lexer.py``), sees every keyword
Oxigraph can see. Behind it, the process that runs the query cannot open a socket at all
(``sandbox.py``), so a check that missed something would still fetch nothing.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from urllib.parse import urljoin

from .lexer import Lexed, LexError, Token, lex, where

QUERY_FORMS = ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK")
UPDATE_OPERATIONS = frozenset(
    ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH")
)


class QueryRefused(Exception):
    """A query this endpoint will not run. ``status`` is the HTTP status to answer with."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass(frozen=True)
class Limits:
    max_length: int = 100_000  # characters
    max_depth: int = 64  # nested (), {}, [] and << >>


@dataclass(frozen=True)
class CheckedQuery:
    """A query that passed: the decoded text to run and its form (SELECT, ASK, …)."""

    text: str
    form: str
    from_graphs: tuple[str, ...] = ()  # FROM
    from_named: tuple[str, ...] = ()  # FROM NAMED
    #: The predeclared prefixes the query uses: the engine parses each one it is given, per query.
    prefixes: tuple[tuple[str, str], ...] = ()

    @property
    def gives_graph(self) -> bool:
        return self.form in ("CONSTRUCT", "DESCRIBE")


def check_query(
    query: str,
    local_graphs: Collection[str],
    prefixes: Mapping[str, str],
    limits: Limits = Limits(),  # noqa: B008 (frozen, immutable default)
) -> CheckedQuery:
    """Check one query; raise QueryRefused (400, or 403 for updates) when it may not run."""
    if len(query) > limits.max_length:
        raise QueryRefused(
            f"the query is {len(query)} characters long; the limit is {limits.max_length}"
        )
    try:
        lexed = lex(query, max_depth=limits.max_depth)
    except LexError as error:
        raise QueryRefused(f"query syntax: {error}") from None
    declared = dict(prefixes)
    base = ""  # Oxigraph resolves relative IRIs only against a BASE the query declares
    form = ""
    tokens = lexed.tokens
    for index, token in enumerate(tokens):
        if token.keyword == "BASE" and index + 1 < len(tokens) and tokens[index + 1].kind == "iri":
            base = _resolve(base, tokens[index + 1].text[1:-1])
        elif token.keyword == "PREFIX" and index + 2 < len(tokens):
            name, iri = tokens[index + 1], tokens[index + 2]
            if name.kind == "pname" and iri.kind == "iri":
                declared[name.text[:-1]] = _resolve(base, iri.text[1:-1])
        elif token.kind == "word" and token.keyword not in ("BASE", "PREFIX"):
            form = token.keyword
            break
        elif token.kind not in ("pname", "iri"):
            break
    if form in UPDATE_OPERATIONS:
        raise QueryRefused("this endpoint is read-only: SPARQL Update is not accepted", 403)
    if form not in QUERY_FORMS:
        where_ = where(lexed.text, tokens[0].position) if tokens else "the start"
        raise QueryRefused(f"query syntax: expected SELECT, CONSTRUCT, DESCRIBE or ASK at {where_}")
    from_graphs, from_named = _refuse_remote(lexed, local_graphs, declared, base)
    used = {t.text.partition(":")[0] for ts in lexed.readings() for t in ts if t.kind == "pname"}
    predeclared = tuple((name, iri) for name, iri in prefixes.items() if name in used)
    return CheckedQuery(lexed.text, form, from_graphs, from_named, predeclared)


def check_graphs(graphs: Collection[str], local_graphs: Collection[str], parameter: str) -> None:
    """The protocol's default-graph-uri / named-graph-uri must name graphs held here."""
    for graph in graphs:
        if graph not in local_graphs:
            raise QueryRefused(
                f"{parameter}={graph}: not a graph of this dataset "
                "(this endpoint never fetches data from elsewhere)"
            )


def _refuse_remote(
    lexed: Lexed, local_graphs: Collection[str], prefixes: Mapping[str, str], base: str
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    dataset: dict[bool, list[str]] = {False: [], True: []}  # is NAMED → graphs
    for reading, tokens in enumerate(lexed.readings()):
        for index, token in enumerate(tokens):
            keyword = token.keyword
            # In another reading of '<', only a whole SERVICE clause could run: words inside an
            # IRI ("…/service#x") are not one.
            if keyword == "SERVICE" and (reading == 0 or _starts_clause(tokens, index + 1)):
                raise QueryRefused(
                    f"SERVICE at {where(lexed.text, token.position)}: federated queries are not "
                    "allowed (this endpoint never fetches data from elsewhere)"
                )
            if keyword == "LOAD" and reading == 0:
                raise QueryRefused("this endpoint is read-only: LOAD is not accepted", 403)
            if keyword == "FROM":
                graph = _graph_after(tokens, index + 1, prefixes, base)
                if graph is not None and graph not in local_graphs:
                    raise QueryRefused(
                        f"FROM <{graph}> at {where(lexed.text, token.position)}: not a graph of "
                        "this dataset (this endpoint never fetches data from elsewhere)"
                    )
                if graph is not None and reading == 0:  # the dataset as Oxigraph reads it
                    is_named = index + 1 < len(tokens) and tokens[index + 1].keyword == "NAMED"
                    dataset[is_named].append(graph)
    return tuple(dict.fromkeys(dataset[False])), tuple(dict.fromkeys(dataset[True]))


def _resolve(base: str, iri: str) -> str:
    return urljoin(base, iri) if base else iri


def _starts_clause(tokens: list[Token], index: int) -> bool:
    """SERVICE [SILENT] (variable | IRI) {"""
    if index < len(tokens) and tokens[index].keyword == "SILENT":
        index += 1
    return (
        index + 1 < len(tokens)
        and tokens[index].kind in ("var", "iri", "pname")
        and tokens[index + 1].text == "{"
    )


def _graph_after(
    tokens: list[Token], index: int, prefixes: Mapping[str, str], base: str
) -> str | None:
    if index < len(tokens) and tokens[index].keyword == "NAMED":
        index += 1
    if index >= len(tokens):
        return None
    token = tokens[index]
    if token.kind == "iri":
        return _resolve(base, token.text[1:-1])
    if token.kind == "pname":
        prefix, _, local = token.text.partition(":")
        # An undeclared prefix names nothing held here: refused like a remote graph.
        namespace = prefixes.get(prefix, token.text[: len(prefix) + 1])
        return namespace + re.sub(r"\\(.)", r"\1", local)
    return None
