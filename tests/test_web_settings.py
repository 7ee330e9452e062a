"""The app's settings: each SPARQL limit has one config key and one default (sparql.Settings's),
and the environment (``ADVOCACY_KG_<KEY>``) still sets it, converted to the field's type."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict

import pytest
from browse_support import fixture_store
from flask import Flask

from advocacy_kg.sparql import Settings
from advocacy_kg.web import SPARQL_KEY, create_app
from advocacy_kg.web.settings import SPARQL_LIMITS


@contextmanager
def app_with(config: dict[str, object] | None = None) -> Iterator[Flask]:
    app = create_app({"TESTING": True, **(config or {})}, store=fixture_store())
    try:
        yield app
    finally:
        app.extensions[SPARQL_KEY].close()


def test_every_limit_defaults_to_the_sparql_settings_default() -> None:
    with app_with() as app:
        assert app.extensions[SPARQL_KEY].settings == Settings()
        assert {key: app.config[key] for key in SPARQL_LIMITS} == {
            key: asdict(Settings())[name] for key, name in SPARQL_LIMITS.items()
        }
    assert set(SPARQL_LIMITS.values()) == set(asdict(Settings()))  # no limit without a key


def test_the_environment_sets_a_limit_with_the_fields_type(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADVOCACY_KG_SPARQL_TIMEOUT", "2")
    monkeypatch.setenv("ADVOCACY_KG_SPARQL_MAX_QUERY_LENGTH", "500")
    monkeypatch.setenv("ADVOCACY_KG_SPARQL_EXECUTION", "inline")
    with app_with() as app:
        settings = app.extensions[SPARQL_KEY].settings
    assert settings.timeout == 2.0 and isinstance(settings.timeout, float)
    assert settings.max_length == 500 and settings.execution == "inline"


def test_create_app_config_wins_over_the_defaults() -> None:
    with app_with({"SPARQL_MAX_ROWS": 7, "SPARQL_MAX_NESTING": "9"}) as app:
        settings = app.extensions[SPARQL_KEY].settings
    assert (settings.max_rows, settings.max_depth) == (7, 9)
