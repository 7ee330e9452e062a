"""Dumps of the whole dataset for reuse: one file per RDF format, deterministic, checksummed.

The dataset is the ontology, the vocabularies, the SHACL shapes, the sources and the claims
(each in its named graph), plus the dataset's own VoID/DCAT description. Blank nodes are
renamed by RDFC-1.0 canonicalisation and quads are sorted, so the same input gives
byte-identical files. Quad formats (TriG, N-Quads, JSON-LD) keep the named graphs; triple
formats (Turtle, N-Triples, RDF/XML) hold the union of all graphs, so they lose which claim
(and so which source and quote) supports each triple.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from pyld import jsonld

from . import __version__, config, loading
from .citation import Citation, load_citation
from .dataset_description import DESCRIPTION_PREFIXES, Distribution, describe_dataset
from .formats import JSON_LD, RDF_FORMATS, Format
from .jsonld_context import build_context, context_document
from .namespaces import PREFIXES
from .release import CRATE_NAME, crate, tables_and_package

#: The prefixes written into Turtle, TriG, RDF/XML and the JSON-LD context.
DUMP_PREFIXES: dict[str, str] = {**PREFIXES, **DESCRIPTION_PREFIXES}
CHECKSUMS_NAME = "SHA256SUMS"
CONTEXT_NAME = "context.jsonld"


#: The dump formats by name, those that keep the named graphs (and so the claims) first.
FORMATS: dict[str, Format] = {
    f.name: f for f in sorted(RDF_FORMATS, key=lambda f: not f.keeps_graphs)
}


def dump_name(fmt: Format, version: str = __version__) -> str:
    return f"advocacy-kg-{version}.{fmt.extension}"


def description_name(version: str = __version__) -> str:
    return f"advocacy-kg-{version}.void.ttl"


def dump_title(fmt: Format) -> str:
    scope = "named graphs kept" if fmt.keeps_graphs else "union of all graphs"
    return f"{fmt.title} dump ({scope})"


def content_quads() -> list[ox.Quad]:
    """The published content, blank nodes canonicalised, sorted; raises ``InputError``."""
    return canonical(list(loading.parse_files(loading.curated_files())))


def canonical(quads: list[ox.Quad]) -> list[ox.Quad]:
    """Content quads (curated files, or what a store holds) with the project's shapes, unless
    they carry a shapes graph already, blank nodes canonicalised, sorted."""
    if not any(q.graph_name == ox.NamedNode(config.SHAPES_GRAPH) for q in quads):
        for path in loading.shapes_files():
            quads.extend(loading.parse_file(path, config.SHAPES_GRAPH))
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return sort_quads(dataset)


def sort_quads(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    """Default graph first, then by graph, subject, predicate, object (N-Quads spelling)."""

    def key(q: ox.Quad) -> tuple[str, str, str, str]:
        graph = "" if isinstance(q.graph_name, ox.DefaultGraph) else str(q.graph_name)
        return (graph, str(q.subject), str(q.predicate), str(q.object))

    return sorted(quads, key=key)


def build_publication(
    formats: Sequence[Format],
    citation: Citation | None = None,
    content: list[ox.Quad] | None = None,
) -> dict[str, bytes]:
    """Every file of a release, by name, built in memory (nothing is written here).

    ``content``: the quads to publish (``canonical``); by default the curated files'."""
    citation = citation or load_citation()
    content = content if content is not None else content_quads()
    ontology = [q for q in content if q.graph_name == ox.NamedNode(config.ONTOLOGY_GRAPH)]
    context = build_context(ontology, DUMP_PREFIXES)
    listed = [Distribution(dump_name(f), f.media_type, dump_title(f)) for f in FORMATS.values()]
    description = describe_dataset(content, citation, listed, DUMP_PREFIXES)
    graph = ox.NamedNode(config.DESCRIPTION_GRAPH)
    quads = sort_quads(
        [*content, *(ox.Quad(t.subject, t.predicate, t.object, graph) for t in description)]
    )
    files = {dump_name(f): render(f, quads, context) for f in formats}
    written = [
        Distribution(dump_name(f), f.media_type, dump_title(f), files[dump_name(f)])
        for f in formats
    ]
    full = describe_dataset(content, citation, written, DUMP_PREFIXES)
    files[description_name()] = serialize(full, ox.RdfFormat.TURTLE)
    files[CONTEXT_NAME] = context_document(context)
    files.update(tables_and_package(content, citation))
    titles = {dump_name(f): dump_title(f) for f in formats} | {
        description_name(): "Dataset description (VoID and DCAT, with each dump's size and hash)",
        CONTEXT_NAME: "JSON-LD context of the vocabulary",
    }
    files[CRATE_NAME] = crate(files, titles, citation)
    files[CHECKSUMS_NAME] = checksums(files)
    return files


def render(fmt: Format, quads: Sequence[ox.Quad], context: Mapping[str, Any]) -> bytes:
    assert fmt.rdf is not None  # a dump format is an RDF format
    if fmt == JSON_LD:
        return compact_jsonld(quads, context)
    if fmt.keeps_graphs:
        return serialize(quads, fmt.rdf)
    union = sorted(
        {q.triple for q in quads}, key=lambda t: (str(t.subject), str(t.predicate), str(t.object))
    )
    return serialize(union, fmt.rdf)


def serialize(items: Iterable[ox.Quad] | Iterable[ox.Triple], fmt: ox.RdfFormat) -> bytes:
    """Bytes in ``fmt``, with the dump prefixes where the format has prefixes."""
    data = ox.serialize(items, format=fmt, prefixes=DUMP_PREFIXES)
    assert data is not None  # no output file given: the bytes are returned
    return data


def compact_jsonld(quads: Sequence[ox.Quad], context: Mapping[str, Any]) -> bytes:
    """Compact JSON-LD with the project's context written inline (readable without a network)."""
    nquads = serialize(quads, ox.RdfFormat.N_QUADS).decode()
    expanded = jsonld.from_rdf(nquads, {"format": "application/n-quads"})
    options = {"documentLoader": refuse_remote_documents, "graph": True}
    compacted = jsonld.compact(expanded, dict(context), options)
    return (json.dumps(compacted, indent=2, ensure_ascii=False) + "\n").encode()


def refuse_remote_documents(url: str, options: object = None) -> Any:
    raise jsonld.JsonLdError(
        f"refusing to load {url}: no network access", "loading document failed"
    )


def checksums(files: Mapping[str, bytes]) -> bytes:
    """``sha256sum`` format, sorted by file name, so ``sha256sum -c SHA256SUMS`` checks them."""
    lines = (
        f"{hashlib.sha256(data).hexdigest()}  {name}\n" for name, data in sorted(files.items())
    )
    return "".join(lines).encode()


def write_files(files: Mapping[str, bytes], out_dir: Path) -> list[Path]:
    """Write each file to a temporary name in ``out_dir``, then rename: no reader sees half a file.

    ``SHA256SUMS`` is renamed last, so it never lists a file that is not there yet.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    order = sorted(files, key=lambda name: (name == CHECKSUMS_NAME, name))
    staged: list[tuple[str, Path]] = []
    try:
        for name in order:
            handle, part = tempfile.mkstemp(dir=out_dir, prefix=f".{name}.", suffix=".part")
            staged.append((name, Path(part)))
            with os.fdopen(handle, "wb") as stream:
                stream.write(files[name])
                stream.flush()
                os.fsync(stream.fileno())
            os.chmod(part, 0o644)
    except BaseException:
        for _, staged_part in staged:
            staged_part.unlink(missing_ok=True)
        raise
    for name, staged_part in staged:
        os.replace(staged_part, out_dir / name)
    return [out_dir / name for name in order]


def export(
    out_dir: Path,
    formats: Sequence[Format] | None = None,
    content: list[ox.Quad] | None = None,
) -> list[Path]:
    """Build the release in memory (a bad input raises before any write), then write it."""
    files = build_publication(formats or list(FORMATS.values()), content=content)
    return write_files(files, out_dir)
