"""``contribute add``: the contribution as ``data/sources/<id>.ttl`` and ``data/claims/<id>.trig``.

House style (``data/README.md``): IRIs under the base written relative (``<id/…>``), ontology
and concept terms with their prefixes, a comment saying what the file holds, one block per
subject. What is written is parsed back and compared with what was checked before any file
appears, and both files appear together or not at all.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

import pyoxigraph as ox

from .. import config, loading
from ..namespaces import PREFIXES, RDF_TYPE, XSD_STRING
from .build import Built
from .document import Contribution

#: Prefixes written in the files: those of the base become relative (``akg: <def/>``).
WRITTEN = [p for p in PREFIXES if p not in ("id", "claim", "graph")]
#: Longest namespace first, so ``tech:`` wins over ``concept:``-like shorter ones.
NAMESPACES = sorted(((PREFIXES[p], p) for p in WRITTEN), key=lambda ns: -len(ns[0]))


class Turtle:
    """Terms in the house style; remembers the prefixes it used, to declare only those."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def prefixes(self) -> str:
        return "".join(
            f"@prefix {p}: <{PREFIXES[p].removeprefix(config.BASE)}> .\n"
            for p in WRITTEN
            if p in self.used
        )

    def iri(self, iri: str) -> str:
        for namespace, prefix in NAMESPACES:
            local = iri[len(namespace) :]
            if iri.startswith(namespace) and local and all(c.isalnum() or c in "-_" for c in local):
                self.used.add(prefix)
                return f"{prefix}:{local}"
        return f"<{iri.removeprefix(config.BASE)}>"

    def literal(self, literal: ox.Literal) -> str:
        value = literal.value.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "\\r")
        text = f'"""{value}"""' if "\n" in value else '"' + value + '"'
        if literal.language:
            return f"{text}@{literal.language}"
        if literal.datatype.value != XSD_STRING:
            return f"{text}^^{self.iri(literal.datatype.value)}"
        return text

    def term(self, term: object) -> str:
        if isinstance(term, ox.Literal):
            return self.literal(term)
        assert isinstance(term, ox.NamedNode)  # rows never make blank nodes
        return "a" if term.value == RDF_TYPE else self.iri(term.value)

    def blocks(self, quads: list[ox.Quad], indent: str) -> str:
        """One ``subject p o , o ; p o .`` block per subject, in the order they were written."""
        by_subject: dict[str, dict[str, list[str]]] = {}
        for q in quads:
            objects = by_subject.setdefault(self.term(q.subject), {})
            objects.setdefault(self.term(q.predicate), []).append(self.term(q.object))
        blocks = []
        for subject, predicates in by_subject.items():
            lines = [f"{p} {' , '.join(objects)}" for p, objects in predicates.items()]
            blocks.append(f"{indent}{subject} " + f" ;\n{indent}    ".join(lines) + " .")
        return "\n\n".join(blocks)


def source_file(contribution: Contribution, built: Built) -> str:
    turtle = Turtle()
    body = turtle.blocks(built.source_quads, "")
    header = (
        f"# Source {contribution.source.id.text}, written by 'advocacy-kg contribute add' from "
        f"{contribution.path.name}.\n"
        f"# Parsed with base {config.BASE} : every IRI here is relative to it.\n"
    )
    return header + turtle.prefixes() + "\n" + body + "\n"


def claims_file(contribution: Contribution, built: Built) -> str:
    source = contribution.source
    about = ", ".join(v.text.strip() for v in (source.publisher, source.date) if v)
    turtle = Turtle()
    graphs = [
        f"{turtle.iri(claim.iri)} {{\n{turtle.blocks(claim.quads, '  ')}\n}}\n"
        for claim in built.claims
    ]
    header = (
        f"# Claims drawn from {source.id.text} ({about + ': ' if about else ''}"
        f"{source.title.text.strip()}). One named graph per claim.\n"
        f"# Written by 'advocacy-kg contribute add' from {contribution.path.name}.\n"
        f"# Parsed with base {config.BASE} : every IRI here is relative to it.\n"
    )
    return header + turtle.prefixes() + "\n" + "\n".join(graphs)


def targets(source_id: str) -> tuple[Path, Path]:
    data = config.DATA_DIR
    return data / "sources" / f"{source_id}.ttl", data / "claims" / f"{source_id}.trig"


def write(contribution: Contribution, built: Built) -> tuple[Path, Path]:
    """Write both files, or neither; refuse (``InputError``) if either exists already."""
    source_path, claims_path = targets(contribution.source.id.text)
    for path in (source_path, claims_path):
        if path.exists():
            raise contribution.error(
                contribution.source.id.line, f"{path} exists already: the source id is taken"
            )
    texts = {
        source_path: (source_file(contribution, built), built.source_quads),
        claims_path: (claims_file(contribution, built), built.quads[len(built.source_quads) :]),
    }
    staged: dict[Path, Path] = {}
    try:
        for path, (text, quads) in texts.items():
            handle, name = tempfile.mkstemp(
                dir=path.parent, prefix=".contribute-", suffix=path.suffix
            )
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(text)
            staged[path] = Path(name)
            graph = config.SOURCES_GRAPH if path == source_path else None
            if set(loading.parse_file(name, graph)) != set(quads):  # never write what differs
                raise contribution.error(None, f"writing {path} would change the data: not written")
        for path, temporary in staged.items():
            os.link(temporary, path)  # fails, rather than overwrites, if the file appeared
    except BaseException:
        for path in staged:
            with contextlib.suppress(FileNotFoundError):
                if staged[path].exists() and path.exists() and path.samefile(staged[path]):
                    path.unlink()
        raise
    finally:
        for temporary in staged.values():
            with contextlib.suppress(FileNotFoundError):
                temporary.unlink()
    return source_path, claims_path
