"""Every format the project reads, writes or negotiates, in one table.

Each row gives a format's canonical name (the one spelling of ``?format=`` and ``--format``
that links and help texts use), its title, its kind, its media types (preferred first; the
others are understood in Accept headers and ``?format=``), its file extension, the pyoxigraph
format that reads and writes it and rdflib's name for it. Every other table (the SPARQL
endpoint's offers, the browser's, the dumps, the dataset description, the CLI choices, the
input files' suffixes) is a selection of these rows, so adding a format is one row here.

A ``?format=`` value may spell a format by its name, its extension or one of its media types:
``turtle``, ``ttl`` and ``text/turtle`` are the same format. The extensions are the spellings
the browser and the dataset description used before names were unified, so old links work.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import pyoxigraph as ox

#: A format's kind: SPARQL SELECT/ASK results, RDF without named graphs, RDF with them, pages.
KINDS = ("results", "graph", "dataset", "html")


@dataclass(frozen=True)
class Format:
    """One representation; see the module's docstring for what each field is used for."""

    name: str
    title: str
    kind: str
    media_types: tuple[str, ...]
    extension: str
    rdf: ox.RdfFormat | None = None
    results: ox.QueryResultsFormat | None = None
    rdflib: str | None = None
    #: More file suffixes read as this format (input files only; never a ``?format=`` value).
    read_extensions: tuple[str, ...] = ()

    @property
    def media_type(self) -> str:
        return self.media_types[0]

    @property
    def content_type(self) -> str:
        return self.media_type if self.kind == "html" else f"{self.media_type}; charset=utf-8"

    @property
    def keeps_graphs(self) -> bool:
        """Whether the format can hold named graphs (and so the claim each fact comes from)."""
        return self.kind == "dataset"

    @property
    def spellings(self) -> tuple[str, ...]:
        """Every value of ``?format=``/``--format`` that means this format."""
        return tuple(dict.fromkeys((self.name, self.extension, *self.media_types)))


R = ox.QueryResultsFormat
G = ox.RdfFormat
SPARQL_JSON = ("application/sparql-results+json", "application/json")
GENERIC_XML = ("application/xml", "text/xml")  # SPARQL XML for results, RDF/XML for graphs
SPARQL_XML = ("application/sparql-results+xml", *GENERIC_XML)
# fmt: off
RESULTS_JSON = Format("json", "SPARQL JSON", "results", SPARQL_JSON, "srj", results=R.JSON)
RESULTS_XML = Format("xml", "SPARQL XML", "results", SPARQL_XML, "srx", results=R.XML)
RESULTS_CSV = Format("csv", "CSV", "results", ("text/csv",), "csv", results=R.CSV)
RESULTS_TSV = Format("tsv", "TSV", "results", ("text/tab-separated-values",), "tsv", results=R.TSV)
TURTLE = Format("turtle", "Turtle", "graph", ("text/turtle", "application/x-turtle", "text/n3"),
                "ttl", G.TURTLE, rdflib="turtle")
N_TRIPLES = Format("ntriples", "N-Triples", "graph", ("application/n-triples", "text/plain"),
                   "nt", G.N_TRIPLES, rdflib="nt")
JSON_LD = Format("jsonld", "JSON-LD", "dataset", ("application/ld+json", "application/json"),
                 "jsonld", G.JSON_LD, rdflib="json-ld", read_extensions=("json",))
RDF_XML = Format("rdfxml", "RDF/XML", "graph", ("application/rdf+xml", *GENERIC_XML),
                 "rdf", G.RDF_XML, rdflib="xml", read_extensions=("owl", "xml"))
TRIG = Format("trig", "TriG", "dataset", ("application/trig",), "trig", G.TRIG, rdflib="trig")
N_QUADS = Format("nquads", "N-Quads", "dataset", ("application/n-quads",), "nq", G.N_QUADS,
                 rdflib="nquads")
HTML = Format("html", "HTML", "html", ("text/html", "application/xhtml+xml"), "html")
# fmt: on

#: Every format, in the order they are offered (the first of a selection is its default).
FORMATS = (
    RESULTS_JSON, RESULTS_XML, RESULTS_CSV, RESULTS_TSV,
    TURTLE, N_TRIPLES, JSON_LD, RDF_XML, TRIG, N_QUADS,
    HTML,
)  # fmt: skip
#: SELECT and ASK answers.
RESULT_FORMATS = tuple(f for f in FORMATS if f.kind == "results")
#: RDF: graphs (CONSTRUCT, DESCRIBE, descriptions of a resource) and datasets (dumps).
RDF_FORMATS = tuple(f for f in FORMATS if f.rdf is not None)


def named(spelling: str | None, offers: Sequence[Format] = FORMATS) -> Format | None:
    """The offer a ``?format=``/``--format`` value names (name, extension or media type)."""
    if not spelling:
        return None
    wanted = spelling.strip().lower()
    return next((f for f in offers if wanted in f.spellings), None)


def by_extension(extension: str, offers: Sequence[Format] = RDF_FORMATS) -> Format | None:
    """The offer written with this file extension (``ttl``, no dot), as in ``/id/x.ttl``."""
    return next((f for f in offers if f.extension == extension), None)


def read_suffixes() -> dict[str, ox.RdfFormat]:
    """File suffixes of input files (``.ttl``, ``.owl``…) and the format each one means."""
    return {
        f".{extension}": f.rdf
        for f in RDF_FORMATS
        if f.rdf is not None
        for extension in (f.extension, *f.read_extensions)
    }


def names(offers: Iterable[Format]) -> str:
    """The canonical names, for help texts and error messages."""
    return ", ".join(f.name for f in offers)


def format_option(offers: Sequence[Format], also: Sequence[str] = ()) -> Callable[[str], str]:
    """An argparse ``type=`` that reads any spelling of one of ``offers`` (or a word of
    ``also``) and gives its canonical name, so ``--format ttl`` and ``--format turtle`` agree."""

    def convert(value: str) -> str:
        if value in also:
            return value
        found = named(value, offers)
        if found is None:
            choices = ", ".join([*also, *(f.name for f in offers)])
            raise argparse.ArgumentTypeError(f"unknown format {value!r} (choose from {choices})")
        return found.name

    convert.__name__ = "format"  # argparse names the type in its messages
    return convert
