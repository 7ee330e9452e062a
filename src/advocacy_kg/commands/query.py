"""``advocacy-kg query``: run a SPARQL query against the curated graph and print the answer."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pyoxigraph as ox

from ..formats import RESULT_FORMATS, format_option, named, names
from ..loading import InputError
from ..namespaces import PREFIXES
from ..sparql.safety import Limits, QueryRefused, check_query
from ..store import RemoteStoreError, StoreSpecError, open_store, store_spec
from .store_option import add_store_option


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "query",
        help="run a SPARQL query against the curated graph or a store",
        description="Run a SPARQL 1.1 query against the curated graph, or the store --store names "
        "(the default graph is the "
        "union of all named graphs; the project's prefixes such as akg:, id:, tech: are "
        "predeclared). SELECT/ASK answers print as a table or CSV/TSV/JSON; "
        "CONSTRUCT/DESCRIBE answers print as Turtle.",
        epilog="example: advocacy-kg query 'SELECT ?letter ?label "
        "{ ?letter a akg:OpenLetter ; rdfs:label ?label }'\n"
        "exit codes: 0 answered, 2 syntax error or unreadable file.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("query", nargs="?", help="the SPARQL query text")
    source.add_argument("--file", "-f", type=Path, help="read the query from this file")
    parser.add_argument(
        "--format",
        type=format_option(RESULT_FORMATS, also=["table"]),
        default="table",
        help=f"how to print SELECT/ASK results: table (default), {names(RESULT_FORMATS)}",
    )
    add_store_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    source = f"{args.file}: " if args.file else ""  # errors name the query's file
    try:
        text = read_query(args.file) if args.file else args.query
        store = open_store(store_spec(args.store), read_only=True)
        # the endpoint's check: no SERVICE, LOAD or update, FROM only of graphs held here
        checked = check_query(text, store.graphs(), PREFIXES)
        result = store.query(
            checked.text,
            default_graphs=list(checked.from_graphs) or None,
            named_graphs=list(checked.from_named) or None,
            prefixes=dict(checked.prefixes),
        )
    except (InputError, StoreSpecError, RemoteStoreError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except QueryRefused as refused:
        print(f"error: {source}{refused.message}", file=sys.stderr)
        return 2
    except SyntaxError as error:
        print(f"error: {source}query syntax: {error.msg}", file=sys.stderr)
        return 2
    sys.stdout.write(render(result, args.format))
    return 0


def read_query(path: Path) -> str:
    """A query file's text: UTF-8, no longer than the query length limit (checked on bytes
    first, so a huge or endless file is never read whole)."""
    limit = Limits().max_length
    try:
        with path.open("rb") as handle:
            data = handle.read(4 * limit + 1)  # UTF-8: at most 4 bytes a character
    except OSError as error:
        raise InputError(path, error.strerror or str(error)) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(path, f"not UTF-8 text (byte {error.start})") from None
    if len(text) > limit or len(data) > 4 * limit:
        raise InputError(path, f"the query is longer than the limit of {limit} characters")
    return text


def render(result: object, fmt: str) -> str:
    if isinstance(result, ox.QueryTriples):
        return (ox.serialize(list(result), format=ox.RdfFormat.TURTLE) or b"").decode()
    if isinstance(result, ox.QueryBoolean):
        return ("true" if bool(result) else "false") + "\n"
    assert isinstance(result, ox.QuerySolutions)
    chosen = named(fmt, RESULT_FORMATS)
    if chosen is not None:
        return (result.serialize(format=chosen.results) or b"").decode()
    names = [v.value for v in result.variables]
    rows = [[_cell(row[name]) for name in names] for row in result]
    return format_table(names, rows)


def format_table(names: list[str], rows: list[list[str]]) -> str:
    widths = [max([len(n), *(len(r[i]) for r in rows)]) for i, n in enumerate(names)]
    line = lambda cells: " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True))  # noqa: E731
    out = [line(names), "-+-".join("-" * w for w in widths), *(line(r) for r in rows)]
    return "\n".join(s.rstrip() for s in out) + f"\n({len(rows)} rows)\n"


def _cell(term: object) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.Literal):
        return term.value
    return str(getattr(term, "value", term))
