"""``advocacy-kg load``: put the curated graph and users' own RDF files into a store.

Named graph by named graph and all or nothing: every graph in the input replaces its namesake in
the store, other graphs stay, and a failed or interrupted load leaves the store as it was.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urljoin

import pyoxigraph as ox

from .. import alignments, config, loading, namespaces
from ..namespaces import DCTERMS_NS as DCTERMS
from ..namespaces import PROV_NS as PROV
from ..namespaces import XSD_INTEGER
from ..rdfterms import RDF_TYPE_NODE as RDF_TYPE
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

VOID_TRIPLES = ox.NamedNode(namespaces.VOID_TRIPLES)
RDFS_LABEL = ox.NamedNode(namespaces.RDFS_LABEL)


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


@dataclass
class UserFile:
    """A user's file: where its triples go and what its provenance record says."""

    path: Path
    graph: str | None  # for triple formats; quad formats keep theirs
    record: str
    graphs: set[str]
    quads: int


def run(args: argparse.Namespace) -> int:
    try:
        spec = store_spec(args.store)
        curated = [] if args.no_curated else loading.curated_files()
        graph = urljoin(config.BASE, args.graph) if args.graph else None  # relative: to the base
        tables = alignments.read_files([f for f in args.files if alignments.is_table(f)])
        users = plan([f for f in args.files if not alignments.is_table(f)], graph, curated)
        if not curated and not users and not tables:
            raise loading.InputError("load", "nothing to load: give FILEs or drop --no-curated")
        if not args.no_validate:
            from .load_validation import validate_input

            if not validate_input(curated, [u.path for u in users]):
                print("error: validation failed: nothing loaded", file=sys.stderr)
                return 1
        store = open_store(spec)
        with tempfile.TemporaryDirectory(prefix="advocacy-kg-load-") as scratch:
            files = curated + [loading.RdfFile(u.path, u.graph) for u in users]
            if users:
                files.append(write_records(users, Path(scratch) / "imports.trig"))
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


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "data"


def plan(paths: list[Path], graph: str | None, curated: list[loading.RdfFile]) -> list[UserFile]:
    """Where each user file goes; refuses clashes before anything is read into a store."""
    taken = curated_graphs(curated)
    users, records = [], set()
    for path in paths:
        fmt = loading.guarded_format(path)  # nesting and entity limits, before any parser
        if not path.is_file():
            raise loading.InputError(path, "no such file")
        target = (
            None if fmt.supports_datasets else graph or config.GRAPH + "user/" + slug(path.stem)
        )
        record = config.GRAPH + "import/" + slug(path.stem)
        if record in records:
            raise loading.InputError(path, "another file has the same name: rename one")
        records.add(record)
        graphs, quads = scan(path, fmt)
        if target:
            graphs = {target}
        clash = sorted(graphs & taken)
        if clash:
            raise loading.InputError(path, f"would replace the curated graph <{clash[0]}>")
        users.append(UserFile(path, target, record, graphs, quads))
    return users


def scan(path: Path, fmt: ox.RdfFormat) -> tuple[set[str], int]:
    """The named graphs a file fills and its number of quads (one streaming parse)."""
    graphs: set[str] = set()
    count = 0
    with loading.reading(path):
        for quad in ox.parse(path=path, format=fmt, base_iri=config.BASE):
            count += 1
            if isinstance(quad.graph_name, ox.NamedNode):
                graphs.add(quad.graph_name.value)
            elif fmt.supports_datasets:
                raise loading.InputError(path, "holds triples outside any named graph")
    if not count:
        raise loading.InputError(path, "the file holds no triples")
    return graphs, count


def curated_graphs(curated: list[loading.RdfFile]) -> set[str]:
    names = {f.graph for f in curated if f.graph}
    for file in curated:
        if not file.graph:
            names |= scan(file.path, loading.rdf_format(file.path))[0]
    return names


def write_records(users: list[UserFile], path: Path) -> loading.RdfFile:
    """One provenance record per user file, each in its own graph, as a TriG file to load."""
    now = ox.Literal(
        datetime.now(UTC).isoformat(timespec="seconds"),
        datatype=ox.NamedNode(namespaces.XSD_DATETIME),
    )
    quads = []
    for user in users:
        node = ox.NamedNode(user.record)
        facts: list[tuple[ox.NamedNode, ox.NamedNode | ox.Literal]] = [
            (RDF_TYPE, ox.NamedNode(PROV + "Entity")),
            (RDFS_LABEL, ox.Literal(f"Import of {user.path.name}", language="en")),
            (ox.NamedNode(DCTERMS + "source"), ox.Literal(user.path.name)),
            (ox.NamedNode(PROV + "generatedAtTime"), now),
            (VOID_TRIPLES, ox.Literal(str(user.quads), datatype=ox.NamedNode(XSD_INTEGER))),
            *((ox.NamedNode(DCTERMS + "hasPart"), ox.NamedNode(g)) for g in sorted(user.graphs)),
        ]
        quads += [ox.Quad(node, p, o, node) for p, o in facts]
        # the graphs point back to their import, so a graph's own page shows where it came from
        derived = ox.NamedNode(PROV + "wasDerivedFrom")
        quads += [ox.Quad(ox.NamedNode(g), derived, node, node) for g in sorted(user.graphs)]
        if user.graph:
            title = ox.Literal(f"Data loaded from {user.path.name}", language="en")
            quads.append(ox.Quad(ox.NamedNode(user.graph), RDFS_LABEL, title, node))
    path.write_bytes(ox.serialize(quads, format=ox.RdfFormat.TRIG) or b"")
    return loading.RdfFile(path)
