"""YAML text → a tree of nodes that each know their file:line:column.

We compose (not construct) the YAML so every key and value keeps its position, and we
reject what would make positions lie or memory explode: duplicate keys, anchors and
aliases (the classic "billion laughs" bomb), files too large to be a plan.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple, Union

import yaml

from ..diagnostics import Diagnostics, Span

try:  # The C loader composes about ten times faster; fall back where libyaml is missing.
    _Base: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Base = yaml.SafeLoader


class _Loader(_Base):  # type: ignore[misc, valid-type]
    """Memoises tag resolution: plans repeat the same keys and words thousands of times,
    and PyYAML resolves every scalar in Python even under the C loader."""

    _tags: dict[tuple[Any, str, tuple[bool, bool]], str] = {}

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is not yaml.ScalarNode:
            return str(super().resolve(kind, value, implicit))
        key = (kind, value, implicit)
        tag = self._tags.get(key)
        if tag is None:
            tag = str(super().resolve(kind, value, implicit))
            if len(self._tags) < 100_000:
                self._tags[key] = tag
        return tag

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

_constructor = yaml.SafeLoader.__new__(yaml.SafeLoader)
yaml.constructor.SafeConstructor.__init__(_constructor)


_STR_TAG = "tag:yaml.org,2002:str"


def _scalar_value(node: yaml.ScalarNode) -> str | int | float | bool | None:
    if node.tag == _STR_TAG:
        return node.value  # most scalars in a plan are text; skip the constructor
    value = _constructor.construct_object(node, deep=False)
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return node.value  # timestamps and binary stay text: the plan decides what they mean


def _span(file: str, mark: yaml.Mark) -> Span:
    return Span(file, mark.line + 1, mark.column + 1)


class _Converter:
    def __init__(self, file: str, diagnostics: Diagnostics) -> None:
        self.file = file
        self.diagnostics = diagnostics
        self.seen: set[int] = set()
        self.aliased = False
        self.too_deep = False

    def convert(self, node: yaml.Node, depth: int = 0) -> Node:
        span = _span(self.file, node.start_mark)
        if id(node) in self.seen:
            self.aliased = True  # reported once, at each alias's own position, by load_text
            return Scalar(None, "", span, False)
        self.seen.add(id(node))
        if depth > MAX_DEPTH:
            if not self.too_deep:  # once: what lies deeper is not worth more messages
                self.diagnostics.error(
                    "TG107", span, f"the plan nests deeper than {MAX_DEPTH} levels",
                    "flatten the structure or move nested objects into named types",
                )
            self.too_deep = True
            return Scalar(None, "", span, False)
        if isinstance(node, yaml.ScalarNode):
            return Scalar(_scalar_value(node), node.value, span, node.style in ("'", '"'))
        if isinstance(node, yaml.SequenceNode):
            return Sequence(tuple(self.convert(item, depth + 1) for item in node.value), span)
        assert isinstance(node, yaml.MappingNode)
        entries: list[Entry] = []
        first_seen: dict[str, Span] = {}
        for key_node, value_node in node.value:
            key_span = _span(self.file, key_node.start_mark)
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                self.diagnostics.error(
                    "TG108", key_span, "a key must be plain text",
                    "write the key as a string; merge keys (<<) and complex keys are not supported",
                )
                continue
            key = key_node.value
            if key in first_seen:
                self.diagnostics.error(
                    "TG103",
                    key_span,
                    f"duplicate key {key!r}",
                    "YAML keeps only the last one; remove or rename one of them",
                    related=(first_seen[key],),
                )
                continue
            first_seen[key] = key_span
            entries.append(Entry(key, key_span, self.convert(value_node, depth + 1)))
        return Mapping(tuple(entries), span)


def load_text(text: str, file: str, diagnostics: Diagnostics) -> Node | None:
    """Compose YAML text into nodes; None (with diagnostics) when it is not usable YAML."""
    try:
        composed = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        span = _span(file, mark) if mark else Span(file, 1, 1)
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
    if composed is None:
        diagnostics.error("TG106", Span(file, 1, 1), "the plan file is empty", "run `trackgen init` for a starter plan")
        return None
    converter = _Converter(file, diagnostics)
    root = converter.convert(composed)
    if converter.aliased:
        _report_aliases(text, file, diagnostics)
    if converter.aliased or converter.too_deep:
        # The tree has placeholders where aliases and deep nodes were: checking it would
        # only add misleading messages at the wrong positions.
        return None
    return root


def _report_aliases(text: str, file: str, diagnostics: Diagnostics) -> None:
    """Composition shares aliased nodes and loses where each alias was; the events keep it."""
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent):
            diagnostics.error(
                "TG104",
                _span(file, event.start_mark),
                "YAML aliases (*name) are not supported in plans",
                "declare a reusable type under `types:` and refer to it by name",
            )


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
