"""Where things are and what they are called: the one place that fixes the canonical base IRI.

Every IRI of the project (ontology terms, concepts, entities, claims, named graphs) is derived
from ``BASE``; the Turtle and TriG files under ``ontology/`` and ``data/`` use IRIs relative to
it and are parsed with ``BASE`` as their base IRI, so the base is written here and nowhere else.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

BASE = "https://w3id.org/advocacy-kg/"

#: IRI prefixes derived from BASE.
ONTOLOGY = BASE + "def/"
CONCEPT = BASE + "concept/"
ENTITY = BASE + "id/"
CLAIM = BASE + "claim/"
GRAPH = BASE + "graph/"

#: The named graphs that are not claim graphs.
ONTOLOGY_GRAPH = GRAPH + "ontology"
VOCABULARY_GRAPH = GRAPH + "vocabularies"
SOURCES_GRAPH = GRAPH + "sources"
SHAPES_GRAPH = GRAPH + "shapes"  # in the dumps: the SHACL shapes the data conform to
DESCRIPTION_GRAPH = GRAPH + "description"  # in the dumps: the dataset's VoID/DCAT description
REPLACED_GRAPH = GRAPH + "replaced"  # published IRIs a correction replaced (dcterms:isReplacedBy)

#: Curated data, ontology and shapes live beside the package in a source checkout;
#: ADVOCACY_KG_HOME points elsewhere (a release unpacked somewhere else).
PROJECT_ROOT = Path(os.environ.get("ADVOCACY_KG_HOME", Path(__file__).resolve().parents[2]))
ONTOLOGY_DIR = PROJECT_ROOT / "ontology"
DATA_DIR = PROJECT_ROOT / "data"
QUERIES_DIR = DATA_DIR / "queries"
SHAPES_DIR = ONTOLOGY_DIR / "shapes"

#: Largest RDF file the loader will read (bytes); bigger inputs are refused, not truncated.
MAX_INPUT_BYTES = int(os.environ.get("ADVOCACY_KG_MAX_INPUT_BYTES", 512 * 1024 * 1024))

#: Limits on input files checked before any parser reads them (input_limits.py says why):
#: JSON-LD bracket nesting, RDF/XML element nesting, and the characters that RDF/XML entity
#: references may expand to in all (at least the file's own size is always allowed).
MAX_JSON_NESTING = int(os.environ.get("ADVOCACY_KG_MAX_JSON_NESTING", 256))
MAX_XML_NESTING = int(os.environ.get("ADVOCACY_KG_MAX_XML_NESTING", 4096))
MAX_ENTITY_EXPANSION = int(os.environ.get("ADVOCACY_KG_MAX_ENTITY_EXPANSION", 16 * 1024 * 1024))
#: Characters ``diff`` may write to spell out one file's blank nodes (diff.BlankWriter).
MAX_DIFF_BLANK_CHARS = int(os.environ.get("ADVOCACY_KG_MAX_DIFF_BLANK_CHARS", 64 * 1024 * 1024))


def setting(name: str) -> str | None:
    """A setting read when asked for (tests change it): ``ADVOCACY_KG_<NAME>`` in the environment,
    else ``name = "..."`` in the TOML file that ``ADVOCACY_KG_CONFIG`` names, else None.

    Raises ``ValueError`` naming the TOML file when it cannot be read.
    """
    if os.environ.get(f"ADVOCACY_KG_{name.upper()}"):
        return os.environ[f"ADVOCACY_KG_{name.upper()}"]
    settings_file = os.environ.get("ADVOCACY_KG_CONFIG")
    if not settings_file:
        return None
    try:
        with Path(settings_file).open("rb") as handle:
            value = tomllib.load(handle).get(name.lower())
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ValueError(f"{settings_file}: cannot read settings: {error}") from None
    return value if isinstance(value, str) else None
