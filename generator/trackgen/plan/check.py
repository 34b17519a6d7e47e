"""Meaning checks on a lowered plan: things that are well-formed YAML but wrong for the data.

Every problem is reported with the position of the node it concerns. Named types are
checked once, where they are declared, not at each use.
"""

from __future__ import annotations

import re

from ..diagnostics import Diagnostics
from .ir import Plan, Property, Type
from .patterns import compile_pattern

RESERVED_PROPERTIES = {
    "revenue": ("number", "revenue is a decimal amount in currency units, e.g. 19.99"),
    "value": ("number", "value is an abstract decimal amount, e.g. 10.0"),
    "currency": ("string", "currency is an ISO 4217 code such as USD"),
}


# Reserved identify traits (segment-facts, reserved_fields.json) and the kinds they must have.
# Segment accepts both camelCase and snake_case spellings, so both are held to the type.
RESERVED_TRAITS = {
    "address": ("object", "map"), "age": ("number", "integer"), "avatar": ("string",),
    "birthday": ("string",), "company": ("object", "map"), "createdAt": ("string",),
    "created_at": ("string",), "description": ("string",), "email": ("string",),
    "firstName": ("string",), "first_name": ("string",), "gender": ("string",), "id": ("string",),
    "lastName": ("string",), "last_name": ("string",), "name": ("string",), "phone": ("string",),
    "title": ("string",), "username": ("string",), "website": ("string",),
}


def check_plan(plan: Plan, diagnostics: Diagnostics) -> None:
    for named in plan.types:
        _check_type(named, diagnostics, top=True)
    for call in plan.calls():
        for prop in call.properties + call.context:
            if call.kind == "track":
                _check_reserved(prop, diagnostics)
            elif call.kind == "identify":
                _check_reserved_trait(prop, diagnostics)
            _check_type(prop.type, diagnostics)


def _check_reserved_trait(prop: Property, d: Diagnostics) -> None:
    kinds = RESERVED_TRAITS.get(prop.wire_name)
    if kinds is None or prop.type.kind in kinds:
        return
    d.error(
        "TG213",
        prop.span,
        f"`{prop.wire_name}` is a reserved identify trait and must be {' or '.join(kinds)}, not {prop.type.kind}",
        "keep the spec's type, or rename the trait if it means something else",
    )


def _check_reserved(prop: Property, d: Diagnostics) -> None:
    reserved = RESERVED_PROPERTIES.get(prop.wire_name)
    if reserved is None:
        return
    kind, meaning = reserved
    if prop.type.kind != kind:
        d.error(
            "TG212",
            prop.span,
            f"`{prop.wire_name}` is a reserved Segment property and must be a {kind}, not {prop.type.kind}",
            f"{meaning}; rename the property if it means something else",
        )


def _check_type(t: Type, d: Diagnostics, top: bool = False) -> None:
    if t.name is not None and not top:
        return  # checked where it is declared
    if t.pattern is not None:
        try:
            compile_pattern(t.pattern)
        except re.error as exc:
            where = f" at position {exc.pos}" if exc.pos is not None else ""
            d.error("TG206", t.span, f"invalid regular expression {t.pattern!r}: {exc.msg}{where}", "fix the pattern; it is a JSON Schema (ECMA-262 style) regular expression")
    _check_range(t, d, "minLength", t.min_length, "maxLength", t.max_length)
    _check_range(t, d, "minItems", t.min_items, "maxItems", t.max_items)
    _check_range(t, d, "minimum", t.minimum, "maximum", t.maximum)
    low, low_open = _tighter(t.minimum, t.exclusive_minimum, lower=True)
    high, high_open = _tighter(t.maximum, t.exclusive_maximum, lower=False)
    if low is not None and high is not None and low == high and (low_open or high_open):
        d.error("TG209", t.span, f"the bounds leave no valid value (lower {low}, upper {high}, one of them exclusive)", "loosen one of the bounds")
    elif low is not None and high is not None and low > high and (low_open or high_open):
        d.error("TG209", t.span, f"the bounds leave no valid value (lower {low}, upper {high})", "loosen one of the bounds")
    if t.kind == "integer" and t.enum is not None:
        outside = [v for v in t.enum if isinstance(v, int) and not _within(t, v)]
        if outside:
            d.error("TG209", t.span, f"enum values {outside} fall outside the declared bounds", "fix the bounds or the enum")
    if t.const is not None and t.enum is not None and t.const not in t.enum:
        d.error("TG209", t.span, f"`const` {t.const!r} is not one of the enum values", "drop one of the two; `const` alone is enough")
    for child in t.children():
        _check_type(child, d)


def _check_range(t: Type, d: Diagnostics, low_name: str, low: float | None, high_name: str, high: float | None) -> None:
    if low is not None and high is not None and low > high:
        d.error("TG209", t.span, f"`{low_name}` ({low}) is greater than `{high_name}` ({high})", f"make `{low_name}` at most `{high_name}`")


def _tighter(inclusive: float | None, exclusive: float | None, lower: bool) -> tuple[float | None, bool]:
    """The bound that decides, and whether it is exclusive: of `minimum: -1.5` and
    `exclusiveMinimum: -2`, the inclusive -1.5 (a value of exactly -1.5 is allowed)."""
    if exclusive is None:
        return inclusive, False
    if inclusive is None:
        return exclusive, True
    if lower:
        return (exclusive, True) if exclusive >= inclusive else (inclusive, False)
    return (exclusive, True) if exclusive <= inclusive else (inclusive, False)


def _within(t: Type, v: float) -> bool:
    return not (
        (t.minimum is not None and v < t.minimum)
        or (t.maximum is not None and v > t.maximum)
        or (t.exclusive_minimum is not None and v <= t.exclusive_minimum)
        or (t.exclusive_maximum is not None and v >= t.exclusive_maximum)
    )
