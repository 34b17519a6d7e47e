"""`trackgen import` on each input shape: golden plans and warnings, plus the facts that matter.

The fixtures are modelled on segment-facts.md section 4 and on Typewriter's real plan files.
Each imported plan must load with trackgen's own loader, and every construct the plan
format cannot hold must come back as a warning naming its JSON pointer.
"""

from __future__ import annotations

import re

import pytest

from trackgen import loads_plan
from trackgen.diagnostics import Diagnostics, Severity, render_text
from trackgen.formats.importer import import_path
from trackgen.plan.ir import Plan

from .conftest import EXPECTED, FIXTURES, check_golden

CASES = ["public_api_rules.json", "typewriter_plan.json", "config_api_plan.json", "schemas", "hostile_names.json", "edge_cases.json"]


def run_import(case: str) -> tuple[str, Diagnostics, Plan]:
    diagnostics = Diagnostics()
    result = import_path(FIXTURES / case, diagnostics, f"fixtures/{case}", out_name="plan.yaml")
    assert result is not None, render_text(diagnostics.sorted())
    assert not diagnostics.has_errors, render_text(diagnostics.sorted())
    return result.text, diagnostics, loads_plan(result.text, "plan.yaml")


def warnings_at(diagnostics: Diagnostics) -> dict[str, str]:
    """JSON pointer → code of every warning."""
    found: dict[str, str] = {}
    for item in diagnostics.items:
        assert item.severity is Severity.WARNING
        pointer = item.message.split(": ", 1)[0]
        found[pointer] = item.code
    return found


@pytest.mark.parametrize("case", CASES)
def test_import_matches_the_golden_plan_and_warnings(case: str, update_goldens: bool) -> None:
    text, diagnostics, _ = run_import(case)
    stem = case.removesuffix(".json")
    check_golden(EXPECTED / f"{stem}.yaml", text, update_goldens)
    check_golden(EXPECTED / f"{stem}.warnings.txt", render_text(diagnostics.sorted()), update_goldens)


@pytest.mark.parametrize("case", CASES)
def test_import_is_deterministic(case: str) -> None:
    assert run_import(case)[0] == run_import(case)[0]


def test_public_api_keeps_the_latest_version_named_types_and_nullables() -> None:
    _, diagnostics, plan = run_import("public_api_rules.json")
    events = {e.wire_name: e for e in plan.events}
    assert list(events) == ["Order Completed", "Product Viewed", "Signed Out"]
    order = events["Order Completed"]
    assert order.version == 2 and order.description == "Order placed successfully"
    props = {p.wire_name: p for p in order.properties}
    assert [n for n, p in props.items() if p.required] == ["order_id", "revenue", "products"]
    products = props["products"].type
    assert products.kind == "array" and products.items is not None and products.items.name == "Product"
    assert products.min_items == 1
    variants = {p.wire_name: p for p in products.items.properties}["variants"].type
    assert variants.items is not None and variants.items.name == "Variant"
    gift = props["gift_wrap"].type
    assert gift.name == "Variant" and gift.nullable and gift.description == "Wrapping, if any"
    assert props["coupon"].type.nullable and props["coupon"].type.kind == "string"
    payment = props["payment_method"].type
    assert payment.nullable and payment.enum == ("card", "paypal", "invoice")
    assert props["placed_at"].type.format == "date-time"
    assert props["legacy_total"].type.exclusive_minimum == 0  # draft-04 boolean form
    assert props["attributes"].type.kind == "map" and props["attributes"].type.values is not None
    assert props["attributes"].type.values.kind == "string"
    shipping = {p.wire_name: p for p in props["shipping"].type.properties}
    address = {p.wire_name: p for p in shipping["address"].type.properties}
    assert address["country"].required and address["country"].type.max_length == 2
    assert {t.name for t in plan.types} == {"Product", "Variant", "Unused Address"}
    assert events["Product Viewed"].deprecated == ""  # from deprecatedAt
    at = warnings_at(diagnostics)
    rule = "/data/rules/3/jsonSchema"
    props_at = rule + "/properties/properties/properties"
    assert at["/data/rules/0"] == "TG803" and at["/data/rules/1"] == "TG803"  # COMMON, IDENTIFY
    assert at["/data/rules/2"] == "TG804"  # version 1 of Order Completed
    assert at[rule + "/labels"] == "TG806"
    assert at[props_at + "/discount_code/not"] == "TG810"
    assert at[props_at + "/channel/oneOf"] == "TG810"
    assert at[props_at + "/tags/uniqueItems"] == "TG810"
    assert at[props_at + "/note/x-color"] == "TG810"
    assert at[props_at + "/note/title"] == "TG810"
    assert at[props_at + "/score/type"] == "TG811"
    assert at[props_at + "/shipping/additionalProperties"] == "TG814"
    assert at[rule + "/properties/properties/required/3"] == "TG817"
    assert at[rule + "/definitions/Product/properties/quantity/multipleOf"] == "TG810"
    assert "/data/rules/4/jsonSchema/properties/context" not in at  # imported as the event's context fields


def test_warnings_point_at_the_json_position() -> None:
    _, diagnostics, _ = run_import("public_api_rules.json")
    source = (FIXTURES / "public_api_rules.json").read_text(encoding="utf-8").splitlines()
    for item in diagnostics.items:
        line = source[item.span.line - 1]
        pointer = item.message.split(": ", 1)[0]
        last = pointer.rsplit("/", 1)[-1]
        if not last.isdigit():  # a key: the position is where its value starts, right after it
            before = line[: item.span.column - 1]
            assert re.search(rf'"{re.escape(last)}"\s*:\s*$', before), (item.render(), line)


def test_typewriter_plan_uses_the_unsanitised_event_name() -> None:
    _, diagnostics, plan = run_import("typewriter_plan.json")
    names = [e.wire_name for e in plan.events]
    assert names == ["Milestone #1 Reached", "Every Nullable Optional Type", "Empty Event"]
    milestone = plan.events[0].properties[0]
    assert milestone.required and milestone.type.enum == ("first_login", "first_purchase")
    nullable = {p.wire_name: p.type for p in plan.events[1].properties}
    assert nullable["optional any"].kind == "any"
    assert nullable["optional object"].kind == "map" and nullable["optional object"].nullable
    items = nullable["optional array with properties"].items
    assert items is not None and items.kind == "object" and items.nullable
    assert warnings_at(diagnostics) == {"/rules/2/jsonSchema/labels": "TG806"}


def test_config_api_keeps_the_highest_version_and_reports_the_rest() -> None:
    _, diagnostics, plan = run_import("config_api_plan.json")
    started = plan.events[0]
    assert (started.wire_name, started.version, started.description) == ("Video Playback Started", 3, "Playback began (with quality)")
    assert [p.wire_name for p in started.properties if p.required] == ["session_id", "quality"]
    assert warnings_at(diagnostics) == {
        "/rules/global": "TG803",
        "/rules/identify_traits": "TG803",
        "/rules/events/0": "TG804",
        "/rules/events/2": "TG804",
    }


def test_json_schema_folder_names_events_by_title_or_file() -> None:
    _, diagnostics, plan = run_import("schemas")
    assert plan.name == "schemas"
    assert [e.wire_name for e in plan.events] == ["Order Completed", "signed_up"]
    props = {p.wire_name: p.type for p in plan.events[0].properties}
    assert props["lines"].items is not None and props["lines"].items.name == "Line"
    assert props["gift"].name == "Line" and props["gift"].nullable  # oneOf [null, $ref]
    assert props["order_id"].format == "uuid" and props["placed_on"].format == "date"
    signed = {p.wire_name: p.type for p in plan.events[1].properties}
    assert signed["plan"].kind == "string" and signed["plan"].enum == ("free", "pro")
    assert signed["beta"].kind == "boolean" and signed["beta"].const is True
    assert warnings_at(diagnostics) == {"/properties/website/format": "TG812"}


def test_hostile_names_survive_byte_for_byte() -> None:
    import json

    source = json.loads((FIXTURES / "hostile_names.json").read_text(encoding="utf-8"))
    _, diagnostics, plan = run_import("hostile_names.json")
    assert plan.name == "yes"
    expected_events = [r["key"] for r in source["rules"] if r["key"]]
    assert [e.wire_name for e in plan.events] == expected_events
    first = source["rules"][0]["jsonSchema"]["properties"]["properties"]["properties"]
    props = {p.wire_name: p for p in plan.events[0].properties}
    assert list(props) == [k for k in first if k]
    for name, prop in props.items():
        assert prop.description == first[name].get("description", "")
    assert props["enum_hostile"].type.enum == tuple(first["enum_hostile"]["enum"])
    assert props["const_yes"].type.const == "yes"
    assert props["big"].type.minimum == -1e16 and props["big"].type.maximum == 1.5e300
    assert props["ints"].type.enum == (0, 1, -2, 10000000000)
    assert set(warnings_at(diagnostics).values()) == {"TG821", "TG802"}  # empty names


def test_edge_cases_are_each_reported() -> None:
    _, diagnostics, plan = run_import("edge_cases.json")
    at = warnings_at(diagnostics)
    props = "/rules/0/jsonSchema/properties/properties/properties"
    assert at["/rules/0/jsonSchema/definitions/Node"] == "TG815"  # recursive type
    assert at["/rules/0/jsonSchema/definitions/string"] == "TG819"  # a built-in type's name
    assert at["/rules/1/jsonSchema/definitions/Same"] == "TG819"  # same name, other content
    assert at[props + "/s/minLength"] == "TG810"  # beside $ref
    assert at[props + "/ext/$ref"] == "TG815" and at[props + "/ptr/$ref"] == "TG815"
    assert at[props + "/b/enum"] == "TG813" and at[props + "/num_enum/enum"] == "TG813"
    assert at[props + "/c/const"] == "TG816" and at[props + "/nul/type"] == "TG811"
    assert at[props + "/tup/items"] == "TG810" and at[props + "/fmt/format"] == "TG810"
    assert at[props + "/dep/$comment"] == "TG810" and at[props + "/bad_min/minLength"] == "TG821"
    assert at["/rules/0/jsonSchema/properties/properties/additionalProperties"] == "TG814"
    types = {t.name: t for t in plan.types}
    assert set(types) == {"Node", "Same", "Same 2", "string type"}
    assert {p.wire_name: p.type.kind for p in types["Node"].properties} == {"child": "any", "v": "string"}
    a, b = plan.events
    assert {p.wire_name: p.type.name for p in a.properties if p.type.name} == {"n": "Node", "s": "string type", "same": "Same"}
    assert b.properties[0].type.name == "Same 2"
    b1 = next(p for p in a.properties if p.wire_name == "b1")
    assert (b1.type.kind, b1.type.const) == ("boolean", True)  # a one-value enum is a const


def test_a_json_schema_of_the_whole_message_is_read_like_a_segment_rule() -> None:
    _, diagnostics, plan = run_import("message_schema.json")
    [event] = plan.events
    assert event.wire_name == "Order Completed"
    assert [(p.wire_name, p.required) for p in event.properties] == [("order_id", True)]
    assert not diagnostics.items
