"""CSV views of the graph for spreadsheet users: letters, organisations, signatories, demands.

Each view is one SPARQL query over the published content and one Table Schema (Frictionless
Data) describing its columns; ``release.py`` writes them with a Data Package. Values several
sources give differently (two dates, two stated counts) are all listed, joined by "; ", never
reduced to one: the CSVs simplify the shape of the graph, not its claims.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from .namespaces import PREFIXES

#: Joins several values in one cell.
SEPARATOR = "; "


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # a Table Schema field type: string, integer
    description: str
    several: bool = False  # values joined by SEPARATOR (GROUP_CONCAT)


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    sparql: str

    def schema(self) -> dict[str, Any]:
        fields = [
            {"name": c.name, "type": c.type, "description": c.description}
            | ({"format": "uri"} if c.type == "string" and c.name.endswith("iri") else {})
            for c in self.columns
        ]
        return {"fields": fields, "primaryKey": list(self.primary_key)}


def _label(var: str) -> str:
    """A pattern binding ``?{var}_label`` to the English label of ``?{var}`` (or its prefLabel)."""
    return (
        f"OPTIONAL {{ ?{var} rdfs:label ?{var}_rl FILTER(langMatches(lang(?{var}_rl), 'en')) }} "
        f"OPTIONAL {{ ?{var} skos:prefLabel ?{var}_pl FILTER(langMatches(lang(?{var}_pl), 'en')) }}"
    )


def _joined(expression: str, name: str) -> str:
    return f'(GROUP_CONCAT(DISTINCT STR({expression}); separator="{SEPARATOR}") AS ?{name})'


IRI = "the entity's IRI (dereferenceable: HTML for people, RDF for programs)"
COUNT_TEXT = (
    "signatory counts the sources state: a number, 'more than N', 'about N' or 'fewer than N'; "
    "several where sources differ"
)
STATED = """OPTIONAL { ?letter akg:statedSignatoryCount ?sc .
    OPTIONAL { ?sc akg:exactCount ?exact } OPTIONAL { ?sc akg:moreThan ?more }
    OPTIONAL { ?sc akg:approximately ?about } OPTIONAL { ?sc akg:fewerThan ?fewer }
    BIND(COALESCE(STR(?exact), CONCAT("more than ", STR(?more)), CONCAT("about ", STR(?about)),
                  CONCAT("fewer than ", STR(?fewer))) AS ?stated) }"""

TABLES: tuple[Table, ...] = (
    Table(
        "letters",
        "Open letters",
        (
            Column("letter_iri", "string", IRI),
            Column("label", "string", "the letter's name"),
            Column(
                "date",
                "string",
                "ISO 8601 date(s) the sources give; several where they differ",
                several=True,
            ),
            Column("named_signatories", "integer", "signatories the graph names"),
            Column("stated_signatory_counts", "string", COUNT_TEXT, several=True),
            Column("addressees", "integer", "people and bodies it is addressed to"),
            Column("demands", "integer", "demands it makes"),
        ),
        ("letter_iri",),
        f"""SELECT ?letter_iri (SAMPLE(?letter_rl) AS ?label) {_joined("?d", "date")}
          (COUNT(DISTINCT ?sig) AS ?named_signatories)
          {_joined("?stated", "stated_signatory_counts")}
          (COUNT(DISTINCT ?to) AS ?addressees) (COUNT(DISTINCT ?demand) AS ?demands) WHERE {{
          ?letter a akg:OpenLetter . {_label("letter")}
          OPTIONAL {{ ?letter akg:date ?d }} OPTIONAL {{ ?letter akg:signatory ?sig }}
          OPTIONAL {{ ?letter akg:addressedTo|akg:qualifiedAddressing/akg:addressee ?to }}
          OPTIONAL {{ ?letter akg:makesDemand ?demand }} {STATED}
          BIND(STR(?letter) AS ?letter_iri)
        }} GROUP BY ?letter_iri ORDER BY ?letter_iri""",
    ),
    Table(
        "organisations",
        "Organisations",
        (
            Column("organisation_iri", "string", IRI),
            Column("label", "string", "the organisation's name"),
            Column(
                "organisation_types",
                "string",
                "kinds of organisation, by their labels",
                several=True,
            ),
            Column("letters_signed", "integer", "open letters it signed, as the graph names them"),
        ),
        ("organisation_iri",),
        f"""SELECT ?organisation_iri (SAMPLE(?org_rl) AS ?label)
          {_joined("?kind_pl", "organisation_types")}
          (COUNT(DISTINCT ?letter) AS ?letters_signed) WHERE {{
          ?org a/rdfs:subClassOf* akg:Organisation . {_label("org")}
          OPTIONAL {{ ?org akg:organisationType ?kind . {_label("kind")} }}
          OPTIONAL {{ ?letter a akg:OpenLetter ; akg:signatory ?org }}
          BIND(STR(?org) AS ?organisation_iri)
        }} GROUP BY ?organisation_iri ORDER BY ?organisation_iri""",
    ),
    Table(
        "signatories",
        "Signatories of open letters",
        (
            Column("letter_iri", "string", "the letter's IRI"),
            Column("letter_label", "string", "the letter's name"),
            Column("signatory_iri", "string", "the signatory's IRI (an organisation or a person)"),
            Column("signatory_label", "string", "the signatory's name"),
        ),
        ("letter_iri", "signatory_iri"),
        f"""SELECT ?letter_iri (SAMPLE(?letter_rl) AS ?letter_label) ?signatory_iri
          (SAMPLE(?sig_rl) AS ?signatory_label) WHERE {{
          ?letter a akg:OpenLetter ; akg:signatory ?sig . {_label("letter")} {_label("sig")}
          BIND(STR(?letter) AS ?letter_iri) BIND(STR(?sig) AS ?signatory_iri)
        }} GROUP BY ?letter_iri ?signatory_iri ORDER BY ?letter_iri ?signatory_iri""",
    ),
    Table(
        "demands",
        "Demands of open letters",
        (
            Column("demand_iri", "string", IRI),
            Column("label", "string", "what is demanded"),
            Column("letter_iris", "string", "the letter(s) making it", several=True),
            Column(
                "demand_types", "string", "kind of demand (prohibit, regulate, ...)", several=True
            ),
            Column(
                "practices",
                "string",
                "the surveillance technologies or practices targeted",
                several=True,
            ),
            Column("legislation", "string", "the legislation it concerns, by label", several=True),
        ),
        ("demand_iri",),
        f"""SELECT ?demand_iri (SAMPLE(?demand_rl) AS ?label) {_joined("?letter", "letter_iris")}
          {_joined("?type_pl", "demand_types")} {_joined("?practice_pl", "practices")}
          {_joined("?law_rl", "legislation")} WHERE {{
          ?letter a akg:OpenLetter ; akg:makesDemand ?demand . {_label("demand")}
          OPTIONAL {{ ?demand akg:demandType ?type . {_label("type")} }}
          OPTIONAL {{ ?demand akg:targetsPractice ?practice . {_label("practice")} }}
          OPTIONAL {{ ?demand akg:concernsLegislation ?law . {_label("law")} }}
          BIND(STR(?demand) AS ?demand_iri)
        }} GROUP BY ?demand_iri ORDER BY ?demand_iri""",
    ),
)


def table_csv(store: ox.Store, table: Table) -> bytes:
    """The table as CSV (header row, then one row per result, in the query's order)."""
    answer = store.query(table.sparql, use_default_graph_as_union=True, prefixes=PREFIXES)
    assert isinstance(answer, ox.QuerySolutions)
    names = [c.name for c in table.columns]
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")  # RFC 4180
    writer.writerow(names)
    for row in answer:
        # GROUP_CONCAT's order is not defined: sorted, so the same data give the same bytes
        cells = [_cell(row[c.name]) for c in table.columns]
        writer.writerow(
            [
                SEPARATOR.join(sorted(cell.split(SEPARATOR))) if c.several else cell
                for c, cell in zip(table.columns, cells, strict=True)
            ]
        )
    return text.getvalue().encode()


def tables_of(quads: Sequence[ox.Quad]) -> dict[str, bytes]:
    """Every table's CSV by table name, from the content's quads."""
    store = ox.Store()
    store.extend(quads)
    return {table.name: table_csv(store, table) for table in TABLES}


def _cell(term: object) -> str:
    return "" if term is None else str(getattr(term, "value", term))
