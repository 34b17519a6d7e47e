"""Python target bugs the fuzzer found that are reported but not fixed yet (the Python
target is being rewritten). Each test is a strict xfail: it fails the suite as soon as
the bug is fixed, so the fuzzer's allowance for it (tests/fuzz/fuzz_targets.py,
`_known_python_bug`) is removed with it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from trackgen import generate, loads_plan

PLAN = """\
trackgen: 1
name: Big Const
events:
  Counted:
    properties:
      exact: {type: integer, const: 18446744073709551617, required: true}
"""


@pytest.mark.xfail(strict=True, reason="Literal[<int beyond 64 bits>] is not a type mypy accepts")
def test_integer_const_beyond_64_bits_passes_mypy_strict(tmp_path: Path) -> None:
    (source,) = generate(loads_plan(PLAN, "big.yaml"), "python").values()
    path = tmp_path / "big_const.py"
    path.write_text(source, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", str(tmp_path / ".mypy"), str(path)],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
