"""Case folders: each plan's generated output (or its diagnostics) must match the goldens.

`make goldens` (pytest --update-goldens) rewrites them; reviewers read the golden diffs.

Folders named `errors_*` are the corpus of broken plans. Each is built by the real CLI
into an output folder that already holds a previous build, and must: exit 1; print only
diagnostics with file:line:column and a stable code (plus hints and the summary), the
golden stderr exactly; print no traceback; finish in bounded time and memory (measured
for that process alone); and leave the previous output untouched, bytes and mtimes.
"""

from __future__ import annotations

import difflib
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from conftest import CASES, ROOT, Measured, assert_clean_failure, prefill, run_measured, snapshot

CASE_DIRS = sorted(p for p in CASES.iterdir() if (p / "plan.yaml").exists())
ERROR_DIRS = [p for p in CASE_DIRS if p.name.startswith("errors_")]
TARGETS = ["python"]
MAX_SECONDS = 5.0
MAX_RSS_MB = 500.0


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


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Measured, dict[str, tuple[bytes, int]], dict[str, tuple[bytes, int]]]]:
    """Every broken plan built once per target, two at a time (one process per plan, so
    time and memory are that plan's own): the result and the output folder before/after."""
    base = tmp_path_factory.mktemp("corpus")

    def build(case: Path) -> tuple[str, tuple[Measured, dict[str, tuple[bytes, int]], dict[str, tuple[bytes, int]]]]:
        out = base / case.name
        before = prefill(out)
        plan = case.relative_to(ROOT) / "plan.yaml"
        result = run_measured(
            [sys.executable, "-m", "trackgen", "build", str(plan), "--target", TARGETS[0], "--out", str(out)],
            cwd=ROOT, env={**os.environ, "PYTHONHASHSEED": "0"},
        )
        return case.name, (result, before, snapshot(out))

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(pool.map(build, ERROR_DIRS))


def test_the_corpus_is_large() -> None:
    assert len(ERROR_DIRS) >= 60


@pytest.mark.parametrize("case", ERROR_DIRS, ids=lambda p: p.name)
def test_broken_plan(case: Path, corpus: dict[str, tuple[Measured, dict[str, tuple[bytes, int]], dict[str, tuple[bytes, int]]]], update_goldens: bool) -> None:
    result, before, after = corpus[case.name]
    assert_clean_failure(result, str(case.relative_to(ROOT) / "plan.yaml"))
    compare(case / "expected" / "stderr.txt", result.stderr, update_goldens)
    assert result.seconds < MAX_SECONDS, f"{result.seconds:.1f} s"
    assert result.max_rss_mb < MAX_RSS_MB, f"{result.max_rss_mb:.0f} MB"
    assert after == before, "a failed build touched the output folder"


@pytest.mark.parametrize("case", [p for p in CASE_DIRS if p not in ERROR_DIRS], ids=lambda p: p.name)
def test_case(case: Path, tmp_path: Path, update_goldens: bool) -> None:
    for target in TARGETS:
        if not (case / "expected" / target).exists() and not update_goldens:
            continue
        out = tmp_path / target
        result = run_build(case, target, out)
        assert "Traceback" not in result.stderr
        assert result.returncode == 0, result.stderr
        produced = sorted(p for p in out.rglob("*") if p.is_file())
        assert produced, "the build wrote nothing"
        for path in produced:
            compare(case / "expected" / target / path.relative_to(out), path.read_text(encoding="utf-8"), update_goldens)
