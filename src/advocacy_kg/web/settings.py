"""The SPARQL endpoint's limits as app settings: each config key named once here, its default
the one of ``sparql.Settings`` (README, "SPARQL endpoint"). Set them with ``create_app({...})``,
``serve`` options or ``ADVOCACY_KG_<KEY>`` in the environment.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict
from typing import Any

from ..sparql import Settings

#: Config key → field of ``sparql.Settings``.
SPARQL_LIMITS = {
    "SPARQL_TIMEOUT": "timeout",  # seconds a query may run; then 503 and its process is killed
    "SPARQL_MAX_ROWS": "max_rows",  # rows or triples in one answer; a cut answer says so
    "SPARQL_MAX_QUERY_LENGTH": "max_length",  # characters in a query
    "SPARQL_MAX_NESTING": "max_depth",  # depth of (), {}, [] in a query
    "SPARQL_MEMORY_MB": "memory_mb",  # memory one query may add; then 500, that query alone
    "SPARQL_TOTAL_MEMORY_MB": "total_memory_mb",  # all query processes; the largest is stopped
    "SPARQL_EXECUTION": "execution",  # "process" (killable) or "inline"; auto: process if embedded
}


def sparql_defaults() -> dict[str, Any]:
    """The limits' config keys with their defaults."""
    defaults = asdict(Settings())
    return {key: defaults[name] for key, name in SPARQL_LIMITS.items()}


def sparql_settings(config: Mapping[str, Any]) -> Settings:
    """The limits an app's config sets, each converted to its field's type (the environment
    gives numbers as text or JSON numbers)."""
    defaults = asdict(Settings())
    return Settings(
        **{name: type(defaults[name])(config[key]) for key, name in SPARQL_LIMITS.items()}
    )
