"""Running the real CLI entry point in-process (fast) and comparing against golden files."""

from __future__ import annotations

import io
import os
import sys
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

from trackgen.cli import main

ROOT = Path(__file__).resolve().parents[2]
CASES = ROOT / "tests" / "cases"


@dataclass(frozen=True)
class Result:
    code: int
    stdout: str
    stderr: str


def run_cli(args: list[str], cwd: Path) -> Result:
    """`trackgen ARGS` through `trackgen.cli.main`, as the console script runs it."""
    out, err = io.StringIO(), io.StringIO()
    old_argv, old_cwd = sys.argv, os.getcwd()
    sys.argv = ["trackgen", *args]
    os.chdir(cwd)
    try:
        with redirect_stdout(out), redirect_stderr(err):
            try:
                main()
                code = 0
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        sys.argv = old_argv
        os.chdir(old_cwd)
    return Result(code, out.getvalue(), err.getvalue())


def check_golden(path: Path, actual: str, update: bool) -> None:
    """Compare with a golden file; `pytest --update-goldens` rewrites it instead."""
    if update:
        path.write_text(actual, encoding="utf-8")
        return
    assert path.exists(), f"missing golden {path}; run `make goldens`"
    expected = path.read_text(encoding="utf-8")
    if actual != expected:
        import difflib

        diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True), str(path), "actual"))
        raise AssertionError(f"output differs from {path.relative_to(ROOT)} (run `make goldens` if intended):\n{diff}")


def case_dirs(kind: str) -> list[Path]:
    return sorted(p for p in (CASES / kind).iterdir() if p.is_dir())
