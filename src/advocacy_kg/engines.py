"""The SHACL engines ``validate`` can run, each turning its report into ``Finding``s.

Each engine gets the dataset (quads, named graphs and all) and validates the union of its
graphs against the project's shapes. None fetches anything (no ``owl:imports``, no remote
shapes), and each runs SHACL-SPARQL constraints itself, so nothing is run beside them.
pySHACL is the reference; the Rust engines agree with it result for result (same focus node,
path, severity and shape: tests/test_shapes_examples.py). Where an engine's report lacks a message
(pyrudof, for SPARQL constraints), the shape's ``sh:message`` is filled in.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import cache
from typing import Any

import pyoxigraph as ox
import rdflib

from .findings import (
    Finding,
    ValidationError,
    shape_values,
    shapes_quads,
    term_text,
    union_store,
)
from .namespaces import PREFIXES, SH
from .namespaces import XSD_STRING as _XSD_STRING

Engine = Callable[[ox.Store], list[Finding]]
ENGINES: dict[str, Engine] = {}
#: Chosen by measurement: benchmarks/bench_validation.py, figures in benchmarks/README.md.
DEFAULT = "pyshacl-turbo"


def engine(name: str) -> Callable[[Engine], Engine]:
    def register(function: Engine) -> Engine:
        ENGINES[name] = function
        return function

    return register


@engine("pyshacl")
def run_pyshacl(dataset: ox.Store) -> list[Finding]:
    import pyshacl

    data = to_rdflib(q.triple for q in dataset)  # one rdflib graph: the union
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes_graph(), inference="none")
    return findings(report)


@engine("pyshacl-turbo")
def run_pyshacl_turbo(dataset: ox.Store) -> list[Finding]:
    # Given a store, Core sees the union of its graphs and SPARQL's default graph is the union.
    report = _turbo_report_quads(dataset)
    if report is not None:
        return report_findings(report)
    _, graph, _ = turbo_program().validate(dataset)
    return findings(graph)


def _turbo_report_quads(dataset: ox.Store) -> list[ox.Quad] | None:
    """The report as pyshacl-turbo's engine writes it (N-Triples), read by pyoxigraph.

    Why: its public API turns the report into an rdflib graph first, which on reports of
    thousands of results costs half as much again as the validation itself. This calls the
    private entry point the public ``CompiledShapes.validate`` calls (pyshacl-turbo 0.6), with
    the same arguments; None when that changed, and the public API is used.
    """
    try:
        from pyshacl_turbo import _expand_names, _input

        program = turbo_program()
        data = _input(dataset, None, direct=True)
        namespaces = data.namespaces or dict(program.graph.namespaces())
        flags = (False, 100, 15, False, False, False, False)  # as CompiledShapes.validate
        _, report, *_ = program._native.validate(
            data.source,
            data.format,
            data.base,
            *flags,
            _expand_names(namespaces, None),
            _expand_names(program.graph, None),
            [(p, str(ns)) for p, ns in data.namespaces.items()],
        )
        return list(ox.parse(report.encode(), ox.RdfFormat.N_TRIPLES))
    except (ImportError, AttributeError, TypeError, ValueError, SyntaxError):
        return None


@engine("pyrudof")
def run_pyrudof(dataset: ox.Store) -> list[Finding]:
    import pyrudof

    data = _ntriples(union_store(dataset))
    if not data:  # rudof reads an empty string as "no data loaded"
        return []
    rudof = pyrudof.Rudof(pyrudof.RudofConfig())
    shapes = _ntriples(shapes_quads())
    try:
        rudof.read_shacl(shapes, format=pyrudof.ShaclFormat.NTriples)
        rudof.read_data(data, format=pyrudof.RDFFormat.NTriples)
        report = rudof.validate_shacl()
    except pyrudof.RudofError as error:
        raise ValidationError(f"pyrudof: {error}") from None
    messages = shape_messages()
    found = []
    for r in report:
        shape = _rudof_node(r.source_shape or "")
        found.append(
            Finding(
                focus=_rudof_node(r.focus_node),
                severity=r.severity,
                shape=shape,
                path=_rudof_node(r.path) if r.path else None,
                value=_rudof_value(r.value) if r.value else None,
                message=_rudof_message(r.message) or messages.get(shape, ""),
                component=r.constraint_component,
            )
        )
    return found


# --- shapes and reports as rdflib graphs ---------------------------------------------------


@cache
def shapes_graph() -> rdflib.Graph:
    graph = to_rdflib(q.triple for q in shapes_quads())
    graph.bind("sh", SH)
    return graph


@cache
def turbo_program() -> Any:
    """Shapes compiled once per process: the compiled program is reused for every data graph."""
    import pyshacl_turbo

    return pyshacl_turbo.compile_shapes(shapes_graph())


@cache
def shape_messages() -> dict[str, str]:
    """Shape IRI -> its sh:message."""
    return shape_values(str(SH.message), ox.Literal)


def findings(report: rdflib.Graph) -> list[Finding]:
    """The results of a SHACL validation report graph (pySHACL's and pyshacl-turbo's)."""
    found = []
    for result in report.objects(None, SH.result):
        get = lambda p, r=result: report.value(r, p)  # noqa: E731
        severity = get(SH.resultSeverity)
        path = get(SH.resultPath)
        value = get(SH.value)
        found.append(
            Finding(
                focus=node_text(get(SH.focusNode)),
                severity=str(severity).rpartition("#")[2],
                shape=node_text(get(SH.sourceShape)),
                path=node_text(path) if path is not None else None,
                value=node_text(value, literal_form=True) if value is not None else None,
                message=str(get(SH.resultMessage) or ""),
                component=str(get(SH.sourceConstraintComponent)),
            )
        )
    return found


def report_findings(report: Iterable[ox.Quad]) -> list[Finding]:
    """The results of a SHACL validation report given as quads."""
    result = ox.NamedNode(str(SH.result))
    nodes: dict[object, dict[str, object]] = {}
    results = []
    for q in report:
        nodes.setdefault(q.subject, {}).setdefault(q.predicate.value, q.object)
        if q.predicate == result:
            results.append(q.object)
    found = []
    for node in results:
        get = nodes.get(node, {}).get
        path, value, message = (
            get(str(SH.resultPath)),
            get(str(SH.value)),
            get(str(SH.resultMessage)),
        )
        found.append(
            Finding(
                focus=term_text(get(str(SH.focusNode))),
                severity=term_text(get(str(SH.resultSeverity))).rpartition("#")[2],
                shape=term_text(get(str(SH.sourceShape))),
                path=term_text(path) if path is not None else None,
                value=str(value) if value is not None else None,
                message=message.value if isinstance(message, ox.Literal) else "",
                component=term_text(get(str(SH.sourceConstraintComponent))),
            )
        )
    return found


def node_text(term: object, *, literal_form: bool = False) -> str:
    """The same text ``validation.term_text`` gives for the pyoxigraph term."""
    if isinstance(term, rdflib.BNode):
        return f"_:{term}"
    if isinstance(term, rdflib.Literal):
        return str(ox_literal(term))
    if literal_form and isinstance(term, rdflib.URIRef):
        return f"<{term}>"
    return str(term)


def ox_literal(term: rdflib.Literal) -> ox.Literal:
    if term.language:
        return ox.Literal(str(term), language=term.language)
    if term.datatype:
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
    return ox.Literal(str(term))


# --- pyoxigraph <-> rdflib -----------------------------------------------------------------


def rdflib_term(term: object) -> rdflib.term.Node:
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    assert isinstance(term, ox.Literal)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    return rdflib.Literal(term.value, datatype=None if datatype == _XSD_STRING else datatype)


def to_rdflib(triples: Iterable[ox.Triple]) -> rdflib.Graph:
    graph = rdflib.Graph()
    for t in triples:
        graph.add((rdflib_term(t.subject), rdflib_term(t.predicate), rdflib_term(t.object)))
    return graph


def _ntriples(quads: Iterable[ox.Quad] | ox.Store) -> str:
    """Triples of the default graph as N-Triples text (what pyrudof reads)."""
    data = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
    assert data is not None
    return data.decode()


# --- pyrudof's report: terms in Turtle-like text -------------------------------------------

_PREFIXED = re.compile(r"^([A-Za-z][\w-]*)?:([^\s<>\"]*)$")
_TYPED = re.compile(r'^(".*")\^\^(.+)$', re.DOTALL)


def _rudof_node(text: str) -> str:
    """An IRI (bare, ``<…>`` or prefixed) as the full IRI; blank nodes as ``_:id``."""
    text = text.strip()
    if text.startswith("<") and text.endswith(">"):
        return text[1:-1]
    match = _PREFIXED.match(text)
    if match and not text.startswith("_:") and (match.group(1) or "") in PREFIXES:
        return PREFIXES[match.group(1) or ""] + match.group(2)
    return text


def _rudof_value(text: str) -> str:
    typed = _TYPED.match(text)
    if typed:
        return f"{typed.group(1)}^^<{_rudof_node(typed.group(2))}>"
    if text.startswith('"') or text.startswith("_:"):
        return text
    return f"<{_rudof_node(text)}>"


def _rudof_message(text: str | None) -> str:
    """pyrudof gives the messages as Turtle literals, comma-separated: keep the shape's (@en)."""
    if not text:
        return ""
    try:
        literals = [
            q.object
            for q in ox.parse(f"<x:s> <x:p> {text} .", ox.RdfFormat.TURTLE)
            if isinstance(q.object, ox.Literal)
        ]
    except SyntaxError:
        return text
    literals.sort(key=lambda lit: lit.language != "en")
    return literals[0].value if literals else text
