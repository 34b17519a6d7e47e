"""Walking and comparing IR types without their positions or prose.

Two plans are compared by meaning: a property that moved three lines down, or whose
description was reworded, has the same *shape*. Diff uses shapes to spot renames; lint
uses the walk to visit every property once.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..plan.ir import Event, Plan, Property, Type


def type_shape(t: Type) -> tuple[object, ...]:
    """Everything about a type that affects the data, as a comparable value."""
    return (
        t.kind,
        t.nullable,
        t.enum,
        t.const,
        t.pattern,
        t.format,
        t.min_length,
        t.max_length,
        t.minimum,
        t.maximum,
        t.exclusive_minimum,
        t.exclusive_maximum,
        tuple(sorted((p.wire_name, p.required, type_shape(p.type)) for p in t.properties)),
        type_shape(t.items) if t.items is not None else None,
        t.min_items,
        t.max_items,
        type_shape(t.values) if t.values is not None else None,
    )


def properties_shape(properties: tuple[Property, ...]) -> tuple[object, ...]:
    return tuple(sorted((p.wire_name, p.required, type_shape(p.type)) for p in properties))


@dataclass(frozen=True, slots=True)
class PropertyAt:
    """A property with where it sits: `products[].price` in event `Order Completed`."""

    path: str
    prop: Property
    owner: str
    """The event name, or `type Product` for a named type's declaration."""


def child_path(prefix: str, t: Type) -> str:
    """The path prefix for the properties nested in `t` (`items[]`, `attributes.*`)."""
    if t.kind == "array" and t.items is not None:
        return child_path(prefix + "[]", t.items)
    if t.kind == "map" and t.values is not None:
        return child_path(prefix + ".*", t.values)
    return prefix


def nested_properties(t: Type, prefix: str) -> Iterator[tuple[str, Property]]:
    """Properties inside `t` (objects, array items, map values), skipping named types."""
    if t.name is not None and prefix:
        return
    if t.kind == "array" and t.items is not None:
        yield from nested_properties(t.items, prefix + "[]")
    elif t.kind == "map" and t.values is not None:
        yield from nested_properties(t.values, prefix + ".*")
    for prop in t.properties:
        path = f"{prefix}.{prop.wire_name}" if prefix else prop.wire_name
        yield path, prop
        yield from nested_properties(prop.type, path)


def all_properties(plan: Plan) -> Iterator[PropertyAt]:
    """Every property in the plan once: named types where declared, events inline."""
    for named in plan.types:
        for path, prop in nested_properties(named, ""):
            yield PropertyAt(path, prop, f"type {named.name}")
    for event in plan.events:
        for prop in event.properties:
            yield PropertyAt(prop.wire_name, prop, event.wire_name)
            for path, nested in nested_properties(prop.type, prop.wire_name):
                yield PropertyAt(path, nested, event.wire_name)


def all_types(plan: Plan) -> Iterator[Type]:
    """Every type node once (named types at their declaration, not at each use)."""

    def walk(t: Type, top: bool) -> Iterator[Type]:
        if t.name is not None and not top:
            return
        yield t
        for child in t.children():
            yield from walk(child, False)

    for named in plan.types:
        yield from walk(named, True)
    for event in plan.events:
        for prop in event.properties:
            yield from walk(prop.type, False)


def named_types_used(t: Type) -> set[str]:
    """Names of the named types `t` is or contains, at any depth."""
    found: set[str] = set()

    def walk(node: Type) -> None:
        if node.name is not None:
            found.add(node.name)
        for child in node.children():
            walk(child)

    walk(t)
    return found


def users_of_types(plan: Plan) -> dict[str, tuple[str, ...]]:
    """Named type → the events that use it, directly or through another named type."""
    users: dict[str, list[str]] = {t.name: [] for t in plan.types if t.name is not None}
    for event in plan.events:
        names: set[str] = set()
        for prop in event.properties:
            names |= named_types_used(prop.type)
        for name in sorted(names):
            users.setdefault(name, []).append(event.wire_name)
    return {name: tuple(events) for name, events in users.items()}


def event_version(event: Event) -> int:
    """An event without `version:` is version 1, as in Segment Protocols."""
    return event.version if event.version is not None else 1
