"""Support check ``support-counts``: a stated count means what the words of its quote say.

Each number in the claim's quotes, read with the words just before it, allows one statement:

==========================================  ==========================================
the quote says                              the akg:StatedCount may say
==========================================  ==========================================
"56 organisations" (a bare number)          akg:exactCount 56
"over 50", "more than 50", "above 50"       akg:moreThan 50
"at least 7"                                akg:moreThan 6 (the same, for whole numbers)
"almost 80", "nearly 80"                    akg:fewerThan 80 and/or akg:approximately 80
"under 80", "fewer than 80", "less than"    akg:fewerThan 80
"about 80", "around", "some", "roughly"     akg:approximately 80
==========================================  ==========================================

Numbers are read as digits ("80,000", "80 thousand") or words up to ninety-nine ("nine",
"forty-four"). A number followed by "other(s)" or "more" ("and 14 other organisations"), or
after "together with" or "along with" ("EDRi, along with 61 civil society groups"), counts
the members beside the named ones, not the group: of the group it supports ``akg:moreThan``
only.
And a group's exact member count is never below the number of members the graph names.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

import pyoxigraph as ox

from .findings import Finding
from .namespaces import AKG
from .support_evidence import Evidence, finding, select

EXACT, MORE, FEWER, ABOUT = (
    str(AKG.exactCount),
    str(AKG.moreThan),
    str(AKG.fewerThan),
    str(AKG.approximately),
)
SHORT = {
    EXACT: "akg:exactCount",
    MORE: "akg:moreThan",
    FEWER: "akg:fewerThan",
    ABOUT: "akg:approximately",
}

_UNITS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
]
_UNITS += ["fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
WORDS = {w: i for i, w in enumerate(_UNITS)} | {w: 20 + 10 * i for i, w in enumerate(_TENS)}
_WORD = "|".join(sorted(WORDS, key=len, reverse=True))
NUMBER = re.compile(
    rf"(?<![\w.,/])(?P<digits>\d{{1,3}}(?:,\d{{3}})+|\d+)(?![\w/]|[.,]\d)"
    rf"|\b(?P<word>(?:{'|'.join(_TENS)})-(?:{'|'.join(_UNITS[1:10])})|{_WORD})\b"
)
_SCALE = re.compile(r"^\s+(thousand|million)\b")
_BESIDE = re.compile(r"\b(?:together with|along with|alongside|joined by)(?:\s+\w+)?\s*$")
_OTHERS = re.compile(r"^(?:\s+[\w-]+)?\s+(?:other|others|more|additional|further)\b")
QUALIFIERS = [  # (words before the number, what it allows); the longest phrases first
    (re.compile(r"\bat least\s*$"), ((MORE, -1),)),
    (re.compile(r"\b(?:over|more than|above|in excess of|upwards of)\s*$"), ((MORE, 0),)),
    (re.compile(r"\b(?:almost|nearly|not quite)\s*$"), ((FEWER, 0), (ABOUT, 0))),
    (re.compile(r"\b(?:under|fewer than|less than|below)\s*$"), ((FEWER, 0),)),
    (
        re.compile(r"(?:\babout|\baround|\bsome|\bapproximately|\broughly|\bcirca|~)\s*$"),
        ((ABOUT, 0),),
    ),
]


def readings(quote: str) -> Iterator[tuple[str, int, str, bool]]:
    """(the words, the number, the property it allows, whether it counts "others") per reading."""
    for match in NUMBER.finditer(quote):
        if match["digits"]:
            number = int(match["digits"].replace(",", ""))
        else:
            tens, _, unit = match["word"].partition("-")
            number = WORDS[tens] + (WORDS[unit] if unit else 0)
        end = match.end()
        scale = _SCALE.match(quote[end:])
        if scale:
            number *= 1000 if scale[1] == "thousand" else 1_000_000
            end += scale.end()
        before = quote[max(0, match.start() - 20) : match.start()]
        allowed = next((a for pattern, a in QUALIFIERS if pattern.search(before)), ((EXACT, 0),))
        others = bool(_OTHERS.match(quote[end:]) or _BESIDE.search(before))
        said = " ".join([*quote[: match.start()].split()[-2:], quote[match.start() : end]])
        if others and (MORE, 0) not in allowed:  # "and 14 others": the group has more than 14
            allowed = (*allowed, (MORE, 0))
        for prop, shift in allowed:
            yield said, number + shift, prop, others


def counts(evidence: Evidence) -> Iterator[Finding]:
    query = """SELECT ?k ?p ?n ?c WHERE {
        VALUES ?p { akg:exactCount akg:moreThan akg:fewerThan akg:approximately }
        GRAPH ?c { ?c a akg:Claim . ?k ?p ?n }
    } ORDER BY ?k ?p ?c"""
    for row in select(evidence.store, query):
        count, prop, value, claim = row["k"], row["p"].value, row["n"], row["c"].value
        try:
            number = int(value.value)
        except ValueError:
            continue  # not a number: the shapes say so
        said = [r for q in evidence.claim_quotes(claim) for r in readings(q)]
        same = [r for r in said if r[1] == number and r[2] == prop]
        if any(not others or prop == MORE for _, _, _, others in same):
            continue
        if same:
            message = (
                f"The quote counts the others beside the named ones ('{same[0][0]}'), not the "
                "whole group: the group has more members than that; record akg:moreThan, or "
                "the count the source gives for the whole group."
            )
        else:
            meant = sorted(
                {f"'{w}' is {SHORT[p]} {n}" for w, n, p, _ in said if n in (number, number + 1)}
            )
            message = f"The quote does not say {SHORT[prop]} {number}" + (
                f": {'; '.join(meant)}." if meant else ": the number is not in the quote."
            )
        yield finding("counts", "Violation", count, claim, prop, value, message)
    yield from _named_members(evidence)


def _named_members(evidence: Evidence) -> Iterator[Finding]:
    """An exact member count is at least the number of members the graph names."""
    query = """SELECT ?group ?k ?n ?c ?member WHERE {
        GRAPH ?c { ?c a akg:Claim . ?group akg:statedMemberCount ?k }
        ?k akg:exactCount ?n .
        { ?member akg:memberOf ?group } UNION { ?m akg:organisation ?group ; akg:member ?member }
    }"""
    named: dict[tuple[str, str, str, str], set[str]] = defaultdict(set)
    for row in select(evidence.store, query):
        key = (row["group"].value, row["k"].value, row["n"].value, row["c"].value)
        named[key].add(row["member"].value)
    for (group, count, value, claim), members in sorted(named.items()):
        if int(value) < len(members):
            yield finding(
                "counts",
                "Violation",
                group,
                claim,
                str(AKG.statedMemberCount),
                ox.NamedNode(count),
                f"The graph names {len(members)} members of this group, more than its exact "
                f"member count {value}: a member count is the number of all its members.",
            )
