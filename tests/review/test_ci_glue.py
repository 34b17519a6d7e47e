"""The pre-commit hooks and the example GitHub workflow run real trackgen commands: the
hooks' entries are checked against the CLI, and the workflow's shell steps are run as
written in a fresh clone with a pull-request-like branch (only `gh` and `pip` are left out)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from .helpers import CASES, ROOT, run_cli

BIN = Path(sys.executable).parent


def test_pre_commit_hooks_run_real_commands(tmp_path: Path) -> None:
    hooks = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    assert set(hooks) == {"trackgen-check", "trackgen-lint"}
    for hook in hooks.values():
        program, command = hook["entry"].split()
        assert program == "trackgen" and hook["language"] == "python"
        assert run_cli([command, "--help"], ROOT).code == 0
    assert re.search(hooks["trackgen-lint"]["files"], "plans/example.yaml")
    assert re.search(hooks["trackgen-check"]["files"], "trackgen.yaml")
    assert hooks["trackgen-check"]["pass_filenames"] is False
    # pre-commit appends the changed files to the entry.
    assert run_cli(["lint", "plans/example.yaml"], ROOT).code == 0
    bad = run_cli(["lint", "plans/example.yaml", str(CASES / "lint" / "event-names" / "plan.yaml")], ROOT)
    assert bad.code == 1


def sh(cwd: Path, *args: str) -> None:
    subprocess.run(args, cwd=cwd, check=True, capture_output=True)


def run_step(script: str, cwd: Path, base: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", "BASE": base}
    return subprocess.run(["bash", "-e", "-c", script], cwd=cwd, env=env, capture_output=True, text=True)


def test_example_workflow_steps(tmp_path: Path) -> None:
    workflow = yaml.safe_load((ROOT / "examples" / "github-workflow.yml").read_text(encoding="utf-8"))
    steps = {s.get("name"): s for s in workflow["jobs"]["review"]["steps"]}

    # An upstream repository on `main` with one plan and its generated code, cloned as CI does.
    upstream = tmp_path / "upstream"
    (upstream / "plans").mkdir(parents=True)
    case = CASES / "diff" / "version-bump-acknowledges"
    shutil.copy(case / "old.yaml", upstream / "plans" / "shop.yaml")
    (upstream / "trackgen.yaml").write_text("builds:\n  - {plan: plans/shop.yaml, target: python, out: src}\nlint:\n  rules: {TG704: off, TG705: off}\n", encoding="utf-8")
    assert run_cli(["build"], upstream).code == 0
    sh(upstream, "git", "init", "-q", "-b", "main")
    sh(upstream, "git", "add", ".")
    sh(upstream, "git", "-c", "user.name=CI", "-c", "user.email=ci@example.com", "commit", "-q", "-m", "plan")
    clone = tmp_path / "clone"
    sh(tmp_path, "git", "clone", "-q", str(upstream), str(clone))

    # The pull request: a plan change, generated code rebuilt.
    shutil.copy(case / "new.yaml", clone / "plans" / "shop.yaml")
    assert run_cli(["build"], clone).code == 0

    assert run_step(steps["Generated code is up to date"]["run"], clone, "main").returncode == 0
    assert run_step(steps["Lint the plans"]["run"], clone, "main").returncode == 0
    diff = run_step(steps["Diff the plans against the base branch"]["run"], clone, "main")
    assert diff.returncode == 0, diff.stderr
    comment = (clone / "plan-diff.md").read_text(encoding="utf-8")
    assert comment.startswith("<!-- trackgen-diff -->\n## Tracking plan changes: `plans/shop.yaml`")
    assert "**not acknowledged**" in comment
    gate = run_step(steps["Breaking changes are acknowledged"]["run"], clone, "main")
    assert gate.returncode == 1 and "not acknowledged" in gate.stderr
    assert "gh pr comment" in steps["Post the diff on the pull request"]["run"]

    # A stale build fails the first gate.
    (clone / "src" / "analytics_plan.py").write_text("# edited by hand\n", encoding="utf-8")
    assert run_step(steps["Generated code is up to date"]["run"], clone, "main").returncode == 1
