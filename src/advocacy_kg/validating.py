"""The validation library: which context to read with the input, then one validation.

One policy, shared by ``advocacy-kg validate``, the check before ``advocacy-kg load`` and the
browser's /validation page:

- no files: the curated graph, whole;
- files: with the project's ontology and vocabularies as their context, or with the whole
  curated graph (``with_curated``), since their claims may refer to it;
- a store: its quads as they are (bounded, where a server validates in its own process).

From a notebook::

    from pathlib import Path
    from advocacy_kg.validating import validate_files

    checked = validate_files([Path("new-claims.trig")], with_curated=True)
    checked.report.conforms(), [f.message for f in checked.report.findings]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from . import config, loading
from . import report as reporting
from .findings import ValidationError, ValidationReport

__all__ = ["Checked", "Parsed", "ValidationError", "validate_files", "validate_store"]
from .namespaces import PREFIXES
from .rdfterms import RDF_TYPE, Answers, quad_of, rows
from .validation import target_classes, validate

#: Each input file with its quads, in load order (the report names their lines).
Parsed = list[tuple[Path, list[ox.Quad]]]
CURATED = "the curated graph"


@dataclass
class Checked:
    """A validation and what it read: the report, and what a reader needs to render it."""

    parsed: Parsed
    inputs: list[str]
    dataset: ox.Store
    report: ValidationReport
    #: Files left out by ``skip_foreign``: they use none of the project's vocabulary.
    skipped: list[Path] = field(default_factory=list)

    def context(self, *, strict: bool = False) -> reporting.Context:
        foci = {f.focus for f in self.report.findings}
        return reporting.Context(
            labels=reporting.labels(self.dataset, foci),
            locations=reporting.locate(self.parsed, foci),
            inputs=self.inputs,
            strict=strict,
        )


def context_files(*, with_curated: bool) -> list[loading.RdfFile]:
    """What user files are checked with: the curated graph, or its ontology and vocabularies."""
    model = {config.ONTOLOGY_GRAPH, config.VOCABULARY_GRAPH}
    return [f for f in loading.curated_files() if with_curated or f.graph in model]


def validate_parsed(parsed: Parsed, inputs: list[str], engine: str | None = None) -> Checked:
    dataset = ox.Store()
    dataset.bulk_extend(q for _, quads in parsed for q in quads)
    return Checked(parsed, inputs, dataset, validate(dataset, engine))


def validate_files(
    files: Sequence[Path],
    *,
    with_curated: bool = False,
    engine: str | None = None,
    skip_foreign: bool = False,
    parsed: Parsed | None = None,
) -> Checked | None:
    """Validate ``files`` in their context (no files: the curated graph).

    By default every file must hold triples and some node a shape targets, else ``InputError``
    (its check would be vacuous). With ``skip_foreign`` (a load's check), files that use none
    of the project's vocabulary are left out instead, and None is returned when nothing is left
    to check. ``parsed``: the files' quads, when read already. Raises ``loading.InputError``
    for unreadable input, ``ValidationError`` when the validation cannot run.
    """
    if not files and skip_foreign and not with_curated:
        return None
    if not files:
        return validate_parsed(_parse(loading.curated_files()), [CURATED], engine)
    given = parsed if parsed is not None else [(p, loading.parse_file(p)) for p in files]
    skipped = [path for path, quads in given if skip_foreign and not uses_vocabulary(quads)]
    given = [(path, quads) for path, quads in given if path not in skipped]
    if skip_foreign:
        if not given and not with_curated:
            return None
        inputs = [CURATED] * with_curated + [str(path) for path, _ in given]
    else:
        for path, quads in given:
            if not quads:
                raise loading.InputError(path, "the file holds no triples: nothing to validate")
        check_targets(files, [q for _, quads in given for q in quads])
        inputs = [str(p) for p in files]
        inputs.append(CURATED if with_curated else "the ontology and vocabularies")
    checked = validate_parsed(_parse(context_files(with_curated=with_curated)) + given, inputs)
    checked.skipped = skipped
    return checked


def validate_store(queryable: Answers, *, limit: int) -> ValidationReport:
    """What a store holds, validated in this process: refused over ``limit`` quads."""
    return validate(store_dataset(queryable, limit=limit))


def store_dataset(queryable: Answers, *, limit: int) -> ox.Store:
    """The quads as a pyoxigraph store: the embedded store as it is, any other copied by SPARQL.

    A store over ``limit`` quads is refused whatever holds it: validating it would take minutes
    and several times its size in memory.
    """
    bounded = f"SELECT * WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }} LIMIT {limit + 1}"
    count = next(rows(queryable, f"SELECT (COUNT(*) AS ?n) WHERE {{ {{ {bounded} }} }}"))
    if int(count["n"].value) > limit:
        raise ValidationError(
            f"the store holds more than {limit} quads: run 'advocacy-kg validate'"
        )
    inner = getattr(queryable, "store", None)
    if isinstance(inner, ox.Store):
        return inner
    copy = ox.Store()
    for r in rows(queryable, "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }"):
        copy.add(quad_of(r["s"], r["p"].value, r["o"], r["g"].value))
    return copy


def uses_vocabulary(quads: list[ox.Quad]) -> bool:
    """An ``akg:`` property or class anywhere: something the project's shapes could check."""
    rdf_type = ox.NamedNode(RDF_TYPE)
    return any(
        q.predicate.value.startswith(config.ONTOLOGY)
        or (
            q.predicate == rdf_type
            and isinstance(q.object, ox.NamedNode)
            and q.object.value.startswith(config.ONTOLOGY)
        )
        for q in quads
    )


def check_targets(files: Sequence[Path], quads: list[ox.Quad]) -> None:
    """Refuse input in which no node is of a class a shape targets: its check would be vacuous."""
    rdf_type = ox.NamedNode(RDF_TYPE)
    types = {
        q.object for q in quads if q.predicate == rdf_type and isinstance(q.object, ox.NamedNode)
    }
    ontology = [f for f in loading.curated_files() if f.graph == config.ONTOLOGY_GRAPH]
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


def _parse(files: list[loading.RdfFile]) -> Parsed:
    return [(f.path, loading.parse_file(f.path, f.graph)) for f in files]
