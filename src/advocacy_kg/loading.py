"""Reading RDF files safely into quads: the one parser entry point of the project.

pyoxigraph parses every format (Turtle, TriG, N-Triples, N-Quads, JSON-LD, RDF/XML) without
network access: no owl:imports are followed, remote JSON-LD contexts are refused and RDF/XML
external entities are never resolved. Files are read whole after a size check, so a parse error
leaves nothing half-loaded anywhere.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from . import config, formats, input_limits

#: File suffixes we read, and the format each one means.
FORMATS: dict[str, ox.RdfFormat] = formats.read_suffixes()


class InputError(Exception):
    """A file that cannot be read as RDF; the message names the file, line and problem."""

    def __init__(self, path: Path | str, problem: str, line: int | None = None) -> None:
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {problem}")
        self.path = str(path)
        self.line = line
        self.problem = problem


@dataclass(frozen=True)
class RdfFile:
    """An RDF file to load, and the named graph its triples go to (quad formats keep theirs)."""

    path: Path
    graph: str | None = None


def rdf_format(path: Path) -> ox.RdfFormat:
    try:
        return FORMATS[path.suffix.lower()]
    except KeyError:
        known = ", ".join(sorted(FORMATS))
        raise InputError(path, f"unknown RDF file type {path.suffix!r} (known: {known})") from None


def checked_format(path: Path) -> ox.RdfFormat:
    """The format of a file we may read: known suffix, readable, within the size limit."""
    fmt = guarded_format(path)
    with reading(path):
        size = path.stat().st_size
    if size > config.MAX_INPUT_BYTES:
        raise InputError(path, f"file is {size} bytes, over the limit of {config.MAX_INPUT_BYTES}")
    return fmt


def guarded_format(path: Path) -> ox.RdfFormat:
    """The format of a file any parser may be given: known suffix, a readable file, and within
    the nesting and entity limits of ``input_limits`` (whatever its size: files may stream)."""
    fmt = rdf_format(path)
    if path.is_dir():
        raise InputError(path, "is a directory, not an RDF file")
    with reading(path):
        input_limits.check(path, fmt.media_type)
    return fmt


@contextmanager
def reading(path: Path) -> Iterator[None]:
    """Turn what reading or parsing ``path`` can raise into an ``InputError`` naming it."""
    try:
        yield
    except input_limits.Refused as refused:
        raise InputError(path, refused.problem, refused.line) from None
    except SyntaxError as error:
        raise syntax_error(path, error) from None
    except MemoryError as error:
        if "buffer maximal size" in str(error):  # pyoxigraph caps one term at 16 MiB
            raise InputError(path, "a literal or IRI over the parser's limit of 16 MiB") from None
        raise InputError(path, "out of memory while reading this file") from None
    except OSError as error:
        raise InputError(path, error.strerror or str(error)) from None


def syntax_error(path: Path, error: SyntaxError) -> InputError:
    """A parser's SyntaxError as an InputError naming the file and line."""
    line = error.lineno if isinstance(error.lineno, int) else None
    return InputError(path, str(error.msg), line)


def parse_file(path: Path | str, graph: str | None = None) -> list[ox.Quad]:
    """All quads of one file, relative IRIs resolved against the canonical base.

    Triples of a triple format go to ``graph`` (the default graph when None). Raises
    ``InputError`` naming the file and line for an unreadable, oversized or malformed file.
    """
    path = Path(path)
    fmt = checked_format(path)
    with reading(path):
        quads = list(ox.parse(path.read_bytes(), fmt, base_iri=config.BASE))
    if graph is None or fmt.supports_datasets:
        return quads
    target = ox.NamedNode(graph)
    return [ox.Quad(q.subject, q.predicate, q.object, target) for q in quads]


def parse_files(files: Iterable[RdfFile]) -> Iterator[ox.Quad]:
    for file in files:
        yield from parse_file(file.path, file.graph)


def curated_files() -> list[RdfFile]:
    """The curated dataset: ontology, vocabularies, sources, claims, curators' inferences and
    replaced IRIs, in load order."""
    ontology = sorted(config.ONTOLOGY_DIR.glob("*.ttl"))
    vocabularies = sorted((config.ONTOLOGY_DIR / "vocabularies").glob("*.ttl"))
    sources = sorted((config.DATA_DIR / "sources").glob("*.ttl"))
    claims = sorted((config.DATA_DIR / "claims").glob("*.trig"))
    inferences = sorted((config.DATA_DIR / "inferences").glob("*.trig"))
    replaced = sorted(config.DATA_DIR.glob("replaced.ttl"))
    return (
        [RdfFile(p, config.ONTOLOGY_GRAPH) for p in ontology]
        + [RdfFile(p, config.VOCABULARY_GRAPH) for p in vocabularies]
        + [RdfFile(p, config.SOURCES_GRAPH) for p in sources]
        + [RdfFile(p) for p in claims]
        + [RdfFile(p) for p in inferences]
        + [RdfFile(p, config.REPLACED_GRAPH) for p in replaced]
    )


def shapes_files() -> list[Path]:
    return sorted(config.SHAPES_DIR.glob("*.ttl"))
