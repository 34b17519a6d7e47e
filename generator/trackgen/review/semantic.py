"""Segment's semantic events, and how a plan event that carries one of their names disagrees.

Destinations map semantic events (Order Completed, Video Playback Started...) by their exact
name and exact snake_case property spellings, with the spec's types. The spec ships with
trackgen as `trackgen/specs/semantic_events.json`, so linting works offline.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from ..diagnostics import Span
from ..plan.ir import Type


@dataclass(frozen=True, slots=True)
class SpecProperty:
    name: str
    type: str
    description: str = ""
    alt_types: tuple[str, ...] = ()
    enum: tuple[str | int, ...] | None = None
    format: str | None = None
    items: "SpecProperty | None" = None
    properties: dict[str, "SpecProperty"] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class SpecEvent:
    name: str
    spec: str
    """Which semantic spec: ecommerce_v2, video, mobile, b2b_saas, email, live_chat, ab_testing."""
    description: str
    properties: dict[str, SpecProperty]
    context: dict[str, SpecProperty]


def _property(name: str, data: dict[str, object]) -> SpecProperty:
    items = data.get("items")
    props = data.get("properties")
    enum = data.get("enum")
    return SpecProperty(
        name=name,
        type=str(data.get("type", "any")),
        description=str(data.get("description", "")),
        alt_types=tuple(str(t) for t in data.get("alt_types", ()) or ()),  # type: ignore[attr-defined]
        enum=tuple(enum) if isinstance(enum, list) else None,
        format=str(data["format"]) if "format" in data else None,
        items=_property(name + "[]", items) if isinstance(items, dict) else None,
        properties={k: _property(k, v) for k, v in props.items()} if isinstance(props, dict) else {},
    )


@cache
def semantic_events() -> dict[str, SpecEvent]:
    """Exact event name → its spec, from the JSON shipped in the package."""
    text = resources.files("trackgen.specs").joinpath("semantic_events.json").read_text(encoding="utf-8")
    data = json.loads(text)
    events: dict[str, SpecEvent] = {}
    for spec, spec_events in data.items():
        for name, event in spec_events.items():
            events[name] = SpecEvent(
                name=name,
                spec=spec,
                description=event.get("description", ""),
                properties={k: _property(k, v) for k, v in event.get("properties", {}).items()},
                context={k: _property(k, v) for k, v in event.get("context", {}).items()},
            )
    return events


def normalized(name: str) -> str:
    """Case, space and punctuation folded away: `order-Completed ` → `ordercompleted`."""
    return re.sub(r"[\W_]+", "", name.casefold())


@cache
def _by_normalized() -> dict[str, str]:
    return {normalized(name): name for name in semantic_events()}


def find_event(name: str) -> SpecEvent | None:
    """The semantic event a plan event is named like (exactly or up to case and punctuation)."""
    exact = semantic_events().get(name)
    if exact is not None:
        return exact
    close = _by_normalized().get(normalized(name))
    return semantic_events()[close] if close else None


def spelled_like(name: str, candidates: dict[str, SpecProperty]) -> SpecProperty | None:
    """The spec property `name` is a different spelling of (`orderId` for `order_id`)."""
    if name in candidates:
        return None
    key = normalized(name)
    for spec_name, spec in candidates.items():
        if normalized(spec_name) == key:
            return spec
    return None


def _kind_label(t: Type) -> str:
    return "object" if t.kind == "map" else t.kind


def _kinds_agree(t: Type, spec: SpecProperty) -> bool:
    allowed = {spec.type, *spec.alt_types}
    kind = _kind_label(t)
    return kind in allowed or (kind == "integer" and "number" in allowed)


@dataclass(frozen=True, slots=True)
class Disagreement:
    path: str
    message: str
    hint: str
    span: Span


def compare(t: Type, spec: SpecProperty, path: str) -> list[Disagreement]:
    """How a plan type differs from the spec's type for the same property, recursively."""
    if not _kinds_agree(t, spec):
        shown = " or ".join((spec.type, *spec.alt_types))
        return [Disagreement(path, f"is {t.kind} in the plan but {shown} in the spec", f"make it `type: {spec.type}` ({spec.description})", t.span)]
    found: list[Disagreement] = []
    if spec.enum is not None and t.kind in ("string", "integer"):
        allowed = t.enum if t.enum is not None else ((t.const,) if t.const is not None else None)
        if allowed is None:
            found.append(Disagreement(path, "takes any value, but the spec allows only " + ", ".join(repr(v) for v in spec.enum), f"add `enum: [{', '.join(str(v) for v in spec.enum)}]`", t.span))
        else:
            extra = [v for v in allowed if v not in spec.enum]
            if extra:
                found.append(Disagreement(path, f"allows {', '.join(repr(v) for v in extra)}, which the spec does not list", "the spec allows " + ", ".join(repr(v) for v in spec.enum), t.span))
    if spec.format is not None and t.kind == "string" and t.format != spec.format:
        have = f"format {t.format!r}" if t.format else "no format"
        found.append(Disagreement(path, f"has {have}, but the spec sends an ISO-8601 {spec.format}", f"add `format: {spec.format}`", t.span))
    if spec.items is not None and t.kind == "array" and t.items is not None:
        found += compare(t.items, spec.items, path + "[]")
    if spec.properties and t.kind == "object":
        for prop in t.properties:
            nested = spec.properties.get(prop.wire_name)
            if nested is not None:
                found += compare(prop.type, nested, f"{path}.{prop.wire_name}")
    return found


def misspelled(t: Type, spec: SpecProperty, path: str) -> list[tuple[str, str, str, Span]]:
    """(path, plan spelling, spec spelling, where) of nested properties spelled unlike the spec."""
    found: list[tuple[str, str, str, Span]] = []
    if spec.items is not None and t.kind == "array" and t.items is not None:
        found += misspelled(t.items, spec.items, path + "[]")
    if spec.properties and t.kind == "object":
        for prop in t.properties:
            other = spelled_like(prop.wire_name, spec.properties)
            if other is not None:
                found.append((f"{path}.{prop.wire_name}", prop.wire_name, other.name, prop.span))
            nested = spec.properties.get(prop.wire_name)
            if nested is not None:
                found += misspelled(prop.type, nested, f"{path}.{prop.wire_name}")
    return found
