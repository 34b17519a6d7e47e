"""The exported schemas and the generated client agree, with `jsonschema` as the independent judge.

The kitchen-sink plan is built into a real Python client. Each call goes through a
recording client in `on_violation="raise"` mode:

- a call the client accepts: the message segment-analytics-python 2.4.0 would send for
  it must be valid against the event's JSON Schema (`--format jsonschema`, which
  describes `properties`) and against its Segment rule (`--format segment`, which
  describes the whole message), each with `$ref`s and with `--inline-types`;
- a call the client refuses: it raises `TrackingPlanViolation`; sent anyway (a violation
  handler that does not raise), the message must be invalid against both schemas.

Format checks use jsonschema's draft-07 format checker (`rfc3339-validator` for
date-time, `rfc3986-validator` for uri). Refusals that never reach the payload are not
judged here, because no schema can see them: a Python value of the wrong Python type that
serialises to valid JSON (a date-time passed as a string), an integral float for an
`integer` (JSON has one number type), `uuid` (draft-07 has no such format), and NaN or
infinity in an `any` value (sent as `null`).
"""

from __future__ import annotations

import importlib.util
import json
import sys
import warnings
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any
from uuid import uuid4

import pytest
from jsonschema import Draft7Validator
from segment.analytics.client import Client
from segment.analytics.request import DatetimeSerializer

import trackgen
from trackgen import load_plan
from trackgen.formats.export import export_data

from .conftest import PLANS

PLAN = PLANS / "kitchen_sink.yaml"
AWARE = datetime(2024, 1, 2, 3, 4, 5, tzinfo=timezone(timedelta(hours=2)))
NAIVE = datetime(2024, 1, 2, 3, 4, 5)
BASE: dict[str, Any] = {"order_id": "o-1", "products": [{"product_id": "p-1", "price": 9.99}]}
FULL: dict[str, Any] = {
    **BASE,
    "revenue": Decimal("19.99"),
    "currency": "EUR",
    "coupon": None,
    "products": ({"product_id": "p", "price": 0, "quantity": 2, "size": "M", "variants": [{"sku": "A-1", "color": None}]},),
    "placed_at": AWARE,
    "delivery_date": date(2024, 1, 5),
    "attributes": {"gift_note": "Happy birthday"},
    "metadata": {"x": [1, {"y": None}]},
    "status": "yes",
    "kind": "order",
    "priority": 2,
    "gift": True,
    "rating": 4.5,
    "count": 99,
    "shipping_address": None,
    "billing_product": None,
    "contact_email": "ann@example.com",
    "homepage": "https://example.com/shop?q=1",
    "session": str(uuid4()),
    "notes": [1, "a", None, {"b": True}],
    "tags": ["a", None],
    "scores": {"a": 0, "b": 7},
    "nullable_status": "on",
    "nullable_kind": None,
    "flag": False,
    "anything": {"deep": [1.5, "x"]},
    "legacy_code": "OLD10",
    "old_flag": True,
    "shipping": {"method": "express", "parcels": [{"weight": 1.5, "label": "L"}, {"weight": 0}]},
    "closed": {},
    "with_space_explicit": "spaced",
    "sized": "XL",
}
ORDER = "track_order_completed"

ACCEPTED: list[tuple[str, dict[str, Any]]] = [
    (ORDER, BASE),
    (ORDER, FULL),
    (ORDER, {**BASE, "shipping_address": {"country": "DE", "city": "Berlin"}, "billing_product": {"product_id": "b", "price": 1}}),
    (ORDER, {**BASE, "nullable_status": None, "nullable_kind": "fixed", "coupon": "SPRING", "revenue": 1, "count": 0}),
    (ORDER, {**BASE, "placed_at": datetime(2024, 1, 2, 3, 4, 5, 123456, tzinfo=timezone.utc), "anything": None}),
    ("track_signed_out", {}),
    ("track_legacy_event_explicit", {"reason": "moved"}),
]


def product(**extra: Any) -> list[dict[str, Any]]:
    return [{"product_id": "p", "price": 1, **extra}]


REFUSED: list[tuple[str, dict[str, Any]]] = [
    (ORDER, {**BASE, "order_id": ""}),
    (ORDER, {**BASE, "order_id": "x" * 65}),
    (ORDER, {**BASE, "order_id": 5}),
    (ORDER, {**BASE, "revenue": 0}),
    (ORDER, {**BASE, "revenue": True}),
    (ORDER, {**BASE, "revenue": "19.99"}),
    (ORDER, {**BASE, "revenue": float("nan")}),
    (ORDER, {**BASE, "currency": "eur"}),
    (ORDER, {**BASE, "coupon": 5}),
    (ORDER, {**BASE, "products": []}),
    (ORDER, {**BASE, "products": product() * 51}),
    (ORDER, {**BASE, "products": [{"product_id": "p"}]}),
    (ORDER, {**BASE, "products": product(price=-1)}),
    (ORDER, {**BASE, "products": product(extra=1)}),
    (ORDER, {**BASE, "products": [{"product_id": "", "price": 1}]}),
    (ORDER, {**BASE, "products": product(size="XXL")}),
    (ORDER, {**BASE, "products": product(quantity=100)}),
    (ORDER, {**BASE, "products": product(variants=[{"sku": "a b"}])}),
    (ORDER, {**BASE, "products": product(variants=[{"sku": "A"}] * 4)}),
    (ORDER, {**BASE, "products": product(variants=[{"sku": "A", "color": 3}])}),
    (ORDER, {**BASE, "products": "p-1"}),
    (ORDER, {**BASE, "placed_at": NAIVE}),
    (ORDER, {**BASE, "delivery_date": AWARE}),
    (ORDER, {**BASE, "attributes": {"a": 1}}),
    (ORDER, {**BASE, "attributes": ["a"]}),
    (ORDER, {**BASE, "metadata": [1]}),
    (ORDER, {**BASE, "status": "no"}),
    (ORDER, {**BASE, "kind": "refund"}),
    (ORDER, {**BASE, "priority": 4}),
    (ORDER, {**BASE, "priority": True}),
    (ORDER, {**BASE, "gift": False}),
    (ORDER, {**BASE, "rating": 5.5}),
    (ORDER, {**BASE, "rating": -0.1}),
    (ORDER, {**BASE, "count": 100}),
    (ORDER, {**BASE, "count": -1}),
    (ORDER, {**BASE, "shipping_address": {"city": "Berlin"}}),
    (ORDER, {**BASE, "shipping_address": {"country": "DEU"}}),
    (ORDER, {**BASE, "shipping_address": {"country": "DE", "zip": "1"}}),
    (ORDER, {**BASE, "billing_product": {"price": 1}}),
    (ORDER, {**BASE, "contact_email": "not-an-email"}),
    (ORDER, {**BASE, "homepage": "not a uri"}),
    (ORDER, {**BASE, "notes": "x"}),
    (ORDER, {**BASE, "tags": [1]}),
    (ORDER, {**BASE, "tags": ["a"] * 6}),
    (ORDER, {**BASE, "scores": {"a": -1}}),
    (ORDER, {**BASE, "scores": {"a": 1.5}}),
    (ORDER, {**BASE, "nullable_status": "maybe"}),
    (ORDER, {**BASE, "nullable_kind": "other"}),
    (ORDER, {**BASE, "flag": 1}),
    (ORDER, {**BASE, "flag": "true"}),
    (ORDER, {**BASE, "shipping": {"method": "slow"}}),
    (ORDER, {**BASE, "shipping": {"parcels": []}}),
    (ORDER, {**BASE, "shipping": {"method": "standard", "parcels": [{"label": "x"}]}}),
    (ORDER, {**BASE, "shipping": {"method": "standard", "parcels": [{"weight": -1}]}}),
    (ORDER, {**BASE, "shipping": {"method": "standard", "carrier": "x"}}),
    (ORDER, {**BASE, "closed": {"a": 1}}),
    (ORDER, {**BASE, "with_space_explicit": 3}),
    (ORDER, {**BASE, "sized": "XXL"}),
    (ORDER, {**BASE, "legacy_code": None}),
    ("track_legacy_event_explicit", {"reason": None}),
]


@pytest.fixture(scope="module")
def client_module(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    folder = tmp_path_factory.mktemp("judge")
    for rel, text in trackgen.generate(load_plan(PLAN), module="kitchen_sink_client").items():
        (folder / rel).write_text(text, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("kitchen_sink_client", folder / "kitchen_sink_client.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["kitchen_sink_client"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def judges() -> dict[str, tuple[Draft7Validator, ...]]:
    """Event name → validators of `properties` (jsonschema format, with `$ref` and inlined)
    and of the whole message (segment format, with `$ref` and inlined)."""
    plan = load_plan(PLAN)
    checker = Draft7Validator.FORMAT_CHECKER
    exports = [export_data(plan, "jsonschema"), export_data(plan, "jsonschema", inline=True)]
    rules = [{r["key"]: r["jsonSchema"] for r in export_data(plan, "segment", inline=inline)["rules"]} for inline in (False, True)]
    assert "$ref" not in json.dumps(exports[1]) + json.dumps(rules[1])
    return {
        name: tuple(Draft7Validator(schemas[name], format_checker=checker) for schemas in [*exports, *rules])
        for name in exports[0]
    }


class Recorder:
    """A client with Segment's `track` signature that keeps every call's arguments."""

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []

    def track(self, **kwargs: Any) -> tuple[bool, dict[str, Any]]:
        self.calls.append(kwargs)
        return True, kwargs


SDK = Client("WRITE_KEY", send=False, sync_mode=True)


def wire_message(call: dict[str, Any]) -> dict[str, Any]:
    """The JSON segment-analytics-python 2.4.0 would send for these `track()` arguments."""
    _, message = SDK.track(**call)
    decoded: dict[str, Any] = json.loads(json.dumps(message, cls=DatetimeSerializer))
    return decoded


def call(module: ModuleType, function: str, kwargs: dict[str, Any], on_violation: Any) -> Recorder:
    recorder = Recorder()
    tracker = module.Tracker(recorder, on_violation=on_violation)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        getattr(tracker, function)(user_id="user-1", **kwargs)
    return recorder


def errors(validator: Draft7Validator, instance: Any) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(instance)]


@pytest.mark.parametrize(("function", "kwargs"), ACCEPTED, ids=[f"{f}-{i}" for i, (f, _) in enumerate(ACCEPTED)])
def test_payloads_the_client_sends_are_valid(client_module: ModuleType, judges: Any, function: str, kwargs: dict[str, Any]) -> None:
    recorder = call(client_module, function, kwargs, "raise")
    [sent] = recorder.calls
    message = wire_message(sent)
    for index, judge in enumerate(judges[message["event"]]):
        assert errors(judge, message["properties"] if index < 2 else message) == []


@pytest.mark.parametrize(("function", "kwargs"), REFUSED, ids=[f"{f}-{i}" for i, (f, _) in enumerate(REFUSED)])
def test_payloads_the_client_refuses_are_invalid(client_module: ModuleType, judges: Any, function: str, kwargs: dict[str, Any]) -> None:
    with pytest.raises(client_module.TrackingPlanViolation):
        call(client_module, function, kwargs, "raise")
    seen: list[Any] = []
    recorder = call(client_module, function, kwargs, seen.append)  # a handler that lets it through
    assert len(seen) == 1 and len(recorder.calls) == 1
    message = wire_message(recorder.calls[0])
    for index, judge in enumerate(judges[message["event"]]):
        instance = message["properties"] if index < 2 else message
        assert errors(judge, instance), f"schema {index} accepts {message['properties']}; the client said {seen[0]}"


def test_the_cases_cover_every_property(client_module: ModuleType) -> None:
    """Each property of the kitchen-sink event is exercised by at least one refused call."""
    plan = load_plan(PLAN)
    order = next(e for e in plan.events if e.wire_name == "Order Completed")
    refused_keys = {k for f, kw in REFUSED if f == ORDER for k, v in kw.items() if BASE.get(k, object()) is not v}
    untested = {p.identifier or p.wire_name for p in order.properties} - refused_keys
    assert untested <= {"session", "anything", "old_flag", "placed_at"} - refused_keys, untested


def test_named_types_may_use_later_ones_and_a_named_enum_may_repeat(tmp_path: Path) -> None:
    """Imported plans list named types by name, so a type often uses one declared after it."""
    plan = trackgen.loads_plan(
        "trackgen: 1\nname: Order\ntypes:\n"
        "  A: {type: object, properties: {b: B, size: Size, again: Size}}\n"
        "  B: {type: object, properties: {size: Size}}\n"
        "  Size: {type: string, enum: [S, M]}\n"
        "events:\n  E: {properties: {a: A}}\n"
    )
    source = trackgen.generate(plan, module="order_of_types")["order_of_types.py"]
    namespace: dict[str, Any] = {}
    exec(compile(source, "order_of_types.py", "exec"), namespace)  # noqa: S102 - our own generated code
    assert source.count("Size = Literal[") == 1
    assert source.index("B = TypedDict(") < source.index("A = TypedDict(")
