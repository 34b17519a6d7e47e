"""Checks a received Segment message against a plan, by interpreting the IR.

The rules are the ones the generated Python client compiles inline (see
`trackgen.targets.python`), applied to the wire form of the values instead of the Python
form: a `date-time` property is a string with a timezone here where the client wants an
aware `datetime`, an `integer` is a JSON number without a fraction part (`2.0` is refused,
as the client refuses the float `2.0`), and `true` is never a number. Messages use the
client's paths and wording (`products[0].price must be at least 0`), so a violation
reported by the collector reads like the one the client logged.

Constraint checks follow the client's order and stop at the first failure of a value (a
string that is not a string is not also checked against its pattern).

`track` messages are checked against the plan's events; identify and group against its
traits (Segment sends them at the top level, rudder-sdk-python in `context.traits`); page
and screen against its named pages and screens, where a page may also carry the properties
the spec reserves for pages (`url`, `path`, `title`... which analytics.js adds itself). A
message type the plan does not describe gets the envelope checks only. `CHECKS` holds one function per type.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from ..plan.formats import FORMAT_PATTERNS
from ..plan.patterns import compile_pattern
from ..targets.base import plural
from ..plan.ir import Event, Plan, Property, Type

MESSAGE_TYPES = ("track", "identify", "group", "page", "screen", "alias")
MAX_MESSAGE_ID = 100
"""Segment's limit on `messageId` length; the generated client checks the same bound."""

PREVIEW = 60


def json_type(value: Any) -> str:
    """The JSON name of a decoded value's type, for "got ..." in messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def preview(value: Any) -> str:
    """The value as JSON, cut to 60 characters like the client's `_preview`."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= PREVIEW else text[: PREVIEW - 3] + "..."


def expected(path: str, what: str, value: Any) -> str:
    if value is None:
        return f"{path} must be {what}; it is not nullable, got null"
    return f"{path} must be {what}, got {json_type(value)} {preview(value)}"


def envelope_expected(field: str, what: str, value: Any) -> str:
    """Like `expected` for message fields, where null means "left out" rather than "not nullable"."""
    if value is None:
        return f"{field} is required" if what.startswith("a non-empty") else f"{field} must be {what}, got null"
    return f"{field} must be {what}, got {json_type(value)} {preview(value)}"


def finite_problem(path: str) -> str:
    return f"{path} must be a finite number (not NaN or infinity)"


@dataclass(frozen=True, slots=True)
class Verdict:
    """What the collector concluded about one message."""

    kind: str
    """The message type: track, identify, ..."""
    label: str
    """The event name for track, the message type otherwise."""
    identity: str
    """`userId=...` or `anonymousId=...` (or `no identity`), for the printed line."""
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


class Validator:
    """Checks messages against one plan. Thread-safe: it holds no state after construction."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.events: dict[str, Event] = {e.wire_name: e for e in plan.events}
        self._patterns: dict[str, re.Pattern[str]] = {}
        for name, pattern in FORMAT_PATTERNS.items():
            self._patterns["format:" + name] = compile_pattern(pattern)
        self.pages: dict[str, dict[str, Event]] = {
            "page": {p.wire_name: p for p in plan.pages},
            "screen": {s.wire_name: s for s in plan.screens},
        }
        seen: set[int] = set()
        for call in plan.calls():
            for prop in call.properties + call.context:
                self._compile_patterns(prop.type, seen)

    def _compile_patterns(self, t: Type, seen: set[int]) -> None:
        if id(t) in seen:
            return
        seen.add(id(t))
        if t.pattern is not None:
            self._patterns[t.pattern] = compile_pattern(t.pattern)
        for child in t.children():
            self._compile_patterns(child, seen)

    # -- messages --------------------------------------------------------------------

    def check(self, message: Any, default_type: str | None = None) -> Verdict:
        """The verdict on one message; `default_type` comes from the endpoint (/v1/track)."""
        if not isinstance(message, dict):
            return Verdict("?", "?", "no identity", (envelope_expected("message", "an object", message),))
        kind = message.get("type", default_type)
        identity = describe_identity(message)
        if kind not in CHECKS:
            known = ", ".join(MESSAGE_TYPES)
            shown = "missing" if kind is None else repr(kind)
            return Verdict(str(kind), str(kind), identity, (f"type must be one of {known}; it is {shown}",))
        assert isinstance(kind, str)
        label, problems = CHECKS[kind](self, message, kind)
        return Verdict(kind, label, identity, tuple(problems))

    def check_track(self, message: dict[str, Any], kind: str) -> tuple[str, list[str]]:
        problems: list[str] = []
        name = message.get("event")
        event: Event | None = None
        if type(name) is not str or name == "":
            problems.append(envelope_expected("event", "a non-empty string", name))
            label = "(no event name)"
        else:
            label = name
            event = self.events.get(name)
            if event is None:
                problems.append(f"{name!r} is not an event in the tracking plan")
        properties = message.get("properties", {})
        if not isinstance(properties, dict):
            problems.append(envelope_expected("properties", "an object", properties))
        elif event is not None:
            self.check_properties(event.properties, properties, problems)
        else:
            self.check_finite(properties, "properties", problems)
        self.check_common(message, problems, skip=("properties",))
        if event is not None:
            self.check_context_fields(event, message, problems)
        if event is not None and event.version is not None:
            found = _dig(message, "context", "protocols", "event_version")
            if type(found) is not int or found != event.version:
                got = "nothing" if found is _MISSING else preview(found)
                problems.append(
                    f"context.protocols.event_version must be {event.version} "
                    f"(the plan's version of {name!r}), got {got}"
                )
        return label, problems

    def check_other(self, message: dict[str, Any], kind: str) -> tuple[str, list[str]]:
        """identify, group, page, screen, alias: the envelope only, until plans describe them."""
        problems: list[str] = []
        for key in REQUIRED_STRINGS.get(kind, ()):
            value = message.get(key)
            if type(value) is not str or value == "":
                problems.append(envelope_expected(key, "a non-empty string", value))
        for key in OBJECT_FIELDS.get(kind, ()):
            value = message.get(key)
            if value is not None and not isinstance(value, dict):
                problems.append(envelope_expected(key, "an object", value))
        name = message.get("name")
        label = f"{kind} {name}" if type(name) is str and name else kind
        call = self.planned_call(message, kind, problems)
        skip: tuple[str, ...] = ()
        if call is not None:
            payload_key = "traits" if kind in ("identify", "group") else "properties"
            payload = message.get(payload_key)
            if payload is None and kind == "identify":  # rudder-sdk-python sends context.traits
                payload = _dig(message, "context", "traits")
                payload = {} if payload is _MISSING else payload
            if payload is None:
                payload = {}
            if isinstance(payload, dict):
                if kind == "page":
                    payload = self.reserved_page_properties(call, payload, problems)
                self.check_properties(call.properties, payload, problems)
                skip = (payload_key,)
            self.check_context_fields(call, message, problems)
        self.check_common(message, problems, skip=skip)
        return label, problems

    def reserved_page_properties(self, call: Event, properties: dict[str, Any], problems: list[str]) -> dict[str, Any]:
        """The page's properties less those the spec reserves for every page and the plan does
        not list (analytics.js adds path, referrer, search, title, url, name and category to
        each page call itself); those are checked against their spec types here."""
        declared = {p.wire_name for p in call.properties}
        rest: dict[str, Any] = {}
        for key, value in properties.items():
            if key not in PAGE_PROPERTIES or key in declared:
                rest[key] = value
            elif PAGE_PROPERTIES[key] == "string" and type(value) is not str:
                problems.append(expected(key, "a string (a property the spec reserves for pages)", value))
            elif PAGE_PROPERTIES[key] == "strings" and not (type(value) is list and all(type(v) is str for v in value)):
                problems.append(expected(key, "an array of strings (a property the spec reserves for pages)", value))
        return rest

    def planned_call(self, message: dict[str, Any], kind: str, problems: list[str]) -> Event | None:
        """The plan's description of an identify, group, page or screen message, if it has one."""
        if kind == "identify":
            return self.plan.identify
        if kind == "group":
            return self.plan.group
        named = self.pages.get(kind)
        if not named:
            return None  # the plan types no pages (or screens): the envelope is all there is
        name = message.get("name")
        call = named.get(name) if type(name) is str else None
        if call is None:
            problems.append(f"{name!r} is not a {kind} in the tracking plan")
            return None
        category = message.get("category")
        if call.category is not None and category != call.category:
            problems.append(f"category must be {call.category!r}, got {preview(category)}")
        return call

    def check_context_fields(self, call: Event, message: dict[str, Any], problems: list[str]) -> None:
        """Fields the plan places in `context` (e.g. B2B groupId), checked like properties."""
        if not call.context:
            return
        context = message.get("context")
        if not isinstance(context, dict):
            context = {}
        for prop in call.context:
            if prop.wire_name in context:
                self.check_value(prop.type, context[prop.wire_name], prop.wire_name, problems)
            elif prop.required:
                problems.append(f"{prop.wire_name} is required")

    def check_common(self, message: dict[str, Any], problems: list[str], skip: tuple[str, ...]) -> None:
        """The envelope rules of the client's `_send`, then NaN anywhere else in the message."""
        user_id, anonymous_id = message.get("userId"), message.get("anonymousId")
        identified = (type(user_id) is str and user_id != "") or (type(anonymous_id) is str and anonymous_id != "")
        if not identified:
            problems.append("userId or anonymousId must be a non-empty string")
        context = message.get("context")
        if context is not None and not isinstance(context, dict):
            problems.append(envelope_expected("context", "an object", context))
        timestamp = message.get("timestamp")
        if timestamp is not None and not self.is_datetime(timestamp):
            problems.append(envelope_expected("timestamp", "an ISO-8601 date-time with a timezone", timestamp))
        integrations = message.get("integrations")
        if integrations is not None and not isinstance(integrations, dict):
            problems.append(envelope_expected("integrations", "an object", integrations))
        message_id = message.get("messageId")
        if message_id is not None and not (type(message_id) is str and 0 < len(message_id) <= MAX_MESSAGE_ID):
            problems.append(envelope_expected("messageId", f"a string of 1 to {MAX_MESSAGE_ID} characters", message_id))
        for key, value in message.items():
            if key not in skip:
                self.check_finite(value, key, problems)

    def check_properties(self, props: tuple[Property, ...], value: dict[str, Any], problems: list[str]) -> None:
        """An event's properties: the client checks each keyword argument at the top level."""
        for prop in props:
            if prop.wire_name in value:
                self.check_value(prop.type, value[prop.wire_name], prop.wire_name, problems)
            elif prop.required:
                problems.append(f"{prop.wire_name} is required")
        known = {p.wire_name for p in props}
        for key, item in value.items():
            if key not in known:
                problems.append(f"{key} is not in the tracking plan")
                self.check_finite(item, key, problems)

    # -- values ----------------------------------------------------------------------

    def check_value(self, t: Type, value: Any, path: str, problems: list[str]) -> None:
        if value is None and t.nullable:
            return
        VALUE_CHECKS[t.kind](self, t, value, path, problems)

    def check_string(self, t: Type, value: Any, path: str, problems: list[str]) -> None:
        if t.format == "date-time":
            if not self.is_datetime(value):
                problems.append(expected(path, "an ISO-8601 date-time with a timezone", value))
            return
        if t.format == "date":
            if not self.is_date(value):
                problems.append(expected(path, "an ISO-8601 date (YYYY-MM-DD)", value))
            return
        if type(value) is not str:
            problems.append(expected(path, "a string", value))
            return
        if self.constraint_problem(t, value, path, len(value), problems):
            return
        if t.format is not None and self._patterns["format:" + t.format].search(value) is None:
            problems.append(f"{path} must be a valid {t.format}")

    def check_integer(self, t: Type, value: Any, path: str, problems: list[str]) -> None:
        if type(value) is not int:
            problems.append(expected(path, "an integer", value))
            return
        self.constraint_problem(t, value, path, 0, problems)

    def check_number(self, t: Type, value: Any, path: str, problems: list[str]) -> None:
        if type(value) is not float and type(value) is not int:
            problems.append(expected(path, "a number", value))
        elif not math.isfinite(value):
            problems.append(finite_problem(path))
        else:
            self.constraint_problem(t, value, path, 0, problems)

    def check_boolean(self, t: Type, value: Any, path: str, problems: list[str]) -> None:
        if type(value) is not bool:
            problems.append(expected(path, "a boolean", value))
        elif t.const is not None and value is not t.const:
            problems.append(f"{path} must be {t.const!r}")

    def check_any(self, t: Type, value: Any, path: str, problems: list[str]) -> None:
        self.check_finite(value, path, problems, keys="repr")

    def check_array(self, t: Type, value: Any, path: str, problems: list[str]) -> None:
        assert t.items is not None
        if type(value) is not list:
            problems.append(expected(path, "an array", value))
            return
        if t.min_items is not None and len(value) < t.min_items:
            problems.append(f"{path} must have at least {plural(t.min_items, 'item')}")
        if t.max_items is not None and len(value) > t.max_items:
            problems.append(f"{path} must have at most {plural(t.max_items, 'item')}")
        for index, item in enumerate(value):
            self.check_value(t.items, item, f"{path}[{index}]", problems)

    def check_map(self, t: Type, value: Any, path: str, problems: list[str]) -> None:
        assert t.values is not None
        if not isinstance(value, dict):
            problems.append(expected(path, "an object", value))
            return
        for key, item in value.items():
            self.check_value(t.values, item, f"{path}[{key!r}]", problems)

    def check_object(self, t: Type, value: Any, path: str, problems: list[str]) -> None:
        if not isinstance(value, dict):
            problems.append(expected(path, "an object", value))
            return
        for prop in t.properties:
            child = f"{path}.{prop.wire_name}"
            if prop.wire_name in value:
                self.check_value(prop.type, value[prop.wire_name], child, problems)
            elif prop.required:
                problems.append(f"{child} is required")
        known = {p.wire_name for p in t.properties}
        for key, item in value.items():
            if key not in known:
                problems.append(f"{path}.{key} is not in the tracking plan")
                self.check_finite(item, f"{path}.{key}", problems)

    def constraint_problem(self, t: Type, value: Any, path: str, length: int, problems: list[str]) -> bool:
        """The first failing constraint, in the generated client's `elif` order."""
        problem: str | None = None
        if t.const is not None and value != t.const:
            problem = f"must be {t.const!r}"
        elif t.enum is not None and value not in t.enum:
            problem = "must be one of " + ", ".join(repr(v) for v in t.enum)
        elif t.min_length is not None and length < t.min_length:
            problem = f"must be at least {t.min_length} characters long"
        elif t.max_length is not None and length > t.max_length:
            problem = f"must be at most {t.max_length} characters long"
        elif t.pattern is not None and self._patterns[t.pattern].search(value) is None:
            problem = f"must match the pattern {t.pattern}"
        elif t.minimum is not None and value < t.minimum:
            problem = f"must be at least {t.minimum!r}"
        elif t.maximum is not None and value > t.maximum:
            problem = f"must be at most {t.maximum!r}"
        elif t.exclusive_minimum is not None and value <= t.exclusive_minimum:
            problem = f"must be greater than {t.exclusive_minimum!r}"
        elif t.exclusive_maximum is not None and value >= t.exclusive_maximum:
            problem = f"must be less than {t.exclusive_maximum!r}"
        if problem is None:
            return False
        problems.append(f"{path} {problem}")
        return True

    def check_finite(self, value: Any, path: str, problems: list[str], keys: str = "dot") -> None:
        """NaN and infinity anywhere: the Python SDKs send them as bare tokens, invalid JSON."""
        if type(value) is float:
            if not math.isfinite(value):
                problems.append(finite_problem(path))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                self.check_finite(item, f"{path}[{index}]", problems, keys)
        elif isinstance(value, dict):
            for key, item in value.items():
                child = f"{path}[{key!r}]" if keys == "repr" else f"{path}.{key}"
                self.check_finite(item, child, problems, keys)

    def is_datetime(self, value: Any) -> bool:
        """An ISO-8601 date-time string that names its timezone (Engage drops the others)."""
        if type(value) is not str or self._patterns["format:date-time"].search(value) is None:
            return False
        try:
            datetime.fromisoformat(value.upper().replace("Z", "+00:00"))
        except ValueError:
            return False
        return True

    def is_date(self, value: Any) -> bool:
        if type(value) is not str or self._patterns["format:date"].search(value) is None:
            return False
        try:
            date.fromisoformat(value.strip())
        except ValueError:
            return False
        return True


_MISSING: Any = object()


def _dig(value: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(value, dict) or key not in value:
            return _MISSING
        value = value[key]
    return value


def describe_identity(message: Mapping[str, Any]) -> str:
    for key in ("userId", "anonymousId"):
        value = message.get(key)
        if value is not None and value != "":
            return f"{key}={value}"
    return "no identity"


PAGE_PROPERTIES: dict[str, str] = {
    "name": "string",
    "category": "string",
    "path": "string",
    "referrer": "string",
    "search": "string",
    "title": "string",
    "url": "string",
    "keywords": "strings",
}
"""Page properties the Segment spec reserves (page.md), and `category`, which analytics.js
copies into them; a typed page accepts them without listing them."""

REQUIRED_STRINGS: dict[str, tuple[str, ...]] = {
    "group": ("groupId",),
    "alias": ("previousId",),
}
"""Fields the Segment spec requires for a message type, beyond the identity."""

OBJECT_FIELDS: dict[str, tuple[str, ...]] = {
    "identify": ("traits",),
    "group": ("traits",),
    "page": ("properties",),
    "screen": ("properties",),
}

CHECKS: dict[str, Callable[[Validator, dict[str, Any], str], tuple[str, list[str]]]] = {
    "track": Validator.check_track,
    "identify": Validator.check_other,
    "group": Validator.check_other,
    "page": Validator.check_other,
    "screen": Validator.check_other,
    "alias": Validator.check_other,
}
"""One check per message type."""

VALUE_CHECKS: dict[str, Callable[[Validator, Type, Any, str, list[str]], None]] = {
    "string": Validator.check_string,
    "integer": Validator.check_integer,
    "number": Validator.check_number,
    "boolean": Validator.check_boolean,
    "any": Validator.check_any,
    "array": Validator.check_array,
    "map": Validator.check_map,
    "object": Validator.check_object,
}

