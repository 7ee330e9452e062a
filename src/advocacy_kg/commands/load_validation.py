"""Validation before a load: what ``advocacy-kg validate`` would say about the same input.

The policy is the validation library's (``validating.validate_files`` with ``skip_foreign``):
the curated graph (when it is loaded) is checked whole; a user file is checked when it uses the
project's vocabulary, with the curated graph (or the ontology) as its context. Files that do not
use the vocabulary (a Wikidata extract) have nothing the shapes could check.
"""

from __future__ import annotations

import sys

from .. import loading, report
from ..validating import Parsed, validate_files


def validate_input(curated: list[loading.RdfFile], users: Parsed) -> bool:
    """True when the input conforms; prints the report (stdout) and notes (stderr).

    ``users`` are the user files with their quads, parsed once by ``importing.plan``."""
    paths = [path for path, _ in users]
    checked = validate_files(paths, with_curated=bool(curated), skip_foreign=True, parsed=users)
    for path in checked.skipped if checked else paths:
        print(f"note: {path} uses none of the project's vocabulary: not validated", file=sys.stderr)
    if checked is None:
        return True
    result = checked.report
    if result.conforms():  # warnings alone do not stop a load: name them, do not list them
        inputs = ", ".join(checked.inputs)
        print(f"validated {inputs}: {report.summary(result, False)}", file=sys.stderr)
        return True
    sys.stdout.write(report.render_text(result, checked.context()))
    return False
