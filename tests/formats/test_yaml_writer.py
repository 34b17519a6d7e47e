"""The YAML writer: whatever text goes in comes back out, through PyYAML and trackgen's loader."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trackgen import loads_plan
from trackgen.formats.yaml_writer import Comment, FlowMap, Spaced, double_quoted, dump, plain_ok, yaml_float

HOSTILE = [
    "yes", "No", "ON", "off", "y", "N", "true", "False", "null", "Null", "~", "", " ", "1", "-1",
    "1.5", "1e3", "1.0e+3", ".inf", "-.Inf", ".NaN", "0x1F", "0o17", "017", "1_000", "2024-01-02",
    "2024-01-02T03:04:05Z", "12:30", "1:20:30", "<<", "=", "-", "- x", "?", "? x", ":", ": x",
    "x:", "a: b", "a #b", "#", "[", "]", "{", "}", "a, b", ",", "'", '"', "!", "!!str", "&a", "*a",
    "|", ">", "%", "@", "`", "---", "...", "--- x", " lead", "trail ", "tab\t", "\ttab", "a\nb",
    "a\n", "\n", "a\r\nb", "back\\slash", "\\", "é", "Ünïcödé", "🎉", "\u00a0", "\u0085", "\u2028",
    "\u2029", "\ufeff", "\x00", "\x07", "\x1b[31m", "\x7f", "\x9f", "\ufffe", "a\u200bb",
]


@pytest.mark.parametrize("text", HOSTILE)
@pytest.mark.parametrize("flow", [False, True])
def test_hostile_strings_read_back_as_themselves(text: str, flow: bool) -> None:
    document = {"key": FlowMap({"value": text}) if flow else text, text: [text, text]}
    loaded = yaml.load(dump(document), Loader=yaml.SafeLoader)
    assert loaded == {"key": {"value": text} if flow else text, text: [text, text]}


@pytest.mark.parametrize("text", ["yes", "on", "1e3", "y", "null", "2024-01-02", "- x", "a: b", "#x", "x "])
def test_strings_yaml_would_misread_are_quoted(text: str) -> None:
    assert not plain_ok(text, flow=False)
    assert dump({"k": text}).endswith(f"k: {double_quoted(text)}\n")


@pytest.mark.parametrize("text", ["Order Completed", "product_id", "Ünïcödé", "ISO 4217 code.", "a-b", "x#y"])
def test_ordinary_strings_stay_plain(text: str) -> None:
    assert plain_ok(text, flow=False)
    assert dump({"k": text}).endswith(f"k: {text}\n")


@pytest.mark.parametrize("value", [0.1, 1e16, -1.5e-7, 1e300, 5.0, -0.0, 123456789.125])
def test_floats_read_back_as_floats(value: float) -> None:
    loaded = yaml.load(f"x: {yaml_float(value)}", Loader=yaml.SafeLoader)["x"]
    assert type(loaded) is float and loaded == value


def test_layout_flow_maps_spacing_comments_and_literal_blocks() -> None:
    document: dict[Any, Any] = {
        "trackgen": 1,
        "events": Spaced({
            "A": {Comment("a note\nsecond line"): None, "properties": {"p": FlowMap({"type": "string", "required": True})}},
            "B": {"description": "line one\nline two"},
        }),
    }
    assert dump(document, header=["head"]) == (
        "# head\n"
        "trackgen: 1\n"
        "\n"
        "events:\n"
        "  A:\n"
        "    # a note\n"
        "    # second line\n"
        "    properties:\n"
        "      p: {type: string, required: true}\n"
        "\n"
        "  B:\n"
        "    description: |-\n"
        "      line one\n"
        "      line two\n"
    )


def test_long_flow_maps_become_blocks() -> None:
    text = dump({"p": FlowMap({"type": "string", "description": "x" * 200})})
    assert text == "p:\n  type: string\n  description: " + "x" * 200 + "\n"


names = st.text(min_size=1, max_size=30)
values = st.one_of(st.text(max_size=40), st.integers(), st.floats(allow_nan=False, allow_infinity=False), st.booleans(), st.none())


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(names, st.one_of(values, st.lists(values, max_size=4), st.dictionaries(names, values, max_size=4).map(FlowMap)), max_size=6))
def test_any_document_reads_back_unchanged(document: dict[str, Any]) -> None:
    dump(document)  # dump() itself compares PyYAML's reading with the document, types included


@settings(max_examples=60, deadline=None)
@given(
    st.lists(names, min_size=1, max_size=5, unique=True),
    st.lists(names.filter(lambda n: n not in ("revenue", "value", "currency")), max_size=5, unique=True),  # reserved: typed
    st.text(max_size=60),
)
def test_plans_with_any_names_load_with_trackgens_loader(events: list[str], props: list[str], description: str) -> None:
    document = {
        "trackgen": 1,
        "name": events[0],
        "events": Spaced({e: {"description": description, "properties": {p: FlowMap({"type": "string", "description": p}) for p in props}} for e in events}),
    }
    plan = loads_plan(dump(document))
    assert [e.wire_name for e in plan.events] == events
    assert plan.name == events[0]
    for event in plan.events:
        assert event.description == description
        assert [(p.wire_name, p.description) for p in event.properties] == [(p, p) for p in props]
