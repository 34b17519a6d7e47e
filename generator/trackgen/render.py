"""One Jinja environment for every target, and the literal escapers per language.

Templates only lay out text: identifiers, type strings and escaped literals arrive
ready-made from the target, so no plan string reaches generated code unescaped.
"""

from __future__ import annotations

import importlib
import os
from functools import cache
from typing import Any

import jinja2

LINE_LENGTH = 88
"""black's default; the Python target lays out code that black leaves unchanged."""


def indented(lines: list[str], indent: int) -> str:
    """A non-empty list of lines as one block, each indented by `indent` spaces unless it is
    blank, without a newline after the last: the same text as a template loop writing
    `{{ line }}` per line, in one filter call instead of a loop step per line (a method
    body of a big plan has tens of thousands)."""
    assert lines, "an empty block would leave a blank line where a loop writes nothing"
    pad = " " * indent
    return "\n".join([pad + line if line else "" for line in lines])


_DICT_ATTRIBUTES = frozenset(dir(dict))


class _Environment(jinja2.Environment):
    """Jinja's environment, with one shortcut: `event.body` on a plain dict.

    The targets hand their templates dicts, and Jinja's `getattr` tries the attribute
    first, so each such lookup raised and caught an AttributeError before reading the item
    (thousands per big plan). A key that is not a dict attribute is read as an item
    straight away, which is what Jinja ends up doing; anything else goes to Jinja."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)


@cache
def environment() -> jinja2.Environment:
    # The templates are files of the package `trackgen.templates`, in a folder on disk as
    # the FileSystemLoader needs: found through the package's __file__ rather than
    # importlib.resources, which would import its readers and zipfile on every build.
    templates = importlib.import_module("trackgen.templates")
    env = _Environment(
        loader=jinja2.FileSystemLoader(os.path.dirname(str(templates.__file__))),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters["indented"] = indented
    return env


def render(template: str, **context: object) -> str:
    return environment().get_template(template).render(**context)


def _escape_body(text: str, quote: str, ascii_only: bool = False) -> str:
    out: list[str] = []
    for ch in text:
        if ch == "\\":
            out.append("\\\\")
        elif ch == quote:
            out.append("\\" + quote)
        elif ch.isascii() and ch.isprintable():
            out.append(ch)
        elif ch.isascii() or not (ascii_only or ch.isprintable()):
            out.append(repr(ch)[1:-1])  # control characters, bidi marks: visible escapes, never raw
        else:
            out.append(_hex_escape(ch) if ascii_only else ch)
    return "".join(out)


def _hex_escape(ch: str) -> str:
    code = ord(ch)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


@cache
def py_str(text: str) -> str:
    """A Python string literal black leaves as is: double quotes unless single need fewer escapes.

    Only ASCII: black measures a line by the display width of its characters, from a
    Unicode table that changes with black's version (a CJK character or an emoji counts
    two columns, some marks zero), so code that must fit 88 columns is pure ASCII, where
    width is length for every black. It also keeps look-alike and bidi characters out of
    the code ("Trojan Source"); docstrings keep readable text.
    """
    if text.isascii() and text.isprintable() and '"' not in text and "\\" not in text:
        return f'"{text}"'  # the common case, without the per-character walk
    double = _escape_body(text, '"', ascii_only=True)
    single = _escape_body(text, "'", ascii_only=True)
    if double.count("\\") <= single.count("\\"):
        return f'"{double}"'
    return f"'{single}'"


def py_number(value: int | float) -> str:
    """A number literal in black's normal form: repr, without the `+` of an exponent
    (black writes `1e300`, Python's repr `1e+300`)."""
    return repr(value).replace("e+", "e")


def py_doc_lines(text: str) -> list[str]:
    """Description text made safe for a docstring body: no quotes that close it, no escapes that fire."""
    lines: list[str] = []
    for raw in text.expandtabs(4).splitlines():
        if raw.isascii() and raw.isprintable() and "\\" not in raw:
            line = raw  # the common case, without the per-character walk
        else:
            line = _escape_body(raw, "")
        line = line.replace('"""', '\\"\\"\\"').strip()
        lines.append(line)
    return tidy_paragraphs(lines)


def tidy_paragraphs(lines: list[str]) -> list[str]:
    """Comment and docstring lines without blank lines at either end or two in a row, so a
    description laid out in any target reads the same."""
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    collapsed: list[str] = []
    for line in lines:
        if line or (collapsed and collapsed[-1]):
            collapsed.append(line)
    return collapsed
