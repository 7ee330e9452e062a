"""In CI (``CI=true``) a skipped source-quote test is a failure, not a line in the ``-rs`` list.

These tests check every curated quote against ``../shared``; they skip where that folder or
its ``facts.md`` is absent, which is fine on a laptop and wrong in CI, where a run that checked
no quote must not pass. ``conftest.py`` registers the hook by importing it.
"""

from __future__ import annotations

import os
from collections.abc import Generator

import pytest

#: Test modules that read ../shared (the seeds and facts.md).
QUOTE_MODULES = frozenset({"test_source_quotes.py", "test_curated_data.py"})


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    if report.skipped and os.environ.get("CI") == "true" and item.path.name in QUOTE_MODULES:
        reason = report.longrepr[-1] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"skipped in CI, where every quote must be checked: {reason}"
    return report
