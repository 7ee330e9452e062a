"""The named example queries of ``data/queries/``: one ``.rq`` file each, whose leading
comment lines give its title (``# title: …``) and description (``# description: …``).

The query page, the home page, the README and the tests all read them through here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import config


@dataclass(frozen=True)
class ExampleQuery:
    name: str
    title: str
    description: str
    text: str


def read_example(path: Path) -> ExampleQuery:
    text = path.read_text(encoding="utf-8")
    header: dict[str, str] = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        key, _, value = line.lstrip("# ").partition(":")
        header[key.strip().lower()] = value.strip()
    return ExampleQuery(
        name=path.stem,
        title=header.get("title", path.stem.replace("-", " ")),
        description=header.get("description", ""),
        text=text,
    )


def example_queries(directory: Path | None = None) -> list[ExampleQuery]:
    """Every example query, sorted by file name."""
    folder = directory or config.QUERIES_DIR
    return [read_example(path) for path in sorted(folder.glob("*.rq"))]
