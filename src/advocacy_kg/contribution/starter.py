"""``contribute new``: a contribution file to fill in, started from an article's text."""

from __future__ import annotations

from pathlib import Path

import yaml

from ..loading import InputError
from ..namespaces import PREFIXES
from .document import SOURCE_ID

TEMPLATE = """\
# A contribution to advocacy-kg: one source and the claims drawn from it (see CONTRIBUTING.md).
# Write only what the source says; leave a line empty where it says nothing (no guesses).
# Then run:  advocacy-kg contribute check {file}
#      and:  advocacy-kg contribute add {file}
# Prefixes you can use: {prefixes}
source:
  id: {id}
  title:            # the title, as the source gives it
  publisher:        # who published it, as the source names itself
  date:             # the date the source gives itself, YYYY-MM-DD (empty if it gives none)
  web address:      # where you read it: https://...
  # The text the quotes come from. You may replace it by 'excerpts:', a list of the passages
  # you quote, each verbatim.
  text: |
{text}
claims:
  # One entry per quote: the exact words of the text, and the statements they support, each a
  # [subject, predicate, object] row. Name an entity already in the graph by its IRI
  # (id:organisation/open-rights-group) or its exact label (Open Rights Group); give a new one
  # an IRI under id:<kind>/<slug>, a type and a label. Put a value holding a comma in quotes.
  # For example:
  # - quote: "the exact words, copied from the text above"
  #   note: what the quote says, in your own words (optional)
  #   statements:
  #     - [id:letter/2024-05-01-example, a, akg:OpenLetter]
  #     - [id:letter/2024-05-01-example, rdfs:label, "Example letter (1 May 2024)"]
  #     - [id:letter/2024-05-01-example, akg:date, 2024-05-01]
  #     - [id:letter/2024-05-01-example, akg:signatory, Open Rights Group]
"""


def read_article(path: Path) -> str:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise InputError(path, f"not UTF-8 text (byte {error.start})") from None
    except OSError as error:
        raise InputError(path, error.strerror or str(error)) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip("\n")
    if not text.strip():
        raise InputError(path, "the article is empty")
    return text


def starter(article: Path, source_id: str, output: Path) -> str:
    """The text of a new contribution file holding the article as the source's text."""
    if not SOURCE_ID.match(source_id):
        raise InputError(
            "--id", f"{source_id!r} should be lower-case letters, digits and hyphens (like s38)"
        )
    text = read_article(article)
    block = "\n".join(f"    {line}".rstrip() for line in text.split("\n"))
    rendered = TEMPLATE.format(
        file=output.name,
        prefixes=" ".join(f"{p}:" for p in PREFIXES),
        id=source_id,
        text=block,
    )
    if text[0] in " \t":  # an indented first line: say how deep the block is, from its key
        rendered = rendered.replace("  text: |\n", "  text: |2\n")
    if not holds(rendered, text):
        # a text YAML cannot hold as a block (say, control characters): a quoted string can
        quoted = yaml.safe_dump(text, allow_unicode=True, width=1_000_000, default_style='"')
        quoted = quoted.strip().removesuffix("...").rstrip()
        head = rendered.index("  text: |")
        tail = rendered.index("\nclaims:")
        rendered = rendered[:head] + f"  text: {quoted}" + rendered[tail:]
    return rendered


def holds(rendered: str, text: str) -> bool:
    """Whether the YAML reads back as the article (trailing spaces aside)."""
    try:
        written = yaml.safe_load(rendered)["source"]["text"]
    except (yaml.YAMLError, TypeError, KeyError):
        return False
    expected = "\n".join(line.rstrip() for line in text.split("\n"))
    return isinstance(written, str) and written.rstrip("\n") == expected
