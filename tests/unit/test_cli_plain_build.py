"""A plain `trackgen build` runs without typer (trackgen.cli.plain_build), and means and
prints exactly what the typer command does; every other spelling goes to typer."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import trackgen.cli as cli
from conftest import ROOT
from review.helpers import Result, run_cli
from trackgen.cli import PlainBuild, plain_build

EXAMPLE = ROOT / "plans" / "example.yaml"


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["build"], PlainBuild()),
        (["build", "p.yaml"], PlainBuild(plan=Path("p.yaml"))),
        (
            ["build", "-t", "typescript", "p.yaml", "--out", "o", "-m", "mod", "--sdk", "browser"],
            PlainBuild(plan=Path("p.yaml"), target="typescript", out=Path("o"), module="mod", sdk="browser"),
        ),
        (["--diagnostics-format", "json", "build", "--target", "python"], PlainBuild(diagnostics_format="json")),
        (["build", ""], PlainBuild(plan=Path(""))),
    ],
)
def test_plain_spellings_are_parsed_as_typer_would(argv: list[str], expected: PlainBuild) -> None:
    assert plain_build(argv) == expected


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["check"],
        ["--version"],
        ["build", "--help"],
        ["build", "--out=o"],
        ["build", "-oo"],
        ["build", "--out"],
        ["build", "--out", "-o"],
        ["build", "--out", "a", "-o", "b"],
        ["build", "a.yaml", "b.yaml"],
        ["build", "--nope"],
        ["build", "--", "a.yaml"],
        ["build", "-"],
        ["--diagnostics-format", "xml", "build"],
        ["--diagnostics-format=json", "build"],
    ],
)
def test_other_spellings_go_to_typer(argv: list[str]) -> None:
    assert plain_build(argv) is None


def test_shell_completion_requests_go_to_typer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("_TRACKGEN_COMPLETE", "bash_complete")
    assert plain_build(["build"]) is None


def _both_ways(args: list[str], cwd: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Result, Result, dict[str, bytes]]:
    """The command run plainly and through typer, each in a fresh copy of `cwd` (its path
    shown as `<cwd>`); the files the plain run wrote, which the typer run must match."""
    results = []
    written: list[dict[str, bytes]] = []
    for way in ("plain", "typer"):
        folder = cwd.parent / f"{cwd.name}-{way}"
        subprocess.run(["cp", "-r", str(cwd), str(folder)], check=True)
        with monkeypatch.context() as patch:
            if way == "typer":
                patch.setattr(cli, "plain_build", lambda argv: None)
            result = run_cli(args, folder)
        results.append(Result(result.code, result.stdout.replace(str(folder), "<cwd>"), result.stderr.replace(str(folder), "<cwd>")))
        written.append({str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()})
    assert written[0] == written[1]
    return results[0], results[1], written[0]


@pytest.mark.parametrize(
    "args",
    [
        ["build", "plan.yaml", "--out", "out"],
        ["build", "plan.yaml", "-t", "typescript", "-o", "ts", "--sdk", "browser", "-m", "events"],
        ["build"],
        ["build", "plan.yaml", "--target", "cobol"],
        ["build", "missing.yaml"],
        ["build", "broken.yaml"],
        ["--diagnostics-format", "json", "build", "broken.yaml"],
        ["build", "plan.yaml", "--target", "typescript", "--sdk", "deno"],
    ],
)
def test_plain_build_matches_the_typer_command(args: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (project / "plan.yaml").write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    (project / "broken.yaml").write_text("trackgen: 1\nname: X\nevents:\n  A:\n    properties: {p: {type: strng}}\n", encoding="utf-8")
    (project / "trackgen.yaml").write_text(
        "builds:\n  - {plan: plan.yaml, target: python, out: a}\n  - {plan: plan.yaml, target: typescript, out: b}\n", encoding="utf-8"
    )
    plain, typer, _ = _both_ways(args, project, monkeypatch)
    assert plain == typer
    assert "Traceback" not in plain.stderr


def test_plain_build_unchanged_files_and_missing_config_match(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (project / "plan.yaml").write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    assert run_cli(["build", "plan.yaml"], project).code == 0
    plain, typer, _ = _both_ways(["build", "plan.yaml"], project, monkeypatch)
    assert plain == typer and plain.stdout == "1 file unchanged\n"
    empty = tmp_path / "empty"
    empty.mkdir()
    plain, typer, _ = _both_ways(["build"], empty, monkeypatch)
    assert plain == typer and plain.code == 2


def test_a_build_does_not_import_typer(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        f"sys.argv = ['trackgen', 'build', {str(EXAMPLE)!r}, '--out', 'out']\n"
        "from trackgen.cli import main\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    assert exc.code == 0, exc.code\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('typer', 'click', 'pydantic')))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "[]"
