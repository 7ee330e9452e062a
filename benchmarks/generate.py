"""Deterministic SYNTHETIC data in the project's model, for benchmarks only.

    python benchmarks/generate.py --triples 1000000 --out benchmarks/generated/1m.nq

Everything written here is invented: every IRI lives under ``SYNTHETIC`` (never under the
curated ``id/``, ``claim/`` or ``graph/``), every claim graph names a synthetic source document
that says it was generated, and the file starts with a comment saying so. The shape follows
data/README.md: organisations, people, offices, coalitions and legislation, open letters with
signatories, addressees (person + office), demands (type, technology, jurisdiction, legislation),
quotations and letters that build on letters; one named graph per claim, each with its source and
a quote that occurs verbatim in the source's ``akg:fullText``; labels everywhere for text search.
It conforms to the project's shapes (``tests/test_generate.py`` validates a sample): letters are
dated in order, so a letter only builds on an earlier one, and a speaker's role is a membership.

Output is streamed (constant memory), seeded (same seed and size give identical bytes) and stops
at the first unit boundary after N triples, so the count is N plus at most one letter (~80).
"""

from __future__ import annotations

import argparse
import datetime
import itertools
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

BASE = "https://w3id.org/advocacy-kg/"  # the canonical base (config.BASE), kept literal here
SYNTHETIC = BASE + "synthetic/"  # every generated IRI starts with this
AKG = BASE + "def/"
CONCEPT = BASE + "concept/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
COMMENT = "http://www.w3.org/2000/01/rdf-schema#comment"
XSD = "http://www.w3.org/2001/XMLSchema#"
PROV_GENERATED_BY = "http://www.w3.org/ns/prov#wasGeneratedBy"
GENERATOR = SYNTHETIC + "generator"
SOURCES_GRAPH = SYNTHETIC + "graph/sources"
SYNTHETIC_NOTE = "SYNTHETIC benchmark data made by benchmarks/generate.py: not a real document."

TECHNOLOGIES = [
    ("facial-recognition", "facial recognition"),
    ("predictive-policing", "predictive policing"),
    ("biometric-surveillance", "biometric surveillance"),
    ("remote-biometric-identification", "remote biometric identification"),
    ("automated-decision-making", "automated decision-making"),
    ("social-scoring", "social scoring"),
    ("ai-at-the-border", "AI at the border"),
]
DEMAND_TYPES = ["prohibit", "regulate", "transparency-obligation", "redress", "human-oversight"]
JURISDICTIONS = ["united-kingdom", "european-union"]
ORG_TYPES = [
    "digital-rights-organisation",
    "human-rights-organisation",
    "civil-liberties-organisation",
    "social-justice-organisation",
]
PLACES = ["Northern", "Coastal", "Eastern", "Western", "Central", "Riverside", "Highland", "Urban"]
CAUSES = ["Digital Rights", "Privacy", "Civil Liberties", "Data Justice", "Open Technology"]
KINDS = ["Alliance", "Network", "Foundation", "Forum", "Collective", "Institute", "Watch"]
FIRST = ["Ada", "Ben", "Chiara", "Dara", "Elif", "Femi", "Greta", "Hugo", "Ines", "Jonas", "Kemi"]
LAST = ["Abara", "Brandt", "Costa", "Dervish", "Ekwueme", "Fischer", "Garcia", "Horvat", "Ivanova"]
ROLES = ["policy officer", "director", "campaigns lead", "legal adviser", "researcher"]
OFFICES = ["Minister for Home Affairs", "Commissioner for Justice", "Interior Secretary"]


def iri(value: str) -> str:
    return f"<{value}>"


def literal(text: str, *, lang: str | None = None, datatype: str | None = None) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    if lang:
        return f'"{escaped}"@{lang}'
    return f'"{escaped}"^^<{datatype}>' if datatype else f'"{escaped}"'


def en(text: str) -> str:
    return literal(text, lang="en")


def date(year: int, month: int, day: int) -> str:
    return literal(f"{year:04d}-{month:02d}-{day:02d}", datatype=XSD + "date")


Triple = tuple[str, str, str]


@dataclass
class Claim:
    """One named graph: what one quote of a synthetic source supports."""

    quote: str
    facts: list[Triple] = field(default_factory=list)


class Writer:
    """Streams quads as N-Quads or TriG and counts them."""

    def __init__(self, out: TextIO, fmt: str) -> None:
        self.out, self.fmt, self.count = out, fmt, 0
        out.write(f"# {SYNTHETIC_NOTE}\n")

    def graph(self, name: str, triples: list[Triple]) -> None:
        self.count += len(triples)
        if self.fmt == "nq":
            g = iri(name)
            self.out.write("".join(f"{s} {p} {o} {g} .\n" for s, p, o in triples))
        else:
            body = "".join(f"  {s} {p} {o} .\n" for s, p, o in triples)
            self.out.write(f"{iri(name)} {{\n{body}}}\n")


def a(node: str, cls: str) -> Triple:
    return (node, iri(RDF_TYPE), iri(AKG + cls))


def p(node: str, prop: str, value: str) -> Triple:
    return (node, iri(AKG + prop), value)


class Generator:
    """Pools of agents and legislation first, then letters until the triple budget is spent."""

    def __init__(self, writer: Writer, triples: int, seed: int) -> None:
        self.w, self.budget, self.rng = writer, triples, random.Random(seed)
        letters = max(10, triples // 80)
        self.n_orgs, self.n_people = max(10, letters // 2), max(10, letters // 2)
        self.n_coalitions = self.n_offices = self.n_laws = max(3, letters // 40)
        self.letters_per_day = max(1, letters // 3650)  # ten years of letters, dated in order
        self.source_no = 0

    def ent(self, kind: str, number: int) -> str:
        return iri(f"{SYNTHETIC}id/{kind}/{kind[:3]}-{number:07d}")

    def emit_source(self, claims: list[Claim], title: str, day: str) -> None:
        """A synthetic source whose full text holds every quote, then one graph per claim."""
        self.source_no += 1
        name = f"gen-{self.source_no:07d}"
        source = iri(f"{SYNTHETIC}id/source/{name}")
        text = " ".join(c.quote for c in claims)
        self.w.graph(
            SOURCES_GRAPH,
            [
                a(source, "SourceDocument"),
                (source, iri(LABEL), en(f"{title} (synthetic)")),
                (source, iri(COMMENT), en(SYNTHETIC_NOTE)),
                (source, iri(PROV_GENERATED_BY), iri(GENERATOR)),
                p(source, "publisherName", literal("advocacy-kg synthetic data generator")),
                p(source, "date", day),
                p(source, "fullText", literal(text)),
            ],
        )
        for n, claim in enumerate(claims, 1):
            graph = f"{SYNTHETIC}claim/{name}-{n:02d}"
            head = [a(iri(graph), "Claim"), p(iri(graph), "source", source)]
            self.w.graph(graph, [*head, p(iri(graph), "quote", literal(claim.quote)), *claim.facts])

    def run(self) -> int:
        self.w.graph(
            SOURCES_GRAPH,
            [
                (iri(GENERATOR), iri(LABEL), en("advocacy-kg synthetic data generator")),
                (iri(GENERATOR), iri(COMMENT), en(SYNTHETIC_NOTE)),
            ],
        )
        for batch in self.directory():
            self.emit_source(batch, "Synthetic directory", date(2020, 1, 1))
        letter = 0
        while self.w.count < self.budget:
            letter += 1
            self.emit_letter(letter)
        return self.w.count

    def directory(self) -> Iterator[list[Claim]]:
        """Claims naming every pooled entity, 50 to a synthetic source."""
        claims = itertools.chain(
            (self.coalition(i) for i in range(self.n_coalitions)),
            (self.organisation(i) for i in range(self.n_orgs)),
            (self.person(i) for i in range(self.n_people)),
            (self.office(i) for i in range(self.n_offices)),
            (self.law(i) for i in range(self.n_laws)),
        )
        while batch := list(itertools.islice(claims, 50)):
            yield batch

    def org_name(self, i: int) -> str:
        return self.name([PLACES, CAUSES, KINDS], i)

    def person_name(self, i: int) -> str:
        return self.name([FIRST, LAST], i)

    def law_name(self, i: int) -> str:
        return f"Synthetic {TECHNOLOGIES[i % len(TECHNOLOGIES)][1]} Act {2000 + i}"

    def office_name(self, i: int) -> str:
        return f"{OFFICES[i % len(OFFICES)]} of Region {i + 1}"

    def name(self, parts: list[list[str]], number: int) -> str:
        words, rest = [], number
        for options in parts:
            words.append(options[rest % len(options)])
            rest //= len(options)
        return " ".join(words) + (f" {rest + 1}" if rest else "")

    def coalition(self, i: int) -> Claim:
        node, label = self.ent("coalition", i), f"#{self.name([CAUSES, PLACES], i)} Coalition"
        facts = [a(node, "Coalition"), (node, iri(LABEL), en(label))]
        return Claim(f"The {label} is a coalition of civil society groups.", facts)

    def organisation(self, i: int) -> Claim:
        node, label = self.ent("organisation", i), self.org_name(i)
        kind = ORG_TYPES[i % len(ORG_TYPES)]
        coalition = self.ent("coalition", self.rng.randrange(self.n_coalitions))
        facts = [
            a(node, "Organisation"),
            (node, iri(LABEL), en(label)),
            p(node, "organisationType", iri(f"{CONCEPT}organisation-type/{kind}")),
            p(node, "memberOf", coalition),
        ]
        return Claim(f"{label}, a {kind.replace('-', ' ')}, is a member of the coalition.", facts)

    def person(self, i: int) -> Claim:
        node, label = self.ent("person", i), self.person_name(i)
        facts = [a(node, "Person"), (node, iri(LABEL), en(label))]
        return Claim(f"{label} spoke for the campaign.", facts)

    def office(self, i: int) -> Claim:
        node, label = self.ent("office", i), self.office_name(i)
        holding, holder = self.ent("office-holding", i), self.ent("person", i % self.n_people)
        facts = [
            a(node, "PublicOffice"),
            (node, iri(LABEL), en(label)),
            a(holding, "OfficeHolding"),
            (holding, iri(LABEL), en(f"{self.person_name(i % self.n_people)} as {label}")),
            p(holding, "holder", holder),
            p(holding, "office", node),
            p(holding, "startDate", date(2015 + i % 5, 1 + i % 12, 1)),
        ]
        return Claim(f"The {label} took office in {2015 + i % 5}.", facts)

    def law(self, i: int) -> Claim:
        node, label = self.ent("legislation", i), self.law_name(i)
        facts = [a(node, "Legislation"), (node, iri(LABEL), en(label))]
        return Claim(f"The {label} was proposed.", facts)

    def emit_letter(self, n: int) -> None:
        rng = self.rng
        letter = self.ent("letter", n)
        dated = datetime.date(2015, 1, 1) + datetime.timedelta(days=n // self.letters_per_day)
        year, month, day = dated.year, dated.month, dated.day
        tech_slug, tech = TECHNOLOGIES[rng.randrange(len(TECHNOLOGIES))]
        label = f"Open letter {n} on {tech} ({year}-{month:02d}-{day:02d})"
        coalition = self.ent("coalition", rng.randrange(self.n_coalitions))
        count = self.ent("count", n)
        signers = sorted({rng.randrange(self.n_orgs) for _ in range(rng.randint(3, 8))})
        claims = [
            Claim(
                f"On {year}-{month:02d}-{day:02d} the coalition sent an open letter on {tech}, "
                f"signed by {len(signers) + 10} organisations.",
                [
                    a(letter, "OpenLetter"),
                    (letter, iri(LABEL), en(label)),
                    p(letter, "date", date(year, month, day)),
                    p(letter, "organisedBy", coalition),
                    p(letter, "statedSignatoryCount", count),
                    a(count, "StatedCount"),
                    (count, iri(LABEL), en(f"{len(signers) + 10} signatories of open letter {n}")),
                    p(
                        count,
                        "exactCount",
                        literal(str(len(signers) + 10), datatype=XSD + "integer"),
                    ),
                ],
            ),
            Claim(
                f"Signatories of letter {n} include {len(signers)} named organisations.",
                [p(letter, "signatory", self.ent("organisation", o)) for o in signers],
            ),
        ]
        office = rng.randrange(self.n_offices)
        person, addressing = self.ent("person", office % self.n_people), self.ent("addressing", n)
        addressed = f"{self.person_name(office % self.n_people)} as {self.office_name(office)}"
        claims.append(
            Claim(
                f"The letter was addressed to the holder of office {office + 1}.",
                [
                    p(letter, "addressedTo", person),
                    p(letter, "qualifiedAddressing", addressing),
                    a(addressing, "Addressing"),
                    (addressing, iri(LABEL), en(f"Open letter {n} addressed to {addressed}")),
                    p(addressing, "addressee", person),
                    p(addressing, "inOffice", self.ent("office", office)),
                ],
            )
        )
        for k in range(rng.randint(1, 3)):
            claims.append(self.demand(n, k, letter, tech_slug, tech))
        if rng.random() < 0.5:
            claims.append(self.quotation(n, letter, tech))
        if n > 1 and rng.random() < 0.3:
            earlier = self.ent("letter", rng.randrange(1, n))
            claims.append(
                Claim(f"Letter {n} builds on an earlier letter.", [p(letter, "buildsOn", earlier)])
            )
        self.emit_source(claims, f"Report on open letter {n}", date(year, month, day))

    def demand(self, n: int, k: int, letter: str, tech_slug: str, tech: str) -> Claim:
        rng = self.rng
        node, kind = self.ent("demand", n * 10 + k), DEMAND_TYPES[rng.randrange(len(DEMAND_TYPES))]
        place = JURISDICTIONS[rng.randrange(len(JURISDICTIONS))]
        law = rng.randrange(self.n_laws)
        # the quote names the law too: a demand's legislation follows from its quote
        text = (
            f"The signatories call on the government to {kind.replace('-', ' ')} {tech}"
            f" in the {self.law_name(law)}."
        )
        return Claim(
            text,
            [
                p(letter, "makesDemand", node),
                a(node, "Demand"),
                (node, iri(LABEL), en(f"{kind.replace('-', ' ')} {tech} (letter {n})")),
                p(node, "demandType", iri(f"{CONCEPT}demand-type/{kind}")),
                p(node, "targetsPractice", iri(f"{CONCEPT}technology/{tech_slug}")),
                p(node, "jurisdiction", iri(f"{CONCEPT}jurisdiction/{place}")),
                p(node, "concernsLegislation", self.ent("legislation", law)),
            ],
        )

    def quotation(self, n: int, letter: str, tech: str) -> Claim:
        speaker = self.rng.randrange(self.n_people)
        role, node = ROLES[speaker % len(ROLES)], self.ent("quotation", n)
        person, org = self.ent("person", speaker), speaker % self.n_orgs
        membership = self.ent("membership", speaker)  # the speaker always speaks for one org
        at = f"{self.person_name(speaker)} at {self.org_name(org)}"
        # the quote names the speaker: a quotation's speaker follows from its quote
        said = (
            f"Uses of {tech} infringe our rights and must stop, said {self.person_name(speaker)},"
            f" the {role}."
        )
        return Claim(
            said,
            [
                a(node, "Quotation"),
                (node, iri(LABEL), en(f"Quotation on {tech} (letter {n})")),
                p(node, "quotationText", literal(said)),
                p(node, "spokenBy", person),
                p(node, "speakerRole", membership),
                p(node, "quotedIn", letter),
                a(membership, "Membership"),
                (membership, iri(LABEL), en(at)),
                p(membership, "member", person),
                p(membership, "organisation", self.ent("organisation", org)),
                p(membership, "roleTitle", literal(role)),
            ],
        )


def generate(triples: int, out: TextIO, *, fmt: str = "nq", seed: int = 1) -> int:
    """Write about ``triples`` synthetic quads to ``out``; returns the exact number written."""
    if fmt not in ("nq", "trig"):
        raise ValueError(f"unknown format {fmt!r}: use nq or trig")
    return Generator(Writer(out, fmt), triples, seed).run()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, required=True, help="approximate number of quads")
    parser.add_argument("--out", type=Path, required=True, help="output file: .nq or .trig")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    args = parser.parse_args(argv)
    fmt = args.out.suffix.lstrip(".").lower()
    if fmt not in ("nq", "trig"):
        parser.error("--out must end in .nq or .trig")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8", newline="\n", buffering=1 << 20) as out:
        written = generate(args.triples, out, fmt=fmt, seed=args.seed)
    print(f"wrote {written} synthetic quads to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
