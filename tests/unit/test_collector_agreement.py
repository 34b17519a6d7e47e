"""The collector and the generated client agree: same verdict, same paths, same wording.

Each row is a Python value passed to the generated client for one property of
tests/e2e/shapes.yaml. The client's verdict comes from its own checks; the collector's from
the message the client then hands to segment-analytics-python (`send=False` returns it),
serialized the way the SDK puts it on the wire. Constraint messages must be identical; type
messages must name the same path (the client speaks of Python values, the collector of JSON).
"""

from __future__ import annotations

import importlib.util
import json
import math
import re
import sys
import uuid
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from segment.analytics import Client
from segment.analytics.request import DatetimeSerializer

from trackgen import generate, load_plan
from trackgen.collector import Validator

SHAPES = Path(__file__).resolve().parents[1] / "e2e" / "shapes.yaml"
PLAN = load_plan(SHAPES)
VALIDATOR = Validator(PLAN)
PLUS2 = timezone(timedelta(hours=2))
ITEM = {"sku": "ab", "price": 1}

GOOD: list[tuple[str, Any]] = [
    ("name", "n"),
    ("display_name", "Ada"),
    ("regex_property", "Evil Morty!"),
    ("kind", "circle"),
    ("level", 3),
    ("fixed", "v1"),
    ("count", 0),
    ("count", 10),
    ("ratio", 0.5),
    ("ratio", Decimal("0.25")),
    ("pi", 3.14),
    ("flag", False),
    ("always", True),
    ("email", "ada@example.com"),
    ("site", "https://example.com/x"),
    ("ref", "123e4567-e89b-12d3-a456-426614174000"),
    ("day", date(2024, 2, 29)),
    ("at", datetime(2024, 1, 2, 3, 4, 5, tzinfo=PLUS2)),
    ("at", datetime(2024, 1, 2, 3, 4, 5, 123456, tzinfo=timezone.utc)),
    ("note", None),
    ("note", "x"),
    ("home", None),
    ("address", {"street": "Main St", "zip": "12345"}),
    ("items", [{"sku": "ab", "price": Decimal("1.5"), "quantity": 99, "tags": ("a", "b")}]),
    ("items", (ITEM, ITEM, ITEM)),
    ("matrix", [[1, 2], []]),
    ("labels", {"a": "b"}),
    ("scores", {"x": 0, "y": 2.5}),
    ("meta", {"k": [1, "two", None, True, {"n": 1.5}]}),
    ("meta", datetime(2024, 1, 2, tzinfo=timezone.utc)),
    ("nested", {"inner": {"deep": 1, "maybe": None}}),
]

BAD: list[tuple[str, Any]] = [
    ("name", ""),
    ("name", "x" * 11),
    ("name", None),
    ("display_name", 5),
    ("display_name", None),
    ("note", 5),
    ("home", {"zip": "12345"}),
    ("regex_property", "Rick"),
    ("kind", "triangle"),
    ("level", 4),
    ("level", True),
    ("level", "1"),
    ("fixed", "v2"),
    ("count", True),
    ("count", 1.5),
    ("count", 2.0),
    ("count", -1),
    ("count", 11),
    ("ratio", 0),
    ("ratio", 1),
    ("ratio", math.nan),
    ("ratio", math.inf),
    ("ratio", True),
    ("ratio", "0.5"),
    ("pi", 3.0),
    ("flag", 1),
    ("always", False),
    ("email", "nope"),
    ("site", "example.com"),
    ("ref", "123"),
    ("day", datetime(2024, 1, 2, 3, 4, 5, tzinfo=timezone.utc)),
    ("at", datetime(2024, 1, 2, 3, 4, 5)),
    ("at", date(2024, 1, 2)),
    ("address", {"street": 1}),
    ("address", {"zip": "12345"}),
    ("address", {"street": "s", "zip": "1"}),
    ("address", {"street": "s", "extra": 1}),
    ("address", "Main St"),
    ("address", None),
    ("items", []),
    ("items", [ITEM] * 4),
    ("items", [{"sku": "a", "price": 1}]),
    ("items", [{"sku": "ab", "price": -1}]),
    ("items", [{"sku": "ab", "price": 1, "quantity": 0}]),
    ("items", [{"sku": "ab", "price": 1, "tags": ["a", "b", "c", "d"]}]),
    ("items", "ab"),
    ("items", ITEM),
    ("matrix", [[1, "x"]]),
    ("matrix", [1]),
    ("labels", {"a": 1}),
    ("labels", ["a"]),
    ("scores", {"s": -1}),
    ("scores", {"s": math.nan}),
    ("nested", {}),
    ("nested", {"inner": {}}),
    ("nested", {"inner": {"deep": "1"}}),
    ("nested", {"inner": {"deep": 1, "x": 2}}),
]

KNOWN_DIFFERENCES: list[tuple[str, Any, str]] = [
    ("at", "2024-01-02T03:04:05+00:00", "the client wants a datetime object; its wire form is a string"),
    ("day", "2024-01-02", "the client wants a date object; its wire form is a string"),
    ("labels", {1: "a"}, "JSON object keys are always strings on the wire"),
    ("meta", uuid.UUID(int=1), "the SDK silently drops values it cannot serialize"),
    ("meta", {"x": [math.inf]}, "a message sent despite a violation carries null for NaN, which `any` allows"),
]


@pytest.fixture(scope="module")
def shapes(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    out = tmp_path_factory.mktemp("agreement")
    for relative, text in generate(PLAN, module="shapes_agreement").items():
        (out / relative).write_text(text, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("shapes_agreement", out / "shapes_agreement.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["shapes_agreement"] = module
    spec.loader.exec_module(module)
    return module


def client_verdict(shapes: ModuleType, param: str, value: Any) -> tuple[list[str], dict[str, Any]]:
    """The client's problems (raise mode) and the wire message it sends in a lenient mode."""
    args = {"name": "n", param: value}
    try:
        shapes.Tracker(Client("wk", send=False), on_violation="raise").track_shape_checked(user_id="u1", **args)
        raised: list[str] = []
    except shapes.TrackingPlanViolation as exc:
        raised = exc.problems
    seen: list[Any] = []
    success, message = shapes.Tracker(Client("wk", send=False), on_violation=seen.append).track_shape_checked(
        user_id="u1", **args
    )
    assert success
    assert [v.problems for v in seen] == ([raised] if raised else [])
    return raised, json.loads(json.dumps(message, cls=DatetimeSerializer))


PATH = re.compile(r"^(.*?) (?:must |is required|is not in the tracking plan|keys must)")


def path_of(problem: str) -> str:
    found = PATH.match(problem)
    assert found, problem
    return found.group(1)


def is_type_problem(problem: str) -> bool:
    return ", got " in problem or "; it is not nullable" in problem or "finite number" in problem


@pytest.mark.parametrize(("param", "value", "good"), [(p, v, True) for p, v in GOOD] + [(p, v, False) for p, v in BAD])
def test_client_and_collector_agree(shapes: ModuleType, param: str, value: Any, good: bool) -> None:
    client_problems, wire = client_verdict(shapes, param, value)
    collector_problems = list(VALIDATOR.check(wire).problems)
    assert (not client_problems) is good, client_problems
    assert (not collector_problems) is good, collector_problems
    assert [path_of(p) for p in client_problems] == [path_of(p) for p in collector_problems]
    for ours, theirs in zip(client_problems, collector_problems):
        if not (is_type_problem(ours) or is_type_problem(theirs)):
            assert ours == theirs


@pytest.mark.parametrize(("param", "value", "why"), KNOWN_DIFFERENCES)
def test_known_differences_are_python_side_only(shapes: ModuleType, param: str, value: Any, why: str) -> None:
    """Values the client refuses for their Python type although what would go on the wire is
    valid: the collector cannot see the difference, so it accepts the message."""
    client_problems, wire = client_verdict(shapes, param, value)
    assert client_problems, why
    assert VALIDATOR.check(wire).ok, why


def test_the_table_covers_every_property(shapes: ModuleType) -> None:
    [event] = [e for e in PLAN.events if e.wire_name == "Shape Checked"]
    refused = {p for p, _ in BAD} | {p for p, _, _ in KNOWN_DIFFERENCES}  # `any` refuses nothing on the wire
    covered = {p for p, _ in GOOD} & refused
    params = {re.sub(r"(?<!^)(?=[A-Z])", "_", p.wire_name).replace(" ", "_").lower() for p in event.properties}
    assert params == covered
