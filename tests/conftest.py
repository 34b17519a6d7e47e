"""Shared pytest set-up: the --update-goldens switch and helpers to build and import clients."""

from __future__ import annotations

import importlib.util
import itertools
import sys
from pathlib import Path
from collections.abc import Iterator
from types import ModuleType
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from vector_collectors import VectorCollectors

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "cases"
_counter = itertools.count()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-goldens", action="store_true", help="rewrite expected outputs of case folders")


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))


def build_client(plan_text: str, tmp_path: Path, name: str = "plan.yaml") -> ModuleType:
    """Generate the Python client for a plan in memory and import it under a unique name."""
    from trackgen import generate, loads_plan

    plan = loads_plan(plan_text, name)
    files = generate(plan, "python")
    module_name = f"tg_client_{next(_counter)}"
    path = tmp_path / f"{module_name}.py"
    path.write_text(files["analytics_plan.py"], encoding="utf-8")
    spec = importlib.util.spec_from_file_location(module_name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    return module


class Recorder:
    """A client with Segment's `track` signature that keeps every call (for unit-level tests;
    the end-to-end tests use the real SDKs over HTTP)."""

    def __init__(self) -> None:
        self.calls: list[dict[str, object]] = []

    def track(self, **kwargs: object) -> tuple[bool, dict[str, object]]:
        self.calls.append(kwargs)
        return True, kwargs


@pytest.fixture(scope="session")
def vector_collectors(tmp_path_factory: pytest.TempPathFactory) -> "Iterator[VectorCollectors]":
    """`trackgen serve`, one per shared vector, shared by the TypeScript end-to-end tests."""
    from vector_collectors import VectorCollectors
    from vector_support import load_vectors

    with VectorCollectors(tmp_path_factory.mktemp("collectors"), load_vectors()) as collectors:
        yield collectors
