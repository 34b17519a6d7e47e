"""Case folders: each plan's generated output (or its diagnostics) must match the goldens.

`make goldens` (pytest --update-goldens) rewrites them; reviewers read the golden diffs.
"""

from __future__ import annotations

import difflib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CASES, ROOT

CASE_DIRS = sorted(p for p in CASES.iterdir() if (p / "plan.yaml").exists())
TARGETS = ["python"]


def run_build(case: Path, target: str, out: Path) -> subprocess.CompletedProcess[str]:
    plan = case.relative_to(ROOT) / "plan.yaml"
    return subprocess.run(
        [sys.executable, "-m", "trackgen", "build", str(plan), "--target", target, "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "0"},
    )


def compare(expected: Path, actual: str, update: bool) -> None:
    if update:
        expected.parent.mkdir(parents=True, exist_ok=True)
        expected.write_text(actual, encoding="utf-8")
        return
    assert expected.exists(), f"no golden {expected}; run `make goldens`"
    want = expected.read_text(encoding="utf-8")
    if want != actual:
        diff = "".join(difflib.unified_diff(want.splitlines(True), actual.splitlines(True), str(expected), "generated"))
        pytest.fail(f"{expected} differs (run `make goldens` if the change is intended):\n{diff}")


@pytest.mark.parametrize("case", CASE_DIRS, ids=lambda p: p.name)
def test_case(case: Path, tmp_path: Path, update_goldens: bool) -> None:
    stderr_golden = case / "expected" / "stderr.txt"
    for target in TARGETS:
        if not stderr_golden.exists() and not (case / "expected" / target).exists() and not update_goldens:
            continue
        out = tmp_path / target
        result = run_build(case, target, out)
        assert "Traceback" not in result.stderr
        if case.name.startswith("errors_"):
            assert result.returncode == 1, result.stderr
            assert not out.exists() or not any(out.iterdir()), "a failed build wrote files"
            compare(stderr_golden, result.stderr, update_goldens)
            return
        assert result.returncode == 0, result.stderr
        produced = sorted(p for p in out.rglob("*") if p.is_file())
        assert produced, "the build wrote nothing"
        for path in produced:
            compare(case / "expected" / target / path.relative_to(out), path.read_text(encoding="utf-8"), update_goldens)
