"""How to cite the dataset, read from ``CITATION.cff``: the one record of each release's date.

The version itself is the package version (``advocacy_kg.__version__``, from pyproject.toml);
``CITATION.cff`` repeats it for citation tools, and ``load_citation`` refuses a file whose
version disagrees, so a release can never carry the date of another.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from . import __version__, config

CITATION_FILE = config.PROJECT_ROOT / "CITATION.cff"


class CitationError(ValueError):
    """CITATION.cff is missing, unreadable or disagrees with the package version."""


@dataclass(frozen=True)
class Citation:
    title: str
    authors: tuple[str, ...]
    version: str
    released: dt.date
    url: str
    licence: str  # an SPDX identifier
    abstract: str = ""

    @property
    def author_list(self) -> str:
        return ", ".join(self.authors)

    def text(self) -> str:
        """A plain reference, in the order of the usual author–date styles."""
        return (
            f"{self.author_list} ({self.released.year}). {self.title} "
            f"(version {self.version}) [Data set]. {self.url}"
        )

    def bibtex(self) -> str:
        key = f"advocacy_kg_{self.version.replace('.', '_')}"
        fields = {
            "author": "{" + " and ".join(f"{{{a}}}" for a in self.authors) + "}",
            "title": "{" + self.title + "}",
            "year": "{" + str(self.released.year) + "}",
            "version": "{" + self.version + "}",
            "url": "{" + self.url + "}",
            "note": "{Data set, licensed " + self.licence + "}",
        }
        body = ",\n".join(f"  {name} = {value}" for name, value in fields.items())
        return f"@misc{{{key},\n{body}\n}}\n"  # @misc: every BibTeX style knows it


def load_citation(path: Path | None = None, package_version: str = __version__) -> Citation:
    """The citation of the installed version; raises ``CitationError`` naming the problem."""
    return _load(path or CITATION_FILE, package_version)


@lru_cache(maxsize=4)
def _load(path: Path, package_version: str) -> Citation:
    try:
        record = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise CitationError(f"{path}: {error.strerror or error}") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise CitationError(f"{where}: not valid YAML") from None
    if not isinstance(record, dict):
        raise CitationError(f"{path}: expected a mapping of CFF keys")
    try:
        version = str(record["version"])
        released = dt.date.fromisoformat(str(record["date-released"]))
        citation = Citation(
            title=str(record["title"]),
            authors=tuple(_author_name(a) for a in record["authors"]),
            version=version,
            released=released,
            url=str(record["url"]),
            licence=str(record["license"]),
            abstract=" ".join(str(record.get("abstract", "")).split()),
        )
    except KeyError as error:
        raise CitationError(f"{path}: missing key {error.args[0]!r}") from None
    except ValueError as error:
        raise CitationError(f"{path}: {error}") from None
    if package_version != "0+unknown" and version != package_version:
        raise CitationError(
            f"{path}: version {version!r} but the package is {package_version!r}; "
            "update version and date-released in CITATION.cff for the new release"
        )
    return citation


def _author_name(author: dict[str, str]) -> str:
    if "name" in author:
        return author["name"]
    return " ".join(p for p in (author.get("given-names"), author.get("family-names")) if p)
