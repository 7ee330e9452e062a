"""Is each quote verbatim in its source's text? If not, which passage comes closest, and where.

difflib anchors the quote at its longest common stretch with the text, then tries windows
around that anchor and keeps the most similar one: the curator sees the passage they probably
meant, its line in the contribution file, and the first character where the two differ.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

from .document import Value

#: How far (characters) the closest passage's start and end may move around the anchor.
SLACK = 40


@dataclass(frozen=True)
class Passage:
    text: str
    text_index: int  # which text of the source (0 for the full text, n for the n-th excerpt)
    offset: int  # character offset in that text
    text_line: int  # line in that text (1-based)
    file_line: int | None  # line in the contribution file, when the text is a '|' block
    similarity: float


def found(quote: str, texts: list[Value]) -> bool:
    return any(quote in t.text for t in texts)


def closest_passage(quote: str, texts: list[Value]) -> Passage | None:
    best: Passage | None = None
    for index, text in enumerate(texts):
        candidate = _closest_in(quote, text, index)
        if candidate and (best is None or candidate.similarity > best.similarity):
            best = candidate
    return best


def _closest_in(quote: str, text: Value, index: int) -> Passage | None:
    body = text.text
    anchor = SequenceMatcher(None, body, quote, autojunk=False).find_longest_match(
        0, len(body), 0, len(quote)
    )
    if anchor.size == 0:
        return None
    centre = anchor.a - anchor.b  # where the quote would start if the anchor were in place
    # first the best start for a passage as long as the quote, then the best end for it
    starts = range(max(0, centre - SLACK), max(0, min(len(body) - 1, centre + SLACK)) + 1)
    _, start = max((_similarity(body[s : s + len(quote)], quote), -s) for s in starts)
    start = -start
    low = min(len(body), start + max(1, len(quote) - SLACK))
    ends = range(low, max(low, min(len(body), start + len(quote) + SLACK)) + 1)
    ratio, length = max((_similarity(body[start:e], quote), start - e) for e in ends)
    length = -length
    passage = body[start : start + length]
    line = body.count("\n", 0, start) + 1
    file_line = text.line + line - 1 if text.block else None
    return Passage(passage, index, start, line, file_line, ratio)


def _similarity(passage: str, quote: str) -> float:
    return SequenceMatcher(None, passage, quote, autojunk=False).ratio()


def first_difference(quote: str, passage: str) -> int:
    """Index of the first character where the quote leaves the passage."""
    for i, (a, b) in enumerate(zip(quote, passage, strict=False)):
        if a != b:
            return i
    return min(len(quote), len(passage))
