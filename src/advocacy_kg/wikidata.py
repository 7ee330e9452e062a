"""From the graph to Wikidata: a Mix'n'match catalogue, and QuickStatements for aligned entities.

- ``mixnmatch.tsv``: every organisation and person (id, name, description, url), for Wikidata
  editors to match in Mix'n'match; needs no alignment.
- ``quickstatements.txt`` (QuickStatements V1): for letters aligned to a Wikidata item, the
  statements Wikidata has a property for — signatory (P1891) and addressee (P1817) when that
  entity is aligned too, publication date (P577, day precision ``/11``) — one line per claim
  that supports it, each with its reference: the source's web address (S854) and the claim's
  verbatim quote (S1683, English). A retrieved date (S813) is not written: the sources do not
  record when they were read, and none is guessed. A quote holding a double quote or a tab,
  which V1 cannot write, is left out of its reference (counted in ``Statements.skipped_quotes``).

Nothing else is exported: no QID is made up, and an entity without an alignment gets no line.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from . import config
from .alignments import Alignment, Link, links
from .alignments import quads as alignment_quads
from .namespaces import AKG
from .rdfterms import XSD, Term, rows, values_clause
from .store import Store

#: Our property, Wikidata's, and whether the value is an entity (else a date).
PROPERTIES = ((AKG.signatory, "P1891"), (AKG.addressedTo, "P1817"), (AKG.date, "P577"))
#: Precision codes of Wikidata time values, by XSD datatype.
PRECISION = {XSD + "date": 11, XSD + "gYearMonth": 10, XSD + "gYear": 9}
CATALOGUE_CLASSES = (AKG.Organisation, AKG.Person)


def mixnmatch_catalogue(store: Store) -> str:
    """Tab-separated id, name, description, url of every organisation and person."""
    sparql = f"""SELECT ?e (SAMPLE(?name) AS ?label) (SAMPLE(?classLabel) AS ?kind)
        (GROUP_CONCAT(DISTINCT ?extra; separator="; ") AS ?more) WHERE {{
      {values_clause("top", [str(c) for c in CATALOGUE_CLASSES])}
      ?class rdfs:subClassOf* ?top . ?e a ?class ; rdfs:label ?name .
      OPTIONAL {{ ?class rdfs:label ?classLabel FILTER(LANGMATCHES(LANG(?classLabel), "en")) }}
      OPTIONAL {{ {{ ?e akg:organisationType/skos:prefLabel ?extra }}
                 UNION {{ ?holding akg:holder ?e ; akg:office/rdfs:label ?extra }} }}
    }} GROUP BY ?e ORDER BY ?e"""
    out = io.StringIO()
    table = csv.writer(out, delimiter="\t", lineterminator="\n")
    table.writerow(["id", "name", "description", "url"])
    for row in rows(store, sparql):
        iri = row["e"].value
        kind = row["kind"].value if "kind" in row else ""
        more = row["more"].value if "more" in row else ""
        description = f"{kind}: {more}" if more else kind
        table.writerow([iri[len(config.ENTITY) :], _one_line(row["label"].value), description, iri])
    return out.getvalue()


@dataclass
class Statements:
    lines: list[str] = field(default_factory=list)
    skipped_quotes: int = 0

    @property
    def text(self) -> str:
        return "".join(line + "\n" for line in self.lines)


def quickstatements(store: Store, links: Iterable[Link]) -> Statements:
    """QuickStatements V1 for the aligned letters (see the module's notes)."""
    qids = {link.entity: link.qid for link in links}
    letters = _advocacy_actions(store, qids)
    found = Statements()
    if not letters:
        return found
    wanted = values_clause("p", [str(p) for p, _ in PROPERTIES])
    sparql = f"""SELECT ?s ?p ?o ?url ?quote WHERE {{
      {values_clause("s", letters)} {wanted}
      GRAPH ?claim {{ ?s ?p ?o . ?claim akg:source ?source ; akg:quote ?quote }}
      ?source akg:webAddress ?url
    }} ORDER BY ?s ?p ?o ?url ?quote"""
    codes = {str(p): code for p, code in PROPERTIES}
    for row in rows(store, sparql):
        value = _value(row["o"], qids)
        if value is None:
            continue  # an entity not aligned: no statement, no guess
        line = [qids[row["s"].value], codes[row["p"].value], value, "S854", f'"{row["url"].value}"']
        quote = row["quote"].value
        if '"' in quote or "\t" in quote:
            found.skipped_quotes += 1
        else:
            line += ["S1683", f'en:"{_one_line(quote)}"']
        text = "\t".join(line)
        if text not in found.lines:
            found.lines.append(text)
    return found


def _value(term: Term, qids: dict[str, str]) -> str | None:
    if term.is_iri:
        return qids.get(term.value)
    precision = PRECISION.get(term.datatype or "")
    if precision is None:
        return None
    padded = {11: term.value, 10: term.value + "-00", 9: term.value + "-00-00"}[precision]
    return f"+{padded}T00:00:00Z/{precision}"


def _advocacy_actions(store: Store, iris: Iterable[str]) -> list[str]:
    """The letters (and other advocacy actions) among ``iris``."""
    sparql = f"""SELECT DISTINCT ?e {{ {values_clause("e", iris)}
        ?e a ?c . ?c rdfs:subClassOf* akg:AdvocacyAction }} ORDER BY ?e"""
    return [row["e"].value for row in rows(store, sparql)] if iris else []


def _one_line(text: str) -> str:
    return " ".join(text.split())


MIXNMATCH_NAME = "mixnmatch.tsv"
QUICKSTATEMENTS_NAME = "quickstatements.txt"


def wikidata_files(tables: dict[Path, list[Alignment]]) -> tuple[dict[str, bytes], Statements]:
    """The files ``advocacy-kg export --wikidata`` writes: the catalogue, and the statements of
    the aligned entities when alignment files are given (read with ``alignments.read_files``)."""
    from .store.oxigraph import curated_store

    store = curated_store()
    files = {MIXNMATCH_NAME: mixnmatch_catalogue(store).encode("utf-8")}
    statements = Statements()
    if tables:
        store.add_quads(q for path, found in tables.items() for q in alignment_quads(path, found))
        statements = quickstatements(store, links(store))
        files[QUICKSTATEMENTS_NAME] = statements.text.encode("utf-8")
    return files, statements
