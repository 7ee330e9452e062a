"""``advocacy-kg load``: put the curated graph and users' own RDF files into a store.

Named graph by named graph and all or nothing: every graph in the input replaces its namesake in
the store, other graphs stay, and a failed or interrupted load leaves the store as it was.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from urllib.parse import urljoin

from .. import alignments, config, importing, loading
from ..store import StoreSpecError, open_store, store_spec
from ..store.files import Progress
from .store_option import add_store_option

DESCRIPTION = """\
Load the curated graph and your own RDF files into a store, named graph by named graph.

Each named graph in the input replaces the graph of the same name in the store; graphs not in
the input are kept, so loading again updates. A user file of a triple format (Turtle, N-Triples,
JSON-LD, RDF/XML) goes into its own graph, <graph/user/FILE-STEM> or the one given by --graph;
TriG and N-Quads files keep their graphs. Every user file gets a provenance record (file name,
load time, triple count) in <graph/import/FILE-STEM>, shown beside its data.

The input is validated first with the project's shapes (files that use the project's vocabulary;
--no-validate skips this), then parsed completely before the store is touched: a bad file names
its line and nothing is loaded. On oxigraph:DIR the text index that the browser's search uses
(DIR/text-index.sqlite) is updated for the subjects the load changed (or rebuilt) and swapped in
with the store."""

EPILOG = """\
stores (--store, else ADVOCACY_KG_STORE, else store = "..." in the TOML file named by
  ADVOCACY_KG_CONFIG): oxigraph:DIR (on disk, persistent), sparql:QUERY_URL [update=URL]
  [store=URL] (any SPARQL 1.1 server), memory (the curated graph) or empty, in memory (only
  useful for trying a load).
exit codes: 0 loaded, 1 validation failed (nothing loaded), 2 error (nothing loaded),
  130 interrupted (nothing loaded).
examples:
  advocacy-kg load --store oxigraph:/srv/advocacy-kg
  advocacy-kg load letters-2025.ttl wikidata-extract.nt --store oxigraph:/srv/advocacy-kg
  advocacy-kg load --no-curated --no-validate big.nq --store sparql:http://127.0.0.1:7878/query
  advocacy-kg load --no-curated alignments.csv --store oxigraph:/srv/advocacy-kg
    (Wikidata alignments, CSV or TSV: entity, wikidata, method, who, when; README, "Wikidata")"""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "load",
        help="load the curated graph and your RDF files into a store",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("files", nargs="*", type=Path, metavar="FILE", help="your RDF files")
    add_store_option(parser, "where to load (see below); default: memory")
    parser.add_argument(
        "--graph", help="named graph for the triples of the FILEs (an IRI, or relative to the base)"
    )
    parser.add_argument("--no-curated", action="store_true", help="load only the FILEs")
    parser.add_argument("--no-validate", action="store_true", help="skip validation")
    parser.add_argument("--progress", action="store_true", help="progress bar even without a TTY")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        spec = store_spec(args.store)
        curated = [] if args.no_curated else loading.curated_files()
        graph = urljoin(config.BASE, args.graph) if args.graph else None  # relative: to the base
        tables = alignments.read_files([f for f in args.files if alignments.is_table(f)])
        paths = [f for f in args.files if not alignments.is_table(f)]
        # validated files are parsed whole, once; unvalidated ones stream (any size)
        users = importing.plan(paths, graph, curated, parse=not args.no_validate)
        if not curated and not users and not tables:
            raise loading.InputError("load", "nothing to load: give FILEs or drop --no-curated")
        if not args.no_validate:
            from .load_validation import validate_input

            if not validate_input(curated, [(u.path, u.quads or []) for u in users]):
                print("error: validation failed: nothing loaded", file=sys.stderr)
                return 1
        store = open_store(spec)
        with tempfile.TemporaryDirectory(prefix="advocacy-kg-load-") as scratch:
            files = importing.files(curated, users)
            files += alignments.write_graphs(tables, Path(scratch))
            report = store.load_graphs(files, progress=Progress.auto(args.progress))
    except (loading.InputError, StoreSpecError, ValueError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted: nothing loaded, the store is as it was", file=sys.stderr)
        return 130
    print(
        f"loaded {report.quads} quads in {len(report.graphs)} named graphs from "
        f"{len(report.files)} files into {spec} in {report.seconds:.1f} s",
        file=sys.stderr,
    )
    return 0
