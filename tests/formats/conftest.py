"""Shared helpers for the import / export tests."""

from __future__ import annotations

import difflib
import os
from pathlib import Path
from typing import Any

import pytest

from trackgen.plan.ir import Plan, to_json

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures"
EXPECTED = HERE / "expected"
PLANS = HERE / "plans"
REPO = HERE.parent.parent


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    """`pytest --update-goldens` (when the suite defines it) or TRACKGEN_UPDATE_GOLDENS=1."""
    try:
        flag = bool(request.config.getoption("--update-goldens"))
    except ValueError:
        flag = False
    return flag or os.environ.get("TRACKGEN_UPDATE_GOLDENS") == "1"


def check_golden(path: Path, text: str, update: bool) -> None:
    if update:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    expected = path.read_text(encoding="utf-8") if path.exists() else ""
    if expected != text:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), text.splitlines(True), str(path), "actual"))
        pytest.fail(f"{path.name} differs from the golden file; rerun with TRACKGEN_UPDATE_GOLDENS=1 to accept\n{diff}")


def _strip(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items() if k not in ("span", "source")}
    if isinstance(value, list):
        return [_strip(v) for v in value]
    return value


def comparable_ir(plan: Plan, keep_name: bool = True) -> dict[str, Any]:
    """The IR as data without positions or source file; named types sorted (their order has
    no meaning, and `trackgen import` writes them sorted by name)."""
    data: dict[str, Any] = _strip(to_json(plan))
    data["types"] = sorted(data.get("types", []), key=lambda t: t["name"])
    if not keep_name:
        data.pop("name", None)
        data.pop("description", None)
    return data
