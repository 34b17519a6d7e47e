"""`include:`: bundled Segment specs and other plan files, filtered, extended and tightened."""

from __future__ import annotations

import os
from pathlib import Path

from trackgen.diagnostics import Diagnostics
from trackgen.plan import read_plan
from trackgen.plan.ir import Plan


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def load(path: Path) -> tuple[Plan | None, list[str]]:
    d = Diagnostics()
    plan = read_plan(path, d, shown=path.name)
    return plan, [x.render() for x in d.sorted()]


def test_spec_events_are_filtered_extended_and_tightened(tmp_path: Path) -> None:
    plan, problems = load(write(tmp_path, "p.yaml", """trackgen: 1
name: P
include:
  - {spec: segment/b2b-saas, events: [Signed Up, Account Created]}
events:
  Signed Up:
    description: Ours.
    properties:
      email: {type: string, format: email, required: true}
      referrer: string
  Local Thing Happened: {}
"""))
    assert problems == []
    assert plan is not None
    assert [e.wire_name for e in plan.events] == ["Signed Up", "Account Created", "Local Thing Happened"]
    signed_up = plan.events[0]
    assert signed_up.description == "Ours."
    props = {p.wire_name: p for p in signed_up.properties}
    assert props["email"].required and props["email"].type.format == "email"  # tightened
    assert "first_name" in props and "referrer" in props  # kept and extended
    assert list(props)[-1] == "referrer"


def test_files_and_their_named_types(tmp_path: Path) -> None:
    (tmp_path / "shared").mkdir()
    write(tmp_path / "shared", "common.yaml", "trackgen: 1\nname: Common\ntypes:\n  Money: {type: number, minimum: 0}\nevents:\n  Tip Given:\n    properties:\n      amount: Money\n")
    plan, problems = load(write(tmp_path, "p.yaml", "trackgen: 1\nname: P\ninclude: [shared/common.yaml]\nevents:\n  Refund Issued:\n    properties:\n      amount: Money\n"))
    assert problems == []
    assert plan is not None
    assert [t.name for t in plan.types] == ["Money"]
    assert plan.events[1].properties[0].type.minimum == 0


def test_include_problems_are_positioned(tmp_path: Path) -> None:
    write(tmp_path, "bad.yaml", "trackgen: 1\nname: Bad\nevents:\n  X:\n    properties:\n      a: Nope\n")
    path = write(tmp_path, "p.yaml", """trackgen: 1
name: P
include:
  - {spec: segment/b2b-sas}
  - {spec: segment/b2b-saas, events: [Signed Upp]}
  - {file: missing.yaml}
  - {file: bad.yaml}
  - {spec: segment/b2b-saas, file: x.yaml}
events: {}
""")
    plan, problems = load(path)
    assert plan is None
    text = "\n".join(problems)
    assert "p.yaml:4:12: error[TG110]: no bundled spec 'segment/b2b-sas'" in text and "did you mean `segment/b2b-saas`" in text
    assert "p.yaml:5:5: error[TG112]: 'Segment B2B SaaS' has no event 'Signed Upp'" in text
    assert "p.yaml:6:12: error[TG110]: cannot read the included plan 'missing.yaml'" in text
    assert f"{tmp_path / 'bad.yaml'}:6:10: error[TG204]: unknown type 'Nope'" in text  # reported in the included file
    assert "p.yaml:8:5: error[TG110]: an include needs exactly one of `spec` or `file`" in text


def test_cycles_and_symlink_loops(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", "trackgen: 1\nname: A\ninclude: [b.yaml]\nevents: {}\n")
    write(tmp_path, "b.yaml", "trackgen: 1\nname: B\ninclude: [a.yaml]\nevents: {}\n")
    plan, problems = load(tmp_path / "a.yaml")
    assert plan is None and any("TG111" in p and "cycle" in p for p in problems)
    os.symlink(tmp_path / "loop2.yaml", tmp_path / "loop1.yaml")
    os.symlink(tmp_path / "loop1.yaml", tmp_path / "loop2.yaml")
    plan, problems = load(write(tmp_path, "s.yaml", "trackgen: 1\nname: S\ninclude: [loop1.yaml]\nevents: {}\n"))
    assert plan is None and any("TG111" in p and "symbolic link loop" in p for p in problems)


def test_every_bundled_spec_includes_and_builds(tmp_path: Path) -> None:
    from trackgen import generate
    from trackgen.plan.include import bundled_specs

    specs = bundled_specs()
    assert "segment/b2b-saas" in specs
    for spec in specs:
        plan, problems = load(write(tmp_path, "p.yaml", f"trackgen: 1\nname: P\ninclude: [{{spec: {spec}}}]\nevents: {{}}\n"))
        assert problems == [], spec
        assert plan is not None and plan.events
        assert "analytics_plan.py" in generate(plan, "python")
