"""The IR as JSON Schema: Segment Protocols rules (`segment`) or one schema per event (`jsonschema`).

Both formats describe an event's `properties` object the same way, so the generated client
and the exported schema agree on what is valid:

- objects with declared properties are closed (`additionalProperties: false`), because the
  generated client refuses undeclared keys;
- nullable types are `["T", "null"]` (an enum also lists `null`); a nullable named type or
  `const` is `anyOf: [..., {"type": "null"}]`, since draft-07 ignores keywords beside `$ref`;
- named types go to `definitions` and are used through `$ref`. Each schema carries the
  definitions it needs, so every rule (or event schema) stands alone. `inline=True`
  writes each use out in full instead, for readers that do not follow `$ref` (Typewriter,
  Protocols' table editor); the type names are then lost;
- deprecation is `deprecated: true` (the draft 2019-09 annotation; draft-07 validators
  ignore it) with the note in `$comment`; what JSON Schema has no word for (explicit
  identifiers, and the event version in the `jsonschema` format) goes under `x-trackgen`.

Output is deterministic: properties, `required` and rules keep plan order, `definitions`
are sorted by name, and every schema node lists its keywords in one fixed order.
"""

from __future__ import annotations

import json
from typing import Any, Literal
from urllib.parse import quote

from ..plan.ir import Event, Plan, Property, Type

DRAFT_07 = "http://json-schema.org/draft-07/schema#"
FORMATS = ("segment", "jsonschema")
ExportFormat = Literal["segment", "jsonschema"]

EXTENSION = "x-trackgen"
"""The keyword holding what JSON Schema cannot say; `trackgen import` reads it back."""

DEPRECATION_PREFIX = "Deprecated: "

_JSON_TYPE = {
    "string": "string",
    "integer": "integer",
    "number": "number",
    "boolean": "boolean",
    "object": "object",
    "map": "object",
    "array": "array",
}


def definition_ref(name: str) -> str:
    """`#/definitions/<name>` as a URI fragment: JSON-pointer escaped, then percent-encoded."""
    pointer = name.replace("~", "~0").replace("/", "~1")
    return "#/definitions/" + quote(pointer, safe="~!$&'()*+,;=:@")


class _Schemas:
    """Builds schema nodes for one rule or event, collecting the named types they use."""

    def __init__(self, plan: Plan, inline: bool = False) -> None:
        self.named = {t.name: t for t in plan.types if t.name is not None}
        self.used: set[str] = set()
        self.inline = inline

    def definitions(self) -> dict[str, Any]:
        done: dict[str, Any] = {}
        while len(done) < len(self.used):  # a definition may use further named types
            for name in sorted(self.used - done.keys()):
                done[name] = self.body(self.named[name])
        return {name: done[name] for name in sorted(done)}

    def type(self, t: Type) -> dict[str, Any]:
        if t.name is None or self.inline:  # a use already holds the named type's constraints
            return self.body(t)
        self.used.add(t.name)
        ref: dict[str, Any] = {"$ref": definition_ref(t.name)}
        out: dict[str, Any] = {"description": t.description} if t.description else {}
        if t.nullable and not self.named[t.name].nullable:
            out["anyOf"] = [ref, {"type": "null"}]
        else:
            out.update(ref)
        return out

    def body(self, t: Type) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if t.description:
            out["description"] = t.description
        json_type = _JSON_TYPE.get(t.kind)
        if t.const is not None and json_type is not None:
            if t.nullable:
                out["anyOf"] = [{"type": json_type, "const": t.const}, {"type": "null"}]
                return out
            out["type"] = json_type
            out["const"] = t.const
        elif json_type is not None:
            out["type"] = [json_type, "null"] if t.nullable else json_type
        if t.format is not None:
            out["format"] = t.format
        if t.enum is not None:
            out["enum"] = list(t.enum) + ([None] if t.nullable else [])
        for key, value in (
            ("pattern", t.pattern),
            ("minLength", t.min_length),
            ("maxLength", t.max_length),
            ("minimum", t.minimum),
            ("maximum", t.maximum),
            ("exclusiveMinimum", t.exclusive_minimum),
            ("exclusiveMaximum", t.exclusive_maximum),
        ):
            if value is not None:
                out[key] = value
        if t.kind == "array":
            assert t.items is not None
            if t.items.kind != "any" or t.items.name is not None or t.items.description:
                out["items"] = self.type(t.items)
            if t.min_items is not None:
                out["minItems"] = t.min_items
            if t.max_items is not None:
                out["maxItems"] = t.max_items
        elif t.kind == "object":
            out.update(self.object(t.properties))
        elif t.kind == "map":
            assert t.values is not None
            if t.values.kind != "any" or t.values.name is not None or t.values.description:
                out["additionalProperties"] = self.type(t.values)
        return out

    def object(self, properties: tuple[Property, ...]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if properties:
            out["properties"] = {p.wire_name: self.property(p) for p in properties}
        required = [p.wire_name for p in properties if p.required]
        if required:
            out["required"] = required
        out["additionalProperties"] = False
        return out

    def property(self, prop: Property) -> dict[str, Any]:
        out = self.type(prop.type)
        _annotate(out, prop.deprecated, {"identifier": prop.identifier})
        return out


def _annotate(schema: dict[str, Any], deprecated: str | None, extension: dict[str, Any]) -> None:
    if deprecated is not None:
        schema["deprecated"] = True
        if deprecated:
            schema["$comment"] = DEPRECATION_PREFIX + deprecated
    kept = {k: v for k, v in sorted(extension.items()) if v is not None}
    if kept:
        schema[EXTENSION] = kept


def segment_rule(plan: Plan, event: Event, inline: bool = False) -> dict[str, Any]:
    """One TRACK rule as Segment's Public API takes it (`RuleInputV1`)."""
    schemas = _Schemas(plan, inline)
    properties = {"type": "object", **schemas.object(event.properties)}
    schema: dict[str, Any] = {"$schema": DRAFT_07, "type": "object"}
    if event.description:
        schema["description"] = event.description
    context: dict[str, Any] = {}
    if event.context:  # fields the plan places in `context`; the rest of context stays open
        context = {"type": "object", **schemas.object(event.context)}
        del context["additionalProperties"]
    schema["properties"] = {"context": context, "traits": {}, "properties": properties}
    required = [name for name, props in (("context", event.context), ("properties", event.properties)) if any(p.required for p in props)]
    if required:
        schema["required"] = required
    definitions = schemas.definitions()
    if definitions:
        schema["definitions"] = definitions
    _annotate(schema, event.deprecated, {"identifier": event.identifier})
    return {"key": event.wire_name, "type": "TRACK", "version": event.version or 1, "jsonSchema": schema}


def event_schema(plan: Plan, event: Event, inline: bool = False) -> dict[str, Any]:
    """A standalone draft-07 schema of one event's `properties` object."""
    schemas = _Schemas(plan, inline)
    schema: dict[str, Any] = {"$schema": DRAFT_07, "title": event.wire_name}
    if event.description:
        schema["description"] = event.description
    schema["type"] = "object"
    schema.update(schemas.object(event.properties))
    definitions = schemas.definitions()
    if definitions:
        schema["definitions"] = definitions
    context = None
    if event.context:  # this format describes `properties` only: context rides along as an extension
        context = {"type": "object", **schemas.object(event.context)}
        del context["additionalProperties"]
    _annotate(schema, event.deprecated, {"identifier": event.identifier, "version": event.version, "context": context})
    return schema


def export_data(plan: Plan, fmt: ExportFormat, inline: bool = False) -> dict[str, Any]:
    if fmt == "segment":
        return {"rules": [segment_rule(plan, e, inline) for e in plan.events]}
    return {e.wire_name: event_schema(plan, e, inline) for e in plan.events}


def export_text(plan: Plan, fmt: ExportFormat, inline: bool = False) -> str:
    """The export as JSON text: two-space indents, UTF-8 as is, one trailing newline."""
    return json.dumps(export_data(plan, fmt, inline), indent=2, ensure_ascii=False) + "\n"
