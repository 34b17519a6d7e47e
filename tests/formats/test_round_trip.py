"""plan → export → import → the same IR, in both formats, for every plan we have.

Compared with `trackgen.plan.ir.to_json` minus positions; named types are compared
sorted by name (their order has no meaning). The plan's name and description are not
part of either export, so `--name` carries the name and the description is left out.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from trackgen import load_plan, loads_plan
from trackgen.diagnostics import Diagnostics, render_text
from trackgen.formats.export import export_text
from trackgen.formats.importer import import_path, import_text
from trackgen.plan.ir import Plan, Type
from trackgen.specs import available, spec_path

from .conftest import FIXTURES, PLANS, REPO, comparable_ir

PLAN_FILES = [PLANS / "kitchen_sink.yaml", REPO / "plans" / "example.yaml"] + [spec_path(s) for s in available()]


def round_trip(plan: Plan, fmt: str) -> Plan:
    result, diagnostics = import_text(export_text(plan, fmt), f"export.{fmt}.json", name=plan.name)  # type: ignore[arg-type]
    assert result is not None, render_text(diagnostics.sorted())
    assert not diagnostics.items, render_text(diagnostics.sorted())  # nothing lost, nothing to warn about
    return loads_plan(result.text)


@pytest.mark.parametrize("fmt", ["segment", "jsonschema"])
@pytest.mark.parametrize("path", PLAN_FILES, ids=lambda p: Path(str(p)).stem)
def test_plan_export_import_gives_the_same_ir(path: Path, fmt: str) -> None:
    plan = load_plan(path)
    back = round_trip(plan, fmt)
    assert comparable_ir(back, keep_name=False) == comparable_ir(plan, keep_name=False)
    assert back.name == plan.name


@pytest.mark.parametrize("fmt", ["segment", "jsonschema"])
@pytest.mark.parametrize("case", ["public_api_rules.json", "typewriter_plan.json", "config_api_plan.json", "schemas", "hostile_names.json", "edge_cases.json"])
def test_imported_plans_survive_a_second_round_trip(case: str, fmt: str) -> None:
    diagnostics = Diagnostics()
    first = import_path(FIXTURES / case, diagnostics, case)
    assert first is not None
    plan = loads_plan(first.text)
    expected = comparable_ir(plan, keep_name=False)
    used = used_type_names(plan)  # exports carry the named types events use, no others
    expected["types"] = [t for t in expected["types"] if t["name"] in used]
    assert comparable_ir(round_trip(plan, fmt), keep_name=False) == expected


def used_type_names(plan: Plan) -> set[str]:
    named = {t.name: t for t in plan.types}
    found: set[str] = set()

    def walk(t: Type) -> None:
        if t.name is not None and t.name not in found:
            found.add(t.name)
            walk(named[t.name])
        for child in t.children():
            walk(child)

    for event in plan.events:
        for prop in event.properties:
            walk(prop.type)
    return found


def test_version_one_is_segments_default_and_is_not_written_back() -> None:
    """The one documented loss: `version: 1` and no version both export as Segment version 1."""
    plan = loads_plan("trackgen: 1\nname: V\nevents:\n  A: {version: 1}\n")
    assert round_trip(plan, "segment").events[0].version is None
    assert round_trip(plan, "jsonschema").events[0].version == 1
