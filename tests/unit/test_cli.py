"""The commands around build: check (stale output), trackgen.yaml, init, schema, ir, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

EXAMPLE = ROOT / "plans" / "example.yaml"


def trackgen(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "trackgen", *args], cwd=cwd, capture_output=True, text=True)


def test_build_then_check_is_current_and_keeps_mtime(tmp_path: Path) -> None:
    first = trackgen("build", str(EXAMPLE), "--out", str(tmp_path))
    assert first.returncode == 0 and "wrote" in first.stdout
    out = tmp_path / "analytics_plan.py"
    stamp = out.stat().st_mtime_ns
    os.utime(out, ns=(stamp - 10**9, stamp - 10**9))
    again = trackgen("build", str(EXAMPLE), "--out", str(tmp_path))
    assert again.returncode == 0 and "1 file unchanged" in again.stdout
    assert out.stat().st_mtime_ns == stamp - 10**9  # unchanged files are not rewritten
    check = trackgen("check", str(EXAMPLE), "--out", str(tmp_path))
    assert check.returncode == 0, check.stderr
    assert "up to date" in check.stdout


def test_check_fails_with_a_diff_when_stale(tmp_path: Path) -> None:
    trackgen("build", str(EXAMPLE), "--out", str(tmp_path))
    out = tmp_path / "analytics_plan.py"
    out.write_text(out.read_text(encoding="utf-8").replace("Acme Academy", "Old Name"), encoding="utf-8")
    check = trackgen("check", str(EXAMPLE), "--out", str(tmp_path))
    assert check.returncode == 1
    assert check.stdout.startswith("--- a/") and "-PLAN_NAME: Final = \"Old Name\"" in check.stdout
    assert "+PLAN_NAME: Final = \"Acme Academy\"" in check.stdout
    assert "out of date" in check.stderr
    (tmp_path / "analytics_plan.py").unlink()
    assert trackgen("check", str(EXAMPLE), "--out", str(tmp_path)).returncode == 1


def test_trackgen_yaml_drives_build_and_check(tmp_path: Path) -> None:
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "app.yaml").write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "trackgen.yaml").write_text(
        "builds:\n  - {plan: plans/app.yaml, target: python, out: src/analytics, module: acme_events}\n", encoding="utf-8"
    )
    assert trackgen("check", cwd=tmp_path).returncode == 1
    result = trackgen("build", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "src" / "analytics" / "acme_events.py").exists()
    assert trackgen("check", cwd=tmp_path).returncode == 0


def test_bad_trackgen_yaml_is_a_positioned_error(tmp_path: Path) -> None:
    (tmp_path / "trackgen.yaml").write_text("builds:\n  - {plan: a.yaml, target: python, outt: x}\n", encoding="utf-8")
    result = trackgen("build", cwd=tmp_path)
    assert result.returncode == 1
    assert "trackgen.yaml:2:36: error[TG300]: unknown field 'outt' in a build" in result.stderr
    assert "Traceback" not in result.stderr


def test_no_plan_and_no_config_is_a_usage_error(tmp_path: Path) -> None:
    result = trackgen("build", cwd=tmp_path)
    assert result.returncode == 2 and "trackgen init" in result.stderr


def test_init_writes_a_plan_that_builds_and_never_overwrites(tmp_path: Path) -> None:
    result = trackgen("init", "plans/plan.yaml", cwd=tmp_path)
    assert result.returncode == 0
    plan = tmp_path / "plans" / "plan.yaml"
    assert trackgen("build", str(plan), "--out", str(tmp_path / "out")).returncode == 0
    plan.write_text("mine\n", encoding="utf-8")
    again = trackgen("init", "plans/plan.yaml", cwd=tmp_path)
    assert again.returncode == 1 and plan.read_text(encoding="utf-8") == "mine\n"


def test_schema_accepts_the_example_and_rejects_typos() -> None:
    import jsonschema
    import yaml

    schema = json.loads(trackgen("schema").stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    assert not list(validator.iter_errors(yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))))
    assert list(validator.iter_errors({"trackgen": 1, "name": "x", "events": {"A": {"propertes": {}}}}))


def test_ir_is_json_with_wire_names_only() -> None:
    result = trackgen("ir", str(EXAMPLE))
    assert result.returncode == 0
    ir = json.loads(result.stdout)
    names = [e["wire_name"] for e in ir["events"]]
    assert names == ["User Registered", "Course Clicked", "Order Completed", "Signed Out"]
    assert "track_user_registered" not in result.stdout


def test_unknown_target_and_usage_errors_exit_2(tmp_path: Path) -> None:
    assert trackgen("build", str(EXAMPLE), "--target", "cobol", "--out", str(tmp_path)).returncode == 2
    assert trackgen("build", "--nope").returncode == 2


def test_module_name_option(tmp_path: Path) -> None:
    assert trackgen("build", str(EXAMPLE), "--out", str(tmp_path), "--module", "acme").returncode == 0
    assert (tmp_path / "acme.py").exists()


def test_several_targets_in_one_build_match_separate_builds(tmp_path: Path) -> None:
    (tmp_path / "trackgen.yaml").write_text(
        f"builds:\n  - {{plan: {EXAMPLE}, target: python, out: both/py}}\n"
        f"  - {{plan: {EXAMPLE}, target: typescript, out: both/ts}}\n"
        f"  - {{plan: {EXAMPLE}, target: typescript, out: both/web, sdk: browser}}\n",
        encoding="utf-8",
    )
    assert trackgen("build", cwd=tmp_path).returncode == 0  # generated in parallel (forked)
    for target, folder, extra in (("python", "py", []), ("typescript", "ts", []), ("typescript", "web", ["--sdk", "browser"])):
        alone = tmp_path / "alone" / folder
        assert trackgen("build", str(EXAMPLE), "--target", target, "--out", str(alone), *extra, cwd=tmp_path).returncode == 0
        for path in alone.iterdir():
            assert (tmp_path / "both" / folder / path.name).read_bytes() == path.read_bytes()
