"""The bundled Segment semantic-event plans: current, faithful to the spec JSON, and buildable."""

from __future__ import annotations

import functools
import importlib.util
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

import trackgen
from trackgen import load_plan
from trackgen.plan.ir import Type
from trackgen.specs import available, spec_path
from trackgen.specs.build import SPECS, build_plans, load_specs
from trackgen.targets import TARGETS, TargetOptions

SPEC_NAMES = [f"segment/{info.slug}" for info in SPECS]


@functools.cache
def built(with_context: bool = True) -> dict[str, str]:
    return build_plans(with_context=with_context)


def test_the_seven_specs_are_bundled() -> None:
    assert available() == sorted(SPEC_NAMES)
    assert spec_path("segment/nope") is None
    for name in SPEC_NAMES:
        path = spec_path(name)
        assert path is not None and path.is_file()


def test_committed_plans_are_what_the_builder_writes() -> None:
    for name, text in built().items():
        path = spec_path("segment/" + name.removesuffix(".yaml"))
        assert path is not None
        assert path.read_text(encoding="utf-8") == text, f"{name} is stale: run `make specs`"


def _kind(t: Type) -> str:
    return {"map": "object"}.get(t.kind, t.kind)


def _check(t: Type, spec: dict[str, Any], where: str) -> None:
    if spec.get("alt_types"):
        assert t.kind == "any", where
        return
    assert _kind(t) == spec["type"], where
    assert t.format == spec.get("format"), where
    assert t.enum == (tuple(spec["enum"]) if "enum" in spec else None), where
    if spec.get("properties"):
        assert [p.wire_name for p in t.properties] == list(spec["properties"]), where
        for prop in t.properties:
            assert not prop.required, where  # the specs recommend, never require
            _check(prop.type, spec["properties"][prop.wire_name], f"{where}.{prop.wire_name}")
    if "items" in spec:
        assert t.items is not None
        _check(t.items, spec["items"], where + "[]")


@pytest.mark.parametrize("info", SPECS, ids=lambda i: i.slug)
def test_plans_match_semantic_events_json(info: Any) -> None:
    spec = load_specs()[info.key]
    path = spec_path(f"segment/{info.slug}")
    assert path is not None
    plan = load_plan(path)
    assert [e.wire_name for e in plan.events] == list(spec)  # exact names, spec order
    for event in plan.events:
        expected = spec[event.wire_name]
        assert event.description == expected["description"]
        assert [p.wire_name for p in event.properties] == list(expected.get("properties", {}))
        for prop in event.properties:
            assert not prop.required
            _check(prop.type, expected["properties"][prop.wire_name], f"{event.wire_name}.{prop.wire_name}")


@pytest.mark.parametrize("info", SPECS, ids=lambda i: i.slug)
def test_context_fields_are_context_sections_and_the_commented_form_matches(info: Any) -> None:
    spec = load_specs()[info.key]
    with_context = yaml.safe_load(built()[f"{info.slug}.yaml"])
    commented = built(with_context=False)[f"{info.slug}.yaml"]
    for name, event in spec.items():
        context = event.get("context")
        written = with_context["events"][name] or {}
        if not context:
            assert "context" not in written
            continue
        assert list(written["context"]) == list(context)
        # --commented-context writes the same block as comments
        start = commented.index(f"\n  {name}:\n") if f"\n  {name}:\n" in commented else commented.index(f'\n  "{name}":\n')
        block = commented[start:].split("\n    # context:\n", 1)[1].split("\n    properties:", 1)[0]
        uncommented = "context:\n" + "\n".join(line.removeprefix("    # ") for line in block.split("\n"))
        assert yaml.safe_load(uncommented)["context"] == written["context"]
    if info.key == "b2b_saas":
        assert all(list(e["context"]) == ["groupId"] for e in with_context["events"].values())


@pytest.mark.parametrize("info", SPECS, ids=lambda i: i.slug)
def test_plans_validate_and_build_into_a_working_client(info: Any, tmp_path: Path) -> None:
    path = spec_path(f"segment/{info.slug}")
    assert path is not None
    plan = load_plan(path)
    for target in TARGETS.values():
        assert not target.generate(plan, TargetOptions()).diagnostics.items
    module_name = "spec_" + info.slug.replace("-", "_")
    for rel, text in trackgen.generate(plan, module=module_name).items():
        (tmp_path / rel).write_text(text, encoding="utf-8")
    spec = importlib.util.spec_from_file_location(module_name, tmp_path / f"{module_name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    sent: list[dict[str, Any]] = []

    class Recorder:
        def track(self, **kwargs: Any) -> None:
            sent.append(kwargs)

    tracker = module.Tracker(Recorder(), on_violation="raise")
    functions = [n for n in module.__all__ if n.startswith("track_")]
    assert len(functions) == len(plan.events)
    for function, event in zip(functions, plan.events):
        getattr(tracker, function)(anonymous_id="anon-1")
        assert sent[-1]["event"] == event.wire_name and sent[-1]["properties"] == {}


def test_an_ecommerce_order_goes_through_with_products(tmp_path: Path) -> None:
    path = spec_path("segment/ecommerce-v2")
    assert path is not None
    for rel, text in trackgen.generate(load_plan(path), module="ecommerce_client").items():
        (tmp_path / rel).write_text(text, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("ecommerce_client", tmp_path / "ecommerce_client.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["ecommerce_client"] = module
    spec.loader.exec_module(module)
    sent: list[dict[str, Any]] = []

    class Recorder:
        def track(self, **kwargs: Any) -> None:
            sent.append(kwargs)

    tracker = module.Tracker(Recorder(), on_violation="raise")
    tracker.track_order_completed(user_id="u1", order_id="o1", revenue=25.0, currency="USD", products=[{"product_id": "p1", "sku": "S-1", "price": 12.5, "quantity": 2}])
    assert sent[0]["properties"]["products"] == [{"product_id": "p1", "sku": "S-1", "price": 12.5, "quantity": 2}]
    with pytest.raises(module.TrackingPlanViolation):
        tracker.track_order_completed(user_id="u1", products=[{"product_id": 1}])
