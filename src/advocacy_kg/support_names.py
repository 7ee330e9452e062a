"""Support checks on labels: names that the sources give, and dates that the data holds.

- ``support-names``: the ``rdfs:label`` of a person or an organisation, stated in a claim graph,
  occurs (normalised, as a whole phrase) in the quotes of the claims that mention the entity or
  in the text of the sources they cite (full text, excerpts, title). A label ``A (B)`` passes
  when both ``A`` and ``B`` occur ("Network for Police Monitoring (Netpol)"): a name and the
  acronym the source gives.
- ``support-label-dates``: a date or a year that a label names ("… (8 March 2021)", "(July
  2024)", "(2025)") is a date value (``akg:date``, ``akg:startDate``, ``akg:endDate``) of the
  entity or of something linked to it (the letter a demand belongs to, a stage of an act); a
  label that says "reported DATE" may name the date of a source its claims cite. A label that
  the sources give word for word ("Data Protection Act 2018") is a name, not a dating.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pyoxigraph as ox

from .namespaces import AKG
from .namespaces import RDFS_LABEL as LABEL
from .support import Evidence, finding, normalise, says, select
from .validation import Finding

_PARENTHESISED = re.compile(r"^(?P<name>.+?)\s*\((?P<alias>[^()]+)\)$")


def label_supported(label: str, texts: list[str]) -> bool:
    if says(texts, label):
        return True
    parts = _PARENTHESISED.match(label.strip())
    return parts is not None and says(texts, parts["name"]) and says(texts, parts["alias"])


def names(evidence: Evidence) -> Iterator[Finding]:
    query = """SELECT DISTINCT ?e ?label ?c WHERE {
        GRAPH ?c { ?c a akg:Claim . ?e rdfs:label ?label }
        VALUES ?class { akg:Person akg:Organisation }
        ?e a/rdfs:subClassOf* ?class .
    } ORDER BY ?e ?label ?c"""
    for row in select(evidence.store, query):
        entity, label, claim = row["e"], row["label"], row["c"].value
        if not label_supported(label.value, evidence.entity_texts(entity.value)):
            yield finding(
                "names",
                "Violation",
                entity,
                claim,
                LABEL,
                label,
                "No source that this entity's claims cite gives this name (compared ignoring case, "
                "spacing and typographic quotes): a label is a name as a source writes it; keep a "
                "name no source gives as an rdfs:comment that says where it comes from.",
            )


# --- dates in labels -----------------------------------------------------------------------

_MONTH_NAMES = (
    "january february march april may june july august september october november december"
)
MONTHS = {m: i for i, m in enumerate(_MONTH_NAMES.split(), start=1)}
_MONTH = "|".join(MONTHS)
_DAY_MONTH_YEAR = re.compile(rf"\b(\d{{1,2}}) ({_MONTH}) ((?:19|20)\d\d)\b")
_MONTH_YEAR = re.compile(rf"\b({_MONTH}) ((?:19|20)\d\d)\b")
_YEAR = re.compile(r"(?<![\w/.-])((?:19|20)\d\d)(?![\w/-])")
#: Numbers that are identifiers, not dates: "2024/1689", "COM(2021) 206", "(EU) 2016/679".
_IDENTIFIER = re.compile(r"\w*\(?(?:19|20)\d\d\)?\s*/\s*\d+|\b[A-Z]{2,}\((?:19|20)\d\d\)\s*\d+")


def dated_mentions(label: str) -> Iterator[tuple[str, str, bool]]:
    """(what the label says, the ISO prefix it means, whether it is a firm dating)."""
    text = _IDENTIFIER.sub(" ", label)
    lowered = normalise(text)
    for day, month, year in _DAY_MONTH_YEAR.findall(lowered):
        yield f"{day} {month} {year}", f"{year}-{MONTHS[month]:02d}-{int(day):02d}", True
    lowered = _DAY_MONTH_YEAR.sub(" ", lowered)
    for month, year in _MONTH_YEAR.findall(lowered):
        yield f"{month} {year}", f"{year}-{MONTHS[month]:02d}", True
    lowered = _MONTH_YEAR.sub(" ", lowered)
    for match in _YEAR.finditer(lowered):
        # a year in the curator's parenthesis "(2025)", "(…, 2025)" dates the entity; elsewhere
        # it may be part of a name: a warning only
        firm = bool(re.search(r"\([^()]*$", lowered[: match.start()]))
        yield match.group(1), match.group(1), firm


WHEN = [ox.NamedNode(str(p)) for p in (AKG.date, AKG.startDate, AKG.endDate)]


def _dates(store: ox.Store, entity: str) -> set[str]:
    """The dates of the entity and of what it is linked to (either way), as ISO text. Read by
    pattern, not SPARQL: Oxigraph plans the three-way UNION badly (17 s at 100k quads)."""
    node = ox.NamedNode(entity)
    linked: set[ox.NamedNode | ox.BlankNode] = {node}
    for quad in store.quads_for_pattern(node, None, None):
        if isinstance(quad.object, ox.NamedNode | ox.BlankNode):
            linked.add(quad.object)
    for quad in store.quads_for_pattern(None, None, node):
        if isinstance(quad.subject, ox.NamedNode | ox.BlankNode):
            linked.add(quad.subject)
    return {
        str(q.object.value)
        for n in linked
        for when in WHEN
        for q in store.quads_for_pattern(n, when, None)
        if isinstance(q.object, ox.Literal)
    }


def _source_dates(evidence: Evidence, entity: str) -> set[str]:
    sources = {s for c in evidence.mentions.get(entity, ()) for s in evidence.sources.get(c, ())}
    query = "SELECT ?s ?d WHERE { ?s akg:date ?d }"
    return {row["d"].value for row in select(evidence.store, query) if row["s"].value in sources}


def label_dates(evidence: Evidence) -> Iterator[Finding]:
    query = """SELECT DISTINCT ?e ?label ?c WHERE {
        GRAPH ?c { ?c a akg:Claim . ?e rdfs:label ?label }
        FILTER (REGEX(?label, "(19|20)[0-9][0-9]"))
    } ORDER BY ?e ?label ?c"""
    rows = list(select(evidence.store, query))
    if not rows:
        return
    seen: set[tuple[str, str]] = set()
    for row in rows:
        entity, label, claim = row["e"], row["label"], row["c"].value
        if (entity.value, label.value) in seen:
            continue
        seen.add((entity.value, label.value))
        if says(evidence.entity_texts(entity.value), label.value):
            continue  # the sources' own name for it
        held = _dates(evidence.store, entity.value)
        if "reported" in label.value:
            held = held | _source_dates(evidence, entity.value)
        for said, prefix, firm in dated_mentions(label.value):
            if not any(d.startswith(prefix) for d in held):
                known = ", ".join(sorted(held)) or "none"
                yield finding(
                    "label-dates",
                    "Violation" if firm else "Warning",
                    entity,
                    claim,
                    LABEL,
                    label,
                    f"The label names '{said}', but no date of this entity or of what it belongs "
                    f"to says so (dates held: {known}): a label never names a date the data "
                    "withholds or contradicts.",
                )
