"""The hostile-input corpus: each input, what it is, and the one-line error each command gives.

A plain list, so the CLI tests (``tests/test_hostile_cli.py``) and the server tests can walk the
same inputs. Small inputs are files beside this module; big ones are written by ``make`` at test
time into a scratch directory (``materialise``). ``expect`` maps a command (``validate``,
``load``, ``diff``, ``query``) to a fragment of its error message (exit 2), or to ``None``
when that command must succeed; a command not named does not apply to the input.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).parent
RDF_NS = 'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'


@dataclass(frozen=True)
class Case:
    name: str  # the file name of the input
    what: str
    expect: dict[str, str | None]
    make: Callable[[Path], object] | None = field(default=None, compare=False)  # None: in HERE

    def path(self, scratch: Path) -> Path:
        return HERE / self.name if self.make is None else scratch / self.name


def _write(text: str) -> Callable[[Path], object]:
    return lambda path: path.write_text(text, encoding="utf-8")


def _json(depth: int) -> str:
    return '{"@id": "urn:x", "urn:p": ' * depth + "1" + "}" * depth


def _xml(depth: int) -> str:
    nested = '<rdf:value rdf:parseType="Resource">' * depth + "</rdf:value>" * depth
    return f'<?xml version="1.0"?><rdf:RDF {RDF_NS}><rdf:Description rdf:about="urn:x">' + (
        f"{nested}</rdf:Description></rdf:RDF>"
    )


def _nested_blank(depth: int) -> str:
    return "<urn:x> <urn:p> " + "[ <urn:p> " * depth + "1" + " ]" * depth + " .\n"


BIG = 17 * 1024 * 1024  # over pyoxigraph's 16 MiB cap on one term
RDF_COMMANDS = ("validate", "load", "diff")

CASES = [
    Case(
        "billion-laughs.rdf",
        "RDF/XML internal entities nested 7 deep: 680 bytes that expand to 300 MB",
        dict.fromkeys(RDF_COMMANDS, "expands to over"),
    ),
    Case(
        "entity-loop.rdf",
        "two RDF/XML entities that refer to each other",
        dict.fromkeys(RDF_COMMANDS, "refers to itself"),
    ),
    Case(
        "parameter-entity.rdf",
        "an RDF/XML parameter entity (declares further entities)",
        dict.fromkeys(RDF_COMMANDS, "parameter entities"),
    ),
    Case(
        "namespace-entities.rdf",
        "harmless RDF/XML entities for namespaces, as ontology editors write them: accepted",
        {"diff": None},
    ),
    Case(
        "deep-4000.jsonld",
        "JSON-LD objects nested 4,000 deep (44 KB): overflowed the parser's stack",
        dict.fromkeys(RDF_COMMANDS, "JSON nested deeper than"),
        _write(_json(4000)),
    ),
    Case(
        "deep-50000.jsonld",
        "JSON-LD objects nested 50,000 deep: grew to 12 GB",
        dict.fromkeys(RDF_COMMANDS, "JSON nested deeper than"),
        _write(_json(50_000)),
    ),
    Case(
        "deep-40000.rdf",
        "RDF/XML elements nested 40,000 deep: parse time grows with the square of the depth",
        dict.fromkeys(RDF_COMMANDS, "XML elements nested deeper than"),
        _write(_xml(40_000)),
    ),
    Case(
        "long-literal.nt",
        "a 17 MiB literal",
        dict.fromkeys(RDF_COMMANDS, "16 MiB"),
        _write('<urn:x> <urn:p> "' + "a" * BIG + '" .\n'),
    ),
    Case(
        "long-iri.nt",
        "a 17 MiB IRI",
        dict.fromkeys(RDF_COMMANDS, "16 MiB"),
        _write("<urn:x> <urn:p> <urn:" + "a" * BIG + "> .\n"),
    ),
    Case(
        "directory.ttl",
        "a directory where a file is expected",
        dict.fromkeys(RDF_COMMANDS, "is a directory"),
        lambda path: path.mkdir(),
    ),
    Case(
        "shared-blank-nodes.ttl",
        "12 levels of blank nodes, each naming the next 4 times: written out, 4^12 copies",
        {"diff": "blank nodes nest or are shared too much"},
    ),
    Case(
        "nested-600.ttl",
        "600 levels of [ ]: a RecursionError in diff before; compared now",
        {"diff": None},
        _write(_nested_blank(600)),
    ),
    Case(
        "nested-100000.ttl",
        "100,000 levels of [ ]: over diff's budget for writing blank nodes out",
        {"diff": "blank nodes nest or are shared too much"},
        _write(_nested_blank(100_000)),
    ),
    Case(
        "unary-40000.rq",
        "FILTER with 40,000 '!': crashed the query parser",
        {"query": "nested deeper than"},
        _write("ASK { FILTER(" + "!" * 40_000 + "true) }"),
    ),
    Case("binary.rq", "a query file that is not UTF-8 text", {"query": "not UTF-8"}),
    Case(
        "directory.rq",
        "a directory given as the query file",
        {"query": "Is a directory"},
        lambda path: path.mkdir(),
    ),
    Case(
        "missing.rq", "a query file that does not exist", {"query": "No such file"}, lambda _: None
    ),
]


def materialise(scratch: Path) -> None:
    """Write the generated inputs into ``scratch`` (once; a few seconds, about 70 MB)."""
    for case in CASES:
        target = scratch / case.name
        if case.make is not None and not target.exists():
            case.make(target)


def cases_for(command: str) -> list[Case]:
    return [case for case in CASES if command in case.expect]
