"""The 33 rules and test vectors of shared/spec/segment-facts.md (sections 5 and 6), checked
through the real segment-analytics-python Client with send=False, which returns the exact
cleaned message the SDK would put on the wire (the e2e suite repeats this over HTTP)."""

from __future__ import annotations

import json
import re
import uuid
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from segment.analytics import Client

from conftest import Recorder, build_client

PLAN = r"""
trackgen: 1
name: Conformance
events:
  Order Completed:
    version: 2
    properties:
      order_id: {type: string, required: true}
      revenue: {type: number}
      currency: {type: string}
      products:
        type: array
        items:
          type: object
          properties:
            product_id: {type: string, required: true}
            price: number
  "42_--terrible==\"event'++name~!3": {}
  Custom Violation Handler:
    properties:
      regex property: {type: string, pattern: "Lawyer Morty|Evil Morty", required: true}
  Coupon Checked:
    properties:
      coupon: {type: [string, "null"]}
      note: {type: string}
  Items Counted:
    properties:
      count: {type: integer, required: true}
      ratio: {type: number}
  Trial Started:
    properties:
      trial_start_date: {type: string, format: date-time}
  Account Created:
    properties:
      account_name: string
    context:
      groupId: {type: string, required: true}
  Size Tested:
    properties:
      p: string
  Anything Sent:
    properties:
      blob: any
      labels: {type: object, additionalProperties: string}
      id: {type: string, format: uuid}
"""

UUID4 = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
ISO_MS_UTC = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$")
IMPLICIT = {"receivedAt", "sentAt", "version", "originalTimestamp"}


@pytest.fixture(scope="module")
def client_module(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return build_client(PLAN, tmp_path_factory.mktemp("conformance"))


@pytest.fixture
def tg(client_module: ModuleType) -> Any:
    return client_module.Tracker(Client("wk", send=False), on_violation="raise")


def message(result: Any) -> dict[str, Any]:
    ok, msg = result
    assert ok is True
    json.dumps(msg, allow_nan=False, default=str)  # valid JSON: rule 16
    return dict(msg)


def test_tv01_minimal(tg: Any) -> None:
    msg = message(tg.track_order_completed(user_id="u1", order_id="o1", revenue=Decimal("19.99")))
    assert msg["type"] == "track"  # rule 1
    assert msg["event"] == "Order Completed"  # rule 2
    assert (msg["userId"], msg["anonymousId"]) == ("u1", None)  # rules 6, 7
    assert msg["properties"] == {"order_id": "o1", "revenue": 19.99}  # rules 11, 19
    assert type(msg["properties"]["revenue"]) is float
    assert msg["integrations"] == {}
    assert msg["context"]["library"] == {"name": "analytics-python", "version": "2.4.0"}
    assert msg["context"]["trackgen"] == {"language": "python", "plan": "Conformance"}  # rule 26
    assert msg["context"]["protocols"] == {"event_version": 2}  # rule 27
    assert UUID4.match(msg["messageId"]) and ISO_MS_UTC.match(msg["timestamp"])
    assert not IMPLICIT & set(msg)  # rule 8


def test_tv02_weird_event_name(client_module: ModuleType) -> None:
    tg = client_module.Tracker(Client("wk", send=False))
    msg = message(tg.track_42_terrible_event_name_3(anonymous_id="a1"))
    assert msg["event"] == "42_--terrible==\"event'++name~!3"
    assert msg["properties"] == {}  # rule 9


def test_tv03_spaced_property_and_unanchored_pattern(tg: Any, client_module: ModuleType) -> None:
    msg = message(tg.track_custom_violation_handler(user_id="u", regex_property="Evil Morty"))
    assert msg["properties"] == {"regex property": "Evil Morty"}  # rule 10
    assert message(tg.track_custom_violation_handler(user_id="u", regex_property="I am Evil Morty!"))
    with pytest.raises(client_module.TrackingPlanViolation, match="regex property must match the pattern"):
        tg.track_custom_violation_handler(user_id="u", regex_property="Rick")


def test_tv04_nullable_vs_unset(tg: Any, client_module: ModuleType) -> None:
    assert message(tg.track_coupon_checked(user_id="u"))["properties"] == {}
    assert message(tg.track_coupon_checked(user_id="u", coupon=None))["properties"] == {"coupon": None}
    with pytest.raises(client_module.TrackingPlanViolation, match="note must be a string; it is not nullable"):
        tg.track_coupon_checked(user_id="u", note=None)


@pytest.mark.parametrize("ids", [{}, {"user_id": ""}, {"user_id": 0}, {"user_id": True}, {"anonymous_id": None}, {"user_id": "", "anonymous_id": ""}])
def test_tv05_identity_required(tg: Any, client_module: ModuleType, ids: dict[str, Any]) -> None:
    with pytest.raises(client_module.TrackingPlanViolation, match="user_id or anonymous_id"):
        tg.track_coupon_checked(**ids)


def test_tv05_both_ids(tg: Any) -> None:
    msg = message(tg.track_coupon_checked(user_id="u", anonymous_id="a"))
    assert (msg["userId"], msg["anonymousId"]) == ("u", "a")


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        ({"count": True}, "count must be an integer, got bool True"),
        ({"count": 2.0}, "count must be an integer, got float 2.0"),
        ({"count": 2, "ratio": float("nan")}, "ratio must be a finite number"),
        ({"count": 2, "ratio": float("inf")}, "ratio must be a finite number"),
        ({"count": 2, "ratio": True}, "ratio must be a number, got bool"),
        ({"count": "2"}, "count must be an integer, got str '2'"),
    ],
)
def test_tv06_bool_is_not_integer(tg: Any, client_module: ModuleType, args: dict[str, Any], problem: str) -> None:
    with pytest.raises(client_module.TrackingPlanViolation) as info:
        tg.track_items_counted(user_id="u", **args)
    [only] = info.value.problems
    assert only.startswith(problem), only


def test_tv06_valid(tg: Any) -> None:
    assert message(tg.track_items_counted(user_id="u", count=2, ratio=0.5))["properties"] == {"count": 2, "ratio": 0.5}
    big = 2**63 + 1
    assert message(tg.track_items_counted(user_id="u", count=big))["properties"] == {"count": big}


def test_tv07_datetime_property(tg: Any, client_module: ModuleType) -> None:
    aware = datetime(2024, 1, 2, 3, 4, 5, tzinfo=timezone(timedelta(hours=2)))
    msg = message(tg.track_trial_started(user_id="u", trial_start_date=aware))
    assert msg["properties"] == {"trial_start_date": "2024-01-02T01:04:05+00:00"}  # rule 18
    with pytest.raises(client_module.TrackingPlanViolation, match="naive datetime"):
        tg.track_trial_started(user_id="u", trial_start_date=datetime(2024, 1, 2, 3, 4, 5))
    with pytest.raises(client_module.TrackingPlanViolation, match="timezone-aware datetime, got str"):
        tg.track_trial_started(user_id="u", trial_start_date="2024-01-02")


def test_tv08_size_boundary_propagates(client_module: ModuleType) -> None:
    # Rule 31: the SDK's 32 KB check raises RuntimeError and the wrapper does not swallow it.
    tg = client_module.Tracker(Client("wk", send=False), on_violation="raise")
    stamp = datetime(2024, 1, 1, tzinfo=timezone.utc)
    ok = tg.track_size_tested(user_id="u", p="x" * 30000, message_id="m", timestamp=stamp)
    assert ok[0] is True
    with pytest.raises(RuntimeError, match="exceeds"):
        tg.track_size_tested(user_id="u", p="x" * 33000, message_id="m", timestamp=stamp)


def test_tv09_context_placement(tg: Any) -> None:
    msg = message(tg.track_account_created(user_id="u", account_name="Initech", group_id="acct_123"))
    assert msg["properties"] == {"account_name": "Initech"}  # rule 25
    assert msg["context"]["groupId"] == "acct_123"


def test_tv10_caller_context_not_mutated(tg: Any) -> None:
    caller = {"ip": "1.2.3.4", "protocols": {"other": 1}}
    msg = message(tg.track_order_completed(user_id="u", order_id="o", context=caller))
    assert caller == {"ip": "1.2.3.4", "protocols": {"other": 1}}  # rule 26
    assert msg["context"]["ip"] == "1.2.3.4"
    assert msg["context"]["library"]["name"] == "analytics-python"
    assert msg["context"]["protocols"] == {"other": 1, "event_version": 2}


def test_rule_4_8_32_33_one_message_only_allowed_fields_and_returns_client_result(client_module: ModuleType) -> None:
    recorder = Recorder()
    tracker = client_module.Tracker(recorder, on_violation="raise")
    result = tracker.track_order_completed(user_id="u", order_id="o")
    assert len(recorder.calls) == 1
    assert set(recorder.calls[0]) == {"user_id", "event", "properties", "context", "timestamp", "anonymous_id", "integrations", "message_id"}
    assert result == (True, recorder.calls[0])  # rule 33: the client's own return value
    with pytest.raises(client_module.TrackingPlanViolation):
        tracker.track_order_completed(user_id="u", order_id=5)
    assert len(recorder.calls) == 1  # rule 32: nothing enqueued on a violation in raise mode


def test_rule_20_nested_names_and_required(tg: Any, client_module: ModuleType) -> None:
    msg = message(tg.track_order_completed(user_id="u", order_id="o", products=[{"product_id": "p", "price": Decimal("1.10")}]))
    assert msg["properties"]["products"] == [{"product_id": "p", "price": 1.1}]
    with pytest.raises(client_module.TrackingPlanViolation) as info:
        tg.track_order_completed(user_id="u", order_id="o", products=[{"price": 1, "sku": "x"}, "nope"])
    assert info.value.problems == [
        "products[0].product_id is required",
        "products[0].sku is not in the tracking plan",
        "products[1] must be an object, got str 'nope'",
    ]


def test_rule_15_tuples_are_lists_and_sets_are_refused(tg: Any, client_module: ModuleType) -> None:
    msg = message(tg.track_order_completed(user_id="u", order_id="o", products=({"product_id": "p"},)))
    assert msg["properties"]["products"] == [{"product_id": "p"}]
    with pytest.raises(client_module.TrackingPlanViolation, match="products must be a list, got set"):
        tg.track_order_completed(user_id="u", order_id="o", products={"p"})


def test_rule_21_22_values_the_sdk_would_drop(tg: Any, client_module: ModuleType) -> None:
    with pytest.raises(client_module.TrackingPlanViolation) as info:
        tg.track_anything_sent(user_id="u", blob={"a": uuid.UUID(int=1), 1: {2, 3}}, labels={1: "x"}, id_=uuid.UUID(int=1))
    assert info.value.problems == [
        "blob['a'] must be JSON data, got UUID UUID('00000000-0000-0000-0000-000000000001')",
        "blob keys must be strings, got 1",
        "blob[1] must be JSON data, got set {2, 3}",
        "labels keys must be strings",
        "id must be a string, got UUID UUID('00000000-0000-0000-0000-000000000001')",
    ]
    good = message(tg.track_anything_sent(user_id="u", blob={"when": date(2024, 1, 2), "n": Decimal("2.5"), "l": (1, None)}, id_=str(uuid.UUID(int=1))))
    assert good["properties"]["blob"] == {"when": "2024-01-02", "n": 2.5, "l": [1, None]}


@pytest.mark.parametrize(
    ("kwargs", "problem"),
    [
        ({"timestamp": datetime(2024, 1, 1)}, "timestamp must be a timezone-aware datetime"),
        ({"timestamp": "2024-01-01T00:00:00Z"}, "timestamp must be a timezone-aware datetime"),
        ({"message_id": "x" * 101}, "message_id must be a string of 1 to 100"),
        ({"integrations": ["All"]}, "integrations must be a dict"),
        ({"context": "ctx"}, "context must be a dict"),
    ],
)
def test_rules_26_28_29_30_common_fields(tg: Any, client_module: ModuleType, kwargs: dict[str, Any], problem: str) -> None:
    with pytest.raises(client_module.TrackingPlanViolation, match=problem):
        tg.track_coupon_checked(user_id="u", **kwargs)


def test_rule_28_integrations_passed_through(tg: Any) -> None:
    stamp = datetime(2024, 5, 6, 7, 8, 9, 123000, tzinfo=timezone.utc)
    msg = message(tg.track_coupon_checked(user_id="u", integrations={"All": False, "Mixpanel": True}, timestamp=stamp, message_id="mid-1"))
    assert msg["integrations"] == {"All": False, "Mixpanel": True}
    assert (msg["timestamp"], msg["messageId"]) == ("2024-05-06T07:08:09.123+00:00", "mid-1")


def test_warn_mode_logs_and_sends(client_module: ModuleType, caplog: pytest.LogCaptureFixture) -> None:
    tg = client_module.Tracker(Client("wk", send=False))
    with caplog.at_level("WARNING"):
        msg = message(tg.track_items_counted(user_id="u", count=True, ratio=float("nan")))
    assert msg["properties"] == {"count": True, "ratio": None}  # sent anyway, and still valid JSON
    assert "'Items Counted' does not match the tracking plan: count must be an integer" in caplog.text


def test_warn_mode_without_identity_does_not_crash(client_module: ModuleType, caplog: pytest.LogCaptureFixture) -> None:
    tg = client_module.Tracker(Client("wk", send=False))
    with caplog.at_level("WARNING"):
        assert tg.track_coupon_checked() is None
    assert "user_id or anonymous_id" in caplog.text


def test_callable_receives_the_violation(client_module: ModuleType) -> None:
    seen: list[Any] = []
    recorder = Recorder()
    tracker = client_module.Tracker(recorder, on_violation=seen.append)
    tracker.track_items_counted(user_id="u", count=1.5)
    assert [v.problems for v in seen] == [["count must be an integer, got float 1.5"]]
    assert seen[0].event == "Items Counted"
    assert len(recorder.calls) == 1


def test_module_level_functions_use_configure(client_module: ModuleType) -> None:
    recorder = Recorder()
    client_module.configure(recorder)
    client_module.track_items_counted(user_id="u", count=1)
    assert recorder.calls[0]["event"] == "Items Counted"


def test_unconfigured_module_says_what_to_do(tmp_path: Path) -> None:
    fresh = build_client(PLAN, tmp_path)
    with pytest.raises(RuntimeError, match="configure"):
        fresh.track_items_counted(user_id="u", count=1)
