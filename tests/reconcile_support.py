"""Validating answers against the Reconciliation Service API 0.2 JSON schemas (vendored in
``tests/data/reconciliation-schemas``, see its README), offline."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from jsonschema import Draft7Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

SCHEMAS = Path(__file__).parent / "data" / "reconciliation-schemas"


def _registry() -> Registry:
    resources = []
    for path in sorted(SCHEMAS.glob("*.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        resources.append(
            (schema["$id"], Resource.from_contents(schema, default_specification=DRAFT7))
        )
    return Registry().with_resources(resources)


REGISTRY = _registry()


def validator(name: str) -> Draft7Validator:
    schema = json.loads((SCHEMAS / f"{name}.json").read_text(encoding="utf-8"))
    return Draft7Validator(schema, registry=REGISTRY)


def assert_valid(name: str, document: Any) -> None:
    """Fails with every schema error of ``document`` against schema ``name``."""
    errors = [
        f"{list(e.absolute_path)}: {e.message}" for e in validator(name).iter_errors(document)
    ]
    assert not errors, f"{name}: " + "; ".join(errors[:5])
