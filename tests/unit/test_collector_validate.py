"""The collector's validator, one test per rule, on the wire form of messages (decoded JSON).

The plan is tests/e2e/shapes.yaml: every kind of value and constraint the format has.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest

from trackgen import load_plan
from trackgen.collector import Validator

SHAPES = Path(__file__).resolve().parents[1] / "e2e" / "shapes.yaml"
VALIDATOR = Validator(load_plan(SHAPES))
VERSION_3 = {"protocols": {"event_version": 3}}


def message(properties: Any = None, **fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "type": "track",
        "event": "Shape Checked",
        "userId": "u1",
        "properties": {"name": "n"} if properties is None else properties,
        "context": VERSION_3,
    }
    base.update(fields)
    return base


def problems(properties: dict[str, Any] | None = None, **fields: Any) -> list[str]:
    return list(VALIDATOR.check(message(properties, **fields)).problems)


def prop(**values: Any) -> list[str]:
    """Problems of a message whose properties are `name` plus `values` (wire names)."""
    return problems({"name": "n", **values})


def test_a_conforming_message_has_no_problems() -> None:
    verdict = VALIDATOR.check(message())
    assert verdict.ok and verdict.kind == "track" and verdict.label == "Shape Checked"
    assert verdict.identity == "userId=u1"


def test_string_type() -> None:
    assert prop(displayName=5) == ["displayName must be a string, got integer 5"]
    assert prop(displayName=["a"]) == ['displayName must be a string, got array ["a"]']


def test_bool_is_not_an_integer() -> None:
    assert prop(count=True) == ["count must be an integer, got boolean true"]


def test_integer_rejects_fractions_even_integral_ones() -> None:
    assert prop(count=1.5) == ["count must be an integer, got number 1.5"]
    assert prop(count=2.0) == ["count must be an integer, got number 2.0"]
    assert prop(count=2) == []


def test_number_takes_ints_and_floats_not_bools_or_strings() -> None:
    assert prop(ratio=0.5) == []
    assert prop(items=[{"sku": "ab", "price": 3}]) == []
    assert prop(ratio=True) == ["ratio must be a number, got boolean true"]
    assert prop(ratio="0.5") == ['ratio must be a number, got string "0.5"']


def test_no_nan_or_infinity_anywhere() -> None:
    assert prop(ratio=math.nan) == ["ratio must be a finite number (not NaN or infinity)"]
    assert prop(scores={"s": math.inf}) == ["scores['s'] must be a finite number (not NaN or infinity)"]
    assert prop(meta={"x": [1, -math.inf]}) == ["meta['x'][1] must be a finite number (not NaN or infinity)"]
    context = {**VERSION_3, "screen": {"density": math.nan}}
    assert problems(context=context) == ["context.screen.density must be a finite number (not NaN or infinity)"]


def test_boolean_type() -> None:
    assert prop(flag=False) == []
    assert prop(flag=1) == ["flag must be a boolean, got integer 1"]


def test_enum_of_strings_and_of_integers() -> None:
    assert prop(kind="square", level=2) == []
    assert prop(kind="triangle") == ["kind must be one of 'circle', 'square'"]
    assert prop(level=4) == ["level must be one of 1, 2, 3"]
    assert prop(level="1") == ['level must be an integer, got string "1"']


def test_const_for_string_number_and_boolean() -> None:
    assert prop(fixed="v1", pi=3.14, always=True) == []
    assert prop(fixed="v2") == ["fixed must be 'v1'"]
    assert prop(pi=3.0) == ["pi must be 3.14"]
    assert prop(always=False) == ["always must be True"]


def test_pattern_is_an_unanchored_search() -> None:
    assert prop(**{"regex property": "I am Evil Morty, really"}) == []
    assert prop(**{"regex property": "Rick"}) == ["regex property must match the pattern Lawyer Morty|Evil Morty"]


@pytest.mark.parametrize(
    ("field", "good", "bad"),
    [
        ("email", "ada@example.com", "ada at example.com"),
        ("site", "https://example.com/a?b=c", "example.com"),
        ("ref", "123e4567-e89b-12d3-a456-426614174000", "123e4567"),
    ],
)
def test_formats_use_the_shared_patterns(field: str, good: str, bad: str) -> None:
    formats = {"email": "email", "site": "uri", "ref": "uuid"}
    assert prop(**{field: good}) == []
    assert prop(**{field: bad}) == [f"{field} must be a valid {formats[field]}"]


def test_date_time_must_carry_a_timezone() -> None:
    for good in ("2024-01-02T03:04:05Z", "2024-01-02T03:04:05+02:00", "2024-01-02T03:04:05.123456+00:00"):
        assert prop(at=good) == [], good
    assert prop(at="2024-01-02T03:04:05") == [
        'at must be an ISO-8601 date-time with a timezone, got string "2024-01-02T03:04:05"'
    ]
    assert prop(at="2024-13-02T03:04:05Z") != []  # the shape is right, the month is not
    assert prop(at=1704164645) == ["at must be an ISO-8601 date-time with a timezone, got integer 1704164645"]


def test_date_is_a_calendar_day() -> None:
    assert prop(day="2024-02-29") == []
    assert prop(day="2023-02-29") == ['day must be an ISO-8601 date (YYYY-MM-DD), got string "2023-02-29"']
    assert prop(day="2024-01-02T00:00:00Z") != []


def test_min_and_max_length() -> None:
    assert problems({"name": ""}) == ["name must be at least 1 characters long"]
    assert problems({"name": "x" * 11}) == ["name must be at most 10 characters long"]
    assert problems({"name": "x" * 10}) == []


def test_inclusive_bounds() -> None:
    assert prop(count=0) == [] and prop(count=10) == []
    assert prop(count=-1) == ["count must be at least 0"]
    assert prop(count=11) == ["count must be at most 10"]


def test_exclusive_bounds() -> None:
    assert prop(ratio=0) == ["ratio must be greater than 0"]
    assert prop(ratio=1) == ["ratio must be less than 1"]
    assert prop(items=[{"sku": "ab", "price": 1, "quantity": 0}]) == ["items[0].quantity must be greater than 0"]


def test_min_and_max_items() -> None:
    item = {"sku": "ab", "price": 1}
    assert prop(items=[]) == ["items must have at least 1 item"]
    assert prop(items=[item] * 4) == ["items must have at most 3 items"]
    assert prop(items=[{**item, "tags": ["a", "b", "c", "d"]}]) == ["items[0].tags must have at most 3 items"]


def test_nested_objects_required_and_unknown_keys() -> None:
    assert prop(nested={"inner": {"deep": 1}}) == []
    assert prop(nested={}) == ["nested.inner is required"]
    assert prop(nested={"inner": {"maybe": None, "extra": 1}}) == [
        "nested.inner.deep is required",
        "nested.inner.extra is not in the tracking plan",
    ]
    assert prop(address={"street": "Main St", "zip": "1"}) == ["address.zip must match the pattern ^[0-9]{5}$"]
    assert prop(address="Main St") == ['address must be an object, got string "Main St"']


def test_arrays_of_objects_and_arrays_of_arrays() -> None:
    assert prop(items=[{"sku": "ab", "price": -1}]) == ["items[0].price must be at least 0"]
    assert prop(items=[{"price": 1}]) == ["items[0].sku is required"]
    assert prop(matrix=[[1], [2, "x"]]) == ['matrix[1][1] must be an integer, got string "x"']
    assert prop(items={}) == ["items must be an array, got object {}"]


def test_maps_check_every_value() -> None:
    assert prop(labels={"a": "b"}, scores={"x": 0}) == []
    assert prop(labels={"a": 1}) == ["labels['a'] must be a string, got integer 1"]
    assert prop(scores={"s": -1}) == ["scores['s'] must be at least 0"]
    assert prop(labels=["a"]) == ['labels must be an object, got array ["a"]']


def test_nullable_is_not_the_same_as_optional() -> None:
    assert prop(note=None, home=None, nested={"inner": {"deep": 1, "maybe": None}}) == []
    assert prop(displayName=None) == ["displayName must be a string; it is not nullable, got null"]
    assert prop(address=None) == ["address must be an object; it is not nullable, got null"]


def test_required_properties_must_be_present() -> None:
    assert problems({}) == ["name is required"]


def test_unknown_properties_are_flagged() -> None:
    assert prop(colour="red") == ["colour is not in the tracking plan"]


def test_unknown_event_names() -> None:
    assert problems(event="Shape checked") == ["'Shape checked' is not an event in the tracking plan"]
    assert VALIDATOR.check(message(event="42_--terrible==\"event'++name~!3", properties={})).ok


def test_user_id_or_anonymous_id_is_required() -> None:
    identity = "userId or anonymousId must be a non-empty string"
    assert problems(userId=None) == [identity]
    assert problems(userId="") == [identity]
    assert problems(userId=42) == [identity]  # the SDKs send ids as strings
    assert problems(userId=None, anonymousId="a1") == []


def test_event_is_a_non_empty_string() -> None:
    assert problems(event="") == ['event must be a non-empty string, got string ""']
    assert problems(event=None)[0] == "event is required"
    assert problems(event=7)[0] == "event must be a non-empty string, got integer 7"


def test_properties_must_be_an_object() -> None:
    assert problems(properties=[]) == ["properties must be an object, got array []"]
    signed_out = {"type": "track", "event": "42_--terrible==\"event'++name~!3", "anonymousId": "a"}
    assert VALIDATOR.check(signed_out).ok  # absent properties are `{}` (the spec makes them optional)


def test_envelope_fields() -> None:
    assert problems(context="ip") == [
        'context must be an object, got string "ip"',
        "context.protocols.event_version must be 3 (the plan's version of 'Shape Checked'), got nothing",
    ]
    assert problems(timestamp="2024-01-02T03:04:05.678+00:00") == []
    assert problems(timestamp="2024-01-02") == ['timestamp must be an ISO-8601 date-time with a timezone, got string "2024-01-02"']
    assert problems(integrations=[]) == ["integrations must be an object, got array []"]
    assert problems(messageId="m" * 100) == []
    assert problems(messageId="m" * 101)[0].startswith("messageId must be a string of 1 to 100 characters")


def test_versioned_events_carry_their_version() -> None:
    assert problems(context={}) == [
        "context.protocols.event_version must be 3 (the plan's version of 'Shape Checked'), got nothing"
    ]
    assert problems(context={"protocols": {"event_version": "3"}})[0].endswith('got "3"')
    assert problems(context={"protocols": {"event_version": 2}})[0].endswith("got 2")


def test_other_message_types_get_the_envelope_rules() -> None:
    assert VALIDATOR.check({"type": "identify", "userId": "u", "traits": {"email": "a@b.c"}}).ok
    assert VALIDATOR.check({"userId": "u", "traits": []}, "identify").problems == ("traits must be an object, got array []",)
    assert VALIDATOR.check({"type": "group", "userId": "u"}).problems == ("groupId is required",)
    assert VALIDATOR.check({"type": "alias", "userId": "u"}).problems == ("previousId is required",)
    page = VALIDATOR.check({"type": "page", "anonymousId": "a", "name": "Home"})
    assert page.ok and page.label == "page Home" and page.identity == "anonymousId=a"
    assert VALIDATOR.check({"type": "screen"}).problems == ("userId or anonymousId must be a non-empty string",)


def test_unknown_or_missing_message_type() -> None:
    known = "track, identify, group, page, screen, alias"
    assert VALIDATOR.check({"type": "bogus", "userId": "u"}).problems == (f"type must be one of {known}; it is 'bogus'",)
    assert VALIDATOR.check({"userId": "u"}).problems == (f"type must be one of {known}; it is missing",)
    assert VALIDATOR.check([1]).problems == ("message must be an object, got array [1]",)


def test_long_values_are_cut_in_messages() -> None:
    [problem] = prop(displayName=["x" * 100])
    assert problem == 'displayName must be a string, got array ["' + "x" * 55 + "..."
