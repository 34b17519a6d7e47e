"""One test per diagnostic code: the code, its position and a message that says how to fix it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from trackgen.diagnostics import Diagnostics
from trackgen.plan import parse_plan, read_plan
from trackgen.targets import TARGETS, TargetOptions

HEAD = "trackgen: 1\nname: T\n"

CASES: list[tuple[str, str, int, int, str]] = [
    # code, plan text, line, column, message fragment
    ("TG102", HEAD + "events:\n  A: {x: [1, 2}\n", 4, 15, "invalid YAML"),
    ("TG103", HEAD + "events:\n  A: {}\n  A: {}\n", 5, 3, "duplicate key 'A'"),
    ("TG104", HEAD + "types:\n  T: &t {type: string}\nevents:\n  A:\n    properties:\n      x: *t\n", 8, 10, "aliases"),
    ("TG106", "", 1, 1, "empty"),
    ("TG107", HEAD + "events:\n  A:\n    properties:\n      x: " + "{type: array, items: " * 70 + "string" + "}" * 70 + "\n", 6, 1277, "deeper than"),
    ("TG108", HEAD + "events:\n  ? [a, b]\n  : {}\n", 4, 5, "plain text"),
    ("TG200", "trackgen: 1\nevents: {}\n", 1, 1, "missing `name:`"),
    ("TG201", HEAD + "events:\n  A:\n    descripton: x\n", 5, 5, "did you mean `description`"),
    ("TG202", HEAD + "events:\n  A:\n    properties:\n      x: 42\n", 6, 10, "must be a type name or a mapping"),
    ("TG203", "trackgen: 9\nname: T\nevents: {}\n", 1, 11, "unsupported plan format version"),
    ("TG204", HEAD + "events:\n  A:\n    properties:\n      x: Prodcut\n", 6, 10, "unknown type 'Prodcut'"),
    ("TG205", HEAD + "types:\n  A: {type: array, items: A}\nevents: {}\n", 4, 27, "cycle: A -> A"),
    ("TG206", HEAD + "events:\n  A:\n    properties:\n      x: {type: string, pattern: '(['}\n", 6, 10, "invalid regular expression"),
    ("TG207", HEAD + "events:\n  A:\n    properties:\n      x: {type: string, format: phone}\n", 6, 33, "unknown format 'phone'"),
    ("TG208", HEAD + "events:\n  A:\n    properties:\n      x: {type: integer, pattern: a}\n", 6, 26, "does not apply to an integer"),
    ("TG209", HEAD + "events:\n  A:\n    properties:\n      x: {type: string, minLength: 5, maxLength: 2}\n", 6, 10, "greater than `maxLength`"),
    ("TG210", HEAD + "events:\n  A:\n    properties:\n      x: {type: string, enum: [yes, no]}\n", 6, 32, "quote it"),
    ("TG211", HEAD + "events:\n  A:\n    properties:\n      x: {type: integer, const: a}\n", 6, 33, "`const` must be a single integer"),
    ("TG212", HEAD + "events:\n  A:\n    properties:\n      revenue: string\n", 6, 7, "reserved Segment property"),
    ("TG213", HEAD + "identify:\n  traits:\n    email: integer\n", 5, 5, "reserved identify trait"),
    ("TG214", HEAD + "events:\n  A:\n    properties:\n      x: {type: object, properties: {a: string}, additionalProperties: string}\n", 6, 50, "both `properties` and `additionalProperties`"),
    ("TG217", HEAD + "events:\n  '': {}\n", 4, 3, "cannot be empty"),
    ("TG400", HEAD + "events:\n  User Registered: {}\n  user_registered: {}\n", 5, 3, "both become `track_user_registered`"),
    ("TG900", HEAD + "events:\n  A:\n    description: !!python/name:os.system\n", 5, 18, "tag !!python/name:os.system is not supported"),
    ("TG901", HEAD + "events:\n  A:\n    version: !!int two\n", 5, 14, "'two' is not a valid !!int value"),
    ("TG401", HEAD + "events:\n  '!!!': {}\n", 4, 3, "no letters or digits"),
]


def diagnose(text: str) -> Diagnostics:
    diagnostics = Diagnostics()
    plan = parse_plan(text, "p.yaml", diagnostics)
    if plan is not None:
        diagnostics.extend(TARGETS["python"].generate(plan, TargetOptions()).diagnostics)
    return diagnostics


@pytest.mark.parametrize(("code", "text", "line", "column", "fragment"), CASES, ids=[c[0] for c in CASES])
def test_code(code: str, text: str, line: int, column: int, fragment: str) -> None:
    found = [d for d in diagnose(text).items if d.code == code]
    assert found, f"no {code} in {[d.render() for d in diagnose(text).items]}"
    d = found[0]
    assert (d.span.file, d.span.line, d.span.column) == ("p.yaml", line, column), d.render()
    assert fragment in d.message + " " + d.hint, d.render()
    assert d.hint, "every diagnostic says how to fix it"


def test_file_codes(tmp_path: Path) -> None:
    d = Diagnostics()
    assert read_plan(tmp_path / "missing.yaml", d) is None
    assert d.items[0].code == "TG100"
    bad = tmp_path / "latin1.yaml"
    bad.write_bytes(HEAD.encode() + b"events:\n  Caf\xe9 Opened: {}\n")
    d = Diagnostics()
    assert read_plan(bad, d) is None
    assert (d.items[0].code, d.items[0].span.line, d.items[0].span.column) == ("TG101", 4, 6)
    nul = tmp_path / "nul.yaml"
    nul.write_bytes(HEAD.encode() + b"events: {}\x00\n")
    d = Diagnostics()
    assert read_plan(nul, d) is None and d.items[0].code == "TG101"
    huge = tmp_path / "huge.yaml"
    with huge.open("wb") as handle:
        handle.write(HEAD.encode() + b"events:\n")
        handle.write(b"  # padding padding padding padding padding padding padding\n" * 200_000)
    d = Diagnostics()
    assert read_plan(huge, d) is None and d.items[0].code == "TG105"


def test_every_problem_is_reported_not_the_first() -> None:
    text = HEAD + "events:\n  A:\n    properties:\n      x: Nope\n      y: {type: string, format: phone}\n  B:\n    versoin: 2\n"
    codes = sorted(d.code for d in diagnose(text).items)
    assert codes == ["TG201", "TG204", "TG207"]


def test_yaml_bomb_is_refused_quickly() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    text = "\n".join(lines) + "\n"
    codes = {d.code for d in diagnose(text).items}
    assert "TG104" in codes


def test_cli_reports_without_traceback_and_writes_nothing(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(HEAD + "events:\n  A:\n    properties:\n      x: Nope\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    keep = out / "analytics_plan.py"
    keep.write_text("previous output\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "trackgen", "build", str(plan), "--out", str(out)], capture_output=True, text=True)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert ":6:10: error[TG204]: unknown type 'Nope'" in result.stderr
    assert keep.read_text(encoding="utf-8") == "previous output\n"
    assert sorted(p.name for p in out.iterdir()) == ["analytics_plan.py"]


def test_json_diagnostics(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(HEAD + "events:\n  A: {descripton: x}\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "trackgen", "--diagnostics-format", "json", "validate", str(plan)], capture_output=True, text=True)
    assert result.returncode == 1
    import json

    [item] = json.loads(result.stderr)
    assert (item["code"], item["line"], item["column"]) == ("TG201", 4, 7)
