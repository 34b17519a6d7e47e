"""Plans for the benchmarks, generated so their size is exact and reproducible."""

from __future__ import annotations

from typing import Any

KINDS = [
    "{type: string, required: true, description: An identifier.}",
    "{type: string, enum: [web, ios, android], description: Where it happened.}",
    "{type: integer, minimum: 0, description: A count.}",
    "{type: number, minimum: 0, description: An amount in dollars.}",
    "{type: boolean, description: A flag.}",
    "{type: string, format: date-time, description: When it happened.}",
    "{type: array, items: string, maxItems: 20, description: Labels.}",
    "{type: string, pattern: '^[A-Z]{3}$', nullable: true, description: A code.}",
]
NOUNS = ["Order", "Product", "Cart", "Course", "Video", "Account", "Invite", "Trial", "Coupon", "Page"]
VERBS = ["Completed", "Viewed", "Added", "Removed", "Started", "Shared", "Updated", "Clicked", "Deleted", "Opened"]


def synthetic_plan(events: int, properties: int) -> str:
    lines = ["trackgen: 1", f"name: Bench {events}", "events:"]
    for i in range(events):
        lines.append(f"  {NOUNS[i % 10]} {i // 10} {VERBS[(i // 100) % 10]}:")
        lines.append(f"    description: Synthetic event number {i}.")
        lines.append("    properties:")
        for j in range(properties):
            lines.append(f"      prop_{j}_{['id', 'platform', 'count', 'amount', 'flag', 'at', 'labels', 'code'][j % 8]}: {KINDS[j % 8]}")
    return "\n".join(lines) + "\n"


def per_call_plan() -> str:
    return """
trackgen: 1
name: Per Call
types:
  Product:
    type: object
    properties:
      product_id: {type: string, required: true}
      price: {type: number, minimum: 0, required: true}
      quantity: {type: integer, minimum: 1}
events:
  Order Completed:
    properties:
      order_id: {type: string, required: true}
      checkout_id: string
      total: {type: number, minimum: 0}
      revenue: {type: number, minimum: 0}
      shipping: {type: number, minimum: 0}
      tax: {type: number, minimum: 0}
      discount: {type: number, minimum: 0}
      coupon: {type: string, nullable: true}
      currency: {type: string, pattern: "^[A-Z]{3}$"}
      products: {type: array, items: Product, minItems: 1}
"""


def event_schema() -> dict[str, Any]:
    """The same event as a draft-07 JSON Schema, for fastjsonschema and jsonschema."""
    number = {"type": "number", "minimum": 0}
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "type": "object",
        "additionalProperties": False,
        "required": ["order_id"],
        "properties": {
            "order_id": {"type": "string"},
            "checkout_id": {"type": "string"},
            "total": number, "revenue": number, "shipping": number, "tax": number, "discount": number,
            "coupon": {"type": ["string", "null"]},
            "currency": {"type": "string", "pattern": "^[A-Z]{3}$"},
            "products": {
                "type": "array",
                "minItems": 1,
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["product_id", "price"],
                    "properties": {
                        "product_id": {"type": "string"},
                        "price": number,
                        "quantity": {"type": "integer", "minimum": 1},
                    },
                },
            },
        },
    }
