"""The TypeScript target: naming, type mapping and inline runtime checks for one module.

It mirrors the Python target rule for rule (same checks, same violation messages, same
path style such as `products[0].price must be at least 0`, same violation modes), so
one set of test vectors holds both. Python decides everything here; the template
`templates/typescript/index.ts.jinja` only lays the pieces out.

Output: one file, `<module>.ts` (default `index.ts`), with no runtime imports. Two SDK
flavours share it: `node` (the default; `@segment/analytics-node`'s
`track({event, properties, userId, ...})`) and `browser` (`@segment/analytics-next`'s
`track(event, properties, options)`).

Every call the plan declares gets a function: `trackX(properties, options)` per event,
`identify(traits, options)`, `group(groupId, traits, options)`, `pageX(...)` and
`screenX(...)` per named page and screen (both flavours: analytics-next has `screen()`
too). A call's `context:` fields are passed in the same object as its properties and sent
in the message's `context`.

Every line is built to fit prettier's 80 columns the way prettier lays it out: plan
strings that would make a line too long move into module constants, and whatever still
does not fit is broken where prettier breaks it (`ts_layout.py` decides, with a copy of
prettier's document printer in `ts_doc.py`), so `prettier --check` passes without the
build running prettier.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field

from .. import naming
from ..diagnostics import Diagnostics, Span
from ..plan.formats import FORMAT_PATTERNS
from ..plan.ir import Event, Plan, Property, Type
from ..perf import collector_paused
from ..render import render
from .base import Generated, Identifiers, TargetOptions, plural
from .ts_doc import WIDTH, width
from .ts_layout import (
    NULL,
    Expr,
    TsType,
    alias_lines,
    array_literal,
    call,
    const_lines,
    layout_signature,
    layout_statement,
    member_lines,
    string_literal,
)
from .ts_text import PatternError, doc_lines, js_pattern, js_str, prop_key

DEFAULT_MODULE = "index"
SDKS = ("node", "browser")
DEFAULT_SDK = "node"

# ECMAScript reserved words, strict-mode and TypeScript keywords, and contextual words
# that cannot name a type (`type string = ...` does not compile).
JS_RESERVED = frozenset(
    """
    break case catch class const continue debugger default delete do else enum export
    extends false finally for function if import in instanceof new null return super
    switch this throw true try typeof var void while with yield let static implements
    interface package private protected public await arguments eval
    abstract accessor any as asserts async bigint boolean constructor declare from get
    global infer intrinsic is keyof module namespace never number object of out override
    readonly require satisfies set string symbol type undefined unique unknown
    """.split()
)
# Global objects the generated code uses or a reader expects: a type named `Date` would
# shadow the real one.
JS_GLOBALS = frozenset(
    """
    Array ArrayBuffer BigInt Boolean Date Error Function Infinity JSON Map Math NaN Number
    Object Partial Pick Promise Readonly ReadonlyArray Record RegExp Required Set String
    Symbol TypeError console globalThis
    """.split()
)
# Names the generated module itself defines at top level.
MODULE_NAMES = frozenset(
    """
    AnalyticsClient GroupMessage Identity IdentifyMessage OnViolation PLAN_NAME PageMessage
    TrackMessage TrackOptions Tracker TrackerOptions TrackingPlanViolation configure getTracker
    """.split()
)
RESERVED = JS_RESERVED | JS_GLOBALS | MODULE_NAMES

# Keys every plain object inherits: reading them must look at own properties only, and
# `__proto__` must be written with defineProperty (an assignment would set the prototype).
INHERITED_KEYS = frozenset(
    """
    constructor hasOwnProperty isPrototypeOf propertyIsEnumerable toLocaleString toString
    valueOf __proto__ __defineGetter__ __defineSetter__ __lookupGetter__ __lookupSetter__
    """.split()
)
MAX_SAFE_INTEGER = 2**53 - 1

FUNCTION = naming.Position("camel", RESERVED, prefix_words=("track",))
PAGE_FUNCTION = naming.Position("camel", RESERVED, prefix_words=("page",))
SCREEN_FUNCTION = naming.Position("camel", RESERVED, prefix_words=("screen",))
CALL_FUNCTIONS = {"track": FUNCTION, "page": PAGE_FUNCTION, "screen": SCREEN_FUNCTION}
"""Function names per call kind; identify and group are the functions `identify` and `group`."""
SDK_METHODS = ("track", "identify", "group", "page", "screen")
TYPE_NAME = naming.Position("pascal", RESERVED, digit_prefix="T")


@dataclass(frozen=True)
class Lit:
    """A plan string destined for a TS string literal; hoisted to a constant if a line runs long."""

    text: str


Piece = str | Lit


def py_repr(value: object) -> str:
    """Values inside violation messages are shown as Python shows them, so every
    language produces the same message text (`must be one of 'Free', 'Pro'`)."""
    return repr(value)


@dataclass
class Module:
    """Module-level definitions shared by all events: constants, types and checkers."""

    constants: list[str] = field(default_factory=list)
    constant_names: dict[tuple[str, str], str] = field(default_factory=dict)
    types: list[list[str]] = field(default_factory=list)
    checkers: list["Checker"] = field(default_factory=list)
    uses: set[str] = field(default_factory=set)
    """Runtime helpers the checks call; the template includes only these."""

    def constant(self, kind: str, value: Expr, key: str) -> str:
        """A named module constant for `value`, deduplicated by `key`."""
        if (kind, key) not in self.constant_names:
            name = f"{kind}_{len(self.constant_names) + 1}"
            self.constant_names[(kind, key)] = name
            self.constants.extend(const_lines(f"const {name}", value))
        return self.constant_names[(kind, key)]

    def literal(self, lit: Lit) -> str:
        return self.constant("S", string_literal(js_str(lit.text)), lit.text)

    def string_set(self, items: list[str], element: str) -> str:
        """`new Set<element>([items])`, one constant per distinct list."""
        key = ", ".join(items)
        return self.constant("KEYS" if element == "string" else "ENUM", call(f"new Set<{element}>", [array_literal(items)]), key)


@dataclass
class Checker:
    """A module-level function that checks one object type, shared by all its uses."""

    name: str
    type_name: str
    body: list[str]

    def head(self) -> list[str]:
        params = ["value: unknown", "path: string", "problems: string[]"]
        return layout_signature(f"function {self.name}(", params, "): unknown {", 0)


class Body:
    """Statements of one function body, each laid out to fit 80 columns."""

    def __init__(self, module: Module, indent: int) -> None:
        self.module = module
        self.indent = indent
        self.lines: list[str] = []
        self.counter = 0

    def fresh(self, base: str) -> str:
        self.counter += 1
        return f"{base}{self.counter}"

    def add(self, depth: int, *pieces: Piece) -> None:
        indent = self.indent + 2 * depth
        if len(pieces) == 1 and type(pieces[0]) is str:
            inline = pieces[0]  # a statement without plan strings: most of them
        else:
            inline = "".join([js_str(p.text) if isinstance(p, Lit) else p for p in pieces])
        if indent + (len(inline) if inline.isascii() else width(inline)) <= WIDTH:  # the common case first
            self.lines.append(" " * (2 * depth) + inline)
            return
        hoisted = "".join(self.module.literal(p) if isinstance(p, Lit) else p for p in pieces)
        for line in layout_statement(hoisted, indent):
            self.lines.append(line[self.indent :])


@dataclass(frozen=True)
class Path:
    """A value's location for messages, e.g. `products[0].price`; built only on failure."""

    parts: tuple[Piece, ...]

    def child(self, key: str) -> "Path":
        return Path(self.parts + (Lit("." + key if self.parts else key),))

    def index(self, var: str) -> "Path":
        return Path(self.parts + (Lit("["), var, Lit("]")))

    def key(self, var: str) -> "Path":
        return Path(self.parts + (Lit("["), f"_repr({var})", Lit("]")))

    def expr(self, suffix: str = "") -> tuple[Piece, ...]:
        merged: list[Piece] = []
        for part in self.parts + ((Lit(suffix),) if suffix else ()):
            if isinstance(part, Lit) and merged and isinstance(merged[-1], Lit):
                merged[-1] = Lit(merged[-1].text + part.text)
            else:
                merged.append(part)
        out: list[Piece] = []
        for i, part in enumerate(merged):
            if i:
                out.append(" + ")
            out.append(part)
        return tuple(out)


Store = Callable[[tuple[Piece, ...]], tuple[Piece, ...]]


class TypeScriptTarget:
    name = "typescript"

    def generate(self, plan: Plan, options: TargetOptions) -> Generated:
        with collector_paused():  # see trackgen.perf: millions of short-lived objects
            return _Generator(plan, options).run()


class _Generator:
    def __init__(self, plan: Plan, options: TargetOptions) -> None:
        self.plan = plan
        self.options = options
        self.result = Generated()
        self.d: Diagnostics = self.result.diagnostics
        self.module = Module()
        self.type_names = Identifiers(self.d, "generated TypeScript type names")
        self.named: dict[str, str] = {}
        self.checker_of: dict[str, str] = {}
        self.anonymous: dict[int, tuple[str, str]] = {}
        self.enums: dict[object, str] = {}
        self.sdk = DEFAULT_SDK
        self.live: tuple[set[str], set[int]] | None = None

    # -- types -----------------------------------------------------------------------

    def annotation(self, t: Type, owner: str) -> TsType:
        base = self.base_annotation(t, owner)
        if not t.nullable:
            return base
        return TsType(members=(base.members or (base,)) + (NULL,))

    def base_annotation(self, t: Type, owner: str) -> TsType:
        if t.kind == "object":
            return TsType(self.object_type(t, owner)[0])
        if t.const is not None:
            if _big_integer(t.const):
                return TsType(f"{t.const}n")  # a number literal type would have lost digits
            return TsType(ts_literal(t.const))
        if t.enum is not None:
            return TsType(self.enum_alias(t, owner))
        if t.kind == "string" and t.format == "date-time":
            return TsType(members=(TsType("Date"), TsType("string")))
        if t.kind == "integer":
            return TsType(members=(TsType("number"), TsType("bigint")))
        simple = {"string": "string", "number": "number", "boolean": "boolean", "any": "unknown"}
        if t.kind in simple:
            return TsType(simple[t.kind])
        if t.kind == "array":
            assert t.items is not None
            return TsType(generic="ReadonlyArray", args=(self.annotation(t.items, owner + " item"),))
        assert t.kind == "map" and t.values is not None
        record = TsType(generic="Record", args=(TsType("string"), self.annotation(t.values, owner + " value")))
        return TsType(generic="Readonly", args=(record,))

    def enum_alias(self, t: Type, owner: str) -> str:
        assert t.enum is not None
        cache_key: object = t.name if t.name is not None else id(t)
        if cache_key in self.enums:
            return self.enums[cache_key]
        base = t.name or owner
        name = self.type_names.claim(naming.identifier(base, TYPE_NAME), base, t.span, "type")
        values = tuple(TsType(ts_literal(v)) for v in t.enum)
        self.module.types.append(alias_lines(name, TsType(members=values) if len(values) > 1 else values[0]))
        self.enums[cache_key] = name
        return name

    def object_type(self, t: Type, owner: str) -> tuple[str, str]:
        """The interface name and checker function of an object type (named or anonymous)."""
        if t.name is not None and t.name in self.named:
            return self.named[t.name], self.checker_of[t.name]
        key = id(t)
        if key not in self.anonymous:
            name = self.type_names.claim(naming.identifier(owner, TYPE_NAME), owner, t.span, "object type")
            self.anonymous[key] = (name, "_check" + name)
            self.declare_object(name, t, owner)
        return self.anonymous[key]

    def interface(
        self, name: str, t: Type, owner: str, description: str, extra_doc: list[str] | None = None, context: tuple[Property, ...] = ()
    ) -> list[str]:
        """`export interface`; members in `context` (fields the plan sends in the message's
        context, passed beside the properties) say so in their JSDoc."""
        lines = jsdoc(doc_lines(description) + (extra_doc or []), 0)
        if not t.properties:
            lines.append(f"export interface {name} {{}}")
            return lines
        lines.append(f"export interface {name} {{")
        for prop in t.properties:
            annotation = self.annotation(prop.type, f"{owner} {prop.identifier or prop.wire_name}")
            doc = doc_lines(prop.description)
            if any(prop is c for c in context):
                doc += ([""] if doc else []) + ["Sent in the message's `context`."]
            if prop.deprecated is not None:
                note = doc_lines(prop.deprecated)
                doc += ([""] if doc else []) + ["@deprecated" + (" " + " ".join(note) if note else "")]
            lines.extend(jsdoc(doc, 2))
            lines.extend(member_lines(f"{prop_key(prop.wire_name)}{'' if prop.required else '?'}", annotation, 2))
        lines.append("}")
        return lines

    def declare_object(self, name: str, t: Type, owner: str) -> None:
        """The interface and checker of an object type its caller has already registered
        (`declare_named` for named types, `object_type` for anonymous ones)."""
        checker = "_check" + name
        self.module.types.append(self.interface(name, t, owner, t.description))
        if not self.checked(t):
            return  # no call sends it: a checker nothing calls would fail `noUnusedLocals`
        body = Body(self.module, 2)
        body.add(0, "if (!_isObject(value)) {")
        body.add(1, "problems.push(_expected(path, \"an object\", value));")
        body.add(1, "return value;")
        body.add(0, "}")
        self.emit_object_body(body, t, "value", "out", Path(("path",)))
        body.add(0, "return out;")
        self.module.checkers.append(Checker(checker, name, body.lines))

    def checked(self, t: Type) -> bool:
        """Whether some call's properties hold this object type, so its checker is called."""
        if self.live is None:
            names: set[str] = set()
            ids: set[int] = set()
            seen: set[int] = set()
            stack = [p.type for e in self.plan.calls() for p in e.properties + e.context]
            while stack:
                node = stack.pop()
                if id(node) in seen:
                    continue
                seen.add(id(node))
                if node.kind == "object":
                    if node.name is not None:
                        names.add(node.name)
                    else:
                        ids.add(id(node))
                stack.extend(node.children())
            self.live = (names, ids)
        names, ids = self.live
        return t.name in names if t.name is not None else id(t) in ids

    def declare_named(self) -> None:
        objects = [t for t in self.plan.types if t.kind == "object"]
        for t in objects:  # named before any body is built: a type may use one declared after it
            assert t.name is not None
            self.named[t.name] = self.type_names.claim(naming.identifier(t.name, TYPE_NAME), t.name, t.span, "type")
            self.checker_of[t.name] = "_check" + self.named[t.name]
        for t in objects:
            assert t.name is not None
            self.declare_object(self.named[t.name], t, t.name)

    # -- checks ----------------------------------------------------------------------

    def emit(self, body: Body, depth: int, t: Type, var: str, path: Path, store: Store) -> None:
        """Check `var` against `t`, appending problems, then store its wire value via `store`."""
        if t.nullable:
            body.add(depth, f"if ({var} === null) {{")
            body.add(depth + 1, *store(("null",)))
            body.add(depth, "} else {")
            self.emit_kind(body, depth + 1, t, var, path, store)
            body.add(depth, "}")
            return
        self.emit_kind(body, depth, t, var, path, store)

    def emit_kind(self, body: Body, depth: int, t: Type, var: str, path: Path, store: Store) -> None:
        if t.kind == "object":
            _, checker = self.object_type(t, "Object")
            body.add(depth, *store((f"{checker}({var}, ", *path.expr(), ", problems)")))
            return
        getattr(self, f"emit_{t.kind}")(body, depth, t, var, path, store)

    def type_error(self, body: Body, depth: int, var: str, path: Path, expected: str) -> None:
        body.add(depth, "problems.push(_expected(", *path.expr(), f", {js_str(expected)}, {var}));")

    def fail(self, body: Body, depth: int, path: Path, message: str) -> None:
        body.add(depth, "problems.push(", *path.expr(" " + message), ");")

    def emit_string(self, body: Body, depth: int, t: Type, var: str, path: Path, store: Store) -> None:
        if t.format == "date-time":
            self.module.uses.add("date_time")
            body.add(depth, *store((f"_dateTime({var}, ", *path.expr(), ", problems)")))
            return
        if t.format == "date":
            self.module.uses.add("date")
            body.add(depth, f"if (!_isDate({var})) {{")
            self.type_error(body, depth + 1, var, path, "a date (YYYY-MM-DD)")
            self.constraints(body, depth, t, var, path, length=f"_len({var})")
        else:
            body.add(depth, f"if (typeof {var} !== \"string\") {{")
            self.type_error(body, depth + 1, var, path, "a string")
            self.constraints(body, depth, t, var, path, length=f"_len({var})")
            if t.format is not None:
                regex = self.regex("FORMAT", FORMAT_PATTERNS[t.format], t)
                body.add(depth, f"}} else if (!{regex}.test({var})) {{")
                self.fail(body, depth + 1, path, f"must be a valid {t.format}")
        body.add(depth, "}")
        body.add(depth, *store((var,)))

    def regex(self, kind: str, pattern: str, t: Type) -> str:
        try:
            source = js_pattern(pattern)
        except PatternError as exc:
            self.d.error(
                "TG600", t.span,
                f"the pattern {pattern!r} cannot be used in TypeScript: {exc}",
                "write it in the JSON Schema (ECMA-262) regular expression dialect",
            )
            source = ""
        return self.module.constant(kind, call("new RegExp", [string_literal(js_str(source)), string_literal('"u"')]), pattern)

    def big_integer(self, value: object) -> str:
        """A module constant for an integer a JavaScript number cannot hold exactly."""
        return self.module.constant("BIG", call("BigInt", [string_literal(js_str(str(value)))]), str(value))

    def constraints(self, body: Body, depth: int, t: Type, var: str, path: Path, length: str) -> None:
        if t.const is not None:
            if isinstance(t.const, str):  # plan text: hoisted to a constant if the line runs long
                expected: Piece = Lit(t.const)
            elif _big_integer(t.const):
                expected = self.big_integer(t.const)
            else:
                expected = ts_literal(t.const)
            body.add(depth, f"}} else if ({var} !== ", expected, ") {")
            self.fail(body, depth + 1, path, f"must be {py_repr(t.const)}")
        if t.enum is not None:
            members = self.module.string_set([ts_literal(v) for v in t.enum], "unknown")
            probe = f"_num({var})" if t.kind == "integer" else var
            if t.kind == "integer":
                self.module.uses.add("num")
            body.add(depth, f"}} else if (!{members}.has({probe})) {{")
            shown = ", ".join(py_repr(v) for v in t.enum)
            self.fail(body, depth + 1, path, f"must be one of {shown}")
        if t.min_length is not None or t.max_length is not None:
            self.module.uses.add("len")
        if t.min_length is not None:
            body.add(depth, f"}} else if ({length} < {t.min_length}) {{")
            self.fail(body, depth + 1, path, f"must be at least {t.min_length} characters long")
        if t.max_length is not None:
            body.add(depth, f"}} else if ({length} > {t.max_length}) {{")
            self.fail(body, depth + 1, path, f"must be at most {t.max_length} characters long")
        if t.pattern is not None:
            regex = self.regex("PATTERN", t.pattern, t)
            body.add(depth, f"}} else if (!{regex}.test({var})) {{")
            self.fail(body, depth + 1, path, f"must match the pattern {t.pattern}")
        for op, bound, word in (
            ("<", t.minimum, "at least"),
            (">", t.maximum, "at most"),
            ("<=", t.exclusive_minimum, "greater than"),
            (">=", t.exclusive_maximum, "less than"),
        ):
            if bound is not None:
                literal = ts_number(bound)
                if isinstance(bound, int) and abs(bound) > MAX_SAFE_INTEGER:  # beyond a double's exact range
                    literal = self.big_integer(bound)
                body.add(depth, f"}} else if ({var} {op} {literal}) {{")
                self.fail(body, depth + 1, path, f"must be {word} {py_repr(bound)}")

    def emit_integer(self, body: Body, depth: int, t: Type, var: str, path: Path, store: Store) -> None:
        self.module.uses.update(("integer", "big"))
        body.add(depth, f"if (!_isInteger({var})) {{")
        self.type_error(body, depth + 1, var, path, "an integer")
        self.constraints(body, depth, t, var, path, length="")
        body.add(depth, "}")
        body.add(depth, *store((f"_int({var}, ", *path.expr(), ", problems)")))

    def emit_number(self, body: Body, depth: int, t: Type, var: str, path: Path, store: Store) -> None:
        body.add(depth, f"if (typeof {var} !== \"number\") {{")
        self.type_error(body, depth + 1, var, path, "a number")
        body.add(depth, f"}} else if (!Number.isFinite({var})) {{")
        self.fail(body, depth + 1, path, "must be a finite number (not NaN or infinity)")
        self.constraints(body, depth, t, var, path, length="")
        body.add(depth, "}")
        body.add(depth, *store((var,)))

    def emit_boolean(self, body: Body, depth: int, t: Type, var: str, path: Path, store: Store) -> None:
        body.add(depth, f"if (typeof {var} !== \"boolean\") {{")
        self.type_error(body, depth + 1, var, path, "a boolean")
        if t.const is not None:
            body.add(depth, f"}} else if ({var} !== {ts_literal(t.const)}) {{")
            self.fail(body, depth + 1, path, f"must be {py_repr(t.const)}")
        body.add(depth, "}")
        body.add(depth, *store((var,)))

    def emit_any(self, body: Body, depth: int, t: Type, var: str, path: Path, store: Store) -> None:
        self.module.uses.update(("json", "big", "date_time", "put"))
        body.add(depth, *store((f"_json({var}, ", *path.expr(), ", problems)")))

    def emit_array(self, body: Body, depth: int, t: Type, var: str, path: Path, store: Store) -> None:
        assert t.items is not None
        body.add(depth, f"if (!Array.isArray({var})) {{")
        self.type_error(body, depth + 1, var, path, "a list")
        body.add(depth + 1, *store((var,)))
        body.add(depth, "} else {")
        inner = depth + 1
        if t.min_items is not None:
            body.add(inner, f"if ({var}.length < {t.min_items}) {{")
            self.fail(body, inner + 1, path, f"must have at least {plural(t.min_items, 'item')}")
            body.add(inner, "}")
        if t.max_items is not None:
            body.add(inner, f"if ({var}.length > {t.max_items}) {{")
            self.fail(body, inner + 1, path, f"must have at most {plural(t.max_items, 'item')}")
            body.add(inner, "}")
        out, index, item = body.fresh("a"), body.fresh("i"), body.fresh("e")
        body.add(inner, f"const {out}: unknown[] = [];")
        body.add(inner, f"for (let {index} = 0; {index} < {var}.length; {index}++) {{")
        body.add(inner + 1, f"const {item}: unknown = {var}[{index}];")
        self.emit(body, inner + 1, t.items, item, path.index(index), lambda e: (f"{out}.push(", *e, ");"))
        body.add(inner, "}")
        body.add(inner, *store((out,)))
        body.add(depth, "}")

    def emit_map(self, body: Body, depth: int, t: Type, var: str, path: Path, store: Store) -> None:
        assert t.values is not None
        body.add(depth, f"if (!_isObject({var})) {{")
        self.type_error(body, depth + 1, var, path, "an object")
        body.add(depth + 1, *store((var,)))
        body.add(depth, "} else {")
        self.module.uses.add("put")
        out, key, item = body.fresh("m"), body.fresh("k"), body.fresh("e")
        body.add(depth + 1, f"const {out}: Record<string, unknown> = {{}};")
        body.add(depth + 1, f"for (const {key} of Object.keys({var})) {{")
        body.add(depth + 2, f"const {item}: unknown = {var}[{key}];")
        self.emit(body, depth + 2, t.values, item, path.key(key), lambda e: (f"_put({out}, {key}, ", *e, ");"))
        body.add(depth + 1, "}")
        body.add(depth + 1, *store((out,)))
        body.add(depth, "}")

    def emit_object_body(self, body: Body, t: Type, var: str, out: str, path: Path) -> None:
        """The checks of one object's properties, in a checker function or an event method."""
        self.module.uses.update(("extra", "put"))
        body.add(0, f"const {out}: Record<string, unknown> = {{}};")
        known: list[str] = []
        for prop in t.properties:
            self.property_checks(body, 0, prop, var, out, path)
            known.append(js_str(prop.wire_name))
        keys = self.module.string_set(known, "string")
        body.add(0, f"_extra({var}, {out}, {keys}, ", *(path.expr() or (Lit(""),)), ", problems);")

    def property_checks(self, body: Body, depth: int, prop: Property, var: str, out: str, path: Path) -> None:
        key = Lit(prop.wire_name)
        item = body.fresh("v")
        if prop.wire_name in INHERITED_KEYS:
            self.module.uses.add("own")
            body.add(depth, f"const {item}: unknown = _own({var}, ", key, ");")
        else:
            body.add(depth, f"const {item}: unknown = {var}[", key, "];")
        body.add(depth, f"if ({item} !== undefined) {{")
        if prop.deprecated is not None:
            self.module.uses.add("deprecated")
            body.add(depth + 1, "_deprecated(", Lit(prop.wire_name), ");")
        child = path.child(prop.wire_name)
        if prop.wire_name == "__proto__" and self.sdk == "browser":
            self.d.warning(
                "TG602", prop.span,
                "@segment/analytics-next loses a property named '__proto__': its copy of each event assigns keys, which sets the prototype instead",
                "rename the property, or send it from the server with @segment/analytics-node",
            )
        if prop.wire_name == "__proto__":
            store: Store = lambda e: (f"_put({out}, ", key, ", ", *e, ");")  # noqa: E731
        else:
            store = lambda e: (f"{out}[", key, "] = ", *e, ";")  # noqa: E731
        self.emit(body, depth + 1, prop.type, item, child, store)
        if prop.required:
            body.add(depth, "} else {")
            self.fail(body, depth + 1, child, "is required")
        body.add(depth, "}")

    # -- calls -----------------------------------------------------------------------

    def event(self, event: Event, functions: Identifiers) -> dict[str, object]:
        """One typed call: a track event, identify, group, a named page or screen."""
        kind = event.kind
        if kind in CALL_FUNCTIONS:
            ident = naming.identifier(event.wire_name, CALL_FUNCTIONS[kind], event.identifier)
            fn = functions.claim(ident, event.wire_name, event.span, "event" if kind == "track" else kind)
        else:
            fn = functions.claim(kind, kind, event.span, kind)
        owner = naming.identifier(event.wire_name, TYPE_NAME, event.identifier) or "Event"
        if kind in ("page", "screen"):
            owner += kind.capitalize()
        elif kind in ("identify", "group"):
            owner = kind.capitalize()
        fields = event.properties + event.context
        argument = "traits" if kind in ("identify", "group") else "properties"
        props_type = ""
        if fields:
            # The caller passes context fields beside the properties, in one object keyed
            # by wire name: two fields with one name would be one key.
            by_name = {p.wire_name: p for p in event.properties}
            for field in event.context:
                if field.wire_name in by_name:
                    self.d.error(
                        "TG603", field.span,
                        f"context field {field.wire_name!r} has the name of a property: both would be the key {field.wire_name!r} of the {argument} object of {fn}()",
                        "rename the property or the context field in the plan",
                        related=(by_name[field.wire_name].span,),
                    )
            suffix = " traits" if argument == "traits" else " properties"
            props_type = self.type_names.claim(naming.identifier(owner + suffix, TYPE_NAME), event.wire_name, event.span, kind)
            holder = Type("object", event.span, properties=fields)
            self.module.types.append(self.interface(props_type, holder, owner, "", [interface_doc(event)], event.context))
        body = Body(self.module, 4)
        if event.deprecated is not None:
            self.module.uses.add("deprecated")
            body.add(0, "_deprecated(", Lit(event.wire_name), ");")
        body.add(0, "const problems: string[] = [];")
        context = "undefined"
        if fields:
            self.module.uses.update(("properties", "extra", "put"))
            body.add(0, f"const input = _properties({argument}, {js_str(argument)}, problems);")
            body.add(0, "const props: Record<string, unknown> = {};")
            if event.context:
                context = "planContext"
                body.add(0, "const planContext: Record<string, unknown> = {};")
            for prop in event.properties:
                self.property_checks(body, 0, prop, "input", "props", Path(()))
            for prop in event.context:
                self.property_checks(body, 0, prop, "input", "planContext", Path(()))
            known = [js_str(p.wire_name) for p in fields]
            keys = self.module.string_set(known, "string")
            body.add(0, f"_extra(input, props, {keys}, \"\", problems);")
        else:
            body.add(0, "const props: Record<string, unknown> = {};")
        body.add(0, *self.send_call(event, context))
        params = ["groupId: string"] if kind == "group" else []
        if props_type:
            params.append(f"{argument}: {props_type}")
        params.append("options: TrackOptions" if self.sdk == "node" else "options: TrackOptions = {}")
        return {
            "function": fn,
            "kind": kind,
            "doc": event_doc(event),
            "deprecated": event.deprecated is not None,
            "method_head": layout_signature(f"{fn}(", params, "): R | undefined {", 2),
            "function_head": layout_signature(f"export function {fn}(", params, "): unknown {", 0),
            "call": layout_statement(f"return getTracker().{fn}({', '.join(p.split(':')[0] for p in params)});", 2),
            "body": body.lines,
        }

    def send_call(self, event: Event, context: str) -> tuple[Piece, ...]:
        """`return this._track(...)` and friends: the template's per-call senders, with the
        optional trailing arguments (version, fields for the context) left out when unset."""
        kind = event.kind
        head: list[Piece]
        if kind == "track":
            head = ["_track(", Lit(event.wire_name), ", "]
        elif kind in ("page", "screen"):
            category: Piece = "undefined" if event.category is None else Lit(event.category)
            head = [f"_{kind}(", Lit(event.wire_name), ", ", category, ", "]
        else:
            head = [f"_{kind}(", "groupId, " if kind == "group" else ""]
        tail = [] if kind in ("identify", "group") else ["undefined" if event.version is None else str(event.version)]
        tail.append(context)
        while tail and tail[-1] == "undefined":
            tail.pop()
        rest = "".join(", " + t for t in tail)
        return ("return this.", *head, f"props, problems, options{rest});")

    def run(self) -> Generated:
        sdk = self.options.sdk or DEFAULT_SDK
        if sdk not in SDKS:
            span = Span(self.plan.source, 1, 1)
            self.d.error("TG601", span, f"unknown TypeScript SDK {sdk!r}", f"use `--sdk node` (the default) or `--sdk browser`")
            return self.result
        self.sdk = sdk
        self.declare_named()
        functions = Identifiers(self.d, "generated TypeScript functions")
        events = [self.event(e, functions) for e in self.plan.calls()]
        methods = sorted({e.kind for e in self.plan.calls()} | {"track"}, key=SDK_METHODS.index)
        if self.d.has_errors:
            return self.result
        module = self.options.module or DEFAULT_MODULE
        text = render(
            "typescript/index.ts.jinja",
            plan_name=const_lines("export const PLAN_NAME", string_literal(js_str(self.plan.name))),
            plan_doc=doc_lines(self.plan.name),
            plan_description=doc_lines(self.plan.description),
            source=doc_lines(self.plan.source.replace("\\", "/")),
            sdk=sdk,
            events=events,
            methods=methods,
            client_doc=client_doc(sdk, methods),
            module=self.module,
            uses=self.module.uses,
        )
        self.result.files[f"{module}.ts"] = text
        return self.result


def client_doc(sdk: str, methods: list[str]) -> list[str]:
    """The JSDoc of `AnalyticsClient`: which SDK calls the generated code makes."""
    if sdk == "node":
        calls = ", ".join(f"`{m}(message)`" for m in methods)
        text = f"Anything with `@segment/analytics-node`'s {calls}: its `Analytics`, or your own object (a test double, another SDK with the same calls)."
    else:
        calls = ", ".join(f"`{m}`" for m in methods)
        text = f"Anything with `@segment/analytics-next`'s {calls}: the `AnalyticsBrowser` from `AnalyticsBrowser.load(...)`, or your own object."
    return jsdoc(textwrap.wrap(text, 85, break_on_hyphens=False, break_long_words=False), 0)


def jsdoc(lines: list[str], indent: int) -> list[str]:
    pad = " " * indent
    if not lines:
        return []
    if len(lines) == 1 and not lines[0].startswith("@"):
        return [f"{pad}/** {lines[0]} */"]
    return [f"{pad}/**"] + [f"{pad} * {line}".rstrip() for line in lines] + [f"{pad} */"]


def event_doc(event: Event) -> list[str]:
    """The JSDoc of a call's method and function; the first line reads as the Python docstring's."""
    name = doc_lines(repr(event.wire_name))[0]
    lines = [
        {
            "track": f"Track {name}.",
            "identify": "Identify the user with their traits.",
            "group": "Associate the user with a group, with the group's traits.",
            "page": f"Record a view of the page {name}.",
            "screen": f"Record a view of the screen {name}.",
        }[event.kind]
    ]
    description = doc_lines(event.description)
    if description:
        lines += ["", *description]
    if event.deprecated is not None:
        note = doc_lines(event.deprecated)
        lines += ["", "@deprecated" + (" " + " ".join(note) if note else "")]
    return lines


def interface_doc(event: Event) -> str:
    name = doc_lines(repr(event.wire_name))[0]
    return {
        "track": f"Properties of the {name} event.",
        "identify": "Traits of the user, sent with `identify`.",
        "group": "Traits of the group, sent with `group`.",
        "page": f"Properties of the page {name}.",
        "screen": f"Properties of the screen {name}.",
    }[event.kind]


def _big_integer(value: object) -> bool:
    """An integer a JavaScript number cannot hold exactly: only a bigint can carry it."""
    return isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_SAFE_INTEGER


def ts_literal(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return js_str(value)
    return ts_number(value)


def ts_number(value: object) -> str:
    """A number literal as prettier writes it: `1e-6`, `1e16` (Python writes `1e-06`, `1e+16`)."""
    assert isinstance(value, (int, float)) and not isinstance(value, bool)
    text = repr(value)
    if "e" in text:
        mantissa, exponent = text.split("e")
        sign = "-" if exponent.startswith("-") else ""
        text = f"{mantissa}e{sign}{exponent.lstrip('+-').lstrip('0') or '0'}"
    return text
