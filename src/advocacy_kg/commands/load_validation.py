"""Validation before a load: what ``advocacy-kg validate`` would say about the same input.

The curated graph (when it is loaded) is checked whole; a user file is checked with the
project's shapes when it uses the project's vocabulary (an ``akg:`` class or property), with the
curated graph (or the ontology) as its context, exactly as ``validate FILE --with-curated`` does.
Files that do not use the vocabulary (a Wikidata extract) have nothing the shapes could check.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pyoxigraph as ox

from .. import config, loading
from ..rdfterms import RDF_TYPE_NODE as RDF_TYPE


def uses_vocabulary(quads: list[ox.Quad]) -> bool:
    return any(
        q.predicate.value.startswith(config.ONTOLOGY)
        or (
            q.predicate == RDF_TYPE
            and isinstance(q.object, ox.NamedNode)
            and q.object.value.startswith(config.ONTOLOGY)
        )
        for q in quads
    )


def validate_input(curated: list[loading.RdfFile], users: list[Path]) -> bool:
    """True when the input conforms; prints the report (stdout) and notes (stderr)."""
    from .. import report, validation

    context = curated or [
        f
        for f in loading.curated_files()
        if f.graph in (config.ONTOLOGY_GRAPH, config.VOCABULARY_GRAPH)
    ]
    parsed = [(f.path, loading.parse_file(f.path, f.graph)) for f in context]
    checked = ["the curated graph"] if curated else []
    for path in users:
        try:
            quads = loading.parse_file(path)
        except loading.InputError as error:
            if "over the limit" in error.problem:  # validation reads whole files; loading streams
                raise loading.InputError(path, f"{error.problem} (add --no-validate)") from None
            raise
        if uses_vocabulary(quads):
            parsed.append((path, quads))
            checked.append(str(path))
        else:
            print(
                f"note: {path} uses none of the project's vocabulary: not validated",
                file=sys.stderr,
            )
    if not checked:
        return True
    dataset = ox.Store()
    dataset.extend(q for _, quads in parsed for q in quads)
    result = validation.validate(dataset)
    if result.conforms():  # warnings alone do not stop a load: name them, do not list them
        print(f"validated {', '.join(checked)}: {report.summary(result, False)}", file=sys.stderr)
        return True
    foci = {f.focus for f in result.findings}
    context_info = report.Context(
        labels=report.labels(dataset, foci),
        locations=report.locate(parsed, foci),
        inputs=checked,
    )
    sys.stdout.write(report.render_text(result, context_info))
    return False
