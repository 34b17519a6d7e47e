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
    return {"trackgen": 1, "name": name(rng, 4), "description": name(rng, 10), "events": events}
