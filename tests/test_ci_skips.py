"""The CI hook of ``ci_skips.py``: a skipped source-quote test fails the run in CI only."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).parent


def run_pytest(folder: Path, ci: bool) -> subprocess.CompletedProcess[str]:
    """pytest with only the ci_skips plugin over ``folder`` (not this project's conftest)."""
    env = {k: v for k, v in os.environ.items() if k != "CI"} | {"PYTHONPATH": str(TESTS)}
    if ci:
        env["CI"] = "true"
    (folder / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "ci_skips", "-p", "no:cacheprovider", "."],
        cwd=folder, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


@pytest.fixture
def skipping_quote_tests(tmp_path: Path) -> Path:
    (tmp_path / "test_source_quotes.py").write_text(
        "import pytest\n\n"
        "pytestmark = pytest.mark.skipif(True, reason='facts.md is absent')\n\n\n"
        "def test_a_quote():\n    assert False\n",
        encoding="utf-8",
    )
    (tmp_path / "test_other.py").write_text(
        "import pytest\n\n\ndef test_needs_chromium():\n    pytest.skip('no chromium')\n",
        encoding="utf-8",
    )
    return tmp_path


def test_a_skipped_quote_test_fails_in_ci(skipping_quote_tests: Path) -> None:
    result = run_pytest(skipping_quote_tests, ci=True)
    assert result.returncode == 1, result.stdout
    assert "skipped in CI, where every quote must be checked" in result.stdout
    assert "facts.md is absent" in result.stdout
    assert "1 skipped, 1 error" in result.stdout  # a skip in setup fails as an error; others stay


def test_outside_ci_it_is_only_a_skip(skipping_quote_tests: Path) -> None:
    result = run_pytest(skipping_quote_tests, ci=False)
    assert result.returncode == 0, result.stdout
    assert "2 skipped" in result.stdout
