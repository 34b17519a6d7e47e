"""Segment Protocols plans and plain JSON Schemas → a readable trackgen YAML plan.

Accepted inputs, told apart by shape (the same test Typewriter uses):

- Segment Public API: `{"rules": [RuleV1, ...]}` (also wrapped in `{"data": ...}` as the
  API returns it, or a bare list of rules); the event's schema is the whole message, with
  the event properties under `properties.properties`;
- Typewriter's sanitised `plan.json`: Public API rules whose `jsonSchema` was unwrapped to
  the properties object and carries `eventMetadata {name, type}`;
- Segment Config API (legacy): `{"rules": {"events": [{name, description, version, rules}]}}`;
- plain JSON Schema: one schema per event, either a file holding one schema (its `title`
  or the file name is the event name), a JSON object of event name → schema (what
  `trackgen export --format jsonschema` writes), or a folder of such files.

Only the latest version of each event is kept. Whatever a trackgen plan cannot say
(`not`, `oneOf`, unions, open objects, COMMON / IDENTIFY / GROUP / PAGE / SCREEN rules for
now, ...) is reported as a warning naming its JSON pointer and position, never dropped
silently. The plan is written by `yaml_writer` and read back with trackgen's own loader
before anyone sees it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable
from urllib.parse import unquote

from ..diagnostics import Diagnostics, Span
from ..plan import parse_plan
from ..plan.ir import FORMATS
from ..plan.lower import BUILTIN_TYPES, FORMAT_VERSION
from .export import DEPRECATION_PREFIX, EXTENSION
from .json_source import JsonSource, JsonSyntaxError, child_pointer, parse_json
from .yaml_writer import FlowMap, Spaced, dump

MAX_INPUT_BYTES = 64 * 1024 * 1024
NOT_DEPRECATED = "0001-01-01T00:00:00"
"""Segment's Public API fills `deprecatedAt` with the zero time when a rule is current."""

# Diagnostic codes of this module (TG800-TG849).
CANNOT_READ = "TG800"
NOT_JSON = "TG801"
UNKNOWN_SHAPE = "TG802"
RULE_SKIPPED = "TG803"
OLDER_VERSION = "TG804"
DUPLICATE = "TG805"
LABELS = "TG806"
KEYWORD_DROPPED = "TG810"
UNION = "TG811"
FORMAT_DROPPED = "TG812"
ENUM_DROPPED = "TG813"
OPEN_OBJECT = "TG814"
BAD_REF = "TG815"
CONST_DROPPED = "TG816"
REQUIRED_UNDECLARED = "TG817"
TYPE_RENAMED = "TG819"
MESSAGE_RULES = "TG820"
BAD_VALUE = "TG821"
PLAN_PROBLEMS = "TG840"

ANNOTATIONS = ("description", "deprecated", "$comment", EXTENSION, "id", "$id", "$schema", "title")
"""Keywords that carry no validation; `id`/`$id`/`$schema` are dropped without a word
(Segment fills `id` with the property's own path), the others are kept or reported."""

_UNSUPPORTED = {
    "not": "`not` (a schema the value must not match)",
    "oneOf": "`oneOf` (a choice of schemas)",
    "anyOf": "`anyOf` (a choice of schemas)",
    "allOf": "`allOf` (a combination of schemas)",
    "if": "`if`/`then`/`else`",
    "then": "`if`/`then`/`else`",
    "else": "`if`/`then`/`else`",
    "multipleOf": "`multipleOf`",
    "uniqueItems": "`uniqueItems`",
    "contains": "`contains`",
    "additionalItems": "`additionalItems`",
    "patternProperties": "`patternProperties`",
    "propertyNames": "`propertyNames`",
    "dependencies": "`dependencies`",
    "minProperties": "`minProperties`",
    "maxProperties": "`maxProperties`",
    "default": "`default` (a documentation value)",
    "examples": "`examples` (documentation values)",
    "readOnly": "`readOnly`",
    "writeOnly": "`writeOnly`",
    "contentMediaType": "`contentMediaType`",
    "contentEncoding": "`contentEncoding`",
}

_KIND_KEYWORDS = {
    "string": ("format", "pattern", "minLength", "maxLength", "enum", "const"),
    "integer": ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "enum", "const"),
    "number": ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "enum", "const"),
    "boolean": ("enum", "const"),
    "array": ("items", "minItems", "maxItems"),
    "object": ("properties", "required", "additionalProperties"),
    "any": (),
}
_FITS: dict[str, Callable[[Any], bool]] = {
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: type(v) is int,
    "number": lambda v: type(v) in (int, float),
    "boolean": lambda v: isinstance(v, bool),
}
_JSON_TYPES = ("string", "integer", "number", "boolean", "array", "object", "null")
_SHORT_DESCRIPTION = 60


@dataclass
class ImportResult:
    text: str
    source_kind: str
    events: int
    types: int
    diagnostics: Diagnostics = field(default_factory=Diagnostics)


@dataclass
class _Root:
    """A schema document `$ref`s resolve in: a rule's `jsonSchema` or a schema file."""

    source: JsonSource
    pointer: str
    schema: dict[str, Any]
    names: dict[str, str | None] = field(default_factory=dict)
    """Definition name in this root → named type in the plan (None while converting)."""


@dataclass
class _Rule:
    """One event rule of a Segment plan, before versions are sorted out."""

    key: Any
    version: Any
    pointer: str
    root: _Root
    description: str | None
    deprecated: bool
    typewriter: bool


@dataclass
class _Event:
    name: str
    doc: dict[str, Any]
    source: JsonSource
    pointer: str


class _Importer:
    def __init__(self, diagnostics: Diagnostics) -> None:
        self.d = diagnostics
        self.types: dict[str, Any] = {}
        self.type_keys: dict[str, str] = {}
        self.events: dict[str, _Event] = {}
        self.name: str | None = None
        self.plan_description = ""

    # -- reporting -------------------------------------------------------------------

    def warn(self, source: JsonSource, pointer: str, code: str, message: str, hint: str = "") -> None:
        self.d.warning(code, source.span(pointer), f"{pointer or '/'}: {message}", hint)

    def dropped(self, root: _Root, pointer: str, keyword: str, why: str = "") -> None:
        what = _UNSUPPORTED.get(keyword, f"the keyword `{keyword}`")
        reason = why or "a trackgen plan has no equivalent"
        self.warn(root.source, child_pointer(pointer, keyword), KEYWORD_DROPPED, f"{what} was not imported: {reason}")

    # -- shapes ----------------------------------------------------------------------

    def document(self, source: JsonSource) -> str | None:
        """Import one JSON document; returns the name of its shape, or None if unknown."""
        data = source.data
        pointer = ""
        if isinstance(data, dict) and isinstance(data.get("data"), dict):
            data, pointer = data["data"], "/data"
        if isinstance(data, dict) and isinstance(data.get("trackingPlan"), dict) and "rules" not in data:
            data, pointer = data["trackingPlan"], pointer + "/trackingPlan"
        if isinstance(data, list) and all(isinstance(r, dict) and "jsonSchema" in r for r in data):
            self.public_api(source, data, pointer)
            return "Segment Public API rules"
        if isinstance(data, dict) and isinstance(data.get("rules"), list):
            self.plan_metadata(data, "name")
            typewriter = any(isinstance(r, dict) and isinstance(r.get("jsonSchema"), dict) and "eventMetadata" in r["jsonSchema"] for r in data["rules"])
            self.public_api(source, data["rules"], pointer + "/rules")
            return "Typewriter plan.json" if typewriter else "Segment Public API tracking plan"
        if isinstance(data, dict) and isinstance(data.get("rules"), dict):
            self.plan_metadata(data, "display_name")
            self.config_api(source, data["rules"], pointer + "/rules")
            return "Segment Config API tracking plan"
        if isinstance(data, dict) and _looks_like_schema(data):
            name = data.get("title") if isinstance(data.get("title"), str) and data.get("title") else Path(source.file).stem
            self.schema_event(source, str(name), data, "", title_is_name=True)
            return "JSON Schema"
        if isinstance(data, dict) and data and all(isinstance(v, dict) for v in data.values()):
            for key, schema in data.items():
                self.schema_event(source, key, schema, child_pointer("", key))
            return "JSON Schemas by event name"
        return None

    def plan_metadata(self, data: dict[str, Any], name_key: str) -> None:
        if self.name is None and isinstance(data.get(name_key), str) and data[name_key].strip():
            self.name = data[name_key].strip()
        if not self.plan_description and isinstance(data.get("description"), str):
            self.plan_description = data["description"]

    def public_api(self, source: JsonSource, rules: list[Any], pointer: str) -> None:
        candidates: list[_Rule] = []
        for index, rule in enumerate(rules):
            at = child_pointer(pointer, index)
            if not isinstance(rule, dict) or not isinstance(rule.get("jsonSchema"), dict):
                self.warn(source, at, UNKNOWN_SHAPE, "not a tracking-plan rule (no `jsonSchema` object); skipped")
                continue
            schema = rule["jsonSchema"]
            metadata = schema["eventMetadata"] if isinstance(schema.get("eventMetadata"), dict) else {}
            rule_type = str(metadata.get("type") or rule.get("type") or "TRACK").upper()
            if rule_type != "TRACK":
                self.skipped_rule(source, at, rule_type)
                continue
            if "newKey" in rule:
                self.warn(source, child_pointer(at, "newKey"), KEYWORD_DROPPED, "`newKey` (a pending rename) was not imported; the plan keeps `key`")
            deprecated_at = rule.get("deprecatedAt")
            candidates.append(_Rule(
                key=metadata["name"] if isinstance(metadata.get("name"), str) else rule.get("key"),
                version=rule.get("version", 1),
                pointer=at,
                root=_Root(source, child_pointer(at, "jsonSchema"), schema),
                description=None,
                deprecated=isinstance(deprecated_at, str) and bool(deprecated_at) and not deprecated_at.startswith(NOT_DEPRECATED),
                typewriter="eventMetadata" in schema,
            ))
        self.latest_versions(candidates)

    def config_api(self, source: JsonSource, rules: dict[str, Any], pointer: str) -> None:
        for section, what in (("identify_traits", "IDENTIFY"), ("group_traits", "GROUP"), ("global", "COMMON")):
            if rules.get(section):
                self.skipped_rule(source, child_pointer(pointer, section), what)
        events = rules.get("events")
        if not isinstance(events, list):
            self.warn(source, pointer, UNKNOWN_SHAPE, "no `events` list in the Config API rules")
            return
        candidates: list[_Rule] = []
        for index, event in enumerate(events):
            at = child_pointer(pointer + "/events", index)
            if not isinstance(event, dict) or not isinstance(event.get("rules"), dict):
                self.warn(source, at, UNKNOWN_SHAPE, "not an event rule (no `rules` object); skipped")
                continue
            description = event.get("description")
            candidates.append(_Rule(
                key=event.get("name"),
                version=event.get("version", 1),
                pointer=at,
                root=_Root(source, at + "/rules", event["rules"]),
                description=description if isinstance(description, str) else None,
                deprecated=False,
                typewriter=False,
            ))
        self.latest_versions(candidates)

    def latest_versions(self, candidates: list[_Rule]) -> None:
        """Import the highest version of each event, in the order events first appear."""
        latest: dict[str, _Rule] = {}
        for rule in candidates:
            source = rule.root.source
            if not isinstance(rule.key, str) or not rule.key:
                self.warn(source, rule.pointer, UNKNOWN_SHAPE, "a TRACK rule without a name (`key`); skipped")
                continue
            if type(rule.version) is not int or rule.version < 1:
                self.warn(source, rule.pointer + "/version", BAD_VALUE, f"version {rule.version!r} is not a whole number of 1 or more; read as 1")
                rule.version = 1
            kept = latest.get(rule.key)
            if kept is not None and rule.version == kept.version:
                self.warn(source, rule.pointer, DUPLICATE, f"a second rule for {rule.key!r} version {rule.version}; the later one is imported")
            elif kept is not None:
                older, newer = (kept, rule) if rule.version > kept.version else (rule, kept)
                self.warn(source, older.pointer, OLDER_VERSION, f"version {older.version} of {rule.key!r} was not imported; the plan keeps version {newer.version}")
                if newer is kept:
                    continue
            latest[rule.key] = rule  # a dict keeps the first appearance's place
        for key, rule in latest.items():
            if rule.typewriter:
                self.typewriter_event(rule.root, key, rule.version, rule.deprecated)
            else:
                self.message_event(rule.root, key, rule.version, rule.deprecated, rule.description)

    def skipped_rule(self, source: JsonSource, pointer: str, rule_type: str) -> None:
        if rule_type == "COMMON":
            message = "a COMMON rule (checks on every message) was not imported: trackgen plans describe events"
        else:
            message = f"an {rule_type} rule was not imported: this trackgen imports TRACK rules (events) only for now"
        self.warn(source, pointer, RULE_SKIPPED, message)

    # -- events ----------------------------------------------------------------------

    def message_event(self, root: _Root, key: str, version: int, deprecated: bool, description: str | None, title_ok: bool = False) -> None:
        """A rule whose schema describes the whole message: properties under `properties.properties`."""
        schema, at = root.schema, root.pointer
        props: dict[str, Any] = schema["properties"] if isinstance(schema.get("properties"), dict) else {}
        context_schema: dict[str, Any] | None = None
        for name, value in props.items():
            if name == "properties" or (name in ("context", "traits") and value in ({}, {"type": "object"}, True)):
                continue
            if name == "context" and isinstance(value, dict) and isinstance(value.get("properties"), dict):
                context_schema = value  # fields the plan places in context (e.g. B2B groupId)
                continue
            self.warn(root.source, child_pointer(at + "/properties", name), MESSAGE_RULES, f"rules on the message's `{name}` were not imported: a trackgen event describes its `properties`")
        required = schema.get("required", [])
        for index, name in enumerate(required if isinstance(required, list) else []):
            if name != "properties" and not (name == "context" and context_schema is not None):
                self.warn(root.source, child_pointer(at + "/required", index), MESSAGE_RULES, f"the message's `{name}` being required was not imported")
        self.root_keywords(root, ("properties", "required", "type", "labels", "definitions", "$defs"), title_ok=title_ok)
        inner = props.get("properties", {})
        inner_at = at + "/properties/properties"
        if not isinstance(inner, dict):
            self.warn(root.source, inner_at, BAD_VALUE, "the event's properties schema is not an object; the event is imported without properties")
            inner = {}
        if description is None:
            description = self.text(root, schema, at, "description")
        for keyword in inner:
            if keyword in ("type", "properties", "required", "additionalProperties", "id", "$id"):
                continue
            if keyword == "description" and inner[keyword] in ("", description):
                continue
            self.dropped(root, inner_at, keyword, "the event's properties object keeps only its properties")
        self.add_event(root, key, version, deprecated, description, inner, inner_at, context=context_schema, context_pointer=at + "/properties/context")

    def typewriter_event(self, root: _Root, key: str, version: int, deprecated: bool) -> None:
        """A rule Typewriter unwrapped: the schema is the properties object itself."""
        self.root_keywords(root, ("properties", "required", "type", "additionalProperties", "labels", "definitions", "$defs", "eventMetadata"))
        description = self.text(root, root.schema, root.pointer, "description")
        self.add_event(root, key, version, deprecated, description, root.schema, root.pointer)

    def schema_event(self, source: JsonSource, key: str, schema: Any, pointer: str, title_is_name: bool = False) -> None:
        """A plain JSON Schema of an event's properties object."""
        if not isinstance(schema, dict):
            self.warn(source, pointer, UNKNOWN_SHAPE, f"the schema of {key!r} is not a JSON object; skipped")
            return
        root = _Root(source, pointer, schema)
        if _describes_a_message(schema):  # a Segment-style schema of the whole message
            self.message_event(root, key, 1, False, None, title_ok=title_is_name or schema.get("title") == key)
            return
        self.root_keywords(root, ("properties", "required", "type", "additionalProperties", "definitions", "$defs"), title_ok=title_is_name or schema.get("title") == key, version_ok=True)
        extension: dict[str, Any] = schema[EXTENSION] if isinstance(schema.get(EXTENSION), dict) else {}
        version = extension.get("version")
        if version is not None and (type(version) is not int or version < 1):
            self.warn(source, f"{pointer}/{EXTENSION}/version", BAD_VALUE, f"version {version!r} is not a whole number of 1 or more; left out")
            version = None
        description = self.text(root, schema, pointer, "description")
        context = extension.get("context")
        self.add_event(
            root, key, version, False, description, schema, pointer, explicit_version=True,
            context=context if isinstance(context, dict) else None, context_pointer=f"{pointer}/{EXTENSION}/context",
        )

    def text(self, root: _Root, schema: dict[str, Any], pointer: str, keyword: str) -> str:
        value = schema.get(keyword, "")
        if isinstance(value, str):
            return value
        self.warn(root.source, child_pointer(pointer, keyword), BAD_VALUE, f"`{keyword}` is not text; left out")
        return ""

    def root_keywords(self, root: _Root, handled: tuple[str, ...], title_ok: bool = False, version_ok: bool = False) -> None:
        """Report what the event level of a rule or schema holds that the plan cannot keep."""
        schema = root.schema
        labels = schema.get("labels")
        if isinstance(labels, dict) and labels:
            shown = ", ".join(f"{k}: {v}" for k, v in labels.items())
            self.warn(root.source, root.pointer + "/labels", LABELS, f"labels ({shown}) were not imported: trackgen plans have no labels", "keep them as words in the event's description if they matter")
        extension = schema.get(EXTENSION)
        if isinstance(extension, dict):
            for name in extension:
                if name not in ("identifier", "context") and not (version_ok and name == "version"):
                    self.warn(root.source, f"{root.pointer}/{EXTENSION}/{name}", KEYWORD_DROPPED, f"unknown `{EXTENSION}` entry `{name}` was not imported")
        if "title" in schema and not title_ok:
            self.warn(root.source, root.pointer + "/title", KEYWORD_DROPPED, f"the title {schema['title']!r} was not imported; the event keeps its name")
        comment = schema.get("$comment")
        if comment is not None and not (schema.get("deprecated") is True and isinstance(comment, str) and comment.startswith(DEPRECATION_PREFIX)):
            self.dropped(root, root.pointer, "$comment", "comments are not kept")
        for keyword in schema:
            if keyword not in handled and keyword not in ANNOTATIONS:
                self.dropped(root, root.pointer, keyword)

    def add_event(
        self,
        root: _Root,
        key: str,
        version: int | None,
        deprecated: bool,
        description: str,
        properties: dict[str, Any],
        pointer: str,
        explicit_version: bool = False,
        context: dict[str, Any] | None = None,
        context_pointer: str = "",
    ) -> None:
        self.definitions(root)
        doc: dict[str, Any] = {}
        if description:
            doc["description"] = description
        if version is not None and (version > 1 or explicit_version):
            doc["version"] = version
        note = self.deprecation(root, root.schema, root.pointer)
        if note is not None or deprecated:
            doc["deprecated"] = note if note else True
        identifier = self.identifier(root, root.schema, root.pointer)
        if identifier is not None:
            doc["identifier"] = identifier
        if properties.get("type", "object") not in ("object", ["object"]):
            self.warn(root.source, pointer + "/type", BAD_VALUE, f"the event's properties must be an object, not {json.dumps(properties.get('type'))}; read as an object")
        props = self.object_properties(root, properties, pointer, event=True)
        if props:
            doc["properties"] = props
        if context is not None:
            fields = self.object_properties(root, {**context, "additionalProperties": False}, context_pointer, event=True)
            if fields:
                doc["context"] = fields
        if key in self.events:
            self.warn(root.source, root.pointer, DUPLICATE, f"the event {key!r} appears again; the later one is imported")
        self.events[key] = _Event(key, doc, root.source, root.pointer)

    # -- named types -----------------------------------------------------------------

    def definitions(self, root: _Root) -> None:
        """Every definition of a root becomes a named type, used or not."""
        for section in ("definitions", "$defs"):
            defs = root.schema.get(section)
            if defs is None:
                continue
            if not isinstance(defs, dict):
                self.warn(root.source, child_pointer(root.pointer, section), BAD_VALUE, f"`{section}` is not an object; left out")
                continue
            for name in defs:
                self.named(root, section, name)

    def named(self, root: _Root, section: str, name: str) -> str | None:
        """The plan's name for definition `name` of `root`, converting it on first use."""
        key = f"{section}/{name}"
        if key in root.names:
            found = root.names[key]
            if found is None:
                self.warn(root.source, child_pointer(child_pointer(root.pointer, section), name), BAD_REF, f"the type {name!r} refers to itself; the inner use is imported as `any`", "a tracking plan describes finite JSON")
            return found
        pointer = child_pointer(child_pointer(root.pointer, section), name)
        schema = root.schema[section][name]
        canonical = json.dumps(schema, sort_keys=True)
        wanted = name if name and name not in BUILTIN_TYPES else f"{name or 'Unnamed'} type"
        if wanted != name:
            self.warn(root.source, pointer, TYPE_RENAMED, f"the definition {name!r} was imported as the named type {wanted!r}: {name!r} is a built-in type name" if name else "an unnamed definition was imported as 'Unnamed type'")
        final = wanted
        suffix = 2
        while final in self.type_keys and self.type_keys[final] != canonical:
            final = f"{wanted} {suffix}"
            suffix += 1
        if final != wanted:
            self.warn(root.source, pointer, TYPE_RENAMED, f"another definition named {wanted!r} differs from this one; this one was imported as {final!r}")
        if final in self.type_keys:
            root.names[key] = final
            return final
        root.names[key] = None
        self.type_keys[final] = canonical
        self.types[final] = None  # reserve the name while converting
        doc = self.type_doc(root, schema, pointer)
        self.types[final] = self.expand(doc)
        root.names[key] = final
        return final

    def resolve_ref(self, root: _Root, ref: Any, pointer: str) -> str | None:
        if not isinstance(ref, str):
            self.warn(root.source, pointer, BAD_REF, "`$ref` is not text; imported as `any`")
            return None
        match = re.fullmatch(r"#/(definitions|\$defs)/([^/]*)", ref)
        if match is None:
            self.warn(root.source, pointer, BAD_REF, f"the reference {ref!r} was not followed: only `#/definitions/NAME` references become named types; imported as `any`")
            return None
        section = match.group(1)
        name = unquote(match.group(2)).replace("~1", "/").replace("~0", "~")
        defs = root.schema.get(section)
        if not isinstance(defs, dict) or name not in defs:
            self.warn(root.source, pointer, BAD_REF, f"the reference {ref!r} points to no definition; imported as `any`")
            return None
        return self.named(root, section, name)

    # -- types -----------------------------------------------------------------------

    def type_doc(self, root: _Root, schema: Any, pointer: str) -> dict[str, Any]:
        """A type as a plan mapping (`{type: ..., ...}`), before shorthand compaction."""
        if schema is True or schema == {}:
            return {"type": "any"}
        if schema is False:
            self.warn(root.source, pointer, KEYWORD_DROPPED, "the schema `false` (no value is valid) was imported as `any`")
            return {"type": "any"}
        if not isinstance(schema, dict):
            self.warn(root.source, pointer, BAD_VALUE, f"a schema must be an object, not {json.dumps(schema)}; imported as `any`")
            return {"type": "any"}
        description = self.description(root, schema, pointer)
        if "$ref" in schema:
            return self.ref_doc(root, schema, pointer, description)
        nullable_of = _nullable_choice(schema)
        if nullable_of is not None:
            keyword, index = nullable_of
            inner = self.type_doc(root, schema[keyword][index], f"{pointer}/{keyword}/{index}")
            inner["nullable"] = True
            if description:
                inner["description"] = description
            for other in schema:
                if other not in (keyword, "description") and other not in ANNOTATIONS:
                    self.dropped(root, pointer, other, f"it stands beside `{keyword}`")
            return inner
        kind, nullable = self.kind(root, schema, pointer)
        doc: dict[str, Any] = {"type": kind}
        if nullable and kind != "any":
            doc["nullable"] = True
        allowed = _KIND_KEYWORDS[kind]
        for keyword in schema:
            if keyword in ANNOTATIONS or keyword == "type" or keyword in allowed:
                continue
            if keyword in _UNSUPPORTED:
                self.dropped(root, pointer, keyword)
            elif any(keyword in words for words in _KIND_KEYWORDS.values()):
                self.dropped(root, pointer, keyword, f"it does not apply to a value of type {kind}")
            else:
                self.dropped(root, pointer, keyword, "it is not a JSON Schema keyword trackgen knows")
        if kind == "string":
            self.string_keywords(root, schema, pointer, doc)
        if kind in ("integer", "number"):
            self.number_keywords(root, schema, pointer, doc, kind)
        if kind in ("string", "integer", "number", "boolean"):
            self.enum_const(root, schema, pointer, doc, kind)
        if kind == "array":
            self.array_keywords(root, schema, pointer, doc)
        if kind == "object":
            self.object_keywords(root, schema, pointer, doc)
        if description:
            doc["description"] = description
        return doc

    def ref_doc(self, root: _Root, schema: dict[str, Any], pointer: str, description: str) -> dict[str, Any]:
        name = self.resolve_ref(root, schema["$ref"], pointer + "/$ref")
        for other in schema:
            if other not in ("$ref", "description") and other not in ANNOTATIONS:
                self.dropped(root, pointer, other, "JSON Schema draft-07 ignores keywords beside `$ref`")
        doc: dict[str, Any] = {"type": name if name is not None else "any"}
        if description:
            doc["description"] = description
        return doc

    def kind(self, root: _Root, schema: dict[str, Any], pointer: str) -> tuple[str, bool]:
        raw = schema.get("type")
        if raw is None:
            return _infer_kind(schema), False
        names = raw if isinstance(raw, list) else [raw]
        if not names or not all(isinstance(n, str) and n in _JSON_TYPES for n in names):
            self.warn(root.source, pointer + "/type", BAD_VALUE, f"unknown type {json.dumps(raw)}; imported as `any`")
            return "any", False
        nullable = "null" in names
        rest = sorted(set(n for n in names if n != "null"), key=names.index)
        if "enum" in schema and isinstance(schema["enum"], list) and None not in schema["enum"]:
            nullable = False  # null is listed as a type, but the enum does not allow it
        if not rest:
            self.warn(root.source, pointer + "/type", UNION, "the type `null` alone cannot be expressed; imported as `any`")
            return "any", False
        if set(rest) == {"integer", "number"}:
            rest = ["number"]
        if len(rest) > 1:
            self.warn(root.source, pointer + "/type", UNION, f"the union of types {', '.join(rest)} cannot be expressed; imported as `any`", "split the property, or narrow it to one type")
            return "any", False
        return rest[0], nullable

    def description(self, root: _Root, schema: dict[str, Any], pointer: str) -> str:
        value = schema.get("description", "")
        if not isinstance(value, str):
            self.warn(root.source, pointer + "/description", BAD_VALUE, "the description is not text; left out")
            return ""
        title = schema.get("title")
        if title is not None:
            self.warn(root.source, pointer + "/title", KEYWORD_DROPPED, f"the title {title!r} was not imported: trackgen types have descriptions only")
        for keyword in ("$comment",):
            comment = schema.get(keyword)
            if comment is not None and not (schema.get("deprecated") is True and isinstance(comment, str) and comment.startswith(DEPRECATION_PREFIX)):
                self.dropped(root, pointer, keyword, "comments are not kept")
        return value

    def string_keywords(self, root: _Root, schema: dict[str, Any], pointer: str, doc: dict[str, Any]) -> None:
        fmt = schema.get("format")
        if fmt is not None:
            if fmt in FORMATS:
                doc["format"] = fmt
            else:
                self.warn(root.source, pointer + "/format", FORMAT_DROPPED, f"the format {fmt!r} was not imported; trackgen knows {', '.join(FORMATS)}")
        pattern = schema.get("pattern")
        if pattern is not None:
            if not isinstance(pattern, str):
                self.warn(root.source, pointer + "/pattern", BAD_VALUE, "the pattern is not text; left out")
            else:
                try:
                    re.compile(pattern)
                    doc["pattern"] = pattern
                except re.error as exc:
                    self.warn(root.source, pointer + "/pattern", BAD_VALUE, f"the pattern {pattern!r} is not a valid regular expression ({exc.msg}); left out")
        for keyword in ("minLength", "maxLength"):
            self.count(root, schema, pointer, doc, keyword)

    def count(self, root: _Root, schema: dict[str, Any], pointer: str, doc: dict[str, Any], keyword: str) -> None:
        value = schema.get(keyword)
        if value is None:
            return
        if type(value) is float and value.is_integer():
            value = int(value)
        if type(value) is int and value >= 0:
            doc[keyword] = value
        else:
            self.warn(root.source, f"{pointer}/{keyword}", BAD_VALUE, f"`{keyword}` must be a whole number of 0 or more, not {json.dumps(value)}; left out")

    def number_keywords(self, root: _Root, schema: dict[str, Any], pointer: str, doc: dict[str, Any], kind: str) -> None:
        for keyword in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
            value = schema.get(keyword)
            if value is None:
                continue
            if isinstance(value, bool) and keyword.startswith("exclusive"):  # draft-04 style
                bound = "minimum" if keyword == "exclusiveMinimum" else "maximum"
                if value and isinstance(schema.get(bound), (int, float)) and not isinstance(schema.get(bound), bool):
                    doc[keyword] = schema[bound]
                    doc.pop(bound, None)
                continue
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                self.warn(root.source, f"{pointer}/{keyword}", BAD_VALUE, f"`{keyword}` must be a number, not {json.dumps(value)}; left out")
                continue
            if keyword in ("minimum", "maximum") and schema.get("exclusive" + keyword.title()) is True:
                continue  # taken as the exclusive bound above
            doc[keyword] = value

    def enum_const(self, root: _Root, schema: dict[str, Any], pointer: str, doc: dict[str, Any], kind: str) -> None:
        fits = _FITS[kind]
        if "enum" in schema:
            values = schema["enum"]
            at = pointer + "/enum"
            if not isinstance(values, list):
                self.warn(root.source, at, ENUM_DROPPED, "`enum` is not a list; left out")
            else:
                kept: list[Any] = []
                for value in values:
                    if value is not None and not any(type(k) is type(value) and k == value for k in kept):
                        kept.append(value)
                if not kept:
                    self.warn(root.source, at, ENUM_DROPPED, "an `enum` without values was not imported")
                elif not all(fits(v) for v in kept):
                    self.warn(root.source, at, ENUM_DROPPED, f"the enum {json.dumps(values)} mixes values that are not all of type {kind}; left out")
                elif kind in ("string", "integer"):
                    doc["enum"] = kept
                elif len(kept) == 1 and "const" not in schema:
                    doc["const"] = kept[0]
                else:
                    self.warn(root.source, at, ENUM_DROPPED, f"an enum of {kind} values cannot be expressed (enums hold text or whole numbers); left out")
        if "const" in schema:
            value = schema["const"]
            if value is not None and fits(value):
                doc["const"] = value
            else:
                self.warn(root.source, pointer + "/const", CONST_DROPPED, f"the const {json.dumps(value)} is not a single {kind} value; left out")

    def array_keywords(self, root: _Root, schema: dict[str, Any], pointer: str, doc: dict[str, Any]) -> None:
        items = schema.get("items")
        if isinstance(items, list):
            self.warn(root.source, pointer + "/items", KEYWORD_DROPPED, "per-position `items` (a tuple) was not imported; the items are `any`")
        elif items is not None:
            item_doc = self.type_doc(root, items, pointer + "/items")
            if item_doc != {"type": "any"}:
                doc["items"] = self.compact(item_doc)
        for keyword in ("minItems", "maxItems"):
            self.count(root, schema, pointer, doc, keyword)

    def object_keywords(self, root: _Root, schema: dict[str, Any], pointer: str, doc: dict[str, Any]) -> None:
        additional = schema.get("additionalProperties")
        props = self.object_properties(root, schema, pointer, event=False)
        if props:
            doc["properties"] = props
        elif additional is False:
            doc["additionalProperties"] = False
        elif isinstance(additional, dict) and additional:
            values = self.type_doc(root, additional, pointer + "/additionalProperties")
            if values != {"type": "any"}:
                doc["additionalProperties"] = self.compact(values)

    def object_properties(self, root: _Root, schema: dict[str, Any], pointer: str, event: bool) -> dict[str, Any]:
        props = schema.get("properties", {})
        required = schema.get("required", [])
        additional = schema.get("additionalProperties")
        if not isinstance(props, dict):
            self.warn(root.source, pointer + "/properties", BAD_VALUE, "`properties` is not an object; left out")
            props = {}
        if not isinstance(required, list) or not all(isinstance(r, str) for r in required):
            self.warn(root.source, pointer + "/required", BAD_VALUE, "`required` is not a list of names; left out")
            required = []
        for index, name in enumerate(required):
            if name not in props:
                self.warn(root.source, child_pointer(pointer + "/required", index), REQUIRED_UNDECLARED, f"{name!r} is required but not declared; trackgen can only require declared properties, so this was not imported")
        if additional is not None and not isinstance(additional, (bool, dict)):
            self.warn(root.source, pointer + "/additionalProperties", BAD_VALUE, "`additionalProperties` must be true, false or a schema; left out")
        elif (props or event) and (additional is True or isinstance(additional, dict)):
            self.warn(root.source, pointer + "/additionalProperties", OPEN_OBJECT, "undeclared properties are allowed here, but trackgen objects are closed: the generated code reports undeclared keys", "declare the properties you send")
        out: dict[str, Any] = {}
        for name, prop in props.items():
            at = child_pointer(pointer + "/properties", name)
            if name == "":
                self.warn(root.source, at, BAD_VALUE, "a property with an empty name was not imported: plans name every property")
                continue
            doc = self.type_doc(root, prop, at)
            if name in required:
                doc["required"] = True
            if isinstance(prop, dict):
                note = self.deprecation(root, prop, at)
                if note is not None:
                    doc["deprecated"] = note if note else True
                identifier = self.identifier(root, prop, at)
                if identifier is not None:
                    doc["identifier"] = identifier
            out[name] = self.compact(doc)
        return out

    def deprecation(self, root: _Root, schema: dict[str, Any], pointer: str) -> str | None:
        """None when current, else the note (maybe empty), from `deprecated` and `$comment`."""
        flag = schema.get("deprecated")
        if flag is None or flag is False:
            return None
        if flag is not True:
            self.warn(root.source, pointer + "/deprecated", BAD_VALUE, f"`deprecated` must be true or false, not {json.dumps(flag)}; read as true")
        comment = schema.get("$comment")
        if isinstance(comment, str) and comment.startswith(DEPRECATION_PREFIX):
            return comment[len(DEPRECATION_PREFIX):]
        return ""

    def identifier(self, root: _Root, schema: dict[str, Any], pointer: str) -> str | None:
        extension = schema.get(EXTENSION)
        if extension is None:
            return None
        if not isinstance(extension, dict):
            self.warn(root.source, f"{pointer}/{EXTENSION}", BAD_VALUE, f"`{EXTENSION}` is not an object; left out")
            return None
        value = extension.get("identifier")
        if value is not None and not isinstance(value, str):
            self.warn(root.source, f"{pointer}/{EXTENSION}/identifier", BAD_VALUE, "the identifier is not text; left out")
            return None
        return value

    # -- layout ----------------------------------------------------------------------

    def compact(self, doc: dict[str, Any]) -> Any:
        """`{type: X}` alone becomes the shorthand `X`; others stay mappings, flow style if short."""
        if list(doc) == ["type"]:
            return doc["type"]
        return self.expand(doc)

    def expand(self, doc: dict[str, Any]) -> dict[str, Any]:
        order = (
            "type", "nullable", "required", "format", "enum", "const", "pattern", "minLength",
            "maxLength", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
            "minItems", "maxItems", "deprecated", "identifier", "description", "items",
            "additionalProperties", "properties",
        )
        ordered = {k: doc[k] for k in order if k in doc}
        nested = "properties" in ordered or isinstance(ordered.get("items"), dict) or isinstance(ordered.get("additionalProperties"), dict)
        long_text = len(ordered.get("description", "")) > _SHORT_DESCRIPTION * 2
        if nested or long_text:
            return ordered
        return FlowMap(ordered)

    def plan_document(self, name: str) -> dict[Any, Any]:
        document: dict[Any, Any] = {"trackgen": FORMAT_VERSION, "name": name}
        if self.plan_description:
            document["description"] = self.plan_description
        if self.types:
            document["types"] = Spaced({n: self.types[n] for n in sorted(self.types)})
        events = Spaced()
        for key, event in self.events.items():
            events[key] = event.doc
        document["events"] = events
        return document


def _nullable_choice(schema: dict[str, Any]) -> tuple[str, int] | None:
    """`anyOf`/`oneOf` of one schema and `{"type": "null"}`: where the schema is."""
    for keyword in ("anyOf", "oneOf"):
        choices = schema.get(keyword)
        if isinstance(choices, list) and len(choices) == 2 and {"type": "null"} in choices:
            index = 1 if choices[0] == {"type": "null"} else 0
            if choices[index] != {"type": "null"}:
                return keyword, index
    return None


def _infer_kind(schema: dict[str, Any]) -> str:
    """A schema without `type`: structural keywords decide, otherwise any value is valid."""
    if "properties" in schema or "additionalProperties" in schema:
        return "object"
    if "items" in schema:
        return "array"
    values = schema["enum"] if isinstance(schema.get("enum"), list) else [schema["const"]] if "const" in schema else []
    kinds = {"boolean" if isinstance(v, bool) else "integer" if type(v) is int else "number" if type(v) is float else "string" if isinstance(v, str) else "other" for v in values if v is not None}
    if len(kinds) == 1 and "other" not in kinds:
        return kinds.pop()
    return "any"


_MESSAGE_FIELDS = {"context", "traits", "properties", "event", "type", "userId", "anonymousId", "timestamp", "integrations", "messageId"}


def _describes_a_message(schema: dict[str, Any]) -> bool:
    """A schema whose `properties` are the message's fields, the event's under `properties`."""
    props = schema.get("properties")
    return (
        isinstance(props, dict)
        and isinstance(props.get("properties"), dict)
        and set(props) <= _MESSAGE_FIELDS
        and bool(set(props) & {"context", "traits"} or schema.get("required") == ["properties"])
    )


def _looks_like_schema(data: dict[str, Any]) -> bool:
    return any(k in data for k in ("$schema", "type", "properties", "$ref", "definitions", "required"))


def _read_json(path: Path, shown: str, d: Diagnostics) -> JsonSource | None:
    try:
        size = path.stat().st_size
        if size > MAX_INPUT_BYTES:
            d.error(CANNOT_READ, Span(shown, 1, 1), f"the file is {size:,} bytes; the limit is {MAX_INPUT_BYTES:,}")
            return None
        data = path.read_bytes()
    except OSError as exc:
        d.error(CANNOT_READ, Span(shown, 1, 1), f"cannot read the file: {exc.strerror}", "check the path and its permissions")
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        d.error(NOT_JSON, Span(shown, line, 1), f"the file is not UTF-8 (byte 0x{data[exc.start]:02x})", "save it as UTF-8 JSON")
        return None
    text = text[1:] if text.startswith("\ufeff") else text
    return _parse(text, shown, d)


def _parse(text: str, shown: str, d: Diagnostics) -> JsonSource | None:
    try:
        source = parse_json(text, shown)
    except JsonSyntaxError as exc:
        at = JsonSource(shown, text).span_at(exc.offset)
        d.error(NOT_JSON, at, f"not valid JSON: {exc.message}", "import reads JSON files: a Segment tracking plan or JSON Schemas")
        return None
    for pointer, offset in source.duplicates:
        d.warning(DUPLICATE, source.span_at(offset), f"{pointer}: duplicate key; the last one was imported")
    return source


def import_sources(sources: list[JsonSource], diagnostics: Diagnostics, name: str | None, out_name: str, header: list[str]) -> ImportResult | None:
    """Import parsed JSON documents into one plan; None when nothing could be imported."""
    importer = _Importer(diagnostics)
    kinds: list[str] = []
    for source in sources:
        kind = importer.document(source)
        if kind is None:
            diagnostics.error(
                UNKNOWN_SHAPE, source.span(""),
                "not a tracking plan trackgen can import",
                "expected a Segment Public API or Config API tracking plan, a Typewriter plan.json, or JSON Schemas (one per event)",
            )
            return None
        if kind not in kinds:
            kinds.append(kind)
    if not importer.events:
        where = sources[0].span("") if sources else Span(out_name, 1, 1)
        diagnostics.error(UNKNOWN_SHAPE, where, "found no events to import", "import reads TRACK rules and event schemas")
        return None
    plan_name = name or importer.name or (Path(sources[0].file).stem if sources else "Imported plan")
    document = importer.plan_document(plan_name)
    text = dump(document, header=header)
    loaded = Diagnostics()
    if parse_plan(text, out_name, loaded) is None:
        for item in loaded.items:
            diagnostics.items.append(item)
        diagnostics.error(
            PLAN_PROBLEMS, Span(out_name, 1, 1),
            "the imported plan has problems trackgen reports; it was written so you can fix them",
            f"edit {out_name}, then run `trackgen validate {out_name}`",
        )
    return ImportResult(text, " + ".join(kinds), len(importer.events), len(importer.types), diagnostics)


def import_path(path: Path, diagnostics: Diagnostics, shown: str, name: str | None = None, out_name: str = "plan.yaml") -> ImportResult | None:
    """Import a file, or every `*.json` file in a folder (sorted by name)."""
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix == ".json" and p.is_file())
        if not files:
            diagnostics.error(CANNOT_READ, Span(shown, 1, 1), "the folder holds no .json files")
            return None
        shown_files = [f"{shown.rstrip('/')}/{p.name}" for p in files]
        name = name or path.resolve().name
    else:
        files, shown_files = [path], [shown]
    sources: list[JsonSource] = []
    for file, file_shown in zip(files, shown_files):
        source = _read_json(file, file_shown, diagnostics)
        if source is not None:
            sources.append(source)
    if len(sources) != len(files):
        return None
    header = [f"Imported from {shown} by `trackgen import`.", "Edit freely: this file is now the plan; `trackgen validate` checks it."]
    return import_sources(sources, diagnostics, name, out_name, header)


def import_text(text: str, file: str = "plan.json", name: str | None = None, out_name: str = "plan.yaml") -> tuple[ImportResult | None, Diagnostics]:
    """Import JSON text (for tests and the library API)."""
    diagnostics = Diagnostics()
    source = _parse(text, file, diagnostics)
    if source is None:
        return None, diagnostics
    header = [f"Imported from {file} by `trackgen import`.", "Edit freely: this file is now the plan; `trackgen validate` checks it."]
    return import_sources([source], diagnostics, name, out_name, header), diagnostics


__all__ = ["ImportResult", "import_path", "import_text"]
