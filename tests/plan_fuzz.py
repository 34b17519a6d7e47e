"""Seeded random plans for layout and escaping tests: odd names (quotes, backslashes,
comment ends, unicode, keywords, very long), every type, nesting, constraints.
Deterministic: the same seed gives the same plans on every machine."""

from __future__ import annotations

import random
from typing import Any

PIECES = [
    "order", "Completed", "class", "delete", "default", "it's", 'say "hi"', "back\\slash", "*/",
    '"""', "<script>", "</script>", "a=b&c", "${x}", "\u2028", "ünï", "😀", "名前", "x" * 40,
    "userID", "HTTPServer", "42", "-", "_", " ", "\t", "constructor", "__proto__", "valueOf",
]
SCALARS = ["string", "integer", "number", "boolean", "any"]


def name(rng: random.Random, words: int = 3) -> str:
    text = " ".join(rng.choice(PIECES) for _ in range(rng.randint(1, words)))
    return text.strip() or "x"


def type_node(rng: random.Random, depth: int) -> Any:
    roll = rng.random()
    if depth > 0 and roll < 0.2:
        props = {f"{name(rng, 2)} {i}": type_node(rng, depth - 1) for i in range(rng.randint(1, 4))}
        return {"type": "object", "properties": props, "nullable": rng.random() < 0.3}
    if depth > 0 and roll < 0.35:
        return {"type": "array", "items": type_node(rng, depth - 1), "minItems": rng.randint(0, 2), "maxItems": rng.randint(3, 9)}
    if depth > 0 and roll < 0.42:
        return {"type": "object", "additionalProperties": type_node(rng, depth - 1)}
    kind = rng.choice(SCALARS)
    node: dict[str, Any] = {"type": kind, "description": name(rng, 6)}
    if kind == "string":
        pick = rng.random()
        if pick < 0.25:
            node["enum"] = sorted({name(rng, 4) for _ in range(rng.randint(1, 6))})
        elif pick < 0.4:
            node["format"] = rng.choice(["date-time", "date", "email", "uri", "uuid"])
        elif pick < 0.55:
            node["pattern"] = rng.choice(["^[A-Z]{3}$", "a\\-b", "^\\d+(\\.\\d+)?$", "[\"'/]", "x{2,}"])
        else:
            node["minLength"], node["maxLength"] = 1, rng.randint(1, 500)
    elif kind == "integer":
        node["minimum"] = rng.choice([0, -(2**70), 1])
        node["maximum"] = rng.choice([10, 2**70, 2**53])
        if rng.random() < 0.3:
            node["enum"] = [1, 2, 3]
            node["minimum"], node["maximum"] = 0, 10
    elif kind == "number":
        node["exclusiveMinimum"] = rng.choice([0, 1e-06, -1.5])
        node["maximum"] = rng.choice([1e16, 100.0, 2.5])
    elif kind == "boolean" and rng.random() < 0.3:
        node["const"] = True
    node["nullable"] = rng.random() < 0.3
    return node


def fuzz_plan(seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    events: dict[str, Any] = {}
    for i in range(rng.randint(1, 5)):
        props: dict[str, Any] = {}
        for j in range(rng.randint(0, 6)):
            node = type_node(rng, 3)
            node["required"] = rng.random() < 0.4
            if rng.random() < 0.1:
                node["deprecated"] = name(rng, 5)
            props[f"{name(rng)} {j}"] = node
        event: dict[str, Any] = {"properties": props, "description": name(rng, 8)}
        if rng.random() < 0.3:
            event["version"] = rng.randint(1, 5)
        events[f"{name(rng, 4)} {i}"] = event
    plan: dict[str, Any] = {"trackgen": 1, "name": name(rng, 4), "description": name(rng, 10), "events": events}
    add_calls(plan, random.Random(seed * 7919 + 1))  # its own stream: the events above stay as they were
    return plan


def fields(rng: random.Random, count: int, prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for j in range(count):
        node = type_node(rng, 1)  # shallow: the events above already cover deep nesting
        node["required"] = rng.random() < 0.3
        out[f"{prefix}{name(rng)} {j}"] = node
    return out


def add_calls(plan: dict[str, Any], rng: random.Random) -> None:
    """Context fields on some events, and identify, group, pages and screens."""
    for event in plan["events"].values():
        if rng.random() < 0.3:
            event["context"] = fields(rng, rng.randint(1, 2), "ctx ")
    if rng.random() < 0.4:
        plan["identify"] = {"description": name(rng, 6), "traits": fields(rng, rng.randint(0, 3))}
    if rng.random() < 0.4:
        plan["group"] = {"traits": fields(rng, rng.randint(0, 2)), "context": fields(rng, rng.randint(0, 1), "ctx ")}
    for section in ("pages", "screens"):
        if rng.random() < 0.5:
            calls: dict[str, Any] = {}
            for i in range(rng.randint(1, 2)):
                call: dict[str, Any] = {"properties": fields(rng, rng.randint(0, 2))}
                if rng.random() < 0.6:
                    call["category"] = name(rng, 3)
                if rng.random() < 0.3:
                    call["version"] = rng.randint(1, 5)
                calls[f"{name(rng, 4)} {i}"] = call
            plan[section] = calls
