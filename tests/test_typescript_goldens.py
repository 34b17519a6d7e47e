"""Golden TypeScript output beside each case's plan: tests/cases/<case>/expected/typescript/
(node flavour, the default) and expected/typescript-browser/. A mismatch prints a diff;
`make goldens` (TRACKGEN_UPDATE_GOLDENS=1) rewrites them. The goldens are also compiled
strict and prettier-checked with the other TypeScript output (typescript_support)."""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

from trackgen import generate, load_plan
from typescript_support import CASES

FLAVOURS = {"typescript": "node", "typescript-browser": "browser"}
CASE_DIRS = sorted(p.parent for p in CASES.glob("*/plan.yaml") if (p.parent / "expected" / "typescript").exists())


@pytest.mark.parametrize("case", CASE_DIRS, ids=[c.name for c in CASE_DIRS])
@pytest.mark.parametrize("folder", sorted(FLAVOURS))
def test_typescript_golden(case: Path, folder: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(case.parent.parent.parent)  # plan paths in headers are repository-relative
    plan = load_plan(os.path.relpath(case / "plan.yaml"))
    files = generate(plan, "typescript", sdk=FLAVOURS[folder])
    expected_dir = case / "expected" / folder
    for name, text in files.items():
        path = expected_dir / name
        if os.environ.get("TRACKGEN_UPDATE_GOLDENS"):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        old = path.read_text(encoding="utf-8") if path.exists() else ""
        diff = "".join(difflib.unified_diff(old.splitlines(True), text.splitlines(True), str(path), "generated"))
        assert not diff, f"{diff}\nrun `make goldens` if the change is intended"
