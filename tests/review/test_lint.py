"""`trackgen lint` on case folders (a plan, sometimes a trackgen.yaml), its JSON output, its
exit codes (0 no errors, 1 errors in the plan, the lint or trackgen.yaml, 2 wrong usage)
and the promise that every rule is triggered by a case and documented."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from trackgen.review.lint import RULES

from .helpers import CASES, ROOT, case_dirs, check_golden, run_cli


@pytest.mark.parametrize("case", case_dirs("lint"), ids=lambda p: p.name)
def test_lint_case(case: Path, update_goldens: bool) -> None:
    text = run_cli(["lint", "plan.yaml"], case)
    check_golden(case / "expected.txt", text.stdout, update_goldens)
    check_golden(case / "expected.exit", f"{text.code}\n", update_goldens)
    assert text.stderr == ""
    as_json = run_cli(["lint", "plan.yaml", "--format", "json"], case)
    check_golden(case / "expected.json", as_json.stdout, update_goldens)
    found = json.loads(as_json.stdout)
    assert as_json.code == text.code == (1 if any(d["severity"] == "error" for d in found) else 0)
    for item in found:  # what CI annotators need, on every finding
        assert set(item) >= {"code", "severity", "message", "hint", "file", "line", "column"}
        assert item["hint"], item


def test_every_rule_is_triggered_by_a_case_and_documented() -> None:
    triggered: set[str] = set()
    for case in case_dirs("lint"):
        triggered |= {d["code"] for d in json.loads((case / "expected.json").read_text(encoding="utf-8"))}
    docs = (ROOT / "README.md").read_text(encoding="utf-8")
    for rule in RULES:
        assert rule.code in triggered, f"{rule.code} has no case"
        assert f"`{rule.code}`" in docs, f"{rule.code} is not documented in README.md"


def test_the_bundled_example_is_lint_clean() -> None:
    result = run_cli(["lint", "plans/example.yaml"], ROOT)
    assert result.code == 0, result.stdout
    assert result.stdout == "plans/example.yaml: 4 events linted, no problems\n"


def test_severity_overrides_change_the_exit_code(tmp_path: Path) -> None:
    plan = CASES / "lint" / "event-names" / "plan.yaml"
    (tmp_path / "plan.yaml").write_bytes(plan.read_bytes())
    assert run_cli(["lint", "plan.yaml"], tmp_path).code == 1
    (tmp_path / "relaxed.yaml").write_text("lint:\n  rules: {TG701: warning, TG702: warning}\n", encoding="utf-8")
    relaxed = run_cli(["lint", "plan.yaml", "--config", "relaxed.yaml"], tmp_path)
    assert relaxed.code == 0
    assert "warning[TG701]" in relaxed.stdout and "error[" not in relaxed.stdout


def test_a_lint_section_keeps_builds_working(tmp_path: Path) -> None:
    """trackgen.yaml stays backwards compatible: `build` still reads `builds:` beside `lint:`."""
    (tmp_path / "plan.yaml").write_bytes((CASES / "lint" / "clean" / "plan.yaml").read_bytes())
    config = (CASES / "lint" / "severity-overrides" / "trackgen.yaml").read_bytes()
    (tmp_path / "trackgen.yaml").write_bytes(config)
    assert run_cli(["lint", "plan.yaml"], tmp_path).code == 0
    built = run_cli(["build"], tmp_path)
    assert built.code == 0, built.stderr
    assert (tmp_path / "out" / "analytics_plan.py").exists()


def test_rules_listing() -> None:
    result = run_cli(["lint", "--rules"], ROOT)
    assert result.code == 0
    for rule in RULES:
        assert f"{rule.code}  {rule.severity.value}" in result.stdout


@pytest.mark.parametrize("args", [["lint"], ["lint", "plan.yaml", "--format", "sarif"]], ids=["no-plan", "bad-format"])
def test_usage_errors_exit_2(args: list[str], tmp_path: Path) -> None:
    assert run_cli(args, tmp_path).code == 2


def test_several_plans_in_one_run(tmp_path: Path) -> None:
    """As pre-commit calls it: every changed plan at once; any error fails the run."""
    clean = CASES / "lint" / "clean" / "plan.yaml"
    warned = CASES / "lint" / "warnings-only" / "plan.yaml"
    failing = CASES / "lint" / "enums" / "plan.yaml"
    ok = run_cli(["lint", str(clean), str(warned)], tmp_path)
    assert ok.code == 0
    assert ok.stdout.count(" linted, ") == 2
    bad = run_cli(["lint", str(clean), str(failing), "--format", "json"], tmp_path)
    assert bad.code == 1
    assert {d["code"] for d in json.loads(bad.stdout)} == {"TG712"}
