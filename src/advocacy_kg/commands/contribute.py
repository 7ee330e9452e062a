"""``advocacy-kg contribute``: from an article to validated claims in data/, without writing RDF."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .. import config, loading
from ..contribution import checking, starter, writing
from ..engines import DEFAULT, ENGINES
from ..validation import ValidationError

DESCRIPTION = """\
Add a source and the claims drawn from it to the curated graph, through a contribution file
(YAML) that names the source, its text and, per claim, the verbatim quote and the statements
it supports. Claim IRIs, claim descriptions and source links are generated.

  new ARTICLE.txt --id ID   start a contribution file from an article's text
  check FILE                quotes verbatim? possible duplicates? the project's validation
  add FILE                  check, then write data/sources/ID.ttl and data/claims/ID.trig

CONTRIBUTING.md walks through it."""

EPILOG = """\
exit codes: 0 success (check: the contribution passes), 1 it does not pass (check),
  2 error: an unreadable contribution (the message names file and line), an id already
  taken, or (add) a contribution that does not pass; nothing is written then.
data directory: {data} (ADVOCACY_KG_HOME moves it)"""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "contribute",
        help="add a source and its claims from a contribution file (YAML)",
        description=DESCRIPTION,
        epilog=EPILOG.format(data=config.DATA_DIR),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    steps = parser.add_subparsers(dest="step", metavar="STEP", required=True)
    new = steps.add_parser("new", help="start a contribution file from an article's text")
    new.add_argument("article", type=Path, metavar="ARTICLE", help="the article, as UTF-8 text")
    new.add_argument("--id", required=True, help="the new source's id, like s38")
    new.add_argument("-o", "--output", type=Path, help="the file to write (default: ID.yaml here)")
    new.set_defaults(run=run_new)
    for name, run, what in (
        ("check", run_check, "check a contribution file; write nothing"),
        ("add", run_add, "check a contribution file, then write it into data/"),
    ):
        step = steps.add_parser(name, help=what, description=what)
        step.add_argument("file", type=Path, metavar="FILE", help="the contribution (YAML)")
        step.add_argument("--engine", choices=sorted(ENGINES), default=DEFAULT, help="SHACL engine")
        step.add_argument(
            "--strict", action="store_true", help="warnings and possible duplicates fail too"
        )
        step.set_defaults(run=run)


def run_new(args: argparse.Namespace) -> int:
    output = args.output or Path(f"{args.id}.yaml")
    try:
        if output.exists():
            raise loading.InputError(output, "exists already: not overwritten")
        for path in writing.targets(args.id):
            if path.exists():
                raise loading.InputError(path, f"source id {args.id!r} is taken")
        text = starter.starter(args.article, args.id, output)
        with output.open("x", encoding="utf-8") as out:
            out.write(text)
    except (loading.InputError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(
        f"wrote {output}: fill in the source and the claims, then "
        f"'advocacy-kg contribute check {output}'"
    )
    return 0


def checked(args: argparse.Namespace) -> checking.CheckResult | None:
    try:
        result = checking.check(args.file, args.engine)
    except (loading.InputError, ValidationError) as error:
        print(f"error: {error}", file=sys.stderr)
        return None
    sys.stdout.write(checking.render(result, strict=args.strict))
    return result


def run_check(args: argparse.Namespace) -> int:
    result = checked(args)
    if result is None:
        return 2
    return 0 if result.passes(strict=args.strict) else 1


def run_add(args: argparse.Namespace) -> int:
    result = checked(args)
    if result is None:
        return 2
    if not result.passes(strict=args.strict):
        print(f"error: {args.file}: the check fails: nothing written", file=sys.stderr)
        return 2
    try:
        paths = writing.write(result.contribution, result.built)
    except (loading.InputError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    for path in paths:
        print(f"wrote {path}")
    print("next: 'advocacy-kg validate', then 'scripts/serve' to see it in the browser")
    return 0
