"""The JSON Schema of the plan file format, printed by `trackgen schema` for editor completion.

Point the YAML language server at it with a first line like
`# yaml-language-server: $schema=trackgen-plan.schema.json`. The loader remains the
authority (it also checks meaning: bounds, regexes, reserved names); this schema gives
editors completion, hover text and early red squiggles.
"""

from __future__ import annotations

from typing import Any

from .ir import FORMATS
from .lower import BUILTIN_TYPES

_DESCRIPTION = {"type": "string", "description": "Free text shown in generated docstrings and docs."}
_DEPRECATED = {
    "description": "Mark as deprecated: `true`, or a note saying what to use instead.",
    "oneOf": [{"type": "boolean"}, {"type": "string"}],
}
_IDENTIFIER = {
    "type": "string",
    "pattern": "^[\\x20-\\x7e]*[A-Za-z0-9][\\x20-\\x7e]*$",
    "description": "Words to build generated identifiers from instead of the wire name.",
}
_COUNT = {"type": "integer", "minimum": 0}


def plan_schema() -> dict[str, Any]:
    type_ref = {"$ref": "#/$defs/typeSpec"}
    type_name = {
        "type": "string",
        "description": "A built-in type or the name of a type under `types:`.",
        "anyOf": [{"enum": list(BUILTIN_TYPES)}, {"pattern": ".+"}],
    }
    type_fields: dict[str, Any] = {
        "type": {
            "description": "string, integer, number, boolean, object, array, any, or a named type; "
            'a list [T, "null"] means nullable.',
            "anyOf": [type_name, {"type": "array", "items": {"type": "string"}, "maxItems": 2}],
        },
        "nullable": {"type": "boolean", "description": "null is a valid value (unlike optional)."},
        "description": _DESCRIPTION,
        "enum": {"type": "array", "minItems": 1, "items": {"type": ["string", "integer"]}},
        "const": {"type": ["string", "integer", "number", "boolean"]},
        "pattern": {"type": "string", "description": "Regular expression; matched anywhere (unanchored)."},
        "format": {"enum": list(FORMATS)},
        "minLength": _COUNT,
        "maxLength": _COUNT,
        "minimum": {"type": "number"},
        "maximum": {"type": "number"},
        "exclusiveMinimum": {"type": "number"},
        "exclusiveMaximum": {"type": "number"},
        "properties": {"$ref": "#/$defs/properties"},
        "items": type_ref,
        "minItems": _COUNT,
        "maxItems": _COUNT,
        "additionalProperties": {
            "description": "The value type of a map (string-keyed object).",
            "anyOf": [type_ref, {"type": "boolean"}],
        },
    }
    property_fields = dict(type_fields)
    property_fields.update(
        {
            "required": {"type": "boolean", "description": "The caller must pass it (default false)."},
            "deprecated": _DEPRECATED,
            "identifier": _IDENTIFIER,
        }
    )
    traits = {
        "anyOf": [
            {"type": "null"},
            {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    "description": _DESCRIPTION,
                    "traits": {"$ref": "#/$defs/properties"},
                    "context": {"$ref": "#/$defs/properties"},
                },
            },
        ]
    }
    named_calls = {
        "type": "object",
        "propertyNames": {"minLength": 1},
        "additionalProperties": {
            "anyOf": [
                {"type": "null"},
                {
                    "type": "object",
                    "additionalProperties": False,
                    "properties": {
                        "description": _DESCRIPTION,
                        "category": {"type": "string"},
                        "properties": {"$ref": "#/$defs/properties"},
                        "context": {"$ref": "#/$defs/properties"},
                        "version": {"type": "integer", "minimum": 1},
                        "deprecated": _DEPRECATED,
                        "identifier": _IDENTIFIER,
                    },
                },
            ]
        },
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://trackgen.dev/schema/plan-1.json",
        "title": "trackgen tracking plan",
        "type": "object",
        "required": ["trackgen", "name"],
        "additionalProperties": False,
        "properties": {
            "trackgen": {"const": 1, "description": "Plan format version."},
            "name": {"type": "string", "minLength": 1},
            "description": _DESCRIPTION,
            "include": {
                "type": "array",
                "description": "Bundled specs or other plan files to take events from.",
                "items": {
                    "anyOf": [
                        {"type": "string", "description": "A plan file, relative to this one."},
                        {
                            "type": "object",
                            "additionalProperties": False,
                            "properties": {
                                "spec": {"type": "string", "description": "e.g. segment/ecommerce-v2"},
                                "file": {"type": "string"},
                                "events": {"type": "array", "items": {"type": "string"}},
                            },
                        },
                    ]
                },
            },
            "identify": {**traits, "description": "User traits, typed: identify(user_id=..., ...)."},
            "group": {**traits, "description": "Group traits, typed: group(group_id=..., ...)."},
            "pages": {**named_calls, "description": "Named pages: page_<name>(...)."},
            "screens": {**named_calls, "description": "Named screens: screen_<name>(...)."},
            "types": {
                "type": "object",
                "description": "Named, reusable types.",
                "additionalProperties": type_ref,
                "propertyNames": {"not": {"enum": list(BUILTIN_TYPES)}},
            },
            "events": {
                "type": "object",
                "description": "Event names exactly as sent on the wire.",
                "propertyNames": {"minLength": 1},
                "additionalProperties": {
                    "anyOf": [
                        {"type": "null"},
                        {
                            "type": "object",
                            "additionalProperties": False,
                            "properties": {
                                "description": _DESCRIPTION,
                                "properties": {"$ref": "#/$defs/properties"},
                                "context": {
                                    "$ref": "#/$defs/properties",
                                    "description": "Fields sent in `context`, e.g. groupId.",
                                },
                                "version": {
                                    "type": "integer",
                                    "minimum": 1,
                                    "description": "Sent as context.protocols.event_version.",
                                },
                                "deprecated": _DEPRECATED,
                                "identifier": _IDENTIFIER,
                            },
                        },
                    ]
                },
            },
        },
        "$defs": {
            "typeSpec": {
                "anyOf": [
                    type_name,
                    {"type": "object", "additionalProperties": False, "properties": type_fields},
                ]
            },
            "properties": {
                "type": "object",
                "description": "Property names exactly as sent on the wire.",
                "propertyNames": {"minLength": 1},
                "additionalProperties": {
                    "anyOf": [
                        type_name,
                        {"type": "object", "additionalProperties": False, "properties": property_fields},
                    ]
                },
            },
        },
    }
