"""A SPARQL 1.1 lexer for the safety check: escapes decoded as the spec says, then every token
that any parser could see.

SPARQL §19.2 decodes ``\\uXXXX`` and ``\\UXXXXXXXX`` *before* parsing, so ``SERV\\u0049CE`` and
``<\\u0068ttp://…>`` mean ``SERVICE`` and ``<http://…>``. We decode first, check the decoded text
and hand the decoded text (not the original) to Oxigraph, so the checker and the engine read the
same characters.

One lexical choice depends on grammar context: ``<`` starts an IRI or is the less-than operator.
``FILTER(?a<'''>) # ''') SERVICE <x> {}`` is an IRI and a comment to a naive lexer, but a
comparison with a string, then SERVICE, to Oxigraph. So where ``<…>`` follows an operand and
holds ``#`` or ``'`` (the only characters that change what follows), both readings are lexed and
the tokens of both are returned: the check sees a superset of what any parser sees.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")

# Name characters: PN_CHARS_U and digits (Python's \w is Unicode-aware) plus the spec's extras.
_N = r"[\w\u00B7\u0300-\u036F\u203F\u2040-]"
_PLX = r"(?:%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%])"  # PLX of PN_LOCAL: %HH or \-escape
_PN_PREFIX = rf"[^\W\d_](?:(?:{_N}|\.)*{_N})?"
_PN_LOCAL = rf"(?:[\w:]|{_PLX})(?:(?:{_N}|[.:]|{_PLX})*(?:{_N}|:|{_PLX}))?"
_ECHAR = r"\\[tbnrf\\\"']"

_TOKEN = re.compile(
    rf"""
    (?P<space>[ \t\r\n]+)
  | (?P<comment>\#[^\r\n]*)
  | (?P<iri><[^<>"{{}}|^`\\\x00-\x20]*>)
  | (?P<string>'''(?:(?:'|'')?(?:[^'\\]|{_ECHAR}))*'''
             |\"\"\"(?:(?:"|"")?(?:[^"\\]|{_ECHAR}))*\"\"\"
             |'(?:[^'\\\n\r]|{_ECHAR})*'
             |"(?:[^"\\\n\r]|{_ECHAR})*")
  | (?P<var>[?$][\w\u00B7\u0300-\u036F\u203F\u2040]+)
  | (?P<bnode>_:[\w](?:(?:{_N}|\.)*{_N})?)
  | (?P<pname>(?:{_PN_PREFIX})?:(?:{_PN_LOCAL})?)
  | (?P<langtag>@[A-Za-z]+(?:-[A-Za-z0-9]*)*)
  | (?P<number>\d*\.\d+(?:[eE][+-]?\d+)?|\d+\.\d*[eE][+-]?\d+|\d+(?:[eE][+-]?\d+)?)
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<punct><<|>>|<=|>=|!=|&&|\|\||\^\^|.)
    """,
    re.VERBOSE | re.DOTALL,
)

#: Token kinds after which ``<`` can be the less-than operator.
_OPERAND_KINDS = {"iri", "string", "var", "bnode", "pname", "langtag", "number"}
_OPERAND_PUNCT = {")", "]", ">>"}
_OPERAND_WORDS = {"TRUE", "FALSE"}
_OPENERS = {"(": ")", "{": "}", "[": "]", "<<": ">>"}
#: Prefix operators: Oxigraph's parser recurses once per operator of a chain (``!!!…true``),
#: so a chain counts towards nesting like brackets do.
_UNARY = {"!", "-", "+"}


class LexError(ValueError):
    """Text that no SPARQL parser would accept; the message names line and column."""


@dataclass(frozen=True)
class Token:
    kind: str  # iri, string, var, bnode, pname, langtag, number, word, punct
    text: str
    position: int

    @property
    def keyword(self) -> str:
        return self.text.upper() if self.kind == "word" else ""


@dataclass(frozen=True)
class Lexed:
    """The decoded text, its tokens as a parser reads them, and those of other readings."""

    text: str
    tokens: list[Token]
    #: Each alternative reading of an ambiguous ``<``, as its own token sequence.
    alternatives: list[list[Token]]
    depth: int

    def readings(self) -> Iterator[list[Token]]:
        yield self.tokens
        yield from self.alternatives


def where(text: str, position: int) -> str:
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    return f"line {line}, column {column}"


def decode_codepoints(text: str) -> str:
    """Replace every ``\\u``/``\\U`` escape by its character (SPARQL 1.1 §19.2)."""

    def character(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            raise LexError(f"invalid escape {match.group(0)!r} at {where(text, match.start())}")
        return chr(code)

    decoded = _CODEPOINT.sub(character, text)
    leftover = _CODEPOINT.search(decoded)
    if leftover:  # an escaped escape would be decoded again by the engine: refuse the ambiguity
        raise LexError(f"escape sequence built from escapes at {where(decoded, leftover.start())}")
    return decoded


def lex(query: str, *, max_depth: int) -> Lexed:
    """Decode and tokenise; raise LexError for bad escapes, strings or nesting over max_depth."""
    text = decode_codepoints(query)
    seen: set[tuple[int, bool]] = set()
    pending: list[tuple[int, bool]] = []
    tokens, depth = _read(text, 0, False, seen, pending, max_depth)
    alternatives = []
    while pending:
        start, after_operand = pending.pop()
        more, alt_depth = _read(text, start, after_operand, seen, pending, max_depth)
        alternatives.append(more)
        depth = max(depth, alt_depth)
    return Lexed(text, tokens, alternatives, depth)


def _read(
    text: str,
    position: int,
    after_operand: bool,
    seen: set[tuple[int, bool]],
    pending: list[tuple[int, bool]],
    max_depth: int,
) -> tuple[list[Token], int]:
    """One reading from ``position``; stops where another reading has already been."""
    tokens: list[Token] = []
    depth = deepest = 0
    unary = 0  # prefix operators in a row just before here
    lookahead = -1  # tokens still to read after meeting another reading (clause checks need 3)
    while position < len(text) and lookahead != 0:
        state = (position, after_operand)
        if lookahead > 0:
            lookahead -= 1
        elif state in seen:
            lookahead = 4
        else:
            seen.add(state)
        match = _TOKEN.match(text, position)
        assert match is not None  # the last alternative matches any character
        kind = match.lastgroup or "punct"
        value = match.group()
        if kind in ("space", "comment"):
            position = match.end()
            lookahead += 1 if lookahead > 0 else 0  # only tokens count
            continue
        if kind == "punct" and value in ("'", '"'):
            raise LexError(f"unterminated string at {where(text, position)}")
        if kind == "iri" and after_operand:
            inner = value[1:-1]
            # As an operator, '<' lets the span be read as code: '#' or "'" then change the rest.
            if "#" in inner or "'" in inner:
                pending.append((position + 1, False))
            # Parentheses inside count towards nesting in that other reading.
            deepest = max(deepest, depth + _span_depth(inner))
        tokens.append(Token(kind, value, position))
        unary = unary + 1 if kind == "punct" and value in _UNARY and not after_operand else 0
        if depth + unary > max_depth:
            raise LexError(
                f"nested deeper than {max_depth} levels (brackets and prefix operators such as "
                f"'!') at {where(text, position)}"
            )
        if kind == "punct" and value in _OPENERS:
            depth += 1
            deepest = max(deepest, depth)
            if deepest > max_depth:
                raise LexError(f"nested deeper than {max_depth} levels at {where(text, position)}")
        elif kind == "punct" and value in _OPENERS.values():
            depth = max(depth - 1, 0)
        after_operand = (
            kind in _OPERAND_KINDS
            or (kind == "punct" and value in _OPERAND_PUNCT)
            or (kind == "word" and value.upper() in _OPERAND_WORDS)
        )
        position = match.end()
    if deepest > max_depth:
        raise LexError(f"nested deeper than {max_depth} levels")
    return tokens, deepest


def _span_depth(inner: str) -> int:
    level = deepest = 0
    for char in inner:
        if char in "([":
            level += 1
            deepest = max(deepest, level)
        elif char in ")]":
            level = max(level - 1, 0)
    return deepest
