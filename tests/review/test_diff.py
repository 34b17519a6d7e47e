"""`trackgen diff` on case folders (one plan pair per kind of change), on git revisions,
and its exit codes: 0 compared, 1 unacknowledged breaking change with --fail-on breaking
(or a plan with errors), 2 wrong usage."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from .helpers import CASES, check_golden, case_dirs, run_cli

FORMATS = {"text": "expected.txt", "markdown": "expected.md", "json": "expected.json"}


@pytest.mark.parametrize("case", case_dirs("diff"), ids=lambda p: p.name)
def test_diff_case(case: Path, update_goldens: bool) -> None:
    for output_format, golden in FORMATS.items():
        result = run_cli(["diff", "old.yaml", "new.yaml", "--format", output_format], case)
        assert result.code == 0, result.stderr
        assert result.stderr == ""
        check_golden(case / golden, result.stdout, update_goldens)
    gated = run_cli(["diff", "old.yaml", "new.yaml", "--fail-on", "breaking"], case)
    check_golden(case / "expected.exit", f"{gated.code}\n", update_goldens)
    report = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    assert gated.code == (1 if report["summary"]["unacknowledged"] else 0)
    if gated.code:
        assert "not acknowledged" in gated.stderr


def test_every_kind_of_change_has_a_case() -> None:
    """The issue's list of changes, each covered by at least one case folder."""
    kinds: set[str] = set()
    for case in case_dirs("diff"):
        for section in json.loads((case / "expected.json").read_text(encoding="utf-8"))["sections"]:
            kinds |= {c["kind"] for c in section["changes"]}
    required = {
        "event-added", "event-removed", "event-renamed", "property-added", "required-property-added",
        "property-removed", "property-renamed", "type-changed", "made-required", "made-optional",
        "nullable-removed", "nullable-added", "enum-value-removed", "enum-value-added", "enum-added",
        "bound-tightened", "bound-loosened", "pattern-added", "pattern-changed", "pattern-removed",
        "format-added", "format-changed", "const-added", "const-changed", "const-removed",
        "type-renamed", "type-removed", "description-changed", "deprecated", "undeprecated",
        "deprecation-changed", "version-changed", "identifier-changed",
    }
    assert required <= kinds, sorted(required - kinds)


CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.*?[^`])\1(?!`)")


def test_markdown_never_carries_raw_html_from_the_plan() -> None:
    """Plan text reaches Markdown only inside code spans (literal in GFM) or backslash-escaped."""
    text = (CASES / "diff" / "hostile-names" / "expected.md").read_text(encoding="utf-8")
    body = text.split("\n", 1)[1]  # after the marker comment
    outside_code = CODE_SPAN.sub("", body).replace("<sub>", "").replace("</sub>", "")
    assert "<" not in outside_code and "*Order*" not in outside_code
    assert "`` <img src=x onerror=alert(1)> | *Order* `Done` ``" in body
    for line in body.splitlines():
        if line.startswith("| "):
            assert len(re.findall(r"(?<!\\)\|", CODE_SPAN.sub("x", line))) == 4, line  # `|` never adds a cell


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    case = CASES / "diff" / "version-bump-acknowledges"
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "config", "user.email", "ci@example.com")
    git(tmp_path, "config", "user.name", "CI")
    (tmp_path / "plans").mkdir()
    shutil.copy(case / "old.yaml", tmp_path / "plans" / "shop.yaml")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "plan")
    shutil.copy(case / "new.yaml", tmp_path / "plans" / "shop.yaml")
    return tmp_path


def test_base_revision_matches_the_file_diff(repo: Path) -> None:
    case = CASES / "diff" / "version-bump-acknowledges"
    result = run_cli(["diff", "--base", "main", "plans/shop.yaml", "--format", "json"], repo)
    assert result.code == 0, result.stderr
    data = json.loads(result.stdout)
    expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    assert data["old"] == "main:plans/shop.yaml" and data["new"] == "plans/shop.yaml"
    assert data["sections"] == expected["sections"]
    # From inside the plan's folder, and in REV:PATH form, the same answer.
    inside = run_cli(["diff", "--base", "main", "shop.yaml", "--format", "json"], repo / "plans")
    assert json.loads(inside.stdout)["sections"] == expected["sections"]
    pair = run_cli(["diff", "main:plans/shop.yaml", "plans/shop.yaml", "--format", "json"], repo)
    assert json.loads(pair.stdout)["sections"] == expected["sections"]
    gated = run_cli(["diff", "--base", "main", "plans/shop.yaml", "--fail-on", "breaking"], repo)
    assert gated.code == 1 and "1 breaking change is not acknowledged" in gated.stderr


def test_base_revision_without_the_plan_lists_every_event_as_added(repo: Path) -> None:
    shutil.copy(repo / "plans" / "shop.yaml", repo / "plans" / "new.yaml")
    result = run_cli(["diff", "--base", "main", "plans/new.yaml", "--fail-on", "breaking"], repo)
    assert result.code == 0
    assert "does not exist" in result.stderr
    assert 'event "Order Completed" added' in result.stdout and 'event "Cart Viewed" added' in result.stdout


def test_unknown_revision_is_a_usage_error(repo: Path) -> None:
    result = run_cli(["diff", "--base", "no-such-branch", "plans/shop.yaml"], repo)
    assert result.code == 2
    assert "cannot read no-such-branch:plans/shop.yaml" in result.stderr


def test_plan_errors_exit_1_with_positions(tmp_path: Path) -> None:
    (tmp_path / "old.yaml").write_text("trackgen: 1\nname: A\nevents: {}\n", encoding="utf-8")
    (tmp_path / "new.yaml").write_text("trackgen: 1\nname: A\nevents:\n  E: {type: nope}\n", encoding="utf-8")
    result = run_cli(["diff", "old.yaml", "new.yaml"], tmp_path)
    assert result.code == 1
    assert result.stdout == ""
    assert "new.yaml:4:7: error[TG201]" in result.stderr


@pytest.mark.parametrize(
    "args",
    [["diff", "a.yaml"], ["diff", "a.yaml", "b.yaml", "--format", "html"], ["diff", "a.yaml", "b.yaml", "--fail-on", "maybe"], ["diff", "--base", "main", "a.yaml", "b.yaml"]],
    ids=["one-plan", "bad-format", "bad-fail-on", "base-and-two-plans"],
)
def test_usage_errors_exit_2(args: list[str], tmp_path: Path) -> None:
    result = run_cli(args, tmp_path)
    assert result.code == 2
    assert result.stderr.startswith("error: ")
