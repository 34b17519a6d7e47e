"""Hypothesis strategies for random VALID tracking plans full of hostile strings.

A plan is drawn as plain data (the plan format's dict shape) and dumped with
`yaml.safe_dump`, so every string reaches trackgen through real YAML quoting and escaping.
Each type comes with a strategy for values that satisfy it, drawn as pairs
`(argument, wire value)`: what a caller passes and what must arrive in the payload. The
harness calls every generated event with such arguments and compares the payload.

Strings are hostile wherever the format allows a string: quotes of every kind, backslashes,
triple quotes, comment closers, template and string interpolation openers, `</script>`,
newlines, NUL and other control characters, bidi overrides, emoji, lone surrogates,
keywords of Python, TypeScript, JavaScript, Go and Java, and code that would leave a trace
(`SENTINEL`) if any string were ever executed.

Names that must become identifiers (events, top-level properties, named types) keep at
least one ASCII letter or digit and are unique after folding case and separators, so a
plan collides only when the strategy injects a collision on purpose (`Case.collisions`);
then trackgen must answer with a TG400 diagnostic (in TypeScript, property names stay
object keys, so there only an injected event collision must be reported).
"""

from __future__ import annotations

import keyword
import os
import re
import string
import tempfile
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any, Callable

import yaml
from hypothesis import assume
from hypothesis import strategies as st

from trackgen import naming

SENTINEL = os.path.join(tempfile.gettempdir(), f"trackgen-fuzz-pwned-{os.getuid()}")
"""A file that exists only if a plan string was executed somewhere."""
PWNED = "TG_PWNED"
"""A builtins attribute that exists only if a plan string was executed somewhere."""

PAYLOADS = [
    f'"; __import__("builtins").{PWNED} = 1; "',
    f"'; __import__('builtins').{PWNED} = 1; '",
    f'"""\n__import__("builtins").{PWNED} = 1\n"""',
    f"'''+__import__('os').mkdir({SENTINEL!r})+'''",
    f'\\"; open({SENTINEL!r}, "w") #',
    f"\n{PWNED} = 1\n",
    f'" + str(__import__("os").mkdir({SENTINEL!r})) + "',
    f'${{require("fs").writeFileSync("{SENTINEL}", "x")}}',
    "`${process.exit(7)}`",
    "*/ process.exit(7); /*",
    "</script><script>alert(1)</script>",
    "{{ 7 * 7 }}{% raw %}{# x #}",
    f"\\\n{PWNED} = 1",
    'f"{__import__(\'os\').getcwd()}"',
    # JavaScript / TypeScript: out of a string, a template, a comment, a line, a script tag
    f'"+(globalThis.{PWNED}=1)+"',
    f"'+(globalThis.{PWNED}=1)+'",
    f"`+(globalThis.{PWNED}=1)+`",
    f"${{globalThis.{PWNED}=1}}",
    f"*/ globalThis.{PWNED} = 1; /*",
    f"\n globalThis.{PWNED} = 1; //",
    f"\u2028globalThis.{PWNED} = 1; //",
    f'\\"]; globalThis.{PWNED} = 1; //',
    f"/; globalThis.{PWNED} = 1; //",
    f"</script><script>globalThis.{PWNED}=1</script><!--",
]
FRAGMENTS = [
    '"', "'", "`", "\\", '"""', "'''", "*/", "/*", "//", "#", "${", "}", "#{", "{", "%s", "{0}",
    "</script>", "<!--", "-->", "\n", "\r", "\r\n", "\t", "\x00", "\x01", "\x1b", "\x7f", "\x85",
    "\u2028", "\u2029", "\u202e", "\u200b", "\u200d", "\ufeff", "\ufffe",
    "😀", "👩‍👩‍👧", "🏳️‍🌈", "é", "e\u0301", "ǅ", "ß", "İ", "ı", "ﬀ", "Ω", "Ａ", "٣", "日本",
    "\\n", "\\x00", "\\u0000", "\\N{BULLET}", "\\\\", "\\'", '\\"', " ", "  ", "-", "_", ".",
    ":", ": ", "- ", "? ", "&a", "*a", "!!str", "|", ">", "%", "@", "~", "null", "yes", "no",
    "on", "0x1F", "1e3", ".inf", ".nan", "0o17", "-0", "=", "==", "++", "!", "<<",
]
KEYWORDS = sorted(
    set(keyword.kwlist) | set(keyword.softkwlist) | {
        # builtins and names the Python module itself uses
        "self", "cls", "type", "str", "int", "len", "dict", "list", "print", "object", "Any",
        "Literal", "TypedDict", "Tracker", "UNSET", "Unset", "configure", "logger", "re",
        "math", "sys", "datetime", "date", "timezone", "Decimal", "user_id", "anonymous_id",
        "context", "timestamp", "integrations", "message_id", "track", "__init__", "__class__",
        # TypeScript / JavaScript
        "function", "var", "let", "const", "delete", "new", "typeof", "instanceof", "void",
        "this", "enum", "interface", "implements", "package", "private", "protected", "public",
        "static", "yield", "await", "async", "export", "default", "extends", "super",
        "constructor", "prototype", "__proto__", "undefined", "NaN", "Infinity", "arguments",
        "eval", "declare", "namespace", "module", "require", "readonly", "keyof", "never",
        "unknown", "symbol", "bigint", "any", "number", "boolean", "string",
        # Go and Java
        "func", "chan", "defer", "go", "map", "range", "select", "struct", "fallthrough",
        "goto", "abstract", "byte", "char", "double", "final", "float", "long", "native",
        "short", "strictfp", "synchronized", "throws", "transient", "volatile",
    }
)
BUILTIN_TYPE_NAMES = {"string", "integer", "number", "boolean", "object", "array", "any"}
RESERVED_PROPERTIES = {"revenue", "value", "currency"}

# Any code point but lone surrogates, which neither UTF-8 files nor YAML escapes can carry.
_anything = st.characters(blacklist_categories=("Cs",))
_pieces = st.one_of(
    st.sampled_from(FRAGMENTS),
    st.sampled_from(KEYWORDS),
    st.sampled_from(PAYLOADS),
    st.text(_anything, min_size=1, max_size=4),
    st.text(string.ascii_letters + string.digits + " _-", min_size=1, max_size=8),
)
hostile_text = st.lists(_pieces, max_size=5).map("".join)
"""Any string at all, most of them nasty."""
_decor = st.lists(
    st.one_of(st.sampled_from([f for f in FRAGMENTS if not any(c.isascii() and c.isalnum() for c in f)]),
              st.sampled_from(["😀", "日本", "\u202e", "!!", "??", "—", "…", "\"'\\"])),
    max_size=2,
).map("".join)
"""Text without ASCII letters or digits: it decorates a name without changing its identifier."""


def fold(name: str) -> str:
    """What an identifier in any naming style depends on; equal folds may collide."""
    return "".join(naming.split_words(name))


def words_of(name: str) -> list[str]:
    return naming.split_words(name)


@st.composite
def identifier_name(draw: st.DrawFn) -> str:
    """A hostile name that still yields an identifier (it has ASCII letters or digits)."""
    core = draw(st.one_of(
        st.sampled_from(KEYWORDS),
        st.text(string.ascii_letters + string.digits, min_size=1, max_size=10),
        st.builds(
            lambda sep, ws: sep.join(ws),
            st.sampled_from([" ", "_", "-", "", ".", "  "]),
            st.lists(st.text(string.ascii_letters, min_size=1, max_size=6), min_size=2, max_size=3),
        ),
        st.sampled_from(["42_--terrible==\"event'++name~!3", "Über Event", "ÀÉÎõü name", "2fa", "123"]),
        # long names: lines of every length around black's 88 columns
        st.text(string.ascii_lowercase + " ", min_size=30, max_size=100).filter(lambda t: t.strip()),
    ))
    return draw(_decor) + core + draw(_decor)


def collision_of(name: str, rnd: Callable[[list[str]], str]) -> str | None:
    """Another wire name made of exactly the same words, so every target must report it."""
    words = words_of(name)
    if not words:
        return None
    variants = [
        " ".join(words), "_".join(words), "-".join(words), ".".join(words).upper(),
        naming.camel(words), naming.pascal(words), " ".join(w.upper() for w in words),
        "!" + "__".join(words) + "!", "😀 " + " ".join(w.capitalize() for w in words),
    ]
    candidates = [v for v in variants if v != name and words_of(v) == words]
    return rnd(candidates) if candidates else None


class Attrs(dict[str, Any]):
    """A mapping whose key order has no meaning (a type's or property's attributes)."""


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(Attrs, lambda dumper, data: dumper.represent_dict(data.items()))


def reorder(value: Any) -> Any:
    """The same plan with the keys of every attribute mapping in reverse order."""
    if isinstance(value, Attrs):
        return Attrs((k, reorder(v)) for k, v in reversed(list(value.items())))
    if isinstance(value, dict):
        return {k: reorder(v) for k, v in value.items()}
    if isinstance(value, list):
        return [reorder(v) for v in value]
    return value


@dataclass(frozen=True)
class Spec:
    """A type in plan form plus a strategy for `(argument, wire value)` pairs it accepts."""

    node: Any
    values: st.SearchStrategy[tuple[Any, Any]]


@dataclass
class Named:
    name: str
    spec: Spec
    object_like: bool


@dataclass
class Call:
    """One call of one event: keyword arguments by wire name and the payload it must produce."""

    properties: dict[str, tuple[Any, Any]]
    context: dict[str, tuple[Any, Any]]


@dataclass
class EventCase:
    wire_name: str
    version: int | None
    properties: list[str]
    context: list[str]
    call: Call


@dataclass
class Case:
    """A drawn plan: its YAML text, the same plan with attribute keys reordered, and calls."""

    plan: dict[str, Any]
    text: str
    reordered_text: str
    events: list[EventCase] = field(default_factory=list)
    collisions: list[tuple[str, str]] = field(default_factory=list)
    """Wire-name pairs injected on purpose to land on one identifier."""
    event_collisions: list[tuple[str, str]] = field(default_factory=list)
    """The pairs of `collisions` that are event names (the others are property names)."""


# -- scalar types --------------------------------------------------------------------------

@st.composite
def string_spec(draw: st.DrawFn) -> Spec:
    fmt = draw(st.sampled_from([None] * 6 + ["email", "uri", "uuid", "date", "date-time"]))
    node = Attrs(type="string")
    if fmt == "date-time":
        node["format"] = fmt
        values = st.builds(
            lambda d, minutes: d.replace(tzinfo=timezone(timedelta(minutes=minutes))),
            st.datetimes(min_value=datetime(1900, 1, 2), max_value=datetime(2200, 1, 1)),
            st.integers(-23 * 60, 23 * 60),
        ).map(lambda d: (d, d.astimezone(timezone.utc).isoformat()))
        return Spec(node, values)
    if fmt == "date":
        node["format"] = fmt
        return Spec(node, st.dates().map(lambda d: (d, d.isoformat())))
    if fmt == "email":
        part = st.text(st.characters(blacklist_characters="@", blacklist_categories=("Zs", "Zl", "Zp", "Cc", "Cs")), min_size=1, max_size=5)
        example = draw(st.builds(lambda a, b, c: f"{a}@{b}.{c}", part, part, part).filter(lambda s: re.search(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", s)))
    elif fmt == "uri":
        example = draw(st.sampled_from(["https://example.com/a?b=c#d", "mailto:x@y.z", "urn:isbn:0451450523", 'x:"\'\\*/${}']))
    elif fmt == "uuid":
        example = str(draw(st.uuids()))
    else:
        example = draw(hostile_text)
    if fmt:
        node["format"] = fmt
    choice = draw(st.sampled_from(["plain", "enum", "const", "bounded", "pattern", "pattern"]))
    if choice == "enum":
        others = draw(st.lists(hostile_text, max_size=4)) if not fmt else []
        members = list(dict.fromkeys([example, *others]))
        members = draw(st.permutations(members))
        node["enum"] = list(members)
        return Spec(node, st.sampled_from(members).map(lambda v: (v, v)))
    if choice == "const":
        node["const"] = example
        return Spec(node, st.just((example, example)))
    if choice == "bounded":
        if draw(st.booleans()):
            node["minLength"] = draw(st.integers(0, len(example)))
        if draw(st.booleans()):
            node["maxLength"] = draw(st.integers(len(example), len(example) + 5))
    if choice == "pattern":
        node["pattern"] = draw(pattern_for(example))
    if fmt or choice != "plain":
        return Spec(node, st.just((example, example)))
    node_or_short: Any = "string" if draw(st.booleans()) else node
    return Spec(node_or_short, hostile_text.map(lambda v: (v, v)))


@st.composite
def pattern_for(draw: st.DrawFn, example: str) -> str:
    """A valid regular expression, hostile as text, that `example` matches (`re.search`)."""
    escaped = re.escape(example)
    other = re.escape(draw(hostile_text))
    form = draw(st.sampled_from([
        "{e}", "^{e}$", "^(?:{e})", "{e}|{o}", "(?:{o})|(?:{e})", "{e}[\"'\\\\]*", "(?s:.)*{e}",
        "(?P<q>\"?){e}", "\\A{e}", "{e}(?:\"\"\"|'''|\\*/|\\$\\{{)?",
    ]))
    pattern = form.format(e=escaped, o=other)
    re.compile(pattern)
    return pattern


def _number_bounds(draw: st.DrawFn, node: Attrs, example: float | int, as_int: bool) -> None:
    scale = 1.0 if as_int else abs(example) + 1e-6  # relative steps: 1e200 +- 1 is 1e200
    delta = st.integers(0, 1000) if as_int else st.floats(0, 1e3, allow_nan=False).map(lambda f: f * scale)
    strict = st.integers(1, 1000) if as_int else st.floats(1e-6, 1e3, allow_nan=False).map(lambda f: f * scale)
    if draw(st.booleans()):
        node["minimum"] = example - draw(delta)
    if draw(st.booleans()):
        node["maximum"] = example + draw(delta)
    if draw(st.integers(0, 3)) == 0:
        node["exclusiveMinimum"] = example - draw(strict)
    if draw(st.integers(0, 3)) == 0:
        node["exclusiveMaximum"] = example + draw(strict)
    for key in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        value = node.get(key)
        if isinstance(value, float) and not (abs(value) < 1e300):
            del node[key]


@st.composite
def integer_spec(draw: st.DrawFn) -> Spec:
    example = draw(st.one_of(st.integers(-1000, 1000), st.integers(-(2**70), 2**70)))
    node = Attrs(type="integer")
    choice = draw(st.sampled_from(["plain", "enum", "const", "bounded"]))
    if choice == "enum":
        members = list(dict.fromkeys([example, *draw(st.lists(st.integers(-(2**40), 2**40), max_size=4))]))
        node["enum"] = members
        return Spec(node, st.sampled_from(members).map(lambda v: (v, v)))
    if choice == "const":
        node["const"] = example
        return Spec(node, st.just((example, example)))
    if choice == "bounded":
        _number_bounds(draw, node, example, as_int=True)
        return Spec(node, st.just((example, example)))
    return Spec("integer" if draw(st.booleans()) else node, st.integers().map(lambda v: (v, v)))


@st.composite
def number_spec(draw: st.DrawFn) -> Spec:
    finite = st.one_of(st.floats(allow_nan=False, allow_infinity=False), st.integers(-(2**53), 2**53))
    node = Attrs(type="number")
    choice = draw(st.sampled_from(["plain", "const", "bounded", "bounded"]))
    wide = st.one_of(  # plain, tiny and huge magnitudes: repr switches to exponents
        st.floats(-1e12, 1e12, allow_nan=False), st.floats(-1e-4, 1e-4, allow_nan=False),
        st.floats(-1e200, 1e200, allow_nan=False),
    )
    if choice == "const":
        example = draw(st.one_of(wide, st.integers(-1000, 1000)))
        node["const"] = example
        return Spec(node, st.just((example, example)))
    if choice == "bounded":
        example = draw(wide)
        _number_bounds(draw, node, example, as_int=False)
        as_decimal = draw(st.booleans())
        return Spec(node, st.just((Decimal(repr(example)), float(Decimal(repr(example)))) if as_decimal else (example, example)))
    values = st.one_of(finite.map(lambda v: (v, v)), st.decimals(-(10**15), 10**15, allow_nan=False, allow_infinity=False, places=3).map(lambda d: (d, float(d))))
    return Spec("number" if draw(st.booleans()) else node, values)


@st.composite
def boolean_spec(draw: st.DrawFn) -> Spec:
    if draw(st.booleans()):
        value = draw(st.booleans())
        return Spec(Attrs(type="boolean", const=value), st.just((value, value)))
    return Spec(draw(st.sampled_from(["boolean", Attrs(type="boolean")])), st.booleans().map(lambda v: (v, v)))


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | hostile_text,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(hostile_text, children, max_size=3),
    max_leaves=8,
)


def any_spec() -> Spec:
    return Spec(Attrs(type="any"), json_values.map(lambda v: (v, v)))


# -- composite types -----------------------------------------------------------------------

@st.composite
def type_spec(draw: st.DrawFn, depth: int, named: list[Named]) -> Spec:
    kinds = ["string", "string", "integer", "number", "boolean", "any"]
    if depth > 0:
        kinds += ["array", "object", "map"]
    if named:
        kinds += ["named", "named"]
    kind = draw(st.sampled_from(kinds))
    if kind == "string":
        spec = draw(string_spec())
    elif kind == "integer":
        spec = draw(integer_spec())
    elif kind == "number":
        spec = draw(number_spec())
    elif kind == "boolean":
        spec = draw(boolean_spec())
    elif kind == "any":
        spec = any_spec()
    elif kind == "array":
        spec = draw(array_spec(depth - 1, named))
    elif kind == "object":
        spec = draw(object_spec(depth - 1, named))
    elif kind == "map":
        spec = draw(map_spec(depth - 1, named))
    else:
        target = draw(st.sampled_from(named))
        if draw(st.booleans()):
            spec = Spec(target.name, target.spec.values)
        else:
            spec = Spec(Attrs(type=target.name), target.spec.values)
    if draw(st.integers(0, 4)) == 0:
        node = spec.node if isinstance(spec.node, Attrs) else Attrs(type=spec.node)
        node = Attrs(node, nullable=True)
        if draw(st.booleans()):
            node["description"] = draw(hostile_text)
        spec = Spec(node, st.one_of(st.just((None, None)), spec.values))
    return spec


@st.composite
def array_spec(draw: st.DrawFn, depth: int, named: list[Named]) -> Spec:
    items = draw(type_spec(depth, named))
    low = draw(st.integers(0, 2))
    high = draw(st.integers(low, 4))
    node = Attrs(type="array", items=items.node)
    if draw(st.booleans()):
        node["minItems"] = low
    if draw(st.booleans()):
        node["maxItems"] = high
    values = st.lists(items.values, min_size=low, max_size=high).map(
        lambda pairs: ([a for a, _ in pairs], [w for _, w in pairs])
    )
    if draw(st.booleans()):
        values = values.map(lambda pair: (tuple(pair[0]), pair[1]))
    return Spec(node, values)


@st.composite
def map_spec(draw: st.DrawFn, depth: int, named: list[Named]) -> Spec:
    value = draw(type_spec(depth, named))
    node = Attrs(type="object", additionalProperties=value.node)
    values = st.dictionaries(hostile_text, value.values, max_size=3).map(
        lambda d: ({k: a for k, (a, _) in d.items()}, {k: w for k, (_, w) in d.items()})
    )
    return Spec(node, values)


@st.composite
def property_node(draw: st.DrawFn, spec: Spec, required: bool) -> Any:
    """The plan form of one property: the shorthand when nothing else is set, else a mapping."""
    extras = Attrs()
    if required:
        extras["required"] = True
    elif draw(st.integers(0, 3)) == 0:
        extras["required"] = False
    if draw(st.integers(0, 2)) == 0:
        extras["description"] = draw(hostile_text)
    if draw(st.integers(0, 6)) == 0:
        extras["deprecated"] = draw(st.one_of(st.just(True), hostile_text))
    if not extras and isinstance(spec.node, str):
        return spec.node
    base = spec.node if isinstance(spec.node, Attrs) else Attrs(type=spec.node)
    if "description" in base and "description" in extras:
        del extras["description"]
    merged = Attrs({**base, **extras})
    order = draw(st.permutations(list(merged)))
    return Attrs((k, merged[k]) for k in order)


@st.composite
def object_spec(draw: st.DrawFn, depth: int, named: list[Named]) -> Spec:
    """An object with fixed properties; nested property names need no identifier, only uniqueness."""
    names = draw(st.lists(hostile_text.filter(bool), max_size=4, unique=True))
    props: dict[str, Any] = {}
    value_parts: list[tuple[str, bool, st.SearchStrategy[tuple[Any, Any]]]] = []
    for name in names:
        if name in RESERVED_PROPERTIES:
            continue
        spec = draw(type_spec(depth, named))
        required = draw(st.booleans())
        props[name] = draw(property_node(spec, required))
        value_parts.append((name, required, spec.values))
    node = Attrs(type="object", properties=props)
    if draw(st.booleans()) and props:
        del node["type"]  # `properties:` alone makes an object

    @st.composite
    def values(d: st.DrawFn) -> tuple[Any, Any]:
        arg: dict[str, Any] = {}
        wire: dict[str, Any] = {}
        for name, required, strategy in value_parts:
            if required or d(st.booleans()):
                arg[name], wire[name] = d(strategy)
        return arg, wire

    return Spec(node, values())


# -- the plan ------------------------------------------------------------------------------

def _unique_names(draw: st.DrawFn, count: int, taken: set[str], exclude: set[str] = frozenset()) -> list[str]:  # type: ignore[assignment]
    names: list[str] = []
    for _ in range(count):
        name = draw(identifier_name())
        folded = fold(name)
        if not folded or folded in taken or name in exclude or name.strip().lower() in exclude:
            continue
        taken.add(folded)
        names.append(name)
    return names


@st.composite
def plans(draw: st.DrawFn, max_events: int = 4, max_properties: int = 6) -> Case:
    named: list[Named] = []
    types_yaml: dict[str, Any] = {}
    type_names = _unique_names(draw, draw(st.integers(0, 3)), set(), BUILTIN_TYPE_NAMES | {"null"})
    for name in type_names:  # each may use the ones drawn before it; declared in any order
        kind = draw(st.sampled_from(["object", "object", "string", "integer", "array", "map"]))
        if kind == "object":
            spec = draw(object_spec(2, named))
        elif kind == "array":
            spec = draw(array_spec(1, named))
        elif kind == "map":
            spec = draw(map_spec(1, named))
        elif kind == "string":
            spec = draw(string_spec())
        else:
            spec = draw(integer_spec())
        node = spec.node if isinstance(spec.node, Attrs) else Attrs(type=spec.node)
        if draw(st.booleans()):
            node = Attrs(node, description=draw(hostile_text))
        types_yaml[name] = node
        named.append(Named(name, Spec(node, spec.values), kind == "object"))
    declared = draw(st.permutations(list(types_yaml)))
    case_events: list[EventCase] = []
    events_yaml: dict[str, Any] = {}
    collisions: list[tuple[str, str]] = []
    event_collisions: list[tuple[str, str]] = []
    event_names = _unique_names(draw, draw(st.integers(1, max_events)), set())
    if event_names and draw(st.integers(0, 19)) == 0:
        twin = collision_of(event_names[0], lambda c: draw(st.sampled_from(c)))
        if twin is not None and twin not in event_names:
            event_names.append(twin)
            collisions.append((event_names[0], twin))
            event_collisions = [(event_names[0], twin)]
    for event_name in event_names:
        prop_names = _unique_names(draw, draw(st.integers(0, max_properties)), set(), RESERVED_PROPERTIES)
        if prop_names and draw(st.integers(0, 39)) == 0:
            twin = collision_of(prop_names[0], lambda c: draw(st.sampled_from(c)))
            if twin is not None and twin not in prop_names and twin not in RESERVED_PROPERTIES:
                prop_names.append(twin)
                collisions.append((prop_names[0], twin))
        context_names: list[str] = []
        if draw(st.integers(0, 5)) == 0:
            taken = {fold(n) for n in prop_names}
            context_names = _unique_names(draw, draw(st.integers(1, 2)), taken, RESERVED_PROPERTIES)
        event = Attrs()
        if draw(st.booleans()):
            event["description"] = draw(hostile_text)
        version = draw(st.one_of(st.none(), st.integers(1, 2**31)))
        if version is not None:
            event["version"] = version
        if draw(st.integers(0, 6)) == 0:
            event["deprecated"] = draw(st.one_of(st.just(True), hostile_text))
        call = Call({}, {})
        for section, names, sink in (("properties", prop_names, call.properties), ("context", context_names, call.context)):
            if not names:
                continue
            mapping: dict[str, Any] = {}
            for name in names:
                spec = draw(type_spec(3, named))
                required = draw(st.booleans())
                mapping[name] = draw(property_node(spec, required))
                if required or draw(st.booleans()):
                    sink[name] = draw(spec.values)
            event[section] = mapping
        order = draw(st.permutations(list(event)))
        events_yaml[event_name] = Attrs((k, event[k]) for k in order) if event or draw(st.booleans()) else None
        case_events.append(EventCase(event_name, version, prop_names, context_names, call))
    top = Attrs(trackgen=1, name=draw(hostile_text.filter(bool)))
    if draw(st.booleans()):
        top["description"] = draw(hostile_text)
    if types_yaml:
        top["types"] = {k: types_yaml[k] for k in declared}
    top["events"] = events_yaml
    order = draw(st.permutations(list(top)))
    plan = Attrs((k, top[k]) for k in order)
    dump = dict(
        Dumper=_Dumper, sort_keys=False, allow_unicode=draw(st.booleans()),
        width=draw(st.sampled_from([80, 40, 1000])), default_flow_style=draw(st.sampled_from([False, None, True])),
    )
    text = yaml.dump(plan, **dump)
    if not _round_trips(text, plan):
        # PyYAML's emitter writes some line-break characters (NEL, U+2028) raw where its
        # reader folds them; escaping everything avoids that emitter bug.
        dump["allow_unicode"] = False
        text = yaml.dump(plan, **dump)
        assume(_round_trips(text, plan))
    reordered = yaml.dump(reorder(plan), **dump)
    return Case(plan, text, reordered, case_events, collisions, event_collisions)


def _round_trips(text: str, plan: Any) -> bool:
    return bool(yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) == _plain(plan))


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value
