"""Query answers written out in the negotiated format, with the row cap applied.

Solutions are written here rather than by pyoxigraph because a capped answer must say that it is
capped, inside the document where the format allows it (SPARQL JSON and XML ``link`` in the head,
a final ``#`` comment in Turtle, TriG, N-Triples and N-Quads); the caller adds the
``X-SPARQL-MaxRows`` header. CSV, TSV, JSON-LD and RDF/XML carry the header only.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
from collections.abc import Sequence
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from ..namespaces import PREFIXES, SPARQL_RESULTS_XML_NS, XSD_STRING
from ..negotiation import Format

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


def serialize(
    result: object, fmt: Format, max_rows: int, truncated_link: str
) -> tuple[bytes, bool]:
    """The answer as bytes in ``fmt``, and whether the row cap cut it."""
    if isinstance(result, ox.QueryBoolean):
        assert fmt.results is not None
        return result.serialize(format=fmt.results) or b"", False
    if isinstance(result, ox.QueryTriples):
        triples = list(itertools.islice(result, max_rows + 1))
        truncated = len(triples) > max_rows
        return _graph(triples[:max_rows], fmt, truncated, truncated_link), truncated
    assert isinstance(result, ox.QuerySolutions)
    names = [v.value for v in result.variables]
    rows = [list(solution) for solution in itertools.islice(result, max_rows + 1)]
    truncated = len(rows) > max_rows
    link = truncated_link if truncated else None
    writer = {"json": _json, "xml": _xml, "csv": _csv, "tsv": _tsv}[fmt.name]
    return writer(names, rows[:max_rows], link).encode("utf-8"), truncated


def _graph(triples: list[ox.Triple], fmt: Format, truncated: bool, link: str) -> bytes:
    assert fmt.rdf is not None
    data: list[ox.Triple] | list[ox.Quad] = triples
    if fmt.rdf.supports_datasets:
        data = [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples]
    prefixes = PREFIXES if fmt.name in ("turtle", "trig", "rdfxml") else None
    body = ox.serialize(data, format=fmt.rdf, prefixes=prefixes) or b""
    if truncated and fmt.name in ("turtle", "trig", "ntriples", "nquads"):
        body += f"# truncated: more triples than the cap of {len(triples)}; see {link}\n".encode()
    return body


def _json(names: Sequence[str], rows: list[list[Term | None]], link: str | None) -> str:
    # Written as text rather than through json.dumps of dicts: 3x faster on small answers.
    head: dict[str, object] = {"vars": list(names)}
    if link:
        head["link"] = [link]
    keys = [_quote(name) + ": " for name in names]
    bindings = ", ".join(
        "{"
        + ", ".join(k + _json_term(t) for k, t in zip(keys, row, strict=True) if t is not None)
        + "}"
        for row in rows
    )
    head_text = json.dumps(head, ensure_ascii=False)
    return f'{{"head": {head_text}, "results": {{"bindings": [{bindings}]}}}}'


_quote = json.encoder.encode_basestring  # as json.dumps with ensure_ascii=False


def _json_term(term: Term) -> str:
    if isinstance(term, ox.NamedNode):
        return '{"type": "uri", "value": ' + _quote(term.value) + "}"
    if isinstance(term, ox.BlankNode):
        return '{"type": "bnode", "value": ' + _quote(term.value) + "}"
    if isinstance(term, ox.Literal):
        value = _quote(term.value)
        if term.language:
            return f'{{"type": "literal", "value": {value}, "xml:lang": {_quote(term.language)}}}'
        datatype = term.datatype.value
        if datatype != XSD_STRING:
            return f'{{"type": "literal", "value": {value}, "datatype": {_quote(datatype)}}}'
        return '{"type": "literal", "value": ' + value + "}"
    parts = (("subject", term.subject), ("predicate", term.predicate), ("object", term.object))
    inner = ", ".join(f'"{k}": {_json_term(v)}' for k, v in parts)
    return '{"type": "triple", "value": {' + inner + "}}"


def _xml(names: Sequence[str], rows: list[list[Term | None]], link: str | None) -> str:
    out = ['<?xml version="1.0" encoding="utf-8"?>\n']
    out.append(f'<sparql xmlns="{SPARQL_RESULTS_XML_NS}"><head>')
    out.extend(f"<variable name={quoteattr(name)}/>" for name in names)
    if link:
        out.append(f"<link href={quoteattr(link)}/>")
    out.append("</head><results>")
    for row in rows:
        out.append("<result>")
        for name, term in zip(names, row, strict=True):
            if term is not None:
                out.append(f"<binding name={quoteattr(name)}>{_xml_term(term)}</binding>")
        out.append("</result>")
    out.append("</results></sparql>\n")
    return "".join(out)


def _xml_term(term: Term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != XSD_STRING:
            datatype = quoteattr(term.datatype.value)
            return f"<literal datatype={datatype}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    parts = (("subject", term.subject), ("predicate", term.predicate), ("object", term.object))
    inner = "".join(f"<{k}>{_xml_term(v)}</{k}>" for k, v in parts)
    return f"<triple>{inner}</triple>"


def _csv(names: Sequence[str], rows: list[list[Term | None]], link: str | None) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(names)
    for row in rows:
        writer.writerow(["" if t is None else _csv_value(t) for t in row])
    return buffer.getvalue()


def _csv_value(term: Term) -> str:
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.NamedNode | ox.Literal):
        return term.value
    return str(term)


def _tsv(names: Sequence[str], rows: list[list[Term | None]], link: str | None) -> str:
    # TSV cells are terms in Turtle syntax; pyoxigraph's str() is N-Triples, escapes included.
    lines = ["\t".join(f"?{name}" for name in names)]
    lines.extend("\t".join("" if t is None else str(t) for t in row) for row in rows)
    return "\n".join(lines) + "\n"
