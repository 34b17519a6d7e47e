"""`trackgen export`: the shape Segment's Public API takes, valid draft-07, stable text."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft7Validator

from trackgen import load_plan
from trackgen.formats.export import DRAFT_07, definition_ref, export_data, export_text
from trackgen.specs import available, spec_path

from .conftest import EXPECTED, PLANS, REPO

PLAN_FILES = [PLANS / "kitchen_sink.yaml", REPO / "plans" / "example.yaml"] + [spec_path(s) for s in available()]


@pytest.mark.parametrize("fmt", ["segment", "jsonschema"])
def test_kitchen_sink_export_matches_the_golden(fmt: str, update_goldens: bool) -> None:
    from .conftest import check_golden

    text = export_text(load_plan(PLANS / "kitchen_sink.yaml"), fmt)  # type: ignore[arg-type]
    check_golden(EXPECTED / f"kitchen_sink.{fmt}.json", text, update_goldens)


@pytest.mark.parametrize("path", PLAN_FILES, ids=lambda p: Path(str(p)).stem)
def test_every_exported_schema_is_valid_draft_07(path: Path) -> None:
    plan = load_plan(path)
    for rule in export_data(plan, "segment")["rules"]:
        Draft7Validator.check_schema(rule["jsonSchema"])
    for schema in export_data(plan, "jsonschema").values():
        Draft7Validator.check_schema(schema)


def test_segment_rules_have_the_public_api_shape() -> None:
    plan = load_plan(PLANS / "kitchen_sink.yaml")
    rules = export_data(plan, "segment")["rules"]
    assert [r["key"] for r in rules] == [e.wire_name for e in plan.events]  # plan order
    for rule, event in zip(rules, plan.events):
        assert list(rule) == ["key", "type", "version", "jsonSchema"]  # RuleInputV1
        assert rule["type"] == "TRACK" and rule["version"] == (event.version or 1)
        schema = rule["jsonSchema"]
        assert schema["$schema"] == DRAFT_07 and schema["type"] == "object"
        assert set(schema["properties"]) == {"context", "traits", "properties"}
        inner = schema["properties"]["properties"]
        assert inner["type"] == "object" and inner["additionalProperties"] is False
        assert list(inner.get("properties", {})) == [p.wire_name for p in event.properties]  # exact keys
        required = [p.wire_name for p in event.properties if p.required]
        assert inner.get("required", []) == required
        assert ("required" in schema) == bool(required) and schema.get("required", ["properties"]) == ["properties"]
    order, signed_out, legacy = rules
    assert order["version"] == 3 and signed_out["version"] == 1
    assert sorted(order["jsonSchema"]["definitions"]) == ["Address", "Currency", "Product", "Size", "Variant"]
    assert "definitions" not in signed_out["jsonSchema"]
    assert legacy["jsonSchema"]["deprecated"] is True
    assert legacy["jsonSchema"]["$comment"] == "Deprecated: Send Signed Out instead."
    assert legacy["jsonSchema"]["x-trackgen"] == {"identifier": "legacy_event_explicit"}


def test_nullable_forms() -> None:
    schemas = export_data(load_plan(PLANS / "kitchen_sink.yaml"), "jsonschema")
    props: dict[str, Any] = schemas["Order Completed"]["properties"]
    assert props["coupon"]["type"] == ["string", "null"]
    assert props["nullable_status"] == {"type": ["string", "null"], "enum": ["on", "off", None]}
    assert props["nullable_kind"] == {"anyOf": [{"type": "string", "const": "fixed"}, {"type": "null"}]}
    assert props["billing_product"]["anyOf"] == [{"$ref": "#/definitions/Product"}, {"type": "null"}]
    assert props["shipping_address"] == {"$ref": "#/definitions/Address"}  # Address itself is nullable
    assert schemas["Order Completed"]["definitions"]["Address"]["type"] == ["object", "null"]
    assert props["tags"]["items"] == {"type": ["string", "null"]}


def test_jsonschema_format_keeps_what_json_schema_cannot_say() -> None:
    schemas = export_data(load_plan(PLANS / "kitchen_sink.yaml"), "jsonschema")
    order = schemas["Order Completed"]
    assert order["title"] == "Order Completed" and order["x-trackgen"] == {"version": 3}
    assert order["properties"]["with space"]["x-trackgen"] == {"identifier": "with_space_explicit"}
    assert order["properties"]["legacy_code"]["deprecated"] is True
    assert order["properties"]["old_flag"] == {"type": "boolean", "deprecated": True}
    assert "x-trackgen" not in schemas["Signed Out"]


@pytest.mark.parametrize("name", ["Product", "A/B", "tilde~x", "with space", "50%", "Ünï"])
def test_definition_refs_resolve_for_any_type_name(name: str) -> None:
    schema = {"definitions": {name: {"type": "integer"}}, "$ref": definition_ref(name)}
    validator = Draft7Validator(schema)
    assert validator.is_valid(1) and not validator.is_valid("x")


def test_export_is_deterministic_and_ends_with_one_newline() -> None:
    plan = load_plan(PLANS / "kitchen_sink.yaml")
    for fmt in ("segment", "jsonschema"):
        first = export_text(plan, fmt)  # type: ignore[arg-type]
        assert first == export_text(load_plan(PLANS / "kitchen_sink.yaml"), fmt)  # type: ignore[arg-type]
        assert first.endswith("}\n") and not first.endswith("\n\n")
        json.loads(first)
