"""What the read model and the store's text index both read: the properties that name, describe
and date a thing, the weight of a search match in each, the SPARQL patterns of a class list's
label and date columns, and the class hierarchy. Written once, below the store, so that the index
(``store/index_rows.py``, ``store/text_index.py``) and the read model (``describe``, ``search``,
``catalogue``) agree without the store importing the read model.
"""

from __future__ import annotations

from . import config
from .namespaces import AKG
from .namespaces import DCTERMS_NS as DCTERMS
from .namespaces import RDFS_NS as RDFS
from .namespaces import RDFS_SUBCLASS_OF as RDFS_SUBCLASS
from .namespaces import SKOS_NS as SKOS
from .rdfterms import Answers, rows

#: Properties that name a thing, best first, and that describe it.
LABEL_PROPERTIES = (RDFS + "label", SKOS + "prefLabel", DCTERMS + "title")
DESCRIPTION_PROPERTIES = (RDFS + "comment", SKOS + "definition", DCTERMS + "description")
DATE_PROPERTIES = (str(AKG.date), str(AKG.startDate))

#: Searched properties and the weight of a match in each.
WEIGHTS: dict[str, int] = {
    **dict.fromkeys(LABEL_PROPERTIES, 10),
    SKOS + "altLabel": 8,
    SKOS + "notation": 8,
    **dict.fromkeys(DESCRIPTION_PROPERTIES, 3),
    str(AKG.quote): 2,
}
LABEL_PATH = "|".join(f"<{p}>" for p in LABEL_PROPERTIES)

#: The label an entity's own page shows (``describe.Summary``: the best property, English or
#: untagged first, then the least), as ``?name``: its rank's digit, then the label.
LABEL_RANKS = {p: 2 * i for i, p in enumerate(LABEL_PROPERTIES)}
_RANKS = " ".join(f"(<{p}> {rank})" for p, rank in LABEL_RANKS.items())
_RANKED = 'CONCAT(STR(?rank + IF(LANG(?l) IN ("en", ""), 0, 1)), STR(?l))'
#: ``LABEL_PATTERN`` without its ``VALUES (?lp ?rank)`` (``store/index_rows.py`` adds ``?x``).
LABEL_MATCH = f"GRAPH ?lg {{ ?x ?lp ?l }} FILTER(isLITERAL(?l)) BIND({_RANKED} AS ?name)"
LABEL_PATTERN = f"VALUES (?lp ?rank) {{ {_RANKS} }} {LABEL_MATCH}"
LABEL_COLUMNS = "(SUBSTR(MIN(?name), 2) AS ?label) (LCASE(SUBSTR(MIN(?name), 2)) AS ?key)"
DATE_PATTERN = f"GRAPH ?dg {{ ?x <{config.ONTOLOGY}date>|<{config.ONTOLOGY}startDate> ?d }}"


def class_ancestors(store: Answers) -> dict[str, set[str]]:
    """Every class and the classes above it (``rdfs:subClassOf+``, within one graph)."""
    sparql = f"""SELECT ?c ?a WHERE {{
      GRAPH ?g {{ ?c <{RDFS_SUBCLASS}>+ ?a }} FILTER(isIRI(?a)) }}"""
    found: dict[str, set[str]] = {}
    for r in rows(store, sparql):
        found.setdefault(r["c"].value, set()).add(r["a"].value)
    return found
