"""Reading a validation report: findings grouped by entity, with its label and file:line.

Where a finding comes from is best effort. For the text formats (Turtle, TriG, N-Triples,
N-Quads) the line is the first one that STARTS with the focus node's IRI, written in full
(``<https://…>``), relative to the base (``<id/…>``) or with a prefix the file declares
(``id:…``): where a subject is written in these formats. For JSON-LD and RDF/XML, and for nodes
only ever written mid-line, the file that holds the node as a subject is named without a line.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from urllib.parse import urljoin

import pyoxigraph as ox

from . import config
from .namespaces import DCTERMS_TITLE, PREFIXES, RDFS_LABEL, SH, SKOS_PREF_LABEL
from .rdfterms import RDF_TYPE_NODE as _RDF_TYPE
from .validation import CHECKS, SHAPES, Finding, ValidationReport

TEXT_FORMATS = {".ttl", ".trig", ".nt", ".nq"}
LABELS = [RDFS_LABEL, SKOS_PREF_LABEL, DCTERMS_TITLE]
#: How IRIs are shortened for reading; shapes and lint checks get their own prefixes.
DISPLAY_PREFIXES = {**PREFIXES, "shape": SHAPES, "check": CHECKS}


@dataclass(frozen=True)
class Location:
    path: str
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


# --- where: file and line ------------------------------------------------------------------

_PREFIX_DECL = re.compile(r"^\s*(?:@prefix|PREFIX)\s+([\w.-]*):\s*<([^>]*)>", re.IGNORECASE)
_ABSOLUTE = re.compile(r"^[A-Za-z][\w+.-]*:")
_FIRST_TOKEN = re.compile(r"^\s*(<[^>\s]*>|[\w.-]*:[^\s;,]*)")


def locate(parsed: Sequence[tuple[Path, Sequence[ox.Quad]]], iris: Iterable[str]) -> dict:
    """IRI -> the Location of its first appearance as a subject, for the IRIs asked for."""
    wanted = set(iris)
    found: dict[str, Location] = {}
    for path, quads in parsed:
        subjects = {q.subject.value for q in quads if isinstance(q.subject, ox.NamedNode)}
        here = (wanted & subjects) - found.keys()
        if not here:
            continue
        lines = _subject_lines(path, here) if path.suffix.lower() in TEXT_FORMATS else {}
        for iri in here:
            found[iri] = Location(str(path), lines.get(iri))
    return found


def _subject_lines(path: Path, iris: set[str]) -> dict[str, int]:
    prefixes: dict[str, str] = {}
    lines: dict[str, int] = {}
    with path.open(encoding="utf-8", errors="replace") as text:
        for number, line in enumerate(text, start=1):
            declared = _PREFIX_DECL.match(line)
            if declared:
                prefixes[declared.group(1)] = urljoin(config.BASE, declared.group(2))
                continue
            token = _FIRST_TOKEN.match(line)
            iri = _expand(token.group(1), prefixes) if token else None
            if iri in iris and iri not in lines:
                lines[iri] = number
                if len(lines) == len(iris):
                    break
    return lines


def _expand(token: str, prefixes: dict[str, str]) -> str | None:
    if token.startswith("<"):
        iri = token[1:-1]
        return iri if _ABSOLUTE.match(iri) else urljoin(config.BASE, iri)  # urljoin is slow
    prefix, _, local = token.partition(":")
    local = re.sub(r"\\(.)", r"\1", local)  # Turtle escapes in local names: id:person\/x
    return prefixes[prefix] + local if prefix in prefixes else None


# --- what: labels and short names ----------------------------------------------------------


def labels(store: ox.Store, iris: Iterable[str]) -> dict[str, str]:
    """The label of each IRI that has one (English first)."""
    found = {}
    for iri in iris:
        if iri.startswith("_:") or iri.startswith('"'):
            continue
        for predicate in LABELS:
            values = [
                q.object
                for q in store.quads_for_pattern(ox.NamedNode(iri), ox.NamedNode(predicate), None)
                if isinstance(q.object, ox.Literal)
            ]
            if values:
                values.sort(key=lambda lit: (lit.language not in ("en", None), lit.value))
                found[iri] = values[0].value
                break
    return found


def short(iri: str | None) -> str:
    """An IRI with the longest matching display prefix, else in angle brackets."""
    if iri is None:
        return ""
    if iri.startswith("_:") or iri.startswith('"'):
        return iri
    best = max((ns for ns in DISPLAY_PREFIXES.values() if iri.startswith(ns)), key=len, default="")
    if not best:
        return f"<{iri}>"
    prefix = next(p for p, ns in DISPLAY_PREFIXES.items() if ns == best)
    return f"{prefix}:{iri[len(best) :]}"


def short_value(value: str | None) -> str:
    if value is None:
        return ""
    if value.startswith("<") and value.endswith(">"):
        return short(value[1:-1])
    lexical, marker, datatype = value.rpartition('"^^<')
    if marker:
        return f'{lexical}"^^{short(datatype[:-1])}'
    return value


# --- rendering -----------------------------------------------------------------------------


@dataclass
class Context:
    """What the reader needs beside the findings: labels, locations, what was checked."""

    labels: dict[str, str]
    locations: dict[str, Location]
    inputs: list[str]
    strict: bool = False


def summary(report: ValidationReport, strict: bool) -> str:
    counts = ", ".join(
        f"{report.count(s)} {s.lower()}{'' if report.count(s) == 1 else 's'}"
        for s in ("Violation", "Warning", "Info")
    )
    verdict = "conforms" if report.conforms(strict=strict) else "does NOT conform"
    return f"{counts}: {verdict}" + (" (--strict: warnings count)" if strict else "")


def render_text(report: ValidationReport, context: Context) -> str:
    out = [
        f"validated {' + '.join(context.inputs)} using {report.engine}",
        summary(report, context.strict),
    ]
    for focus, group in groupby(report.findings, key=lambda f: f.focus):
        label = context.labels.get(focus)
        where = context.locations.get(focus)
        out.append("")
        out.append(
            short(focus) + (f'  "{label}"' if label else "") + (f"  ({where})" if where else "")
        )
        for f in group:
            what = short(f.path) + (f" = {short_value(f.value)}" if f.value else "")
            what += f"  in {short(f.claim)}" if f.claim else ""
            out.append(f"  {f.severity:<9} {what}".rstrip())
            out.append(f"            {f.message}")
            out.append(f"            [{short(f.shape)}]")
    return "\n".join(out) + "\n"


def as_json(report: ValidationReport, context: Context) -> str:
    def entry(f: Finding) -> dict[str, object]:
        where = context.locations.get(f.focus)
        return {
            "focus": f.focus,
            "label": context.labels.get(f.focus),
            "file": where.path if where else None,
            "line": where.line if where else None,
            "severity": f.severity,
            "claim": f.claim,
            "path": f.path,
            "value": f.value,
            "message": f.message,
            "shape": f.shape,
            "component": f.component,
        }

    document = {
        "conforms": report.conforms(strict=context.strict),
        "strict": context.strict,
        "engine": report.engine,
        "inputs": context.inputs,
        "counts": {s: report.count(s) for s in ("Violation", "Warning", "Info")},
        "results": [entry(f) for f in report.findings],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def as_turtle(report: ValidationReport, context: Context) -> str:
    """A SHACL validation report graph (``sh:ValidationReport``), lint results included."""
    root = ox.BlankNode()
    quads = [
        ox.Quad(root, _RDF_TYPE, SH_TERM("ValidationReport")),
        ox.Quad(root, SH_TERM("conforms"), ox.Literal(report.conforms(strict=context.strict))),
    ]
    for f in report.findings:
        node = ox.BlankNode()
        quads.append(ox.Quad(root, SH_TERM("result"), node))
        facts = [
            (_RDF_TYPE, SH_TERM("ValidationResult")),
            (SH_TERM("focusNode"), _term(f.focus)),
            (SH_TERM("resultSeverity"), SH_TERM(f.severity)),
            (SH_TERM("sourceShape"), _term(f.shape)),
            (SH_TERM("resultMessage"), ox.Literal(f.message)),
        ]
        if f.path:
            facts.append((SH_TERM("resultPath"), _term(f.path)))
        if f.value:
            facts.append((SH_TERM("value"), _value(f.value)))
        if f.component:
            facts.append((SH_TERM("sourceConstraintComponent"), _term(f.component)))
        quads += [ox.Quad(node, p, o) for p, o in facts]
    prefixes = {"sh": str(SH), **DISPLAY_PREFIXES}
    turtle = ox.serialize(quads, format=ox.RdfFormat.TURTLE, prefixes=prefixes)
    assert turtle is not None
    return turtle.decode().rstrip("\n") + "\n"


def SH_TERM(local: str) -> ox.NamedNode:  # noqa: N802 - reads like the sh: prefix
    return ox.NamedNode(str(SH) + local)


def _term(text: str) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if text.startswith("_:"):
        return ox.BlankNode(text[2:])
    if text.startswith('"'):
        return _value(text)
    return ox.NamedNode(text)


def _value(text: str) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if text.startswith("_:"):
        return ox.BlankNode(text[2:])
    try:
        return next(iter(ox.parse(f"<x:s> <x:p> {text} .", ox.RdfFormat.N_TRIPLES))).object
    except (SyntaxError, StopIteration):
        return ox.Literal(text)
