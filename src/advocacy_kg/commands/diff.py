"""``advocacy-kg diff``: the entities added, removed and changed between two dumps."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..diff import diff_files, render_json, render_text
from ..export import write_files
from ..loading import InputError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "diff",
        help="list entities added, removed and changed between two dumps",
        description="Compare two dumps of the dataset (any RDF format: .trig, .nq, .jsonld, "
        ".ttl, .nt, .rdf) and list the entities (IRIs in subject position) added, removed "
        "and changed. When both files keep named graphs, moving a statement to another "
        "claim graph counts as a change.",
        epilog="example: advocacy-kg diff advocacy-kg-0.1.0.trig advocacy-kg-0.2.0.trig --detail\n"
        "exit codes: 0 compared (whether or not anything changed), 2 a file cannot be read "
        "(nothing is written).",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("old", type=Path, help="the earlier dump")
    parser.add_argument("new", type=Path, help="the later dump")
    parser.add_argument(
        "--format", choices=["text", "json"], default="text", help="report format (default: text)"
    )
    parser.add_argument(
        "--detail", action="store_true", help="list the statements added and removed per entity"
    )
    parser.add_argument(
        "--output", "-o", type=Path, help="write the report to this file instead of stdout"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        diff = diff_files(args.old, args.new)
    except InputError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    render = render_json if args.format == "json" else render_text
    report = render(diff, detail=args.detail)
    if args.output is None:
        sys.stdout.write(report)
        return 0
    try:
        write_files({args.output.name: report.encode()}, args.output.parent)
    except OSError as error:
        print(f"error: {error.filename or args.output}: {error.strerror}", file=sys.stderr)
        return 2
    return 0
