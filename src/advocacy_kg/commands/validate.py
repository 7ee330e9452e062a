"""``advocacy-kg validate``: check the curated graph, or RDF files, against the project's shapes."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import pyoxigraph as ox

from .. import config, loading, report
from ..engines import DEFAULT, ENGINES
from ..namespaces import PREFIXES
from ..rdfterms import RDF_TYPE_NODE as RDF_TYPE
from ..store import RemoteStoreError, StoreSpec, StoreSpecError, open_store, store_spec
from ..validation import ValidationError, target_classes, validate
from .store_option import add_store_option, store_quads

DESCRIPTION = """\
Check RDF data against the project's SHACL shapes (ontology/shapes/) and its lint queries
(ontology/checks/), and print what does not conform, grouped by entity.

Without FILE, the curated graph is checked (ontology, vocabularies, sources and claims), or
what the store --store names holds (a store filled by 'advocacy-kg load').
With FILEs, those files are checked together with the project's ontology and vocabularies
(add --with-curated to check new claims against the whole curated graph). The shapes are
always the project's own: shapes inside the data files are ignored."""

EPILOG = """\
file types (by extension): .ttl Turtle, .trig TriG, .nt N-Triples, .nq N-Quads,
  .jsonld/.json JSON-LD, .rdf/.owl/.xml RDF/XML. Relative IRIs resolve against
  https://w3id.org/advocacy-kg/. Nothing is fetched: remote JSON-LD contexts and XML
  external entities are refused.
severities: Violation (must), Warning (should), Info. Only violations fail the check,
  unless --strict.
exit codes: 0 the data conform, 1 they do not, 2 error (unreadable or empty file,
  unknown file type, no node in the files that any shape targets, unknown engine).
examples:
  advocacy-kg validate                          # the curated graph
  advocacy-kg validate new-claims.trig --with-curated
  advocacy-kg validate --store oxigraph:/srv/advocacy-kg   # what a store holds
  advocacy-kg validate --format json letter.ttl > report.json"""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "validate",
        help="check the curated graph or RDF files against the shapes",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("files", nargs="*", type=Path, metavar="FILE", help="RDF files to check")
    parser.add_argument(
        "--format",
        choices=["text", "turtle", "json"],
        default="text",
        help="text (for reading, default), turtle (a SHACL validation report) or json",
    )
    parser.add_argument(
        "--engine",
        choices=sorted(ENGINES),
        default=DEFAULT,
        help=f"SHACL engine (default {DEFAULT}, the fastest measured; pyshacl is the reference)",
    )
    parser.add_argument(
        "--strict", action="store_true", help="warnings fail the check too (exit 1)"
    )
    parser.add_argument(
        "--with-curated",
        action="store_true",
        help="check the FILEs together with the curated graph (for claims that refer to it)",
    )
    add_store_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        if args.files and args.store:
            raise loading.InputError("validate", "give FILEs or --store, not both")
        spec = store_spec(args.store)
        if args.files or spec.is_curated:
            parsed, inputs = read_inputs(args.files, with_curated=args.with_curated)
        else:
            parsed, inputs = read_store(spec)
        dataset = ox.Store()
        dataset.bulk_extend(q for _, quads in parsed for q in quads)
        result = validate(dataset, args.engine)
    except (loading.InputError, ValidationError, StoreSpecError, RemoteStoreError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    foci = {f.focus for f in result.findings}
    context = report.Context(
        labels=report.labels(dataset, foci),
        locations=report.locate(parsed, foci),
        inputs=inputs,
        strict=args.strict,
    )
    render = {"text": report.render_text, "json": report.as_json, "turtle": report.as_turtle}
    sys.stdout.write(render[args.format](result, context))
    if args.format != "text":  # the verdict goes to stderr so stdout stays machine-readable
        print(report.summary(result, args.strict), file=sys.stderr)
    return 0 if result.conforms(strict=args.strict) else 1


Parsed = list[tuple[Path, list[ox.Quad]]]


def read_inputs(files: Sequence[Path], *, with_curated: bool) -> tuple[Parsed, list[str]]:
    """Each file with its quads, in load order, and a description of what is checked."""
    curated = loading.curated_files()
    if not files:
        return [(f.path, loading.parse_file(f.path, f.graph)) for f in curated], [
            "the curated graph"
        ]
    given = [(path, loading.parse_file(path)) for path in files]
    for path, quads in given:
        if not quads:
            raise loading.InputError(path, "the file holds no triples: nothing to validate")
    model = {config.ONTOLOGY_GRAPH, config.VOCABULARY_GRAPH}
    context = [f for f in curated if with_curated or f.graph in model]
    ontology = [f for f in context if f.graph == config.ONTOLOGY_GRAPH]
    check_targets(files, [q for _, quads in given for q in quads], ontology)
    parsed = [(f.path, loading.parse_file(f.path, f.graph)) for f in context] + given
    inputs = [str(p) for p in files]
    inputs.append("the curated graph" if with_curated else "the ontology and vocabularies")
    return parsed, inputs


def read_store(spec: StoreSpec) -> tuple[Parsed, list[str]]:
    """What a store holds, as one input without file lines (a store has none)."""
    quads = store_quads(open_store(spec, read_only=True), spec)
    return [(Path(str(spec)), quads)], [f"the store {spec}"]


def check_targets(
    files: Sequence[Path], quads: list[ox.Quad], ontology: list[loading.RdfFile]
) -> None:
    """Refuse input in which no node is of a class a shape targets: its check would be vacuous."""
    types = {
        q.object for q in quads if q.predicate == RDF_TYPE and isinstance(q.object, ox.NamedNode)
    }
    store = ox.Store()
    store.bulk_extend(loading.parse_files(ontology))
    targeted = store.query(
        "ASK { ?type rdfs:subClassOf* ?class "
        f"VALUES ?type {{ {' '.join(str(t) for t in types)} }} "
        f"VALUES ?class {{ {' '.join(f'<{c}>' for c in target_classes())} }} }}",
        use_default_graph_as_union=True,
        prefixes=PREFIXES,
    )
    if not bool(targeted):
        raise loading.InputError(
            ", ".join(map(str, files)),
            "no node in the input is of a class the shapes check (akg:OpenLetter, akg:Claim, "
            "…): nothing would be validated. Does each entity state its rdf:type?",
        )
