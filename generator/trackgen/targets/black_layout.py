"""How black splits a line that is too long, modelled for the code the Python target emits.

The Python target promises output that black leaves unchanged, without running black.
Plan text decides the length of many lines: TypedDict keys and `Literal[...]` values (type
checkers need literals there), the plan name, constants, names derived from the plan,
and nesting depth. This module reproduces black's own algorithm (black 24-26, default
mode) on a small token model of one logical line:

- a line that fits in 88 columns stays as it is (unless a magic trailing comma asks for
  a split);
- inside brackets, split at the delimiters of the highest priority (`,` then `and`/`or`,
  comparisons, `|`, `+`, method-call dots);
- otherwise split at the last bracket pair ("right-hand split"), with black's rules for
  the invisible parentheses it puts around assignment values, return values, `if` and
  `for` clauses and parameter annotations (shown, or omitted for a later bracket), and
  for omitting trailers whose head would not fit;
- each resulting line is laid out again the same way.

Only ASCII reaches here (`py_str` escapes everything else), so width equals length. The
model is pinned against black itself by tests/unit/test_black_layout.py and the fuzzer;
what the target never emits (comments, lambdas, ternaries, comprehensions, multi-line
strings) is not modelled.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

LINE_LENGTH = 88

COMMA_PRIORITY = 18
LOGIC_PRIORITY = 14
COMPARATOR_PRIORITY = 10
BAR_PRIORITY = 9
ARITH_PRIORITY = 5
DOT_PRIORITY = 1


class CannotSplit(Exception):
    pass


@dataclass(eq=False)
class Tok:
    kind: str
    """atom, open, close, comma, colon, eq, dot, star, op (an operator), kw (a keyword)"""
    text: str
    space: bool
    """Whether a space separates it from the token before it on the same line."""
    trailer: bool = False
    """For brackets: a call or subscript (`f(`, `x[`), not a display or invisible paren."""
    match: "Tok | None" = None
    invisible: bool = False
    priority: int = 0
    """For operators: black's priority of a line break before it."""


_OPERATORS = {
    "and": LOGIC_PRIORITY, "or": LOGIC_PRIORITY, "is": COMPARATOR_PRIORITY,
    "in": COMPARATOR_PRIORITY, "==": COMPARATOR_PRIORITY, "!=": COMPARATOR_PRIORITY,
    "<=": COMPARATOR_PRIORITY, ">=": COMPARATOR_PRIORITY, "<": COMPARATOR_PRIORITY,
    ">": COMPARATOR_PRIORITY, "|": BAR_PRIORITY, "+": ARITH_PRIORITY,
}
_KEYWORDS = {"if", "elif", "while", "for", "return", "else", "not"}

_TOKEN = re.compile(
    r"""(?P<space>[ ]*)(?:
        (?P<str>(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'))
      | (?P<atom>-?(?:[0-9][0-9_]*(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?|[A-Za-z_][A-Za-z0-9_]*))
      | (?P<op>==|!=|<=|>=|[<>|+])
      | (?P<open>[(\[{])
      | (?P<close>[)\]}])
      | (?P<comma>,)
      | (?P<colon>:)
      | (?P<eq>=)
      | (?P<dot>\.)
      | (?P<star>\*)
    )""",
    re.X | re.S,
)
_KINDS = ("str", "atom", "op", "open", "close", "comma", "colon", "eq", "dot", "star")


def tokenize(text: str) -> list[Tok]:
    """Tokens of one line of generated code; brackets linked to their partners."""
    tokens: list[Tok] = []
    stack: list[Tok] = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None or m.end() == pos:
            raise ValueError(f"cannot lay out {text!r} at {pos}")
        pos = m.end()
        kind = next(k for k in _KINDS if m.group(k) is not None)
        value = m.group(kind)
        if kind == "str":
            kind = "atom"
        elif kind == "atom" and value in _OPERATORS:
            kind = "op"
        elif kind == "atom" and value in _KEYWORDS:
            kind = "kw"
        tok = Tok(kind, value, bool(m.group("space")), priority=_OPERATORS.get(value, 0) if kind == "op" else 0)
        if kind == "open":
            previous = tokens[-1] if tokens else None
            tok.trailer = previous is not None and previous.kind in ("atom", "close") and not tok.space
            stack.append(tok)
        elif kind == "close" and stack:
            opening = stack.pop()
            opening.match, tok.match = tok, opening
            tok.trailer = opening.trailer
        tokens.append(tok)
    for i, tok in enumerate(tokens):  # `not in` is one comparison; `is not` and unary `not` are not
        if tok.text == "not" and i + 1 < len(tokens) and tokens[i + 1].text == "in":
            tok.kind, tok.priority = "op", COMPARATOR_PRIORITY
            tokens[i + 1].priority = 0
    return tokens


def _wrap(tokens: list[Tok]) -> list[Tok]:
    """`tokens` inside the empty parentheses black adds around a value, clause or hint."""
    opening = Tok("open", "", True, invisible=True)
    closing = Tok("close", "", False, invisible=True)
    opening.match, closing.match = closing, opening
    if tokens:
        tokens[0].space = False
    return [opening, *tokens, closing]


@dataclass
class Line:
    tokens: list[Tok]
    depth: int
    """Indentation in columns."""
    inside: bool = False
    """Inside brackets: black then first tries to split at delimiters."""
    split_rhs: bool = False

    def __str__(self) -> str:
        out = []
        for i, tok in enumerate(self.tokens):
            if i and tok.space:
                out.append(" ")
            out.append(tok.text)
        return " " * self.depth + "".join(out)

    def fits(self, length: int = LINE_LENGTH) -> bool:
        return len(str(self)) <= length

    def depths(self) -> list[int]:
        """Each token's bracket depth in this line; a closing bracket whose partner is on an
        earlier line does not count (black's tracker skips it)."""
        depth, out, members = 0, [], set(map(id, self.tokens))
        for tok in self.tokens:
            if tok.kind == "close" and (depth > 0 and tok.match is not None and id(tok.match) in members):
                depth -= 1
            out.append(depth)
            if tok.kind == "open":
                depth += 1
        return out

    def delimiters(self) -> dict[int, int]:
        """Index → priority of a line break after that token, at depth 0 (black's tracker)."""
        found: dict[int, int] = {}
        for i, (tok, depth) in enumerate(zip(self.tokens, self.depths())):
            if depth != 0:
                continue
            before = 0
            if tok.kind == "op":
                before = tok.priority
            elif tok.kind == "dot" and i and self.tokens[i - 1].kind == "close":
                before = DOT_PRIORITY
            if before and i:
                found[i - 1] = before
            elif tok.kind == "comma":
                found[i] = COMMA_PRIORITY
        return found

    def magic_trailing_comma(self) -> bool:
        for i, tok in enumerate(self.tokens):
            if tok.kind != "close" or tok.invisible or i == 0 or self.tokens[i - 1].kind != "comma":
                continue
            if tok.text == "}":
                return True
            if tok.text == "]":
                if not (tok.trailer and _one_sequence(self.tokens, tok)):
                    return True
            elif tok.trailer or not _one_sequence(self.tokens, tok):
                return True
        return False


def _one_sequence(tokens: list[Tok], closing: Tok) -> bool:
    """black's is_one_sequence_between: at most one comma directly inside the brackets."""
    if closing.match is None or not any(t is closing.match for t in tokens):
        return False
    start = next(i for i, t in enumerate(tokens) if t is closing.match)
    depth, commas = 0, 0
    for tok in tokens[start + 1 :]:
        if tok is closing:
            break
        if tok.kind == "open":
            depth += 1
        elif tok.kind == "close":
            depth -= 1
        elif tok.kind == "comma" and depth == 0:
            commas += 1
    return commas < 2


def transform(line: Line, forced: bool = False) -> list[str]:
    """black's `transform_line` for one logical line, as text lines."""
    if line.fits() and not line.magic_trailing_comma() and not line.split_rhs:
        return [str(line)]
    text = str(line)
    for split in (("delimiter", "rhs") if line.inside else ("rhs",)):
        try:
            return _run(line, split, text, forced)
        except CannotSplit:
            continue
    return [text]


def _run(line: Line, split: str, text: str, forced: bool) -> list[str]:
    pieces = delimiter_split(line) if split == "delimiter" else rhs_with_omits(line, forced)
    result: list[str] = []
    for piece in pieces:
        if str(piece) == text:
            raise CannotSplit("unchanged")
        result.extend(transform(piece, forced))
    depths = line.depths()
    optional = [t for t, d in zip(line.tokens, depths) if t.invisible and d == 0]
    if (
        split == "rhs"
        and not forced
        and any(t.invisible for t in line.tokens)
        and not any(t.text for t in optional)
        and len(result[0]) > LINE_LENGTH
    ):
        saved = [(t, t.text) for t in line.tokens if t.invisible]
        second = _run(line, "rhs", text, forced=True)
        if all(len(s) <= LINE_LENGTH for s in second):
            return second
        for tok, value in saved:
            tok.text = value
    return result


def delimiter_split(line: Line) -> list[Line]:
    delimiters = line.delimiters()
    last = len(line.tokens) - 1
    candidates = {i: p for i, p in delimiters.items() if i != last}
    if not candidates:
        raise CannotSplit("no delimiters")
    priority = max(candidates.values())
    if priority == DOT_PRIORITY and sum(1 for p in candidates.values() if p == priority) == 1:
        raise CannotSplit("a single attribute access")
    out: list[Line] = []
    current: list[Tok] = []
    for i, tok in enumerate(line.tokens):
        current.append(tok)
        if delimiters.get(i) == priority:
            out.append(Line(current, line.depth, line.inside))
            current = []
    if current:
        if priority == COMMA_PRIORITY and current[-1].kind != "comma":
            current.append(Tok("comma", ",", False))
        out.append(Line(current, line.depth, line.inside))
    return out


@dataclass
class Split:
    head: Line
    body: Line
    tail: Line
    opening: Tok
    closing: Tok


def first_split(line: Line, omit: frozenset[int]) -> Split:
    """black's _first_right_hand_split: head, body and tail around the last bracket pair."""
    tail: list[Tok] = []
    body: list[Tok] = []
    head: list[Tok] = []
    opening: Tok | None = None
    closing: Tok | None = None
    current = tail
    for tok in reversed(line.tokens):
        if current is body and tok is opening:
            current = head if body else tail
        current.append(tok)
        if current is tail and tok.kind == "close" and tok.match is not None and id(tok) not in omit:
            opening, closing = tok.match, tok
            current = body
    if opening is None or closing is None or not head:
        raise CannotSplit("no brackets")
    tail.reverse()
    body.reverse()
    head.reverse()
    body_line = Line(body, line.depth + 4, inside=True)
    # should_split_line: a comma-separated body explodes one item a line when it had a
    # trailing comma or sits in a tuple, list, dict or invisible parens (not a call).
    trailing = bool(body) and body[-1].kind == "comma"
    rest = [p for i, p in body_line.delimiters().items() if not (trailing and i == len(body) - 1)]
    body_line.split_rhs = bool(rest) and max(rest) == COMMA_PRIORITY and (trailing or not opening.trailer)
    split = Split(Line(head, line.depth), body_line, Line(tail, line.depth), opening, closing)
    if not body and len(str(split.tail).strip()) < 3:
        raise CannotSplit("an empty body is not worth it")
    return split


def _trailers_to_omit(line: Line) -> Iterator[frozenset[int]]:
    """black's generate_trailers_to_omit: ever larger sets of closing brackets to skip."""
    omit: set[int] = set()
    if not line.magic_trailing_comma():
        yield frozenset()
    length = line.depth
    opening: Tok | None = None
    closing: Tok | None = None
    inner: set[int] = set()
    tokens = line.tokens
    for index in range(len(tokens) - 1, -1, -1):
        tok = tokens[index]
        length += len(tok.text) + (1 if tok.space and index else 0)
        if length > LINE_LENGTH:
            break
        previous = tokens[index - 1] if index else None
        if opening is not None:
            if tok is opening:
                opening = None
            elif tok.kind == "close":
                if previous is not None and previous.kind == "comma" and not _one_sequence(tokens, tok):
                    break
                inner.add(id(tok))
        elif tok.kind == "close":
            if previous is not None and previous.kind == "open":
                inner.add(id(tok))
                continue
            if closing is not None:
                omit.add(id(closing))
                omit.update(inner)
                inner.clear()
                yield frozenset(omit)
            if previous is not None and previous.kind == "comma" and not _one_sequence(tokens, tok):
                break
            if tok.text:
                opening, closing = tok.match, tok


def rhs_with_omits(line: Line, forced: bool) -> list[Line]:
    starts: dict[int, int] = {}
    column = line.depth
    for i, tok in enumerate(line.tokens):
        starts[id(tok)] = column
        column += len(tok.text) + (1 if tok.space and i else 0)
    first: list[Line] | None = None
    for omit in _trailers_to_omit(line):
        if omit:
            target = next((t for t in reversed(line.tokens) if t.kind == "close" and id(t) not in omit), None)
            if target is not None and target.match is not None and target.match.text and starts.get(id(target.match), 0) > LINE_LENGTH:
                continue
        lines = _omitting_optional_parens(first_split(line, omit), line, forced, omit)
        if first is None and not omit:
            first = lines
        if lines[0].fits():
            return lines
    if first is not None:
        return first
    return _omitting_optional_parens(first_split(line, frozenset()), line, forced, frozenset())


def _omitting_optional_parens(split: Split, line: Line, forced: bool, omit: frozenset[int]) -> list[Line]:
    if not forced and split.opening.invisible and split.closing.invisible and _can_omit_parens(split):
        omit = omit | {id(split.closing)}
        try:
            other = first_split(line, omit)
            if _prefer_omitting(other, split):
                return _omitting_optional_parens(other, line, forced, omit)
        except CannotSplit:
            if len(split.body.tokens) < 2 and not split.body.fits():
                raise
    if split.opening.invisible:
        split.opening.text, split.closing.text = "(", ")"
    return [part for part in (split.head, split.body, split.tail) if part.tokens]


def _can_omit_parens(split: Split) -> bool:
    """black's can_omit_invisible_parens, for the bodies the target produces."""
    body = split.body
    delimiters = body.delimiters()
    if not delimiters:
        return True
    priority = max(delimiters.values())
    if sum(1 for p in delimiters.values() if p == priority) > 1:
        return False
    if priority == DOT_PRIORITY:
        return True
    first, last = body.tokens[0], body.tokens[-1]
    if first.kind == "open" and body.tokens[1].kind != "close":
        if _can_omit_opening_paren(body, first):
            return True
    if last.kind == "close" and (last.text in (")", "}") or not last.trailer):
        if body.tokens[-2].kind == "open":
            return False
        if _can_omit_closing_paren(body, last):
            return True
    return False


def _can_omit_opening_paren(body: Line, first: Tok) -> bool:
    remainder = False
    length = body.depth
    index = -1
    for index, tok in enumerate(body.tokens):
        if tok.kind == "close" and tok.match is first:
            remainder = True
        if remainder:
            length += len(tok.text) + (1 if tok.space and index else 0)
            if length > LINE_LENGTH:
                break
            if tok.kind == "open":
                remainder = False
    else:
        if len(body.tokens) == index + 1:
            return True
    return False


def _can_omit_closing_paren(body: Line, last: Tok) -> bool:
    length = body.depth
    seen_other_brackets = False
    for index, tok in enumerate(body.tokens):
        length += len(tok.text) + (1 if tok.space and index else 0)
        if tok is last.match:
            if seen_other_brackets or length <= LINE_LENGTH:
                return True
        elif tok.kind == "open":
            seen_other_brackets = True
    return False


def _prefer_omitting(other: Split, split: Split) -> bool:
    """black's _prefer_split_rhs_oop_over_rhs (stable style)."""
    head = split.head.tokens
    if not (len(head) >= 2 and head[-2].kind == "eq"):
        return True
    if not any(t.kind in ("open", "close") for t in head[:-1]):
        return True
    if not split.head.fits(LINE_LENGTH - 1):
        return True
    if split.head.magic_trailing_comma():
        return True
    after_assign = False
    for tok in reversed(other.head.tokens):
        if tok.kind == "eq":
            break
        if tok.kind == "close":
            after_assign = True
            break
    return after_assign or (any(t.kind == "eq" for t in other.head.tokens) and other.head.fits())


# -- the shapes the Python target asks for -------------------------------------------------


def _top_level(tokens: list[Tok], kind: str, text: str | None = None) -> int | None:
    depth = 0
    for i, tok in enumerate(tokens):
        if tok.kind == "open":
            depth += 1
        elif tok.kind == "close":
            depth -= 1
        elif depth == 0 and tok.kind == kind and (text is None or tok.text == text):
            return i
    return None


def _statement_tokens(tokens: list[Tok]) -> list[Tok]:
    """Add the invisible parentheses black puts in a simple statement or clause header."""
    if not tokens:
        return tokens
    first = tokens[0]
    if first.kind == "kw" and first.text in ("if", "elif", "while") and tokens[-1].kind == "colon":
        return [first, *_wrap(tokens[1:-1]), tokens[-1]]
    if first.kind == "kw" and first.text == "return" and len(tokens) > 1:
        return [first, *_wrap(tokens[1:])]
    if first.kind == "kw" and first.text == "for" and tokens[-1].kind == "colon":
        inside = next(i for i, t in enumerate(tokens) if t.kind == "op" and t.text == "in")
        tokens[inside].kind, tokens[inside].priority = "kw", 0  # `for ... in`, not a comparison
        return [first, *_wrap(tokens[1:inside]), tokens[inside], *_wrap(tokens[inside + 1 : -1]), tokens[-1]]
    eq = _top_level(tokens, "eq")
    if eq is not None:
        target, value = tokens[:eq], tokens[eq + 1 :]
        colon = _top_level(target, "colon")
        if colon is not None:
            target = [*target[: colon + 1], *_wrap(target[colon + 1 :])]
        return [*target, tokens[eq], *_wrap(value)]
    return tokens


def _maybe_magic(text: str) -> bool:
    """A comma right before a closing bracket (maybe inside a string: then the slow path
    merely confirms the line)."""
    return ",)" in text or ",]" in text or ",}" in text


def statement(text: str, indent: int) -> list[str]:
    """One simple statement or clause header (`x = ...`, `f(...)`, `return ...`, `if ...:`)
    at `indent` columns, as black lays it out."""
    if indent + len(text) <= LINE_LENGTH and not _maybe_magic(text):
        return [" " * indent + text]  # fits, and no magic trailing comma asks for a split
    return list(_statement(text, indent))


@lru_cache(maxsize=4096)
def _statement(text: str, indent: int) -> tuple[str, ...]:
    """Memoised: a plan repeats the same long statement shapes event after event."""
    return tuple(_layout_statement(text, indent))


def _layout_statement(text: str, indent: int) -> list[str]:
    line = Line(_statement_tokens(tokenize(text)), indent)
    if any(t.kind == "close" and t.match is None for t in line.tokens) or any(
        t.kind == "open" and t.match is None for t in line.tokens
    ):
        return [str(line)]  # a fragment of a longer construct; the caller keeps it short
    return transform(line)


def assignment(target: str, value: str, indent: int = 0) -> list[str]:
    """`target = value` or `target: annotation = value`."""
    return statement(f"{target} = {value}", indent)


def dict_entry(key: str, value: str, indent: int) -> list[str]:
    """`key: value,` on its own line inside an exploded dict display."""
    if indent + len(key) + len(value) + 3 <= LINE_LENGTH and not _maybe_magic(value):
        return [f"{' ' * indent}{key}: {value},"]
    return transform(Line(tokenize(f"{key}: {value},"), indent, inside=True))


def parameter(name: str, annotation: str, default: str | None, indent: int) -> list[str]:
    """One `name: annotation = default,` parameter of an exploded signature; black wraps
    annotations in invisible parentheses (and shows them when the hint is long)."""
    one = f"{name}: {annotation}{'' if default is None else ' = ' + default},"
    if indent + len(one) <= LINE_LENGTH and not _maybe_magic(annotation):
        return [" " * indent + one]
    tokens = [*tokenize(name), Tok("colon", ":", False), *_wrap(tokenize(annotation))]
    tokens[2].space = True
    if default is not None:
        value = tokenize(default)
        value[0].space = True
        tokens += [Tok("eq", "=", True), *value]
    tokens.append(Tok("comma", ",", False))
    return transform(Line(tokens, indent, inside=True))

