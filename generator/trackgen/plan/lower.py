"""Plan nodes → IR, reporting every shape problem on the way (never only the first).

Shape means "is this node what the plan format allows here": known keys, values of the
right kind, named types that exist and do not form cycles. Meaning checks that need the
whole IR (reserved properties, contradictory bounds) live in `check.py`.
"""

from __future__ import annotations

import dataclasses
import difflib
from typing import Callable

from pathlib import Path

from ..diagnostics import Diagnostics, Span
from .include import Includer, Source, merge_event, pick_events
from .ir import FORMATS, Event, Plan, Property, Type
from .load import Entry, Mapping, Node, Scalar, Sequence, load_text

FORMAT_VERSION = 1
BUILTIN_TYPES = ("string", "integer", "number", "boolean", "object", "array", "any")

TYPE_KEYS = (
    "type", "nullable", "description", "enum", "const", "pattern", "format",
    "minLength", "maxLength", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
    "properties", "items", "minItems", "maxItems", "additionalProperties",
)
PROPERTY_KEYS = TYPE_KEYS + ("required", "deprecated", "identifier")
EVENT_KEYS = ("description", "properties", "context", "version", "deprecated", "identifier")
TOP_KEYS = ("trackgen", "name", "description", "include", "types", "events", "identify", "group", "pages", "screens")
PAGE_KEYS = ("description", "category", "properties", "context", "version", "deprecated", "identifier")
TRAITS_KEYS = ("description", "traits", "context")

_APPLIES: dict[str, tuple[str, ...]] = {
    "enum": ("string", "integer"),
    "pattern": ("string",),
    "format": ("string",),
    "minLength": ("string",),
    "maxLength": ("string",),
    "minimum": ("integer", "number"),
    "maximum": ("integer", "number"),
    "exclusiveMinimum": ("integer", "number"),
    "exclusiveMaximum": ("integer", "number"),
    "properties": ("object",),
    "additionalProperties": ("object",),
    "items": ("array",),
    "minItems": ("array",),
    "maxItems": ("array",),
}

_BOUND_FIELDS = {
    "minLength": "min_length", "maxLength": "max_length",
    "minimum": "minimum", "maximum": "maximum",
    "exclusiveMinimum": "exclusive_minimum", "exclusiveMaximum": "exclusive_maximum",
    "minItems": "min_items", "maxItems": "max_items",
}


def _describe(node: Node) -> str:
    if isinstance(node, Mapping):
        return "a mapping"
    if isinstance(node, Sequence):
        return "a list"
    value = node.value
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"the boolean {node.text}"
    if isinstance(value, (int, float)):
        return f"the number {node.text}"
    return f"the text {node.text!r}"


class Lowerer:
    def __init__(self, diagnostics: Diagnostics, folder: Path | None = None, stack: tuple[str, ...] = ()) -> None:
        self.d = diagnostics
        self.folder = folder
        self.stack = stack
        self.included_types: dict[str, Type] = {}
        self.type_nodes: dict[str, Entry] = {}
        self.resolved: dict[str, Type | None] = {}
        self.resolving: list[str] = []

    # -- small helpers -------------------------------------------------------------------

    def unknown_keys(self, node: Mapping, allowed: tuple[str, ...], where: str) -> None:
        for entry in node.entries:
            if entry.key not in allowed:
                close = difflib.get_close_matches(entry.key, allowed, n=1)
                hint = f"did you mean `{close[0]}`?" if close else f"allowed here: {', '.join(allowed)}"
                self.d.error("TG201", entry.key_span, f"unknown field {entry.key!r} in {where}", hint)

    def expect_mapping(self, node: Node, what: str) -> Mapping | None:
        if isinstance(node, Mapping):
            return node
        self.d.error("TG202", node.span, f"{what} must be a mapping, not {_describe(node)}", "write it as `key: value` lines")
        return None

    def text(self, entry: Entry | None, what: str, allow_empty: bool = True) -> str:
        if entry is None:
            return ""
        node = entry.value
        if isinstance(node, Scalar) and node.value is None and allow_empty:
            return ""
        if isinstance(node, Scalar) and not isinstance(node.value, bool) and node.value is not None:
            text = node.text if not isinstance(node.value, str) else node.value
            if text or allow_empty:
                return text
            self.d.error("TG202", node.span, f"{what} cannot be empty", "write some text, e.g. `name: My App`")
            return ""
        self.d.error("TG202", node.span, f"{what} must be text, not {_describe(node)}", "quote the value if it looks like a number or a boolean")
        return ""

    def boolean(self, entry: Entry | None, what: str) -> bool:
        if entry is None:
            return False
        node = entry.value
        if isinstance(node, Scalar) and isinstance(node.value, bool):
            return node.value
        self.d.error("TG202", node.span, f"{what} must be true or false, not {_describe(node)}")
        return False

    def count(self, entry: Entry | None, what: str, positive: bool = False) -> int | None:
        if entry is None:
            return None
        node = entry.value
        if isinstance(node, Scalar) and type(node.value) is int and node.value >= (1 if positive else 0):
            return node.value
        need = "a whole number of 1 or more" if positive else "a whole number of 0 or more"
        self.d.error("TG202", node.span, f"{what} must be {need}, not {_describe(node)}")
        return None

    def number(self, entry: Entry, what: str) -> int | float | None:
        node = entry.value
        if isinstance(node, Scalar) and type(node.value) in (int, float):
            value = node.value
            assert isinstance(value, (int, float))
            if value == value and value not in (float("inf"), float("-inf")):
                return value
        self.d.error("TG202", node.span, f"{what} must be a finite number, not {_describe(node)}")
        return None

    def deprecation(self, entry: Entry | None) -> str | None:
        if entry is None:
            return None
        node = entry.value
        if isinstance(node, Scalar) and isinstance(node.value, bool):
            return "" if node.value else None
        if isinstance(node, Scalar) and isinstance(node.value, str):
            return node.value
        self.d.error("TG202", node.span, f"`deprecated` must be true or a note saying what to use instead, not {_describe(node)}")
        return None

    def identifier(self, entry: Entry | None) -> str | None:
        if entry is None:
            return None
        node = entry.value
        if isinstance(node, Scalar) and isinstance(node.value, str) and node.value.isascii() and any(c.isalnum() for c in node.value):
            return node.value
        self.d.error("TG202", node.span, "`identifier` must be ASCII text with at least one letter or digit", "for example `identifier: account_type`")
        return None

    # -- the plan ------------------------------------------------------------------------

    def plan(self, root: Node, source: str) -> Plan | None:
        top = self.expect_mapping(root, "the plan")
        if top is None:
            return None
        self.unknown_keys(top, TOP_KEYS, "the plan")
        version = top.get("trackgen")
        format_version = FORMAT_VERSION
        if version is None:
            self.d.error("TG200", top.span, "missing `trackgen:` (the plan format version)", f"add `trackgen: {FORMAT_VERSION}` as the first line")
        elif not (isinstance(version.value, Scalar) and type(version.value.value) is int and version.value.value == FORMAT_VERSION):
            self.d.error("TG203", version.value.span, f"unsupported plan format version {_describe(version.value)}", f"this trackgen reads `trackgen: {FORMAT_VERSION}`")
        name_entry = top.get("name")
        name = self.text(name_entry, "`name`", allow_empty=False)
        if name_entry is None:
            self.d.error("TG200", top.span, "missing `name:` (the plan's name)", "add `name: My App` near the top")
        types_entry = top.get("types")
        if types_entry is not None:
            types_map = self.expect_mapping(types_entry.value, "`types`") if not _is_null(types_entry.value) else None
            for entry in types_map.entries if types_map else ():
                if entry.key in BUILTIN_TYPES:
                    self.d.error("TG204", entry.key_span, f"a named type cannot be called {entry.key!r}, a built-in type", "choose another name, such as a noun in Title Case")
                    continue
                self.type_nodes[entry.key] = entry
        included = self.includes(top.get("include"))
        named: list[Type] = list(self.included_types.values())
        for type_name in self.type_nodes:
            resolved = self.named_type(type_name)
            if resolved is not None:
                named.append(resolved)
        events_entry = top.get("events")
        events: list[Event] = []
        if events_entry is None and not any(top.get(k) for k in ("identify", "group", "pages", "screens")):
            self.d.error("TG200", top.span, "missing `events:`", "add an `events:` mapping of event names to their properties")
        elif events_entry is not None and not _is_null(events_entry.value):
            events_map = self.expect_mapping(events_entry.value, "`events`")
            for entry in events_map.entries if events_map else ():
                event = self.event(entry)
                if event is not None:
                    events.append(event)
        events = self.merge_included(included, events)
        return Plan(
            name=name,
            source=source,
            events=tuple(events),
            types=tuple(named),
            description=self.text(top.get("description"), "`description`"),
            format_version=format_version,
            identify=self.traits(top.get("identify"), "identify"),
            group=self.traits(top.get("group"), "group"),
            pages=self.named_calls(top.get("pages"), "page"),
            screens=self.named_calls(top.get("screens"), "screen"),
        )

    def includes(self, entry: Entry | None) -> list[Event]:
        """Events (and their named types) from `include:`, filtered as the plan asks."""
        if entry is None:
            return []
        events: list[Event] = []
        seen: dict[str, Span] = {}
        for plan, names, at in Includer(self.d, self.folder, self.stack, self.parse_included).plans(entry):
            for t in plan.types:
                assert t.name is not None
                if t.name in self.type_nodes:
                    self.d.error("TG113", self.type_nodes[t.name].key_span, f"the type {t.name!r} is also defined by {plan.source}", "rename the local type")
                else:
                    self.included_types.setdefault(t.name, t)
            for event in pick_events(plan, names, at, self.d):
                if event.wire_name in seen:
                    self.d.error("TG113", at, f"the event {event.wire_name!r} is included twice", "include it from one place only", related=(seen[event.wire_name],))
                    continue
                seen[event.wire_name] = at
                events.append(event)
        return events

    def parse_included(self, source: Source, stack: tuple[str, ...]) -> Plan | None:
        root = load_text(source.text, source.shown, self.d)
        if root is None:
            return None
        return Lowerer(self.d, source.folder, stack).plan(root, source.shown)

    def merge_included(self, included: list[Event], local: list[Event]) -> list[Event]:
        """Included events first, in their order; a local event of the same name refines one."""
        local_by_name = {e.wire_name: e for e in local}
        merged = [merge_event(e, local_by_name[e.wire_name]) if e.wire_name in local_by_name else e for e in included]
        taken = {e.wire_name for e in included}
        return merged + [e for e in local if e.wire_name not in taken]

    def traits(self, entry: Entry | None, kind: str) -> Event | None:
        """`identify:` or `group:`: the traits those calls carry, typed like properties."""
        if entry is None:
            return None
        if _is_null(entry.value):
            return Event(kind, entry.key_span, kind=kind)  # type: ignore[arg-type]
        node = self.expect_mapping(entry.value, f"`{kind}`")
        if node is None:
            return None
        self.unknown_keys(node, TRAITS_KEYS, f"`{kind}`")
        return Event(
            wire_name=kind,
            span=entry.key_span,
            properties=self.properties(node.get("traits"), f"the {kind} traits"),
            description=self.text(node.get("description"), "`description`"),
            context=self.properties(node.get("context"), f"the context of {kind}"),
            kind=kind,  # type: ignore[arg-type]
        )

    def named_calls(self, entry: Entry | None, kind: str) -> tuple[Event, ...]:
        """`pages:` or `screens:`: each named page or screen with its properties."""
        if entry is None or _is_null(entry.value):
            return ()
        node = self.expect_mapping(entry.value, f"`{kind}s`")
        calls: list[Event] = []
        for item in node.entries if node else ():
            if item.key == "":
                self.d.error("TG217", item.key_span, f"a {kind} name cannot be empty", f"name the {kind}, e.g. `Pricing`")
                continue
            if _is_null(item.value):
                calls.append(Event(item.key, item.key_span, kind=kind))  # type: ignore[arg-type]
                continue
            body = self.expect_mapping(item.value, f"{kind} {item.key!r}")
            if body is None:
                continue
            self.unknown_keys(body, PAGE_KEYS, f"{kind} {item.key!r}")
            category = self.text(body.get("category"), "`category`") or None
            calls.append(
                Event(
                    wire_name=item.key,
                    span=item.key_span,
                    properties=self.properties(body.get("properties"), f"{kind} {item.key!r}"),
                    description=self.text(body.get("description"), "`description`"),
                    version=self.count(body.get("version"), "`version`", positive=True),
                    deprecated=self.deprecation(body.get("deprecated")),
                    identifier=self.identifier(body.get("identifier")),
                    context=self.properties(body.get("context"), f"the context of {kind} {item.key!r}"),
                    kind=kind,  # type: ignore[arg-type]
                    category=category,
                )
            )
        return tuple(calls)

    def event(self, entry: Entry) -> Event | None:
        if entry.key == "":
            self.d.error("TG217", entry.key_span, "an event name cannot be empty", "name the event, e.g. `Order Completed`")
            return None
        if _is_null(entry.value):
            return Event(entry.key, entry.key_span)
        node = self.expect_mapping(entry.value, f"event {entry.key!r}")
        if node is None:
            return None
        self.unknown_keys(node, EVENT_KEYS, f"event {entry.key!r}")
        version = self.count(node.get("version"), "`version`", positive=True)
        return Event(
            wire_name=entry.key,
            span=entry.key_span,
            properties=self.properties(node.get("properties"), f"event {entry.key!r}"),
            description=self.text(node.get("description"), "`description`"),
            version=version,
            deprecated=self.deprecation(node.get("deprecated")),
            identifier=self.identifier(node.get("identifier")),
            context=self.properties(node.get("context"), f"the context of event {entry.key!r}"),
        )

    def properties(self, entry: Entry | None, owner: str) -> tuple[Property, ...]:
        if entry is None or _is_null(entry.value):
            return ()
        node = self.expect_mapping(entry.value, f"`properties` of {owner}")
        if node is None:
            return ()
        result: list[Property] = []
        for prop in node.entries:
            lowered = self.property(prop, owner)
            if lowered is not None:
                result.append(lowered)
        return tuple(result)

    def property(self, entry: Entry, owner: str) -> Property | None:
        if entry.key == "":
            self.d.error("TG217", entry.key_span, f"a property name in {owner} cannot be empty", "give the property a name")
            return None
        what = f"property {entry.key!r}"
        node = entry.value
        if isinstance(node, Mapping):
            self.unknown_keys(node, PROPERTY_KEYS, what)
            fields = _by_key(node)
            prop_type = self.type_of(node, what, fields)
            if prop_type is None:
                return None
            return Property(
                wire_name=entry.key,
                type=prop_type,
                span=entry.key_span,
                required=self.boolean(fields.get("required"), "`required`"),
                description=prop_type.description,
                deprecated=self.deprecation(fields.get("deprecated")),
                identifier=self.identifier(fields.get("identifier")),
            )
        prop_type = self.type_spec(node, what)
        if prop_type is None:
            return None
        return Property(entry.key, prop_type, entry.key_span)

    # -- types -------------------------------------------------------------------------

    def type_spec(self, node: Node, what: str) -> Type | None:
        """A type given as a shorthand name (`string`, `Product`) or as a mapping."""
        if isinstance(node, Scalar) and isinstance(node.value, str):
            return self.type_by_name(node.value, node.span, what)
        if isinstance(node, Mapping):
            self.unknown_keys(node, TYPE_KEYS, what)
            return self.type_of(node, what)
        self.d.error("TG202", node.span, f"{what} must be a type name or a mapping, not {_describe(node)}", "write e.g. `string` or `{type: integer, minimum: 0}`")
        return None

    def type_by_name(self, name: str, span: Span, what: str) -> Type | None:
        if name in BUILTIN_TYPES:
            if name == "object":
                return Type("map", span, values=Type("any", span))
            if name == "array":
                return Type("array", span, items=Type("any", span))
            return Type(name, span)  # type: ignore[arg-type]
        if name in self.included_types and name not in self.type_nodes:
            return dataclasses.replace(self.included_types[name], span=span, description="")
        if name in self.type_nodes:
            resolved = self.named_type(name, span)
            return dataclasses.replace(resolved, span=span, description="") if resolved else None
        candidates = list(BUILTIN_TYPES) + list(self.type_nodes)
        close = difflib.get_close_matches(name, candidates, n=1)
        hint = f"did you mean `{close[0]}`?" if close else "use a built-in type or declare it under `types:`"
        self.d.error("TG204", span, f"unknown type {name!r} in {what}", hint)
        return None

    def named_type(self, name: str, used_at: Span | None = None) -> Type | None:
        if name in self.resolved:
            return self.resolved[name]
        entry = self.type_nodes[name]
        if name in self.resolving:
            cycle = self.resolving[self.resolving.index(name):] + [name]
            self.d.error(
                "TG205", used_at or entry.key_span,
                f"named types refer to each other in a cycle: {' -> '.join(cycle)}",
                "a tracking plan describes finite JSON; break the cycle with a map or an `any` property",
            )
            self.resolved[name] = None
            return None
        self.resolving.append(name)
        lowered = self.type_spec(entry.value, f"type {name!r}")
        self.resolving.pop()
        if name in self.resolved:  # a cycle through this type was reported meanwhile
            return None
        result = dataclasses.replace(lowered, name=name, span=entry.key_span) if lowered else None
        self.resolved[name] = result
        return result

    def type_of(self, node: Mapping, what: str, fields_by_key: dict[str, Entry] | None = None) -> Type | None:
        """The type a mapping declares; `fields_by_key` is `_by_key(node)` when the caller has it."""
        get = (fields_by_key if fields_by_key is not None else _by_key(node)).get
        type_entry = get("type")
        nullable = self.boolean(get("nullable"), "`nullable`")
        description = self.text(get("description"), "`description`")
        kind: str | None = None
        base: Type | None = None
        if type_entry is not None:
            tnode = type_entry.value
            if isinstance(tnode, Sequence):  # JSON Schema style: [string, "null"]
                names = [i.value for i in tnode.items if isinstance(i, Scalar)]
                if "null" in names:
                    nullable = True
                    names = [n for n in names if n != "null"]
                if len(names) != 1 or len(tnode.items) > 2 or not isinstance(names[0], str):
                    self.d.error("TG202", tnode.span, f"{what}: a type list may hold one type and \"null\"", "use `nullable: true` beside a single `type:`")
                    return None
                tname: object = names[0]
            elif isinstance(tnode, Scalar) and isinstance(tnode.value, str):
                tname = tnode.value
            else:
                self.d.error("TG202", tnode.span, f"`type` of {what} must be a type name, not {_describe(tnode)}")
                return None
            assert isinstance(tname, str)
            if tname in BUILTIN_TYPES:
                kind = tname
            else:
                base = self.type_by_name(tname, tnode.span, what)
                if base is None:
                    return None
                extra = [e for e in node.entries if e.key in TYPE_KEYS and e.key not in ("type", "nullable", "description")]
                for e in extra:
                    self.d.error("TG208", e.key_span, f"`{e.key}` cannot be set beside the named type {tname!r}", f"put the constraint on the type {tname!r} itself, or declare a new named type")
                return dataclasses.replace(base, span=node.span, nullable=nullable or base.nullable, description=description or base.description)
        else:
            kind = self.infer_kind(node, what, get)
            if kind is None:
                return None
        for entry in node.entries:
            allowed = _APPLIES.get(entry.key)
            if allowed is not None and kind not in allowed:
                self.d.error("TG208", entry.key_span, f"`{entry.key}` does not apply to {_article(kind)} {kind} in {what}", f"`{entry.key}` applies to: {', '.join(allowed)}")
        fields: dict[str, object] = {}
        for key, attr in _BOUND_FIELDS.items():
            found = get(key)
            if found is None or _APPLIES[key].count(kind) == 0:
                continue
            if key in ("minLength", "maxLength", "minItems", "maxItems"):
                fields[attr] = self.count(found, f"`{key}`")
            else:
                fields[attr] = self.number(found, f"`{key}`")
        span = node.span
        common: dict[str, object] = {"kind": kind, "span": span, "nullable": nullable, "description": description}
        # Built once with every field (dataclasses.replace is slow on a big plan's hot path).
        if kind == "string":
            pattern = get("pattern")
            fmt = get("format")
            fields["pattern"] = self.text(pattern, "`pattern`") if pattern else None
            if fmt is not None:
                value = self.text(fmt, "`format`")
                if value and value not in FORMATS:
                    close = difflib.get_close_matches(value, FORMATS, n=1)
                    self.d.error("TG207", fmt.value.span, f"unknown format {value!r}", f"did you mean `{close[0]}`?" if close else f"known formats: {', '.join(FORMATS)}")
                else:
                    fields["format"] = value or None
        if kind in ("string", "integer"):
            fields["enum"] = self.enum(get("enum"), kind)
        const_entry = get("const")
        if const_entry is not None:
            fields["const"] = self.const(const_entry, kind)
        if kind == "object":
            props_entry = get("properties")
            additional = get("additionalProperties")
            if additional is not None and props_entry is not None and not _is_false(additional.value):
                self.d.error("TG214", additional.key_span, f"{what} has both `properties` and `additionalProperties`", "use `properties` for a fixed shape, or `additionalProperties: TYPE` alone for a map")
                return None
            if props_entry is None or _is_null(props_entry.value):
                values: Type | None
                if additional is None or _is_true(additional.value):
                    values = Type("any", span)
                elif _is_false(additional.value):
                    return Type(**{**common, "kind": "object"}, **fields)  # type: ignore[arg-type]
                else:
                    values = self.type_spec(additional.value, f"values of {what}")
                    if values is None:
                        return None
                return Type(**{**common, "kind": "map"}, values=values, **fields)  # type: ignore[arg-type]
            fields["properties"] = self.properties(props_entry, what)
        if kind == "array":
            items_entry = get("items")
            items = Type("any", span) if items_entry is None else self.type_spec(items_entry.value, f"items of {what}")
            if items is None:
                return None
            fields["items"] = items
        return Type(**common, **fields)  # type: ignore[arg-type]

    def infer_kind(self, node: Mapping, what: str, get: Callable[[str], Entry | None]) -> str | None:
        if get("properties") is not None or get("additionalProperties") is not None:
            return "object"
        if get("items") is not None:
            return "array"
        enum = get("enum")
        if enum is not None and isinstance(enum.value, Sequence) and enum.value.items:
            values = [i.value for i in enum.value.items if isinstance(i, Scalar)]
            # Integers only when every value is one; otherwise text, so YAML's yes/no booleans
            # get the "quote it" hint instead of a confusing "enum does not apply to boolean".
            return "integer" if all(type(v) is int for v in values) else "string"
        const = get("const")
        if const is not None and isinstance(const.value, Scalar):
            value = const.value.value
            if isinstance(value, bool):
                return "boolean"
            if type(value) is int:
                return "integer"
            if isinstance(value, float):
                return "number"
            if isinstance(value, str):
                return "string"
        self.d.error("TG200", node.span, f"{what} has no `type`", "add `type: string` (or integer, number, boolean, object, array, any, or a named type)")
        return None

    def enum(self, entry: Entry | None, kind: str) -> tuple[str | int, ...] | None:
        if entry is None:
            return None
        node = entry.value
        if not isinstance(node, Sequence) or not node.items:
            self.d.error("TG210", node.span, "`enum` must be a non-empty list of values", "write e.g. `enum: [Free, Pro]`")
            return None
        values: list[str | int] = []
        seen: dict[object, Span] = {}
        for item in node.items:
            ok = isinstance(item, Scalar) and (
                (kind == "string" and isinstance(item.value, str))
                or (kind == "integer" and type(item.value) is int)
            )
            if not ok:
                hint = "quote it: YAML reads yes/no/on/off/true/false and numbers as non-text" if kind == "string" else "use whole numbers only"
                self.d.error("TG210", item.span, f"enum value {_describe(item)} is not {_article(kind)} {kind}", hint)
                continue
            assert isinstance(item, Scalar) and isinstance(item.value, (str, int))
            if item.value in seen:
                self.d.error("TG210", item.span, f"duplicate enum value {item.text!r}", "remove the repeated value", related=(seen[item.value],))
                continue
            seen[item.value] = item.span
            values.append(item.value)
        return tuple(values) if values else None

    def const(self, entry: Entry, kind: str) -> str | int | float | bool | None:
        node = entry.value
        checks: dict[str, Callable[[object], bool]] = {
            "string": lambda v: isinstance(v, str),
            "integer": lambda v: type(v) is int,
            "number": lambda v: type(v) in (int, float),
            "boolean": lambda v: isinstance(v, bool),
        }
        check = checks.get(kind)
        if isinstance(node, Scalar) and check is not None and check(node.value):
            assert node.value is not None
            return node.value
        self.d.error("TG211", node.span, f"`const` must be a single {kind} value here, not {_describe(node)}", "`const` applies to string, integer, number and boolean types")
        return None


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def _by_key(node: Mapping) -> dict[str, Entry]:
    """A mapping's entries by key, for many lookups: what `Mapping.get` finds, as the loader
    keeps one entry per key (it drops a duplicate key's value)."""
    return {entry.key: entry for entry in node.entries}


def _is_null(node: Node) -> bool:
    return isinstance(node, Scalar) and node.value is None


def _is_false(node: Node) -> bool:
    return isinstance(node, Scalar) and node.value is False


def _is_true(node: Node) -> bool:
    return isinstance(node, Scalar) and node.value is True


def lower(root: Node, source: str, diagnostics: Diagnostics, folder: Path | None = None, stack: tuple[str, ...] = ()) -> Plan | None:
    return Lowerer(diagnostics, folder, stack).plan(root, source)
