"""A small, deterministic YAML writer for plan files, with quoting that never lets YAML misread.

`yaml.safe_dump` sorts or keeps keys, but it cannot lay out a plan the way people write
one (flow style for short properties, blank lines between events, comments), and its
quoting choices change between PyYAML versions. This writer handles only what a plan
holds: mappings, lists, strings, numbers, booleans and null, plus comments.

Quoting: a string is written plain only when PyYAML's own resolver reads it back as the
same string (so `yes`, `off`, `1e3`, `2024-01-01`, `null`, `~` and `<<` get quotes) and
it has no character YAML treats specially where it stands; everything else is written
double-quoted with escapes for anything unprintable. `dump()` checks its own output by
reading it back with PyYAML and comparing, so a quoting bug can never write a plan that
means something else.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

WIDTH = 120
"""Flow-style mappings and lists that would run past this column are written as blocks."""

_RESOLVER = yaml.resolver.Resolver()
_STR_TAG = "tag:yaml.org,2002:str"
_INDICATORS = "-?:,[]{}#&*!|>'\"%@`"
_FLOW_SPECIAL = ",[]{}:?"
_OTHER_READINGS = re.compile(
    r"[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?|0o[0-7]+|0x[0-9a-fA-F]+"
    r"|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)|[yYnN]"
)
"""Strings YAML 1.2 or the YAML 1.1 spec read as numbers or booleans though PyYAML does not
(`1e3`, `0o17`, `y`): quoted too, so other tools read the plan the same way."""


class FlowMap(dict[str, Any]):
    """A mapping written on one line (`{type: string, required: true}`) when it fits."""


class Spaced(dict[str, Any]):
    """A mapping whose entries are separated by blank lines (events, named types)."""


class Comment:
    """A comment line (or lines) in a mapping, used as a key; its value is ignored."""

    __slots__ = ("lines",)

    def __init__(self, text: str) -> None:
        self.lines = tuple(text.splitlines() or [""])


def _printable(ch: str) -> bool:
    code = ord(ch)
    if 0x20 <= code <= 0x7E:
        return True
    if code < 0xA0 or code in (0x2028, 0x2029, 0xFEFF, 0xFFFE, 0xFFFF) or 0xD800 <= code <= 0xDFFF:
        return False
    return ch.isprintable()


def plain_ok(text: str, flow: bool) -> bool:
    """Can `text` be written without quotes and still read back as the same string?"""
    if not text or text != text.strip() or text[0] in _INDICATORS:
        return False
    if text.startswith(("---", "...")) or ": " in text or " #" in text or text.endswith(":"):
        return False
    if flow and any(ch in _FLOW_SPECIAL for ch in text):
        return False
    if not all(_printable(ch) for ch in text) or _OTHER_READINGS.fullmatch(text):
        return False
    return bool(_RESOLVER.resolve(yaml.ScalarNode, text, (True, False)) == _STR_TAG)  # type: ignore[no-untyped-call]


def double_quoted(text: str) -> str:
    out = ['"']
    for ch in text:
        code = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif _printable(ch):
            out.append(ch)
        elif code <= 0xFF:
            out.append(f"\\x{code:02x}")
        elif code <= 0xFFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    out.append('"')
    return "".join(out)


def yaml_float(value: float) -> str:
    """A float in the form YAML 1.1 resolves as a float (`1.0e+16`, not `1e16`)."""
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError("plans hold finite numbers only")
    text = repr(value)
    if "e" in text:
        mantissa, exponent = text.split("e")
        if "." not in mantissa:
            mantissa += ".0"
        if exponent[0] not in "+-":
            exponent = "+" + exponent
        return f"{mantissa}e{exponent}"
    return text if "." in text else text + ".0"


def scalar(value: Any, flow: bool) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return yaml_float(value)
    if isinstance(value, str):
        return value if plain_ok(value, flow) else double_quoted(value)
    raise TypeError(f"cannot write {type(value).__name__} to a plan")


def _literal_ok(text: str) -> bool:
    """A multi-line string that reads back exactly from a `|-` block."""
    lines = text.split("\n")
    return (
        len(lines) > 1
        and not text.endswith("\n")
        and not lines[0].startswith(" ")
        and all(line == line.rstrip() for line in lines)
        and all(_printable(ch) for ch in text.replace("\n", ""))
    )


def _is_scalar(value: Any) -> bool:
    return value is None or isinstance(value, (str, int, float, bool))


def _flow(value: Any) -> str | None:
    """The one-line flow form of a value, or None when it has no safe one."""
    if _is_scalar(value):
        if isinstance(value, str) and "\n" in value:
            return None
        return scalar(value, flow=True)
    if isinstance(value, list):
        items = [_flow(item) for item in value]
        return None if any(i is None for i in items) else "[" + ", ".join(items) + "]"  # type: ignore[arg-type]
    if isinstance(value, dict):
        parts: list[str] = []
        for key, item in value.items():
            text = _flow(item)
            if isinstance(key, Comment) or text is None:
                return None
            parts.append(f"{scalar(key, flow=True)}: {text}")
        return "{" + ", ".join(parts) + "}"
    raise TypeError(f"cannot write {type(value).__name__} to a plan")


class _Writer:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def blank(self) -> None:
        if self.lines and self.lines[-1] != "":
            self.lines.append("")

    def mapping(self, node: dict[Any, Any], indent: int) -> None:
        pad = " " * indent
        spaced = isinstance(node, Spaced)
        for index, (key, value) in enumerate(node.items()):
            if spaced and index:
                self.blank()
            if isinstance(key, Comment):
                self.lines.extend(f"{pad}# {line}".rstrip() for line in key.lines)
                continue
            self.entry(pad + scalar(key, flow=False) + ":", value, indent)

    def entry(self, head: str, value: Any, indent: int) -> None:
        pad = " " * indent
        if isinstance(value, Spaced) and value and indent == 0:
            self.blank()
        if isinstance(value, str) and "\n" in value and _literal_ok(value):
            self.lines.append(head + " |-")
            self.lines.extend((pad + "  " + line) if line else "" for line in value.split("\n"))
            return
        if _is_scalar(value):
            self.lines.append(f"{head} {scalar(value, flow=False)}")
            return
        if not value:
            self.lines.append(head + (" []" if isinstance(value, list) else " {}"))
            return
        if isinstance(value, list) or isinstance(value, FlowMap):
            flow = _flow(value)
            if flow is not None and len(head) + 1 + len(flow) <= WIDTH:
                self.lines.append(f"{head} {flow}")
                return
        self.lines.append(head)
        if isinstance(value, list):
            for item in value:
                if _is_scalar(item):
                    self.entry(pad + "  -", item, indent + 2)
                else:
                    self.list_item(item, indent + 2)
        else:
            self.mapping(value, indent + 2)

    def list_item(self, item: Any, indent: int) -> None:
        flow = _flow(item)
        if flow is None:
            raise TypeError("plans hold lists of scalars, mappings and lists only in flow form")
        self.lines.append(" " * indent + "- " + flow)


def same_data(read: Any, written: Any) -> bool:
    """Equal values of equal types all the way down (so `1` never passes for `True`)."""
    if isinstance(written, dict):
        entries = [(k, v) for k, v in written.items() if not isinstance(k, Comment)]
        return (
            type(read) is dict
            and list(read) == [k for k, _ in entries]
            and all(same_data(read[k], v) for k, v in entries)
        )
    if isinstance(written, list):
        return type(read) is list and len(read) == len(written) and all(map(same_data, read, written))
    return type(read) is type(written) and read == written


def dump(document: dict[Any, Any], header: list[str] | None = None) -> str:
    """The YAML text of `document` (a mapping), preceded by `# ` header comment lines."""
    writer = _Writer()
    for line in header or []:
        writer.lines.append(f"# {line}".rstrip())
    writer.mapping(document, 0)
    if not any(not isinstance(key, Comment) for key in document):
        writer.lines.append("{}")
    text = "\n".join(writer.lines) + "\n"
    if not same_data(yaml.load(text, Loader=yaml.SafeLoader), document):
        raise AssertionError("the YAML writer produced text that reads back differently")
    return text
