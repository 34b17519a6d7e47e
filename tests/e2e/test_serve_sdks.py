"""End to end: generated client → real SDK → real HTTP → `trackgen serve` (or a plain server).

Both SDKs are used as a user would: segment-analytics-python's and rudder-sdk-python's
`Client(write_key, host=URL, sync_mode=True)` (rudder gzips by default). Payloads are read
back from the collector's --record file (or the plain server's capture) and asserted field by
field. Each call carries a fresh message_id, so tests sharing a collector find their message.
"""

from __future__ import annotations

import base64
import inspect
import logging
import uuid
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from rudderstack.analytics import Client as RudderClient
from segment.analytics import Client as SegmentClient

from serve_support import EXAMPLE_PLAN, SHAPES_PLAN, RecordingServer, Serve, build_client
from trackgen import load_plan
from trackgen.collector import Validator

SDKS: dict[str, Callable[[str, str], Any]] = {
    "segment": lambda key, host: SegmentClient(key, host=host, sync_mode=True, timeout=5),
    "rudder": lambda key, host: RudderClient(key, host=host, sync_mode=True, timeout=5),
}
LIBRARY_VERSION = {"segment": "2.4.0", "rudder": "2.1.9"}
PLUS2 = timezone(timedelta(hours=2))


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return build_client(EXAMPLE_PLAN, tmp_path_factory.mktemp("example"), "acme_plan")


@pytest.fixture(scope="module")
def shapes(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return build_client(SHAPES_PLAN, tmp_path_factory.mktemp("shapes"), "shapes_plan")


@pytest.fixture(scope="module")
def example_serve(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Serve]:
    serve = Serve(EXAMPLE_PLAN, tmp_path_factory.mktemp("rec") / "example.jsonl")
    yield serve
    assert serve.stop() == 0


@pytest.fixture(scope="module")
def shapes_serve(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Serve]:
    serve = Serve(SHAPES_PLAN, tmp_path_factory.mktemp("rec") / "shapes.jsonl")
    yield serve
    assert serve.stop() == 0


@pytest.fixture(params=list(SDKS))
def sdk(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def received(serve: Serve, message_id: str) -> dict[str, Any]:
    found = [m for m in serve.messages() if m.get("messageId") == message_id]
    assert len(found) == 1, f"{message_id} arrived {len(found)} times"
    return found[0]


def collector_said(serve: Serve, start: str) -> list[str]:
    return serve.wait_for_lines(lambda lines: any(line.startswith(start) for line in lines))


def assert_library(message: dict[str, Any], sdk: str) -> None:
    assert message["context"]["library"] == {"name": "analytics-python", "version": LIBRARY_VERSION[sdk]}


def test_order_completed_field_by_field(example: ModuleType, example_serve: Serve, sdk: str) -> None:
    tracker = example.Tracker(SDKS[sdk]("WRITE_KEY_123", example_serve.url), on_violation="raise")
    mid = f"order-{sdk}-{uuid.uuid4()}"
    caller_context = {"ip": "203.0.113.9", "protocols": {"other": 1}}
    success, _ = tracker.track_order_completed(
        user_id=f"u-{sdk}",
        order_id="o-1",
        revenue=Decimal("19.99"),
        currency="EUR",
        coupon=None,
        products=[{"product_id": "p-1", "price": 9.5, "quantity": 2}, {"product_id": "p-2", "price": 0}],
        placed_at=datetime(2024, 1, 2, 3, 4, 5, tzinfo=PLUS2),
        attributes={"channel": "web", "A/B": "b"},
        context=caller_context,
        timestamp=datetime(2024, 5, 6, 7, 8, 9, 123000, tzinfo=timezone.utc),
        message_id=mid,
    )
    assert success
    message = received(example_serve, mid)
    assert message["type"] == "track"
    assert message["event"] == "Order Completed"
    assert message["userId"] == f"u-{sdk}"
    assert message.get("anonymousId") is None
    assert list(message["properties"]) == [
        "order_id", "revenue", "currency", "coupon", "products", "placed_at", "attributes"
    ]  # plan order; discount_code (unset) left out
    assert message["properties"]["order_id"] == "o-1"
    assert message["properties"]["revenue"] == 19.99
    assert message["properties"]["currency"] == "EUR"
    assert message["properties"]["coupon"] is None
    assert message["properties"]["products"] == [
        {"product_id": "p-1", "price": 9.5, "quantity": 2},
        {"product_id": "p-2", "price": 0},
    ]
    assert message["properties"]["placed_at"] == "2024-01-02T01:04:05+00:00"
    assert message["properties"]["attributes"] == {"channel": "web", "A/B": "b"}
    assert message["context"]["ip"] == "203.0.113.9"
    assert message["context"]["trackgen"] == {"language": "python", "plan": "Acme Academy"}
    assert message["context"]["protocols"] == {"other": 1, "event_version": 2}
    assert_library(message, sdk)
    assert message["timestamp"].startswith("2024-05-06T07:08:09.123")
    assert message["messageId"] == mid
    assert caller_context == {"ip": "203.0.113.9", "protocols": {"other": 1}}
    assert f"ok  Order Completed  userId=u-{sdk}" in collector_said(example_serve, f"ok  Order Completed  userId=u-{sdk}")


def test_unset_optionals_are_left_out_and_unversioned_events_carry_no_version(
    example: ModuleType, example_serve: Serve, sdk: str
) -> None:
    example.configure(SDKS[sdk]("wk", example_serve.url), on_violation="raise")
    registered, signed_out, clicked = (f"{name}-{sdk}-{uuid.uuid4()}" for name in ("reg", "out", "click"))
    example.track_user_registered(anonymous_id=f"a-{sdk}", plan="Pro Annual", message_id=registered)
    example.track_signed_out(user_id=f"u-{sdk}", message_id=signed_out)
    example.track_course_clicked(user_id=f"u-{sdk}", anonymous_id=f"a-{sdk}", title="Intro", message_id=clicked)
    message = received(example_serve, registered)
    assert message["event"] == "User Registered"
    assert message["properties"] == {"plan": "Pro Annual"}  # account_type unset: no key, no null
    assert message["anonymousId"] == f"a-{sdk}" and message.get("userId") is None
    assert "protocols" not in message["context"]
    message = received(example_serve, signed_out)
    assert message["event"] == "Signed Out" and message["properties"] == {}
    assert (message := received(example_serve, clicked))["properties"] == {"title": "Intro"}
    assert message["userId"] == f"u-{sdk}" and message["anonymousId"] == f"a-{sdk}"
    lines = collector_said(example_serve, f"ok  Course Clicked  userId=u-{sdk}")
    assert f"ok  User Registered  anonymousId=a-{sdk}" in lines
    assert f"ok  Signed Out  userId=u-{sdk}" in lines


def test_a_violation_in_warn_mode_is_sent_and_the_collector_reports_the_same_problems(
    example: ModuleType, example_serve: Serve, sdk: str, caplog: pytest.LogCaptureFixture
) -> None:
    tracker = example.Tracker(SDKS[sdk]("wk", example_serve.url))  # warn is the default
    mid = f"warn-{sdk}-{uuid.uuid4()}"
    with caplog.at_level(logging.WARNING):
        success, _ = tracker.track_order_completed(
            user_id=f"warn-{sdk}",
            order_id="o-2",
            currency="usd",
            products=[{"product_id": "p", "price": -5, "colour": "red"}],
            message_id=mid,
        )
    assert success
    problems = [
        "currency must match the pattern ^[A-Z]{3}$",
        "products[0].price must be at least 0",
        "products[0].colour is not in the tracking plan",
    ]
    assert caplog.messages == [f"'Order Completed' does not match the tracking plan: {'; '.join(problems)}"]
    assert received(example_serve, mid)["properties"]["products"] == [{"product_id": "p", "price": -5, "colour": "red"}]
    head = f"bad Order Completed  userId=warn-{sdk}: "
    lines = example_serve.wait_for_lines(lambda lines: sum(line.startswith(head) for line in lines) == 3)
    assert [line.removeprefix(head) for line in lines if line.startswith(head)] == problems


def test_raise_mode_sends_nothing(example: ModuleType, example_serve: Serve, sdk: str) -> None:
    tracker = example.Tracker(SDKS[sdk]("wk", example_serve.url), on_violation="raise")
    before = len(example_serve.messages())
    with pytest.raises(example.TrackingPlanViolation, match="plan must be one of"):
        tracker.track_user_registered(user_id="u", plan="Enterprise")
    with pytest.raises(example.TrackingPlanViolation, match="user_id or anonymous_id"):
        tracker.track_signed_out()
    tracker.track_signed_out(user_id="after", message_id=(mid := f"after-{uuid.uuid4()}"))
    received(example_serve, mid)  # a later good event arrives: the bad ones were never queued
    assert len(example_serve.messages()) == before + 1


def test_every_shape_through_the_wire(shapes: ModuleType, shapes_serve: Serve, sdk: str) -> None:
    tracker = shapes.Tracker(SDKS[sdk]("wk", shapes_serve.url), on_violation="raise")
    mid = f"shape-{sdk}-{uuid.uuid4()}"
    tracker.track_shape_checked(
        user_id=f"s-{sdk}",
        name="n",
        display_name="Ada",
        regex_property="Evil Morty",
        kind="square",
        level=2,
        fixed="v1",
        count=3,
        ratio=Decimal("0.5"),
        flag=False,
        always=True,
        email="ada@example.com",
        site="https://example.com",
        ref="123e4567-e89b-12d3-a456-426614174000",
        day=datetime(2024, 2, 29).date(),
        at=datetime(2024, 2, 29, 23, 30, tzinfo=timezone(timedelta(hours=-5))),
        note=None,
        address={"street": "Main St", "zip": "12345"},
        home=None,
        items=({"sku": "ab", "price": 1, "tags": ("x",)},),
        matrix=[[1, 2], []],
        labels={"k": "v"},
        scores={"a": Decimal("2.5")},
        meta={"free": [1, "two", None, {"three": 3.0}]},
        nested={"inner": {"deep": 7, "maybe": None}},
        message_id=mid,
    )
    message = received(shapes_serve, mid)
    assert message["properties"] == {
        "name": "n",
        "displayName": "Ada",
        "regex property": "Evil Morty",
        "kind": "square",
        "level": 2,
        "fixed": "v1",
        "count": 3,
        "ratio": 0.5,
        "flag": False,
        "always": True,
        "email": "ada@example.com",
        "site": "https://example.com",
        "ref": "123e4567-e89b-12d3-a456-426614174000",
        "day": "2024-02-29",
        "at": "2024-03-01T04:30:00+00:00",
        "note": None,
        "address": {"street": "Main St", "zip": "12345"},
        "home": None,
        "items": [{"sku": "ab", "price": 1, "tags": ["x"]}],
        "matrix": [[1, 2], []],
        "labels": {"k": "v"},
        "scores": {"a": 2.5},
        "meta": {"free": [1, "two", None, {"three": 3.0}]},
        "nested": {"inner": {"deep": 7, "maybe": None}},
    }
    assert message["context"]["protocols"] == {"event_version": 3}
    assert message["context"]["trackgen"] == {"language": "python", "plan": "Collector Shapes"}
    assert f"ok  Shape Checked  userId=s-{sdk}" in collector_said(shapes_serve, f"ok  Shape Checked  userId=s-{sdk}")


def test_unusual_event_and_property_names_go_out_byte_for_byte(
    shapes: ModuleType, shapes_serve: Serve, sdk: str
) -> None:
    tracker = shapes.Tracker(SDKS[sdk]("wk", shapes_serve.url), on_violation="raise")
    terrible, cafe = f"t-{sdk}-{uuid.uuid4()}", f"c-{sdk}-{uuid.uuid4()}"
    tracker.track_42_terrible_event_name_3(anonymous_id=f"n-{sdk}", message_id=terrible)
    # The identifier made from "Größe" is the naming layer's business; the wire name is ours.
    own = {"self", "user_id", "anonymous_id", "context", "timestamp", "integrations", "message_id"}
    [size] = [p for p in inspect.signature(tracker.track_cafe_visite).parameters if p not in own]
    tracker.track_cafe_visite(anonymous_id=f"n-{sdk}", message_id=cafe, **{size: 3})
    assert received(shapes_serve, terrible)["event"] == "42_--terrible==\"event'++name~!3"
    message = received(shapes_serve, cafe)
    assert message["event"] == "Café Visité ✓"
    assert message["properties"] == {"Größe": 3}
    lines = collector_said(shapes_serve, f"ok  Café Visité ✓  anonymousId=n-{sdk}")
    assert f"ok  42_--terrible==\"event'++name~!3  anonymousId=n-{sdk}" in lines


def test_segment_wire_format_on_a_plain_server(example: ModuleType) -> None:
    server = RecordingServer()
    try:
        tracker = example.Tracker(SDKS["segment"]("WRITE_KEY_123", server.url + "/"), on_violation="raise")
        tracker.track_course_clicked(user_id="u1", title="Intro", message_id="mid-1")
    finally:
        server.close()
    [request] = server.requests
    assert request.method == "POST" and request.path == "/v1/batch"
    assert request.headers["authorization"] == "Basic " + base64.b64encode(b"WRITE_KEY_123:").decode()
    assert request.headers["authorization"] == "Basic V1JJVEVfS0VZXzEyMzo="
    assert request.headers["content-type"] == "application/json"
    assert request.headers["user-agent"] == "analytics-python/2.4.0"
    assert "content-encoding" not in request.headers
    assert sorted(request.body) == ["batch", "sentAt", "writeKey"]
    assert request.body["writeKey"] == "WRITE_KEY_123"
    [message] = request.body["batch"]
    assert message["event"] == "Course Clicked" and message["messageId"] == "mid-1"
    assert message["properties"] == {"title": "Intro"}
    assert message["integrations"] == {}
    assert Validator(load_plan(EXAMPLE_PLAN)).check(message).ok


def test_rudder_wire_format_on_a_plain_server(example: ModuleType) -> None:
    server = RecordingServer()
    try:
        tracker = example.Tracker(SDKS["rudder"]("RUDDER_KEY", server.url), on_violation="raise")
        tracker.track_user_registered(user_id="u1", plan="Free", account_type="sso", message_id="mid-2")
    finally:
        server.close()
    [request] = server.requests
    assert request.path == "/v1/batch"
    assert request.headers["content-encoding"] == "gzip" and request.raw[:2] == b"\x1f\x8b"
    assert request.headers["authorization"] == "Basic " + base64.b64encode(b"RUDDER_KEY:").decode()
    assert "writeKey" not in request.body  # rudder sends the key only in the header
    [message] = request.body["batch"]
    assert message["event"] == "User Registered"
    assert message["properties"] == {"plan": "Free", "account_type": "sso"}
    assert message["channel"] == "server" and message["integrations"] == {"All": True}
    assert message["context"]["trackgen"] == {"language": "python", "plan": "Acme Academy"}
    assert Validator(load_plan(EXAMPLE_PLAN)).check(message).ok


def test_the_record_file_holds_exactly_what_arrived(example_serve: Serve) -> None:
    """Every line of --record is one JSON message, and the collector printed one `ok` line per
    conforming message (runs last in this module, over everything the tests above sent)."""
    messages = example_serve.messages()
    validator = Validator(load_plan(EXAMPLE_PLAN))
    conforming = sum(1 for m in messages if validator.check(m).ok)
    assert messages and all(m["type"] == "track" for m in messages)
    assert conforming < len(messages)  # the warn-mode violations arrived too
    example_serve.wait_for_lines(lambda lines: sum(line.startswith("ok  ") for line in lines) == conforming)
