"""YAML text → a tree of nodes that each know their file:line:column.

The tree is built straight from the parser's event stream (libyaml's C parser where
present), one pass, no intermediate YAML node tree: a 10,000-event plan makes about a
million nodes, and PyYAML's composed nodes (two Mark objects each) would triple the
memory and time. Scalars are typed by YAML 1.1's implicit rules, as PyYAML does, with a
cache because plans repeat the same words thousands of times.

We reject what would make positions lie or memory explode: duplicate keys, anchors and
aliases (the classic "billion laughs" bomb), tags other than the standard scalar ones,
nesting deeper than any plan needs, and files too large to be a plan.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, NamedTuple, Union

import yaml

from ..diagnostics import Diagnostics, Span

try:  # libyaml's C parser is several times faster; fall back where it is missing.
    _Base: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Base = yaml.SafeLoader

MAX_PLAN_BYTES = 10 * 1024 * 1024
"""A plan of 10,000 richly described events is about 5 MB; anything larger is a mistake."""

MAX_DEPTH = 64
"""Deeper nesting than this is not a tracking plan; it keeps recursion bounded."""


# Nodes are named tuples for speed: composing a 10,000-event plan makes ~1M of them.
class Scalar(NamedTuple):
    value: str | int | float | bool | None
    text: str
    """The source text, used for keys and for messages that quote what the user wrote."""
    span: Span
    quoted: bool


class Entry(NamedTuple):
    key: str
    key_span: Span
    value: "Node"


class Mapping(NamedTuple):
    entries: tuple[Entry, ...]
    span: Span

    def get(self, key: str) -> Entry | None:
        for entry in self.entries:
            if entry.key == key:
                return entry
        return None


class Sequence(NamedTuple):
    items: tuple["Node", ...]
    span: Span


Node = Union[Scalar, Mapping, Sequence]

_constructor: Any = yaml.SafeLoader.__new__(yaml.SafeLoader)
yaml.constructor.SafeConstructor.__init__(_constructor)

_TAG = "tag:yaml.org,2002:"
_STR_TAG = _TAG + "str"
_MERGE_TAG = _TAG + "merge"
_TYPED_TAGS = {_TAG + "null", _TAG + "bool", _TAG + "int", _TAG + "float"}
"""Tags whose values become Python values; other resolved ones (timestamps, `=`) stay text."""
_COLLECTION_TAGS = {None, "!", _TAG + "map", _TAG + "seq"}
_RESOLVERS: dict[str, list[tuple[str, re.Pattern[str]]]] = yaml.resolver.Resolver.yaml_implicit_resolvers

Value = Union[str, int, float, bool, None]


def _implicit_tag(value: str) -> str:
    """YAML 1.1's tag for a plain scalar, as PyYAML's resolver decides it."""
    for tag, pattern in _RESOLVERS.get(value[:1], ()):
        if pattern.match(value):
            return tag
    return _STR_TAG


def _typed(tag: str, value: str) -> Value:
    """The Python value of a scalar with a null, bool, int or float tag (may raise)."""
    result: object = _constructor.yaml_constructors[tag](_constructor, yaml.ScalarNode(tag, value))
    assert result is None or isinstance(result, (bool, int, float))
    return result


_plain_cache: dict[str, tuple[Value, bool]] = {}
"""Plain scalar text → (value, is the merge key `<<`)."""


def _plain(text: str) -> tuple[Value, bool]:
    cached = _plain_cache.get(text)
    if cached is None:
        tag = _implicit_tag(text)
        cached = (_typed(tag, text) if tag in _TYPED_TAGS else text, tag == _MERGE_TAG)
        if len(_plain_cache) < 200_000:
            _plain_cache[text] = cached
    return cached


class _Open:
    """A mapping or sequence whose end event has not come yet."""

    __slots__ = ("is_mapping", "span", "items", "key", "key_span", "drop", "first_seen")

    def __init__(self, is_mapping: bool, span: Span) -> None:
        self.is_mapping = is_mapping
        self.span = span
        self.items: list[Any] = []
        self.key: str | None = None
        """The key whose value comes next (mappings only); None while a key is expected."""
        self.key_span = span
        self.drop = 0
        """Nodes still to read and throw away: a rejected key's value, or a complex key and its value."""
        self.first_seen: dict[str, Span] = {}


class _Problem(Exception):
    """A composition error PyYAML's composer would raise; reported as TG102."""

    def __init__(self, mark: Any, problem: str, context: str | None = None) -> None:
        self.mark = mark
        self.problem = problem
        self.context = context


class _Builder:
    """Events in, nodes out; every check the composer did, and ours, on the way."""

    def __init__(self, file: str, diagnostics: Diagnostics) -> None:
        self.file = file
        self.diagnostics = diagnostics
        self.stack: list[_Open] = []
        self.root: Node | None = None
        self.documents = 0
        self.anchors: dict[str, Any] = {}
        self.aliases: list[Span] = []
        self.too_deep = False
        self.deferred: list[tuple[str, Span, str, str]] = []
        """Tag problems, reported only if the whole stream parses (as before composition)."""

    def span(self, mark: Any) -> Span:
        return Span(self.file, mark.line + 1, mark.column + 1)

    def build(self, events: Any) -> None:
        # The hot loop of a big plan (a million events): the common cases are inlined, and
        # spans, scalars and entries are made with `tuple.__new__` as a named tuple's own
        # `_make` does, without a Python-level `__new__` call per node.
        stack = self.stack
        file = self.file
        new = tuple.__new__
        plain_cache = _plain_cache
        ScalarEvent = yaml.ScalarEvent
        MappingStartEvent, MappingEndEvent = yaml.MappingStartEvent, yaml.MappingEndEvent
        SequenceStartEvent, SequenceEndEvent = yaml.SequenceStartEvent, yaml.SequenceEndEvent
        for event in events:
            kind = type(event)
            if kind is ScalarEvent:
                if event.anchor is not None:
                    self.anchor(event)
                top = stack[-1] if stack else None
                text = event.value
                style = event.style
                if top is not None and top.is_mapping and top.key is None:
                    if event.tag is None and event.implicit[0] and text != "<<" or style:
                        mark = event.start_mark  # the common key: plain or quoted text, no tag
                        span = new(Span, (file, mark.line + 1, mark.column + 1))
                        if text in top.first_seen:
                            self.duplicate(top, text, span)
                        else:
                            top.first_seen[text] = span
                            top.key = text
                            top.key_span = span
                    else:
                        self.mapping_key(event)
                    continue
                mark = event.start_mark
                span = new(Span, (file, mark.line + 1, mark.column + 1))
                if len(stack) > MAX_DEPTH:
                    self.check_depth(span)
                tag = event.tag
                if tag is None or tag == "!":
                    if event.implicit[0]:
                        cached = plain_cache.get(text)
                        value = (cached if cached is not None else _plain(text))[0]
                    else:
                        value = text
                else:
                    value = self.tagged(tag, text, span)
                node: Node = new(Scalar, (value, text, span, style == "'" or style == '"'))
                if top is None:
                    self.root = node
                elif not top.is_mapping:
                    top.items.append(node)
                elif top.drop:
                    self.add(node)
                else:
                    top.items.append(new(Entry, (top.key, top.key_span, node)))
                    top.key = None
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                if event.anchor is not None:
                    self.anchor(event)
                mark = event.start_mark
                span = new(Span, (file, mark.line + 1, mark.column + 1))
                if stack:
                    top = stack[-1]
                    if top.is_mapping and top.key is None:
                        self.bad_key(span, drop=2)  # this mapping or list, then its value
                    if len(stack) > MAX_DEPTH:
                        self.check_depth(span)
                if event.tag not in _COLLECTION_TAGS:
                    self.deferred.append(("TG900", span, event.tag, "a plain mapping or list"))
                stack.append(_Open(kind is MappingStartEvent, span))
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                done = stack.pop()
                if done.is_mapping:
                    node = new(Mapping, (tuple(done.items), done.span))
                else:
                    node = new(Sequence, (tuple(done.items), done.span))
                top = stack[-1] if stack else None
                if top is not None and not top.is_mapping:
                    top.items.append(node)
                elif top is not None and not top.drop and top.key is not None:
                    top.items.append(new(Entry, (top.key, top.key_span, node)))
                    top.key = None
                else:
                    self.add(node)
            elif kind is yaml.AliasEvent:
                span = self.span(event.start_mark)
                if event.anchor not in self.anchors:
                    raise _Problem(event.start_mark, "found undefined alias")
                self.aliases.append(span)
                if self.key_expected():
                    stack[-1].key = ""
                    stack[-1].drop = 1
                    continue
                self.add(Scalar(None, "", span, False))
            elif kind is yaml.DocumentStartEvent:
                self.documents += 1
                if self.documents > 1:
                    raise _Problem(event.start_mark, "but found another document", "expected a single document in the stream")
                self.anchors = {}

    def anchor(self, event: Any) -> None:
        if event.anchor is None:
            return
        if event.anchor in self.anchors:
            raise _Problem(event.start_mark, "second occurrence", "found duplicate anchor; first occurrence")
        self.anchors[event.anchor] = event.start_mark

    def key_expected(self) -> bool:
        if not self.stack:
            return False
        top = self.stack[-1]
        return top.is_mapping and top.key is None

    def mapping_key(self, event: Any) -> None:
        top = self.stack[-1]
        span = self.span(event.start_mark)
        key = event.value
        tag = event.tag
        merge = False
        if tag is None or tag == "!":
            if event.implicit[0]:
                merge = _plain(key)[1]
        elif tag == _MERGE_TAG:
            merge = True
        if merge:
            self.bad_key(span, drop=1)
            return
        if key in top.first_seen:
            self.duplicate(top, key, span)
        else:
            top.first_seen[key] = span
            top.key = key
            top.key_span = span

    def duplicate(self, top: _Open, key: str, span: Span) -> None:
        self.diagnostics.error(
            "TG103", span, f"duplicate key {key!r}",
            "YAML keeps only the last one; remove or rename one of them",
            related=(top.first_seen[key],),
        )
        top.key = key
        top.key_span = span
        top.drop = 1

    def bad_key(self, span: Span, drop: int) -> None:
        self.diagnostics.error(
            "TG108", span, "a key must be plain text",
            "write the key as a string; merge keys (<<) and complex keys are not supported",
        )
        top = self.stack[-1]
        top.key = ""
        top.drop = drop

    def check_depth(self, span: Span) -> None:
        if len(self.stack) > MAX_DEPTH and not self.too_deep:
            self.too_deep = True  # once: what lies deeper is not worth more messages
            self.diagnostics.error(
                "TG107", span, f"the plan nests deeper than {MAX_DEPTH} levels",
                "flatten the structure or move nested objects into named types",
            )

    def tagged(self, tag: str, text: str, span: Span) -> Value:
        if tag == _STR_TAG:
            return text
        if tag in _TYPED_TAGS:
            try:
                return _typed(tag, text)
            except (ValueError, yaml.YAMLError, KeyError, AssertionError):
                self.deferred.append(("TG901", span, tag, text))
                return text
        self.deferred.append(("TG900", span, tag, "the value"))
        return text

    def add(self, node: Node) -> None:
        if not self.stack:
            self.root = node
            return
        top = self.stack[-1]
        if not top.is_mapping:
            top.items.append(node)
            return
        if top.drop:
            top.drop -= 1
            if top.drop:
                return
        elif top.key is not None:
            top.items.append(Entry(top.key, top.key_span, node))
        top.key = None

    def report_deferred(self) -> None:
        for code, span, tag, what in self.deferred:
            shown = tag.replace(_TAG, "!!")
            if code == "TG900":
                self.diagnostics.error(
                    "TG900", span, f"the YAML tag {shown} is not supported in plans",
                    f"write {what} without the tag; only !!str, !!int, !!float, !!bool and !!null may force a scalar's type",
                )
            else:
                self.diagnostics.error(
                    "TG901", span, f"{what!r} is not a valid {shown} value",
                    f"write a valid {shown.lstrip('!')} or drop the tag",
                )


def load_text(text: str, file: str, diagnostics: Diagnostics) -> Node | None:
    """Parse YAML text into nodes; None (with diagnostics) when it is not usable YAML."""
    builder = _Builder(file, diagnostics)
    parser: Any = None
    try:
        parser = _Base(text)
        builder.build(iter(parser.get_event, None))  # what `yaml.parse` yields, without its generator
    except _Problem as exc:
        problem = f"{exc.problem} ({exc.context})" if exc.context else exc.problem
        diagnostics.error("TG102", builder.span(exc.mark), f"invalid YAML: {problem}", "fix the YAML syntax at this position")
        return None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        span = builder.span(mark) if mark else Span(file, 1, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        if exc.context and exc.problem:
            problem = f"{exc.problem} ({exc.context})"
        diagnostics.error("TG102", span, f"invalid YAML: {problem}", "fix the YAML syntax at this position")
        return None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow in a stream
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        code = exc.character if isinstance(exc.character, int) else 0
        diagnostics.error(
            "TG102", Span(file, line, column),
            f"invalid YAML: character U+{code:04X} is not allowed ({exc.reason})",
            "remove the character, or write it as an escape in a double-quoted string",
        )
        return None
    except yaml.YAMLError as exc:
        diagnostics.error("TG102", Span(file, 1, 1), f"invalid YAML: {str(exc).splitlines()[0]}", "fix the YAML syntax")
        return None
    finally:
        if parser is not None:
            parser.dispose()
    for span in builder.aliases:
        diagnostics.error(
            "TG104", span, "YAML aliases (*name) are not supported in plans",
            "declare a reusable type under `types:` and refer to it by name",
        )
    builder.report_deferred()
    if builder.root is None:
        diagnostics.error("TG106", Span(file, 1, 1), "the plan file is empty", "run `trackgen init` for a starter plan")
        return None
    if builder.aliases or builder.too_deep or builder.deferred:
        # The tree has placeholders where aliases, deep nodes or rejected tags were:
        # checking it would only add misleading messages at the same or wrong positions.
        return None
    return builder.root


def read_plan_text(path: Path, shown: str, diagnostics: Diagnostics) -> str | None:
    """Read a plan file as UTF-8, refusing what cannot be a plan before parsing it."""
    try:
        size = path.stat().st_size
        if size > MAX_PLAN_BYTES:
            diagnostics.error(
                "TG105", Span(shown, 1, 1),
                f"the plan file is {size:,} bytes; the limit is {MAX_PLAN_BYTES:,}",
                "split the plan with includes, or check you passed the right file",
            )
            return None
        data = path.read_bytes()
    except FileNotFoundError:
        diagnostics.error("TG100", Span(shown, 1, 1), "no such plan file", "check the path, or run `trackgen init`")
        return None
    except OSError as exc:
        diagnostics.error("TG100", Span(shown, 1, 1), f"cannot read the plan: {exc.strerror}", "check the path and its permissions")
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        diagnostics.error(
            "TG101", Span(shown, line, column),
            f"the plan is not valid UTF-8 (byte 0x{data[exc.start]:02x})",
            "save the file as UTF-8",
        )
        return None
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\x00" in text:
        offset = text.index("\x00")
        line = text.count("\n", 0, offset) + 1
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        diagnostics.error("TG101", Span(shown, line, column), "the plan contains a NUL character", "save the file as plain UTF-8 text")
        return None
    return text
