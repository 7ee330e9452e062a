"""The scan before parsing (``input_limits``): limits hold across buffer boundaries, and files
that are only big, or use entities as ontology editors do, still pass."""

from __future__ import annotations

from pathlib import Path

import pytest
from hostile.cases import HERE

from advocacy_kg import config, input_limits, loading

RDF = 'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'


@pytest.fixture(autouse=True)
def small_buffers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(input_limits, "CHUNK", 7)  # every token crosses a buffer boundary


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_json_depth_is_counted_across_buffers_and_names_the_line(tmp_path: Path) -> None:
    depth = config.MAX_JSON_NESTING + 1
    path = write(tmp_path, "deep.jsonld", '{"@id": "urn:x",\n"urn:p": ' * depth + "1" + "}" * depth)
    with pytest.raises(input_limits.Refused, match="JSON nested deeper") as refused:
        input_limits.check(path, "application/ld+json")
    assert refused.value.line == config.MAX_JSON_NESTING + 1


def test_brackets_inside_json_strings_do_not_count(tmp_path: Path) -> None:
    text = '{"@id": "urn:x", "urn:p": "' + "[{" * 5000 + '\\" [[" }'
    input_limits.check(write(tmp_path, "strings.jsonld", text), "application/ld+json")
    assert len(loading.parse_file(tmp_path / "strings.jsonld")) == 1


def test_xml_depth_ignores_empty_elements_comments_and_markup_in_attributes(tmp_path: Path) -> None:
    inner = '<rdf:Description rdf:about="urn:a&gt;"/><!-- <a><a><a> -->' * 3000
    text = f'<?xml version="1.0"?><rdf:RDF {RDF}>{inner}</rdf:RDF>'
    input_limits.check(write(tmp_path, "flat.rdf", text), "application/rdf+xml")


def test_entities_for_namespaces_pass_and_parse(tmp_path: Path) -> None:
    path = HERE / "namespace-entities.rdf"
    input_limits.check(path, "application/rdf+xml")
    assert len(loading.parse_file(path)) == 2


def test_entity_expansion_up_to_the_file_size_is_allowed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(config, "MAX_ENTITY_EXPANSION", 10)
    body = "".join(f'<rdf:Description rdf:about="&n;{i}"/>' for i in range(50))
    doctype = '<!DOCTYPE rdf:RDF [ <!ENTITY n "urn:x:"> ]>'
    text = f'<?xml version="1.0"?>{doctype}<rdf:RDF {RDF}>{body}</rdf:RDF>'
    input_limits.check(write(tmp_path, "ok.rdf", text), "application/rdf+xml")
    many = body * 10  # 500 references of 6 characters: over the file's own size
    text = f'<?xml version="1.0"?>{doctype}<rdf:RDF {RDF}>{many}</rdf:RDF>'
    path = write(tmp_path, "over.rdf", text.replace("urn:x:", "urn:x:" + "y" * 40))
    with pytest.raises(input_limits.Refused, match="expand to over"):
        input_limits.check(path, "application/rdf+xml")


def test_external_entities_and_unfinished_doctypes_are_refused(tmp_path: Path) -> None:
    external = '<?xml version="1.0"?><!DOCTYPE r [ <!ENTITY e SYSTEM "file:///etc/passwd"> ]><r/>'
    with pytest.raises(input_limits.Refused, match="external entity"):
        input_limits.check(write(tmp_path, "ext.rdf", external), "application/rdf+xml")
    unfinished = '<?xml version="1.0"?><!DOCTYPE r [ <!ENTITY e "x"'
    with pytest.raises(input_limits.Refused, match="DOCTYPE this reader cannot follow"):
        input_limits.check(write(tmp_path, "cut.rdf", unfinished), "application/rdf+xml")


def test_entity_references_cut_by_a_buffer_boundary_are_counted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(config, "MAX_ENTITY_EXPANSION", 1000)
    doctype = '<!DOCTYPE rdf:RDF [ <!ENTITY big "' + "x" * 900 + '"> ]>'
    text = f'<?xml version="1.0"?>{doctype}<rdf:RDF {RDF}><a>' + "&big;" * 2 + "</a></rdf:RDF>"
    for chunk in range(2, 9):  # every cut through "&big;"
        monkeypatch.setattr(input_limits, "CHUNK", chunk)
        with pytest.raises(input_limits.Refused, match="expand to over"):
            input_limits.check(write(tmp_path, "cut.rdf", text), "application/rdf+xml")
