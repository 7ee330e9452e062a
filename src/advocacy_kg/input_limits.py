"""Limits checked on an RDF file before any parser reads it, by a streaming scan of its bytes.

pyoxigraph's parsers are safe against remote fetches but not against three shapes of input:
JSON-LD nested a few thousand levels deep overflows the stack (the process dies, no exception),
RDF/XML elements nested tens of thousands deep take time that grows with the square of the depth,
and RDF/XML internal entities ("billion laughs": 680 bytes that expand to gigabytes) are
expanded without a bound. So JSON-LD and RDF/XML files are scanned first, a buffer at a time,
and refused with the line where a limit is passed. The text formats (Turtle, TriG, N-Triples,
N-Quads) need no scan: their parsers keep nesting on the heap and cap a term at 16 MiB.

Entity declarations are allowed (ontology editors write ``<!ENTITY owl "…#">`` for namespaces),
but what their references expand to, in total, may not exceed the file's own size or
``config.MAX_ENTITY_EXPANSION``, whichever is larger. Parameter entities and external entities
are refused.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from . import config

#: Bytes read at a time.
CHUNK = 4 * 1024 * 1024
#: A string, comment or tag still open after this many bytes is refused: the parsers cap a term
#: at 16 MiB, and the scan must not hold more than this to find where it ends.
MAX_TOKEN = 16 * 1024 * 1024

# strings written as "unrolled loops" (runs of plain bytes, then one escape): linear and fast
_JSON = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]|"', re.DOTALL)
_XML = re.compile(
    rb"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>|(?P<doctype><!DOCTYPE\s)"
    rb"|<(?P<close>/?)[^\s/>!?]+(?:\"[^\"]*\"|'[^']*'|[^\"'>])*?(?P<empty>/?)>"
    rb"|&(?P<ref>[^\s&;<>\"'#]+);|<",
    re.DOTALL,
)
_REF = re.compile(rb"&([^\s&;<>\"'#]+);")
# one markup declaration, comment, processing instruction, parameter-entity reference or space
_DTD_PART = re.compile(
    rb"<!--.*?-->|<\?.*?\?>|<!(?:\"[^\"]*\"|'[^']*'|[^\"'>])*>|%[^;\s]*;|\s", re.DOTALL
)
_QUOTED = re.compile(rb"\"[^\"]*\"|'[^']*'")
_ENTITY = re.compile(rb"<!ENTITY\s+(%\s+)?([^\s]+)\s+(\"[^\"]*\"|'[^']*'|[A-Z]+)", re.DOTALL)


class Refused(Exception):
    """A file over a limit: the problem, and the line where it was found."""

    def __init__(self, problem: str, line: int | None = None) -> None:
        super().__init__(problem)
        self.problem, self.line = problem, line


def check(path: Path, media_type: str) -> None:
    """Scan ``path`` if its format needs it; raise ``Refused`` when it is over a limit."""
    if media_type == "application/ld+json":
        with path.open("rb") as handle:
            _check_json(handle, config.MAX_JSON_NESTING)
    elif media_type == "application/rdf+xml":
        with path.open("rb") as handle:
            _check_xml(handle, config.MAX_XML_NESTING, path.stat().st_size)


def _chunks(handle: BinaryIO) -> Iterator[bytes]:
    while chunk := handle.read(CHUNK):
        yield chunk


def _check_json(handle: BinaryIO, limit: int) -> None:
    depth, line, pending = 0, 1, b""
    for chunk in _chunks(handle):
        if pending and b'"' not in chunk:  # still inside the same string: no need to rescan
            pending = _pending(pending + chunk, 0, line, "a string")
            continue
        buffer, pending = pending + chunk, b""
        for match in _JSON.finditer(buffer):
            token = match.group()
            if token == b'"':  # a string that ends in a later buffer
                pending = _pending(buffer, match.start(), line, "a string")
                break
            if token in (b"[", b"{"):
                depth += 1
                if depth > limit:
                    raise Refused(
                        f"JSON nested deeper than {limit} levels (ADVOCACY_KG_MAX_JSON_NESTING)",
                        line + buffer.count(b"\n", 0, match.start()),
                    )
            elif token in (b"]", b"}"):
                depth -= 1
        line += buffer.count(b"\n", 0, len(buffer) - len(pending))


def _pending(buffer: bytes, start: int, line: int, what: str) -> bytes:
    if len(buffer) - start > MAX_TOKEN:
        raise Refused(
            f"{what} longer than {MAX_TOKEN // 1024 // 1024} MiB",
            line + buffer.count(b"\n", 0, start),
        )
    return buffer[start:]


def _check_xml(handle: BinaryIO, limit: int, size: int) -> None:
    depth, line, pending = 0, 1, b""
    entities: dict[bytes, int] = {}  # name -> length of its expansion
    budget = max(config.MAX_ENTITY_EXPANSION, size)
    expanded = 0
    for chunk in _chunks(handle):
        if pending[:1] == b"<" and b">" not in chunk:  # inside the same markup: no rescan
            pending = _pending(pending + chunk, 0, line, "a tag, comment or CDATA section")
            continue
        buffer, pending, position = pending + chunk, b"", 0
        while match := _XML.search(buffer, position):
            if match.group("doctype"):
                here = line + buffer.count(b"\n", 0, match.start())
                end = _subset_end(buffer, match.end())
                if end is None:
                    pending = _pending(buffer, match.start(), line, "the DOCTYPE")
                    break
                entities = _entity_sizes(buffer[match.start() : end], here, budget)
                position = end
                continue
            token = match.group()
            if token == b"<":  # a tag, comment or section that ends in a later buffer
                pending = _pending(buffer, match.start(), line, "a tag, comment or CDATA section")
                break
            position = match.end()
            if entities:
                refs = [match.group("ref")] if match.group("ref") else _REF.findall(token)
                expanded += sum(entities.get(name, 0) for name in refs)
                if expanded > budget:
                    raise Refused(
                        f"XML entity references expand to over {budget} characters "
                        "(ADVOCACY_KG_MAX_ENTITY_EXPANSION)",
                        line + buffer.count(b"\n", 0, match.start()),
                    )
            if not token.startswith(b"<") or token[1:2] in (b"!", b"?") or match.group("empty"):
                continue
            depth += -1 if match.group("close") else 1
            if depth > limit:
                raise Refused(
                    f"XML elements nested deeper than {limit} levels (ADVOCACY_KG_MAX_XML_NESTING)",
                    line + buffer.count(b"\n", 0, match.start()),
                )
        else:  # a reference cut by the buffer's end is counted with the next buffer
            cut = buffer.rfind(b"&", position)
            if cut >= 0 and b";" not in buffer[cut:]:
                pending = _pending(buffer, cut, line, "an entity reference")
        line += buffer.count(b"\n", 0, len(buffer) - len(pending))
    if pending.startswith(b"<!DOCTYPE"):  # never understood: its entities could not be bounded
        raise Refused("a DOCTYPE this reader cannot follow (malformed or unfinished)", line)


def _subset_end(buffer: bytes, position: int) -> int | None:
    """Where the DOCTYPE starting before ``position`` ends, or None if beyond the buffer."""
    while position < len(buffer) and buffer[position] not in b"[>":
        quote = buffer[position : position + 1]
        if quote in (b'"', b"'"):
            position = buffer.find(quote, position + 1)
            if position < 0:
                return None
        position += 1
    if position >= len(buffer):
        return None
    if buffer[position : position + 1] == b"[":  # the internal subset: declarations until ']'
        position += 1
        while (part := _DTD_PART.match(buffer, position)) is not None:
            position = part.end()
        if buffer[position : position + 1] != b"]":
            return None  # cut by the buffer's end, or malformed: the caller reads on or refuses
        position = buffer.find(b">", position)
        if position < 0:
            return None
    return position + 1


def _entity_sizes(doctype: bytes, line: int, budget: int) -> dict[bytes, int]:
    """Each internal general entity with the length of its full expansion."""
    values: dict[bytes, bytes] = {}
    if re.search(rb"<!ENTITY\s+%", doctype):
        raise Refused("XML parameter entities are not accepted", line)
    declared = _QUOTED.sub(b"", doctype).count(b"<!ENTITY")  # not those inside entity values
    if len(_ENTITY.findall(doctype)) != declared:
        raise Refused("an XML entity declaration this reader cannot follow", line)
    for match in _ENTITY.finditer(doctype):
        parameter, name, value = match.groups()
        here = line + doctype.count(b"\n", 0, match.start())
        if parameter:
            raise Refused("XML parameter entities are not accepted", here)
        if value[:1] not in (b'"', b"'"):
            raise Refused(f"XML external entity {name.decode(errors='replace')!r} refused", here)
        values.setdefault(name, value[1:-1])  # XML: the first declaration binds
    sizes: dict[bytes, int] = {}
    for root in values:
        stack, open_ = [root], {root}
        while stack:
            name = stack[-1]
            refs = _REF.findall(values[name])
            todo = [r for r in refs if r in values and r not in sizes]
            if any(r in open_ for r in todo):
                entity = name.decode(errors="replace")
                raise Refused(f"XML entity {entity!r} refers to itself", line)
            if todo:
                stack.append(todo[0])
                open_.add(todo[0])
                continue
            stack.pop()
            open_.discard(name)
            sizes[name] = len(_REF.sub(b"", values[name])) + sum(sizes.get(r, 1) for r in refs)
            if sizes[name] > budget:
                raise Refused(
                    f"XML entity {name.decode(errors='replace')!r} expands to over {budget} "
                    "characters (ADVOCACY_KG_MAX_ENTITY_EXPANSION)",
                    line,
                )
    return sizes
