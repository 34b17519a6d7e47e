"""JSON text → plain Python data plus the line and column of every value, by JSON pointer.

The standard `json` module forgets where values were, but import warnings should point
into the source file (`plan.json:120:17`) as well as name the JSON pointer. This small
recursive-descent reader decodes strings with the standard library and follows JSON's grammar
and records the offset of each value. It also reports what `json.loads` accepts silently
and a tracking plan should not contain: duplicate keys (the last one wins), and the
non-standard `NaN` / `Infinity` tokens (refused).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
import json
from typing import Any

from ..diagnostics import Span

_STRING = re.compile(r'"(?:[^"\\\x00-\x1f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"')
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?")
_SPACE = re.compile(r"[ \t\n\r]*")
MAX_DEPTH = 200


class JsonSyntaxError(Exception):
    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


def pointer_token(key: str | int) -> str:
    return str(key).replace("~", "~0").replace("/", "~1")


def child_pointer(pointer: str, key: str | int) -> str:
    return f"{pointer}/{pointer_token(key)}"


@dataclass
class JsonSource:
    """Parsed JSON with positions: `span(pointer)` finds where a value starts."""

    file: str
    text: str
    data: Any = None
    offsets: dict[str, int] = field(default_factory=dict)
    duplicates: list[tuple[str, int]] = field(default_factory=list)
    _line_starts: list[int] = field(default_factory=list)

    def span_at(self, offset: int) -> Span:
        if not self._line_starts:
            self._line_starts = [0] + [m.end() for m in re.finditer("\n", self.text)]
        line = bisect.bisect_right(self._line_starts, offset)
        return Span(self.file, line, offset - self._line_starts[line - 1] + 1)

    def span(self, pointer: str) -> Span:
        """The position of the value at `pointer`, or of its nearest parent that exists."""
        while pointer not in self.offsets and pointer:
            pointer = pointer.rsplit("/", 1)[0]
        return self.span_at(self.offsets.get(pointer, 0))


class _Reader:
    def __init__(self, source: JsonSource) -> None:
        self.s = source
        self.text = source.text

    def skip(self, i: int) -> int:
        match = _SPACE.match(self.text, i)
        assert match is not None
        return match.end()

    def value(self, i: int, pointer: str, depth: int) -> tuple[Any, int]:
        if depth > MAX_DEPTH:
            raise JsonSyntaxError(f"nested deeper than {MAX_DEPTH} levels", i)
        self.s.offsets[pointer] = i
        ch = self.text[i : i + 1]
        if ch == "{":
            return self.object(i + 1, pointer, depth)
        if ch == "[":
            return self.array(i + 1, pointer, depth)
        if ch == '"':
            return self.string(i)
        for word, result in (("true", True), ("false", False), ("null", None)):
            if self.text.startswith(word, i):
                return result, i + len(word)
        for word in ("NaN", "Infinity", "-Infinity"):
            if self.text.startswith(word, i):
                raise JsonSyntaxError(f"`{word}` is not JSON", i)
        match = _NUMBER.match(self.text, i)
        if match:
            number = match.group(0)
            if match.group(1) or match.group(2):
                return float(number), match.end()
            return int(number), match.end()
        if not ch:
            raise JsonSyntaxError("unexpected end of the file", i)
        raise JsonSyntaxError(f"unexpected character {ch!r}", i)

    def string(self, i: int) -> tuple[str, int]:
        match = _STRING.match(self.text, i)
        if match is None:
            raise JsonSyntaxError("invalid string (unescaped control character, bad escape or no closing quote)", i)
        text: str = json.loads(match.group(0))
        return text, match.end()

    def object(self, i: int, pointer: str, depth: int) -> tuple[dict[str, Any], int]:
        out: dict[str, Any] = {}
        i = self.skip(i)
        if self.text.startswith("}", i):
            return out, i + 1
        while True:
            if not self.text.startswith('"', i):
                raise JsonSyntaxError("expected a quoted key", i)
            key_at = i
            key, i = self.string(i)
            i = self.skip(i)
            if not self.text.startswith(":", i):
                raise JsonSyntaxError("expected `:` after the key", i)
            i = self.skip(i + 1)
            child = child_pointer(pointer, key)
            if key in out:
                self.s.duplicates.append((child, key_at))
                del out[key]  # the last one wins, as in json.loads, but keeps its own place
            out[key], i = self.value(i, child, depth + 1)
            i = self.skip(i)
            if self.text.startswith(",", i):
                i = self.skip(i + 1)
                continue
            if self.text.startswith("}", i):
                return out, i + 1
            raise JsonSyntaxError("expected `,` or `}`", i)

    def array(self, i: int, pointer: str, depth: int) -> tuple[list[Any], int]:
        out: list[Any] = []
        i = self.skip(i)
        if self.text.startswith("]", i):
            return out, i + 1
        while True:
            item, i = self.value(i, child_pointer(pointer, len(out)), depth + 1)
            out.append(item)
            i = self.skip(i)
            if self.text.startswith(",", i):
                i = self.skip(i + 1)
                continue
            if self.text.startswith("]", i):
                return out, i + 1
            raise JsonSyntaxError("expected `,` or `]`", i)


def parse_json(text: str, file: str) -> JsonSource:
    """Parse JSON text; raises `JsonSyntaxError` (with an offset) when it is not JSON."""
    source = JsonSource(file, text)
    reader = _Reader(source)
    start = reader.skip(0)
    source.data, end = reader.value(start, "", 0)
    end = reader.skip(end)
    if end != len(text):
        raise JsonSyntaxError("extra data after the JSON value", end)
    return source
