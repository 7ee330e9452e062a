"""Support checks: does each claim graph say no more than its quote?

``quote-not-in-source`` proves that a quote occurs in its source; these checks prove that what a
claim graph states follows from that quote, as far as text can tell: names, dates in labels,
stated counts, identifiers, speakers and open letters, and the classification of demands. They
match text, which SPARQL does poorly, so they are Python; each finding joins the report of
``advocacy-kg validate`` beside the shapes and the lint queries, named
``<def/shapes/checks/support-NAME>`` (``check:support-NAME``). The rules, with one example each,
are in ``ontology/checks/README.md``.

Only claim graphs (``GRAPH ?c { ?c a akg:Claim }``) are read as statements to be supported: an
``akg:Inference`` graph says that a curator inferred its facts, so no quote has to state them.

Text is compared after ``normalise``: Unicode NFC, case folded, runs of white space made one
space, and typographic apostrophes, quotation marks and dashes made ASCII (sources and curators
type them either way). Accents are kept: "Jourova" is not how a source spells "Jourová".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pyoxigraph as ox

from . import support_agents, support_classification, support_counts, support_names
from .findings import Finding
from .support_evidence import Evidence, normalise, says

__all__ = ["Evidence", "SupportCheck", "normalise", "says", "support_checks", "support_findings"]

SupportCheck = Callable[[Evidence], Iterable[Finding]]


def support_checks() -> tuple[SupportCheck, ...]:
    """Every support check, in the order of the README."""
    return (
        support_names.names,
        support_names.label_dates,
        support_counts.counts,
        *support_agents.CHECKS,
        support_classification.classification,
    )


def support_findings(store: ox.Store) -> list[Finding]:
    """All the support checks over one dataset, each finding once.

    A triple stated in several graphs is one solution per graph in the union: hence the dict.
    """
    evidence = Evidence.of(store)
    return list(dict.fromkeys(f for check in support_checks() for f in check(evidence)))
