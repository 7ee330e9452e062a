"""The view registry (web/browse/views.py): a resource's page is the view of the most specific
registered class among its types and their superclasses, whatever the order of registration."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from browse_support import ALPHA, GAMMA, LETTER, SOURCE, fixture_app, path_of
from flask import Flask

from advocacy_kg import profiles
from advocacy_kg.describe import describe_resource
from advocacy_kg.namespaces import AKG
from advocacy_kg.web import SPARQL_KEY
from advocacy_kg.web.browse import state, views


@pytest.fixture(scope="module")
def app() -> Iterator[Flask]:
    application = fixture_app()
    yield application
    application.extensions[SPARQL_KEY].close()


def kinds_of(app: Flask, iri: str) -> frozenset[str]:
    with app.test_request_context():
        return views.classes_of(describe_resource(state.store(), iri).types.get(iri, []))


@pytest.mark.parametrize(
    ("iri", "template"),
    [
        (LETTER, "browse/views/letter.html"),  # an akg:OpenLetter, below akg:AdvocacyAction
        (ALPHA, "browse/views/organisation.html"),
        (GAMMA, "browse/views/official.html"),
        (SOURCE, "browse/source.html"),
        (str(AKG.OpenLetter), "browse/term.html"),
        (str(AKG.signatory), "browse/term.html"),
    ],
)
def test_each_kind_of_resource_gets_its_view(app: Flask, iri: str, template: str) -> None:
    with app.test_request_context():
        assert views.view_for(kinds_of(app, iri)).template == template


def test_a_resource_of_no_registered_class_gets_the_entity_page(app: Flask) -> None:
    with app.test_request_context():
        assert views.view_for(frozenset({str(AKG.Demand)})) is views.ENTITY_VIEW


def test_a_view_for_a_subclass_wins_over_its_superclass_registered_first(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Registering a page for a new kind of advocacy action is one line in VIEWS: here the
    official's profile stands in for an open-letter profile, added after akg:AdvocacyAction's."""
    built: list[str] = []

    def open_letter_view(page: views.Page) -> dict[str, Any]:
        built.append(page.iri)
        return {"profile": profiles.official_view(page.d)}

    registry = {
        **views.VIEWS,
        str(AKG.OpenLetter): views.View("browse/views/official.html", open_letter_view),
    }
    monkeypatch.setattr(views, "VIEWS", registry)
    html = app.test_client().get(path_of(LETTER)).text
    assert built == [LETTER]
    assert "Offices held" in html and "Signatories named" not in html
    assert "What the sources say about" in html  # still an entity page: the facts follow


def test_every_registered_template_is_found(app: Flask) -> None:
    for view in {*views.VIEWS.values(), views.ENTITY_VIEW}:
        assert app.jinja_env.get_template(view.template) is not None
