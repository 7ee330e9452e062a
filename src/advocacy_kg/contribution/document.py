"""The contribution file: YAML read node by node, so every value keeps its line.

PyYAML's composer gives nodes with marks and leaves every scalar as the text written (no
guessing that ``2024-05-01`` is a date or ``no`` a boolean), which is what a quote needs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..loading import InputError

#: What a source id may look like: it becomes part of IRIs and file names.
SOURCE_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SOURCE_KEYS = {"id", "title", "publisher", "date", "web address", "text", "excerpts"}
CLAIM_KEYS = {"quote", "note", "statements"}


@dataclass(frozen=True)
class Value:
    """A text written in the file, and the line (1-based) where it starts."""

    text: str
    line: int
    #: For a block scalar (``|``) the line of its first text line, so text lines map to file lines.
    block: bool = False


@dataclass(frozen=True)
class Row:
    """One statement: subject, predicate, object as written."""

    subject: Value
    predicate: Value
    object: Value
    line: int


@dataclass
class ClaimEntry:
    quotes: list[Value]
    note: Value | None
    rows: list[Row]
    line: int


@dataclass
class Source:
    id: Value
    title: Value
    publisher: Value | None
    date: Value | None
    web_address: Value | None
    texts: list[Value]  # the full text, or the excerpts
    full_text: bool
    line: int


@dataclass
class Contribution:
    path: Path
    source: Source
    claims: list[ClaimEntry] = field(default_factory=list)

    def error(self, line: int | None, problem: str) -> InputError:
        return InputError(self.path, problem, line)


def read(path: Path) -> Contribution:
    """The contribution in ``path``; an ``InputError`` naming file and line for anything wrong."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise InputError(path, f"not UTF-8 text (byte {error.start})") from None
    except OSError as error:
        raise InputError(path, f"cannot read the file: {error.strerror or error}") from None
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        problem = f"not valid YAML: {error.problem or error.context}"
        if error.context and error.context_mark and error.problem_mark:
            problem += f" ({error.context}, from line {error.context_mark.line + 1})"
        raise InputError(path, problem, line) from None
    if root is None:
        raise InputError(path, "the file is empty: start one with 'advocacy-kg contribute new'")
    reader = _Reader(path)
    top = reader.mapping(root, "the file", {"source", "claims"})
    if "source" not in top:
        raise InputError(path, "no 'source:' section", 1)
    source = reader.source(top["source"])
    claims_node = top.get("claims")
    if claims_node is None or not getattr(claims_node, "value", None):
        line = claims_node.start_mark.line + 1 if claims_node else None
        raise InputError(path, "no claims: add at least one under 'claims:'", line)
    claims = [reader.claim(n) for n in reader.sequence(claims_node, "claims")]
    return Contribution(path, source, claims)


def line_of(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


class _Reader:
    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, node: yaml.Node, problem: str) -> InputError:
        return InputError(self.path, problem, line_of(node))

    def mapping(self, node: yaml.Node, what: str, keys: set[str]) -> dict[str, yaml.Node]:
        if not isinstance(node, yaml.MappingNode):
            raise self.fail(node, f"{what} should be a mapping of 'key: value' lines")
        found: dict[str, yaml.Node] = {}
        for key, value in node.value:
            name = self.scalar(key, "a key").text
            if name not in keys:
                known = ", ".join(sorted(keys))
                raise self.fail(key, f"unknown key {name!r} in {what} (known: {known})")
            if name in found:
                raise self.fail(key, f"{name!r} is given twice in {what}")
            found[name] = value
        return found

    def sequence(self, node: yaml.Node, what: str) -> list[yaml.Node]:
        if not isinstance(node, yaml.SequenceNode):
            raise self.fail(node, f"{what} should be a list (lines starting with '- ')")
        return list(node.value)

    def scalar(self, node: yaml.Node, what: str, *, required: bool = True) -> Value:
        if not isinstance(node, yaml.ScalarNode):
            raise self.fail(
                node,
                f"{what} should be a single value, not a list or mapping "
                "(put a text holding ', ' or ': ' in quotes)",
            )
        if required and not node.value.strip():
            raise self.fail(node, f"{what} is empty")
        block = node.style in ("|", ">")
        # a block scalar's text starts on the line after its '|' indicator
        return Value(node.value, line_of(node) + (1 if block else 0), block)

    def optional(self, fields: dict[str, yaml.Node], key: str) -> Value | None:
        node = fields.get(key)
        if node is None or (isinstance(node, yaml.ScalarNode) and not node.value.strip()):
            return None  # left empty: the source does not say
        return self.scalar(node, f"source {key}")

    def source(self, node: yaml.Node) -> Source:
        fields = self.mapping(node, "source", SOURCE_KEYS)
        for key in ("id", "title"):
            if key not in fields:
                raise self.fail(node, f"the source has no {key!r}")
        ident = self.scalar(fields["id"], "source id")
        if not SOURCE_ID.match(ident.text):
            raise self.fail(
                fields["id"],
                f"source id {ident.text!r} should be lower-case letters, digits and hyphens "
                "(like s38): it becomes part of IRIs and file names",
            )
        if ("text" in fields) == ("excerpts" in fields):
            raise self.fail(node, "the source needs its 'text' or its 'excerpts' (one of them)")
        if "text" in fields:
            texts, full = [self.scalar(fields["text"], "source text")], True
        else:
            items = self.sequence(fields["excerpts"], "source excerpts")
            texts, full = [self.scalar(n, "an excerpt") for n in items], False
            if not texts:
                raise self.fail(fields["excerpts"], "the source has no excerpts")
        return Source(
            id=ident,
            title=self.scalar(fields["title"], "source title"),
            publisher=self.optional(fields, "publisher"),
            date=self.optional(fields, "date"),
            web_address=self.optional(fields, "web address"),
            texts=texts,
            full_text=full,
            line=line_of(node),
        )

    def claim(self, node: yaml.Node) -> ClaimEntry:
        fields = self.mapping(node, "a claim", CLAIM_KEYS)
        if "quote" not in fields or "statements" not in fields:
            raise self.fail(node, "a claim needs a 'quote' and its 'statements'")
        quote = fields["quote"]
        if isinstance(quote, yaml.SequenceNode):  # several quotes, when the facts need them
            quotes = [self.scalar(n, "a quote") for n in quote.value]
        else:
            quotes = [self.scalar(quote, "the quote")]
        rows = [self.row(n) for n in self.sequence(fields["statements"], "statements")]
        if not rows:
            raise self.fail(fields["statements"], "a claim needs at least one statement")
        note = self.scalar(fields["note"], "the note") if "note" in fields else None
        return ClaimEntry(quotes, note, rows, line_of(node))

    def row(self, node: yaml.Node) -> Row:
        parts = self.sequence(node, "a statement")
        if len(parts) != 3:
            raise self.fail(
                node,
                f"a statement is [subject, predicate, object], not {len(parts)} values "
                "(put a value that holds a comma in quotes)",
            )
        subject, predicate, obj = (self.scalar(p, "a statement's term") for p in parts)
        return Row(subject, predicate, obj, line_of(node))
