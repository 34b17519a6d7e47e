"""Where the TypeScript target's lines break: the one place that decides it.

Each shape whose length depends on the plan (a property's type, an enum's type alias, a
module constant, a statement of a check nested deep) is built here as the document
prettier 3's TypeScript printers build for it, and laid out by `ts_doc.print_doc`,
prettier's own algorithm. The references are prettier's `printUnionType`,
`printTypeParameters`, `printAssignment` (its layouts `break-after-operator` and
`fluid`), `printCallArguments` (a last array argument is hugged), `printArray` (numbers
are filled, several a line), `printBinaryish`, `printIfStatement` and `printForStatement`.
Statements come as text (the checks write them with their plan strings already moved
into constants when too long) and are read back into documents by shape; other calls
keep a simpler text layout (`layout_statement`), as do signatures (`layout_signature`).

A line that fits is written as is without building a document: most lines do, and the
documents only settle the rest.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial

from .ts_doc import (
    LINE,
    SOFTLINE,
    WIDTH,
    Align,
    Doc,
    Fill,
    IfBreak,
    Indent,
    IndentIfBreak,
    conditional_group,
    group,
    join,
    print_doc,
    width,
)

# -- type expressions ------------------------------------------------------------------------

KEYWORD_TYPES = frozenset("string number boolean bigint unknown null undefined any never object symbol void".split())


@dataclass(frozen=True)
class TsType:
    """A type expression, kept as a tree: prettier breaks a union or type arguments as a whole."""

    text: str = ""
    members: tuple["TsType", ...] = ()
    """Set for a union."""
    generic: str = ""
    args: tuple["TsType", ...] = ()
    """Set for `generic<args>`."""

    def flat(self) -> str:
        if self.members:
            return " | ".join(m.flat() for m in self.members)
        if self.generic:
            return f"{self.generic}<{', '.join(a.flat() for a in self.args)}>"
        return self.text

    def is_reference(self) -> bool:
        """A type reference (`Product`, `Readonly<...>`), not a keyword or a literal type:
        what prettier calls object-like."""
        if self.generic:
            return True
        literal = self.text[:1] in "\"'-0123456789" or self.text in ("true", "false")
        return not self.members and not literal and self.text not in KEYWORD_TYPES

    def hugged_union(self) -> bool:
        """One reference and `null`: prettier writes it `A | null` around A, never as a broken union."""
        references = [m for m in self.members if m.is_reference()]
        return bool(references) and all(m is references[0] or m == NULL for m in self.members)

    def hugged(self) -> bool:
        """A sole type argument written inside `<...>` without a break: a keyword, a literal,
        a name without arguments, or a hugged union (prettier's `shouldHugType`)."""
        if self.members:
            return self.hugged_union()
        return not self.generic


NULL = TsType("null")


def _type_doc(t: TsType, annotation: bool = False) -> Doc:
    """A type as prettier prints it; `annotation`: the whole type after `key: `, where a
    union that breaks moves to its own lines, indented."""
    if t.members:
        return _union_doc(t, annotation)
    if t.generic:
        return (t.generic, _arguments_doc(t.args))
    return t.text


def _arguments_doc(args: tuple[TsType, ...]) -> Doc:
    if len(args) == 1 and args[0].hugged():
        return ("<", _type_doc(args[0]), ">")
    return group(("<", Indent((SOFTLINE, join((",", LINE), [_type_doc(a) for a in args]))), SOFTLINE, ">"))


def _union_doc(t: TsType, annotation: bool) -> Doc:
    if t.hugged_union():
        return join(" | ", [_type_doc(m) for m in t.members])
    parts: list[Doc] = []
    for i, member in enumerate(t.members):
        parts += [IfBreak("| ") if i == 0 else (LINE, "| "), Align(2, _type_doc(member))]
    union = group(tuple(parts))
    return group(Indent((SOFTLINE, union))) if annotation else union


def member_lines(key: str, t: TsType, indent: int) -> list[str]:
    """An interface member `key: type;` (`key` with its `?`), `indent` columns in."""
    flat = f"{' ' * indent}{key}: {t.flat()};"
    if width(flat) <= WIDTH:
        return [flat]
    return print_doc((key, ": ", _type_doc(t, annotation=True), ";"), indent)


def alias_lines(name: str, t: TsType) -> list[str]:
    """`export type name = t;`: a union breaks after `=` first, then before each `|`; a
    single type moves to the next line when it does not fit (prettier's layouts
    `break-after-operator` for unions and `fluid` for the rest)."""
    left = f"export type {name}"
    flat = f"{left} = {t.flat()};"
    if width(flat) <= WIDTH:
        return [flat]
    if t.members and not t.hugged_union():
        return print_doc(_assignment(left, _union_doc(t, annotation=False), break_after_operator=True))
    return print_doc(_assignment(left, _type_doc(t), break_after_operator=False))


_ids = itertools.count()


def _assignment(left: Doc, right: Doc, break_after_operator: bool) -> Doc:
    """`left = right;` in one of prettier's assignment layouts: `break-after-operator`
    (for a union, a string literal, a member lookup) moves `right` to the next line
    first; `fluid` does only when not even the first line of `right` fits after `=`."""
    if break_after_operator:
        return group((group(left), " =", group(Indent((LINE, right))), ";"))
    after_operator = f"assignment-{next(_ids)}"
    return group((group(left), " =", group(Indent(LINE), id=after_operator), IndentIfBreak(right, after_operator), ";"))


# -- module constants ------------------------------------------------------------------------

_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:e-?\d+)?")
"""A number literal as `ts_number` writes it, maybe negative: prettier fills arrays of them."""


@dataclass(frozen=True)
class Expr:
    """An expression's text on one line, how to make its document, and what prettier's
    assignment and call layouts ask of it."""

    text: str
    build: Callable[[], Doc] | None = None
    """Makes the document; None for text that never breaks."""
    string: bool = False
    """A string literal: an assignment of it breaks after `=` (and the string is never broken)."""
    array: bool = False
    """A non-empty array literal: as the last argument of a call, prettier hugs it."""

    def doc(self) -> Doc:
        """The document, made only for a line that does not fit (most never need one)."""
        return self.text if self.build is None else self.build()


def string_literal(literal: str) -> Expr:
    return Expr(literal, string=True)


def array_literal(items: list[str]) -> Expr:
    """`[items]`: broken one item a line, or, when every item is a number, filled (as many a line as fit)."""
    text = f"[{', '.join(items)}]"
    return Expr(text, partial(_array_doc, tuple(items)), array=True) if items else Expr(text)


def _array_doc(items: tuple[str, ...]) -> Doc:
    array_id = f"array-{next(_ids)}"
    if all(_NUMBER.fullmatch(item) for item in items):
        parts: list[Doc] = []
        for i, item in enumerate(items):
            if i == len(items) - 1:
                parts.append((item, IfBreak(",", "", array_id)))
            else:
                parts += [(item, ","), LINE]
        body: Doc = Fill(tuple(parts))
    else:
        body = (join((",", LINE), items), IfBreak(","))
    return group(("[", Indent((SOFTLINE, body)), SOFTLINE, "]"), id=array_id)


def call(callee: str, args: list[Expr]) -> Expr:
    """`callee(args)` (`callee` may be `new Name<T>`): a sole array argument is hugged
    (`f([` ... `])`), other arguments go one a line when they do not fit."""
    text = f"{callee}({', '.join(a.text for a in args)})"
    return Expr(text, partial(_call_doc, callee, tuple(args))) if args else Expr(text)


def _call_doc(callee: str, args: tuple[Expr, ...]) -> Doc:
    leading: list[Doc] = [(a.doc(), ",", LINE) for a in args[:-1]]
    last = args[-1].doc()
    broken_out = group(("(", Indent((LINE, *leading, last)), IfBreak(","), LINE, ")"), should_break=True)
    if len(args) == 1 and args[0].array:
        states = (("(", last, ")"), ("(", group(last, should_break=True), ")"), broken_out)
        return (callee, conditional_group(states))
    return (callee, group(("(", Indent((SOFTLINE, *leading, last)), IfBreak(","), SOFTLINE, ")")))


def const_lines(head: str, value: Expr) -> list[str]:
    """`head = value;` for a declaration such as `const S_1` or `export const PLAN_NAME`."""
    flat = f"{head} = {value.text};"
    if width(flat) <= WIDTH:
        return [flat]
    return print_doc(_assignment(head, value.doc(), break_after_operator=value.string))


# -- statements and signatures ---------------------------------------------------------------


def layout_signature(head: str, params: list[str], tail: str, indent: int) -> list[str]:
    """`head params tail` on one line, or one parameter a line with a trailing comma."""
    pad = " " * indent
    one = f"{pad}{head}{', '.join(params)}{tail}"
    if width(one) <= WIDTH:
        return [one]
    return [pad + head] + [f"{pad}  {p}," for p in params] + [pad + tail]


def _code(text: str) -> Iterator[tuple[int, str]]:
    """The characters of a statement outside its string literals, with their index."""
    quote = ""
    escaped = False
    for i, ch in enumerate(text):
        if quote:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        else:
            yield i, ch


def _split_args(text: str) -> list[str]:
    """Top-level comma-separated parts of an argument list, skipping strings and brackets."""
    parts: list[str] = []
    depth, start = 0, 0
    for i, ch in _code(text):
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(text[start:i].strip())
            start = i + 1
    parts.append(text[start:].strip())
    return [p for p in parts if p]


def _call_parts(text: str) -> tuple[str, str, str] | None:
    """`head(` `args` `)tail` for a statement ending in a call, e.g. `f(a, b);`."""
    end = text.rfind(")")
    opened = -1
    stack: list[int] = []
    for i, ch in _code(text[: end + 1]):  # the "(" that matches the last ")"
        if ch in "([{":
            stack.append(i)
        elif ch in ")]}" and stack:
            start = stack.pop()
            if i == end:
                opened = start
    if opened <= 0:
        return None
    return text[: opened + 1], text[opened + 1 : end], text[end:]


_IF = re.compile(r"((?:\} else )?if \()(.*)(\) \{)")
_DECLARATION = re.compile(r"const ([\w$]+): (.+?) = (.+);")
_MEMBER = re.compile(r"[\w$]+(?:\[[\w$]+\]|\.[\w$]+)+")
_GENERIC = re.compile(r"([\w$]+)<(.*)>")
_FOR = re.compile(r"(for \()(let .*?); (.*?); (.*)(\) \{)")
_FOR_OF = re.compile(r"(for \(const \S+ of )(.*)(\) \{)")
_CALL = re.compile(r"(!?[\w$.]+)\((.*)\)")
_COMPARISON = re.compile(r"(.+?) (===|!==|<=|>=|<|>) (.+)")
_LOOKUP = re.compile(r"([\w$]+)\[([\w$]+)\]")


def _expression_doc(text: str) -> Doc:
    """An expression of a check's condition (a comparison, a call, maybe negated) as
    prettier prints it inside parentheses: a comparison breaks after its operator, a call
    between its arguments."""
    comparison = _COMPARISON.fullmatch(text)
    if comparison:
        left, operator, right = comparison.groups()
        return (group(_expression_doc(left)), " ", group((operator, LINE, _expression_doc(right))))
    lookup = _LOOKUP.fullmatch(text)
    if lookup:  # `a[i]`: prettier's computed member lookup breaks inside the brackets
        return (lookup.group(1), group(("[", Indent((SOFTLINE, lookup.group(2))), SOFTLINE, "]")))
    found = _CALL.fullmatch(text)
    if found and _split_args(found.group(2)) == [a.strip() for a in found.group(2).split(",")]:
        return _call_doc(found.group(1), tuple(Expr(a, partial(_expression_doc, a)) for a in _split_args(found.group(2))))
    return text


def _statement_doc(text: str) -> Doc | None:
    """The statements of the checks that prettier does not break like a call: `if (...) {`,
    `} else if (...) {` and loop heads (the condition, or each clause of a `for`, moves to
    lines of its own) and typed declarations (`const e1: unknown = a[i];`)."""
    found = _IF.fullmatch(text)
    if found:
        head, condition, tail = found.groups()
        return (head, group((Indent((SOFTLINE, _expression_doc(condition))), SOFTLINE)), tail)
    found = _FOR.fullmatch(text)
    if found:
        head, init, test, update, tail = found.groups()
        clauses = (init, ";", LINE, group(_expression_doc(test)), ";", LINE, update)
        return (head, group((Indent((SOFTLINE, *clauses)), SOFTLINE)), tail)
    found = _FOR_OF.fullmatch(text)
    if found:  # no group of its own: only the calls inside can break
        head, iterable, tail = found.groups()
        return (head, _expression_doc(iterable), tail)
    found = _DECLARATION.fullmatch(text)
    if found:  # a member lookup is poorly breakable: prettier breaks after `=` first
        name, annotation, value = found.groups()
        left = (f"const {name}: ", _type_doc(_annotation_type(annotation)))
        return _assignment(left, _expression_doc(value), break_after_operator=bool(_MEMBER.fullmatch(value)))
    return None


def _annotation_type(text: str) -> TsType:
    """The type of a local variable the checks declare (`unknown`, `unknown[]`,
    `Record<string, unknown>`) as a tree."""
    found = _GENERIC.fullmatch(text)
    if found is None:
        return TsType(text)
    return TsType(generic=found.group(1), args=tuple(_annotation_type(a) for a in _split_args(found.group(2))))


def layout_statement(text: str, indent: int) -> list[str]:
    """One statement laid out as prettier does at `indent` spaces: as is when it fits;
    a check's `if`, `else if` or loop head and a typed declaration as `_statement_doc`
    says; an assignment of a call keeps `x = f(` and breaks the arguments, any other
    assignment moves its value to the next line; a call puts its arguments one a line."""
    pad = " " * indent
    if indent + width(text) <= WIDTH:
        return [pad + text]
    statement = _statement_doc(text)
    if statement is not None:
        return print_doc(statement, indent)
    parts = _call_parts(text)
    lhs, eq, rhs = text.partition(" = ")
    is_call = parts is not None and text.endswith(");") and (not eq or parts[0].startswith(lhs + " = "))
    if eq and "(" not in lhs and '"' not in lhs and "'" not in lhs:  # not a " = " inside a string
        # prettier keeps `x = f(` together when it fits, and breaks after `=` otherwise
        if not is_call or parts is None or indent + width(parts[0]) > WIDTH:
            return [pad + lhs + " ="] + layout_statement(rhs, indent + 2)
    if parts is None:
        return [pad + text]
    head, inner, tail = parts
    args = _split_args(inner)
    if not args:
        return [pad + text]
    if len(args) == 1 and indent + 2 + width(args[0]) + 1 <= WIDTH:
        return [pad + head, pad + "  " + args[0] + ",", pad + tail]
    lines = [pad + head]
    for arg in args:
        operands = _split_args(arg.replace(" + ", " , ")) if " + " in arg else []
        if len(operands) > 1 and indent + 2 + width(arg) + 1 > WIDTH and _is_chain(arg, operands):
            # prettier puts each operand of a too-long `a + b + c` on its own line
            docs = [_expression_doc(o) for o in operands]
            rest = tuple(part for doc in docs[1:] for part in (" +", LINE, doc))
            lines += print_doc((group((group(docs[0]), Indent(rest))), ","), indent + 2)
        else:
            lines.extend(layout_statement(arg + ",", indent + 2))
    lines.append(pad + tail)
    return lines


def _is_chain(arg: str, operands: list[str]) -> bool:
    """True when `arg` is exactly `operands` joined by ` + ` (no `+` inside strings was split)."""
    return " + ".join(operands) == arg
