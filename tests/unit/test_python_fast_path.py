"""The Python client's inline fast path agrees with its checkers on every value.

A generated wrapper sends a valid list, map or object as it is, after one flat inline test,
and hands anything else to the type's checker function, which reports every problem and
builds the converted copy. The two are separate code, so they could drift: a fast test that
let through what the checker rejects would send bad data silently. Here random values, most
of them nearly valid, go through the wrapper and straight through the checker; the wrapper
must report the same problems and send the same value.
"""

from __future__ import annotations

from collections import OrderedDict
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import Recorder, build_client

PLAN = """
trackgen: 1
name: Fast Path
types:
  Product:
    type: object
    properties:
      product_id: {type: string, required: true}
      price: {type: number, minimum: 0, required: true}
      quantity: {type: integer, minimum: 1}
      note: {type: string, nullable: true}
      kind: {type: string, enum: [a, b]}
  Point:
    type: object
    properties:
      x: {type: integer, required: true}
      label: {type: string, maxLength: 3}
events:
  Checked:
    properties:
      products: {type: array, items: Product, minItems: 1, maxItems: 3}
      product: {type: Product}
      scores: {type: object, additionalProperties: {type: number, maximum: 10}}
      tags: {type: array, items: {type: string, maxLength: 3}}
      points: {type: object, additionalProperties: Point}
      nested:
        type: object
        properties:
          inner: {type: object, nullable: true, required: true, properties: {x: {type: integer, required: true}, flag: boolean}}
"""

CHECKERS = {
    "products": "_check_product_list",
    "product": "_check_product",
    "scores": "_check_map",
    "tags": "_check_list",
    "points": "_check_point_map",
    "nested": "_check_checked_nested",
}
"""The checker each property falls back to (the names the generator gives them)."""

KEYS = ["product_id", "price", "quantity", "note", "kind", "x", "label", "flag", "inner", "other"]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.sampled_from([0, 1, -1, 2, 11, 2**60]),
    st.sampled_from([0.0, -0.0, 0.5, 9.5, 10.0, 10.5, -1.5, float("nan"), float("inf"), -float("inf")]),
    st.sampled_from([Decimal("1.5"), Decimal("-2"), Decimal("NaN")]),
    st.sampled_from(["", "a", "b", "abc", "abcd", "p-1"]),
)


def _containers(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    dicts = st.dictionaries(st.sampled_from(KEYS), children, max_size=6)
    return st.one_of(
        st.lists(children, max_size=4),
        st.lists(children, max_size=3).map(tuple),
        dicts,
        dicts.map(OrderedDict),  # a dict subclass: valid, but converted by the checker
        st.dictionaries(st.sampled_from([1, "k"]), children, max_size=2),  # a non-string key
    )


values = st.recursive(scalars, _containers, max_leaves=12)

product = st.fixed_dictionaries(
    {"product_id": st.sampled_from(["p", "", 1]), "price": st.sampled_from([0, 2.5, -1, Decimal("3")])},
    optional={
        "quantity": st.sampled_from([1, 0, True, 2.0]),
        "note": st.sampled_from([None, "n", 3]),
        "kind": st.sampled_from(["a", "c"]),
        "other": st.just(1),
    },
)
"""Nearly valid products: each field valid or wrong in one of the ways that matter."""

NEAR = {
    "products": st.lists(product, max_size=4),
    "product": product,
    "scores": st.dictionaries(st.sampled_from(["a", "b"]), st.sampled_from([1, 9.5, 10.5, float("nan"), "x"])),
    "tags": st.lists(st.sampled_from(["a", "abc", "abcd", 1])),
    "points": st.dictionaries(
        st.sampled_from(["p", "q"]),
        st.fixed_dictionaries({"x": st.sampled_from([1, True, "1"])}, optional={"label": st.sampled_from(["ab", "abcd"])}),
    ),
    "nested": st.fixed_dictionaries(
        {"inner": st.one_of(st.none(), st.fixed_dictionaries({"x": st.sampled_from([1, 1.0])}, optional={"flag": st.sampled_from([True, 1])}))}
    ),
}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return build_client(PLAN, tmp_path_factory.mktemp("fast_path"))


def _finite(module: ModuleType, value: Any) -> Any:
    return module._finite(value)


def _same(a: Any, b: Any) -> bool:
    """Equal values of equal types all the way down (a tuple is not a list on the wire side).
    Key order is free: a valid dict keeps the caller's order, a checked copy the plan's."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if a != a:  # NaN, float or Decimal
        return bool(b != b)
    return bool(a == b)


def _agree(client: ModuleType, name: str, value: Any) -> None:
    recorder = Recorder()
    seen: list[Any] = []
    tracker = client.Tracker(recorder, on_violation=seen.append)
    tracker.track_checked(user_id="u-1", **{name: value})
    expected_problems: list[str] = []
    expected = getattr(client, CHECKERS[name])(value, name, expected_problems)
    problems = seen[0].problems if seen else []
    assert problems == expected_problems
    (call,) = recorder.calls
    sent = call["properties"][name]  # type: ignore[index]
    if expected_problems:
        expected = _finite(client, expected)
    assert _same(sent, expected), (sent, expected)
    if not expected_problems and type(value) in (list, dict) and _same(value, expected):
        assert sent is value, "a valid list or dict is sent as it is, not copied"


@pytest.mark.parametrize("name", sorted(CHECKERS))
def test_the_fast_path_agrees_with_the_checker(client: ModuleType, name: str) -> None:
    @settings(max_examples=300, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(value=st.one_of(NEAR[name], values))
    def run(value: Any) -> None:
        _agree(client, name, value)

    run()


def test_every_fallback_checker_exists(client: ModuleType) -> None:
    for name, checker in CHECKERS.items():
        assert callable(getattr(client, checker)), (name, checker)


def test_valid_containers_are_sent_without_copying_and_invalid_ones_are_copied(client: ModuleType) -> None:
    recorder = Recorder()
    tracker = client.Tracker(recorder, on_violation=lambda violation: None)
    valid = [{"product_id": "p", "price": 2.5, "quantity": 1}]
    tracker.track_checked(user_id="u-1", products=valid)
    assert recorder.calls[-1]["properties"]["products"] is valid  # type: ignore[index]
    converted = [{"product_id": "p", "price": Decimal("2.5")}]
    tracker.track_checked(user_id="u-1", products=converted)
    sent = recorder.calls[-1]["properties"]["products"]  # type: ignore[index]
    assert sent == [{"product_id": "p", "price": 2.5}] and sent is not converted
    assert converted == [{"product_id": "p", "price": Decimal("2.5")}], "the caller's data is never changed"
