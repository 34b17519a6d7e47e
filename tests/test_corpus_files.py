"""Broken plans that cannot live in a case folder: made in a temporary folder per test.

A 50 MB plan, a symlink loop in the plan path, a folder or a missing file given as the
plan, and an alias bomb far larger than the committed one. Each must fail like the
committed corpus: exit 1, positioned and coded diagnostics only, bounded time and memory,
the previous output untouched.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from conftest import assert_clean_failure, prefill, run_measured, snapshot

MAX_SECONDS = 5.0
MAX_RSS_MB = 500.0


def build(plan: Path, out: Path, expected_code: str) -> None:
    before = prefill(out)
    shown = os.path.relpath(plan, out.parent)
    result = run_measured([sys.executable, "-m", "trackgen", "build", shown, "--out", str(out)], cwd=out.parent)
    assert_clean_failure(result, shown)
    assert f"error[{expected_code}]" in result.stderr, result.stderr
    assert result.seconds < MAX_SECONDS, f"{result.seconds:.1f} s"
    assert result.max_rss_mb < MAX_RSS_MB, f"{result.max_rss_mb:.0f} MB"
    assert snapshot(out) == before, "a failed build touched the output folder"


def test_a_50_megabyte_plan_is_refused_unread(tmp_path: Path) -> None:
    plan = tmp_path / "huge.yaml"
    with plan.open("w", encoding="utf-8") as handle:
        handle.write("trackgen: 1\nname: Huge\nevents:\n")
        line = "  Event {:08d}: {{description: " + "x" * 80 + "}}\n"
        written = 0
        i = 0
        while written < 50 * 1024 * 1024:
            text = line.format(i)
            handle.write(text)
            written += len(text)
            i += 1
    assert plan.stat().st_size >= 50 * 1024 * 1024
    build(plan, tmp_path / "out", "TG105")


def test_a_symlink_loop_as_the_plan(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    other = tmp_path / "other.yaml"
    plan.symlink_to(other)
    other.symlink_to(plan)
    build(plan, tmp_path / "out", "TG100")


def test_a_folder_as_the_plan(tmp_path: Path) -> None:
    folder = tmp_path / "plans"
    folder.mkdir()
    build(folder, tmp_path / "out", "TG100")


def test_a_missing_plan(tmp_path: Path) -> None:
    build(tmp_path / "nowhere.yaml", tmp_path / "out", "TG100")


def test_a_large_alias_bomb(tmp_path: Path) -> None:
    """30 levels of 30 aliases: 30^30 nodes if expanded; composed, it is 900 aliases."""
    lines = ["trackgen: 1", "name: Bomb", "events: {}", "bomb:", "  a0: &a0 [" + ", ".join(["lol"] * 30) + "]"]
    for i in range(1, 30):
        lines.append(f"  a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 30) + "]")
    plan = tmp_path / "bomb.yaml"
    plan.write_text("\n".join(lines) + "\n", encoding="utf-8")
    build(plan, tmp_path / "out", "TG104")


def test_a_failed_build_does_not_create_the_output_folder(tmp_path: Path) -> None:
    """A failed build does not even create the output folder."""
    plan = tmp_path / "plan.yaml"
    plan.write_text("trackgen: 1\nname: T\nevents:\n  A: {properties: {x: Nope}}\n", encoding="utf-8")
    out = tmp_path / "new" / "out"
    result = run_measured([sys.executable, "-m", "trackgen", "build", "plan.yaml", "--out", str(out)], cwd=tmp_path)
    assert_clean_failure(result, "plan.yaml")
    assert not (tmp_path / "new").exists()
    assert os.listdir(tmp_path) == ["plan.yaml"]
