"""Output is byte-identical across runs and hash seeds (sets and dicts must never leak order)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

PLANS = ["tests/cases/all_types/plan.yaml", "tests/cases/hostile_names/plan.yaml", "plans/example.yaml"]


def build(plan: str, out: Path, seed: str) -> dict[str, bytes]:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    subprocess.run([sys.executable, "-m", "trackgen", "build", plan, "--out", str(out)], cwd=ROOT, env=env, check=True, capture_output=True)
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_two_hash_seeds_give_identical_bytes(tmp_path: Path) -> None:
    for plan in PLANS:
        first = build(plan, tmp_path / "a" / Path(plan).parent.name, "1")
        second = build(plan, tmp_path / "b" / Path(plan).parent.name, "4242")
        assert first == second, plan
        for text in first.values():
            assert text.endswith(b"\n") and not text.endswith(b"\n\n")
