"""Type-specific views of a described resource: what people look for on a letter, an
organisation or an official, read off a ``Description`` (no further query).

Each view lists ``Term``s and the claim graphs behind them, so a page can show the evidence
next to every line. Headings for incoming links ("signatory of") are display phrases only.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .describe import LABEL_PROPERTIES, Description, Fact
from .namespaces import AKG
from .rdfterms import RDF_TYPE, Term

#: How incoming links read as a heading on the page of their object.
INCOMING_PHRASES: dict[str, str] = {
    RDF_TYPE: "instances",
    str(AKG.signatory): "signatory of",
    str(AKG.organisedBy): "organiser of",
    str(AKG.addressedTo): "addressed by",
    str(AKG.addressee): "addressee in",
    str(AKG.memberOf): "members",
    str(AKG.member): "member in",
    str(AKG.organisation): "memberships",
    str(AKG.holder): "holder in",
    str(AKG.office): "holdings of this office",
    str(AKG.inOffice): "addressed in this office",
    str(AKG.makesDemand): "demanded in",
    str(AKG.demandType): "demands of this type",
    str(AKG.targetsPractice): "targeted by",
    str(AKG.concernsLegislation): "concerned by",
    str(AKG.jurisdiction): "in this jurisdiction",
    str(AKG.organisationType): "organisations of this type",
    str(AKG.stageType): "stages of this type",
    str(AKG.stage): "stage of",
    str(AKG.mentions): "mentioned by",
    str(AKG.respondsTo): "answered by",
    str(AKG.buildsOn): "built on by",
    str(AKG.partOfLegislation): "parts",
    str(AKG.partOfCampaign): "actions of this campaign",
    str(AKG.spokenBy): "quotations spoken",
    str(AKG.quotedIn): "quotations in it",
    str(AKG.source): "claims quoting it",
    str(AKG.conflictsWith): "conflicts with",
    str(AKG.qualifiedAddressing): "addressing of",
}

ACTION_ROLES = (str(AKG.signatory), str(AKG.organisedBy))
LEGISLATION_CLASSES = frozenset(
    str(c) for c in (AKG.Legislation, AKG.Bill, AKG.Regulation, AKG.LegislativeProposal)
)


@dataclass
class Line:
    """One thing a view shows: the term, a note (a count, a date), and the graphs behind it."""

    term: Term
    note: str | None = None
    graphs: list[str] = field(default_factory=list)
    details: list[Fact] = field(default_factory=list)  # facts of a qualifying node


@dataclass
class LetterView:
    addressees: list[Line]
    signatories: list[Line]
    organisers: list[Line]
    counts: list[Line]
    demands: list[Line]
    legislation: list[Line]


@dataclass
class OrganisationView:
    actions: list[Line]  # letters and other actions it signed or organised, by date
    coalitions: list[Line]
    members: list[Line]


@dataclass
class OfficialView:
    offices: list[Line]
    letters_received: list[Line]


def _out(d: Description, predicate: object, subject: str | None = None) -> list[Fact]:
    subject = subject or d.iri
    return [
        f
        for f in d.outgoing + d.qualifying
        if f.subject.value == subject and f.predicate == str(predicate)
    ]


def _in(d: Description, predicate: object, obj: str | None = None) -> list[Fact]:
    obj = obj or d.iri
    return [
        f
        for f in d.incoming + d.qualifying
        if f.object.value == obj and f.predicate == str(predicate)
    ]


def _details(d: Description, node: str) -> list[Fact]:
    """Facts of a qualifying node, less its type and names (the line shows those)."""
    hidden = {RDF_TYPE, *LABEL_PROPERTIES}
    return [f for f in d.qualifying if f.subject.value == node and f.predicate not in hidden]


def letter_view(d: Description) -> LetterView:
    addressees = [Line(f.object, None, f.graphs) for f in _out(d, AKG.addressedTo)]
    for link in _out(d, AKG.qualifiedAddressing):
        node = link.object.value
        for f in _out(d, AKG.addressee, node):
            offices = [d.label_of(o.object.value) for o in _out(d, AKG.inOffice, node)]
            note = "as " + ", ".join(offices) if offices else None
            addressees = [a for a in addressees if a.term != f.object]
            addressees.append(Line(f.object, note, link.graphs + f.graphs))
    counts = []
    for link in _out(d, AKG.statedSignatoryCount) + _out(d, AKG.statedSupportCount):
        node = link.object.value
        counts.append(Line(link.object, count_text(d, node), link.graphs, _details(d, node)))
    demands = [
        Line(f.object, None, f.graphs, _details(d, f.object.value))
        for f in _out(d, AKG.makesDemand)
    ]
    legislation: dict[Term, Line] = {}
    for demand in demands:
        for f in _out(d, AKG.concernsLegislation, demand.term.value):
            legislation.setdefault(f.object, Line(f.object, None, [])).graphs.extend(f.graphs)
    for f in _out(d, AKG.concernsLegislation) + _out(d, AKG.mentions):
        if f.predicate == str(AKG.concernsLegislation) or _is_legislation(d, f.object.value):
            legislation.setdefault(f.object, Line(f.object, None, [])).graphs.extend(f.graphs)
    return LetterView(
        addressees=addressees,
        signatories=[Line(f.object, None, f.graphs) for f in _out(d, AKG.signatory)],
        organisers=[Line(f.object, None, f.graphs) for f in _out(d, AKG.organisedBy)],
        counts=counts,
        demands=demands,
        legislation=list(legislation.values()),
    )


def _is_legislation(d: Description, iri: str) -> bool:
    return bool(LEGISLATION_CLASSES.intersection(d.types.get(iri, [])))


def count_text(d: Description, node: str) -> str:
    """ "exactly 56", "more than 200 000", "about 100": what a stated count says."""
    parts = []
    for predicate, word in (
        (AKG.exactCount, ""),
        (AKG.moreThan, "more than "),
        (AKG.fewerThan, "fewer than "),
        (AKG.approximately, "about "),
    ):
        for f in _out(d, predicate, node):
            parts.append(f"{word}{f.object.value}")
    return ", ".join(parts) or d.label_of(node)


def organisation_view(d: Description) -> OrganisationView:
    actions = []
    for role in ACTION_ROLES:
        for f in _in(d, role):
            note = "organiser" if role == str(AKG.organisedBy) else "signatory"
            actions.append(Line(f.subject, note, f.graphs))
    actions.sort(key=lambda line: (d.dates.get(line.term.value, "9999"), line.term.value))
    coalitions = [Line(f.object, None, f.graphs) for f in _out(d, AKG.memberOf)]
    for link in _in(d, AKG.member):
        for f in _out(d, AKG.organisation, link.subject.value):
            coalitions.append(
                Line(f.object, None, link.graphs + f.graphs, _details(d, link.subject.value))
            )
    members = [Line(f.subject, None, f.graphs) for f in _in(d, AKG.memberOf)]
    return OrganisationView(actions, coalitions, members)


def official_view(d: Description) -> OfficialView:
    offices = []
    for link in _in(d, AKG.holder):
        node = link.subject.value
        for f in _out(d, AKG.office, node):
            offices.append(
                Line(f.object, _period(d, node), link.graphs + f.graphs, _details(d, node))
            )
    letters: dict[Term, Line] = {}
    for f in _in(d, AKG.addressedTo):
        letters.setdefault(f.subject, Line(f.subject, None, [])).graphs.extend(f.graphs)
    for link in _in(d, AKG.addressee):
        node = link.subject.value
        offices_held = [d.label_of(o.object.value) for o in _out(d, AKG.inOffice, node)]
        for f in _in(d, AKG.qualifiedAddressing, node):
            line = letters.setdefault(f.subject, Line(f.subject, None, []))
            line.note = "as " + ", ".join(offices_held) if offices_held else line.note
            line.graphs.extend(link.graphs + f.graphs)
    ordered = sorted(letters.values(), key=lambda line: d.dates.get(line.term.value, "9999"))
    return OfficialView(offices, ordered)


def _period(d: Description, node: str) -> str | None:
    start = [f.object.value for f in _out(d, AKG.startDate, node)]
    end = [f.object.value for f in _out(d, AKG.endDate, node)]
    if not start and not end:
        return None
    return f"{start[0] if start else '…'} – {end[0] if end else ''}".strip()
