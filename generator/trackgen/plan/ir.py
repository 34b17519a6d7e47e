"""The language-neutral, frozen intermediate representation of a tracking plan.

The IR holds wire names only: the exact event and property names that go on the wire.
Identifiers are made per target by `trackgen.naming`, never here, so one IR serves every
language. It is also a contract: `trackgen ir PLAN` prints it as JSON.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Literal

from ..diagnostics import Span

CallKind = Literal["track", "identify", "group", "page", "screen"]
Kind = Literal["string", "integer", "number", "boolean", "any", "object", "array", "map"]
Format = Literal["date-time", "date", "email", "uri", "uuid"]
FORMATS: tuple[str, ...] = ("date-time", "date", "email", "uri", "uuid")
Scalar = str | int | float | bool


@dataclass(frozen=True, slots=True)
class Type:
    """One type node. Fields that do not apply to `kind` stay at their defaults."""

    kind: Kind
    span: Span
    nullable: bool = False
    description: str = ""
    name: str | None = None
    """The named type (under `types:`) this node is, so targets can refer to it by name."""
    enum: tuple[str | int, ...] | None = None
    const: Scalar | None = None
    pattern: str | None = None
    format: Format | None = None
    min_length: int | None = None
    max_length: int | None = None
    minimum: int | float | None = None
    maximum: int | float | None = None
    exclusive_minimum: int | float | None = None
    exclusive_maximum: int | float | None = None
    properties: tuple["Property", ...] = ()
    items: "Type | None" = None
    min_items: int | None = None
    max_items: int | None = None
    values: "Type | None" = None
    """The value type of a map (`additionalProperties: TYPE`)."""

    def children(self) -> tuple["Type", ...]:
        nested = tuple(p.type for p in self.properties)
        if self.items is not None:
            nested += (self.items,)
        if self.values is not None:
            nested += (self.values,)
        return nested


@dataclass(frozen=True, slots=True)
class Property:
    wire_name: str
    type: Type
    span: Span
    required: bool = False
    description: str = ""
    deprecated: str | None = None
    """None when current; otherwise the deprecation note (may be empty)."""
    identifier: str | None = None
    """An explicit identifier base from the plan, used instead of the wire name for naming."""


@dataclass(frozen=True, slots=True)
class Event:
    wire_name: str
    span: Span
    properties: tuple[Property, ...] = ()
    description: str = ""
    version: int | None = None
    deprecated: str | None = None
    identifier: str | None = None
    context: tuple[Property, ...] = ()
    """Fields the spec places in `context`, not `properties` (e.g. B2B `groupId`)."""
    kind: CallKind = "track"
    """The Segment call: track events, named pages and screens, identify and group traits
    (for identify and group, `properties` are the traits and `wire_name` is the call)."""
    category: str | None = None
    """A page's or screen's `category`."""


@dataclass(frozen=True, slots=True)
class Plan:
    name: str
    source: str
    """The plan file as given, for generated headers and messages."""
    events: tuple[Event, ...]
    types: tuple[Type, ...] = ()
    """Named types in declaration order; each has `name` set."""
    description: str = ""
    format_version: int = 1
    identify: Event | None = None
    group: Event | None = None
    pages: tuple[Event, ...] = ()
    screens: tuple[Event, ...] = ()

    def calls(self) -> tuple[Event, ...]:
        """Every typed call the plan declares: identify, group, events, pages, screens."""
        head = tuple(c for c in (self.identify, self.group) if c is not None)
        return head + self.events + self.pages + self.screens


def to_json(plan: Plan) -> dict[str, Any]:
    """A plain-data view of the IR (spans as "file:line:col"), stable for diffing."""

    def convert(value: Any) -> Any:
        if isinstance(value, Span):
            return str(value)
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            out: dict[str, Any] = {}
            for f in dataclasses.fields(value):
                item = getattr(value, f.name)
                if item is None or item == () or item == "" or (item is False and f.name == "nullable"):
                    continue
                out[f.name] = convert(item)
            return out
        if isinstance(value, tuple):
            return [convert(v) for v in value]
        return value

    return dict(convert(plan))
