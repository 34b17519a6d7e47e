"""Example calls of the generated code, per target, for the docs.

An example is built in two steps: a language-neutral example *value* for each property
(from its type and constraints: the first enum value, a bound-respecting number, a string
that matches the pattern), then one small function per target that writes the call in
that language with that target's own naming. Adding a language is one function in
`EXAMPLES`; the values and the docs pages stay as they are.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from .. import naming
from ..plan.ir import Event, Plan, Property, Type
from ..render import py_str


@dataclass(frozen=True, slots=True)
class DateTimeValue:
    """A timestamp; each language writes it as its own date-time object."""

    iso: str = "2024-05-01T12:30:00Z"


@dataclass(frozen=True, slots=True)
class DateValue:
    iso: str = "2024-05-01"


Value = str | int | float | bool | None | DateTimeValue | DateValue | list["Value"] | dict[str, "Value"]

STRING_CANDIDATES = ("example", "USD", "ABC", "abc", "A1", "123", "a-1", "x")
FORMAT_EXAMPLES: dict[str, Value] = {
    "email": "user@example.com",
    "uri": "https://example.com/",
    "uuid": "9b2c6f0e-3d7a-4e1b-8c5d-2f6a7b8c9d0e",
    "date-time": DateTimeValue(),
    "date": DateValue(),
}


def example_string(t: Type, name: str) -> Value:
    if t.format is not None:
        return FORMAT_EXAMPLES[t.format]
    preferred = ("USD",) if "currency" in name.lower() else ()
    for candidate in preferred + STRING_CANDIDATES:
        text = candidate
        if t.min_length is not None and len(text) < t.min_length:
            text = text + text[-1] * (t.min_length - len(text))
        if t.max_length is not None and len(text) > t.max_length:
            text = text[: t.max_length]
        if t.pattern is None:
            return text
        try:
            if re.search(t.pattern, text):
                return text
        except re.error:
            break
    return "..."


def _within(value: float, t: Type, whole: bool) -> float:
    """`value` if the bounds allow it, else the middle of the bounds or a value beside one."""
    low = t.minimum if t.minimum is not None else t.exclusive_minimum
    high = t.maximum if t.maximum is not None else t.exclusive_maximum
    too_low = low is not None and (value < low or (t.minimum is None and value <= low))
    too_high = high is not None and (value > high or (t.maximum is None and value >= high))
    if not (too_low or too_high):
        return value
    if low is not None and high is not None:
        middle = (low + high) / 2
        return math.floor(middle) if whole and math.floor(middle) > (low if t.minimum is None else low - 1) else middle
    if too_low and low is not None:
        return low if t.minimum is not None else low + 1
    assert high is not None
    return high if t.maximum is not None else high - 1


def example_value(t: Type, name: str) -> Value:
    """A value a call could pass for a property of type `t` that passes its checks."""
    if t.const is not None:
        return t.const
    if t.enum is not None:
        return t.enum[0]
    if t.kind == "string":
        return example_string(t, name)
    if t.kind == "integer":
        return int(math.ceil(_within(1, t, whole=True)))
    if t.kind == "number":
        return _within(19.99, t, whole=False)
    if t.kind == "boolean":
        return True
    if t.kind == "array":
        assert t.items is not None
        return [example_value(t.items, name)] * max(1, t.min_items or 0)
    if t.kind == "map":
        assert t.values is not None
        return {"key": example_value(t.values, "key")}
    if t.kind == "object":
        return {p.wire_name: example_value(p.type, p.wire_name) for p in shown_properties(t.properties)}
    return "value"


def shown_properties(properties: tuple[Property, ...]) -> list[Property]:
    """What an example passes: every property except deprecated ones (no bad habits)."""
    return [p for p in properties if p.deprecated is None or p.required]


@dataclass(frozen=True, slots=True)
class Example:
    target: str
    label: str
    """Shown as the example's heading: `Python`."""
    language: str
    """The code block's language tag: `python`."""
    code: str


# -- Python ----------------------------------------------------------------------------


def _py_value(value: Value, imports: set[str]) -> str:
    if isinstance(value, DateTimeValue):
        imports.add("datetime")
        return "datetime(2024, 5, 1, 12, 30, tzinfo=timezone.utc)"
    if isinstance(value, DateValue):
        imports.add("date")
        return "date(2024, 5, 1)"
    if isinstance(value, str):
        return py_str(value)
    if isinstance(value, list):
        return "[" + ", ".join(_py_value(v, imports) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{py_str(k)}: {_py_value(v, imports)}" for k, v in value.items()) + "}"
    return repr(value)


def python_example(plan: Plan, event: Event, modules: Mapping[str, str]) -> Example | None:
    """`track_user_registered(user_id="user-123", plan="Free")` with the Python target's names."""
    from ..targets import python as target  # the target's own naming positions

    function = naming.identifier(event.wire_name, target.FUNCTION, event.identifier)
    if function is None:
        return None
    imports: set[str] = set()
    args = ['user_id="user-123"']
    for prop in shown_properties(event.properties + event.context):  # context fields are passed like properties
        param = naming.identifier(prop.wire_name, target.PARAMETER, prop.identifier)
        if param is None:
            return None
        args.append(f"{param}={_py_value(example_value(prop.type, prop.wire_name), imports)}")
    header = [f"from {modules.get('python', target.DEFAULT_MODULE)} import {function}"]
    if imports:
        names = sorted(imports | ({"timezone"} if "datetime" in imports else set()))
        header[:0] = [f"from datetime import {', '.join(names)}", ""]
    one_line = f"{function}({', '.join(args)})"
    if len(one_line) <= 88:
        call = [one_line]
    else:
        call = [f"{function}("] + [f"    {arg}," for arg in args] + [")"]
    return Example("python", "Python", "python", "\n".join(header + [""] + call))


# -- TypeScript ------------------------------------------------------------------------

TS_WIDTH = 80
"""prettier's print width: examples are laid out as prettier lays them out."""


def _ts_value(value: Value, indent: int, room: int) -> list[str]:
    """A value as TypeScript source: one line if it fits in `room` columns, else broken
    over lines (objects one key a line, arrays one item a line) as prettier breaks them."""
    from ..targets.ts_doc import width
    from ..targets.ts_text import js_str, prop_key
    from ..targets.typescript import ts_literal

    if isinstance(value, DateTimeValue):
        flat = f"new Date({js_str(value.iso)})"
        if width(flat) <= room:
            return [flat]
        return ["new Date(", " " * (indent + 2) + js_str(value.iso) + ",", " " * indent + ")"]
    if isinstance(value, DateValue):
        return [js_str(value.iso)]
    if value is None:
        return ["null"]
    if isinstance(value, (str, bool, int, float)):
        return [ts_literal(value)]
    pad = " " * (indent + 2)
    if isinstance(value, list):
        items = [_ts_value(v, indent + 2, TS_WIDTH - indent - 3) for v in value]
        if all(len(i) == 1 for i in items):
            flat = "[" + ", ".join(i[0] for i in items) + "]"
            if width(flat) <= room:
                return [flat]
        return ["["] + [line for item in items for line in _indented(item, pad, ",")] + [" " * indent + "]"]
    entries = [(prop_key(k), _ts_value(v, indent + 2, TS_WIDTH - indent - 5 - width(prop_key(k)))) for k, v in value.items()]
    if not entries:
        return ["{}"]
    if all(len(lines) == 1 for _, lines in entries):
        flat = "{ " + ", ".join(f"{k}: {lines[0]}" for k, lines in entries) + " }"
        if width(flat) <= room:
            return [flat]
    out = ["{"]
    for key, lines in entries:
        if len(lines) == 1 and width(f"{pad}{key}: {lines[0]},") > TS_WIDTH and lines[0][:1] in "\"'":
            out += [f"{pad}{key}:", f"{pad}  {lines[0]},"]  # prettier breaks after the colon
        else:
            out += _indented([f"{key}: {lines[0]}", *lines[1:]], pad, ",")
    return out + [" " * indent + "}"]


def _indented(lines: list[str], pad: str, end: str) -> list[str]:
    """A value's lines as an item under `pad`: its first line gets the indentation (the
    others have theirs already), its last line `end` (the trailing comma)."""
    if len(lines) == 1:
        return [pad + lines[0] + end]
    return [pad + lines[0], *lines[1:-1], lines[-1] + end]


def typescript_example(plan: Plan, event: Event, modules: Mapping[str, str]) -> Example | None:
    """`trackUserRegistered({ plan: "Free" }, { userId: "user-123" });` with the TypeScript
    target's names (node flavour), importing from where `--out analytics` puts the client."""
    from ..targets import typescript as target
    from ..targets.ts_doc import width

    function = naming.identifier(event.wire_name, target.FUNCTION, event.identifier)
    if function is None:
        return None
    options = '{ userId: "user-123" }'
    fields = shown_properties(event.properties + event.context)  # context fields go in the same object
    header = f'import {{ {function} }} from {_ts_quote(modules.get("typescript", "./analytics"))};'
    if not event.properties and not event.context:
        call = [f"{function}({options});"]
    else:
        props = {p.wire_name: example_value(p.type, p.wire_name) for p in fields}
        one = _ts_value(props, 0, TS_WIDTH)
        flat = f"{function}({one[0]}, {options});"
        if len(one) == 1 and width(flat) <= TS_WIDTH:
            call = [flat]
        else:
            argument = _ts_value(props, 2, TS_WIDTH - 3)
            call = [f"{function}("] + _indented(argument, "  ", ",") + [f"  {options},", ");"]
    return Example("typescript", "TypeScript", "ts", "\n".join([header, "", *call]))


def _ts_quote(text: str) -> str:
    from ..targets.ts_text import js_str

    return js_str(text)


ExampleFn = Callable[[Plan, Event, Mapping[str, str]], "Example | None"]
"""(plan, event, target → module name to import from) → an example, or None when the
target cannot name this event (the plan then fails to build for it anyway)."""

EXAMPLES: dict[str, ExampleFn] = {
    "python": python_example,
    "typescript": typescript_example,
}
"""One function per target; the docs show an example for each, in this order."""


def examples_for(plan: Plan, event: Event, modules: Mapping[str, str] | None = None) -> list[Example]:
    found = [fn(plan, event, modules or {}) for fn in EXAMPLES.values()]
    return [e for e in found if e is not None]
