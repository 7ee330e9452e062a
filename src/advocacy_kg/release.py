"""A citable release: an RO-Crate describing every file, and a Data Package for the CSV views.

``ro-crate-metadata.json`` (RO-Crate 1.2) describes the release as a Dataset (name, version,
licence, date published, citation, all from ``CITATION.cff`` through ``citation.py``) and each
file in it (name, media type, size, SHA-256). ``datapackage.json`` (Frictionless Data Package
v2) describes the CSV views of ``tables.py`` with their Table Schemas, sizes and hashes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from typing import Any

import pyoxigraph as ox

from .citation import Citation
from .namespaces import SPDX_LICENCES as SPDX
from .tables import TABLES, tables_of

CRATE_NAME = "ro-crate-metadata.json"
PACKAGE_NAME = "datapackage.json"
RO_CRATE = "https://w3id.org/ro/crate/1.2"
DATA_PACKAGE_PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"

#: Media types of the release's files other than the RDF dumps.
MEDIA_TYPES = {
    CRATE_NAME: "application/ld+json",
    PACKAGE_NAME: "application/json",
    "SHA256SUMS": "text/plain",
}
CSV_MEDIA_TYPE = "text/csv"


def table_name(table: str, version: str) -> str:
    return f"advocacy-kg-{version}-{table}.csv"


def media_type(name: str) -> str | None:
    """The media type of a file this module writes (None for the others)."""
    return CSV_MEDIA_TYPE if name.endswith(".csv") else MEDIA_TYPES.get(name)


def tables_and_package(content: Sequence[ox.Quad], citation: Citation) -> dict[str, bytes]:
    """The CSV views and their ``datapackage.json``, by file name."""
    csvs = {table_name(n, citation.version): data for n, data in tables_of(content).items()}
    resources = []
    for table in TABLES:
        name = table_name(table.name, citation.version)
        resources.append(
            {
                "name": table.name,
                "title": table.title,
                "path": name,
                "format": "csv",
                "mediatype": CSV_MEDIA_TYPE,
                "encoding": "utf-8",
                "bytes": len(csvs[name]),
                "hash": "sha256:" + hashlib.sha256(csvs[name]).hexdigest(),
                "schema": table.schema(),
            }
        )
    package = {
        "$schema": DATA_PACKAGE_PROFILE,
        "name": "advocacy-kg-tables",
        "title": f"{citation.title}: tables",
        "description": "Spreadsheet views of the graph, made by SPARQL over the release's data. "
        "IRIs identify each entity; the RDF dumps keep each fact's source and quote.",
        "version": citation.version,
        "homepage": citation.url,
        "licenses": [{"name": citation.licence, "path": SPDX + citation.licence}],
        "contributors": [{"title": a, "roles": ["creator"]} for a in citation.authors],
        "resources": resources,
    }
    return {**csvs, PACKAGE_NAME: _json(package)}


def crate(files: Mapping[str, bytes], titles: Mapping[str, str], citation: Citation) -> bytes:
    """``ro-crate-metadata.json`` for a release holding ``files`` (by name; ``titles`` names
    them for people; ``media_type_of`` gives their formats)."""
    titles = {**package_titles(citation.version), **titles}
    licence = {"@id": SPDX + citation.licence}
    authors = [{"@id": f"#author-{i}"} for i, _ in enumerate(citation.authors, start=1)]
    parts = [
        {
            "@id": name,
            "@type": "File",
            "name": titles.get(name, name),
            "description": titles.get(name, name),
            "encodingFormat": media_type_of(name),
            "contentSize": str(len(data)),
            "sha256": hashlib.sha256(data).hexdigest(),  # each file has the root's licence
        }
        for name, data in sorted(files.items())
    ]
    root = {
        "@id": "./",
        "@type": "Dataset",
        "name": citation.title,
        "description": citation.abstract,
        "version": citation.version,
        "datePublished": citation.released.isoformat(),
        "license": licence,
        "url": citation.url,
        "identifier": citation.url,
        "author": authors[0] if len(authors) == 1 else authors,
        # how to cite it: RO-Crate 1.2 keeps `citation` for the URI of a publication (there is
        # none), and gives `creditText` for the reference itself
        "creditText": citation.text(),
        "hasPart": [{"@id": p["@id"]} for p in parts],
    }
    graph: list[dict[str, Any]] = [
        {
            "@id": CRATE_NAME,
            "@type": "CreativeWork",
            "conformsTo": {"@id": RO_CRATE},
            "about": {"@id": "./"},
        },
        root,
        {"@id": licence["@id"], "@type": "CreativeWork", "name": citation.licence},
        *(
            {"@id": a["@id"], "@type": "Organization", "name": name}
            for a, name in zip(authors, citation.authors, strict=True)
        ),
        *parts,
    ]
    return _json({"@context": RO_CRATE + "/context", "@graph": graph})


def package_titles(version: str) -> dict[str, str]:
    titles = {table_name(t.name, version): f"{t.title} (CSV)" for t in TABLES}
    return titles | {PACKAGE_NAME: "Data Package (Frictionless) describing the CSV views"}


def media_type_of(name: str) -> str:
    found = media_type(name)
    if found:
        return found
    fmt = ox.RdfFormat.from_extension(name.rsplit(".", 1)[-1])
    return fmt.media_type if fmt else "application/octet-stream"


def _json(document: Mapping[str, Any]) -> bytes:
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode()
