"""Validation before a load: what ``advocacy-kg validate`` would say about the same input.

The policy is the validation library's (``validating.validate_files`` with ``skip_foreign``):
the curated graph (when it is loaded) is checked whole; a user file is checked when it uses the
project's vocabulary, with the curated graph (or the ontology) as its context. Files that do not
use the vocabulary (a Wikidata extract) have nothing the shapes could check.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .. import loading, report
from ..validating import validate_files


def validate_input(curated: list[loading.RdfFile], users: list[Path]) -> bool:
    """True when the input conforms; prints the report (stdout) and notes (stderr)."""
    try:
        checked = validate_files(users, with_curated=bool(curated), skip_foreign=True)
    except loading.InputError as error:
        if error.path in map(str, users) and "over the limit" in error.problem:
            # validation reads whole files; loading streams
            raise loading.InputError(error.path, f"{error.problem} (add --no-validate)") from None
        raise
    for path in checked.skipped if checked else users:
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
