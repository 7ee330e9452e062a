"""The Wikidata files of ``advocacy-kg export --wikidata`` (kept apart from the dumps: they are
derived for Wikidata editors, not part of the release's checksummed files)."""

from __future__ import annotations

import sys
from pathlib import Path

from ..alignments import Alignment
from ..export import write_files
from ..wikidata import wikidata_files


def write_wikidata(out_dir: Path, tables: dict[Path, list[Alignment]]) -> list[Path]:
    files, statements = wikidata_files(tables)
    if statements.skipped_quotes:
        print(
            f"note: {statements.skipped_quotes} quotes left out of QuickStatements references "
            "(V1 cannot write a double quote or a tab)",
            file=sys.stderr,
        )
    return write_files(files, out_dir)
