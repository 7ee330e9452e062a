"""The SPARQL JSON results writer (``sparql/results.py``) writes each kind of term as the
standard says, with JSON escapes, and as ``json.dumps`` would write the same document."""

from __future__ import annotations

import json

import pyoxigraph as ox

from advocacy_kg.negotiation import RESULTS_JSON
from advocacy_kg.sparql.results import serialize

XSD = "http://www.w3.org/2001/XMLSchema#"
QUERY = """SELECT ?iri ?bnode ?plain ?lang ?typed ?unbound ?triple WHERE {
  BIND(<http://example.org/a?b=1&c=%22é> AS ?iri)
  BIND(BNODE("x") AS ?bnode)
  BIND("quote \\" backslash \\\\ newline \\n tab \\t bell \\u0007 é 😀 </script>" AS ?plain)
  BIND("été"@fr-CA AS ?lang)
  BIND(42 AS ?typed)
  BIND(<<( <http://example.org/s> <http://example.org/p> "o" )>> AS ?triple)
}"""


def test_json_results_write_every_kind_of_term_as_json_dumps_would() -> None:
    body, truncated = serialize(ox.Store().query(QUERY), RESULTS_JSON, 10, "")
    document = json.loads(body)
    row = document["results"]["bindings"][0]
    assert not truncated
    assert document["head"] == {
        "vars": ["iri", "bnode", "plain", "lang", "typed", "unbound", "triple"]
    }
    assert row["iri"] == {"type": "uri", "value": "http://example.org/a?b=1&c=%22é"}
    assert row["bnode"]["type"] == "bnode"
    plain = 'quote " backslash \\ newline \n tab \t bell \x07 é 😀 </script>'
    assert row["plain"] == {"type": "literal", "value": plain}
    assert row["lang"] == {"type": "literal", "value": "été", "xml:lang": "fr-ca"}
    assert row["typed"] == {"type": "literal", "value": "42", "datatype": XSD + "integer"}
    assert "unbound" not in row
    assert row["triple"] == {
        "type": "triple",
        "value": {
            "subject": {"type": "uri", "value": "http://example.org/s"},
            "predicate": {"type": "uri", "value": "http://example.org/p"},
            "object": {"type": "literal", "value": "o"},
        },
    }
    assert body.decode() == json.dumps(document, ensure_ascii=False)


def test_json_results_cut_at_the_cap_say_so_in_the_head() -> None:
    query = "SELECT ?n { VALUES ?n { 1 2 3 } }"
    body, truncated = serialize(ox.Store().query(query), RESULTS_JSON, 2, "http://x/#limits")
    document = json.loads(body)
    assert truncated and len(document["results"]["bindings"]) == 2
    assert document["head"] == {"vars": ["n"], "link": ["http://x/#limits"]}
    assert body.decode() == json.dumps(document, ensure_ascii=False)
