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


NAMED = {"events", "types", "properties", "context"}
"""Mappings from names to specs: their order is the order of functions and parameters."""


def reordered(value: object, parent_key: str | None = None) -> object:
    """The same plan with every mapping whose key order has no meaning reversed."""
    if isinstance(value, dict):
        items = [(k, reordered(v, k if parent_key not in NAMED else None)) for k, v in value.items()]
        return dict(items if parent_key in NAMED else reversed(items))
    if isinstance(value, list):
        return [reordered(v) for v in value]
    return value


def test_reordered_attribute_keys_give_identical_bytes(tmp_path: Path) -> None:
    import yaml

    for plan in PLANS:
        data = yaml.safe_load((ROOT / plan).read_text(encoding="utf-8"))
        outputs = []
        for name, variant in (("as_written", data), ("reordered", reordered(data))):
            folder = tmp_path / Path(plan).parent.name / name
            folder.mkdir(parents=True)
            (folder / "plan.yaml").write_text(yaml.safe_dump(variant, sort_keys=False, allow_unicode=True), encoding="utf-8")
            env = {**os.environ, "PYTHONHASHSEED": "7" if name == "reordered" else "0"}
            subprocess.run([sys.executable, "-m", "trackgen", "build", "plan.yaml", "--out", "out"], cwd=folder, env=env, check=True, capture_output=True)
            outputs.append({p.name: p.read_bytes() for p in (folder / "out").iterdir()})
        assert (folder / "plan.yaml").read_text() != (folder.parent / "as_written" / "plan.yaml").read_text()
        assert outputs[0] == outputs[1], plan
