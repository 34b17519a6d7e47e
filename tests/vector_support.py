"""The shared test vectors (tests/vectors/*.json): loading, and the one comparison every
language's runner is judged by. The format is described in tests/vectors/README.md.

A runner executes each call of a vector against its own generated client, with a
violation callback that records the problems (the event is then sent anyway), and
reports an `Outcome`: the problems, and the message the client handed to the SDK as it
goes on the wire (JSON). `check_call` compares that outcome with the vector.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

VECTORS = Path(__file__).parent / "vectors"

# Context keys the SDKs add themselves; the wrapper's part of the context is the rest.
SDK_CONTEXT_KEYS = frozenset(
    {"library", "page", "userAgent", "userAgentData", "locale", "timezone", "campaign", "referrer", "instance"}
)
# The names each language gives the SDK arguments that messages mention.
ARGUMENT_NAMES = {
    "python": {"userId": "user_id", "anonymousId": "anonymous_id", "messageId": "message_id", "groupId": "group_id"},
    "typescript": {},
}
KINDS = ("track", "identify", "group", "page", "screen")
"""The calls a vector can make (`"call"`, track by default)."""


@dataclass(frozen=True)
class Call:
    vector: str
    index: int
    name: str
    kind: str
    """track, identify, group, page or screen."""
    event: str | None
    """The event's, page's or screen's wire name; None for identify and group."""
    properties: dict[str, Any] | None
    """The properties (traits for identify and group) and the context fields, by wire name."""
    options: dict[str, Any]
    spec: dict[str, Any]

    @property
    def id(self) -> str:
        return f"{self.vector}#{self.index}"

    @property
    def payload_key(self) -> str:
        """Where the message carries what the call passed: `traits` or `properties`."""
        return "traits" if self.kind in ("identify", "group") else "properties"

    def planned(self, plan: Any) -> Any:
        """The IR call (an `Event`) this call makes in `plan`."""
        if self.kind in ("identify", "group"):
            found = getattr(plan, self.kind)
            assert found is not None, f"{self.id}: the plan has no {self.kind} section"
            return found
        pool = {"track": plan.events, "page": plan.pages, "screen": plan.screens}[self.kind]
        return next(e for e in pool if e.wire_name == self.event)


@dataclass(frozen=True)
class Vector:
    name: str
    path: Path
    plan: dict[str, Any]
    calls: tuple[Call, ...]

    def plan_yaml(self) -> str:
        """The plan as trackgen reads it (YAML; PyYAML escapes what must be escaped)."""
        return yaml.safe_dump(self.plan, allow_unicode=True, sort_keys=False, width=1_000_000)


@dataclass(frozen=True)
class Outcome:
    problems: tuple[str, ...]
    sent: dict[str, Any] | None
    """The track message as the SDK would serialise it, or None when nothing was sent."""


def load_vectors() -> list[Vector]:
    vectors: list[Vector] = []
    for path in sorted(VECTORS.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        name = path.stem
        calls = tuple(
            Call(name, i, c["name"], c.get("call", "track"), c.get("event"), c.get("properties"), c.get("options", {}), c)
            for i, c in enumerate(data["calls"])
        )
        for call in calls:
            assert call.kind in KINDS, f"{call.id}: unknown call {call.kind!r}"
            assert (call.event is None) == (call.kind in ("identify", "group")), f"{call.id}: `event` names a track event, page or screen"
        vectors.append(Vector(name, path, data["plan"], calls))
    return vectors


def all_calls() -> list[Call]:
    return [call for vector in load_vectors() for call in vector.calls]


def expected_problem(text: str, language: str) -> str:
    """`{userId}` and friends become the language's own argument names."""
    names = ARGUMENT_NAMES[language]
    return re.sub(r"\{(userId|anonymousId|messageId|groupId)\}", lambda m: names.get(m.group(1), m.group(1)), text)


def problem_matches(actual: str, expected: str) -> bool:
    """Exact, or exact up to the language's own detail: what it got (`, got ...`), or
    how it names the expected kind (` (a Date, or ...)`)."""
    return actual == expected or actual.startswith(expected + ", got ") or actual.startswith(expected + " (")


def same_json(a: Any, b: Any) -> bool:
    """JSON equality that keeps `true` apart from `1` and compares numbers by value."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same_json(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same_json(x, y) for x, y in zip(a, b))
    return type(a) is type(b) and a == b


def wrapper_context(context: dict[str, Any] | None) -> dict[str, Any]:
    return {k: v for k, v in (context or {}).items() if k not in SDK_CONTEXT_KEYS}


def expected_context(call: Call, expected: dict[str, Any], language: str) -> dict[str, Any]:
    context = json.loads(json.dumps(expected))
    if "trackgen" in context and context["trackgen"].get("language") == "<language>":
        context["trackgen"]["language"] = language
    return dict(context)


def check_message(call: Call, sent: dict[str, Any] | None, expected: dict[str, Any], language: str, check_identity: bool = True) -> list[str]:
    """Differences between a sent message and the vector's expectation, as readable lines."""
    if sent is None:
        return ["nothing was sent"]
    errors: list[str] = []
    if sent.get("type") != call.kind:
        errors.append(f"type {sent.get('type')!r} != {call.kind!r}")
    name_key = {"track": "event", "page": "name", "screen": "name"}.get(call.kind)
    if name_key is not None and sent.get(name_key) != call.event:
        errors.append(f"{name_key} {sent.get(name_key)!r} != {call.event!r}")
    payload = call.payload_key
    if payload in expected and not same_json(sent.get(payload), expected[payload]):
        errors.append(f"{payload} {json.dumps(sent.get(payload), ensure_ascii=False)} != {json.dumps(expected[payload], ensure_ascii=False)}")
    for key in ("groupId", "category"):
        if key in expected and not same_json(sent.get(key), expected[key]):
            errors.append(f"{key} {sent.get(key)!r} != {expected[key]!r}")
    if "context" in expected:
        want = expected_context(call, expected["context"], language)
        got = wrapper_context(sent.get("context"))
        if not same_json(got, want):
            errors.append(f"context {json.dumps(got, ensure_ascii=False)} != {json.dumps(want, ensure_ascii=False)}")
    if check_identity:
        for key in ("userId", "anonymousId", "messageId", "integrations"):
            if key in expected and not same_json(sent.get(key), expected[key]):
                errors.append(f"{key} {sent.get(key)!r} != {expected[key]!r}")
    return errors


def check_call(call: Call, outcome: Outcome, language: str) -> list[str]:
    """Every way the outcome differs from the vector; empty when the call conforms."""
    spec = call.spec
    errors: list[str] = []
    wanted = [expected_problem(p, language) for p in spec.get("violations", [])]
    if len(wanted) != len(outcome.problems) or not all(problem_matches(a, e) for a, e in zip(outcome.problems, wanted)):
        errors.append(f"problems {list(outcome.problems)!r} != expected {wanted!r}")
    if "expect" in spec:
        errors += check_message(call, outcome.sent, spec["expect"], language)
    if "sent" in spec:
        if spec["sent"] is None:
            if outcome.sent is not None:
                errors.append("a message was sent, expected none")
        else:
            errors += check_message(call, outcome.sent, spec["sent"], language)
    return errors


SDK_PAGE_PROPERTIES = {
    "@segment/analytics-node": ("category",),
    "analytics.js": ("category", "name", "path", "referrer", "search", "title", "url"),
}
"""Page properties the JavaScript SDKs add to every page call themselves: analytics-core
copies `category` into them, analytics.js (analytics-next) also `name` and the page's
location (spec-reserved page properties, which `trackgen serve` accepts on typed pages)."""


def without_sdk_page_properties(call: Call, message: dict[str, Any] | None, library: str) -> dict[str, Any] | None:
    """The message with the page properties its SDK added taken out again (those the
    vector itself passes stay), after checking that the copies of `category` and `name`
    are the message's own."""
    if message is None or call.kind != "page" or not isinstance(message.get("properties"), dict):
        return message
    passed = set(call.properties or {})
    properties = dict(message["properties"])
    for key in SDK_PAGE_PROPERTIES[library]:
        if key in properties and key not in passed:
            value = properties.pop(key)
            if key in ("category", "name"):
                assert value == message.get(key), f"{call.id}: properties.{key} {value!r} != {key} {message.get(key)!r}"
    return {**message, "properties": properties}
