"""A citable release: the RO-Crate validated by ``roc-validator`` (offline), the Data Package and
its CSV views validated by ``frictionless``, every fact of them taken from the release itself."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import requests
import urllib3
from frictionless import Package
from requests.adapters import HTTPAdapter
from requests_cache import CachedSession

from advocacy_kg import config, export, release
from advocacy_kg.citation import load_citation

VENDOR = Path(__file__).parent / "vendor" / "ro-crate"
RO_CRATE_CONTEXT = release.RO_CRATE + "/context"


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("release")
    export.export(folder)
    return folder


def read_json(path: Path) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return document


def offline_cache(path: Path) -> Path:
    """roc-validator's HTTP cache holding only the RO-Crate 1.2 context (vendored): in offline
    mode the validator reads remote documents from this cache and never from the network."""
    session = CachedSession(cache_name=str(path), backend="sqlite", expire_after=-1)
    request = requests.Request("GET", RO_CRATE_CONTEXT).prepare()
    body = (VENDOR / "context-1.2.jsonld").read_bytes()
    raw = urllib3.HTTPResponse(
        body=io.BytesIO(body),
        headers={"Content-Type": "application/ld+json"},
        status=200,
        preload_content=False,
        request_url=RO_CRATE_CONTEXT,
    )
    response = HTTPAdapter().build_response(request, raw)
    response._content = body
    session.cache.save_response(response)
    session.close()
    return path


def test_ro_crate_passes_roc_validator_offline(out: Path, tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    done = subprocess.run(
        [
            str(Path(sys.executable).with_name("rocrate-validator")),
            "--no-interactive",
            "--disable-color",
            "validate",
            "--offline",
            "--cache-path",
            str(offline_cache(tmp_path / "http-cache")),
            "--profile-identifier",
            "ro-crate-1.2",
            "--requirement-severity",
            "REQUIRED",
            "--output-format",
            "json",
            "--output-file",
            str(report),
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    result = read_json(report)
    issues = [(i["severity"], i["message"]) for i in result.get("issues", [])]
    assert done.returncode == 0 and result["passed"], issues or done.stderr[-2000:]
    assert result["statistics"]["total_passed_requirements"] > 20  # it did check something


def test_ro_crate_describes_every_file_and_the_release(out: Path) -> None:
    crate = read_json(out / release.CRATE_NAME)
    assert crate["@context"] == RO_CRATE_CONTEXT
    entities = {e["@id"]: e for e in crate["@graph"]}
    assert entities[release.CRATE_NAME]["conformsTo"] == {"@id": release.RO_CRATE}
    root, citation = entities["./"], load_citation()
    assert (root["version"], root["datePublished"]) == (
        citation.version,
        citation.released.isoformat(),
    )
    assert root["license"] == {"@id": release.SPDX + citation.licence}
    assert root["creditText"] == citation.text() and root["name"] == citation.title
    listed = {part["@id"] for part in root["hasPart"]}
    on_disk = {p.name for p in out.iterdir()} - {release.CRATE_NAME, export.CHECKSUMS_NAME}
    assert listed == on_disk and len(listed) >= 12
    for name in listed:
        data = (out / name).read_bytes()
        entity = entities[name]
        assert entity["@type"] == "File" and entity["name"]
        assert entity["contentSize"] == str(len(data))
        assert entity["sha256"] == hashlib.sha256(data).hexdigest()
    dump = entities[export.dump_name(export.FORMATS["trig"])]
    assert dump["encodingFormat"] == "application/trig"


def test_data_package_passes_frictionless(out: Path) -> None:
    report = Package(str(out / release.PACKAGE_NAME)).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert len(report.tasks) == 4 and all(task.stats["rows"] > 0 for task in report.tasks)


def test_data_package_is_version_2_with_hashes(out: Path) -> None:
    package = read_json(out / release.PACKAGE_NAME)
    assert package["$schema"] == release.DATA_PACKAGE_PROFILE
    assert package["version"] == load_citation().version
    for resource in package["resources"]:
        data = (out / resource["path"]).read_bytes()
        assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
        assert resource["bytes"] == len(data)


def test_a_bad_csv_fails_frictionless(out: Path, tmp_path: Path) -> None:
    """The validation is not vacuous: a count that is not a number is found."""
    for path in out.iterdir():
        (tmp_path / path.name).write_bytes(path.read_bytes())
    letters = tmp_path / release.table_name("letters", load_citation().version)
    text = letters.read_text(encoding="utf-8").splitlines()
    cells = next(csv.reader([text[1]]))
    cells[3] = "many"  # named_signatories
    text[1] = ",".join(f'"{c}"' for c in cells)
    letters.write_text("\r\n".join(text) + "\r\n", encoding="utf-8")
    package = read_json(tmp_path / release.PACKAGE_NAME)
    for resource in package["resources"]:
        resource.pop("hash"), resource.pop("bytes")
    (tmp_path / release.PACKAGE_NAME).write_text(json.dumps(package), encoding="utf-8")
    report = Package(str(tmp_path / release.PACKAGE_NAME)).validate()
    assert not report.valid
    assert [e.type for e in report.tasks[0].errors] == ["type-error"]


def test_csv_views_hold_the_graphs_letters_and_their_signatories(out: Path) -> None:
    version = load_citation().version

    def rows(table: str) -> list[dict[str, str]]:
        path = out / release.table_name(table, version)
        return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))

    letters = {r["letter_iri"]: r for r in rows("letters")}
    reynders = letters[config.ENTITY + "letter/2021-04-01-reynders"]
    assert reynders["date"] == "2021-04-01" and reynders["label"]
    signed = [r for r in rows("signatories") if r["letter_iri"] in letters]
    assert signed and all(r["signatory_label"] for r in signed)
    named = {iri: int(r["named_signatories"]) for iri, r in letters.items()}
    for iri, count in named.items():
        assert count == sum(1 for r in signed if r["letter_iri"] == iri)
    # where sources disagree, every value is kept
    red_lines = letters[config.ENTITY + "letter/2021-01-red-lines"]
    assert "; " in red_lines["stated_signatory_counts"]
    demands = rows("demands")
    assert demands and all(d["letter_iris"].startswith(config.ENTITY) for d in demands)
    organisations = {r["organisation_iri"] for r in rows("organisations")}
    assert config.ENTITY + "organisation/edri" in organisations
