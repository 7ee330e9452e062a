"""What changed between two releases, read from two dumps in any RDF format.

An entity is an IRI in subject position; its statements are its (predicate, object) pairs,
with blank-node objects written out as their nested content (so shapes and lists compare by
what they say, not by their blank-node labels). When both dumps keep named graphs, a
statement also names its graph: a fact moved to another claim is a change.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from . import config, loading
from .dataset_description import DATASET, DCAT
from .export import DUMP_PREFIXES
from .jsonld_context import compact
from .namespaces import RDFS_LABEL


@dataclass(frozen=True)
class Release:
    """One side of a diff: the file, the version its description names, its statements."""

    path: Path
    version: str | None
    triples: int
    statements: dict[str, set[str]]
    labels: dict[str, str]


@dataclass
class EntityChange:
    iri: str
    label: str | None
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


@dataclass
class ReleaseDiff:
    old: Release
    new: Release
    added: list[EntityChange]
    removed: list[EntityChange]
    changed: list[EntityChange]


def read_release(path: Path, *, with_graphs: bool) -> Release:
    """Parse a dump (raises ``loading.InputError`` with file and line) and index it by entity."""
    quads = loading.parse_file(path)
    union = {q.triple for q in quads}
    blank: dict[ox.BlankNode, set[ox.Triple]] = defaultdict(set)
    for t in union:
        if isinstance(t.subject, ox.BlankNode):
            blank[t.subject].add(t)
    statements: dict[str, set[str]] = defaultdict(set)
    labels: dict[str, str] = {}
    version = None
    writer = BlankWriter(path, blank)
    for q in quads:
        if not isinstance(q.subject, ox.NamedNode):
            continue
        iri, predicate = q.subject.value, q.predicate.value
        statement = f"{_term(q.predicate)} {writer.write(q.object)}"
        if with_graphs and isinstance(q.graph_name, ox.NamedNode):
            statement += f" in {_term(q.graph_name)}"
        statements[iri].add(statement)
        if predicate == RDFS_LABEL and isinstance(q.object, ox.Literal):
            labels[iri] = min(labels.get(iri, q.object.value), q.object.value)
        if iri == DATASET and predicate == DCAT + "version" and isinstance(q.object, ox.Literal):
            version = q.object.value
    return Release(path, version, len(union), dict(statements), labels)


class BlankWriter:
    """Blank nodes written out as ``[ p o ; … ]`` of their sorted content, within a budget.

    A node reached twice is written twice (that is what makes the text independent of blank-node
    labels), so shared nodes can make the text grow exponentially with the depth: every
    character written counts against ``config.MAX_DIFF_BLANK_CHARS`` and the file is refused past
    it. Written with an explicit stack, so depth costs no recursion; a node whose content has no
    cycle is written once and reused. A cycle prints as ``[…]`` where it closes.
    """

    def __init__(self, path: Path, blank: Mapping[ox.BlankNode, set[ox.Triple]]) -> None:
        self.path, self.blank = path, blank
        self.left = config.MAX_DIFF_BLANK_CHARS
        self.done: dict[ox.BlankNode, str] = {}  # nodes with acyclic content: path-independent

    def write(self, term: object) -> str:
        if not isinstance(term, ox.BlankNode):
            return _term(term)
        if term in self.done:
            return self.done[term]
        # a frame: node, its triples, next index, parts written, cycle met, predicate pending
        stack: list[list[Any]] = [[term, list(self.blank.get(term, ())), 0, [], False, ""]]
        on_path = {term}
        while True:
            frame = stack[-1]
            node, triples, index, parts = frame[0], frame[1], frame[2], frame[3]
            if index < len(triples):
                frame[2] += 1
                predicate, value = _term(triples[index].predicate), triples[index].object
                if not isinstance(value, ox.BlankNode):
                    parts.append(self._charge(f"{predicate} {_term(value)}"))
                elif value in self.done:
                    parts.append(self._charge(f"{predicate} {self.done[value]}"))
                elif value in on_path:
                    parts.append(f"{predicate} […]")
                    frame[4] = True
                else:
                    frame[5] = predicate
                    on_path.add(value)
                    stack.append([value, list(self.blank.get(value, ())), 0, [], False, ""])
                continue
            text = self._charge("[ " + " ; ".join(sorted(parts)) + " ]")
            stack.pop()
            on_path.discard(node)
            if not frame[4]:
                self.done[node] = text
            if not stack:
                return text
            parent = stack[-1]
            parent[3].append(self._charge(f"{parent[5]} {text}"))
            parent[4] = parent[4] or frame[4]

    def _charge(self, text: str) -> str:
        self.left -= len(text)
        if self.left < 0:
            raise loading.InputError(
                self.path,
                "blank nodes nest or are shared too much to compare: writing them out takes "
                f"over {config.MAX_DIFF_BLANK_CHARS} characters (ADVOCACY_KG_MAX_DIFF_BLANK_CHARS)",
            )
        return text


def _term(term: object) -> str:
    if isinstance(term, ox.NamedNode):
        return _short(term.value)
    if isinstance(term, ox.Literal) and term.language is None:
        if term.datatype.value.endswith("#string"):
            return json.dumps(term.value, ensure_ascii=False)
        return f"{json.dumps(term.value, ensure_ascii=False)}^^{_short(term.datatype.value)}"
    return str(term)


def _short(iri: str) -> str:
    short = compact(iri, DUMP_PREFIXES)
    return short if short != iri else f"<{iri}>"


def diff_files(old_path: Path, new_path: Path) -> ReleaseDiff:
    """Both files are parsed before anything is compared; a bad file raises ``InputError``."""
    with_graphs = all(loading.rdf_format(p).supports_datasets for p in (old_path, new_path))
    old = read_release(old_path, with_graphs=with_graphs)
    new = read_release(new_path, with_graphs=with_graphs)
    added, removed, changed = [], [], []
    for iri in sorted(old.statements.keys() | new.statements.keys()):
        before, after = old.statements.get(iri, set()), new.statements.get(iri, set())
        label = new.labels.get(iri) or old.labels.get(iri)
        change = EntityChange(iri, label, sorted(after - before), sorted(before - after))
        if not before:
            added.append(change)
        elif not after:
            removed.append(change)
        elif change.added or change.removed:
            changed.append(change)
    return ReleaseDiff(old, new, added, removed, changed)


def render_text(diff: ReleaseDiff, *, detail: bool = False) -> str:
    lines = [
        f"old: {_side(diff.old)}",
        f"new: {_side(diff.new)}",
        f"entities added: {len(diff.added)}, removed: {len(diff.removed)}, "
        f"changed: {len(diff.changed)}",
    ]
    for title, mark, changes in (
        ("added", "+", diff.added),
        ("removed", "-", diff.removed),
        ("changed", "~", diff.changed),
    ):
        if changes:
            lines += ["", f"{title}:"]
        for change in changes:
            name = f"  {mark} {_short(change.iri)}"
            if change.label:
                name += f"  ({change.label})"
            if mark == "~":
                name += f"  [+{len(change.added)} -{len(change.removed)} statements]"
            lines.append(name)
            if detail:
                lines += [f"      + {s}" for s in change.added]
                lines += [f"      - {s}" for s in change.removed]
    return "\n".join(lines) + "\n"


def _side(release: Release) -> str:
    version = f"version {release.version}" if release.version else "no version stated"
    return f"{release.path} ({version}, {release.triples} distinct triples)"


def render_json(diff: ReleaseDiff, *, detail: bool = False) -> str:
    def side(release: Release) -> dict[str, object]:
        return {"file": str(release.path), "version": release.version, "triples": release.triples}

    def entities(changes: Iterable[EntityChange]) -> list[dict[str, object]]:
        out: list[dict[str, object]] = []
        for c in changes:
            entry: dict[str, object] = {"iri": c.iri, "label": c.label}
            entry.update({"statements_added": len(c.added), "statements_removed": len(c.removed)})
            if detail:
                entry.update({"added": c.added, "removed": c.removed})
            out.append(entry)
        return out

    report = {
        "old": side(diff.old),
        "new": side(diff.new),
        "added": entities(diff.added),
        "removed": entities(diff.removed),
        "changed": entities(diff.changed),
    }
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"
