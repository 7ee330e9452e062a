"""``contribute check``: quotes, possible duplicates and the project's own validation.

The validation is the one ``advocacy-kg validate`` runs (shapes, lint checks and whatever
support checks it holds), over the curated graph with the contribution added, so a claim
that refers to curated entities is checked against them. Only findings about what the
contribution mentions are shown: the curated graph answers for itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .. import loading, report, validating
from ..validation import ValidationReport, validate
from . import document, quotes
from .build import Built, build
from .duplicates import PossibleDuplicate, possible_duplicates
from .terms import Vocabulary


@dataclass(frozen=True)
class QuoteProblem:
    line: int
    quote: str
    closest: quotes.Passage | None


@dataclass
class CheckResult:
    contribution: document.Contribution
    built: Built
    quote_problems: list[QuoteProblem]
    duplicates: list[PossibleDuplicate]
    validation: ValidationReport
    context: report.Context

    def passes(self, *, strict: bool = False) -> bool:
        """Every quote verbatim and the data conform; with ``strict``, no warning or duplicate."""
        return (
            not self.quote_problems
            and self.validation.conforms(strict=strict)
            and not (strict and self.duplicates)
        )


def curated_store() -> ox.Store:
    """The context a contribution is validated in: ``validating``'s, with the curated graph."""
    store = ox.Store()
    store.bulk_extend(loading.parse_files(validating.context_files(with_curated=True)))
    return store


def check(path: Path, engine: str | None = None) -> CheckResult:
    """Check one contribution file; ``loading.InputError`` (file:line) if it cannot be read."""
    contribution = document.read(path)
    store = curated_store()
    source = contribution.source
    vocabulary = Vocabulary.of(store)
    built = build(contribution, vocabulary)
    if any(store.quads_for_pattern(ox.NamedNode(built.source), None, None, None)):
        raise contribution.error(
            source.id.line, f"source id {source.id.text!r} is already in the graph: pick another"
        )
    problems = [
        QuoteProblem(q.line, q.text, quotes.closest_passage(q.text, source.texts))
        for claim in contribution.claims
        for q in claim.quotes
        if not quotes.found(q.text, source.texts)
    ]
    duplicates = possible_duplicates(built.quads, store)
    store.bulk_extend(built.quads)
    mentioned = {
        term.value
        for q in built.quads
        for term in (q.subject, q.object)
        if isinstance(term, ox.NamedNode) and term.value not in vocabulary.terms
    }
    full = validate(store, engine)
    findings = [f for f in full.findings if f.focus in mentioned]
    validation = ValidationReport(findings, full.engine)
    foci = {f.focus for f in findings}
    context = report.Context(
        labels=report.labels(store, foci),
        locations={
            iri: report.Location(str(path), built.lines.get(iri))
            for iri in foci
            if iri in built.lines
        },
        inputs=[str(path), "the curated graph"],
    )
    return CheckResult(contribution, built, problems, duplicates, validation, context)


def render(result: CheckResult, *, strict: bool = False) -> str:
    path = result.contribution.path
    quoted = sum(len(c.quotes) for c in result.contribution.claims)
    out = [
        f"checked {path}: source {result.contribution.source.id.text}, "
        f"{len(result.built.claims)} claims, {len(result.built.quads)} triples",
        "",
        f"quotes: {quoted - len(result.quote_problems)} of {quoted} found verbatim in the "
        "source's text",
    ]
    for problem in result.quote_problems:
        out.append(f"{path}:{problem.line}: quote not found verbatim: {problem.quote!r}")
        passage = problem.closest
        if passage is None:
            out.append("    no passage of the text resembles it")
            continue
        where = f"text line {passage.text_line}, offset {passage.offset}"
        if passage.file_line:
            where += f"; {path}:{passage.file_line}"
        differs = quotes.first_difference(problem.quote, passage.text)
        out.append(f"    closest passage ({where}), {passage.similarity:.0%} alike:")
        out.append(f"    {passage.text!r}")
        out.append(
            f"    they part at character {differs + 1}: quote has "
            f"{problem.quote[differs : differs + 12]!r}, text has "
            f"{passage.text[differs : differs + 12]!r}"
        )
    out += ["", f"possible duplicates: {len(result.duplicates)}"]
    for dup in result.duplicates:
        line = result.built.lines.get(dup.entity)
        out.append(
            f"{path}:{line}: {report.short(dup.entity)} {dup.label!r} is close to "
            f"{report.short(dup.existing)} {dup.existing_label!r} ({dup.why}): if they are "
            "one, write that IRI or its exact label instead"
        )
    out += ["", "validation of what the contribution states:"]
    out.append(report.render_text(result.validation, result.context).rstrip("\n"))
    verdict = "passes" if result.passes(strict=strict) else "does NOT pass"
    out += ["", f"{path}: the contribution {verdict} the check" + (" (--strict)" if strict else "")]
    return "\n".join(out) + "\n"
