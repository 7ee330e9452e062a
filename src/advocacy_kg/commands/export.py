"""``advocacy-kg export``: write the release's dumps, descriptions and checksums to a folder."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .. import alignments
from ..citation import CitationError
from ..export import FORMATS, canonical, export
from ..formats import format_option
from ..loading import InputError
from ..store import RemoteStoreError, StoreSpecError, open_store, store_spec
from .store_option import add_store_option, store_quads, without_description
from .wikidata_export import write_wikidata


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "export",
        help="write the whole dataset as RDF dumps with descriptions and checksums",
        description="Write the whole dataset (ontology, vocabularies, SHACL shapes, sources, "
        "claims and the dataset's VoID/DCAT description) to DIR, one file per format, named "
        "after the version (advocacy-kg-VERSION.trig, ...). Also written: the VoID/DCAT "
        "description with each dump's size and SHA-256 (advocacy-kg-VERSION.void.ttl), the "
        "JSON-LD context (context.jsonld), CSV views of letters, organisations, signatories "
        "and demands with their Data Package (datapackage.json), the release's RO-Crate "
        "(ro-crate-metadata.json) and SHA256SUMS. The same input gives byte-identical "
        "files. TriG, N-Quads and JSON-LD keep one named graph per claim; Turtle, N-Triples "
        "and RDF/XML hold the union of all graphs and so lose which claim supports a triple. "
        "With --store, the named graphs that store holds are exported instead of data/.",
        epilog="example: advocacy-kg export --out dist/ && (cd dist && sha256sum -c SHA256SUMS)\n"
        "exit codes: 0 written, 2 an input file or CITATION.cff is unreadable (nothing written).",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--format",
        action="append",
        type=format_option(list(FORMATS.values())),
        dest="formats",
        metavar="FORMAT",
        help=f"a format to write ({', '.join(FORMATS)}); repeat for several (default: all)",
    )
    parser.add_argument(
        "--out", type=Path, required=True, metavar="DIR", help="folder to write to (created)"
    )
    parser.add_argument(
        "--wikidata",
        action="store_true",
        help="also write mixnmatch.tsv (every organisation and person, for Mix'n'match) and, "
        "with --alignments, quickstatements.txt (README, 'Wikidata')",
    )
    parser.add_argument(
        "--alignments",
        action="append",
        type=Path,
        default=[],
        metavar="FILE",
        help="a Wikidata alignment file (CSV or TSV, as for load) for --wikidata; repeatable",
    )
    add_store_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    formats = [FORMATS[name] for name in dict.fromkeys(args.formats or FORMATS)]
    try:
        tables = alignments.read_files(args.alignments)  # a bad row stops before any write
        content = None
        spec = store_spec(args.store)
        if not spec.is_curated:
            quads = store_quads(open_store(spec, read_only=True), spec)
            content = canonical(without_description(quads))
        paths = export(args.out, formats, content)
        if args.wikidata or tables:
            paths += write_wikidata(args.out, tables)
    except (InputError, CitationError, StoreSpecError, RemoteStoreError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"error: {error.filename or args.out}: {error.strerror}", file=sys.stderr)
        return 2
    for path in paths:
        print(path)
    return 0
