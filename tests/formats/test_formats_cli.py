"""`trackgen export` and `trackgen import` as a user runs them: files, streams, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from .conftest import FIXTURES, PLANS, REPO

EXAMPLE = REPO / "plans" / "example.yaml"


def trackgen(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "trackgen", *args],
        capture_output=True, text=True, cwd=cwd, env={**os.environ, **(env or {})}, timeout=60,
    )


def test_export_writes_segment_rules_to_standard_output() -> None:
    run = trackgen("export", str(EXAMPLE))
    assert run.returncode == 0, run.stderr
    rules = json.loads(run.stdout)["rules"]
    assert [r["key"] for r in rules] == ["User Registered", "Course Clicked", "Order Completed", "Signed Out"]
    assert rules[2]["version"] == 2


def test_export_to_a_file_and_unchanged_on_the_second_run(tmp_path: Path) -> None:
    out = tmp_path / "schemas.json"
    first = trackgen("export", str(EXAMPLE), "--format", "jsonschema", "--out", str(out))
    assert first.returncode == 0 and first.stdout == "" and "wrote" in first.stderr
    assert set(json.loads(out.read_text(encoding="utf-8"))) == {"User Registered", "Course Clicked", "Order Completed", "Signed Out"}
    mtime = out.stat().st_mtime_ns
    second = trackgen("export", str(EXAMPLE), "-f", "jsonschema", "-o", str(out))
    assert second.returncode == 0 and "unchanged" in second.stderr and out.stat().st_mtime_ns == mtime


def test_export_is_the_same_under_any_hash_seed() -> None:
    outputs = {trackgen("export", str(PLANS / "kitchen_sink.yaml"), env={"PYTHONHASHSEED": seed}).stdout for seed in ("1", "2", "3")}
    assert len(outputs) == 1


def test_export_refuses_an_unknown_format_and_a_broken_plan(tmp_path: Path) -> None:
    assert trackgen("export", str(EXAMPLE), "--format", "avro").returncode == 2
    broken = tmp_path / "broken.yaml"
    broken.write_text("trackgen: 1\nname: B\nevents:\n  A:\n    properties:\n      revenue: string\n", encoding="utf-8")
    run = trackgen("export", "broken.yaml", cwd=tmp_path)
    assert run.returncode == 1 and run.stdout == ""
    assert "broken.yaml:6:7: error[TG212]" in run.stderr


def test_import_writes_a_plan_that_validates_and_builds(tmp_path: Path) -> None:
    run = trackgen("import", str(FIXTURES / "public_api_rules.json"), "--out", "plan.yaml", "--name", "Acme Web", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert "warning[TG803]: /data/rules/0: a COMMON rule" in run.stderr
    assert "imported 3 events and 3 named types from" in run.stderr
    assert (tmp_path / "plan.yaml").read_text(encoding="utf-8").splitlines()[3] == "name: Acme Web"
    validate = trackgen("validate", "plan.yaml", cwd=tmp_path)
    assert validate.returncode == 0, validate.stderr
    build = trackgen("build", "plan.yaml", "--out", "client", cwd=tmp_path)
    assert build.returncode == 0, build.stderr


def test_import_does_not_overwrite_without_force(tmp_path: Path) -> None:
    (tmp_path / "plan.yaml").write_text("# mine\n", encoding="utf-8")
    refused = trackgen("import", str(FIXTURES / "typewriter_plan.json"), "--out", "plan.yaml", cwd=tmp_path)
    assert refused.returncode == 1 and "--force" in refused.stderr
    assert (tmp_path / "plan.yaml").read_text(encoding="utf-8") == "# mine\n"
    forced = trackgen("import", str(FIXTURES / "typewriter_plan.json"), "--out", "plan.yaml", "--force", cwd=tmp_path)
    assert forced.returncode == 0 and "Milestone #1 Reached" in (tmp_path / "plan.yaml").read_text(encoding="utf-8")


def test_import_to_standard_output_with_json_diagnostics() -> None:
    run = trackgen("--diagnostics-format", "json", "import", str(FIXTURES / "config_api_plan.json"))
    assert run.returncode == 0
    assert run.stdout.startswith("# Imported from") and "Video Playback Started:" in run.stdout
    diagnostics = json.loads(run.stderr[: run.stderr.rindex("]") + 1])
    assert [d["code"] for d in diagnostics] == ["TG803", "TG804", "TG804", "TG803"]
    assert all(d["severity"] == "warning" for d in diagnostics)


def test_import_errors(tmp_path: Path) -> None:
    (tmp_path / "bad.json").write_text('{"rules": [\n  {"key": "A",}\n]}', encoding="utf-8")
    run = trackgen("import", "bad.json", "--out", "plan.yaml", cwd=tmp_path)
    assert run.returncode == 1 and "bad.json:2:15: error[TG801]: not valid JSON" in run.stderr
    assert not (tmp_path / "plan.yaml").exists()


def test_a_plan_trackgen_rejects_is_written_for_fixing_and_exits_1(tmp_path: Path) -> None:
    schema = {"title": "Order Completed", "type": "object", "properties": {"revenue": {"type": "string"}}}
    (tmp_path / "order.json").write_text(json.dumps(schema), encoding="utf-8")
    run = trackgen("import", "order.json", "--out", "plan.yaml", cwd=tmp_path)
    assert run.returncode == 1
    assert "plan.yaml:9:7: error[TG212]" in run.stderr and "error[TG840]" in run.stderr
    assert "revenue: string" in (tmp_path / "plan.yaml").read_text(encoding="utf-8")
