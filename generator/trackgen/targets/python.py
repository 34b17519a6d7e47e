"""The Python target: naming, type mapping and inline runtime checks for one module.

Python decides everything here; `templates/python/client.py.jinja` only lays the pieces
out. A plan string that would make a line too long is moved into a module constant, and
every line whose length the plan decides is laid out by `black_layout`, a model of
black's own splitting, so the output is black-stable without running black.
"""

from __future__ import annotations

import builtins
import dataclasses
import keyword
import sys
from collections.abc import Callable
from dataclasses import dataclass, field

from .. import naming
from ..diagnostics import Diagnostics
from ..perf import collector_paused
from ..plan.formats import FORMAT_PATTERNS
from ..plan.patterns import anchored_body, python_regex
from ..plan.ir import Event, Plan, Property, Type
from ..render import LINE_LENGTH, py_doc_lines, py_number, py_str, render
from . import black_layout
from .base import Generated, Identifiers, TargetOptions, plural

DEFAULT_MODULE = "analytics_plan"

# Names the generated code itself defines or uses at module level.
MODULE_NAMES = frozenset(
    {
        "Any", "Callable", "Decimal", "Enum", "Final", "Literal", "Mapping", "NotRequired",
        "Protocol", "Sequence", "TypedDict", "date", "datetime", "logging", "math", "re",
        "timezone", "warnings", "AnalyticsClient", "OnViolation", "PLAN_NAME", "Tracker",
        "TrackingPlanViolation", "UNSET", "Unset", "configure", "get_tracker", "logger",
    }
)
# The wrapper's own keyword arguments; a plan property with one of these names is escaped.
OWN_PARAMETERS = frozenset(
    {"user_id", "anonymous_id", "context", "timestamp", "integrations", "message_id", "self"}
)
PY_RESERVED = frozenset(keyword.kwlist) | frozenset(keyword.softkwlist) | frozenset(dir(builtins))

PARAMETER = naming.Position("snake", PY_RESERVED | OWN_PARAMETERS | MODULE_NAMES)
FUNCTION = naming.Position("snake", PY_RESERVED | MODULE_NAMES, prefix_words=("track",))
PAGE_FUNCTION = naming.Position("snake", PY_RESERVED | MODULE_NAMES, prefix_words=("page",))
SCREEN_FUNCTION = naming.Position("snake", PY_RESERVED | MODULE_NAMES, prefix_words=("screen",))
CALL_FUNCTIONS = {"track": FUNCTION, "page": PAGE_FUNCTION, "screen": SCREEN_FUNCTION}
TYPE_NAME = naming.Position("pascal", PY_RESERVED | MODULE_NAMES, digit_prefix="T")

SDK_METHODS = ("track", "identify", "group", "page", "screen")
SEND_ARGS = ("user_id", "anonymous_id", "context", "timestamp", "integrations", "message_id")


LONG_NAME = 24
"""Parameters with longer names are checked through a short local, so lines stay short."""

MAX_FLOAT = py_number(sys.float_info.max)
MIN_FLOAT = "-" + MAX_FLOAT
"""The finite range a number must be in, written as literals: in CPython a constant is a
cheaper load than a module global, and every number check reads one."""


@dataclass(frozen=True)
class Lit:
    """A plan string destined for a Python literal; hoisted to a constant if a line runs long."""

    text: str


Piece = str | Lit


@dataclass
class Module:
    """Module-level definitions shared by all events: constants and TypedDicts."""

    constants: list[str] = field(default_factory=list)
    constant_names: dict[tuple[str, str], str] = field(default_factory=dict)
    typed_dicts: list["TypedDictDef"] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    checkers: list["Checker"] = field(default_factory=list)
    uses: set[str] = field(default_factory=set)

    def constant(self, kind: str, value: str, text: str) -> str:
        """A named module constant for `text` (already valid Python), deduplicated."""
        key = (kind, text)
        if key not in self.constant_names:
            name = f"_{kind}_{len(self.constant_names) + 1}"
            self.constant_names[key] = name
            # Final: mypy then reads a string constant as a literal, valid as a TypedDict key.
            self.constants.extend(black_layout.assignment(f"{name}: Final", value))
        return self.constant_names[key]

    def literal(self, lit: Lit) -> str:
        return self.constant("S", py_str(lit.text), py_str(lit.text))


@dataclass
class TypedDictDef:
    name: str
    fields: list[tuple[str, str]]
    description: list[str]

    def lines(self) -> list[str]:
        """One key a line (magic trailing commas), the whole statement laid out as black
        does: keys must stay literals, and a long type name changes the outer layout."""
        if not self.fields:
            return black_layout.assignment(self.name, f"TypedDict({py_str(self.name)}, {{}})")
        if len(self.name) + len(" = TypedDict(") <= LINE_LENGTH:  # the usual shape, quickly
            out = [f"{self.name} = TypedDict(", f"    {py_str(self.name)},", "    {"]
            for key, annotation in self.fields:
                out.extend(black_layout.dict_entry(key, annotation, 8))
            return out + ["    },", ")"]
        entries = ", ".join(f"{key}: {annotation}" for key, annotation in self.fields)
        return black_layout.assignment(self.name, f"TypedDict({py_str(self.name)}, {{{entries},}},)")


@dataclass
class Checker:
    """A module-level function that checks one named object type, shared by all its uses."""

    name: str
    body: list[str]

    def signature(self) -> list[str]:
        params = "value: Any, path: _Where, _problems: list[str]"
        one = f"def {self.name}({params}) -> Any:"
        if len(one) <= LINE_LENGTH:
            return [one]
        return [f"def {self.name}(", f"    {params}", ") -> Any:"]


class Body:
    """Statements of one function body, each laid out to fit 88 columns."""

    def __init__(self, module: Module, indent: int, method: bool = False) -> None:
        self.module = module
        self.indent = indent
        self.lines: list[str] = []
        self.counter = 0
        self.method = method
        """An event method's body, else a checker's: see `problems()`."""

    def problems(self, depth: int) -> None:
        """Starts a branch that uses `_problems`. An event method creates its list on the
        first failure, so a valid call allocates none; a checker receives one."""
        if self.method:
            self.add(depth, "_problems = _problems or []")

    def fresh(self, base: str) -> str:
        self.counter += 1
        return f"_{base}{self.counter}"

    def fits(self, depth: int, *pieces: Piece) -> bool:
        """Whether the statement fits on one line at `depth`, plan strings written in place."""
        return self.indent + 4 * depth + len(_inline(pieces)) <= LINE_LENGTH

    def add(self, depth: int, *pieces: Piece) -> None:
        inline = " " * (self.indent + 4 * depth) + _inline(pieces)
        if len(inline) <= LINE_LENGTH:
            self.lines.append(inline[self.indent :])
            return
        if any(isinstance(p, Lit) for p in pieces):  # split as black does, strings in place
            laid_out = black_layout.statement(inline.lstrip(), self.indent + 4 * depth)
            if all(len(line) <= LINE_LENGTH for line in laid_out):
                self.lines.extend(line[self.indent :] for line in laid_out)
                return
        hoisted = "".join(self.module.literal(p) if isinstance(p, Lit) else p for p in pieces)
        for line in black_layout.statement(hoisted, self.indent + 4 * depth):
            self.lines.append(line[self.indent :])


@dataclass(frozen=True)
class Path:
    """A value's location for messages, e.g. `products[0].price`.

    Messages are built only on failure. Checker functions receive the location lazily, as a
    cheap tuple (`("products", 0)`) that `_where()` formats on failure, instead of a string
    built for every array item on the happy path.
    """

    runtime: bool
    """True inside a checker, where the location so far is the `path` argument."""
    base: str = ""
    steps: tuple[tuple[str, str], ...] = ()

    def child(self, key: str) -> "Path":
        return Path(self.runtime, self.base, self.steps + (("child", key),))

    def index(self, var: str) -> "Path":
        return Path(self.runtime, self.base, self.steps + (("index", var),))

    def key(self, var: str) -> "Path":
        return Path(self.runtime, self.base, self.steps + (("key", var),))

    def expr(self, suffix: str = "") -> tuple[Piece, ...]:
        """The message text expression: location then `suffix`."""
        parts: list[Piece] = ["_where(path)"] if self.runtime else [Lit(self.base)]
        for kind, value in self.steps:
            if kind == "child":
                parts.append(Lit("." + value))
            else:
                parts += [Lit("["), f"{'str' if kind == 'index' else 'repr'}({value})", Lit("]")]
        if suffix:
            parts.append(Lit(suffix))
        return _concat(parts)

    def arg(self) -> tuple[Piece, ...]:
        """The location as a lazy argument for a checker or `_json()`."""
        current: tuple[Piece, ...] = ("path",) if self.runtime else (Lit(self.base),)
        literal = not self.runtime
        for kind, value in self.steps:
            if kind == "child" and literal:
                assert isinstance(current[0], Lit)
                current = (Lit(current[0].text + "." + value),)
            elif kind == "child":
                current = ("(", *current, ", ", Lit("." + value), ")")
            elif kind == "index":
                current, literal = ("(", *current, f", {value})"), False
            else:
                current, literal = ("(", *current, f", {value}, None)"), False
        return current


def _inline(pieces: tuple[Piece, ...]) -> str:
    """A statement's text with its plan strings written in place as literals."""
    if len(pieces) == 1 and isinstance(pieces[0], str):  # most statements: one string
        return pieces[0]
    return "".join([py_str(p.text) if isinstance(p, Lit) else p for p in pieces])


def _concat(parts: list[Piece]) -> tuple[Piece, ...]:
    merged: list[Piece] = []
    for part in parts:
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


@dataclass
class InlineTest:
    """One inline test as it is built: `budget` caps its size (a huge nested type is better
    left to its checker); with `subscripts`, required keys are read as `d[k]` (the test then
    runs inside `try`), and `subscripted` says whether one was."""

    budget: int = 64
    subscripts: bool = False
    subscripted: bool = False


@dataclass(frozen=True)
class OptionalKey:
    """An optional key of an object's inline test: read into `value`, which is `missing`
    (None, or UNSET where None is valid) when the key is absent, else must pass `test`."""

    value: str
    missing: str
    read: tuple[Piece, ...]
    test: list[tuple[Piece, ...]]

    def absent(self) -> tuple[Piece, ...]:
        """Reads the key, and holds when it is absent."""
        return (*self.read, f" is {self.missing}")

    def absent_or_valid(self) -> tuple[Piece, ...]:
        return ("(", *self.absent(), " or ", *_group(self.test), ")")


def _named_objects_used(t: Type) -> list[str]:
    """Named object types that `t`'s own (anonymous) structure refers to, in order."""
    found: list[str] = []
    for child in t.children():
        if child.name is not None:
            if child.kind == "object":
                found.append(child.name)
            elif child.name != t.name:
                found.extend(_named_objects_used(child))
        else:
            found.extend(_named_objects_used(child))
    return found


class PythonTarget:
    name = "python"

    def generate(self, plan: Plan, options: TargetOptions) -> Generated:
        with collector_paused():
            return _Generator(plan, options).run()


class _Generator:
    def __init__(self, plan: Plan, options: TargetOptions) -> None:
        self.plan = plan
        self.options = options
        self.result = Generated()
        self.d: Diagnostics = self.result.diagnostics
        self.module = Module()
        self.type_names = Identifiers(self.d, "generated Python type names")
        self.named: dict[str, str] = {}
        self.checker_of: dict[str | int, str] = {}
        """Checker function per named object type (by name) and anonymous one (by id)."""
        self.anonymous: dict[int, str] = {}
        self.enum_aliases: dict[str, str] = {}
        self.checker_names: set[str] = set()
        self.checker_numbers: dict[str, int] = {}
        """Per base name, the last number tried after it: a new search resumes there."""
        self.container_checkers: dict[tuple[object, ...], str] = {}

    # -- types -----------------------------------------------------------------------

    def annotation(self, t: Type, owner: str) -> str:
        base = self.base_annotation(t, owner)
        return f"{base} | None" if t.nullable else base

    def base_annotation(self, t: Type, owner: str) -> str:
        if t.name is not None and t.kind == "object":
            return self.named[t.name]
        if t.const is not None and t.kind != "number" and _literal_type_ok(t.const):  # no floats
            return f"Literal[{py_literal(t.const)}]"
        if t.enum is not None and all(_literal_type_ok(v) for v in t.enum):
            return self.enum_alias(t, owner)
        if t.kind == "string":
            return {"date-time": "datetime", "date": "date"}.get(t.format or "", "str")
        if t.kind == "integer":
            return "int"
        if t.kind == "number":
            return "float | Decimal"
        if t.kind == "boolean":
            return "bool"
        if t.kind == "any":
            return "Any"
        if t.kind == "array":
            assert t.items is not None
            return f"Sequence[{self.annotation(t.items, owner + ' item')}]"
        if t.kind == "map":
            assert t.values is not None
            return f"Mapping[str, {self.annotation(t.values, owner + ' value')}]"
        return self.object_typed_dict(t, owner)

    def enum_alias(self, t: Type, owner: str) -> str:
        assert t.enum is not None
        if t.name is not None and t.name in self.enum_aliases:  # a named enum used again
            return self.enum_aliases[t.name]
        values = [py_literal(v) for v in t.enum]
        base = t.name or owner
        name = self.type_names.claim(naming.identifier(base, TYPE_NAME), base, t.span, "type")
        one = f"{name} = Literal[{', '.join(values)}]"
        if len(one) <= LINE_LENGTH:
            lines = [one]
        else:  # one value a line (a magic trailing comma keeps it so), laid out as black does
            comma = "," if len(values) > 1 else ""
            lines = black_layout.assignment(name, f"Literal[{', '.join(values)}{comma}]")
        self.module.aliases.extend(lines)
        if t.name is not None:
            self.enum_aliases[t.name] = name
        return name

    def object_typed_dict(self, t: Type, owner: str) -> str:
        key = id(t)
        if key in self.anonymous:
            return self.anonymous[key]
        name = self.type_names.claim(naming.identifier(owner, TYPE_NAME), owner, t.span, "object type")
        self.anonymous[key] = name
        self.module.typed_dicts.append(self.typed_dict(name, t, owner))
        self.checker_of[key] = self.checker_name(name)
        self.make_checker(t, self.checker_of[key])
        return name

    def typed_dict(self, name: str, t: Type, owner: str) -> TypedDictDef:
        fields: list[tuple[str, str]] = []
        for prop in t.properties:
            annotation = self.annotation(prop.type, f"{owner} {prop.wire_name}")
            if not prop.required:
                annotation = f"NotRequired[{annotation}]"
            fields.append((py_str(prop.wire_name), annotation))
        return TypedDictDef(name, fields, py_doc_lines(t.description))

    def declare_named(self) -> None:
        objects = {t.name: t for t in self.plan.types if t.kind == "object" and t.name is not None}
        for name, t in objects.items():
            self.named[name] = self.type_names.claim(naming.identifier(name, TYPE_NAME), name, t.span, "type")
            # Named before any body is built: a type may use one declared after it.
            self.checker_of[name] = self.checker_name(self.named[name])
        done: set[str] = set()

        def define(name: str) -> None:
            """A TypedDict after those it uses: the functional form evaluates them at import."""
            if name in done:
                return
            done.add(name)
            for used in _named_objects_used(objects[name]):
                define(used)
            self.module.typed_dicts.append(self.typed_dict(self.named[name], objects[name], name))
            self.make_checker(objects[name], self.checker_of[name])

        for name in objects:
            define(name)

    # -- checks ----------------------------------------------------------------------

    def checker_name(self, type_name: str) -> str:
        """`_check_<type>`, unique even where two type names share their snake_case form."""
        base = "_check_" + (naming.snake(naming.split_words(type_name)) or "type")
        fn, n = base, self.checker_numbers.get(base, 1)
        while fn in self.checker_names:
            n += 1
            fn = f"{base}_{n}"
        self.checker_numbers[base] = n  # linear in the number of checkers, not quadratic
        self.checker_names.add(fn)
        return fn

    def make_checker(self, t: Type, fn: str) -> None:
        """A module-level function per object type keeps nesting (and line length) shallow."""
        body = Body(self.module, 4)
        self.emit_object(body, 0, t, "value", Path(runtime=True), lambda e: ("return ", *e))
        self.module.checkers.append(Checker(fn, body.lines))

    def emit(self, body: Body, depth: int, t: Type, var: str, path: Path, store: Store) -> None:
        """Check `var` against `t`, appending problems, then store its wire value via `store`."""
        if t.nullable:
            body.add(depth, f"if {var} is None:")
            body.add(depth + 1, *store(("None",)))
            body.add(depth, "else:")
            depth += 1
        if t.kind == "object":
            self.emit_object_use(body, depth, t, var, path, store)
        elif t.kind in ("array", "map"):
            self.emit_container(body, depth, t, var, path, store)
        else:
            emitter = getattr(self, f"emit_{t.kind}")
            emitter(body, depth, t, var, path, store)

    def emit_object_use(self, body: Body, depth: int, t: Type, var: str, path: Path, store: Store) -> None:
        """A valid object is sent as it is; only one that fails the inline test is copied
        by its checker, which says what is wrong and converts what needs converting."""
        fn = self.checker_of[t.name if t.name is not None else id(t)]
        call = (f"{fn}({var}, ", *path.arg(), ", _problems)")
        valid = self.valid_parts(body, dataclasses.replace(t, nullable=False), var)  # None is handled
        if valid is None:
            body.problems(depth)
            body.add(depth, *store(call))
            return
        body.add(depth, "if ", *_join(valid), ":")
        body.add(depth + 1, *store((var,)))
        body.add(depth, "else:")
        body.problems(depth + 1)
        body.add(depth + 1, *store(call))

    def emit_container(self, body: Body, depth: int, t: Type, var: str, path: Path, store: Store) -> None:
        """A list or map whose items all pass the inline test is sent as it is (the SDKs copy
        a message when they queue it); at the first item that fails, the container's checker
        takes over, reporting every problem and building the converted copy."""
        call = (f"{self.container_checker(t)}({var}, ", *path.arg(), ", _problems)")
        item = body.fresh("e")
        inner = t.items if t.kind == "array" else t.values
        assert inner is not None
        test = InlineTest(subscripts=True)
        valid = self.valid_parts(body, inner, item, test=test)
        if valid is None:
            body.problems(depth)
            body.add(depth, *store(call))
            return
        if t.kind == "array":
            body.add(depth, "if ", *_join([(f"type({var}) is list",), *self.length_parts(t, var)]), ":")
            body.add(depth + 1, f"for {item} in {var}:")
        else:
            key = body.fresh("k")
            body.add(depth, f"if type({var}) is dict:")
            body.add(depth + 1, f"for {key}, {item} in {var}.items():")
            valid = [(f"type({key}) is str",), *valid]
        if test.subscripted:  # an item that lacks a required key raises KeyError: invalid
            body.add(depth + 2, "try:")
            body.add(depth + 3, "if ", *_join(valid), ":")
            body.add(depth + 4, "continue")
            body.add(depth + 2, "except KeyError:")
            body.add(depth + 3, "pass")
            fail = depth + 2
        else:
            body.add(depth + 2, "if not (", *_join(valid), "):")
            fail = depth + 3
        body.problems(fail)
        body.add(fail, f"{var} = ", *call)
        body.add(fail, "break")
        body.add(depth + 1, *store((var,)))
        body.add(depth, "else:")
        body.problems(depth + 1)
        body.add(depth + 1, *store(call))

    def container_checker(self, t: Type) -> str:
        """A module-level function that checks a whole list or map (type, length, every
        item) and returns the value to send; one per list or map type, shared by its uses."""
        inner = t.items if t.kind == "array" else t.values
        assert inner is not None
        key = (t.kind, _shape(inner), t.min_items, t.max_items)
        if key not in self.container_checkers:
            named = inner.name if inner.kind == "object" and inner.name is not None else None
            fn = self.checker_name(f"{named or ''} {'List' if t.kind == 'array' else 'Map'}")
            self.container_checkers[key] = fn
            body = Body(self.module, 4)
            emitter = self.emit_array if t.kind == "array" else self.emit_map
            emitter(body, 0, t, "value", Path(runtime=True), lambda e: ("return ", *e))
            self.module.checkers.append(Checker(fn, body.lines))
        return self.container_checkers[key]

    def valid_parts(
        self, body: Body, t: Type, var: str, read: tuple[Piece, ...] | None = None, test: InlineTest | None = None
    ) -> list[tuple[Piece, ...]] | None:
        """Conditions that all hold exactly when a value is valid and is sent as it is, or
        None where no such test exists (dates and `any` values are converted).

        The value is `var`; when `read` is given (an item read from a dict), the first
        condition binds it to `var` with `:=`, so it is looked up once.
        """
        test = InlineTest() if test is None else test
        test.budget -= 1
        if test.budget < 0:
            return None
        bound = (f"{var} := ", *read) if read is not None else (var,)
        if t.nullable:
            inner = self.valid_parts(body, dataclasses.replace(t, nullable=False), var, None, test)
            if inner is None:
                return None
            first = ("(", *bound, ")") if read is not None else bound
            return [("(", *first, " is None or ", *_group(inner), ")")]
        if t.kind == "object":
            return self.valid_object_parts(body, t, var, bound, test)
        # `any` values are converted by `_json()`, and dates too; a list or map inside a
        # value is left to the checker, so the test stays one flat expression.
        if t.kind not in ("string", "integer", "number", "boolean") or t.format in ("date-time", "date"):
            return None
        rest: list[tuple[Piece, ...]] = []
        if t.kind == "boolean":
            rest += [(f"{var} is {t.const!r}",)] if t.const is not None else []
        else:
            rest = self.constraint_parts(t, var)[0]
            if t.kind != "string":
                rest += self.bound_parts(t, var, finite=t.kind == "number")[0]
        if read is not None and not rest and t.kind != "number":  # nothing reads it again
            bound = read
        return [_type_test(t.kind, var, bound), *rest]

    def valid_object_parts(
        self, body: Body, t: Type, var: str, bound: tuple[Piece, ...], test: InlineTest
    ) -> list[tuple[Piece, ...]] | None:
        """A dict with every required key, each known key valid, and no other key.

        Each key is read once, with `.get()`. A missing key reads as None, which the tests
        of a required key reject and which marks an optional key as absent; where None is
        a valid value, UNSET is the default that tells a missing key from a null one. (A
        key present with an invalid None is then taken as absent, and the key count fails.)
        Where the test runs inside `try` (`test.subscripts`), a required key is read as
        `d[k]`, cheaper than a method call: a missing one raises KeyError.
        """
        if not t.properties:  # mypy sees no overlap between an empty TypedDict and dict
            return None
        parts: list[tuple[Piece, ...]] = [_type_test("object", var, bound)]
        required = 0
        optional: list[OptionalKey] = []
        for prop in t.properties:
            value = body.fresh("w")
            read = (f"{var}.get(", Lit(prop.wire_name), ", UNSET)" if prop.type.nullable else ")")
            if prop.required and test.subscripts:
                read = (f"{var}[", Lit(prop.wire_name), "]")
                test.subscripted = True
            sub = self.valid_parts(body, prop.type, value, read if prop.required else None, test)
            if sub is None:
                return None
            if prop.required:
                required += 1
                parts += sub
            else:
                missing = "UNSET" if prop.type.nullable else "None"
                optional.append(OptionalKey(value, missing, (f"({value} := ", *read, ")"), sub))
        if len(optional) > 3:
            parts += [key.absent_or_valid() for key in optional]
            parts.append((f"{var}.keys() <= {self.known_keys(t)}",))
        elif not optional:
            parts.append((f"len({var}) == {required}",))
        else:
            # The last optional key carries the key count in both of its branches (absent:
            # the keys counted so far; present: one more), cheaper than adding up its presence.
            *earlier, last = optional
            parts += [key.absent_or_valid() for key in earlier]
            presence = [f"({key.value} is not {key.missing})" for key in earlier]
            absent = " + ".join([str(required)] * bool(required or not presence) + presence)
            present = " + ".join([str(required + 1), *presence])
            when_absent = ("(", *last.absent(), f" and len({var}) == {absent})")
            when_present = ("(", *_join(last.test), f" and len({var}) == {present})")
            parts.append(("(", *when_absent, " or ", *when_present, ")"))
        return parts

    def length_parts(self, t: Type, var: str) -> list[tuple[Piece, ...]]:
        """The length test of a value already known to be a list (so non-empty is truthy)."""
        if t.min_items == 1 and t.max_items is None:
            return [(var,)]
        low = f"{t.min_items} <= " if t.min_items is not None else ""
        high = f" <= {t.max_items}" if t.max_items is not None else ""
        return [(f"{low}len({var}){high}",)] if low or high else []

    def type_error(self, body: Body, depth: int, var: str, path: Path, expected: str) -> None:
        body.problems(depth)
        body.add(depth, "_problems.append(_expected(", *path.arg(), f", {py_str(expected)}, {var}))")

    def fail(self, body: Body, depth: int, path: Path, message: str) -> None:
        body.problems(depth)
        body.add(depth, "_problems.append(", *path.expr(" " + message), ")")

    def fast_check(
        self, body: Body, depth: int, var: str, path: Path, conditions: list[tuple[Piece, ...]],
        helper: str, keywords: list[tuple[Piece, ...]], convert: bool = False,
    ) -> None:
        """One boolean test that every valid value passes; only an invalid value (or one that
        needs converting) reaches the shared `_bad_*` helper, which says what is wrong."""
        test = _join(conditions)
        args: list[Piece] = [f"{var}, ", *path.arg()]
        if convert:
            args.append(", _problems")
        for keyword in keywords:
            args += [", ", *keyword]
        body.add(depth, "if not (", *test, "):")
        body.problems(depth + 1)
        if convert:
            body.add(depth + 1, f"{var} = {helper}(", *args, ")")
        else:
            body.add(depth + 1, f"_problems.append({helper}(", *args, "))")

    def constraint_parts(self, t: Type, var: str) -> tuple[list[tuple[Piece, ...]], list[tuple[Piece, ...]]]:
        """Fast-path conditions and the matching keyword arguments of the slow-path helper."""
        conditions: list[tuple[Piece, ...]] = []
        keywords: list[tuple[Piece, ...]] = []
        if t.const is not None:
            value = Lit(t.const) if isinstance(t.const, str) else py_literal(t.const)
            conditions.append((f"{var} == ", value))
            keywords.append(("const=", value))
        if t.enum is not None:
            values = ", ".join(py_literal(v) for v in t.enum)
            text = "dict.fromkeys((" + values + ("," if len(t.enum) == 1 else "") + "))"
            members = self.module.constant("ENUM", text, text)
            conditions.append((f"{var} in {members}",))
            keywords.append((f"enum={members}",))
        if t.min_length is not None or t.max_length is not None:
            low = f"{t.min_length} <= " if t.min_length is not None else ""
            high = f" <= {t.max_length}" if t.max_length is not None else ""
            conditions.append((f"{low}len({var}){high}",))
            if t.min_length is not None:
                keywords.append((f"min_length={t.min_length}",))
            if t.max_length is not None:
                keywords.append((f"max_length={t.max_length}",))
        if t.pattern is not None:
            pattern = self.module.constant("PATTERN", _matcher(t.pattern), t.pattern)
            conditions.append((f"{pattern}({var})",))
            keywords.append((f"pattern=({pattern}, ", Lit(t.pattern), ")"))
        if t.format is not None:
            fmt = self.module.constant("FORMAT", _matcher(FORMAT_PATTERNS[t.format]), t.format)
            conditions.append((f"{fmt}({var})",))
            keywords.append((f"fmt=({py_str(t.format)}, {fmt})",))
        return conditions, keywords

    def bound_parts(self, t: Type, var: str, finite: bool) -> tuple[list[tuple[Piece, ...]], list[tuple[Piece, ...]]]:
        conditions: list[tuple[Piece, ...]] = []
        keywords: list[tuple[Piece, ...]] = []
        # A number is compared with float literals: float-to-float is CPython's fast path,
        # float-to-int its slow one. Integers a float cannot hold exactly stay as they are.
        literal = _float_literal if finite else py_number
        low = [f"{literal(t.minimum)} <= "] if t.minimum is not None else []
        low += [f"{literal(t.exclusive_minimum)} < "] if t.exclusive_minimum is not None else []
        high = [f" <= {literal(t.maximum)}"] if t.maximum is not None else []
        high += [f" < {literal(t.exclusive_maximum)}"] if t.exclusive_maximum is not None else []
        if finite:  # NaN fails every comparison and infinity fails these
            low = low or [f"{MIN_FLOAT} <= "]
            high = high or [f" <= {MAX_FLOAT}"]
        # `a <= x and x <= b`, not `a <= x <= b`: CPython runs a chained comparison with two
        # more stack operations.
        conditions += [(bound + var,) for bound in low] + [(var + bound,) for bound in high]
        for name in ("minimum", "maximum", "exclusive_minimum", "exclusive_maximum"):
            bound = getattr(t, name)
            if bound is not None:
                keywords.append((f"{name}={py_number(bound)}",))
        return conditions, keywords

    def emit_string(self, body: Body, depth: int, t: Type, var: str, path: Path, store: Store) -> None:
        if t.format in ("date-time", "date"):
            self.emit_date(body, depth, t, var, path, store)
            return
        conditions, keywords = self.constraint_parts(t, var)
        if conditions:
            self.fast_check(body, depth, var, path, [_type_test("string", var), *conditions], "_bad_string", keywords)
        else:
            body.add(depth, f"if type({var}) is not str:")
            self.type_error(body, depth + 1, var, path, "a string")
        body.add(depth, *store((var,)))

    def emit_date(self, body: Body, depth: int, t: Type, var: str, path: Path, store: Store) -> None:
        if t.format == "date-time":
            body.add(depth, f"if isinstance({var}, datetime) and {var}.utcoffset() is not None:")
            body.add(depth + 1, *store((f"{var}.astimezone(timezone.utc).isoformat()",)))
            body.add(depth, "else:")
            body.problems(depth + 1)
            body.add(depth + 1, "_problems.append(_expected_datetime(", *path.arg(), f", {var}))")
            body.add(depth + 1, *store((var,)))
            return
        body.add(depth, f"if isinstance({var}, date) and not isinstance({var}, datetime):")
        body.add(depth + 1, *store((f"{var}.isoformat()",)))
        body.add(depth, "else:")
        self.type_error(body, depth + 1, var, path, "a date (datetime.date)")
        body.add(depth + 1, *store((var,)))

    def emit_integer(self, body: Body, depth: int, t: Type, var: str, path: Path, store: Store) -> None:
        conditions, keywords = self.constraint_parts(t, var)
        bounds, bound_keywords = self.bound_parts(t, var, finite=False)
        if conditions or bounds:
            checks = [_type_test("integer", var), *conditions, *bounds]
            self.fast_check(body, depth, var, path, checks, "_bad_integer", keywords + bound_keywords)
        else:
            body.add(depth, f"if type({var}) is not int:")
            self.type_error(body, depth + 1, var, path, "an integer")
        body.add(depth, *store((var,)))

    def emit_number(self, body: Body, depth: int, t: Type, var: str, path: Path, store: Store) -> None:
        conditions, keywords = self.constraint_parts(t, var)
        bounds, bound_keywords = self.bound_parts(t, var, finite=True)
        checks = [_type_test("number", var), *conditions, *bounds]
        self.fast_check(body, depth, var, path, checks, "_number", keywords + bound_keywords, convert=True)
        body.add(depth, *store((var,)))

    def emit_boolean(self, body: Body, depth: int, t: Type, var: str, path: Path, store: Store) -> None:
        body.add(depth, f"if type({var}) is not bool:")
        self.type_error(body, depth + 1, var, path, "a boolean")
        if t.const is not None:
            body.add(depth, f"elif {var} is not {t.const!r}:")
            self.fail(body, depth + 1, path, f"must be {t.const!r}")
        body.add(depth, *store((var,)))

    def emit_any(self, body: Body, depth: int, t: Type, var: str, path: Path, store: Store) -> None:
        body.problems(depth)
        body.add(depth, *store((f"_json({var}, ", *path.arg(), ", _problems)")))

    def emit_array(self, body: Body, depth: int, t: Type, var: str, path: Path, store: Store) -> None:
        assert t.items is not None
        body.add(depth, f"if type({var}) is not list and type({var}) is not tuple:")
        self.type_error(body, depth + 1, var, path, "a list")
        body.add(depth + 1, *store((var,)))
        body.add(depth, "else:")
        inner = depth + 1
        if t.min_items is not None:
            body.add(inner, f"if len({var}) < {t.min_items}:")
            self.fail(body, inner + 1, path, f"must have at least {plural(t.min_items, 'item')}")
        if t.max_items is not None:
            body.add(inner, f"if len({var}) > {t.max_items}:")
            self.fail(body, inner + 1, path, f"must have at most {plural(t.max_items, 'item')}")
        out, index, item = body.fresh("a"), body.fresh("i"), body.fresh("e")
        body.add(inner, f"{out}: list[Any] = []")
        body.add(inner, f"for {index}, {item} in enumerate({var}):")
        append: Store = lambda e: (f"{out}.append(", *e, ")")  # noqa: E731
        if t.items.kind == "object" and not t.items.nullable:  # inline: no call per item
            self.emit_object(body, inner + 1, t.items, item, path.index(index), append)
        else:
            self.emit(body, inner + 1, t.items, item, path.index(index), append)
        body.add(inner, *store((out,)))

    def emit_map(self, body: Body, depth: int, t: Type, var: str, path: Path, store: Store) -> None:
        assert t.values is not None
        body.add(depth, f"if not isinstance({var}, dict):")
        self.type_error(body, depth + 1, var, path, "an object")
        body.add(depth + 1, *store((var,)))
        body.add(depth, "else:")
        out, key, item = body.fresh("m"), body.fresh("k"), body.fresh("e")
        body.add(depth + 1, f"{out}: dict[str, Any] = {{}}")
        body.add(depth + 1, f"for {key}, {item} in {var}.items():")
        body.add(depth + 2, f"if type({key}) is not str:")
        self.fail(body, depth + 3, path, "keys must be strings")
        self.emit(body, depth + 2, t.values, item, path.key(key), lambda e: (f"{out}[{key}] = ", *e))
        body.add(depth + 1, *store((out,)))

    def emit_object(self, body: Body, depth: int, t: Type, var: str, path: Path, store: Store) -> None:
        body.add(depth, f"if type({var}) is not dict and not isinstance({var}, dict):")
        self.type_error(body, depth + 1, var, path, "an object")
        body.add(depth + 1, *store((var,)))
        body.add(depth, "else:")
        out = body.fresh("o")
        body.add(depth + 1, f"{out}: dict[str, Any] = {{}}")
        for prop in t.properties:
            key = Lit(prop.wire_name)
            item = body.fresh("v")
            body.add(depth + 1, "if ", key, f" in {var}:")  # `in` and `[]`: no method call
            body.add(depth + 2, f"{item} = {var}[", key, "]")
            self.emit(body, depth + 2, prop.type, item, path.child(prop.wire_name), _store_into(out, key))
            if prop.required:
                body.add(depth + 1, "else:")
                self.fail(body, depth + 2, path.child(prop.wire_name), "is required")
        body.add(depth + 1, f"if len({out}) != len({var}):")
        body.add(depth + 2, f"_extra({var}, {out}, {self.known_keys(t)}, ", *path.arg(), ", _problems)")
        body.add(depth + 1, *store((out,)))

    def known_keys(self, t: Type) -> str:
        """The module constant holding an object type's wire names."""
        known = [py_str(prop.wire_name) for prop in t.properties]
        text = "(" + ", ".join(known) + ("," if len(known) == 1 else "") + ")"
        value = f"frozenset({text})" if known else "frozenset[str]()"  # mypy needs the type of ()
        return self.module.constant("KEYS", value, text)

    # -- events ----------------------------------------------------------------------

    def event(self, event: Event, functions: Identifiers) -> dict[str, object]:
        if event.kind in CALL_FUNCTIONS:
            ident = naming.identifier(event.wire_name, CALL_FUNCTIONS[event.kind], event.identifier)
            fn = functions.claim(ident, event.wire_name, event.span, "event" if event.kind == "track" else event.kind)
        else:
            fn = functions.claim(event.kind, event.kind, event.span, event.kind)
        params = Identifiers(self.d, f"the parameters of {fn}()")
        for own in sorted(OWN_PARAMETERS - {"self"}) + ["group_id"] * (event.kind == "group"):
            params.taken[own] = (own, event.span)
        body = Body(self.module, 8, method=True)
        if event.deprecated is not None:
            body.add(0, "_deprecated(", Lit(event.wire_name), ")")
        body.add(0, "_problems: list[str] | None = None")
        body.add(0, "_props: dict[str, Any] = {}")
        signature: list[tuple[str, str, bool]] = []
        docs: list[tuple[str, list[str]]] = []
        if event.kind == "group":  # the group being described, required by the spec
            signature.append(("group_id", "str", True))
            docs.append(("group_id", ["The group (account, company...) the traits describe."]))
        words = naming.split_words(fn)
        owner = naming.pascal(words if event.kind in ("identify", "group") else words[1:]) or "Event"
        if event.context:
            body.add(0, "_context: dict[str, Any] = {}")
        for prop, sink in [(p, "_props") for p in event.properties] + [(p, "_context") for p in event.context]:
            ident = params.claim(naming.identifier(prop.wire_name, PARAMETER, prop.identifier), prop.wire_name, prop.span, "property")
            annotation = self.annotation(prop.type, f"{owner} {prop.identifier or prop.wire_name}")
            signature.append((ident, annotation, prop.required))
            doc = py_doc_lines(prop.description)
            if prop.deprecated is not None:
                doc.append("Deprecated" + (": " + py_doc_lines(prop.deprecated)[0] if py_doc_lines(prop.deprecated) else "."))
            docs.append((ident, doc))
            self.property_checks(body, prop, ident, sink)
        version = "None" if event.version is None else str(event.version)
        if event.kind == "track" and not event.context:  # the usual call skips `_send`
            body.add(0, "if not _problems and type(user_id) is str and user_id:")
            body.add(1, "if anonymous_id is None and context is None and timestamp is None:")
            body.add(2, "if integrations is None and message_id is None:")
            self.usual_call(body, 3, Lit(event.wire_name), version)
        body.add(0, "return self._send(")
        body.add(1, f'"{event.kind}",')
        if event.kind in ("identify", "group"):
            body.add(1, "None,")
        else:
            body.add(1, Lit(event.wire_name), ",")
        extra = "_context" if event.context else "None"
        for arg in ("_props", "_problems", version, extra, *SEND_ARGS):
            body.add(1, f"{arg},")
        if event.kind == "group":
            body.add(1, "group_id=group_id,")
        if event.category is not None:
            body.add(1, "category=", Lit(event.category), ",")
        body.add(0, ")")
        return {
            "function": fn,
            "method_signature": [line for p in signature for line in parameter(*p, indent=8)],
            "function_signature": [line for p in signature for line in parameter(*p, indent=4)],
            "doc": docstring(event_doc(event, docs)),
            "forward": forward_call(fn, [name for name, _ in docs]),
            "body": body.lines,
        }

    def usual_call(self, body: Body, depth: int, name: Lit, version: str) -> None:
        """The usual track call (valid properties, a user id, no other argument) goes
        straight to the SDK: nothing is left to check or copy, and a call through `_send`
        would cost more than the checks. Laid out as black lays it out, without running the
        layout model per event: the call never fits one line, so one argument a line."""
        event: tuple[Piece, ...] = ("event=", name, ",")
        if not body.fits(depth + 1, *event):  # black leaves a long string long; we hoist it
            event = (f"event={body.module.literal(name)},",)
        body.add(depth, "return self._client.track(")
        body.add(depth + 1, "user_id=user_id,")
        body.add(depth + 1, *event)
        body.add(depth + 1, "properties=_props,")
        if version == "None":
            body.add(depth + 1, 'context={"trackgen": _TRACKGEN},')
        else:  # one key a line (a magic trailing comma): the same layout for any version
            body.add(depth + 1, "context={")
            body.add(depth + 2, '"trackgen": _TRACKGEN,')
            body.add(depth + 2, f'"protocols": {{"event_version": {version}}},')
            body.add(depth + 1, "},")
        for absent in ("timestamp", "anonymous_id", "integrations", "message_id"):
            body.add(depth + 1, f"{absent}=None,")
        body.add(depth, ")")

    def property_checks(self, body: Body, prop: Property, ident: str, sink: str) -> None:
        var = ident
        if len(ident) > LONG_NAME:
            var = body.fresh("p")
            body.add(0, f"{var} = {ident}")
        key = Lit(prop.wire_name)
        path = Path(runtime=False, base=prop.wire_name)
        depth = 0
        if not prop.required:
            body.add(0, f"if {var} is not UNSET:")
            depth = 1
        if prop.deprecated is not None:
            body.add(depth, "_deprecated(", Lit(prop.wire_name), ")")
        self.emit(body, depth, prop.type, var, path, lambda e: (f"{sink}[", key, "] = ", *e))

    def run(self) -> Generated:
        self.declare_named()
        functions = Identifiers(self.d, "generated Python functions")
        events = [self.event(e, functions) for e in self.plan.calls()]
        methods = sorted({e.kind for e in self.plan.calls()} | {"track"}, key=SDK_METHODS.index)
        if self.d.has_errors:
            return self.result
        module = self.options.module or DEFAULT_MODULE
        text = render(
            "python/client.py.jinja",
            plan_name=black_layout.assignment("PLAN_NAME: Final", py_str(self.plan.name)),
            plan_doc=py_doc_lines(self.plan.name),
            plan_description=py_doc_lines(self.plan.description),
            source=py_doc_lines(self.plan.source.replace("\\", "/")),
            events=events,
            methods=methods,
            module=self.module,
        )
        self.result.files[f"{module}.py"] = text
        return self.result


def forward_call(fn: str, arg_names: list[str]) -> list[str]:
    """The module-level function's body: the same call on the configured Tracker, laid out
    as black does (a long function name changes the layout)."""
    names = ["user_id", "anonymous_id", *arg_names, "context", "timestamp", "integrations", "message_id"]
    head = f"    return get_tracker().{fn}("
    if len(head) <= LINE_LENGTH:  # the usual case, without running the model: one argument a line
        return [head, *(f"        {name}={name}," for name in names), "    )"]
    args = ", ".join(f"{name}={name}" for name in names)
    return black_layout.statement(f"return get_tracker().{fn}({args},)", 4)


def parameter(ident: str, annotation: str, required: bool, indent: int) -> list[str]:
    """Lines of one keyword parameter (comma included, `indent` stripped), wrapped the way
    black wraps long hints: the signature is laid out at 8 columns in `Tracker` and at 4
    in the module-level functions, so each gets its own layout."""
    hint = annotation if required else f"{annotation} | Unset"
    lines = black_layout.parameter(ident, hint, None if required else "UNSET", indent)
    return [line[indent:] for line in lines]


def event_doc(event: Event, args: list[tuple[str, list[str]]]) -> list[str]:
    """The docstring text of an event function: what it sends, why, and its arguments."""
    name = py_doc_lines(repr(event.wire_name))[0]
    lines = [
        {
            "track": f"Track {name}.",
            "identify": "Identify the user with their traits.",
            "group": "Associate the user with a group, with the group's traits.",
            "page": f"Record a view of the page {name}.",
            "screen": f"Record a view of the screen {name}.",
        }[event.kind]
    ]
    if event.deprecated is not None:
        note = py_doc_lines(event.deprecated)
        lines += ["", "Deprecated: " + note[0], *note[1:]] if note else ["", "Deprecated."]
    description = py_doc_lines(event.description)
    if description:
        lines += ["", *description]
    described = [(name, doc) for name, doc in args if doc]
    if described:
        lines += ["", "Args:"]
        for name, doc in described:
            lines.append(f"    {name}: {doc[0]}")
            lines += [f"        {line}" if line else "" for line in doc[1:]]
    return lines


def docstring(lines: list[str], indent: int = 8) -> list[str]:
    """Docstring lines (quotes included, indentation excluded) in the shape black keeps."""
    first = lines[0]
    if len(lines) == 1:  # black keeps a one-line docstring on one line, however long
        return [f'"""{first}"""']
    return [f'"""{first}', *lines[1:], '"""']


_PYTHON_TYPES = {"string": "str", "integer": "int", "boolean": "bool", "object": "dict"}


def _matcher(pattern: str) -> str:
    """The module constant's value that checks a plan pattern: a bound method, so a check
    skips the method lookup, and `fullmatch` where the pattern allows it (the cheaper call)."""
    regex = python_regex(pattern)
    body = anchored_body(regex)
    if body is not None:
        return f"re.compile({py_str(body)}, re.ASCII).fullmatch"
    return f"re.compile({py_str(regex)}, re.ASCII).search"


def _type_test(kind: str, var: str, read: tuple[Piece, ...] | None = None) -> tuple[Piece, ...]:
    """The exact-type test every fast check starts with (`bool` is no `int`, a `dict`
    subclass is converted by the checker). `read`, if given, is how the value is first read
    (a `:=` binding `var`)."""
    first = read if read is not None else (var,)
    if kind == "number":
        return ("(type(", *first, f") is float or type({var}) is int)")
    return ("type(", *first, f") is {_PYTHON_TYPES[kind]}")


def _shape(t: Type) -> object:
    """What a list's or map's checker depends on in its item type: equal shapes share one
    checker (a plan repeats `items: string` in many events). Named objects go by name;
    anonymous objects and nested containers by identity."""
    if t.kind == "object":
        return t.name if t.name is not None else id(t)
    if t.kind in ("array", "map"):
        return id(t)
    fields = (t.kind, t.nullable, t.enum, t.const, t.pattern, t.format, t.min_length, t.max_length,
              t.minimum, t.maximum, t.exclusive_minimum, t.exclusive_maximum)
    return repr(fields)  # repr: 1 and 1.0 (or True) are equal but read differently in messages


def _literal_type_ok(value: object) -> bool:
    """mypy takes no integer outside 64 bits in `Literal[]`; such a value is typed `int`
    (the run-time check still holds it to the exact value)."""
    return not isinstance(value, int) or -(2**63) <= value < 2**63


def _float_literal(value: int | float) -> str:
    if isinstance(value, int) and abs(value) <= 2**53:
        return py_number(float(value))
    return py_number(value)


def _join(conditions: list[tuple[Piece, ...]]) -> tuple[Piece, ...]:
    joined: list[Piece] = []
    for i, condition in enumerate(conditions):
        joined += [" and "] * bool(i) + list(condition)
    return tuple(joined)


def _group(conditions: list[tuple[Piece, ...]]) -> tuple[Piece, ...]:
    """Conditions joined by `and`, in parentheses when there are several (for use in `or`)."""
    joined = _join(conditions)
    return ("(", *joined, ")") if len(conditions) > 1 else joined


def _store_into(target: str, key: Lit) -> Store:
    return lambda e: (f"{target}[", key, "] = ", *e)


def py_literal(value: object) -> str:
    if isinstance(value, str):
        return py_str(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return py_number(value)
    return repr(value)
