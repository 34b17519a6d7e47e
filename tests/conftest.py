"""Shared pytest options. `--update-goldens` rewrites expected files from actual output
(`make goldens`); reviewers then read the golden diffs in the pull request."""

from __future__ import annotations

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    try:
        parser.addoption("--update-goldens", action="store_true", default=False, help="rewrite expected files from actual output")
    except ValueError:  # already declared by another conftest
        pass


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))
