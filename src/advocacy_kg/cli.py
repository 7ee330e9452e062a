"""The ``advocacy-kg`` command: one sub-command per module in ``advocacy_kg.commands``.

Exit codes, for every sub-command: 0 success (for ``validate``: the data conform),
1 the data do not conform, 2 an error (bad input, bad query, bad option).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from . import __version__
from .commands import COMMANDS

EPILOG = """\
exit codes: 0 success, 1 data do not conform (validate), 2 error.
Run 'advocacy-kg COMMAND --help' for the options of one command."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="advocacy-kg",
        description="Validate, query, serve and export the knowledge graph of "
        "civil-society advocacy on AI surveillance.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for command in COMMANDS:
        command.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except KeyboardInterrupt:
        return 130
    except (MemoryError, RecursionError) as error:  # last resort: a message, never a traceback
        print(f"error: {args.command}: {type(error).__name__}: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
