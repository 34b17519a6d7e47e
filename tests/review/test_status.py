"""`trackgen status` on case folders: real generated code is built into each copied case
first (it must be recognised and skipped), then the sources are scanned. Exit codes:
0 reported; 1 plan errors, or --require-all with a current event never called; 2 usage."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from trackgen.diagnostics import Diagnostics
from trackgen.review.status import PythonScanner, TypeScriptScanner

from .helpers import CASES, case_dirs, check_golden, run_cli


def prepared(case: Path, tmp_path: Path) -> Path:
    work = tmp_path / case.name
    shutil.copytree(case, work)
    built = run_cli(["build", "plan.yaml", "--out", "src/generated"], work)
    assert built.code == 0, built.stderr
    if any((work / "src").rglob("*.ts")):  # the TypeScript client too: recognised and skipped
        built = run_cli(["build", "plan.yaml", "--target", "typescript", "--out", "src/generated-ts"], work)
        assert built.code == 0, built.stderr
    return work


@pytest.mark.parametrize("case", case_dirs("status"), ids=lambda p: p.name)
def test_status_case(case: Path, tmp_path: Path, update_goldens: bool) -> None:
    work = prepared(case, tmp_path)
    args = (case / "args").read_text(encoding="utf-8").split()
    text = run_cli(["status", "plan.yaml", *args], work)
    check_golden(case / "expected.txt", text.stdout, update_goldens)
    check_golden(case / "expected.stderr", text.stderr, update_goldens)
    check_golden(case / "expected.exit", f"{text.code}\n", update_goldens)
    as_json = run_cli(["status", "plan.yaml", *args, "--format", "json"], work)
    check_golden(case / "expected.json", as_json.stdout, update_goldens)
    assert as_json.code == text.code
    data = json.loads(as_json.stdout)
    if "--require-all" in args:
        assert text.code == (1 if data["summary"]["missing"] else 0)


def test_without_require_all_missing_events_only_report(tmp_path: Path) -> None:
    work = prepared(CASES / "status" / "mixed", tmp_path)
    result = run_cli(["status", "plan.yaml", "src"], work)
    assert result.code == 0
    assert 'not implemented              "Course Clicked"' in result.stdout


def test_scanner_uses_the_python_target_names() -> None:
    """The names status looks for are the names the Python target generates."""
    from trackgen import generate, loads_plan

    plan = loads_plan((CASES / "status" / "all-implemented" / "plan.yaml").read_text(encoding="utf-8"))
    from trackgen.diagnostics import Diagnostics

    names = PythonScanner().functions(plan, Diagnostics())
    code = generate(plan)["analytics_plan.py"]
    for name in names:
        assert f"\ndef {name}(" in code


def test_plan_errors_exit_1(tmp_path: Path) -> None:
    (tmp_path / "plan.yaml").write_text("trackgen: 1\nname: X\nevents: [oops]\n", encoding="utf-8")
    (tmp_path / "src").mkdir()
    result = run_cli(["status", "plan.yaml", "src"], tmp_path)
    assert result.code == 1 and "error[TG202]" in result.stderr


@pytest.mark.parametrize("args", [["status", "plan.yaml", "missing"], ["status", "plan.yaml", "src", "--format", "xml"]], ids=["missing-path", "bad-format"])
def test_usage_errors_exit_2(args: list[str], tmp_path: Path) -> None:
    (tmp_path / "plan.yaml").write_text("trackgen: 1\nname: X\nevents: {}\n", encoding="utf-8")
    (tmp_path / "src").mkdir()
    assert run_cli(args, tmp_path).code == 2


def test_typescript_scanner_uses_the_typescript_target_names() -> None:
    from trackgen import generate, loads_plan

    plan = loads_plan((CASES / "status" / "typescript" / "plan.yaml").read_text(encoding="utf-8"))
    names = TypeScriptScanner().functions(plan, Diagnostics())
    code = generate(plan, "typescript")["index.ts"]
    assert names and all(f"\nexport function {name}(" in code for name in names)


def test_typescript_files_without_node_are_reported_not_guessed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    work = prepared(CASES / "status" / "typescript", tmp_path)
    monkeypatch.setenv("PATH", str(tmp_path / "no-tools-here"))
    result = run_cli(["status", "plan.yaml", "src"], work)
    assert result.code == 0
    assert "warning[TG604]: cannot read TypeScript files without node; the calls in 3 TypeScript files are not counted" in result.stderr
    assert 'not implemented              "User Registered"' in result.stdout
